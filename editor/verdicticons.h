// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/turnresult.h"

#include <QColor>
#include <QIcon>
#include <QImage>
#include <QString>

namespace llmcl::editor {

// How a clause verdict looks in the editor's gutter and the evaluation panel. Each status has
// its own shape, so it never rests on colour alone: pass a check mark, fail a cross, error an
// exclamation mark in a triangle, suppressed a struck-through dash, pending (and skipped: not
// evaluated in this turn) a hollow circle. Greyed: the same shapes in grey, for verdicts of
// contracts that no longer compile. QPainter on images: any thread; icons: GUI thread.

// Pending and Skipped share a look; the others are themselves.
engine::ClauseStatus displayedStatus(engine::ClauseStatus status);

QColor verdictColor(engine::ClauseStatus status, bool greyed);

// The status's symbol, `pixelSize` device pixels square, transparent background.
QImage verdictImage(engine::ClauseStatus status, int pixelSize, bool greyed = false);

QIcon verdictIcon(engine::ClauseStatus status, bool greyed = false);

// "pass", "fail", "error", "pending", "suppressed", "skipped", translated.
QString verdictStatusText(engine::ClauseStatus status);

// A text symbol for the status (✓ ✗ ⚠ – ○), for annotations and plain-text lists.
QString verdictSymbol(engine::ClauseStatus status);

} // namespace llmcl::editor
