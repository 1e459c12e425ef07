// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later

// Regexes that are alternations of plain literals (`(?i)\b(w1|w2|…)\b`) run on the word-list
// automaton instead of PCRE2 (engine/regexliteralset.h, Regex's RegexEngine::LiteralSet): which
// patterns are recognised, and a differential test: on generated alternations (ASCII, non-ASCII,
// ß/ſ/K/Σ, punctuation, emoji, CJK, overlapping and empty alternatives) and the repository's own
// patterns, over real conversations and random strings (ill-formed UTF-8 included), both engines
// give the same matches, spans, groups, full matches and replacements. A pattern of 10,000
// alternatives, which PCRE2 refuses, is compared with PCRE2 run on it in slices.

#include "engine/builtins.h"
#include "engine/compiledset.h"
#include "engine/evalscratch.h"
#include "engine/evaluator.h"
#include "engine/limits.h"
#include "engine/regex.h"
#include "engine/regexliteralset.h"
#include "engine/utf8.h"
#include "engine/wordlist.h"

#include <QFile>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>

#include <optional>

#include "tests/common/repositorypatterns.h"
#include "tests/common/testpaths.h"

using namespace Qt::StringLiterals;
using namespace llmcl::engine;

namespace {

// What one engine says about a subject, as text: every difference shows in the failure.
std::string describe(const Regex &regex, const std::string &subject, EvalScratch &scratch)
{
    std::string out;
    auto spans = [&] {
        for (std::uint32_t g = 0; g <= regex.groupCount(); ++g) {
            const std::optional<RegexSpan> span = Regex::group(scratch, g);
            out += span ? std::to_string(span->begin) + "-" + std::to_string(span->end) : "unset";
            out += g < regex.groupCount() ? "," : "";
        }
    };
    std::string error;
    for (const bool ascii : {false, true}) {
        if (ascii && !Value::string(subject).isAscii())
            continue;
        scratch.resetRegexBudget();
        out += "search:";
        if (regex.search(subject, scratch, error, 0, false, ascii) == MatchOutcome::Matched)
            spans();
        out += " full:";
        if (regex.fullMatch(subject, scratch, error, ascii) == MatchOutcome::Matched)
            spans();
    }
    for (const bool ascii : {false, true}) {
        if (ascii && !Value::string(subject).isAscii())
            continue;
        out += " all:";
        regex.forEachMatch(
            subject, scratch, error,
            [&] {
                spans();
                out += ";";
                return true;
            },
            ascii);
        for (const char *replacement : {"<$0>", "[${1}]", "$$", "x", "$2", "${name}", "$", "$a"}) {
            std::string replaced;
            out += " replace:";
            out += regex.substitute(subject, replacement, scratch, replaced, error, ascii)
                ? replaced
                : error;
        }
    }
    return out;
}

void compareEngines(const std::string &pattern, const std::vector<std::string> &subjects)
{
    RegexError error;
    const auto pcre2 = Regex::compile(pattern, &error, RegexUse::Both, RegexEngine::Pcre2);
    const auto literals = Regex::compile(pattern, &error, RegexUse::Both, RegexEngine::LiteralSet);
    if (!pcre2 || !literals) {
        QTest::qFail(("pattern " + pattern + " did not compile: " + error.message).c_str(),
            __FILE__, __LINE__);
        return;
    }
    QCOMPARE(literals->engineName(), std::string_view("literal set"));
    QCOMPARE(literals->groupCount(), pcre2->groupCount());
    // Next to ill-formed UTF-8, which PCRE2 searches segment by segment, `\b` may read
    // differently (the engine's strings are well-formed: JSON input, the lexer and code-point
    // slicing see to it); without `\b` the answers are the same on any bytes.
    const auto set = detail::RegexLiteralSet::fromPattern(pattern);
    const bool bounded = set->boundaryBefore() || set->boundaryAfter();
    EvalScratch scratch;
    for (const std::string &subject : subjects) {
        if (bounded && !utf8::isValid(subject))
            continue;
        const std::string expected = describe(*pcre2, subject, scratch);
        const std::string actual = describe(*literals, subject, scratch);
        if (expected != actual) {
            const std::string what = "pattern " + pattern + " on \"" + subject
                + "\":\n  pcre2:   " + expected + "\n  literal: " + actual;
            QTest::qFail(what.c_str(), __FILE__, __LINE__);
            return;
        }
    }
}

// Texts made of the alternatives themselves, in all cases, next to word characters of every
// kind (letters, digits, marks, connector punctuation), non-word ones and ill-formed UTF-8.
std::vector<std::string> generatedSubjects(const std::vector<std::string> &words)
{
    const std::vector<std::string> pieces = {"a", "Z", "k", "K", "\u212A", "s", "S", "\u017F",
        "\u00DF", "\u1E9E", "ss", "\u03C3", "\u03C2", "\u03A3", " ", "-", ".", "_", "\u00E9",
        "e\u0301", "\u0903", "\u203F", "\uFF3F", "\u0663", "\u00B2", "\U0001F600", "\u4E2D",
        "\u6587", "\xFF", "\xE2\x82", "\x80", "1", "\n", "\u00A0", "\u2028", "İ", "ı", "i"};
    std::vector<std::string> subjects = {"", " ", "\xFF"};
    QRandomGenerator random(1313);
    for (int n = 0; n < 300; ++n) {
        std::string subject;
        const int parts = int(random.bounded(1, 9));
        for (int p = 0; p < parts; ++p) {
            if (!words.empty() && random.bounded(3) == 0) {
                std::string word = words[random.bounded(int(words.size()))];
                if (random.bounded(2) == 0)
                    word = QString::fromStdString(word).toUpper().toStdString();
                subject += word;
            } else {
                subject += pieces[random.bounded(int(pieces.size()))];
            }
        }
        subjects.push_back(subject);
    }
    for (const std::string &word : words) {
        subjects.push_back(word);
        subjects.push_back(QString::fromStdString(word).toUpper().toStdString());
        for (const char *around : {" ", "x", "_", "\u00E9", "\u0301", "\U0001F600", "\xFF", "."})
            subjects.push_back(around + word + around);
    }
    return subjects;
}

// The repository's conversations (../shared/data) and contracts: real texts.
std::vector<std::string> realSubjects(int turns)
{
    std::vector<std::string> subjects;
    for (const char *name :
        {"/../shared/data/sessions-sample.jsonl", "/../shared/data/hh-rlhf-harmless-test.jsonl"}) {
        QFile file(llmcl::test::sourceDir() + QString::fromUtf8(name));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QRegularExpression string(uR"re(": "((?:[^"\\]|\\.){20,})")re"_s);
        for (int line = 0; line < turns && !file.atEnd(); ++line) {
            const QString text = QString::fromUtf8(file.readLine());
            for (auto m = string.globalMatch(text); m.hasNext();)
                subjects.push_back(m.next().captured(1).toStdString());
        }
    }
    return subjects;
}

