// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later

// libFuzzer target for the whole engine: the input is a contract file, optionally followed by
// a 0x00 byte and the response to judge. The file is compiled from an unsaved buffer (parser,
// imports, checker, compiler) beside a fixed library it may import, and analysed by the
// LanguageService (tokens, outline, completion, hover, definition at a few offsets); when it
// compiles, one turn is evaluated with fixes and explanations, and each phase on the fast
// path. Properties that must hold for any input abort; the sanitizers catch memory errors,
// undefined behaviour and leaks.
#include "engine/compiledset.h"
#include "engine/diagnostic.h"
#include "engine/evaluator.h"
#include "engine/languageservice.h"
#include "engine/utf8.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace llmcl::engine;

// The fuzzed file and a library beside it, both unsaved buffers: `import lib` and
// `from lib import Base` resolve without touching the disk.
constexpr std::string_view kInputPath = "/llmcl-fuzz/input.llmcl";
constexpr std::string_view kLibraryPath = "/llmcl-fuzz/lib.llmcl";
constexpr std::string_view kLibrary = R"(contract Base(min_len = 1, max_len = 400) {
    ensure len(response) >= min_len message: "Empty response"
    require len(content) <= max_len auto_fix: content[:max_len]
}
contract Formats(priority = low) {
    ensure if starts_with(trim(response), "{") then json_valid(response) else true
    temporal always not contains(response, "ERROR")
}
)";

// Used when the input has no 0x00: a response that most seed contracts can judge.
constexpr std::string_view kDefaultResponse =
    "Thank you for waiting. Your order #12345 shipped today. {\"ok\": true}";

void check(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "llmcl-fuzz-engine: property broken: %s\n", what);
        std::abort();
    }
}

void checkDiagnostics(const CompileResult &compiled)
{
    for (const Diagnostic &diagnostic : compiled.diagnostics) {
        check(!diagnostic.code.empty() && !diagnostic.message.empty(), "code and message");
        check(diagnostic.range.end.offset >= diagnostic.range.begin.offset, "range not reversed");
        // Render each diagnostic against the text of its file, as the CLI and the editor do.
        for (std::size_t i = 0; i < compiled.files.size() && i < compiled.texts.size(); ++i) {
            if (compiled.files[i]->path != diagnostic.file)
                continue;
            const std::string &text = *compiled.texts[i];
            check(diagnostic.range.end.offset <= text.size(), "range inside its file");
            check(utf8::isValid(formatDiagnostic(diagnostic, text)), "rendering is valid UTF-8");
            break;
        }
    }
}

// The editor's view of the same buffer. Queries at a handful of offsets (the start, the end,
// and offsets picked by the input's first bytes), so that one input stays linear.
void analyse(std::string_view source, const CompileRequest &request, const CompileResult &compiled)
{
    CompileRequest others = request;
    others.files.clear();
    const LanguageService service =
        LanguageService::analyse(std::string(kInputPath), std::string(source), others);
    check(service.text() == source, "the service keeps the text");
    check(service.compileResult().hasErrors() == compiled.hasErrors(),
        "the service compiles as compileContracts() does");
    std::size_t ownDiagnostics = 0;
    for (const Diagnostic &diagnostic : compiled.diagnostics)
        ownDiagnostics += diagnostic.file == kInputPath ? 1 : 0;
    check(service.diagnostics().size() == ownDiagnostics,
        "the document's diagnostics are those compileContracts() gives for it");
    const std::vector<Token> tokens = service.tokens();
    check(!tokens.empty() && tokens.back().kind == TokenKind::EndOfFile, "tokens end with EOF");
    (void)service.documentSymbols();
    std::size_t offsets[6] = {0, source.size(), source.size() / 2, 0, 0, source.size() + 1};
    for (std::size_t i = 0; i < 2 && i < source.size(); ++i)
        offsets[3 + i] = std::size_t(static_cast<unsigned char>(source[i])) % (source.size() + 1);
    for (const std::size_t offset : offsets) {
        for (const CompletionItem &item : service.completionsAt(offset))
            check(!item.label.empty(), "completions have labels");
        if (const std::optional<HoverInfo> hover = service.hoverAt(offset))
            check(hover->range.end.offset <= source.size(), "hover range inside the text");
        (void)service.definitionAt(offset);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    const std::size_t separator = input.find('\0');
    const std::string_view source = input.substr(0, separator);
    const std::string_view response =
        separator == std::string_view::npos ? kDefaultResponse : input.substr(separator + 1);

    CompileRequest request;
    request.files = {std::string(kInputPath)};
    request.overrides.emplace(std::string(kInputPath), std::string(source));
    request.overrides.emplace(std::string(kLibraryPath), std::string(kLibrary));
    request.knownContextKeys = {"payload", "user_type", "format"};
    const CompileResult compiled = compileContracts(request);
    check(compiled.files.size() == compiled.texts.size(), "one text per parsed file");
    check(!compiled.set || !compiled.hasErrors(), "no compiled set when there are errors");
    checkDiagnostics(compiled);
    analyse(source, request, compiled);
    if (!compiled.set)
        return 0;

    TurnInput turn;
    turn.content = "hello";
    turn.response = response;
    turn.context = Value::map({{"payload", Value::string(R"({"ok": true, "items": [1, 2]})")},
        {"user_type", Value::string("premium")}});
    turn.previousContent = "hi";
    turn.previousResponse = response.substr(0, response.size() / 2);
    turn.history = Value::list(
        {Value::map({{"content", Value::string("hi")}, {"response", Value::string("hello")}})});
    turn.turnNumber = 2;
    turn.conversationLength = 2;

    Evaluator evaluator(compiled.set);
    EvalOptions options;
    options.fix = true;
    options.trace = true;
    const TurnResult result = evaluator.evaluateTurn(turn, options);
    check(result.response.has_value(), "a turn with a response has one in its result");
    std::size_t verdicts = 0;
    for (const ContractResult &contract : result.contracts)
        verdicts += contract.clauses.size();
    check(verdicts == compiled.set->clauseCount(), "one verdict per compiled clause");

    std::vector<ClauseStatus> statuses;
    (void)evaluator.evaluatePhase(turn, ClauseKind::Require, statuses);
    (void)evaluator.evaluatePhase(turn, ClauseKind::Ensure, statuses);
    check(statuses.size() == compiled.set->clauseCount(), "one status per compiled clause");
    return 0;
}
