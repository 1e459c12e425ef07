// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tracer/tracewriter.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace llmcl::engine {
class JsonWriter;
}

namespace llmcl::tracer {

// One OTLP/JSON TracesData document (opentelemetry/proto/trace/v1/trace.proto; docs/
// trace-format.md): one resource and one scope, one trace per conversation with a root span
// "conversation" and spans per turn, phase, contract and clause (detail::layoutTurn()), the
// conversations laid end to end from the run's start time. Ids are derived from the run id,
// the conversation id and the span's path, so the same run exports the same document.
// Attributes use the llmcl.* namespace plus the GenAI semantic conventions' conversation id and
// input/output messages. Spans are written as they are made, one per line.
class OtlpTraceWriter : public TraceWriter
{
public:
    using TraceWriter::TraceWriter;

    void beginRun(const RunInfo &run) override;
    void turn(const std::string &conversation, std::int64_t turn,
        const engine::TurnResult &result) override;
    void conversationEnd(
        const std::string &conversation, const engine::ConversationEnd &end) override;
    void finish() override;

    // The hex ids this writer gives (exposed for tests): 32 and 16 lower-case hex digits,
    // never all zeros.
    static std::string traceId(std::string_view runId, std::string_view conversation);
    static std::string spanId(
        std::string_view runId, std::string_view conversation, std::string_view path);

private:
    void openConversation(const std::string &conversation);
    void closeConversation(const engine::ConversationEnd *end);
    void span(engine::JsonWriter &w, std::string_view path, std::string_view parentPath,
        std::string_view name, std::int64_t start, std::int64_t duration);
    // Appends the finished span in `w` to the document (not `emit`: a macro in Qt sources).
    void writeSpan(engine::JsonWriter &w);

    std::string m_runId;
    std::int64_t m_runStart = 0;
    std::string m_conversation;
    std::string m_traceId;
    bool m_inConversation = false;
    std::int64_t m_conversationStart = 0; // ns since the run's start
    std::int64_t m_cursor = 0; // ns since the run's start
    std::int64_t m_turns = 0;
    bool m_anySpan = false;
    bool m_finished = false;
};

} // namespace llmcl::tracer
