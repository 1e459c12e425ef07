// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/diagnostic.h"
#include "engine/formatter.h"
#include "engine/lexer.h"
#include "engine/parser.h"
#include "engine/token.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

using namespace Qt::StringLiterals;
using namespace llmcl::engine;

namespace {

std::string_view view(const QByteArray &data)
{
    return {data.constData(), static_cast<std::size_t>(data.size())};
}

QString fromView(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

std::string format(std::string_view source)
{
    return formatSource(source).text;
}

bool hasError(const std::vector<Diagnostic> &diagnostics)
{
    return std::ranges::any_of(
        diagnostics, [](const Diagnostic &d) { return d.severity == Severity::Error; });
}

// The text a token must keep through formatting. The formatter writes LF line endings
// everywhere (raw strings included: the lexer gives "\r\n" inside them the value "\n", so
// their value does not change) and drops the whitespace that ends a comment's lines.
std::string normalised(const Token &token)
{
    std::string text;
    std::string_view rest = token.text;
    while (true) {
        const std::size_t newline = rest.find('\n');
        std::string_view line = rest.substr(0, newline);
        if (isComment(token.kind)) {
            while (!line.empty()
                && std::string_view(" \t\r\f\v").find(line.back()) != std::string_view::npos)
                line.remove_suffix(1);
        } else if (line.ends_with('\r') && newline != std::string_view::npos) {
            line.remove_suffix(1);
        }
        text += line;
        if (newline == std::string_view::npos)
            return text;
        text += '\n';
        rest.remove_prefix(newline + 1);
    }
}

struct TokenStreams
{
    QStringList code; // "Kind text" of every non-comment token
    QStringList comments; // the normalised text of every comment
};

TokenStreams streams(std::string_view source)
{
    TokenStreams result;
    for (const Token &token : tokenize(source).tokens) {
        if (token.kind == TokenKind::EndOfFile)
            break;
        const QString text = fromView(normalised(token));
        if (isComment(token.kind))
            result.comments << text;
        else
            result.code << fromView(tokenKindName(token.kind)) + u' ' + text;
    }
    return result;
}

QString firstDifference(const QStringList &before, const QStringList &after)
{
    const qsizetype n = std::min(before.size(), after.size());
    for (qsizetype i = 0; i < n; ++i) {
        if (before[i] != after[i])
            return u"#%1: «%2» became «%3»"_s.arg(i).arg(before[i], after[i]);
    }
    return u"%1 tokens became %2"_s.arg(before.size()).arg(after.size());
}

// Every promise of formatSource() for one input; empty when all hold.
QString checkProperties(std::string_view source)
{
    const FormatResult first = formatSource(source);
    if (hasError(first.diagnostics)) {
        if (first.text != source || first.changed)
            return u"input with lexical errors was changed"_s;
        return {};
    }
    const std::string &out = first.text;
    if (first.changed != (out != source))
        return u"changed flag is wrong"_s;
    const FormatResult second = formatSource(out);
    if (hasError(second.diagnostics))
        return u"the output does not lex: "_s + fromView(second.diagnostics.front().message);
    if (second.text != out)
        return u"not idempotent; first pass:\n"_s + fromView(out) + u"second pass:\n"_s
            + fromView(second.text);

    const TokenStreams before = streams(source);
    const TokenStreams after = streams(out);
    if (before.code != after.code)
        return u"code tokens differ: "_s + firstDifference(before.code, after.code);
    if (before.comments != after.comments)
        return u"comments differ: "_s + firstDifference(before.comments, after.comments);
    // Formatting never changes the program: the same tree and the same diagnostics, ranges
    // aside (they move with the layout).
    const SourceFile treeBefore = parseSource(source);
    const SourceFile treeAfter = parseSource(out);
    if (dumpAst(treeBefore, false) != dumpAst(treeAfter, false))
        return u"the syntax tree changed:\n"_s + fromView(dumpAst(treeBefore, false))
            + u"became\n"_s + fromView(dumpAst(treeAfter, false));
    if (treeBefore.diagnostics.size() != treeAfter.diagnostics.size())
        return u"the number of syntax diagnostics changed"_s;

    if (before.code.isEmpty() && before.comments.isEmpty())
        return out.empty() ? QString() : u"a source without tokens must format to nothing"_s;
    if (!out.ends_with('\n') || out.ends_with("\n\n"))
        return u"the output must end with exactly one newline"_s;
    if (out.starts_with("\xEF\xBB\xBF") || out.starts_with('\n'))
        return u"the output starts with a byte order mark or an empty line"_s;
    if (out.find("\r\n") != std::string::npos)
        return u"the output has a CRLF line ending"_s;
    // Blank lines and trailing whitespace inside a token are its text, not layout.
    const LexResult lexed = tokenize(out);
    const auto inside = [&lexed](std::size_t p, bool blockComments) {
        return std::ranges::any_of(lexed.tokens, [&](const Token &token) {
            const bool multiLine = token.kind == TokenKind::RawString
                || (blockComments && token.kind == TokenKind::BlockComment);
            return multiLine && token.range.begin.offset < p && p < token.range.end.offset;
        });
    };
    for (const Token &token : lexed.tokens) {
        if ((token.kind == TokenKind::LineComment || token.kind == TokenKind::HashComment)
            && out[token.range.end.offset] != '\n')
            return u"a line comment does not end its line: "_s + fromView(token.text);
    }
    for (std::size_t p = out.find("\n\n\n"); p != std::string::npos;
        p = out.find("\n\n\n", p + 1)) {
        if (!inside(p + 1, true))
            return u"two blank lines in a row at byte %1:\n"_s.arg(p) + fromView(out);
    }
    for (std::size_t p = out.find('\n'); p != std::string::npos; p = out.find('\n', p + 1)) {
        if (p > 0 && (out[p - 1] == ' ' || out[p - 1] == '\t') && !inside(p, false))
            return u"trailing whitespace at byte %1:\n"_s.arg(p) + fromView(out);
    }
    return {};
}

QStringList lines(const QByteArray &text)
{
    QStringList result = QString::fromUtf8(text).split(u'\n');
    if (!result.isEmpty() && result.constLast().isEmpty())
        result.removeLast();
    return result;
}

// A unified-style line diff (longest common subsequence, two lines of context), so that a
// golden failure shows what changed and where.
QString lineDiff(const QStringList &expected, const QStringList &actual)
{
    const auto n = static_cast<std::size_t>(expected.size());
    const auto m = static_cast<std::size_t>(actual.size());
    std::vector<std::vector<int>> lcs(n + 1, std::vector<int>(m + 1, 0));
    for (std::size_t i = n; i-- > 0;) {
        for (std::size_t j = m; j-- > 0;) {
            lcs[i][j] = expected[qsizetype(i)] == actual[qsizetype(j)]
                ? lcs[i + 1][j + 1] + 1
                : std::max(lcs[i + 1][j], lcs[i][j + 1]);
        }
    }
    // (marker, line number in expected or actual, text)
    std::vector<std::pair<QChar, QString>> script;
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && expected[qsizetype(i)] == actual[qsizetype(j)]) {
            script.emplace_back(u' ', expected[qsizetype(i)]);
            ++i;
            ++j;
        } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
            script.emplace_back(u'+', actual[qsizetype(j++)]);
        } else {
            script.emplace_back(u'-', expected[qsizetype(i++)]);
        }
    }
    constexpr std::size_t context = 2;
    QString diff;
    std::size_t expectedLine = 1;
    bool skipping = false;
    for (std::size_t k = 0; k < script.size(); ++k) {
        const auto near = [&] {
            const std::size_t from = k >= context ? k - context : 0;
            const std::size_t to = std::min(script.size(), k + context + 1);
            for (std::size_t q = from; q < to; ++q) {
                if (script[q].first != u' ')
                    return true;
            }
            return false;
        };
        if (near()) {
            if (skipping || diff.isEmpty())
                diff += u"@@ expected line %1 @@\n"_s.arg(expectedLine);
            skipping = false;
            diff += script[k].first + script[k].second + u'\n';
        } else {
            skipping = true;
        }
        if (script[k].first != u'+')
            ++expectedLine;
    }
    return diff;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

