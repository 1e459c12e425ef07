// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tracer/tracewriter.h"

#include <optional>
#include <string>
#include <vector>

namespace llmcl::engine {
class JsonWriter;
class Value;
} // namespace llmcl::engine

namespace llmcl::tracer {

// The native export: one JSON document {"format": "llmcl-trace", "version": 1, "runs": [...]}
// (docs/trace-format.md; schema docs/llmcl-trace.schema.json). Conversations and turns are
// written as they arrive, one turn per line; only the malformed-line problems are kept until
// finish().
class LlmclTraceWriter : public TraceWriter
{
public:
    using TraceWriter::TraceWriter;

    void beginRun(const RunInfo &run) override;
    void turn(const std::string &conversation, std::int64_t turn,
        const engine::TurnResult &result) override;
    void conversationEnd(
        const std::string &conversation, const engine::ConversationEnd &end) override;
    void problem(const SessionProblem &problem) override;
    void runEnd(const std::vector<engine::ClauseVerdict> &settled) override;
    void finish() override;

private:
    void openConversation(const std::string &conversation);
    void writeClause(engine::JsonWriter &w, const engine::ClauseVerdict &verdict) const;
    void writeValue(engine::JsonWriter &w, const engine::Value &value) const;

    std::optional<std::string> m_conversation; // the one whose turns are being written
    bool m_anyConversation = false;
    bool m_anyTurn = false;
    bool m_finished = false;
    std::vector<SessionProblem> m_problems;
    std::optional<std::string> m_runEnd; // the "run_end" member's JSON
};

} // namespace llmcl::tracer
