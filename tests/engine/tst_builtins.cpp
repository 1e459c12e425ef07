// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/builtins.h"
#include "engine/evalscratch.h"
#include "engine/regex.h"
#include "engine/value.h"

#include <QElapsedTimer>
#include <QTest>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

// Counts every allocation of the process, so that the test can hold the hot path of the
// built-ins to "no allocation".
namespace {
std::atomic<long> allocationCount {0};
}

void *operator new(std::size_t size)
{
    allocationCount.fetch_add(1, std::memory_order_relaxed);
    if (void *p = std::malloc(size ? size : 1))
        return p;
    throw std::bad_alloc();
}

// GCC sees free() on memory from `new` once these are inlined: they are the matching pair.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void operator delete(void *p) noexcept
{
    std::free(p);
}

void operator delete(void *p, std::size_t) noexcept
{
    std::free(p);
}
#pragma GCC diagnostic pop

using namespace Qt::StringLiterals;
using namespace llmcl::engine;

namespace {

std::string toStd(const QString &text)
{
    return text.toStdString();
}

QString fromView(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

// Values are written as JSON in the tables: compact, and they cover every LLMCL type.
Value parse(EvalScratch &, const QString &json)
{
    Value value;
    std::string error;
    const std::string text = toStd(json);
    if (!parseJson(text, value, error))
        qFatal("bad test JSON %s: %s", text.c_str(), error.c_str());
    // parseJson() copies strings, so the value outlives `text`.
    return value;
}

struct CallOutcome
{
    bool ok = false;
    QString text; // repr() of the result, or the error message
    Value matchGroup;
};

CallOutcome call(EvalScratch &scratch, std::string_view name, std::span<const Value> arguments,
    const Regex *pattern = nullptr)
{
    const BuiltinInfo *info = findBuiltin(name);
    if (!info)
        qFatal("no built-in %.*s", static_cast<int>(name.size()), name.data());
    CallOutcome outcome;
    BuiltinCall c {scratch, pattern, &outcome.matchGroup, {}};
    Value result;
    outcome.ok = callBuiltin(info->id, arguments, c, result);
    outcome.text = outcome.ok ? fromView(repr(result)) : fromView(c.error);
    return outcome;
}

} // namespace

class TestBuiltins : public QObject
{
    Q_OBJECT

private slots:
    void table();
    void findBuiltinByName();
    void calls_data();
    void calls();
    void nanAndInfinity();
    void matchGroupIsSet();
    void literalPattern();
    void catastrophicBacktracking_data();
    void catastrophicBacktracking();
    void regexCacheEvicts();
    void invalidUtf8();
    void borrowedResultsShareText();
    void jitStackOverflowFallsBackToInterpreter();
    void hotPathDoesNotAllocate();
    void caseConversionRemembersByContent();
};

void TestBuiltins::table()
{
    const auto all = builtins();
    QVERIFY(all.size() >= 41);
    for (std::size_t i = 1; i < all.size(); ++i)
        QVERIFY2(all[i - 1].name < all[i].name, all[i].name.data());
    for (const BuiltinInfo &info : all) {
        QVERIFY2(
            !info.signature.empty() && info.signature.starts_with(info.name), info.name.data());
        QVERIFY2(!info.summary.empty(), info.name.data());
        QVERIFY(info.minArity() <= info.maxArity());
        QVERIFY(info.maxArity() >= 1);
        if (info.patternParameter >= 0)
            QCOMPARE(info.parameters[static_cast<std::size_t>(info.patternParameter)].name,
                std::string_view("pattern"));
    }
    for (const char *name : {"len", "contains", "starts_with", "startswith", "ends_with",
             "endswith", "lower", "upper", "trim", "strip", "replace", "split", "join", "count",
             "word_count", "match", "full_match", "extract", "find_all", "regex_replace",
             "json_valid", "json_parse", "json_extract", "json_has", "email_valid", "url_valid",
             "first", "last", "min", "max", "sum", "any", "all", "abs", "round", "int", "float",
             "str", "bool", "type", "exists", "contains_any", "find_any"})
        QVERIFY2(findBuiltin(name), name);
}

void TestBuiltins::findBuiltinByName()
{
    QCOMPARE(findBuiltin("startswith")->id, findBuiltin("starts_with")->id);
    QCOMPARE(findBuiltin("endswith")->id, findBuiltin("ends_with")->id);
    QCOMPARE(findBuiltin("strip")->id, findBuiltin("trim")->id);
    QVERIFY(!findBuiltin("Len"));
    QVERIFY(!findBuiltin(""));
    QVERIFY(!findBuiltin("zzz"));
    QCOMPARE(findBuiltin("split")->minArity(), 1u);
    QCOMPARE(findBuiltin("split")->maxArity(), 2u);
    QCOMPARE(findBuiltin("replace")->minArity(), 3u);
    QCOMPARE(findBuiltin("match")->patternParameter, 1);
    QCOMPARE(findBuiltin("len")->patternParameter, -1);
}

void TestBuiltins::calls_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("arguments"); // a JSON array
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("expected"); // repr() of the result, or part of the error

    const auto row = [](const char *tag, const char *name, const QString &arguments,
                         const QString &expected) {
        QTest::newRow(tag) << QString::fromLatin1(name) << arguments << true << expected;
    };
    const auto error = [](const char *tag, const char *name, const QString &arguments,
                           const QString &expected) {
        QTest::newRow(tag) << QString::fromLatin1(name) << arguments << false << expected;
    };

    // len
    row("len-ascii", "len", uR"j(["hello"])j"_s, u"5"_s);
    row("len-unicode", "len", uR"j(["héllo wörld"])j"_s, u"11"_s);
    row("len-emoji", "len", uR"j(["a😀b"])j"_s, u"3"_s);
    row("len-empty", "len", uR"j([""])j"_s, u"0"_s);
    row("len-list", "len", uR"j([[1, 2, 3]])j"_s, u"3"_s);
    row("len-map", "len", uR"j([{"a": 1, "b": 2}])j"_s, u"2"_s);
    error("len-int", "len", uR"j([5])j"_s, u"len() takes a string, list or map, not int"_s);
    error("len-null", "len", uR"j([null])j"_s, u"not null"_s);
    error("len-arity", "len", uR"j([])j"_s, u"len() takes 1 argument (0 given)"_s);
    error("len-too-many", "len", uR"j(["a", "b"])j"_s, u"(2 given)"_s);

    // contains
    row("contains-substring", "contains", uR"j(["hello world", "o w"])j"_s, u"true"_s);
    row("contains-substring-missing", "contains", uR"j(["hello", "z"])j"_s, u"false"_s);
    row("contains-empty-substring", "contains", uR"j(["hello", ""])j"_s, u"true"_s);
    row("contains-unicode", "contains", uR"j(["Grüße", "üß"])j"_s, u"true"_s);
    row("contains-list-int-float", "contains", uR"j([[1, 2, 3], 2.0])j"_s, u"true"_s);
    row("contains-list-missing", "contains", uR"j([[1, "2"], 2])j"_s, u"false"_s);
    row("contains-list-nested", "contains", uR"j([[[1, 2], 3], [1, 2]])j"_s, u"true"_s);
    row("contains-map-key", "contains", uR"j([{"a": 1}, "a"])j"_s, u"true"_s);
    row("contains-map-value-is-not-key", "contains", uR"j([{"a": "b"}, "b"])j"_s, u"false"_s);
    row("contains-map-int-key", "contains", uR"j([{"a": 1}, 1])j"_s, u"false"_s);
    error("contains-string-int", "contains", uR"j(["a1", 1])j"_s, u"argument 'item'"_s);
    error("contains-int", "contains", uR"j([12, 1])j"_s, u"contains() takes"_s);

