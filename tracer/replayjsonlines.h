// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/json.h"
#include "engine/resultjson.h"
#include "engine/session.h"
#include "engine/turnresult.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace llmcl::tracer {

// The JSON Lines of `llmcl replay --format json` (INTERFACES.md §2): one object per turn, one
// per conversation end. The CLI prints them and the Python package's replay items give them,
// so that both say the same for the same replay. Keeps one buffer for every line (sized by the
// first few turns, about 17 KB a turn with 50 traced clauses) and the clauses' members that are
// the same on every turn. Not thread-safe.
class ReplayJsonLines
{
public:
    // `explainAll`: every clause carries its explanation ("values"), as with --explain all;
    // otherwise only those that do not pass.
    explicit ReplayJsonLines(bool explainAll)
        : m_explainAll(explainAll)
    { }

    // The line of a turn, without the newline; valid until the next call.
    std::string_view turn(
        const std::string &conversation, std::int64_t turn, const engine::TurnResult &result);
    // The line of a conversation's end, without the newline; valid until the next call.
    std::string_view conversationEnd(
        const std::string &conversation, const engine::ConversationEnd &end);

private:
    bool m_explainAll = false;
    engine::JsonWriter m_line;
    engine::ClauseVerdictWriter m_verdicts;
};

} // namespace llmcl::tracer
