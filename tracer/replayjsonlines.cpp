// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tracer/replayjsonlines.h"

namespace llmcl::tracer {

std::string_view ReplayJsonLines::turn(
    const std::string &conversation, std::int64_t turn, const engine::TurnResult &result)
{
    engine::JsonWriter &writer = m_line;
    writer.clear();
    writer.beginObject();
    writer.member("conversation", conversation);
    writer.member("turn", turn);
    writer.member("valid", result.valid);
    writer.key("violations");
    engine::writeViolations(writer, result.violations);
    writer.key("fixes");
    engine::writeFixes(writer, result.fixes);
    // A turn's clauses; a passing clause with its explanation only when explaining all.
    writer.key("clauses");
    writer.beginArray();
    std::size_t position = 0;
    for (const engine::ContractResult &contract : result.contracts)
        for (const engine::ClauseVerdict &verdict : contract.clauses)
            m_verdicts.write(writer, verdict, position++, m_explainAll);
    writer.endArray();
    writer.endObject();
    return writer.view();
}

std::string_view ReplayJsonLines::conversationEnd(
    const std::string &conversation, const engine::ConversationEnd &end)
{
    engine::JsonWriter &writer = m_line;
    writer.clear();
    writer.beginObject();
    writer.member("conversation", conversation);
    writer.member("end", true);
    writer.member("valid", end.valid);
    writer.key("violations");
    engine::writeViolations(writer, end.violations);
    writer.key("clauses");
    engine::writeClauseVerdicts(writer, end.settled);
    writer.endObject();
    return writer.view();
}

} // namespace llmcl::tracer
