// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/lexer.h"

#include "engine/literals.h"
#include "engine/utf8.h"

#include <algorithm>
#include <array>
#include <limits>
#include <utility>

namespace llmcl::engine {

namespace {

enum CharClass : std::uint8_t
{
    IdentStart = 1 << 0,
    IdentPart = 1 << 1,
    Digit = 1 << 2,
    Space = 1 << 3, // ' ' '\t' '\r' '\f'; '\n' is apart since it starts a line
    // Stop the fast loops over the inside of strings and comments: what follows needs a look.
    StringStop = 1 << 4, // quotes, '\\', '\n', '\r', non-ASCII
    LineCommentStop = 1 << 5, // '\n', non-ASCII
    BlockCommentStop = 1 << 6, // '*', '\n', non-ASCII
    // ASCII that starts no token. '!' is not here: it does start one when '=' follows.
    Unexpected = 1 << 7,
};

constexpr bool startsPunctuation(int c)
{
    return std::string_view("()[]{},.:=<>+-*/%\"'#!").find(static_cast<char>(c))
        != std::string_view::npos;
}

constexpr std::array<std::uint8_t, 256> charClasses = [] {
    std::array<std::uint8_t, 256> table {};
    for (int c = 0; c < 256; ++c) {
        unsigned flags = 0;
        const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        const bool digit = c >= '0' && c <= '9';
        if (letter || c == '_')
            flags |= IdentStart | IdentPart;
        if (digit)
            flags |= IdentPart | Digit;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f')
            flags |= Space;
        if (c >= 0x80 || c == '"' || c == '\'' || c == '\\' || c == '\n' || c == '\r')
            flags |= StringStop;
        if (c >= 0x80 || c == '\n')
            flags |= LineCommentStop;
        if (c >= 0x80 || c == '\n' || c == '*')
            flags |= BlockCommentStop;
        if (c < 0x80 && !letter && !digit && c != '_' && !(flags & Space) && c != '\n'
            && !startsPunctuation(c))
            flags |= Unexpected;
        table[static_cast<std::size_t>(c)] = static_cast<std::uint8_t>(flags);
    }
    return table;
}();

inline unsigned classOf(char c) noexcept
{
    return charClasses[static_cast<unsigned char>(c)];
}

inline bool isAscii(char c) noexcept
{
    return static_cast<unsigned char>(c) < 0x80;
}

std::string hex(std::uint32_t value, int minDigits)
{
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    for (int shift = 28; shift >= 0; shift -= 4) {
        const auto digit = (value >> shift) & 0xF;
        if (digit != 0 || !out.empty() || shift < minDigits * 4)
            out += digits[digit];
    }
    return out;
}

// Characters shown by their code rather than quoted: controls and the invisible ones.
bool isInvisible(char32_t c) noexcept
{
    return c <= 0x20 || (c >= 0x7F && c <= 0xA0) || c == 0xAD || (c >= 0x2000 && c <= 0x200F)
        || (c >= 0x2028 && c <= 0x202F) || (c >= 0x205F && c <= 0x206F) || c == 0x3000
        || c == 0xFEFF || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0000 && c <= 0xE0FFF);
}

// "'@'", "'é' (U+00E9)" or "U+00A0".
std::string describeCharacter(char32_t c)
{
    const std::string code = "U+" + hex(c, 4);
    if (isInvisible(c))
        return code;
    std::string out = "'";
    utf8::append(out, c);
    out += '\'';
    if (c >= 0x80)
        out += " (" + code + ")";
    return out;
}

// What the user most likely meant, for the common slips of people coming from other languages.
std::optional<MessageId> hintFor(std::string_view run)
{
    if (run == "!")
        return MessageId::HintUseNot;
    if (run == "&&" || run == "&")
        return MessageId::HintUseAnd;
    if (run == "||" || run == "|")
        return MessageId::HintUseOr;
    if (run == ";")
        return MessageId::HintNoSeparator;
    if (run == "?")
        return MessageId::HintConditional;
    if (run == "\xE2\x80\x9C" || run == "\xE2\x80\x9D" || run == "\xE2\x80\x98"
        || run == "\xE2\x80\x99" || run == "\xC2\xAB" || run == "\xC2\xBB")
        return MessageId::HintStraightQuotes;
    if (!run.empty() && !isAscii(run[0]))
        return MessageId::HintAsciiOnly;
    return std::nullopt;
}

struct UnexpectedMessage
{
    MessageId message;
    std::vector<DiagnosticArgument> arguments;
    std::optional<MessageId> hint;
};

UnexpectedMessage unexpectedMessage(std::string_view run)
{
    std::size_t count = 0;
    bool allVisible = true;
    char32_t first = 0;
    for (std::size_t i = 0; i < run.size() && count <= 16; ++count) {
        const utf8::DecodeResult r = utf8::decode(run.substr(i));
        if (count == 0)
            first = r.codePoint;
        allVisible = allVisible && !isInvisible(r.codePoint);
        i += r.length;
    }
    UnexpectedMessage message;
    if (count == 1) {
        message.message = MessageId::UnexpectedCharacter;
        message.arguments = {{"character", describeCharacter(first)}};
    } else if (count <= 16 && allVisible && isAscii(run[0])) {
        message.message = MessageId::UnexpectedCharacters;
        message.arguments = {{"characters", std::string(run)}};
    } else {
        message.message = MessageId::UnexpectedCharacterRun;
        message.arguments = {{"count", std::to_string(utf8::codePointCount(run))},
            {"character", describeCharacter(first)}};
    }
    message.hint = hintFor(run);
    return message;
}

// "0xFF 0xFE": the first eight bytes of a run, then "…".
std::string invalidUtf8Bytes(std::string_view bytes)
{
    std::string out;
    for (std::size_t i = 0; i < bytes.size() && i < 8; ++i)
        out += (i ? " 0x" : "0x") + hex(static_cast<unsigned char>(bytes[i]), 2);
    if (bytes.size() > 8)
        out += " …";
    return out;
}

bool isDigitOfBase(char c, int base) noexcept
{
    if (base == 16) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
    return c >= '0' && c < static_cast<char>('0' + base);
}

// The range of a two-character ASCII opener (`r"`, `/*`) starting at `begin`: where an
// unterminated raw string or block comment is reported, rather than over the rest of the file.
SourceRange twoCharacterOpener(SourcePosition begin)
{
    SourcePosition end = begin;
    end.offset += 2;
    end.column += 2;
    return {begin, end};
}

} // namespace

