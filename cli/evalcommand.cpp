// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/arguments.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/diagnosticprinter.h"
#include "cli/fileio.h"
#include "cli/resulttext.h"
#include "engine/compiledset.h"
#include "engine/evaluator.h"
#include "engine/json.h"
#include "engine/resultjson.h"
#include "engine/value.h"

#include <optional>
#include <ostream>

namespace llmcl::cli {

namespace {

// A text given on the command line (--content) or in a file (--content-file): exactly one of
// the two, checked to be UTF-8 (the engine must never see mangled text).
struct TextArgument
{
    std::string_view textOption;
    std::string_view fileOption;
};

// Reads the text of `argument` into `text`: nullopt when neither option is given. Returns
// false after printing the problem on `err`.
bool readTextArgument(const Arguments &args, const TextArgument &argument,
    std::optional<std::string> &text, std::ostream &err)
{
    const std::optional<std::string_view> inline_ = args.value(argument.textOption);
    const std::optional<std::string_view> file = args.value(argument.fileOption);
    if (inline_ && file) {
        err << args.usageError(std::string(argument.textOption) + " and "
            + std::string(argument.fileOption) + " exclude each other")
            << '\n';
        return false;
    }
    if (inline_) {
        if (const std::string problem = utf8Problem(argument.textOption, *inline_);
            !problem.empty()) {
            err << "llmcl: " << problem << '\n';
            return false;
        }
        text = std::string(*inline_);
        return true;
    }
    if (file) {
        const std::string path(*file);
        engine::Result<std::string> read = readFile(path);
        if (!read) {
            err << "llmcl: " << argument.fileOption << ": " << read.error().message << '\n';
            return false;
        }
        if (const std::string problem = utf8Problem(path, read.value()); !problem.empty()) {
            err << "llmcl: " << argument.fileOption << ": " << problem << '\n';
            return false;
        }
        text = std::move(read).value();
    }
    return true;
}

std::string_view valueKind(const engine::Value &value)
{
    return engine::valueTypeName(value.type());
}

} // namespace

void printEvalHelp(std::ostream &out)
{
    out << "Usage: llmcl eval FILE... [--content TEXT | --content-file F]\n"
           "                  [--response TEXT | --response-file F] [--context JSON] [--fix]\n"
           "                  [--format text|json]\n"
           "\n"
           "Compiles the contract files together and evaluates one turn: the input phase\n"
           "(require clauses) on the content and, when a response is given, the output\n"
           "phase (ensure and temporal clauses) on the response.\n"
           "\n"
           "Options:\n"
           "  --content TEXT      the user's message (default: the empty string)\n"
           "  --content-file F    read the user's message from file F\n"
           "  --response TEXT     the model's response; without it (or --response-file) only\n"
           "                      the input phase runs\n"
           "  --response-file F   read the model's response from file F\n"
           "  --context JSON      the turn's context, a JSON object (e.g. '{\"channel\": "
           "\"api\"}')\n"
           "  --fix               apply the clauses' auto_fix repairs and re-validate\n"
           "  --format text|json  text (default): a summary, the violations, the fixes and a\n"
           "                      table of clause verdicts; json: the result object of\n"
           "                      INTERFACES.md section 2 (valid, content, response,\n"
           "                      violations, fixes, conflicts, contracts, duration_ns)\n"
           "  -h, --help          show this help and exit\n"
           "\n"
           "Texts must be UTF-8. Contract errors are printed on stderr.\n"
           "\n"
           "Exit codes: 0 the turn is valid (no critical or error violation remains),\n"
           "1 violations remain or the contracts have errors, 2 usage error, a file that\n"
           "cannot be read, text that is not UTF-8 or a --context that is not an object.\n";
}

int runEval(std::span<const std::string_view> arguments, std::ostream &out, std::ostream &err)
{
    Arguments args("eval",
        {{"--content", true}, {"--content-file", true}, {"--response", true},
            {"--response-file", true}, {"--context", true}, {"--fix", false}, {"--format", true}});
    OutputFormat format = OutputFormat::Text;
    if (const std::optional<int> stop = startCommand(
            args, arguments, printEvalHelp, "no contract FILE given", format, out, err))
        return *stop;

    std::optional<std::string> content;
    std::optional<std::string> response;
    if (!readTextArgument(args, {"--content", "--content-file"}, content, err)
        || !readTextArgument(args, {"--response", "--response-file"}, response, err))
        return kExitUsage;

    engine::Value context;
    if (const std::optional<std::string_view> json = args.value("--context")) {
        std::string parseError;
        if (!engine::parseJson(*json, context, parseError)) {
            err << "llmcl: --context: " << parseError << '\n';
            return kExitUsage;
        }
        if (!context.isMap()) {
            err << "llmcl: --context: expected a JSON object, not a " << valueKind(context) << '\n';
            return kExitUsage;
        }
    }

    engine::CompileRequest request;
    if (!readContractFiles(args.operands(), request, err))
        return kExitUsage;
    if (context.isMap())
        for (const engine::MapEntry &entry : context.asMap())
            request.knownContextKeys.insert(entry.first);

    const engine::CompileResult compiled = engine::compileContracts(request);
    if (compiled.hasErrors() || !compiled.set) {
        printDiagnostics(err, compiled);
        err << "llmcl: the contracts have errors (" << diagnosticSummary(compiled.diagnostics)
            << ")\n";
        return kExitFindings;
    }

    engine::TurnInput turn;
    turn.content = content ? std::string_view(*content) : std::string_view();
    if (response)
        turn.response = std::string_view(*response);
    turn.context = context;
    engine::EvalOptions options;
    options.fix = args.has("--fix");
    options.trace = true;

    engine::Evaluator evaluator(compiled.set);
    const engine::TurnResult result = evaluator.evaluateTurn(turn, options);

    if (format == OutputFormat::Json) {
        engine::JsonWriter writer(engine::JsonWriter::Style::Pretty);
        engine::writeTurnResult(writer, result);
        out << writer.text() << '\n';
    } else {
        printTurnResult(out, result);
    }
    return result.valid ? kExitSuccess : kExitFindings;
}

} // namespace llmcl::cli
