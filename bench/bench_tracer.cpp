// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The workspace database (issue 5): importing sessions (bytes of JSON Lines per second on one
// core, target 100 MB/s), the per-clause percentile query of a 1,000,000-turn run (target
// 200 ms) and `llmcl diff` of two 100,000-turn runs (target 2 s). The runs are synthetic (50
// clauses a turn, statuses and durations varying by turn) and written once per process through
// RunWriter into a database in the temporary folder, removed at exit.
#include "engine/turnresult.h"
#include "tracer/replaytotals.h"
#include "tracer/rundiff.h"
#include "tracer/runreader.h"
#include "tracer/runwriter.h"
#include "tracer/sessionreader.h"
#include "tracer/workspacedb.h"

#include <benchmark/benchmark.h>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <system_error>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using namespace llmcl;

fs::path temporary(const std::string &name)
{
    return fs::temp_directory_path()
        / ("llmcl-bench-tracer-" + std::to_string(::getpid()) + "-" + name);
}

void removeDatabase(const fs::path &path)
{
    std::error_code ec;
    for (const char *suffix : {"", "-wal", "-shm"})
        fs::remove(path.string() + suffix, ec);
}

// At least `mebibytes` MiB of JSON Lines: the two shared files repeated, each pass's ids made
// distinct so that every conversation is new to the database.
struct ImportFile
{
    fs::path path;
    std::uint64_t bytes = 0;
    bool ok = false;

    explicit ImportFile(std::uint64_t mebibytes)
        : path(temporary("import-" + std::to_string(mebibytes) + ".jsonl"))
    {
        std::string sample;
        for (const char *name : {"sessions-sample.jsonl", "hh-rlhf-harmless-test.jsonl"}) {
            std::ifstream in(
                std::string(LLMCL_SOURCE_DIR "/../shared/data/") + name, std::ios::binary);
            sample.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        }
        if (sample.empty())
            return;
        std::ofstream out(path, std::ios::binary);
        const std::string marker = "{\"id\": \"";
        for (int pass = 0; bytes < (mebibytes << 20); ++pass) {
            std::string copy;
            copy.reserve(sample.size() + 100000);
            std::size_t from = 0;
            for (std::size_t at; (at = sample.find(marker, from)) != std::string::npos;) {
                copy.append(sample, from, at + marker.size() - from);
                copy += 'r' + std::to_string(pass) + '~';
                from = at + marker.size();
            }
            copy.append(sample, from);
            out << copy;
            bytes += copy.size();
        }
        ok = static_cast<bool>(out);
    }
    ~ImportFile()
    {
        std::error_code ec;
        fs::remove(path, ec);
    }
};

void importSessions(benchmark::State &state)
{
    // One file per size, made once and kept until the process ends.
    static std::map<std::int64_t, std::unique_ptr<ImportFile>> files;
    auto &made = files[state.range(0)];
    if (!made)
        made = std::make_unique<ImportFile>(static_cast<std::uint64_t>(state.range(0)));
    const ImportFile &file = *made;
    if (!file.ok) {
        state.SkipWithError("cannot write the session file (is ../shared/data there?)");
        return;
    }
    const fs::path db = temporary("import.db");
    std::uint64_t imported = 0;
    for (auto _ : state) {
        state.PauseTiming();
        removeDatabase(db);
        auto opened = tracer::WorkspaceDatabase::open(db.string());
        auto reader = tracer::SessionReader::open(file.path.string());
        if (!opened || !reader) {
            state.SkipWithError("cannot open the database or the sessions");
            return;
        }
        state.ResumeTiming();
        auto stats = opened.value().importSessions(reader.value(), file.path.string());
        if (!stats) {
            state.SkipWithError(stats.error().message.c_str());
            return;
        }
        imported = stats.value().imported;
    }
    removeDatabase(db);
    state.SetBytesProcessed(std::int64_t(state.iterations() * file.bytes));
    state.counters["conversations"] = double(imported);
}
// 64 MiB: 68,616 conversations; 512 MiB: about 550,000, whose index no longer fits the cache.
BENCHMARK(importSessions)
    ->ArgName("MiB")
    ->Arg(64)
    ->Arg(512)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

constexpr int kClauses = 50;

