// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/session.h"
#include "engine/turnresult.h"
#include "tracer/replay.h"
#include "tracer/runaggregate.h"
#include "tracer/workspacedb.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace llmcl::tracer {

class ReplayTotals;

struct RunWriterOptions
{
    // Turns per transaction: larger batches write faster, smaller ones lose less on a kill.
    std::uint64_t batchTurns = 1000;
    // Stores every verdict of every turn as a verdicts row with its explanations (traced
    // values), ensure_prob window and temporal state in verdict_details. Off by default: a
    // turn's verdicts then take one run_turns row (docs/workspace-database.md).
    bool storeDetail = false;
};

// Stores a replay's results in the workspace database as they arrive (a ReplayListener: give
// it to tracer::replay()). Rows are buffered and written in one transaction per `batchTurns`
// turns with statements prepared once, so a kill mid-run leaves whole batches behind; runEnd()
// and flush() write what is buffered. Listener callbacks cannot fail: the first failure is
// kept in error() and writing stops there. Uses the database's connection on the replay's
// calling thread. Keeps the connection, not the WorkspaceDatabase object: the writer goes on
// working when that object is moved (constructed or assigned from), and the object (or the one
// it was moved to) must outlive the writer.
class RunWriter : public ReplayListener
{
public:
    RunWriter(WorkspaceDatabase &db, std::int64_t run, RunWriterOptions options = {});
    // Writes what is still buffered (errors are then only in error()).
    ~RunWriter() override;
    RunWriter(const RunWriter &) = delete;
    RunWriter &operator=(const RunWriter &) = delete;

    // The imported conversation (conversations.key) of each conversation the replay will
    // report, in order: what WorkspaceDatabase::importSessions() listed for the same file.
    // Without it a run's conversations are linked to none (exports then carry no texts).
    void setConversationSources(std::vector<std::int64_t> keys) { m_sources = std::move(keys); }

    // Continues a run that WorkspaceDatabase::resumeRun() took over: the replay reports every
    // conversation again (ensure_prob windows and run-end verdicts need all of them), the first
    // `point.kept` of which are stored already and are not written again. Reads the run's
    // stored clauses; call before the replay starts.
    [[nodiscard]] Status resume(const ResumePoint &point);

    void turn(const std::string &conversation, std::int64_t turn,
        const engine::TurnResult &result) override;
    void conversationEnd(
        const std::string &conversation, const engine::ConversationEnd &end) override;
    void runEnd(const std::vector<engine::ClauseVerdict> &settled) override;

    // Writes the buffered rows in one transaction.
    [[nodiscard]] Status flush();
    // Writes what is buffered, the per-clause latency histograms of `totals` (the same
    // replay's), which dashboards and percentile queries read, and the summary the run
    // dashboards read (RunStatistics; schema version 4), counted from the turns as they were
    // stored.
    [[nodiscard]] Status finish(const ReplayTotals &totals);
    // The first failure, if any: nothing was written after it.
    const std::optional<engine::Error> &error() const { return m_error; }
    // Turns written in committed transactions.
    std::uint64_t committedTurns() const { return m_committedTurns; }

private:
    struct Clause
    {
        std::string id;
        std::string contract;
        std::string priority;
        engine::ClauseKind kind = engine::ClauseKind::Ensure;
        engine::ClauseSeverity severity = engine::ClauseSeverity::Error;
        std::string file;
        engine::SourceRange range;
        std::int64_t key = 0; // run_clauses.id once written
    };
    struct ConversationRow
    {
        std::string id;
        std::int64_t position = 0; // 1-based, in run order
        std::int64_t key = 0; // run_conversations.id once written
        std::optional<bool> valid; // set at its end
        bool validWritten = false;
    };
    // A turn's verdicts, encoded (docs/workspace-database.md, run_turns).
    struct TurnRow
    {
        std::size_t conversation = 0;
        std::int64_t turn = 0;
        bool valid = true;
        std::int64_t durationNs = 0;
        std::string statuses;
        std::string durations;
        std::string messages; // "" when no verdict has one
        std::string violations; // "" when there are none
    };
    // A verdicts row: what settled at an end, or any verdict when storing detail.
    struct VerdictRow
    {
        std::size_t conversation = 0; // index into m_conversations, npos at run end
        std::int64_t turn = 0; // 1-based; 0: settled at the conversation's or run's end
        std::size_t clause = 0; // index into m_clauses
        engine::ClauseStatus status = engine::ClauseStatus::Skipped;
        std::int64_t durationNs = 0;
        std::string message;
        std::string detail; // JSON when storeDetail and there is any
    };
    struct FixRow
    {
        std::size_t conversation = 0;
        std::int64_t turn = 0;
        engine::FixRecord record;
    };
    struct ConflictRow
    {
        std::size_t conversation = 0;
        std::int64_t turn = 0;
        engine::ConflictRecord record;
    };

    std::size_t conversationIndex(const std::string &id);
    // True for an event of a conversation stored before a resume (counted, not written).
    bool storedBefore(const std::string &id, bool end);
    void noteConflicts(std::size_t conversation, std::int64_t turn,
        const std::vector<engine::ConflictRecord> &conflicts, bool write);
    std::size_t clauseIndex(const engine::ClauseVerdict &verdict, const std::string &priority);
    void addVerdicts(std::size_t conversation, std::int64_t turn,
        const std::vector<engine::ClauseVerdict> &verdicts);
    void encodeTurn(std::size_t conversation, std::int64_t turn, const engine::TurnResult &result);
    Status prepare();
    Status write();
    void fail(engine::Error error);

    Database *m_db; // the connection: stays where it is when its WorkspaceDatabase moves
    std::int64_t m_run;
    RunWriterOptions m_options;
    std::optional<engine::Error> m_error;
    std::uint64_t m_committedTurns = 0;
    std::uint64_t m_pendingTurns = 0;
    std::vector<std::int64_t> m_sources;
    std::int64_t m_kept = 0; // conversations stored before a resume
    std::string m_storedId; // the stored conversation the replay is reporting, if any
    bool m_inStored = false;

    std::vector<Clause> m_clauses; // by position: the order of a turn's verdicts
    std::map<std::string, std::size_t, std::less<>> m_clauseIndex; // "contract\0id"
    // By position, the clause record whose verdicts were found there (kept alive): a turn of
    // the same compiled set is checked against the clauses' positions without string work.
    std::vector<std::shared_ptr<const engine::ClauseRecord>> m_records;
    // The conversations the buffered rows name; after a write only the open one stays.
    std::vector<ConversationRow> m_conversations;
    std::size_t m_current; // the conversation whose turns are arriving, or npos
    std::int64_t m_conversationCount = 0;
    std::set<std::string> m_conflictsSeen; // static conflicts are stored once per run

    std::vector<TurnRow> m_turns;
    std::vector<VerdictRow> m_verdicts;
    std::vector<FixRow> m_fixes;
    std::vector<ConflictRow> m_conflicts;
    // What RunStatistics shows, counted as turns arrive (bounded: clauses × turn numbers and
    // messages) and stored by finish().
    detail::RunAggregate m_aggregate;

    struct Statements;
    std::unique_ptr<Statements> m_statements;
};

} // namespace llmcl::tracer
