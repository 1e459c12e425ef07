// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/compiledset.h"
#include "engine/json.h"
#include "engine/session.h"
#include "engine/turnresult.h"
#include "tracer/replay.h"

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace llmcl::tracer {

// Latencies in log-spaced buckets: each bucket is 2% wider than the one before, from 1 ns to
// about 100 s, so any percentile is within 2% of the true value, in constant memory.
class LatencyHistogram
{
public:
    void add(std::int64_t nanoseconds);
    // Adds another histogram's counts.
    void merge(const LatencyHistogram &other);
    // The q-quantile (0 < q <= 1) in nanoseconds, 0 when empty.
    std::int64_t quantile(double q) const;
    std::uint64_t count() const noexcept { return m_count; }

    // Bucket b holds the latencies from 1.02^b ns up to 1.02^(b + 1) ns (bucket 0 also those
    // of 1 ns and less): how the workspace database stores a histogram (clause_latency).
    static std::size_t bucketOf(std::int64_t nanoseconds);
    void addToBucket(std::size_t bucket, std::uint64_t count);
    // Calls f(bucket, count) for every bucket that is not empty, in order.
    template<typename F>
    void forEachBucket(F &&f) const
    {
        for (std::size_t b = 0; b < m_buckets.size(); ++b)
            if (m_buckets[b])
                f(b, m_buckets[b]);
    }

private:
    std::vector<std::uint64_t> m_buckets;
    std::uint64_t m_count = 0;
};

// Per clause, over a run.
struct ClauseTotals
{
    std::string id;
    std::string contract;
    engine::ClauseKind kind = engine::ClauseKind::Ensure;
    std::uint64_t evaluations = 0; // verdicts other than skipped
    std::uint64_t passes = 0;
    std::uint64_t failures = 0;
    std::uint64_t errors = 0;
    std::uint64_t pending = 0;
    std::uint64_t suppressed = 0;
    std::array<std::uint64_t, 4> fixes {}; // by engine::FixOutcome
    std::uint64_t conflicts = 0; // fixes that broke another clause
    LatencyHistogram latency;
};

// What a run did not exercise: clause ids in the set's evaluation order.
struct Coverage
{
    std::vector<std::string> neverEvaluated; // no verdict but skipped or suppressed
    std::vector<std::string> neverFailed; // evaluated, never fail or error
    std::vector<std::string> fixesNeverApplied; // has an auto_fix that was never applied
};

// The totals of a replay (INTERFACES.md §2, the summary object): per contract and clause,
// counts of verdicts, fixes by outcome, fix conflicts and latency percentiles. Feed it every
// turn result and conversation end, in any order.
class ReplayTotals
{
public:
    void addTurn(const engine::TurnResult &result);
    void addEnd(const engine::ConversationEnd &end);
    void addRunEnd(const std::vector<engine::ClauseVerdict> &settled);
    // Adds the totals of other results (of the same contract set): what feeding this one
    // those results would have given. Clauses this one has not seen are appended in `other`'s
    // order.
    void merge(const ReplayTotals &other);

    std::uint64_t turns = 0;
    std::uint64_t invalidTurns = 0;
    std::uint64_t conversations = 0;
    std::uint64_t invalidConversations = 0; // a violation settled at the end
    std::uint64_t runEndFailures = 0;
    LatencyHistogram turnLatency;

    // Clauses in first-seen order (the set's evaluation order).
    const std::vector<ClauseTotals> &clauses() const noexcept { return m_clauses; }

    // The clauses of `set` the run never evaluated, never saw fail, or never fixed.
    Coverage coverage(const engine::CompiledSet &set) const;

private:
    ClauseTotals &clause(const engine::ClauseVerdict &verdict);
    // The index in m_clauses of a clause's totals, appended when it is new.
    std::size_t clauseIndex(
        const std::string &contract, const std::string &id, engine::ClauseKind kind);
    void count(ClauseTotals &totals, engine::ClauseStatus status);

    std::vector<ClauseTotals> m_clauses;
    // The totals of each clause record seen (a compiled set's verdicts of a clause all hold
    // the same record), found once by key, so that counting a verdict needs no string work:
    // a turn's verdicts come in the same order every turn, so the record at each position is
    // compared first; the map is for another order (settled verdicts, another set). The
    // records are kept alive, so that no other record can take a known one's address.
    struct Known
    {
        std::shared_ptr<const engine::ClauseRecord> record;
        std::size_t totals = 0; // index into m_clauses
    };
    std::vector<Known> m_byPosition;
    std::unordered_map<const engine::ClauseRecord *, Known> m_byRecord;
    std::map<std::string, std::size_t, std::less<>> m_index; // "contract/id" → m_clauses
};

// What the summary object says besides the totals.
struct ReplayFacts
{
    ReplayStats stats;
    std::int64_t durationNs = 0; // the replay
    std::int64_t compileNs = 0; // compiling the contracts, before it
    Coverage coverage;
    // The stored run ("database" and "run"), when the summary names one.
    std::optional<std::string> database;
    std::int64_t run = 0;
};

// The summary object of a replay (INTERFACES.md §2): what `llmcl replay --format json` prints
// last and what the workspace database keeps in runs.totals.
void writeSummaryObject(
    engine::JsonWriter &writer, const ReplayTotals &totals, const ReplayFacts &facts);

} // namespace llmcl::tracer
