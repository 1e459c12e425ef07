// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/diagnostic.h"
#include "engine/diagnosticcodes.h"
#include "engine/lexer.h"
#include "engine/literals.h"
#include "engine/sourcelocation.h"
#include "engine/token.h"
#include "engine/utf8.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QSet>
#include <QTest>

#include <cmath>
#include <iterator>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "tests/common/testpaths.h"

using namespace Qt::StringLiterals;
using namespace llmcl::engine;

namespace {

constexpr std::string_view byteOrderMark = "\xEF\xBB\xBF";

// Source text with embedded NULs and invalid bytes kept (QByteArray(const char *) stops at NUL).
template<std::size_t N>
QByteArray bytes(const char (&text)[N])
{
    return QByteArray(text, N - 1);
}

std::string_view view(const QByteArray &data)
{
    return {data.constData(), static_cast<std::size_t>(data.size())};
}

QString fromView(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

QString hexByte(unsigned char byte)
{
    return u"\\x"_s + QString::number(byte, 16).toUpper().rightJustified(2, u'0');
}

// Readable text for test expectations: controls escaped, ill-formed UTF-8 as \xNN.
QString escaped(std::string_view text)
{
    QString out;
    for (std::size_t i = 0; i < text.size();) {
        const utf8::DecodeResult r = utf8::decode(text.substr(i));
        if (!r.valid) {
            for (std::size_t k = 0; k < r.length; ++k)
                out += hexByte(static_cast<unsigned char>(text[i + k]));
        } else if (r.codePoint == U'\n') {
            out += u"\\n"_s;
        } else if (r.codePoint == U'\r') {
            out += u"\\r"_s;
        } else if (r.codePoint == U'\t') {
            out += u"\\t"_s;
        } else if (r.codePoint < 0x20 || r.codePoint == 0x7F) {
            out += hexByte(static_cast<unsigned char>(r.codePoint));
        } else if (QChar::requiresSurrogates(r.codePoint)) {
            out += QChar(QChar::highSurrogate(r.codePoint));
            out += QChar(QChar::lowSurrogate(r.codePoint));
        } else {
            // Not QString::fromUcs4(), which would drop a U+FEFF as a byte order mark.
            out += QChar(char16_t(r.codePoint));
        }
        i += r.length;
    }
    return out;
}

// "KwContract", "Identifier(name)", "String(\"a\")": the kind, and the text when it varies.
QString describe(const Token &token)
{
    const QString name = fromView(tokenKindName(token.kind));
    if (token.kind == TokenKind::EndOfFile || !tokenKindSpelling(token.kind).empty())
        return name;
    return name + u'(' + escaped(token.text) + u')';
}

QString describe(const SourceRange &range)
{
    return u"[%1,%2) %3:%4-%5:%6"_s.arg(static_cast<qulonglong>(range.begin.offset))
        .arg(static_cast<qulonglong>(range.end.offset))
        .arg(range.begin.line)
        .arg(range.begin.column)
        .arg(range.end.line)
        .arg(range.end.column);
}

// "E1002 [4,8) 1:5-1:9".
QString describe(const Diagnostic &diagnostic)
{
    return fromView(diagnostic.code) + u' ' + describe(diagnostic.range);
}

QStringList describeTokens(const std::vector<Token> &tokens)
{
    QStringList out;
    for (const Token &token : tokens)
        out << describe(token);
    return out;
}

QStringList describeDiagnostics(const std::vector<Diagnostic> &diagnostics)
{
    QStringList out;
    for (const Diagnostic &diagnostic : diagnostics)
        out << describe(diagnostic);
    return out;
}

// The position of every byte offset, computed naively and independently of the lexer and of
// positionAt(); std::nullopt inside a multi-byte sequence (no token may begin or end there).
std::vector<std::optional<SourcePosition>> referencePositions(std::string_view source)
{
    std::vector<std::optional<SourcePosition>> table(source.size() + 1);
    std::uint32_t line = 1;
    std::uint32_t column = 1;
    std::size_t i = 0;
    table[0] = SourcePosition {0, 1, 1};
    if (source.starts_with(byteOrderMark))
        i = byteOrderMark.size();
    while (i < source.size()) {
        table[i] = SourcePosition {i, line, column};
        const utf8::DecodeResult r = utf8::decode(source.substr(i));
        if (source[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
        i += r.length;
    }
    table[source.size()] = SourcePosition {source.size(), line, column};
    return table;
}

bool isWhitespaceGap(std::string_view gap)
{
    return gap.find_first_not_of(" \t\r\n\f") == std::string_view::npos;
}

// What must hold for any input whatsoever; returns the first violation, or an empty string.
QString checkInvariants(std::string_view source, const LexResult &result, bool commentsKept)
{
    const auto positions = referencePositions(source);
    const auto positionOk = [&](const SourcePosition &p) {
        return p.offset < positions.size() && positions[p.offset] && *positions[p.offset] == p
            && (source.size() > 4096 || positionAt(source, p.offset) == p);
    };
    if (result.tokens.empty() || result.tokens.back().kind != TokenKind::EndOfFile)
        return u"the last token is not EndOfFile"_s;
    std::size_t previousEnd = source.starts_with(byteOrderMark) ? byteOrderMark.size() : 0;
    for (std::size_t i = 0; i < result.tokens.size(); ++i) {
        const Token &token = result.tokens[i];
        const SourceRange &range = token.range;
        const QString where = u"token %1 %2 %3: "_s.arg(i).arg(describe(token), describe(range));
        if (token.kind == TokenKind::EndOfFile && i + 1 != result.tokens.size())
            return where + u"EndOfFile before the end"_s;
        if (range.begin.offset < previousEnd || range.end.offset < range.begin.offset
            || range.end.offset > source.size())
            return where + u"range out of order or out of the source"_s;
        if (token.text.data() != source.data() + range.begin.offset
            || token.text.size() != range.length())
            return where + u"text is not the source of its range"_s;
        if (token.kind != TokenKind::EndOfFile && token.text.empty())
            return where + u"empty token"_s;
        if (!positionOk(range.begin) || !positionOk(range.end))
            return where + u"line/column disagree with the offsets"_s;
        const std::string_view spelling = tokenKindSpelling(token.kind);
        if (!spelling.empty() && token.text != spelling)
            return where + u"text differs from the kind's spelling"_s;
        if (commentsKept
            && !isWhitespaceGap(source.substr(previousEnd, range.begin.offset - previousEnd)))
            return where + u"non-whitespace skipped before it"_s;
        previousEnd = range.end.offset;
    }
    if (result.tokens.back().range.begin.offset != source.size())
        return u"EndOfFile is not at the end of the source"_s;
    for (const Diagnostic &diagnostic : result.diagnostics) {
        const QString where = describe(diagnostic) + u": "_s;
        if (diagnostic.range.end.offset < diagnostic.range.begin.offset
            || diagnostic.range.end.offset > source.size())
            return where + u"range out of the source"_s;
        if (!positionOk(diagnostic.range.begin) || !positionOk(diagnostic.range.end))
            return where + u"line/column disagree with the offsets"_s;
        if (!diagnostic.code.starts_with("E10") || diagnostic.message.empty()
            || diagnostic.severity != Severity::Error || !utf8::isValid(diagnostic.message))
            return where + u"bad code, severity or message"_s;
    }
    for (const Token &token : result.tokens) {
        if (isStringLiteral(token.kind) && !utf8::isValid(decodeStringLiteral(token)))
            return describe(token) + u": decoded value is not valid UTF-8"_s;
        if (token.kind == TokenKind::Float && !decodeFloatLiteral(token))
            return describe(token) + u": Float token that does not decode"_s;
    }
    return {};
}

// The golden dump of a lexed file: one line per token, then one per diagnostic.
QStringList goldenDump(std::string_view source)
{
    const LexResult result = tokenize(source);
    QStringList lines;
    for (const Token &token : result.tokens) {
        lines << u"%1:%2-%3:%4 %5"_s.arg(token.range.begin.line)
                     .arg(token.range.begin.column)
                     .arg(token.range.end.line)
                     .arg(token.range.end.column)
                     .arg(describe(token));
    }
    for (const Diagnostic &diagnostic : result.diagnostics)
        lines << QString::fromStdString(formatDiagnosticHeader(diagnostic));
    return lines;
}

} // namespace

class TestLexer : public QObject
{
    Q_OBJECT

private slots:
    void tokenKindNames();
    void keywords_data();
    void keywords();
    void punctuation_data();
    void punctuation();
    void tokens_data();
    void tokens();
    void diagnostics_data();
    void diagnostics();
    void messages_data();
    void messages();
    void positions_data();
    void positions();
    void integers_data();
    void integers();
    void floats_data();
    void floats();
    void stringValues_data();
    void stringValues();
    void decodeRejectsOtherKinds();
    void skipComments();
    void incrementalNext();
    void fileNameInDiagnostics();
    void utf8Decoding_data();
    void utf8Decoding();
    void utf8Encoding();
    void rendering_data();
    void rendering();
    void renderingEdgeCases();
    void hostileInput_data();
    void hostileInput();
    void randomBytes();
    void goldens_data();
    void goldens();
    void examples();
};

void TestLexer::tokenKindNames()
{
    QSet<QString> names;
    for (std::size_t i = 0; i < tokenKindCount; ++i) {
        const auto kind = static_cast<TokenKind>(i);
        const QString name = fromView(tokenKindName(kind));
        QVERIFY2(!name.isEmpty() && !names.contains(name), qPrintable(name));
        names.insert(name);
        QVERIFY(!tokenKindDescription(kind).empty());
        QCOMPARE(!tokenKindSpelling(kind).empty(), isKeyword(kind) || isPunctuation(kind));
        if (isKeyword(kind))
            QCOMPARE(keywordKind(tokenKindSpelling(kind)), kind);
    }
    QCOMPARE(fromView(tokenKindDescription(TokenKind::KwEnsureProb)), u"'ensure_prob'"_s);
    QCOMPARE(fromView(tokenKindDescription(TokenKind::String)), u"string literal"_s);
    QCOMPARE(fromView(tokenKindSpelling(TokenKind::LessEqual)), u"<="_s);
    QVERIFY(isComment(TokenKind::HashComment) && !isComment(TokenKind::String));
    QCOMPARE(names.size(), qsizetype(tokenKindCount));
}

void TestLexer::keywords_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QString>("kind");

    const char *const keywords[][2] = {
        {"contract", "KwContract"},
        {"import", "KwImport"},
        {"from", "KwFrom"},
        {"extends", "KwExtends"},
        {"require", "KwRequire"},
        {"ensure", "KwEnsure"},
        {"ensure_prob", "KwEnsureProb"},
        {"temporal", "KwTemporal"},
        {"if", "KwIf"},
        {"then", "KwThen"},
        {"else", "KwElse"},
        {"and", "KwAnd"},
        {"or", "KwOr"},
        {"not", "KwNot"},
        {"in", "KwIn"},
        {"implies", "KwImplies"},
        {"always", "KwAlways"},
        {"eventually", "KwEventually"},
        {"next", "KwNext"},
        {"within", "KwWithin"},
        {"until", "KwUntil"},
        {"since", "KwSince"},
        {"true", "KwTrue"},
        {"false", "KwFalse"},
        {"null", "KwNull"},
    };
    for (const auto &[word, kind] : keywords)
        QTest::newRow(word) << QByteArray(word) << QString::fromLatin1(kind);

    // Context-sensitive words and near misses stay identifiers.
    for (const char *word : {"message", "severity", "auto_fix", "confidence", "tags", "window_size",
             "priority", "conflict_resolution", "fix_strategy", "description", "session", "global",
             "critical", "True", "NULL", "Contract", "ensureprob", "ensure_probs", "iff", "i",
             "_if", "r", "content", "response", "len", "match_group", "x1_y2", "__"})
        QTest::newRow(qPrintable(u"identifier-"_s + QString::fromLatin1(word)))
            << QByteArray(word) << u"Identifier"_s;
}

void TestLexer::keywords()
{
    QFETCH(QByteArray, source);
    QFETCH(QString, kind);
    const LexResult result = tokenize(view(source));
    QCOMPARE(result.tokens.size(), std::size_t(2));
    QCOMPARE(fromView(tokenKindName(result.tokens[0].kind)), kind);
    QCOMPARE(fromView(result.tokens[0].text), QString::fromLatin1(source));
    QVERIFY(result.diagnostics.empty());
    QCOMPARE(keywordKind(view(source)), result.tokens[0].kind);
}

void TestLexer::punctuation_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QStringList>("expected");

    const char *const singles[][2] = {
        {"(", "LeftParen"},
        {")", "RightParen"},
        {"[", "LeftBracket"},
        {"]", "RightBracket"},
        {"{", "LeftBrace"},
        {"}", "RightBrace"},
        {",", "Comma"},
        {".", "Dot"},
        {":", "Colon"},
        {"=", "Assign"},
        {"==", "EqualEqual"},
        {"!=", "NotEqual"},
        {"<", "Less"},
        {"<=", "LessEqual"},
        {">", "Greater"},
        {">=", "GreaterEqual"},
        {"+", "Plus"},
        {"-", "Minus"},
        {"*", "Star"},
        {"/", "Slash"},
        {"%", "Percent"},
    };
    for (const auto &[text, kind] : singles) {
        QTest::newRow(kind) << QByteArray(text)
                            << QStringList {QString::fromLatin1(kind), u"EndOfFile"_s};
    }
    QTest::newRow("triple-equals")
        << bytes("===") << QStringList {u"EqualEqual"_s, u"Assign"_s, u"EndOfFile"_s};
    QTest::newRow("spaced-less-equal")
        << bytes("< =") << QStringList {u"Less"_s, u"Assign"_s, u"EndOfFile"_s};
    QTest::newRow("equal-less") << bytes("=<")
                                << QStringList {u"Assign"_s, u"Less"_s, u"EndOfFile"_s};
    QTest::newRow("greater-equal-equal")
        << bytes(">==") << QStringList {u"GreaterEqual"_s, u"Assign"_s, u"EndOfFile"_s};
    QTest::newRow("not-equal-equal")
        << bytes("!==") << QStringList {u"NotEqual"_s, u"Assign"_s, u"EndOfFile"_s};
    QTest::newRow("unspaced-operators")
        << bytes("a<=b*-c%d")
        << QStringList {u"Identifier(a)"_s, u"LessEqual"_s, u"Identifier(b)"_s, u"Star"_s,
               u"Minus"_s, u"Identifier(c)"_s, u"Percent"_s, u"Identifier(d)"_s, u"EndOfFile"_s};
    QTest::newRow("comment-end-outside-comment")
        << bytes("*/") << QStringList {u"Star"_s, u"Slash"_s, u"EndOfFile"_s};
}

void TestLexer::punctuation()
{
    QFETCH(QByteArray, source);
    QFETCH(QStringList, expected);
    const LexResult result = tokenize(view(source));
    QCOMPARE(describeTokens(result.tokens), expected);
    QVERIFY(result.diagnostics.empty());
}

void TestLexer::tokens_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("empty") << QByteArray() << QStringList {u"EndOfFile"_s};
    QTest::newRow("whitespace-only") << bytes(" \t\r\n\f\n  ") << QStringList {u"EndOfFile"_s};
    QTest::newRow("bom-only") << bytes("\xEF\xBB\xBF") << QStringList {u"EndOfFile"_s};
    QTest::newRow("bom-then-code") << bytes("\xEF\xBB\xBF"
                                            "contract A {}")
                                   << QStringList {u"KwContract"_s, u"Identifier(A)"_s,
                                          u"LeftBrace"_s, u"RightBrace"_s, u"EndOfFile"_s};
    QTest::newRow("identifiers") << bytes("a _b C3 snake_case __x9")
                                 << QStringList {u"Identifier(a)"_s, u"Identifier(_b)"_s,
                                        u"Identifier(C3)"_s, u"Identifier(snake_case)"_s,
                                        u"Identifier(__x9)"_s, u"EndOfFile"_s};
    QTest::newRow("identifier-r-alone")
        << bytes("r + rr\"x\" r2'y'")
        << QStringList {u"Identifier(r)"_s, u"Plus"_s, u"Identifier(rr)"_s, u"String(\"x\")"_s,
               u"Identifier(r2)"_s, u"String('y')"_s, u"EndOfFile"_s};
    QTest::newRow("capital-r-is-no-raw-prefix")
        << bytes("R\"x\"") << QStringList {u"Identifier(R)"_s, u"String(\"x\")"_s, u"EndOfFile"_s};
    QTest::newRow("string-double")
        << bytes("\"hello world\"") << QStringList {u"String(\"hello world\")"_s, u"EndOfFile"_s};
    QTest::newRow("string-single")
        << bytes("'it'") << QStringList {u"String('it')"_s, u"EndOfFile"_s};
    QTest::newRow("string-empty") << bytes(
        "\"\"''") << QStringList {u"String(\"\")"_s, u"String('')"_s, u"EndOfFile"_s};
    QTest::newRow("string-other-quote-inside")
        << bytes("\"it's\" 'say \"hi\"'")
        << QStringList {u"String(\"it's\")"_s, u"String('say \"hi\"')"_s, u"EndOfFile"_s};
    QTest::newRow("string-escaped-quotes")
        << bytes(R"("a\"b" 'c\'d')")
        << QStringList {uR"(String("a\"b"))"_s, uR"(String('c\'d'))"_s, u"EndOfFile"_s};
    QTest::newRow("string-escaped-backslash-then-quote") << bytes(
        R"("a\\" x)") << QStringList {uR"(String("a\\"))"_s, u"Identifier(x)"_s, u"EndOfFile"_s};
    QTest::newRow("string-regex-escapes")
        << bytes(R"("\d+\s*\b")") << QStringList {uR"(String("\d+\s*\b"))"_s, u"EndOfFile"_s};
    QTest::newRow("string-non-ascii") << bytes(
        "\"héllo 😀 世界\"") << QStringList {u"String(\"héllo 😀 世界\")"_s, u"EndOfFile"_s};
    QTest::newRow("string-lone-cr-inside")
        << bytes("\"a\rb\"") << QStringList {u"String(\"a\\rb\")"_s, u"EndOfFile"_s};
    QTest::newRow("raw-string") << bytes(R"(r"(?i)\b(password|secret)\b")")
                                << QStringList {uR"(RawString(r"(?i)\b(password|secret)\b"))"_s,
                                       u"EndOfFile"_s};
    QTest::newRow("raw-string-single-quotes")
        << bytes(R"(r'say "hi"')") << QStringList {uR"(RawString(r'say "hi"'))"_s, u"EndOfFile"_s};
    QTest::newRow("raw-string-backslash-does-not-escape") << bytes(
        R"(r"\" x)") << QStringList {uR"(RawString(r"\"))"_s, u"Identifier(x)"_s, u"EndOfFile"_s};
    QTest::newRow("raw-string-multiline")
        << bytes("r\"line1\nline2\r\nline3\" x")
        << QStringList {
               u"RawString(r\"line1\\nline2\\r\\nline3\")"_s, u"Identifier(x)"_s, u"EndOfFile"_s};
    QTest::newRow("raw-string-empty")
        << bytes("r''") << QStringList {u"RawString(r'')"_s, u"EndOfFile"_s};
    QTest::newRow("line-comment") << bytes("a // note: \"x\" /* y\nb")
                                  << QStringList {u"Identifier(a)"_s,
                                         u"LineComment(// note: \"x\" /* y)"_s, u"Identifier(b)"_s,
                                         u"EndOfFile"_s};
    QTest::newRow("hash-comment") << bytes("# heading é\nensure")
                                  << QStringList {u"HashComment(# heading é)"_s, u"KwEnsure"_s,
                                         u"EndOfFile"_s};
    QTest::newRow("line-comment-crlf")
        << bytes("// x\r\n# y\r\nz")
        << QStringList {
               u"LineComment(// x)"_s, u"HashComment(# y)"_s, u"Identifier(z)"_s, u"EndOfFile"_s};
    QTest::newRow("line-comment-at-eof")
        << bytes("//") << QStringList {u"LineComment(//)"_s, u"EndOfFile"_s};
    QTest::newRow("block-comment") << bytes("a /* b */ c")
                                   << QStringList {u"Identifier(a)"_s, u"BlockComment(/* b */)"_s,
                                          u"Identifier(c)"_s, u"EndOfFile"_s};
    QTest::newRow("block-comment-multiline")
        << bytes("/* one\n * two **\n*/x")
        << QStringList {
               u"BlockComment(/* one\\n * two **\\n*/)"_s, u"Identifier(x)"_s, u"EndOfFile"_s};
    QTest::newRow("block-comment-not-nested")
        << bytes("/* /* */ */")
        << QStringList {u"BlockComment(/* /* */)"_s, u"Star"_s, u"Slash"_s, u"EndOfFile"_s};
    QTest::newRow("block-comment-shortest")
        << bytes("/**/ /*/ */")
        << QStringList {u"BlockComment(/**/)"_s, u"BlockComment(/*/ */)"_s, u"EndOfFile"_s};
    QTest::newRow("slash-is-division")
        << bytes("a / b")
        << QStringList {u"Identifier(a)"_s, u"Slash"_s, u"Identifier(b)"_s, u"EndOfFile"_s};
    QTest::newRow("double-slash-is-comment") << bytes(
        "a // b") << QStringList {u"Identifier(a)"_s, u"LineComment(// b)"_s, u"EndOfFile"_s};
    QTest::newRow("hash-inside-string") << bytes(
        "\"#1\" # c") << QStringList {u"String(\"#1\")"_s, u"HashComment(# c)"_s, u"EndOfFile"_s};
    QTest::newRow("numbers") << bytes(
        "0 42 1_000 0xFF 0o17 0b1010 1.5 .5 1. 2e-3 1E+10 1.e5 0.0 00")
                             << QStringList {u"Integer(0)"_s, u"Integer(42)"_s, u"Integer(1_000)"_s,
                                    u"Integer(0xFF)"_s, u"Integer(0o17)"_s, u"Integer(0b1010)"_s,
                                    u"Float(1.5)"_s, u"Float(.5)"_s, u"Float(1.)"_s,
                                    u"Float(2e-3)"_s, u"Float(1E+10)"_s, u"Float(1.e5)"_s,
                                    u"Float(0.0)"_s, u"Integer(00)"_s, u"EndOfFile"_s};
    QTest::newRow("number-dot-number") << bytes("1.5.3 1..2")
                                       << QStringList {u"Float(1.5)"_s, u"Float(.3)"_s,
                                              u"Float(1.)"_s, u"Float(.2)"_s, u"EndOfFile"_s};
    QTest::newRow("negative-is-unary-minus")
        << bytes("-1 - -2.5")
        << QStringList {u"Minus"_s, u"Integer(1)"_s, u"Minus"_s, u"Minus"_s, u"Float(2.5)"_s,
               u"EndOfFile"_s};
    QTest::newRow("slice") << bytes("x[1:-1] x[:b] x[a:]")
                           << QStringList {u"Identifier(x)"_s, u"LeftBracket"_s, u"Integer(1)"_s,
                                  u"Colon"_s, u"Minus"_s, u"Integer(1)"_s, u"RightBracket"_s,
                                  u"Identifier(x)"_s, u"LeftBracket"_s, u"Colon"_s,
                                  u"Identifier(b)"_s, u"RightBracket"_s, u"Identifier(x)"_s,
                                  u"LeftBracket"_s, u"Identifier(a)"_s, u"Colon"_s,
                                  u"RightBracket"_s, u"EndOfFile"_s};
    QTest::newRow("method-call-and-member")
        << bytes("context.user_type.lower(k = 1)")
        << QStringList {u"Identifier(context)"_s, u"Dot"_s, u"Identifier(user_type)"_s, u"Dot"_s,
               u"Identifier(lower)"_s, u"LeftParen"_s, u"Identifier(k)"_s, u"Assign"_s,
               u"Integer(1)"_s, u"RightParen"_s, u"EndOfFile"_s};
    QTest::newRow("map-and-list") << bytes("{\"k\": [a, b]}")
                                  << QStringList {u"LeftBrace"_s, u"String(\"k\")"_s, u"Colon"_s,
                                         u"LeftBracket"_s, u"Identifier(a)"_s, u"Comma"_s,
                                         u"Identifier(b)"_s, u"RightBracket"_s, u"RightBrace"_s,
                                         u"EndOfFile"_s};
    QTest::newRow("not-in-chain") << bytes("0 < x < 10 and y not in z")
                                  << QStringList {u"Integer(0)"_s, u"Less"_s, u"Identifier(x)"_s,
                                         u"Less"_s, u"Integer(10)"_s, u"KwAnd"_s,
                                         u"Identifier(y)"_s, u"KwNot"_s, u"KwIn"_s,
                                         u"Identifier(z)"_s, u"EndOfFile"_s};
    QTest::newRow("clause") << bytes(
        "require len(content) <= max_input message: \"Input too long\" "
        "auto_fix: content[:max_input]")
                            << QStringList {u"KwRequire"_s, u"Identifier(len)"_s, u"LeftParen"_s,
                                   u"Identifier(content)"_s, u"RightParen"_s, u"LessEqual"_s,
                                   u"Identifier(max_input)"_s, u"Identifier(message)"_s, u"Colon"_s,
                                   u"String(\"Input too long\")"_s, u"Identifier(auto_fix)"_s,
                                   u"Colon"_s, u"Identifier(content)"_s, u"LeftBracket"_s,
                                   u"Colon"_s, u"Identifier(max_input)"_s, u"RightBracket"_s,
                                   u"EndOfFile"_s};
    QTest::newRow("temporal") << bytes(
        "temporal always (a implies within 2 b) since c then d until e next f "
        "eventually g")
                              << QStringList {u"KwTemporal"_s, u"KwAlways"_s, u"LeftParen"_s,
                                     u"Identifier(a)"_s, u"KwImplies"_s, u"KwWithin"_s,
                                     u"Integer(2)"_s, u"Identifier(b)"_s, u"RightParen"_s,
                                     u"KwSince"_s, u"Identifier(c)"_s, u"KwThen"_s,
                                     u"Identifier(d)"_s, u"KwUntil"_s, u"Identifier(e)"_s,
                                     u"KwNext"_s, u"Identifier(f)"_s, u"KwEventually"_s,
                                     u"Identifier(g)"_s, u"EndOfFile"_s};
    QTest::newRow("header") << bytes(
        "from safety import NoPII, Polite\ncontract C(priority = high) extends B {}")
                            << QStringList {u"KwFrom"_s, u"Identifier(safety)"_s, u"KwImport"_s,
                                   u"Identifier(NoPII)"_s, u"Comma"_s, u"Identifier(Polite)"_s,
                                   u"KwContract"_s, u"Identifier(C)"_s, u"LeftParen"_s,
                                   u"Identifier(priority)"_s, u"Assign"_s, u"Identifier(high)"_s,
                                   u"RightParen"_s, u"KwExtends"_s, u"Identifier(B)"_s,
                                   u"LeftBrace"_s, u"RightBrace"_s, u"EndOfFile"_s};
}

