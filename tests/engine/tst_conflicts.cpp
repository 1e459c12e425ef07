// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later

// Static conflict detection and resolution (engine/conflicts.h, LANGUAGE.md §11): real LLMCL
// text parsed, every detection kind, the non-conflicts that must stay silent, every
// resolution strategy, priorities across contracts, determinism, and golden dumps in
// tests/data/conflicts.

#include "engine/checker.h"
#include "engine/conflicts.h"
#include "engine/diagnosticcodes.h"
#include "engine/parser.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTest>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/common/golden.h"
#include "tests/common/testpaths.h"

using namespace Qt::StringLiterals;
using namespace llmcl::engine;

namespace {

using ParameterMap = std::map<std::string, Value, std::less<>>;

// A parsed file turned into the analysis input, as the compiler will: contracts in file order
// (their load order), clause ids "Contract#n", parameters from the header.
struct Loaded
{
    SourceFile file;
    std::vector<std::unique_ptr<ParameterMap>> parameters;
    std::vector<ConflictClause> clauses;
    ConflictAnalysis analysis;
    std::string parseErrors;
};

std::unique_ptr<Loaded> load(std::string_view source, const std::string &path = "test.llmcl")
{
    auto loaded = std::make_unique<Loaded>();
    loaded->file = parseSource(source, ParseOptions {.file = path});
    for (const Diagnostic &d : loaded->file.diagnostics)
        if (d.severity == Severity::Error)
            loaded->parseErrors += formatDiagnosticHeader(d) + '\n';
    std::size_t order = 0;
    for (const Contract &contract : loaded->file.contracts) {
        const ContractSettings settings = readContractSettings(contract, path, nullptr);
        auto parameters = std::make_unique<ParameterMap>();
        for (const ContractOption *option : settings.parameters)
            if (option->value)
                if (auto value = constantValue(*option->value))
                    (*parameters)[option->name] = *value;
        for (const Clause &clause : contract.clauses) {
            ConflictClause c;
            c.id = contract.name + '#' + std::to_string(clause.index);
            c.contract = contract.name;
            c.contractOrder = order;
            c.priority = settings.priority;
            c.resolution = settings.resolution;
            c.kind = clause.kind;
            c.condition = clause.condition.get();
            c.file = path;
            c.range = clause.range;
            c.parameters = parameters.get();
            loaded->clauses.push_back(std::move(c));
        }
        loaded->parameters.push_back(std::move(parameters));
        ++order;
    }
    loaded->analysis = analyseConflicts(loaded->clauses);
    return loaded;
}

// One line per finding:
//   "length contradiction A#1/A#2 fail_on_conflict E3001"
//   "length redundant:A#2 A#1/A#2 most_restrictive suppressed:A#2 W3002"
QString summary(const Loaded &loaded)
{
    QStringList lines;
    const ConflictAnalysis &a = loaded.analysis;
    for (std::size_t i = 0; i < a.findings.size(); ++i) {
        const ConflictFinding &f = a.findings[i];
        QString line = QString::fromStdString(f.kind) + u' ';
        line += f.contradiction
            ? u"contradiction"_s
            : u"redundant:"_s + QString::fromStdString(loaded.clauses[f.redundant].id);
        line += u' ' + QString::fromStdString(loaded.clauses[f.first].id) + u'/'
            + QString::fromStdString(loaded.clauses[f.second].id) + u' '
            + QString::fromStdString(f.resolution);
        for (const std::size_t s : f.suppressed)
            line += u" suppressed:"_s + QString::fromStdString(loaded.clauses[s].id);
        line += u' ' + QString::fromStdString(a.diagnostics[i].code);
        lines << line;
    }
    return lines.join(u"; "_s);
}

QString position(const SourceRange &range)
{
    return QString::number(range.begin.line) + u':' + QString::number(range.begin.column) + u'-'
        + QString::number(range.end.line) + u':' + QString::number(range.end.column);
}

// The readable dump of the golden files.
QString dump(const Loaded &loaded)
{
    QString out;
    const ConflictAnalysis &a = loaded.analysis;
    auto id = [&](std::size_t i) { return QString::fromStdString(loaded.clauses[i].id); };
    for (std::size_t i = 0; i < a.findings.size(); ++i) {
        const ConflictFinding &f = a.findings[i];
        out += u"finding "_s + QString::fromStdString(f.kind)
            + (f.contradiction ? u" contradiction "_s : u" redundancy "_s) + id(f.first) + u" / "_s
            + id(f.second) + u'\n';
        out += u"  explanation: "_s + QString::fromStdString(f.explanation) + u'\n';
        if (!f.contradiction)
            out += u"  redundant: "_s + id(f.redundant) + u'\n';
        out += u"  resolution: "_s + QString::fromStdString(f.resolution) + u'\n';
        QStringList suppressed;
        for (const std::size_t s : f.suppressed)
            suppressed << id(s);
        out += u"  suppressed: "_s + (suppressed.isEmpty() ? u"-"_s : suppressed.join(u", "_s))
            + u'\n';
        const Diagnostic &d = a.diagnostics[i];
        out += u"  "_s + QString::fromStdString(d.file) + u':' + position(d.range) + u": "_s
            + QString::fromUtf8(severityName(d.severity)) + u'[' + QString::fromStdString(d.code)
            + u"]: "_s + QString::fromStdString(d.message) + u'\n';
        for (const RelatedLocation &r : d.related)
            out += u"    related: "_s + QString::fromStdString(r.file) + u':' + position(r.range)
                + u": "_s + QString::fromStdString(r.message) + u'\n';
        const ConflictRecord &record = a.records[i];
        QStringList recordClauses, recordSuppressed;
        for (const std::string &c : record.clauses)
            recordClauses << QString::fromStdString(c);
        for (const std::string &c : record.suppressed)
            recordSuppressed << QString::fromStdString(c);
        out += u"  record: "_s + QString::fromStdString(record.kind) + u" ["_s
            + recordClauses.join(u", "_s) + u"] "_s + QString::fromStdString(record.resolution)
            + u" ["_s + recordSuppressed.join(u", "_s) + u"]\n"_s;
    }
    out += u"clauses:\n"_s;
    for (std::size_t i = 0; i < loaded.clauses.size(); ++i)
        out += u"  "_s + id(i) + u": "_s
            + (a.suppressionReason[i].empty() ? u"active"_s
                                              : QString::fromStdString(a.suppressionReason[i]))
            + u'\n';
    return out;
}

std::string oneContract(const std::string &options, const std::string &body)
{
    return "contract A" + (options.empty() ? std::string() : '(' + options + ')') + " {\n" + body
        + "\n}\n";
}

std::string twoClauses(
    const std::string &first, const std::string &second, const std::string &options = {})
{
    return oneContract(options, "    ensure " + first + "\n    ensure " + second);
}

QString goldenDir()
{
    return llmcl::test::testDataPath(u"/conflicts");
}

} // namespace

