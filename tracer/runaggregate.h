// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/result.h"
#include "engine/turnresult.h"
#include "tracer/replaytotals.h"
#include "tracer/sqlite.h"

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace llmcl::tracer::detail {

// What the run dashboards count over a run's turns (RunStatistics), in memory bounded by
// clauses × distinct turn numbers and by distinct messages: verdict counts and time per clause,
// failures per clause and turn number, messages per clause, the turn-latency histogram.
//
// Built two ways that must agree: a RunWriter feeds it every turn as it stores it and writes it
// to the summary tables of schema version 4 when the run finishes (store()); a run without
// them is scanned (scan()), feeding the same calls from run_turns and verdicts. load() reads
// the summary tables back. Clauses are identified by their 0-based position (run_clauses
// .position - 1): counting a verdict costs no string work unless it carries a message.
class RunAggregate
{
public:
    // Distinct messages counted per clause; later new ones only count as "other" (a message
    // that embeds a value per turn would otherwise grow without bound).
    static constexpr std::size_t kCountedMessages = 10000;
    // Messages kept per clause by trimMessages(): the most frequent; the rest count as other.
    static constexpr std::size_t kKeptMessages = 1000;

    struct StringHash
    {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const noexcept
        {
            return std::hash<std::string_view> {}(text);
        }
    };
    using MessageCounts =
        std::unordered_map<std::string, std::uint64_t, StringHash, std::equal_to<>>;

    struct Clause
    {
        std::array<std::uint64_t, 6> counts {}; // by engine::ClauseStatus: turns and ends
        std::int64_t durationNs = 0; // summed over the same verdicts
        MessageCounts messages; // fail and error verdicts' messages
        std::uint64_t otherMessages = 0; // not in `messages` (see kCountedMessages)
        LatencyHistogram latency; // only when scanning (clause_latency has it otherwise)
    };
    // The turns with one turn number (1-based: index + 1).
    struct TurnNumber
    {
        std::uint64_t turns = 0;
        std::uint64_t invalid = 0;
        std::uint64_t failing = 0; // turns with at least one fail or error verdict
        std::vector<std::uint64_t> fail; // by clause position; empty until one fails
        std::vector<std::uint64_t> error;
    };

    // Counts one verdict of the turn being added (turn number `turn`, 1-based).
    void addVerdict(std::size_t position, std::int64_t turn, engine::ClauseStatus status,
        std::int64_t durationNs, std::string_view message);
    // Ends the turn whose verdicts were added.
    void endTurn(std::int64_t turn, bool valid, std::int64_t durationNs);
    // Counts a verdict settled at a conversation's or the run's end.
    void addSettled(std::size_t position, engine::ClauseStatus status, std::int64_t durationNs);
    // Keeps the kKeptMessages most frequent messages of each clause (ties: the smaller text),
    // adding the others' counts to otherMessages.
    void trimMessages();

    // Scans a stored run: every run_turns row of `run`, in run order, and the verdicts settled
    // at the ends. `clauseIds` are the run's clause ids by position (messages are keyed by id).
    // Streams: one row in memory at a time. With `latency`, also builds each clause's latency
    // histogram (skipped and suppressed verdicts not counted, as in ReplayTotals).
    static engine::Result<RunAggregate> scan(
        Database &db, std::int64_t run, const std::vector<std::string> &clauseIds, bool latency);
    // Reads the summary tables of `run`; std::nullopt when it has none (it did not finish, or
    // was stored before schema version 4). `clauseKeys` are run_clauses.id by position.
    static engine::Result<std::optional<RunAggregate>> load(
        Database &db, std::int64_t run, const std::vector<std::int64_t> &clauseKeys);
    // Writes the summary tables of `run` (replacing any), inside the caller's transaction.
    [[nodiscard]] Status store(
        Database &db, std::int64_t run, const std::vector<std::int64_t> &clauseKeys) const;

    std::uint64_t turns = 0;
    std::uint64_t invalidTurns = 0;
    std::int64_t turnDurationNs = 0; // summed
    LatencyHistogram turnLatency;
    std::vector<Clause> clauses; // by position
    std::vector<TurnNumber> turnNumbers; // by turn number - 1

private:
    Clause &clause(std::size_t position);
    bool m_turnFailing = false;
};

} // namespace llmcl::tracer::detail
