// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/evaluator.h"
#include "engine/probabilisticwindows.h"
#include "engine/turnresult.h"
#include "engine/value.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llmcl::engine {

namespace detail {
class SessionMonitors;
}

// What settled when a conversation ended (LANGUAGE.md §7, §8).
struct ConversationEnd
{
    bool valid = true;
    std::vector<ClauseVerdict> settled; // temporal and session-window clauses, pass or fail
    std::vector<Violation> violations; // the failing ones
};

// One conversation, evaluated turn by turn (LANGUAGE.md §9): each addTurn() runs the input
// phase, its fixes, the output phase, its fixes, then advances the temporal monitors; end()
// settles what is pending. The names of LANGUAGE.md §5 follow the conversation: turn_number,
// conversation_length, prev_content and prev_response (the previous turn as captured: a fix
// changes what its own turn re-validates, not the later turns), history (the earlier turns as
// {content, response} maps) and context (the turn's context merged over the conversation's
// metadata, the turn's keys winning).
//
// Temporal clauses advance in output phases only (turns with a response): a trailing user
// message without an answer does not count for `within N`. A temporal clause reports `pass`
// once satisfied and `fail` once violated; its violation is listed on the turn that settled
// it only.
//
// ensure_prob clauses record their result on each output phase; with `windows` the session
// turns results into verdicts immediately (one conversation at a time, or several sessions
// fed strictly in run order); without it the verdicts stay `pending` for the caller to apply
// in run order (ProbabilisticWindows::apply), as the parallel replay does.
//
// Not thread-safe; one Session per conversation; the compiled set is shared.
class Session
{
public:
    explicit Session(std::shared_ptr<const CompiledSet> set, Value metadata = {},
        ProbabilisticWindows *windows = nullptr);
    // A session that borrows `evaluator` (and its scratch memory), which must outlive it: what
    // a thread that evaluates many conversations one after the other uses, so that each
    // conversation does not pay for a fresh evaluator (regex match data, JIT stack…).
    explicit Session(
        Evaluator &evaluator, Value metadata = {}, ProbabilisticWindows *windows = nullptr);
    ~Session();
    Session(const Session &) = delete;
    Session &operator=(const Session &) = delete;

    // Evaluates the next turn. `context` is the turn's own context (a map, or null).
    // `recycled`: a result of an earlier turn of the same compiled set that the caller is done
    // with, whose strings and containers the new result reuses instead of allocating them
    // again (what a replay passes); any result, or none, gives the same verdicts.
    TurnResult addTurn(std::string_view content, std::optional<std::string_view> response,
        const Value &context = {}, const EvalOptions &options = {},
        TraceListener *listener = nullptr, TurnResult recycled = {});

    // The conversation ended: settles the pending temporal clauses (and, with windows, the
    // session windows). Call once; addTurn() after end() starts nothing new.
    ConversationEnd end();

    std::int64_t turns() const noexcept { return m_turns; }

private:
    std::unique_ptr<Evaluator> m_ownEvaluator;
    Evaluator &m_evaluator;
    std::unique_ptr<detail::SessionMonitors> m_monitors;
    Value m_metadata;
    ProbabilisticWindows *m_windows;
    std::int64_t m_turns = 0;
    std::optional<std::string> m_previousContent;
    std::optional<std::string> m_previousResponse;
    std::vector<Value> m_history;
    bool m_ended = false;
};

} // namespace llmcl::engine