    // starts_with / ends_with and aliases
    row("starts-with", "starts_with", uR"j(["hello", "he"])j"_s, u"true"_s);
    row("starts-with-no", "starts_with", uR"j(["hello", "lo"])j"_s, u"false"_s);
    row("startswith-alias", "startswith", uR"j(["héllo", "hé"])j"_s, u"true"_s);
    row("starts-with-empty", "starts_with", uR"j(["x", ""])j"_s, u"true"_s);
    row("ends-with", "ends_with", uR"j(["hello", "llo"])j"_s, u"true"_s);
    row("endswith-alias", "endswith", uR"j(["hello", "hel"])j"_s, u"false"_s);
    error("starts-with-int", "starts_with", uR"j(["hello", 1])j"_s, u"argument 'prefix'"_s);
    error("ends-with-null", "ends_with", uR"j([null, "a"])j"_s, u"ends_with() takes a string"_s);

    // lower / upper
    row("lower-ascii", "lower", uR"j(["Hello WORLD 42"])j"_s, u"\"hello world 42\""_s);
    row("upper-ascii", "upper", uR"j(["Hello world"])j"_s, u"\"HELLO WORLD\""_s);
    row("lower-latin1", "lower", uR"j(["ÀÉÎÕÜ Ÿ"])j"_s, u"\"àéîõü ÿ\""_s);
    row("upper-latin1", "upper", uR"j(["àéîõü ÿ µ"])j"_s, u"\"ÀÉÎÕÜ Ÿ Μ\""_s);
    row("upper-eszett", "upper", uR"j(["straße"])j"_s, u"\"STRASSE\""_s);
    row("lower-latin-ext-a", "lower", uR"j(["ŁÓDŹ ŠŽČ"])j"_s, u"\"łódź šžč\""_s);
    row("upper-latin-ext-a", "upper", uR"j(["łódź šžč ı"])j"_s, u"\"ŁÓDŹ ŠŽČ I\""_s);
    row("lower-dotted-i", "lower", uR"j(["İ"])j"_s, u"\"i̇\""_s);
    row("lower-greek", "lower", uR"j(["ΑΒΓ Ά"])j"_s, u"\"αβγ ά\""_s);
    row("lower-greek-final-sigma", "lower", uR"j(["ΟΔΟΣ ΣΟΣ Σ"])j"_s, u"\"οδος σος σ\""_s);
    row("upper-greek", "upper", uR"j(["αβγ ς ά"])j"_s, u"\"ΑΒΓ Σ Ά\""_s);
    row("lower-cyrillic", "lower", uR"j(["ПРИВЕТ ЁЖ Ї"])j"_s, u"\"привет ёж ї\""_s);
    row("upper-cyrillic", "upper", uR"j(["привет ёж"])j"_s, u"\"ПРИВЕТ ЁЖ\""_s);
    row("upper-vietnamese", "upper", uR"j(["việt"])j"_s, u"\"VIỆT\""_s);
    row("upper-cjk-unchanged", "upper", uR"j(["漢字 ok"])j"_s, u"\"漢字 OK\""_s);
    row("lower-empty", "lower", uR"j([""])j"_s, u"\"\""_s);
    error("lower-list", "lower", uR"j([["A"]])j"_s, u"lower() takes a string, not list"_s);

    // trim / strip
    row("trim-ascii", "trim", uR"j(["  \t hi there \n"])j"_s, u"\"hi there\""_s);
    row("strip-alias", "strip", uR"j([" x "])j"_s, u"\"x\""_s);
    row("trim-unicode-spaces", "trim", u"[\"\u00a0\u2003\u3000 x \u2029\u0085\"]"_s, u"\"x\""_s);
    row("trim-all-space", "trim", uR"j(["   "])j"_s, u"\"\""_s);
    row("trim-keeps-inner", "trim", uR"j(["a  b"])j"_s, u"\"a  b\""_s);
    row("trim-zero-width-space-kept", "trim", u"[\"\u200bx\"]"_s, u"\"\u200bx\""_s);

    // replace
    row("replace", "replace", uR"j(["a-b-c", "-", "+"])j"_s, u"\"a+b+c\""_s);
    row("replace-longer", "replace", uR"j(["aaa", "a", "bb"])j"_s, u"\"bbbbbb\""_s);
    row("replace-non-overlapping", "replace", uR"j(["aaaa", "aa", "b"])j"_s, u"\"bb\""_s);
    row("replace-missing", "replace", uR"j(["abc", "x", "y"])j"_s, u"\"abc\""_s);
    row("replace-empty-old", "replace", uR"j(["aé", "", "-"])j"_s, u"\"-a-é-\""_s);
    row("replace-delete", "replace", uR"j(["a b c", " ", ""])j"_s, u"\"abc\""_s);
    error("replace-int", "replace", uR"j(["a", "a", 1])j"_s, u"argument 'new'"_s);

    // split
    row("split-whitespace", "split", uR"j(["  a b\t\nc  "])j"_s, uR"j(["a", "b", "c"])j"_s);
    row("split-whitespace-null", "split", uR"j(["a  b", null])j"_s, uR"j(["a", "b"])j"_s);
    row("split-whitespace-empty", "split", uR"j(["   "])j"_s, u"[]"_s);
    row("split-sep", "split", uR"j(["a,b,,c", ","])j"_s, uR"j(["a", "b", "", "c"])j"_s);
    row("split-sep-edges", "split", uR"j([",a,", ","])j"_s, uR"j(["", "a", ""])j"_s);
    row("split-sep-multi", "split", uR"j(["a::b", "::"])j"_s, uR"j(["a", "b"])j"_s);
    row("split-empty-string", "split", uR"j(["", ","])j"_s, uR"j([""])j"_s);
    row("split-unicode", "split", uR"j(["α→β→γ", "→"])j"_s, uR"j(["α", "β", "γ"])j"_s);
    error("split-empty-sep", "split", uR"j(["a", ""])j"_s, u"split(): empty separator"_s);
    error("split-int-sep", "split", uR"j(["a", 1])j"_s, u"a string or null"_s);

    // join
    row("join", "join", uR"j([["a", "b", "c"], ", "])j"_s, u"\"a, b, c\""_s);
    row("join-empty", "join", uR"j([[], ","])j"_s, u"\"\""_s);
    row("join-one", "join", uR"j([["x"], ","])j"_s, u"\"x\""_s);
    error("join-int-item", "join", uR"j([["a", 1], ","])j"_s, u"join(): item 1 is int"_s);
    error("join-not-list", "join", uR"j(["ab", ","])j"_s, u"join() takes a list"_s);

