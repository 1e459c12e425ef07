// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/arguments.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/diagnosticprinter.h"
#include "cli/fileio.h"
#include "engine/compiledset.h"
#include "engine/resultjson.h"

#include <ostream>

namespace llmcl::cli {

void printCheckHelp(std::ostream &out)
{
    out << "Usage: llmcl check [--format text|json] FILE...\n"
           "\n"
           "Parses, resolves and checks the contract files together (with the files they\n"
           "import) and reports every diagnostic.\n"
           "\n"
           "Options:\n"
           "  --format text|json  text (default): each diagnostic GCC style with its source\n"
           "                      line and a caret line, then a summary line;\n"
           "                      json: {\"diagnostics\": [{\"file\", \"line\", \"column\",\n"
           "                      \"end_line\", \"end_column\", \"severity\", \"code\",\n"
           "                      \"message\"}]}\n"
           "  -h, --help          show this help and exit\n"
           "\n"
           "Exit codes: 0 no error (warnings allowed), 1 at least one error diagnostic,\n"
           "2 usage error or a FILE that cannot be read.\n";
}

int runCheck(std::span<const std::string_view> arguments, std::ostream &out, std::ostream &err)
{
    Arguments args("check", {{"--format", true}});
    OutputFormat format = OutputFormat::Text;
    if (const std::optional<int> stop =
            startCommand(args, arguments, printCheckHelp, "no FILE given", format, out, err))
        return *stop;

    // Every file given must be readable before anything is compiled: a missing file is an
    // input error (exit 2), not a diagnostic.
    engine::CompileRequest request;
    if (!readContractFiles(args.operands(), request, err))
        return kExitUsage;

    const engine::CompileResult result = engine::compileContracts(request);
    if (format == OutputFormat::Json) {
        engine::JsonWriter writer(engine::JsonWriter::Style::Pretty);
        engine::writeDiagnostics(writer, result.diagnostics);
        out << writer.text() << '\n';
    } else {
        printDiagnostics(out, result);
        out << diagnosticSummary(result.diagnostics) << '\n';
    }
    return hasErrors(result.diagnostics) ? kExitFindings : kExitSuccess;
}

} // namespace llmcl::cli
