// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/compiledset.h"
#include "engine/evaluator.h"
#include "engine/probabilisticwindows.h"
#include "engine/turnresult.h"
#include "tracer/runinfo.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace llmcl::python {

// What a Python ContractSet shares with its sessions and replays: the compiled set, a pool of
// evaluators, the run's ensure_prob windows and the contracts' text. Held by shared_ptr, so
// that a session outlives the ContractSet object that made it. Thread-safe.
class SharedSet
{
public:
    SharedSet(std::shared_ptr<const engine::CompiledSet> set,
        std::vector<tracer::ContractSource> sources, std::int64_t compileNs)
        : m_set(std::move(set))
        , m_sources(std::move(sources))
        , m_compileNs(compileNs)
        , m_runWindows(m_set, engine::ProbabilisticWindows::Scope::Run)
        , m_hasSessionWindows(!engine::ProbabilisticWindows(
              m_set, engine::ProbabilisticWindows::Scope::Conversation)
                  .empty())
    { }

    const std::shared_ptr<const engine::CompiledSet> &set() const { return m_set; }
    // The files compiled, with the text each had then (a stored run's contract snapshots).
    const std::vector<tracer::ContractSource> &sources() const { return m_sources; }
    std::int64_t compileNs() const { return m_compileNs; }
    bool hasSessionWindows() const { return m_hasSessionWindows; }

    // The engine's Evaluator holds scratch memory and is not thread-safe: each evaluation (and
    // each session, while it lives) borrows one from the pool, which makes one when all are
    // busy. So there are as many evaluators as threads evaluating at once, each reused.
    std::unique_ptr<engine::Evaluator> borrow()
    {
        {
            const std::lock_guard lock(m_poolMutex);
            if (!m_idle.empty()) {
                std::unique_ptr<engine::Evaluator> evaluator = std::move(m_idle.back());
                m_idle.pop_back();
                return evaluator;
            }
        }
        return std::make_unique<engine::Evaluator>(m_set);
    }

    void giveBack(std::unique_ptr<engine::Evaluator> evaluator)
    {
        const std::lock_guard lock(m_poolMutex);
        m_idle.push_back(std::move(evaluator));
    }

    // A result Python is done with (its Result was freed), or an empty one: the next turn's
    // result reuses its strings and containers (Evaluator::evaluateTurn's `recycled`) instead
    // of allocating them, and freeing it costs nothing now.
    engine::TurnResult spareResult()
    {
        const std::lock_guard lock(m_poolMutex);
        if (m_spare.empty())
            return {};
        engine::TurnResult result = std::move(m_spare.back());
        m_spare.pop_back();
        return result;
    }

    void recycle(engine::TurnResult &&result)
    {
        const std::lock_guard lock(m_poolMutex);
        if (m_spare.size() < kSpareResults)
            m_spare.push_back(std::move(result));
    }

    // The run's windows (window_size N and global) see a session turn's ensure_prob results
    // in the order turns arrive from all the set's sessions.
    void applyRunWindows(engine::TurnResult &result)
    {
        if (m_runWindows.empty())
            return;
        const std::lock_guard lock(m_windowsMutex);
        m_runWindows.apply(result);
    }

    // Settles the global windows over every session turn so far; they start again.
    std::vector<engine::ClauseVerdict> endRun()
    {
        const std::lock_guard lock(m_windowsMutex);
        return m_runWindows.endRun();
    }

private:
    std::shared_ptr<const engine::CompiledSet> m_set;
    std::vector<tracer::ContractSource> m_sources;
    std::int64_t m_compileNs = 0;
    std::mutex m_poolMutex;
    std::vector<std::unique_ptr<engine::Evaluator>> m_idle;
    // A few, as many as results are freed between two evaluations in a busy service.
    static constexpr std::size_t kSpareResults = 16;
    std::vector<engine::TurnResult> m_spare;
    std::mutex m_windowsMutex;
    engine::ProbabilisticWindows m_runWindows;
    bool m_hasSessionWindows = false;
};

} // namespace llmcl::python
