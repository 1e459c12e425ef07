// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>

// Every bound the engine puts on a contract or on the work of evaluating it, in one place.
// docs/language-decisions.md ("Limits") lists them with what happens past each; a change here
// changes that table.

namespace llmcl::engine::limits {

// Syntax trees: at most this many levels. Each recursive rule entered by the parser counts one
// level (parentheses, calls, subscripts, `not`, unary minus), and the finished expression may be
// at most this tall, counting every operator of an arithmetic, member, index or call chain; a
// chain of `and`, `or` or comparisons is one node whatever its length. Past it: E1103. Every
// later stage (checker, compiler, evaluator, printer, conflicts, temporal monitor) walks trees
// recursively; this bound keeps them within a 512 KiB thread stack.
inline constexpr int kNestingDepth = 200;

// `extends` chains: a contract may have at most this many bases above it (its base, the base's
// base, …). Past it: E2014 at the `extends` of the first contract that is too deep. Chains are
// resolved once per contract in linear time; the bound keeps every later walk up a chain (the
// checker's parameters, the language service's hover and parameter lists, the compiler's base
// clauses) short, and no real contract hierarchy comes near it.
inline constexpr int kInheritanceDepth = 64;

// Diagnostics per file (lexer and parser together, and again for the checker); then one E1104.
inline constexpr std::size_t kDiagnosticsPerFile = 100;

// `window_size: N` of an `ensure_prob` clause: N at most this (E2007 past it). A window holds
// one byte per result seen, up to N, so memory grows with the results, never with N up front.
inline constexpr std::int64_t kWindowSize = 10'000'000;

// Strings and lists built while evaluating (`+`, `*`, join, replace, regex_replace, upper and
// lower, list concatenation and repetition): a result larger than this is a clause error
// ("… result too large (over 16 MiB)"), checked before anything is allocated. Texts given to
// the engine (content, response, context) and list literals of the contract are not limited
// here.
inline constexpr std::size_t kStringBytes = 16u * 1024 * 1024;
inline constexpr std::size_t kListItems = 1024u * 1024;

// Regular expressions. One PCRE2 call may take at most kRegexCallSteps steps of PCRE2's match
// limit (catastrophic backtracking ends there); all the calls of one clause evaluation together
// (a find_all or regex_replace calls PCRE2 once per match) at most kRegexClauseSteps. A call is
// first tried with kRegexProbeSteps, then with kRegexCallSteps, and is charged the limit it
// finished under (plus the tries that ran out), so the charge is deterministic: the same text
// gives the same verdict on any machine. Tries: kRegexProbeSteps, then 32 times more each
// time up to a call's limit (32, 1,024, 32,768, 1,048,576); most calls finish under the first.
inline constexpr std::uint32_t kRegexProbeSteps = 32;
inline constexpr std::uint32_t kRegexCallSteps = 1'048'576;
inline constexpr std::uint64_t kRegexClauseSteps = 200'000'000;

} // namespace llmcl::engine::limits
