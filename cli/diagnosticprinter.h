// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/compiledset.h"
#include "engine/diagnostic.h"

#include <iosfwd>
#include <span>
#include <string>

namespace llmcl::cli {

// Prints each diagnostic GCC style (engine::formatDiagnostic: header, source line, caret line),
// quoting the text the compiler read for its file.
void printDiagnostics(std::ostream &out, const engine::CompileResult &result);
void printDiagnostics(
    std::ostream &out, std::span<const engine::Diagnostic> diagnostics, std::string_view source);

using engine::diagnosticSummary; // "2 errors, 1 warning", "1 note", or "no problems"

bool hasErrors(std::span<const engine::Diagnostic> diagnostics);

} // namespace llmcl::cli
