// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/turnresult.h"

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>

namespace llmcl::cli {

// The human-readable rendering of one evaluated turn (`llmcl eval --format text`):
//
//   INVALID: 1 violation, 1 fix, 14 clauses in 4 contracts (42.1 µs)
//
//   Violations:
//     safety.llmcl:27: critical[ChatbotSafety#4]: Response contains sensitive information
//
//   Fixes:
//     safety.llmcl:45: NoPII#1 (round 1): fixed
//       "My SSN is 123-45-6789" → "My SSN is [redacted]"
//
//   Clauses:
//     status  clause           kind     line              duration  message
//     pass    ChatbotSafety#1  require  safety.llmcl:13   310 ns
//
// Texts are quoted with control characters escaped and long ones shortened, so that the output
// stays one line per item and safe for a terminal.
void printTurnResult(std::ostream &out, const engine::TurnResult &result);

// `text` in double quotes, with `"`, `\` and control characters escaped and ill-formed UTF-8
// shown as U+FFFD; texts longer than `maxCodePoints` are cut and end in "…".
std::string quotedText(std::string_view text, std::size_t maxCodePoints = 80);

// "310 ns", "42.1 µs", "1.5 ms", "2.0 s".
std::string formatDuration(std::int64_t nanoseconds);

} // namespace llmcl::cli
