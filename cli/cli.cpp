// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/cli.h"

#include "cli/commands.h"
#include "engine/version.h"

#include <ostream>

#include "llmcl/buildcommit.h"

namespace llmcl::cli {

namespace {

struct Command
{
    std::string_view name;
    int (*run)(std::span<const std::string_view>, std::ostream &, std::ostream &);
    void (*help)(std::ostream &);
};

constexpr Command commands[] = {
    {"check", runCheck, printCheckHelp},
    {"eval", runEval, printEvalHelp},
    {"fmt", runFmt, printFmtHelp},
    {"replay", runReplay, printReplayHelp},
    {"runs", runRuns, printRunsHelp},
    {"diff", runDiff, printDiffHelp},
    {"export", runExport, printExportHelp},
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
           "Commands:\n"
           "  check [--format text|json] FILE...\n"
           "        report the diagnostics of contract files\n"
           "  fmt [--check] FILE...\n"
           "        format contract files in place (--check: list those not formatted)\n"
           "  eval FILE... [--content TEXT | --content-file F]\n"
           "       [--response TEXT | --response-file F] [--context JSON] [--fix]\n"
           "       [--format text|json]\n"
           "        evaluate one turn against the contracts\n"
           "  replay FILE... --sessions S.jsonl[.gz] [--db W.db] [--fix] [--jobs N]\n"
           "       [--format text|json] [--trace OUT] [--trace-format llmcl|chrome|otlp]\n"
           "       [--metrics OUT.prom]\n"
           "        replay captured conversations against the contracts\n"
           "  runs --db W.db [--format text|json]\n"
           "        list the runs stored in a workspace database, oldest first\n"
           "  diff --db W.db RUN_A RUN_B [--format text|json]\n"
           "        clause-level verdict changes between two stored runs\n"
           "  export --db W.db RUN [--trace-format llmcl|chrome|otlp] [--redact-pii] -o OUT\n"
           "        write the trace of a stored run\n"
           "\n"
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
        constexpr std::string_view commit = LLMCL_BUILD_COMMIT;
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