std::vector<std::string> split(const std::string &alternation)
{
    std::vector<std::string> words;
    std::size_t from = 0;
    for (std::size_t bar = alternation.find('|');; bar = alternation.find('|', from)) {
        words.push_back(alternation.substr(from, bar - from));
        if (bar == std::string::npos)
            break;
        from = bar + 1;
    }
    return words;
}

// `opening` + "word0|word1|…" + ")\b", compiled as Auto chooses: null (and a failure) unless
// Auto chose the literal set.
std::unique_ptr<Regex> literalSetChosen(const char *opening, const std::string &word, int count)
{
    std::string pattern = opening;
    for (int i = 0; i < count; ++i)
        pattern += (i ? "|" : "") + word + std::to_string(i);
    pattern += ")\\b";
    RegexError error;
    auto regex = Regex::compile(pattern, &error);
    if (!regex || regex->engineName() != "literal set") {
        QTest::qFail(
            ("Auto did not choose the literal set for " + pattern).c_str(), __FILE__, __LINE__);
        return nullptr;
    }
    return regex;
}

} // namespace

class TestRegexLiteralSet : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void recognises_data();
    void recognises();
    void agreesWithPcre2_data();
    void agreesWithPcre2();
    void agreesOnRepositoryPatterns();
    void choosesTheEngine_data();
    void choosesTheEngine();
    void tenThousandAlternatives();
    void contractSaysWhichEngineRan();
    void asciiBoundariesAgreeWithPcre2();
    void substituteRunsOnTheEngineChosen();
    void asciiSubjectsAreNotFolded();
};

