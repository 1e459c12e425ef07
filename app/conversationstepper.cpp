// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/conversationstepper.h"

#include "engine/probabilisticwindows.h"

#include <QThreadPool>

#include <algorithm>

namespace llmcl::app {

struct ConversationStepper::Results
{
    std::vector<engine::TurnResult> turns;
    engine::ConversationEnd end;
};

struct ConversationStepper::Found
{
    std::shared_ptr<const tracer::Conversation> conversation; // null: no failure in the file
    std::shared_ptr<const Results> results;
    int step = -1;
    int verdict = -1;
};

ConversationStepper::ConversationStepper(QObject *parent)
    : QObject(parent)
    , m_pool(new QThreadPool(this))
{
    m_pool->setMaxThreadCount(1);
}

ConversationStepper::~ConversationStepper()
{
    m_jobs.close();
    // The worker stops at its next turn.
    m_pool->waitForDone();
}

int ConversationStepper::turnCount() const
{
    return m_conversation ? int(m_conversation->turns.size()) : 0;
}

int ConversationStepper::stepCount() const
{
    return m_conversation ? turnCount() + 1 : 0;
}

void ConversationStepper::setContracts(std::shared_ptr<const engine::CompiledSet> set)
{
    if (set == m_set)
        return;
    m_set = std::move(set);
    // A stored run's results stay what the run recorded, whatever the contracts are now.
    if (m_storedRun < 0)
        evaluate();
}

void ConversationStepper::setConversation(std::shared_ptr<const tracer::Conversation> conversation)
{
    if (conversation == m_conversation && m_storedRun < 0)
        return;
    leaveStored();
    m_conversation = std::move(conversation);
    m_current = m_conversation ? 0 : -1;
    evaluate();
    Q_EMIT currentChanged(m_current);
}

void ConversationStepper::showStored(StoredConversation stored, int step)
{
    m_jobs.advance(); // an evaluation in flight is dropped when it arrives
    m_pending = nullptr;
    auto results = std::make_shared<Results>();
    results->turns = std::move(stored.turns);
    results->end = std::move(stored.end);
    m_conversation = std::move(stored.conversation);
    m_results = std::move(results);
    m_storedRun = stored.run;
    m_storedRunName = std::move(stored.runName);
    m_storedEnded = stored.ended;
    m_current = m_conversation ? std::clamp(step, 0, stepCount() - 1) : -1;
    setBusy(false);
    Q_EMIT storedRunChanged(m_storedRun);
    Q_EMIT evaluated();
    Q_EMIT currentChanged(m_current);
}

void ConversationStepper::evaluateWithContracts()
{
    if (m_storedRun < 0)
        return;
    leaveStored();
    evaluate();
}

void ConversationStepper::leaveStored()
{
    if (m_storedRun < 0)
        return;
    m_storedRun = -1;
    m_storedRunName.clear();
    m_storedEnded = false;
    Q_EMIT storedRunChanged(-1);
}

void ConversationStepper::evaluate()
{
    m_jobs.advance();
    m_results.reset();
    m_pending = nullptr;
    if (!m_set || !m_conversation) {
        if (m_busy) {
            m_busy = false;
            Q_EMIT busyChanged(false);
        }
        Q_EMIT currentChanged(m_current);
        return;
    }
    if (!m_busy) {
        m_busy = true;
        Q_EMIT busyChanged(true);
    }
    m_jobs.start(m_pool,
        [set = m_set, conversation = m_conversation](
            const editor::JobChannel<ConversationStepper>::Job &job) {
            auto results =
                evaluateConversation(set, *conversation, [&job] { return job.isStale(); });
            if (!results)
                return;
            job.deliver(&ConversationStepper::receive, job.generation(),
                std::shared_ptr<const Results>(std::move(results)));
        });
}

std::shared_ptr<ConversationStepper::Results> ConversationStepper::evaluateConversation(
    const std::shared_ptr<const engine::CompiledSet> &set, const tracer::Conversation &conversation,
    const std::function<bool()> &stale)
{
    auto results = std::make_shared<Results>();
    engine::EvalOptions options;
    options.trace = true;
    // One conversation on its own: the windows see only its turns.
    engine::ProbabilisticWindows windows(set);
    engine::Session session(set, conversation.metadata, &windows);
    results->turns.reserve(conversation.turns.size());
    for (const tracer::Turn &turn : conversation.turns) {
        if (stale())
            return nullptr;
        std::optional<std::string_view> response;
        if (turn.response)
            response = *turn.response;
        results->turns.push_back(session.addTurn(turn.content, response, turn.context, options));
    }
    results->end = session.end();
    // The stepper's run is this one conversation: the global windows settle with it.
    for (engine::ClauseVerdict &verdict : windows.endRun()) {
        if (verdict.status == engine::ClauseStatus::Fail) {
            results->end.violations.push_back(engine::violationOf(verdict));
            if (engine::invalidates(verdict.severity()))
                results->end.valid = false;
        }
        results->end.settled.push_back(std::move(verdict));
    }
    return results;
}

void ConversationStepper::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

void ConversationStepper::receive(quint64 generation, std::shared_ptr<const Results> results)
{
    if (!m_jobs.isCurrent(generation)) {
        ++m_dropped;
        return;
    }
    ++m_applied;
    m_results = std::move(results);
    m_busy = false;
    Q_EMIT busyChanged(false);
    Q_EMIT evaluated();
    Q_EMIT currentChanged(m_current);
    if (auto pending = std::exchange(m_pending, nullptr))
        pending();
}

const engine::TurnResult *ConversationStepper::turnResult(int step) const
{
    if (!m_results || step < 0 || std::size_t(step) >= m_results->turns.size())
        return nullptr;
    return &m_results->turns[std::size_t(step)];
}

std::shared_ptr<const engine::TurnResult> ConversationStepper::sharedTurnResult(int step) const
{
    const engine::TurnResult *result = turnResult(step);
    return result ? std::shared_ptr<const engine::TurnResult>(m_results, result) : nullptr;
}

const engine::ConversationEnd *ConversationStepper::endResult() const
{
    return m_results ? &m_results->end : nullptr;
}

std::vector<const engine::ClauseVerdict *> ConversationStepper::verdictsOf(
    const Results &results, int turns, int step)
{
    std::vector<const engine::ClauseVerdict *> out;
    if (step >= 0 && step < int(results.turns.size())) {
        for (const engine::ContractResult &contract : results.turns[std::size_t(step)].contracts) {
            for (const engine::ClauseVerdict &verdict : contract.clauses)
                out.push_back(&verdict);
        }
    } else if (step == turns) {
        for (const engine::ClauseVerdict &verdict : results.end.settled)
            out.push_back(&verdict);
    }
    return out;
}

std::vector<const engine::ClauseVerdict *> ConversationStepper::verdicts(int step) const
{
    if (!m_results || !m_conversation)
        return {};
    return verdictsOf(*m_results, turnCount(), step);
}

bool ConversationStepper::hitsIn(const Results &results, int turns,
    const engine::ClauseVerdict &verdict, int step, const std::vector<ClauseLocation> &breakpoints)
{
    if (verdict.status != engine::ClauseStatus::Fail
        && verdict.status != engine::ClauseStatus::Error)
        return false;
    const bool atBreakpoint =
        std::any_of(breakpoints.begin(), breakpoints.end(), [&](const ClauseLocation &location) {
            return verdict.range().begin.line == location.line && verdict.file() == location.file;
        });
    if (!atBreakpoint)
        return false;
    if (verdict.temporal) {
        if (step != turns)
            return verdict.temporal->settledAt == step + 1;
        // At the end: only what the end settled, not a clause that failed on a turn before.
        for (const engine::ClauseVerdict *before : verdictsOf(results, turns, step - 1)) {
            if (before->id() == verdict.id())
                return before->status != engine::ClauseStatus::Fail
                    && before->status != engine::ClauseStatus::Error;
        }
    }
    return true;
}

bool ConversationStepper::hits(const engine::ClauseVerdict &verdict, int step,
    const std::vector<ClauseLocation> &breakpoints) const
{
    return m_results && hitsIn(*m_results, turnCount(), verdict, step, breakpoints);
}

int ConversationStepper::firstHit(
    const Results &results, int turns, int step, const std::vector<ClauseLocation> &breakpoints)
{
    const std::vector<const engine::ClauseVerdict *> all = verdictsOf(results, turns, step);
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (hitsIn(results, turns, *all[i], step, breakpoints))
            return int(i);
    }
    return -1;
}

