// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/runs/comparedialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QPushButton>

namespace llmcl::app {

CompareDialog::CompareDialog(QWidget *parent)
    : QDialog(parent)
    , m_a(new QComboBox(this))
    , m_b(new QComboBox(this))
{
    setObjectName(QStringLiteral("CompareDialog"));
    setWindowTitle(tr("Compare Runs"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Compare"));
    auto *form = new QFormLayout(this);
    form->addRow(tr("Run &A (before):"), m_a);
    form->addRow(tr("Run &B (after):"), m_b);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

std::pair<qint64, qint64> CompareDialog::defaultPair(
    const std::vector<RunEntry> &runs, qint64 current)
{
    if (runs.size() < 2)
        return {-1, -1};
    std::size_t b = runs.size() - 1;
    for (std::size_t i = 0; i < runs.size(); ++i)
        if (runs[i].listing.summary.id == current)
            b = i;
    if (b == 0)
        b = 1;
    for (std::size_t i = b; i-- > 0;)
        if (runs[i].listing.sessions == runs[b].listing.sessions)
            return {runs[i].listing.summary.id, runs[b].listing.summary.id};
    return {runs[b - 1].listing.summary.id, runs[b].listing.summary.id};
}

void CompareDialog::setRuns(const std::vector<RunEntry> &runs, qint64 a, qint64 b)
{
    m_a->clear();
    m_b->clear();
    for (auto it = runs.rbegin(); it != runs.rend(); ++it) {
        const tracer::RunSummary &run = it->listing.summary;
        QString text = tr("Run %1").arg(run.id);
        if (run.label)
            text += QStringLiteral(" “%1”").arg(QString::fromStdString(*run.label));
        text += QStringLiteral(" · %1 · %2")
                    .arg(QString::fromStdString(run.started),
                        QFileInfo(QString::fromStdString(it->listing.sessions)).fileName());
        m_a->addItem(text, qint64(run.id));
        m_b->addItem(text, qint64(run.id));
    }
    m_a->setCurrentIndex(m_a->findData(a));
    m_b->setCurrentIndex(m_b->findData(b));
}

qint64 CompareDialog::runA() const
{
    return m_a->currentData().toLongLong();
}

qint64 CompareDialog::runB() const
{
    return m_b->currentData().toLongLong();
}

} // namespace llmcl::app
