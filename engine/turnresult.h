// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/ast.h"
#include "engine/sourcelocation.h"
#include "engine/value.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// What evaluating one turn produces: plain movable structs shared by the engine, the tracer,
// the CLI and the GUI (INTERFACES.md §2 names their JSON shapes).

namespace llmcl::engine {

enum class ClauseStatus : std::uint8_t
{
    Pass,
    Fail,
    Error, // the evaluation failed (type error, division by zero, regex limit…): never a pass
    Pending, // temporal and probabilistic clauses not settled yet
    Suppressed, // lost a conflict (LANGUAGE.md §11)
    Skipped, // not evaluated in this phase
};

// "pass", "fail", "error", "pending", "suppressed", "skipped".
std::string_view clauseStatusName(ClauseStatus status) noexcept;

// A clause's `severity:` (LANGUAGE.md §3). Only Critical and Error make a result invalid.
enum class ClauseSeverity : std::uint8_t
{
    Critical,
    Error,
    Warning,
    Info
};

// "critical", "error", "warning", "info".
std::string_view clauseSeverityName(ClauseSeverity severity) noexcept;
constexpr bool invalidates(ClauseSeverity severity) noexcept
{
    return severity == ClauseSeverity::Critical || severity == ClauseSeverity::Error;
}

enum class FixOutcome : std::uint8_t
{
    Fixed, // the clause passes afterwards
    Ineffective, // it still fails
    Broke, // another clause that passed now fails (a fix conflict)
    Error, // the auto_fix expression failed to evaluate
};

// "fixed", "ineffective", "broke", "error".
std::string_view fixOutcomeName(FixOutcome outcome) noexcept;
// The outcome of that name; std::nullopt for any other text.
std::optional<FixOutcome> fixOutcomeFromName(std::string_view name) noexcept;

// One explanation line of a traced clause: a top-level sub-expression and its value, e.g.
// {"len(response)", 12} and {"len(response) >= 20", false}.
struct Explanation
{
    std::string expression; // canonical source text, long string literals elided as "..."
    Value value; // owned values only (safe to keep after the turn's texts are gone)
};

// A traced clause's explanation lines, in evaluation order. Recorded lines are immutable and
// shared, not copied: the validation cache's entry and every verdict served from it hold the
// same lines, so a cache hit with tracing on costs a reference count, not a copy of each line.
class Explanations
{
public:
    Explanations() = default;
    explicit Explanations(std::vector<Explanation> lines)
    {
        if (!lines.empty())
            m_lines = std::make_shared<std::vector<Explanation>>(std::move(lines));
    }

    bool empty() const noexcept { return !m_lines || m_lines->empty(); }
    std::size_t size() const noexcept { return m_lines ? m_lines->size() : 0; }
    const Explanation &operator[](std::size_t i) const { return (*m_lines)[i]; }
    const Explanation *begin() const noexcept { return m_lines ? m_lines->data() : nullptr; }
    const Explanation *end() const noexcept
    {
        return m_lines ? m_lines->data() + m_lines->size() : nullptr;
    }

    // Appends a line; the lines are copied first when others share them.
    void push_back(Explanation line)
    {
        if (!m_lines)
            m_lines = std::make_shared<std::vector<Explanation>>();
        else if (m_lines.use_count() > 1)
            m_lines = std::make_shared<std::vector<Explanation>>(*m_lines);
        m_lines->push_back(std::move(line));
    }
    void clear() noexcept { m_lines.reset(); }

private:
    std::shared_ptr<std::vector<Explanation>> m_lines;
};

// What a verdict says of its clause that no turn changes: one record per clause, made when
// the contract set is compiled and shared by the verdicts of all its turns (copying the id,
// contract and file strings into every verdict of every turn was 5 % of a replayed turn, and
// comparing them to reuse a result cost more string work). Readers of stored runs make one per
// stored clause likewise.
struct ClauseRecord
{
    // Every member has an initializer, so designated initializers may name only some
    // (-Wmissing-field-initializers).
    std::string id {}; // "<Contract>#<n>" (INTERFACES.md §2)
    std::string contract {}; // the active contract the clause runs for
    ClauseKind kind = ClauseKind::Ensure;
    ClauseSeverity severity = ClauseSeverity::Error;
    std::string file {};
    SourceRange range {}; // the clause, in its file
};

// The verdict of one clause on one turn.
struct ClauseVerdict
{
    ClauseVerdict() = default;
    explicit ClauseVerdict(std::shared_ptr<const ClauseRecord> record) noexcept
        : clause(std::move(record))
    { }
    // A verdict of a clause record of its own (verdicts made by hand, tests).
    static ClauseVerdict of(ClauseRecord record)
    {
        return ClauseVerdict(std::make_shared<const ClauseRecord>(std::move(record)));
    }