class TestConflicts : public QObject
{
    Q_OBJECT

private slots:
    void detection_data();
    void detection();
    void resolution_data();
    void resolution();
    void specExample();
    void diagnosticShape();
    void explanations_data();
    void explanations();
    void suppressedClausesDoNotSuppress();
    void sameClauseTwiceIsNotAConflict();
    void deterministic();
    void largeSetStaysFast();
    void golden_data();
    void golden();
};

void TestConflicts::detection_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("expected");
    const QString lenX = u"length contradiction A#1/A#2 fail_on_conflict E3001"_s;
    const QString containsX = u"contains contradiction A#1/A#2 fail_on_conflict E3001"_s;
    const QString eqX = u"equality contradiction A#1/A#2 fail_on_conflict E3001"_s;
    const QString prefixX = u"prefix contradiction A#1/A#2 fail_on_conflict E3001"_s;
    auto row = [](const char *name, const std::string &source, const QString &expected) {
        QTest::newRow(name) << QString::fromStdString(source) << expected;
    };

    // Length bounds.
    row("len-lt-vs-gt", twoClauses("len(response) < 50", "len(response) > 100"), lenX);
    row("len-literal-on-the-left", twoClauses("50 > len(response)", "100 < len(response)"), lenX);
    row("len-mixed-orders", twoClauses("len(response) <= 50", "51 <= len(response)"), lenX);
    row("len-lt-vs-ge-boundary", twoClauses("len(response) < 100", "len(response) >= 100"), lenX);
    row("len-eq-vs-gt", twoClauses("len(response) == 10", "len(response) > 20"), lenX);
    row("len-eq-literal-left", twoClauses("10 == len(response)", "len(response) == 11"), lenX);
    row("len-method-form", twoClauses("response.len() < 10", "len(response) > 20"), lenX);
    row("len-chained-upper", twoClauses("10 < len(response) <= 200", "len(response) > 300"), lenX);
    row("len-chained-lower", twoClauses("10 < len(response) <= 200", "len(response) < 5"), lenX);
    row("len-chained-literal-both-sides",
        twoClauses("len(response) < 5", "100 >= len(response) > 10"), lenX);
    row("len-inside-and",
        twoClauses("contains(response, \"x\") and len(response) < 50", "len(response) > 100"),
        lenX);
    row("len-inside-nested-and-and-parens",
        twoClauses(
            "(json_valid(response) and (len(response) < 50 and true))", "len(response) > 100"),
        lenX);
    row("len-via-parameter",
        oneContract("max_len = 100",
            "    ensure len(response) > max_len\n"
            "    ensure len(response) < 50"),
        lenX);
    row("len-via-float-parameter",
        oneContract("limit = 10.5",
            "    ensure len(response) < limit\n"
            "    ensure len(response) > 10"),
        lenX);
    row("len-float-literal", twoClauses("len(response) < 10.5", "len(response) > 10"), lenX);
    row("len-not-flips", twoClauses("not len(response) > 100", "len(response) > 150"), lenX);
    row("len-not-not", twoClauses("not not (len(response) > 100)", "len(response) < 50"), lenX);
    row("len-require-phase",
        oneContract({}, "    require len(content) > 10\n    require len(content) < 5"), lenX);
    row("len-subject-canonical-form",
        twoClauses("len(lower( response )) < 5", "len(lower(response)) > 10"), lenX);

    // contains.
    row("contains-vs-not-contains",
        twoClauses("contains(response, \"x\")", "not contains(response, \"x\")"), containsX);
    row("not-contains-first",
        twoClauses("not contains(response, \"x\")", "contains(response, \"x\")"), containsX);
    row("in-vs-not-in", twoClauses("\"x\" in response", "\"x\" not in response"), containsX);
    row("in-vs-not-contains", twoClauses("\"x\" in response", "not contains(response, 'x')"),
        containsX);
    row("method-contains-vs-not-in",
        twoClauses("response.contains(\"x\")", "not (\"x\" in response)"), containsX);
    row("contains-superstring-vs-not-contains-part",
        twoClauses("contains(response, \"hello world\")", "not contains(response, \"world\")"),
        containsX);
    row("contains-on-context-exact-literal",
        twoClauses("contains(context.tags, \"vip\")", "\"vip\" not in context.tags"), containsX);
    row("contains-via-parameter",
        oneContract("word = \"secret\"",
            "    ensure not contains(response, word)\n"
            "    ensure contains(response, \"secret\")"),
        containsX);

    // Equality.
    row("equality-different-strings", twoClauses("response == \"a\"", "response == \"b\""), eqX);
    row("equality-literal-left", twoClauses("\"a\" == response", "response == \"b\""), eqX);
    row("equality-vs-not-equal", twoClauses("context.tier == \"gold\"", "context.tier != \"gold\""),
        eqX);
    row("equality-vs-not-of-equal",
        twoClauses("context.tier == \"gold\"", "not context.tier == \"gold\""), eqX);
    row("equality-numbers", twoClauses("turn_number == 1", "turn_number == 2"), eqX);
    row("equality-vs-length", twoClauses("response == \"hello\"", "len(response) > 10"), eqX);
    row("equality-vs-length-code-points", twoClauses("response == \"héllo\"", "len(response) == 6"),
        eqX);
    row("equality-vs-not-contains",
        twoClauses("response == \"hello\"", "not contains(response, \"ell\")"), eqX);
    row("equality-vs-contains", twoClauses("response == \"hello\"", "\"z\" in response"), eqX);
    row("equality-vs-prefix", twoClauses("response == \"hello\"", "starts_with(response, \"x\")"),
        eqX);
    row("equality-vs-suffix", twoClauses("ends_with(response, \"!\")", "response == \"hello\""),
        eqX);

    // Prefixes and suffixes.
    row("prefix-incompatible",
        twoClauses("starts_with(response, \"ab\")", "starts_with(response, \"cd\")"), prefixX);
    row("prefix-aliases-and-method",
        twoClauses("response.startswith(\"ab\")", "startswith(response, \"x\")"), prefixX);
    row("prefix-vs-not-shorter-prefix",
        twoClauses("starts_with(response, \"abc\")", "not starts_with(response, \"ab\")"), prefixX);
    row("suffix-incompatible",
        twoClauses("ends_with(response, \".\")", "endswith(response, \"!\")"),
        u"suffix contradiction A#1/A#2 fail_on_conflict E3001"_s);
    row("suffix-method-vs-not",
        twoClauses("response.ends_with(\"ok\")", "not ends_with(response, \"ok\")"),
        u"suffix contradiction A#1/A#2 fail_on_conflict E3001"_s);

    // Redundancy.
    row("len-looser-upper-first", twoClauses("len(response) <= 200", "len(response) <= 100"),
        u"length redundant:A#1 A#1/A#2 fail_on_conflict W3002"_s);
    row("len-looser-upper-second", twoClauses("len(response) <= 100", "len(response) <= 200"),
        u"length redundant:A#2 A#1/A#2 fail_on_conflict W3002"_s);
    row("len-looser-lower", twoClauses("len(response) > 10", "len(response) >= 50"),
        u"length redundant:A#1 A#1/A#2 fail_on_conflict W3002"_s);
    row("len-same-bound-different-spelling",
        twoClauses("len(response) < 101", "100 >= len(response)"),
        u"length redundant:A#2 A#1/A#2 fail_on_conflict W3002"_s);
    row("len-negative-literal-tautologies", twoClauses("len(response) > -1", "len(response) >= 0"),
        u"length redundant:A#2 A#1/A#2 fail_on_conflict W3002"_s);
    row("len-chain-implies-single-bound",
        twoClauses("10 < len(response) <= 50", "len(response) <= 100"),
        u"length redundant:A#2 A#1/A#2 fail_on_conflict W3002"_s);
    row("len-eq-implies-bound", twoClauses("len(response) == 10", "len(response) < 20"),
        u"length redundant:A#2 A#1/A#2 fail_on_conflict W3002"_s);
    row("duplicate-contains", twoClauses("contains(response, \"x\")", "\"x\" in response"),
        u"contains redundant:A#2 A#1/A#2 fail_on_conflict W3002"_s);
    row("contains-part-implied",
        twoClauses("contains(response, \"world\")", "contains(response, \"hello world\")"),
        u"contains redundant:A#1 A#1/A#2 fail_on_conflict W3002"_s);
    row("not-contains-superstring-implied",
        twoClauses("not contains(response, \"hello world\")", "not contains(response, \"world\")"),
        u"contains redundant:A#1 A#1/A#2 fail_on_conflict W3002"_s);
    row("prefix-extension",
        twoClauses("starts_with(response, \"ab\")", "starts_with(response, \"abc\")"),
        u"prefix redundant:A#1 A#1/A#2 fail_on_conflict W3002"_s);
    row("duplicate-equality-int-float", twoClauses("context.n == 1", "context.n == 1.0"),
        u"equality redundant:A#2 A#1/A#2 fail_on_conflict W3002"_s);
    row("duplicate-with-and",
        twoClauses("len(response) < 9 and \"x\" in response",
            "contains(response, \"x\") and len(response) <= 8"),
        u"length redundant:A#2 A#1/A#2 fail_on_conflict W3002"_s);

    // Non-conflicts: must stay silent.
    row("different-subjects", twoClauses("len(response) < 50", "len(content) > 100"), {});
    row("different-phases",
        oneContract({}, "    require len(content) < 5\n    ensure len(content) > 10"), {});
    row("overlapping-bounds", twoClauses("len(response) > 10", "len(response) < 100"), {});
    row("touching-bounds", twoClauses("len(response) <= 100", "len(response) >= 100"), {});
    row("or-is-ignored",
        twoClauses("len(response) < 50 or contains(response, \"x\")", "len(response) > 100"), {});
    row("if-is-ignored",
        twoClauses("if turn_number == 1 then len(response) < 50 else true", "len(response) > 100"),
        {});
    row("implies-is-ignored",
        twoClauses("turn_number == 1 implies len(response) < 50", "len(response) > 100"), {});
    row("not-of-and-is-ignored",
        twoClauses("not (len(response) > 10 and len(response) < 20)", "len(response) == 15"), {});
    row("not-of-chain-is-ignored", twoClauses("not 10 < len(response) < 20", "len(response) == 15"),
        {});
    row("len-not-equal-is-ignored", twoClauses("len(response) != 5", "len(response) == 5"), {});
    row("prefix-and-suffix",
        twoClauses("starts_with(response, \"ab\")", "ends_with(response, \"cd\")"), {});
    row("prefix-vs-not-other-prefix",
        twoClauses("starts_with(response, \"ab\")", "not starts_with(response, \"cd\")"), {});
    row("prefix-vs-not-longer-prefix",
        twoClauses("starts_with(response, \"ab\")", "not starts_with(response, \"abc\")"), {});
    row("contains-different-literals",
        twoClauses("contains(response, \"x\")", "not contains(response, \"y\")"), {});
    row("contains-part-on-unknown-subject",
        twoClauses(
            "contains(context.tags, \"hello world\")", "not contains(context.tags, \"world\")"),
        {});
    row("contains-vs-not-contains-other-subject",
        twoClauses("contains(response, \"x\")", "not contains(content, \"x\")"), {});
    row("equality-satisfies-the-others",
        oneContract({},
            "    ensure response == \"hello\"\n"
            "    ensure len(response) <= 10\n"
            "    ensure starts_with(response, \"he\")\n"
            "    ensure not contains(response, \"z\")"),
        {});
    row("not-equal-different", twoClauses("response != \"a\"", "response != \"b\""), {});
    row("non-literal-equality", twoClauses("response == content", "response == prev_response"), {});
    row("constant-comparison-is-ignored", twoClauses("1 == 2", "1 == 3"), {});
    row("temporal-and-ensure-prob-are-ignored",
        oneContract({},
            "    temporal always len(response) < 5\n"
            "    ensure_prob len(response) < 5, 0.9\n"
            "    ensure len(response) > 10"),
        {});
    row("parameter-subject-differs-across-contracts",
        "contract A(key = \"a\") {\n    ensure context[key] == \"1\"\n}\n"
        "contract B(key = \"b\") {\n    ensure context[key] == \"2\"\n}\n",
        {});
    row("turn-variable-shadows-parameter",
        oneContract("content = 3",
            "    ensure len(response) < content\n"
            "    ensure len(response) > 10"),
        {});
    row("self-contradiction-is-not-a-pair",
        twoClauses("len(response) < 5 and len(response) > 10", "contains(response, \"x\")"), {});
    row("redundant-part-of-a-larger-clause",
        twoClauses("len(response) <= 200 and match(response, \"a\")", "len(response) <= 100"), {});
}

