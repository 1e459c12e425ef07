// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace llmcl::app {

// Asks what to replay: the sessions file (plain or gzip JSON Lines), auto-fix, whether to store
// verdict details for traces, and how many conversations to evaluate at once. The contracts are
// the workspace's, as the editors have them (unsaved changes included): the dialog says so.
class ReplayDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ReplayDialog(QWidget *parent = nullptr);

    void setSessionsPath(const QString &path);
    QString sessionsPath() const;
    void setFix(bool fix);
    bool fix() const;
    void setStoreDetail(bool store);
    bool storeDetail() const;
    void setJobs(int jobs);
    int jobs() const;
    // "3 contract files (1 with unsaved changes)".
    void setContractsDescription(const QString &text);

    QLineEdit *sessionsEdit() const { return m_sessions; }
    QDialogButtonBox *buttons() const { return m_buttons; }

private:
    void browse();
    void validate();

    QLineEdit *m_sessions;
    QLabel *m_contracts;
    QCheckBox *m_fix;
    QCheckBox *m_detail;
    QSpinBox *m_jobs;
    QDialogButtonBox *m_buttons;
};

} // namespace llmcl::app
