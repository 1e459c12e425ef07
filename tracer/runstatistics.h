// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/result.h"
#include "engine/turnresult.h"
#include "tracer/replaytotals.h"
#include "tracer/runaggregate.h"
#include "tracer/runreader.h"
#include "tracer/workspacedb.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llmcl::tracer {

// Percentiles of a latency histogram, in nanoseconds (each within 1 % of the true value; `max`
// is the middle of the highest non-empty bucket). All 0 when nothing was counted.
struct LatencyPercentiles
{
    std::uint64_t count = 0;
    std::int64_t p50 = 0;
    std::int64_t p90 = 0;
    std::int64_t p95 = 0;
    std::int64_t p99 = 0;
    std::int64_t max = 0;
};

// The run dashboard's first page.
struct RunOverview
{
    RunSummary run; // id, times, status, turns stored, contract files, label
    std::uint64_t conversations = 0;
    std::uint64_t turns = 0;
    std::uint64_t validTurns = 0;
    double validTurnsPercent = 0; // 0..100; 0 when there are no turns
    // Fail and error verdicts (of turns and those settled at the ends), by the clause's
    // severity: indexed by engine::ClauseSeverity (critical, error, warning, info).
    std::array<std::uint64_t, 4> violationsBySeverity {};
    std::array<std::uint64_t, 4> fixesByOutcome {}; // indexed by engine::FixOutcome
    std::uint64_t fixes = 0;
    std::uint64_t conflicts = 0; // rows of the conflicts table
    std::optional<std::int64_t> compileNs; // from runs.totals; none when the run did not finish
    LatencyPercentiles turnLatency;
    std::optional<Coverage> coverage; // from runs.totals, when the run finished
};

// One bucket of a latency histogram (LatencyHistogram's buckets).
struct LatencyBucket
{
    std::size_t bucket = 0;
    std::int64_t lowerNs = 0; // 1.02^bucket, rounded down
    std::int64_t upperNs = 0; // 1.02^(bucket + 1), rounded up
    std::uint64_t count = 0;
};

// Time spent in one contract's clauses over the run's turns.
struct ContractTime
{
    std::string contract;
    std::int64_t durationNs = 0; // its clauses' durations, summed
    double share = 0; // durationNs / the summed durations of all turns (0..1, may exceed 1 when
                      // clauses of several contracts ran in parallel)
};

// The failures of one turn number (1-based) over every conversation.
struct TurnNumberFailures
{
    std::int64_t turn = 0;
    std::uint64_t turns = 0; // conversations that had this turn
    std::uint64_t invalidTurns = 0;
    std::uint64_t failingTurns = 0; // turns with at least one fail or error verdict
    std::vector<std::uint64_t> failures; // fail + error verdicts by clause position (0-based)
};

struct MessageCount
{
    std::size_t clause = 0; // position, 0-based (RunStatistics::clauses())
    std::string message;
    std::uint64_t count = 0;
};

// Static conflicts between two contracts (the conflicts table; a contract may meet itself).
struct ConflictCell
{
    std::string contractA; // the smaller name of the two
    std::string contractB;
    std::string kind;
    std::string resolution;
    std::uint64_t count = 0;
};

struct SuppressedClause
{
    std::string clause; // "<Contract>#<n>"
    std::string kind; // of the conflict that suppressed it
    std::string resolution;
    std::vector<std::string> conflictingClauses;
};

struct ConflictMatrix
{
    std::vector<std::string> contracts; // sorted: the matrix's rows and columns
    std::vector<ConflictCell> cells; // sorted by contracts, kind, resolution
    std::vector<SuppressedClause> suppressed;
};

// A conflicts row.
struct StoredConflict
{
    std::int64_t id = 0;
    std::optional<std::int64_t> conversationPosition; // none when its conversation is gone
    std::string conversation;
    std::int64_t turn = 0;
    std::string kind;
    std::vector<std::string> clauses;
    std::string resolution;
    std::vector<std::string> suppressed;
};

// Auto-fix results of one clause.
struct ClauseFixes
{
    std::string clause;
    std::string contract;
    std::uint64_t attempts = 0;
    std::array<std::uint64_t, 4> outcomes {}; // indexed by engine::FixOutcome
    double successRate = 0; // fixed / attempts, 0 when none
    // The clauses its "broke" fixes broke, with how often: sorted by clause.
    std::vector<std::pair<std::string, std::uint64_t>> broke;
};

// A fixes row.
struct StoredFix
{
    std::int64_t id = 0;
    std::int64_t conversationPosition = 0;
    std::string conversation;
    std::int64_t turn = 0;
    std::string clause;
    std::int64_t round = 1;
    std::string expression;
    std::string before;
    std::string after;
    bool applied = false;
    engine::FixOutcome outcome = engine::FixOutcome::Ineffective;
    double confidence = 0;
    std::string error;
    std::vector<std::string> broken;

    // The fix as the engine reported it (what the fix views show).
    engine::FixRecord record() const;
};

// Where a page of turns ends: the next page starts after it (keyset paging, so that page n
// costs what page 1 does). The default starts at the beginning.
struct TurnCursor
{
    std::int64_t conversation = 0; // run_conversations.id
    std::int64_t turn = 0;
};

// A turn behind a dashboard's bar or cell.
struct DrillTurn
{
    std::int64_t conversationKey = 0; // run_conversations.id
    std::int64_t conversationPosition = 0; // 1-based, in run order
    std::string conversation; // its id
    std::int64_t turn = 0; // 1-based
    bool valid = true;
    std::int64_t durationNs = 0;
    std::size_t clause = 0; // the clause asked about (position); for any clause, the first failing
    engine::ClauseStatus status = engine::ClauseStatus::Pass; // of that clause
    std::string message; // of that clause, "" when none
};

