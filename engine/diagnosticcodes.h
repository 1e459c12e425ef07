// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string_view>

// The stable codes of the engine's diagnostics. A code, once published, keeps its meaning
// forever (tools, tests and user documentation refer to it); retired codes are never reused.
// Ranges: E1xxx lexical (E10xx) and syntax, E2xxx names and types, E3xxx conflicts, Wxxxx
// warnings (LANGUAGE.md §12).
//
// | code  | name                      | raised when                                            |
// |-------|---------------------------|--------------------------------------------------------|
// | E1001 | unexpectedCharacter       | a run of characters that cannot start a token outside  |
// |       |                           | strings and comments (e.g. `@`, `;`, a lone `!`, any   |
// |       |                           | non-ASCII character): one diagnostic per run           |
// | E1002 | unterminatedString        | a "…"/'…' string reaches the end of its line or of the |
// |       |                           | file (range: the token); a raw string r"…" reaches the |
// |       |                           | end of the file (range: its opening r")                |
// | E1003 | unterminatedBlockComment  | a /* comment reaches the end of the file (range: /*)   |
// | E1004 | invalidEscape             | \u not followed by 4 hex digits, or a \u escape that   |
// |       |                           | is a lone UTF-16 surrogate (range: the escape)         |
// | E1005 | invalidUtf8               | ill-formed UTF-8 anywhere (range: the exact bytes; one |
// |       |                           | diagnostic per run of consecutive ill-formed bytes)    |
// | E1006 | integerOutOfRange         | an integer literal above 9223372036854775807           |
// | E1007 | malformedNumber           | a number literal that breaks the grammar: `1e`, `0x`,  |
// |       |                           | `1__0`, `1_`, `0123`, `12abc`, `0b102` (range: the     |
// |       |                           | whole malformed literal)                               |
namespace llmcl::engine::codes {

inline constexpr std::string_view unexpectedCharacter = "E1001";
inline constexpr std::string_view unterminatedString = "E1002";
inline constexpr std::string_view unterminatedBlockComment = "E1003";
inline constexpr std::string_view invalidEscape = "E1004";
inline constexpr std::string_view invalidUtf8 = "E1005";
inline constexpr std::string_view integerOutOfRange = "E1006";
inline constexpr std::string_view malformedNumber = "E1007";

} // namespace llmcl::engine::codes
