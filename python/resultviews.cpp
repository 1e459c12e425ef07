// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "resultviews.h"

#include "engine/json.h"
#include "engine/resultjson.h"
#include "tracer/replayjsonlines.h"

#include <string_view>

#include "conversion.h"

namespace llmcl::python {

namespace {

nb::str jsonText(std::string_view text)
{
    return nb::str(text.data(), text.size());
}

} // namespace

nb::str TurnResultView::content() const
{
    return pyText(m_result.content);
}

nb::object TurnResultView::response() const
{
    return m_result.response ? nb::object(pyText(*m_result.response)) : nb::none();
}

nb::list TurnResultView::violations() const
{
    return violationList(m_result.violations);
}

nb::list TurnResultView::verdicts(bool explained) const
{
    nb::list list;
    for (const engine::ContractResult &contract : m_result.contracts)
        for (const engine::ClauseVerdict &v : contract.clauses)
            list.append(verdictTuple(v, explained));
    return list;
}

nb::list TurnResultView::fixes() const
{
    nb::list list;
    for (const engine::FixRecord &f : m_result.fixes) {
        nb::list broken;
        for (const std::string &clause : f.broken)
            broken.append(pyText(clause));
        list.append(nb::make_tuple(pyText(f.contract), pyText(f.clause),
            pyText(engine::clauseKindName(f.kind)), f.line, pyText(f.expression), pyText(f.before),
            pyText(f.after), f.applied, pyText(engine::fixOutcomeName(f.outcome)), f.confidence,
            f.round,
            f.outcome == engine::FixOutcome::Error ? nb::object(pyText(f.error)) : nb::none(),
            broken));
    }
    return list;
}

nb::str TurnResultView::json() const
{
    engine::JsonWriter writer;
    engine::writeTurnResult(writer, m_result);
    return jsonText(writer.view());
}

nb::str TurnResultView::replayLine(
    const std::string &conversation, std::int64_t turn, bool explainAll) const
{
    tracer::ReplayJsonLines lines(explainAll);
    return jsonText(lines.turn(conversation, turn, m_result));
}

nb::tuple ConversationEndView::data() const
{
    return conversationEndTuple(m_end);
}

nb::str ConversationEndView::replayLine(const std::string &conversation) const
{
    tracer::ReplayJsonLines lines(false);
    return jsonText(lines.conversationEnd(conversation, m_end));
}

} // namespace llmcl::python
