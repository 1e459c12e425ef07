// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "editor/jobchannel.h"
#include "engine/compiledset.h"
#include "engine/session.h"
#include "engine/turnresult.h"
#include "tracer/conversation.h"

#include <QObject>
#include <QString>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

class QThreadPool;

namespace llmcl::app {

// Where a clause breakpoint is: the clause that begins on `line` (1-based) of `file` (the path
// as the contracts were compiled with it, ClauseVerdict::file).
struct ClauseLocation
{
    std::string file;
    std::uint32_t line = 0;
};

// One conversation of a stored run as the run recorded it (tracer::RunReader): its turns' results
// and what settled at its end, shown by the stepper instead of an evaluation.
struct StoredConversation
{
    qint64 run = -1; // the run's id
    QString runName; // how the Studio names the run ("run 12", or its label)
    std::shared_ptr<const tracer::Conversation> conversation;
    std::vector<engine::TurnResult> turns; // by turn; fewer than the conversation's when the run
                                           // stopped before its end
    engine::ConversationEnd end;
    bool ended = false; // whether the run reached the conversation's end
};

// Steps through one captured conversation, turn by turn, against a compiled contract set.
//
// The steps are the conversation's turns (0 … turnCount()-1) followed by one more, the
// conversation's end, where pending temporal clauses and the session and global ensure_prob
// windows settle. The whole conversation is evaluated at once in the background (an engine
// Session with ProbabilisticWindows, as `llmcl replay` evaluates a conversation, with tracing
// on) and cached, so moving between steps is instant. Changing the contracts or the
// conversation starts a new generation; results of an older one are dropped. Navigation asked
// for before the results are in (runToBreakpoint(), runToTurn()) happens when they arrive.
//
// The conversation is evaluated alone: `window_size: N` windows start empty at its first turn
// rather than carrying the results of the conversations before it in the file.
//
// Or the stepper shows what a stored run recorded for a conversation (showStored()): nothing
// is evaluated then, changing the contracts keeps the stored results, and choosing a
// conversation (setConversation()) or evaluateWithContracts() returns to evaluating.
//
// Evaluation runs on the stepper's own pool of one thread. Destroying the stepper drops a
// running evaluation (it stops at its next turn). GUI thread only.
class ConversationStepper : public QObject
{
    Q_OBJECT

public:
    explicit ConversationStepper(QObject *parent = nullptr);
    ~ConversationStepper() override;

    // The contracts to evaluate with; null clears the results.
    void setContracts(std::shared_ptr<const engine::CompiledSet> set);
    const std::shared_ptr<const engine::CompiledSet> &contracts() const { return m_set; }
    // The conversation to step through (null: none). The current step goes to the first turn.
    void setConversation(std::shared_ptr<const tracer::Conversation> conversation);
    const std::shared_ptr<const tracer::Conversation> &conversation() const
    {
        return m_conversation;
    }

    // Shows the results `stored` recorded, at step `step` (0-based, clamped), instead of
    // evaluating.
    void showStored(StoredConversation stored, int step);
    // The run whose results are shown; -1 while the stepper evaluates.
    qint64 storedRun() const { return m_storedRun; }
    // That run's name (StoredConversation::runName); whether it reached the conversation's end.
    const QString &storedRunName() const { return m_storedRunName; }
    bool storedRunEnded() const { return m_storedEnded; }
    // Leaves a stored run's results: the conversation is evaluated with the contracts.
    void evaluateWithContracts();

    int turnCount() const;
    // Turns plus the end; 0 without a conversation.
    int stepCount() const;
    bool isEndStep(int step) const { return m_conversation && step == turnCount(); }
    // The current step, 0-based; -1 without a conversation.
    int current() const { return m_current; }

    // Whether the results of the current conversation and contracts are in.
    bool isReady() const { return m_results != nullptr; }
    bool isBusy() const { return m_busy; }
    // Increases with every change of contracts or conversation.
    quint64 generation() const { return m_jobs.generation(); }
    // Evaluations whose results were applied / dropped as stale (for tests).
    int evaluationsApplied() const { return m_applied; }
    int evaluationsDropped() const { return m_dropped; }

