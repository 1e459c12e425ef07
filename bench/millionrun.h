// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A synthetic stored run of 1,000,000 turns (100,000 conversations of 10 turns, 30 clauses in 3
// contracts, about 2–4 % of verdicts failing with one of a few messages, one clause erring
// every 97th turn), written through RunWriter into a temporary workspace database: what the
// dashboard benchmarks (bench_runstatistics.cpp, bench_studio_replay.cpp) read.

#include "engine/turnresult.h"
#include "tracer/replaytotals.h"
#include "tracer/runwriter.h"
#include "tracer/workspacedb.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <unistd.h>

namespace llmcl::bench {

namespace fs = std::filesystem;

inline constexpr int kClauses = 30;
inline constexpr std::int64_t kTurns = 1000000;
inline constexpr std::int64_t kTurnsPerConversation = 10;

// Clause c fails on about 2 % of the turns (more on later turns), with one of four messages
// (one of them naming the turn, so that messages vary); every 97th turn errs in clause 0.
inline engine::TurnResult syntheticTurn(std::int64_t index)
{
    static engine::TurnResult result = [] {
        engine::TurnResult r;
        for (int contract = 0; contract < 3; ++contract) {
            engine::ContractResult c;
            c.name = "Contract" + std::to_string(contract);
            c.priority = "medium";
            for (int i = 1; i <= kClauses / 3; ++i) {
                c.clauses.push_back(
                    engine::ClauseVerdict::of({.id = c.name + "#" + std::to_string(i),
                        .contract = c.name,
                        .severity = engine::ClauseSeverity(i % 4),
                        .file = "bench.llmcl"}));
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

} // namespace llmcl::bench