Lexer::Lexer(std::string_view source, LexerOptions options)
    : m_source(source)
    , m_cursor(source.data())
    , m_end(source.data() + source.size())
    , m_lineStart(source.data())
    , m_options(std::move(options))
{
    if (source.starts_with(utf8::byteOrderMark)) {
        m_cursor += utf8::byteOrderMark.size();
        m_lineExtraBytes = utf8::byteOrderMark.size(); // the BOM takes no column
    }
}

std::vector<Diagnostic> Lexer::takeDiagnostics() noexcept
{
    return std::exchange(m_diagnostics, {});
}

Token Lexer::next()
{
    for (;;) {
        skipWhitespace();
        const Token token = lexToken();
        if (m_options.keepComments || !isComment(token.kind))
            return token;
    }
}

SourcePosition Lexer::position() const noexcept
{
    const auto inLine = static_cast<std::size_t>(m_cursor - m_lineStart);
    return {static_cast<std::size_t>(m_cursor - m_source.data()), m_line,
        saturatedLineOrColumn(inLine - m_lineExtraBytes + 1)};
}

Token Lexer::makeToken(TokenKind kind, const char *start, SourcePosition begin) const noexcept
{
    return {kind, {begin, position()},
        std::string_view(start, static_cast<std::size_t>(m_cursor - start))};
}

