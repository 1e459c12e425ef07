// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/sessionloader.h"
#include "tracer/conversation.h"
#include "tracer/sessionreader.h"

#include <QDockWidget>
#include <QStringList>

#include <memory>
#include <vector>

class QAction;
class QLabel;
class QProgressBar;
class QToolButton;
class QTreeView;

namespace llmcl::app {

class ConversationsModel;
class TurnsModel;

// The "Sessions" dock: opens a captured-sessions file (SessionLoader: on a thread, with a
// cancellable progress bar), lists its conversations and, below, the turns of the chosen one.
// Lines of the file that are not conversations are counted in the dock ("3 lines skipped"), and
// the list of them (line, byte, reason) opens from there or from showProblems().
//
// Choosing a conversation emits conversationChosen() (the stepper follows it); choosing a turn
// emits turnChosen() with the texts and the context JSON the engine would see (the live
// evaluation panel takes them) and turnSelected(). Context keys met in the file are announced
// with contextKeysChanged() (for completion). GUI thread only.
class SessionsDock : public QDockWidget
{
    Q_OBJECT

public:
    explicit SessionsDock(QWidget *parent = nullptr);
    ~SessionsDock() override;

    // Starts loading `path` (replacing what is shown; a load in progress is cancelled).
    void openSessions(const QString &path);
    // Asks for a file and opens it.
    void openSessionsDialog();
    void cancelLoading();
    // Opens the list of skipped lines (a non-modal dialog).
    void showProblems();

    SessionLoader *loader() const { return m_loader; }
    ConversationsModel *conversationsModel() const { return m_conversations; }
    TurnsModel *turnsModel() const { return m_turns; }
    QTreeView *conversationsView() const { return m_conversationsView; }
    QTreeView *turnsView() const { return m_turnsView; }
    QProgressBar *progressBar() const { return m_progress; }
    QLabel *summaryLabel() const { return m_summary; }
    QToolButton *problemsButton() const { return m_problemsButton; }
    const std::vector<tracer::SessionProblem> &problems() const { return m_problems; }
    // Every context and metadata key of the loaded file, sorted.
    QStringList contextKeys() const { return m_contextKeys; }
    QString sessionsPath() const { return m_path; }
    // The conversation whose turns are shown (null: none).
    std::shared_ptr<const tracer::Conversation> currentConversation() const;

    QAction *openAction() const { return m_openAction; }
    QAction *cancelAction() const { return m_cancelAction; }
    QAction *problemsAction() const { return m_problemsAction; }

    // Makes `row` of the conversations list current (and chosen).
    void chooseConversation(int row);
    // Makes turn `row` (0-based) of the current conversation current (and chosen).
    void chooseTurn(int row);

Q_SIGNALS:
    void conversationChosen(std::shared_ptr<const llmcl::tracer::Conversation> conversation);
    void turnChosen(const QString &content, const QString &response, const QString &contextJson);
    // `row`: 0-based turn of the current conversation.
    void turnSelected(int row);
    void contextKeysChanged(const QStringList &keys);
    // A load finished (completed, cancelled or failed).
    void loadFinished(bool completed);

private:
    void onStarted(const QString &path);
    void onBatch(const SessionLoader::Batch &batch);
    void onFinished(bool completed, const QString &error);
    void updateSummary();

    SessionLoader *m_loader;
    ConversationsModel *m_conversations;
    TurnsModel *m_turns;
    QTreeView *m_conversationsView;
    QTreeView *m_turnsView;
    QProgressBar *m_progress;
    QLabel *m_summary;
    QToolButton *m_problemsButton;
    QToolButton *m_cancelButton;
    QAction *m_openAction;
    QAction *m_cancelAction;
    QAction *m_problemsAction;
    QString m_path;
    QString m_error;
    bool m_completed = false;
    std::vector<tracer::SessionProblem> m_problems;
    QStringList m_contextKeys;
};

} // namespace llmcl::app
