// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/token.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>

// The one table of the language's context-sensitive words (LANGUAGE.md §2, §3): clause
// keywords, clause and header option names and the words their values take. The parser,
// checker, formatter and language service all read it, so that a new option is added in one
// place. Documentation of the words (hover, completion) stays with the language service, which
// checks at compile time that it documents exactly these words.

namespace llmcl::engine {

enum class ClauseKind : std::uint8_t;

namespace keywords {

// `require`, `ensure`, `ensure_prob`, `temporal`: the tokens that open a clause.
constexpr bool isClauseKeyword(TokenKind kind) noexcept
{
    return kind == TokenKind::KwRequire || kind == TokenKind::KwEnsure
        || kind == TokenKind::KwEnsureProb || kind == TokenKind::KwTemporal;
}

// Identifiers that open a clause option when a ':' follows them (LANGUAGE.md §3). They are not
// reserved, so a context key may share the name. Lower case; option names are case-sensitive.
inline constexpr std::array<std::string_view, 6> clauseOptions = {
    "message", "severity", "auto_fix", "confidence", "tags", "window_size"};

// Contract header options (LANGUAGE.md §2); compared after lower-casing. `resolution` is an
// alias of `conflict_resolution`. Any other name is a parameter.
inline constexpr std::array<std::string_view, 5> headerOptions = {
    "priority", "conflict_resolution", "fix_strategy", "description", "resolution"};

// The values of `severity`, in ClauseSeverity order.
inline constexpr std::array<std::string_view, 4> severities = {
    "critical", "error", "warning", "info"};
// The values of `priority`, highest first (100, 75, 50, 25).
inline constexpr std::array<std::string_view, 4> priorities = {"critical", "high", "medium", "low"};
// The values of `conflict_resolution`, in the order diagnostics list them.
inline constexpr std::array<std::string_view, 6> resolutions = {"first_wins", "last_wins",
    "most_restrictive", "least_restrictive", "merge", "fail_on_conflict"};
// The values of `fix_strategy`, in FixStrategy order.
inline constexpr std::array<std::string_view, 3> strategies = {
    "first_fix", "all_fixes", "best_fix"};
// The bare words `window_size` takes besides a number.
inline constexpr std::array<std::string_view, 2> windows = {"session", "global"};
// The names a clause's expression reads its turn from (LANGUAGE.md §5); an auto_fix also has
// `match_group`.
inline constexpr std::array<std::string_view, 8> turnVariables = {"content", "response", "context",
    "turn_number", "conversation_length", "prev_content", "prev_response", "history"};

template<std::size_t N>
constexpr bool contains(const std::array<std::string_view, N> &words, std::string_view word)
{
    return std::find(words.begin(), words.end(), word) != words.end();
}

constexpr bool isClauseOption(std::string_view name) noexcept
{
    return contains(clauseOptions, name);
}

constexpr bool isHeaderOption(std::string_view loweredName) noexcept
{
    return contains(headerOptions, loweredName);
}

// Whether a clause of `kind` takes option `name` (a known clause option): window_size only on
// ensure_prob, auto_fix and confidence on every kind but ensure_prob.
bool isClauseOptionAllowed(std::string_view name, ClauseKind kind) noexcept;

} // namespace keywords

} // namespace llmcl::engine
