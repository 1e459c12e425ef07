// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Speed of the engine: evaluating the reference workload (the ten clauses of
// tests/data/eval/reference.llmcl on a 2,048-byte support answer) on the fast path, with full
// results and with explanations; heap allocations on the fast path; parsing, checking and
// compiling a generated 5,000-line contract file.
//
// `llmcl-bench --callgrind=phase|turn|trace [--turns=N]` skips Google Benchmark and evaluates
// the reference turn N times (default 1,000) inside llmclCallgrindEvaluations(), so that
// `valgrind --tool=callgrind --toggle-collect='llmclCallgrindEvaluations*'` counts the
// instructions of exactly N evaluations (scripts/bench callgrind).
#include "engine/compiledset.h"
#include "engine/diagnostic.h"
#include "engine/evaluator.h"
#include "engine/parser.h"

#include <algorithm>
#include <atomic>
#include <benchmark/benchmark.h>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <string_view>
#include <vector>

// Every heap allocation of the process goes through these replacements, which count them: the
// benchmarks read the counter around the calls they measure.
namespace {
std::atomic<std::uint64_t> allocationCount {0};

void *countedAllocation(std::size_t size, std::size_t alignment = 0)
{
    allocationCount.fetch_add(1, std::memory_order_relaxed);
    if (size == 0)
        size = 1;
    if (alignment <= alignof(std::max_align_t))
        return std::malloc(size);
    void *memory = nullptr;
    return posix_memalign(&memory, alignment, size) == 0 ? memory : nullptr;
}

void *countedAllocationOrThrow(std::size_t size, std::size_t alignment = 0)
{
    if (void *memory = countedAllocation(size, alignment))
        return memory;
    throw std::bad_alloc();
}
} // namespace

void *operator new(std::size_t size)
{
    return countedAllocationOrThrow(size);
}
void *operator new[](std::size_t size)
{
    return countedAllocationOrThrow(size);
}
void *operator new(std::size_t size, std::align_val_t alignment)
{
    return countedAllocationOrThrow(size, std::size_t(alignment));
}
void *operator new[](std::size_t size, std::align_val_t alignment)
{
    return countedAllocationOrThrow(size, std::size_t(alignment));
}
void *operator new(std::size_t size, const std::nothrow_t &) noexcept
{
    return countedAllocation(size);
}
void *operator new[](std::size_t size, const std::nothrow_t &) noexcept
{
    return countedAllocation(size);
}
void *operator new(std::size_t size, std::align_val_t alignment, const std::nothrow_t &) noexcept
{
    return countedAllocation(size, std::size_t(alignment));
}
void *operator new[](std::size_t size, std::align_val_t alignment, const std::nothrow_t &) noexcept
{
    return countedAllocation(size, std::size_t(alignment));
}
void operator delete(void *memory) noexcept
{
    std::free(memory);
}
void operator delete[](void *memory) noexcept
{
    std::free(memory);
}
void operator delete(void *memory, std::size_t) noexcept
{
    std::free(memory);
}
void operator delete[](void *memory, std::size_t) noexcept
{
    std::free(memory);
}
void operator delete(void *memory, std::align_val_t) noexcept
{
    std::free(memory);
}
void operator delete[](void *memory, std::align_val_t) noexcept
{
    std::free(memory);
}
void operator delete(void *memory, std::size_t, std::align_val_t) noexcept
{
    std::free(memory);
}
void operator delete[](void *memory, std::size_t, std::align_val_t) noexcept
{
    std::free(memory);
}
void operator delete(void *memory, const std::nothrow_t &) noexcept
{
    std::free(memory);
}
void operator delete[](void *memory, const std::nothrow_t &) noexcept
{
    std::free(memory);
}

