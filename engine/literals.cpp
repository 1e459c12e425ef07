// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/literals.h"

#include "engine/ascii.h"
#include "engine/utf8.h"

#include <array>
#include <charconv>
#include <limits>
#include <system_error>

namespace llmcl::engine {

namespace {

using ascii::hexValue;

bool isDecimalDigit(char c) noexcept
{
    return c >= '0' && c <= '9';
}

int digitValue(char c, int base) noexcept
{
    const int value = hexValue(c);
    return value < base ? value : -1;
}

// Appends text to out with ill-formed UTF-8 replaced by U+FFFD; "\r\n" becomes "\n" when
// normaliseLineBreaks.
void appendSanitized(std::string &out, std::string_view text, bool normaliseLineBreaks)
{
    while (!text.empty()) {
        std::size_t valid = utf8::validPrefixLength(text);
        if (normaliseLineBreaks) {
            const std::size_t crlf = text.substr(0, valid).find("\r\n");
            if (crlf != std::string_view::npos) {
                out.append(text.substr(0, crlf));
                out += '\n';
                text.remove_prefix(crlf + 2);
                continue;
            }
        }
        out.append(text.substr(0, valid));
        text.remove_prefix(valid);
        if (text.empty())
            break;
        text.remove_prefix(utf8::decode(text).length);
        utf8::append(out, utf8::replacementCharacter);
    }
}

std::string decodeRaw(std::string_view literal)
{
    // r"…": drop the prefix and the quotes. A raw literal ends at its first closing quote, so a
    // quote at the end is the closing one unless the literal is just r" (unterminated).
    std::string_view body = literal.substr(2);
    if (!body.empty() && body.back() == literal[1])
        body.remove_suffix(1);
    std::string out;
    out.reserve(body.size());
    appendSanitized(out, body, true);
    return out;
}

std::string decodeQuoted(std::string_view literal)
{
    const char quote = literal[0];
    std::string_view rest = literal.substr(1);
    std::string out;
    out.reserve(rest.size());
    while (!rest.empty()) {
        std::size_t plain = 0;
        while (plain < rest.size() && rest[plain] != '\\' && rest[plain] != quote)
            ++plain;
        appendSanitized(out, rest.substr(0, plain), false);
        rest.remove_prefix(plain);
        if (rest.empty() || rest[0] == quote)
            break; // the closing quote (or an unterminated literal's end)
        if (rest.size() == 1) {
            out += '\\';
            break;
        }
        switch (rest[1]) {
        case '\\':
        case '"':
        case '\'':
            out += rest[1];
            rest.remove_prefix(2);
            break;
        case 'n':
            out += '\n';
            rest.remove_prefix(2);
            break;
        case 't':
            out += '\t';
            rest.remove_prefix(2);
            break;
        case 'r':
            out += '\r';
            rest.remove_prefix(2);
            break;
        case 'u': {
            const detail::UnicodeEscape escape = detail::parseUnicodeEscape(rest);
            utf8::append(out, escape.valid ? escape.codePoint : utf8::replacementCharacter);
            rest.remove_prefix(escape.length);
            break;
        }
        default:
            // An unknown escape keeps its backslash: "\d" is the regex \d. The character after
            // it is copied by the next round (it may be multi-byte, or a quote-less newline).
            out += '\\';
            rest.remove_prefix(1);
            break;
        }
    }
    return out;
}

// For a decimal float literal too large or too small for a double: the decimal exponent of
// its leading significant digit, enough to tell overflow (> 0) from underflow (<= 0), since
// from_chars reports both the same way.
bool overflows(std::string_view digits) noexcept
{
    long long order = 0;
    std::size_t i = 0;
    bool significant = false;
    while (i < digits.size() && isDecimalDigit(digits[i])) {
        if (digits[i] != '0' || significant) {
            significant = true;
            ++order;
        }
        ++i;
    }
    if (i < digits.size() && digits[i] == '.') {
        ++i;
        while (!significant && i < digits.size() && digits[i] == '0') {
            --order;
            ++i;
        }
        while (i < digits.size() && isDecimalDigit(digits[i]))
            ++i;
    }
    if (i < digits.size() && (digits[i] == 'e' || digits[i] == 'E')) {
        ++i;
        const bool negative = i < digits.size() && digits[i] == '-';
        if (i < digits.size() && (digits[i] == '-' || digits[i] == '+'))
            ++i;
        long long exponent = 0;
        for (; i < digits.size() && isDecimalDigit(digits[i]); ++i)
            exponent = std::min(exponent * 10 + (digits[i] - '0'), 1'000'000'000'000LL);
        order += negative ? -exponent : exponent;
    }
    return order > 0;
}

} // namespace

namespace detail {

UnicodeEscape parseUnicodeEscape(std::string_view text) noexcept
{
    const auto hex4 = [](std::string_view t, std::size_t at, std::size_t &digits) {
        char32_t value = 0;
        digits = 0;
        while (digits < 4 && at + digits < t.size()) {
            const int v = hexValue(t[at + digits]);
            if (v < 0)
                break;
            value = (value << 4) | static_cast<char32_t>(v);
            ++digits;
        }
        return value;
    };
    std::size_t digits = 0;
    const char32_t first = hex4(text, 2, digits);
    if (digits < 4)
        return {0, 2 + digits, false, false};
    if (first >= 0xDC00 && first <= 0xDFFF)
        return {first, 6, false, true};
    if (first < 0xD800 || first > 0xDBFF)
        return {first, 6, true, false};
    if (text.size() >= 12 && text[6] == '\\' && text[7] == 'u') {
        const char32_t second = hex4(text, 8, digits);
        if (digits == 4 && second >= 0xDC00 && second <= 0xDFFF)
            return {0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00), 12, true, false};
    }
    return {first, 6, false, true};
}

} // namespace detail

