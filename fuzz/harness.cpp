// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "fuzz/harness.h"

#include "engine/compiledset.h"
#include "engine/diagnostic.h"
#include "engine/evaluator.h"
#include "engine/formatter.h"
#include "engine/languageservice.h"
#include "engine/probabilisticwindows.h"
#include "engine/session.h"
#include "engine/utf8.h"
#include "engine/validationcache.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <mutex>
#include <pthread.h>
#include <sanitizer/common_interface_defs.h>
#include <string>
#include <unistd.h>
#include <utility>
#include <vector>

namespace llmcl::fuzz {

namespace {

using namespace llmcl::engine;

const char *g_targetName = "llmcl-fuzz";

// The fuzzed file and a library beside it, both unsaved buffers: `import lib` and
// `from lib import Base` resolve without touching the disk.
constexpr std::string_view kInputPath = "/llmcl-fuzz/input.llmcl";
constexpr std::string_view kLibraryPath = "/llmcl-fuzz/lib.llmcl";
constexpr std::string_view kLibrary = R"(contract Base(min_len = 1, max_len = 400) {
    ensure len(response) >= min_len message: "Empty response"
    require len(content) <= max_len auto_fix: content[:max_len]
}
contract Formats(priority = low) {
    ensure if starts_with(trim(response), "{") then json_valid(response) else true
    temporal always not contains(response, "ERROR")
}
)";

// Diagnostics rendered per input: rendering finds the diagnostic's line, so rendering all of
// them is quadratic on large inputs full of errors (and -max_len runs make those).
constexpr std::size_t kRenderedDiagnostics = 64;
// Formatted text is compiled again (to check that formatting kept the meaning) up to this size:
// larger inputs are compiled twice already (compileContracts, the LanguageService), and a third
// time would push the largest past the timeout.
constexpr std::size_t kRecompileFormattedBytes = 256 * 1024;

CompileRequest compileRequest(std::string_view source)
{
    CompileRequest request;
    request.files = {std::string(kInputPath)};
    request.overrides.emplace(std::string(kInputPath), std::string(source));
    request.overrides.emplace(std::string(kLibraryPath), std::string(kLibrary));
    request.knownContextKeys = {"payload", "user_type", "format", "a"};
    return request;
}

void checkDiagnostics(const CompileResult &compiled)
{
    std::size_t rendered = 0;
    for (const Diagnostic &diagnostic : compiled.diagnostics) {
        check(!diagnostic.code.empty() && !diagnostic.message.empty(), "code and message");
        check(diagnostic.range.end.offset >= diagnostic.range.begin.offset, "range not reversed");
        // Render each diagnostic against the text of its file, as the CLI and the editor do.
        for (std::size_t i = 0; i < compiled.files.size() && i < compiled.texts.size(); ++i) {
            if (compiled.files[i]->path != diagnostic.file)
                continue;
            const std::string &text = *compiled.texts[i];
            check(diagnostic.range.end.offset <= text.size(), "range inside its file");
            if (rendered++ < kRenderedDiagnostics)
                check(
                    utf8::isValid(formatDiagnostic(diagnostic, text)), "rendering is valid UTF-8");
            break;
        }
    }
}