void TestConflicts::detection()
{
    QFETCH(QString, source);
    QFETCH(QString, expected);
    const auto loaded = load(source.toStdString());
    QVERIFY2(loaded->parseErrors.empty(), loaded->parseErrors.c_str());
    QCOMPARE(summary(*loaded), expected);
}

void TestConflicts::resolution_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("expected");
    const std::string contradiction = "len(response) < 50";
    const std::string contradiction2 = "len(response) > 100";
    const std::string tight = "len(response) <= 100";
    const std::string loose = "len(response) <= 200";
    auto row = [](const char *name, const std::string &source, const QString &expected) {
        QTest::newRow(name) << QString::fromStdString(source) << expected;
    };
    auto strategy = [](const char *s) { return std::string("conflict_resolution = ") + s; };

    // Within one contract: a contradiction.
    row("contradiction-fail-on-conflict",
        twoClauses(contradiction, contradiction2, strategy("fail_on_conflict")),
        u"length contradiction A#1/A#2 fail_on_conflict E3001"_s);
    row("contradiction-default-is-fail-on-conflict", twoClauses(contradiction, contradiction2),
        u"length contradiction A#1/A#2 fail_on_conflict E3001"_s);
    row("contradiction-first-wins",
        twoClauses(contradiction, contradiction2, strategy("first_wins")),
        u"length contradiction A#1/A#2 first_wins suppressed:A#2 W3001"_s);
    row("contradiction-last-wins", twoClauses(contradiction, contradiction2, strategy("last_wins")),
        u"length contradiction A#1/A#2 last_wins suppressed:A#1 W3001"_s);
    row("contradiction-most-restrictive-falls-back",
        twoClauses(contradiction, contradiction2, strategy("most_restrictive")),
        u"length contradiction A#1/A#2 most_restrictive suppressed:A#2 W3001"_s);
    row("contradiction-least-restrictive-falls-back",
        twoClauses(contradiction, contradiction2, strategy("least_restrictive")),
        u"length contradiction A#1/A#2 least_restrictive suppressed:A#2 W3001"_s);
    row("contradiction-merge", twoClauses(contradiction, contradiction2, strategy("merge")),
        u"length contradiction A#1/A#2 merge E3002"_s);
    row("contradiction-resolution-alias-upper-case",
        twoClauses(contradiction, contradiction2, "RESOLUTION = Last_Wins"),
        u"length contradiction A#1/A#2 last_wins suppressed:A#1 W3001"_s);

    // Within one contract: a redundancy (the second clause is the looser).
    row("redundancy-fail-on-conflict", twoClauses(tight, loose, strategy("fail_on_conflict")),
        u"length redundant:A#2 A#1/A#2 fail_on_conflict W3002"_s);
    row("redundancy-first-wins", twoClauses(loose, tight, strategy("first_wins")),
        u"length redundant:A#1 A#1/A#2 first_wins suppressed:A#2 W3002"_s);
    row("redundancy-last-wins", twoClauses(tight, loose, strategy("last_wins")),
        u"length redundant:A#2 A#1/A#2 last_wins suppressed:A#1 W3002"_s);
    row("redundancy-most-restrictive-keeps-tighter",
        twoClauses(tight, loose, strategy("most_restrictive")),
        u"length redundant:A#2 A#1/A#2 most_restrictive suppressed:A#2 W3002"_s);
    row("redundancy-most-restrictive-keeps-tighter-second",
        twoClauses(loose, tight, strategy("most_restrictive")),
        u"length redundant:A#1 A#1/A#2 most_restrictive suppressed:A#1 W3002"_s);
    row("redundancy-least-restrictive-keeps-looser",
        twoClauses(tight, loose, strategy("least_restrictive")),
        u"length redundant:A#2 A#1/A#2 least_restrictive suppressed:A#1 W3002"_s);
    row("redundancy-least-restrictive-keeps-a-larger-clause",
        twoClauses(tight + " and contains(response, \"x\")", loose, strategy("least_restrictive")),
        u"length redundant:A#2 A#1/A#2 least_restrictive W3002"_s);
    row("redundancy-least-restrictive-duplicate",
        twoClauses(tight, tight, strategy("least_restrictive")),
        u"length redundant:A#2 A#1/A#2 least_restrictive suppressed:A#2 W3002"_s);
    row("redundancy-merge", twoClauses(tight, loose, strategy("merge")),
        u"length redundant:A#2 A#1/A#2 merge W3002"_s);

    // Across contracts.
    const std::string high = "contract H(priority = high) {\n    ensure len(response) < 50\n}\n";
    const std::string low = "contract L(priority = low, conflict_resolution = last_wins) {\n"
                            "    ensure len(response) > 100\n}\n";
    row("priority-higher-wins", high + low,
        u"length contradiction H#1/L#1 priority suppressed:L#1 W3001"_s);
    row("priority-higher-wins-loaded-last", low + high,
        u"length contradiction H#1/L#1 priority suppressed:L#1 W3001"_s);
    row("priority-critical-over-medium",
        "contract M {\n    ensure \"x\" in response\n}\n"
        "contract C(priority = critical) {\n    ensure not contains(response, \"x\")\n}\n",
        u"contains contradiction C#1/M#1 priority suppressed:M#1 W3001"_s);
    row("priority-redundancy-only-warns",
        "contract H(priority = high, conflict_resolution = most_restrictive) {\n"
        "    ensure len(response) <= 200\n}\n"
        "contract L(priority = low, conflict_resolution = most_restrictive) {\n"
        "    ensure len(response) <= 100\n}\n",
        u"length redundant:H#1 H#1/L#1 priority W3002"_s);
    row("equal-priority-first-loaded-first-wins",
        "contract P(conflict_resolution = first_wins) {\n    ensure response == \"a\"\n}\n"
        "contract Q(conflict_resolution = last_wins) {\n    ensure response == \"b\"\n}\n",
        u"equality contradiction P#1/Q#1 first_wins suppressed:Q#1 W3001"_s);
    row("equal-priority-first-loaded-last-wins",
        "contract P(conflict_resolution = last_wins) {\n    ensure response == \"a\"\n}\n"
        "contract Q(conflict_resolution = first_wins) {\n    ensure response == \"b\"\n}\n",
        u"equality contradiction P#1/Q#1 last_wins suppressed:P#1 W3001"_s);
    row("equal-priority-first-loaded-fail-on-conflict",
        "contract P {\n    ensure response == \"a\"\n}\n"
        "contract Q(conflict_resolution = first_wins) {\n    ensure response == \"b\"\n}\n",
        u"equality contradiction P#1/Q#1 fail_on_conflict E3001"_s);
    row("equal-priority-first-loaded-merge",
        "contract P(priority = low, conflict_resolution = merge) {\n"
        "    ensure starts_with(response, \"a\")\n}\n"
        "contract Q(priority = low) {\n    ensure starts_with(response, \"b\")\n}\n",
        u"prefix contradiction P#1/Q#1 merge E3002"_s);
    row("redundancy-reported-once-per-clause",
        oneContract({},
            "    ensure len(response) <= 100\n    ensure len(response) <= 100\n"
            "    ensure len(response) <= 100"),
        u"length redundant:A#2 A#1/A#2 fail_on_conflict W3002; "
        "length redundant:A#3 A#1/A#3 fail_on_conflict W3002"_s);
    row("redundancy-warned-then-suppressed-by-strategy",
        "contract H(priority = high) {\n    ensure len(response) <= 100\n}\n"
        "contract L(priority = low, conflict_resolution = most_restrictive) {\n"
        "    ensure len(response) <= 300\n    ensure len(response) <= 200\n}\n",
        u"length redundant:L#1 H#1/L#1 priority W3002; "
        "length redundant:L#2 H#1/L#2 priority W3002; "
        "length redundant:L#1 L#1/L#2 most_restrictive suppressed:L#1 W3002"_s);
    row("most-restrictive-chain-keeps-the-tightest",
        oneContract("conflict_resolution = most_restrictive",
            "    ensure len(response) <= 300\n    ensure len(response) <= 200\n"
            "    ensure len(response) <= 100"),
        u"length redundant:A#1 A#1/A#2 most_restrictive suppressed:A#1 W3002; "
        "length redundant:A#2 A#2/A#3 most_restrictive suppressed:A#2 W3002"_s);
    row("equal-priority-most-restrictive-redundancy",
        "contract P(conflict_resolution = most_restrictive) {\n    ensure len(response) <= 10\n}\n"
        "contract Q {\n    ensure len(response) <= 20\n}\n",
        u"length redundant:Q#1 P#1/Q#1 most_restrictive suppressed:Q#1 W3002"_s);
}

