// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tracer/replay.h"

#include "engine/probabilisticwindows.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <variant>

namespace llmcl::tracer {

void ReplayFanOut::turn(
    const std::string &conversation, std::int64_t turn, const engine::TurnResult &result)
{
    for (ReplayListener *listener : m_listeners)
        listener->turn(conversation, turn, result);
}

void ReplayFanOut::conversationEnd(
    const std::string &conversation, const engine::ConversationEnd &end)
{
    for (ReplayListener *listener : m_listeners)
        listener->conversationEnd(conversation, end);
}

void ReplayFanOut::problem(const SessionProblem &problem)
{
    for (ReplayListener *listener : m_listeners)
        listener->problem(problem);
}

void ReplayFanOut::runEnd(const std::vector<engine::ClauseVerdict> &settled)
{
    for (ReplayListener *listener : m_listeners)
        listener->runEnd(settled);
}

ReplayListener::~ReplayListener() = default;
void ReplayListener::turn(const std::string &, std::int64_t, const engine::TurnResult &)
{ }
void ReplayListener::takeTurn(
    const std::string &conversation, std::int64_t turn, engine::TurnResult &&result)
{
    this->turn(conversation, turn, result);
}
void ReplayListener::conversationEnd(const std::string &, const engine::ConversationEnd &)
{ }
void ReplayListener::problem(const SessionProblem &)
{ }
void ReplayListener::runEnd(const std::vector<engine::ClauseVerdict> &)
{ }

namespace {

// How many results a conversation that is not next in order may hold before its worker waits.
constexpr std::size_t kChannelCapacity = 256;
// How many results a worker hands over at once.
constexpr std::size_t kBatchSize = 32;

// Conversations travel to the workers in chunks of a few (most captured conversations are a
// couple of turns long: handing them over one by one would cost more than evaluating them).
constexpr std::size_t kChunkTurns = 64;
constexpr std::size_t kChunkConversations = 16;

struct TurnEvent
{
    std::int64_t turn;
    engine::TurnResult result;
    std::uint32_t conversation = 0; // index in its chunk
};

struct EndEvent
{
    engine::ConversationEnd end;
    std::uint32_t conversation = 0;
};

using Event = std::variant<TurnEvent, EndEvent>;

// The results of one chunk of conversations, from its worker to the emitting thread.
struct Channel
{
    std::size_t worker = 0; // the worker evaluating it
    std::vector<std::string> ids;
    std::deque<Event> events;
    bool done = false;
};

// What the emitting thread does with results, in input order: windows, then the listener.
class Emitter
{
public:
    Emitter(std::shared_ptr<const engine::CompiledSet> set, ReplayListener &listener,
        const ReplayOptions &options, const SessionReader &sessions)
        : m_windows(std::move(set))
        , m_listener(listener)
        , m_options(options)
        , m_sessions(sessions)
        , m_start(std::chrono::steady_clock::now())
        , m_nextProgress(m_start + options.progressInterval)
    { }

    void turn(const std::string &conversation, TurnEvent &event)
    {
        m_windows.apply(event.result);
        m_listener.takeTurn(conversation, event.turn, std::move(event.result));
        ++turns;
        // The clock is read every 64 turns only.
        if (m_options.progress && turns % 64 == 0
            && std::chrono::steady_clock::now() >= m_nextProgress) {
            reportProgress();
            m_nextProgress = std::chrono::steady_clock::now() + m_options.progressInterval;
        }
    }

    void reportProgress()
    {
        if (!m_options.progress)
            return;
        ReplayProgress progress;
        progress.turns = turns;
        progress.conversations = conversations;
        progress.bytesRead = m_sessions.bytesRead();
        progress.fileSize = m_sessions.fileSize();
        progress.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
        m_options.progress(progress);
    }

    void end(const std::string &conversation, engine::ConversationEnd &end)
    {
        std::vector<engine::ClauseVerdict> windows = m_windows.endConversation();
        for (engine::ClauseVerdict &v : windows) {
            if (v.status == engine::ClauseStatus::Fail) {
                end.violations.push_back(engine::violationOf(v));
                if (engine::invalidates(v.severity()))
                    end.valid = false;
            }
            end.settled.push_back(std::move(v));
        }
        m_listener.conversationEnd(conversation, end);
        ++conversations;
    }

    void runEnd() { m_listener.runEnd(m_windows.endRun()); }