void TestLexer::tokens()
{
    QFETCH(QByteArray, source);
    QFETCH(QStringList, expected);
    const LexResult result = tokenize(view(source));
    QCOMPARE(describeTokens(result.tokens), expected);
    QCOMPARE(describeDiagnostics(result.diagnostics), QStringList());
    const QString violation = checkInvariants(view(source), result, true);
    QVERIFY2(violation.isEmpty(), qPrintable(violation));
}

void TestLexer::diagnostics_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QStringList>("expectedTokens");
    QTest::addColumn<QStringList>("expectedDiagnostics");

    // E1001 unexpected character
    QTest::newRow("unexpected-character")
        << bytes("a @ b")
        << QStringList {u"Identifier(a)"_s, u"Error(@)"_s, u"Identifier(b)"_s, u"EndOfFile"_s}
        << QStringList {u"E1001 [2,3) 1:3-1:4"_s};
    QTest::newRow("unexpected-run-is-one-diagnostic")
        << bytes("x @$;?~^`\\|& y")
        << QStringList {u"Identifier(x)"_s, u"Error(@$;?~^`\\|&)"_s, u"Identifier(y)"_s,
               u"EndOfFile"_s}
        << QStringList {u"E1001 [2,12) 1:3-1:13"_s};
    QTest::newRow("unexpected-run-stops-at-token")
        << bytes("@@(") << QStringList {u"Error(@@)"_s, u"LeftParen"_s, u"EndOfFile"_s}
        << QStringList {u"E1001 [0,2) 1:1-1:3"_s};
    QTest::newRow("unexpected-runs-split-by-space")
        << bytes("@ @") << QStringList {u"Error(@)"_s, u"Error(@)"_s, u"EndOfFile"_s}
        << QStringList {u"E1001 [0,1) 1:1-1:2"_s, u"E1001 [2,3) 1:3-1:4"_s};
    QTest::newRow("unexpected-bang")
        << bytes("!x") << QStringList {u"Error(!)"_s, u"Identifier(x)"_s, u"EndOfFile"_s}
        << QStringList {u"E1001 [0,1) 1:1-1:2"_s};
    QTest::newRow("unexpected-bang-before-not-equal")
        << bytes("@!=") << QStringList {u"Error(@)"_s, u"NotEqual"_s, u"EndOfFile"_s}
        << QStringList {u"E1001 [0,1) 1:1-1:2"_s};
    QTest::newRow("unexpected-bang-at-eof")
        << bytes("a !") << QStringList {u"Identifier(a)"_s, u"Error(!)"_s, u"EndOfFile"_s}
        << QStringList {u"E1001 [2,3) 1:3-1:4"_s};
    QTest::newRow("unexpected-accented-letter") << bytes("café = 1")
                                                << QStringList {u"Identifier(caf)"_s, u"Error(é)"_s,
                                                       u"Assign"_s, u"Integer(1)"_s, u"EndOfFile"_s}
                                                << QStringList {u"E1001 [3,5) 1:4-1:5"_s};
    QTest::newRow("unexpected-emoji-run")
        << bytes("x 😀😀 y")
        << QStringList {u"Identifier(x)"_s, u"Error(😀😀)"_s, u"Identifier(y)"_s, u"EndOfFile"_s}
        << QStringList {u"E1001 [2,10) 1:3-1:5"_s};
    QTest::newRow("unexpected-control-characters")
        << bytes("a\x01\x00\x7F"
                 "b")
        << QStringList {u"Identifier(a)"_s, u"Error(\\x01\\x00\\x7F)"_s, u"Identifier(b)"_s,
               u"EndOfFile"_s}
        << QStringList {u"E1001 [1,4) 1:2-1:5"_s};
    QTest::newRow("unexpected-vertical-tab")
        << bytes("\v") << QStringList {u"Error(\\x0B)"_s, u"EndOfFile"_s}
        << QStringList {u"E1001 [0,1) 1:1-1:2"_s};
    QTest::newRow("unexpected-no-break-space")
        << bytes("a\xC2\xA0"
                 "b")
        << QStringList {u"Identifier(a)"_s, u"Error(\u00A0)"_s, u"Identifier(b)"_s, u"EndOfFile"_s}
        << QStringList {u"E1001 [1,3) 1:2-1:3"_s};
    QTest::newRow("unexpected-smart-quotes")
        << bytes("“hi”")
        << QStringList {u"Error(“)"_s, u"Identifier(hi)"_s, u"Error(”)"_s, u"EndOfFile"_s}
        << QStringList {u"E1001 [0,3) 1:1-1:2"_s, u"E1001 [5,8) 1:4-1:5"_s};
    QTest::newRow("unexpected-bom-not-at-start")
        << bytes("a\xEF\xBB\xBF")
        << QStringList {u"Identifier(a)"_s, u"Error(\uFEFF)"_s, u"EndOfFile"_s}
        << QStringList {u"E1001 [1,4) 1:2-1:3"_s};

    // E1002 unterminated string
    QTest::newRow("unterminated-string")
        << bytes("x = \"abc\ny")
        << QStringList {u"Identifier(x)"_s, u"Assign"_s, u"String(\"abc)"_s, u"Identifier(y)"_s,
               u"EndOfFile"_s}
        << QStringList {u"E1002 [4,8) 1:5-1:9"_s};
    QTest::newRow("unterminated-string-crlf")
        << bytes("'abc\r\ny") << QStringList {u"String('abc)"_s, u"Identifier(y)"_s, u"EndOfFile"_s}
        << QStringList {u"E1002 [0,4) 1:1-1:5"_s};
    QTest::newRow("unterminated-string-at-eof")
        << bytes("\"abc") << QStringList {u"String(\"abc)"_s, u"EndOfFile"_s}
        << QStringList {u"E1002 [0,4) 1:1-1:5"_s};
    QTest::newRow("unterminated-string-escaped-quote")
        << bytes("\"abc\\\"\nx")
        << QStringList {u"String(\"abc\\\")"_s, u"Identifier(x)"_s, u"EndOfFile"_s}
        << QStringList {u"E1002 [0,6) 1:1-1:7"_s};
    QTest::newRow("unterminated-string-backslash-newline")
        << bytes("\"abc\\\nx\"")
        << QStringList {u"String(\"abc\\)"_s, u"Identifier(x)"_s, u"String(\")"_s, u"EndOfFile"_s}
        << QStringList {u"E1002 [0,5) 1:1-1:6"_s, u"E1002 [7,8) 2:2-2:3"_s};
    QTest::newRow("unterminated-string-backslash-at-eof")
        << bytes("'\\") << QStringList {u"String('\\)"_s, u"EndOfFile"_s}
        << QStringList {u"E1002 [0,2) 1:1-1:3"_s};
    QTest::newRow("unterminated-string-after-emoji")
        << bytes("😀 \"é\n") << QStringList {u"Error(😀)"_s, u"String(\"é)"_s, u"EndOfFile"_s}
        << QStringList {u"E1001 [0,4) 1:1-1:2"_s, u"E1002 [5,8) 1:3-1:5"_s};
    QTest::newRow("unterminated-raw-string")
        << bytes("a r\"abc\ndef")
        << QStringList {u"Identifier(a)"_s, u"RawString(r\"abc\\ndef)"_s, u"EndOfFile"_s}
        << QStringList {u"E1002 [2,4) 1:3-1:5"_s};
    QTest::newRow("unterminated-raw-string-bare")
        << bytes("r'") << QStringList {u"RawString(r')"_s, u"EndOfFile"_s}
        << QStringList {u"E1002 [0,2) 1:1-1:3"_s};

    // E1003 unterminated block comment
    QTest::newRow("unterminated-block-comment")
        << bytes("a /* b\nc")
        << QStringList {u"Identifier(a)"_s, u"BlockComment(/* b\\nc)"_s, u"EndOfFile"_s}
        << QStringList {u"E1003 [2,4) 1:3-1:5"_s};
    QTest::newRow("unterminated-block-comment-star-at-eof")
        << bytes("/*/ *") << QStringList {u"BlockComment(/*/ *)"_s, u"EndOfFile"_s}
        << QStringList {u"E1003 [0,2) 1:1-1:3"_s};

    // E1004 invalid escape
    QTest::newRow("invalid-escape-too-few-digits")
        << bytes("\"\\u12\"") << QStringList {u"String(\"\\u12\")"_s, u"EndOfFile"_s}
        << QStringList {u"E1004 [1,5) 1:2-1:6"_s};
    QTest::newRow("invalid-escape-non-hex")
        << bytes("\"\\u12G4\"") << QStringList {u"String(\"\\u12G4\")"_s, u"EndOfFile"_s}
        << QStringList {u"E1004 [1,5) 1:2-1:6"_s};
    QTest::newRow("invalid-escape-no-digits")
        << bytes("'\\u'") << QStringList {u"String('\\u')"_s, u"EndOfFile"_s}
        << QStringList {u"E1004 [1,3) 1:2-1:4"_s};
    QTest::newRow("invalid-escape-braces")
        << bytes("'\\u{1F600}'") << QStringList {u"String('\\u{1F600}')"_s, u"EndOfFile"_s}
        << QStringList {u"E1004 [1,3) 1:2-1:4"_s};
    QTest::newRow("lone-high-surrogate")
        << bytes("\"\\uD83D\"") << QStringList {u"String(\"\\uD83D\")"_s, u"EndOfFile"_s}
        << QStringList {u"E1004 [1,7) 1:2-1:8"_s};
    QTest::newRow("high-surrogate-then-non-surrogate")
        << bytes("\"\\uD83D\\u0041\"")
        << QStringList {u"String(\"\\uD83D\\u0041\")"_s, u"EndOfFile"_s}
        << QStringList {u"E1004 [1,7) 1:2-1:8"_s};
    QTest::newRow("lone-low-surrogate")
        << bytes("\"x\\uDE00\"") << QStringList {u"String(\"x\\uDE00\")"_s, u"EndOfFile"_s}
        << QStringList {u"E1004 [2,8) 1:3-1:9"_s};
    QTest::newRow("escape-after-accents")
        << bytes("\"éé\\uZ\"") << QStringList {u"String(\"éé\\uZ\")"_s, u"EndOfFile"_s}
        << QStringList {u"E1004 [5,7) 1:4-1:6"_s};
    QTest::newRow("surrogate-pair-is-fine")
        << bytes("\"\\uD83D\\uDE00\"")
        << QStringList {u"String(\"\\uD83D\\uDE00\")"_s, u"EndOfFile"_s} << QStringList {};
    QTest::newRow("raw-string-has-no-escapes")
        << bytes("r\"\\u12\"") << QStringList {u"RawString(r\"\\u12\")"_s, u"EndOfFile"_s}
        << QStringList {};

    // E1005 invalid UTF-8
    QTest::newRow("invalid-utf8-in-code")
        << bytes("a \xFF b")
        << QStringList {u"Identifier(a)"_s, u"Error(\\xFF)"_s, u"Identifier(b)"_s, u"EndOfFile"_s}
        << QStringList {u"E1005 [2,3) 1:3-1:4"_s};
    QTest::newRow("invalid-utf8-run-in-code")
        << bytes("\xFF\xFE\x80x")
        << QStringList {u"Error(\\xFF\\xFE\\x80)"_s, u"Identifier(x)"_s, u"EndOfFile"_s}
        << QStringList {u"E1005 [0,3) 1:1-1:4"_s};
    QTest::newRow("invalid-utf8-between-unexpected")
        << bytes("é\xFFü")
        << QStringList {u"Error(é)"_s, u"Error(\\xFF)"_s, u"Error(ü)"_s, u"EndOfFile"_s}
        << QStringList {
               u"E1001 [0,2) 1:1-1:2"_s, u"E1005 [2,3) 1:2-1:3"_s, u"E1001 [3,5) 1:3-1:4"_s};
    QTest::newRow("invalid-utf8-in-string") << bytes(
        "\"a\xFF"
        "b\" c") << QStringList {u"String(\"a\\xFFb\")"_s, u"Identifier(c)"_s, u"EndOfFile"_s}
                                            << QStringList {u"E1005 [2,3) 1:3-1:4"_s};
    QTest::newRow("invalid-utf8-in-raw-string")
        << bytes("r'\n\xC3'") << QStringList {u"RawString(r'\\n\\xC3')"_s, u"EndOfFile"_s}
        << QStringList {u"E1005 [3,4) 2:1-2:2"_s};
    QTest::newRow("invalid-utf8-in-comment")
        << bytes("// \xC0\xAF\nx")
        << QStringList {u"LineComment(// \\xC0\\xAF)"_s, u"Identifier(x)"_s, u"EndOfFile"_s}
        << QStringList {u"E1005 [3,5) 1:4-1:6"_s};
    QTest::newRow("invalid-utf8-in-hash-comment")
        << bytes("#\xF8") << QStringList {u"HashComment(#\\xF8)"_s, u"EndOfFile"_s}
        << QStringList {u"E1005 [1,2) 1:2-1:3"_s};
    QTest::newRow("invalid-utf8-in-block-comment")
        << bytes("/*\n é\xE9 */")
        << QStringList {u"BlockComment(/*\\n é\\xE9 */)"_s, u"EndOfFile"_s}
        << QStringList {u"E1005 [6,7) 2:3-2:4"_s};
    QTest::newRow("overlong-encoding")
        << bytes("\"\xC0\x80\"") << QStringList {u"String(\"\\xC0\\x80\")"_s, u"EndOfFile"_s}
        << QStringList {u"E1005 [1,3) 1:2-1:4"_s};
    QTest::newRow("overlong-three-bytes")
        << bytes("\"\xE0\x80\xAF\"")
        << QStringList {u"String(\"\\xE0\\x80\\xAF\")"_s, u"EndOfFile"_s}
        << QStringList {u"E1005 [1,4) 1:2-1:5"_s};
    QTest::newRow("surrogate-in-utf8")
        << bytes("\"\xED\xA0\x80\"")
        << QStringList {u"String(\"\\xED\\xA0\\x80\")"_s, u"EndOfFile"_s}
        << QStringList {u"E1005 [1,4) 1:2-1:5"_s};
    QTest::newRow("above-max-code-point")
        << bytes("\"\xF4\x90\x80\x80\"")
        << QStringList {u"String(\"\\xF4\\x90\\x80\\x80\")"_s, u"EndOfFile"_s}
        << QStringList {u"E1005 [1,5) 1:2-1:6"_s};
    QTest::newRow("truncated-sequence-then-ascii") << bytes(
        "\"\xE2\x82"
        "x\" y") << QStringList {u"String(\"\\xE2\\x82x\")"_s, u"Identifier(y)"_s, u"EndOfFile"_s}
                                                   << QStringList {u"E1005 [1,3) 1:2-1:3"_s};
    QTest::newRow("truncated-sequence-at-eof")
        << bytes("\"\xF0\x9F\x98") << QStringList {u"String(\"\\xF0\\x9F\\x98)"_s, u"EndOfFile"_s}
        << QStringList {u"E1005 [1,4) 1:2-1:3"_s, u"E1002 [0,4) 1:1-1:3"_s};
    QTest::newRow("invalid-utf8-resync-on-valid")
        << bytes("#\x80\xE2\x82\xAC\x80")
        << QStringList {u"HashComment(#\\x80€\\x80)"_s, u"EndOfFile"_s}
        << QStringList {u"E1005 [1,2) 1:2-1:3"_s, u"E1005 [5,6) 1:4-1:5"_s};

    // E1006 integer out of range
    QTest::newRow("integer-max-is-fine")
        << bytes("9223372036854775807")
        << QStringList {u"Integer(9223372036854775807)"_s, u"EndOfFile"_s} << QStringList {};
    QTest::newRow("integer-overflow")
        << bytes("x 9223372036854775808")
        << QStringList {u"Identifier(x)"_s, u"Integer(9223372036854775808)"_s, u"EndOfFile"_s}
        << QStringList {u"E1006 [2,21) 1:3-1:22"_s};
    QTest::newRow("integer-overflow-hex")
        << bytes("0x8000_0000_0000_0000")
        << QStringList {u"Integer(0x8000_0000_0000_0000)"_s, u"EndOfFile"_s}
        << QStringList {u"E1006 [0,21) 1:1-1:22"_s};
    QTest::newRow("integer-overflow-huge")
        << bytes("123456789012345678901234567890")
        << QStringList {u"Integer(123456789012345678901234567890)"_s, u"EndOfFile"_s}
        << QStringList {u"E1006 [0,30) 1:1-1:31"_s};

    // E1007 malformed number
    QTest::newRow("malformed-exponent")
        << bytes("1e") << QStringList {u"Error(1e)"_s, u"EndOfFile"_s}
        << QStringList {u"E1007 [0,2) 1:1-1:3"_s};
    QTest::newRow("malformed-exponent-sign")
        << bytes("1e+ 2") << QStringList {u"Error(1e+)"_s, u"Integer(2)"_s, u"EndOfFile"_s}
        << QStringList {u"E1007 [0,3) 1:1-1:4"_s};
    QTest::newRow("malformed-exponent-letters")
        << bytes("2.5e-x") << QStringList {u"Error(2.5e-x)"_s, u"EndOfFile"_s}
        << QStringList {u"E1007 [0,6) 1:1-1:7"_s};
    QTest::newRow("malformed-hex-no-digits")
        << bytes("0x") << QStringList {u"Error(0x)"_s, u"EndOfFile"_s}
        << QStringList {u"E1007 [0,2) 1:1-1:3"_s};
    QTest::newRow("malformed-hex-bad-digit")
        << bytes("0xfg)") << QStringList {u"Error(0xfg)"_s, u"RightParen"_s, u"EndOfFile"_s}
        << QStringList {u"E1007 [0,4) 1:1-1:5"_s};
    QTest::newRow("malformed-binary")
        << bytes("0b102") << QStringList {u"Error(0b102)"_s, u"EndOfFile"_s}
        << QStringList {u"E1007 [0,5) 1:1-1:6"_s};
    QTest::newRow("malformed-octal")
        << bytes("0o8") << QStringList {u"Error(0o8)"_s, u"EndOfFile"_s}
        << QStringList {u"E1007 [0,3) 1:1-1:4"_s};
    QTest::newRow("malformed-double-underscore")
        << bytes("1__000") << QStringList {u"Error(1__000)"_s, u"EndOfFile"_s}
        << QStringList {u"E1007 [0,6) 1:1-1:7"_s};
    QTest::newRow("malformed-trailing-underscore")
        << bytes("1_ + 1")
        << QStringList {u"Error(1_)"_s, u"Plus"_s, u"Integer(1)"_s, u"EndOfFile"_s}
        << QStringList {u"E1007 [0,2) 1:1-1:3"_s};
    QTest::newRow("malformed-underscore-before-dot")
        << bytes("1_.5") << QStringList {u"Error(1_)"_s, u"Float(.5)"_s, u"EndOfFile"_s}
        << QStringList {u"E1007 [0,2) 1:1-1:3"_s};
    QTest::newRow("malformed-leading-zeros")
        << bytes("007") << QStringList {u"Error(007)"_s, u"EndOfFile"_s}
        << QStringList {u"E1007 [0,3) 1:1-1:4"_s};
    QTest::newRow("leading-zeros-in-float-are-fine")
        << bytes("007.5 00e1") << QStringList {u"Float(007.5)"_s, u"Float(00e1)"_s, u"EndOfFile"_s}
        << QStringList {};
    QTest::newRow("malformed-letters")
        << bytes("12abc") << QStringList {u"Error(12abc)"_s, u"EndOfFile"_s}
        << QStringList {u"E1007 [0,5) 1:1-1:6"_s};
    QTest::newRow("malformed-member-on-number")
        << bytes("1.abs()")
        << QStringList {u"Error(1.abs)"_s, u"LeftParen"_s, u"RightParen"_s, u"EndOfFile"_s}
        << QStringList {u"E1007 [0,5) 1:1-1:6"_s};
    QTest::newRow("malformed-float-fraction-letters")
        << bytes(".5x") << QStringList {u"Error(.5x)"_s, u"EndOfFile"_s}
        << QStringList {u"E1007 [0,3) 1:1-1:4"_s};

    // Several problems: each reported once, lexing goes on.
    QTest::newRow("errors-keep-going")
        << bytes("@ \"a\n/* \xFF */ 1e 99999999999999999999 'b")
        << QStringList {u"Error(@)"_s, u"String(\"a)"_s, u"BlockComment(/* \\xFF */)"_s,
               u"Error(1e)"_s, u"Integer(99999999999999999999)"_s, u"String('b)"_s, u"EndOfFile"_s}
        << QStringList {u"E1001 [0,1) 1:1-1:2"_s, u"E1002 [2,4) 1:3-1:5"_s,
               u"E1005 [8,9) 2:4-2:5"_s, u"E1007 [13,15) 2:9-2:11"_s, u"E1006 [16,36) 2:12-2:32"_s,
               u"E1002 [37,39) 2:33-2:35"_s};
}

