// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tracer/replay.h"

#include "engine/probabilisticwindows.h"
#include "tracer/replaytotals.h"

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

// How many results a chunk that is not next in order may hold before its thread helps emit
// what is ahead of it, or waits.
constexpr std::size_t kChannelCapacity = 256;
// How many results a thread hands over (or emits) at once.
constexpr std::size_t kBatchSize = 32;
// Empty batches a thread keeps for reuse: what a full channel holds, twice.
constexpr std::size_t kKeptBatches = 2 * kChannelCapacity / kBatchSize;

// Conversations travel to the evaluating threads in chunks of a few (most captured conversations
// are a couple of turns long: handing them over one by one would cost more than evaluating them).
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

// What evaluate() made, as an event of the chunk's conversation number `conversation`.
Event eventOf(TurnEvent &&turn, std::uint32_t conversation)
{
    turn.conversation = conversation;
    return Event {std::move(turn)};
}
Event eventOf(engine::ConversationEnd &&end, std::uint32_t conversation)
{
    return Event {EndEvent {std::move(end), conversation}};
}
// Results travel between threads in batches that keep their storage: a batch handed over is
// moved whole, and an emptied one goes back to its thread for the next results.
using Batch = std::vector<Event>;

// The results of one chunk of conversations, from the thread evaluating it to the thread that
// emits them (often the same).
struct Channel
{
    static constexpr std::size_t kNobody = std::size_t(-1);
    std::size_t worker = kNobody; // the thread evaluating it, once one took it
    std::vector<std::string> ids;
    // The malformed lines met before each conversation (its index in the chunk), reported
    // before its first result, as one job reports them.
    std::vector<std::pair<std::uint32_t, SessionProblem>> problems;
    std::size_t problemsEmitted = 0;
    std::vector<Batch> batches; // evaluated, not yet emitted
    std::size_t buffered = 0; // results in `batches`
    bool done = false;
};

// What is done with results, in input order, by the thread holding the emitting role:
// windows, then the listener.
class Emitter
{
public:
    // `threads`: how many threads emit (each counts its own totals).
    Emitter(std::shared_ptr<const engine::CompiledSet> set, ReplayListener &listener,
        const ReplayOptions &options, const SessionReader &sessions, std::size_t threads)
        : m_windows(std::move(set))
        , m_listener(listener)
        , m_options(options)
        , m_sessions(sessions)
        , m_start(std::chrono::steady_clock::now())
        , m_nextProgress(m_start + options.progressInterval)
    {
        if (options.totals)
            m_totals.resize(threads);
    }

    // `thread`: the emitting thread's index. `reportsProgress`: turn() reports progress when
    // it is due (the emitting thread is the calling thread); otherwise the calling thread calls
    // progressDue() itself.
    void turn(
        const std::string &conversation, TurnEvent &event, std::size_t thread, bool reportsProgress)
    {
        m_windows.apply(event.result);
        if (!m_totals.empty())
            m_totals[thread].addTurn(event.result);
        m_listener.takeTurn(conversation, event.turn, std::move(event.result));
        const std::uint64_t n = turns.load(std::memory_order_relaxed) + 1;
        turns.store(n, std::memory_order_relaxed);
        // The clock is read every 64 turns only.
        if (reportsProgress && n % 64 == 0)
            progressDue();
    }

    // Reports progress if an interval has passed since the last report. On the calling thread.
    void progressDue()
    {
        if (m_options.progress && std::chrono::steady_clock::now() >= m_nextProgress) {
            reportProgress();
            m_nextProgress = std::chrono::steady_clock::now() + m_options.progressInterval;
        }
    }

    // On the calling thread.
    void reportProgress()
    {
        if (!m_options.progress)
            return;
        ReplayProgress progress;
        progress.turns = turns.load(std::memory_order_relaxed);
        progress.conversations = conversations.load(std::memory_order_relaxed);
        progress.bytesRead = m_sessions.bytesRead();
        progress.fileSize = m_sessions.fileSize();
        progress.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
        m_options.progress(progress);
    }

