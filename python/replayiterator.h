// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tracer/replay.h"
#include "tracer/replaytotals.h"
#include "tracer/sessionreader.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <nanobind/nanobind.h>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "sharedset.h"

namespace llmcl::python {

namespace nb = nanobind;

// ContractSet.replay(): tracer::replay() — the runner of `llmcl replay` — on a thread of its
// own, without the GIL, its results handed to Python in input order through a bounded queue.
// Each next() returns (0, conversation, turn, TurnResultView), (1, conversation, None,
// ConversationEndView) or (2, None, None, (file, line, byte_offset, message, text)) for a
// malformed line, and raises StopIteration after the last; outcome() then gives the run's end.
// Destroying it before the end cancels the replay (the conversations in flight finish).
class ReplayIterator final : public tracer::ReplayListener
{
public:
    // `lines`: an iterator of bytes (one JSON line each) when `reader` reads from it (its
    // ByteSource is made here); None for a file.
    ReplayIterator(std::shared_ptr<SharedSet> set, const std::string &path, nb::object lines,
        int jobs, bool fix, bool trace);
    ~ReplayIterator() override;
    ReplayIterator(const ReplayIterator &) = delete;
    ReplayIterator &operator=(const ReplayIterator &) = delete;

    nb::object next();
    // After the last item: ([verdicts settled at the run's end], summary JSON text, turns,
    // conversations, problems); raises what stopped the replay (a file that broke off, the
    // iterable's exception).
    nb::tuple outcome();

    // tracer::ReplayListener, on the replay's thread.
    void takeTurn(
        const std::string &conversation, std::int64_t turn, engine::TurnResult &&result) override;
    void conversationEnd(
        const std::string &conversation, const engine::ConversationEnd &end) override;
    void problem(const tracer::SessionProblem &problem) override;
    void runEnd(const std::vector<engine::ClauseVerdict> &settled) override;

private:
    struct TurnItem
    {
        std::string conversation;
        std::int64_t turn;
        engine::TurnResult result;
    };
    struct EndItem
    {
        std::string conversation;
        engine::ConversationEnd end;
    };
    using Item = std::variant<TurnItem, EndItem, tracer::SessionProblem>;

    void run();
    void push(Item item);
    engine::Result<std::size_t> readLines(char *dst, std::size_t capacity);

    std::shared_ptr<SharedSet> m_set;
    std::optional<tracer::SessionReader> m_reader;
    nb::object m_lines; // the Python iterator read by readLines()
    std::string m_pending; // the part of the last line readLines() has not handed over
    std::size_t m_pendingAt = 0;
    std::optional<nb::python_error> m_linesError;
    tracer::ReplayOptions m_options;
    std::atomic<bool> m_cancel {false};

    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Item> m_queue; // from the replay's thread
    bool m_consumerWaiting = false;
    bool m_finished = false;
    std::deque<Item> m_taken; // the consumer's, without the lock

    // Set on the replay's thread before m_finished.
    tracer::ReplayTotals m_totals;
    std::vector<engine::ClauseVerdict> m_runEnd;
    std::optional<engine::Result<tracer::ReplayStats>> m_stats;
    std::int64_t m_durationNs = 0;

    std::thread m_thread;
};

// llmcl.replay_to_db(): what `llmcl replay --db` does (tracer::RunRecording: the sessions
// imported, the run stored complete, cancelled or incomplete), without the GIL. Returns
// (run id, status, summary JSON text); raises OSError with the tracer's message when the
// database or the sessions cannot be used, KeyboardInterrupt (after storing the run as
// cancelled) on Ctrl-C.
nb::tuple replayToDatabase(const std::shared_ptr<SharedSet> &set, const std::string &database,
    const std::string &sessions, int jobs, bool fix, bool detail);

} // namespace llmcl::python