std::string decodeStringLiteral(std::string_view literal)
{
    if (literal.size() >= 2 && literal[0] == 'r' && (literal[1] == '"' || literal[1] == '\''))
        return decodeRaw(literal);
    if (!literal.empty() && (literal[0] == '"' || literal[0] == '\''))
        return decodeQuoted(literal);
    return {};
}

std::string decodeStringLiteral(const Token &token)
{
    return isStringLiteral(token.kind) ? decodeStringLiteral(token.text) : std::string();
}

std::optional<std::int64_t> decodeIntegerLiteral(std::string_view literal) noexcept
{
    int base = 10;
    if (literal.size() >= 2 && literal[0] == '0') {
        switch (literal[1]) {
        case 'x':
        case 'X':
            base = 16;
            break;
        case 'o':
        case 'O':
            base = 8;
            break;
        case 'b':
        case 'B':
            base = 2;
            break;
        default:
            break;
        }
        if (base != 10)
            literal.remove_prefix(2);
    }
    // Digits without '_' and leading zeros: at most 64 for any value in range.
    std::array<char, 64> digits {};
    std::size_t count = 0;
    bool sawDigit = false;
    for (const char c : literal) {
        if (c == '_')
            continue;
        if (digitValue(c, base) < 0)
            return std::nullopt;
        sawDigit = true;
        if (count == 0 && c == '0')
            continue;
        if (count == digits.size())
            return std::nullopt;
        digits[count++] = c;
    }
    if (!sawDigit)
        return std::nullopt;
    if (count == 0)
        return 0; // all zeros
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + count, value, base);
    if (error != std::errc() || end != digits.data() + count)
        return std::nullopt;
    return value;
}

std::optional<std::int64_t> decodeIntegerLiteral(const Token &token) noexcept
{
    if (token.kind != TokenKind::Integer)
        return std::nullopt;
    return decodeIntegerLiteral(token.text);
}

std::optional<double> decodeFloatLiteral(std::string_view literal) noexcept
{
    // from_chars alone would also take "inf", "nan" and a sign.
    if (literal.empty() || !(isDecimalDigit(literal[0]) || literal[0] == '.'))
        return std::nullopt;
    // Digit separators are dropped into a copy; literals with them are short in practice, so
    // the copy lives on the stack unless someone writes a 100-digit float with underscores.
    std::array<char, 128> buffer {};
    std::string heapBuffer;
    std::string_view text = literal;
    if (literal.find('_') != std::string_view::npos) {
        char *out = buffer.data();
        if (literal.size() > buffer.size()) {
            heapBuffer.resize(literal.size());
            out = heapBuffer.data();
        }
        std::size_t count = 0;
        for (const char c : literal) {
            if (c != '_')
                out[count++] = c;
        }
        text = std::string_view(out, count);
    }
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (end != text.data() + text.size())
        return std::nullopt;
    if (error == std::errc::result_out_of_range)
        return overflows(text) ? std::numeric_limits<double>::infinity() : 0.0;
    if (error != std::errc())
        return std::nullopt;
    return value;
}

std::optional<double> decodeFloatLiteral(const Token &token) noexcept
{
    if (token.kind != TokenKind::Float)
        return std::nullopt;
    return decodeFloatLiteral(token.text);
}

} // namespace llmcl::engine
