// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/compiledset.h"
#include "engine/turnresult.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace llmcl::engine {

// The windows of a run's ensure_prob clauses (LANGUAGE.md §8). Evaluating a turn records, per
// ensure_prob clause, whether its condition held (ClauseVerdict::window->held) and leaves the
// verdict `pending`; this object turns those results into verdicts, in run order:
//
// - window_size N: the last N results across all conversations of the run; `pending` until N
//   results exist, then `fail` on every turn where the success rate is below p (a rate equal
//   to p passes), `pass` otherwise;
// - session: the current conversation; `pending` on each turn, settled by endConversation();
// - global: every result of the run; `pending`, settled by endRun().
//
// Feed it in input order (conversation by conversation, turn by turn) whatever the order the
// turns were evaluated in: that is what makes results independent of the number of threads.
// Memory: N booleans per N-window clause. Not thread-safe.
class ProbabilisticWindows
{
public:
    // Which windows an object keeps. A replay keeps them all; callers whose conversations
    // interleave (the Python package's sessions) keep the run's windows (window_size N and
    // global) in one object shared by the conversations, and each conversation's session
    // windows in an object of its own. apply() leaves the clauses outside the scope alone.
    enum class Scope : std::uint8_t
    {
        All,
        Run,
        Conversation,
    };

    explicit ProbabilisticWindows(std::shared_ptr<const CompiledSet> set, Scope scope = Scope::All);
    ~ProbabilisticWindows();

    // Whether no ensure_prob clause of the set is in the scope (apply() then changes nothing).
    bool empty() const noexcept { return m_empty; }

    // Records the turn's ensure_prob results and updates, in `turn`, their status, rate and
    // window size, the violations and the validity.
    void apply(TurnResult &turn);

    // The conversation ended: the verdicts of the session windows (pass or fail, with the
    // rate); the windows restart for the next conversation.
    std::vector<ClauseVerdict> endConversation();

    // The run ended: the verdicts of the global windows.
    std::vector<ClauseVerdict> endRun();

private:
    struct State;
    std::vector<ClauseVerdict> settle(std::int64_t size);

    std::shared_ptr<const CompiledSet> m_set;
    std::vector<State> m_states; // per clause of the set (empty for other kinds)
    bool m_empty = true;
};

// A violation record for a failing (or erroring) verdict.
Violation violationOf(const ClauseVerdict &verdict);

// Recomputes TurnResult::valid and each ContractResult::valid from the violations (only
// critical and error severities invalidate).
void updateValidity(TurnResult &result);

} // namespace llmcl::engine