void TestLexer::diagnostics()
{
    QFETCH(QByteArray, source);
    QFETCH(QStringList, expectedTokens);
    QFETCH(QStringList, expectedDiagnostics);
    const LexResult result = tokenize(view(source));
    QCOMPARE(describeTokens(result.tokens), expectedTokens);
    QCOMPARE(describeDiagnostics(result.diagnostics), expectedDiagnostics);
    const QString violation = checkInvariants(view(source), result, true);
    QVERIFY2(violation.isEmpty(), qPrintable(violation));
}

void TestLexer::messages_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QString>("message");

    QTest::newRow("unexpected-ascii") << bytes("@") << u"unexpected character '@'"_s;
    QTest::newRow("unexpected-run") << bytes("@@") << u"unexpected characters '@@'"_s;
    QTest::newRow("unexpected-bang")
        << bytes("!a") << u"unexpected character '!'; use 'not' for negation"_s;
    QTest::newRow("unexpected-and")
        << bytes("a && b") << u"unexpected characters '&&'; use 'and'"_s;
    QTest::newRow("unexpected-or") << bytes("a || b") << u"unexpected characters '||'; use 'or'"_s;
    QTest::newRow("unexpected-semicolon")
        << bytes("a;") << u"unexpected character ';'; clauses need no separator"_s;
    QTest::newRow("unexpected-control") << bytes("\x1B") << u"unexpected character U+001B"_s;
    QTest::newRow("unexpected-non-ascii")
        << bytes("é")
        << u"unexpected character 'é' (U+00E9); outside strings and comments only ASCII is allowed"_s;
    QTest::newRow("unexpected-smart-quote") << bytes(
        "”") << u"unexpected character '”' (U+201D); strings use straight quotes \" or '"_s;
    QTest::newRow("unexpected-long-run")
        << bytes("日本語")
        << u"3 unexpected characters, starting with '日' (U+65E5); outside strings and comments "
           u"only ASCII is allowed"_s;
    QTest::newRow("unexpected-invisible")
        << bytes("\xC2\xA0")
        << u"unexpected character U+00A0; outside strings and comments only ASCII is allowed"_s;
    QTest::newRow("unterminated-string-line") << bytes(
        "\"a\n") << u"unterminated string literal: missing closing \" before the end of the line"_s;
    QTest::newRow("unterminated-string-file") << bytes(
        "'a") << u"unterminated string literal: missing closing ' before the end of the file"_s;
    QTest::newRow("unterminated-raw-string")
        << bytes("r\"a")
        << u"unterminated raw string literal: missing closing \" before the end of the file"_s;
    QTest::newRow("unterminated-block-comment")
        << bytes("/*") << u"unterminated block comment: missing */ before the end of the file"_s;
    QTest::newRow("bad-unicode-escape")
        << bytes("'\\u1'") << u"invalid \\u escape: \\u needs exactly 4 hexadecimal digits"_s;
    QTest::newRow("lone-high-surrogate")
        << bytes("'\\ud83d'")
        << u"invalid \\u escape: \\uD83D is a high surrogate that must be followed by a low "
           u"surrogate escape (\\uDC00 to \\uDFFF)"_s;
    QTest::newRow("lone-low-surrogate")
        << bytes("'\\uDE00'")
        << u"invalid \\u escape: \\uDE00 is a low surrogate without a high surrogate before it"_s;
    QTest::newRow("invalid-utf8-byte") << bytes("\xFF") << u"invalid UTF-8: byte 0xFF"_s;
    QTest::newRow("invalid-utf8-bytes")
        << bytes("#\xC0\x80") << u"invalid UTF-8: bytes 0xC0 0x80"_s;
    QTest::newRow("invalid-utf8-many-bytes")
        << bytes("#\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF")
        << u"invalid UTF-8: bytes 0xFF 0xFF 0xFF 0xFF 0xFF 0xFF 0xFF 0xFF …"_s;
    QTest::newRow("integer-overflow")
        << bytes("9999999999999999999")
        << u"integer literal out of range: integers are 64-bit, at most 9223372036854775807"_s;
    QTest::newRow("malformed-exponent")
        << bytes("1e") << u"malformed number: the exponent has no digits"_s;
    QTest::newRow("malformed-hex")
        << bytes("0x") << u"malformed number: hexadecimal literal has no digits"_s;
    QTest::newRow("malformed-binary-digit")
        << bytes("0b2") << u"malformed number: invalid digit '2' in binary literal"_s;
    QTest::newRow("malformed-underscore")
        << bytes("1__0") << u"malformed number: '_' is allowed only between digits"_s;
    QTest::newRow("malformed-leading-zero")
        << bytes("01")
        << u"malformed number: leading zeros are not allowed in a decimal integer (use 0o for octal)"_s;
    QTest::newRow("malformed-letter")
        << bytes("3px") << u"malformed number: invalid character 'p' in number literal"_s;
}

