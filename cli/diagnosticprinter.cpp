// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/diagnosticprinter.h"

#include <ostream>

namespace llmcl::cli {

void printDiagnostics(std::ostream &out, const engine::CompileResult &result)
{
    for (const engine::Diagnostic &diagnostic : result.diagnostics)
        out << engine::formatDiagnostic(diagnostic, result.sourceText(diagnostic.file));
}

void printDiagnostics(
    std::ostream &out, std::span<const engine::Diagnostic> diagnostics, std::string_view source)
{
    for (const engine::Diagnostic &diagnostic : diagnostics)
        out << engine::formatDiagnostic(diagnostic, source);
}

bool hasErrors(std::span<const engine::Diagnostic> diagnostics)
{
    for (const engine::Diagnostic &diagnostic : diagnostics)
        if (diagnostic.severity == engine::Severity::Error)
            return true;
    return false;
}

} // namespace llmcl::cli
