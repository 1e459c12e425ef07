// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMetaObject>
#include <QMutex>
#include <QMutexLocker>
#include <QObject>
#include <QThreadPool>

#include <atomic>
#include <memory>
#include <type_traits>
#include <utility>

namespace llmcl::editor {

namespace detail {

// Shared by a JobChannel and the jobs it started, so that a job that outlives its channel still
// has something to look at. The receiver is only read or cleared under the mutex.
struct JobChannelState
{
    QMutex mutex;
    QObject *receiver = nullptr;
    std::atomic<quint64> generation {0};
};

} // namespace detail

// The one way background work in the Studio hands results back to the object that asked for it
// (docs/development.md, "Background jobs"): DiagnosticsController, LiveEvaluator,
// DocumentFormatter, SessionLoader, ConversationStepper, Autosaver and the workspace scan of the
// main window all use it.
//
// A channel is a member of its receiver, a QObject living on the GUI thread. It keeps a
// generation number: advance() (a new load, a new input) or setGeneration() (follow an outside
// counter such as the editor's revision) makes every job started before stale. start() runs a
// callable on a QThreadPool and gives it a Job, which
//
// - knows its generation and whether it has gone stale (isStale(): a worker checks it to skip
//   or stop work nobody will use);
// - delivers results by queueing a call of one of the receiver's member functions on the
//   receiver's thread: deliver() always (the receiver decides what a late result means, and
//   learns that the job ended), deliverIfCurrent() only when the job's generation is still the
//   channel's when the call runs (stale results are dropped without the receiver seeing them).
//   A job may deliver any number of times (batches).
//
// Ownership and lifetime: the jobs share the channel's state, never the receiver. Destroying the
// channel (with its receiver) or close() clears the receiver under the state's mutex and makes
// every job stale, so no call is queued after it; calls queued before are discarded with the
// receiver's pending events, as Qt does for any QObject. Jobs go on running to their end (or
// their next isStale() check); a receiver whose jobs use its own members, or its own pool, waits
// for them in its destructor after close().
//
// Thread-safety: generation(), advance(), setGeneration(), start() and close() are for the
// receiver's thread; a Job is used on its worker thread (and may be copied to others). Arguments
// of a delivery are copied or moved into the queued call: pass values, not pointers into the
// worker's stack.
template<typename Receiver>
class JobChannel
{
public:
    class Job
    {
    public:
        quint64 generation() const { return m_generation; }
        // Whether the channel has moved on to a newer generation (or closed) since the start.
        bool isStale() const { return m_state->generation.load() != m_generation; }

        // Queues `(receiver->*method)(args...)` on the receiver's thread; nothing when the
        // channel is closed.
        template<typename... Params, typename... Args>
        void deliver(void (Receiver::*method)(Params...), Args &&...args) const
        {
            post(false, method, std::forward<Args>(args)...);
        }

        // The same, but the call is dropped when the job is stale by the time it would run.
        template<typename... Params, typename... Args>
        void deliverIfCurrent(void (Receiver::*method)(Params...), Args &&...args) const
        {
            post(true, method, std::forward<Args>(args)...);
        }

    private:
        friend class JobChannel;
        Job(std::shared_ptr<detail::JobChannelState> state, quint64 generation)
            : m_state(std::move(state))
            , m_generation(generation)
        { }

        template<typename Method, typename... Args>
        void post(bool onlyCurrent, Method method, Args &&...args) const
        {
            // Held while queueing: the receiver cannot be destroyed between the check and the
            // post, and once queued the call goes with the receiver's events.
            const QMutexLocker lock(&m_state->mutex);
            auto *receiver = static_cast<Receiver *>(m_state->receiver);
            if (!receiver)
                return;
            QMetaObject::invokeMethod(
                receiver,
                [state = m_state, generation = m_generation, onlyCurrent, receiver, method,
                    ... args = std::decay_t<Args>(std::forward<Args>(args))]() mutable {
                    if (onlyCurrent && state->generation.load() != generation)
                        return;
                    (receiver->*method)(std::move(args)...);
                },
                Qt::QueuedConnection);
        }

        std::shared_ptr<detail::JobChannelState> m_state;
        quint64 m_generation;
    };

    explicit JobChannel(Receiver *receiver)
        : m_state(std::make_shared<detail::JobChannelState>())
    {
        static_assert(std::is_base_of_v<QObject, Receiver>, "the receiver must be a QObject");
        m_state->receiver = receiver;
    }
    ~JobChannel() { close(); }
    JobChannel(const JobChannel &) = delete;
    JobChannel &operator=(const JobChannel &) = delete;

    quint64 generation() const { return m_state->generation.load(); }
    bool isCurrent(quint64 generation) const { return generation == this->generation(); }
    // Makes the running jobs stale; returns the new generation.
    quint64 advance() { return ++m_state->generation; }
    void setGeneration(quint64 generation) { m_state->generation = generation; }

    // A job of the current generation, for work started some other way than start().
    Job job() const { return Job(m_state, generation()); }

    // Runs `work(const Job &)` on `pool` with a job of the current generation.
    template<typename Work>
    void start(QThreadPool *pool, Work work) const
    {
        pool->start([current = job(), work = std::move(work)]() mutable { work(current); });
    }

    // Nothing is delivered from now on, and every job is stale. Safe to call again.
    void close()
    {
        {
            const QMutexLocker lock(&m_state->mutex);
            m_state->receiver = nullptr;
        }
        ++m_state->generation;
    }

private:
    std::shared_ptr<detail::JobChannelState> m_state;
};

} // namespace llmcl::editor