void TestConflicts::resolution()
{
    QFETCH(QString, source);
    QFETCH(QString, expected);
    const auto loaded = load(source.toStdString());
    QVERIFY2(loaded->parseErrors.empty(), loaded->parseErrors.c_str());
    QCOMPARE(summary(*loaded), expected);
    // Suppression reasons agree with the findings, and the records with both.
    const ConflictAnalysis &a = loaded->analysis;
    std::vector<bool> suppressed(loaded->clauses.size(), false);
    for (const ConflictFinding &f : a.findings)
        for (const std::size_t s : f.suppressed)
            suppressed[s] = true;
    for (std::size_t i = 0; i < loaded->clauses.size(); ++i) {
        QCOMPARE(a.isSuppressed(i), bool(suppressed[i]));
        if (suppressed[i])
            QVERIFY(a.suppressionReason[i].starts_with("suppressed: "));
    }
    QCOMPARE(a.records.size(), a.findings.size());
    QCOMPARE(a.diagnostics.size(), a.findings.size());
    for (std::size_t i = 0; i < a.findings.size(); ++i) {
        QCOMPARE(a.records[i].resolution, a.findings[i].resolution);
        QCOMPARE(a.records[i].clauses.size(), std::size_t(2));
        QCOMPARE(a.records[i].suppressed.size(), a.findings[i].suppressed.size());
        QCOMPARE(a.diagnostics[i].severity == Severity::Error, a.findings[i].error);
    }
}

