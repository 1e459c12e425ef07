// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/conversationstepper.h"
#include "app/elidedlabel.h"

#include <QDockWidget>

#include <functional>
#include <vector>

class QAction;
class QLabel;
class QSpinBox;
class QToolBar;
class QToolButton;
class QTreeView;
class QTreeWidget;

namespace llmcl::app {

class ClauseResultsModel;

// The "Conversation Stepper" dock: the current step of a ConversationStepper (which turn, its
// user message and answer), the verdict of every clause there, the open temporal obligations and
// the ensure_prob windows, with actions to step (previous, next, run to a turn, run to the next
// failure of a clause with a breakpoint). The breakpoints come from the provider DebugTools
// sets (the markers in the editors' breakpoint margins). GUI thread only.
class StepperDock : public QDockWidget
{
    Q_OBJECT

public:
    using BreakpointProvider = std::function<std::vector<ClauseLocation>()>;
    // The conversations after the stepper's in the sessions file, in order: where "Run to
    // Clause Breakpoint" goes on looking when the current conversation has no failure left.
    using FollowingProvider =
        std::function<std::vector<std::shared_ptr<const tracer::Conversation>>()>;

    explicit StepperDock(QWidget *parent = nullptr);
    ~StepperDock() override;

    ConversationStepper *stepper() const { return m_stepper; }
    ClauseResultsModel *resultsModel() const { return m_results; }
    QTreeView *resultsView() const { return m_resultsView; }
    QTreeWidget *obligationsView() const { return m_obligations; }
    // The step's position and the turn's texts, elided to the dock's width.
    ElidedLabel *positionLabel() const { return m_position; }
    ElidedLabel *textsLabel() const { return m_texts; }
    QLabel *noteLabel() const { return m_note; }
    // Says whose results are shown when they are a stored run's
    // (ConversationStepper::showStored()).
    QLabel *storedLabel() const { return m_stored; }
    QSpinBox *turnSpinBox() const { return m_turnBox; }
    // The stepping buttons; its overflow ("»") button, drawn in the palette's colours.
    QToolBar *toolBar() const { return m_toolBar; }
    QToolButton *overflowButton() const;

    void setBreakpointProvider(BreakpointProvider provider) { m_breakpoints = std::move(provider); }
    void setFollowingProvider(FollowingProvider provider) { m_following = std::move(provider); }
    // The line beside the stepping buttons ("Evaluating…", why a run to a breakpoint stopped).
    QLabel *statusLabel() const { return m_status; }
    // A line about the contracts, shown above the verdicts (e.g. that they have errors and the
    // results are those of the last version that compiled); empty hides it.
    void setContractsNote(const QString &note);

    // Goes to the next failure of a clause with a breakpoint (the "Run to Clause Breakpoint"
    // action), through the rest of the sessions file; there, the failing clause's row is
    // selected and scrolled to, and clauseActivated() marks it in the editor.
    void runToBreakpoint();

    // The stepping actions, for the Debug menu.
    QList<QAction *> stepActions() const;

protected:
    void changeEvent(QEvent *event) override;

Q_SIGNALS:
    // A verdict row was activated: select its clause in the editor.
    void clauseActivated(const QString &file, int beginOffset, int endOffset);

private:
    void showStep(int step);
    void updateOverflowIcon();
    void updateActions();
    void showStoredRun(qint64 run);
    void showBreakpointHit(int step, int verdict);

    ConversationStepper *m_stepper;
    ClauseResultsModel *m_results;
    QTreeView *m_resultsView;
    QTreeWidget *m_obligations;
    ElidedLabel *m_position;
    ElidedLabel *m_texts;
    QLabel *m_note;
    QLabel *m_stored;
    ElidedLabel *m_status;
    QSpinBox *m_turnBox;
    QToolBar *m_toolBar;
    QAction *m_first;
    QAction *m_previous;
    QAction *m_next;
    QAction *m_runToTurn;
    QAction *m_runToBreakpoint;
    BreakpointProvider m_breakpoints;
    FollowingProvider m_following;
    // The status says why the last run to a breakpoint stopped: cleared by the next step.
    bool m_breakpointNote = false;
};

} // namespace llmcl::app
