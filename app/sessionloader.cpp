// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/sessionloader.h"

#include <QMetaObject>
#include <QMutex>
#include <QMutexLocker>
#include <QThreadPool>

#include <atomic>
#include <chrono>
#include <set>
#include <string>

namespace llmcl::app {

namespace detail {

// Shared by the loader and its worker: the receiver is cleared under the mutex when the loader
// goes away; the generation tells a worker that its load was replaced or cancelled.
struct LoadChannel
{
    QMutex mutex;
    SessionLoader *receiver = nullptr;
    std::atomic<quint64> generation {0};
};

} // namespace detail

namespace {

void collectKeys(
    const engine::Value &map, std::set<std::string, std::less<>> &seen, QStringList &fresh)
{
    if (!map.isMap())
        return;
    for (const engine::MapEntry &entry : map.asMap()) {
        if (seen.find(entry.first) == seen.end()) {
            seen.insert(entry.first);
            fresh.append(QString::fromStdString(entry.first));
        }
    }
}

} // namespace

SessionLoader::SessionLoader(QObject *parent)
    : QObject(parent)
    , m_channel(std::make_shared<detail::LoadChannel>())
    , m_pool(new QThreadPool(this))
{
    m_channel->receiver = this;
    m_pool->setMaxThreadCount(1);
}

SessionLoader::~SessionLoader()
{
    {
        const QMutexLocker lock(&m_channel->mutex);
        m_channel->receiver = nullptr;
    }
    ++m_channel->generation;
    // The pool (a child) waits for the worker, which stops at its next conversation.
    m_pool->waitForDone();
}

void SessionLoader::cancel()
{
    if (!m_loading)
        return;
    m_generation = ++m_channel->generation;
    m_loading = false;
    Q_EMIT finished(false, QString());
}

void SessionLoader::load(const QString &path)
{
    cancel();
    m_generation = ++m_channel->generation;
    m_path = path;
    m_loading = true;
    Q_EMIT started(path);

    m_pool->start([channel = m_channel, generation = m_generation, path = path.toStdString()] {
        const auto post = [&](Batch batch, bool last, bool completed, QString error) {
            const QMutexLocker lock(&channel->mutex);
            if (SessionLoader *receiver = channel->receiver) {
                QMetaObject::invokeMethod(
                    receiver,
                    [receiver, generation, batch = std::move(batch), last, completed,
                        error = std::move(error)]() mutable {
                        receiver->receive(
                            generation, std::move(batch), last, completed, std::move(error));
                    },
                    Qt::QueuedConnection);
            }
        };
        const auto stale = [&] { return channel->generation.load() != generation; };

        auto reader = tracer::SessionReader::open(path);
        if (!reader) {
            post({}, true, false, QString::fromStdString(reader.error().message));
            return;
        }
        tracer::SessionReader &sessions = reader.value();
        std::set<std::string, std::less<>> keys;
        std::size_t problemsSent = 0;
        Batch batch;
        auto lastPost = std::chrono::steady_clock::now();
        const auto fill = [&] {
            const auto &problems = sessions.problems();
            for (; problemsSent < problems.size(); ++problemsSent)
                batch.problems.push_back(problems[problemsSent]);
            batch.bytesRead = sessions.bytesRead();
            batch.fileSize = sessions.fileSize();
        };
        for (;;) {
            if (stale())
                return;
            auto conversation = std::make_shared<tracer::Conversation>();
            if (!sessions.next(*conversation))
                break;
            collectKeys(conversation->metadata, keys, batch.newContextKeys);
            for (const tracer::Turn &turn : conversation->turns)
                collectKeys(turn.context, keys, batch.newContextKeys);
            batch.turns += conversation->turns.size();
            batch.conversations.push_back(std::move(conversation));
            const auto now = std::chrono::steady_clock::now();
            if (batch.conversations.size() >= std::size_t(kBatchConversations)
                || now - lastPost >= std::chrono::milliseconds(kBatchInterval)) {
                fill();
                post(std::move(batch), false, false, QString());
                batch = Batch();
                lastPost = now;
            }
        }
        fill();
        const auto error = sessions.error();
        post(std::move(batch), true, !error,
            error ? QString::fromStdString(error->message) : QString());
    });
}

void SessionLoader::receive(
    quint64 generation, Batch batch, bool last, bool completed, QString error)
{
    if (generation != m_generation || !m_loading)
        return; // a cancelled or replaced load
    if (!batch.conversations.empty() || !batch.problems.empty() || batch.bytesRead > 0)
        Q_EMIT batchLoaded(batch);
    if (last) {
        m_loading = false;
        Q_EMIT finished(completed, error);
    }
}

} // namespace llmcl::app
