// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Speed of conversations (issue 4): tracer::replay() of the reference replay workload — the ten
// contracts (50 clauses) of bench/data/replay/ over the captured conversations of
// ../shared/data/, repeated with distinct ids — and the validation cache: the reference
// contract of bench_engine.cpp on a fixed 2 KB answer, every clause served by the cache after
// warm-up, against the same evaluation without a cache; and the JSON line of each traced turn,
// which `llmcl replay --format json` writes on its one emitting thread.
//
// The cached turn is evaluated by llmclCachedTurn(), a function of its own, so that
// `valgrind --tool=callgrind --toggle-collect='llmclCachedTurn*' llmcl-bench
// --benchmark_filter='evaluateTurnCache/cache:1/trace:0' --benchmark_min_time=1000x` counts
// exactly the measured turns (the warm-up evaluation calls the evaluator directly).
#include "engine/compiledset.h"
#include "engine/diagnostic.h"
#include "engine/evaluator.h"
#include "engine/json.h"
#include "engine/resultjson.h"
#include "engine/validationcache.h"
#include "tracer/replay.h"
#include "tracer/sessionreader.h"

#include <algorithm>
#include <benchmark/benchmark.h>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <unistd.h>
#include <vector>

using namespace llmcl;

// Writes each turn as the JSON line `llmcl replay --format json` prints for it (cli/
// replaycommand.cpp, Printer::turn), with one writer cleared between lines when `reuse`;
// returns the bytes written. Out of line so that callgrind can collect exactly the measured
// serialisation: `--toggle-collect='llmclJsonTurns*'`.
[[gnu::noinline]] std::size_t llmclJsonTurns(
    const std::vector<engine::TurnResult> &turns, engine::JsonWriter &reused, bool reuse)
{
    std::size_t bytes = 0;
    std::int64_t number = 0;
    for (const engine::TurnResult &result : turns) {
        engine::JsonWriter fresh;
        engine::JsonWriter &writer = reuse ? reused : fresh;
        writer.clear();
        writer.beginObject();
        writer.member("conversation", "oasst-en100-0~r0");
        writer.member("turn", ++number);
        writer.member("valid", result.valid);
        writer.key("violations");
        engine::writeViolations(writer, result.violations);
        writer.key("fixes");
        engine::writeFixes(writer, result.fixes);
        writer.key("clauses");
        writer.beginArray();
        for (const engine::ContractResult &contract : result.contracts)
            for (const engine::ClauseVerdict &verdict : contract.clauses)
                engine::writeClauseVerdict(writer, verdict);
        writer.endArray();
        writer.endObject();
        bytes += writer.view().size() + 1; // and the newline
    }
    return bytes;
}

// One evaluation of the cache benchmark's turn: kept out of line so that callgrind can collect
// exactly the measured evaluations (see the file comment).
[[gnu::noinline]] bool llmclCachedTurn(engine::Evaluator &evaluator, const engine::TurnInput &turn,
    const engine::EvalOptions &options, std::int64_t &clauseNs)
{
    const engine::TurnResult result = evaluator.evaluateTurn(turn, options);
    for (const engine::ContractResult &contract : result.contracts)
        for (const engine::ClauseVerdict &verdict : contract.clauses)
            clauseNs += verdict.durationNs;
    return result.valid;
}

