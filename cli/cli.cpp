// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/cli.h"

#include "engine/version.h"

#include <ostream>

namespace llmcl::cli {

namespace {

void printUsage(std::ostream &out)
{
    out << "Usage: llmcl COMMAND [OPTIONS] [FILE...]\n"
           "       llmcl --version | --help\n"
           "\n"
           "The command-line tool of LLMCL Studio: checks, evaluates and replays LLM contracts\n"
           "written in LLMCL "
        << engine::languageVersion()
        << ".\n"
           "\n"
           "Options:\n"
           "  -h, --help     show this help and exit\n"
           "  -V, --version  show the version and exit\n"
           "\n"
           "Exit codes: 0 success, 1 diagnostics with errors or violations found,\n"
           "2 usage, input or I/O errors.\n"
           "\n"
           "This build has no commands yet: check, fmt, eval, replay, runs, diff and export\n"
           "arrive with the engine and tracer (see docs/ and INTERFACES.md).\n";
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
        printUsage(out);
        return kExitSuccess;
    }
    if (first == "--version" || first == "-V") {
        out << "llmcl " << engine::productVersion() << " (LLMCL " << engine::languageVersion()
            << ")\n";
        return kExitSuccess;
    }
    if (first.starts_with('-'))
        err << "llmcl: unknown option '" << first << "' (see llmcl --help)\n";
    else
        err << "llmcl: unknown command '" << first << "' (see llmcl --help)\n";
    return kExitUsage;
}

} // namespace llmcl::cli
