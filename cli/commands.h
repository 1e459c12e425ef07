// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <iosfwd>
#include <span>
#include <string_view>

// The commands of `llmcl` (INTERFACES.md §2). Each takes the arguments after its name, writes
// results to `out` and messages to `err`, and returns an ExitCode (cli.h).

namespace llmcl::cli {

int runCheck(std::span<const std::string_view> arguments, std::ostream &out, std::ostream &err);
int runEval(std::span<const std::string_view> arguments, std::ostream &out, std::ostream &err);
int runReplay(std::span<const std::string_view> arguments, std::ostream &out, std::ostream &err);
int runFmt(std::span<const std::string_view> arguments, std::ostream &out, std::ostream &err);
int runRuns(std::span<const std::string_view> arguments, std::ostream &out, std::ostream &err);
int runDiff(std::span<const std::string_view> arguments, std::ostream &out, std::ostream &err);
int runExport(std::span<const std::string_view> arguments, std::ostream &out, std::ostream &err);
int runLsp(std::span<const std::string_view> arguments, std::ostream &out, std::ostream &err);

// The --help texts.
void printCheckHelp(std::ostream &out);
void printEvalHelp(std::ostream &out);
void printFmtHelp(std::ostream &out);
void printReplayHelp(std::ostream &out);
void printRunsHelp(std::ostream &out);
void printDiffHelp(std::ostream &out);
void printExportHelp(std::ostream &out);
void printLspHelp(std::ostream &out);

} // namespace llmcl::cli
