// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/result.h"
#include "engine/session.h"
#include "engine/turnresult.h"
#include "tracer/replay.h"
#include "tracer/runinfo.h"
#include "tracer/runlock.h"
#include "tracer/sessionreader.h"
#include "tracer/sqlite.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
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

// One line of `llmcl runs` (INTERFACES.md §2).
struct RunSummary
{
    std::int64_t id = 0;
    std::string started;
    std::optional<std::string> finished;
    RunStatus status = RunStatus::Running;
    std::uint64_t turns = 0; // turns stored so far
    std::vector<std::string> contracts; // the contract files, in the order given
    std::optional<std::string> label; // set by the user (setRunLabel()), none by default
};

// The SHA-256 (hex) that identifies a contract snapshot (contract_snapshots.hash) of `file` (the
// path as the run was given it) and `source` (its full text): compare it with a run's snapshot
// to tell whether a contract changed since the run.
std::string contractSnapshotHash(std::string_view file, std::string_view source);

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
    // Counts one verdict of `status` that took `ns`.
    void add(engine::ClauseStatus status, std::int64_t ns);
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
    bool cancelled = false; // stopped early: what was committed stays
};

// Where a resumed run continues (WorkspaceDatabase::resumeRun()).
struct ResumePoint
{
    // Conversations 1..kept of the run are stored whole; the replay writes the ones after.
    std::int64_t kept = 0;
};

// The workspace database. Owns its SQLite connection: not thread-safe, one thread uses it at
// a time (the GUI runs it on a worker, never on the GUI thread). Several WorkspaceDatabase
// objects, in one process or many, may open the same file: WAL lets readers go on while one
// writes. Movable: the connection lives behind a stable pointer, so that a RunWriter or
// RunReader made from this object keeps working when the object is moved (constructed or
// assigned from); the object it was moved to must then outlive them.
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
        // How long each statement waits for another connection's lock, the open's own too (the
        // first connection creating the schema, a migration, another process's write
        // transaction while this one marks runs incomplete), before it fails with Busy.
        std::chrono::milliseconds busyTimeout {5000};
    };

    // Opens `path`, creating the file when missing; applies the pending migrations (each in one
    // transaction) and marks the runs whose writer is gone as incomplete (markIncompleteRuns()).
    // Refuses a database of a newer version, a file that is not a workspace database, and a
    // read-only file (unless `options.readOnly`), each with a message naming the file. The file
    // is untrusted input (docs/workspace-database.md, "Opening untrusted databases"): a schema
    // with triggers, views or tables its version does not have is refused, naming them, and one
    // that is not exactly its version's, or about to be migrated, must pass PRAGMA quick_check.
    // The error's kind tells the failures a caller may act on: Busy when another connection
    // held a lock the open needed for longer than `options.busyTimeout` (another process
    // creating or migrating the file: opening it again later may work), ReadOnly when the
    // file may not be written (open it with `options.readOnly`), Full when creating or
    // migrating it found no room.
    static engine::Result<WorkspaceDatabase> open(const std::string &path, Options options);
    static engine::Result<WorkspaceDatabase> open(const std::string &path)
    {
        return open(path, Options {});
    }

    WorkspaceDatabase(WorkspaceDatabase &&) noexcept;
    WorkspaceDatabase &operator=(WorkspaceDatabase &&) noexcept;
    // Runs begun through this object and never finished are marked incomplete, and their locks
    // released.
    ~WorkspaceDatabase();

    // The schema version of the file.
    engine::Result<int> version();

    // Stores the conversations of `reader` that are not stored yet (the same content, by
    // SHA-256 of id, metadata and turns, is stored once: importing a file again adds nothing),
    // in transactions of 5,000 conversations. `sourceFile` is recorded with each one.
    // `progress`, when set, is called after each transaction.
    engine::Result<ImportStats> importSessions(SessionReader &reader, const std::string &sourceFile,
        const std::function<void(const ImportProgress &)> &progress = {});
    struct ImportOptions
    {
        // Called after each transaction.
        std::function<void(const ImportProgress &)> progress;
        // When set, receives the key (conversations.key) of every conversation read, in file
        // order, duplicates included: what a RunWriter links a replay of the same file to.
        std::vector<std::int64_t> *keys = nullptr;
        // Set from another thread to stop after the current transaction (stats.cancelled).
        const std::atomic<bool> *cancel = nullptr;
    };
    engine::Result<ImportStats> importSessions(
        SessionReader &reader, const std::string &sourceFile, const ImportOptions &options);

    // Starts a run (status "running"): returns its id. Ids grow and are never reused. This
    // object holds the run's lock (RunLock, beside the database file) until finishRun() or its
    // destruction: while it does, every other WorkspaceDatabase, in this process or another,
    // sees the run as being written. The row records this process's id and host for messages.
    engine::Result<std::int64_t> beginRun(const RunInfo &info);
    // Ends a run: status, finish time and the totals object (JSON, INTERFACES.md §2 summary);
    // then releases the run's lock.
    [[nodiscard]] Status finishRun(
        std::int64_t run, RunStatus status, std::string_view totalsJson = "null");
    // Runs still "running" whose lock nobody holds (their writer is gone, however it went)
    // become "incomplete". Called by open(); returns how many changed. A run whose lock file
    // cannot be checked stays as it is.
    engine::Result<std::int64_t> markIncompleteRuns();

    // Every run, oldest first.
    engine::Result<std::vector<RunSummary>> runs();
    // The run a command line names (INTERFACES.md §2): its id, "last" (the newest run) or
    // "last~N" (the N-th before it). An error names the database and what is missing.
    engine::Result<std::int64_t> resolveRun(std::string_view reference);
    // The status of a run; an error names the database when there is no such run.
    engine::Result<RunStatus> runStatus(std::int64_t run);
    // Names a run (runs.label, shown with RunSummary); std::nullopt removes the label. An error
    // names the database when there is no such run.
    [[nodiscard]] Status setRunLabel(std::int64_t run, std::optional<std::string_view> label);
    // Takes over an incomplete or cancelled run so that a replay can complete it
    // (RunWriter::resume()): keeps the conversations it stored whole, deletes what the first
    // unfinished one and any later ones stored, the run-end verdicts and the latency histograms
    // (the completing replay writes them again), and marks the run running under this process.
    // Refuses a complete run, one still being written, and one whose kept conversations were
    // replayed from other imported conversations than `sources` lists (what importSessions()
    // gives for the sessions file now, in order): the file changed, and a run cannot continue
    // over different conversations. A refusal changes nothing. A run is being written while
    // someone holds its lock: "running" in a row whose lock is free means its writer is gone.
    // Like beginRun(), this object then holds the run's lock until finishRun().
    engine::Result<ResumePoint> resumeRun(
        std::int64_t run, const std::vector<std::int64_t> &sources);
    // Deletes a run and everything it stored (verdicts, fixes, conflicts, histograms; the
    // contract snapshots and imported conversations stay). Refuses a run still being written
    // (its lock is held, see resumeRun()).
    [[nodiscard]] Status discardRun(std::int64_t run);

    // The connection, for queries of their own (tests, `llmcl diff`). Same thread rules.
    Database &connection() { return *m_db; }
    const std::string &path() const { return m_db->path(); }

