// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tracer/llmcltrace.h"

#include "engine/json.h"
#include "engine/value.h"
#include "engine/version.h"

namespace llmcl::tracer {

using engine::JsonWriter;

namespace {

void writePosition(JsonWriter &w, const engine::SourcePosition &p)
{
    w.beginObject();
    w.member("line", static_cast<std::int64_t>(p.line));
    w.member("column", static_cast<std::int64_t>(p.column));
    w.member("offset", static_cast<std::int64_t>(p.offset));
    w.endObject();
}

void writeRange(JsonWriter &w, const engine::SourceRange &r)
{
    w.beginObject();
    w.key("begin");
    writePosition(w, r.begin);
    w.key("end");
    writePosition(w, r.end);
    w.endObject();
}

void writeViolations(JsonWriter &w, const std::vector<engine::Violation> &violations,
    const TraceWriter &, auto &&text)
{
    w.beginArray();
    for (const engine::Violation &v : violations) {
        w.beginObject();
        w.member("contract", v.contract);
        w.member("clause", v.clause);
        w.member("kind", engine::clauseKindName(v.kind));
        w.member("line", static_cast<std::int64_t>(v.line));
        w.member("message", text(v.message));
        w.member("severity", engine::clauseSeverityName(v.severity));
        w.member("status", engine::clauseStatusName(v.status));
        w.endObject();
    }
    w.endArray();
}

} // namespace

void LlmclTraceWriter::writeValue(JsonWriter &w, const engine::Value &value) const
{
    if (!m_options.redactPii) {
        engine::writeValue(w, value);
    } else if (value.isString()) {
        w.string(exported(value.asString()));
    } else if (value.isList()) {
        w.beginArray();
        for (const engine::Value &item : value.asList())
            writeValue(w, item);
        w.endArray();
    } else if (value.isMap()) {
        w.beginObject();
        for (const engine::MapEntry &entry : value.asMap()) {
            w.key(entry.first);
            writeValue(w, entry.second);
        }
        w.endObject();
    } else {
        engine::writeValue(w, value);
    }
}

void LlmclTraceWriter::writeClause(JsonWriter &w, const engine::ClauseVerdict &v) const
{
    w.beginObject();
    w.member("id", v.id());
    w.member("contract", v.contract());
    w.member("kind", engine::clauseKindName(v.kind()));
    w.member("severity", engine::clauseSeverityName(v.severity()));
    w.member("file", v.file());
    w.key("range");
    writeRange(w, v.range());
    w.member("status", engine::clauseStatusName(v.status));
    w.member("duration_ns", v.durationNs);
    w.member("message", exported(v.message));
    if (v.status == engine::ClauseStatus::Error) {
        w.key("error_range");
        writeRange(w, v.errorRange);
    }
    w.key("values");
    w.beginArray();
    for (const engine::Explanation &e : v.values) {
        w.beginObject();
        w.member("expr", exported(e.expression));
        w.key("value");
        writeValue(w, e.value);
        w.endObject();
    }
    w.endArray();
    if (v.window) {
        w.key("window");
        w.beginObject();
        w.member("held", v.window->held);
        w.member("target", v.window->target);
        w.member("rate", v.window->rate);
        w.member("results", static_cast<std::int64_t>(v.window->results));
        if (v.window->size == -1)
            w.member("size", "session");
        else if (v.window->size == -2)
            w.member("size", "global");
        else
            w.member("size", v.window->size);
        w.endObject();
    }
    if (v.temporal) {
        w.key("temporal");
        w.beginObject();
        w.member("settled_at", v.temporal->settledAt);
        w.key("obligations");
        w.beginArray();
        for (const std::string &o : v.temporal->obligations)
            w.string(exported(o));
        w.endArray();
        w.member("residual", exported(v.temporal->residual));
        w.endObject();
    }
    w.endObject();
}

void LlmclTraceWriter::beginRun(const RunInfo &run)
{
    JsonWriter w;
    w.beginObject();
    w.member("format", "llmcl-trace");
    w.member("version", 1);
    w.key("generator");
    w.beginObject();
    w.member("name", "llmcl");
    w.member("version", engine::productVersion());
    w.member("language_version", engine::languageVersion());
    w.endObject();
    w.member("redacted", m_options.redactPii);
    w.endObject();
    std::string head = w.take(); // an open object: "{...}" without its closing brace
    head.pop_back();
    m_out << head << ",\"runs\":[\n";

    JsonWriter r;
    r.beginObject();
    r.member("id", run.id);
    r.member("start_time_unix_ns", std::to_string(run.startTimeUnixNs));
    r.key("options");
    r.beginObject();
    for (const auto &[name, value] : run.options)
        r.member(name, value);
    r.endObject();
    r.key("contracts");
    r.beginArray();
    for (const ContractSource &c : run.contracts) {
        r.beginObject();
        r.member("file", c.file);
        r.member("source", exported(c.source));
        r.endObject();
    }
    r.endArray();
    r.endObject();
    std::string runHead = r.take();
    runHead.pop_back();
    m_out << runHead << ",\"conversations\":[";
}

void LlmclTraceWriter::openConversation(const std::string &conversation)
{
    if (m_conversation && *m_conversation == conversation)
        return;
    if (m_conversation)
        m_out << "],\"end\":null}"; // a conversation cut short (a cancelled run)
    m_out << (m_anyConversation ? ",\n" : "\n");
    m_anyConversation = true;
    m_anyTurn = false;
    std::string id;
    engine::appendJsonString(id, conversation);
    m_out << "{\"id\":" << id << ",\"turns\":[";
    m_conversation = conversation;
}

void LlmclTraceWriter::turn(
    const std::string &conversation, std::int64_t turn, const engine::TurnResult &result)
{
    openConversation(conversation);
    auto text = [this](std::string_view t) { return exported(t); };
    JsonWriter w;
    w.beginObject();
    w.member("turn", turn);
    w.member("valid", result.valid);
    w.member("duration_ns", result.durationNs);
    w.member("content", exported(result.content));
    w.key("response");
    if (result.response)
        w.string(exported(*result.response));
    else
        w.null();
    w.key("violations");
    writeViolations(w, result.violations, *this, text);
    w.key("fixes");
    w.beginArray();
    for (const engine::FixRecord &f : result.fixes) {
        w.beginObject();
        w.member("contract", f.contract);
        w.member("clause", f.clause);
        w.member("kind", engine::clauseKindName(f.kind));
        w.member("line", static_cast<std::int64_t>(f.line));
        w.member("expression", exported(f.expression));
        w.member("before", exported(f.before));
        w.member("after", exported(f.after));
        w.member("confidence", f.confidence);
        w.member("applied", f.applied);
        w.member("outcome", engine::fixOutcomeName(f.outcome));
        w.member("error", exported(f.error));
        w.key("broken");
        w.beginArray();
        for (const std::string &b : f.broken)
            w.string(b);
        w.endArray();
        w.member("round", f.round);
        w.endObject();
    }
    w.endArray();
    w.key("conflicts");
    w.beginArray();
    for (const engine::ConflictRecord &c : result.conflicts) {
        w.beginObject();
        w.member("kind", c.kind);
        w.key("clauses");
        w.beginArray();
        for (const std::string &id : c.clauses)
            w.string(id);
        w.endArray();
        w.member("resolution", c.resolution);
        w.key("suppressed");
        w.beginArray();
        for (const std::string &id : c.suppressed)
            w.string(id);
        w.endArray();
        w.endObject();
    }
    w.endArray();
    w.key("contracts");
    w.beginArray();
    for (const engine::ContractResult &c : result.contracts) {
        w.beginObject();
        w.member("name", c.name);
        w.member("priority", c.priority);
        w.member("valid", c.valid);
        w.key("clauses");
        w.beginArray();
        for (const engine::ClauseVerdict &v : c.clauses)
            writeClause(w, v);
        w.endArray();
        w.endObject();
    }
    w.endArray();
    w.endObject();
    m_out << (m_anyTurn ? ",\n" : "\n") << w.text();
    m_anyTurn = true;
}

void LlmclTraceWriter::conversationEnd(
    const std::string &conversation, const engine::ConversationEnd &end)
{
    openConversation(conversation);
    auto text = [this](std::string_view t) { return exported(t); };
    JsonWriter w;
    w.beginObject();
    w.member("valid", end.valid);
    w.key("settled");
    w.beginArray();
    for (const engine::ClauseVerdict &v : end.settled)
        writeClause(w, v);
    w.endArray();
    w.key("violations");
    writeViolations(w, end.violations, *this, text);
    w.endObject();
    m_out << "],\"end\":" << w.text() << '}';
    m_conversation.reset();
}

void LlmclTraceWriter::problem(const SessionProblem &problem)
{
    m_problems.push_back(problem);
}

void LlmclTraceWriter::runEnd(const std::vector<engine::ClauseVerdict> &settled)
{
    JsonWriter w;
    w.beginObject();
    w.key("settled");
    w.beginArray();
    for (const engine::ClauseVerdict &v : settled)
        writeClause(w, v);
    w.endArray();
    w.endObject();
    m_runEnd = w.take();
}

void LlmclTraceWriter::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_conversation)
        m_out << "],\"end\":null}";
    m_conversation.reset();
    JsonWriter w;
    w.beginArray();
    for (const SessionProblem &p : m_problems) {
        w.beginObject();
        w.member("file", p.file);
        w.member("line", static_cast<std::int64_t>(p.line));
        w.member("byte_offset", static_cast<std::int64_t>(p.byteOffset));
        w.member("message", exported(p.message));
        w.endObject();
    }
    w.endArray();
    m_out << "\n],\"problems\":" << w.text() << ",\"run_end\":" << m_runEnd.value_or("null")
          << "}\n]}\n";
    m_out.flush();
}

} // namespace llmcl::tracer