void TestConflicts::specExample()
{
    // LANGUAGE.md §11.
    const auto loaded = load("contract Contract1(priority = high) {\n"
                             "    ensure len(response) < 50\n"
                             "}\n"
                             "contract Contract2(priority = low) {\n"
                             "    ensure len(response) > 100\n"
                             "}\n");
    const ConflictAnalysis &a = loaded->analysis;
    QCOMPARE(a.findings.size(), std::size_t(1));
    const ConflictFinding &f = a.findings[0];
    QCOMPARE(f.kind, std::string("length"));
    QVERIFY(f.contradiction);
    QCOMPARE(f.resolution, std::string("priority"));
    QCOMPARE(f.suppressed, std::vector<std::size_t> {1});
    QVERIFY(!a.hasErrors());
    QCOMPARE(a.suppressionReason[0], std::string());
    QCOMPARE(a.suppressionReason[1],
        std::string("suppressed: conflicts with Contract1#1 (priority high > low)"));
    QCOMPARE(
        f.explanation, std::string("len(response) < 50 and len(response) > 100 cannot both hold"));
    QCOMPARE(a.records[0].kind, std::string("length"));
    QCOMPARE(a.records[0].clauses, (std::vector<std::string> {"Contract1#1", "Contract2#1"}));
    QCOMPARE(a.records[0].resolution, std::string("priority"));
    QCOMPARE(a.records[0].suppressed, std::vector<std::string> {"Contract2#1"});
}

