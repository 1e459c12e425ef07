// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/keywords.h"

#include "engine/ast.h"

namespace llmcl::engine::keywords {

bool isClauseOptionAllowed(std::string_view name, ClauseKind kind) noexcept
{
    const bool probabilistic = kind == ClauseKind::EnsureProb;
    if (name == "window_size")
        return probabilistic;
    if (name == "auto_fix" || name == "confidence")
        return !probabilistic;
    return true;
}

} // namespace llmcl::engine::keywords
