// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later

// Table tests of LLMCL expressions evaluated end to end (parse, check, compile, evaluate): every
// operator and built-in as a user writes them, with the turn's variables, parameters and
// context, plus the evaluator's API guarantees (phases, fixes, explanations, thread safety).

#include "engine/compiledset.h"
#include "engine/evaluator.h"
#include "engine/json.h"
#include "engine/validationcache.h"

#include <QElapsedTimer>
#include <QTest>

#include <atomic>
#include <thread>
#include <tuple>

using namespace Qt::StringLiterals;
using namespace llmcl::engine;

namespace {

constexpr std::string_view kContent = "Hello, world!";
constexpr std::string_view kResponse = "héllo wörld 🌍";
constexpr std::string_view kContext = R"({"user_type": "admin", "nothing": null, "n": 7,
    "items": [3, 1, 2], "nested": {"a": {"b": [10, 20]}}, "big": 9223372036854775807,
    "payload": "{\"a\": {\"b\": [1, 2, 3]}, \"ok\": true}"})";

struct Evaluation
{
    ClauseStatus status = ClauseStatus::Skipped;
    std::string message;
    std::string diagnostics;
};

// Evaluates `ensure <condition>` in a contract with parameters, on the fixed turn above.
Evaluation evaluate(const std::string &condition)
{
    Evaluation result;
    CompileRequest request;
    const std::string path = "expr.llmcl";
    request.files = {path};
    request.overrides[path] = "contract T(limit = 5, words = [\"a\", \"b\"], ratio = 0.5) {\n"
                              "    ensure "
        + condition + "\n}\n";
    const CompileResult compiled = compileContracts(request);
    for (const Diagnostic &d : compiled.diagnostics)
        if (d.severity == Severity::Error)
            result.diagnostics += formatDiagnosticHeader(d) + '\n';
    if (!compiled.set)
        return result;
    TurnInput turn;
    turn.content = kContent;
    turn.response = kResponse;
    turn.turnNumber = 2;
    turn.conversationLength = 2;
    turn.previousContent = "Hi";
    turn.previousResponse = "Hello!";
    std::string error;
    if (!parseJson(kContext, turn.context, error))
        qFatal("bad test context: %s", error.c_str());
    Value history;
    parseJson(R"([{"content": "Hi", "response": "Hello!"}])", turn.history, error);
    Evaluator evaluator(compiled.set);
    const TurnResult r = evaluator.evaluateTurn(turn);
    const ClauseVerdict &verdict = r.contracts.at(0).clauses.at(0);
    result.status = verdict.status;
    result.message = verdict.message;
    return result;
}

} // namespace

class TestEvaluator : public QObject
{
    Q_OBJECT

private slots:
    void expressions_data();
    void expressions();
    void runtimeErrors_data();
    void runtimeErrors();
    void compileErrors_data();
    void compileErrors();
    void catastrophicRegexIsBounded();
    void inputPhaseOnly();
    void explanationsOnlyWhenTracing();
    void explanationsOnlyForFailures();
    void explanationsShowPatternAndMatch();
    void fastPathAgreesWithFullEvaluation();
    void compiledSetIsSharedAcrossThreads();
    void cacheServesRepeatedTurns();
    void cacheHashesEmptyTexts();
    void cacheMissesOnlyChangedClauses();
    void cacheEvicts();
    void cacheFrontFollowsClearAndCounts();
    void cacheCollisionsServeEachTextItsVerdict();
    void cacheRebasesErrorRanges();
    void cacheKeepsWithinByteBudget();
    void cacheIsSharedAcrossThreads();
};

