// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "editor/jobchannel.h"
#include "tracer/conversation.h"
#include "tracer/sessionreader.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

class QThreadPool;

namespace llmcl::app {

// Reads a captured-sessions file (JSON Lines, both shapes, plain or gzip: tracer::SessionReader,
// docs/sessions.md) on a thread pool, without blocking the GUI thread.
//
// Results come back in batches (every kBatchInterval ms of reading, or kBatchConversations
// conversations, whichever comes first), never one signal per conversation. Each load has a
// generation: load() and cancel() start a new one, and whatever the old job still sends is
// dropped, so a cancelled or replaced load never adds rows. The worker stops at the next
// conversation once its generation is stale.
//
// The loader has its own pool of one thread: reading a 50 MB file must not hold up the
// diagnostics checks that run on the global pool. Destroying the loader cancels the job; the
// worker finishes its current line and posts to nobody. GUI thread only.
class SessionLoader : public QObject
{
    Q_OBJECT

public:
    static constexpr int kBatchInterval = 50;
    static constexpr int kBatchConversations = 4096;

    // What one batch brings. Conversations are shared and immutable (models and the stepper
    // keep them without copying).
    struct Batch
    {
        std::vector<std::shared_ptr<const tracer::Conversation>> conversations;
        std::vector<tracer::SessionProblem> problems; // malformed lines met since the last batch
        QStringList newContextKeys; // context and metadata keys not seen before in this load
        quint64 turns = 0; // in `conversations`
        quint64 bytesRead = 0; // of the file so far (compressed bytes for gzip)
        quint64 fileSize = 0;
    };

    explicit SessionLoader(QObject *parent = nullptr);
    ~SessionLoader() override;

    // Starts reading `path`, cancelling a load in progress. started() is emitted at once;
    // batchLoaded() as the file is read; finished() at the end, also when it cannot be opened.
    void load(const QString &path);
    // Stops the load in progress: finished(false, "") follows at once; nothing more arrives.
    void cancel();

    bool isLoading() const { return m_loading; }
    QString path() const { return m_path; }
    quint64 generation() const { return m_jobs.generation(); }

Q_SIGNALS:
    void started(const QString &path);
    void batchLoaded(const llmcl::app::SessionLoader::Batch &batch);
    // `completed`: the file was read to its end. `error`: why it stopped early (cannot open,
    // a read failed, corrupt gzip), empty when it completed or was cancelled.
    void finished(bool completed, const QString &error);

private:
    void receive(Batch batch, bool last, bool completed, QString error);

    // load() and cancel() advance the generation; batches of an older one are dropped on
    // arrival (deliverIfCurrent).
    editor::JobChannel<SessionLoader> m_jobs {this};
    QThreadPool *m_pool;
    QString m_path;
    bool m_loading = false;
};

} // namespace llmcl::app
