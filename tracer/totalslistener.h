// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tracer/replay.h"
#include "tracer/replaytotals.h"

namespace llmcl::tracer {

// Counts a replay's results into its totals (the summary object and the latency histograms a
// stored run keeps): the listener beside a RunWriter. Not thread-safe.
class TotalsListener final : public ReplayListener
{
public:
    ReplayTotals totals;

    void turn(const std::string &, std::int64_t, const engine::TurnResult &result) override
    {
        totals.addTurn(result);
    }
    void conversationEnd(const std::string &, const engine::ConversationEnd &end) override
    {
        totals.addEnd(end);
    }
    void runEnd(const std::vector<engine::ClauseVerdict> &settled) override
    {
        totals.addRunEnd(settled);
    }
};

} // namespace llmcl::tracer
