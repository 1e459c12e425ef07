// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/diagnosticprinter.h"

#include <ostream>

namespace llmcl::cli {

namespace {

void appendCount(std::string &out, std::size_t count, std::string_view singular)
{
    if (count == 0)
        return;
    if (!out.empty())
        out += ", ";
    out += std::to_string(count);
    out += ' ';
    out += singular;
    if (count != 1)
        out += 's';
}

} // namespace

void printDiagnostics(std::ostream &out, const engine::CompileResult &result)
{
    for (const engine::Diagnostic &diagnostic : result.diagnostics) {
        std::string_view source;
        for (std::size_t i = 0; i < result.files.size() && i < result.texts.size(); ++i) {
            if (result.files[i] && result.texts[i] && result.files[i]->path == diagnostic.file) {
                source = *result.texts[i];
                break;
            }
        }
        out << engine::formatDiagnostic(diagnostic, source);
    }
}

void printDiagnostics(
    std::ostream &out, std::span<const engine::Diagnostic> diagnostics, std::string_view source)
{
    for (const engine::Diagnostic &diagnostic : diagnostics)
        out << engine::formatDiagnostic(diagnostic, source);
}

std::string diagnosticSummary(std::span<const engine::Diagnostic> diagnostics)
{
    std::size_t errors = 0;
    std::size_t warnings = 0;
    std::size_t notes = 0;
    for (const engine::Diagnostic &diagnostic : diagnostics) {
        switch (diagnostic.severity) {
        case engine::Severity::Error:
            ++errors;
            break;
        case engine::Severity::Warning:
            ++warnings;
            break;
        case engine::Severity::Info:
            ++notes;
            break;
        }
    }
    std::string summary;
    appendCount(summary, errors, "error");
    appendCount(summary, warnings, "warning");
    appendCount(summary, notes, "note");
    return summary.empty() ? std::string("no problems") : summary;
}

bool hasErrors(std::span<const engine::Diagnostic> diagnostics)
{
    for (const engine::Diagnostic &diagnostic : diagnostics)
        if (diagnostic.severity == engine::Severity::Error)
            return true;
    return false;
}

} // namespace llmcl::cli
