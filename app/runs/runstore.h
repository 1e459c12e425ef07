// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "editor/jobchannel.h"
#include "tracer/runlisting.h"
#include "tracer/runstatistics.h"
#include "tracer/workspacedb.h"

#include <QByteArray>
#include <QDateTime>
#include <QObject>
#include <QString>
#include <QThreadPool>
#include <QTimer>

#include <map>
#include <memory>
#include <optional>
#include <type_traits>
#include <vector>

namespace llmcl::app {

// A run as the Runs panel lists it: what the database says (tracer::RunListing) and whether a
// contract file changed on disk since the run snapshotted it.
struct RunEntry
{
    tracer::RunListing listing;
    QStringList changedContracts; // files whose text on disk is not the run's snapshot
};

// The Studio's connection to the workspace database (INTERFACES.md §3). The connection lives on
// one worker thread (a pool of one thread that never expires), never on the GUI thread: every
// query is a job there, and its result comes back through an editor::JobChannel of the object
// that asked (docs/development.md, "Background jobs").
//
// While a database is open, the store polls `PRAGMA data_version` twice a second and lists the
// runs again when another connection (a replay of the Studio, `llmcl replay --db` in another
// process) committed something: runs appear and grow without a restart, and since WAL readers
// never wait for a writer, the GUI never waits on a lock. A database that cannot be opened
// (newer, corrupt, not a workspace database, unreadable) is reported by failed() and nothing is
// written to it. GUI thread only.
class RunStore : public QObject
{
    Q_OBJECT

public:
    explicit RunStore(QObject *parent = nullptr);
    // Waits for the job in flight (queries are short; replays run elsewhere).
    ~RunStore() override;

    // Opens `databasePath` (migrated when older) on the worker, closing the one open before;
    // contract files named by relative paths in snapshots are compared with the files under
    // `workspaceFolder`. opened(), failed() or absent() follows. A missing file is not created
    // (opening a folder leaves no file behind): absent() says so, and the store opens the file
    // as soon as it appears (the first replay creates it), and a file another connection holds
    // locked while it creates or migrates it (tracer::WorkspaceDatabase::open() fails with
    // engine::Error::Kind::Busy) is looked at again on the next tick, not reported. A file that
    // cannot be written (Kind::ReadOnly) opens read-only (isReadOnly(), readOnlyReason()): its
    // runs are listed, actions on them fail with a message.
    void open(const QString &databasePath, const QString &workspaceFolder);
    void close();
    QString databasePath() const { return m_path; }
    bool isOpen() const { return m_open; }
    bool isReadOnly() const { return m_readOnly; }
    // Why the open database is read-only: the message of the read-write open ("…: the file is
    // read-only (check its permissions and those of its folder)"); empty when it is not.
    QString readOnlyReason() const { return m_readOnlyReason; }
    // The runs as last listed, oldest first.
    const std::vector<RunEntry> &runs() const { return m_runs; }
    const RunEntry *run(qint64 id) const;

    // Lists the runs again now (after a change made through this store).
    void refresh();
    // While set, a database that does not exist yet is not opened when it appears: this window's
    // replay is creating it, and two connections creating one file race for its first lock.
    void setCreatingElsewhere(bool creating) { m_creatingElsewhere = creating; }

    // Runs `work(tracer::WorkspaceDatabase &)` on the database worker and hands its result (an
    // engine::Result or a tracer::Status; an error when no database is open) to
    // `(receiver->*done)(result)` on the GUI thread through `channel` (editor::JobChannel, the
    // Studio's one way back from background work: dropped when the channel has moved on, e.g.
    // another run was asked for, or its receiver is gone).
    template<typename Receiver, typename Work, typename Param>
    void query(
        const editor::JobChannel<Receiver> &channel, Work work, void (Receiver::*done)(Param))
    {
        using R = std::invoke_result_t<Work, tracer::WorkspaceDatabase &>;
        channel.start(&m_pool,
            [state = m_state, work = std::move(work), done](
                const typename editor::JobChannel<Receiver>::Job &job) mutable {
                R result = state->db ? work(*state->db) : R(engine::Error {state->notOpen});
                job.deliverIfCurrent(done, std::move(result));
            });
    }