    // The result of turn `step`; null for the end step, out of range or before the results.
    const engine::TurnResult *turnResult(int step) const;
    // The same, sharing ownership of the results (for views that keep it after a re-run).
    std::shared_ptr<const engine::TurnResult> sharedTurnResult(int step) const;
    // What settled at the end; null before the results.
    const engine::ConversationEnd *endResult() const;
    // The verdicts of `step`: every clause of every contract in evaluation order for a turn;
    // what settled for the end step.
    std::vector<const engine::ClauseVerdict *> verdicts(int step) const;
    // Whether `verdict`, the verdict of `step`, is at one of `breakpoints` and fails there (a
    // failure or an evaluation error). A temporal clause fails once, at the turn that settled
    // it: it still reports `fail` on the turns after, and at the end, but a breakpoint does not
    // stop there again.
    bool hits(const engine::ClauseVerdict &verdict, int step,
        const std::vector<ClauseLocation> &breakpoints) const;
    // The first step after `from` (the end step included) where a clause at one of
    // `breakpoints` fails; -1 when none does or the results are not in.
    int firstFailure(const std::vector<ClauseLocation> &breakpoints, int from) const;

    void setCurrent(int step);
    void next();
    void previous();
    void first();
    // Goes to turn `turn` (1-based; turnCount() + 1 is the end).
    void runToTurn(int turn);
    // Goes to the first step after the current one where a clause at one of `breakpoints`
    // fails (as a debugger's "continue") and emits breakpointHit(). When this conversation has
    // none, `following` (the conversations after it in the file, in order) are evaluated one
    // after the other on the pool until one has such a failure: the stepper then shows that
    // conversation at that step (conversationChanged(), breakpointHit()). When none has, it
    // stays and emits breakpointNotHit(). Waits for the results when they are not in yet;
    // changing the contracts or the conversation meanwhile abandons the search.
    void runToBreakpoint(std::vector<ClauseLocation> breakpoints,
        std::vector<std::shared_ptr<const tracer::Conversation>> following = {});

Q_SIGNALS:
    // The current step or its results changed.
    void currentChanged(int step);
    // New results are in (for the current conversation and contracts).
    void evaluated();
    void busyChanged(bool busy);
    void breakpointNotHit();
    // runToBreakpoint() stopped at `step`: `verdict` is the index in verdicts(step) of the
    // first clause that fails there at a breakpoint.
    void breakpointHit(int step, int verdict);
    // The stepper moved to another conversation by itself (runToBreakpoint() found the next
    // failure in a following conversation).
    void conversationChanged(std::shared_ptr<const llmcl::tracer::Conversation> conversation);
    // The stepper began or stopped showing a stored run's results (storedRun()).
    void storedRunChanged(qint64 run);

private:
    struct Results;
    struct Found;
    void evaluate();
    void receive(quint64 generation, std::shared_ptr<const Results> results);
    void receiveFound(quint64 generation, std::shared_ptr<const Found> found);
    void searchFollowing(std::vector<ClauseLocation> breakpoints,
        std::vector<std::shared_ptr<const tracer::Conversation>> following);
    void setBusy(bool busy);
    // Evaluates `conversation` alone, as `llmcl replay` does; null when `stale()` says the work
    // is no longer wanted. Any thread.
    static std::shared_ptr<Results> evaluateConversation(
        const std::shared_ptr<const engine::CompiledSet> &set,
        const tracer::Conversation &conversation, const std::function<bool()> &stale);
    // The index in `verdicts` of the first that hits a breakpoint at `step`; -1 when none does.
    static int firstHit(const Results &results, int turns, int step,
        const std::vector<ClauseLocation> &breakpoints);
    static std::vector<const engine::ClauseVerdict *> verdictsOf(
        const Results &results, int turns, int step);
    static bool hitsIn(const Results &results, int turns, const engine::ClauseVerdict &verdict,
        int step, const std::vector<ClauseLocation> &breakpoints);
    void whenReady(std::function<void()> action);
    void leaveStored();

    // Advanced by every change of contracts or conversation. Results are always delivered:
    // receive() counts the stale ones it drops.
    editor::JobChannel<ConversationStepper> m_jobs {this};
    QThreadPool *m_pool;
    std::shared_ptr<const engine::CompiledSet> m_set;
    std::shared_ptr<const tracer::Conversation> m_conversation;
    std::shared_ptr<const Results> m_results;
    qint64 m_storedRun = -1; // the stored run shown; -1 while evaluating
    QString m_storedRunName;
    bool m_storedEnded = false;
    std::function<void()> m_pending;
    int m_current = -1;
    int m_applied = 0;
    int m_dropped = 0;
    bool m_busy = false;
};

} // namespace llmcl::app
