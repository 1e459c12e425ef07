// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/turnresult.h"
#include "tracer/replay.h"
#include "tracer/runinfo.h"

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace llmcl::tracer {

struct ExportOptions
{
    // Pass every exported text (contents, responses, fix before/after, string operand values,
    // messages, contract sources) through redactPii() (redaction.h).
    bool redactPii = false;
};

// A trace export (docs/trace-format.md): a ReplayListener that writes one document to a stream
// as the replay goes, holding no more than the conversation in progress. Call beginRun() before
// the replay, finish() after it (it writes the document's end and flushes); the stream must
// outlive the writer. Not thread-safe: replay() calls listeners on its calling thread.
class TraceWriter : public ReplayListener
{
public:
    explicit TraceWriter(std::ostream &out, ExportOptions options = {})
        : m_out(out)
        , m_options(options)
    { }
    ~TraceWriter() override;

    virtual void beginRun(const RunInfo &run) = 0;
    virtual void finish() = 0;

protected:
    // `text` as it may be exported: redacted when the options say so.
    std::string exported(std::string_view text) const;

    std::ostream &m_out;
    ExportOptions m_options;
};

namespace detail {

// The synthetic timeline the Chrome and OTLP exports share: a turn's clauses laid end to end
// by their measured durations, grouped by contract, the contracts grouped by phase (input:
// require clauses; output: the others), the phases in order; the turn lasts its measured
// duration or the sum of its phases, whichever is longer. Skipped verdicts take no place.
// Offsets and durations in nanoseconds, relative to whatever `start` is.
struct ClauseSpan
{
    const engine::ClauseVerdict *verdict = nullptr;
    std::int64_t start = 0;
    std::int64_t duration = 0;
    std::size_t index = 0; // in its ContractResult::clauses
};
struct ContractSpan
{
    const engine::ContractResult *contract = nullptr;
    std::size_t index = 0; // in TurnResult::contracts
    std::int64_t start = 0;
    std::int64_t duration = 0;
    bool valid = true; // no clause of this phase failed or errored
    std::vector<ClauseSpan> clauses;
};
struct PhaseSpan
{
    std::string_view name; // "input" or "output"
    std::int64_t start = 0;
    std::int64_t duration = 0;
    std::vector<ContractSpan> contracts;
};
struct TurnLayout
{
    std::int64_t start = 0;
    std::int64_t duration = 0;
    std::vector<PhaseSpan> phases;
};

TurnLayout layoutTurn(const engine::TurnResult &result, std::int64_t start);

// "input" for require clauses, "output" for the others.
std::string_view phaseOf(engine::ClauseKind kind) noexcept;

} // namespace detail

} // namespace llmcl::tracer
