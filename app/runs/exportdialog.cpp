// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/runs/exportdialog.h"

#include "app/filedialogs.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QToolButton>

namespace llmcl::app {

namespace {

QString extension(tracer::ExportFormat format)
{
    switch (format) {
    case tracer::ExportFormat::Llmcl:
        return QStringLiteral(".trace.json");
    case tracer::ExportFormat::Chrome:
        return QStringLiteral(".chrome.json");
    case tracer::ExportFormat::Otlp:
        return QStringLiteral(".otlp.json");
    case tracer::ExportFormat::Prometheus:
        return QStringLiteral(".prom");
    }
    return QStringLiteral(".json");
}

} // namespace

ExportDialog::ExportDialog(QWidget *parent)
    : QDialog(parent)
    , m_format(new QComboBox(this))
    , m_redact(new QCheckBox(
          tr("Redact personal data (e-mail addresses, card and social security numbers, …)"), this))
    , m_path(new QLineEdit(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("ExportDialog"));
    setWindowTitle(tr("Export Run"));
    m_format->addItem(tr("LLMCL trace (JSON)"), int(tracer::ExportFormat::Llmcl));
    m_format->addItem(tr("Chrome trace, for Perfetto (JSON)"), int(tracer::ExportFormat::Chrome));
    m_format->addItem(tr("OpenTelemetry OTLP (JSON)"), int(tracer::ExportFormat::Otlp));
    m_format->addItem(tr("Prometheus metrics"), int(tracer::ExportFormat::Prometheus));
    m_path->setMinimumWidth(380);
    auto *browse = new QToolButton(this);
    browse->setText(tr("Browse…"));
    connect(browse, &QToolButton::clicked, this, &ExportDialog::browse);
    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);
    auto *form = new QFormLayout(this);
    form->addRow(tr("&Format:"), m_format);
    form->addRow(QString(), m_redact);
    form->addRow(tr("&File:"), pathRow);
    form->addRow(m_buttons);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Export"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::formatChanged);
    connect(m_path, &QLineEdit::textChanged, this,
        [this] { m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!path().isEmpty()); });
}

QString ExportDialog::suggestedName(qint64 run, tracer::ExportFormat format)
{
    return QStringLiteral("run-%1%2").arg(run).arg(extension(format));
}

void ExportDialog::prepare(qint64 run, const QString &folder)
{
    m_run = run;
    setWindowTitle(tr("Export Run %1").arg(run));
    m_path->setText(QDir(folder).filePath(suggestedName(run, format())));
}

void ExportDialog::formatChanged()
{
    // The name follows the format as long as it is one the dialog suggested.
    const QFileInfo info(path());
    for (tracer::ExportFormat f : {tracer::ExportFormat::Llmcl, tracer::ExportFormat::Chrome,
             tracer::ExportFormat::Otlp, tracer::ExportFormat::Prometheus})
        if (info.fileName() == suggestedName(m_run, f)) {
            m_path->setText(QDir(info.path()).filePath(suggestedName(m_run, format())));
            return;
        }
}

void ExportDialog::browse()
{
    const QString chosen = fileDialogs::saveFileName(this, tr("Export Run"), path());
    if (!chosen.isEmpty())
        m_path->setText(chosen);
}

tracer::ExportFormat ExportDialog::format() const
{
    return tracer::ExportFormat(m_format->currentData().toInt());
}

void ExportDialog::setFormat(tracer::ExportFormat format)
{
    m_format->setCurrentIndex(m_format->findData(int(format)));
}

bool ExportDialog::redactPii() const
{
    return m_redact->isChecked();
}

QString ExportDialog::path() const
{
    return m_path->text().trimmed();
}

void ExportDialog::setPath(const QString &path)
{
    m_path->setText(path);
}

} // namespace llmcl::app