struct TurnPage
{
    std::vector<DrillTurn> rows; // in run order
    std::optional<TurnCursor> next; // set when more rows may follow
};

struct FixPage
{
    std::vector<StoredFix> rows; // by id
    std::optional<std::int64_t> next; // the id to pass as `afterId` for the next page
};

// A run's contract as the run snapshotted it.
struct RunContract
{
    std::string file;
    std::string hash; // contract_snapshots.hash: compare with contractSnapshotHash(file, text)
};

// Everything the run dashboards show for one stored run (issue 12), and the turns behind each
// bar. open() reads the run's summary: for a run that finished, the summary tables RunWriter
// wrote (a few thousand rows whatever the run's size); for one that did not (incomplete,
// running, or stored before schema version 4), one streaming pass over its run_turns, which
// gives the same answers more slowly (seconds per million turns). After open(), the overview,
// latency and violation answers are in memory; fixes(), conflicts() and the drill-downs query
// the database each time (paged).
//
// Memory: bounded by clauses × distinct turn numbers and by distinct messages (at most
// RunAggregate::kKeptMessages per clause), never by the number of turns. Same thread rules as
// the database; keeps the connection, not the WorkspaceDatabase object (see RunReader).
class RunStatistics
{
public:
    static engine::Result<RunStatistics> open(WorkspaceDatabase &db, std::int64_t run);

    std::int64_t run() const { return m_run; }
    // True when answered from the summary tables; false when run_turns was scanned.
    bool summarized() const { return m_summarized; }
    // The run's clauses in position order: clause arguments below are indexes into this.
    const std::vector<StoredClause> &clauses() const { return m_clauses; }
    const std::vector<RunContract> &contracts() const { return m_contracts; }

    // 1. Overview.
    const RunOverview &overview() const { return m_overview; }

    // 2. Latency: the turn-latency histogram's non-empty buckets, in order.
    std::vector<LatencyBucket> turnLatencyBuckets() const;
    // Per clause (position order): from clause_latency when the run finished, else from the
    // scanned durations (skipped and suppressed verdicts are not counted).
    const std::vector<LatencyPercentiles> &clauseLatency() const { return m_clauseLatency; }
    // Per contract, in the order of its first clause.
    std::vector<ContractTime> contractTime() const;

    // 3. Violations: verdict counts per clause (turns and ends), in position order.
    std::vector<ClauseCounts> clauseCounts() const;
    // Turn numbers 1..N (N the longest conversation's length).
    std::vector<TurnNumberFailures> failuresByTurn() const;
    // The `limit` most frequent messages of fail and error verdicts over all clauses (ties: by
    // clause position, then text). Each clause keeps its kKeptMessages most frequent.
    std::vector<MessageCount> topMessages(std::size_t limit) const;
    // The messages of `clause` counted but not kept (beyond RunAggregate's caps).
    std::uint64_t otherMessages(std::size_t clause) const;

    // 4. Conflicts.
    engine::Result<ConflictMatrix> conflicts();
    // Conflicts of `kind` between the two contracts (in either order), by id.
    engine::Result<std::vector<StoredConflict>> conflictsBetween(
        std::string_view kind, std::string_view contractA, std::string_view contractB);

    // 5. Auto-fix, per clause that had a fix (sorted by contract, clause).
    engine::Result<std::vector<ClauseFixes>> fixes();
    // Fixes of clause `clause` (an id, "<Contract>#<n>"), with outcome `outcome` when given:
    // also the before/after examples.
    engine::Result<FixPage> fixesOf(std::string_view clause,
        std::optional<engine::FixOutcome> outcome, std::int64_t afterId = 0,
        std::size_t limit = 100);

    // 6. Drill-down, `limit` rows after `after`. Fail and error look-ups of a summarized run
    // go through run_failures; the others read run_turns in run order and stop at `limit`.
    // Turns where `clause` has `status`.
    engine::Result<TurnPage> turnsWithStatus(std::size_t clause, engine::ClauseStatus status,
        TurnCursor after = {}, std::size_t limit = 100);
    // Turns numbered `turn` where `clause` fails or errs; any clause when none is given (the
    // turns TurnNumberFailures::failingTurns counts).
    engine::Result<TurnPage> failingTurnsAt(std::int64_t turn, std::optional<std::size_t> clause,
        TurnCursor after = {}, std::size_t limit = 100);
    // Turns where `clause` fails or errs with `message`.
    engine::Result<TurnPage> turnsWithMessage(std::size_t clause, std::string_view message,
        TurnCursor after = {}, std::size_t limit = 100);

private:
    RunStatistics(Database &db, std::int64_t run);
    Status load(WorkspaceDatabase &workspace);
    // The turns matching `filter` (SQL over run_turns t), in run order after `after`.
    engine::Result<TurnPage> scanTurns(std::string_view filter, const std::string &bindText,
        std::optional<std::size_t> clause, std::int64_t turn, TurnCursor after, std::size_t limit);
    // The failing verdicts of run_failures matching `filter` (SQL over run_failures f).
    engine::Result<TurnPage> failureTurns(std::string_view filter, std::size_t clause,
        std::int64_t status, std::int64_t turn, const std::string &message, TurnCursor after,
        std::size_t limit);
    std::string messagePath(std::size_t clause) const;

    Database *m_db;
    std::int64_t m_run;
    bool m_summarized = false;
    std::int64_t m_firstConversation = 0; // run_conversations.id range of the run
    std::int64_t m_lastConversation = -1;
    std::vector<StoredClause> m_clauses;
    std::vector<RunContract> m_contracts;
    RunOverview m_overview;
    detail::RunAggregate m_aggregate;
    std::vector<LatencyPercentiles> m_clauseLatency;
};

} // namespace llmcl::tracer