// Each row's expression must evaluate to true.
void TestEvaluator::expressions_data()
{
    QTest::addColumn<QString>("expression");
    const auto row = [](const char *name, const char *expression) {
        QTest::newRow(name) << QString::fromUtf8(expression);
    };
    // Literals and truthiness.
    row("null-falsy", "not null");
    row("zero-falsy", "not 0 and not 0.0 and not \"\" and not [] and not {}");
    row("nonempty-truthy", "1 and \"x\" and [0] and {\"k\": null}");
    row("and-yields-bool", "(1 and 2) == true");
    row("or-yields-bool", "(0 or \"\") == false");
    // Arithmetic.
    row("precedence", "1 + 2 * 3 == 7 and (1 + 2) * 3 == 9");
    row("true-division", "7 / 2 == 3.5 and type(4 / 2) == \"float\"");
    row("modulo-python-sign", "-7 % 3 == 2 and 7 % -3 == -2");
    row("float-modulo", "5.5 % 2 == 1.5");
    row("int-float-mix", "1 + 0.5 == 1.5 and 1 == 1.0");
    row("unary-minus", "-limit == -5 and - -3 == 3");
    row("string-concat", "\"a\" + \"b\" == \"ab\" and content + \"\" == content");
    row("list-concat", "[1] + [2, 3] == [1, 2, 3]");
    row("string-repeat", "\"ab\" * 3 == \"ababab\" and \"x\" * 0 == \"\"");
    row("min-int-literal", "-9223372036854775807 - 1 < 0");
    // Comparisons.
    row("chained", "0 < len(response) < 20 and not (1 < 0 < 1 / 0)");
    row("chained-three", "1 < 2 < 3 < 4 and not (1 < 3 < 2)");
    row("string-ordering", "\"abc\" < \"abd\" and \"Z\" < \"a\"");
    row("list-ordering", "[1, 2] < [1, 3] and [1] < [1, 0]");
    row("mixed-type-equality", "\"5\" != 5 and null != 0 and [1] != 1");
    row("in-string", "\"wor\" in content and \"xyz\" not in content");
    row("in-list", "2 in items and 5 not in items and \"a\" in words");
    row("in-map", "\"user_type\" in context and \"missing\" not in context");
    // Short circuit.
    row("and-short-circuit", "not (exists(nothing) and len(nothing) > 3)");
    row("or-short-circuit", "exists(n) or len(nothing) > 3");
    row("implies-short-circuit", "exists(nothing) implies len(nothing) > 3");
    row("if-lazy", "if true then 1 else 1 / 0");
    row("else-if-chain",
        "(if n < 5 then \"low\" else if n < 10 then \"mid\" else \"high\") == \"mid\"");
    // Names.
    row("turn-variables",
        "turn_number == 2 and conversation_length == 2 and prev_content == \"Hi\"");
    row("history", "len(history) == 1 and history[0][\"response\"] == prev_response");
    row("context-member", "context.user_type == \"admin\" and user_type == \"admin\"");
    row("context-missing-key", "context.missing == null and context[\"missing\"] == null");
    row("nested-member", "nested.a.b[1] == 20");
    row("parameters", "limit == 5 and words == [\"a\", \"b\"] and ratio == 0.5");
    // Unicode and slicing.
    row("len-code-points", "len(response) == 13 and len(\"🌍\") == 1");
    row("index-unicode", "response[1] == \"é\" and response[-1] == \"🌍\"");
    row("slice", "response[:5] == \"héllo\" and response[6:11] == \"wörld\"");
    row("negative-slice", "response[-7:-2] == \"wörld\" and content[-6:] == \"world!\"");
    row("slice-clamps",
        "content[5:100] == \", world!\" and content[100:] == \"\" and content[3:1] == \"\"");
    row("list-slice", "items[1:] == [1, 2] and items[-1] == 2 and items[:-1] == [3, 1]");
    // Methods.
    row("method-call", "response.upper().starts_with(\"HÉLLO\")");
    row("method-chain", "content.lower().replace(\"world\", \"there\") == \"hello, there!\"");
    // Text built-ins.
    row("contains",
        "contains(content, \"world\") and contains(items, 3) and contains(context, \"n\")");
    row("starts-ends",
        "starts_with(content, \"Hell\") and startswith(content, \"H\") and "
        "ends_with(content, \"!\") and endswith(content, \"d!\")");
    row("lower-upper-unicode", "lower(\"ÀÉÎ ΣΑ Ж\") == \"àéî σα ж\" and upper(\"éa\") == \"ÉA\"");
    row("trim", "trim(\"  a b \\n\") == \"a b\" and strip(\"\\t x\") == \"x\"");
    row("replace", "replace(\"a-b-c\", \"-\", \"+\") == \"a+b+c\"");
    row("split-whitespace", "split(\"  a  b c \") == [\"a\", \"b\", \"c\"]");
    row("split-separator",
        "split(\"a,b,,c\", \",\") == [\"a\", \"b\", \"\", \"c\"] and "
        "split(\"a;b\", sep = \";\") == [\"a\", \"b\"]");
    row("join", "join([\"a\", \"b\"], \"-\") == \"a-b\" and join([], \",\") == \"\"");
    row("count", "count(\"banana\", \"an\") == 2 and count(items, 1) == 1 and count(items) == 3");
    row("word-count", "word_count(response) == 3 and word_count(\"\") == 0");
    // Regex built-ins.
    row("match-search", "match(content, r\"w\\w+\") and not match(content, \"^world\")");
    row("match-case-insensitive", "match(content, \"(?i)HELLO\")");
    row("match-unicode", "match(response, r\"^\\w+\\s\") and match(response, \"ö\")");
    row("full-match",
        "full_match(\"abc123\", r\"[a-z]+\\d+\") and not full_match(content, \"Hello\")");
    row("extract",
        "extract(content, r\"(\\w+)!\", 1) == \"world\" and extract(content, \"zz\") == null");
    row("extract-named", "extract(\"id=42\", r\"id=(?P<num>\\d+)\", \"num\") == \"42\"");
    row("find-all", "find_all(\"a1b22c333\", r\"\\d+\") == [\"1\", \"22\", \"333\"]");
    row("regex-replace", "regex_replace(\"a1b22\", r\"(\\d+)\", \"<$1>\") == \"a<1>b<22>\"");
    row("dynamic-pattern", "match(content, user_type[0:1] + \"?Hel\")");
    // JSON.
    row("json-valid", "json_valid(payload) and json_valid(\"42\") and not json_valid(\"{\")");
    row("json-valid-empty-first", "not json_valid(\"\") and not json_valid(content[0:0])");
    row("json-parse", "json_parse(payload)[\"a\"][\"b\"] == [1, 2, 3]");
    row("json-extract",
        "json_extract(payload, \"$.a.b[0]\") == 1 and json_extract(payload, \"$.a.b[-1]\") == 3");
    row("json-extract-missing", "json_extract(payload, \"$.zz\") == null");
    row("json-has", "json_has(payload, \"$.ok\") and not json_has(payload, \"$.a.c\")");
    // Checks.
    row("email", "email_valid(\"a.b@example.com\") and not email_valid(\"a@b\")");
    row("url", "url_valid(\"https://example.com/x\") and not url_valid(\"ftp://x\")");
    // Collections and numbers.
    row("first-last", "first(items) == 3 and last(items) == 2 and first([], 0) == 0");
    row("min-max-sum", "min(items) == 1 and max(items) == 3 and sum(items) == 6");
    row("any-all", "any([0, \"\", 1]) and not all([1, 0]) and all([])");
    row("abs", "abs(-3) == 3 and abs(-2.5) == 2.5");
    row("round-half-even", "round(2.5) == 2 and round(3.5) == 4 and round(-0.5) == 0");
    row("round-ndigits",
        "round(2.675, 2) == 2.67 and type(round(2.5)) == \"int\" and type(round(2.5, 0)) == "
        "\"float\"");
    row("conversions",
        "int(\" 42 \") == 42 and int(3.9) == 3 and float(\"1.5\") == 1.5 and "
        "str(1.0) == \"1.0\" and str(null) == \"null\" and bool(\"x\")");
    row("type",
        "type(null) == \"null\" and type(1) == \"int\" and type(1.0) == \"float\" and "
        "type(\"\") == \"string\" and type([]) == \"list\" and type({}) == \"map\" and "
        "type(true) == \"bool\"");
    row("exists", "exists(user_type) and not exists(nothing) and not exists(context.missing)");
    row("keyword-argument", "first([], default = 7) == 7");
}

