// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/recoverystore.h"

#include <QDialog>
#include <QList>

class QPushButton;
class QTreeWidget;

namespace llmcl::app {

// Offers the buffers of a session that ended without closing cleanly: one checkable row per
// buffer (name, original file, when it was written), all checked at first. "Restore" reopens
// the checked buffers as modified buffers, "Discard" deletes their entries, "Decide Later"
// keeps everything for the next start. The dialog only reports the choice (choice(),
// selectedBuffers()); the window does the restoring. GUI thread only.
class RecoveryDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Choice
    {
        Later,
        Restore,
        Discard
    };

    explicit RecoveryDialog(const QList<RecoveredBuffer> &buffers, QWidget *parent = nullptr);

    Choice choice() const { return m_choice; }
    QList<RecoveredBuffer> buffers() const { return m_buffers; }
    QList<RecoveredBuffer> selectedBuffers() const;

    QTreeWidget *list() const { return m_list; }
    QPushButton *restoreButton() const { return m_restore; }
    QPushButton *discardButton() const { return m_discard; }

private:
    void finish(Choice choice);
    void updateButtons();

    QList<RecoveredBuffer> m_buffers;
    QTreeWidget *m_list;
    QPushButton *m_restore;
    QPushButton *m_discard;
    Choice m_choice = Choice::Later;
};

} // namespace llmcl::app
