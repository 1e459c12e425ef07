// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later

// The regex prefilter (regexprefilter.h): which literals it finds in a pattern, and that a
// search with it gives PCRE2's answer without it, on every pattern of the repository's examples
// and tests, generated texts (literals at every offset and case, next to the 8-byte blocks'
// edges) and the shared session texts.

#include "engine/evalscratch.h"
#include "engine/regex.h"
#include "engine/regexprefilter.h"

#include <QFile>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>

#include "tests/common/repositorypatterns.h"
#include "tests/common/testpaths.h"

using namespace Qt::StringLiterals;
using namespace llmcl::engine;

namespace {

// `pattern` without its prefilter: \Q\E is empty to PCRE2 and unknown to the prefilter.
std::string unfiltered(std::string_view pattern)
{
    return std::string(pattern) + "\\Q\\E";
}

// Both searches of every text, failing the test where they disagree.
void compareSearches(const std::string &pattern, const std::vector<std::string> &texts)
{
    RegexError error;
    const std::unique_ptr<Regex> filtered = Regex::compile(pattern, &error);
    const std::unique_ptr<Regex> plain = Regex::compile(unfiltered(pattern), &error);
    if (!filtered || !plain)
        return; // not a pattern PCRE2 takes: nothing to compare
    QVERIFY(!plain->prefilter());
    EvalScratch scratch;
    std::string message;
    for (const std::string &text : texts) {
        bool ascii = true;
        for (char c : text)
            ascii = ascii && static_cast<unsigned char>(c) < 0x80;
        scratch.resetRegexBudget();
        const MatchOutcome expected = plain->search(text, scratch, message);
        scratch.resetRegexBudget();
        const MatchOutcome got = filtered->search(text, scratch, message, 0, false, ascii);
        if (expected == MatchOutcome::Failed)
            continue; // a limit: the prefilter may know better
        if (got != expected)
            QFAIL(qPrintable(u"pattern %1 on %2: %3 with the prefilter, %4 without"_s.arg(
                QString::fromStdString(pattern), QString::fromStdString(text).left(200),
                QString::number(int(got)), QString::number(int(expected)))));
        scratch.resetRegexBudget();
        const MatchOutcome expectedFull = plain->fullMatch(text, scratch, message);
        scratch.resetRegexBudget();
        const MatchOutcome gotFull = filtered->fullMatch(text, scratch, message, ascii);
        if (expectedFull != MatchOutcome::Failed && gotFull != expectedFull)
            QFAIL(
                qPrintable(u"pattern %1, full match of %2: %3 with the prefilter, %4 without"_s.arg(
                    QString::fromStdString(pattern), QString::fromStdString(text).left(200),
                    QString::number(int(gotFull)), QString::number(int(expectedFull)))));
    }
}

} // namespace

class TestRegexPrefilter : public QObject
{
    Q_OBJECT

private slots:
    void literals_data();
    void literals();
    void nonAsciiSubjects_data();
    void nonAsciiSubjects();
    void agreesWithPcre2OnGeneratedTexts();
    void agreesWithPcre2OnRepositoryPatterns();
};