void TestConflicts::diagnosticShape()
{
    const auto loaded = load("contract A {\n"
                             "    ensure len(response) < 50\n"
                             "    ensure len(response) > 100 message: \"long\"\n"
                             "}\n",
        "shape.llmcl");
    const ConflictAnalysis &a = loaded->analysis;
    QCOMPARE(a.diagnostics.size(), std::size_t(1));
    QVERIFY(a.hasErrors());
    const Diagnostic &d = a.diagnostics[0];
    QCOMPARE(d.severity, Severity::Error);
    QCOMPARE(d.code, std::string(codes::contradictoryClauses));
    QCOMPARE(d.file, std::string("shape.llmcl"));
    QCOMPARE(d.range, loaded->clauses[1].range);
    QCOMPARE(d.range.begin.line, 3u);
    QCOMPARE(d.message,
        std::string("A#1 and A#2 contradict: len(response) < 50 and len(response) > 100 "
                    "cannot both hold; conflict_resolution = fail_on_conflict makes this "
                    "an error"));
    QCOMPARE(d.related.size(), std::size_t(1));
    QCOMPARE(d.related[0].file, std::string("shape.llmcl"));
    QCOMPARE(d.related[0].range, loaded->clauses[0].range);
    QCOMPARE(d.related[0].message, std::string("the other clause"));
    QVERIFY(a.suppressionReason[0].empty() && a.suppressionReason[1].empty());
}

