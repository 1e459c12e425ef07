// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/turnresult.h"

#include <QColor>
#include <QString>

namespace llmcl::app {

// How the stepper and the trace view show a clause status: the gutter's symbol plus the
// translated word ("✓ pass", "✗ fail", "⚠ error", …; editor/verdicticons.h), so that a status
// never rests on colour alone, and the gutter's colour for bars and markers.
QString clauseStatusText(engine::ClauseStatus status);
// The word alone, translated.
QString clauseStatusWord(engine::ClauseStatus status);
QColor clauseStatusColor(engine::ClauseStatus status);
// "1.234 ms", "56.7 µs", "890 ns".
QString durationText(std::int64_t nanoseconds);
// ensure_prob's window after a turn, e.g. "rate 0.667 (2 of 3), target 0.5, window 3".
QString windowText(const engine::ClauseVerdict::Window &window);

} // namespace llmcl::app