void TestEvaluator::expressions()
{
    QFETCH(QString, expression);
    const Evaluation e = evaluate(expression.toStdString());
    QVERIFY2(e.diagnostics.empty(), e.diagnostics.c_str());
    QVERIFY2(e.status == ClauseStatus::Pass,
        qPrintable(u"status "_s + QString::fromUtf8(clauseStatusName(e.status)) + u": "_s
            + QString::fromStdString(e.message)));
}

// Each row must be an `error` verdict whose message contains the expected text.
void TestEvaluator::runtimeErrors_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("message");
    const auto row = [](const char *name, const char *expression, const char *message) {
        QTest::newRow(name) << QString::fromUtf8(expression) << QString::fromUtf8(message);
    };
    row("division-by-zero", "n / 0 > 1", "division by zero");
    row("modulo-by-zero", "n % 0 == 0", "by zero");
    row("integer-overflow-add", "big + 1 > 0", "overflow");
    row("integer-overflow-multiply", "big * 2 > 0", "overflow");
    row("integer-overflow-negate", "-(-big - 1) > 0", "overflow");
    row("string-number-compare", "\"5\" > n", "not supported");
    row("string-plus-int", "content + 1 == \"\"", "unsupported operand");
    row("undefined-name", "no_such_key == 1", "no_such_key");
    row("index-out-of-range", "items[10] == 1", "out of range");
    row("index-null", "nothing[0] == 1", "null");
    row("member-of-int", "n.x == 1", "member");
    row("len-of-null", "len(nothing) > 0", "len");
    row("invalid-dynamic-regex", "match(content, user_type + \"(\")",
        "missing closing parenthesis");
    row("json-parse-invalid", "json_parse(content) == {}", "JSON");
    row("int-invalid", "int(content) == 1", "int");
    row("bad-json-path", "json_extract(payload, \"a.b\") == 1", "path");
    row("lower-of-int", "lower(n) == \"7\"", "lower");
}

void TestEvaluator::runtimeErrors()
{
    QFETCH(QString, expression);
    QFETCH(QString, message);
    const Evaluation e = evaluate(expression.toStdString());
    QVERIFY2(e.diagnostics.empty(), e.diagnostics.c_str());
    QCOMPARE(e.status, ClauseStatus::Error);
    QVERIFY2(QString::fromStdString(e.message).contains(message, Qt::CaseInsensitive),
        e.message.c_str());
}

// Each row must be refused at compile time with the given code.
void TestEvaluator::compileErrors_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("code");
    QTest::newRow("unknown-function") << u"lenght(content) > 1"_s << u"E2001"_s;
    QTest::newRow("arity") << u"len(content, response) > 1"_s << u"E2002"_s;
    QTest::newRow("literal-type") << u"len(5) > 1"_s << u"E2003"_s;
    QTest::newRow("invalid-regex-literal") << u"match(content, \"[a-\")"_s << u"E2004"_s;
    QTest::newRow("temporal-outside") << u"always true"_s << u"E2013"_s;
    QTest::newRow("keyword-unknown") << u"split(content, by = \",\") == []"_s << u"E2015"_s;
    QTest::newRow("match-group-outside-fix") << u"match_group == null"_s << u"E2017"_s;
}