void TestRegexLiteralSet::recognises_data()
{
    QTest::addColumn<QString>("pattern");
    // The alternatives joined by '|', then flags: i(caseless) c(capturing) <(\b before)
    // >(\b after); "-" when the pattern is not a literal set.
    QTest::addColumn<QString>("expected");
    QTest::newRow("word-list") << uR"((?i)\b(password|secret|token)\b)"_s
                               << u"password|secret|token i c < >"_s;
    QTest::newRow("non-capturing") << uR"(\b(?:a|b)\b)"_s << u"a|b < >"_s;
    QTest::newRow("bare") << u"foo|bar"_s << u"foo|bar"_s;
    QTest::newRow("one-word-bounded") << uR"(\bfoo\b)"_s << u"foo < >"_s;
    QTest::newRow("left-only") << uR"(\b(foo|x))"_s << u"foo|x c <"_s;
    QTest::newRow("escaped-punctuation")
        << uR"((a\.b|c\+\+|\(x\)|\\b))"_s << uR"(a.b|c++|(x)|\b c)"_s;
    QTest::newRow("escaped-backslash-then-b") << uR"(a\\b)"_s << uR"(a\b)"_s;
    QTest::newRow("empty-alternatives") << u"(|a||b)"_s << u"|a||b c"_s;
    QTest::newRow("non-ascii") << u"(?i)(stra\u00DFe|\u03A3|\U0001F600|\u4E2D\u6587)"_s
                               << u"stra\u00DFe|\u03A3|\U0001F600|\u4E2D\u6587 i c"_s;
    QTest::newRow("bare-bounded-alternation") << uR"(\ba|b\b)"_s << u"-"_s;
    QTest::newRow("class") << u"(a|[bc])"_s << u"-"_s;
    QTest::newRow("quantifier") << u"(ab?|c)"_s << u"-"_s;
    QTest::newRow("dot") << u"a.b"_s << u"-"_s;
    QTest::newRow("escape-letter") << uR"(\d|x)"_s << u"-"_s;
    QTest::newRow("two-groups") << u"(a)|(b)"_s << u"-"_s;
    QTest::newRow("nested-group") << u"(a|(b))"_s << u"-"_s;
    QTest::newRow("other-option") << u"(?m)(a|b)"_s << u"-"_s;
    QTest::newRow("named-group") << u"(?<w>a|b)"_s << u"-"_s;
    QTest::newRow("brace") << u"a{2}"_s << u"-"_s;
    QTest::newRow("anchor") << u"^(a|b)$"_s << u"-"_s;
    QTest::newRow("trailing-backslash") << uR"(a\)"_s << u"-"_s;
    QTest::newRow("ill-formed-utf8") << QString::fromLatin1("a\xFF") << u"-"_s;
}