// The editor's view of the same buffer. Queries at a handful of offsets (the start, the end,
// and offsets picked by the input's first bytes), so that one input stays linear.
void analyse(std::string_view source, const CompileRequest &request, const CompileResult &compiled)
{
    CompileRequest others = request;
    others.files.clear();
    const LanguageService service =
        LanguageService::analyse(std::string(kInputPath), std::string(source), others);
    check(service.text() == source, "the service keeps the text");
    check(service.compileResult().hasErrors() == compiled.hasErrors(),
        "the service compiles as compileContracts() does");
    std::size_t ownDiagnostics = 0;
    for (const Diagnostic &diagnostic : compiled.diagnostics)
        ownDiagnostics += diagnostic.file == kInputPath ? 1 : 0;
    check(service.diagnostics().size() == ownDiagnostics,
        "the document's diagnostics are those compileContracts() gives for it");
    const std::vector<Token> tokens = service.tokens();
    check(!tokens.empty() && tokens.back().kind == TokenKind::EndOfFile, "tokens end with EOF");
    (void)service.documentSymbols();
    std::size_t offsets[6] = {0, source.size(), source.size() / 2, 0, 0, source.size() + 1};
    for (std::size_t i = 0; i < 2 && i < source.size(); ++i)
        offsets[3 + i] = std::size_t(static_cast<unsigned char>(source[i])) % (source.size() + 1);
    for (const std::size_t offset : offsets) {
        for (const CompletionItem &item : service.completionsAt(offset))
            check(!item.label.empty(), "completions have labels");
        if (const std::optional<HoverInfo> hover = service.hoverAt(offset))
            check(hover->range.end.offset <= source.size(), "hover range inside the text");
        (void)service.definitionAt(offset);
    }
}

// `llmcl fmt`: formatting is idempotent and keeps what the file means (it only moves
// whitespace), so the formatted file compiles exactly when the original does.
void reformat(std::string_view source, const CompileResult &compiled)
{
    const FormatResult formatted = formatSource(source);
    bool lexErrors = false;
    for (const Diagnostic &diagnostic : formatted.diagnostics)
        lexErrors = lexErrors || diagnostic.severity == Severity::Error;
    if (lexErrors) {
        check(formatted.text == source && !formatted.changed, "unformatted text is the input");
        return;
    }
    check(formatted.changed == (formatted.text != source), "`changed` says whether it changed");
    const FormatResult again = formatSource(formatted.text);
    check(again.text == formatted.text && !again.changed, "formatting is idempotent");
    if (formatted.text.size() > kRecompileFormattedBytes)
        return;
    const CompileResult recompiled = compileContracts(compileRequest(formatted.text));
    check(recompiled.hasErrors() == compiled.hasErrors(),
        "the formatted file compiles exactly when the original does");
    if (compiled.set && recompiled.set)
        check(recompiled.set->clauseCount() == compiled.set->clauseCount(),
            "the formatted file has the same clauses");
}

// The context of the sample turn; `context.a` followed by kContextDepth - 1 more `.a` is "leaf".
Value sampleContext()
{
    Value chain = Value::string("leaf");
    for (int i = 1; i < kContextDepth; ++i)
        chain = Value::map({{"a", std::move(chain)}});
    return Value::map({{"payload", Value::string(R"({"ok": true, "items": [1, 2]})")},
        {"user_type", Value::string("premium")}, {"a", std::move(chain)}});
}

std::vector<std::pair<ClauseStatus, std::string>> verdictsOf(const TurnResult &result)
{
    std::vector<std::pair<ClauseStatus, std::string>> verdicts;
    for (const ContractResult &contract : result.contracts) {
        for (const ClauseVerdict &verdict : contract.clauses)
            verdicts.emplace_back(verdict.status, verdict.message);
    }
    return verdicts;
}

void checkOracle(const TurnResult &result, std::string_view oracleContract)
{
    if (oracleContract.empty())
        return;
    for (const ContractResult &contract : result.contracts) {
        if (contract.name != oracleContract)
            continue;
        for (const ClauseVerdict &verdict : contract.clauses) {
            if (verdict.status == ClauseStatus::Fail) {
                std::fprintf(stderr, "%s: clause %s (line %u) failed: %s\n", g_targetName,
                    verdict.id().c_str(), unsigned(verdict.range().begin.line),
                    verdict.message.substr(0, 240).c_str());
                check(false, "a clause written to hold on the sample turn does not fail");
            }
        }
    }
}