    // count
    row("count-substring", "count", uR"j(["banana", "an"])j"_s, u"2"_s);
    row("count-non-overlapping", "count", uR"j(["aaaa", "aa"])j"_s, u"2"_s);
    row("count-empty-substring", "count", uR"j(["héé", ""])j"_s, u"4"_s);
    row("count-list-item", "count", uR"j([[1, 2, 1, 1.0, "1"], 1])j"_s, u"3"_s);
    row("count-list-length", "count", uR"j([[1, 2, 3]])j"_s, u"3"_s);
    row("count-list-null-item", "count", uR"j([[null, 1, null], null])j"_s, u"2"_s);
    error("count-string-no-sub", "count", uR"j(["abc"])j"_s, u"argument 'item'"_s);

    // word_count
    row("word-count", "word_count", uR"j(["the quick  brown\tfox\n"])j"_s, u"4"_s);
    row("word-count-empty", "word_count", uR"j([""])j"_s, u"0"_s);
    row("word-count-spaces", "word_count", uR"j(["   "])j"_s, u"0"_s);
    row("word-count-punctuation", "word_count", uR"j(["hello, world!"])j"_s, u"2"_s);
    row("word-count-unicode-space", "word_count", u"[\"один\u00a0два\u3000三\"]"_s, u"3"_s);
    // ASCII texts are counted eight bytes at a time: words and spaces across the blocks' edges.
    row("word-count-ascii-blocks", "word_count",
        uR"j(["aaaaaaa bbbbbbbb\tc\u000bd\u000ce\rf\u001cg\u001dh\u001ei\u001fj  klmnopqrstuvwxyz !"])j"_s,
        u"12"_s);
    row("word-count-ascii-eight", "word_count", uR"j(["abcdefgh"])j"_s, u"1"_s);
    row("word-count-ascii-sixteen", "word_count", uR"j(["abcdefg hijklmno"])j"_s, u"2"_s);
    row("word-count-ascii-leading-block", "word_count", uR"j(["        x"])j"_s, u"1"_s);
    row("word-count-ascii-trailing-block", "word_count", uR"j(["abcdefgh        "])j"_s, u"1"_s);
    row("word-count-ascii-word-across", "word_count", uR"j(["       abcdefghij k"])j"_s, u"2"_s);
    row("word-count-ascii-controls", "word_count", uR"j(["a\u0000b\u007f\u0008\u001b \u0021"])j"_s,
        u"2"_s);

    // contains_any / find_any (at run time; tst_wordlist covers prepared lists)
    row("contains-any", "contains_any", uR"j(["a darn day", ["heck", "darn"]])j"_s, u"true"_s);
    row("contains-any-none", "contains_any", uR"j(["a fine day", ["heck", "darn"]])j"_s,
        u"false"_s);
    row("contains-any-empty-list", "contains_any", uR"j(["text", []])j"_s, u"false"_s);
    row("contains-any-case", "contains_any", uR"j(["DARN", ["darn"]])j"_s, u"false"_s);
    row("contains-any-ignore-case", "contains_any", uR"j(["DARN", ["darn"], true])j"_s, u"true"_s);
    row("contains-any-whole-words", "contains_any", uR"j(["class act", ["ass"], false, true])j"_s,
        u"false"_s);
    row("find-any-leftmost", "find_any", uR"j(["b then a", ["a", "b"]])j"_s, u"\"b\""_s);
    row("find-any-longest", "find_any", uR"j(["abc", ["ab", "abc", "a"]])j"_s, u"\"abc\""_s);
    row("find-any-list-order", "find_any", uR"j(["ABC", ["abc", "ABC"], true])j"_s, u"\"abc\""_s);
    row("find-any-none", "find_any", uR"j(["xyz", ["a"]])j"_s, u"null"_s);
    error("contains-any-item-int", "contains_any", uR"j(["x", ["a", 3]])j"_s,
        u"contains_any(): item 1 of the list is int, not a string"_s);
    error("contains-any-not-list", "contains_any", uR"j(["x", "a"])j"_s, u"argument 'items'"_s);
    error("find-any-flag-string", "find_any", uR"j(["x", ["a"], "yes"])j"_s,
        u"argument 'ignore_case' must be true or false"_s);
    error("find-any-subject-null", "find_any", uR"j([null, ["a"]])j"_s,
        u"find_any() takes a string"_s);

