// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/result.h"
#include "engine/session.h"
#include "engine/turnresult.h"
#include "tracer/replay.h"
#include "tracer/sessionreader.h"
#include "tracer/sqlite.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

// The workspace database (INTERFACES.md §3): one SQLite file per workspace holding imported
// conversations, contract snapshots, runs and their per-turn per-clause verdicts, fixes and
// conflicts. docs/workspace-database.md documents every table and column.

namespace llmcl::tracer {

enum class RunStatus : std::uint8_t
{
    Running, // being written (or its writer is still alive)
    Complete,
    Incomplete, // its writer died or gave up mid-run: what was committed is consistent
    Cancelled,
};

// "running", "complete", "incomplete", "cancelled": as stored in runs.status.
std::string_view runStatusName(RunStatus status) noexcept;
std::optional<RunStatus> runStatusFromName(std::string_view name) noexcept;

// The exact source of one contract file a run used.
struct ContractSource
{
    std::string file; // as the user gave it
    std::string source;
};

struct RunInfo
{
    std::string started; // ISO 8601; empty: now, in UTC
    std::string sessions; // the sessions file replayed, as given
    std::string optionsJson = "{}"; // the settings of the run (--fix, --jobs, …) as a JSON object
    std::vector<ContractSource> contracts; // snapshotted, deduplicated by hash
};

// One line of `llmcl runs` (INTERFACES.md §2).
struct RunSummary
{
    std::int64_t id = 0;
    std::string started;
    std::optional<std::string> finished;
    RunStatus status = RunStatus::Running;
    std::uint64_t turns = 0; // turns stored so far
    std::vector<std::string> contracts; // the contract files, in the order given
};

// "<run-id> <started> <status> <turns> <contracts>", the contracts joined with ",".
std::string describe(const RunSummary &run);

// Verdict counts of one clause over a run (turn verdicts and those settled at the ends).
struct ClauseCounts
{
    std::string clause; // "<Contract>#<n>"
    std::string contract;
    std::uint64_t pass = 0;
    std::uint64_t fail = 0;
    std::uint64_t error = 0;
    std::uint64_t pending = 0;
    std::uint64_t suppressed = 0;
    std::uint64_t skipped = 0;
    std::int64_t durationNs = 0; // summed
    std::uint64_t total() const { return pass + fail + error + pending + suppressed + skipped; }
};

struct ImportProgress
{
    std::uint64_t bytesRead = 0; // see SessionReader::bytesRead()
    std::uint64_t fileSize = 0;
    std::uint64_t conversations = 0; // read so far
};

struct ImportStats
{
    std::uint64_t conversations = 0; // read from the file
    std::uint64_t imported = 0; // new ones stored
    std::uint64_t duplicates = 0; // already stored (same content hash): skipped
    std::uint64_t turns = 0; // turns of the new ones
    std::uint64_t problems = 0; // malformed lines the reader skipped
};

// The workspace database. Owns its SQLite connection: not thread-safe, one thread uses it at
// a time (the GUI runs it on a worker, never on the GUI thread). Several WorkspaceDatabase
// objects, in one process or many, may open the same file: WAL lets readers go on while one
// writes. Movable; a RunWriter keeps working across a move of its database.
class WorkspaceDatabase
{
public:
    // The schema version this build writes. Each entry of migrations() takes the database
    // from version i to i + 1.
    static int currentVersion();
    // The forward migrations, in order: migrations()[i] is the SQL script from version i to
    // i + 1. Adding a version means appending a script, never editing a released one.
    static const std::vector<std::string_view> &migrations();

    struct Options
    {
        // Read-only: no migration and no marking of runs (a database that needs a migration
        // is refused), every write fails cleanly.
        bool readOnly = false;
    };

    // Opens `path`, creating the file when missing; applies the pending migrations (each in one
    // transaction) and marks the runs whose writer died as incomplete. Refuses a database of
    // a newer version, a file that is not a workspace database, and a read-only file (unless
    // `options.readOnly`), each with a message naming the file.
    static engine::Result<WorkspaceDatabase> open(const std::string &path, Options options);
    static engine::Result<WorkspaceDatabase> open(const std::string &path)
    {
        return open(path, Options {});
    }

    WorkspaceDatabase(WorkspaceDatabase &&) noexcept;
    WorkspaceDatabase &operator=(WorkspaceDatabase &&) noexcept;
    // Runs begun through this object and never finished are marked incomplete.
    ~WorkspaceDatabase();

    // The schema version of the file.
    engine::Result<int> version();

    // Stores the conversations of `reader` that are not stored yet (the same content, by
    // SHA-256 of id, metadata and turns, is stored once: importing a file again adds nothing),
    // in transactions of 1,000 conversations. `sourceFile` is recorded with each one.
    // `progress`, when set, is called after each transaction.
    engine::Result<ImportStats> importSessions(SessionReader &reader, const std::string &sourceFile,
        const std::function<void(const ImportProgress &)> &progress = {});

