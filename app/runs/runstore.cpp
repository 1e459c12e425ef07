// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/runs/runstore.h"

#include "tracer/sqlite.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <chrono>

namespace llmcl::app {

namespace {

// How long the store's open waits for another connection's lock before it looks again on the
// next tick, and how long its queries and actions wait once it is open (the tracer's default,
// what `llmcl` waits).
constexpr std::chrono::milliseconds kOpenBusyTimeout {200};
constexpr std::chrono::milliseconds kBusyTimeout =
    tracer::WorkspaceDatabase::Options {}.busyTimeout;

} // namespace

// Whether `snapshot` still has the text of its file: the file named relative to the workspace
// folder when it is not absolute. A file that is gone counts as changed.
bool RunStore::unchanged(const tracer::RunSnapshot &snapshot, State &state)
{
    const std::string &workspaceFolder = state.workspaceFolder;
    QString path = QString::fromStdString(snapshot.file);
    if (QFileInfo(path).isRelative() && !workspaceFolder.empty())
        path = QDir(QString::fromStdString(workspaceFolder)).filePath(path);
    const QFileInfo info(path);
    if (!info.isFile())
        return false;
    State::ReadFile &read = state.files[path];
    if (read.modified != info.lastModified() || read.size != info.size()) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return false;
        read = {info.lastModified(), info.size(), file.readAll()};
    }
    return tracer::contractSnapshotHash(
               snapshot.file, std::string_view(read.text.constData(), read.text.size()))
        == snapshot.hash;
}

RunStore::RunStore(QObject *parent)
    : QObject(parent)
    , m_state(std::make_shared<State>())
{
    // One thread that never expires: the connection is used by one thread at a time, and the
    // jobs run in the order they were asked for.
    m_pool.setMaxThreadCount(1);
    m_pool.setExpiryTimeout(-1);
    m_pool.setObjectName(QStringLiteral("llmcl-workspace-database"));
    m_timer.setInterval(500);
    connect(&m_timer, &QTimer::timeout, this, [this] { poll(false); });
}

RunStore::~RunStore()
{
    m_timer.stop();
    m_pool.waitForDone();
}

const RunEntry *RunStore::run(qint64 id) const
{
    for (const RunEntry &entry : m_runs)
        if (entry.listing.summary.id == id)
            return &entry;
    return nullptr;
}

void RunStore::open(const QString &databasePath, const QString &workspaceFolder)
{
    close();
    m_path = databasePath;
    m_workspaceFolder = workspaceFolder;
    connectDatabase();
}

void RunStore::connectDatabase()
{
    m_connecting = true;
    m_connectJobs.start(&m_pool,
        [state = m_state, path = m_path.toStdString(), folder = m_workspaceFolder.toStdString()](
            const editor::JobChannel<RunStore>::Job &job) {
            const auto connect = [&]() -> Connected {
                state->statistics.reset();
                state->db.reset();
                state->dataVersion = -1;
                state->workspaceFolder = folder;
                // Opening a folder does not create its database: the first replay does.
                if (!QFileInfo::exists(QString::fromStdString(path)))
                    return {Connected::Absent, {}};
                // A short wait for a lock: another connection creating or migrating the file
                // holds it for a moment, and the next tick looks again; meanwhile this worker
                // stays free for close() (and the window's destruction, which waits for it).
                tracer::WorkspaceDatabase::Options options;
                options.busyTimeout = kOpenBusyTimeout;
                auto opened = tracer::WorkspaceDatabase::open(path, options);
                if (!opened && opened.error().kind == engine::Error::Kind::ReadOnly) {
                    // A file this process may not write: its runs can still be looked at.
                    options.readOnly = true;
                    auto readOnly = tracer::WorkspaceDatabase::open(path, options);
                    if (readOnly) {
                        state->db.emplace(std::move(readOnly.value()));
                        state->db->connection().setBusyTimeout(kBusyTimeout);
                        return {
                            Connected::ReadOnly, QString::fromStdString(opened.error().message)};
                    }
                }
                if (!opened) {
                    const QString message = QString::fromStdString(opened.error().message);
                    if (opened.error().kind == engine::Error::Kind::Busy)
                        return {Connected::Busy, message};
                    state->notOpen = opened.error().message;
                    return {Connected::Failed, message};
                }
                state->db.emplace(std::move(opened.value()));
                // Actions (a label, a discard) may wait as long as any writer would for a replay's
                // transaction.
                state->db->connection().setBusyTimeout(kBusyTimeout);
                return {Connected::Open, {}};
            };
            job.deliverIfCurrent(&RunStore::connected, connect());
        });
}

void RunStore::connected(const Connected &connected)
{
    m_connecting = false;
    switch (connected.result) {
    case Connected::Absent:
        // Looked for again on every tick, until a replay creates it.
        m_timer.start();
        Q_EMIT absent(m_path);
        return;
    case Connected::Busy:
        // Another connection (a replay of this window, `llmcl replay --db`) is creating or
        // migrating the file: not a database that cannot be used; look again on the next tick.
        m_timer.start();
        return;
    case Connected::Failed:
        Q_EMIT failed(connected.error);
        return;
    case Connected::Open:
    case Connected::ReadOnly:
        m_open = true;
        m_readOnly = connected.result == Connected::ReadOnly;
        m_readOnlyReason = m_readOnly ? connected.error : QString();
        Q_EMIT opened(m_path);
        poll(true);
        m_timer.start();
        return;
    }
}

