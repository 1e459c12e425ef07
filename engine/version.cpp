// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/version.h"

#include <llmcl/engine/version.h>

namespace llmcl::engine {

std::string_view productVersion() noexcept
{
    return LLMCL_VERSION_STRING;
}

std::string_view languageVersion() noexcept
{
    return LLMCL_LANGUAGE_VERSION_STRING;
}

} // namespace llmcl::engine
