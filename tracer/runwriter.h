// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/session.h"
#include "engine/turnresult.h"
#include "tracer/replay.h"
#include "tracer/runaggregate.h"
#include "tracer/workspacedb.h"

#include <cstdint>
#include <functional>
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
// it to tracer::replay()). Rows are encoded on the thread that calls the listener and written
// by a storing thread of the writer's own, one transaction per `batchTurns` turns with statements
// prepared once, so that the replay goes on while SQLite writes (a batch's write takes
// milliseconds that would otherwise stall the replay's workers) and a kill mid-run leaves whole
// batches behind. At most two batches wait to be written; a replay that outruns the disk waits
// for them. runEnd(), flush() and finish() wait until everything is written. Listener
// callbacks cannot fail: the first failure is kept in error() and writing stops there.
//
// The connection: between the first stored batch and the next flush() (or finish(), runEnd()
// or the destructor) the storing thread may be using it, and nobody else may; after them it
// is the caller's again. The writer keeps the connection, not the WorkspaceDatabase object: it
// goes on working when that object is moved (constructed or assigned from), and the object (or
// the one it was moved to) must outlive the writer. Not thread-safe otherwise: one thread at
// a time calls it (a replay's emitting threads take turns).
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
    // Call before the replay starts.
    void setConversationSources(std::vector<std::int64_t> keys);
    // Instead: runs `import` on the storing thread before any batch is written, while the
    // replay begins; the keys it returns become the conversation sources, its error the
    // writer's first failure. The storing thread starts at once (it uses the connection from
    // now on), and up to 32 batches wait while the import runs. Call before the replay starts
    // and after resume().
    void importFirst(std::function<engine::Result<std::vector<std::int64_t>>()> import);

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

    // Writes the buffered rows in one transaction and waits until every batch is written.
    [[nodiscard]] Status flush();
    // Writes what is buffered, the per-clause latency histograms of `totals` (the same
    // replay's), which dashboards and percentile queries read, and the summary the run
    // dashboards read (RunStatistics; schema version 4), counted from the turns as they were
    // stored.
    [[nodiscard]] Status finish(const ReplayTotals &totals);
    // The first failure, if any: nothing was written after it. A batch's failure is known
    // once the storing thread met it (at the latest after flush()).
    std::optional<engine::Error> error() const;
    // Turns written in committed transactions so far (all of them after flush()).
    std::uint64_t committedTurns() const;

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
    };
    struct ConversationRow
    {
        std::string id;
        std::int64_t position = 0; // 1-based, in run order
        std::optional<bool> valid; // set at its end
        // Inserted by an earlier batch: the conversation that was still receiving turns when
        // that batch was handed over (its validity is then written when it is known).
        bool stored = false;
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

    // The rows of one transaction. Their conversation indices are into `conversations`,
    // their clause indices into m_clauses (and the store's keys).
    struct Batch
    {
        std::vector<Clause> clauses; // the clauses first seen since the last batch
        std::vector<ConversationRow> conversations;
        std::vector<TurnRow> turns; // the first `turnCount` are this batch's; the rest are
                                    // rows of an earlier batch kept for their strings
        std::uint64_t turnCount = 0;
        std::vector<VerdictRow> verdicts;
        std::vector<FixRow> fixes;
        std::vector<ConflictRow> conflicts;

        // Whether writing it would change the database.
        bool pending() const;
        // Empty for the next batch, keeping the rows' memory.
        void clear();
    };
    class Store;

    std::size_t conversationIndex(const std::string &id);
    // True for an event of a conversation stored before a resume (counted, not written).
    bool storedBefore(const std::string &id, bool end);
    void noteConflicts(std::size_t conversation, std::int64_t turn,
        const std::vector<engine::ConflictRecord> &conflicts, bool write);
    std::size_t clauseIndex(const engine::ClauseVerdict &verdict, const std::string &priority);
    void addVerdicts(std::size_t conversation, std::int64_t turn,
        const std::vector<engine::ClauseVerdict> &verdicts);
    void encodeTurn(std::size_t conversation, std::int64_t turn, const engine::TurnResult &result);
    // Hands the batch to the storing thread and begins the next one.
    void submit();
    void fail(engine::Error error);

    Database *m_db; // the connection: stays where it is when its WorkspaceDatabase moves
    std::int64_t m_run;
    RunWriterOptions m_options;
    std::int64_t m_kept = 0; // conversations stored before a resume
    std::string m_storedId; // the stored conversation the replay is reporting, if any
    bool m_inStored = false;

    std::vector<Clause> m_clauses; // by position: the order of a turn's verdicts
    std::size_t m_clausesSent = 0; // the first of m_clauses not handed to the store yet
    std::map<std::string, std::size_t, std::less<>> m_clauseIndex; // "contract\0id"
    // By position, the clause record whose verdicts were found there (kept alive): a turn of
    // the same compiled set is checked against the clauses' positions without string work.
    std::vector<std::shared_ptr<const engine::ClauseRecord>> m_records;
    Batch m_batch; // what the next transaction writes
    std::size_t m_current; // in m_batch.conversations, the one whose turns arrive, or npos
    std::int64_t m_conversationCount = 0;
    std::set<std::string> m_conflictsSeen; // static conflicts are stored once per run
    // What RunStatistics shows, counted as turns arrive (bounded: clauses × turn numbers and
    // messages) and stored by finish().
    detail::RunAggregate m_aggregate;

    std::unique_ptr<Store> m_store; // the storing thread, its statements and keys
};

} // namespace llmcl::tracer