void TestLexer::messages()
{
    QFETCH(QByteArray, source);
    QFETCH(QString, message);
    const LexResult result = tokenize(view(source));
    QVERIFY(!result.diagnostics.empty());
    QCOMPARE(QString::fromStdString(result.diagnostics.front().message), message);
}

void TestLexer::positions_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<int>("tokenIndex");
    QTest::addColumn<QString>("expected"); // "[begin,end) line:col-line:col"

    QTest::newRow("first-token") << bytes("abc") << 0 << u"[0,3) 1:1-1:4"_s;
    QTest::newRow("second-line") << bytes("a\n  bc") << 1 << u"[4,6) 2:3-2:5"_s;
    QTest::newRow("crlf") << bytes("a\r\nb") << 1 << u"[3,4) 2:1-2:2"_s;
    QTest::newRow("lone-cr-is-no-line-break") << bytes("a\rb") << 1 << u"[2,3) 1:3-1:4"_s;
    QTest::newRow("tab-is-one-column") << bytes("\t\tx") << 0 << u"[2,3) 1:3-1:4"_s;
    QTest::newRow("bom-takes-no-column") << bytes("\xEF\xBB\xBF"
                                                  "ab")
                                         << 0 << u"[3,5) 1:1-1:3"_s;
    QTest::newRow("after-accented-string") << bytes("\"héllo\" x") << 1 << u"[9,10) 1:9-1:10"_s;
    QTest::newRow("accented-string-itself") << bytes("  \"àéî\"") << 0 << u"[2,10) 1:3-1:8"_s;
    QTest::newRow("after-emoji-string") << bytes("\"😀\" x") << 1 << u"[7,8) 1:5-1:6"_s;
    QTest::newRow("after-cjk-comment") << bytes("# 日本\nx") << 1 << u"[9,10) 2:1-2:2"_s;
    QTest::newRow("after-emoji-comment-same-line")
        << bytes("/* 👍🏽 */ x") << 1 << u"[15,16) 1:10-1:11"_s;
    QTest::newRow("after-multiline-raw-string")
        << bytes("r\"é\n😀\" x") << 1 << u"[11,12) 2:4-2:5"_s;
    QTest::newRow("multiline-raw-string-range")
        << bytes("r\"é\n😀\" x") << 0 << u"[0,10) 1:1-2:3"_s;
    QTest::newRow("after-multiline-block-comment")
        << bytes("/* é\n é */ y") << 1 << u"[13,14) 2:7-2:8"_s;
    QTest::newRow("after-invalid-bytes") << bytes("\"\xFF\xFE\" x") << 1 << u"[5,6) 1:6-1:7"_s;
    QTest::newRow("after-truncated-sequence") << bytes("\"\xE2\x82\" x") << 1 << u"[5,6) 1:5-1:6"_s;
    QTest::newRow("after-unexpected-non-ascii") << bytes("é x") << 1 << u"[3,4) 1:3-1:4"_s;
    QTest::newRow("eof-after-newline") << bytes("a\n") << 1 << u"[2,2) 2:1-2:1"_s;
    QTest::newRow("eof-after-emoji") << bytes("#😀") << 1 << u"[5,5) 1:3-1:3"_s;
    QTest::newRow("eof-of-empty") << QByteArray() << 0 << u"[0,0) 1:1-1:1"_s;
}

