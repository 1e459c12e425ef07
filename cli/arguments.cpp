// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/arguments.h"

#include "cli/cli.h"

#include <ostream>

namespace llmcl::cli {

Arguments::Arguments(std::string_view command, std::initializer_list<OptionSpec> options)
    : m_command(command)
    , m_specs(options)
{ }

const OptionSpec *Arguments::find(std::string_view name) const
{
    for (const OptionSpec &spec : m_specs)
        if (spec.name == name)
            return &spec;
    return nullptr;
}

std::string Arguments::usageError(std::string_view message) const
{
    std::string out = "llmcl ";
    out += m_command;
    out += ": ";
    out += message;
    out += " (see llmcl ";
    out += m_command;
    out += " --help)";
    return out;
}

bool Arguments::parse(std::span<const std::string_view> arguments)
{
    bool optionsEnded = false;
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        const std::string_view argument = arguments[i];
        if (optionsEnded || argument == "-" || !argument.starts_with('-')) {
            m_operands.push_back(argument);
            continue;
        }
        if (argument == "--") {
            optionsEnded = true;
            continue;
        }
        if (argument == "-h" || argument == "--help") {
            m_help = true;
            continue;
        }
        const std::size_t equals = argument.find('=');
        const std::string_view name = argument.substr(0, equals);
        const OptionSpec *spec = find(name);
        if (!spec) {
            m_error = usageError("unknown option '" + std::string(name) + "'");
            return false;
        }
        if (!spec->takesValue) {
            if (equals != std::string_view::npos) {
                m_error = usageError("option '" + std::string(name) + "' takes no value");
                return false;
            }
            m_values[spec->name] = {};
            continue;
        }
        if (equals != std::string_view::npos) {
            m_values[spec->name] = argument.substr(equals + 1);
            continue;
        }
        if (i + 1 >= arguments.size()) {
            m_error = usageError("option '" + std::string(name) + "' needs a value");
            return false;
        }
        m_values[spec->name] = arguments[++i];
    }
    return true;
}

bool Arguments::has(std::string_view option) const
{
    return m_values.find(option) != m_values.end();
}

std::optional<std::string_view> Arguments::value(std::string_view option) const
{
    const auto it = m_values.find(option);
    if (it == m_values.end())
        return std::nullopt;
    return it->second;
}

bool Arguments::outputFormat(OutputFormat &format, std::string &error) const
{
    const std::optional<std::string_view> name = value("--format");
    if (!name || *name == "text") {
        format = OutputFormat::Text;
        return true;
    }
    if (*name == "json") {
        format = OutputFormat::Json;
        return true;
    }
    error = usageError("--format must be text or json, not '" + std::string(*name) + "'");
    return false;
}

std::optional<int> startCommand(Arguments &args, std::span<const std::string_view> arguments,
    void (*printHelp)(std::ostream &), std::string_view noOperands, OutputFormat &format,
    std::ostream &out, std::ostream &err)
{
    if (!args.parse(arguments)) {
        err << args.error() << '\n';
        return kExitUsage;
    }
    if (args.helpRequested()) {
        printHelp(out);
        return kExitSuccess;
    }
    std::string error;
    if (!args.outputFormat(format, error)) {
        err << error << '\n';
        return kExitUsage;
    }
    if (args.operands().empty() && !noOperands.empty()) {
        err << args.usageError(noOperands) << '\n';
        return kExitUsage;
    }
    return std::nullopt;
}

} // namespace llmcl::cli
