// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/ast.h"
#include "engine/checker.h"
#include "engine/diagnostic.h"
#include "engine/sourcelocation.h"
#include "engine/turnresult.h"
#include "engine/value.h"

#include <cstddef>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <vector>

// Static conflict detection and resolution between the clauses of a loaded contract set
// (LANGUAGE.md §11). docs/language-decisions.md, "Conflicts", lists the detection rules, the
// resolution table and the decisions taken where §11 is silent.

namespace llmcl::engine {

// One clause of the loaded set, as the compiler sees it. The pointers are borrowed: the AST and
// the parameter map must outlive the call to analyseConflicts() (not its result, which owns
// everything it holds).
struct ConflictClause
{
    std::string id; // "Contract#n"; two inputs with the same id are the same clause (a base
                    // clause running for two contracts) and are never compared
    std::string contract; // the active contract it runs for
    std::size_t contractOrder = 0; // load order of that contract (0 = loaded first)
    int priority = 50; // 100 critical, 75 high, 50 medium, 25 low
    ConflictResolution resolution = ConflictResolution::FailOnConflict; // its contract's
    // Only require against require and ensure against ensure are compared; ensure_prob and
    // temporal clauses are ignored.
    ClauseKind kind = ClauseKind::Ensure;
    const Expr *condition = nullptr; // may be null: the clause is ignored
    std::string file;
    SourceRange range; // the clause, in its file
    // The parameter values of the contract it runs for (bases' included), so that
    // `len(content) <= max_input` compares with 4000; may be null.
    const std::map<std::string, Value, std::less<>> *parameters = nullptr;
};

// A conflict between two clauses, and how it was resolved.
struct ConflictFinding
{
    std::string kind; // "length", "contains", "equality", "prefix" or "suffix"
    // true: no text satisfies both; false: one makes the other redundant (it is implied).
    bool contradiction = false;
    // Indices into the input; `first` comes before `second` in evaluation order (priority,
    // highest first, then contractOrder, then input order).
    std::size_t first = 0;
    std::size_t second = 0;
    // Redundancies only: the index of the implied (looser) clause, `first` or `second`.
    std::size_t redundant = 0;
    // The rule that decided: "priority" (different priorities across contracts), or the
    // governing contract's strategy: "first_wins", "last_wins", "most_restrictive",
    // "least_restrictive", "merge", "fail_on_conflict".
    std::string resolution;
    std::vector<std::size_t> suppressed; // indices suppressed by this finding (may be empty)
    bool error = false; // unresolvable: the set does not compile
    // One line for people: "len(response) < 50 and len(response) > 100 cannot both hold".
    std::string explanation;
};

struct ConflictAnalysis
{
    // In processing order: by evaluation position of `first`, then of `second`.
    std::vector<ConflictFinding> findings;
    // One per finding, same order: E3001/E3002 errors (a contradiction under fail_on_conflict
    // or merge), W3001 (a contradiction resolved by suppressing a clause) or W3002 (a
    // redundancy). Range and file: the second clause; related: the first ("the other clause").
    std::vector<Diagnostic> diagnostics;
    // Per input clause: empty when active, else why it is suppressed, e.g.
    // "suppressed: conflicts with Contract1#1 (priority high > low)".
    std::vector<std::string> suppressionReason;
    // The findings in the shape of turnresult.h (clause ids first then second, resolution,
    // suppressed ids).
    std::vector<ConflictRecord> records;

    bool hasErrors() const noexcept;
    bool isSuppressed(std::size_t clause) const noexcept
    {
        return clause < suppressionReason.size() && !suppressionReason[clause].empty();
    }
};

// Detects the conflicts between `clauses` (within and across contracts) and resolves them per
// LANGUAGE.md §11. Give each contract's clauses in their evaluation order (base clauses first,
// then source order); contracts may come in any order, contractOrder orders them.
// Deterministic: the same input gives the same output. Cost: linear in the number of clauses
// plus quadratic in the number of constraints on one subject (constraints are bucketed by phase
// and subject, so unrelated clauses are never compared). Thread-safe (pure).
ConflictAnalysis analyseConflicts(std::span<const ConflictClause> clauses);

// "critical", "high", "medium", "low" for 100, 75, 50, 25; the number otherwise.
std::string priorityLabel(int priority);

} // namespace llmcl::engine
