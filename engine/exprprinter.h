// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/ast.h"

#include <cstddef>
#include <string>

namespace llmcl::engine {

// How printExpression() shortens a string literal longer than its `maxLiteral` code points.
enum class LiteralElision
{
    // `...` instead of the literal: `match(response, ...)` (conflict messages, hover details).
    Dots,
    // The literal's beginning and end around `…`, and a literal holding backslashes (a regex
    // pattern) written raw, as it was most likely typed: `match(response,
    // r"(?i)\b(password|secr…|token|key)\b")` (explanations, which the reader compares with the
    // text that matched).
    Middle,
};

// The canonical source text of an expression, on one line, with the fewest parentheses that
// keep its meaning: what explanations, generated messages and the trace show. String literals
// longer than `maxLiteral` code points are shortened as `elision` says (0: never).
// Thread-safe (pure).
std::string printExpression(
    const Expr &expr, std::size_t maxLiteral = 0, LiteralElision elision = LiteralElision::Dots);

} // namespace llmcl::engine
