// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tracer/chrometrace.h"

#include "engine/json.h"
#include "engine/value.h"
#include "engine/version.h"

#include <cstdio>

namespace llmcl::tracer {

using engine::JsonWriter;

namespace {

// Nanoseconds as microseconds, exactly: 1234567 → 1234.567.
std::string micros(std::int64_t ns)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%lld.%03lld", static_cast<long long>(ns / 1000),
        static_cast<long long>(ns % 1000));
    return buffer;
}

// The start of a complete event, up to and including `"args":`.
std::string completeEvent(std::string_view name, std::string_view category, std::int64_t tid,
    std::int64_t start, std::int64_t duration)
{
    std::string out = "{\"name\":";
    engine::appendJsonString(out, name);
    out += ",\"cat\":";
    engine::appendJsonString(out, category);
    out += ",\"ph\":\"X\",\"pid\":1,\"tid\":" + std::to_string(tid) + ",\"ts\":" + micros(start)
        + ",\"dur\":" + micros(duration) + ",\"args\":";
    return out;
}

} // namespace

void ChromeTraceWriter::event(const std::string &json)
{
    m_out << (m_anyEvent ? ",\n" : "\n") << json;
    m_anyEvent = true;
}

void ChromeTraceWriter::beginRun(const RunInfo &run)
{
    m_runId = run.id;
    m_out << "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"format\":\"llmcl-chrome-trace\","
             "\"version\":\"1\",\"run_id\":";
    std::string id;
    engine::appendJsonString(id, run.id);
    m_out << id << ",\"generator\":\"llmcl " << engine::productVersion() << "\"},\"traceEvents\":[";
    event("{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":1,\"tid\":0,"
          "\"args\":{\"name\":\"llmcl replay\"}}");
}

void ChromeTraceWriter::openConversation(const std::string &conversation)
{
    if (m_inConversation && conversation == m_conversation)
        return;
    m_inConversation = true;
    m_conversation = conversation;
    ++m_tid;
    m_cursor = 0;
    std::string name;
    engine::appendJsonString(name, exported(conversation));
    const std::string tid = std::to_string(m_tid);
    event("{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":" + tid
        + ",\"args\":{\"name\":" + name + "}}");
    event("{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"pid\":1,\"tid\":" + tid
        + ",\"args\":{\"sort_index\":" + tid + "}}");
}

void ChromeTraceWriter::clauseArgs(JsonWriter &w, const engine::ClauseVerdict &v) const
{
    w.beginObject();
    w.member("id", v.id());
    w.member("contract", v.contract());
    w.member("kind", engine::clauseKindName(v.kind()));
    w.member("severity", engine::clauseSeverityName(v.severity()));
    w.member("status", engine::clauseStatusName(v.status));
    w.member("file", v.file());
    w.member("line", static_cast<std::int64_t>(v.range().begin.line));
    w.member("column", static_cast<std::int64_t>(v.range().begin.column));
    w.member("duration_ns", v.durationNs);
    if (!v.message.empty())
        w.member("message", exported(v.message));
    if (!v.values.empty()) {
        // Perfetto shows args as a tree: expression → value text.
        w.key("values");
        w.beginObject();
        for (const engine::Explanation &e : v.values)
            w.member(exported(e.expression), exported(engine::repr(e.value)));
        w.endObject();
    }
    if (v.window) {
        w.member("window_held", v.window->held);
        w.member("window_rate", v.window->rate);
        w.member("window_target", v.window->target);
        w.member("window_results", static_cast<std::int64_t>(v.window->results));
    }
    if (v.temporal) {
        w.member("settled_at", v.temporal->settledAt);
        std::string obligations;
        for (const std::string &o : v.temporal->obligations)
            obligations += (obligations.empty() ? "" : "; ") + o;
        w.member("obligations", exported(obligations));
    }
    w.endObject();
}

void ChromeTraceWriter::turn(
    const std::string &conversation, std::int64_t turn, const engine::TurnResult &result)
{
    openConversation(conversation);
    const detail::TurnLayout layout = detail::layoutTurn(result, m_cursor);
    {
        JsonWriter w;
        w.beginObject();
        w.member("conversation", exported(conversation));
        w.member("turn", turn);
        w.member("valid", result.valid);
        w.member("duration_ns", result.durationNs);
        w.member("content", exported(result.content));
        if (result.response)
            w.member("response", exported(*result.response));
        w.member("violations", static_cast<std::int64_t>(result.violations.size()));
        if (!result.fixes.empty()) {
            w.key("fixes");
            w.beginArray();
            for (const engine::FixRecord &f : result.fixes) {
                w.beginObject();
                w.member("clause", f.clause);
                w.member("outcome", engine::fixOutcomeName(f.outcome));
                w.member("before", exported(f.before));
                w.member("after", exported(f.after));
                w.endObject();
            }
            w.endArray();
        }
        if (!result.conflicts.empty()) {
            w.key("conflicts");
            w.beginArray();
            for (const engine::ConflictRecord &c : result.conflicts) {
                std::string text = c.kind + ":";
                for (const std::string &id : c.clauses)
                    text += ' ' + id;
                w.string(text);
            }
            w.endArray();
        }
        w.endObject();
        event(completeEvent(
                  "turn " + std::to_string(turn), "turn", m_tid, layout.start, layout.duration)
            + w.text() + '}');
    }
    for (const detail::PhaseSpan &phase : layout.phases) {
        event(completeEvent(phase.name, "phase", m_tid, phase.start, phase.duration)
            + "{\"turn\":" + std::to_string(turn) + "}}");
        for (const detail::ContractSpan &contract : phase.contracts) {
            JsonWriter w;
            w.beginObject();
            w.member("priority", contract.contract->priority);
            w.member("valid", contract.valid);
            w.endObject();
            event(completeEvent(
                      contract.contract->name, "contract", m_tid, contract.start, contract.duration)
                + w.text() + '}');
            for (const detail::ClauseSpan &clause : contract.clauses) {
                JsonWriter a;
                clauseArgs(a, *clause.verdict);
                event(completeEvent(
                          clause.verdict->id(), "clause", m_tid, clause.start, clause.duration)
                    + a.text() + '}');
            }
        }
    }
    m_cursor = layout.start + layout.duration;
}

void ChromeTraceWriter::conversationEnd(
    const std::string &conversation, const engine::ConversationEnd &end)
{
    openConversation(conversation);
    JsonWriter w;
    w.beginObject();
    w.member("valid", end.valid);
    w.key("settled");
    w.beginArray();
    for (const engine::ClauseVerdict &v : end.settled)
        clauseArgs(w, v);
    w.endArray();
    w.endObject();
    event("{\"name\":\"conversation end\",\"cat\":\"conversation\",\"ph\":\"i\",\"s\":\"t\","
          "\"pid\":1,\"tid\":"
        + std::to_string(m_tid) + ",\"ts\":" + micros(m_cursor) + ",\"args\":" + w.text() + '}');
    m_inConversation = false;
}

void ChromeTraceWriter::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_out << "\n]}\n";
    m_out.flush();
}

} // namespace llmcl::tracer
