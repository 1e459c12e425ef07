// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/ast.h"

#include <cstddef>
#include <string>

namespace llmcl::engine {

// The canonical source text of an expression, on one line, with the fewest parentheses that
// keep its meaning: what explanations, generated messages and the trace show. String literals
// longer than `maxLiteral` code points print as `...` (0: never elided), so that
// `match(response, r"(?i)\b(password|secret)\b")` reads `match(response, ...)`.
// Thread-safe (pure).
std::string printExpression(const Expr &expr, std::size_t maxLiteral = 0);

} // namespace llmcl::engine
