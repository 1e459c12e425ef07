// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/compiledset.h"
#include "engine/evaluator.h"
#include "engine/result.h"
#include "engine/session.h"
#include "engine/turnresult.h"
#include "tracer/conversation.h"
#include "tracer/sessionreader.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace llmcl::tracer {

class ReplayTotals;

// How far a replay is, for a progress bar.
struct ReplayProgress
{
    std::uint64_t turns = 0; // reported to the listener so far
    std::uint64_t conversations = 0;
    std::uint64_t bytesRead = 0; // of the sessions file (SessionReader::bytesRead())
    std::uint64_t fileSize = 0; // 0 when unknown
    double seconds = 0.0; // since the replay started

    double turnsPerSecond() const { return seconds > 0 ? double(turns) / seconds : 0.0; }
    // The fraction of the file read, 0 when the size is unknown.
    double fraction() const
    {
        return fileSize ? std::min(1.0, double(bytesRead) / double(fileSize)) : 0.0;
    }
    // Seconds left, estimated from the fraction read; negative when unknown.
    double etaSeconds() const
    {
        const double f = fraction();
        return f > 0.0 ? seconds * (1.0 - f) / f : -1.0;
    }
};

struct ReplayOptions
{
    engine::EvalOptions evaluation; // fixing, tracing, fix attempts
    int jobs = 1; // conversations evaluated in parallel (1: on the calling thread)
    // Set from another thread to stop early: the run ends after the conversations in flight.
    const std::atomic<bool> *cancel = nullptr;
    // Called on the calling thread about every `progressInterval` while the replay goes, and
    // once at the end.
    std::function<void(const ReplayProgress &)> progress;
    std::chrono::milliseconds progressInterval {200};
    // When set, the replay adds its totals to it (what a listener calling addTurn(), addEnd()
    // and addRunEnd() on every event would add), before it returns. Each thread counts what it
    // emits and the counts are merged at the end: one set of totals would move from core to
    // core with the emitting role (its 50 latency histograms were 1 % of a replay with two
    // jobs).
    ReplayTotals *totals = nullptr;
};

// Receives a replay's results in input order (conversation by conversation, turn by turn; a
// malformed line before the conversation that follows it) whatever the number of jobs, one call
// at a time: each call begins after the previous one returned, so a listener needs no lock of
// its own. With one job every call comes on the thread that called replay(); with more, on any
// of the replay's threads (the one that evaluated the conversation, where its results are in
// the cache), so a listener must not depend on the thread it is called on.
class ReplayListener
{
public:
    virtual ~ReplayListener();
    virtual void turn(
        const std::string &conversation, std::int64_t turn, const engine::TurnResult &result);
    // What the replay calls: turn() unless overridden. A listener that keeps results (the
    // Python package's replay iterator) takes them here instead of copying them, and may leave
    // in `result` another result it is done with: the replay reads nothing of it, and reuses
    // its strings and containers for a later turn (as it reuses the results of listeners that
    // take nothing).
    virtual void takeTurn(
        const std::string &conversation, std::int64_t turn, engine::TurnResult &&result);
    virtual void conversationEnd(
        const std::string &conversation, const engine::ConversationEnd &end);
    // A malformed line of the session file (reported and skipped).
    virtual void problem(const SessionProblem &problem);
    // The run ended: the global ensure_prob windows settle.
    virtual void runEnd(const std::vector<engine::ClauseVerdict> &settled);
};

// Hands every event to each of its listeners, in the order given.
class ReplayFanOut final : public ReplayListener
{
public:
    explicit ReplayFanOut(std::vector<ReplayListener *> listeners)
        : m_listeners(std::move(listeners))
    { }
    void turn(const std::string &conversation, std::int64_t turn,
        const engine::TurnResult &result) override;
    void conversationEnd(
        const std::string &conversation, const engine::ConversationEnd &end) override;
    void problem(const SessionProblem &problem) override;
    void runEnd(const std::vector<engine::ClauseVerdict> &settled) override;

private:
    std::vector<ReplayListener *> m_listeners;
};

struct ReplayStats
{
    std::uint64_t conversations = 0;
    std::uint64_t turns = 0;
    std::uint64_t problems = 0;
    bool cancelled = false;
};

// Replays every conversation of `sessions` against `set` (LANGUAGE.md §9: each conversation a
// Session, turn by turn; ensure_prob windows in input order). Conversations run on `jobs`
// threads, the calling thread one of them (it also reads the sessions and reports progress);
// results reach the listener in input order, so the output does not depend on `jobs`. Memory
// stays bounded whatever the corpus: at most 4 × jobs chunks of conversations are read ahead,
// and a chunk that is not next in order holds at most a few hundred turn results before its
// thread waits or emits what is ahead of it. Returns an error only when reading the sessions failed
// mid-way (what was read before was replayed and reported).
engine::Result<ReplayStats> replay(std::shared_ptr<const engine::CompiledSet> set,
    SessionReader &sessions, const ReplayOptions &options, ReplayListener &listener);

} // namespace llmcl::tracer