private:
    explicit WorkspaceDatabase(std::unique_ptr<Database> db);
    Status migrate();
    Status applyMigrations();
    // Refuses a file whose schema has objects that `version` does not (triggers, views,
    // tables, or ours changed), naming them and the file; `exact` says whether the schema is
    // exactly that of `version` (else a user's index or ANALYZE statistics are there).
    Status checkSchema(int version, bool &exact);
    // PRAGMA quick_check: an error naming the file and what SQLite found when it is damaged.
    Status quickCheck();
    // A run taken for an action that changes it ("discarded", "resumed"): a transaction, the
    // run's lock (so that no writer can start meanwhile) and its status, "incomplete" when it
    // was "running" with nobody holding its lock. Refuses a run this object or anyone else
    // writes.
    struct TakenRun
    {
        RunLock lock; // declared first: released after the transaction ends
        Transaction transaction;
        RunStatus status = RunStatus::Incomplete;
    };
    engine::Result<TakenRun> takeRun(std::int64_t run, std::string_view action, RunLock::Mode mode);
    // Takes the lock of `run`, retrying for a moment when it is held (another process may be
    // checking it this very moment): std::nullopt when it stays held.
    engine::Result<std::optional<RunLock>> lockRun(std::int64_t run, RunLock::Mode mode);

    std::unique_ptr<Database> m_db;
    std::map<std::int64_t, RunLock> m_openRuns; // begun or resumed here, not finished yet
};

} // namespace llmcl::tracer
