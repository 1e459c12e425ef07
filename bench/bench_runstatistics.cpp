// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The run dashboards (issue 12): RunStatistics on a synthetic 1,000,000-turn run (100,000
// conversations of 10 turns, 30 clauses) written once per process through RunWriter. Targets:
// the dashboards (open + overview and the other in-memory answers) in 1 s, the first page of a
// drill-down in 200 ms; from the summary tables (a finished run) and by scanning run_turns (the
// same run with its summary rows deleted).
#include "engine/turnresult.h"
#include "tracer/replaytotals.h"
#include "tracer/runstatistics.h"
#include "tracer/runwriter.h"
#include "tracer/workspacedb.h"

#include <benchmark/benchmark.h>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <system_error>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using namespace llmcl;

constexpr int kClauses = 30;
constexpr std::int64_t kTurns = 1000000;
constexpr std::int64_t kTurnsPerConversation = 10;

// Clause c fails on about 2 % of the turns (more on later turns), with one of four messages
// (one of them naming the turn, so that messages vary); every 97th turn errs in clause 0.
engine::TurnResult syntheticTurn(std::int64_t index)
{
    static engine::TurnResult result = [] {
        engine::TurnResult r;
        for (int contract = 0; contract < 3; ++contract) {
            engine::ContractResult c;
            c.name = "Contract" + std::to_string(contract);
            c.priority = "medium";
            for (int i = 1; i <= kClauses / 3; ++i) {
                engine::ClauseVerdict v;
                v.id = c.name + "#" + std::to_string(i);
                v.contract = c.name;
                v.file = "bench.llmcl";
                v.severity = engine::ClauseSeverity(i % 4);
                c.clauses.push_back(v);
            }
            r.contracts.push_back(std::move(c));
        }
        return r;
    }();
    const std::int64_t turn = index % kTurnsPerConversation + 1;
    result.valid = true;
    int c = 0;
    for (engine::ContractResult &contract : result.contracts)
        for (engine::ClauseVerdict &v : contract.clauses) {
            const std::uint64_t h = std::uint64_t(index * 2654435761u + c * 40503u) % 1000;
            const bool fails = h < std::uint64_t(10 + turn * 2);
            const bool errs = c == 0 && index % 97 == 0;
            v.status = errs ? engine::ClauseStatus::Error
                : fails     ? engine::ClauseStatus::Fail
                            : engine::ClauseStatus::Pass;
            v.message.clear();
            if (errs)
                v.message = "division by zero";
            else if (fails)
                v.message = h % 4 == 3 ? "response too long at turn " + std::to_string(turn)
                                       : "failed check " + std::to_string(h % 4);
            v.durationNs = 100 + (index * 37 + c * 101) % 9900;
            result.valid = result.valid && !fails && !errs;
            ++c;
        }
    result.durationNs = 20000 + (index * 7919) % 80000;
    return result;
}

struct MillionRun
{
    fs::path path =
        fs::temp_directory_path() / ("llmcl-bench-stats-" + std::to_string(::getpid()) + ".db");
    std::optional<tracer::WorkspaceDatabase> db;
    std::int64_t run = 0;
    double writeSeconds = 0;
    bool scanned = false; // summary rows deleted

    MillionRun()
    {
        remove();
        auto opened = tracer::WorkspaceDatabase::open(path.string());
        if (!opened)
            return;
        db.emplace(std::move(opened.value()));
        auto begun = db->beginRun({});
        if (!begun)
            return;
        const auto start = std::chrono::steady_clock::now();
        tracer::ReplayTotals totals;
        {
            tracer::RunWriter writer(*db, begun.value());
            for (std::int64_t t = 0; t < kTurns; ++t) {
                const engine::TurnResult result = syntheticTurn(t);
                const std::string conversation = "c" + std::to_string(t / kTurnsPerConversation);
                totals.addTurn(result);
                writer.turn(conversation, t % kTurnsPerConversation + 1, result);
                if (t % kTurnsPerConversation == kTurnsPerConversation - 1)
                    writer.conversationEnd(conversation, {});
            }
            writer.runEnd({});
            if (writer.finish(totals))
                return;
        }
        writeSeconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (db->finishRun(begun.value(), tracer::RunStatus::Complete,
                R"({"compile_ns":1000000,"coverage":{"never_evaluated":[],"never_failed":[],)"
                R"("fixes_never_applied":[]}})"))
            return;
        run = begun.value();
    }
    ~MillionRun()
    {
        db.reset();
        remove();
    }
    void remove()
    {
        std::error_code ec;
        for (const char *suffix : {"", "-wal", "-shm"})
            fs::remove(path.string() + suffix, ec);
    }
    // Makes the run look unfinished: the scan path from then on.
    bool dropSummary()
    {
        if (scanned)
            return true;
        for (const char *table : {"run_summaries", "run_turn_latency", "run_turn_positions",
                 "run_clause_summary", "run_failures_by_turn", "run_messages"})
            if (db->connection().exec(std::string("DELETE FROM ") + table))
                return false;
        scanned = true;
        return true;
    }
};

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
    state.counters["write_turns_per_s"] = double(kTurns) / m.writeSeconds;
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
