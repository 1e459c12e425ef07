// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tracer/runrecording.h"

#include "engine/json.h"
#include "tracer/sessionreader.h"

#include <algorithm>
#include <utility>

namespace llmcl::tracer {

RunRecording::RunRecording(WorkspaceDatabase &db, RunInfo info)
    : m_db(db)
    , m_info(std::move(info))
{ }

RunRecording::~RunRecording() = default;

std::optional<engine::Error> RunRecording::storeError() const
{
    return m_writer->error();
}

engine::Result<std::vector<std::int64_t>> RunRecording::import(
    WorkspaceDatabase &db, const std::string &sessions, const Options &options, ImportStats &stats)
{
    // A distributed replay's run may read several files (RunInfo::sessions, one a line): each
    // is imported, and the run's conversations are theirs in that order.
    std::vector<std::int64_t> keys;
    stats = {};
    for (std::size_t at = 0; at <= sessions.size();) {
        const std::size_t newline = std::min(sessions.find('\n', at), sessions.size());
        const std::string file = sessions.substr(at, newline - at);
        at = newline + 1;
        ReadOptions read;
        read.name = file;
        engine::Result<SessionReader> reader =
            SessionReader::open(options.localCopy ? options.localCopy(file) : file, read);
        if (!reader)
            return reader.error();
        WorkspaceDatabase::ImportOptions import;
        import.keys = &keys;
        import.progress = options.importProgress;
        import.cancel = options.cancel;
        engine::Result<ImportStats> imported = db.importSessions(reader.value(), file, import);
        if (!imported)
            return imported.error();
        stats.conversations += imported.value().conversations;
        stats.imported += imported.value().imported;
        stats.duplicates += imported.value().duplicates;
        stats.turns += imported.value().turns;
        stats.problems += imported.value().problems;
        if (imported.value().cancelled)
            return engine::Error {file + ": the import was cancelled; no run was begun"};
    }
    return keys;
}

Status RunRecording::open(std::int64_t run, const Options &options, std::vector<std::int64_t> keys)
{
    m_run = run;
    m_info.id = "run-" + std::to_string(run);
    m_writer = std::make_unique<RunWriter>(m_db, run, options.writer);
    m_writer->setConversationSources(std::move(keys));
    return m_writer->resume(m_point);
}

engine::Result<std::unique_ptr<RunRecording>> RunRecording::start(
    WorkspaceDatabase &db, RunInfo info, const Options &options)
{
    std::unique_ptr<RunRecording> recording(new RunRecording(db, std::move(info)));
    if (options.importAlongside) {
        engine::Result<std::int64_t> begun = db.beginRun(recording->m_info);
        if (!begun)
            return begun.error();
        if (Status error = recording->open(begun.value(), options, {}))
            return *error;
        // On the storing thread, before it writes the first batch (RunWriter::importFirst).
        RunRecording *self = recording.get();
        recording->m_writer->importFirst([self, options] {
            return import(self->m_db, self->m_info.sessions, options, self->m_imported);
        });
        return recording;
    }
    engine::Result<std::vector<std::int64_t>> keys =
        import(db, recording->m_info.sessions, options, recording->m_imported);
    if (!keys)
        return keys.error();
    engine::Result<std::int64_t> begun = db.beginRun(recording->m_info);
    if (!begun)
        return begun.error();
    if (Status error = recording->open(begun.value(), options, std::move(keys.value())))
        return *error;
    return recording;
}

engine::Result<std::unique_ptr<RunRecording>> RunRecording::resume(
    WorkspaceDatabase &db, std::int64_t run, RunInfo info, const Options &options)
{
    std::unique_ptr<RunRecording> recording(new RunRecording(db, std::move(info)));
    engine::Result<std::vector<std::int64_t>> keys =
        import(db, recording->m_info.sessions, options, recording->m_imported);
    if (!keys)
        return keys.error();
    engine::Result<ResumePoint> taken = db.resumeRun(run, keys.value());
    if (!taken)
        return taken.error();
    recording->m_point = taken.value();
    if (Status error = recording->open(run, options, std::move(keys.value())))
        return *error;
    return recording;
}

engine::Result<RunStatus> RunRecording::finish(const engine::Result<ReplayStats> &stats,
    const ReplayTotals &totals, std::int64_t durationNs, std::int64_t compileNs,
    const Coverage &coverage)
{
    // The run is complete only when every result is stored; a write failure leaves the
    // committed batches and marks the run incomplete.
    RunStatus status = !stats || m_writer->error() ? RunStatus::Incomplete
        : stats.value().cancelled                  ? RunStatus::Cancelled
                                                   : RunStatus::Complete;
    Status written = m_writer->error();
    if (!written && status != RunStatus::Incomplete) {
        written = m_writer->finish(totals);
        if (written)
            status = RunStatus::Incomplete;
    }
    std::string summary = "null";
    if (stats) {
        engine::JsonWriter writer;
        writeSummaryObject(writer, totals,
            ReplayFacts {stats.value(), durationNs, compileNs, coverage, std::nullopt, 0});
        summary = writer.take();
    }
    const Status finished = m_db.finishRun(m_run, status, summary);
    if (written || finished)
        return *(written ? written : finished);
    return status;
}

} // namespace llmcl::tracer