void TestEvaluator::compileErrors()
{
    QFETCH(QString, expression);
    QFETCH(QString, code);
    const Evaluation e = evaluate(expression.toStdString());
    QVERIFY2(
        QString::fromStdString(e.diagnostics).contains(u'[' + code + u']'), e.diagnostics.c_str());
}

void TestEvaluator::catastrophicRegexIsBounded()
{
    CompileRequest request;
    request.files = {"r.llmcl"};
    request.overrides["r.llmcl"] = "contract R { ensure match(response, r\"(a+)+$\") }";
    const CompileResult compiled = compileContracts(request);
    QVERIFY(compiled.set);
    const std::string response = std::string(30000, 'a') + 'b';
    TurnInput turn;
    turn.response = response;
    Evaluator evaluator(compiled.set);
    QElapsedTimer timer;
    timer.start();
    const TurnResult r = evaluator.evaluateTurn(turn);
    const qint64 elapsed = timer.elapsed();
    QCOMPARE(r.contracts[0].clauses[0].status, ClauseStatus::Error);
    QVERIFY2(QString::fromStdString(r.contracts[0].clauses[0].message).contains(u"limit"_s),
        r.contracts[0].clauses[0].message.c_str());
    // Generous for slow CI machines; the point is "milliseconds, not forever".
    QVERIFY2(elapsed < 2000, qPrintable(QString::number(elapsed) + u" ms"_s));
    QVERIFY(!r.valid);
}

void TestEvaluator::inputPhaseOnly()
{
    CompileRequest request;
    request.files = {"p.llmcl"};
    request.overrides["p.llmcl"] = "contract P {\n require len(content) > 0\n ensure false\n}";
    const CompileResult compiled = compileContracts(request);
    QVERIFY(compiled.set);
    TurnInput turn;
    turn.content = "hi";
    Evaluator evaluator(compiled.set);
    const TurnResult r = evaluator.evaluateTurn(turn);
    QVERIFY(r.valid);
    QVERIFY(!r.response);
    QCOMPARE(r.contracts[0].clauses[0].status, ClauseStatus::Pass);
    QCOMPARE(r.contracts[0].clauses[1].status, ClauseStatus::Skipped);
}

void TestEvaluator::explanationsShowPatternAndMatch()
{
    // Issue 18: `not match(response, ...)` said neither the pattern nor what it matched.
    CompileRequest request;
    request.files = {"m.llmcl"};
    request.overrides["m.llmcl"] =
        "contract M {\n"
        "    ensure not match(response, r\"(?i)\\b(password|secret|token)\\b\")\n"
        "    ensure not match(response, r\"(?i)\\b(password|secret|token|api[_-]?key|"
        "credential)\\b\")\n"
        "    ensure not match(response, \"a \\\"quoted\\\" text that is quite a bit longer "
        "than forty\")\n"
        "}\n";
    const CompileResult compiled = compileContracts(request);
    QVERIFY(compiled.set);
    TurnInput turn;
    turn.content = "hi";
    turn.response = "Ünïcödé: your Password is 1234, a \"quoted\" text that is quite a bit "
                    "longer than forty";
    const TurnResult result = Evaluator(compiled.set).evaluateTurn(turn, {.trace = true});
    const auto lines = [&](std::size_t clause) {
        std::vector<std::string> out;
        for (const Explanation &line : result.contracts.at(0).clauses.at(clause).values)
            out.push_back(line.expression + " = " + repr(line.value));
        return out;
    };
    // The pattern in full (raw, as written), then what it matched and where (code points).
    QCOMPARE(lines(0),
        (std::vector<std::string> {R"(match(response, r"(?i)\b(password|secret|token)\b") = true)",
            R"(match(response, r"(?i)\b(password|secret|token)\b") found = {"at": 14, )"
            R"("text": "Password"})",
            R"(not match(response, r"(?i)\b(password|secret|token)\b") = false)"}));
    // A long pattern: its middle elided.
    QCOMPARE(lines(1).at(0),
        std::string(R"(match(response, r"(?i)\b(password|secret|tok…credential)\b") = true)"));
    // A literal with quotes stays a quoted string.
    QCOMPARE(lines(2).at(0),
        std::string(R"(match(response, "a \"quoted\" text that is qu…er than forty") = true)"));
    // No match: no "found" line.
    turn.response = "nothing to see";
    const TurnResult clean = Evaluator(compiled.set).evaluateTurn(turn, {.trace = true});
    QCOMPARE(clean.contracts.at(0).clauses.at(0).status, ClauseStatus::Pass);
}

void TestEvaluator::explanationsOnlyWhenTracing()
{
    CompileRequest request;
    request.files = {"e.llmcl"};
    request.overrides["e.llmcl"] = "contract E { ensure len(response) >= 20 }";
    const CompileResult compiled = compileContracts(request);
    QVERIFY(compiled.set);
    TurnInput turn;
    turn.response = "twelve chars";
    Evaluator evaluator(compiled.set);
    QVERIFY(evaluator.evaluateTurn(turn).contracts[0].clauses[0].values.empty());
    const TurnResult traced = evaluator.evaluateTurn(turn, {.trace = true});
    const auto &values = traced.contracts[0].clauses[0].values;
    QCOMPARE(values.size(), 2u);
    QCOMPARE(values[0].expression, "len(response)");
    QCOMPARE(values[0].value.asInt(), 12);
    QCOMPARE(values[1].expression, "len(response) >= 20");
    QCOMPARE(values[1].value.asBool(), false);
}

