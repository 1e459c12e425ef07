// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later

// The engine's thread-safety contract under load (compiledset.h, evaluator.h,
// validationcache.h): one CompiledSet shared by several threads, each with its own Evaluator,
// all reading the same turns (and the same context values) and sharing one ValidationCache,
// must give exactly the verdicts, fixes and explanations of a single-threaded run. Meant to
// run under ThreadSanitizer (`scripts/dev tsan`), where a data race fails the test; without it
// the test still catches results that depend on which thread evaluates.

#include "engine/compiledset.h"
#include "engine/evaluator.h"
#include "engine/validationcache.h"

#include <QTest>

#include <atomic>
#include <iterator>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace llmcl::engine;

namespace {

// Clauses over everything the evaluator shares between threads: parameters and literals of
// the set (ASCII and not: their ASCII flag is computed lazily), regexes (JIT code shared, match
// data per evaluator), JSON, context values shared by all turns, fixes with each strategy,
// conflicts, ensure_prob and temporal clauses.
constexpr std::string_view kContracts = R"llmcl(
contract Safety(priority = critical, blocked = ["password", "sécret", "token"], limit = 120,
                greeting = "héllo wörld") {
    require len(content) > 0 and len(content) < 500 message: "Bad input"
        auto_fix: "(empty)"
    ensure not match(response, r"(?i)\b(password|secret|token)\b") message: "Sensitive"
        auto_fix: regex_replace(response, r"(?i)\b(password|secret|token)\b", "***")
    ensure len(response) <= limit auto_fix: response[:limit]
    ensure not contains(blocked, lower(trim(response)))
    ensure len(greeting) == 11 and greeting[1:4] == "éll" and upper(greeting) == "HÉLLO WÖRLD"
    ensure "ünïcode ✓"[-1] == "✓" and len("ünïcode ✓") == 9
    ensure upper(context.user_type) != "BANNED"
    ensure len(context.name) < 40 and context.name[0:3] != "xyz"
    ensure context.tier in ["gold", "silver", "bronze", "ünïcode"]
    ensure if json_valid(response) then json_has(response, "$.ok") else true
    ensure word_count(response) < 60 severity: warning
    ensure extract(response, r"#(\d+)", 1) != "0"
    ensure_prob contains(response, "order"), 0.5 window_size: 3
}
contract Style(priority = low, fix_strategy = best_fix, conflict_resolution = most_restrictive) {
    ensure not starts_with(response, "As an AI") auto_fix: replace(response, "As an AI, ", "")
        confidence: 0.9
    ensure not ends_with(trim(response), "!") auto_fix: trim(response)[:-1] confidence: 0.8
    ensure len(response) <= 100 auto_fix: response[:100]
    ensure lower(response)[0:5] == lower(response[0:5])
    temporal always not contains(response, "ERROR")
}
)llmcl";

// Texts of the turns: ASCII and not, JSON, empty, long, ones that fail and get fixed.
const char *const kResponses[] = {
    "Your order #%d shipped. Thank you.",
    "héllo wörld %d — ünïcode 🌍 order",
    R"({"ok": true, "n": %d})",
    R"({"n": %d})",
    "As an AI, I cannot help with %d!",
    "The password is %d!",
    "",
    "ERROR %d",
    "TOKEN",
    ("Zoë says %d words, %d times, about the order #0 over and over and over and over and over "
     "and over and over and over and over and over and over and over and over again."),
};

struct Turns
{
    std::vector<std::string> contents;
    std::vector<std::string> responses;
    std::vector<TurnInput> inputs; // view contents and responses
};

Turns makeTurns(int count)
{
    // One context value read by every thread at once (as a replay's conversation metadata is),
    // and per-turn ones.
    const Value shared = Value::map({{"user_type", Value::string("admin")},
        {"tier", Value::string("ünïcode")}, {"name", Value::string("Zoë Ünal")}});
    Turns turns;
    for (int i = 0; i < count; ++i) {
        std::string response = kResponses[std::size_t(i) % std::size(kResponses)];
        for (std::size_t at = response.find("%d"); at != std::string::npos;
            at = response.find("%d", at))
            response.replace(at, 2, std::to_string(i));
        turns.responses.push_back(std::move(response));
        turns.contents.push_back(
            i % 7 == 0 ? std::string() : "Question " + std::to_string(i) + " é");
    }
    for (int i = 0; i < count; ++i) {
        TurnInput turn;
        turn.content = turns.contents[std::size_t(i)];
        turn.response = turns.responses[std::size_t(i)];
        if (i % 3 == 0) {
            turn.context = shared;
        } else {
            turn.context = Value::map({{"user_type", Value::string(i % 2 ? "user" : "banned")},
                {"tier", Value::string(i % 5 ? "gold" : "tin")},
                {"name", Value::string("Ünal " + std::to_string(i))}});
        }
        turn.turnNumber = 1 + i % 4;
        turn.conversationLength = 1 + i % 4;
        turns.inputs.push_back(std::move(turn));
    }
    return turns;
}

// Everything a turn's result says, durations aside.
std::string summary(const TurnResult &result, const std::vector<ClauseStatus> &fastPath)
{
    std::string out = result.valid ? "valid\n" : "invalid\n";
    out +=
        "content: " + result.content + "\nresponse: " + result.response.value_or("<none>") + '\n';
    for (const ContractResult &contract : result.contracts) {
        out += contract.name + (contract.valid ? " valid\n" : " invalid\n");
        for (const ClauseVerdict &verdict : contract.clauses) {
            out += "  " + verdict.id() + ' ' + std::string(clauseStatusName(verdict.status)) + ' '
                + verdict.message + '\n';
            for (const Explanation &line : verdict.values)
                out += "    " + line.expression + " = " + repr(line.value) + '\n';
        }
    }
    for (const FixRecord &fix : result.fixes) {
        out += "fix " + fix.clause + ' ' + std::string(fixOutcomeName(fix.outcome))
            + (fix.applied ? " applied: " : " not applied: ") + fix.after + '\n';
    }
    for (const Violation &violation : result.violations)
        out += "violation " + violation.clause + ' ' + violation.message + '\n';
    for (const ConflictRecord &conflict : result.conflicts)
        out += "conflict " + conflict.kind + ' ' + conflict.resolution + '\n';
    out += "fast path:";
    for (const ClauseStatus status : fastPath)
        out += ' ' + std::string(clauseStatusName(status));
    return out + '\n';
}

