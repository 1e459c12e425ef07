// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tracer/runexport.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLineEdit;

namespace llmcl::app {

// Asks how to export a stored run: the format (llmcl, Chrome or OTLP trace, Prometheus
// metrics), whether to redact personal data, and the file, whose suggested name follows the
// format ("run-12.chrome.json") until the user types one of their own.
class ExportDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ExportDialog(QWidget *parent = nullptr);

    // Run `run`, its file suggested in `folder`.
    void prepare(qint64 run, const QString &folder);
    tracer::ExportFormat format() const;
    void setFormat(tracer::ExportFormat format);
    bool redactPii() const;
    QString path() const;
    void setPath(const QString &path);

    // "run-12.chrome.json" and the like.
    static QString suggestedName(qint64 run, tracer::ExportFormat format);

private:
    void formatChanged();
    void browse();

    qint64 m_run = 0;
    QComboBox *m_format;
    QCheckBox *m_redact;
    QLineEdit *m_path;
    QDialogButtonBox *m_buttons;
};

} // namespace llmcl::app
