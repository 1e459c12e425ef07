// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/resultjson.h"

#include "engine/ast.h"
#include "engine/checker.h"

namespace llmcl::engine {

namespace {

void writeStrings(JsonWriter &writer, std::span<const std::string> strings)
{
    writer.beginArray();
    for (const std::string &s : strings)
        writer.string(s);
    writer.endArray();
}

} // namespace

void writeTurnResult(JsonWriter &writer, const TurnResult &result)
{
    writer.beginObject();
    writer.member("valid", result.valid);
    writer.member("content", result.content);
    writer.key("response");
    if (result.response)
        writer.string(*result.response);
    else
        writer.null();
    writer.key("violations");
    writeViolations(writer, result.violations);
    writer.key("fixes");
    writeFixes(writer, result.fixes);
    writer.key("conflicts");
    writeConflicts(writer, result.conflicts);
    writer.key("contracts");
    writer.beginArray();
    for (const ContractResult &contract : result.contracts)
        writeContractResult(writer, contract);
    writer.endArray();
    writer.member("duration_ns", result.durationNs);
    writer.endObject();
}

void writeViolation(JsonWriter &writer, const Violation &violation)
{
    writer.beginObject();
    writer.member("contract", violation.contract);
    writer.member("clause", violation.clause);
    writer.member("kind", clauseKindName(violation.kind));
    writer.member("line", violation.line);
    writer.member("message", violation.message);
    writer.member("severity", clauseSeverityName(violation.severity));
    writer.member("status", clauseStatusName(violation.status));
    writer.endObject();
}

void writeViolations(JsonWriter &writer, std::span<const Violation> violations)
{
    writer.beginArray();
    for (const Violation &violation : violations)
        writeViolation(writer, violation);
    writer.endArray();
}

void writeFix(JsonWriter &writer, const FixRecord &fix)
{
    writer.beginObject();
    writer.member("contract", fix.contract);
    writer.member("clause", fix.clause);
    writer.member("line", fix.line);
    writer.member("before", fix.before);
    writer.member("after", fix.after);
    writer.member("applied", fix.applied);
    writer.member("outcome", fixOutcomeName(fix.outcome));
    writer.member("kind", clauseKindName(fix.kind));
    writer.member("expression", fix.expression);
    writer.member("confidence", fix.confidence);
    writer.member("round", fix.round);
    if (fix.outcome == FixOutcome::Error)
        writer.member("error", fix.error);
    if (fix.outcome == FixOutcome::Broke) {
        writer.key("broken");
        writeStrings(writer, fix.broken);
    }
    writer.endObject();
}

void writeFixes(JsonWriter &writer, std::span<const FixRecord> fixes)
{
    writer.beginArray();
    for (const FixRecord &fix : fixes)
        writeFix(writer, fix);
    writer.endArray();
}

void writeConflict(JsonWriter &writer, const ConflictRecord &conflict)
{
    writer.beginObject();
    writer.member("kind", conflict.kind);
    writer.key("clauses");
    writeStrings(writer, conflict.clauses);
    writer.member("resolution", conflict.resolution);
    writer.key("suppressed");
    writeStrings(writer, conflict.suppressed);
    writer.endObject();
}

void writeConflicts(JsonWriter &writer, std::span<const ConflictRecord> conflicts)
{
    writer.beginArray();
    for (const ConflictRecord &conflict : conflicts)
        writeConflict(writer, conflict);
    writer.endArray();
}

namespace {

// The members of a verdict in INTERFACES.md's order, in four parts: the clause's identity
// (id, kind, line), the verdict (status, duration_ns, values), the clause's severity, contract
// and file, then what only some verdicts have. ClauseVerdictWriter renders the first and the
// third once per clause.
void writeIdentityHead(JsonWriter &writer, const ClauseVerdict &verdict)
{
    writer.member("id", verdict.id());
    writer.member("kind", clauseKindName(verdict.kind()));
    writer.member("line", verdict.range().begin.line);
}

void writeIdentityTail(JsonWriter &writer, const ClauseVerdict &verdict)
{
    writer.member("severity", clauseSeverityName(verdict.severity()));
    writer.member("contract", verdict.contract());
    writer.member("file", verdict.file());
}

void writeOutcome(JsonWriter &writer, const ClauseVerdict &verdict, bool explainPassing)
{
    writer.member("status", clauseStatusName(verdict.status));
    writer.member("duration_ns", verdict.durationNs);
    if (explainPassing || verdict.status == ClauseStatus::Fail
        || verdict.status == ClauseStatus::Error) {
        writer.key("values");
        writer.beginArray();
        for (const Explanation &explanation : verdict.values) {
            writer.beginObject();
            writer.member("expr", explanation.expression);
            writer.key("value");
            writeValue(writer, explanation.value);
            writer.endObject();
        }
        writer.endArray();
    }
}

void writeDetails(JsonWriter &writer, const ClauseVerdict &verdict)
{
    if (!verdict.message.empty())
        writer.member("message", verdict.message);
    if (verdict.window) {
        const ClauseVerdict::Window &w = *verdict.window;
        writer.key("window");
        writer.beginObject();
        writer.member("held", w.held);
        writer.member("rate", w.rate);
        writer.member("results", static_cast<std::int64_t>(w.results));
        writer.key("size");
        if (w.size == kWindowSession)
            writer.string("session");
        else if (w.size == kWindowGlobal)
            writer.string("global");
        else
            writer.integer(w.size);
        writer.member("target", w.target);
        writer.endObject();
    }
    if (verdict.temporal) {
        const ClauseVerdict::Temporal &t = *verdict.temporal;
        writer.key("temporal");
        writer.beginObject();
        writer.key("settled_at");
        if (t.settledAt > 0)
            writer.integer(t.settledAt);
        else
            writer.null();
        writer.key("obligations");
        writer.beginArray();
        for (const std::string &o : t.obligations)
            writer.string(o);
        writer.endArray();
        if (!t.residual.empty())
            writer.member("residual", t.residual);
        writer.endObject();
    }
}

// The members `write` writes into an object, as compact JSON without the braces.
template<typename Write>
std::string renderMembers(Write &&write)
{
    JsonWriter members;
    members.beginObject();
    write(members);
    return std::string(members.view().substr(1));
}

} // namespace

void writeClauseVerdict(JsonWriter &writer, const ClauseVerdict &verdict, bool explainPassing)
{
    writer.beginObject();
    writeIdentityHead(writer, verdict);
    writeOutcome(writer, verdict, explainPassing);
    writeIdentityTail(writer, verdict);
    writeDetails(writer, verdict);
    writer.endObject();
}

void ClauseVerdictWriter::write(
    JsonWriter &writer, const ClauseVerdict &verdict, std::size_t position, bool explainPassing)
{
    if (writer.style() != JsonWriter::Style::Compact) {
        writeClauseVerdict(writer, verdict, explainPassing);
        return;
    }
    if (position >= m_clauses.size())
        m_clauses.resize(position + 1);
    Rendered &clause = m_clauses[position];
    if (!clause.clause || clause.clause != verdict.clause) {
        clause = {verdict.clause,
            renderMembers([&](JsonWriter &w) { writeIdentityHead(w, verdict); }),
            renderMembers([&](JsonWriter &w) { writeIdentityTail(w, verdict); })};
    }
    writer.beginObject();
    writer.renderedMembers(clause.head, 3);
    writeOutcome(writer, verdict, explainPassing);
    writer.renderedMembers(clause.tail, 3);
    writeDetails(writer, verdict);
    writer.endObject();
}

void writeClauseVerdicts(JsonWriter &writer, std::span<const ClauseVerdict> verdicts)
{
    writer.beginArray();
    for (const ClauseVerdict &verdict : verdicts)
        writeClauseVerdict(writer, verdict);
    writer.endArray();
}

void writeContractResult(JsonWriter &writer, const ContractResult &contract)
{
    writer.beginObject();
    writer.member("name", contract.name);
    writer.member("priority", contract.priority);
    writer.member("valid", contract.valid);
    writer.key("clauses");
    writeClauseVerdicts(writer, contract.clauses);
    writer.endObject();
}

void writeDiagnostic(JsonWriter &writer, const Diagnostic &diagnostic)
{
    writer.beginObject();
    writer.member("file", diagnostic.file);
    writer.member("line", diagnostic.range.begin.line);
    writer.member("column", diagnostic.range.begin.column);
    writer.member("end_line", diagnostic.range.end.line);
    writer.member("end_column", diagnostic.range.end.column);
    writer.member("severity", severityName(diagnostic.severity));
    writer.member("code", diagnostic.code);
    writer.member("message", diagnostic.message);
    writer.endObject();
}

void writeDiagnostics(JsonWriter &writer, std::span<const Diagnostic> diagnostics)
{
    writer.beginObject();
    writer.key("diagnostics");
    writer.beginArray();
    for (const Diagnostic &diagnostic : diagnostics)
        writeDiagnostic(writer, diagnostic);
    writer.endArray();
    writer.endObject();
}

} // namespace llmcl::engine
