// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/ast.h"
#include "engine/diagnostic.h"
#include "engine/strategies.h"
#include "engine/turnresult.h"
#include "engine/value.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace llmcl::engine {

// A contract's header, interpreted (LANGUAGE.md §2). Parameters keep their expressions;
// constantValue() gives their values.
struct ContractSettings
{
    int priority = 50;
    std::string priorityName = "medium";
    ConflictResolution resolution = ConflictResolution::FailOnConflict;
    FixStrategy fixStrategy = FixStrategy::FirstFix;
    std::string description;
    std::vector<const ContractOption *> parameters; // the last of a repeated name wins
};

// Reads a contract header. Problems (bad values, repeated options, non-literal parameters) go
// to `diagnostics` when it is not null; the settings fall back to the defaults for them.
ContractSettings readContractSettings(
    const Contract &contract, const std::string &file, std::vector<Diagnostic> *diagnostics);

// `window_size` of ensure_prob.
inline constexpr std::int64_t kWindowSession = -1;
inline constexpr std::int64_t kWindowGlobal = -2;

// A clause's options, interpreted (LANGUAGE.md §3).
struct ClauseSettings
{
    ClauseSeverity severity = ClauseSeverity::Error;
    std::optional<std::string> message;
    const Expr *autoFix = nullptr;
    const Expr *confidence = nullptr;
    std::vector<std::string> tags;
    std::int64_t windowSize = 100; // or kWindowSession / kWindowGlobal
};

ClauseSettings readClauseSettings(
    const Clause &clause, const std::string &file, std::vector<Diagnostic> *diagnostics);

// The value of a literal expression (null, bool, numbers, strings, lists and maps of
// literals), or nullopt when `expr` is not one.
std::optional<Value> constantValue(const Expr &expr);

// The names every clause sees (LANGUAGE.md §5), and `match_group` inside auto_fix.
bool isTurnVariable(std::string_view name) noexcept;

// What the checker needs to know beyond one file.
struct CheckEnvironment
{
    // Parameter names visible in a contract, its bases' included.
    std::function<std::set<std::string, std::less<>>(const Contract &)> parametersOf;
    const std::set<std::string, std::less<>> *knownContextKeys = nullptr;
};

// Checks the clauses and headers of one parsed file: names, built-in calls (arity, keyword
// arguments, literal argument types, regex literals compiled with PCRE2), clause options for
// the clause kind, option values, temporal operators outside temporal clauses. Appends the
// diagnostics. Thread-safe (pure).
void checkFile(const SourceFile &file, const CheckEnvironment &environment,
    std::vector<Diagnostic> &diagnostics);

// The closest of `candidates` to `word` within a small edit distance, or empty: the
// "did you mean …?" of diagnostics and completion.
std::string_view closestMatch(
    std::string_view word, const std::vector<std::string_view> &candidates);

} // namespace llmcl::engine