void evaluate(const std::shared_ptr<const CompiledSet> &set, const FuzzCase &input)
{
    TurnInput turn;
    turn.content = "hello";
    turn.response = input.response;
    turn.context = sampleContext();
    turn.previousContent = "hi";
    turn.previousResponse = input.response.substr(0, input.response.size() / 2);
    turn.history = Value::list(
        {Value::map({{"content", Value::string("hi")}, {"response", Value::string("hello")}})});
    turn.turnNumber = 2;
    turn.conversationLength = 2;

    Evaluator evaluator(set);
    EvalOptions options;
    options.fix = true;
    options.trace = true;
    const TurnResult fixed = evaluator.evaluateTurn(turn, options);
    check(fixed.response.has_value(), "a turn with a response has one in its result");
    std::size_t verdicts = 0;
    for (const ContractResult &contract : fixed.contracts)
        verdicts += contract.clauses.size();
    check(verdicts == set->clauseCount(), "one verdict per compiled clause");

    // Without fixes, tracing and the validation cache change how a verdict is reached, never
    // which one it is.
    options.fix = false;
    const TurnResult traced = evaluator.evaluateTurn(turn, options);
    options.trace = false;
    const TurnResult untraced = evaluator.evaluateTurn(turn, options);
    check(verdictsOf(traced) == verdictsOf(untraced), "tracing does not change verdicts");
    checkOracle(untraced, input.oracleContract);
    ValidationCache cache(256);
    options.cache = &cache;
    const TurnResult missed = evaluator.evaluateTurn(turn, options);
    options.trace = true;
    const TurnResult hit = evaluator.evaluateTurn(turn, options);
    check(verdictsOf(missed) == verdictsOf(untraced), "a cache miss gives the verdicts");
    check(verdictsOf(hit) == verdictsOf(untraced), "a cache hit gives the verdicts");

    std::vector<ClauseStatus> statuses;
    (void)evaluator.evaluatePhase(turn, ClauseKind::Require, statuses);
    (void)evaluator.evaluatePhase(turn, ClauseKind::Ensure, statuses);
    check(statuses.size() == set->clauseCount(), "one status per compiled clause");

    // A conversation: temporal monitors and ensure_prob windows (window_size) over two turns.
    ProbabilisticWindows windows(set);
    Session session(evaluator, Value::map({{"format", Value::string("text")}}), &windows);
    options = {};
    options.fix = true;
    (void)session.addTurn("hi", std::string_view("hello"), {}, options);
    (void)session.addTurn("hello", input.response, turn.context, options);
    (void)session.end();
    (void)windows.endRun();
}

// With LLMCL_FUZZ_TIMES set, each phase's duration goes to stderr (to see where a slow input
// spends its time).
bool g_printTimes = false;

class PhaseTimer
{
public:
    explicit PhaseTimer(const char *phase)
        : m_phase(phase)
    { }
    ~PhaseTimer()
    {
        if (g_printTimes) {
            const auto elapsed = std::chrono::steady_clock::now() - m_start;
            std::fprintf(stderr, "%s: %s: %lld ms\n", g_targetName, m_phase,
                static_cast<long long>(
                    std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()));
        }
    }

private:
    const char *m_phase;
    std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
};

void runAll(const FuzzCase &input)
{
    const CompileRequest request = compileRequest(input.source);
    CompileResult compiled;
    {
        const PhaseTimer timer("compile");
        compiled = compileContracts(request);
        check(compiled.files.size() == compiled.texts.size(), "one text per parsed file");
        check(!compiled.set || !compiled.hasErrors(), "no compiled set when there are errors");
        checkDiagnostics(compiled);
    }
    if (g_printTimes) {
        for (const Diagnostic &diagnostic : compiled.diagnostics) {
            if (diagnostic.severity == Severity::Error) {
                std::fprintf(stderr, "%s: first error: %s: %s\n", g_targetName,
                    diagnostic.code.c_str(), diagnostic.message.substr(0, 200).c_str());
                break;
            }
        }
    }
    {
        const PhaseTimer timer("language service");
        analyse(input.source, request, compiled);
    }
    {
        const PhaseTimer timer("format");
        reformat(input.source, compiled);
    }
    if (compiled.set) {
        const PhaseTimer timer("evaluate");
        evaluate(compiled.set, input);
    }
}

