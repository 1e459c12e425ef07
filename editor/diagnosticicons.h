// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/diagnostic.h"

#include <QColor>
#include <QIcon>
#include <QImage>
#include <QString>

namespace llmcl::editor {

// How a severity looks wherever the editor and the Problems panel show one. The shapes differ
// (a circle with a cross, a triangle with "!", a square with "i"), so the severity never rests
// on colour alone. GUI thread only (QIcon, QPainter on images is fine on any thread).

// The colour of a severity on a light or a dark background.
QColor severityColor(engine::Severity severity, bool darkBackground);

// The severity's symbol, `pixelSize` device pixels square, transparent background.
QImage severityImage(engine::Severity severity, int pixelSize);

// The symbol at the usual small icon sizes (16, 24, 32 px).
QIcon severityIcon(engine::Severity severity);

// "error", "warning" or "info", translated.
QString severityText(engine::Severity severity);

} // namespace llmcl::editor