QStringList exampleFiles()
{
    const QDir dir(QStringLiteral(LLMCL_SOURCE_DIR "/resources/examples"));
    QStringList paths;
    for (const QString &name : dir.entryList({u"*.llmcl"_s}, QDir::Files, QDir::Name))
        paths << dir.filePath(name);
    return paths;
}

QStringList goldenInputs()
{
    const QDir dir(QStringLiteral(LLMCL_TEST_DATA_DIR "/fmt"));
    QStringList paths;
    for (const QString &name : dir.entryList({u"*.llmcl"_s}, QDir::Files, QDir::Name)) {
        if (!name.endsWith(u".formatted.llmcl"_s))
            paths << dir.filePath(name);
    }
    return paths;
}

// Pieces of LLMCL for the generated inputs: every token kind, the words the layout treats
// specially, comments of every kind (some with trailing blanks or line breaks inside), and
// tokens that would lex differently if written together (`r` before a string, `1` before `.`).
const std::vector<std::string_view> &vocabulary()
{
    static const std::vector<std::string_view> words = {"contract", "contract", "Name", "extends",
        "Base", "import", "from", "safety", "require", "ensure", "ensure_prob", "temporal",
        "message", "severity", "auto_fix", "confidence", "tags", "window_size", "priority",
        "critical", "if", "then", "else", "and", "or", "not", "in", "implies", "always",
        "eventually", "next", "within", "until", "since", "true", "false", "null", "x", "r", "len",
        "response", "content", "0", "1", "42", "1.5", ".5", "1.", "1e5", "0x1F", "\"s\"", "'q'",
        "\"a\\\"b\"", "r\"raw\"", "r\"multi\nline\"", "r\"crlf\r\nline\"", "(", "(", ")", ")", "[",
        "[", "]", "]", "{", "{", "}", "}", ",", ",", ".", ":", ":", "=", "==", "!=", "<", "<=", ">",
        ">=", "+", "-", "-", "*", "/", "%", "// line comment", "// trailing blanks  ",
        "# hash comment", "/* block */", "/* multi\n   line */", "/* crlf\r\n */", "/**/",
        "/* é ✓ */", "\"ünïcödé\""};
    return words;
}

