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

    void setBreakpointProvider(BreakpointProvider provider) { m_breakpoints = std::move(provider); }
    // A line about the contracts, shown above the verdicts (e.g. that they have errors and the
    // results are those of the last version that compiled); empty hides it.
    void setContractsNote(const QString &note);

    // Goes to the next failure of a clause with a breakpoint (the "Run to Clause Breakpoint"
    // action).
    void runToBreakpoint();

    // The stepping actions, for the Debug menu.
    QList<QAction *> stepActions() const;

Q_SIGNALS:
    // A verdict row was activated: select its clause in the editor.
    void clauseActivated(const QString &file, int beginOffset, int endOffset);

private:
    void showStep(int step);
    void updateActions();
    void showStoredRun(qint64 run);

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
    QAction *m_first;
    QAction *m_previous;
    QAction *m_next;
    QAction *m_runToTurn;
    QAction *m_runToBreakpoint;
    BreakpointProvider m_breakpoints;
};

} // namespace llmcl::app
