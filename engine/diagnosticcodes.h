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
// | E1101 | unexpectedToken           | the parser expected something else (names both)        |
// | E1102 | unclosedDelimiter         | a ( [ { or a contract body is never closed             |
// | E1103 | nestingTooDeep            | expressions nested deeper than the parser's limit      |
// | E1104 | tooManyDiagnostics        | a file produced more diagnostics than the cap; the     |
// |       |                           | rest are dropped (a note, once, at the last one)       |
// | E2001 | unknownFunction           | a call of no built-in (fix-it: the nearest name)       |
// | E2002 | wrongArity                | too few or too many arguments                          |
// | E2003 | argumentType              | a literal argument of a type the built-in refuses      |
// | E2004 | invalidRegex              | a literal pattern PCRE2 refuses (its message, offset)  |
// | E2005 | optionNotAllowed          | a clause option the clause kind does not take, or an   |
// |       |                           | unknown clause option                                  |
// | E2006 | duplicateContract         | two loaded contracts with the same name                |
// | E2007 | invalidOptionValue        | a bad severity, priority, strategy, confidence, tags,  |
// |       |                           | window_size or message value                           |
// | E2008 | unknownBase               | `extends X` where no contract X is loaded              |
// | E2009 | importNotFound            | `import x` where no x.llmcl exists in the search path  |
// | E2010 | importNameNotFound        | `from x import Y` where x has no contract Y            |
// | E2011 | importCycle               | a file imports itself, directly or not                 |
// | E2012 | parameterNotLiteral       | a header parameter whose value is not a literal        |
// | E2013 | temporalOutsideTemporal   | always/eventually/next/within/until/since outside a    |
// |       |                           | `temporal` clause                                      |
// | E2014 | inheritanceCycle          | `extends` chains that loop, or that are more than 64   |
// |       |                           | bases deep (limits.h)                                  |
// | E2015 | unknownKeywordArgument    | `f(x, nope = 1)`, or a keyword given twice             |
// | E2016 | fileNotReadable           | a contract file given to compile cannot be read        |
// | E2017 | invalidMatchGroupUse      | match_group outside auto_fix                           |
// | W2001 | unknownName               | an identifier that is no variable, parameter or known  |
// |       |                           | context key (an `error` verdict at run time)           |
// | W2002 | repeatedOption            | a clause or header option given twice (the last wins)  |
// | W2003 | constantCondition         | a clause whose condition is a constant                 |
// | E3001 | contradictoryClauses      | two clauses no text can satisfy both, resolved by      |
// |       |                           | fail_on_conflict (range: the later clause; related:    |
// |       |                           | the earlier), LANGUAGE.md §11                          |
// | E3002 | contradictoryMerge        | the same under conflict_resolution = merge             |
// | W3001 | conflictSuppressed        | a contradiction resolved by suppressing one clause     |
// |       |                           | (priority, first_wins, last_wins, the restrictive      |
// |       |                           | strategies' fallback)                                  |
// | W3002 | redundantClause           | a clause implied by another (a looser same-direction   |
// |       |                           | bound, a duplicate), suppressed or not by the strategy |
namespace llmcl::engine::codes {

inline constexpr std::string_view unexpectedCharacter = "E1001";
inline constexpr std::string_view unterminatedString = "E1002";
inline constexpr std::string_view unterminatedBlockComment = "E1003";
inline constexpr std::string_view invalidEscape = "E1004";
inline constexpr std::string_view invalidUtf8 = "E1005";
inline constexpr std::string_view integerOutOfRange = "E1006";
inline constexpr std::string_view malformedNumber = "E1007";
inline constexpr std::string_view unexpectedToken = "E1101";
inline constexpr std::string_view unclosedDelimiter = "E1102";
inline constexpr std::string_view nestingTooDeep = "E1103";
inline constexpr std::string_view tooManyDiagnostics = "E1104";
inline constexpr std::string_view unknownFunction = "E2001";
inline constexpr std::string_view wrongArity = "E2002";
inline constexpr std::string_view argumentType = "E2003";
inline constexpr std::string_view invalidRegex = "E2004";
inline constexpr std::string_view optionNotAllowed = "E2005";
inline constexpr std::string_view duplicateContract = "E2006";
inline constexpr std::string_view invalidOptionValue = "E2007";
inline constexpr std::string_view unknownBase = "E2008";
inline constexpr std::string_view importNotFound = "E2009";
inline constexpr std::string_view importNameNotFound = "E2010";
inline constexpr std::string_view importCycle = "E2011";
inline constexpr std::string_view parameterNotLiteral = "E2012";
inline constexpr std::string_view temporalOutsideTemporal = "E2013";
inline constexpr std::string_view inheritanceCycle = "E2014";
inline constexpr std::string_view unknownKeywordArgument = "E2015";
inline constexpr std::string_view fileNotReadable = "E2016";
inline constexpr std::string_view invalidMatchGroupUse = "E2017";
inline constexpr std::string_view unknownName = "W2001";
inline constexpr std::string_view repeatedOption = "W2002";
inline constexpr std::string_view constantCondition = "W2003";
inline constexpr std::string_view contradictoryClauses = "E3001";
inline constexpr std::string_view contradictoryMerge = "E3002";
inline constexpr std::string_view conflictSuppressed = "W3001";
inline constexpr std::string_view redundantClause = "W3002";

} // namespace llmcl::engine::codes