    // The clause: shared, so a verdict stays valid after its compiled set is gone, and copying
    // a verdict costs a reference count. Verdicts of the same clause of the same compiled set
    // hold the same record, so comparing the pointers tells whether two verdicts are of the same
    // clause without comparing strings. A default-constructed verdict has none and reads as an
    // empty record.
    std::shared_ptr<const ClauseRecord> clause;

    const ClauseRecord &record() const noexcept { return clause ? *clause : kNoRecord; }
    const std::string &id() const noexcept { return record().id; }
    const std::string &contract() const noexcept { return record().contract; }
    ClauseKind kind() const noexcept { return record().kind; }
    ClauseSeverity severity() const noexcept { return record().severity; }
    const std::string &file() const noexcept { return record().file; }
    const SourceRange &range() const noexcept { return record().range; }

    ClauseStatus status = ClauseStatus::Skipped;
    std::int64_t durationNs = 0;
    // For Fail: the clause's message (or one generated from the expression); for Error: what
    // went wrong; empty for Pass.
    std::string message;
    SourceRange errorRange; // Error: the sub-expression that failed
    Explanations values; // only when tracing is on

    // ensure_prob (LANGUAGE.md §8): this turn's result and the window after it.
    struct Window
    {
        bool held = false; // whether the condition held on this turn (an error counts as not)
        double target = 0.0; // p
        double rate = 0.0; // successes / results in the window
        std::uint64_t results = 0; // results in the window
        std::int64_t size = 0; // N, or kWindowSession (-1) / kWindowGlobal (-2)
    };
    std::optional<Window> window;

    // temporal (LANGUAGE.md §7): the monitor after this turn.
    struct Temporal
    {
        std::int64_t settledAt = 0; // the turn that settled the clause; 0 while pending
        std::vector<std::string> obligations; // open obligations, readable
        std::string residual; // what is left to prove, printed
    };
    std::optional<Temporal> temporal;

private:
    static inline const ClauseRecord kNoRecord {};
};

// A violation that remains after fixing (all failures when fixing is off).
struct Violation
{
    std::string contract;
    std::string clause; // id
    ClauseKind kind = ClauseKind::Ensure;
    std::uint32_t line = 0;
    std::string message;
    ClauseSeverity severity = ClauseSeverity::Error;
    ClauseStatus status = ClauseStatus::Fail; // Fail or Error
};

// One auto_fix applied during a turn (LANGUAGE.md §10).
struct FixRecord
{
    std::string contract;
    std::string clause; // id
    ClauseKind kind = ClauseKind::Ensure; // Require fixes rewrite content, the others response
    std::uint32_t line = 0;
    std::string expression; // the auto_fix expression's source text
    std::string before;
    std::string after;
    double confidence = 1.0;
    bool applied = false; // false when the fix errored or its confidence was below threshold
    FixOutcome outcome = FixOutcome::Ineffective;
    std::string error; // outcome Error: why
    std::vector<std::string> broken; // outcome Broke: the clauses it broke
    int round = 1; // 1-based re-validation round
};

// A static conflict between two clauses (LANGUAGE.md §11; detection arrives with issue 4).
struct ConflictRecord
{
    std::string kind; // "length", "contains", "equality", "prefix", …
    std::vector<std::string> clauses;
    std::string resolution; // "priority", "first_wins", …
    std::vector<std::string> suppressed;
};

struct ContractResult
{
    std::string name;
    std::string priority; // "critical", "high", "medium", "low"
    bool valid = true;
    std::vector<ClauseVerdict> clauses; // in evaluation order
};

struct TurnResult
{
    bool valid = true;
    std::string content; // after input-phase fixes
    std::optional<std::string> response; // after output-phase fixes; nullopt without response
    std::vector<Violation> violations;
    std::vector<FixRecord> fixes;
    std::vector<ConflictRecord> conflicts;
    std::vector<ContractResult> contracts;
    std::int64_t durationNs = 0;
};

} // namespace llmcl::engine
