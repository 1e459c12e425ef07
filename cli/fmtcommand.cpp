// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/arguments.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/diagnosticprinter.h"
#include "cli/fileio.h"
#include "engine/formatter.h"

#include <algorithm>
#include <ostream>
#include <vector>

namespace llmcl::cli {

namespace {

std::vector<engine::Diagnostic> errorsOnly(const std::vector<engine::Diagnostic> &diagnostics)
{
    std::vector<engine::Diagnostic> errors;
    std::copy_if(diagnostics.begin(), diagnostics.end(), std::back_inserter(errors),
        [](const engine::Diagnostic &d) { return d.severity == engine::Severity::Error; });
    return errors;
}

} // namespace

void printFmtHelp(std::ostream &out)
{
    out << "Usage: llmcl fmt [--check] FILE...\n"
           "\n"
           "Formats contract files in their canonical layout (indentation, spacing, line\n"
           "breaks; comments are kept). Each file is rewritten in place, atomically and only\n"
           "when its layout changes. A file with syntax errors is left unchanged: its\n"
           "errors are printed on stderr instead.\n"
           "\n"
           "Options:\n"
           "  --check     change nothing; print the name of every file that is not\n"
           "              formatted, one per line\n"
           "  -h, --help  show this help and exit\n"
           "\n"
           "Exit codes: 0 every file is (now) formatted, 1 a file has syntax errors or (with\n"
           "--check) is not formatted, 2 usage error or a file that cannot be read or\n"
           "written.\n";
}

int runFmt(std::span<const std::string_view> arguments, std::ostream &out, std::ostream &err)
{
    Arguments args("fmt", {{"--check", false}});
    if (!args.parse(arguments)) {
        err << args.error() << '\n';
        return kExitUsage;
    }
    if (args.helpRequested()) {
        printFmtHelp(out);
        return kExitSuccess;
    }
    if (args.operands().empty()) {
        err << args.usageError("no FILE given") << '\n';
        return kExitUsage;
    }
    const bool check = args.has("--check");

    bool ioFailed = false;
    bool findings = false;
    for (const std::string_view operand : args.operands()) {
        const std::string path(operand);
        engine::Result<std::string> read = readFile(path);
        if (!read) {
            err << "llmcl: " << read.error().message << '\n';
            ioFailed = true;
            continue;
        }
        const std::string &source = read.value();

        // The formatter leaves a file that does not lex or parse as it is: say why.
        const engine::FormatResult formatted = engine::formatSource(source, {}, path);
        if (const std::vector<engine::Diagnostic> errors = errorsOnly(formatted.diagnostics);
            !errors.empty()) {
            printDiagnostics(err, errors, source);
            err << "llmcl: " << path << ": has syntax errors (" << diagnosticSummary(errors)
                << "), left unchanged\n";
            findings = true;
            continue;
        }
        if (!formatted.changed)
            continue;
        if (check) {
            out << path << '\n';
            findings = true;
            continue;
        }
        if (engine::Result<bool> written = writeFileAtomically(path, formatted.text); !written) {
            err << "llmcl: " << written.error().message << '\n';
            ioFailed = true;
        }
    }
    if (ioFailed)
        return kExitUsage;
    return findings ? kExitFindings : kExitSuccess;
}

} // namespace llmcl::cli
