// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string_view>

namespace llmcl::engine {

// The product's version ("0.1.0"), shared by the engine, the CLI and the Studio.
std::string_view productVersion() noexcept;

// The version of the LLMCL language this engine implements ("1.1").
std::string_view languageVersion() noexcept;

} // namespace llmcl::engine