void Lexer::report(SourceRange range, MessageId message, std::vector<DiagnosticArgument> arguments,
    std::optional<MessageId> hint)
{
    if (m_diagnostics.size() >= m_options.maxDiagnostics)
        return;
    m_diagnostics.push_back(makeDiagnostic(
        Severity::Error, message, range, m_options.file, std::move(arguments), hint));
}

void Lexer::startLine(const char *newline) noexcept
{
    if (m_line != std::numeric_limits<std::uint32_t>::max())
        ++m_line;
    m_lineStart = newline + 1;
    m_lineExtraBytes = 0;
}

void Lexer::skipWhitespace() noexcept
{
    while (m_cursor != m_end) {
        if (*m_cursor == '\n') {
            startLine(m_cursor);
            ++m_cursor;
        } else if (classOf(*m_cursor) & Space) {
            ++m_cursor;
        } else {
            break;
        }
    }
}

Token Lexer::lexToken()
{
    const char *start = m_cursor;
    const SourcePosition begin = position();
    if (m_cursor == m_end)
        return {TokenKind::EndOfFile, {begin, begin}, std::string_view(m_end, 0)};

    const auto single = [&](TokenKind kind) {
        ++m_cursor;
        return makeToken(kind, start, begin);
    };
    // One of two tokens, depending on whether `second` follows.
    const auto pair = [&](char second, TokenKind ifPair, TokenKind otherwise) {
        if (m_cursor + 1 != m_end && m_cursor[1] == second) {
            m_cursor += 2;
            return makeToken(ifPair, start, begin);
        }
        ++m_cursor;
        return makeToken(otherwise, start, begin);
    };
    const char next = m_cursor + 1 != m_end ? m_cursor[1] : '\0';

    switch (*m_cursor) {
    case '(':
        return single(TokenKind::LeftParen);
    case ')':
        return single(TokenKind::RightParen);
    case '[':
        return single(TokenKind::LeftBracket);
    case ']':
        return single(TokenKind::RightBracket);
    case '{':
        return single(TokenKind::LeftBrace);
    case '}':
        return single(TokenKind::RightBrace);
    case ',':
        return single(TokenKind::Comma);
    case ':':
        return single(TokenKind::Colon);
    case '+':
        return single(TokenKind::Plus);
    case '-':
        return single(TokenKind::Minus);
    case '*':
        return single(TokenKind::Star);
    case '%':
        return single(TokenKind::Percent);
    case '.':
        if (classOf(next) & Digit)
            return lexNumber(start, begin);
        return single(TokenKind::Dot);
    case '=':
        return pair('=', TokenKind::EqualEqual, TokenKind::Assign);
    case '<':
        return pair('=', TokenKind::LessEqual, TokenKind::Less);
    case '>':
        return pair('=', TokenKind::GreaterEqual, TokenKind::Greater);
    case '!':
        if (next == '=') {
            m_cursor += 2;
            return makeToken(TokenKind::NotEqual, start, begin);
        }
        return lexUnexpected(start, begin);
    case '/':
        if (next == '/')
            return lexLineComment(start, begin, TokenKind::LineComment);
        if (next == '*')
            return lexBlockComment(start, begin);
        return single(TokenKind::Slash);
    case '#':
        return lexLineComment(start, begin, TokenKind::HashComment);
    case '"':
    case '\'':
        return lexQuotedString(start, begin);
    default:
        break;
    }
    const unsigned cls = classOf(*m_cursor);
    if (cls & IdentStart)
        return lexIdentifier(start, begin);
    if (cls & Digit)
        return lexNumber(start, begin);
    if (!isAscii(*m_cursor) && !utf8::decode(std::string_view(m_cursor, m_end - m_cursor)).valid)
        return lexInvalidUtf8(start, begin);
    return lexUnexpected(start, begin);
}

