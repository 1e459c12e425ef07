// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/runs/replaydialog.h"

#include "app/filedialogs.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>
#include <QToolButton>

namespace llmcl::app {

ReplayDialog::ReplayDialog(QWidget *parent)
    : QDialog(parent)
    , m_sessions(new QLineEdit(this))
    , m_contracts(new QLabel(this))
    , m_fix(new QCheckBox(tr("Apply auto-fixes and validate again"), this))
    , m_detail(new QCheckBox(tr("Store verdict details for traces"), this))
    , m_jobs(new QSpinBox(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("ReplayDialog"));
    setWindowTitle(tr("Replay Sessions"));
    m_sessions->setObjectName(QStringLiteral("ReplaySessions"));
    m_sessions->setPlaceholderText(tr("A .jsonl or .jsonl.gz file of captured conversations"));
    m_sessions->setMinimumWidth(360);
    auto *browse = new QToolButton(this);
    browse->setText(tr("Browse…"));
    connect(browse, &QToolButton::clicked, this, &ReplayDialog::browse);
    auto *sessionsRow = new QHBoxLayout;
    sessionsRow->addWidget(m_sessions, 1);
    sessionsRow->addWidget(browse);

    m_contracts->setWordWrap(true);
    m_fix->setChecked(true);
    m_detail->setToolTip(tr("Stores every verdict's explanation, so that traces can be exported "
                            "from the run; the database grows several times larger"));
    m_jobs->setRange(1, 256);
    m_jobs->setValue(std::max(1, QThread::idealThreadCount()));
    m_jobs->setToolTip(tr("Conversations evaluated in parallel; the results do not depend on it"));

    auto *form = new QFormLayout(this);
    form->addRow(tr("&Sessions:"), sessionsRow);
    form->addRow(tr("Contracts:"), m_contracts);
    form->addRow(QString(), m_fix);
    form->addRow(QString(), m_detail);
    form->addRow(tr("&Jobs:"), m_jobs);
    form->addRow(m_buttons);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Replay"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_sessions, &QLineEdit::textChanged, this, &ReplayDialog::validate);
    validate();
}

void ReplayDialog::browse()
{
    const QString path = fileDialogs::openFileName(this, tr("Sessions File"),
        QFileInfo(sessionsPath()).absolutePath(),
        tr("Sessions (*.jsonl *.jsonl.gz);;All files (*)"));
    if (!path.isEmpty())
        setSessionsPath(path);
}

void ReplayDialog::validate()
{
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(QFileInfo(sessionsPath()).isFile());
}

void ReplayDialog::setSessionsPath(const QString &path)
{
    m_sessions->setText(path);
}

QString ReplayDialog::sessionsPath() const
{
    return m_sessions->text().trimmed();
}

void ReplayDialog::setFix(bool fix)
{
    m_fix->setChecked(fix);
}

bool ReplayDialog::fix() const
{
    return m_fix->isChecked();
}

void ReplayDialog::setStoreDetail(bool store)
{
    m_detail->setChecked(store);
}

bool ReplayDialog::storeDetail() const
{
    return m_detail->isChecked();
}

void ReplayDialog::setJobs(int jobs)
{
    m_jobs->setValue(jobs);
}

int ReplayDialog::jobs() const
{
    return m_jobs->value();
}

void ReplayDialog::setContractsDescription(const QString &text)
{
    m_contracts->setText(text);
}

} // namespace llmcl::app
