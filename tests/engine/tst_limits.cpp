// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later

// The engine at the sizes users reach (generated blocklists, 50,000-term conditions, deep
// context paths, huge windows, runaway strings and regexes) and the limits of engine/limits.h:
// every input either works or gets a diagnostic or an error verdict naming the limit — never a
// crash, a silently wrong verdict or an unbounded allocation. Everything runs on a thread with
// a 512 KiB stack, the stack the Studio's check and live-evaluation workers have.

#include "engine/compiledset.h"
#include "engine/diagnosticcodes.h"
#include "engine/evaluator.h"
#include "engine/formatter.h"
#include "engine/languageservice.h"
#include "engine/limits.h"
#include "engine/probabilisticwindows.h"
#include "tests/common/workerstack.h"

#include <QTest>

#include <functional>
#include <memory>
#include <malloc.h>
#include <pthread.h>

using namespace Qt::StringLiterals;
using namespace llmcl::engine;

namespace {

constexpr std::size_t kWorkerStack = llmcl::test::kWorkerStackBytes;

// Runs `work` on a new thread with a 512 KiB stack (more in sanitizer builds: workerstack.h)
// and waits for it.
void onSmallStack(const std::function<void()> &work)
{
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setstacksize(&attributes, kWorkerStack);
    pthread_t thread;
    auto *job = new std::function<void()>(work);
    const int rc = pthread_create(
        &thread, &attributes,
        [](void *argument) -> void * {
            auto *f = static_cast<std::function<void()> *>(argument);
            (*f)();
            delete f;
            return nullptr;
        },
        job);
    pthread_attr_destroy(&attributes);
    QCOMPARE(rc, 0);
    pthread_join(thread, nullptr);
}

struct Outcome
{
    std::vector<Diagnostic> diagnostics;
    bool compiled = false;
    ClauseStatus status = ClauseStatus::Skipped;
    std::string message;
    std::size_t values = 0; // explanation lines with tracing on
};

bool hasCode(const std::vector<Diagnostic> &diagnostics, std::string_view code)
{
    for (const Diagnostic &d : diagnostics)
        if (d.code == code)
            return true;
    return false;
}

std::string errorsOf(const std::vector<Diagnostic> &diagnostics)
{
    std::string out;
    for (const Diagnostic &d : diagnostics)
        if (d.severity == Severity::Error)
            out += formatDiagnosticHeader(d) + '\n';
    return out;
}

// Compiles `source` and evaluates its first clause on each response, with tracing on and off;
// with `everyStage` also formats it and asks the language service about it — every stage a
// user's file goes through. On a 512 KiB stack.
std::vector<Outcome> runEach(
    const std::string &source, const std::vector<std::string> &responses, bool everyStage)
{
    std::vector<Outcome> outcomes(responses.size());
    onSmallStack([&] {
        CompileRequest request;
        const std::string path = "limits.llmcl";
        request.files = {path};
        request.overrides[path] = source;
        const CompileResult compiled = compileContracts(request);
        Evaluator *evaluator = nullptr;
        std::unique_ptr<Evaluator> owner;
        if (compiled.set) {
            owner = std::make_unique<Evaluator>(compiled.set);
            evaluator = owner.get();
        }
        for (std::size_t i = 0; i < responses.size(); ++i) {
            Outcome &outcome = outcomes[i];
            outcome.diagnostics = compiled.diagnostics;
            outcome.compiled = evaluator != nullptr;
            if (!evaluator)
                continue;
            TurnInput turn;
            turn.content = "hi";
            turn.response = responses[i];
            const TurnResult plain = evaluator->evaluateTurn(turn);
            EvalOptions traced;
            traced.trace = true;
            const TurnResult explained = evaluator->evaluateTurn(turn, traced);
            const ClauseVerdict &verdict = plain.contracts.at(0).clauses.at(0);
            outcome.status = verdict.status;
            outcome.message = verdict.message;
            const ClauseVerdict &tracedVerdict = explained.contracts.at(0).clauses.at(0);
            outcome.values = tracedVerdict.values.size();
            if (tracedVerdict.status != verdict.status)
                outcome.message += " [traced verdict differs]";
        }
        if (everyStage) {
            (void)formatSource(source);
            const LanguageService service = LanguageService::analyse(path, source);
            (void)service.documentSymbols();
            (void)service.hoverAt(source.size() / 2);
            (void)service.completionsAt(source.size() / 2);
        }
    });
    return outcomes;
}

Outcome run(const std::string &source, const std::string &response = "hello")
{
    return runEach(source, {response}, true).front();
}

std::string chain(std::string_view first, std::string_view separator, std::string_view term,
    std::size_t count)
{
    std::string out(first);
    out.reserve(first.size() + count * (separator.size() + term.size()));
    for (std::size_t i = 0; i < count; ++i) {
        out += separator;
        out += term;
    }
    return out;
}

std::string contract(const std::string &clause)
{
    return "contract Big {\n    " + clause + "\n}\n";
}

} // namespace