void TestLexer::positions()
{
    QFETCH(QByteArray, source);
    QFETCH(int, tokenIndex);
    QFETCH(QString, expected);
    const LexResult result = tokenize(view(source));
    QVERIFY(std::size_t(tokenIndex) < result.tokens.size());
    QCOMPARE(describe(result.tokens[std::size_t(tokenIndex)].range), expected);
    const QString violation = checkInvariants(view(source), result, true);
    QVERIFY2(violation.isEmpty(), qPrintable(violation));
}

void TestLexer::integers_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<bool>("inRange");
    QTest::addColumn<qint64>("value");

    QTest::newRow("zero") << bytes("0") << true << qint64(0);
    QTest::newRow("zeros") << bytes("0_00") << true << qint64(0);
    QTest::newRow("decimal") << bytes("4000") << true << qint64(4000);
    QTest::newRow("underscores") << bytes("1_000_000") << true << qint64(1000000);
    QTest::newRow("hex") << bytes("0xFF") << true << qint64(255);
    QTest::newRow("hex-mixed-case") << bytes("0XaBc") << true << qint64(0xABC);
    QTest::newRow("hex-underscore-after-prefix") << bytes("0x_ff_ff") << true << qint64(0xFFFF);
    QTest::newRow("hex-leading-zeros")
        << bytes("0x00000000000000000000000000000000000000000000000000000000000000000000000001")
        << true << qint64(1);
    QTest::newRow("octal") << bytes("0o755") << true << qint64(0755);
    QTest::newRow("binary") << bytes("0b1010_1010") << true << qint64(0xAA);
    QTest::newRow("int64-max") << bytes("9223372036854775807") << true
                               << std::numeric_limits<qint64>::max();
    QTest::newRow("hex-int64-max")
        << bytes("0x7FFF_FFFF_FFFF_FFFF") << true << std::numeric_limits<qint64>::max();
    QTest::newRow("int64-max-plus-one") << bytes("9223372036854775808") << false << qint64(0);
    QTest::newRow("uint64-max") << bytes("18446744073709551615") << false << qint64(0);
    QTest::newRow("binary-65-bits")
        << bytes("0b1"
                 "0000000000000000000000000000000000000000000000000000000000000000")
        << false << qint64(0);
}