void TestConflicts::explanations_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("explanation");
    QTest::newRow("contradiction")
        << QString::fromStdString(twoClauses("100 < len(response)", "len(response) <= 50"))
        << u"100 < len(response) and len(response) <= 50 cannot both hold"_s;
    QTest::newRow("chained-link") << QString::fromStdString(twoClauses("10 < len(response) <= 200",
        "len(response) < 5")) << u"10 < len(response) and len(response) < 5 cannot both hold"_s;
    QTest::newRow("not") << QString::fromStdString(
        twoClauses("not len(response) > 9", "len(response) > 10"))
                         << u"not len(response) > 9 and len(response) > 10 cannot both hold"_s;
    QTest::newRow("parameter")
        << QString::fromStdString(oneContract("max_input = 4000",
               "    require len(content) <= max_input\n"
               "    require len(content) > 5000"))
        << u"len(content) <= max_input (max_input = 4000) and len(content) > 5000 cannot both hold"_s;
    QTest::newRow("tighter") << QString::fromStdString(
        twoClauses("len(response) <= 200", "len(response) <= 100"))
                             << u"len(response) <= 100 is tighter than len(response) <= 200"_s;
    QTest::newRow("implies")
        << QString::fromStdString(
               twoClauses("starts_with(response, \"ab\")", "starts_with(response, \"abc\")"))
        << u"starts_with(response, \"abc\") implies starts_with(response, \"ab\")"_s;
    QTest::newRow("repeats") << QString::fromStdString(
        twoClauses("\"x\" in response", "contains(response, \"x\")"))
                             << u"contains(response, \"x\") repeats \"x\" in response"_s;
    QTest::newRow("several-constraints")
        << QString::fromStdString(twoClauses("len(response) < 10 and \"x\" in response",
               "len(response) < 20 and contains(response, \"x\")"))
        << u"A#1 implies len(response) < 20 and contains(response, \"x\")"_s;
}

void TestConflicts::explanations()
{
    QFETCH(QString, source);
    QFETCH(QString, explanation);
    const auto loaded = load(source.toStdString());
    QVERIFY2(loaded->parseErrors.empty(), loaded->parseErrors.c_str());
    QCOMPARE(loaded->analysis.findings.size(), std::size_t(1));
    QCOMPARE(QString::fromStdString(loaded->analysis.findings[0].explanation), explanation);
}

void TestConflicts::suppressedClausesDoNotSuppress()
{
    // first_wins: A#1 beats A#2 and A#3; the A#2/A#3 conflict is moot.
    auto loaded = load(oneContract("conflict_resolution = first_wins",
        "    ensure response == \"a\"\n"
        "    ensure response == \"b\"\n"
        "    ensure response == \"c\""));
    QCOMPARE(summary(*loaded),
        u"equality contradiction A#1/A#2 first_wins suppressed:A#2 W3001; "
        "equality contradiction A#1/A#3 first_wins suppressed:A#3 W3001"_s);
    // last_wins: A#2 beats A#1; A#1, suppressed, no longer meets A#3; A#3 beats A#2.
    loaded = load(oneContract("conflict_resolution = last_wins",
        "    ensure response == \"a\"\n"
        "    ensure response == \"b\"\n"
        "    ensure response == \"c\""));
    QCOMPARE(summary(*loaded),
        u"equality contradiction A#1/A#2 last_wins suppressed:A#1 W3001; "
        "equality contradiction A#2/A#3 last_wins suppressed:A#2 W3001"_s);
    // A critical clause suppresses two low ones; their own redundancy is moot, and the
    // fail_on_conflict contract compiles.
    loaded = load("contract C(priority = critical) {\n    ensure len(response) < 50\n}\n"
                  "contract L(priority = low) {\n"
                  "    ensure len(response) > 100\n    ensure len(response) > 200\n}\n");
    QCOMPARE(summary(*loaded),
        u"length contradiction C#1/L#1 priority suppressed:L#1 W3001; "
        "length contradiction C#1/L#2 priority suppressed:L#2 W3001"_s);
    QVERIFY(!loaded->analysis.hasErrors());
}

