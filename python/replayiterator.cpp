// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "replayiterator.h"

#include "engine/json.h"
#include "tracer/replaytotals.h"
#include "tracer/runrecording.h"
#include "tracer/workspacedb.h"

#include <algorithm>
#include <cstring>

#include "conversion.h"
#include "resultviews.h"

namespace llmcl::python {

namespace {

// Results waiting for Python: enough to keep the engine busy while Python converts a batch,
// few enough that a slow consumer holds a bounded number of results (each about 10 KB).
constexpr std::size_t kQueueCapacity = 512;
// How often a waiting next() looks for Ctrl-C.
constexpr std::chrono::milliseconds kSignalCheckInterval {100};

[[noreturn]] void raiseOsError(const engine::Error &error)
{
    PyErr_SetString(PyExc_OSError, error.message.c_str());
    throw nb::python_error();
}

tracer::ReplayOptions replayOptions(int jobs, bool fix, bool trace)
{
    tracer::ReplayOptions options;
    options.evaluation.fix = fix;
    options.evaluation.trace = trace;
    options.evaluation.traceOnlyFailures = false;
    options.jobs = std::max(1, jobs);
    return options;
}

nb::str summaryJson(const tracer::ReplayTotals &totals, const tracer::ReplayFacts &facts)
{
    engine::JsonWriter writer;
    tracer::writeSummaryObject(writer, totals, facts);
    return nb::str(writer.view().data(), writer.view().size());
}

} // namespace

ReplayIterator::ReplayIterator(std::shared_ptr<SharedSet> set, const std::string &path,
    nb::object lines, int jobs, bool fix, bool trace)
    : m_set(std::move(set))
    , m_options(replayOptions(jobs, fix, trace))
{
    m_options.cancel = &m_cancel;
    if (lines.is_none()) {
        engine::Result<tracer::SessionReader> reader = tracer::SessionReader::open(path);
        if (!reader)
            raiseOsError(reader.error());
        m_reader.emplace(std::move(reader.value()));
    } else {
        m_lines = std::move(lines);
        m_reader.emplace(tracer::SessionReader::fromSource(
            path, [this](char *dst, std::size_t capacity) { return readLines(dst, capacity); }));
    }
    m_thread = std::thread([this] { run(); });
}

ReplayIterator::~ReplayIterator()
{
    m_cancel.store(true);
    // The replay's thread may be waiting for the GIL (reading an iterable) or for room in the
    // queue: let go of both before waiting for it.
    nb::gil_scoped_release release;
    {
        const std::lock_guard lock(m_mutex);
        m_changed.notify_all();
    }
    if (m_thread.joinable())
        m_thread.join();
}

void ReplayIterator::run()
{
    const auto start = std::chrono::steady_clock::now();
    engine::Result<tracer::ReplayStats> stats =
        tracer::replay(m_set->set(), *m_reader, m_options, *this);
    const std::lock_guard lock(m_mutex);
    m_durationNs = std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::steady_clock::now() - start)
                       .count();
    m_stats.emplace(std::move(stats));
    m_finished = true;
    m_changed.notify_all();
}

void ReplayIterator::push(Item item)
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return m_queue.size() < kQueueCapacity || m_cancel.load(); });
    if (m_cancel.load())
        return; // nobody reads it any more
    m_queue.push_back(std::move(item));
    if (m_consumerWaiting)
        m_changed.notify_all();
}

void ReplayIterator::takeTurn(
    const std::string &conversation, std::int64_t turn, engine::TurnResult &&result)
{
    m_totals.addTurn(result);
    // A result Python has freed goes back to the replay in its place, to be reused by the
    // worker that evaluates a later turn: without it every turn would allocate its verdicts'
    // strings on a worker and free them on the thread iterating in Python.
    engine::TurnResult taken = std::move(result);
    result = m_set->spareResult();
    push(TurnItem {conversation, turn, std::move(taken)});
}

void ReplayIterator::conversationEnd(
    const std::string &conversation, const engine::ConversationEnd &end)
{
    m_totals.addEnd(end);
    push(EndItem {conversation, end});
}

void ReplayIterator::problem(const tracer::SessionProblem &problem)
{
    push(problem);
}

void ReplayIterator::runEnd(const std::vector<engine::ClauseVerdict> &settled)
{
    m_totals.addRunEnd(settled);
    m_runEnd = settled;
}

nb::object ReplayIterator::next()
{
    while (m_taken.empty()) {
        bool finished = false;
        {
            nb::gil_scoped_release release;
            std::unique_lock lock(m_mutex);
            m_consumerWaiting = true;
            m_changed.wait_for(
                lock, kSignalCheckInterval, [&] { return !m_queue.empty() || m_finished; });
            m_consumerWaiting = false;
            m_taken.swap(m_queue);
            finished = m_finished && m_taken.empty();
            if (!m_taken.empty())
                m_changed.notify_all(); // room in the queue again
        }
        if (finished)
            throw nb::stop_iteration();
        if (m_taken.empty() && PyErr_CheckSignals() != 0)
            throw nb::python_error();
    }
    Item item = std::move(m_taken.front());
    m_taken.pop_front();
    if (auto *turn = std::get_if<TurnItem>(&item))
        return nb::make_tuple(0, pyText(turn->conversation), turn->turn,
            nb::cast(
                new TurnResultView(std::move(turn->result), m_set), nb::rv_policy::take_ownership));
    if (auto *end = std::get_if<EndItem>(&item))
        return nb::make_tuple(1, pyText(end->conversation), nb::none(),
            nb::cast(new ConversationEndView(std::move(end->end)), nb::rv_policy::take_ownership));
    const tracer::SessionProblem &p = std::get<tracer::SessionProblem>(item);
    return nb::make_tuple(2, nb::none(), nb::none(),
        nb::make_tuple(
            pyText(p.file), p.line, p.byteOffset, pyText(p.message), pyText(tracer::describe(p))));
}