const std::vector<std::string_view> &separators()
{
    static const std::vector<std::string_view> seps = {
        " ", " ", " ", "", "", "\n", "\n", "\n\n", "\n\n\n", "\r\n", "\t", "  \n  ", "\n\t"};
    return seps;
}

std::string generated(quint32 seed)
{
    QRandomGenerator random(seed);
    const auto &words = vocabulary();
    const auto &seps = separators();
    std::string source;
    if (random.bounded(3) == 0)
        source += "\xEF\xBB\xBF";
    // Half of the inputs look like contracts, so that the clause and option rules get exercised.
    if (random.bounded(2) == 0)
        source += "import a\nfrom b import C, D\ncontract K(p = 1) {\n    ensure ";
    const int count = 1 + static_cast<int>(random.bounded(80));
    for (int k = 0; k < count; ++k) {
        source += words[random.bounded(static_cast<quint32>(words.size()))];
        source += seps[random.bounded(static_cast<quint32>(seps.size()))];
    }
    if (random.bounded(2) == 0)
        source += "\n}\n";
    return source;
}

// source with the whitespace between its tokens replaced at random, keeping only what the
// layout preserves: whether a gap holds a line break, and whether it holds a blank line.
std::string respaced(std::string_view source, quint32 seed)
{
    QRandomGenerator random(seed);
    const auto horizontal = [&random] {
        static constexpr std::string_view pieces[] = {" ", "  ", "\t", "   "};
        return pieces[random.bounded(4)];
    };
    std::string out;
    std::size_t end = 0;
    for (const Token &token : tokenize(source).tokens) {
        const std::string_view gap = source.substr(end, token.range.begin.offset - end);
        const auto newlines = std::ranges::count(gap, '\n');
        if (newlines > 0) {
            const int breaks = newlines == 1 ? 1 : 2 + int(random.bounded(3));
            for (int k = 0; k < breaks; ++k) {
                if (random.bounded(2) == 0)
                    out += horizontal(); // trailing blanks and indentation of empty lines
                out += random.bounded(4) == 0 ? "\r\n" : "\n";
            }
            out += horizontal();
        } else if (!gap.empty() || (end > 0 && random.bounded(4) == 0)) {
            // Sometimes a space where there was none, if the tokens stay apart.
            out += horizontal();
        }
        out += token.text;
        end = token.range.end.offset;
    }
    return out;
}

} // namespace