namespace {

namespace fs = std::filesystem;

std::string diagnosticsText(const engine::CompileResult &result)
{
    std::string text;
    for (const engine::Diagnostic &diagnostic : result.diagnostics)
        text += engine::formatDiagnosticHeader(diagnostic) + '\n';
    return text;
}

double processCpuSeconds()
{
    timespec now {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return double(now.tv_sec) + double(now.tv_nsec) * 1e-9;
}

// ---------------------------------------------------------------------------------------------
// Replay

// The contracts of bench/data/replay/, compiled together as `llmcl replay bench/data/replay/*`.
struct ReplayContracts
{
    std::shared_ptr<const engine::CompiledSet> set;
    std::string error;

    ReplayContracts()
    {
        engine::CompileRequest request;
        std::error_code ec;
        for (const fs::directory_entry &entry :
            fs::directory_iterator(LLMCL_SOURCE_DIR "/bench/data/replay", ec))
            if (entry.path().extension() == ".llmcl")
                request.files.push_back(entry.path().string());
        std::sort(request.files.begin(), request.files.end());
        const engine::CompileResult compiled = engine::compileContracts(request);
        if (!compiled.set || compiled.hasErrors()) {
            error = "bench/data/replay does not compile:\n" + diagnosticsText(compiled);
            return;
        }
        set = compiled.set;
    }
};

const ReplayContracts &replayContracts()
{
    static const ReplayContracts contracts;
    return contracts;
}

// The two sample files of ../shared/data/ written `passes` times into one JSON Lines file in
// the temporary folder; from the second pass on, each id gets a suffix "~r<pass>" so that every
// conversation is distinct. Removed at exit.
struct ReplayCorpus
{
    static constexpr int kPasses = 2; // 13,322 turns
    fs::path path;
    bool ok = false;

    ReplayCorpus()
    {
        std::string sample;
        for (const char *name : {"sessions-sample.jsonl", "hh-rlhf-harmless-test.jsonl"}) {
            std::ifstream in(
                std::string(LLMCL_SOURCE_DIR "/../shared/data/") + name, std::ios::binary);
            sample.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
            if (!sample.empty() && sample.back() != '\n')
                sample += '\n';
        }
        if (sample.empty())
            return;
        path = fs::temp_directory_path()
            / ("llmcl-bench-replay-" + std::to_string(::getpid()) + ".jsonl");
        std::ofstream out(path, std::ios::binary);
        constexpr std::string_view idPrefix = "{\"id\": \"";
        for (int pass = 0; pass < kPasses; ++pass) {
            const std::string suffix = "~r" + std::to_string(pass);
            for (std::size_t start = 0; start < sample.size();) {
                const std::size_t end = sample.find('\n', start) + 1;
                const std::string_view line(sample.data() + start, end - start);
                const std::size_t quote = line.starts_with(idPrefix)
                    ? line.find('"', idPrefix.size())
                    : std::string_view::npos;
                if (pass == 0 || quote == std::string_view::npos) {
                    out << line;
                } else {
                    out << line.substr(0, quote) << suffix << line.substr(quote);
                }
                start = end;
            }
        }
        ok = static_cast<bool>(out);
    }

    ~ReplayCorpus()
    {
        std::error_code ec;
        fs::remove(path, ec);
    }
};

const ReplayCorpus &replayCorpus()
{
    static const ReplayCorpus corpus;
    return corpus;
}

// Looks at each result as a printer would, without formatting it.
class CountingListener final : public tracer::ReplayListener
{
public:
    void turn(const std::string &, std::int64_t, const engine::TurnResult &result) override
    {
        invalidTurns += result.valid ? 0 : 1;
    }
    void conversationEnd(const std::string &, const engine::ConversationEnd &end) override
    {
        invalidEnds += end.valid ? 0 : 1;
    }
    std::uint64_t invalidTurns = 0;
    std::uint64_t invalidEnds = 0;
};

// Args: trace (explanations, as `--format json` records them), jobs, cache (a fresh
// ValidationCache per run, as `llmcl replay` has).
void replayCorpusRun(benchmark::State &state)
{
    const ReplayContracts &contracts = replayContracts();
    const ReplayCorpus &corpus = replayCorpus();
    if (!contracts.error.empty()) {
        state.SkipWithError(contracts.error.c_str());
        return;
    }
    if (!corpus.ok) {
        state.SkipWithError("cannot write the corpus (is ../shared/data there?)");
        return;
    }
    tracer::ReplayOptions options;
    options.evaluation.trace = state.range(0) != 0;
    options.jobs = int(state.range(1));
    std::uint64_t turns = 0;
    std::uint64_t conversations = 0;
    engine::CacheStats cacheStats;
    const double cpuStart = processCpuSeconds();
    for (auto _ : state) {
        auto reader = tracer::SessionReader::open(corpus.path.string());
        if (!reader) {
            state.SkipWithError(reader.error().message.c_str());
            return;
        }
        engine::ValidationCache cache;
        options.evaluation.cache = state.range(2) ? &cache : nullptr;
        CountingListener listener;
        const auto stats = tracer::replay(contracts.set, reader.value(), options, listener);
        if (!stats || stats.value().problems) {
            state.SkipWithError("the corpus did not replay cleanly");
            return;
        }
        turns += stats.value().turns;
        conversations = stats.value().conversations;
        cacheStats = cache.stats();
        benchmark::DoNotOptimize(listener.invalidTurns);
    }
    const double cpuSeconds = processCpuSeconds() - cpuStart;
    state.counters["turns/s"] = benchmark::Counter(double(turns), benchmark::Counter::kIsRate);
    state.counters["cpu_us/turn"] = turns ? cpuSeconds * 1e6 / double(turns) : 0.0;
    state.counters["turns"] = double(turns) / double(state.iterations());
    state.counters["conversations"] = double(conversations);
    state.counters["clauses"] = double(contracts.set->clauseCount());
    if (state.range(2)) {
        const double lookups = double(cacheStats.hits + cacheStats.misses);
        state.counters["cache_hit_%"] = lookups ? 100.0 * double(cacheStats.hits) / lookups : 0.0;
    }
}
BENCHMARK(replayCorpusRun)
    ->ArgNames({"trace", "jobs", "cache"})
    ->ArgsProduct({{0, 1}, {1, 2}, {0, 1}})
    ->MeasureProcessCPUTime()
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// The traced results of every 13th turn of the corpus (1,025 turns, about 16 KB of JSON each):
// what the emitting thread of `llmcl replay --format json` serialises.
struct TracedTurns
{
    std::vector<engine::TurnResult> turns;
    std::string error;

    TracedTurns()
    {
        const ReplayContracts &contracts = replayContracts();
        const ReplayCorpus &corpus = replayCorpus();
        if (!contracts.error.empty() || !corpus.ok) {
            error = contracts.error.empty() ? "cannot write the corpus" : contracts.error;
            return;
        }
        auto reader = tracer::SessionReader::open(corpus.path.string());
        if (!reader) {
            error = reader.error().message;
            return;
        }
        class Keeper final : public tracer::ReplayListener
        {
        public:
            explicit Keeper(std::vector<engine::TurnResult> &kept)
                : m_kept(kept)
            { }
            void turn(const std::string &, std::int64_t, const engine::TurnResult &result) override
            {
                if (m_seen++ % 13 == 0)
                    m_kept.push_back(result);
            }
            void conversationEnd(const std::string &, const engine::ConversationEnd &) override { }

        private:
            std::vector<engine::TurnResult> &m_kept;
            std::uint64_t m_seen = 0;
        };
        Keeper keeper(turns);
        tracer::ReplayOptions options;
        options.evaluation.trace = true;
        options.jobs = 1;
        if (!tracer::replay(contracts.set, reader.value(), options, keeper))
            error = "the corpus did not replay";
    }
};

// Arg: reuse (one writer cleared between lines, or a new writer per line).
void replayTurnJson(benchmark::State &state)
{
    static const TracedTurns traced;
    if (!traced.error.empty()) {
        state.SkipWithError(traced.error.c_str());
        return;
    }
    engine::JsonWriter writer;
    std::size_t bytes = 0;
    for (auto _ : state)
        bytes += llmclJsonTurns(traced.turns, writer, state.range(0) != 0);
    const double turns = double(state.iterations()) * double(traced.turns.size());
    state.SetBytesProcessed(std::int64_t(bytes));
    state.counters["per_turn"] =
        benchmark::Counter(turns, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
    state.counters["bytes/turn"] = double(bytes) / turns;
}
BENCHMARK(replayTurnJson)->ArgName("reuse")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// ---------------------------------------------------------------------------------------------
// The validation cache

// A 2,048-byte ASCII support answer that passes the ten clauses of reference.llmcl: it starts
// with "Thank", names "order #48213", has no secrets and no JSON, and fewer than 400 words.
std::string referenceResponse()
{
    std::string text = "Thank you for contacting us about your order #48213. ";
    constexpr std::string_view sentences[] = {
        "The parcel left our warehouse on Monday and the carrier expects to deliver it soon. ",
        "We have refunded the shipping charge to the card you used for the purchase. ",
        "If it has not arrived by Friday, reply to this message and we will send a replacement. ",
        "You can return any item within thirty days of delivery with the prepaid label. ",
    };
    for (std::size_t i = 0; text.size() < 2048; ++i)
        text += sentences[i % std::size(sentences)];
    text.resize(2047);
    text += '.';
    return text;
}

struct CacheWorkload
{
    std::shared_ptr<const engine::CompiledSet> set;
    std::string response = referenceResponse();
    engine::TurnInput turn;
    std::string error;

    CacheWorkload()
    {
        engine::CompileRequest request;
        request.files = {LLMCL_SOURCE_DIR "/tests/data/eval/reference.llmcl"};
        request.knownContextKeys = {"payload"};
        const engine::CompileResult compiled = engine::compileContracts(request);
        if (!compiled.set) {
            error = "reference.llmcl does not compile:\n" + diagnosticsText(compiled);
            return;
        }
        set = compiled.set;
        turn.content = "Hi, my order #48213 has not arrived yet. Where is it?";
        turn.response = response;
        turn.context =
            engine::Value::map({{"payload", engine::Value::string(R"({"ok": true, "items": 2})")}});
    }
};

const CacheWorkload &cacheWorkload()
{
    static const CacheWorkload workload;
    return workload;
}

// Args: cache (every clause a hit after the warm-up evaluation), trace.
void evaluateTurnCache(benchmark::State &state)
{
    const CacheWorkload &workload = cacheWorkload();
    if (!workload.error.empty()) {
        state.SkipWithError(workload.error.c_str());
        return;
    }
    engine::ValidationCache cache;
    engine::EvalOptions options;
    options.cache = state.range(0) ? &cache : nullptr;
    options.trace = state.range(1) != 0;
    engine::Evaluator evaluator(workload.set);
    // Warm-up: fills the cache, sizes the evaluator's buffers.
    if (!evaluator.evaluateTurn(workload.turn, options).valid) {
        state.SkipWithError("the reference turn does not pass the reference contract");
        return;
    }
    const engine::CacheStats before = cache.stats();
    std::int64_t clauseNs = 0;
    for (auto _ : state) {
        bool valid = llmclCachedTurn(evaluator, workload.turn, options, clauseNs);
        benchmark::DoNotOptimize(valid);
    }
    const double turns = double(state.iterations());
    const double clauses = turns * double(workload.set->clauseCount());
    state.counters["per_turn"] =
        benchmark::Counter(turns, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
    state.counters["per_clause"] =
        benchmark::Counter(clauses, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
    // The clauses' own durations (ClauseVerdict::durationNs: the lookup, or the evaluation,
    // of each clause, two steady_clock reads included), without the turn's bookkeeping.
    state.counters["clause_ns"] = double(clauseNs) / clauses;
    if (state.range(0)) {
        const engine::CacheStats after = cache.stats();
        state.counters["hit_%"] = 100.0 * double(after.hits - before.hits) / clauses;
    }
    state.SetLabel(std::string(state.range(0) ? "cache" : "no cache")
        + (state.range(1) ? ", trace on" : ", trace off"));
}
BENCHMARK(evaluateTurnCache)
    ->ArgNames({"cache", "trace"})
    ->Args({0, 0})
    ->Args({1, 0})
    ->Args({0, 1})
    ->Args({1, 1})
    ->Unit(benchmark::kMicrosecond);

// The cache alone: one verified lookup of a stored verdict (no explanations, then the ten
// explanations of a traced reference clause's size) through an evaluator's front, for a clause
// that reads the 2 KB answer: the floor under a hit.
void cacheLookup(benchmark::State &state)
{
    engine::ValidationCache cache;
    engine::ValidationCacheFront front;
    engine::CachedVerdict verdict;
    verdict.status = engine::ClauseStatus::Pass;
    verdict.traced = state.range(0) > 0;
    for (std::int64_t i = 0; i < state.range(0); ++i)
        verdict.values.push_back({"len(response)", engine::Value::integer(2048)});
    const std::string response = referenceResponse();
    const engine::Value values[] = {engine::Value::borrowedString(response)};
    engine::VerdictSource source;
    source.clause = &front.clauseIdentity(cache, 0, [] { return std::string("reference clause"); });
    source.inputs = 1;
    source.values = values;
    source.key = engine::hashBytes("reference clause");
    front.store(cache, source, verdict);
    for (auto _ : state) {
        const engine::CachedVerdict *hit = front.lookup(cache, source);
        benchmark::DoNotOptimize(hit);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(cacheLookup)->ArgName("values")->Arg(0)->Arg(3)->Unit(benchmark::kNanosecond);

// Hashing the 2 KB answer for the cache key (once per turn and text read by a clause).
void hashResponse(benchmark::State &state)
{
    const std::string response = referenceResponse();
    const engine::Value value = engine::Value::borrowedString(response);
    for (auto _ : state) {
        std::uint64_t h = engine::hashValue(value);
        benchmark::DoNotOptimize(h);
    }
    state.SetBytesProcessed(state.iterations() * std::int64_t(response.size()));
}
BENCHMARK(hashResponse)->Unit(benchmark::kNanosecond);

// Two steady_clock reads: what ClauseVerdict::durationNs adds to every clause, hit or not.
void steadyClockPair(benchmark::State &state)
{
    std::int64_t total = 0;
    for (auto _ : state) {
        const auto start = std::chrono::steady_clock::now();
        total += (std::chrono::steady_clock::now() - start).count();
    }
    benchmark::DoNotOptimize(total);
}
BENCHMARK(steadyClockPair)->Unit(benchmark::kNanosecond);

} // namespace