void TestRegexLiteralSet::recognises()
{
    QFETCH(QString, pattern);
    QFETCH(QString, expected);
    std::string utf8 = pattern.toStdString();
    if (QTest::currentDataTag() == std::string_view("ill-formed-utf8"))
        utf8 = "a\xFF";
    const std::optional<detail::RegexLiteralSet> set = detail::RegexLiteralSet::fromPattern(utf8);
    std::string described = "-";
    if (set) {
        described.clear();
        for (std::size_t i = 0; i < set->alternatives().size(); ++i)
            described += (i ? "|" : "") + set->alternatives()[i];
        described += set->caseless() ? " i" : "";
        described += set->capturing() ? " c" : "";
        described += set->boundaryBefore() ? " <" : "";
        described += set->boundaryAfter() ? " >" : "";
    }
    QCOMPARE(QString::fromStdString(described), expected);
}

void TestRegexLiteralSet::agreesWithPcre2_data()
{
    QTest::addColumn<QString>("alternation");
    QTest::newRow("ascii") << u"password|secret|token|api key"_s;
    QTest::newRow("overlapping") << u"he|she|his|hers|s|sh|ers|h"_s;
    QTest::newRow("prefix-before-longer") << u"a|ab|abc|b|bc"_s;
    QTest::newRow("longer-before-prefix") << u"abc|ab|a|bc|b"_s;
    QTest::newRow("duplicates") << u"ab|AB|ab|b"_s;
    QTest::newRow("empty-first") << u"|a|b"_s;
    QTest::newRow("empty-last") << u"a|b|"_s;
    QTest::newRow("empty-only") << u""_s;
    QTest::newRow("kelvin-long-s") << u"k|s|kiss|\u212Aey|\u017Ft"_s;
    QTest::newRow("sharp-s") << u"stra\u00DFe|\u1E9E|ss|strasse"_s;
    QTest::newRow("sigma") << u"\u03A3\u03BF\u03C6\u03AF\u03B1|\u03C3|\u03C2|\u03C3\u03C2"_s;
    QTest::newRow("dotted-i") << u"\u0130stanbul|i|\u0131"_s;
    QTest::newRow("punctuation") << u"-|--|.|a.b|(x)|c++|_|a_b|\\\\"_s;
    QTest::newRow("emoji") << u"\U0001F600|\U0001F600\U0001F600|x\U0001F600"_s;
    QTest::newRow("cjk") << u"\u4E2D|\u4E2D\u6587|\u6587\u5B57"_s;
    QTest::newRow("marks") << u"e\u0301|\u00E9|\u0301"_s;
    QTest::newRow("digits") << u"1|\u0663|\u00B2|12"_s;
    QTest::newRow("space") << u" |a b| a"_s;
}

void TestRegexLiteralSet::agreesWithPcre2()
{
    QFETCH(QString, alternation);
    const std::string alternatives = alternation.toStdString();
    // The alternatives as PCRE2 literals: metacharacters escaped.
    std::string escaped;
    for (const std::string &word : split(alternatives)) {
        for (char c : word) {
            if (std::string_view("\\.()+").find(c) != std::string_view::npos)
                escaped += '\\';
            escaped += c;
        }
        escaped += '|';
    }
    escaped.pop_back();
    std::vector<std::string> words = split(alternatives);
    std::vector<std::string> subjects = generatedSubjects(words);
    for (const std::string &text : realSubjects(12))
        subjects.push_back(text);
    for (const char *options : {"", "(?i)"})
        for (const char *open : {"(", "(?:"})
            for (const char *before : {"", "\\b"})
                for (const char *after : {"", "\\b"}) {
                    compareEngines(
                        std::string(options) + before + open + escaped + ")" + after, subjects);
                    if (QTest::currentTestFailed())
                        return;
                }
    compareEngines("(?i)" + escaped, subjects);
}