// traceOnlyFailures: passing clauses carry no values, failing and erring ones the same values
// as with full tracing; an ensure_prob result that did not hold is explained. With and without
// the validation cache (a first untraced entry must not serve the traced evaluation).
void TestEvaluator::explanationsOnlyForFailures()
{
    CompileRequest request;
    request.files = {"e.llmcl"};
    request.overrides["e.llmcl"] = "contract E {\n"
                                   " ensure len(response) >= 5\n"
                                   " ensure len(response) >= 20\n"
                                   " ensure 1 / (len(response) - 12) > 0\n"
                                   " ensure_prob contains(response, \"x\"), 0.5 window_size: 10\n"
                                   "}";
    const CompileResult compiled = compileContracts(request);
    QVERIFY(compiled.set);
    TurnInput turn;
    turn.response = "twelve chars";
    for (int cached = 0; cached < 2; ++cached) {
        ValidationCache cache;
        EvalOptions all {.trace = true};
        EvalOptions failures {.trace = true, .traceOnlyFailures = true};
        if (cached) {
            all.cache = &cache;
            failures.cache = &cache;
        }
        Evaluator full(compiled.set);
        Evaluator lean(compiled.set);
        for (int round = 0; round < 2; ++round) {
            // The lean evaluator first, so that its untraced entries are in the cache.
            const TurnResult r = lean.evaluateTurn(turn, failures);
            const TurnResult f = full.evaluateTurn(turn, all);
            const auto &clauses = r.contracts[0].clauses;
            QCOMPARE(clauses[0].status, ClauseStatus::Pass);
            QVERIFY(clauses[0].values.empty());
            QVERIFY(!f.contracts[0].clauses[0].values.empty());
            for (std::size_t i : {1u, 2u, 3u}) {
                QVERIFY2(clauses[i].status != ClauseStatus::Pass, clauses[i].id().c_str());
                QCOMPARE(clauses[i].status, f.contracts[0].clauses[i].status);
                QCOMPARE(clauses[i].values.size(), f.contracts[0].clauses[i].values.size());
                if (clauses[i].status == ClauseStatus::Error)
                    continue; // the division stopped before any value was recorded
                QVERIFY2(!clauses[i].values.empty(), clauses[i].id().c_str());
                QCOMPARE(clauses[i].values[0].expression,
                    f.contracts[0].clauses[i].values[0].expression);
            }
        }
    }
}

// Empty texts whose views have no data pointer at all (found by llmcl-fuzz-structured under
// UBSan: the cache's hash passed it to memcpy).
void TestEvaluator::cacheHashesEmptyTexts()
{
    CompileRequest request;
    request.files = {"e.llmcl"};
    request.overrides["e.llmcl"] = "contract E {\n require len(content) == 0\n"
                                   " ensure len(response) == 0\n}";
    const CompileResult compiled = compileContracts(request);
    QVERIFY(compiled.set);
    ValidationCache cache;
    Evaluator evaluator(compiled.set);
    TurnInput turn;
    turn.content = std::string_view();
    turn.response = std::string_view();
    for (int round = 0; round < 2; ++round) {
        const TurnResult r = evaluator.evaluateTurn(turn, {.cache = &cache});
        QVERIFY(r.valid);
        QCOMPARE(r.contracts[0].clauses[1].status, ClauseStatus::Pass);
    }
}

void TestEvaluator::fastPathAgreesWithFullEvaluation()
{
    CompileRequest request;
    request.files = {"f.llmcl"};
    request.overrides["f.llmcl"] = "contract F {\n ensure len(response) > 3\n"
                                   " ensure contains(response, \"x\") severity: warning\n"
                                   " ensure 1 / len(content) > 0\n require true\n}";
    const CompileResult compiled = compileContracts(request);
    QVERIFY(compiled.set);
    TurnInput turn;
    turn.response = "abcd";
    Evaluator evaluator(compiled.set);
    std::vector<ClauseStatus> statuses;
    const bool valid = evaluator.evaluatePhase(turn, ClauseKind::Ensure, statuses);
    const TurnResult full = evaluator.evaluateTurn(turn);
    QCOMPARE(valid, full.valid);
    QVERIFY(!valid); // 1 / len("") divides by zero: an error is never a pass
    QCOMPARE(statuses.size(), 4u);
    for (std::size_t i = 0; i < 3; ++i)
        QCOMPARE(statuses[i], full.contracts[0].clauses[i].status);
    QCOMPARE(statuses[3], ClauseStatus::Skipped);
}