void TestRegexPrefilter::literals_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QStringList>("literals"); // empty: no prefilter
    QTest::addColumn<bool>("caseless");
    const auto row = [](const char *name, const QString &pattern, const QStringList &literals,
                         bool caseless = false) {
        QTest::newRow(name) << pattern << literals << caseless;
    };
    row("caseless-words", uR"((?i)\b(password|secret|token)\b)"_s,
        {u"password"_s, u"secret"_s, u"token"_s}, true);
    row("caseless-prefix", uR"((?i)order\s+#?\d+)"_s, {u"order"_s}, true);
    row("caseless-lowered", uR"((?i)REFUND)"_s, {u"refund"_s}, true);
    row("plain", uR"(Thank you)"_s, {u"Thank you"_s});
    row("longest-run", uR"(ab\d+cdef)"_s, {u"cdef"_s});
    row("escaped-punctuation", uR"(e\.g\.)"_s, {u"e.g."_s});
    row("optional-char-splits", uR"(colou?r)"_s, {u"colo"_s});
    row("plus-keeps-one", uR"(ab+c)"_s, {u"ab"_s});
    row("brace-quantifier", uR"(x{2,}yz)"_s, {u"yz"_s});
    row("optional-group", uR"((foo)?barx)"_s, {u"barx"_s});
    row("repeated-group", uR"((?:foo|bar)+\d)"_s, {u"bar"_s, u"foo"_s});
    row("named-group", uR"((?<word>hello|howdy))"_s, {u"hello"_s, u"howdy"_s});
    row("class-breaks", uR"([Hh]ello)"_s, {u"ello"_s});
    row("class-with-bracket", uR"([]a-z]+world)"_s, {u"world"_s});
    row("top-level-alternation", uR"(apple|pear)"_s, {u"apple"_s, u"pear"_s});
    row("options-ms", uR"((?ms)^start.*end$)"_s, {u"start"_s});
    row("none-one-char", uR"(a\d)"_s, {});
    row("none-optional-alternative", uR"(foo|\d+)"_s, {});
    row("none-empty-alternative", uR"((?:foo|))"_s, {});
    row("none-lookahead", uR"((?=abc)abc)"_s, {});
    row("none-backreference", uR"((ab)\1)"_s, {});
    row("none-inline-option", uR"(ab(?i)cd)"_s, {});
    row("none-scoped-option", uR"((?i:abc))"_s, {});
    row("none-extended", uR"((?x) a b c )"_s, {});
    row("none-quote", uR"(\Qa.b\E)"_s, {});
    row("none-hex", uR"(\x41BC)"_s, {});
    row("none-verb", uR"((*UCP)abc)"_s, {});
    row("none-non-ascii", u"(?i)caf\u00e9"_s, {});
    row("none-literal-brace", uR"(a{b}c)"_s, {});
    row("none-too-many", uR"(aa|bb|cc|dd|ee|ff|gg|hh|ii)"_s, {});
}

void TestRegexPrefilter::literals()
{
    QFETCH(QString, pattern);
    QFETCH(QStringList, literals);
    QFETCH(bool, caseless);
    const auto prefilter = detail::RegexPrefilter::fromPattern(pattern.toStdString());
    if (literals.isEmpty()) {
        QVERIFY(!prefilter);
        return;
    }
    QVERIFY(prefilter);
    QStringList got;
    for (const std::string &literal : prefilter->literals())
        got << QString::fromStdString(literal);
    got.sort();
    literals.sort();
    QCOMPARE(got, literals);
    QCOMPARE(prefilter->caseless(), caseless);
}

void TestRegexPrefilter::nonAsciiSubjects_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("subject");
    QTest::addColumn<bool>("mayMatch");
    // A caseless prefilter rules out non-ASCII subjects too, unless the subject holds K (the
    // Kelvin sign) or ſ (long s) and a literal has k or s: PCRE2 matches them caselessly.
    QTest::newRow("accents") << uR"((?i)\b(password|secret)\b)"_s << u"caf\u00e9 \u2019s"_s
                             << false;
    QTest::newRow("accents-with-literal")
        << uR"((?i)\b(password|secret)\b)"_s << u"caf\u00e9 SECRET"_s << true;
    QTest::newRow("kelvin-and-k") << u"(?i)keys"_s << u"\u212Aeys"_s << true;
    QTest::newRow("kelvin-without-k") << u"(?i)order"_s << u"\u212Aeys"_s << false;
    QTest::newRow("long-s-and-s") << u"(?i)secret"_s << u"\u017Fecret"_s << true;
    QTest::newRow("long-s-without-s") << u"(?i)order"_s << u"\u017Fecret"_s << false;
    QTest::newRow("case-sensitive") << u"keys"_s << u"\u212Aeys"_s << false;
}