class TestLimits : public QObject
{
    Q_OBJECT

private slots:
    // A generated condition of 50,000 terms is one n-ary node: it compiles and evaluates, and
    // its verdict is right whichever term decides.
    void longAndChain()
    {
        const std::string terms = chain("len(response) > 0", " and ", "len(response) > 0", 49'998);
        const std::vector<Outcome> outcomes =
            runEach(contract("ensure " + terms + " and len(response) < 10"), {"hello", "hello world"},
                true);
        const Outcome &passes = outcomes[0];
        QVERIFY2(passes.compiled, errorsOf(passes.diagnostics).c_str());
        QCOMPARE(passes.status, ClauseStatus::Pass);
        const Outcome &fails = outcomes[1];
        QCOMPARE(fails.status, ClauseStatus::Fail);
        // The generated message prints a bounded part of the condition.
        QVERIFY(fails.message.size() < 2000);
        QVERIFY(fails.values > 0 && fails.values <= 50'002);
    }

    void longOrChain()
    {
        const std::string terms = chain("contains(response, \"x0\")", " or ",
            "contains(response, \"nothing\")", 49'998);
        const std::vector<Outcome> outcomes = runEach(
            contract("ensure " + terms + " or contains(response, \"last\")"), {"the last word", "no"},
            false);
        QCOMPARE(outcomes[0].status, ClauseStatus::Pass);
        QCOMPARE(outcomes[1].status, ClauseStatus::Fail);
    }

    // A temporal clause over a long `and` becomes a balanced formula.
    void longTemporalChain()
    {
        // `always` takes everything to its right: parenthesised, each is one term.
        const std::string terms = chain("(always(len(response) > 0))", " and ",
            "(always(len(response) > 0))", 20'000);
        Outcome outcome = run(contract("temporal " + terms));
        QVERIFY2(outcome.compiled, errorsOf(outcome.diagnostics).c_str());
        QVERIFY(outcome.status != ClauseStatus::Error);
    }

    // Chains that the tree cannot hold flat are refused with E1103 at their range.
    void tallChains_data()
    {
        QTest::addColumn<QString>("clause");
        QTest::newRow("member-chain-100000")
            << QString::fromStdString("ensure " + chain("context", "", ".a", 100'000) + " == 1");
        QTest::newRow("index-chain-100000")
            << QString::fromStdString("ensure " + chain("context", "", "[0]", 100'000) + " == 1");
        QTest::newRow("plus-chain-50000")
            << QString::fromStdString("ensure " + chain("1", " + ", "1", 50'000) + " > 0");
        QTest::newRow("times-chain-50000")
            << QString::fromStdString("ensure " + chain("1", " * ", "1", 50'000) + " > 0");
        QTest::newRow("method-chain-20000")
            << QString::fromStdString("ensure " + chain("response", "", ".lower()", 20'000) + " == \"\"");
        QTest::newRow("nested-calls-100000")
            << QString::fromStdString("ensure " + std::string(100'000, '(') + "1"
                   + std::string(100'000, ')') + " > 0");
        QTest::newRow("not-100000")
            << QString::fromStdString("ensure " + chain("", "", "not ", 100'000) + "true");
        QTest::newRow("minus-100000")
            << QString::fromStdString("ensure " + chain("", "", "- ", 100'000) + "len(response) < 0");
        QTest::newRow("chain-in-option")
            << QString::fromStdString("ensure len(response) > 0 auto_fix: "
                   + chain("response", " + ", "\"!\"", 10'000));
    }
    void tallChains()
    {
        QFETCH(QString, clause);
        const Outcome outcome = run(contract(clause.toStdString()));
        QVERIFY(!outcome.compiled);
        QVERIFY2(hasCode(outcome.diagnostics, codes::nestingTooDeep),
            errorsOf(outcome.diagnostics).c_str());
    }

    // A syntax error inside a tall expression (a trailing '.', an unfinished call) ends it
    // early: the partial tree is measured too and dropped, the syntax error is what the user
    // sees. Found by llmcl-fuzz-structured: the checker overflowed the stack on the partial
    // tree (`llmcl check` died with SIGSEGV on the first row).
    void tallChainsCutShort_data()
    {
        QTest::addColumn<QString>("clause");
        QTest::newRow("member-chain")
            << QString::fromStdString("ensure " + chain("context", "", ".a", 100'000) + ".");
        QTest::newRow("list-member-chain")
            << QString::fromStdString("ensure " + chain("[1, 2]", "", ".b", 100'000) + ".f(");
        QTest::newRow("plus-chain")
            << QString::fromStdString("ensure " + chain("1", " + ", "1", 50'000) + " + ");
    }
    void tallChainsCutShort()
    {
        QFETCH(QString, clause);
        const Outcome outcome = run(contract(clause.toStdString()));
        QVERIFY(!outcome.compiled);
        QVERIFY(hasCode(outcome.diagnostics, codes::unexpectedToken)
            || hasCode(outcome.diagnostics, codes::nestingTooDeep));
    }

    // The tallest trees the parser accepts pass through every stage on a 512 KiB stack.
    void tallestAccepted_data()
    {
        QTest::addColumn<QString>("clause");
        const std::size_t n = limits::kNestingDepth - 3;
        QTest::newRow("member-chain")
            << QString::fromStdString("ensure " + chain("context", "", ".a", n) + " == 1");
        QTest::newRow("plus-chain")
            << QString::fromStdString("ensure " + chain("len(response)", " + ", "len(response)", n) + " > 0");
        QTest::newRow("method-chain")
            << QString::fromStdString("ensure " + chain("response", "", ".lower()", n) + " != \"\"");
        std::string calls = "response";
        for (std::size_t i = 0; i < n / 2 - 2; ++i)
            calls = "lower(" + calls + ")";
        QTest::newRow("nested-calls") << QString::fromStdString("ensure " + calls + " != \"\"");
        QTest::newRow("not") << QString::fromStdString("ensure " + chain("", "", "not ", n - 2)
                                                        + "len(response) > 0");
        std::string temporal = "len(response) > 0";
        for (std::size_t i = 0; i < n / 4 - 2; ++i) // four parser levels each
            temporal = "always(" + temporal + ")";
        QTest::newRow("temporal") << QString::fromStdString("temporal " + temporal);
    }
    void tallestAccepted()
    {
        QFETCH(QString, clause);
        const Outcome outcome = run(contract(clause.toStdString()));
        QVERIFY2(!hasCode(outcome.diagnostics, codes::nestingTooDeep),
            errorsOf(outcome.diagnostics).c_str());
        QVERIFY2(outcome.compiled, errorsOf(outcome.diagnostics).c_str());
    }

    // A blocklist of 100,000 calls: no item is lost (16-bit operand counts once cut it at
    // 65,536 and passed a response containing the last word).
    void wideListLiteral()
    {
        std::string items;
        for (int i = 0; i < 100'000; ++i)
            items += (i ? ", " : "") + ("contains(response, \"w" + std::to_string(i) + "x\")");
        const std::string source = contract("ensure not any([" + items + "])");
        const std::vector<Outcome> outcomes =
            runEach(source, {"hello w99999x", "hello w65536x", "hello w0x", "hello"}, true);
        QCOMPARE(outcomes[0].status, ClauseStatus::Fail);
        QCOMPARE(outcomes[1].status, ClauseStatus::Fail);
        QCOMPARE(outcomes[2].status, ClauseStatus::Fail);
        QCOMPARE(outcomes[3].status, ClauseStatus::Pass);
    }

    void millionItemConstantList()
    {
        // Items that read the response, so the list is built at run time, not folded.
        const std::string items = chain("len(response)", ", ", "0", 999'999);
        const std::vector<Outcome> outcomes = runEach(
            contract("ensure [" + items + ", len(response) + 1][1000000] == 6"), {"hello"}, false);
        QVERIFY2(outcomes[0].compiled, errorsOf(outcomes[0].diagnostics).c_str());
        QCOMPARE(outcomes[0].status, ClauseStatus::Pass);
    }

    // Map literals of 100,000 entries, each key given twice: a repeated key keeps its first
    // position and takes its last value, whether the map is folded by the checker (a contract
    // parameter), by the compiler, or built at run time. Each of the three resolved repeats by
    // scanning the entries seen so far: a fuzzer's 65,530-key parameter took ten minutes under
    // ASan (fuzz/regressions/structured/map-parameter-of-65530-keys).
    void wideMapLiteral_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("parameter");
        QTest::newRow("folded") << QStringLiteral("%1") << false;
        QTest::newRow("run-time") << QStringLiteral("len(response) + %1") << false;
        QTest::newRow("contract-parameter") << QStringLiteral("%1") << true;
    }

    void wideMapLiteral()
    {
        QFETCH(QString, value);
        QFETCH(bool, parameter);
        constexpr int kKeys = 50'000;
        std::string entries;
        for (int round = 0; round < 2; ++round)
            for (int i = 0; i < kKeys; ++i) {
                const int number = round * kKeys + i;
                entries += (number ? ", " : "");
                entries += "\"k" + std::to_string(i) + "\": " + value.arg(number).toStdString();
            }
        // "hello" is 5 code points: the run-time values are 5 more than the folded ones.
        const int offset = value.contains(QLatin1String("response")) ? 5 : 0;
        std::string expected = "{";
        for (int i = 0; i < kKeys; ++i)
            expected += (i ? ", \"k" : "\"k") + std::to_string(i)
                + "\": " + std::to_string(kKeys + i + offset);
        expected += "}";
        const std::string source = parameter
            ? "contract Big(m = {" + entries + "}) {\n    ensure str(m) == '" + expected + "'\n}\n"
            : contract("ensure str({" + entries + "}) == '" + expected + "'");
        const Outcome outcome = runEach(source, {"hello"}, false).front();
        QVERIFY2(outcome.compiled, errorsOf(outcome.diagnostics).c_str());
        QCOMPARE(outcome.status, ClauseStatus::Pass);
    }

    // `extends` chains: kInheritanceDepth bases compile, one more is E2014.depth at the first
    // contract past the limit; a generated chain of 20,000 (or a cycle of 20,000) is reported in
    // linear time by the compiler and the language service alike (it took minutes: every
    // contract walked its whole chain).
    void inheritanceDepth_data()
    {
        QTest::addColumn<int>("bases");
        QTest::addColumn<bool>("cycle");
        QTest::addColumn<bool>("compiles");
        QTest::newRow("at-the-limit") << limits::kInheritanceDepth << false << true;
        QTest::newRow("one-past") << limits::kInheritanceDepth + 1 << false << false;
        QTest::newRow("generated-20000") << 20'000 << false << false;
        QTest::newRow("cycle-20000") << 20'000 << true << false;
    }

    void inheritanceDepth()
    {
        QFETCH(int, bases);
        QFETCH(bool, cycle);
        QFETCH(bool, compiles);
        // C0 is the root (or, for a cycle, extends the last); Ci extends C(i-1).
        std::string source = "contract C0" + (cycle ? " extends C" + std::to_string(bases) : "")
            + " { ensure len(response) > 0 }\n";
        for (int i = 1; i <= bases; ++i)
            source += "contract C" + std::to_string(i) + " extends C" + std::to_string(i - 1)
                + " { ensure len(response) < 100 }\n";
        const Outcome outcome = run(source);
        QCOMPARE(outcome.compiled, compiles);
        if (compiles) {
            QCOMPARE(outcome.status, ClauseStatus::Pass);
            return;
        }
        std::size_t tooDeep = 0;
        std::size_t cycles = 0;
        for (const Diagnostic &d : outcome.diagnostics) {
            QVERIFY2(d.code == codes::inheritanceCycle || d.code == codes::tooManyDiagnostics,
                formatDiagnosticHeader(d).c_str());
            tooDeep += d.templateId == "E2014.depth";
            cycles += d.templateId == "E2014";
        }
        if (cycle) {
            QCOMPARE(tooDeep, std::size_t {0});
            QCOMPARE(cycles, limits::kDiagnosticsPerFile); // then E1104
        } else {
            // Only C65, the first contract with more than 64 bases above it.
            QCOMPARE(tooDeep, std::size_t {1});
            QCOMPARE(cycles, std::size_t {0});
            const std::string expected = "contract 'C"
                + std::to_string(limits::kInheritanceDepth + 1) + "' has more than "
                + std::to_string(limits::kInheritanceDepth) + " bases above it";
            QVERIFY(outcome.diagnostics.front().message.starts_with(expected));
        }
    }

    void windowSizeLimit()
    {
        const Outcome huge =
            run(contract("ensure_prob len(response) > 0, 0.9 window_size: 10000000000"));
        QVERIFY(!huge.compiled);
        QVERIFY(hasCode(huge.diagnostics, codes::invalidOptionValue));
        const Outcome past = run(contract("ensure_prob len(response) > 0, 0.9 window_size: "
            + std::to_string(limits::kWindowSize + 1)));
        QVERIFY(!past.compiled);
        const Outcome largest = run(contract("ensure_prob len(response) > 0, 0.9 window_size: "
            + std::to_string(limits::kWindowSize)));
        QVERIFY2(largest.compiled, errorsOf(largest.diagnostics).c_str());
        QCOMPARE(largest.status, ClauseStatus::Pending);
    }

    // The largest window allocates with the results it has seen, not with N.
    void windowMemoryFollowsResults()
    {
        CompileRequest request;
        request.files = {"w.llmcl"};
        request.overrides["w.llmcl"] = contract(
            "ensure_prob len(response) > 0, 0.9 window_size: " + std::to_string(limits::kWindowSize));
        const CompileResult compiled = compileContracts(request);
        QVERIFY(compiled.set);
        Evaluator evaluator(compiled.set);
        TurnInput turn;
        turn.content = "hi";
        turn.response = "hello";
        TurnResult result = evaluator.evaluateTurn(turn);
        const std::size_t before = mallinfo2().uordblks;
        ProbabilisticWindows windows(compiled.set);
        for (int i = 0; i < 1000; ++i) {
            TurnResult copy = result;
            windows.apply(copy);
            QCOMPARE(copy.contracts.at(0).clauses.at(0).window->results, std::uint64_t(i + 1));
        }
        const std::size_t after = mallinfo2().uordblks;
        QVERIFY2(after < before + 1024 * 1024,
            qPrintable(u"windows grew by %1 bytes"_s.arg(after - before)));
    }

    // Strings built at run time stop at limits::kStringBytes with an error verdict.
    void runtimeStringCap_data()
    {
        QTest::addColumn<QString>("condition");
        QTest::addColumn<QString>("message");
        QTest::newRow("concatenation") << u"len((\"a\" * 10000000) + (\"b\" * 10000000)) > 0"_s
                                       << u"concatenation result too large (over 16 MiB)"_s;
        QTest::newRow("replace-blow-up")
            << u"len(replace(\"a\" * 1000000, \"a\", \"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\")) > 0"_s
            << u"replace(): result too large (over 16 MiB)"_s;
        QTest::newRow("replace-empty")
            << u"len(replace(\"a\" * 1000000, \"\", \"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\")) > 0"_s
            << u"replace(): result too large (over 16 MiB)"_s;
        QTest::newRow("regex-replace-blow-up")
            << u"len(regex_replace(\"a\" * 1000000, \"a\", \"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\")) > 0"_s
            << u"regex_replace(): result too large (over 16 MiB)"_s;
        QTest::newRow("join")
            << u"len(join([\"a\" * 9000000, \"b\" * 9000000], \",\")) > 0"_s
            << u"join(): result too large (over 16 MiB)"_s;
        QTest::newRow("list-concatenation")
            << u"len(([1] * 1000000) + ([2] * 1000000)) > 0"_s
            << u"concatenation result too large (over 1,048,576 items)"_s;
        QTest::newRow("repetition")
            << u"len(\"ab\" * 100000000) > 0"_s << u"repetition result too large (over 16 MiB)"_s;
    }
    void runtimeStringCap()
    {
        QFETCH(QString, condition);
        QFETCH(QString, message);
        // The operands come from the response, so nothing is folded at compile time.
        const std::string source = contract("ensure " + condition.toStdString());
        const Outcome outcome = run(source);
        QVERIFY2(outcome.compiled, errorsOf(outcome.diagnostics).c_str());
        QCOMPARE(outcome.status, ClauseStatus::Error);
        QCOMPARE(QString::fromStdString(outcome.message), message);
    }

    // find_all and regex_replace call PCRE2 once per match: the budget is the clause's, not
    // the call's. Each search below costs hundreds of thousands of steps before it finds its
    // '!'; a few are fine, thousands are refused rather than running for minutes.
    void regexBudgetAcrossCalls_data()
    {
        QTest::addColumn<QString>("function");
        QTest::newRow("find_all") << u"len(find_all(response, r\"(?:a|aa)+c|!\")) > 0"_s;
        QTest::newRow("regex_replace")
            << u"len(regex_replace(response, r\"(?:a|aa)+c|!\", \"?\")) > 0"_s;
    }
    void regexBudgetAcrossCalls()
    {
        QFETCH(QString, function);
        const std::string source = contract("ensure " + function.toStdString());
        std::string segment(22, 'a');
        segment += '!';
        std::string few, many;
        for (int i = 0; i < 20; ++i)
            few += segment;
        for (int i = 0; i < 20'000; ++i)
            many += segment;
        const Outcome cheap = run(source, few);
        QCOMPARE(cheap.status, ClauseStatus::Pass);
        const Outcome expensive = run(source, many);
        QCOMPARE(expensive.status, ClauseStatus::Error);
        QVERIFY2(expensive.message.find("budget") != std::string::npos, expensive.message.c_str());
        // Many cheap matches stay well within the budget.
        std::string words;
        for (int i = 0; i < 50'000; ++i)
            words += "word ";
        QCOMPARE(run(contract("ensure len(find_all(response, r\"\\w+\")) == 50000"), words).status,
            ClauseStatus::Pass);
    }
};

QTEST_GUILESS_MAIN(TestLimits)
#include "tst_limits.moc"
