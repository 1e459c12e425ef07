// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/result.h"
#include "tracer/replay.h"
#include "tracer/replaytotals.h"
#include "tracer/runinfo.h"
#include "tracer/runwriter.h"
#include "tracer/workspacedb.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace llmcl::tracer {

// A replay being stored as a run of the workspace database: what `llmcl replay --db` and the
// Studio's Replay action both do, so that the two store the same run for the same input.
//
//   1. start() imports the sessions file (idempotent) and begins a run, or takes over an
//      incomplete or cancelled one (resume);
//   2. the caller replays the same file with writer() among its listeners (tracer::replay());
//   3. finish() stores the outcome: complete, cancelled or incomplete, the latency histograms
//      and the summary object (INTERFACES.md §2) in runs.totals.
//
// Uses the database on the calling thread (the database's thread rules), but for the writer's
// storing thread, which writes the replay's batches while the replay runs (RunWriter): the
// caller leaves the connection alone from start() to finish(). The database must outlive the
// recording. Destroying a recording that was not finished leaves the run to
// WorkspaceDatabase (marked incomplete when its writer is gone).
class RunRecording
{
public:
    struct Options
    {
        RunWriterOptions writer;
        // Reports the import's progress and stops it (start() then fails, nothing is begun).
        std::function<void(const ImportProgress &)> importProgress;
        const std::atomic<bool> *cancel = nullptr;
        // start() begins the run at once and imports the sessions on the writer's storing
        // thread while the replay begins (`llmcl replay --db`: the import of an already
        // imported file costs a tenth of the replay's time, and overlaps it now). A failed or
        // cancelled import is then a store error (storeError(); finish() stores the run as
        // incomplete), `importProgress` is called on the storing thread, imported() is known
        // after finish(), and the WorkspaceDatabase object must not move until finish().
        bool importAlongside = false;
        // The local file to read for a sessions name that is not one (an object-store URL a
        // distributed replay fetched): the run and its conversations keep the name.
        std::function<std::string(const std::string &)> localCopy;
    };

    // A new run of `info` (sessions, contract snapshots, options, start time; its id is
    // replaced by "run-<id>"). Fails, with a message naming the file, when the sessions file
    // cannot be read or imported or the run cannot be begun.
    static engine::Result<std::unique_ptr<RunRecording>> start(
        WorkspaceDatabase &db, RunInfo info, const Options &options);
    // Completes run `run` (WorkspaceDatabase::resumeRun()) with its own contracts, sessions and
    // options (`info`, as RunReader::info() gives them).
    static engine::Result<std::unique_ptr<RunRecording>> resume(
        WorkspaceDatabase &db, std::int64_t run, RunInfo info, const Options &options);

    RunRecording(const RunRecording &) = delete;
    RunRecording &operator=(const RunRecording &) = delete;
    ~RunRecording();

    std::int64_t run() const { return m_run; }
    // The run as trace exports describe it: id "run-<id>".
    const RunInfo &info() const { return m_info; }
    // How many conversations a resumed run had stored whole (0 for a new run).
    const ResumePoint &resumePoint() const { return m_point; }
    // (With Options::importAlongside, only after finish().)
    const ImportStats &imported() const { return m_imported; }
    // The listener that stores the results: give it to the replay.
    ReplayListener &writer() { return *m_writer; }
    // The first failure to store a result (a full disk, a lost lock), if any: nothing after it
    // is stored, so a replay may stop there (finish() then stores the run as incomplete and
    // returns this error). Read it on the replay's thread, e.g. from its progress callback.
    std::optional<engine::Error> storeError() const;

    // Ends the run after the replay: complete when every result was stored, cancelled when the
    // replay was, incomplete when reading the sessions or storing failed (what was committed
    // stays). `totals` are the same replay's; `facts.stats` is ignored when the replay failed.
    // Returns the status stored, or the failure (the run is then stored as incomplete when the
    // database still takes it).
    engine::Result<RunStatus> finish(const engine::Result<ReplayStats> &stats,
        const ReplayTotals &totals, std::int64_t durationNs, std::int64_t compileNs,
        const Coverage &coverage);

private:
    RunRecording(WorkspaceDatabase &db, RunInfo info);
    static engine::Result<std::vector<std::int64_t>> import(WorkspaceDatabase &db,
        const std::string &sessions, const Options &options, ImportStats &stats);
    Status open(std::int64_t run, const Options &options, std::vector<std::int64_t> keys);

    WorkspaceDatabase &m_db;
    RunInfo m_info;
    std::int64_t m_run = 0;
    ResumePoint m_point;
    ImportStats m_imported;
    std::unique_ptr<RunWriter> m_writer;
};

} // namespace llmcl::tracer
