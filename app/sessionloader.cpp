// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/sessionloader.h"

#include <QThreadPool>

#include <chrono>
#include <set>
#include <string>

namespace llmcl::app {

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
    , m_pool(new QThreadPool(this))
{
    m_pool->setMaxThreadCount(1);
}

SessionLoader::~SessionLoader()
{
    m_jobs.close();
    // The worker stops at its next conversation.
    m_pool->waitForDone();
}

void SessionLoader::cancel()
{
    if (!m_loading)
        return;
    m_jobs.advance();
    m_loading = false;
    Q_EMIT finished(false, QString());
}

void SessionLoader::load(const QString &path)
{
    cancel();
    m_jobs.advance();
    m_path = path;
    m_loading = true;
    Q_EMIT started(path);

    m_jobs.start(
        m_pool, [path = path.toStdString()](const editor::JobChannel<SessionLoader>::Job &job) {
            const auto post = [&](Batch batch, bool last, bool completed, QString error) {
                job.deliverIfCurrent(
                    &SessionLoader::receive, std::move(batch), last, completed, std::move(error));
            };

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
                if (job.isStale())
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

void SessionLoader::receive(Batch batch, bool last, bool completed, QString error)
{
    if (!m_loading)
        return; // cancelled (which advanced the generation too)
    if (!batch.conversations.empty() || !batch.problems.empty() || batch.bytesRead > 0)
        Q_EMIT batchLoaded(batch);
    if (last) {
        m_loading = false;
        Q_EMIT finished(completed, error);
    }
}

} // namespace llmcl::app
