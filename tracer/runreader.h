// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/result.h"
#include "engine/turnresult.h"
#include "tracer/conversation.h"
#include "tracer/replay.h"
#include "tracer/replaytotals.h"
#include "tracer/runinfo.h"
#include "tracer/workspacedb.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llmcl::tracer {

// A clause as a run stored it (run_clauses).
struct StoredClause
{
    std::int64_t key = 0; // run_clauses.id
    std::size_t position = 0; // 0-based: its place in a turn's verdicts
    std::string id; // "<Contract>#<n>"
    std::string contract;
    std::string priority;
    engine::ClauseKind kind = engine::ClauseKind::Ensure;
    engine::ClauseSeverity severity = engine::ClauseSeverity::Error;
    std::string file;
    engine::SourceRange range;
};

// Reads a stored run back: what it was (RunInfo), its clauses, their counts and latency
// percentiles, and every result, handed to a ReplayListener in the order the replay reported
// them, so that every trace export works from the database as it does live. Streams: holds one
// conversation's rows at a time. Same thread rules as the database; like a RunWriter, keeps the
// connection, so it goes on working when its WorkspaceDatabase is moved.
class RunReader
{
public:
    static engine::Result<RunReader> open(WorkspaceDatabase &db, std::int64_t run);

    std::int64_t run() const { return m_run; }
    const RunSummary &summary() const { return m_summary; }
    // The run as trace exports describe it: id "run-<id>", start time, sessions file, options
    // and the snapshotted contract sources.
    const RunInfo &info() const { return m_info; }
    const std::vector<StoredClause> &clauses() const { return m_clauses; }

    // Calls the listener's turn() for every stored turn, conversationEnd() for every ended
    // conversation and runEnd() once, in run order. Verdict details (explanations, windows,
    // temporal state) are there when the run stored them. A turn's content and response are
    // the imported texts with the run's applied fixes on top ("" when the run's conversations
    // were not imported).
    [[nodiscard]] Status replayTo(ReplayListener &listener);
    // The same for one conversation of the run, `conversation` being its run_conversations.id
    // (DrillTurn::conversationKey): turn() for each of its stored turns, then conversationEnd()
    // when it ended; no runEnd(). Reads only that conversation's rows (indexed).
    [[nodiscard]] Status replayConversationTo(std::int64_t conversation, ReplayListener &listener);
    // The conversation the run replayed as `conversation` (run_conversations.id) as it was
    // imported: id, metadata, and every turn's texts and context. When the run did not import
    // its conversations, one turn per stored turn with "" as content and no response.
    engine::Result<Conversation> conversation(std::int64_t conversation);

    // Verdict counts per clause (turn verdicts and those settled at the ends), in position order.
    engine::Result<std::vector<ClauseCounts>> clauseCounts();
    // The latency histogram of one clause: the stored one (written when the run finished), or
    // one computed from the stored turns (a run that did not finish).
    engine::Result<LatencyHistogram> clauseLatency(std::string_view clauseId);

private:
    RunReader(WorkspaceDatabase &db, std::int64_t run);
    Status load(WorkspaceDatabase &workspace);
    // replayTo() over the whole run, or over one conversation when `conversation` is given.
    Status replay(ReplayListener &listener, std::optional<std::int64_t> conversation);

    Database *m_db; // the connection: stays where it is when its WorkspaceDatabase moves
    std::int64_t m_run;
    RunSummary m_summary;
    RunInfo m_info;
    std::vector<StoredClause> m_clauses;
};

// Decodes run_turns.durations ("[310,122,0]") into `out`; false when it is malformed.
bool decodeDurations(std::string_view text, std::vector<std::int64_t> &out);
// The strings of a stored JSON list ("[\"A#1\",\"B#2\"]": fixes.broken, conflicts.clauses);
// items that are not strings, and text that is not a JSON list, give none.
std::vector<std::string> decodeStringList(std::string_view json);

} // namespace llmcl::tracer
