// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "editor/jobchannel.h"
#include "engine/result.h"
#include "tracer/replay.h"
#include "tracer/runinfo.h"
#include "tracer/workspacedb.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QThreadPool>

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace llmcl::app {

// What to replay: a new run of `contracts` over `sessions`, or the completion of run `resume`
// (with its own contracts, sessions and options; the other fields are then ignored).
struct ReplayRequest
{
    QString database;
    QString sessions;
    // The contract files with the text to replay (the run snapshots exactly that text). When
    // empty, every contract file of `workspace` (tracer::Workspace, scanned by the job), each
    // with its text in `buffers` when an editor has unsaved changes, else on disk.
    std::vector<tracer::ContractSource> contracts;
    QString workspace;
    std::map<std::string, std::string> buffers; // absolute path → unsaved text
    bool fix = true;
    bool storeDetail = false; // verdict details for traces (larger database)
    int jobs = 2;
    std::optional<qint64> resume;
};

// A replay's state as it goes, and its end.
struct ReplayReport
{
    enum class Phase
    {
        Importing, // the sessions file is imported into the database
        Replaying,
        Finished,
    };
    Phase phase = Phase::Importing;
    tracer::ReplayProgress progress; // bytes and conversations while importing
    qint64 run = 0; // 0 until the run is begun
    // Finished:
    std::optional<tracer::RunStatus> status; // what the run was stored as (none: never begun)
    QString error; // why it failed or stopped early (contract errors, I/O, disk full, …)
    engine::Error::Kind errorKind = engine::Error::Kind::Other; // Full: the disk is full
    std::uint64_t problems = 0; // malformed lines of the sessions file, skipped
    QStringList firstProblems; // the first few, "file:line: cause"
};

// Runs one replay into the workspace database on a thread of its own, through the same code
// as `llmcl replay --db` (tracer::RunRecording): compile, import, replay, store. Reports
// arrive on the GUI thread through an editor::JobChannel about five times a second (never one
// per turn), the last one with phase Finished. cancel() stops after the conversations in flight;
// the run is then stored as cancelled. The job has its own database connection; the Runs panel sees
// the run grow through its own. GUI thread only; destroying a running job cancels it and waits.
class ReplayJob : public QObject
{
    Q_OBJECT

public:
    explicit ReplayJob(QObject *parent = nullptr);
    ~ReplayJob() override;

    // Starts `request`; false when a replay is running already.
    bool start(ReplayRequest request);
    void cancel();
    bool isRunning() const { return m_running; }
    const ReplayReport &lastReport() const { return m_last; }

Q_SIGNALS:
    void progressed(const llmcl::app::ReplayReport &report);
    void finished(const llmcl::app::ReplayReport &report);

private:
    using Job = editor::JobChannel<ReplayJob>::Job;
    static void run(const Job &job, const ReplayRequest &request, const std::atomic<bool> &cancel);
    void reported(const ReplayReport &report);

    QThreadPool m_pool;
    editor::JobChannel<ReplayJob> m_jobs {this};
    std::shared_ptr<std::atomic<bool>> m_cancel;
    bool m_running = false;
    ReplayReport m_last;
};

} // namespace llmcl::app