class TestFormatter : public QObject
{
    Q_OBJECT

private slots:
    void layout_data();
    void layout();
    void lineCommentEndsItsLine_data();
    void lineCommentEndsItsLine();
    void lexicalErrorsLeaveTheInput();
    void emptyInput_data();
    void emptyInput();
    void indentWidth();
    void goldens_data();
    void goldens();
    void examplesAreFormatted_data();
    void examplesAreFormatted();
    void properties_data();
    void properties();
    void generatedInputs();
    void respacedExamplesFormatBack_data();
    void respacedExamplesFormatBack();
};

void TestFormatter::layout_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    const auto row = [](const char *name, const char *input, const char *expected) {
        QTest::newRow(name) << QString::fromUtf8(input) << QString::fromUtf8(expected);
    };
    row("binary-operators", "contract C{ensure a==b and c!=d or e<=f+g*h%i/j}",
        "contract C {\n    ensure a == b and c != d or e <= f + g * h % i / j\n}\n");
    row("unary-minus", "contract C{ensure x*-y==- 1 and f(-2)[- 1]and z- -1}",
        "contract C {\n    ensure x * -y == -1 and f(-2)[-1] and z - -1\n}\n");
    row("unary-minus-after-keyword", "contract C{ensure if a then -1 else - 2}",
        "contract C {\n    ensure if a then -1 else -2\n}\n");
    row("calls-and-members", "contract C{ensure f ( x , y ) . g ( ) [ 0 ] and x . y}",
        "contract C {\n    ensure f(x, y).g()[0] and x.y\n}\n");
    row("keyword-argument", "contract C{ensure split(s,sep=\",\")}",
        "contract C {\n    ensure split(s, sep = \",\")\n}\n");
    row("slices", "contract C{ensure x[1 : 3]+x[ : n]+x[n : ]+x[:-1]}",
        "contract C {\n    ensure x[1:3] + x[:n] + x[n:] + x[:-1]\n}\n");
    row("map-literal", "contract C{ensure m=={ \"k\" :v,'j':[ 1,2 ] }}",
        "contract C {\n    ensure m == {\"k\": v, 'j': [1, 2]}\n}\n");
    row("empty-brackets", "contract C{ensure f( )==[ ] and { }=={}}",
        "contract C {\n    ensure f() == [] and {} == {}\n}\n");
    row("not-in", "contract C{ensure x not  in y and not(a)}",
        "contract C {\n    ensure x not in y and not (a)\n}\n");
    row("clause-options-split",
        "contract C{require x message:\"m\" severity:warning auto_fix:y confidence:0.5 "
        "tags:[\"t\"]}",
        "contract C {\n    require x\n        message: \"m\"\n        severity: warning\n"
        "        auto_fix: y\n        confidence: 0.5\n        tags: [\"t\"]\n}\n");
    row("option-name-as-context-key", "contract C{ensure message==1 and x[message:2]}",
        "contract C {\n    ensure message == 1 and x[message:2]\n}\n");
    row("header-parenthesised", "contract  C ( priority=high ,fix_strategy = best_fix )extends B{}",
        "contract C(priority = high, fix_strategy = best_fix) extends B {\n}\n");
    row("header-bare", "contract C priority=high  fix_strategy=best_fix{ensure x}",
        "contract C priority = high fix_strategy = best_fix {\n    ensure x\n}\n");
    row("header-brace-joined", "contract C\n{\nensure x\n}", "contract C {\n    ensure x\n}\n");
    row("imports", "import a import b from c import D,E contract C{}",
        "import a\nimport b\nfrom c import D, E\n\ncontract C {\n}\n");
    row("from-import-joined", "from c\nimport D", "from c import D\n");
    row("contracts-separated", "contract A{}contract B{}\n\n\n\ncontract C{}",
        "contract A {\n}\n\ncontract B {\n}\n\ncontract C {\n}\n");
    row("blank-lines-between-clauses", "contract C{\n\n\nensure a\n\n\n\nensure b\n\n}",
        "contract C {\n    ensure a\n\n    ensure b\n}\n");
    row("continuation-aligned", "contract C{ensure a\nor b\n  message: \"m\"\n+ \"n\"}",
        "contract C {\n    ensure a\n           or b\n        message: \"m\"\n"
        "                 + \"n\"\n}\n");
    row("continuation-in-brackets", "contract C{ensure f(a,\nb) and g(\nc\n)}",
        "contract C {\n    ensure f(a,\n             b) and g(\n                 c\n             "
        ")\n}\n");
    row("clause-keyword-joined", "contract C{ensure\nx\nmessage:\n\"m\"}",
        "contract C {\n    ensure x\n        message: \"m\"\n}\n");
    row("temporal", "contract C{temporal always(a implies within 2 b)until  next c since d then e}",
        "contract C {\n    temporal always (a implies within 2 b) until next c since d then "
        "e\n}\n");
    row("ensure-prob", "contract C{ensure_prob a ,0.9 window_size:session}",
        "contract C {\n    ensure_prob a, 0.9\n        window_size: session\n}\n");
    row("trailing-comments", "contract C{ // c1\nensure a // c2\nmessage: \"m\"# c3\n} // c4",
        "contract C { // c1\n    ensure a // c2\n        message: \"m\" # c3\n} // c4\n");
    row("own-line-comments",
        "// top\ncontract C{\n// before clause\nensure a\n// before option\nmessage: \"m\"\n"
        "// before brace\n}\n// end",
        "// top\ncontract C {\n    // before clause\n    ensure a\n        // before option\n"
        "        message: \"m\"\n    // before brace\n}\n\n// end\n");
    row("block-comment-inline", "contract C{ensure a/*x*/+ /*y*/b and f(/*z*/)}",
        "contract C {\n    ensure a /*x*/ + /*y*/ b and f( /*z*/)\n}\n");
    row("comment-group-before-contract",
        "import a\n// about C\n/* more */\ncontract C{}\n// about D\ncontract D{}",
        "import a\n\n// about C\n/* more */\ncontract C {\n}\n\n// about D\ncontract D {\n}\n");
    row("crlf", "contract C {\r\n    ensure a // c\r\n}\r\n",
        "contract C {\n    ensure a // c\n}\n");
    row("bom",
        "\xEF\xBB\xBF"
        "contract C {}",
        "contract C {\n}\n");
    row("raw-string-fuse", "contract C{ensure r \"x\" and 1 . real and x . 5}",
        "contract C {\n    ensure r \"x\" and 1 .real and x. 5\n}\n");
    row("stray-tokens", ") ] } ensure x\ncontract C{ensure f(x }\nfoo",
        ")]} ensure x\n\ncontract C {\n    ensure f(x\n}\n\nfoo\n");
}

