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
    explicit ProbabilisticWindows(std::shared_ptr<const CompiledSet> set);
    ~ProbabilisticWindows();

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
};

// A violation record for a failing (or erroring) verdict.
Violation violationOf(const ClauseVerdict &verdict);

// Recomputes TurnResult::valid and each ContractResult::valid from the violations (only
// critical and error severities invalidate).
void updateValidity(TurnResult &result);

} // namespace llmcl::engine