// A synthetic turn: 5 contracts of 10 clauses; clause c fails on turns where (turn + c +
// variant) % 7 == 0, durations vary over two orders of magnitude.
engine::TurnResult syntheticTurn(std::int64_t turn, int variant)
{
    static engine::TurnResult result = [] {
        engine::TurnResult r;
        for (int contract = 0; contract < 5; ++contract) {
            engine::ContractResult c;
            c.name = "Contract" + std::to_string(contract);
            c.priority = "medium";
            for (int i = 1; i <= kClauses / 5; ++i) {
                c.clauses.push_back(
                    engine::ClauseVerdict::of({.id = c.name + "#" + std::to_string(i),
                        .contract = c.name,
                        .file = "bench.llmcl"}));
            }
            r.contracts.push_back(std::move(c));
        }
        return r;
    }();
    result.valid = true;
    int c = 0;
    for (engine::ContractResult &contract : result.contracts)
        for (engine::ClauseVerdict &v : contract.clauses) {
            const bool fails = (turn + c + variant) % 7 == 0;
            v.status = fails ? engine::ClauseStatus::Fail : engine::ClauseStatus::Pass;
            v.message = fails ? "failed" : "";
            v.durationNs = 100 + (turn * 37 + c * 101) % 9900;
            result.valid = result.valid && !fails;
            ++c;
        }
    result.durationNs = 50000;
    return result;
}

// Writes a run of `turns` turns (conversations of 4 turns) and returns its id.
std::int64_t writeRun(tracer::WorkspaceDatabase &db, std::int64_t turns, int variant)
{
    auto run = db.beginRun({});
    if (!run)
        return 0;
    tracer::ReplayTotals totals;
    {
        tracer::RunWriter writer(db, run.value(), tracer::RunWriterOptions {5000, false});
        for (std::int64_t t = 0; t < turns; ++t) {
            const engine::TurnResult result = syntheticTurn(t, variant);
            const std::string conversation = "c" + std::to_string(t / 4);
            totals.addTurn(result);
            writer.turn(conversation, t % 4 + 1, result);
            if (t % 4 == 3)
                writer.conversationEnd(conversation, {});
        }
        writer.runEnd({});
        if (writer.finish(totals))
            return 0;
    }
    if (db.finishRun(run.value(), tracer::RunStatus::Complete))
        return 0;
    return run.value();
}

struct StoredRuns
{
    fs::path path = temporary("runs.db");
    std::optional<tracer::WorkspaceDatabase> db;
    std::int64_t million = 0; // 1,000,000 turns
    std::int64_t a = 0, b = 0; // 100,000 turns each, different failures
    double writeSeconds = 0;

    StoredRuns()
    {
        removeDatabase(path);
        auto opened = tracer::WorkspaceDatabase::open(path.string());
        if (!opened)
            return;
        db.emplace(std::move(opened.value()));
        a = writeRun(*db, 100000, 0);
        b = writeRun(*db, 100000, 3);
        million = writeRun(*db, 1000000, 0);
    }
    ~StoredRuns()
    {
        db.reset();
        removeDatabase(path);
    }
};

StoredRuns &storedRuns()
{
    static StoredRuns runs;
    return runs;
}

// Opening a stored run and the p50/p90/p95/p99 of one of its clauses.
void clausePercentiles(benchmark::State &state)
{
    StoredRuns &runs = storedRuns();
    if (!runs.db || !runs.million) {
        state.SkipWithError("cannot write the runs");
        return;
    }
    std::int64_t p99 = 0;
    for (auto _ : state) {
        auto reader = tracer::RunReader::open(*runs.db, runs.million);
        if (!reader) {
            state.SkipWithError(reader.error().message.c_str());
            return;
        }
        auto histogram = reader.value().clauseLatency("Contract2#5");
        if (!histogram) {
            state.SkipWithError(histogram.error().message.c_str());
            return;
        }
        for (const double q : {0.5, 0.9, 0.95})
            benchmark::DoNotOptimize(histogram.value().quantile(q));
        p99 = histogram.value().quantile(0.99);
    }
    state.counters["p99_ns"] = double(p99);
}
BENCHMARK(clausePercentiles)->Unit(benchmark::kMillisecond);

void diffRuns(benchmark::State &state)
{
    StoredRuns &runs = storedRuns();
    if (!runs.db || !runs.a || !runs.b) {
        state.SkipWithError("cannot write the runs");
        return;
    }
    std::uint64_t changes = 0;
    for (auto _ : state) {
        auto diff = tracer::diffRuns(*runs.db, runs.a, runs.b);
        if (!diff) {
            state.SkipWithError(diff.error().message.c_str());
            return;
        }
        changes = 0;
        for (const tracer::ClauseDiff &clause : diff.value().clauses)
            changes += clause.newFailures + clause.newPasses;
    }
    state.counters["changes"] = double(changes);
}
BENCHMARK(diffRuns)->Unit(benchmark::kMillisecond)->Iterations(3);

} // namespace