void TestEvaluator::compiledSetIsSharedAcrossThreads()
{
    CompileRequest request;
    request.files = {"t.llmcl"};
    request.overrides["t.llmcl"] = "contract T {\n ensure match(response, \"(?i)ok\\\\d+\")\n"
                                   " ensure json_valid(response) or len(response) < 100\n}";
    const CompileResult compiled = compileContracts(request);
    QVERIFY(compiled.set);
    std::atomic<int> failures = 0;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            Evaluator evaluator(compiled.set);
            for (int i = 0; i < 500; ++i) {
                const std::string response = "OK" + std::to_string(i * 4 + t);
                TurnInput turn;
                turn.response = response;
                const TurnResult r = evaluator.evaluateTurn(turn);
                if (!r.valid)
                    ++failures;
            }
        });
    }
    for (std::thread &t : threads)
        t.join();
    QCOMPARE(failures.load(), 0);
}

namespace {

std::shared_ptr<const CompiledSet> compileText(const std::string &text)
{
    CompileRequest request;
    request.files = {"c.llmcl"};
    request.overrides["c.llmcl"] = text;
    return compileContracts(request).set;
}

} // namespace

void TestEvaluator::cacheServesRepeatedTurns()
{
    const auto set = compileText("contract C(limit = 5) {\n"
                                 " require len(content) < limit\n"
                                 " ensure contains(response, \"ok\")\n"
                                 " ensure match(response, \"(?i)OK\") and turn_number > 0\n}");
    QVERIFY(set);
    ValidationCache cache;
    Evaluator evaluator(set);
    EvalOptions options;
    options.cache = &cache;
    TurnInput turn;
    turn.content = "hi";
    turn.response = "ok then";
    const TurnResult first = evaluator.evaluateTurn(turn, options);
    QCOMPARE(cache.stats().misses, 3u);
    QCOMPARE(cache.stats().hits, 0u);
    const TurnResult second = evaluator.evaluateTurn(turn, options);
    QCOMPARE(cache.stats().hits, 3u);
    for (std::size_t i = 0; i < 3; ++i)
        QCOMPARE(second.contracts[0].clauses[i].status, first.contracts[0].clauses[i].status);
    // A different response misses the two clauses that read it, not the one that reads content.
    turn.response = "nope";
    const TurnResult third = evaluator.evaluateTurn(turn, options);
    QCOMPARE(cache.stats().hits, 4u);
    QCOMPARE(cache.stats().misses, 5u);
    QCOMPARE(third.contracts[0].clauses[1].status, ClauseStatus::Fail);
    QVERIFY(!third.valid);
    // Tracing needs explanations: an entry stored without them misses once.
    options.trace = true;
    const TurnResult traced = evaluator.evaluateTurn(turn, options);
    QVERIFY(!traced.contracts[0].clauses[1].values.empty());
    const TurnResult tracedAgain = evaluator.evaluateTurn(turn, options);
    QCOMPARE(tracedAgain.contracts[0].clauses[1].values.size(),
        traced.contracts[0].clauses[1].values.size());
}

void TestEvaluator::cacheMissesOnlyChangedClauses()
{
    // The editor recompiles on every pause in typing: unchanged clauses keep their entries.
    ValidationCache cache;
    EvalOptions options;
    options.cache = &cache;
    TurnInput turn;
    turn.content = "hello";
    turn.response = "a response of some length";
    const auto before =
        compileText("contract C {\n ensure len(response) > 3\n ensure contains(response, \"x\")\n"
                    " ensure word_count(response) < 10\n}");
    QVERIFY(before);
    Evaluator(before).evaluateTurn(turn, options);
    const CacheStats warm = cache.stats();
    const auto after = compileText(
        "contract C {\n ensure len(response) > 3\n ensure contains(response, \"some\")\n"
        " ensure word_count(response) < 10\n}");
    QVERIFY(after);
    const TurnResult r = Evaluator(after).evaluateTurn(turn, options);
    QCOMPARE(cache.stats().misses - warm.misses, 1u);
    QCOMPARE(cache.stats().hits - warm.hits, 2u);
    QCOMPARE(r.contracts[0].clauses[1].status, ClauseStatus::Pass);
    // A changed parameter changes every clause that might read it.
    const auto parameters = compileText("contract C(n = 2) {\n ensure len(response) > 3\n}");
    const auto parametersChanged = compileText("contract C(n = 3) {\n ensure len(response) > 3\n}");
    Evaluator(parameters).evaluateTurn(turn, options);
    const CacheStats before2 = cache.stats();
    Evaluator(parametersChanged).evaluateTurn(turn, options);
    QCOMPARE(cache.stats().misses - before2.misses, 1u);
}

void TestEvaluator::cacheEvicts()
{
    ValidationCache cache(32);
    const auto set = compileText("contract C { ensure len(response) > 3 }");
    QVERIFY(set);
    Evaluator evaluator(set);
    EvalOptions options;
    options.cache = &cache;
    for (int i = 0; i < 200; ++i) {
        const std::string response = "response " + std::to_string(i);
        TurnInput turn;
        turn.response = response;
        QVERIFY(evaluator.evaluateTurn(turn, options).valid);
    }
    const CacheStats stats = cache.stats();
    QVERIFY(stats.size <= 32);
    QVERIFY(stats.evictions >= 168);
    QCOMPARE(stats.misses, 200u);
}

