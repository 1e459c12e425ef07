// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/token.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// The values of literal tokens. The lexer has already reported every problem of a literal
// (E1002, E1004, E1005, E1006, E1007); these functions never report, they only compute the
// value, so a parser calls them without producing duplicate diagnostics. All are pure and
// thread-safe.
namespace llmcl::engine {

// The value of a String or RawString token, as valid UTF-8 (an empty string for other kinds).
//
// - "…" and '…': \\ \" \' \n \t \r and \uXXXX (4 hex digits, either case) are decoded; a high
//   surrogate escape directly followed by a low one (\uD83D\uDE00) is one code point; any
//   other backslash stays, with the character after it ("\d+" is the 3 characters \d+).
//   A malformed \u escape or a lone surrogate becomes U+FFFD.
// - r"…" and r'…': the text between the quotes as written, except that "\r\n" line breaks
//   become "\n" (as Python reads source files), so a value does not depend on the line
//   endings of the file.
// - Ill-formed UTF-8 becomes U+FFFD (one per maximal subpart). An unterminated literal gives
//   the text up to where the token ends.
std::string decodeStringLiteral(const Token &token);

// The same for the source text of a whole literal, quotes (and the r prefix) included.
std::string decodeStringLiteral(std::string_view literal);

// The value of an Integer token (decimal, 0x/0o/0b prefixed, '_' between digits), or
// std::nullopt when it exceeds the signed 64-bit range (the lexer reported E1006), when the
// token is not an Integer or when the text is no integer literal.
std::optional<std::int64_t> decodeIntegerLiteral(const Token &token) noexcept;
std::optional<std::int64_t> decodeIntegerLiteral(std::string_view literal) noexcept;

// The value of a Float token (also accepts the text of a decimal Integer literal). As in
// Python, a literal too large for a double is +infinity and one too small is 0.0; the result
// is correctly rounded (std::from_chars). std::nullopt when the token is not a Float or the
// text is no decimal number literal.
std::optional<double> decodeFloatLiteral(const Token &token) noexcept;
std::optional<double> decodeFloatLiteral(std::string_view literal) noexcept;

namespace detail {

// One \uXXXX escape (or a \uXXXX\uXXXX surrogate pair), shared by the lexer, which reports a
// malformed one, and the decoder, which replaces it.
struct UnicodeEscape
{
    char32_t codePoint = 0; // meaningful when valid
    std::size_t length = 0; // bytes of the escape: 6, 12 for a pair; at least 2 when invalid
    bool valid = false;
    bool loneSurrogate = false; // invalid because it is an unpaired surrogate
};

// `text` starts at the backslash of a "\u".
UnicodeEscape parseUnicodeEscape(std::string_view text) noexcept;

} // namespace detail

} // namespace llmcl::engine
