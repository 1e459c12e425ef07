// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tracer/replaytotals.h"
#include "tracer/tracewriter.h"

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace llmcl::tracer {

// A Prometheus histogram with fixed bucket bounds (kBoundsSeconds), counts per bucket.
struct FixedHistogram
{
    // Upper bounds in seconds, +Inf implied: 1 µs to 10 s.
    static constexpr std::array<double, 15> kBoundsSeconds {1e-6, 2.5e-6, 5e-6, 1e-5, 2.5e-5, 5e-5,
        1e-4, 2.5e-4, 5e-4, 1e-3, 1e-2, 0.1, 1.0, 5.0, 10.0};
    std::array<std::uint64_t, kBoundsSeconds.size()> buckets {}; // not cumulative
    std::uint64_t count = 0;
    std::int64_t sumNs = 0;

    void add(std::int64_t nanoseconds);
};

// Prometheus text exposition (format 0.0.4) of a run's totals (docs/trace-format.md,
// "Metrics"): counters of validations, violations, fixes by outcome and fix conflicts per
// contract and clause (from ReplayTotals), latency histograms per contract and per clause. The
// metrics are written by finish(); memory grows with the number of clauses only.
class PrometheusMetricsWriter : public TraceWriter
{
public:
    using TraceWriter::TraceWriter;

    void beginRun(const RunInfo &run) override;
    void turn(const std::string &conversation, std::int64_t turn,
        const engine::TurnResult &result) override;
    void conversationEnd(
        const std::string &conversation, const engine::ConversationEnd &end) override;
    void runEnd(const std::vector<engine::ClauseVerdict> &settled) override;
    void finish() override;

    const ReplayTotals &totals() const noexcept { return m_totals; }

private:
    ReplayTotals m_totals;
    std::string m_runId;
    std::vector<std::pair<std::string, FixedHistogram>> m_contracts; // first-seen order
    std::map<std::string, FixedHistogram, std::less<>> m_clauses; // "contract/id"
    bool m_finished = false;
};

// `value` escaped for a label value: \ → \\, " → \", newline → \n.
std::string escapeLabelValue(std::string_view value);

} // namespace llmcl::tracer