nb::tuple ReplayIterator::outcome()
{
    if (m_linesError) {
        nb::python_error error = std::move(*m_linesError);
        m_linesError.reset();
        throw error;
    }
    {
        const std::lock_guard lock(m_mutex);
        if (!m_finished)
            throw nb::value_error("the replay has not ended: iterate over it first");
    }
    if (!*m_stats)
        raiseOsError(m_stats->error());
    const tracer::ReplayStats &stats = m_stats->value();
    const tracer::ReplayFacts facts {
        stats, m_durationNs, m_set->compileNs(), m_totals.coverage(*m_set->set()), std::nullopt, 0};
    return nb::make_tuple(verdictList(m_runEnd, false), summaryJson(m_totals, facts), stats.turns,
        stats.conversations, stats.problems);
}

engine::Result<std::size_t> ReplayIterator::readLines(char *dst, std::size_t capacity)
{
    const auto copyPending = [&](std::size_t filled) {
        const std::size_t n = std::min(capacity - filled, m_pending.size() - m_pendingAt);
        std::memcpy(dst + filled, m_pending.data() + m_pendingAt, n);
        m_pendingAt += n;
        return filled + n;
    };
    std::size_t filled = copyPending(0);
    if (filled == capacity || m_cancel.load() || !m_lines.is_valid())
        return filled;
    // Many lines per acquisition of the GIL: the thread iterating in Python holds it while it
    // works, and each acquisition may wait for it to let go.
    nb::gil_scoped_acquire gil;
    while (filled < capacity) {
        PyObject *line = PyIter_Next(m_lines.ptr());
        if (!line) {
            if (PyErr_Occurred()) {
                m_linesError.emplace();
                m_lines.reset();
                return engine::Error {"the sessions iterable raised an exception"};
            }
            m_lines.reset(); // the end
            break;
        }
        const nb::object owner = nb::steal(line);
        if (!PyBytes_Check(line)) {
            m_lines.reset();
            PyErr_SetString(PyExc_TypeError, "replay: a session line must be bytes");
            m_linesError.emplace();
            return engine::Error {"the sessions iterable gave a line that is not bytes"};
        }
        m_pending.assign(PyBytes_AS_STRING(line), static_cast<std::size_t>(PyBytes_GET_SIZE(line)));
        m_pendingAt = 0;
        filled = copyPending(filled);
    }
    return filled;
}

nb::tuple replayToDatabase(const std::shared_ptr<SharedSet> &set, const std::string &database,
    const std::string &sessions, int jobs, bool fix, bool detail)
{
    std::optional<engine::Error> failure;
    std::optional<nb::python_error> interrupt;
    std::int64_t run = 0;
    tracer::RunStatus status = tracer::RunStatus::Incomplete;
    std::string summary;
    {
        nb::gil_scoped_release release;
        [&] {
            auto opened = tracer::WorkspaceDatabase::open(database);
            if (!opened)
                return void(failure = opened.error());
            tracer::WorkspaceDatabase &db = opened.value();
            engine::Result<tracer::SessionReader> reader = tracer::SessionReader::open(sessions);
            if (!reader)
                return void(failure = reader.error());

            // The run as `llmcl replay --db` describes it.
            const tracer::RunInfo info = tracer::RunInfo::replayStartingNow(
                sessions, set->sources(), fix, std::max(1, jobs), detail);
            tracer::RunRecording::Options recordingOptions;
            recordingOptions.writer.storeDetail = detail;
            auto started = tracer::RunRecording::start(db, info, recordingOptions);
            if (!started)
                return void(failure = started.error());
            tracer::RunRecording &recording = *started.value();

            tracer::ReplayTotals totals;
            tracer::ReplayOptions options = replayOptions(jobs, fix, detail);
            options.totals = &totals;
            std::atomic<bool> stop {false};
            options.cancel = &stop;
            // On this thread, the writer's, about every 200 ms: Ctrl-C, or a failure to store
            // (nothing after it would be stored), stops the replay.
            options.progress = [&](const tracer::ReplayProgress &) {
                if (recording.storeError())
                    stop.store(true);
                nb::gil_scoped_acquire gil;
                if (!interrupt && PyErr_CheckSignals() != 0) {
                    interrupt.emplace();
                    stop.store(true);
                }
            };
            const auto start = std::chrono::steady_clock::now();
            const engine::Result<tracer::ReplayStats> stats =
                tracer::replay(set->set(), reader.value(), options, recording.writer());
            const std::int64_t durationNs = std::chrono::duration_cast<std::chrono::nanoseconds>(
                std::chrono::steady_clock::now() - start)
                                                .count();
            const tracer::Coverage coverage = totals.coverage(*set->set());
            const engine::Result<tracer::RunStatus> finished =
                recording.finish(stats, totals, durationNs, set->compileNs(), coverage);
            run = recording.run();
            if (!finished)
                return void(failure = engine::Error {finished.error().message + "; run "
                                + std::to_string(run) + " is stored as incomplete"});
            if (!stats)
                return void(failure = stats.error());
            status = finished.value();
            engine::JsonWriter writer;
            tracer::writeSummaryObject(writer, totals,
                tracer::ReplayFacts {
                    stats.value(), durationNs, set->compileNs(), coverage, db.path(), run});
            summary = writer.take();
        }();
    }
    if (interrupt)
        throw *interrupt;
    if (failure)
        raiseOsError(*failure);
    return nb::make_tuple(
        run, pyText(tracer::runStatusName(status)), nb::str(summary.data(), summary.size()));
}

} // namespace llmcl::python
