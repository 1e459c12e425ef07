// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/runs/replayjob.h"

#include "engine/compiledset.h"
#include "tracer/replaytotals.h"
#include "tracer/runreader.h"
#include "tracer/runrecording.h"
#include "tracer/sessionreader.h"
#include "tracer/workspace.h"

#include <QFile>

#include <chrono>
#include <filesystem>

namespace llmcl::app {

namespace {

constexpr std::size_t kProblemsShown = 5;

// Keeps the first malformed lines; the replay counts the totals the run's summary stores
// (ReplayOptions::totals).
class RunObserver final : public tracer::ReplayListener
{
public:
    tracer::ReplayTotals totals;
    std::uint64_t problems = 0;
    QStringList firstProblems;

    void problem(const tracer::SessionProblem &problem) override
    {
        if (problems++ < kProblemsShown)
            firstProblems << QString::fromStdString(tracer::describe(problem));
    }
};

std::int64_t nanosecondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::steady_clock::now() - start)
        .count();
}

// The contract files of `folder` with their texts: an editor's unsaved buffer, else the file's.
engine::Result<std::vector<tracer::ContractSource>> workspaceContracts(
    const QString &folder, const std::map<std::string, std::string> &buffers)
{
    auto workspace = tracer::Workspace::open(folder.toStdString());
    if (!workspace)
        return workspace.error();
    std::vector<tracer::ContractSource> contracts;
    for (const std::filesystem::path &file : workspace.value().contractFiles()) {
        tracer::ContractSource contract;
        contract.file = file.string();
        if (const auto buffer = buffers.find(contract.file); buffer != buffers.end()) {
            contract.source = buffer->second;
        } else {
            QFile in(QString::fromStdString(contract.file));
            if (!in.open(QIODevice::ReadOnly))
                return engine::Error {
                    contract.file + ": cannot be read: " + in.errorString().toStdString()};
            const QByteArray text = in.readAll();
            contract.source.assign(text.constData(), std::size_t(text.size()));
        }
        contracts.push_back(std::move(contract));
    }
    return contracts;
}

} // namespace

ReplayJob::ReplayJob(QObject *parent)
    : QObject(parent)
{
    m_pool.setMaxThreadCount(1);
    m_pool.setObjectName(QStringLiteral("llmcl-replay"));
}

ReplayJob::~ReplayJob()
{
    cancel();
    m_jobs.close();
    m_pool.waitForDone();
}

bool ReplayJob::start(ReplayRequest request)
{
    if (m_running)
        return false;
    m_running = true;
    m_last = {};
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    m_jobs.advance();
    m_jobs.start(&m_pool, [request = std::move(request), cancel = m_cancel](const Job &job) {
        run(job, request, *cancel);
    });
    return true;
}

void ReplayJob::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

void ReplayJob::reported(const ReplayReport &report)
{
    m_last = report;
    if (report.phase == ReplayReport::Phase::Finished) {
        m_running = false;
        Q_EMIT finished(m_last);
        return;
    }
    Q_EMIT progressed(m_last);
}

