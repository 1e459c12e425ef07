// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/program.h"
#include "engine/turnresult.h"

#include <array>
#include <string>
#include <vector>

namespace llmcl::engine {
class EvalScratch;
}

namespace llmcl::engine::detail {

// The interpreter of compiled programs: a switch over 16-byte nodes, recursion by node index,
// values passed by reference. Borrowed strings flow through without copies; the only
// allocations are those a built-in or operator needs for a new value (lower(), a list…).
// One Machine per thread (it holds the turn's variables and the scratch memory).
class Machine
{
public:
    explicit Machine(EvalScratch &scratch)
        : m_scratch(scratch)
    { }

    std::array<Value, static_cast<std::size_t>(Slot::Count)> slots;
    // When set, explained nodes append their values here (tracing).
    std::vector<Explanation> *trace = nullptr;

    // Evaluates `node` of `program` into `out`. On a run-time error returns false; error()
    // and errorRange() say what and where.
    bool eval(const Program &program, std::uint32_t node, Value &out);

    const std::string &error() const noexcept { return m_error; }
    const SourceRange &errorRange() const noexcept { return m_errorRange; }
    // The node that failed: errorRange() is its range in the program.
    std::uint32_t errorNode() const noexcept { return m_errorNode; }
    EvalScratch &scratch() noexcept { return m_scratch; }

private:
    bool evalNode(const Program &program, std::uint32_t node, Value &out);
    bool fail(const Program &program, std::uint32_t node, std::string message);

    EvalScratch &m_scratch;
    std::string m_error;
    SourceRange m_errorRange;
    std::uint32_t m_errorNode = kNoNode;
};

// What a Session adds to a turn's evaluation: the stateful clauses (temporal monitors), run
// after the output phase with the machine's slots still bound to the turn (content after the
// input phase's fixes, response as it arrived).
class OutputPhaseHook
{
public:
    virtual ~OutputPhaseHook() = default;
    virtual void afterOutputPhase(
        Machine &machine, std::vector<ClauseVerdict *> &verdicts, TurnResult &result) = 0;
};

// Explanations keep at most this many bytes of a string value (cut at a code point, with an
// ellipsis), so that tracing a 30 KB response does not copy it into every explanation.
inline constexpr std::size_t kExplainedTextLength = 256;

// The value an explanation records: detached(), with long strings cut.
Value explained(const Value &value);

// A deep copy of `value` that owns all its text (borrowed strings copied), so it may outlive
// the turn it was computed from.
Value detached(const Value &value);

} // namespace llmcl::engine::detail