int ConversationStepper::firstFailure(
    const std::vector<ClauseLocation> &breakpoints, int from) const
{
    if (!m_results || breakpoints.empty())
        return -1;
    for (int step = std::max(0, from + 1); step < stepCount(); ++step) {
        if (firstHit(*m_results, turnCount(), step, breakpoints) >= 0)
            return step;
    }
    return -1;
}

void ConversationStepper::setCurrent(int step)
{
    if (!m_conversation)
        return;
    step = std::clamp(step, 0, stepCount() - 1);
    if (step == m_current)
        return;
    m_current = step;
    Q_EMIT currentChanged(m_current);
}

void ConversationStepper::next()
{
    setCurrent(m_current + 1);
}

void ConversationStepper::previous()
{
    setCurrent(m_current - 1);
}

void ConversationStepper::first()
{
    setCurrent(0);
}

void ConversationStepper::runToTurn(int turn)
{
    whenReady([this, turn] { setCurrent(turn - 1); });
}

void ConversationStepper::runToBreakpoint(std::vector<ClauseLocation> breakpoints,
    std::vector<std::shared_ptr<const tracer::Conversation>> following)
{
    whenReady([this, breakpoints = std::move(breakpoints), following = std::move(following)] {
        const int step = firstFailure(breakpoints, m_current);
        if (step >= 0) {
            setCurrent(step);
            Q_EMIT breakpointHit(step, firstHit(*m_results, turnCount(), step, breakpoints));
        } else if (!following.empty() && m_set && !breakpoints.empty() && m_storedRun < 0) {
            searchFollowing(breakpoints, following);
        } else {
            Q_EMIT breakpointNotHit();
        }
    });
}