void TestFormatter::layout()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    const QByteArray source = input.toUtf8();
    const QString actual = fromView(format(view(source)));
    QCOMPARE(actual, expected);
    const QString violation = checkProperties(view(source));
    QVERIFY2(violation.isEmpty(), qPrintable(violation));
}

// A line comment runs to the end of its line, so the formatter must end the line after it
// whatever it would otherwise join there; each row would lose a token if it did not.
void TestFormatter::lineCommentEndsItsLine_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::newRow("before-comma") << QByteArray("contract C{ensure f(a // c\n, b)}");
    QTest::newRow("before-colon") << QByteArray("contract C{ensure a message // c\n: \"m\"}");
    QTest::newRow("after-clause-keyword") << QByteArray("contract C{ensure // c\na}");
    QTest::newRow("after-unary-minus") << QByteArray("contract C{ensure - // c\n1}");
    QTest::newRow("before-call") << QByteArray("contract C{ensure f # c\n(x)}");
    QTest::newRow("before-body-brace") << QByteArray("contract C // c\n{}");
    QTest::newRow("after-dot") << QByteArray("contract C{ensure x. // c\ny}");
    QTest::newRow("after-from") << QByteArray("from // c\nx import y");
}

void TestFormatter::lineCommentEndsItsLine()
{
    QFETCH(QByteArray, source);
    // checkProperties() finds every line comment of the output and looks at what follows it.
    const QString violation = checkProperties(view(source));
    QVERIFY2(violation.isEmpty(), qPrintable(violation));
}