void TestConflicts::sameClauseTwiceIsNotAConflict()
{
    // A base clause runs for every contract that extends it: the same id twice.
    auto loaded = load(twoClauses("len(response) < 50", "len(response) < 50"));
    QCOMPARE(loaded->analysis.findings.size(), std::size_t(1));
    std::vector<ConflictClause> clauses = loaded->clauses;
    clauses[1].id = clauses[0].id;
    clauses[1].contract = "Other";
    clauses[1].contractOrder = 1;
    QVERIFY(analyseConflicts(clauses).findings.empty());
    // A missing condition (a syntax error) is skipped.
    clauses = loaded->clauses;
    clauses[0].condition = nullptr;
    QVERIFY(analyseConflicts(clauses).findings.empty());
    QVERIFY(analyseConflicts({}).findings.empty());
}

void TestConflicts::deterministic()
{
    const std::string source =
        "contract A(priority = low, conflict_resolution = last_wins) {\n"
        "    ensure len(response) < 50\n    ensure len(response) <= 80\n"
        "    ensure response == \"x\"\n    ensure starts_with(response, \"ab\")\n}\n"
        "contract B(conflict_resolution = most_restrictive) {\n"
        "    ensure len(response) > 100\n    ensure response == \"y\"\n"
        "    ensure len(response) <= 60\n}\n"
        "contract C(priority = low) {\n    ensure starts_with(response, \"cd\")\n"
        "    ensure len(response) < 50\n}\n";
    const auto first = load(source);
    const QString expected = dump(*first);
    QVERIFY(!first->analysis.findings.empty());
    for (int i = 0; i < 3; ++i)
        QCOMPARE(dump(*load(source)), expected);
    // The input order of whole contracts does not matter, only contractOrder and the order of
    // each contract's clauses.
    std::vector<ConflictClause> reversed;
    for (auto it = first->clauses.rbegin(); it != first->clauses.rend();) {
        auto begin = it;
        while (it != first->clauses.rend() && it->contract == begin->contract)
            ++it;
        reversed.insert(reversed.end(), it.base(), begin.base());
    }
    const ConflictAnalysis again = analyseConflicts(reversed);
    QCOMPARE(again.records.size(), first->analysis.records.size());
    for (std::size_t i = 0; i < again.records.size(); ++i) {
        QCOMPARE(again.records[i].clauses, first->analysis.records[i].clauses);
        QCOMPARE(again.records[i].suppressed, first->analysis.records[i].suppressed);
        QCOMPARE(again.diagnostics[i], first->analysis.diagnostics[i]);
    }
}

void TestConflicts::largeSetStaysFast()
{
    // 5,000 clauses over 500 contracts: mostly distinct subjects, as real sets are, plus a
    // shared subject that every contract bounds.
    std::string source;
    for (int c = 0; c < 500; ++c) {
        source +=
            "contract K" + std::to_string(c) + "(priority = " + (c % 2 ? "low" : "high") + ") {\n";
        for (int k = 0; k < 9; ++k)
            source += "    ensure len(context.f" + std::to_string(c * 10 + k)
                + ") <= " + std::to_string(10 + k) + " and contains(context.g" + std::to_string(c)
                + ", \"x\")\n";
        source += "    ensure len(response) <= " + std::to_string(1000 + c) + "\n}\n";
    }
    const auto loaded = load(source);
    QCOMPARE(loaded->clauses.size(), std::size_t(5000));
    // The shared subject: 500 upper bounds, every one but the tightest reported once.
    QCOMPARE(loaded->analysis.findings.size(), std::size_t(499));
    QElapsedTimer timer;
    timer.start();
    const ConflictAnalysis again = analyseConflicts(loaded->clauses);
    const qint64 elapsed = timer.elapsed();
    QCOMPARE(again.findings.size(), loaded->analysis.findings.size());
    qInfo("5,000 clauses analysed in %lld ms", elapsed);
    QVERIFY2(elapsed < 5000, "conflict analysis is too slow for the editor");
}

void TestConflicts::golden_data()
{
    QTest::addColumn<QString>("name");
    const QStringList files = QDir(goldenDir()).entryList({u"*.llmcl"_s}, QDir::Files, QDir::Name);
    QVERIFY2(!files.isEmpty(), "no golden sources in tests/data/conflicts");
    for (const QString &file : files)
        QTest::newRow(qPrintable(file)) << file.chopped(6);
}

void TestConflicts::golden()
{
    QFETCH(QString, name);
    QFile file(goldenDir() + u'/' + name + u".llmcl"_s);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray source = file.readAll();
    const auto loaded = load(std::string_view(source.constData(), std::size_t(source.size())),
        QString(name + u".llmcl"_s).toStdString());
    QVERIFY2(loaded->parseErrors.empty(), loaded->parseErrors.c_str());
    const QString failure =
        llmcl::tests::compareWithGolden(goldenDir() + u'/' + name + u".findings"_s, dump(*loaded));
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
}

QTEST_APPLESS_MAIN(TestConflicts)
#include "tst_conflicts.moc"