namespace {

using namespace llmcl::engine;

// A customer-support answer of exactly 2,048 bytes of ASCII that passes all ten clauses of the
// reference contract (it starts with "Thank", names "order #48213", has no secrets, no JSON
// and 383 words).
constexpr std::string_view kResponse =
    "Thank you for contacting us about your order #48213, and I am sorry for the "
    "delay you have experienced. I have reviewed the order history on our side, and "
    "here is what happened and what we will do next.\n"
    "\n"
    "Your order was packed at our Leeds warehouse on Monday and handed to the carrier "
    "the same afternoon. The carrier scanned the parcel at their regional hub on "
    "Tuesday morning, but a sorting fault sent it to the wrong depot, which is why "
    "the tracking page has not changed for three days. I contacted the carrier this "
    "morning: they have located the parcel and it is now on its way back to the "
    "correct depot. They expect to deliver it by Friday, before 6 pm, and we are "
    "watching it too.\n"
    "\n"
    "Because the delivery is late, I have refunded the shipping charge of 4.99 to the "
    "card you used for the purchase. You will see the refund within three to five "
    "working days, depending on your bank. You do not need to do anything to receive "
    "it.\n"
    "\n"
    "If the parcel has not arrived by Friday evening, please reply to this message "
    "and mention your order number. We will then send a replacement by next-day "
    "delivery at no cost, or issue a full refund for the items, whichever you prefer. "
    "You can also track the parcel yourself on the carrier's website with the "
    "tracking number in your confirmation email.\n"
    "\n"
    "A few answers to the other questions in your message:\n"
    "\n"
    "1. The blue backpack in your order is covered by our two-year warranty, so if a "
    "zip or a strap fails, we repair or replace it free of charge.\n"
    "2. You can return any item within 30 days of delivery, even if you have used it "
    "once. Print the prepaid label from your account page and drop the parcel at any "
    "post office.\n"
    "3. Gift wrapping was included in your order and will not be charged again on the "
    "replacement, if one is needed.\n"
    "\n"
    "We know that waiting for a parcel that seems stuck is frustrating, and we are "
    "grateful for your patience while we sorted this out with the carrier. If "
    "anything else is unclear, just reply to this email and the same team will pick "
    "it up.\n"
    "\n"
    "Kind regards from us,\n"
    "Maria, Customer Support";
static_assert(kResponse.size() == 2048);

constexpr std::string_view kContent = "Hi, my order #48213 has not arrived yet. Where is it?";

std::string diagnosticsText(const CompileResult &result)
{
    std::string text;
    for (const Diagnostic &diagnostic : result.diagnostics)
        text += formatDiagnosticHeader(diagnostic) + '\n';
    return text;
}

// The compiled reference contract and one turn over it; everything the turn views lives here.
struct ReferenceWorkload
{
    std::shared_ptr<const CompiledSet> set;
    TurnInput turn;
    std::string error; // why the workload could not be built; empty when it was