void TestFormatter::lexicalErrorsLeaveTheInput()
{
    const std::string source = "contract C {\n  ensure x == \"unterminated\n}\n";
    const FormatResult result = formatSource(source, {}, "broken.llmcl");
    QCOMPARE(result.text, source);
    QVERIFY(!result.changed);
    QVERIFY(hasError(result.diagnostics));
    QCOMPARE(result.diagnostics.front().code, std::string("E1002"));
    QCOMPARE(result.diagnostics.front().file, std::string("broken.llmcl"));
}

void TestFormatter::emptyInput_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("blanks") << QByteArray(" \n\t\r\n\n");
    QTest::newRow("bom-only") << QByteArray("\xEF\xBB\xBF\n");
}

void TestFormatter::emptyInput()
{
    QFETCH(QByteArray, source);
    const FormatResult result = formatSource(view(source));
    QCOMPARE(result.text, std::string());
    QCOMPARE(result.changed, !source.isEmpty());
}

void TestFormatter::indentWidth()
{
    const std::string source = "contract C{ensure a\nor b message:\"m\"}";
    FormatOptions options;
    options.indentWidth = 2;
    const FormatResult result = formatSource(source, options);
    QCOMPARE(result.text,
        std::string("contract C {\n  ensure a\n         or b\n    message: \"m\"\n}\n"));
    QCOMPARE(formatSource(result.text, options).text, result.text);
}

void TestFormatter::goldens_data()
{
    QTest::addColumn<QString>("path");
    const QStringList paths = goldenInputs();
    QVERIFY2(paths.size() >= 12, "expected at least 12 golden sources in tests/data/fmt");
    for (const QString &path : paths)
        QTest::newRow(qPrintable(QFileInfo(path).fileName())) << path;
}