void ReplayJob::run(const Job &job, const ReplayRequest &request, const std::atomic<bool> &cancel)
{
    ReplayReport report;
    const auto fail = [&](const engine::Error &error) {
        report.phase = ReplayReport::Phase::Finished;
        report.error = QString::fromStdString(error.message);
        report.errorKind = error.kind;
        job.deliver(&ReplayJob::reported, report);
    };
    auto opened = tracer::WorkspaceDatabase::open(request.database.toStdString());
    if (!opened)
        return fail(opened.error());
    tracer::WorkspaceDatabase &db = opened.value();

    tracer::RunInfo info;
    bool fix = request.fix;
    bool storeDetail = request.storeDetail;
    if (request.resume) {
        // The run goes on with what it started with, whatever the files say now.
        auto stored = tracer::RunReader::open(db, *request.resume);
        if (!stored)
            return fail(stored.error());
        info = stored.value().info();
        for (const auto &[name, value] : info.options) {
            if (name == "fix")
                fix = value == "true";
            else if (name == "detail")
                storeDetail = value == "true";
        }
    } else {
        std::vector<tracer::ContractSource> contracts = request.contracts;
        if (contracts.empty()) {
            auto found = workspaceContracts(request.workspace, request.buffers);
            if (!found)
                return fail(found.error());
            contracts = std::move(found.value());
        }
        if (contracts.empty())
            return fail(engine::Error {
                request.workspace.toStdString() + ": the workspace has no contract files"});
        // The run as `llmcl replay --db` describes it.
        info = tracer::RunInfo::replayStartingNow(
            request.sessions.toStdString(), std::move(contracts), fix, request.jobs, storeDetail);
    }

    engine::CompileRequest compile;
    for (const tracer::ContractSource &contract : info.contracts) {
        compile.files.push_back(contract.file);
        compile.overrides[contract.file] = contract.source;
    }
    const auto compileStart = std::chrono::steady_clock::now();
    const engine::CompileResult compiled = engine::compileContracts(compile);
    const std::int64_t compileNs = nanosecondsSince(compileStart);
    if (compiled.hasErrors() || !compiled.set) {
        std::string message = "the contracts have errors";
        for (const engine::Diagnostic &d : compiled.diagnostics)
            if (d.severity == engine::Severity::Error) {
                message +=
                    ": " + d.file + ':' + std::to_string(d.range.begin.line) + ": " + d.message;
                break;
            }
        return fail(engine::Error {message});
    }

    tracer::RunRecording::Options recordingOptions;
    recordingOptions.writer.storeDetail = storeDetail;
    recordingOptions.cancel = &cancel;
    recordingOptions.importProgress = [&](const tracer::ImportProgress &p) {
        report.progress.bytesRead = p.bytesRead;
        report.progress.fileSize = p.fileSize;
        report.progress.conversations = p.conversations;
        job.deliver(&ReplayJob::reported, report);
    };
    job.deliver(&ReplayJob::reported, report);
    auto started = request.resume
        ? tracer::RunRecording::resume(db, *request.resume, info, recordingOptions)
        : tracer::RunRecording::start(db, info, recordingOptions);
    if (!started)
        return fail(started.error());
    tracer::RunRecording &recording = *started.value();
    report.run = recording.run();
    report.phase = ReplayReport::Phase::Replaying;
    report.progress = {};
    job.deliver(&ReplayJob::reported, report);

    auto reader = tracer::SessionReader::open(info.sessions);
    if (!reader) {
        RunObserver none;
        (void)recording.finish(reader.error(), none.totals, 0, compileNs, {});
        report.status = tracer::RunStatus::Incomplete;
        return fail(reader.error());
    }
    RunObserver observer;
    tracer::ReplayFanOut listeners({&observer, &recording.writer()});
    tracer::ReplayOptions options;
    options.evaluation.fix = fix;
    options.evaluation.trace = storeDetail;
    options.evaluation.traceOnlyFailures = false;
    options.jobs = std::max(1, request.jobs);
    options.totals = &observer.totals;
    // The replay stops when it is cancelled, and when storing failed (a full disk): nothing
    // after the first failure would be stored, so evaluating the rest would only keep the
    // user waiting for the message. The progress callback runs on this thread, the writer's.
    std::atomic<bool> stop {false};
    options.cancel = &stop;
    options.progress = [&](const tracer::ReplayProgress &progress) {
        if (cancel.load() || recording.storeError())
            stop.store(true);
        report.progress = progress;
        job.deliver(&ReplayJob::reported, report);
    };
    const auto start = std::chrono::steady_clock::now();
    const engine::Result<tracer::ReplayStats> stats =
        tracer::replay(compiled.set, reader.value(), options, listeners);
    const std::int64_t durationNs = nanosecondsSince(start);
    const engine::Result<tracer::RunStatus> finished = recording.finish(
        stats, observer.totals, durationNs, compileNs, observer.totals.coverage(*compiled.set));

    report.phase = ReplayReport::Phase::Finished;
    report.problems = observer.problems;
    report.firstProblems = observer.firstProblems;
    if (finished) {
        report.status = finished.value();
    } else {
        report.status = tracer::RunStatus::Incomplete;
        report.error = QString::fromStdString(finished.error().message);
        report.errorKind = finished.error().kind;
    }
    if (!stats && report.error.isEmpty()) {
        report.error = QString::fromStdString(stats.error().message);
        report.errorKind = stats.error().kind;
    }
    job.deliver(&ReplayJob::reported, report);
}

} // namespace llmcl::app
