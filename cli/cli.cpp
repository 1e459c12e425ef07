// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/cli.h"

#include "cli/commands.h"
#include "engine/version.h"

#include <ostream>
#include <string>

#include "buildinfo/buildcommit.h"

namespace llmcl::cli {

namespace {

// The commands, each described once: its own --help (usage lines, options, exit codes) is the
// whole description, and the overview below shows only its name and summary. The man page
// and the shell completions are generated from these texts at build time
// (packaging/clidocs.py), so none of them can drift from the program.
struct Command
{
    std::string_view name;
    std::string_view summary;
    int (*run)(std::span<const std::string_view>, std::ostream &, std::ostream &);
    void (*help)(std::ostream &);
};

constexpr Command commands[] = {
    {"check", "report the diagnostics of contract files", runCheck, printCheckHelp},
    {"fmt", "format contract files in place", runFmt, printFmtHelp},
    {"eval", "evaluate one turn against the contracts", runEval, printEvalHelp},
    {"replay", "replay captured conversations against the contracts", runReplay, printReplayHelp},
    {"runs", "list the runs stored in a workspace database", runRuns, printRunsHelp},
    {"diff", "clause-level verdict changes between two stored runs", runDiff, printDiffHelp},
    {"export", "write the trace of a stored run", runExport, printExportHelp},
    {"lsp", "run the language server for editors (LSP over stdio)", runLsp, printLspHelp},
};

const Command *findCommand(std::string_view name)
{
    for (const Command &command : commands)
        if (command.name == name)
            return &command;
    return nullptr;
}

void printUsage(std::ostream &out)
{
    out << "Usage: llmcl COMMAND [OPTIONS] [FILE...]\n"
           "       llmcl --version | --help | COMMAND --help\n"
           "\n"
           "The command-line tool of LLMCL Studio: checks, formats, evaluates and replays LLM\n"
           "contracts written in LLMCL "
        << engine::languageVersion()
        << ".\n"
           "\n"
           "Commands (llmcl COMMAND --help shows a command's usage and options):\n";
    for (const Command &command : commands) {
        out << "  " << command.name << std::string(8 - command.name.size(), ' ') << command.summary
            << '\n';
    }
    out << "\n"
           "Options:\n"
           "  -h, --help     show this help (or a command's) and exit\n"
           "  -V, --version  show the version and exit\n"
           "\n"
           "Exit codes: 0 success, 1 diagnostics with errors or violations found,\n"
           "2 usage, input or I/O errors.\n";
}

} // namespace

int run(std::span<const std::string_view> arguments, std::ostream &out, std::ostream &err)
{
    if (arguments.empty()) {
        printUsage(err);
        return kExitUsage;
    }
    const std::string_view first = arguments.front();
    if (first == "--help" || first == "-h" || first == "help") {
        if (arguments.size() > 1) {
            if (const Command *command = findCommand(arguments[1])) {
                command->help(out);
                return kExitSuccess;
            }
            err << "llmcl: unknown command '" << arguments[1] << "' (see llmcl --help)\n";
            return kExitUsage;
        }
        printUsage(out);
        return kExitSuccess;
    }
    if (first == "--version" || first == "-V") {
        // The commit when built from a git checkout (cmake/WriteBuildCommit.cmake).
        const std::string_view commit = buildCommit();
        out << "llmcl " << engine::productVersion() << " (LLMCL " << engine::languageVersion();
        if (!commit.empty())
            out << ", commit " << commit;
        out << ")\n";
        return kExitSuccess;
    }
    if (const Command *command = findCommand(first))
        return command->run(arguments.subspan(1), out, err);
    if (first.starts_with('-'))
        err << "llmcl: unknown option '" << first << "' (see llmcl --help)\n";
    else
        err << "llmcl: unknown command '" << first << "' (see llmcl --help)\n";
    return kExitUsage;
}

} // namespace llmcl::cli