void TestEvaluator::cacheFrontFollowsClearAndCounts()
{
    // The evaluator's front serves repeats without the shared cache's lock; its hits are
    // counted, a cleared cache is not served from the front, and another cache starts afresh.
    ValidationCache cache(64);
    const auto set = compileText("contract C { ensure len(response) > 3 }");
    QVERIFY(set);
    Evaluator evaluator(set);
    EvalOptions options;
    options.cache = &cache;
    TurnInput turn;
    turn.response = "a response";
    for (int i = 0; i < 5; ++i)
        QVERIFY(evaluator.evaluateTurn(turn, options).valid);
    QCOMPARE(cache.stats().misses, 1u);
    QCOMPARE(cache.stats().hits, 4u);
    cache.clear();
    QVERIFY(evaluator.evaluateTurn(turn, options).valid);
    QCOMPARE(cache.stats().misses, 2u);
    QCOMPARE(cache.stats().size, 1u);
    ValidationCache other(64);
    options.cache = &other;
    QVERIFY(evaluator.evaluateTurn(turn, options).valid);
    QCOMPARE(other.stats().misses, 1u);
    QCOMPARE(other.stats().hits, 0u);
    // A verdict served from the front is the verdict: a failing turn fails from the front too.
    TurnInput shortTurn;
    shortTurn.response = "ab";
    for (int i = 0; i < 3; ++i) {
        const TurnResult result = evaluator.evaluateTurn(shortTurn, options);
        QVERIFY(!result.valid);
        QCOMPARE(result.contracts[0].clauses[0].status, ClauseStatus::Fail);
        QVERIFY(!result.contracts[0].clauses[0].message.empty());
    }
    QCOMPARE(other.stats().hits, 2u);
}

namespace {

// The verdicts of a turn, flattened: what a cached evaluation must reproduce exactly.
std::vector<std::tuple<ClauseStatus, std::string, std::size_t, std::size_t>> verdictsOf(
    const TurnResult &result)
{
    std::vector<std::tuple<ClauseStatus, std::string, std::size_t, std::size_t>> out;
    for (const ContractResult &contract : result.contracts)
        for (const ClauseVerdict &v : contract.clauses)
            out.emplace_back(
                v.status, v.message, v.errorRange.begin.offset, v.errorRange.end.offset);
    return out;
}

} // namespace

void TestEvaluator::cacheCollisionsServeEachTextItsVerdict()
{
    // Every key collides: each lookup finds whatever entry was stored last, of another clause
    // or another text, and must refuse it unless its clause and inputs are the caller's.
    ValidationCache cache;
    cache.setKeyFunctionForTesting([](std::uint64_t) -> std::uint64_t { return 42; });
    const auto set = compileText("contract C {\n"
                                 " ensure contains(response, \"ok\")\n"
                                 " ensure len(response) < 6\n"
                                 " ensure turn_number > 1\n"
                                 " ensure 10 / (len(response) - 2) > 0\n}");
    QVERIFY(set);
    EvalOptions options;
    options.cache = &cache;
    Evaluator evaluator(set);
    Evaluator other(set);
    Evaluator uncached(set);
    // One buffer rewritten in place: the cache must compare the text, not where it lives.
    std::string response;
    const char *texts[] = {"ok", "no ok!", "ok", "nope", "ok", "ok"};
    for (int round = 0; round < 2; ++round) {
        for (const char *text : texts) {
            response.assign(text);
            TurnInput turn;
            turn.response = response;
            turn.turnNumber = round + 1;
            const auto expected = verdictsOf(uncached.evaluateTurn(turn));
            QCOMPARE(verdictsOf(evaluator.evaluateTurn(turn, options)), expected);
            QCOMPARE(verdictsOf(other.evaluateTurn(turn, options)), expected);
        }
    }
    QVERIFY(cache.stats().collisions > 0);
    QCOMPARE(cache.stats().size, 1u);

    // With one clause, a repeated text is still a hit: only a different text is refused.
    ValidationCache single;
    single.setKeyFunctionForTesting([](std::uint64_t) -> std::uint64_t { return 7; });
    options.cache = &single;
    const auto one = compileText("contract C { ensure contains(response, \"ok\") }");
    QVERIFY(one);
    Evaluator evaluator1(one);
    const auto statusOf = [&](std::string_view text) {
        TurnInput turn;
        turn.response = text;
        return evaluator1.evaluateTurn(turn, options).contracts[0].clauses[0].status;
    };
    QCOMPARE(statusOf("ok"), ClauseStatus::Pass);
    QCOMPARE(statusOf("ok"), ClauseStatus::Pass);
    QCOMPARE(single.stats().hits, 1u);
    QCOMPARE(statusOf("ko"), ClauseStatus::Fail);
    QCOMPARE(statusOf("ok"), ClauseStatus::Pass);
    QCOMPARE(single.stats().hits, 1u);
    QCOMPARE(single.stats().collisions, 2u);
    QCOMPARE(single.stats().misses, 3u);
}

