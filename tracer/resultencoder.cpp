// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tracer/resultencoder.h"

#include "tracer/resultwire.h"

namespace llmcl::tracer {

using detail::ResultRecord;
using detail::WireWriter;
using namespace detail::verdictflags;

namespace {

void writeSourceRange(WireWriter &w, const engine::SourceRange &range)
{
    w.u(range.begin.offset);
    w.u(range.begin.line);
    w.u(range.begin.column);
    w.u(range.end.offset);
    w.u(range.end.line);
    w.u(range.end.column);
}

void writeValue(WireWriter &w, const engine::Value &value)
{
    w.byte(static_cast<std::uint8_t>(value.type()));
    switch (value.type()) {
    case engine::ValueType::Null:
        break;
    case engine::ValueType::Bool:
        w.byte(value.asBool() ? 1 : 0);
        break;
    case engine::ValueType::Int:
        w.s(value.asInt());
        break;
    case engine::ValueType::Float:
        w.f(value.asFloat());
        break;
    case engine::ValueType::String:
        w.str(value.asString());
        break;
    case engine::ValueType::List:
        w.u(value.asList().size());
        for (const engine::Value &item : value.asList())
            writeValue(w, item);
        break;
    case engine::ValueType::Map:
        w.u(value.asMap().size());
        for (const engine::MapEntry &entry : value.asMap()) {
            w.str(entry.first);
            writeValue(w, entry.second);
        }
        break;
    }
}

void writeStrings(WireWriter &w, const std::vector<std::string> &strings)
{
    w.u(strings.size());
    for (const std::string &s : strings)
        w.str(s);
}

} // namespace

ResultEncoder::ResultEncoder()
{
    m_out.append(detail::kResultMagic);
}

void ResultEncoder::conversation(
    std::string_view id, bool idFromLine, std::uint64_t line, std::uint64_t byteOffset)
{
    WireWriter w(m_out);
    w.byte(static_cast<std::uint8_t>(ResultRecord::Conversation));
    w.str(idFromLine ? std::string_view() : id);
    w.byte(idFromLine ? 1 : 0);
    w.u(line);
    w.u(byteOffset);
}

void ResultEncoder::verdict(const engine::ClauseVerdict &v)
{
    WireWriter w(m_out);
    m_key.assign(v.contract());
    m_key.push_back('\0');
    m_key.append(v.id());
    auto found = m_clauses.find(m_key);
    if (found != m_clauses.end()) {
        w.u(found->second);
    } else {
        // A clause seen first: its index, then what stays the same on every turn.
        const std::uint64_t index = m_clauses.size();
        m_clauses.emplace(m_key, index);
        w.u(index);
        w.str(v.id());
        w.str(v.contract());
        w.byte(static_cast<std::uint8_t>(v.kind()));
        w.byte(static_cast<std::uint8_t>(v.severity()));
        w.str(v.file());
        writeSourceRange(w, v.range());
    }
    // Most verdicts are a status and a duration: one byte says which of the rest follow.
    const bool hasRange = !(v.errorRange == engine::SourceRange {});
    w.byte(static_cast<std::uint8_t>(static_cast<unsigned>(v.status) << 5
        | (v.window ? kHasWindow : 0u) | (v.temporal ? kHasTemporal : 0u)
        | (v.message.empty() ? 0u : kHasMessage) | (hasRange ? kHasErrorRange : 0u)
        | (v.values.empty() ? 0u : kHasValues)));
    w.s(v.durationNs);
    if (!v.message.empty())
        w.str(v.message);
    if (hasRange)
        writeSourceRange(w, v.errorRange);
    if (!v.values.empty()) {
        w.u(v.values.size());
        for (const engine::Explanation &line : v.values) {
            w.str(line.expression);
            writeValue(w, line.value);
        }
    }
    if (v.window) {
        w.byte(v.window->held ? 1 : 0);
        w.f(v.window->target);
        w.f(v.window->rate);
        w.u(v.window->results);
        w.s(v.window->size);
    }
    if (v.temporal) {
        w.s(v.temporal->settledAt);
        writeStrings(w, v.temporal->obligations);
        w.str(v.temporal->residual);
    }
}

void ResultEncoder::verdicts(const std::vector<engine::ClauseVerdict> &verdicts)
{
    WireWriter(m_out).u(verdicts.size());
    for (const engine::ClauseVerdict &v : verdicts)
        verdict(v);
}

void ResultEncoder::violations(const std::vector<engine::Violation> &violations)
{
    WireWriter w(m_out);
    w.u(violations.size());
    for (const engine::Violation &v : violations) {
        w.str(v.contract);
        w.str(v.clause);
        w.byte(static_cast<std::uint8_t>(v.kind));
        w.u(v.line);
        w.str(v.message);
        w.byte(static_cast<std::uint8_t>(v.severity));
        w.byte(static_cast<std::uint8_t>(v.status));
    }
}

void ResultEncoder::turn(std::int64_t turn, const engine::TurnResult &result)
{
    WireWriter w(m_out);
    w.byte(static_cast<std::uint8_t>(ResultRecord::Turn));
    w.s(turn);
    w.byte(result.valid ? 1 : 0);
    w.s(result.durationNs);
    violations(result.violations);
    w.u(result.fixes.size());
    for (const engine::FixRecord &fix : result.fixes) {
        w.str(fix.contract);
        w.str(fix.clause);
        w.byte(static_cast<std::uint8_t>(fix.kind));
        w.u(fix.line);
        w.str(fix.expression);
        w.str(fix.before);
        w.str(fix.after);
        w.f(fix.confidence);
        w.byte(fix.applied ? 1 : 0);
        w.byte(static_cast<std::uint8_t>(fix.outcome));
        w.str(fix.error);
        writeStrings(w, fix.broken);
        w.s(fix.round);
    }
    w.u(result.conflicts.size());
    for (const engine::ConflictRecord &conflict : result.conflicts) {
        w.str(conflict.kind);
        writeStrings(w, conflict.clauses);
        w.str(conflict.resolution);
        writeStrings(w, conflict.suppressed);
    }
    w.u(result.contracts.size());
    for (const engine::ContractResult &contract : result.contracts) {
        w.str(contract.name);
        w.str(contract.priority);
        w.byte(contract.valid ? 1 : 0);
        verdicts(contract.clauses);
    }
}

void ResultEncoder::end(const engine::ConversationEnd &end)
{
    WireWriter w(m_out);
    w.byte(static_cast<std::uint8_t>(ResultRecord::End));
    w.byte(end.valid ? 1 : 0);
    verdicts(end.settled);
    violations(end.violations);
}

void ResultEncoder::problem(const SessionProblem &problem)
{
    WireWriter w(m_out);
    w.byte(static_cast<std::uint8_t>(ResultRecord::Problem));
    w.u(problem.line);
    w.u(problem.byteOffset);
    w.str(problem.message);
}

void ResultEncoder::done(std::uint64_t lines, std::uint64_t begin, std::uint64_t end)
{
    WireWriter w(m_out);
    w.byte(static_cast<std::uint8_t>(ResultRecord::Done));
    w.u(lines);
    w.u(begin);
    w.u(end);
}

} // namespace llmcl::tracer
