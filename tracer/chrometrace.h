// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tracer/tracewriter.h"

#include <cstdint>
#include <string>

namespace llmcl::engine {
class JsonWriter;
}

namespace llmcl::tracer {

// Chrome Trace Event Format ({"traceEvents": [...]}, opened by Perfetto UI and
// chrome://tracing; docs/trace-format.md). Process 1 is the replay; each conversation is a
// thread (tid 1, 2, … in run order) whose timeline starts at 0: its turns laid end to end,
// each a complete ("X") event containing its phases, their contracts and their clauses, laid
// out by detail::layoutTurn(). Times in microseconds with nanosecond precision (three decimals,
// written exactly from integer nanoseconds). One event per line, written as it is made.
class ChromeTraceWriter : public TraceWriter
{
public:
    using TraceWriter::TraceWriter;

    void beginRun(const RunInfo &run) override;
    void turn(const std::string &conversation, std::int64_t turn,
        const engine::TurnResult &result) override;
    void conversationEnd(
        const std::string &conversation, const engine::ConversationEnd &end) override;
    void finish() override;

private:
    void openConversation(const std::string &conversation);
    void event(const std::string &json);
    void clauseArgs(engine::JsonWriter &w, const engine::ClauseVerdict &verdict) const;

    std::string m_runId;
    std::string m_conversation;
    bool m_inConversation = false;
    std::int64_t m_tid = 0;
    std::int64_t m_cursor = 0; // ns since the conversation's start
    bool m_anyEvent = false;
    bool m_finished = false;
};

} // namespace llmcl::tracer
