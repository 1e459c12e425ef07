// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/session.h"
#include "engine/turnresult.h"
#include "tracer/sessionreader.h"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace llmcl::tracer {

// Writes a partition's replay results as compact bytes (tracer/resultwire.h): what a Dask
// worker returns and tracer::ResultDecoder reads back on the client, field for field what the
// run writer, the run totals and the ensure_prob windows read from a result. Left out: the
// turn's texts after fixes (TurnResult::content and ::response), which nothing stored reads;
// a clause's id, contract, kind, severity, file and range, which travel once per partition.
// Not thread-safe.
class ResultEncoder
{
public:
    ResultEncoder();

    // `line` is 1-based within the partition; `idFromLine`: the line had no "id", so the
    // conversation's id is its line number in the file (which only the client knows).
    void conversation(
        std::string_view id, bool idFromLine, std::uint64_t line, std::uint64_t byteOffset);
    void turn(std::int64_t turn, const engine::TurnResult &result);
    void end(const engine::ConversationEnd &end);
    // `problem.line` 1-based within the partition, `problem.byteOffset` in the file.
    void problem(const SessionProblem &problem);
    // The partition was read to its end: it covered `lines` lines, bytes [begin, end) of the
    // file (begin and end moved to line starts).
    void done(std::uint64_t lines, std::uint64_t begin, std::uint64_t end);

    std::string &bytes() { return m_out; }

private:
    void verdict(const engine::ClauseVerdict &verdict);
    void verdicts(const std::vector<engine::ClauseVerdict> &verdicts);
    void violations(const std::vector<engine::Violation> &violations);

    std::string m_out;
    std::map<std::string, std::uint64_t, std::less<>> m_clauses; // "contract\0id" → index
    std::string m_key;
};

} // namespace llmcl::tracer