void TestLexer::integers()
{
    QFETCH(QByteArray, source);
    QFETCH(bool, inRange);
    QFETCH(qint64, value);
    const LexResult result = tokenize(view(source));
    QCOMPARE(result.tokens.size(), std::size_t(2));
    QCOMPARE(result.tokens[0].kind, TokenKind::Integer);
    const std::optional<std::int64_t> decoded = decodeIntegerLiteral(result.tokens[0]);
    QCOMPARE(decoded.has_value(), inRange);
    QCOMPARE(result.diagnostics.empty(), inRange);
    if (inRange)
        QCOMPARE(qint64(*decoded), value);
    else
        QCOMPARE(result.diagnostics[0].code, std::string(codes::integerOutOfRange));
}

void TestLexer::floats_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<double>("value");

    QTest::newRow("point") << bytes("1.5") << 1.5;
    QTest::newRow("leading-dot") << bytes(".5") << 0.5;
    QTest::newRow("trailing-dot") << bytes("3.") << 3.0;
    QTest::newRow("exponent-negative") << bytes("2e-3") << 0.002;
    QTest::newRow("exponent-plus-capital") << bytes("1E+10") << 1e10;
    QTest::newRow("dot-exponent") << bytes("1.e5") << 1e5;
    QTest::newRow("fraction-exponent") << bytes(".25e2") << 25.0;
    QTest::newRow("underscores") << bytes("1_000.000_5") << 1000.0005;
    QTest::newRow("underscore-exponent") << bytes("1e1_0") << 1e10;
    QTest::newRow("zero") << bytes("0.0") << 0.0;
    QTest::newRow("correctly-rounded") << bytes("0.1") << 0.1;
    QTest::newRow("max-double") << bytes("1.7976931348623157e308")
                                << std::numeric_limits<double>::max();
    QTest::newRow("subnormal") << bytes("5e-324") << std::numeric_limits<double>::denorm_min();
    QTest::newRow("overflow-is-infinity")
        << bytes("1e999") << std::numeric_limits<double>::infinity();
    QTest::newRow("long-mantissa-overflow") << bytes("1234567890123456789012345678901234567890e300")
                                            << std::numeric_limits<double>::infinity();
    QTest::newRow("underflow-is-zero") << bytes("1e-999") << 0.0;
    QTest::newRow("leading-zeros-underflow")
        << bytes("0.000000000000000000000000000000000000000000000000001e-300") << 0.0;
    QTest::newRow("huge-exponent")
        << bytes("1e99999999999999999999999") << std::numeric_limits<double>::infinity();
    QTest::newRow("long-with-underscores")
        << bytes("1_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000"
                 "_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000.0")
        << 1e114;
}

void TestLexer::floats()
{
    QFETCH(QByteArray, source);
    QFETCH(double, value);
    const LexResult result = tokenize(view(source));
    QCOMPARE(result.tokens.size(), std::size_t(2));
    QCOMPARE(result.tokens[0].kind, TokenKind::Float);
    QVERIFY(result.diagnostics.empty());
    const std::optional<double> decoded = decodeFloatLiteral(result.tokens[0]);
    QVERIFY(decoded.has_value());
    if (std::isinf(value))
        QVERIFY(std::isinf(*decoded) && *decoded > 0);
    else
        QVERIFY2(*decoded == value, // from_chars rounds correctly: exact equality is right
            qPrintable(QString::number(*decoded, 'g', 17)));
}

void TestLexer::stringValues_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QByteArray>("value");

    QTest::newRow("plain") << bytes("\"hello\"") << bytes("hello");
    QTest::newRow("single-quotes") << bytes("'hello'") << bytes("hello");
    QTest::newRow("empty") << bytes("\"\"") << QByteArray();
    QTest::newRow("known-escapes") << bytes(R"("\\ \" \' \n \t \r")") << bytes("\\ \" ' \n \t \r");
    QTest::newRow("unknown-escape-keeps-backslash") << bytes(R"("\d+\s\.")") << bytes(R"(\d+\s\.)");
    QTest::newRow("escaped-backslash-before-letter") << bytes(R"("\\d")") << bytes(R"(\d)");
    QTest::newRow("hex-escape-is-unknown") << bytes(R"("\x41\0")") << bytes(R"(\x41\0)");
    QTest::newRow("unicode-escape-lower") << bytes(R"("caf\u00e9")") << bytes("café");
    QTest::newRow("unicode-escape-upper") << bytes(R"("\u20AC")") << bytes("€");
    QTest::newRow("unicode-escape-nul") << bytes(R"("a\u0000b")") << bytes("a\0b");
    QTest::newRow("surrogate-pair") << bytes(R"("\uD83D\uDE00!")") << bytes("😀!");
    QTest::newRow("lone-high-surrogate") << bytes(R"("\uD83Dx")") << bytes("\xEF\xBF\xBDx");
    QTest::newRow("lone-low-surrogate") << bytes(R"("\uDE00")") << bytes("\xEF\xBF\xBD");
    QTest::newRow("high-then-non-low") << bytes(R"("\uD83D\u0041")")
                                       << bytes("\xEF\xBF\xBD"
                                                "A");
    QTest::newRow("bad-hex") << bytes(R"("\u12G4")")
                             << bytes("\xEF\xBF\xBD"
                                      "G4");
    QTest::newRow("escape-before-non-ascii") << bytes(R"("\é")") << bytes(R"(\é)");
    QTest::newRow("other-quote") << bytes(R"('say "hi"')") << bytes("say \"hi\"");
    QTest::newRow("non-ascii") << bytes("\"héllo 😀 世界\"") << bytes("héllo 😀 世界");
    QTest::newRow("invalid-utf8-replaced") << bytes("\"a\xFF\xFE"
                                                    "b\xE2\x82"
                                                    "c\"")
                                           << bytes("a\xEF\xBF\xBD\xEF\xBF\xBD"
                                                    "b\xEF\xBF\xBD"
                                                    "c");
    QTest::newRow("unterminated") << bytes("\"abc") << bytes("abc");
    QTest::newRow("unterminated-escaped-quote") << bytes("\"abc\\\"") << bytes("abc\"");
    QTest::newRow("unterminated-trailing-backslash") << bytes("\"abc\\") << bytes("abc\\");
    QTest::newRow("raw") << bytes(R"(r"(?i)\b\d+\b")") << bytes(R"((?i)\b\d+\b)");
    QTest::newRow("raw-no-escapes") << bytes(R"(r'\n\u0041\')") << bytes(R"(\n\u0041\)");
    QTest::newRow("raw-empty") << bytes("r\"\"") << QByteArray();
    QTest::newRow("raw-multiline") << bytes("r\"a\nb\"") << bytes("a\nb");
    QTest::newRow("raw-crlf-normalised") << bytes("r\"a\r\nb\r\n\"") << bytes("a\nb\n");
    QTest::newRow("raw-lone-cr-kept") << bytes("r\"a\rb\"") << bytes("a\rb");
    QTest::newRow("raw-unterminated") << bytes("r'abc") << bytes("abc");
    QTest::newRow("raw-invalid-utf8") << bytes("r'\xC0'") << bytes("\xEF\xBF\xBD");
}

