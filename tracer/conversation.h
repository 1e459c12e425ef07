// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/value.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace llmcl::tracer {

// One exchange of a captured conversation: what the user sent and what the assistant answered.
// docs/sessions.md says how both input shapes of INTERFACES.md §1 map onto it.
struct Turn
{
    // The user's text (UTF-8); "" when the turn has no user message.
    std::string content;
    // The assistant's text; std::nullopt when the turn was never answered.
    std::optional<std::string> response;
    // Always a map (possibly empty). The `turns` shape: the turn's "context" object as given.
    // The `messages` shape: "system" (a string: every system message that applies, joined with
    // "\n\n") and "tool_messages" (a list of the tool messages as given), each only when there
    // is one. Values own their strings: a Turn outlives the reader that made it.
    engine::Value context = engine::Value::map({});
    std::optional<std::string> timestamp; // as written in the file (ISO 8601 by convention)
    std::optional<double> latencyMs; // milliseconds
};

// One line of a sessions file.
struct Conversation
{
    // The "id" member (a number as its decimal digits), or the 1-based line number as a string.
    std::string id;
    engine::Value metadata; // a map, or null when the line has none
    std::vector<Turn> turns; // in conversation order; may be empty
    std::uint64_t line = 0; // 1-based line number in the file
    std::uint64_t byteOffset = 0; // 0-based offset of the line's first byte, uncompressed
    // The line has no "id": `id` is its line number (a replay of part of a file renumbers it).
    bool idFromLine = false;
};

} // namespace llmcl::tracer