void TestRegexLiteralSet::agreesOnRepositoryPatterns()
{
    // Every raw-string regex literal of the repository's contracts: the literal sets among
    // them are compared; the others are not literal sets.
    std::vector<std::string> patterns = llmcl::tests::repositoryPatterns();
    QVERIFY(patterns.size() > 20);
    std::sort(patterns.begin(), patterns.end());
    patterns.erase(std::unique(patterns.begin(), patterns.end()), patterns.end());
    std::vector<std::string> subjects = realSubjects(150);
    std::size_t sets = 0;
    for (const std::string &pattern : patterns) {
        RegexError error;
        if (!Regex::compile(pattern, &error, RegexUse::Both, RegexEngine::LiteralSet))
            continue;
        ++sets;
        const std::vector<std::string> generated =
            generatedSubjects(detail::RegexLiteralSet::fromPattern(pattern)->alternatives());
        std::vector<std::string> all = subjects;
        all.insert(all.end(), generated.begin(), generated.end());
        compareEngines(pattern, all);
        if (QTest::currentTestFailed())
            return;
    }
    QVERIFY(sets > 3);
    qInfo("%zu patterns, %zu literal sets", patterns.size(), sets);
}

void TestRegexLiteralSet::choosesTheEngine_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("engine");
    QString sixteen;
    QString sixteenAccented;
    for (int i = 0; i < 16; ++i) {
        sixteen += u"w%1|"_s.arg(i);
        sixteenAccented += u"\u00E9%1|"_s.arg(i);
    }
    sixteen.chop(1);
    sixteenAccented.chop(1);
    QTest::newRow("few-alternatives") << uR"((?i)\b(password|secret|token)\b)"_s << u"pcre2"_s;
    QTest::newRow("sixteen-ascii-caseless")
        << u"(?i)\\b("_s + sixteen + u")\\b"_s << u"literal set"_s;
    QTest::newRow("sixteen-non-ascii-case-sensitive")
        << u"\\b("_s + sixteenAccented + u")\\b"_s << u"literal set"_s;
    // Its folding would depend on utf8proc's Unicode version: PCRE2 keeps it.
    QTest::newRow("sixteen-non-ascii-caseless")
        << u"(?i)\\b("_s + sixteenAccented + u")\\b"_s << u"pcre2"_s;
    QTest::newRow("not-a-literal-set") << u"(?i)\\b(\\d+|"_s + sixteen + u")\\b"_s << u"pcre2"_s;
}

void TestRegexLiteralSet::choosesTheEngine()
{
    QFETCH(QString, pattern);
    QFETCH(QString, engine);
    RegexError error;
    const auto regex = Regex::compile(pattern.toStdString(), &error);
    QVERIFY2(regex, error.message.c_str());
    QCOMPARE(QString::fromUtf8(regex->engineName()), engine);
    EvalScratch scratch;
    std::string out;
    std::string message;
    QVERIFY(regex->substitute("a w3 b", "<$1>", scratch, out, message));
    QCOMPARE(out, std::string(pattern.contains(u"w0"_s) ? "a <w3> b" : "a w3 b"));
}