void RunStore::close()
{
    m_connectJobs.advance();
    m_listJobs.advance();
    m_timer.stop();
    const bool wasOpen = m_open;
    m_open = m_readOnly = m_connecting = false;
    m_readOnlyReason.clear();
    m_polling = m_pollAgain = false;
    m_pool.start([state = m_state] {
        state->statistics.reset();
        state->db.reset();
        state->notOpen = "no workspace database is open";
    });
    if (!m_runs.empty()) {
        m_runs.clear();
        Q_EMIT runsChanged();
    }
    if (wasOpen)
        Q_EMIT closed();
}

void RunStore::refresh()
{
    poll(true);
}

RunStore::Listing RunStore::list(State &state, bool force)
{
    Listing listing;
    if (!state.db)
        return listing;
    // Another connection's commit changes data_version; this connection's own do not, which
    // is why actions through this store force a listing.
    auto version = state.db->connection().queryInt("PRAGMA data_version");
    if (!version) {
        listing.error = QString::fromStdString(version.error().message);
        return listing;
    }
    // Nothing committed since the last listing: the same list, unless a run was running then
    // (its writer may have died since, which commits nothing: only its lock tells).
    if (!force && version.value() == state.dataVersion) {
        if (!state.running)
            return listing;
        auto marked = state.db->markIncompleteRuns();
        if (!marked || marked.value() == 0)
            return listing;
    }
    state.dataVersion = version.value();
    auto runs = tracer::listRuns(*state.db);
    if (!runs) {
        listing.error = QString::fromStdString(runs.error().message);
        return listing;
    }
    // A run still "running" whose writer died (killed, crashed) is found on each listing: its
    // lock is free. Marking it incomplete is a write, which a read-only file refuses: then it
    // stays as it is until a writer opens the database.
    bool running = false;
    for (const tracer::RunListing &run : runs.value())
        running = running || run.summary.status == tracer::RunStatus::Running;
    if (running) {
        auto marked = state.db->markIncompleteRuns();
        if (marked && marked.value() > 0) {
            runs = tracer::listRuns(*state.db);
            if (!runs) {
                listing.error = QString::fromStdString(runs.error().message);
                return listing;
            }
        }
    }
    state.running = false;
    for (const tracer::RunListing &run : runs.value())
        state.running = state.running || run.summary.status == tracer::RunStatus::Running;
    listing.changed = true;
    listing.runs.reserve(runs.value().size());
    for (tracer::RunListing &run : runs.value()) {
        RunEntry entry;
        for (const tracer::RunSnapshot &snapshot : run.snapshots)
            if (!unchanged(snapshot, state))
                entry.changedContracts.push_back(QString::fromStdString(snapshot.file));
        entry.listing = std::move(run);
        listing.runs.push_back(std::move(entry));
    }
    return listing;
}

void RunStore::poll(bool force)
{
    if (!m_open) {
        // The database did not exist: look again (its file is created by the first replay).
        if (!m_path.isEmpty() && !m_connecting && !m_creatingElsewhere && QFileInfo::exists(m_path))
            connectDatabase();
        return;
    }
    if (m_polling) {
        m_pollAgain = m_pollAgain || force;
        return;
    }
    m_polling = true;
    m_listJobs.start(
        &m_pool, [state = m_state, force](const editor::JobChannel<RunStore>::Job &job) {
            job.deliverIfCurrent(&RunStore::listed, list(*state, force));
        });
}

void RunStore::listed(Listing listing)
{
    m_polling = false;
    if (!listing.error.isEmpty())
        Q_EMIT actionFinished(listing.error);
    if (listing.changed) {
        m_runs = std::move(listing.runs);
        Q_EMIT runsChanged();
    }
    if (m_pollAgain) {
        m_pollAgain = false;
        poll(true);
    }
}

engine::Result<tracer::RunStatistics *> RunStore::statisticsOf(
    State &state, tracer::WorkspaceDatabase &db, std::int64_t run)
{
    auto version = db.connection().queryInt("PRAGMA data_version");
    if (!version)
        return version.error();
    if (!state.statistics || state.statistics->run() != run
        || state.statisticsVersion != version.value()) {
        state.statistics.reset();
        auto opened = tracer::RunStatistics::open(db, run);
        if (!opened)
            return opened.error();
        state.statistics.emplace(std::move(opened.value()));
        state.statisticsVersion = version.value();
    }
    return &*state.statistics;
}

void RunStore::setLabel(qint64 run, const QString &label)
{
    query(
        m_actionJobs,
        [run, label = label.trimmed().toStdString()](tracer::WorkspaceDatabase &db) {
            return db.setRunLabel(
                run, label.empty() ? std::nullopt : std::optional<std::string_view>(label));
        },
        &RunStore::actionDone);
}

void RunStore::discard(qint64 run)
{
    query(
        m_actionJobs, [run](tracer::WorkspaceDatabase &db) { return db.discardRun(run); },
        &RunStore::actionDone);
}

void RunStore::actionDone(const tracer::Status &error)
{
    Q_EMIT actionFinished(error ? QString::fromStdString(error->message) : QString());
    refresh();
}

} // namespace llmcl::app
