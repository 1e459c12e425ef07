// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/probabilisticwindows.h"

#include "engine/checker.h"
#include "engine/program.h"

#include <charconv>

namespace llmcl::engine {

namespace {

// "0.333", "0.5", "1": rates and targets for messages (printf's "%.3g", but never with the
// locale's decimal separator).
std::string formatRate(double value)
{
    char buffer[32];
    const auto end =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, 3);
    return std::string(buffer, end.ptr);
}

} // namespace

struct ProbabilisticWindows::State
{
    bool active = false;
    std::int64_t size = 100;
    double target = 0.0;
    std::vector<std::uint8_t> ring; // N-window: the last min(results, N) results
    std::size_t next = 0; // N-window, once full: the oldest result, overwritten next
    std::uint64_t results = 0; // in the window
    std::uint64_t successes = 0;
    ClauseVerdict last; // the last verdict, for settling
};

ProbabilisticWindows::ProbabilisticWindows(std::shared_ptr<const CompiledSet> set, Scope scope)
    : m_set(std::move(set))
{
    const detail::CompiledSetData &data = m_set->data();
    m_states.resize(data.clauses.size());
    for (std::size_t i = 0; i < data.clauses.size(); ++i) {
        const detail::CompiledClause &clause = data.clauses[i];
        if (clause.kind != ClauseKind::EnsureProb)
            continue;
        const bool session = clause.windowSize == kWindowSession;
        if ((scope == Scope::Run && session) || (scope == Scope::Conversation && !session))
            continue;
        State &s = m_states[i];
        s.active = true;
        s.size = clause.windowSize;
        m_empty = false;
    }
}

ProbabilisticWindows::~ProbabilisticWindows() = default;

void ProbabilisticWindows::apply(TurnResult &turn)
{
    const detail::CompiledSetData &data = m_set->data();
    bool changed = false;
    for (std::size_t c = 0; c < data.contracts.size() && c < turn.contracts.size(); ++c) {
        const std::vector<std::uint32_t> &indices = data.contracts[c].clauses;
        std::vector<ClauseVerdict> &verdicts = turn.contracts[c].clauses;
        for (std::size_t k = 0; k < indices.size() && k < verdicts.size(); ++k) {
            State &s = m_states[indices[k]];
            ClauseVerdict &v = verdicts[k];
            if (!s.active || !v.window)
                continue;
            ClauseVerdict::Window &w = *v.window;
            s.target = w.target;
            const bool held = w.held;
            if (s.size > 0) {
                // The ring grows with the results until it holds N of them (memory follows
                // what was seen, not N), then the oldest is overwritten.
                const auto n = static_cast<std::uint64_t>(s.size);
                if (s.results < n) {
                    s.ring.push_back(held ? 1 : 0);
                    ++s.results;
                } else {
                    s.successes -= s.ring[s.next];
                    s.ring[s.next] = held ? 1 : 0;
                    s.next = (s.next + 1) % s.ring.size();
                }
                s.successes += held ? 1 : 0;
            } else {
                ++s.results;
                s.successes += held ? 1 : 0;
            }
            w.results = s.results;
            w.rate =
                s.results ? static_cast<double>(s.successes) / static_cast<double>(s.results) : 0.0;
            if (v.status == ClauseStatus::Error) {
                changed = true; // the evaluator already listed it as a violation
            } else if (s.size > 0 && s.results == static_cast<std::uint64_t>(s.size)) {
                if (w.rate < w.target) {
                    v.status = ClauseStatus::Fail;
                    v.message = data.clauses[indices[k]].message + " (rate " + formatRate(w.rate)
                        + " < " + formatRate(w.target) + " over the last " + std::to_string(s.size)
                        + " results)";
                    turn.violations.push_back(violationOf(v));
                    changed = true;
                } else {
                    v.status = ClauseStatus::Pass;
                }
            } else {
                v.status = ClauseStatus::Pending;
            }
            // Settling never shows explanations: keep the verdict without them (the lines
            // are shared with the worker that made them; holding a reference here would make
            // this thread free them in the worker's malloc arena).
            Explanations values = std::move(v.values);
            s.last = v;
            v.values = std::move(values);
        }
    }
    if (changed)
        updateValidity(turn);
}

std::vector<ClauseVerdict> ProbabilisticWindows::settle(std::int64_t size)
{
    const detail::CompiledSetData &data = m_set->data();
    std::vector<ClauseVerdict> out;
    for (std::size_t i = 0; i < m_states.size(); ++i) {
        State &s = m_states[i];
        if (!s.active || s.size != size || s.results == 0)
            continue;
        ClauseVerdict v = s.last;
        v.values.clear();
        v.durationNs = 0;
        const double rate = static_cast<double>(s.successes) / static_cast<double>(s.results);
        if (v.window) {
            v.window->rate = rate;
            v.window->results = s.results;
        }
        if (rate < s.target) {
            v.status = ClauseStatus::Fail;
            v.message = data.clauses[i].message + " (rate " + formatRate(rate) + " < "
                + formatRate(s.target) + " over " + std::to_string(s.results) + " results)";
        } else {
            v.status = ClauseStatus::Pass;
            v.message.clear();
        }
        out.push_back(std::move(v));
        s.results = 0;
        s.successes = 0;
    }
    return out;
}

std::vector<ClauseVerdict> ProbabilisticWindows::endConversation()
{
    return settle(kWindowSession);
}

std::vector<ClauseVerdict> ProbabilisticWindows::endRun()
{
    return settle(kWindowGlobal);
}

Violation violationOf(const ClauseVerdict &verdict)
{
    Violation v;
    v.contract = verdict.contract();
    v.clause = verdict.id();
    v.kind = verdict.kind();
    v.line = verdict.range().begin.line;
    v.message = verdict.message;
    v.severity = verdict.severity();
    v.status = verdict.status;
    return v;
}

void updateValidity(TurnResult &result)
{
    result.valid = true;
    for (ContractResult &c : result.contracts)
        c.valid = true;
    for (const Violation &v : result.violations) {
        if (!invalidates(v.severity))
            continue;
        result.valid = false;
        for (ContractResult &c : result.contracts)
            if (c.name == v.contract)
                c.valid = false;
    }
}

} // namespace llmcl::engine
