// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/result.h"
#include "tracer/runstatistics.h"
#include "tracer/workspacedb.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace llmcl::tracer {

// Where a change happened. `turn` 0 is what settled when the conversation ended.
struct DiffExample
{
    std::string conversation;
    std::int64_t turn = 0;
};

// One clause over all of one run's turns and ends, as the run dashboards count it
// (RunStatistics).
struct ClauseInRun
{
    std::uint64_t failures = 0; // fail and error verdicts
    LatencyPercentiles latency; // RunStatistics::clauseLatency()
};

// How one clause's verdicts changed from run A to run B over the turns both runs have, and its
// figures in each run.
struct ClauseDiff
{
    enum class Presence : std::uint8_t
    {
        Both,
        OnlyInA, // removed: the contracts of run B do not have it
        OnlyInB, // added
    };
    std::string clause; // "<Contract>#<n>"
    std::string contract;
    Presence presence = Presence::Both;
    std::uint64_t newFailures = 0; // not failing in A (pass, pending, …), fail or error in B
    std::uint64_t newPasses = 0; // fail or error in A, pass in B
    std::uint64_t otherChanges = 0; // any other change of status (e.g. pass → pending)
    std::uint64_t changedFixes = 0; // a fix only in one run, or with another outcome or text
    // The clause in run A and in run B; none in the run that does not have it.
    std::optional<ClauseInRun> inA;
    std::optional<ClauseInRun> inB;
    // At most `examples` of each, in run order.
    std::vector<DiffExample> newFailureExamples;
    std::vector<DiffExample> newPassExamples;
    std::vector<DiffExample> otherChangeExamples;
    std::vector<DiffExample> changedFixExamples;

    bool changed() const
    {
        return presence != Presence::Both || newFailures || newPasses || otherChanges
            || changedFixes;
    }
    // Run B's percentile minus run A's, in nanoseconds (negative: faster in B); none unless both
    // runs evaluated the clause. A latency change does not make the clause changed().
    std::optional<std::int64_t> p50DeltaNs() const
    {
        return latencyDeltaNs(&LatencyPercentiles::p50);
    }
    std::optional<std::int64_t> p95DeltaNs() const
    {
        return latencyDeltaNs(&LatencyPercentiles::p95);
    }
    std::optional<std::int64_t> latencyDeltaNs(std::int64_t LatencyPercentiles::*percentile) const;
};

struct RunDiff
{
    std::int64_t runA = 0;
    std::int64_t runB = 0;
    std::uint64_t turnsCompared = 0; // turns both runs have
    std::uint64_t turnsOnlyInA = 0;
    std::uint64_t turnsOnlyInB = 0;
    // The clauses of run B in their order, then those only in run A; unchanged ones included.
    std::vector<ClauseDiff> clauses;
};

// Compares two stored runs clause by clause (`llmcl diff`, INTERFACES.md §2). Turns are
// matched by conversation id (the n-th conversation of an id with the n-th of the same id in
// the other run) and turn number, clauses by id, fixes by clause and round. Reads run A into
// memory (a few dozen bytes per turn) and streams run B. The clauses' figures in each run come
// from RunStatistics (the summary tables of a finished run; one more pass over the turns of a
// run that did not finish), so they equal the run dashboards'.
engine::Result<RunDiff> diffRuns(
    WorkspaceDatabase &db, std::int64_t runA, std::int64_t runB, std::size_t examples = 3);

} // namespace llmcl::tracer
