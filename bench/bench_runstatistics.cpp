// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The run dashboards (issue 12): RunStatistics on a synthetic 1,000,000-turn run (100,000
// conversations of 10 turns, 30 clauses) written once per process through RunWriter. Targets:
// the dashboards (open + overview and the other in-memory answers) in 1 s, the first page of a
// drill-down in 200 ms; from the summary tables (a finished run) and by scanning run_turns (the
// same run with its summary rows deleted).
#include "tracer/runstatistics.h"

#include <benchmark/benchmark.h>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <system_error>
#include <unistd.h>

#include "bench/millionrun.h"

namespace {

using namespace llmcl;
using bench::MillionRun;

MillionRun &millionRun()
{
    static MillionRun run;
    return run;
}

// Opening the statistics and reading every in-memory dashboard answer.
void dashboards(benchmark::State &state, bool scan)
{
    MillionRun &m = millionRun();
    if (!m.db || !m.run || (scan && !m.dropSummary())) {
        state.SkipWithError("cannot write the run");
        return;
    }
    for (auto _ : state) {
        auto stats = tracer::RunStatistics::open(*m.db, m.run);
        if (!stats) {
            state.SkipWithError(stats.error().message.c_str());
            return;
        }
        std::size_t answers = stats.value().turnLatencyBuckets().size()
            + stats.value().contractTime().size() + stats.value().clauseCounts().size()
            + stats.value().failuresByTurn().size() + stats.value().topMessages(20).size();
        auto fixes = stats.value().fixes();
        auto conflicts = stats.value().conflicts();
        answers += fixes.ok() && conflicts.ok() ? 1 : 0;
        std::int64_t p95 = stats.value().overview().turnLatency.p95;
        benchmark::DoNotOptimize(answers);
        benchmark::DoNotOptimize(p95);
    }
    state.counters["write_s"] = m.writeSeconds;
    state.counters["write_turns_per_s"] = double(bench::kTurns) / m.writeSeconds;
}

// The first 100 rows behind a bar, the statistics already open (what a click costs).
void firstPage(benchmark::State &state, bool scan, int kind)
{
    MillionRun &m = millionRun();
    if (!m.db || !m.run || (scan && !m.dropSummary())) {
        state.SkipWithError("cannot write the run");
        return;
    }
    auto stats = tracer::RunStatistics::open(*m.db, m.run);
    if (!stats) {
        state.SkipWithError(stats.error().message.c_str());
        return;
    }
    std::size_t rows = 0;
    for (auto _ : state) {
        engine::Result<tracer::TurnPage> page = engine::Error {"unknown"};
        switch (kind) {
        case 0: // a failures-by-turn bar of one clause
            page = stats.value().failingTurnsAt(5, std::size_t(7), {}, 100);
            break;
        case 1: // the failures-by-turn bar of all clauses
            page = stats.value().failingTurnsAt(5, std::nullopt, {}, 100);
            break;
        case 2: // a clause's failures
            page = stats.value().turnsWithStatus(7, engine::ClauseStatus::Fail, {}, 100);
            break;
        case 3: // a message of the top list (the rarest kind: one turn number)
            page = stats.value().turnsWithMessage(7, "response too long at turn 3", {}, 100);
            break;
        default: // a clause's passes (most turns: read in run order)
            page = stats.value().turnsWithStatus(7, engine::ClauseStatus::Pass, {}, 100);
            break;
        }
        if (!page) {
            state.SkipWithError(page.error().message.c_str());
            return;
        }
        rows = page.value().rows.size();
    }
    state.counters["rows"] = double(rows);
}

BENCHMARK_CAPTURE(dashboards, summary, false)->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK_CAPTURE(firstPage, summary_turn_clause, false, 0)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(firstPage, summary_turn_all, false, 1)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(firstPage, summary_status_fail, false, 2)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(firstPage, summary_message, false, 3)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(firstPage, summary_status_pass, false, 4)->Unit(benchmark::kMillisecond);
// Registered last: they delete the summary rows.
BENCHMARK_CAPTURE(dashboards, scan, true)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK_CAPTURE(firstPage, scan_turn_clause, true, 0)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(firstPage, scan_turn_all, true, 1)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(firstPage, scan_status_fail, true, 2)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(firstPage, scan_message, true, 3)->Unit(benchmark::kMillisecond);

} // namespace