void TestEvaluator::cacheRebasesErrorRanges()
{
    // Identical clauses share an entry; each reports the range of its own failing
    // sub-expression, whether the hit comes from the evaluator's front or the shared cache,
    // and after an edit above the clause and inside its layout.
    const std::string before = "contract A {\n"
                               "    ensure len(response) / 0 > 1\n"
                               "    ensure len(response) / 0 > 1\n"
                               "}\n"
                               "contract B { ensure len(response) / 0 > 1 }\n";
    const std::string after = "// a comment\n"
                              "\n"
                              "contract A {\n"
                              "  ensure len(response)   /   0 > 1\n"
                              "    ensure len(response) /\n"
                              "      0 > 1\n"
                              "}\n"
                              "contract B {  ensure   len(response) / 0 > 1 }\n";
    ValidationCache cache;
    EvalOptions options;
    options.cache = &cache;
    TurnInput turn;
    turn.response = "some response";
    const auto check = [&](const std::string &source, std::uint64_t minimumHits) {
        const auto set = compileText(source);
        QVERIFY(set);
        const CacheStats start = cache.stats();
        const TurnResult expected = Evaluator(set).evaluateTurn(turn);
        Evaluator evaluator(set);
        for (int repeat = 0; repeat < 2; ++repeat) {
            const TurnResult r = evaluator.evaluateTurn(turn, options);
            QCOMPARE(verdictsOf(r), verdictsOf(expected));
            for (const ContractResult &contract : r.contracts) {
                for (const ClauseVerdict &v : contract.clauses) {
                    QCOMPARE(v.status, ClauseStatus::Error);
                    const std::string_view failed = std::string_view(source).substr(
                        v.errorRange.begin.offset, v.errorRange.length());
                    QVERIFY2(failed.starts_with("len(response)") && failed.ends_with("0"),
                        std::string(failed).c_str());
                    QCOMPARE(v.errorRange.begin, positionAt(source, v.errorRange.begin.offset));
                }
            }
        }
        QVERIFY(cache.stats().hits - start.hits >= minimumHits);
    };
    check(before, 5); // one miss, then hits: two from the front, then all three
    check(after, 6); // a new evaluator: hits from the shared cache, then from its front
    QCOMPARE(cache.stats().size, 1u);
}

void TestEvaluator::cacheKeepsWithinByteBudget()
{
    // Each entry keeps a copy of its inputs: the cache stays within its byte budget, and an
    // entry larger than a shard's share of it is not kept at all (and still right).
    constexpr std::size_t budget = 16 * 8192;
    ValidationCache cache(1024, budget);
    const auto set = compileText("contract C { ensure len(response) > 3 }");
    QVERIFY(set);
    Evaluator evaluator(set);
    EvalOptions options;
    options.cache = &cache;
    for (int i = 0; i < 200; ++i) {
        const std::string response = std::to_string(i) + std::string(3000, 'x');
        TurnInput turn;
        turn.response = response;
        QVERIFY(evaluator.evaluateTurn(turn, options).valid);
        QVERIFY(cache.stats().bytes <= budget);
    }
    QVERIFY(cache.stats().size < 64);
    QVERIFY(cache.stats().evictions > 100);
    const CacheStats start = cache.stats();
    const std::string large(20000, 'y');
    TurnInput turn;
    turn.response = large;
    for (int i = 0; i < 3; ++i)
        QVERIFY(evaluator.evaluateTurn(turn, options).valid);
    QCOMPARE(cache.stats().misses - start.misses, 3u);
    QCOMPARE(cache.stats().size, start.size);
}

void TestEvaluator::cacheIsSharedAcrossThreads()
{
    // Four evaluators share one small cache whose keys collide often: entries are stored,
    // replaced, refused and evicted concurrently, and every verdict is the uncached one.
    ValidationCache cache(64, 64 * 1024);
    cache.setKeyFunctionForTesting([](std::uint64_t key) -> std::uint64_t { return key & 7; });
    const auto set = compileText("contract C {\n"
                                 " ensure contains(response, \"ok\")\n"
                                 " ensure len(response) < 5\n"
                                 " ensure 10 / (len(response) - 3) > 0\n"
                                 " require content != response\n}");
    QVERIFY(set);
    std::atomic<int> wrong {0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            Evaluator evaluator(set);
            Evaluator uncached(set);
            EvalOptions options;
            options.cache = &cache;
            for (int i = 0; i < 400; ++i) {
                const std::string response = "ok" + std::string(std::size_t((i * 7 + t) % 5), 'x');
                const std::string content = std::to_string(i % 3);
                TurnInput turn;
                turn.content = content;
                turn.response = response;
                if (verdictsOf(evaluator.evaluateTurn(turn, options))
                    != verdictsOf(uncached.evaluateTurn(turn)))
                    ++wrong;
            }
        });
    }
    for (std::thread &t : threads)
        t.join();
    QCOMPARE(wrong.load(), 0);
    const CacheStats stats = cache.stats();
    QVERIFY(stats.hits > 0);
    QVERIFY(stats.collisions > 0);
    QVERIFY(stats.size <= 64);
}

QTEST_APPLESS_MAIN(TestEvaluator)
#include "tst_evaluator.moc"
