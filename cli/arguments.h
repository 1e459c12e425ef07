// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <initializer_list>
#include <iosfwd>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace llmcl::cli {

enum class OutputFormat
{
    Text,
    Json
};

// One option a command accepts: `--name` alone (a flag) or `--name VALUE` / `--name=VALUE`.
struct OptionSpec
{
    std::string_view name; // with its dashes: "--format"
    bool takesValue = false;
};

// The arguments of one command, split into options and operands (FILE...). Options and
// operands may be mixed in any order; `--` ends the options. `-h` and `--help` are always
// known. A repeated option keeps its last value.
class Arguments
{
public:
    Arguments(std::string_view command, std::initializer_list<OptionSpec> options);

    // Returns false on an unknown option or an option without its value; error() then says
    // which, in one line ready for stderr.
    bool parse(std::span<const std::string_view> arguments);

    bool helpRequested() const noexcept { return m_help; }
    bool has(std::string_view option) const;
    std::optional<std::string_view> value(std::string_view option) const;
    const std::vector<std::string_view> &operands() const noexcept { return m_operands; }
    const std::string &error() const noexcept { return m_error; }

    // "llmcl <command>: <message> (see llmcl <command> --help)", for usage errors found after
    // parsing (conflicting options, a missing FILE, a bad value).
    std::string usageError(std::string_view message) const;

    // The value of --format (text when absent). False, with `error` set, for another value.
    bool outputFormat(OutputFormat &format, std::string &error) const;

private:
    const OptionSpec *find(std::string_view name) const;

    std::string_view m_command;
    std::vector<OptionSpec> m_specs;
    std::map<std::string_view, std::string_view, std::less<>> m_values;
    std::vector<std::string_view> m_operands;
    std::string m_error;
    bool m_help = false;
};

// The start every command shares: parses `arguments`, prints the command's help for -h, reads
// --format and requires at least one operand (`noOperands` is the message when there is
// none). Returns the exit code to stop with (usage error or help shown), or nullopt to go on.
std::optional<int> startCommand(Arguments &args, std::span<const std::string_view> arguments,
    void (*printHelp)(std::ostream &), std::string_view noOperands, OutputFormat &format,
    std::ostream &out, std::ostream &err);

} // namespace llmcl::cli