void TestRegexPrefilter::nonAsciiSubjects()
{
    QFETCH(QString, pattern);
    QFETCH(QString, subject);
    QFETCH(bool, mayMatch);
    const auto prefilter = detail::RegexPrefilter::fromPattern(pattern.toStdString());
    QVERIFY(prefilter);
    QCOMPARE(prefilter->mayMatch(subject.toStdString(), false), mayMatch);
}

void TestRegexPrefilter::agreesWithPcre2OnGeneratedTexts()
{
    const std::vector<std::string> patterns = {
        R"((?i)\b(password|secret|token)\b)",
        R"((?i)order\s+#?\d+)",
        R"(Thank you)",
        R"((?i)refund)",
        R"((?i)k(?:ey|it)s?)",
        R"(colou?r|hue)",
        R"((?i)\bsorry\b)",
        R"(ab+c)",
        R"((?m)^Dear\b)",
        R"((?i)st)",
    };
    // Literals and near-misses at every offset around the 8-byte blocks, in mixed case, in
    // ASCII and next to non-ASCII text (the Kelvin sign folds to k, long s to s).
    const std::vector<std::string> words = {"password", "PassWord", "secret", "SECRET", "token",
        "tokens", "order #12", "ORDER 7", "order", "Thank you", "thank you", "refund", "REFUND",
        "kit", "\u212Aeys", "keys", "colour", "color", "hue", "sorry", "Sorry!", "abbbc", "ac",
        "Dear Sir", "\u017Ft", "ST", "passwor", "secre", "toke", "xx", "ſecret"};
    std::vector<std::string> texts = {"", "a", "ab", "no literal here at all, just text"};
    QRandomGenerator random(13);
    const std::string filler = "lorem ipsum dolor sit amet, consectetur adipiscing elit \n\t";
    for (const std::string &word : words) {
        for (std::size_t offset = 0; offset < 20; ++offset) {
            std::string text;
            for (std::size_t i = 0; i < offset; ++i)
                text += filler[random.bounded(int(filler.size()))];
            text += word;
            texts.push_back(text);
            for (std::size_t i = 0; i < 11; ++i)
                text += filler[random.bounded(int(filler.size()))];
            texts.push_back(text);
            texts.push_back(text + "\u00e9t\u00e9");
        }
    }
    for (const std::string &pattern : patterns) {
        compareSearches(pattern, texts);
        if (QTest::currentTestFailed())
            return;
    }
}

void TestRegexPrefilter::agreesWithPcre2OnRepositoryPatterns()
{
    // Every raw-string regex literal of the repository's contracts, over the shared session
    // texts (the first few hundred turns) and the contracts themselves.
    std::vector<std::string> texts;
    std::vector<std::string> patterns = llmcl::tests::repositoryPatterns(&texts);
    QVERIFY(patterns.size() > 20);
    QFile sessions(llmcl::test::sourcePath(u"/../shared/data/sessions-sample.jsonl"));
    if (sessions.open(QIODevice::ReadOnly)) {
        const QRegularExpression string(uR"re("(content|response)": "((?:[^"\\]|\\.)*)")re"_s);
        for (int line = 0; line < 300 && !sessions.atEnd(); ++line) {
            const QString text = QString::fromUtf8(sessions.readLine());
            for (auto m = string.globalMatch(text); m.hasNext();)
                texts.push_back(m.next().captured(2).toStdString());
        }
    }
    std::sort(patterns.begin(), patterns.end());
    patterns.erase(std::unique(patterns.begin(), patterns.end()), patterns.end());
    int filtered = 0;
    for (const std::string &pattern : patterns) {
        filtered += detail::RegexPrefilter::fromPattern(pattern) ? 1 : 0;
        compareSearches(pattern, texts);
        if (QTest::currentTestFailed())
            return;
    }
    qInfo("%zu patterns (%d with a prefilter), %zu texts", patterns.size(), filtered, texts.size());
}

QTEST_GUILESS_MAIN(TestRegexPrefilter)
#include "tst_regexprefilter.moc"