    ReferenceWorkload()
    {
        CompileRequest request;
        request.files = {LLMCL_SOURCE_DIR "/tests/data/eval/reference.llmcl"};
        request.knownContextKeys = {"payload"};
        const CompileResult compiled = compileContracts(request);
        if (!compiled.set) {
            error = "reference.llmcl does not compile:\n" + diagnosticsText(compiled);
            return;
        }
        set = compiled.set;
        turn.content = kContent;
        turn.response = kResponse;
        turn.context = Value::map({{"payload", Value::string(R"({"ok": true, "items": 2})")}});
    }
};

const ReferenceWorkload &referenceWorkload()
{
    static const ReferenceWorkload workload;
    return workload;
}

// Time per turn and per clause, as inverted rates (seconds per item).
void reportTurns(benchmark::State &state, const CompiledSet &set, std::uint64_t allocations)
{
    const double turns = double(state.iterations());
    state.counters["per_turn"] =
        benchmark::Counter(turns, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
    state.counters["per_clause"] = benchmark::Counter(turns * double(set.clauseCount()),
        benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
    state.counters["allocs_per_turn"] = double(allocations) / turns;
    state.counters["clauses"] = double(set.clauseCount());
    state.SetBytesProcessed(std::int64_t(state.iterations()) * std::int64_t(kResponse.size()));
}

// (a) The fast path: the output phase's verdicts only, no fixes, no trace.
void evaluatePhaseReference(benchmark::State &state)
{
    const ReferenceWorkload &workload = referenceWorkload();
    if (!workload.error.empty()) {
        state.SkipWithError(workload.error.c_str());
        return;
    }
    Evaluator evaluator(workload.set);
    std::vector<ClauseStatus> statuses;
    // Warm-up: the first call sizes the statuses and the evaluator's scratch buffers.
    if (!evaluator.evaluatePhase(workload.turn, ClauseKind::Ensure, statuses)) {
        state.SkipWithError("the reference turn does not pass the reference contract");
        return;
    }
    const std::uint64_t before = allocationCount.load(std::memory_order_relaxed);
    for (auto _ : state) {
        bool valid = evaluator.evaluatePhase(workload.turn, ClauseKind::Ensure, statuses);
        benchmark::DoNotOptimize(valid);
        benchmark::DoNotOptimize(statuses.data());
    }
    reportTurns(state, *workload.set, allocationCount.load(std::memory_order_relaxed) - before);
}
BENCHMARK(evaluatePhaseReference)->Unit(benchmark::kMicrosecond);

// (b), (c) The whole turn with a TurnResult: both phases, verdict records, without and with
// explanations.
void evaluateTurnReference(benchmark::State &state)
{
    const ReferenceWorkload &workload = referenceWorkload();
    if (!workload.error.empty()) {
        state.SkipWithError(workload.error.c_str());
        return;
    }
    EvalOptions options;
    options.trace = state.range(0) != 0;
    Evaluator evaluator(workload.set);
    if (!evaluator.evaluateTurn(workload.turn, options).valid) {
        state.SkipWithError("the reference turn does not pass the reference contract");
        return;
    }
    const std::uint64_t before = allocationCount.load(std::memory_order_relaxed);
    for (auto _ : state) {
        TurnResult result = evaluator.evaluateTurn(workload.turn, options);
        benchmark::DoNotOptimize(result.valid);
    }
    reportTurns(state, *workload.set, allocationCount.load(std::memory_order_relaxed) - before);
    state.SetLabel(options.trace ? "trace on" : "trace off");
}
BENCHMARK(evaluateTurnReference)->ArgName("trace")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

// A contract file of at least `lines` lines (about 40 bytes each; 5,000 lines are about 200 KB) in
// the style of the example workspace: headers with options, options on their own lines, regexes,
// JSON checks, conditionals, auto_fix repairs, temporal and probabilistic clauses, comments
// and non-ASCII text. It compiles without errors or warnings.
std::string generateContractFile(int lines)
{
    static constexpr std::string_view block[] = {
        "// Support rules, group %",
        "contract Support%(priority = high,",
        "                  conflict_resolution = first_wins,",
        "                  fix_strategy = best_fix,",
        "                  max_input = 4000, min_words = 5) {",
        "    require len(content) <= max_input",
        "        message: \"Input too long\"",
        "        auto_fix: content[:max_input]",
        "    require not match(content, r\"(?i)ignore previous\")",
        "        severity: critical",
        "    ensure not match(response, r\"(?i)\\b(secret|token)\\b\")",
        "        message: \"Leaks a secret\"",
        "        severity: critical",
        "    # JSON answers must parse",
        "    ensure if starts_with(response, \"{\")",
        "           then json_valid(response) else true",
        "        tags: [\"format\", \"json\"]",
        "    ensure word_count(response) >= min_words",
        "        severity: warning",
        "    ensure contains(lower(response), \"order\")",
        "           or len(history) == 0",
        "    ensure not contains(response, \"As an AI\")",
        "        auto_fix: replace(response, \"As an AI\", \"\")",
        "        confidence: 0.8",
        "    temporal always (contains(content, \"refund\")",
        "        implies within 2 contains(response, \"policy\"))",
        "    ensure_prob not contains(response, \"sorry\"), 0.9",
        "        window_size: 20",
        "    ensure context.user_type != \"banned\"",
        "    /* Réponse attendue: « politique » */",
        "    ensure turn_number <= 20 severity: info",
        "}",
        "",
    };
    constexpr int blockLines = int(std::size(block));
    std::string text;
    text.reserve(std::size_t(lines) * 48);
    // Whole contracts only: the last one is completed past `lines`.
    const int total = (lines + blockLines - 1) / blockLines * blockLines;
    for (int line = 0; line < total; ++line) {
        const std::string_view pattern = block[line % blockLines];
        const std::size_t mark = pattern.find('%');
        if (mark == std::string_view::npos) {
            text += pattern;
        } else {
            text += pattern.substr(0, mark);
            text += std::to_string(line / blockLines);
            text += pattern.substr(mark + 1);
        }
        text += '\n';
    }
    return text;
}

constexpr std::string_view kGeneratedPath = "bench/generated.llmcl";

CompileRequest generatedRequest(const std::string &text)
{
    CompileRequest request;
    request.files = {std::string(kGeneratedPath)};
    request.overrides.emplace(std::string(kGeneratedPath), text);
    request.knownContextKeys = {"user_type"};
    return request;
}

// Parse, resolve, check and compile a generated file given as an unsaved buffer.
void compileGeneratedFile(benchmark::State &state)
{
    const std::string text = generateContractFile(int(state.range(0)));
    const CompileRequest request = generatedRequest(text);
    const CompileResult first = compileContracts(request);
    if (!first.set) {
        const std::string error = "the generated file does not compile:\n" + diagnosticsText(first);
        state.SkipWithError(error.c_str());
        return;
    }
    for (auto _ : state) {
        CompileResult result = compileContracts(request);
        benchmark::DoNotOptimize(result.set.get());
    }
    state.SetBytesProcessed(std::int64_t(state.iterations()) * std::int64_t(text.size()));
    state.counters["lines"] = double(std::count(text.begin(), text.end(), '\n'));
    state.counters["bytes"] = double(text.size());
    state.counters["clauses"] = double(first.set->clauseCount());
    state.counters["diagnostics"] = double(first.diagnostics.size());
}
BENCHMARK(compileGeneratedFile)->Arg(5000)->Unit(benchmark::kMillisecond);

// The parser alone (with the lexer) on the same text.
void parseGeneratedFile(benchmark::State &state)
{
    const std::string text = generateContractFile(int(state.range(0)));
    const ParseOptions options {.file = std::string(kGeneratedPath)};
    for (auto _ : state) {
        SourceFile file = parseSource(text, options);
        benchmark::DoNotOptimize(file.contracts.data());
    }
    state.SetBytesProcessed(std::int64_t(state.iterations()) * std::int64_t(text.size()));
    state.counters["lines"] = double(std::count(text.begin(), text.end(), '\n'));
    state.counters["bytes"] = double(text.size());
}
BENCHMARK(parseGeneratedFile)->Arg(5000)->Unit(benchmark::kMillisecond);

enum class CallgrindMode
{
    Phase,
    Turn,
    Trace
};

// Parses `--callgrind=MODE` and `--turns=N`; false when the arguments ask for no callgrind run.
bool callgrindArguments(int argc, char **argv, CallgrindMode &mode, long &turns)
{
    bool wanted = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view argument = argv[i];
        if (argument.starts_with("--callgrind=")) {
            const std::string_view name = argument.substr(std::strlen("--callgrind="));
            wanted = true;
            if (name == "phase")
                mode = CallgrindMode::Phase;
            else if (name == "turn")
                mode = CallgrindMode::Turn;
            else if (name == "trace")
                mode = CallgrindMode::Trace;
            else {
                std::fprintf(stderr, "llmcl-bench: --callgrind takes phase, turn or trace\n");
                std::exit(2);
            }
        } else if (argument.starts_with("--turns=")) {
            turns = std::strtol(argv[i] + std::strlen("--turns="), nullptr, 10);
        }
    }
    return wanted;
}

} // namespace

// Evaluates the reference turn `turns` times; callgrind collects only inside this function
// (--toggle-collect), so its total divided by `turns` is the cost of one evaluation.
[[gnu::noinline]] int llmclCallgrindEvaluations(Evaluator &evaluator, const TurnInput &turn,
    CallgrindMode mode, long turns, std::vector<ClauseStatus> &statuses)
{
    int valid = 0;
    EvalOptions options;
    options.trace = mode == CallgrindMode::Trace;
    for (long i = 0; i < turns; ++i) {
        if (mode == CallgrindMode::Phase)
            valid += evaluator.evaluatePhase(turn, ClauseKind::Ensure, statuses) ? 1 : 0;
        else
            valid += evaluator.evaluateTurn(turn, options).valid ? 1 : 0;
    }
    return valid;
}

int main(int argc, char **argv)
{
    CallgrindMode mode = CallgrindMode::Phase;
    long turns = 1000;
    if (callgrindArguments(argc, argv, mode, turns)) {
        const ReferenceWorkload &workload = referenceWorkload();
        if (!workload.error.empty()) {
            std::fprintf(stderr, "llmcl-bench: %s", workload.error.c_str());
            return 1;
        }
        Evaluator evaluator(workload.set);
        std::vector<ClauseStatus> statuses;
        // Warm-up outside the collected function: JIT stacks, buffers and caches.
        llmclCallgrindEvaluations(evaluator, workload.turn, mode, 1, statuses);
        const std::uint64_t before = allocationCount.load(std::memory_order_relaxed);
        const int valid =
            llmclCallgrindEvaluations(evaluator, workload.turn, mode, turns, statuses);
        std::printf("evaluations %ld valid %d allocations %llu\n", turns, valid,
            static_cast<unsigned long long>(allocationCount.load() - before));
        return 0;
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