    // Starts a run (status "running", recorded with this process's id and host so that a later
    // open can tell when the writer died): returns its id. Ids grow and are never reused.
    engine::Result<std::int64_t> beginRun(const RunInfo &info);
    // Ends a run: status, finish time and the totals object (JSON, INTERFACES.md §2 summary).
    [[nodiscard]] Status finishRun(
        std::int64_t run, RunStatus status, std::string_view totalsJson = "null");
    // Runs still "running" whose writing process is gone (same host, process id no longer
    // alive) become "incomplete". Called by open(); returns how many changed.
    engine::Result<std::int64_t> markIncompleteRuns();

    // Every run, oldest first.
    engine::Result<std::vector<RunSummary>> runs();
    // Per clause of `run`, in the order the clauses were first met.
    engine::Result<std::vector<ClauseCounts>> clauseCounts(std::int64_t run);

    // The connection, for queries of their own (tests, `llmcl diff`). Same thread rules.
    Database &connection() { return *m_db; }
    const std::string &path() const { return m_db->path(); }

private:
    friend class RunWriter;
    explicit WorkspaceDatabase(std::unique_ptr<Database> db);
    Status migrate();

    std::unique_ptr<Database> m_db;
    std::set<std::int64_t> m_openRuns; // begun here, not finished yet
};

struct RunWriterOptions
{
    // Turns per transaction: larger batches write faster, smaller ones lose less on a kill.
    std::uint64_t batchTurns = 1000;
    // Stores the explanations (traced values), ensure_prob windows and temporal state of each
    // verdict in verdict_details. Off by default: those are large.
    bool storeDetail = false;
};

// Stores a replay's results in the database as they arrive (a ReplayListener: give it to
// tracer::replay()). Rows are buffered and written in one transaction per `batchTurns` turns
// with statements prepared once, so a kill mid-run leaves whole batches behind; runEnd() and
// flush() write what is buffered. Listener callbacks cannot fail: the first failure is kept in
// error() and writing stops there. Uses the database's connection on the replay's calling
// thread; the database must outlive the writer.
class RunWriter : public ReplayListener
{
public:
    RunWriter(WorkspaceDatabase &db, std::int64_t run, RunWriterOptions options = {});
    // Writes what is still buffered (errors are then only in error()).
    ~RunWriter() override;
    RunWriter(const RunWriter &) = delete;
    RunWriter &operator=(const RunWriter &) = delete;

    void turn(const std::string &conversation, std::int64_t turn,
        const engine::TurnResult &result) override;
    void conversationEnd(
        const std::string &conversation, const engine::ConversationEnd &end) override;
    void runEnd(const std::vector<engine::ClauseVerdict> &settled) override;

    // Writes the buffered rows in one transaction.
    [[nodiscard]] Status flush();
    // The first failure, if any: nothing was written after it.
    const std::optional<engine::Error> &error() const { return m_error; }
    // Turns written in committed transactions.
    std::uint64_t committedTurns() const { return m_committedTurns; }

private:
    struct Clause
    {
        std::string id;
        std::string contract;
        std::string kind;
        std::string severity;
        std::string file;
        std::uint32_t line = 0;
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
    struct TurnRow
    {
        std::size_t conversation = 0;
        std::int64_t turn = 0;
        bool valid = true;
        std::int64_t durationNs = 0;
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
    std::size_t clauseIndex(const engine::ClauseVerdict &verdict);
    void addVerdicts(
        std::size_t conversation, std::int64_t turn, const std::vector<engine::ClauseVerdict> &);
    Status prepare();
    Status write();
    void fail(engine::Error error);

    WorkspaceDatabase *m_db;
    std::int64_t m_run;
    RunWriterOptions m_options;
    std::optional<engine::Error> m_error;
    std::uint64_t m_committedTurns = 0;
    std::uint64_t m_pendingTurns = 0;

    std::vector<Clause> m_clauses;
    std::map<std::string, std::size_t, std::less<>> m_clauseIndex; // "contract\0id"
    // The conversations the buffered rows name; after a write only the open one stays.
    std::vector<ConversationRow> m_conversations;
    std::size_t m_current; // the conversation whose turns are arriving, or npos
    std::int64_t m_conversationCount = 0;
    std::set<std::string> m_conflictsSeen; // static conflicts are stored once per run

    std::vector<VerdictRow> m_verdicts;
    std::vector<TurnRow> m_turns;
    std::vector<FixRow> m_fixes;
    std::vector<ConflictRow> m_conflicts;

    struct Statements;
    std::unique_ptr<Statements> m_statements;
};

} // namespace llmcl::tracer