// The issue's case: 10,000 words as one case-insensitive regex. PCRE2 refuses it; it runs
// on the automaton, and says what PCRE2 says when run on it 500 alternatives at a time
// (the leftmost match of all slices, the earliest slice at the same place).
void TestRegexLiteralSet::tenThousandAlternatives()
{
    std::vector<std::string> words;
    QRandomGenerator random(10000);
    const std::string letters = "abcdefghijklmnopqrstuvwxyz";
    while (words.size() < 10000) {
        std::string word;
        const int length = int(random.bounded(4, 10));
        for (int i = 0; i < length; ++i)
            word += letters[random.bounded(int(letters.size()))];
        words.push_back(word);
    }
    words[7] = "stra\u00DFe";
    words[8] = "\u03C3\u03BF\u03C6\u03AF\u03B1";
    words[9] = "kelvin";
    std::string pattern = "(?i)\\b(";
    for (const std::string &word : words)
        pattern += word + "|";
    pattern.back() = ')';
    pattern += "\\b";

    RegexError error;
    QVERIFY(!Regex::compile(pattern, &error, RegexUse::Both, RegexEngine::Pcre2));
    QCOMPARE(error.message, std::string("regular expression is too large"));
    QVERIFY(Regex::validate(pattern, &error));
    const auto regex = Regex::compile(pattern, &error, RegexUse::Search);
    QVERIFY(regex);
    QCOMPARE(regex->engineName(), std::string_view("literal set"));
    QCOMPARE(regex->groupCount(), 1u);

    std::vector<std::unique_ptr<Regex>> slices;
    for (std::size_t from = 0; from < words.size(); from += 500) {
        std::string slice = "(?i)\\b(";
        for (std::size_t i = from; i < from + 500; ++i)
            slice += words[i] + "|";
        slice.back() = ')';
        slice += "\\b";
        slices.push_back(Regex::compile(slice, &error, RegexUse::Search, RegexEngine::Pcre2));
        QVERIFY(slices.back());
    }
    std::vector<std::string> subjects = realSubjects(100);
    subjects.push_back("Die STRASSE und die Stra\u1E9Ee");
    subjects.push_back("\u03A3\u039F\u03A6\u0399\u0391 says");
    subjects.push_back("300 \u212Aelvin");
    subjects.push_back("300 kelvins");
    for (int i = 0; i < 200; ++i)
        subjects.push_back("Text, then " + words[random.bounded(int(words.size()))] + ".");
    EvalScratch scratch;
    std::string message;
    std::size_t matched = 0;
    for (const std::string &subject : subjects) {
        std::optional<RegexSpan> expected;
        for (const auto &slice : slices) {
            scratch.resetRegexBudget();
            if (slice->search(subject, scratch, message) == MatchOutcome::Matched) {
                const RegexSpan span = *Regex::group(scratch, 0);
                if (!expected || span.begin < expected->begin)
                    expected = span;
            }
        }
        std::optional<RegexSpan> actual;
        if (regex->search(subject, scratch, message) == MatchOutcome::Matched)
            actual = *Regex::group(scratch, 1);
        QCOMPARE(actual.has_value(), expected.has_value());
        if (actual) {
            ++matched;
            QCOMPARE(actual->begin, expected->begin);
            QCOMPARE(actual->end, expected->end);
        }
    }
    QVERIFY(matched > 200);
}

// Through a contract: the pattern is no compile-time error, the clause fails on a listed
// word, and its explanation says the literal set ran.
void TestRegexLiteralSet::contractSaysWhichEngineRan()
{
    std::string pattern = R"((?i)\b(heck|darn)";
    for (int i = 0; i < 10000; ++i)
        pattern += "|word" + std::to_string(i);
    pattern += R"()\b)";
    CompileRequest request;
    request.files = {"blocklist.llmcl"};
    request.overrides["blocklist.llmcl"] = "contract Blocklist {\n"
                                           "    ensure not match(response, r\""
        + pattern + "\")\n    ensure not match(response, r\"(?i)\\bdarn\\b\")\n}\n";
    const CompileResult compiled = compileContracts(request);
    QVERIFY(compiled.set);
    QVERIFY(compiled.diagnostics.empty());
    Evaluator evaluator(compiled.set);
    TurnInput turn;
    turn.content = "hi";
    turn.response = "Then WORD9999 and DARN it";
    EvalOptions options;
    options.trace = true;
    const TurnResult result = evaluator.evaluateTurn(turn, options);
    const ClauseVerdict &blocked = result.contracts.at(0).clauses.at(0);
    QCOMPARE(blocked.status, ClauseStatus::Fail);
    std::optional<Value> engine;
    for (const Explanation &line : blocked.values)
        if (line.expression.ends_with(" engine"))
            engine = line.value;
    QVERIFY(engine);
    QCOMPARE(engine->asString(), std::string_view("literal set"));
    // A pattern PCRE2 runs says nothing about its engine.
    const ClauseVerdict &small = result.contracts.at(0).clauses.at(1);
    QCOMPARE(small.status, ClauseStatus::Fail);
    for (const Explanation &line : small.values)
        QVERIFY(!line.expression.ends_with(" engine"));
    turn.response = "Nothing listed here, word10000.";
    QCOMPARE(
        evaluator.evaluateTurn(turn, {}).contracts.at(0).clauses.at(0).status, ClauseStatus::Pass);
}

