// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tracer/tracewriter.h"

#include "tracer/redaction.h"

#include <algorithm>

namespace llmcl::tracer {

TraceWriter::~TraceWriter() = default;

std::string TraceWriter::exported(std::string_view text) const
{
    return m_options.redactPii ? redactPii(text) : std::string(text);
}

namespace detail {

std::string_view phaseOf(engine::ClauseKind kind) noexcept
{
    return kind == engine::ClauseKind::Require ? "input" : "output";
}

TurnLayout layoutTurn(const engine::TurnResult &result, std::int64_t start)
{
    TurnLayout turn;
    turn.start = start;
    std::int64_t cursor = start;
    for (const std::string_view phaseName :
        {std::string_view("input"), std::string_view("output")}) {
        PhaseSpan phase;
        phase.name = phaseName;
        phase.start = cursor;
        for (std::size_t c = 0; c < result.contracts.size(); ++c) {
            const engine::ContractResult &contract = result.contracts[c];
            ContractSpan span;
            span.contract = &contract;
            span.index = c;
            span.start = cursor;
            for (std::size_t k = 0; k < contract.clauses.size(); ++k) {
                const engine::ClauseVerdict &verdict = contract.clauses[k];
                if (verdict.status == engine::ClauseStatus::Skipped
                    || phaseOf(verdict.kind()) != phaseName)
                    continue;
                const std::int64_t duration = std::max<std::int64_t>(0, verdict.durationNs);
                span.clauses.push_back({&verdict, cursor, duration, k});
                cursor += duration;
                if (verdict.status == engine::ClauseStatus::Fail
                    || verdict.status == engine::ClauseStatus::Error)
                    span.valid = false;
            }
            if (span.clauses.empty())
                continue;
            span.duration = cursor - span.start;
            phase.contracts.push_back(std::move(span));
        }
        if (phase.contracts.empty())
            continue;
        phase.duration = cursor - phase.start;
        turn.phases.push_back(std::move(phase));
    }
    turn.duration = std::max(cursor - start, std::max<std::int64_t>(0, result.durationNs));
    return turn;
}

} // namespace detail

} // namespace llmcl::tracer
