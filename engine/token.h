// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/sourcelocation.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace llmcl::engine {

// Every kind of token of LLMCL 1.1. The groups are contiguous so that the is*() helpers below
// are range checks; keep them so when adding kinds.
//
// Only the words below are reserved. Clause option names (message, severity, auto_fix,
// confidence, tags, window_size), contract header options (priority, conflict_resolution, …),
// their values (critical, best_fix, …), `session`/`global` and the built-in functions are
// context-sensitive: the lexer returns them as Identifier and the parser decides, so they stay
// usable as context keys and parameter names. Keywords are case-sensitive (`True` is an
// identifier).
enum class TokenKind : std::uint8_t
{
    EndOfFile,
    Error, // bad input (unexpected characters, ill-formed UTF-8, malformed numbers); reported

    // Trivia: returned so that a formatter can keep them, skipped by the parser.
    LineComment, // `// …` up to the end of the line, "\r\n" excluded
    HashComment, // `# …`, likewise
    BlockComment, // `/* … */`, not nested

    Identifier, // [A-Za-z_][A-Za-z0-9_]*
    Integer, // 42, 0x2A, 0o52, 0b101010, 1_000
    Float, // 1.5, .5, 1., 2e-3, 1E+10, 1_000.5
    String, // "…" or '…', with escapes
    RawString, // r"…" or r'…', no escapes, may span lines

    KwContract,
    KwImport,
    KwFrom,
    KwExtends,
    KwRequire,
    KwEnsure,
    KwEnsureProb,
    KwTemporal,
    KwIf,
    KwThen,
    KwElse,
    KwAnd,
    KwOr,
    KwNot,
    KwIn,
    KwImplies,
    KwAlways,
    KwEventually,
    KwNext,
    KwWithin,
    KwUntil,
    KwSince,
    KwTrue,
    KwFalse,
    KwNull,

    LeftParen, // (
    RightParen, // )
    LeftBracket, // [
    RightBracket, // ]
    LeftBrace, // {
    RightBrace, // }
    Comma, // ,
    Dot, // .
    Colon, // :
    Assign, // =
    EqualEqual, // ==
    NotEqual, // !=
    Less, // <
    LessEqual, // <=
    Greater, // >
    GreaterEqual, // >=
    Plus, // +
    Minus, // -
    Star, // *
    Slash, // /
    Percent, // %
};

inline constexpr std::size_t tokenKindCount = static_cast<std::size_t>(TokenKind::Percent) + 1;

constexpr bool isComment(TokenKind kind) noexcept
{
    return kind >= TokenKind::LineComment && kind <= TokenKind::BlockComment;
}

constexpr bool isKeyword(TokenKind kind) noexcept
{
    return kind >= TokenKind::KwContract && kind <= TokenKind::KwNull;
}

constexpr bool isPunctuation(TokenKind kind) noexcept
{
    return kind >= TokenKind::LeftParen && kind <= TokenKind::Percent;
}

constexpr bool isStringLiteral(TokenKind kind) noexcept
{
    return kind == TokenKind::String || kind == TokenKind::RawString;
}

constexpr bool isNumberLiteral(TokenKind kind) noexcept
{
    return kind == TokenKind::Integer || kind == TokenKind::Float;
}

// The enumerator's name ("KwEnsureProb", "LessEqual"): stable, for token dumps and tests.
std::string_view tokenKindName(TokenKind kind) noexcept;

// The fixed source text of a keyword or punctuation kind ("ensure_prob", "<="); empty for the
// kinds whose text varies (identifiers, literals, comments, Error, EndOfFile).
std::string_view tokenKindSpelling(TokenKind kind) noexcept;

// How a message names the kind: "'ensure_prob'", "'<='", "identifier", "string literal",
// "end of file".
std::string_view tokenKindDescription(TokenKind kind) noexcept;

// The keyword kind spelt `word`, or TokenKind::Identifier when `word` is no keyword.
TokenKind keywordKind(std::string_view word) noexcept;

// One token. A small trivially copyable value (no allocation, pass it by value); `text` views
// the lexed source, which must outlive the token. text == source.substr(range.begin.offset,
// range.length()) always holds.
struct Token
{
    TokenKind kind = TokenKind::EndOfFile;
    SourceRange range;
    std::string_view text;

    constexpr bool is(TokenKind k) const noexcept { return kind == k; }
};

} // namespace llmcl::engine
