// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <iosfwd>
#include <span>
#include <string_view>

namespace llmcl::cli {

// Exit codes of INTERFACES.md §2.
enum ExitCode : int
{
    kExitSuccess = 0,
    kExitFindings = 1, // diagnostics with errors, or violations
    kExitUsage = 2, // usage, input or I/O errors
};

// Runs `llmcl` with its arguments (without the program name), writing results to `out` and
// messages to `err`. Returns the exit code.
int run(std::span<const std::string_view> arguments, std::ostream &out, std::ostream &err);

} // namespace llmcl::cli