void TestFormatter::goldens()
{
    QFETCH(QString, path);
    QFile sourceFile(path);
    QVERIFY(sourceFile.open(QIODevice::ReadOnly));
    const QByteArray source = sourceFile.readAll();
    const std::string actual = format(view(source));
    const QString goldenPath = path.chopped(int(qstrlen(".llmcl"))) + u".formatted.llmcl"_s;

    if (!qEnvironmentVariableIsEmpty("LLMCL_UPDATE_GOLDENS")) {
        QFile golden(goldenPath);
        QVERIFY(golden.open(QIODevice::WriteOnly | QIODevice::Truncate));
        golden.write(actual.data(), qint64(actual.size()));
        qInfo("rewrote %s", qPrintable(goldenPath));
        return;
    }
    QFile golden(goldenPath);
    QVERIFY2(golden.open(QIODevice::ReadOnly),
        qPrintable(goldenPath + u" is missing: run with LLMCL_UPDATE_GOLDENS=1"_s));
    const QByteArray expected = golden.readAll();
    const QByteArray actualBytes(actual.data(), qsizetype(actual.size()));
    if (actualBytes != expected) {
        QFAIL(qPrintable(goldenPath
            + u" differs (- expected, + actual; set LLMCL_UPDATE_GOLDENS=1 to accept):\n"_s
            + lineDiff(lines(expected), lines(actualBytes))));
    }
    // The expected text is canonical too: formatting it changes nothing.
    QCOMPARE(fromView(format(view(expected))), QString::fromUtf8(expected));
}

void TestFormatter::examplesAreFormatted_data()
{
    QTest::addColumn<QString>("path");
    const QStringList paths = exampleFiles();
    QVERIFY2(!paths.isEmpty(), "no *.llmcl file under resources/examples");
    for (const QString &path : paths)
        QTest::newRow(qPrintable(QFileInfo(path).fileName())) << path;
}

// The shipped examples are what users copy: they must already be in the canonical layout.
void TestFormatter::examplesAreFormatted()
{
    QFETCH(QString, path);
    const QByteArray source = readFile(path);
    QVERIFY(!source.isEmpty());
    const FormatResult result = formatSource(view(source));
    QVERIFY(!hasError(result.diagnostics));
    const QByteArray actual(result.text.data(), qsizetype(result.text.size()));
    if (actual != source) {
        QFAIL(qPrintable(path + u" is not formatted (- file, + formatted):\n"_s
            + lineDiff(lines(source), lines(actual))));
    }
}

void TestFormatter::properties_data()
{
    QTest::addColumn<QString>("path");
    QStringList paths = goldenInputs() + exampleFiles();
    for (const QString &path : paths)
        QTest::newRow(qPrintable(QFileInfo(path).fileName())) << path;
}

void TestFormatter::properties()
{
    QFETCH(QString, path);
    const QByteArray source = readFile(path);
    const QString violation = checkProperties(view(source));
    QVERIFY2(violation.isEmpty(), qPrintable(path + u": "_s + violation));
}

void TestFormatter::generatedInputs()
{
    constexpr quint32 inputs = 600;
    int formatted = 0;
    for (quint32 seed = 1; seed <= inputs; ++seed) {
        const std::string source = generated(seed);
        const QString violation = checkProperties(source);
        QVERIFY2(violation.isEmpty(),
            qPrintable(u"seed %1: %2\ninput:\n%3"_s.arg(seed).arg(violation, fromView(source))));
        if (!hasError(formatSource(source).diagnostics))
            ++formatted;
    }
    // Most generated inputs must lex cleanly, or the test would check almost nothing.
    QVERIFY2(formatted > int(inputs) / 2, qPrintable(QString::number(formatted)));
}

void TestFormatter::respacedExamplesFormatBack_data()
{
    examplesAreFormatted_data();
}

// Only the line structure of the source counts: any other spacing, indentation or CRLF gives
// back the canonical example.
void TestFormatter::respacedExamplesFormatBack()
{
    QFETCH(QString, path);
    const QByteArray source = readFile(path);
    for (quint32 seed = 1; seed <= 25; ++seed) {
        const std::string input = respaced(view(source), seed);
        const QByteArray actual = QByteArray::fromStdString(format(input));
        if (actual != source) {
            QFAIL(qPrintable(u"seed %1 (- example, + formatted):\n"_s.arg(seed)
                + lineDiff(lines(source), lines(actual))));
        }
    }
}

QTEST_GUILESS_MAIN(TestFormatter)
#include "tst_formatter.moc"