Token Lexer::lexIdentifier(const char *start, SourcePosition begin)
{
    const char *p = m_cursor + 1;
    while (p != m_end && (classOf(*p) & IdentPart))
        ++p;
    if (p - start == 1 && *start == 'r' && p != m_end && (*p == '"' || *p == '\''))
        return lexRawString(start, begin);
    m_cursor = p;
    const std::string_view word(start, static_cast<std::size_t>(p - start));
    return makeToken(keywordKind(word), start, begin);
}

// Python's number grammar: decimal integers (no leading zeros), 0x/0o/0b integers, floats with
// a fraction and/or an exponent ("1.", ".5", "1e5"), '_' between digits. A literal glued to
// letters or digits that the grammar cannot take ("12abc", "0b12", "1e") is one malformed
// Error token up to the end of that run, so that one slip makes one diagnostic.
Token Lexer::lexNumber(const char *start, SourcePosition begin)
{
    const auto at = [this](const char *q) { return q < m_end ? *q : '\0'; };
    std::optional<MessageId> problem;
    std::vector<DiagnosticArgument> problemArguments;
    // digit (["_"] digit)*: the caller has seen the first digit.
    const auto digitPart = [&](const char *q, int base) {
        for (;;) {
            if (isDigitOfBase(at(q), base))
                ++q;
            else if (at(q) == '_' && isDigitOfBase(at(q + 1), base))
                q += 2;
            else
                break;
        }
        if (at(q) == '_')
            problem = MessageId::NumberUnderscore;
        return q;
    };

    const char *p = m_cursor;
    bool isFloat = false;
    int base = 10;
    const char prefix = static_cast<char>(at(p + 1) | 0x20);
    if (*p == '0' && (prefix == 'x' || prefix == 'o' || prefix == 'b')) {
        base = prefix == 'x' ? 16 : prefix == 'o' ? 8 : 2;
        p += 2;
        if (at(p) == '_' && isDigitOfBase(at(p + 1), base))
            ++p;
        if (isDigitOfBase(at(p), base))
            p = digitPart(p, base);
        else if (!(classOf(at(p)) & IdentPart))
            problem = base == 16 ? MessageId::NumberHexadecimalWithoutDigits
                : base == 8      ? MessageId::NumberOctalWithoutDigits
                                 : MessageId::NumberBinaryWithoutDigits;
    } else {
        if (*p != '.')
            p = digitPart(p, 10);
        if (!problem && at(p) == '.') {
            isFloat = true;
            p = isDigitOfBase(at(p + 1), 10) ? digitPart(p + 1, 10) : p + 1;
        }
        if (!problem && (at(p) == 'e' || at(p) == 'E')) {
            const char *q = p + 1;
            if (at(q) == '+' || at(q) == '-')
                ++q;
            if (isDigitOfBase(at(q), 10)) {
                isFloat = true;
                p = digitPart(q, 10);
            } else {
                problem = MessageId::NumberExponentWithoutDigits;
                p = q;
            }
        }
        if (!problem && !isFloat && *start == '0'
            && std::string_view(start, static_cast<std::size_t>(p - start)).find_first_not_of("0_")
                != std::string_view::npos)
            problem = MessageId::NumberLeadingZeros;
    }
    if (!problem && (classOf(at(p)) & IdentPart)) {
        const char c = at(p);
        if (base != 10 && (classOf(c) & Digit || isDigitOfBase(c, 16))) {
            problem = base == 16 ? MessageId::NumberInvalidHexadecimalDigit
                : base == 8      ? MessageId::NumberInvalidOctalDigit
                                 : MessageId::NumberInvalidBinaryDigit;
            problemArguments = {{"digit", std::string(1, c)}};
        } else {
            problem = MessageId::NumberInvalidCharacter;
            problemArguments = {{"character", std::string(1, c)}};
        }
    }

    if (problem) {
        while (p != m_end && (classOf(*p) & IdentPart))
            ++p;
        m_cursor = p;
        const Token token = makeToken(TokenKind::Error, start, begin);
        report(token.range, *problem, std::move(problemArguments));
        return token;
    }
    m_cursor = p;
    const Token token = makeToken(isFloat ? TokenKind::Float : TokenKind::Integer, start, begin);
    if (!isFloat && !decodeIntegerLiteral(token.text)) {
        report(token.range, MessageId::IntegerOutOfRange);
    }
    return token;
}