    std::uint64_t turns = 0;
    std::uint64_t conversations = 0;

private:
    engine::ProbabilisticWindows m_windows;
    ReplayListener &m_listener;
    const ReplayOptions &m_options;
    const SessionReader &m_sessions;
    std::chrono::steady_clock::time_point m_start;
    std::chrono::steady_clock::time_point m_nextProgress;
};

// Results the listener is done with, kept by the thread that made them: the next results
// reuse their strings and containers (Session::addTurn), so that a turn does not allocate and
// free its 50 verdicts' strings again.
class SpareResults
{
public:
    void keep(engine::TurnResult &&result)
    {
        if (m_results.size() < kKept)
            m_results.push_back(std::move(result));
    }
    engine::TurnResult take()
    {
        if (m_results.empty())
            return {};
        engine::TurnResult result = std::move(m_results.back());
        m_results.pop_back();
        return result;
    }

private:
    static constexpr std::size_t kKept = 64;
    std::vector<engine::TurnResult> m_results;
};

// Evaluates one conversation, handing each result to `emit`.
template<typename Emit>
void evaluate(engine::Evaluator &evaluator, const Conversation &conversation,
    const engine::EvalOptions &options, SpareResults &spare, Emit &&emit)
{
    // One evaluator per thread for all its conversations: its scratch memory is reused.
    engine::Session session(evaluator, conversation.metadata);
    std::int64_t n = 0;
    for (const Turn &turn : conversation.turns) {
        std::optional<std::string_view> response;
        if (turn.response)
            response = *turn.response;
        emit(TurnEvent {++n,
            session.addTurn(turn.content, response, turn.context, options, nullptr, spare.take())});
    }
    emit(session.end());
}

} // namespace

engine::Result<ReplayStats> replay(std::shared_ptr<const engine::CompiledSet> set,
    SessionReader &sessions, const ReplayOptions &options, ReplayListener &listener)
{
    ReplayStats stats;
    Emitter emitter(set, listener, options, sessions);
    std::size_t problemsSeen = 0;
    const auto reportProblems = [&] {
        const std::vector<SessionProblem> &problems = sessions.problems();
        for (; problemsSeen < problems.size(); ++problemsSeen)
            listener.problem(problems[problemsSeen]);
    };
    const auto cancelled = [&] { return options.cancel && options.cancel->load(); };

    if (options.jobs <= 1) {
        Conversation conversation;
        engine::Evaluator evaluator(set);
        SpareResults spare;
        while (!cancelled() && sessions.next(conversation)) {
            reportProblems();
            evaluate(evaluator, conversation, options.evaluation, spare, [&](auto &&event) {
                using Event = std::decay_t<decltype(event)>;
                if constexpr (std::is_same_v<Event, TurnEvent>) {
                    emitter.turn(conversation.id, event);
                    spare.keep(std::move(event.result));
                } else {
                    emitter.end(conversation.id, event);
                }
            });
        }
    } else {
        // Workers take conversations in input order from `work`; each writes to its own
        // channel; this thread emits the head channel's results as they come.
        std::mutex mutex;
        std::condition_variable changed;
        std::deque<std::pair<std::shared_ptr<Channel>, std::shared_ptr<std::vector<Conversation>>>>
            work;
        std::deque<std::shared_ptr<Channel>> inFlight; // input order; front is emitted
        bool readerDone = false;
        // Emitted results go back to the worker that made them, to be destroyed there: a
        // result is hundreds of small allocations, and freeing them on another thread goes
        // into the maker's malloc arena under its lock, which both threads then fight for.
        std::vector<std::vector<std::deque<Event>>> spent(std::size_t(options.jobs));

        const auto worker = [&](std::size_t self) {
            engine::Evaluator evaluator(set);
            SpareResults spare;
            for (;;) {
                std::shared_ptr<Channel> channel;
                std::shared_ptr<std::vector<Conversation>> chunk;
                {
                    std::unique_lock lock(mutex);
                    changed.wait(lock, [&] { return !work.empty() || readerDone; });
                    if (work.empty())
                        return;
                    channel = std::move(work.front().first);
                    chunk = std::move(work.front().second);
                    work.pop_front();
                    channel->worker = self;
                }
                // Results travel in batches: one lock and at most one wake-up per batch, so
                // that the workers and this thread do not trade the lock every turn.
                std::vector<Event> batch;
                batch.reserve(kBatchSize);
                std::vector<std::deque<Event>> garbage; // emptied after the unlock
                const auto deliver = [&] {
                    std::unique_lock lock(mutex);
                    changed.wait(lock, [&] {
                        return channel->events.size() < kChannelCapacity
                            || (!inFlight.empty() && inFlight.front() == channel);
                    });
                    const bool wasEmpty = channel->events.empty();
                    for (Event &event : batch)
                        channel->events.emplace_back(std::move(event));
                    batch.clear();
                    garbage.swap(spent[self]);
                    if (wasEmpty && !inFlight.empty() && inFlight.front() == channel)
                        changed.notify_all(); // only the emitting thread waits for the head
                    lock.unlock();
                    for (std::deque<Event> &events : garbage)
                        for (Event &event : events)
                            if (auto *t = std::get_if<TurnEvent>(&event))
                                spare.keep(std::move(t->result));
                    garbage.clear();
                };
                for (std::uint32_t c = 0; c < chunk->size(); ++c) {
                    evaluate(evaluator, (*chunk)[c], options.evaluation, spare, [&](auto &&event) {
                        using E = std::decay_t<decltype(event)>;
                        if constexpr (std::is_same_v<E, TurnEvent>) {
                            event.conversation = c;
                            batch.emplace_back(std::move(event));
                        } else {
                            batch.emplace_back(EndEvent {std::move(event), c});
                        }
                        if (batch.size() >= kBatchSize)
                            deliver();
                    });
                }
                if (!batch.empty())
                    deliver();
                std::lock_guard lock(mutex);
                channel->done = true;
                changed.notify_all();
            }
        };
        std::vector<std::thread> workers;
        for (int i = 0; i < options.jobs; ++i)
            workers.emplace_back(worker, std::size_t(i));

        const std::size_t readAhead = static_cast<std::size_t>(options.jobs) * 2;
        for (;;) {
            // Read ahead (outside the lock: reading may take a while).
            bool full;
            {
                std::lock_guard lock(mutex);
                full = inFlight.size() >= readAhead;
            }
            if (!full && !readerDone) {
                auto chunk = std::make_shared<std::vector<Conversation>>();
                std::size_t turns = 0;
                bool more = true;
                while (chunk->size() < kChunkConversations && turns < kChunkTurns) {
                    Conversation conversation;
                    more = !cancelled() && sessions.next(conversation);
                    if (!more)
                        break;
                    turns += conversation.turns.size();
                    chunk->push_back(std::move(conversation));
                }
                reportProblems();
                std::lock_guard lock(mutex);
                if (!chunk->empty()) {
                    auto channel = std::make_shared<Channel>();
                    for (const Conversation &c : *chunk)
                        channel->ids.push_back(c.id);
                    inFlight.push_back(channel);
                    work.emplace_back(channel, std::move(chunk));
                }
                if (!more)
                    readerDone = true;
                changed.notify_all();
                continue;
            }
            // Emit what the head conversation has.
            std::shared_ptr<Channel> head;
            std::deque<Event> events;
            bool headDone = false;
            {
                std::unique_lock lock(mutex);
                if (inFlight.empty()) {
                    if (readerDone)
                        break;
                    continue;
                }
                head = inFlight.front();
                changed.wait(lock, [&] {
                    return !head->events.empty() || head->done
                        || (!readerDone && inFlight.size() < readAhead);
                });
                events.swap(head->events);
                headDone = head->done && head->events.empty();
                if (headDone)
                    inFlight.pop_front();
                changed.notify_all();
            }
            for (Event &event : events) {
                if (auto *t = std::get_if<TurnEvent>(&event))
                    emitter.turn(head->ids[t->conversation], *t);
                else {
                    EndEvent &e = std::get<EndEvent>(event);
                    emitter.end(head->ids[e.conversation], e.end);
                }
            }
            if (!events.empty()) {
                std::lock_guard lock(mutex);
                spent[head->worker].push_back(std::move(events));
            }
        }
        for (std::thread &t : workers)
            t.join();
    }
    reportProblems();
    emitter.runEnd();
    emitter.reportProgress();
    stats.conversations = emitter.conversations;
    stats.turns = emitter.turns;
    stats.problems = problemsSeen;
    stats.cancelled = cancelled();
    if (auto error = sessions.error())
        return *error;
    return stats;
}

} // namespace llmcl::tracer