// Seconds after which a running input gets the engine thread's stack printed: libFuzzer's
// timeout report shows only its own thread, which is waiting for ours. 0: never.
int g_watchdogSeconds = 0;
// The signal that asks the engine thread for its stack (libFuzzer handles SIGUSR1/2 itself).
constexpr int kStackSignal = SIGURG;

void printStack(int)
{
    static const char message[] = "\nllmcl-fuzz: the engine thread runs too long; its stack:\n";
    (void)!write(2, message, sizeof message - 1);
    __sanitizer_print_stack_trace();
}

// The one engine thread, started on the first input and kept: a thread per input would cost
// its creation every time, and glibc frees a thread's allocations only when its stack is
// reused, which libFuzzer takes for a leak and answers with a second run and a leak check of
// every input.
class EngineThread
{
public:
    static EngineThread &instance()
    {
        static EngineThread *thread = new EngineThread; // never destroyed: it never ends
        return *thread;
    }

    void run(const std::function<void()> &work)
    {
        std::unique_lock lock(m_mutex);
        m_work = &work;
        m_done = false;
        m_wake.notify_one();
        const auto finished = [this] { return m_done; };
        if (g_watchdogSeconds > 0
            && !m_finished.wait_for(lock, std::chrono::seconds(g_watchdogSeconds), finished))
            pthread_kill(m_thread, kStackSignal);
        m_finished.wait(lock, finished);
    }

private:
    EngineThread()
    {
        pthread_attr_t attributes;
        check(pthread_attr_init(&attributes) == 0, "pthread_attr_init");
        // LLMCL_FUZZ_STACK_KIB overrides the stack size, to see how deep an input goes.
        std::size_t stackBytes = kWorkerStackBytes;
        if (const char *kib = std::getenv("LLMCL_FUZZ_STACK_KIB"); kib && std::atoi(kib) > 0)
            stackBytes = std::size_t(std::atoi(kib)) * 1024;
        check(pthread_attr_setstacksize(&attributes, stackBytes) == 0, "pthread_attr_setstacksize");
        const int created = pthread_create(&m_thread, &attributes, &EngineThread::loop, this);
        pthread_attr_destroy(&attributes);
        if (created != 0) {
            std::fprintf(
                stderr, "%s: cannot start a thread: %s\n", g_targetName, std::strerror(created));
            std::abort();
        }
    }

    static void *loop(void *self)
    {
        EngineThread &thread = *static_cast<EngineThread *>(self);
        std::unique_lock lock(thread.m_mutex);
        for (;;) {
            thread.m_wake.wait(lock, [&thread] { return thread.m_work != nullptr; });
            const std::function<void()> *work = std::exchange(thread.m_work, nullptr);
            lock.unlock();
            (*work)();
            lock.lock();
            thread.m_done = true;
            thread.m_finished.notify_one();
        }
    }

    pthread_t m_thread {};
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_finished;
    const std::function<void()> *m_work = nullptr;
    bool m_done = false;
};

} // namespace

void initialize(const char *name, int argc, char **argv)
{
    g_targetName = name;
    g_printTimes = std::getenv("LLMCL_FUZZ_TIMES") != nullptr;
    int timeout = 1200; // libFuzzer's default
    for (int i = 1; i < argc; ++i) {
        if (std::strncmp(argv[i], "-timeout=", 9) == 0)
            timeout = std::atoi(argv[i] + 9);
    }
    g_watchdogSeconds = timeout > 0 ? std::max(1, timeout * 4 / 5) : 0;
    struct sigaction action = {};
    action.sa_handler = printStack;
    sigemptyset(&action.sa_mask);
    sigaction(kStackSignal, &action, nullptr);
}

void check(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "%s: property broken: %s\n", g_targetName, what);
        std::abort();
    }
}

void runEngine(const FuzzCase &input)
{
    EngineThread::instance().run([&input] { runAll(input); });
}

} // namespace llmcl::fuzz