Token Lexer::lexQuotedString(const char *start, SourcePosition begin)
{
    const char quote = *m_cursor;
    ++m_cursor;
    for (;;) {
        while (m_cursor != m_end && !(classOf(*m_cursor) & StringStop))
            ++m_cursor;
        if (m_cursor == m_end)
            break;
        const char c = *m_cursor;
        if (c == quote) {
            ++m_cursor;
            return makeToken(TokenKind::String, start, begin);
        }
        if (c == '\n' || (c == '\r' && m_cursor + 1 != m_end && m_cursor[1] == '\n'))
            break;
        if (c == '\\')
            lexEscape();
        else if (isAscii(c))
            ++m_cursor; // the other quote, a lone '\r'
        else
            consumeNonAscii();
    }
    const Token token = makeToken(TokenKind::String, start, begin);
    report(token.range,
        m_cursor == m_end ? MessageId::UnterminatedStringAtEndOfFile
                          : MessageId::UnterminatedStringAtEndOfLine,
        {{"quote", std::string(1, quote)}});
    return token;
}

void Lexer::lexEscape()
{
    const char next = m_cursor + 1 != m_end ? m_cursor[1] : '\0';
    if (next == 'u') {
        const SourcePosition begin = position();
        const detail::UnicodeEscape escape = detail::parseUnicodeEscape(
            std::string_view(m_cursor, static_cast<std::size_t>(m_end - m_cursor)));
        m_cursor += escape.length; // ASCII only: no column bookkeeping
        if (!escape.valid) {
            if (!escape.loneSurrogate)
                report({begin, position()}, MessageId::EscapeNeedsFourDigits);
            else
                report({begin, position()},
                    escape.codePoint >= 0xDC00 ? MessageId::EscapeLowSurrogate
                                               : MessageId::EscapeHighSurrogate,
                    {{"hex", hex(escape.codePoint, 4)}});
        }
        return;
    }
    // A backslash before a line break, the end or a non-ASCII character escapes nothing: the
    // caller deals with what follows. Any other pair, known escape or not, is taken whole so
    // that \" and \' do not end the string.
    if (next == '\0' || next == '\n' || next == '\r' || !isAscii(next))
        ++m_cursor;
    else
        m_cursor += 2;
}

Token Lexer::lexRawString(const char *start, SourcePosition begin)
{
    const char quote = m_cursor[1];
    m_cursor += 2;
    for (;;) {
        while (m_cursor != m_end && !(classOf(*m_cursor) & StringStop))
            ++m_cursor;
        if (m_cursor == m_end)
            break;
        const char c = *m_cursor;
        if (c == quote) {
            ++m_cursor;
            return makeToken(TokenKind::RawString, start, begin);
        }
        if (c == '\n') {
            startLine(m_cursor);
            ++m_cursor;
        } else if (isAscii(c)) {
            ++m_cursor;
        } else {
            consumeNonAscii();
        }
    }
    // Pointing at the opening r" rather than at the whole rest of the file.
    report(twoCharacterOpener(begin), MessageId::UnterminatedRawString,
        {{"quote", std::string(1, quote)}});
    return makeToken(TokenKind::RawString, start, begin);
}

Token Lexer::lexLineComment(const char *start, SourcePosition begin, TokenKind kind)
{
    ++m_cursor;
    for (;;) {
        while (m_cursor != m_end && !(classOf(*m_cursor) & LineCommentStop))
            ++m_cursor;
        if (m_cursor == m_end || *m_cursor == '\n')
            break;
        consumeNonAscii();
    }
    // The '\r' of a "\r\n" is the line break's, not the comment's.
    if (m_cursor != m_end && m_cursor[-1] == '\r')
        --m_cursor;
    return makeToken(kind, start, begin);
}