    // The same with the statistics of run `run`: `work(tracer::RunStatistics &)`. The
    // statistics are read once and kept while nothing is committed to the database, so the
    // dashboards' drill-downs page through them without reading the run's summary again.
    template<typename Receiver, typename Work, typename Param>
    void statistics(const editor::JobChannel<Receiver> &channel, qint64 run, Work work,
        void (Receiver::*done)(Param))
    {
        using R = std::invoke_result_t<Work, tracer::RunStatistics &>;
        query(
            channel,
            [run, work = std::move(work), state = m_state](
                tracer::WorkspaceDatabase &db) mutable -> R {
                auto opened = statisticsOf(*state, db, run);
                if (!opened)
                    return R(opened.error());
                return work(*opened.value());
            },
            done);
    }

    // Actions on a run; each ends with actionFinished() (an empty message on success) and a
    // refresh.
    void discard(qint64 run);
    // Names run `run` (an empty label removes the name).
    void setLabel(qint64 run, const QString &label);

Q_SIGNALS:
    void opened(const QString &databasePath);
    // Opening failed: the panel shows `message`; the rest of the Studio goes on.
    void failed(const QString &message);
    void closed();
    // The database file does not exist (yet).
    void absent(const QString &databasePath);
    // The list changed (a run added, growing, finished, discarded).
    void runsChanged();
    void actionFinished(const QString &message);

private:
    struct State
    {
        std::optional<tracer::WorkspaceDatabase> db;
        std::string notOpen = "no workspace database is open";
        std::int64_t dataVersion = -1;
        bool running = false; // a run was running at the last listing
        std::string workspaceFolder;
        // The contract files read for the "changed" marks, by path: read again only when
        // their time or size changes (the list is read again on every commit of a replay).
        struct ReadFile
        {
            QDateTime modified;
            qint64 size = -1;
            QByteArray text;
        };
        std::map<QString, ReadFile> files;
        // The statistics last read, with the data_version they were read at.
        std::optional<tracer::RunStatistics> statistics;
        std::int64_t statisticsVersion = -1;
    };
    static engine::Result<tracer::RunStatistics *> statisticsOf(
        State &state, tracer::WorkspaceDatabase &db, std::int64_t run);
    struct Listing
    {
        bool changed = false; // false: nothing new since the last listing
        std::vector<RunEntry> runs;
        QString error;
    };
    struct Connected
    {
        enum Result
        {
            Absent,
            Busy, // another connection held the file's lock: look again
            Failed,
            Open,
            ReadOnly
        } result = Absent;
        QString error; // Failed: why; ReadOnly: why the file cannot be written
    };
    void connectDatabase();
    void connected(const Connected &connected);
    void listed(Listing listing);
    void actionDone(const tracer::Status &error);
    static Listing list(State &state, bool force);
    static bool unchanged(const tracer::RunSnapshot &snapshot, State &state);
    void poll(bool force);

    QThreadPool m_pool;
    // Only touched by jobs on m_pool, which runs one at a time.
    std::shared_ptr<State> m_state;
    QTimer m_timer;
    QString m_path;
    QString m_workspaceFolder;
    bool m_open = false;
    bool m_readOnly = false;
    QString m_readOnlyReason;
    bool m_connecting = false;
    bool m_creatingElsewhere = false;
    bool m_polling = false; // a listing job is in flight
    bool m_pollAgain = false; // a forced refresh came while it was
    // open() and close() advance the first two: what an older connection answers is dropped.
    editor::JobChannel<RunStore> m_connectJobs {this};
    editor::JobChannel<RunStore> m_listJobs {this};
    editor::JobChannel<RunStore> m_actionJobs {this};
    std::vector<RunEntry> m_runs;
};

} // namespace llmcl::app