void TestLexer::stringValues()
{
    QFETCH(QByteArray, source);
    QFETCH(QByteArray, value);
    const LexResult result = tokenize(view(source));
    QCOMPARE(result.tokens.size(), std::size_t(2));
    QVERIFY(isStringLiteral(result.tokens[0].kind));
    const std::string decoded = decodeStringLiteral(result.tokens[0]);
    QCOMPARE(QByteArray(decoded.data(), qsizetype(decoded.size())), value);
    QCOMPARE(decodeStringLiteral(result.tokens[0].text), decoded);
}

void TestLexer::decodeRejectsOtherKinds()
{
    const LexResult result = tokenize("x 42 1.5 \"s\"");
    const Token &identifier = result.tokens[0];
    const Token &integer = result.tokens[1];
    const Token &real = result.tokens[2];
    const Token &string = result.tokens[3];
    QVERIFY(decodeStringLiteral(identifier).empty());
    QVERIFY(decodeStringLiteral(integer).empty());
    QVERIFY(!decodeIntegerLiteral(real));
    QVERIFY(!decodeIntegerLiteral(string));
    QVERIFY(!decodeFloatLiteral(integer));
    QVERIFY(!decodeFloatLiteral(string));
    QCOMPARE(decodeIntegerLiteral(integer).value_or(0), 42);
    QVERIFY(decodeFloatLiteral(real).value_or(0) == 1.5);
    // The text overloads are strict about what a literal is.
    QVERIFY(!decodeIntegerLiteral("-5"));
    QVERIFY(!decodeIntegerLiteral("0x"));
    QVERIFY(!decodeIntegerLiteral("12a"));
    QVERIFY(!decodeIntegerLiteral(""));
    QVERIFY(!decodeFloatLiteral("inf"));
    QVERIFY(!decodeFloatLiteral("-1.5"));
    QVERIFY(!decodeFloatLiteral("0x1p3"));
    QVERIFY(!decodeFloatLiteral(""));
    QVERIFY(decodeFloatLiteral("7").value_or(0) == 7.0);
    QVERIFY(decodeStringLiteral(std::string_view("abc")).empty());
}

void TestLexer::skipComments()
{
    const char source[] = "// a\nx # b\n/* c */ y /* unterminated";
    LexerOptions options;
    options.keepComments = false;
    const LexResult result = tokenize(source, options);
    QCOMPARE(describeTokens(result.tokens),
        (QStringList {u"Identifier(x)"_s, u"Identifier(y)"_s, u"EndOfFile"_s}));
    // A skipped comment still reports its problems.
    QCOMPARE(describeDiagnostics(result.diagnostics), QStringList {u"E1003 [21,23) 3:11-3:13"_s});
    const QString violation = checkInvariants(source, result, false);
    QVERIFY2(violation.isEmpty(), qPrintable(violation));
}

void TestLexer::incrementalNext()
{
    const std::string source = "ensure @ x";
    Lexer lexer(source);
    QVERIFY(lexer.source().data() == source.data());
    QCOMPARE(lexer.next().kind, TokenKind::KwEnsure);
    QVERIFY(lexer.diagnostics().empty());
    QCOMPARE(lexer.next().kind, TokenKind::Error);
    QCOMPARE(lexer.diagnostics().size(), std::size_t(1));
    QCOMPARE(lexer.next().kind, TokenKind::Identifier);
    for (int i = 0; i < 3; ++i) {
        const Token eof = lexer.next();
        QCOMPARE(eof.kind, TokenKind::EndOfFile);
        QCOMPARE(eof.range.begin.offset, source.size());
        QVERIFY(eof.range.isEmpty());
    }
    QCOMPARE(lexer.takeDiagnostics().size(), std::size_t(1));
    QVERIFY(lexer.diagnostics().empty());
}

void TestLexer::fileNameInDiagnostics()
{
    LexerOptions options;
    options.file = "contracts/safety.llmcl";
    const LexResult result = tokenize("@", options);
    QCOMPARE(result.diagnostics.size(), std::size_t(1));
    QCOMPARE(result.diagnostics[0].file, options.file);
    QCOMPARE(QString::fromStdString(formatDiagnosticHeader(result.diagnostics[0])),
        u"contracts/safety.llmcl:1:1: error[E1001]: unexpected character '@'"_s);
}

void TestLexer::utf8Decoding_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("codePoints");
    QTest::addColumn<QByteArray>("sanitized");

    const QByteArray fffd = bytes("\xEF\xBF\xBD");
    QTest::newRow("empty") << QByteArray() << true << 0 << QByteArray();
    QTest::newRow("ascii") << bytes("abc\0d") << true << 5 << bytes("abc\0d");
    QTest::newRow("two-byte") << bytes("é") << true << 1 << bytes("é");
    QTest::newRow("three-byte") << bytes("€") << true << 1 << bytes("€");
    QTest::newRow("four-byte") << bytes("😀") << true << 1 << bytes("😀");
    QTest::newRow("max-code-point")
        << bytes("\xF4\x8F\xBF\xBF") << true << 1 << bytes("\xF4\x8F\xBF\xBF");
    QTest::newRow("long-ascii-then-emoji") << bytes("0123456789abcdef0123456789😀") << true << 27
                                           << bytes("0123456789abcdef0123456789😀");
    QTest::newRow("overlong-two-byte") << bytes("\xC0\xAF") << false << 2 << fffd + fffd;
    QTest::newRow("overlong-c1") << bytes("\xC1\xBF") << false << 2 << fffd + fffd;
    QTest::newRow("overlong-three-byte")
        << bytes("\xE0\x80\xAF") << false << 3 << fffd + fffd + fffd;
    QTest::newRow("overlong-four-byte")
        << bytes("\xF0\x80\x80\xAF") << false << 4 << fffd + fffd + fffd + fffd;
    QTest::newRow("utf8-surrogate") << bytes("\xED\xA0\x80") << false << 3 << fffd + fffd + fffd;
    QTest::newRow("above-max") << bytes("\xF4\x90\x80\x80") << false << 4
                               << fffd + fffd + fffd + fffd;
    QTest::newRow("f5-lead") << bytes("\xF5\x80") << false << 2 << fffd + fffd;
    QTest::newRow("ff") << bytes("\xFF") << false << 1 << fffd;
    QTest::newRow("stray-continuation") << bytes("a\x80"
                                                 "b")
                                        << false << 3 << bytes("a") + fffd + bytes("b");
    QTest::newRow("truncated-maximal-subpart") << bytes("\xE2\x82"
                                                        "x")
                                               << false << 2 << fffd + bytes("x");
    QTest::newRow("truncated-four-at-end") << bytes("\xF0\x9F\x98") << false << 1 << fffd;
    QTest::newRow("lead-then-lead") << bytes("\xE2\xE2\x82\xAC") << false << 2 << fffd + bytes("€");
}

void TestLexer::utf8Decoding()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, valid);
    QFETCH(int, codePoints);
    QFETCH(QByteArray, sanitized);
    QCOMPARE(utf8::isValid(view(text)), valid);
    QCOMPARE(utf8::codePointCount(view(text)), std::size_t(codePoints));
    const std::string clean = utf8::sanitized(view(text));
    QCOMPARE(QByteArray(clean.data(), qsizetype(clean.size())), sanitized);
    QVERIFY(utf8::isValid(clean));
    // Qt's decoder agrees with ours on well-formed text.
    if (valid)
        QCOMPARE(QString::fromUtf8(text).toUcs4().size(), qsizetype(codePoints));
}

void TestLexer::utf8Encoding()
{
    for (const char32_t c : {U'\0', U'A', U'\u007F', U'\u0080', U'\u00E9', U'\u07FF', U'\u0800',
             U'\u20AC', U'\uFFFF', U'\U00010000', U'\U0001F600', U'\U0010FFFF'}) {
        std::string encoded;
        utf8::append(encoded, c);
        QCOMPARE(encoded.size(), utf8::encodedLength(c));
        const utf8::DecodeResult r = utf8::decode(encoded);
        QVERIFY(r.valid);
        QCOMPARE(r.codePoint, c);
        QCOMPARE(std::size_t(r.length), encoded.size());
    }
    std::string replaced;
    utf8::append(replaced, 0xD800);
    utf8::append(replaced, 0x110000);
    QCOMPARE(replaced, std::string("\xEF\xBF\xBD\xEF\xBF\xBD"));
    QCOMPARE(utf8::validPrefixLength("ab\xFF"
                                     "cd"),
        std::size_t(2));
    QCOMPARE(utf8::decode({}).length, std::uint8_t(0));
    QCOMPARE(utf8::displayWidth(U'a'), 1);
    QCOMPARE(utf8::displayWidth(U'\u0301'), 0);
    QCOMPARE(utf8::displayWidth(U'\u4E16'), 2);
    QCOMPARE(utf8::displayWidth(U'\U0001F600'), 2);
}

void TestLexer::rendering_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("severity");
    QTest::addColumn<QString>("expected");

    QTest::newRow("unterminated-string")
        << bytes("contract A {\n    ensure x message: \"Too long\n}\n") << u"a.llmcl"_s << 0
        << u"a.llmcl:2:23: error[E1002]: unterminated string literal: missing closing \" before "
           u"the end of the line\n"
           u"    ensure x message: \"Too long\n"
           u"                      ^~~~~~~~~\n"_s;
    QTest::newRow("no-file-name") << bytes("a @ b") << QString() << 0
                                  << u"<input>:1:3: error[E1001]: unexpected character '@'\n"
                                     u"a @ b\n"
                                     u"  ^\n"_s;
    QTest::newRow("warning") << bytes("@") << u"w.llmcl"_s << 1
                             << u"w.llmcl:1:1: warning[E1001]: unexpected character '@'\n@\n^\n"_s;
    QTest::newRow("info-renders-as-note")
        << bytes("@") << u"n.llmcl"_s << 2
        << u"n.llmcl:1:1: note[E1001]: unexpected character '@'\n@\n^\n"_s;
    QTest::newRow("tabs-kept-before-caret")
        << bytes("\t\tx = @@") << u"t.llmcl"_s << 0
        << u"t.llmcl:1:7: error[E1001]: unexpected characters '@@'\n"
           u"\t\tx = @@\n"
           u"\t\t    ^~\n"_s;
    QTest::newRow("accented-prefix") << bytes("\"héllo\" @") << u"u.llmcl"_s << 0
                                     << u"u.llmcl:1:9: error[E1001]: unexpected character '@'\n"
                                        u"\"héllo\" @\n"
                                        u"        ^\n"_s;
    QTest::newRow("wide-characters")
        << bytes("\"日本\" 😀 x") << u"w.llmcl"_s << 0
        << u"w.llmcl:1:6: error[E1001]: unexpected character '😀' (U+1F600); outside strings and "
           u"comments only ASCII is allowed\n"
           u"\"日本\" 😀 x\n"
           u"       ^~\n"_s;
    QTest::newRow("block-comment-opener")
        << bytes("x /* abc\ndef") << u"m.llmcl"_s << 0
        << u"m.llmcl:1:3: error[E1003]: unterminated block comment: missing */ before the end of "
           u"the file\n"
           u"x /* abc\n"
           u"  ^~\n"_s;
    QTest::newRow("invalid-utf8-shown-as-replacement")
        << bytes("# \xFF\xFE ok\r\nx") << u"i.llmcl"_s << 0
        << u"i.llmcl:1:3: error[E1005]: invalid UTF-8: bytes 0xFF 0xFE\n"
           u"# \uFFFD\uFFFD ok\n"
           u"  ^~\n"_s;
    QTest::newRow("bom-hidden") << bytes("\xEF\xBB\xBF@") << u"b.llmcl"_s << 0
                                << u"b.llmcl:1:1: error[E1001]: unexpected character '@'\n@\n^\n"_s;
    QTest::newRow("escape-sequence-neutralised")
        << bytes("\"\x1B[31m\" \"\\u1\"") << u"e.llmcl"_s << 0
        << u"e.llmcl:1:10: error[E1004]: invalid \\u escape: \\u needs exactly 4 hexadecimal "
           u"digits\n"
           u"\"\uFFFD[31m\" \"\\u1\"\n"
           u"         ^~~\n"_s;
}