Token Lexer::lexBlockComment(const char *start, SourcePosition begin)
{
    m_cursor += 2;
    for (;;) {
        while (m_cursor != m_end && !(classOf(*m_cursor) & BlockCommentStop))
            ++m_cursor;
        if (m_cursor == m_end)
            break;
        if (*m_cursor == '*') {
            ++m_cursor;
            if (m_cursor != m_end && *m_cursor == '/') {
                ++m_cursor;
                return makeToken(TokenKind::BlockComment, start, begin);
            }
        } else if (*m_cursor == '\n') {
            startLine(m_cursor);
            ++m_cursor;
        } else {
            consumeNonAscii();
        }
    }
    report(twoCharacterOpener(begin), MessageId::UnterminatedBlockComment);
    return makeToken(TokenKind::BlockComment, start, begin);
}

// A run of characters that start no token: one Error token, one diagnostic. The run stops at
// whitespace, at anything that starts a token and at ill-formed UTF-8 (which has its own code).
Token Lexer::lexUnexpected(const char *start, SourcePosition begin)
{
    while (m_cursor != m_end) {
        const char c = *m_cursor;
        if (isAscii(c)) {
            const bool loneBang = c == '!' && (m_cursor + 1 == m_end || m_cursor[1] != '=');
            if (!(classOf(c) & Unexpected) && !loneBang)
                break;
            ++m_cursor;
            continue;
        }
        const utf8::DecodeResult r =
            utf8::decode(std::string_view(m_cursor, static_cast<std::size_t>(m_end - m_cursor)));
        if (!r.valid)
            break;
        m_cursor += r.length;
        m_lineExtraBytes += r.length - 1u;
    }
    if (m_cursor == start)
        ++m_cursor; // unreachable by construction; guarantees progress all the same
    const Token token = makeToken(TokenKind::Error, start, begin);
    UnexpectedMessage unexpected = unexpectedMessage(token.text);
    report(token.range, unexpected.message, std::move(unexpected.arguments), unexpected.hint);
    return token;
}

Token Lexer::lexInvalidUtf8(const char *start, SourcePosition begin)
{
    consumeInvalidUtf8();
    return makeToken(TokenKind::Error, start, begin);
}

void Lexer::consumeNonAscii()
{
    const utf8::DecodeResult r =
        utf8::decode(std::string_view(m_cursor, static_cast<std::size_t>(m_end - m_cursor)));
    if (!r.valid) {
        consumeInvalidUtf8();
        return;
    }
    m_cursor += r.length;
    m_lineExtraBytes += r.length - 1u;
}

// Consumes a run of ill-formed UTF-8 (the cursor is on its first byte) and reports it once.
void Lexer::consumeInvalidUtf8()
{
    const char *start = m_cursor;
    const SourcePosition begin = position();
    while (m_cursor != m_end && !isAscii(*m_cursor)) {
        const utf8::DecodeResult r =
            utf8::decode(std::string_view(m_cursor, static_cast<std::size_t>(m_end - m_cursor)));
        if (r.valid)
            break;
        m_cursor += r.length;
        m_lineExtraBytes += r.length - 1u; // each maximal subpart is one column
    }
    const std::string_view bytes(start, static_cast<std::size_t>(m_cursor - start));
    report({begin, position()},
        bytes.size() == 1 ? MessageId::InvalidUtf8Byte : MessageId::InvalidUtf8Bytes,
        {{"bytes", invalidUtf8Bytes(bytes)}});
}

LexResult tokenize(std::string_view source, LexerOptions options)
{
    Lexer lexer(source, std::move(options));
    LexResult result;
    // Contract text averages a token every 8 to 9 bytes: one reservation covers denser text.
    result.tokens.reserve(source.size() / 6 + 16);
    for (;;) {
        result.tokens.push_back(lexer.next());
        if (result.tokens.back().kind == TokenKind::EndOfFile)
            break;
    }
    result.diagnostics = lexer.takeDiagnostics();
    return result;
}

} // namespace llmcl::engine
