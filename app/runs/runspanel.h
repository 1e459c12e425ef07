// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/runs/replayjob.h"

#include <QWidget>

class QLabel;
class QProgressBar;
class QSortFilterProxyModel;
class QTableView;
class QToolBar;
class QToolButton;

namespace llmcl::app {

class RunsModel;

// The Runs panel: the runs of the workspace database in a sortable table (newest first), a
// message line (the database could not be opened, an action failed, the last replay's broken
// lines), and while the Studio replays, its progress — turns, turns/s, share of the file, time
// left — with a Cancel button. Actions (Replay…, Open, Resume, Discard, …) are RunTools' and
// shown in the panel's tool bar. GUI thread only.
class RunsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit RunsPanel(RunsModel *model, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    QToolBar *toolBar() const { return m_toolBar; }
    QLabel *messageLabel() const { return m_message; }
    QProgressBar *progressBar() const { return m_progress; }
    QLabel *progressLabel() const { return m_progressLabel; }
    QToolButton *cancelButton() const { return m_cancel; }

    // The run of the current row, -1 when none.
    qint64 currentRun() const;
    // Makes run `id` the current row (when listed).
    void selectRun(qint64 id);
    // A message above the table, rich text (links "open:N", "resume:N", "discard:N" are
    // RunTools' to follow; plain text must be escaped); empty hides it.
    void showMessage(const QString &message, bool error);
    // Shows the replay's progress (phase Finished hides it).
    void showReplay(const ReplayReport &report);

Q_SIGNALS:
    void runActivated(qint64 run);
    void cancelRequested();
    void currentRunChanged(qint64 run);

private:
    RunsModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QToolBar *m_toolBar;
    QLabel *m_message;
    QWidget *m_progressRow;
    QProgressBar *m_progress;
    QLabel *m_progressLabel;
    QToolButton *m_cancel;
    QTableView *m_view;
};

} // namespace llmcl::app