// `\b` between two ASCII characters is answered without PCRE2 (Regex::boundaryAt): every pair
// of ASCII characters around the alternatives, and each against a text's end, must give what
// PCRE2 gives.
void TestRegexLiteralSet::asciiBoundariesAgreeWithPcre2()
{
    std::vector<std::string> subjects;
    for (int before = 0; before < 128; ++before) {
        for (int after = 0; after < 128; ++after)
            subjects.push_back(std::string(1, char(before)) + "ab" + std::string(1, char(after)));
        subjects.push_back(std::string(1, char(before)) + "_9");
        subjects.push_back("b" + std::string(1, char(before)));
    }
    compareEngines(R"(\b(ab|b|_9)\b)", subjects);
    compareEngines(R"((?i)\b(AB|b|_9))", subjects);
    compareEngines(R"((?:ab|b|_9)\b)", subjects);
}

// A literal set Auto chose over PCRE2's compiled form replaces on the automaton too: PCRE2's
// search of many alternatives is the slow one (and charges the clause's regex budget, which
// the automaton does not).
void TestRegexLiteralSet::substituteRunsOnTheEngineChosen()
{
    const auto regex = literalSetChosen("\\b(", "w", 40);
    QVERIFY(regex);
    EvalScratch scratch;
    scratch.resetRegexBudget();
    std::string out;
    std::string message;
    QVERIFY(regex->substitute("w3 x w39 w40 w1", "<$1>", scratch, out, message));
    QCOMPARE(out, std::string("<w3> x <w39> w40 <w1>"));
    QCOMPARE(scratch.regexBudget(), limits::kRegexClauseSteps);
}

// find_all and regex_replace hand the text's ASCII-ness on to every search after a match: a
// caseless literal set then folds nothing (it folded the rest of the text once per match,
// matches × length).
void TestRegexLiteralSet::asciiSubjectsAreNotFolded()
{
    const auto regex = literalSetChosen("(?i)\\b(", "word", 20);
    QVERIFY(regex);
    const std::string pattern(regex->pattern());
    std::string text;
    for (int i = 0; i < 200; ++i)
        text += "some text WORD" + std::to_string(i % 20) + " and more; ";
    const Value subject = Value::borrowedString(text);
    EvalScratch scratch;
    const BuiltinInfo *findAll = findBuiltin("find_all");
    const BuiltinInfo *replace = findBuiltin("regex_replace");
    QVERIFY(findAll && replace);
    const std::vector<Value> findArguments {subject, Value::borrowedString(pattern)};
    BuiltinCall call {scratch, regex.get(), nullptr, {}};
    Value result;
    QVERIFY(callBuiltin(findAll->id, findArguments, call, result));
    QCOMPARE(result.asList().size(), 200u);
    const std::vector<Value> replaceArguments {
        subject, Value::borrowedString(pattern), Value::borrowedString("w")};
    QVERIFY(callBuiltin(replace->id, replaceArguments, call, result));
    QCOMPARE(result.asString().size(), text.size() - 200 * 4 - 100); // WORD10-19: 5 bytes less
    QCOMPARE(scratch.wordListScratch().foldedBytes(), 0u);
    // A non-ASCII text is folded, once per search.
    const std::string accented = "\u00E9 " + text;
    const std::vector<Value> accentedArguments {
        Value::borrowedString(accented), Value::borrowedString(pattern)};
    QVERIFY(callBuiltin(findAll->id, accentedArguments, call, result));
    QCOMPARE(result.asList().size(), 200u);
    QVERIFY(scratch.wordListScratch().foldedBytes() > accented.size());
}

QTEST_GUILESS_MAIN(TestRegexLiteralSet)
#include "tst_regexliteralset.moc"
