// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/diagnostic.h"
#include "engine/json.h"
#include "engine/turnresult.h"

#include <memory>
#include <span>
#include <string>
#include <vector>

// The JSON shapes of INTERFACES.md §2, shared by `llmcl eval`, `llmcl replay`, `llmcl check`
// and the exporters, so that every tool spells a result the same way. Each writer writes one
// JSON value (an object, or an array of objects) at the writer's current position: after a
// key inside an object, or as an element of an array, or as the document.
//
// Members appear in the order the specification shows, followed by the extra members listed
// beside each writer. Pure functions; thread-safe as long as each thread has its own writer.

namespace llmcl::engine {

// {"valid", "content", "response" (null without a response), "violations", "fixes",
//  "conflicts", "contracts", "duration_ns"}
void writeTurnResult(JsonWriter &writer, const TurnResult &result);

// {"contract", "clause", "kind", "line", "message", "severity"}, then "status" ("fail" or
// "error": whether the clause failed or could not be evaluated).
void writeViolation(JsonWriter &writer, const Violation &violation);
void writeViolations(JsonWriter &writer, std::span<const Violation> violations);

// {"contract", "clause", "line", "before", "after", "applied", "outcome"}, then "kind",
// "expression", "confidence", "round", "error" (outcome "error" only) and "broken" (outcome
// "broke" only: the ids of the clauses the fix broke).
void writeFix(JsonWriter &writer, const FixRecord &fix);
void writeFixes(JsonWriter &writer, std::span<const FixRecord> fixes);

// {"kind", "clauses", "resolution", "suppressed"}
void writeConflict(JsonWriter &writer, const ConflictRecord &conflict);
void writeConflicts(JsonWriter &writer, std::span<const ConflictRecord> conflicts);

// {"id", "kind", "line", "status", "duration_ns", "values": [{"expr", "value"}]}, then
// "severity", "contract", "file", and "message" when the verdict has one. An operand value is
// written as JSON (writeValue()): NaN and infinities as null.
// With `explainPassing` false (llmcl replay without --explain all), only a clause that fails or
// errs is written with "values" (passing, pending, suppressed and skipped ones without).
void writeClauseVerdict(
    JsonWriter &writer, const ClauseVerdict &verdict, bool explainPassing = true);
void writeClauseVerdicts(JsonWriter &writer, std::span<const ClauseVerdict> verdicts);

// writeClauseVerdict() for a writer of many turns of one compiled set (llmcl replay): the
// members that stay the same from turn to turn (id, kind, line, severity, contract, file) are
// rendered once per clause position and copied after that, as long as the verdict at that
// position holds the same clause record (a pointer comparison; any order of verdicts is
// written correctly, a verdict of another record is rendered afresh). The same JSON as
// writeClauseVerdict(). Not thread-safe.
class ClauseVerdictWriter
{
public:
    // `position`: the verdict's place in the turn (0-based, the set's evaluation order).
    void write(JsonWriter &writer, const ClauseVerdict &verdict, std::size_t position,
        bool explainPassing);

private:
    struct Rendered
    {
        // Kept alive, so that another record cannot take its address while it is compared.
        std::shared_ptr<const ClauseRecord> clause;
        std::string head; // "id", "kind", "line"
        std::string tail; // "severity", "contract", "file"
    };
    std::vector<Rendered> m_clauses;
};

// {"name", "priority", "valid", "clauses"}
void writeContractResult(JsonWriter &writer, const ContractResult &contract);

// {"file", "line", "column", "end_line", "end_column", "severity", "code", "message"}; lines
// and columns 1-based, columns in code points (sourcelocation.h).
void writeDiagnostic(JsonWriter &writer, const Diagnostic &diagnostic);
// {"diagnostics": [...]}: the document `llmcl check --format json` prints.
void writeDiagnostics(JsonWriter &writer, std::span<const Diagnostic> diagnostics);

} // namespace llmcl::engine