    // match / full_match / extract / find_all / regex_replace
    row("match-anywhere", "match", uR"j(["order 1234 shipped", "\\d{4}"])j"_s, u"true"_s);
    row("match-none", "match", uR"j(["no digits", "\\d"])j"_s, u"false"_s);
    row("match-unicode-class", "match", uR"j(["naïve", "^\\w+$"])j"_s, u"true"_s);
    row("match-caseless", "match", uR"j(["HELLO", "(?i)hello"])j"_s, u"true"_s);
    row("full-match", "full_match", uR"j(["12345", "\\d+"])j"_s, u"true"_s);
    row("full-match-partial", "full_match", uR"j(["12345x", "\\d+"])j"_s, u"false"_s);
    row("full-match-backtracks", "full_match", uR"j(["ab", "a|ab"])j"_s, u"true"_s);
    row("full-match-trailing-newline", "full_match", uR"j(["12\n", "\\d+"])j"_s, u"false"_s);
    error("match-invalid-pattern", "match", uR"j(["x", "a(b"])j"_s,
        u"invalid regex \"a(b\": missing closing parenthesis at offset 3"_s);
    error("match-pattern-int", "match", uR"j(["x", 1])j"_s, u"argument 'pattern'"_s);
    error("match-subject-null", "match", uR"j([null, "x"])j"_s, u"match() takes a string"_s);
    row("extract-whole", "extract", uR"j(["id: 42", "\\d+"])j"_s, u"\"42\""_s);
    row("extract-group", "extract", uR"j(["john@example.com", "(\\w+)@(\\w+)", 2])j"_s,
        u"\"example\""_s);
    row("extract-named", "extract", uR"j(["v1.2", "v(?<major>\\d+)\\.(?<minor>\\d+)", "minor"])j"_s,
        u"\"2\""_s);
    row("extract-no-match", "extract", uR"j(["abc", "\\d+"])j"_s, u"null"_s);
    row("extract-unset-group", "extract", uR"j(["a", "(a)|(b)", 2])j"_s, u"null"_s);
    row("extract-null-group", "extract", uR"j(["a1", "\\d", null])j"_s, u"\"1\""_s);
    error("extract-group-range", "extract", uR"j(["a", "(a)", 2])j"_s,
        u"extract(): no group 2 (the pattern has 1)"_s);
    error("extract-group-negative", "extract", uR"j(["a", "(a)", -1])j"_s, u"no group -1"_s);
    error("extract-group-name", "extract", uR"j(["a", "(a)", "x"])j"_s,
        u"extract(): no group named \"x\""_s);
    error("extract-group-bool", "extract", uR"j(["a", "(a)", true])j"_s, u"argument 'group'"_s);
    row("find-all", "find_all", uR"j(["a1b22c333", "\\d+"])j"_s, uR"j(["1", "22", "333"])j"_s);
    row("find-all-none", "find_all", uR"j(["abc", "\\d"])j"_s, u"[]"_s);
    row("find-all-one-group", "find_all", uR"j(["k=1, j=2", "(\\w)="])j"_s, uR"j(["k", "j"])j"_s);
    row("find-all-groups", "find_all", uR"j(["k=1, j=2", "(\\w)=(\\d)"])j"_s,
        uR"j([["k", "1"], ["j", "2"]])j"_s);
    row("find-all-unset-group", "find_all", uR"j(["ab", "(a)|(b)"])j"_s,
        uR"j([["a", ""], ["", "b"]])j"_s);
    row("find-all-empty-matches", "find_all", uR"j(["ab cd", "\\w*"])j"_s,
        uR"j(["ab", "", "cd", ""])j"_s);
    row("find-all-empty-pattern", "find_all", uR"j(["aé", ""])j"_s, uR"j(["", "", ""])j"_s);
    row("find-all-unicode", "find_all", uR"j(["Ünïcödé wörds", "\\w+"])j"_s,
        uR"j(["Ünïcödé", "wörds"])j"_s);
    row("regex-replace", "regex_replace",
        uR"j(["2024-01-31", "(\\d+)-(\\d+)-(\\d+)", "$3/$2/$1"])j"_s, u"\"31/01/2024\""_s);
    row("regex-replace-all", "regex_replace", uR"j(["a1b2", "\\d", "#"])j"_s, u"\"a#b#\""_s);
    row("regex-replace-braces", "regex_replace", uR"j(["ab", "(?<x>a)", "${x}${x}"])j"_s,
        u"\"aab\""_s);
    row("regex-replace-dollar", "regex_replace", uR"j(["5", "\\d", "$$$0"])j"_s, u"\"$5\""_s);
    row("regex-replace-none", "regex_replace", uR"j(["abc", "\\d", "x"])j"_s, u"\"abc\""_s);
    row("regex-replace-empty-matches", "regex_replace", uR"j(["abc", "x*", "-"])j"_s,
        u"\"-a-b-c-\""_s);
    error("regex-replace-bad-group", "regex_replace", uR"j(["a", "a", "$2"])j"_s,
        u"invalid regex replacement"_s);

    // JSON
    row("json-valid-object", "json_valid", uR"j(["{\"a\": [1, 2.5, null]}"])j"_s, u"true"_s);
    row("json-valid-scalar", "json_valid", uR"j(["42"])j"_s, u"true"_s);
    row("json-valid-string", "json_valid", uR"j(["\"x\""])j"_s, u"true"_s);
    row("json-valid-whitespace", "json_valid", uR"j(["  [ ] \n"])j"_s, u"true"_s);
    row("json-valid-no", "json_valid", uR"j(["{a: 1}"])j"_s, u"false"_s);
    row("json-valid-trailing", "json_valid", uR"j(["[1] x"])j"_s, u"false"_s);
    row("json-valid-empty", "json_valid", uR"j([""])j"_s, u"false"_s);
    row("json-valid-nan", "json_valid", uR"j(["NaN"])j"_s, u"false"_s);
    row("json-valid-map", "json_valid", uR"j([{"a": 1}])j"_s, u"true"_s);
    error("json-valid-int", "json_valid", uR"j([1])j"_s,
        u"json_valid() takes a string, list or map"_s);
    row("json-parse", "json_parse", uR"j(["{\"b\": 1, \"a\": [true, 2.0, \"é\", null]}"])j"_s,
        uR"j({"b": 1, "a": [true, 2.0, "é", null]})j"_s);
    row("json-parse-duplicate-key", "json_parse", uR"j(["{\"a\": 1, \"b\": 2, \"a\": 3}"])j"_s,
        uR"j({"a": 3, "b": 2})j"_s);
    row("json-parse-big-int", "json_parse",
        uR"j(["[9223372036854775807, 9223372036854775808]"])j"_s,
        u"[9223372036854775807, 9.223372036854776e+18]"_s);
    row("json-parse-exponent", "json_parse", uR"j(["1e2"])j"_s, u"100.0"_s);
    // Every number of the grammar is valid: out-of-range ones become ±inf or 0.0, as Python.
    row("json-parse-overflow", "json_parse", uR"j(["[1e400, -1e400, 1e-400]"])j"_s,
        u"[inf, -inf, 0.0]"_s);
    row("json-parse-huge-int", "json_parse", uR"j(["123456789012345678901234567890"])j"_s,
        u"1.2345678901234568e+29"_s);
    row("json-valid-overflow", "json_valid", uR"j(["1e400"])j"_s, u"true"_s);
    row("json-valid-huge-int", "json_valid", uR"j(["-123456789012345678901234567890"])j"_s,
        u"true"_s);
    row("json-parse-escapes", "json_parse", uR"j(["\"a\\n\\u00e9\""])j"_s, u"\"a\\né\""_s);
    row("json-parse-list-value", "json_parse", uR"j([[1, 2]])j"_s, u"[1, 2]"_s);
    error("json-parse-invalid", "json_parse", uR"j(["{\"a\": }"])j"_s, u"invalid JSON"_s);
    const QString doc =
        uR"j("{\"a\": {\"b\": [10, 20, {\"c d\": \"x\", \"n\": null}]}, \"k'q\": 1}")j"_s;
    row("json-extract-nested", "json_extract", u"[%1, \"$.a.b[0]\"]"_s.arg(doc), u"10"_s);
    row("json-extract-negative-index", "json_extract", u"[%1, \"$.a.b[-2]\"]"_s.arg(doc), u"20"_s);
    row("json-extract-quoted", "json_extract", u"[%1, \"$.a.b[2]['c d']\"]"_s.arg(doc), u"\"x\""_s);
    row("json-extract-double-quoted", "json_extract", u"[%1, \"$[\\\"k'q\\\"]\"]"_s.arg(doc),
        u"1"_s);
    row("json-extract-escaped-quote", "json_extract", u"[%1, \"$['k\\\\'q']\"]"_s.arg(doc), u"1"_s);
    row("json-extract-root", "json_extract", uR"j(["[1, 2]", "$"])j"_s, u"[1, 2]"_s);
    row("json-extract-object", "json_extract", u"[%1, \"$.a.b[2]\"]"_s.arg(doc),
        uR"j({"c d": "x", "n": null})j"_s);
    row("json-extract-missing", "json_extract", u"[%1, \"$.a.x\"]"_s.arg(doc), u"null"_s);
    row("json-extract-out-of-range", "json_extract", u"[%1, \"$.a.b[3]\"]"_s.arg(doc), u"null"_s);
    row("json-extract-index-on-object", "json_extract", u"[%1, \"$.a[0]\"]"_s.arg(doc), u"null"_s);
    // Text that is not JSON is an error, the same as json_parse's (json_valid is false).
    error("json-extract-not-json", "json_extract", uR"j(["Sure! {\"a\": 1}", "$.a"])j"_s,
        u"invalid JSON: unexpected character, expected a value at byte 0"_s);
    error("json-extract-checks-the-whole-text", "json_extract",
        uR"j(["{\"a\": 1, \"b\": [1e400, 01]}", "$.a"])j"_s,
        u"invalid JSON: invalid number: leading zero at byte 23"_s);
    row("json-extract-duplicate-last", "json_extract", uR"j(["{\"a\": 1, \"a\": 2}", "$.a"])j"_s,
        u"2"_s);
    row("json-extract-map-value", "json_extract", uR"j([{"a": [1, {"b": 2}]}, "$.a[1].b"])j"_s,
        u"2"_s);
    error("json-extract-bad-path", "json_extract", uR"j(["{}", "a.b"])j"_s,
        u"invalid JSON path \"a.b\": it must start with '$'"_s);
    error("json-extract-bad-index", "json_extract", uR"j(["{}", "$[x]"])j"_s,
        u"an index must be an integer"_s);
    error("json-extract-unterminated", "json_extract", uR"j(["{}", "$['a"])j"_s,
        u"unterminated quoted name"_s);
    error(
        "json-extract-missing-bracket", "json_extract", uR"j(["{}", "$[1"])j"_s, u"missing ']'"_s);
    error("json-extract-empty-name", "json_extract", uR"j(["{}", "$.a..b"])j"_s,
        u"a name must follow '.'"_s);
    row("json-has", "json_has", u"[%1, \"$.a.b[2].n\"]"_s.arg(doc), u"true"_s);
    row("json-has-missing", "json_has", u"[%1, \"$.a.b[2].m\"]"_s.arg(doc), u"false"_s);
    error("json-has-not-json", "json_has", uR"j(["{", "$"])j"_s,
        u"invalid JSON: unexpected end of input, expected a string as object key at byte 1"_s);
    error("json-has-lone-surrogate", "json_has", uR"j(["[\"\\ud800\"]", "$[0]"])j"_s,
        u"invalid JSON: unpaired UTF-16 surrogate in a \\u escape at byte 2"_s);
    row("json-has-path-escapes-differ", "json_has", uR"j(["{\"\\u00e9\\n\": 1}", "$['é\\n']"])j"_s,
        u"false"_s);
    row("json-has-key-with-escapes", "json_has",
        u"[\"{\\\"\\\\u00e9\\\\n\\\": 1}\", \"$['\u00e9\\n']\"]"_s, u"true"_s);
    row("json-has-map-value", "json_has", uR"j([{"a": null}, "$.a"])j"_s, u"true"_s);
    row("json-has-list-value", "json_has", uR"j([[1], "$[1]"])j"_s, u"false"_s);

    // email_valid / url_valid
    row("email-valid", "email_valid", uR"j(["first.last+tag@example.co.uk"])j"_s, u"true"_s);
    row("email-no-at", "email_valid", uR"j(["example.com"])j"_s, u"false"_s);
    row("email-short-tld", "email_valid", uR"j(["a@b.c"])j"_s, u"false"_s);
    row("email-space", "email_valid", uR"j(["a b@c.de"])j"_s, u"false"_s);
    row("email-unicode", "email_valid", uR"j(["josé@example.com"])j"_s, u"false"_s);
    row("url-valid", "url_valid", uR"j(["https://example.com/path?q=1"])j"_s, u"true"_s);
    row("url-http", "url_valid", uR"j(["http://x.y"])j"_s, u"true"_s);
    row("url-ftp", "url_valid", uR"j(["ftp://example.com"])j"_s, u"false"_s);
    row("url-space", "url_valid", uR"j(["https://exa mple.com"])j"_s, u"false"_s);
    row("url-no-host", "url_valid", uR"j(["https:///path"])j"_s, u"false"_s);
    error("url-null", "url_valid", uR"j([null])j"_s, u"url_valid() takes a string, not null"_s);

    // first / last
    row("first-list", "first", uR"j([[3, 4]])j"_s, u"3"_s);
    row("first-empty-default", "first", uR"j([[], "none"])j"_s, u"\"none\""_s);
    row("first-empty-null", "first", uR"j([[]])j"_s, u"null"_s);
    row("first-string", "first", uR"j(["éa"])j"_s, u"\"é\""_s);
    row("last-list", "last", uR"j([[3, 4]])j"_s, u"4"_s);
    row("last-string-emoji", "last", uR"j(["ab😀"])j"_s, u"\"😀\""_s);
    row("last-empty-string", "last", uR"j(["", 0])j"_s, u"0"_s);
    error("first-map", "first", uR"j([{}])j"_s, u"first() takes a list or a string, not map"_s);

    // min / max
    row("min-ints", "min", uR"j([[3, 1, 2]])j"_s, u"1"_s);
    row("max-mixed-numbers", "max", uR"j([[3, 4.5, 2]])j"_s, u"4.5"_s);
    row("max-first-of-equal", "max", uR"j([[1, 1.0]])j"_s, u"1"_s);
    row("min-strings", "min", uR"j([["b", "a", "é"]])j"_s, u"\"a\""_s);
    row("max-strings-code-point", "max", uR"j([["z", "é"]])j"_s, u"\"é\""_s);
    row("max-lists", "max", uR"j([[[1, 2], [1, 3], [0]]])j"_s, u"[1, 3]"_s);
    error("min-empty", "min", uR"j([[]])j"_s, u"min() arg is an empty list"_s);
    error("max-mixed-types", "max", uR"j([[1, "a"]])j"_s,
        u"'>' not supported between 'string' and 'int'"_s);
    error("max-not-list", "max", uR"j([1])j"_s, u"max() takes a list, not int"_s);
    error("max-two-arguments", "max", uR"j([1, 2])j"_s, u"max() takes 1 argument (2 given)"_s);

    // sum / any / all
    row("sum-ints", "sum", uR"j([[1, 2, 3]])j"_s, u"6"_s);
    row("sum-empty", "sum", uR"j([[]])j"_s, u"0"_s);
    row("sum-mixed", "sum", uR"j([[1, 2.5]])j"_s, u"3.5"_s);
    row("sum-compensated", "sum", uR"j([[0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]])j"_s,
        u"1.0"_s);
    error("sum-overflow", "sum", uR"j([[9223372036854775807, 1]])j"_s,
        u"integer overflow in sum()"_s);
    error("sum-string", "sum", uR"j([[1, "a"]])j"_s,
        u"sum() takes a list of numbers, item 1 is string"_s);
    error("sum-bool", "sum", uR"j([[true]])j"_s, u"item 0 is bool"_s);
    row("any", "any", uR"j([[0, "", null, 1]])j"_s, u"true"_s);
    row("any-none", "any", uR"j([[0, "", null, [], {}]])j"_s, u"false"_s);
    row("any-empty", "any", uR"j([[]])j"_s, u"false"_s);
    row("all", "all", uR"j([[1, "a", [0]]])j"_s, u"true"_s);
    row("all-one-false", "all", uR"j([[1, 0.0]])j"_s, u"false"_s);
    row("all-empty", "all", uR"j([[]])j"_s, u"true"_s);
    error("all-string", "all", uR"j(["ab"])j"_s, u"all() takes a list"_s);

    // abs
    row("abs-int", "abs", uR"j([-5])j"_s, u"5"_s);
    row("abs-float", "abs", uR"j([-2.5])j"_s, u"2.5"_s);
    row("abs-min-plus-one", "abs", uR"j([-9223372036854775807])j"_s, u"9223372036854775807"_s);
    error("abs-string", "abs", uR"j(["-1"])j"_s, u"abs() takes an int or a float, not string"_s);

    // round (Python's)
    row("round-half-even-2.5", "round", uR"j([2.5])j"_s, u"2"_s);
    row("round-half-even-3.5", "round", uR"j([3.5])j"_s, u"4"_s);
    row("round-half-even-0.5", "round", uR"j([0.5])j"_s, u"0"_s);
    row("round-half-even-neg", "round", uR"j([-2.5])j"_s, u"-2"_s);
    row("round-up", "round", uR"j([2.51])j"_s, u"3"_s);
    row("round-negative", "round", uR"j([-1.7])j"_s, u"-2"_s);
    row("round-null-ndigits", "round", uR"j([2.7, null])j"_s, u"3"_s);
    row("round-ndigits-float", "round", uR"j([2.675, 2])j"_s, u"2.67"_s);
    row("round-ndigits-tie", "round", uR"j([0.125, 2])j"_s, u"0.12"_s);
    row("round-ndigits-tie-odd", "round", uR"j([0.375, 2])j"_s, u"0.38"_s);
    row("round-ndigits-zero", "round", uR"j([2.5, 0])j"_s, u"2.0"_s);
    row("round-ndigits-zero-neg", "round", uR"j([-0.4, 0])j"_s, u"-0.0"_s);
    row("round-ndigits-negative", "round", uR"j([1234.5, -2])j"_s, u"1200.0"_s);
    row("round-ndigits-negative-tie", "round", uR"j([1250.0, -2])j"_s, u"1200.0"_s);
    row("round-ndigits-negative-above-tie", "round", uR"j([1250.0001, -2])j"_s, u"1300.0"_s);
    row("round-ndigits-carry", "round", uR"j([9.999, 2])j"_s, u"10.0"_s);
    row("round-ndigits-large", "round", uR"j([0.1, 400])j"_s, u"0.1"_s);
    row("round-ndigits-very-negative", "round", uR"j([12345.0, -400])j"_s, u"0.0"_s);
    row("round-ndigits-below-unit", "round", uR"j([4.0, -1])j"_s, u"0.0"_s);
    row("round-ndigits-six-below", "round", uR"j([6.0, -1])j"_s, u"10.0"_s);
    row("round-int", "round", uR"j([7])j"_s, u"7"_s);
    row("round-int-ndigits", "round", uR"j([1250, -2])j"_s, u"1200"_s);
    row("round-int-ndigits-odd", "round", uR"j([1350, -2])j"_s, u"1400"_s);
    row("round-int-ndigits-negative", "round", uR"j([-1251, -2])j"_s, u"-1300"_s);
    row("round-int-ndigits-positive", "round", uR"j([7, 3])j"_s, u"7"_s);
    row("round-int-ndigits-huge", "round", uR"j([5, -50])j"_s, u"0"_s);
    error(
        "round-int-overflow", "round", uR"j([9223372036854775807, -1])j"_s, u"integer overflow"_s);
    error(
        "round-float-overflow", "round", uR"j([1e300])j"_s, u"integer overflow in round(1e+300)"_s);
    error("round-string", "round", uR"j(["1.5"])j"_s, u"round() takes an int or a float"_s);
    error("round-float-ndigits", "round", uR"j([1.5, 1.0])j"_s, u"argument 'ndigits'"_s);

    // int / float / str / bool / type / exists
    row("int-float-truncates", "int", uR"j([-2.9])j"_s, u"-2"_s);
    row("int-bool", "int", uR"j([true])j"_s, u"1"_s);
    row("int-string", "int", uR"j(["  -42\n"])j"_s, u"-42"_s);
    row("int-string-plus", "int", uR"j(["+7"])j"_s, u"7"_s);
    row("int-string-underscores", "int", uR"j(["1_000_000"])j"_s, u"1000000"_s);
    row("int-string-leading-zeros", "int", uR"j(["007"])j"_s, u"7"_s);
    row("int-string-unicode-space", "int", u"[\"\u00a012\u3000\"]"_s, u"12"_s);
    row("int-string-min", "int", uR"j(["-9223372036854775808"])j"_s, u"-9223372036854775808"_s);
    error("int-string-float", "int", uR"j(["1.5"])j"_s, u"invalid literal for int(): \"1.5\""_s);
    error("int-string-empty", "int", uR"j([""])j"_s, u"invalid literal for int()"_s);
    error("int-string-double-underscore", "int", uR"j(["1__0"])j"_s, u"invalid literal"_s);
    error("int-string-trailing-underscore", "int", uR"j(["10_"])j"_s, u"invalid literal"_s);
    error("int-string-hex", "int", uR"j(["0x10"])j"_s, u"invalid literal"_s);
    error("int-string-overflow", "int", uR"j(["9223372036854775808"])j"_s, u"integer overflow"_s);
    error("int-float-overflow", "int", uR"j([1e19])j"_s, u"integer overflow in int(1e+19)"_s);
    error("int-null", "int", uR"j([null])j"_s,
        u"int() takes a bool, int, float or string, not null"_s);
    row("float-int", "float", uR"j([3])j"_s, u"3.0"_s);
    row("float-bool", "float", uR"j([false])j"_s, u"0.0"_s);
    row("float-string", "float", uR"j([" 2.5 "])j"_s, u"2.5"_s);
    row("float-string-exponent", "float", uR"j(["1e-3"])j"_s, u"0.001"_s);
    row("float-string-dot", "float", uR"j([".5"])j"_s, u"0.5"_s);
    row("float-string-trailing-dot", "float", uR"j(["5."])j"_s, u"5.0"_s);
    row("float-string-underscores", "float", uR"j(["1_0.2_5"])j"_s, u"10.25"_s);
    row("float-string-inf", "float", uR"j(["-Infinity"])j"_s, u"-inf"_s);
    row("float-string-nan", "float", uR"j(["nan"])j"_s, u"nan"_s);
    row("float-string-overflow", "float", uR"j(["1e999"])j"_s, u"inf"_s);
    row("float-string-underflow", "float", uR"j(["-1e-999"])j"_s, u"-0.0"_s);
    row("float-string-huge-mantissa", "float", uR"j(["123456789e400"])j"_s, u"inf"_s);
    error("float-string-bad", "float", uR"j(["1.2.3"])j"_s,
        u"could not convert string to float: \"1.2.3\""_s);
    error("float-string-only-dot", "float", uR"j(["."])j"_s, u"could not convert"_s);
    error("float-string-nan-paren", "float", uR"j(["nan(1)"])j"_s, u"could not convert"_s);
    row("str-string", "str", uR"j(["a\"b"])j"_s, u"\"a\\\"b\""_s);
    row("str-float", "str", uR"j([1.0])j"_s, u"\"1.0\""_s);
    row("str-list", "str", uR"j([[1, "a", null]])j"_s, uR"j("[1, \"a\", null]")j"_s);
    row("str-bool", "str", uR"j([true])j"_s, u"\"true\""_s);
    row("bool-empty-string", "bool", uR"j([""])j"_s, u"false"_s);
    row("bool-zero-float", "bool", uR"j([0.0])j"_s, u"false"_s);
    row("bool-list", "bool", uR"j([[0]])j"_s, u"true"_s);
    row("type-null", "type", uR"j([null])j"_s, u"\"null\""_s);
    row("type-int", "type", uR"j([1])j"_s, u"\"int\""_s);
    row("type-float", "type", uR"j([1.5])j"_s, u"\"float\""_s);
    row("type-string", "type", uR"j(["x"])j"_s, u"\"string\""_s);
    row("type-list", "type", uR"j([[]])j"_s, u"\"list\""_s);
    row("type-map", "type", uR"j([{}])j"_s, u"\"map\""_s);
    row("type-bool", "type", uR"j([false])j"_s, u"\"bool\""_s);
    row("exists-null", "exists", uR"j([null])j"_s, u"false"_s);
    row("exists-false", "exists", uR"j([false])j"_s, u"true"_s);
}

void TestBuiltins::calls()
{
    QFETCH(QString, name);
    QFETCH(QString, arguments);
    QFETCH(bool, ok);
    QFETCH(QString, expected);

    EvalScratch scratch;
    const Value args = parse(scratch, arguments);
    QVERIFY(args.isList());
    const std::string builtinName = toStd(name);
    const CallOutcome outcome = call(scratch, builtinName, args.asList());
    if (ok) {
        QVERIFY2(outcome.ok, qPrintable(outcome.text));
        QCOMPARE(outcome.text, expected);
    } else {
        QVERIFY2(!outcome.ok, qPrintable(u"unexpected success: "_s + outcome.text));
        QVERIFY2(outcome.text.contains(expected), qPrintable(outcome.text));
        QVERIFY(!outcome.text.endsWith(u'.'));
        QVERIFY(!outcome.text.contains(u'\n'));
    }
}

void TestBuiltins::nanAndInfinity()
{
    EvalScratch scratch;
    const double nan = std::nan("");
    const double inf = HUGE_VAL;
    const auto one = [&](std::string_view name, std::vector<Value> args) {
        return call(scratch, name, args);
    };
    QCOMPARE(one("int", {Value::number(nan)}).text, u"cannot convert float NaN to integer"_s);
    QCOMPARE(one("int", {Value::number(inf)}).text, u"cannot convert float infinity to integer"_s);
    QCOMPARE(one("round", {Value::number(nan)}).text, u"cannot convert float NaN to integer"_s);
    QCOMPARE(one("round", {Value::number(-inf), Value::integer(2)}).text, u"-inf"_s);
    QCOMPARE(one("round", {Value::number(nan), Value::integer(2)}).text, u"nan"_s);
    QCOMPARE(one("str", {Value::number(-inf)}).text, u"\"-inf\""_s);
    QCOMPARE(one("bool", {Value::number(nan)}).text, u"true"_s);
    // Python: max keeps the first item when the others compare false against NaN.
    QCOMPARE(one("max", {Value::list({Value::number(nan), Value::integer(1)})}).text, u"nan"_s);
    QCOMPARE(one("max", {Value::list({Value::integer(1), Value::number(nan)})}).text, u"1"_s);
    QCOMPARE(one("sum", {Value::list({Value::number(inf), Value::integer(1)})}).text, u"inf"_s);
    QCOMPARE(one("abs", {Value::integer(std::numeric_limits<std::int64_t>::min())}).text,
        u"integer overflow in abs(-9223372036854775808)"_s);
}

void TestBuiltins::matchGroupIsSet()
{
    EvalScratch scratch;
    const std::vector<Value> args {
        Value::borrowedString("call 555-1234 now"), Value::borrowedString(R"((\d{3})-\d{4})")};
    CallOutcome outcome = call(scratch, "match", args);
    QCOMPARE(outcome.text, u"true"_s);
    QCOMPARE(fromView(repr(outcome.matchGroup)), u"\"555-1234\""_s);

    const std::vector<Value> extractArgs {args[0], args[1], Value::integer(1)};
    outcome = call(scratch, "extract", extractArgs);
    QCOMPARE(outcome.text, u"\"555\""_s);
    QCOMPARE(fromView(repr(outcome.matchGroup)), u"\"555-1234\""_s);

    const std::vector<Value> noMatch {Value::borrowedString("none"), args[1]};
    outcome = call(scratch, "full_match", noMatch);
    QCOMPARE(outcome.text, u"false"_s);
    QVERIFY(outcome.matchGroup.isNull());
}

void TestBuiltins::literalPattern()
{
    RegexError error;
    const std::unique_ptr<Regex> regex = Regex::compile(R"(^\p{Lu}\w+$)", &error);
    QVERIFY(regex);
    QCOMPARE(regex->pattern(), std::string_view(R"(^\p{Lu}\w+$)"));
    EvalScratch scratch;
    // With a compiled literal the pattern argument is not looked at.
    const std::vector<Value> args {Value::borrowedString("Édith"), Value::null()};
    QCOMPARE(call(scratch, "match", args, regex.get()).text, u"true"_s);

    QVERIFY(!Regex::compile("(?<n>a", &error));
    QCOMPARE(error.offset, 6u);
    QVERIFY(!error.message.empty());
    QVERIFY(!Regex::compile("x{2,1}", nullptr));
}

void TestBuiltins::catastrophicBacktracking_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("match") << u"match"_s;
    QTest::newRow("full_match") << u"full_match"_s;
    QTest::newRow("extract") << u"extract"_s;
    QTest::newRow("find_all") << u"find_all"_s;
    QTest::newRow("regex_replace") << u"regex_replace"_s;
}

void TestBuiltins::catastrophicBacktracking()
{
    QFETCH(QString, name);
    const std::string subject = std::string(30000, 'a') + 'b';
    EvalScratch scratch;
    const std::vector<Value> args {Value::borrowedString(subject), Value::borrowedString("(a+)+$"),
        Value::borrowedString("x")};
    const std::string builtinName = toStd(name);
    const std::size_t arity =
        findBuiltin(builtinName)->maxArity() == 3 && name != u"extract"_s ? 3 : 2;
    QElapsedTimer timer;
    timer.start();
    const CallOutcome outcome =
        call(scratch, builtinName, std::span<const Value>(args).first(arity));
    const qint64 elapsed = timer.elapsed();
    QVERIFY(!outcome.ok);
    QCOMPARE(outcome.text, u"regex match limit exceeded"_s);
    qDebug("%s: %lld ms", builtinName.c_str(), static_cast<long long>(elapsed));
    QVERIFY2(elapsed < 500, qPrintable(QString::number(elapsed)));

    // The same pattern on text it can match stays fast and correct.
    const std::vector<Value> fine {Value::borrowedString("aaaa"), args[1], args[2]};
    QVERIFY(call(scratch, builtinName, std::span<const Value>(fine).first(arity)).ok);
}

void TestBuiltins::regexCacheEvicts()
{
    EvalScratch scratch;
    RegexError error;
    const Regex *first = scratch.regex("a0", &error);
    QVERIFY(first);
    QCOMPARE(scratch.regex("a0", &error), first); // cached
    for (std::size_t i = 1; i <= EvalScratch::kRegexCacheSize + 5; ++i)
        QVERIFY(scratch.regex("a" + std::to_string(i), &error));
    const Regex *again = scratch.regex("a0", &error);
    QVERIFY(again);
    QCOMPARE(again->pattern(), std::string_view("a0"));
    QVERIFY(!scratch.regex("(", &error));
    QVERIFY(!error.message.empty());
    error = {};
    QVERIFY(!scratch.regex("(", &error)); // a cached failure reports its error again
    QVERIFY(!error.message.empty());
}

void TestBuiltins::invalidUtf8()
{
    EvalScratch scratch;
    // An ill-formed maximal subpart counts as one code point; nothing crashes.
    const std::string text = "a\xE2\x82z\xFF";
    const Value s = Value::borrowedString(text);
    const auto run = [&](std::string_view name, std::vector<Value> args) {
        return call(scratch, name, args);
    };
    QCOMPARE(run("len", {s}).text, u"4"_s);
    QCOMPARE(run("word_count", {s}).text, u"1"_s);
    QVERIFY(run("upper", {s}).ok);
    QVERIFY(run("lower", {s}).ok);
    QVERIFY(run("trim", {s}).ok);
    QCOMPARE(run("match", {s, Value::borrowedString("z")}).text, u"true"_s);
    QCOMPARE(run("find_all", {s, Value::borrowedString(".")}).text, uR"j(["a", "z"])j"_s);
    QCOMPARE(run("json_valid", {s}).text, u"false"_s);
    QCOMPARE(run("count", {s, Value::borrowedString("")}).text, u"5"_s);
    QCOMPARE(run("last", {Value::borrowedString("a\xE2\x82")}).text, u"\"\uFFFD\""_s);
    QVERIFY(run("replace", {s, Value::borrowedString(""), Value::borrowedString("-")}).ok);
    QVERIFY(run("split", {s}).ok);
}

void TestBuiltins::borrowedResultsShareText()
{
    EvalScratch scratch;
    const std::string text = "  Hello world  ";
    const Value s = Value::borrowedString(text);
    Value result;
    BuiltinCall c {scratch, nullptr, nullptr, {}};
    QVERIFY(callBuiltin(BuiltinId::Trim, std::vector<Value> {s}, c, result));
    QCOMPARE(result.asString().data(), text.data() + 2);
    QVERIFY(!result.ownsText());
    QVERIFY(callBuiltin(
        BuiltinId::Lower, std::vector<Value> {Value::borrowedString("abc")}, c, result));
    QVERIFY(!result.ownsText()); // unchanged text is not copied

    // Parts of an owned string share its owner and outlive the original value.
    Value part;
    {
        const Value owned = Value::string("alpha beta");
        QVERIFY(callBuiltin(BuiltinId::Split, std::vector<Value> {owned}, c, part));
    }
    QCOMPARE(fromView(repr(part)), uR"j(["alpha", "beta"])j"_s);
    QVERIFY(part.asList()[1].ownsText());
}

void TestBuiltins::jitStackOverflowFallsBackToInterpreter()
{
    // Each repetition of the group leaves a backtracking point: more than the JIT's 512 KiB
    // stack holds for 20,000 words, well within the interpreter's heap-based limits.
    std::string words;
    for (int i = 0; i < 20000; ++i)
        words += "word ";
    EvalScratch scratch;
    const std::vector<Value> args {Value::borrowedString(words),
        Value::borrowedString(R"((\w+\s?)*$)"), Value::borrowedString("")};
    QCOMPARE(call(scratch, "match", std::span<const Value>(args).first(2)).text, u"true"_s);
    QCOMPARE(call(scratch, "full_match", std::span<const Value>(args).first(2)).text, u"true"_s);
    QCOMPARE(call(scratch, "regex_replace", args).text, u"\"\""_s);
}

void TestBuiltins::hotPathDoesNotAllocate()
{
    EvalScratch scratch;
    const std::string text(2048, 'x');
    const std::string json = R"({"items": [1, 2.5, "three", {"four": null}], "ok": true})";
    RegexError error;
    const std::unique_ptr<Regex> literal = Regex::compile(R"(x{3}\b)", &error);
    QVERIFY(literal);
    const Value subject = Value::borrowedString(text);
    const Value jsonText = Value::borrowedString(json);
    const Value needle = Value::borrowedString("xxy");
    const Value path = Value::borrowedString("$.items[3].four");
    Value matchGroup;
    BuiltinCall c {scratch, nullptr, &matchGroup, {}};
    Value result;
    const auto run = [&](BuiltinId id, std::initializer_list<Value> args,
                         const Regex *pattern = nullptr) {
        c.pattern = pattern;
        return callBuiltin(id, std::span<const Value>(args.begin(), args.size()), c, result);
    };
    const auto everything = [&] {
        bool ok = true;
        ok &= run(BuiltinId::Len, {subject});
        ok &= run(BuiltinId::Contains, {subject, needle});
        ok &= run(BuiltinId::StartsWith, {subject, needle});
        ok &= run(BuiltinId::EndsWith, {subject, needle});
        ok &= run(BuiltinId::WordCount, {subject});
        ok &= run(BuiltinId::Match, {subject, Value()}, literal.get());
        ok &= run(BuiltinId::FullMatch, {subject, Value()}, literal.get());
        ok &= run(BuiltinId::Trim, {subject});
        ok &= run(BuiltinId::Lower, {subject});
        ok &= run(BuiltinId::JsonValid, {jsonText});
        ok &= run(BuiltinId::JsonHas, {jsonText, path});
        ok &= run(BuiltinId::EmailValid, {needle});
        return ok;
    };
    QVERIFY(everything()); // warm-up: buffers grow, built-in patterns compile
    const long before = allocationCount.load();
    const bool ok = everything();
    const long allocations = allocationCount.load() - before;
    QVERIFY(ok);
    QCOMPARE(allocations, 0L);
}

// lower()/upper() remember their last results (EvalScratch::rememberedCase) by content: the
// same buffer holding another text of the same length gets that text's conversion, and lower
// and upper of one text are kept apart.
void TestBuiltins::caseConversionRemembersByContent()
{
    EvalScratch scratch;
    std::string buffer = "HELLO Ünïcödé";
    const Value first[] = {Value::borrowedString(buffer)};
    QCOMPARE(call(scratch, "lower", first).text, u"\"hello ünïcödé\""_s);
    QCOMPARE(call(scratch, "lower", first).text, u"\"hello ünïcödé\""_s);
    buffer.replace(0, 5, "WORLD"); // same address, same size, another text
    const Value second[] = {Value::borrowedString(buffer)};
    QCOMPARE(call(scratch, "lower", second).text, u"\"world ünïcödé\""_s);
    QCOMPARE(call(scratch, "upper", second).text, u"\"WORLD ÜNÏCÖDÉ\""_s);
    QCOMPARE(call(scratch, "lower", second).text, u"\"world ünïcödé\""_s);
    // More texts than entries: the oldest is converted again, correctly.
    for (const char *text : {"A", "B", "C", "D", "E", "A"}) {
        const Value argument[] = {Value::borrowedString(text)};
        QCOMPARE(call(scratch, "lower", argument).text,
            u"\"%1\""_s.arg(QString::fromLatin1(text).toLower()));
    }
}

QTEST_GUILESS_MAIN(TestBuiltins)
#include "tst_builtins.moc"