void TestLexer::rendering()
{
    QFETCH(QByteArray, source);
    QFETCH(QString, file);
    QFETCH(int, severity);
    QFETCH(QString, expected);
    LexerOptions options;
    options.file = file.toStdString();
    LexResult result = tokenize(view(source), options);
    QVERIFY(!result.diagnostics.empty());
    Diagnostic diagnostic = result.diagnostics.front();
    diagnostic.severity = static_cast<Severity>(severity);
    QCOMPARE(QString::fromStdString(formatDiagnostic(diagnostic, view(source))), expected);
}

void TestLexer::renderingEdgeCases()
{
    const std::string_view source = "ab\ncd\n";
    Diagnostic diagnostic;
    diagnostic.code = "E1999";
    diagnostic.message = "m";
    // A range over several lines is marked to the end of its first line.
    diagnostic.range = {positionAt(source, 1), positionAt(source, 4)};
    QCOMPARE(formatDiagnostic(diagnostic, source),
        std::string("<input>:1:2: error[E1999]: m\nab\n ^\n"));
    // An empty range at the end of the text.
    diagnostic.range = {positionAt(source, 6), positionAt(source, 6)};
    QCOMPARE(
        formatDiagnostic(diagnostic, source), std::string("<input>:3:1: error[E1999]: m\n\n^\n"));
    // A range outside the text: the header alone.
    diagnostic.range.begin.offset = diagnostic.range.end.offset = 99;
    QCOMPARE(formatDiagnostic(diagnostic, source), std::string("<input>:3:1: error[E1999]: m\n"));
    QCOMPARE(sourceLineAt("a\r\nb", 0), std::string_view("a"));
    QCOMPARE(sourceLineAt("a\r\nb", 3), std::string_view("b"));
    QCOMPARE(sourceLineAt("a\r", 0), std::string_view("a\r"));
    QCOMPARE(caretLine("abcdef", 2, 5), std::string(" ^~~"));
    QCOMPARE(caretLine("abc", 4, 4), std::string("   ^"));
    QCOMPARE(caretLine("a\u0301b", 2, 3), std::string(" ^")); // combining accent: width 0
    QCOMPARE(fromView(severityName(Severity::Info)), u"info"_s);
}

void TestLexer::hostileInput_data()
{
    QTest::addColumn<QByteArray>("source");

    constexpr int size = 1 << 18; // big enough that a quadratic path could not hide
    QTest::newRow("quotes") << QByteArray(size, '"');
    QTest::newRow("single-quote-then-newlines") << "'" + QByteArray(size, '\n');
    QTest::newRow("backslashes-in-string") << "\"" + QByteArray(size, '\\');
    QTest::newRow("unicode-escape-prefixes") << "\"" + QByteArray("\\u").repeated(size / 2);
    QTest::newRow("high-surrogate-escapes") << "\"" + QByteArray("\\uD800").repeated(size / 6);
    QTest::newRow("comment-openers") << QByteArray("/*").repeated(size / 2);
    QTest::newRow("stars-in-comment") << "/*" + QByteArray(size, '*');
    QTest::newRow("raw-string-openers") << QByteArray("r\"").repeated(size / 2);
    QTest::newRow("invalid-bytes") << QByteArray(size, '\xFF');
    QTest::newRow("alternating-invalid-and-space") << QByteArray("\xFF ").repeated(size / 2);
    QTest::newRow("lead-bytes-only") << QByteArray("\xF0\xE0\xC2").repeated(size / 3);
    QTest::newRow("unexpected-run") << QByteArray(size, '@');
    QTest::newRow("bang-run") << QByteArray(size, '!');
    QTest::newRow("digits") << QByteArray(size, '9');
    QTest::newRow("underscored-digits") << "1" + QByteArray("_1").repeated(size / 2);
    QTest::newRow("identifier") << QByteArray(size, 'a');
    QTest::newRow("dots") << QByteArray(size, '.');
    QTest::newRow("nul-bytes") << QByteArray(size, '\0');
    QTest::newRow("emoji-run") << QByteArray("😀").repeated(size / 4);
    QTest::newRow("long-line-of-mixed") << QByteArray("é@\"x\\u12\xFF"
                                                      "1e/*\n")
                                               .repeated(size / 16);
}

void TestLexer::hostileInput()
{
    QFETCH(QByteArray, source);
    QElapsedTimer timer;
    timer.start();
    const LexResult result = tokenize(view(source));
    // Generous: linear lexing takes milliseconds; a quadratic path would take hours.
    QVERIFY2(timer.elapsed() < 20000, qPrintable(u"took %1 ms"_s.arg(timer.elapsed())));
    const QString violation = checkInvariants(view(source), result, true);
    QVERIFY2(violation.isEmpty(), qPrintable(violation));
}

void TestLexer::randomBytes()
{
    // Random bytes, and random splices of language fragments and broken pieces: each must lex
    // to the end with every invariant intact.
    const char *const fragments[] = {
        "contract",
        " ",
        "\n",
        "\r\n",
        "\"",
        "'",
        "r\"",
        "r'",
        "\\",
        "\\u",
        "\\uD83D",
        "\\uDE00",
        "/*",
        "*/",
        "//",
        "#",
        "0x",
        "1e",
        "1.",
        ".5",
        "_",
        "é",
        "😀",
        "\xFF",
        "\xE2\x82",
        "\xED\xA0\x80",
        "!",
        "!=",
        "==",
        "<=",
        "@",
        "(",
        ")",
        "{",
        "}",
        "[",
        "]",
        "ensure_prob",
        "9223372036854775808",
        "\xEF\xBB\xBF",
        "\t",
        "\0",
        "abc",
        "0b2",
        "1_",
        "\xC0\x80",
    };
    std::mt19937 random(20260101u);
    for (int round = 0; round < 300; ++round) {
        std::string source;
        const int length = static_cast<int>(random() % 600);
        if (round % 2 == 0) {
            for (int i = 0; i < length; ++i)
                source += static_cast<char>(random() & 0xFF);
        } else {
            for (int i = 0; i < length / 4; ++i) {
                const char *fragment = fragments[random() % std::size(fragments)];
                source += *fragment ? std::string(fragment) : std::string(1, '\0');
            }
        }
        for (const bool keep : {true, false}) {
            LexerOptions options;
            options.keepComments = keep;
            const LexResult result = tokenize(source, options);
            const QString violation = checkInvariants(source, result, keep);
            QVERIFY2(violation.isEmpty(),
                qPrintable(u"round %1: %2 in %3"_s.arg(round).arg(violation, escaped(source))));
            for (const Diagnostic &diagnostic : result.diagnostics)
                QVERIFY(utf8::isValid(formatDiagnostic(diagnostic, source)));
        }
    }
}

void TestLexer::goldens_data()
{
    QTest::addColumn<QString>("path");
    const QDir dir(llmcl::test::testDataPath(u"/lexer"));
    const QStringList files = dir.entryList({u"*.llmcl"_s}, QDir::Files, QDir::Name);
    QVERIFY2(!files.isEmpty(), "no golden sources in tests/data/lexer");
    for (const QString &file : files)
        QTest::newRow(qPrintable(file)) << dir.filePath(file);
}

void TestLexer::goldens()
{
    QFETCH(QString, path);
    QFile sourceFile(path);
    QVERIFY(sourceFile.open(QIODevice::ReadOnly));
    const QByteArray source = sourceFile.readAll();
    const QStringList actual = goldenDump(view(source));
    const QString goldenPath = path.chopped(int(qstrlen(".llmcl"))) + u".tokens"_s;

    if (!qEnvironmentVariableIsEmpty("LLMCL_UPDATE_GOLDENS")) {
        QFile golden(goldenPath);
        QVERIFY(golden.open(QIODevice::WriteOnly | QIODevice::Truncate));
        golden.write(actual.join(u'\n').toUtf8() + '\n');
        qInfo("rewrote %s", qPrintable(goldenPath));
        return;
    }
    QFile golden(goldenPath);
    QVERIFY2(golden.open(QIODevice::ReadOnly),
        qPrintable(goldenPath + u" is missing: run with LLMCL_UPDATE_GOLDENS=1"_s));
    QStringList expected = QString::fromUtf8(golden.readAll()).split(u'\n');
    if (!expected.isEmpty() && expected.constLast().isEmpty())
        expected.removeLast();
    if (actual != expected) {
        // A small line diff, so that the failure says what changed.
        QString diff;
        const qsizetype n = std::max(actual.size(), expected.size());
        for (qsizetype i = 0; i < n; ++i) {
            const QString a = i < actual.size() ? actual[i] : QString();
            const QString e = i < expected.size() ? expected[i] : QString();
            if (a != e)
                diff += u"line %1\n- %2\n+ %3\n"_s.arg(i + 1).arg(e, a);
        }
        QFAIL(qPrintable(goldenPath
            + u" differs (- expected, + actual; set LLMCL_UPDATE_GOLDENS=1 "
              u"to accept):\n"_s
            + diff));
    }
}

void TestLexer::examples()
{
    QDirIterator it(llmcl::test::sourcePath(u"/resources/examples"), {u"*.llmcl"_s}, QDir::Files,
        QDirIterator::Subdirectories);
    int count = 0;
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
        const QByteArray source = file.readAll();
        const LexResult result = tokenize(view(source), {true, path.toStdString()});
        for (const Diagnostic &diagnostic : result.diagnostics) {
            QVERIFY2(diagnostic.severity != Severity::Error,
                formatDiagnostic(diagnostic, view(source)).c_str());
        }
        const QString violation = checkInvariants(view(source), result, true);
        QVERIFY2(violation.isEmpty(), qPrintable(path + u": "_s + violation));
        ++count;
    }
    QVERIFY2(count > 0, "no *.llmcl file under resources/examples");
}

QTEST_GUILESS_MAIN(TestLexer)
#include "tst_lexer.moc"