std::string evaluateOne(Evaluator &evaluator, const TurnInput &turn, const EvalOptions &options,
    std::vector<ClauseStatus> &statuses)
{
    const TurnResult result = evaluator.evaluateTurn(turn, options);
    statuses.clear();
    (void)evaluator.evaluatePhase(turn, ClauseKind::Ensure, statuses);
    return summary(result, statuses);
}

} // namespace

class TestConcurrency : public QObject
{
    Q_OBJECT

private slots:
    void sharedSetAndCache_data();
    void sharedSetAndCache();
    void sharedValueAsciiFlag();
};

void TestConcurrency::sharedSetAndCache_data()
{
    QTest::addColumn<bool>("trace");
    QTest::addColumn<bool>("fix");
    QTest::addColumn<bool>("cache");

    QTest::newRow("plain") << false << false << false;
    QTest::newRow("traced") << true << false << false;
    QTest::newRow("fixes") << false << true << false;
    QTest::newRow("cached") << false << false << true;
    QTest::newRow("cached-traced-fixes") << true << true << true;
}

void TestConcurrency::sharedSetAndCache()
{
    QFETCH(bool, trace);
    QFETCH(bool, fix);
    QFETCH(bool, cache);

    CompileRequest request;
    request.files = {"concurrency.llmcl"};
    request.overrides["concurrency.llmcl"] = std::string(kContracts);
    request.knownContextKeys = {"user_type", "tier", "name"};
    const CompileResult compiled = compileContracts(request);
    for (const Diagnostic &diagnostic : compiled.diagnostics)
        qWarning("%s", formatDiagnosticHeader(diagnostic).c_str());
    QVERIFY(compiled.set);

    constexpr int kTurns = 120;
    constexpr int kThreads = 4;
    constexpr int kRounds = 3; // the later rounds hit the shared cache
    const Turns turns = makeTurns(kTurns);

    EvalOptions options;
    options.trace = trace;
    options.fix = fix;

    // The reference: one thread, no cache.
    std::vector<std::string> expected;
    {
        Evaluator evaluator(compiled.set);
        std::vector<ClauseStatus> statuses;
        for (const TurnInput &turn : turns.inputs)
            expected.push_back(evaluateOne(evaluator, turn, options, statuses));
    }

    ValidationCache sharedCache(4096);
    if (cache)
        options.cache = &sharedCache;
    std::atomic<int> mismatches = 0;
    std::mutex firstMismatchMutex;
    std::string firstMismatch;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            Evaluator evaluator(compiled.set);
            std::vector<ClauseStatus> statuses;
            for (int round = 0; round < kRounds; ++round) {
                for (int k = 0; k < kTurns; ++k) {
                    // Each thread walks the turns from another place, so that threads evaluate
                    // different turns and the same ones at different times.
                    const std::size_t i = std::size_t((k + t * kTurns / kThreads) % kTurns);
                    const std::string got =
                        evaluateOne(evaluator, turns.inputs[i], options, statuses);
                    if (got != expected[i] && mismatches++ == 0) {
                        const std::lock_guard lock(firstMismatchMutex);
                        firstMismatch = "turn " + std::to_string(i) + ", thread "
                            + std::to_string(t) + ", round " + std::to_string(round)
                            + "\n--- expected\n" + expected[i] + "--- got\n" + got;
                    }
                }
            }
        });
    }
    for (std::thread &thread : threads)
        thread.join();
    if (mismatches.load() != 0)
        qWarning("%s", firstMismatch.c_str());
    QCOMPARE(mismatches.load(), 0);
    if (cache) {
        const CacheStats stats = sharedCache.stats();
        QVERIFY(stats.hits > 0);
    }
}

// value.h: "a Value may be read from several threads at once". isAscii() remembers its answer
// in the value (and copies take it along), so a const call writes: several threads asking the
// same value, and copying it meanwhile, must not race (ThreadSanitizer checks the writes).
void TestConcurrency::sharedValueAsciiFlag()
{
    const std::string longAscii(4096, 'a');
    const std::string longUnicode = std::string(4096, 'a') + "é";
    const Value values[] = {Value::string(longAscii), Value::string(longUnicode),
        Value::borrowedString(longAscii), Value::borrowedString(longUnicode),
        Value::list({Value::string(longUnicode)})};
    std::atomic<int> wrong = 0;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int round = 0; round < 200; ++round) {
                for (int i = 0; i < 4; ++i) {
                    const Value copy = values[i]; // copies the flag while others set it
                    if (values[i].isAscii() != (i % 2 == 0) || copy.isAscii() != (i % 2 == 0))
                        ++wrong;
                    const Value part = values[i].sharedSubstring(values[i].asString().substr(1));
                    if (part.isAscii() != (i % 2 == 0))
                        ++wrong;
                }
                if (values[4].asList()[0].isAscii())
                    ++wrong;
            }
        });
    }
    for (std::thread &thread : threads)
        thread.join();
    QCOMPARE(wrong.load(), 0);
}

QTEST_APPLESS_MAIN(TestConcurrency)
#include "tst_concurrency.moc"