void ConversationStepper::searchFollowing(std::vector<ClauseLocation> breakpoints,
    std::vector<std::shared_ptr<const tracer::Conversation>> following)
{
    // The current conversation's results stay; a change of contracts or conversation advances
    // the channel and the search stops at its next turn.
    m_jobs.advance();
    setBusy(true);
    m_jobs.start(m_pool,
        [set = m_set, breakpoints = std::move(breakpoints), following = std::move(following)](
            const editor::JobChannel<ConversationStepper>::Job &job) {
            auto found = std::make_shared<Found>();
            for (const auto &conversation : following) {
                if (!conversation)
                    continue;
                auto results =
                    evaluateConversation(set, *conversation, [&job] { return job.isStale(); });
                if (!results)
                    return;
                const int turns = int(conversation->turns.size());
                for (int step = 0; step <= turns && found->step < 0; ++step) {
                    const int verdict = firstHit(*results, turns, step, breakpoints);
                    if (verdict >= 0) {
                        found->step = step;
                        found->verdict = verdict;
                    }
                }
                if (found->step >= 0) {
                    found->conversation = conversation;
                    found->results = std::move(results);
                    break;
                }
            }
            job.deliver(&ConversationStepper::receiveFound, job.generation(),
                std::shared_ptr<const Found>(std::move(found)));
        });
}

void ConversationStepper::receiveFound(quint64 generation, std::shared_ptr<const Found> found)
{
    if (!m_jobs.isCurrent(generation))
        return;
    setBusy(false);
    if (!found->conversation) {
        Q_EMIT breakpointNotHit();
        return;
    }
    m_conversation = found->conversation;
    m_results = found->results;
    m_current = found->step;
    Q_EMIT conversationChanged(m_conversation);
    Q_EMIT evaluated();
    Q_EMIT currentChanged(m_current);
    Q_EMIT breakpointHit(found->step, found->verdict);
}

void ConversationStepper::whenReady(std::function<void()> action)
{
    if (!m_conversation)
        return;
    if (m_results || !m_busy)
        action();
    else
        m_pending = std::move(action);
}

} // namespace llmcl::app
