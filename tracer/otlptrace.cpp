// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tracer/otlptrace.h"

#include "engine/json.h"
#include "engine/value.h"
#include "engine/version.h"

#include <cmath>

namespace llmcl::tracer {

using engine::JsonWriter;

namespace {

constexpr int kSpanKindInternal = 1; // SPAN_KIND_INTERNAL
constexpr int kStatusError = 2; // STATUS_CODE_ERROR

// FNV-1a over the parts (separated by 0x1f), finished with splitmix64 for a good spread.
std::uint64_t hash(std::uint64_t seed, std::initializer_list<std::string_view> parts)
{
    std::uint64_t h = 14695981039346656037ull ^ seed;
    for (std::string_view part : parts) {
        for (unsigned char c : part) {
            h ^= c;
            h *= 1099511628211ull;
        }
        h ^= 0x1f;
        h *= 1099511628211ull;
    }
    h += 0x9e3779b97f4a7c15ull;
    h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ull;
    h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
    h ^= h >> 31;
    return h == 0 ? 1 : h;
}

std::string hex(std::uint64_t v)
{
    static constexpr char digits[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i) {
        out[static_cast<std::size_t>(i)] = digits[v & 0xf];
        v >>= 4;
    }
    return out;
}

void attribute(JsonWriter &w, std::string_view key, std::string_view value)
{
    w.beginObject();
    w.member("key", key);
    w.key("value");
    w.beginObject();
    w.member("stringValue", value);
    w.endObject();
    w.endObject();
}
void attribute(JsonWriter &w, std::string_view key, const char *value)
{
    attribute(w, key, std::string_view(value));
}
void attribute(JsonWriter &w, std::string_view key, std::int64_t value)
{
    w.beginObject();
    w.member("key", key);
    w.key("value");
    w.beginObject();
    w.member("intValue", std::to_string(value)); // int64 is a string in proto3 JSON
    w.endObject();
    w.endObject();
}
void attribute(JsonWriter &w, std::string_view key, bool value)
{
    w.beginObject();
    w.member("key", key);
    w.key("value");
    w.beginObject();
    w.member("boolValue", value);
    w.endObject();
    w.endObject();
}
void attribute(JsonWriter &w, std::string_view key, double value)
{
    w.beginObject();
    w.member("key", key);
    w.key("value");
    w.beginObject();
    if (std::isfinite(value))
        w.member("doubleValue", value);
    else
        w.member("doubleValue", std::isnan(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
    w.endObject();
    w.endObject();
}

// GenAI semantic conventions' message shape: [{"role", "parts": [{"type": "text", "content"}]}]
std::string genAiMessages(std::string_view role, std::string_view text)
{
    JsonWriter w;
    w.beginArray();
    w.beginObject();
    w.member("role", role);
    w.key("parts");
    w.beginArray();
    w.beginObject();
    w.member("type", "text");
    w.member("content", text);
    w.endObject();
    w.endArray();
    w.endObject();
    w.endArray();
    return w.take();
}

} // namespace

std::string OtlpTraceWriter::traceId(std::string_view runId, std::string_view conversation)
{
    return hex(hash(1, {runId, conversation})) + hex(hash(2, {runId, conversation}));
}

std::string OtlpTraceWriter::spanId(
    std::string_view runId, std::string_view conversation, std::string_view path)
{
    return hex(hash(3, {runId, conversation, path}));
}

void OtlpTraceWriter::writeSpan(JsonWriter &w)
{
    m_out << (m_anySpan ? ",\n" : "\n") << w.text();
    m_anySpan = true;
}

// Opens a span object and writes its identity and times; the caller adds attributes, events
// and status, then ends the object.
void OtlpTraceWriter::span(JsonWriter &w, std::string_view path, std::string_view parentPath,
    std::string_view name, std::int64_t start, std::int64_t duration)
{
    w.beginObject();
    w.member("traceId", m_traceId);
    w.member("spanId", spanId(m_runId, m_conversation, path));
    if (!parentPath.empty())
        w.member("parentSpanId", spanId(m_runId, m_conversation, parentPath));
    w.member("name", name);
    w.member("kind", kSpanKindInternal);
    w.member("startTimeUnixNano", std::to_string(m_runStart + start));
    w.member("endTimeUnixNano", std::to_string(m_runStart + start + duration));
}

void OtlpTraceWriter::beginRun(const RunInfo &run)
{
    m_runId = run.id;
    m_runStart = run.startTimeUnixNs;
    JsonWriter w;
    w.beginObject();
    w.key("attributes");
    w.beginArray();
    attribute(w, "service.name", "llmcl");
    attribute(w, "service.version", engine::productVersion());
    attribute(w, "llmcl.run.id", run.id);
    for (const auto &[name, value] : run.options)
        attribute(w, "llmcl.run.option." + name, value);
    std::string files;
    for (const ContractSource &c : run.contracts)
        files += (files.empty() ? "" : "\n") + c.file;
    attribute(w, "llmcl.run.contract_files", files);
    w.endArray();
    w.endObject();
    JsonWriter scope;
    scope.beginObject();
    scope.member("name", "llmcl.replay");
    scope.member("version", engine::productVersion());
    scope.endObject();
    m_out << "{\"resourceSpans\":[{\"resource\":" << w.text()
          << ",\"scopeSpans\":[{\"scope\":" << scope.text() << ",\"spans\":[";
}

void OtlpTraceWriter::openConversation(const std::string &conversation)
{
    if (m_inConversation && conversation == m_conversation)
        return;
    if (m_inConversation)
        closeConversation(nullptr);
    m_inConversation = true;
    m_conversation = conversation;
    m_traceId = traceId(m_runId, conversation);
    m_conversationStart = m_cursor;
    m_turns = 0;
}

void OtlpTraceWriter::closeConversation(const engine::ConversationEnd *end)
{
    JsonWriter w;
    span(
        w, "conversation", {}, "conversation", m_conversationStart, m_cursor - m_conversationStart);
    w.key("attributes");
    w.beginArray();
    attribute(w, "llmcl.conversation.id", exported(m_conversation));
    attribute(w, "gen_ai.conversation.id", exported(m_conversation));
    attribute(w, "llmcl.conversation.turns", m_turns);
    if (end)
        attribute(w, "llmcl.conversation.valid", end->valid);
    w.endArray();
    if (end) {
        w.key("events");
        w.beginArray();
        for (const engine::ClauseVerdict &v : end->settled) {
            w.beginObject();
            w.member("timeUnixNano", std::to_string(m_runStart + m_cursor));
            w.member("name", "llmcl.clause.settled");
            w.key("attributes");
            w.beginArray();
            attribute(w, "llmcl.clause.id", v.id());
            attribute(w, "llmcl.contract.name", v.contract());
            attribute(w, "llmcl.clause.kind", engine::clauseKindName(v.kind()));
            attribute(w, "llmcl.clause.status", engine::clauseStatusName(v.status));
            if (!v.message.empty())
                attribute(w, "llmcl.clause.message", exported(v.message));
            w.endArray();
            w.endObject();
        }
        w.endArray();
        if (!end->valid) {
            w.key("status");
            w.beginObject();
            w.member("code", kStatusError);
            w.member("message", "a clause failed when the conversation ended");
            w.endObject();
        }
    }
    w.endObject();
    writeSpan(w);
    m_inConversation = false;
}

void OtlpTraceWriter::turn(
    const std::string &conversation, std::int64_t turn, const engine::TurnResult &result)
{
    openConversation(conversation);
    ++m_turns;
    const detail::TurnLayout layout = detail::layoutTurn(result, m_cursor);
    const std::string turnPath = "turn/" + std::to_string(turn);
    {
        JsonWriter w;
        span(w, turnPath, "conversation", "turn " + std::to_string(turn), layout.start,
            layout.duration);
        w.key("attributes");
        w.beginArray();
        attribute(w, "llmcl.conversation.id", exported(conversation));
        attribute(w, "gen_ai.conversation.id", exported(conversation));
        attribute(w, "llmcl.turn.number", turn);
        attribute(w, "llmcl.turn.valid", result.valid);
        attribute(w, "llmcl.turn.duration_ns", result.durationNs);
        attribute(w, "llmcl.turn.violations", static_cast<std::int64_t>(result.violations.size()));
        attribute(w, "gen_ai.input.messages", genAiMessages("user", exported(result.content)));
        if (result.response) {
            attribute(w, "gen_ai.output.messages",
                genAiMessages("assistant", exported(*result.response)));
        }
        w.endArray();
        w.key("events");
        w.beginArray();
        const std::string at = std::to_string(m_runStart + layout.start + layout.duration);
        for (const engine::FixRecord &f : result.fixes) {
            w.beginObject();
            w.member("timeUnixNano", at);
            w.member("name", "llmcl.fix");
            w.key("attributes");
            w.beginArray();
            attribute(w, "llmcl.clause.id", f.clause);
            attribute(w, "llmcl.contract.name", f.contract);
            attribute(w, "llmcl.fix.expression", exported(f.expression));
            attribute(w, "llmcl.fix.before", exported(f.before));
            attribute(w, "llmcl.fix.after", exported(f.after));
            attribute(w, "llmcl.fix.applied", f.applied);
            attribute(w, "llmcl.fix.outcome", engine::fixOutcomeName(f.outcome));
            attribute(w, "llmcl.fix.confidence", f.confidence);
            attribute(w, "llmcl.fix.round", static_cast<std::int64_t>(f.round));
            if (!f.error.empty())
                attribute(w, "llmcl.fix.error", exported(f.error));
            w.endArray();
            w.endObject();
        }
        for (const engine::ConflictRecord &c : result.conflicts) {
            w.beginObject();
            w.member("timeUnixNano", at);
            w.member("name", "llmcl.conflict");
            w.key("attributes");
            w.beginArray();
            attribute(w, "llmcl.conflict.kind", c.kind);
            std::string clauses;
            for (const std::string &id : c.clauses)
                clauses += (clauses.empty() ? "" : " ") + id;
            attribute(w, "llmcl.conflict.clauses", clauses);
            attribute(w, "llmcl.conflict.resolution", c.resolution);
            std::string suppressed;
            for (const std::string &id : c.suppressed)
                suppressed += (suppressed.empty() ? "" : " ") + id;
            attribute(w, "llmcl.conflict.suppressed", suppressed);
            w.endArray();
            w.endObject();
        }
        w.endArray();
        if (!result.valid) {
            w.key("status");
            w.beginObject();
            w.member("code", kStatusError);
            w.member(
                "message", std::to_string(result.violations.size()) + " violation(s) after fixing");
            w.endObject();
        }
        w.endObject();
        writeSpan(w);
    }
    for (const detail::PhaseSpan &phase : layout.phases) {
        const std::string phasePath = turnPath + '/' + std::string(phase.name);
        JsonWriter p;
        span(p, phasePath, turnPath, phase.name, phase.start, phase.duration);
        p.key("attributes");
        p.beginArray();
        attribute(p, "llmcl.phase", phase.name);
        p.endArray();
        p.endObject();
        writeSpan(p);
        for (const detail::ContractSpan &contract : phase.contracts) {
            const std::string contractPath = phasePath + '/' + std::to_string(contract.index);
            JsonWriter c;
            span(c, contractPath, phasePath, contract.contract->name, contract.start,
                contract.duration);
            c.key("attributes");
            c.beginArray();
            attribute(c, "llmcl.contract.name", contract.contract->name);
            attribute(c, "llmcl.contract.priority", contract.contract->priority);
            attribute(c, "llmcl.contract.valid", contract.valid);
            c.endArray();
            if (!contract.valid) {
                c.key("status");
                c.beginObject();
                c.member("code", kStatusError);
                c.member("message", "a clause failed");
                c.endObject();
            }
            c.endObject();
            writeSpan(c);
            for (const detail::ClauseSpan &clause : contract.clauses) {
                const engine::ClauseVerdict &v = *clause.verdict;
                JsonWriter k;
                span(k, contractPath + '/' + std::to_string(clause.index), contractPath, v.id(),
                    clause.start, clause.duration);
                k.key("attributes");
                k.beginArray();
                attribute(k, "llmcl.clause.id", v.id());
                attribute(k, "llmcl.clause.kind", engine::clauseKindName(v.kind()));
                attribute(k, "llmcl.clause.severity", engine::clauseSeverityName(v.severity()));
                attribute(k, "llmcl.clause.status", engine::clauseStatusName(v.status));
                attribute(k, "llmcl.clause.file", v.file());
                attribute(k, "llmcl.clause.line", static_cast<std::int64_t>(v.range().begin.line));
                attribute(
                    k, "llmcl.clause.column", static_cast<std::int64_t>(v.range().begin.column));
                attribute(k, "llmcl.clause.duration_ns", v.durationNs);
                if (!v.message.empty())
                    attribute(k, "llmcl.clause.message", exported(v.message));
                if (!v.values.empty()) {
                    JsonWriter values;
                    values.beginObject();
                    for (const engine::Explanation &e : v.values)
                        values.member(exported(e.expression), exported(engine::repr(e.value)));
                    values.endObject();
                    attribute(k, "llmcl.clause.values", values.text());
                }
                if (v.window) {
                    attribute(k, "llmcl.window.held", v.window->held);
                    attribute(k, "llmcl.window.target", v.window->target);
                    attribute(k, "llmcl.window.rate", v.window->rate);
                    attribute(
                        k, "llmcl.window.results", static_cast<std::int64_t>(v.window->results));
                    attribute(k, "llmcl.window.size", v.window->size);
                }
                if (v.temporal) {
                    attribute(k, "llmcl.temporal.settled_at", v.temporal->settledAt);
                    std::string obligations;
                    for (const std::string &o : v.temporal->obligations)
                        obligations += (obligations.empty() ? "" : "; ") + o;
                    attribute(k, "llmcl.temporal.obligations", exported(obligations));
                    attribute(k, "llmcl.temporal.residual", exported(v.temporal->residual));
                }
                k.endArray();
                if (v.status == engine::ClauseStatus::Fail
                    || v.status == engine::ClauseStatus::Error) {
                    k.key("status");
                    k.beginObject();
                    k.member("code", kStatusError);
                    k.member("message", exported(v.message));
                    k.endObject();
                }
                k.endObject();
                writeSpan(k);
            }
        }
    }
    m_cursor = layout.start + layout.duration;
}

void OtlpTraceWriter::conversationEnd(
    const std::string &conversation, const engine::ConversationEnd &end)
{
    openConversation(conversation);
    closeConversation(&end);
}

void OtlpTraceWriter::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_inConversation)
        closeConversation(nullptr);
    m_out << "\n]}]}]}\n";
    m_out.flush();
}

} // namespace llmcl::tracer