    void end(const std::string &conversation, engine::ConversationEnd &end, std::size_t thread)
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
        if (!m_totals.empty())
            m_totals[thread].addEnd(end);
        m_listener.conversationEnd(conversation, end);
        conversations.store(
            conversations.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    }

    // After the last result: the run's windows settle; the threads' totals are merged.
    void runEnd()
    {
        const std::vector<engine::ClauseVerdict> settled = m_windows.endRun();
        if (!m_totals.empty()) {
            // Those that saw a turn first: they know every clause, in the set's order.
            for (const bool sawTurns : {true, false})
                for (const ReplayTotals &totals : m_totals)
                    if ((totals.turns > 0) == sawTurns)
                        m_options.totals->merge(totals);
            m_options.totals->addRunEnd(settled);
            m_totals.clear();
        }
        m_listener.runEnd(settled);
    }

    // Written by the emitting thread (one at a time), read by the calling thread's progress.
    std::atomic<std::uint64_t> turns {0};
    std::atomic<std::uint64_t> conversations {0};

private:
    engine::ProbabilisticWindows m_windows;
    ReplayListener &m_listener;
    const ReplayOptions &m_options;
    const SessionReader &m_sessions;
    std::chrono::steady_clock::time_point m_start;
    std::chrono::steady_clock::time_point m_nextProgress;
    std::vector<ReplayTotals> m_totals; // one per emitting thread, with options.totals
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
    // Two chunks' worth: a thread may evaluate a chunk while its previous one waits to be
    // emitted (64 kept made 1.8 % of the reference replay's results afresh with two jobs,
    // 128 kept 0.2 %).
    static constexpr std::size_t kKept = 2 * kChunkTurns;
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
    Emitter emitter(set, listener, options, sessions,
        options.jobs <= 1 ? 1 : static_cast<std::size_t>(options.jobs));
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
                    emitter.turn(conversation.id, event, 0, true);
                    spare.keep(std::move(event.result));
                } else {
                    emitter.end(conversation.id, event, 0);
                }
            });
        }
    } else {
        // `jobs` threads — `jobs - 1` workers and this one — take chunks of conversations in
        // input order from `work` and evaluate them; this thread also reads ahead. Results
        // are emitted in input order by one thread at a time (`emitting`): preferably by the
        // thread that made them, as it makes them when its chunk is the head, so that a
        // result is read where it was written instead of crossing to another core's cache
        // (which cost a second job a quarter more CPU time than the first when one thread
        // emitted everything). A thread whose chunk is the head keeps the role to the chunk's
        // end and emits each result as it makes it, reusing it for the next turn; a chunk
        // evaluated before it became the head waits in its channel until its maker (or a
        // thread with nothing else to do) emits it.
        const auto threads = static_cast<std::size_t>(options.jobs);
        const std::size_t self = threads - 1; // this thread's index
        std::mutex mutex;
        std::condition_variable changed;
        std::deque<std::pair<std::shared_ptr<Channel>, std::shared_ptr<std::vector<Conversation>>>>
            work;
        std::deque<std::shared_ptr<Channel>> inFlight; // input order; front is emitted
        bool readerDone = false;
        bool emitting = false; // a thread is emitting (it calls the listener)
        // Emitted results go back to the thread that made them, to be destroyed or reused
        // there: a result is hundreds of small allocations, and freeing them on another thread
        // goes into the maker's malloc arena under its lock, which both threads then fight for.
        std::vector<std::vector<Batch>> spent(threads);
        // Chunks the workers evaluated, back to this thread, which reads: the next chunks are
        // read into their conversations, reusing the storage of their texts (reading each
        // chunk afresh and freeing it whole sent most frees past malloc's per-thread cache).
        std::vector<std::shared_ptr<std::vector<Conversation>>> evaluated;
        std::vector<std::shared_ptr<std::vector<Conversation>>> emptyChunks; // this thread's

        // What each evaluating thread keeps.
        struct Evaluating
        {
            std::size_t index;
            engine::Evaluator evaluator;
            SpareResults spare;
            std::vector<Batch> emptyBatches {};

            Batch batch()
            {
                if (emptyBatches.empty()) {
                    Batch batch;
                    batch.reserve(kBatchSize);
                    return batch;
                }
                Batch batch = std::move(emptyBatches.back());
                emptyBatches.pop_back();
                return batch;
            }
            // Keeps the batch's results and its storage for reuse.
            void keep(Batch &&batch)
            {
                for (Event &event : batch)
                    if (auto *t = std::get_if<TurnEvent>(&event))
                        spare.keep(std::move(t->result));
                batch.clear();
                if (emptyBatches.size() < kKeptBatches)
                    emptyBatches.push_back(std::move(batch));
            }
        };

        const auto emitEvent = [&](Channel &channel, Event &event, std::size_t thread,
                                   bool reportsProgress) {
            const std::uint32_t conversation =
                std::visit([](const auto &e) { return e.conversation; }, event);
            while (channel.problemsEmitted < channel.problems.size()
                && channel.problems[channel.problemsEmitted].first <= conversation)
                listener.problem(channel.problems[channel.problemsEmitted++].second);
            if (auto *t = std::get_if<TurnEvent>(&event))
                emitter.turn(channel.ids[t->conversation], *t, thread, reportsProgress);
            else {
                EndEvent &e = std::get<EndEvent>(event);
                emitter.end(channel.ids[e.conversation], e.end, thread);
            }
        };
        const auto emitEvents = [&](Channel &channel, Batch &events, std::size_t thread) {
            for (Event &event : events)
                emitEvent(channel, event, thread, false);
        };
        // Results of `me`'s own making are kept for reuse at once; others' go back to their
        // maker. Called without the lock, which it may take.
        const auto recycle = [&](Evaluating &me, std::size_t maker, std::vector<Batch> &&batches) {
            if (batches.empty())
                return;
            if (maker == me.index) {
                for (Batch &batch : batches)
                    me.keep(std::move(batch));
                batches.clear();
                return;
            }
            std::lock_guard lock(mutex);
            for (Batch &batch : batches)
                spent[maker].push_back(std::move(batch));
            batches.clear();
        };
        // With the lock held and the emitting role free: emits the head channels' results
        // while the head was made by `maker` (by anyone: Channel::kNobody), dropping heads
        // that are done. Returns with the lock held; whether anything changed.
        const auto emitHeads = [&](std::unique_lock<std::mutex> &lock, Evaluating &me,
                                   std::size_t maker) {
            if (emitting)
                return false;
            bool any = false;
            while (!inFlight.empty()) {
                const std::shared_ptr<Channel> head = inFlight.front();
                if (maker != Channel::kNobody && head->worker != maker)
                    break;
                std::vector<Batch> batches;
                batches.swap(head->batches);
                head->buffered = 0;
                const bool done = head->done;
                if (done) {
                    inFlight.pop_front();
                    any = true;
                }
                if (batches.empty()) {
                    if (done)
                        continue;
                    break;
                }
                emitting = true;
                lock.unlock();
                for (Batch &batch : batches)
                    emitEvents(*head, batch, me.index);
                recycle(me, head->worker, std::move(batches));
                lock.lock();
                emitting = false;
                any = true;
            }
            if (any)
                changed.notify_all();
            return any;
        };
        // Reads a chunk of conversations when fewer than `readAhead` are in flight (outside
        // the lock: reading may take a while). On this thread only. Whether it read.
        // Four chunks a thread: this thread reads only between its own batches, and with two
        // a thread the worker spent 14–28 ms of the reference replay's 1.1 s waiting for work;
        // with four, about 1 ms.
        const std::size_t readAhead = threads * 4;
        const auto readChunk = [&] {
            if (readerDone)
                return false;
            {
                std::lock_guard lock(mutex);
                for (std::shared_ptr<std::vector<Conversation>> &chunk : evaluated)
                    emptyChunks.push_back(std::move(chunk));
                evaluated.clear();
                if (inFlight.size() >= readAhead)
                    return false;
            }
            std::shared_ptr<std::vector<Conversation>> chunk;
            if (emptyChunks.empty()) {
                chunk = std::make_shared<std::vector<Conversation>>();
            } else {
                chunk = std::move(emptyChunks.back());
                emptyChunks.pop_back();
            }
            auto channel = std::make_shared<Channel>();
            std::size_t turns = 0;
            std::size_t n = 0; // conversations read into `chunk`
            bool more = true;
            while (n < kChunkConversations && turns < kChunkTurns) {
                if (n == chunk->size())
                    chunk->emplace_back();
                Conversation &conversation = (*chunk)[n];
                more = !cancelled() && sessions.next(conversation);
                if (!more)
                    break; // malformed lines after the last conversation are reported last
                const std::vector<SessionProblem> &problems = sessions.problems();
                for (; problemsSeen < problems.size(); ++problemsSeen)
                    channel->problems.emplace_back(
                        static_cast<std::uint32_t>(n), problems[problemsSeen]);
                turns += conversation.turns.size();
                ++n;
            }
            chunk->resize(n);
            std::lock_guard lock(mutex);
            if (!chunk->empty()) {
                for (const Conversation &c : *chunk)
                    channel->ids.push_back(c.id);
                inFlight.push_back(channel);
                work.emplace_back(channel, std::move(chunk));
            }
            if (!more)
                readerDone = true;
            changed.notify_all();
            return true;
        };

        // Evaluates a chunk on thread `me`, emitting its results directly while its channel
        // is the head and nobody else emits; otherwise they wait in the channel (and when it
        // is full, `me` emits the head's results, or waits). `between` runs between batches.
        const auto evaluateChunk = [&](Evaluating &me, const std::shared_ptr<Channel> &channel,
                                       const std::vector<Conversation> &chunk, auto &&between) {
            Batch batch = me.batch();
            std::vector<Batch> earlier;
            std::vector<Batch> garbage; // emptied after the unlock
            // Once its chunk is the head and nobody else emits, this thread keeps the emitting
            // role to the chunk's end and emits each result as it is made: the result is reused
            // for the next turn while still in the cache, as with one job (cycling a batch's
            // worth of results through the cache cost one job 4.5 % more CPU time).
            bool holding = false;
            std::size_t sinceBetween = 0;
            {
                std::unique_lock lock(mutex);
                // Its own earlier chunks first, when they reached the head meanwhile.
                emitHeads(lock, me, me.index);
                if (inFlight.front() == channel && !emitting)
                    holding = emitting = true;
            }
            const auto deliver = [&] {
                std::unique_lock lock(mutex);
                // Its own earlier chunks first, when they reached the head meanwhile.
                emitHeads(lock, me, me.index);
                for (;;) {
                    const bool head = inFlight.front() == channel;
                    if (head && !emitting) {
                        earlier.swap(channel->batches);
                        channel->buffered = 0;
                        emitting = true;
                        lock.unlock();
                        for (Batch &b : earlier)
                            emitEvents(*channel, b, me.index);
                        emitEvents(*channel, batch, me.index);
                        recycle(me, me.index, std::move(earlier));
                        me.keep(std::move(batch));
                        batch = me.batch();
                        holding = true;
                        lock.lock();
                        break;
                    }
                    if (head || channel->buffered < kChannelCapacity) {
                        const bool wasEmpty = channel->batches.empty();
                        channel->buffered += batch.size();
                        channel->batches.push_back(std::move(batch));
                        batch = me.batch();
                        if (head && wasEmpty)
                            changed.notify_all(); // its emitter may be done with it
                        break;
                    }
                    // Full and not the head: help emit what is ahead, or wait for it. The
                    // calling thread goes on reporting progress meanwhile (a long conversation
                    // ahead may take seconds).
                    if (!emitHeads(lock, me, Channel::kNobody))
                        changed.wait_for(lock,
                            std::max(options.progressInterval, std::chrono::milliseconds(10)));
                    if (me.index == self) {
                        lock.unlock();
                        emitter.progressDue();
                        lock.lock();
                    }
                }
                garbage.swap(spent[me.index]);
                lock.unlock();
                recycle(me, me.index, std::move(garbage));
            };
            for (std::uint32_t c = 0; c < chunk.size(); ++c) {
                evaluate(me.evaluator, chunk[c], options.evaluation, me.spare, [&](auto &&made) {
                    Event event = eventOf(std::move(made), c);
                    if (holding) {
                        emitEvent(*channel, event, me.index, me.index == self);
                        if (auto *t = std::get_if<TurnEvent>(&event))
                            me.spare.keep(std::move(t->result));
                        if (++sinceBetween >= kBatchSize) {
                            sinceBetween = 0;
                            between();
                        }
                        return;
                    }
                    batch.emplace_back(std::move(event));
                    if (batch.size() >= kBatchSize) {
                        deliver();
                        between();
                    }
                });
            }
            if (!batch.empty())
                deliver();
            std::unique_lock lock(mutex);
            channel->done = true;
            if (holding)
                emitting = false;
            // Its own chunks' results at the head, this one's last ones included.
            emitHeads(lock, me, me.index);
            changed.notify_all();
        };
        const auto take = [&](std::unique_lock<std::mutex> &, Evaluating &me) {
            std::pair<std::shared_ptr<Channel>, std::shared_ptr<std::vector<Conversation>>> item =
                std::move(work.front());
            work.pop_front();
            item.first->worker = me.index;
            return item;
        };

        const auto worker = [&](std::size_t index) {
            Evaluating me {index, engine::Evaluator(set), {}};
            for (;;) {
                std::unique_lock lock(mutex);
                changed.wait(lock, [&] { return !work.empty() || readerDone; });
                if (work.empty())
                    return;
                auto [channel, chunk] = take(lock, me);
                lock.unlock();
                evaluateChunk(me, channel, *chunk, [] { });
                std::lock_guard relock(mutex);
                evaluated.push_back(std::move(chunk));
            }
        };
        std::vector<std::thread> workers;
        for (std::size_t i = 0; i + 1 < threads; ++i)
            workers.emplace_back(worker, i);

        // This thread: reads ahead, reports progress, evaluates, and emits what others left.
        Evaluating me {self, engine::Evaluator(set), {}};
        const auto between = [&] {
            // Keep the workers fed while a long conversation is evaluated here.
            readChunk();
            emitter.progressDue();
        };
        for (;;) {
            emitter.progressDue();
            if (readChunk())
                continue;
            std::unique_lock lock(mutex);
            if (emitHeads(lock, me, self))
                continue;
            if (!work.empty()) {
                auto [channel, chunk] = take(lock, me);
                lock.unlock();
                evaluateChunk(me, channel, *chunk, between);
                emptyChunks.push_back(std::move(chunk));
                continue;
            }
            if (inFlight.empty() && readerDone)
                break;
            // Nothing to read or evaluate: emit whatever is at the head, or wait for it.
            if (!emitHeads(lock, me, Channel::kNobody))
                changed.wait_for(
                    lock, std::min(options.progressInterval, std::chrono::milliseconds(50)));
        }
        {
            std::lock_guard lock(mutex);
            readerDone = true;
            changed.notify_all();
        }
        for (std::thread &t : workers)
            t.join();
    }
    reportProblems();
    emitter.runEnd();
    emitter.reportProgress();
    stats.conversations = emitter.conversations.load();
    stats.turns = emitter.turns.load();
    stats.problems = problemsSeen;
    stats.cancelled = cancelled();
    if (auto error = sessions.error())
        return *error;
    return stats;
}

} // namespace llmcl::tracer
