// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/languageservice.h"

#include "engine/ascii.h"
#include "engine/builtins.h"
#include "engine/checker.h"
#include "engine/exprprinter.h"
#include "engine/keywords.h"
#include "engine/lexer.h"
#include "engine/limits.h"
#include "engine/parser.h"
#include "engine/sourceloader.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <set>
#include <string_view>
#include <system_error>
#include <tuple>

namespace llmcl::engine {

namespace detail {

// Where a token leaves the reader of the file, computed by one forward pass over the tokens
// (see computeStates()). This is what completion, hover and definition look up: the state
// after the token before the cursor says what may come next, without a parse per query and
// however broken the text is.
enum class Region : std::uint8_t
{
    TopLevel, // between contracts: `import`, `from`, `contract`
    ImportModule, // after `import` / `from`: a module name
    ImportKeyword, // after `from m`: `import`
    ImportNames, // after `from m import` or a comma: a contract name
    ImportNameDone, // after `from m import A`: a comma or the next top-level item
    ContractName, // after `contract`
    Header, // a header option name, `(`, `)`, `extends` or `{`
    HeaderAfterName, // after a header option name: `=`
    HeaderValue, // after `name =`: the value expression
    AfterHeader, // after the header's `)`: `extends` or `{`
    Extends, // after `extends`: a contract name
    Body, // inside `{ }`, before any clause: a clause keyword
    Condition, // a clause's condition (and ensure_prob's probability)
    OptionName, // a clause option name, before its `:`
    OptionValue, // after `name:` of a clause option
};

struct TokenState
{
    Region region = Region::TopLevel;
    ClauseKind clauseKind = ClauseKind::Ensure;
    bool inParens = false; // inside the header's parentheses
    bool hasBase = false; // `extends X` seen in this header
    bool fromImport = false;
    bool operandComplete = false; // the last token ends an operand (an operator may follow)
    std::uint32_t depth = 0; // brackets open in the current expression
    std::int32_t contractName = -1; // token index of the enclosing contract's name
    std::int32_t option = -1; // token index of the current option name / import module
    std::int32_t last = -1; // token index of the last significant (non-comment) token
};

struct ContractRef
{
    const Contract *contract = nullptr;
    const SourceFile *file = nullptr;
};

struct ParameterInfo
{
    const ContractOption *option = nullptr;
    const Contract *declaredBy = nullptr;
    const SourceFile *file = nullptr;
};

struct ModuleInfo
{
    std::string name;
    std::string path;
};

struct ResolvedImport
{
    std::size_t moduleOffset = 0; // begin of the module name token
    std::string path; // empty when not found
    const SourceFile *file = nullptr; // the loaded file, when compileContracts loaded it
};

struct LanguageServiceData
{
    std::string path;
    std::string text; // never moves: the data is allocated once and shared
    CompileResult compiled;
    std::shared_ptr<const SourceFile> document;
    std::vector<Diagnostic> diagnostics;
    std::vector<Token> tokens;
    std::vector<TokenState> states; // states[i]: after tokens[i]
    std::map<std::string, ContractRef, std::less<>> contracts; // every loaded contract, first wins
    std::vector<std::vector<ParameterInfo>> parameters; // per document contract: own, then bases'
    std::vector<ModuleInfo> modules;
    std::vector<ResolvedImport> imports; // one per module name of an import line
    // Modules of import lines that compileContracts() did not load (the line does not parse
    // yet), parsed for completion only.
    std::vector<std::shared_ptr<const SourceFile>> extraFiles;
    std::set<std::string, std::less<>> contextKeys;
};

} // namespace detail

namespace {

using detail::ContractRef;
using detail::LanguageServiceData;
using detail::ParameterInfo;
using detail::Region;
using detail::TokenState;
namespace fs = std::filesystem;

// --- static knowledge of the language ----------------------------------------------------------

struct Word
{
    std::string_view name;
    std::string_view documentation;
};

constexpr std::array<Word, 9> kTurnVariables = {{
    {"content", "The user's message of the current turn (after any require fixes)."},
    {"response", "The model's response of the current turn; null in the input phase."},
    {"context", "Map: the turn's context object merged over the conversation's metadata."},
    {"turn_number", "The 1-based index of the current turn."},
    {"conversation_length", "The number of turns so far, the current one included."},
    {"prev_content", "The previous turn's user message; null on turn 1."},
    {"prev_response", "The previous turn's response; null on turn 1."},
    {"history", "List of maps {content, response} of the earlier turns."},
    {"match_group",
        "Inside auto_fix: the text matched by the last match/extract call of the "
        "condition (null if none)."},
}};

constexpr std::array<Word, 4> kClauseKeywords = {{
    {"require",
        "Checked in the input phase of every turn, once the user's message has arrived; "
        "its auto_fix replaces content."},
    {"ensure",
        "Checked in the output phase of every turn, once the response has arrived; its "
        "auto_fix replaces response."},
    {"ensure_prob",
        "`ensure_prob E, p`: records in the output phase whether E held; violated "
        "when the success rate over the window (window_size) falls below p."},
    {"temporal",
        "A temporal (LTL) property over the conversation so far, checked in the output "
        "phase (always, eventually, next, within N, until, since … then); its auto_fix "
        "replaces response."},
}};

constexpr std::array<Word, 6> kClauseOptions = {{
    {"message", "The violation's message (a string); default: generated from the expression."},
    {"severity",
        "critical, error, warning or info (default error); only critical and error "
        "make a result invalid."},
    {"auto_fix",
        "Evaluated when the clause fails; its value replaces content (require) or "
        "response (ensure, temporal)."},
    {"confidence", "A number in 0..1 (literal or expression) used by best_fix; default 1.0."},
    {"tags", "A list of string tags, e.g. [\"pii\", \"format\"]."},
    {"window_size", "ensure_prob only: the last N results, session or global; default 100."},
}};

constexpr std::array<Word, 5> kHeaderOptions = {{
    {"priority",
        "critical (100), high (75), medium (50) or low (25); default medium. Across "
        "contracts the higher priority wins a conflict."},
    {"conflict_resolution",
        "How conflicts between this contract's clauses are resolved; "
        "default fail_on_conflict."},
    {"fix_strategy", "Which auto-fixes are applied: first_fix (default), all_fixes or best_fix."},
    {"description", "A description of the contract (a string)."},
    {"resolution", "Alias of conflict_resolution."},
}};

constexpr std::array<Word, 4> kSeverityValues = {{
    {"critical", "A violation makes the result invalid."},
    {"error", "A violation makes the result invalid (the default)."},
    {"warning", "Reported; the result stays valid."},
    {"info", "Reported for information; the result stays valid."},
}};

constexpr std::array<Word, 2> kWindowValues = {{
    {"session", "The current conversation; settled when it ends."},
    {"global", "Every result of the run; settled when the run ends."},
}};

constexpr std::array<Word, 4> kPriorityValues = {{
    {"critical", "Priority 100."},
    {"high", "Priority 75."},
    {"medium", "Priority 50 (the default)."},
    {"low", "Priority 25."},
}};

constexpr std::array<Word, 6> kResolutionValues = {{
    {"fail_on_conflict", "A conflict is an error: the contract set does not compile (default)."},
    {"first_wins", "The earlier clause stays active, the later one is suppressed."},
    {"last_wins", "The later clause stays active, the earlier one is suppressed."},
    {"most_restrictive", "Of redundant same-direction bounds, keep the tighter."},
    {"least_restrictive", "Of redundant same-direction bounds, keep the looser."},
    {"merge", "Keep the conjunction (a contradiction is an error)."},
}};

constexpr std::array<Word, 3> kStrategyValues = {{
    {"first_fix", "Apply the fix of the first failing clause that has one (default)."},
    {"all_fixes", "Apply every failing clause's fix in evaluation order."},
    {"best_fix", "Apply the fix with the highest confidence."},
}};

// Keywords that may start an operand, and those that may follow one.
constexpr std::array<Word, 5> kOperandKeywords = {{
    {"not", "Logical negation (yields bool)."},
    {"if", "`if C then A else B`."},
    {"true", "The boolean true."},
    {"false", "The boolean false."},
    {"null", "The null value."},
}};
constexpr std::array<Word, 5> kTemporalPrefixKeywords = {{
    {"always", "`always T`: T holds at every turn from here on."},
    {"eventually", "`eventually T`: T holds at some turn from here on."},
    {"next", "`next T`: there is a next turn and T holds there."},
    {"within", "`within N T`: T holds at one of the next N turns (this one included)."},
    {"since", "`since A then B`: B holds at every turn after the first one where A holds."},
}};
constexpr std::array<Word, 7> kOperatorKeywords = {{
    {"and", "Logical and (short-circuit, yields bool)."},
    {"or", "Logical or (short-circuit, yields bool)."},
    {"implies", "`A implies B`: not A or B."},
    {"in", "Membership: substring, list item or map key."},
    {"not", "`not in`: the negated membership test."},
    {"then", "The branch of `if C then A else B` (or of `since A then B`)."},
    {"else", "The alternative of `if C then A else B`."},
}};
constexpr Word kUntilKeyword = {
    "until", "`A until B`: A holds at every turn before the first one where B holds."};

// The documented words are exactly those of the language's table (keywords.h), whatever order.
template<std::size_t N, std::size_t M>
constexpr bool documentsExactly(
    const std::array<Word, N> &documented, const std::array<std::string_view, M> &words)
{
    if (N != M)
        return false;
    for (const Word &w : documented)
        if (!keywords::contains(words, w.name))
            return false;
    return true;
}
static_assert(documentsExactly(kClauseOptions, keywords::clauseOptions));
static_assert(documentsExactly(kHeaderOptions, keywords::headerOptions));
static_assert(documentsExactly(kSeverityValues, keywords::severities));
static_assert(documentsExactly(kWindowValues, keywords::windows));
static_assert(documentsExactly(kPriorityValues, keywords::priorities));
static_assert(documentsExactly(kResolutionValues, keywords::resolutions));
static_assert(documentsExactly(kStrategyValues, keywords::strategies));

template<std::size_t N>
const Word *findWord(const std::array<Word, N> &words, std::string_view name) noexcept
{
    for (const Word &w : words)
        if (w.name == name)
            return &w;
    return nullptr;
}

using keywords::isClauseKeyword;

ClauseKind clauseKindOf(TokenKind kind) noexcept
{
    switch (kind) {
    case TokenKind::KwRequire:
        return ClauseKind::Require;
    case TokenKind::KwEnsureProb:
        return ClauseKind::EnsureProb;
    case TokenKind::KwTemporal:
        return ClauseKind::Temporal;
    default:
        return ClauseKind::Ensure;
    }
}

// Identifiers and keywords: what a user types as a word.
bool isWord(TokenKind kind) noexcept
{
    return kind == TokenKind::Identifier || isKeyword(kind);
}

bool isIdentifierText(std::string_view s) noexcept
{
    if (s.empty() || !(ascii::isAlpha(s[0]) || s[0] == '_'))
        return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return ascii::isAlnum(c) || c == '_'; });
}

bool isExpressionRegion(Region r) noexcept
{
    return r == Region::Condition || r == Region::OptionValue || r == Region::HeaderValue;
}

// --- the forward pass ------------------------------------------------------------------------

void expressionStep(
    TokenState &n, const TokenState &s, const Token &t, const std::vector<Token> &tokens)
{
    switch (t.kind) {
    case TokenKind::LeftParen:
    case TokenKind::LeftBracket:
    case TokenKind::LeftBrace:
        if (n.depth < UINT32_MAX)
            ++n.depth;
        n.operandComplete = false;
        break;
    case TokenKind::RightParen:
    case TokenKind::RightBracket:
    case TokenKind::RightBrace:
        n.depth = n.depth ? n.depth - 1 : 0;
        n.operandComplete = true;
        break;
    case TokenKind::Integer: {
        // `within N T`: after N an operand is still expected.
        const bool afterWithin =
            s.last >= 0 && tokens[static_cast<std::size_t>(s.last)].kind == TokenKind::KwWithin;
        n.operandComplete = !afterWithin;
        break;
    }
    case TokenKind::Identifier:
    case TokenKind::Float:
    case TokenKind::String:
    case TokenKind::RawString:
    case TokenKind::KwTrue:
    case TokenKind::KwFalse:
    case TokenKind::KwNull:
        n.operandComplete = true;
        break;
    default:
        n.operandComplete = false;
        break;
    }
}

void headerStep(TokenState &n, const Token &t, std::int32_t index)
{
    switch (t.kind) {
    case TokenKind::LeftParen:
        n.region = Region::Header;
        n.inParens = true;
        break;
    case TokenKind::RightParen:
        n.region = Region::AfterHeader;
        n.inParens = false;
        break;
    case TokenKind::Identifier:
        n.region = Region::HeaderAfterName;
        n.option = index;
        break;
    case TokenKind::KwExtends:
        n.region = Region::Extends;
        break;
    case TokenKind::LeftBrace:
        n.region = Region::Body;
        n.depth = 0;
        break;
    default:
        n.region = Region::Header;
        break;
    }
}

std::vector<TokenState> computeStates(const std::vector<Token> &tokens)
{
    std::vector<TokenState> states(tokens.size());
    // The next significant token after i: each comment run is skipped by one look-ahead only,
    // so the pass stays linear.
    auto nextKind = [&](std::size_t i) {
        for (std::size_t j = i + 1; j < tokens.size(); ++j)
            if (!isComment(tokens[j].kind))
                return tokens[j].kind;
        return TokenKind::EndOfFile;
    };
    TokenState s;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token &t = tokens[i];
        if (isComment(t.kind) || t.kind == TokenKind::EndOfFile) {
            states[i] = s;
            continue;
        }
        const auto index = static_cast<std::int32_t>(std::min<std::size_t>(i, INT32_MAX));
        TokenState n = s;
        n.last = index;
        if (t.kind == TokenKind::KwContract) {
            n = TokenState {};
            n.region = Region::ContractName;
            n.last = index;
        } else if (isClauseKeyword(t.kind) && s.region != Region::TopLevel) {
            n.region = Region::Condition;
            n.clauseKind = clauseKindOf(t.kind);
            n.depth = 0;
            n.operandComplete = false;
            n.option = -1;
        } else {
            switch (s.region) {
            case Region::TopLevel:
            case Region::ImportNameDone:
                if (s.region == Region::ImportNameDone && t.kind == TokenKind::Comma) {
                    n.region = Region::ImportNames;
                } else if (t.kind == TokenKind::KwImport || t.kind == TokenKind::KwFrom) {
                    n.region = Region::ImportModule;
                    n.fromImport = t.kind == TokenKind::KwFrom;
                    n.option = -1;
                } else {
                    n.region = Region::TopLevel;
                }
                break;
            case Region::ImportModule:
                n.region = t.kind == TokenKind::Identifier && s.fromImport ? Region::ImportKeyword
                                                                           : Region::TopLevel;
                n.option = t.kind == TokenKind::Identifier ? index : -1;
                break;
            case Region::ImportKeyword:
                n.region = t.kind == TokenKind::KwImport ? Region::ImportNames : Region::TopLevel;
                break;
            case Region::ImportNames:
                n.region =
                    t.kind == TokenKind::Identifier ? Region::ImportNameDone : Region::TopLevel;
                break;
            case Region::ContractName:
                if (t.kind == TokenKind::Identifier) {
                    n.region = Region::Header;
                    n.contractName = index;
                } else {
                    headerStep(n, t, index);
                }
                break;
            case Region::Header:
                headerStep(n, t, index);
                break;
            case Region::HeaderAfterName:
                if (t.kind == TokenKind::Assign) {
                    n.region = Region::HeaderValue;
                    n.depth = 0;
                    n.operandComplete = false;
                } else {
                    headerStep(n, t, index);
                }
                break;
            case Region::HeaderValue:
                if (s.depth == 0 && t.kind == TokenKind::Comma) {
                    n.region = Region::Header;
                } else if (s.depth == 0 && t.kind == TokenKind::RightParen) {
                    n.region = Region::AfterHeader;
                    n.inParens = false;
                } else if (s.depth == 0 && t.kind == TokenKind::KwExtends) {
                    n.region = Region::Extends;
                } else if (s.depth == 0 && s.operandComplete
                    && (t.kind == TokenKind::Identifier || t.kind == TokenKind::LeftBrace)) {
                    headerStep(n, t, index); // commas between options are optional
                } else {
                    expressionStep(n, s, t, tokens);
                }
                break;
            case Region::AfterHeader:
            case Region::Extends:
                if (s.region == Region::Extends && t.kind == TokenKind::Identifier) {
                    n.region = Region::AfterHeader;
                    n.hasBase = true;
                } else if (t.kind == TokenKind::KwExtends) {
                    n.region = Region::Extends;
                } else if (t.kind == TokenKind::LeftBrace) {
                    n.region = Region::Body;
                    n.depth = 0;
                } else {
                    n.region = Region::AfterHeader;
                }
                break;
            case Region::Body:
                if (t.kind == TokenKind::RightBrace) {
                    n = TokenState {};
                    n.last = index;
                }
                break;
            case Region::Condition:
            case Region::OptionValue:
                if (s.depth == 0 && t.kind == TokenKind::RightBrace) {
                    n = TokenState {};
                    n.last = index;
                } else if (s.depth == 0 && t.kind == TokenKind::Identifier
                    && nextKind(i) == TokenKind::Colon) {
                    n.region = Region::OptionName;
                    n.option = index;
                } else {
                    expressionStep(n, s, t, tokens);
                }
                break;
            case Region::OptionName:
                if (t.kind == TokenKind::Colon) {
                    n.region = Region::OptionValue;
                    n.depth = 0;
                    n.operandComplete = false;
                } else {
                    n.region = Region::Condition;
                    expressionStep(n, s, t, tokens);
                }
                break;
            }
        }
        states[i] = n;
        s = n;
    }
    return states;
}

// --- file system (analyse() only) ------------------------------------------------------------

using detail::SourceLoader;

std::vector<detail::ModuleInfo> listModules(
    const std::string &document, const CompileRequest &request)
{
    std::vector<detail::ModuleInfo> modules;
    std::set<std::string, std::less<>> seen;
    const std::string documentKey = SourceLoader::normalKey(document);
    auto consider = [&](const fs::path &file) {
        if (file.extension() != ".llmcl")
            return;
        const std::string name = file.stem().string();
        if (!isIdentifierText(name) || SourceLoader::normalKey(file.string()) == documentKey)
            return;
        if (seen.insert(name).second)
            modules.push_back({name, file.lexically_normal().string()});
    };
    std::vector<fs::path> folders {fs::path(document).parent_path()};
    for (const std::string &dir : request.includePath)
        folders.emplace_back(dir);
    for (const fs::path &folder : folders) {
        const fs::path dir = folder.empty() ? fs::path(".") : folder;
        // Unsaved buffers of the folder count too (a new file not yet on disk).
        const std::string dirKey = SourceLoader::normalKey(dir.string());
        for (const auto &[path, text] : request.overrides) {
            const fs::path p(path);
            if (SourceLoader::normalKey(p.parent_path().empty() ? "." : p.parent_path().string())
                == dirKey)
                consider(p);
        }
        std::error_code ec;
        fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
        std::size_t budget = 10000; // a huge folder must not stall the editor
        for (; !ec && it != fs::directory_iterator() && budget; it.increment(ec), --budget) {
            std::error_code typeError;
            if (it->is_regular_file(typeError))
                consider(folder.empty() ? it->path().filename() : it->path());
        }
    }
    std::sort(modules.begin(), modules.end(),
        [](const auto &a, const auto &b) { return a.name < b.name; });
    return modules;
}

// --- look-ups --------------------------------------------------------------------------------

struct Lookup
{
    const LanguageServiceData &d;

    std::size_t size() const noexcept { return d.tokens.size(); }
    const Token &token(std::int32_t i) const noexcept
    {
        return d.tokens[static_cast<std::size_t>(i)];
    }

    // The state before token i.
    TokenState before(std::size_t i) const noexcept { return i ? d.states[i - 1] : TokenState {}; }

    // The index of the significant token after i, or -1.
    std::int32_t nextSignificant(std::size_t i) const noexcept
    {
        for (std::size_t j = i + 1; j + 1 < d.tokens.size(); ++j)
            if (!isComment(d.tokens[j].kind))
                return static_cast<std::int32_t>(j);
        return -1;
    }
    TokenKind nextKind(std::size_t i) const noexcept
    {
        const std::int32_t j = nextSignificant(i);
        return j < 0 ? TokenKind::EndOfFile : token(j).kind;
    }
    TokenKind previousKind(std::size_t i) const noexcept
    {
        const std::int32_t p = before(i).last;
        return p < 0 ? TokenKind::EndOfFile : token(p).kind;
    }

    // The token (EndOfFile excluded) with begin <= offset < end, or -1.
    std::int32_t tokenContaining(std::size_t offset) const noexcept
    {
        if (d.tokens.size() < 2)
            return -1;
        const auto end = d.tokens.end() - 1;
        const auto it = std::upper_bound(d.tokens.begin(), end, offset,
            [](std::size_t o, const Token &t) { return o < t.range.end.offset; });
        if (it == end || it->range.begin.offset > offset)
            return -1;
        return static_cast<std::int32_t>(it - d.tokens.begin());
    }

    // The last token (EndOfFile excluded) that ends at or before offset, or -1.
    std::int32_t tokenBefore(std::size_t offset) const noexcept
    {
        if (d.tokens.size() < 2)
            return -1;
        const auto end = d.tokens.end() - 1;
        const auto it = std::upper_bound(d.tokens.begin(), end, offset,
            [](std::size_t o, const Token &t) { return o < t.range.end.offset; });
        return static_cast<std::int32_t>(it - d.tokens.begin()) - 1;
    }

    // The word under or just before the cursor (for hover and definition).
    std::int32_t wordAt(std::size_t offset) const noexcept
    {
        // A word touching the cursor on its left wins over punctuation on its right, so that
        // `len|(` is about len.
        const std::int32_t i = tokenContaining(offset);
        if (i >= 0 && isWord(token(i).kind))
            return i;
        const std::int32_t b = tokenBefore(offset);
        if (b >= 0 && token(b).range.end.offset == offset && isWord(token(b).kind))
            return b;
        return i;
    }

    // The document contract whose name is token `nameToken`.
    const Contract *contractNamed(
        std::int32_t nameToken, std::size_t *index = nullptr) const noexcept
    {
        if (nameToken < 0)
            return nullptr;
        const std::size_t offset = token(nameToken).range.begin.offset;
        const std::vector<Contract> &contracts = d.document->contracts;
        const auto it = std::lower_bound(contracts.begin(), contracts.end(), offset,
            [](const Contract &c, std::size_t o) { return c.nameRange.begin.offset < o; });
        if (it == contracts.end() || it->nameRange.begin.offset != offset)
            return nullptr;
        if (index)
            *index = static_cast<std::size_t>(it - contracts.begin());
        return &*it;
    }

    const std::vector<ParameterInfo> *parametersOf(std::int32_t nameToken) const noexcept
    {
        std::size_t index = 0;
        if (!contractNamed(nameToken, &index) || index >= d.parameters.size())
            return nullptr;
        return &d.parameters[index];
    }

    const ParameterInfo *parameter(std::int32_t nameToken, std::string_view name) const noexcept
    {
        const std::vector<ParameterInfo> *parameters = parametersOf(nameToken);
        if (!parameters)
            return nullptr;
        for (const ParameterInfo &p : *parameters)
            if (p.option->name == name)
                return &p;
        return nullptr;
    }

    const ContractRef *contract(std::string_view name) const noexcept
    {
        const auto it = d.contracts.find(name);
        return it == d.contracts.end() ? nullptr : &it->second;
    }

    const detail::ResolvedImport *import(std::int32_t moduleToken) const noexcept
    {
        if (moduleToken < 0)
            return nullptr;
        const std::size_t offset = token(moduleToken).range.begin.offset;
        for (const detail::ResolvedImport &r : d.imports)
            if (r.moduleOffset == offset)
                return &r;
        return nullptr;
    }

    const Clause *clauseAt(
        std::int32_t contractName, std::size_t keywordOffset, const Contract **owner) const noexcept
    {
        const Contract *c = contractNamed(contractName);
        if (!c)
            return nullptr;
        *owner = c;
        const auto it = std::lower_bound(c->clauses.begin(), c->clauses.end(), keywordOffset,
            [](const Clause &cl, std::size_t o) { return cl.keywordRange.begin.offset < o; });
        if (it == c->clauses.end() || it->keywordRange.begin.offset != keywordOffset)
            return nullptr;
        return &*it;
    }
};

// Whether the cursor at `offset`, inside or at the end of token t, is inside its text (an open
// string or comment).
bool insideTrivia(const Token &t, std::size_t offset)
{
    const std::size_t begin = t.range.begin.offset, end = t.range.end.offset;
    if (offset <= begin || offset > end)
        return false;
    if (t.kind == TokenKind::LineComment || t.kind == TokenKind::HashComment)
        return true;
    if (offset < end)
        return isComment(t.kind) || isStringLiteral(t.kind);
    if (t.kind == TokenKind::BlockComment)
        return !(t.text.size() >= 4 && t.text.ends_with("*/"));
    if (!isStringLiteral(t.kind))
        return false;
    // At the end: inside only when the string is unterminated.
    const bool raw = t.kind == TokenKind::RawString;
    const std::size_t quoteAt = raw ? 1 : 0;
    if (t.text.size() < quoteAt + 2)
        return true;
    const char quote = t.text[quoteAt];
    if (t.text.back() != quote)
        return true;
    if (raw)
        return false;
    std::size_t backslashes = 0;
    for (std::size_t i = t.text.size() - 1; i > 1 && t.text[i - 1] == '\\'; --i)
        ++backslashes;
    return backslashes % 2 == 1;
}

// --- markdown ---------------------------------------------------------------------------------

std::string code(std::string_view s)
{
    return "`" + std::string(s) + "`";
}

std::string contractSummary(const LanguageServiceData &d, const ContractRef &ref)
{
    const Contract &c = *ref.contract;
    const ContractSettings settings = readContractSettings(c, {}, nullptr);
    std::string md = "**contract** " + code(c.name);
    if (ref.file && ref.file->path != d.path)
        md += " (" + ref.file->path + ")";
    md += "\n\npriority " + code(settings.priorityName) + " (" + std::to_string(settings.priority)
        + ") · conflict_resolution " + code(conflictResolutionName(settings.resolution))
        + " · fix_strategy " + code(fixStrategyName(settings.fixStrategy));
    if (!c.base.empty())
        md += "\n\nextends " + code(c.base);
    if (!settings.description.empty())
        md += "\n\n" + settings.description;
    if (!settings.parameters.empty()) {
        md += "\n\nparameters:";
        for (const ContractOption *p : settings.parameters)
            md += " " + code(p->name + " = " + (p->value ? printExpression(*p->value, 40) : ""));
    }
    std::size_t inherited = 0;
    std::vector<const Contract *> seen {&c};
    for (auto it = d.contracts.find(c.base); it != d.contracts.end()
        && seen.size() <= static_cast<std::size_t>(limits::kInheritanceDepth);
        it = d.contracts.find(it->second.contract->base)) {
        if (std::find(seen.begin(), seen.end(), it->second.contract) != seen.end())
            break;
        seen.push_back(it->second.contract);
        inherited += it->second.contract->clauses.size();
    }
    md += "\n\n" + std::to_string(c.clauses.size())
        + (c.clauses.size() == 1 ? " clause" : " clauses");
    if (inherited)
        md += " (+" + std::to_string(inherited) + " inherited)";
    return md;
}

std::string parameterSummary(
    const LanguageServiceData &d, const ParameterInfo &p, const Contract *user)
{
    std::string md = "**parameter** " + code(p.option->name);
    if (p.option->value)
        md += " = " + code(printExpression(*p.option->value, 40));
    md += "\n\ndeclared by contract " + code(p.declaredBy->name);
    if (p.file && p.file->path != d.path)
        md += " (" + p.file->path + ")";
    if (user && user != p.declaredBy)
        md += ", inherited by " + code(user->name);
    return md;
}

std::string builtinSummary(const BuiltinInfo &b)
{
    return "```llmcl\n" + std::string(b.signature) + "\n```\n\n" + std::string(b.summary);
}

// --- completion ------------------------------------------------------------------------------

class CompletionBuilder
{
public:
    explicit CompletionBuilder(std::string_view prefix)
        : m_prefix(prefix)
        , m_lowerPrefix(ascii::lowered(prefix))
    { }

    // Whether label passes the prefix filter (callers test it before building an item's
    // strings: completion runs after every keystroke).
    bool matches(std::string_view label) const noexcept
    {
        if (label.size() < m_prefix.size())
            return false;
        for (std::size_t i = 0; i < m_prefix.size(); ++i)
            if (ascii::toLower(label[i]) != m_lowerPrefix[i])
                return false;
        return true;
    }

    void add(CompletionItem::Kind kind, std::string_view label, std::string_view detail,
        std::string_view documentation, std::string insertText = {})
    {
        if (!matches(label))
            return;
        if (!m_labels.insert(std::string(label)).second)
            return; // the first (most specific) group keeps a label
        CompletionItem item;
        item.label = std::string(label);
        item.detail = std::string(detail);
        item.documentation = std::string(documentation);
        item.insertText = insertText.empty() ? std::string(label) : std::move(insertText);
        item.kind = kind;
        m_items.push_back({std::move(item), m_group});
    }
    // keepOrder: in the order given (option values: critical, error, warning, info) rather
    // than by label.
    template<std::size_t N>
    void addWords(CompletionItem::Kind kind, const std::array<Word, N> &words,
        std::string_view detail, bool keepOrder = false)
    {
        for (const Word &w : words) {
            add(kind, w.name, detail, w.documentation);
            if (keepOrder)
                nextGroup();
        }
    }

    // Items added after this call sort after those added before (for the same prefix case).
    void nextGroup() noexcept { ++m_group; }

    std::vector<CompletionItem> take()
    {
        std::stable_sort(m_items.begin(), m_items.end(), [&](const Entry &a, const Entry &b) {
            const bool ea = a.item.label.starts_with(m_prefix);
            const bool eb = b.item.label.starts_with(m_prefix);
            return std::tie(eb, a.group, a.item.label) < std::tie(ea, b.group, b.item.label);
        });
        std::vector<CompletionItem> out;
        out.reserve(m_items.size());
        for (Entry &e : m_items)
            out.push_back(std::move(e.item));
        return out;
    }

private:
    struct Entry
    {
        CompletionItem item;
        int group;
    };
    std::string_view m_prefix;
    std::string m_lowerPrefix;
    std::vector<Entry> m_items;
    std::set<std::string, std::less<>> m_labels;
    int m_group = 0;
};

using Kind = CompletionItem::Kind;

void addClauseKeywords(CompletionBuilder &b)
{
    for (const Word &w : kClauseKeywords)
        b.add(Kind::Keyword, w.name, "clause", w.documentation, std::string(w.name) + " ");
}

void addClauseOptions(CompletionBuilder &b, ClauseKind kind)
{
    for (const Word &w : kClauseOptions) {
        if (!keywords::isClauseOptionAllowed(w.name, kind))
            continue;
        b.add(Kind::ClauseOption, w.name, "clause option", w.documentation,
            std::string(w.name) + ": ");
    }
}

void addHeaderOptions(CompletionBuilder &b, bool withExtends)
{
    for (const Word &w : kHeaderOptions)
        if (w.name != "resolution")
            b.add(Kind::ClauseOption, w.name, "header option", w.documentation,
                std::string(w.name) + " = ");
    if (withExtends) {
        b.nextGroup();
        b.add(Kind::Keyword, "extends", "keyword",
            "Inherit a base contract's parameters and clauses.", "extends ");
    }
}

void addContracts(CompletionBuilder &b, const LanguageServiceData &d, std::string_view except)
{
    for (const auto &[name, ref] : d.contracts) {
        if (name == except || !b.matches(name))
            continue;
        const ContractSettings settings = readContractSettings(*ref.contract, {}, nullptr);
        std::string detail = "priority " + settings.priorityName;
        if (ref.file && ref.file->path != d.path)
            detail += ", " + fs::path(ref.file->path).filename().string();
        b.add(Kind::Contract, name, detail, settings.description);
    }
}

} // namespace

// --- LanguageService ---------------------------------------------------------------------------

LanguageService::LanguageService()
{
    auto data = std::make_shared<LanguageServiceData>();
    data->document = std::make_shared<SourceFile>();
    data->tokens.push_back(Token {});
    data->states.push_back(TokenState {});
    m_data = std::move(data);
}
LanguageService::~LanguageService() = default;
LanguageService::LanguageService(const LanguageService &) = default;
LanguageService &LanguageService::operator=(const LanguageService &) = default;
// A move copies the shared pointer, so that a moved-from service still answers (total API).
LanguageService::LanguageService(LanguageService &&other) noexcept
    : m_data(other.m_data)
{ }
LanguageService &LanguageService::operator=(LanguageService &&other) noexcept
{
    m_data = other.m_data;
    return *this;
}

LanguageService LanguageService::analyse(
    std::string path, std::string text, CompileRequest request, bool keepCompiledSet)
{
    auto d = std::make_shared<LanguageServiceData>();
    d->path = std::move(path);
    d->text = std::move(text);
    d->contextKeys = request.knownContextKeys;

    // The document first, then the other files of the evaluation (compileContracts() skips a
    // second spelling of the same file).
    request.overrides.insert_or_assign(d->path, d->text);
    request.files.insert(request.files.begin(), d->path);
    d->compiled = compileContracts(request);
    if (!keepCompiledSet)
        d->compiled.set.reset();
    if (!d->compiled.files.empty() && d->compiled.files.front()->path == d->path)
        d->document = d->compiled.files.front();
    else
        d->document =
            std::make_shared<SourceFile>(parseSource(d->text, ParseOptions {.file = d->path}));
    for (const Diagnostic &diagnostic : d->compiled.diagnostics)
        if (diagnostic.file == d->path)
            d->diagnostics.push_back(diagnostic);

    d->tokens =
        tokenize(d->text, LexerOptions {.keepComments = true, .file = d->path, .maxDiagnostics = 0})
            .tokens;
    d->states = computeStates(d->tokens);

    for (const std::shared_ptr<const SourceFile> &file : d->compiled.files)
        for (const Contract &c : file->contracts)
            if (!c.name.empty())
                d->contracts.emplace(c.name, ContractRef {&c, file.get()});
    // Contracts of the document come first in compiled.files, so they win over imported ones of
    // the same name (which is a duplicate-contract error anyway).

    for (const Contract &c : d->document->contracts) {
        std::vector<ParameterInfo> parameters;
        std::set<std::string, std::less<>> seen;
        std::vector<const Contract *> chain;
        const Contract *current = &c;
        const SourceFile *file = d->document.get();
        // At most kInheritanceDepth bases up: a chain of thousands is an error (E2014) and
        // must not make every keystroke quadratic.
        while (current && chain.size() <= static_cast<std::size_t>(limits::kInheritanceDepth)
            && std::find(chain.begin(), chain.end(), current) == chain.end()) {
            chain.push_back(current);
            for (const ContractOption *p : readContractSettings(*current, {}, nullptr).parameters)
                if (seen.insert(p->name).second)
                    parameters.push_back({p, current, file});
            const auto it =
                current->base.empty() ? d->contracts.end() : d->contracts.find(current->base);
            current = it == d->contracts.end() ? nullptr : it->second.contract;
            file = it == d->contracts.end() ? nullptr : it->second.file;
        }
        d->parameters.push_back(std::move(parameters));
    }

    try {
        // The same loader as compileContracts(): unsaved buffers, then the importing file's
        // folder and the include path.
        const SourceLoader sources(request.overrides, request.includePath);
        // Every module name of an import line, also of one the parser rejected (`from m import`
        // still being typed), so that completion can offer the module's contracts.
        for (std::size_t i = 0; i < d->tokens.size(); ++i) {
            const TokenState before = i ? d->states[i - 1] : TokenState {};
            if (before.region != Region::ImportModule || d->tokens[i].kind != TokenKind::Identifier)
                continue;
            detail::ResolvedImport resolved;
            resolved.moduleOffset = d->tokens[i].range.begin.offset;
            const SourceLoader::Module module = sources.findModule(d->tokens[i].text, d->path);
            resolved.path = module.path;
            if (resolved.path.empty()) {
                d->imports.push_back(std::move(resolved));
                continue;
            }
            for (const auto &file : d->compiled.files)
                if (file->path == resolved.path)
                    resolved.file = file.get();
            if (!resolved.file) {
                std::string text, error;
                if (sources.read(module.key, module.path, text, error)) {
                    auto file = std::make_shared<const SourceFile>(
                        parseSource(text, ParseOptions {.file = resolved.path}));
                    resolved.file = file.get();
                    d->extraFiles.push_back(std::move(file));
                }
            }
            d->imports.push_back(std::move(resolved));
        }
        d->modules = listModules(d->path, request);
    } catch (...) {
        // Only allocation can fail here (the file-system calls report through error codes);
        // completion then offers no module names.
    }

    LanguageService service;
    service.m_data = std::move(d);
    return service;
}

const std::string &LanguageService::path() const noexcept
{
    return m_data->path;
}

const std::string &LanguageService::text() const noexcept
{
    return m_data->text;
}

const std::vector<Diagnostic> &LanguageService::diagnostics() const noexcept
{
    return m_data->diagnostics;
}

const SourceFile &LanguageService::sourceFile() const noexcept
{
    return *m_data->document;
}

const CompileResult &LanguageService::compileResult() const noexcept
{
    return m_data->compiled;
}

std::vector<Token> LanguageService::tokens() const
{
    return m_data->tokens;
}

std::vector<DocumentSymbol> LanguageService::documentSymbols() const
{
    const SourceFile &file = *m_data->document;
    std::vector<DocumentSymbol> symbols;
    for (const Import &import : file.imports) {
        DocumentSymbol s;
        s.kind = DocumentSymbol::Kind::Import;
        s.name = import.module;
        s.detail = (import.fromImport ? "from " : "import ") + import.module;
        if (import.fromImport) {
            s.detail += " import ";
            for (std::size_t i = 0; i < import.names.size(); ++i)
                s.detail += (i ? ", " : "") + import.names[i];
        }
        s.range = import.range;
        s.selectionRange = import.moduleRange;
        symbols.push_back(std::move(s));
    }
    for (const Contract &contract : file.contracts) {
        const ContractSettings settings = readContractSettings(contract, {}, nullptr);
        DocumentSymbol s;
        s.kind = DocumentSymbol::Kind::Contract;
        s.name = contract.name;
        s.detail = "priority " + settings.priorityName;
        if (!contract.base.empty())
            s.detail += ", extends " + contract.base;
        s.range = contract.range;
        s.selectionRange = contract.nameRange;
        for (const ContractOption *option : settings.parameters) {
            DocumentSymbol p;
            p.kind = DocumentSymbol::Kind::Parameter;
            p.name = option->name;
            p.detail = option->value ? printExpression(*option->value, 40) : std::string();
            p.range = option->range;
            p.selectionRange = option->nameRange;
            s.children.push_back(std::move(p));
        }
        for (const Clause &clause : contract.clauses) {
            DocumentSymbol c;
            c.kind = DocumentSymbol::Kind::Clause;
            c.name = contract.name + "#" + std::to_string(clause.index) + " "
                + std::string(clauseKindName(clause.kind));
            c.detail = clause.condition ? printExpression(*clause.condition, 40) : std::string();
            c.range = clause.range;
            c.selectionRange = clause.keywordRange;
            s.children.push_back(std::move(c));
        }
        symbols.push_back(std::move(s));
    }
    return symbols;
}

std::vector<CompletionItem> LanguageService::completionsAt(std::size_t offset) const
{
    const LanguageServiceData &d = *m_data;
    const Lookup look {d};
    offset = std::min(offset, d.text.size());

    // The word being typed (the prefix) and the state before it.
    std::size_t prefixBegin = offset;
    std::int32_t before = look.tokenBefore(offset);
    const std::int32_t containing = look.tokenContaining(offset);
    for (std::int32_t candidate : {containing, before}) {
        if (candidate >= 0 && insideTrivia(look.token(candidate), offset))
            return {};
    }
    if (containing >= 0 && isWord(look.token(containing).kind)
        && look.token(containing).range.begin.offset < offset) {
        prefixBegin = look.token(containing).range.begin.offset;
        before = containing - 1;
    } else if (before >= 0 && isWord(look.token(before).kind)
        && look.token(before).range.end.offset == offset) {
        prefixBegin = look.token(before).range.begin.offset;
        before -= 1;
    }
    // Right after a number or a string (`10|`, `"abc"|`) the user is not typing a word.
    if (prefixBegin == offset && before >= 0 && look.token(before).range.end.offset == offset
        && (isNumberLiteral(look.token(before).kind) || isStringLiteral(look.token(before).kind)))
        return {};
    const std::string_view prefix =
        std::string_view(d.text).substr(prefixBegin, offset - prefixBegin);
    const TokenState s = before >= 0 ? d.states[static_cast<std::size_t>(before)] : TokenState {};
    const TokenKind lastKind = s.last >= 0 ? look.token(s.last).kind : TokenKind::EndOfFile;
    const std::size_t lastEnd = s.last >= 0 ? look.token(s.last).range.end.offset : 0;
    const bool onNewLine = s.last >= 0
        && std::string_view(d.text).substr(lastEnd, prefixBegin - lastEnd).find('\n')
            != std::string_view::npos;

    CompletionBuilder b(prefix);

    // `x.` → the built-ins usable as methods (and the known keys after `context.`).
    if (lastKind == TokenKind::Dot && isExpressionRegion(s.region)) {
        const TokenState beforeDot = look.before(static_cast<std::size_t>(s.last));
        if (beforeDot.last >= 0 && look.token(beforeDot.last).text == "context") {
            for (const std::string &key : d.contextKeys)
                b.add(Kind::ContextKey, key, "context key",
                    "A key of the context (from the schema).");
            b.nextGroup();
        }
        for (const BuiltinInfo &info : builtins())
            if (info.maxArity() >= 1 && b.matches(info.name))
                b.add(Kind::Function, info.name, info.signature, info.summary,
                    std::string(info.name) + "(");
        return b.take();
    }

    auto addExpressionItems = [&](bool temporal, bool inAutoFix) {
        if (const std::vector<ParameterInfo> *parameters = look.parametersOf(s.contractName)) {
            for (const ParameterInfo &p : *parameters) {
                if (isTurnVariable(p.option->name) || !b.matches(p.option->name))
                    continue; // a parameter named like a turn variable is shadowed by it
                b.add(Kind::Parameter, p.option->name,
                    p.option->value ? "= " + printExpression(*p.option->value, 40) : "",
                    "Parameter of contract " + p.declaredBy->name + ".");
            }
        }
        b.nextGroup();
        for (const Word &w : kTurnVariables)
            if (w.name != "match_group" || inAutoFix)
                b.add(Kind::Variable, w.name, "turn variable", w.documentation);
        b.nextGroup();
        for (const BuiltinInfo &info : builtins())
            if (b.matches(info.name))
                b.add(Kind::Function, info.name, info.signature, info.summary,
                    std::string(info.name) + "(");
        b.nextGroup();
        for (const std::string &key : d.contextKeys)
            b.add(Kind::ContextKey, key, "context key", "A key of the context (from the schema).");
        b.nextGroup();
        b.addWords(Kind::Keyword, kOperandKeywords, "keyword");
        if (temporal)
            b.addWords(Kind::Keyword, kTemporalPrefixKeywords, "temporal operator");
    };
    auto addOperatorKeywords = [&](bool temporal) {
        b.addWords(Kind::Keyword, kOperatorKeywords, "keyword");
        if (temporal)
            b.add(Kind::Keyword, kUntilKeyword.name, "temporal operator",
                kUntilKeyword.documentation);
    };

    switch (s.region) {
    case Region::TopLevel:
    case Region::ImportNameDone:
        b.add(Kind::Keyword, "contract", "keyword", "Start a contract.", "contract ");
        b.nextGroup();
        if (d.document->contracts.empty() || s.last < 0
            || look.token(s.last).range.end.offset
                <= d.document->contracts.front().range.begin.offset) {
            b.add(Kind::Keyword, "import", "keyword", "Import every contract of a module.",
                "import ");
            b.add(Kind::Keyword, "from", "keyword", "Import named contracts of a module.", "from ");
        }
        break;
    case Region::ImportModule:
        for (const detail::ModuleInfo &m : d.modules)
            b.add(Kind::Module, m.name, m.path, "Module " + m.path + ".");
        break;
    case Region::ImportKeyword:
        b.add(Kind::Keyword, "import", "keyword", "The contracts to import.", "import ");
        break;
    case Region::ImportNames: {
        const detail::ResolvedImport *resolved = look.import(s.option);
        if (resolved && resolved->file) {
            for (const Contract &c : resolved->file->contracts)
                if (!c.name.empty())
                    b.add(Kind::Contract, c.name,
                        fs::path(resolved->file->path).filename().string(),
                        readContractSettings(c, {}, nullptr).description);
        }
        break;
    }
    case Region::ContractName:
    case Region::HeaderAfterName:
    case Region::OptionName:
        break;
    case Region::Header:
        addHeaderOptions(b, !s.inParens && !s.hasBase);
        break;
    case Region::HeaderValue: {
        if (s.depth > 0)
            break;
        if (s.operandComplete) {
            addHeaderOptions(b, !s.inParens && !s.hasBase);
            break;
        }
        const std::string option =
            s.option >= 0 ? ascii::lowered(look.token(s.option).text) : std::string();
        if (option == "priority")
            b.addWords(Kind::OptionValue, kPriorityValues, "priority", true);
        else if (option == "conflict_resolution" || option == "resolution")
            b.addWords(Kind::OptionValue, kResolutionValues, "conflict_resolution", true);
        else if (option == "fix_strategy")
            b.addWords(Kind::OptionValue, kStrategyValues, "fix_strategy", true);
        else if (option != "description")
            b.addWords(Kind::Keyword,
                std::array<Word, 3> {kOperandKeywords[2], kOperandKeywords[3], kOperandKeywords[4]},
                "keyword");
        break;
    }
    case Region::AfterHeader:
        if (!s.hasBase)
            b.add(Kind::Keyword, "extends", "keyword",
                "Inherit a base contract's parameters and clauses.", "extends ");
        break;
    case Region::Extends: {
        const Contract *self = look.contractNamed(s.contractName);
        addContracts(b, d, self ? std::string_view(self->name) : std::string_view());
        break;
    }
    case Region::Body:
        addClauseKeywords(b);
        break;
    case Region::Condition:
    case Region::OptionValue: {
        const std::string option = s.region == Region::OptionValue && s.option >= 0
            ? std::string(look.token(s.option).text)
            : std::string();
        const bool expressionValued =
            s.region == Region::Condition || option == "auto_fix" || option == "confidence";
        const bool temporal = s.region == Region::Condition && s.clauseKind == ClauseKind::Temporal;
        if (s.depth == 0 && !s.operandComplete && s.region == Region::OptionValue) {
            if (option == "severity") {
                b.addWords(Kind::OptionValue, kSeverityValues, "severity", true);
                break;
            }
            if (option == "window_size") {
                b.addWords(Kind::OptionValue, kWindowValues, "window_size", true);
                break;
            }
        }
        if (!expressionValued) {
            if (s.depth == 0 && s.operandComplete) {
                addClauseOptions(b, s.clauseKind);
                b.nextGroup();
                addClauseKeywords(b);
            }
            break;
        }
        if (!s.operandComplete) {
            addExpressionItems(temporal, option == "auto_fix" || option == "confidence");
            break;
        }
        if (s.depth == 0) {
            addClauseOptions(b, s.clauseKind);
            b.nextGroup();
            if (onNewLine) {
                addClauseKeywords(b);
                b.nextGroup();
            }
        }
        addOperatorKeywords(temporal);
        if (s.depth == 0 && !onNewLine) {
            b.nextGroup();
            addClauseKeywords(b);
        }
        break;
    }
    }
    return b.take();
}

std::optional<HoverInfo> LanguageService::hoverAt(std::size_t offset) const
{
    const LanguageServiceData &d = *m_data;
    const Lookup look {d};
    offset = std::min(offset, d.text.size());

    const std::int32_t i = look.wordAt(offset);
    // A word at the cursor also shows the diagnostics that cover its start (the cursor may be
    // just past a word a diagnostic marks).
    const std::size_t wordBegin =
        i >= 0 && isWord(look.token(i).kind) ? look.token(i).range.begin.offset : offset;
    std::string diagnostics;
    const Diagnostic *firstDiagnostic = nullptr;
    for (const Diagnostic &diagnostic : d.diagnostics) {
        const SourceRange &r = diagnostic.range;
        auto covers = [&](std::size_t o) {
            return (r.begin.offset <= o && o < r.end.offset)
                || (r.isEmpty() && r.begin.offset == o);
        };
        if (!covers(offset) && !covers(wordBegin))
            continue;
        if (!firstDiagnostic)
            firstDiagnostic = &diagnostic;
        diagnostics += (diagnostics.empty() ? "" : "\n\n") + std::string("**")
            + std::string(severityName(diagnostic.severity)) + "[" + diagnostic.code
            + "]**: " + diagnostic.message;
    }

    std::string info;
    SourceRange range;
    if (i >= 0 && !isComment(look.token(i).kind) && !isStringLiteral(look.token(i).kind)) {
        const Token &t = look.token(i);
        const auto index = static_cast<std::size_t>(i);
        const TokenState s = look.before(index);
        const TokenState after = d.states[index];
        range = t.range;
        if (t.kind == TokenKind::Identifier) {
            const TokenKind previous = look.previousKind(index);
            const TokenKind next = look.nextKind(index);
            if (s.region == Region::ImportModule) {
                const detail::ResolvedImport *resolved = look.import(i);
                info = "**module** " + code(t.text);
                info += resolved && !resolved->path.empty() ? "\n\n" + resolved->path
                                                            : std::string("\n\nnot found");
            } else if (s.region == Region::ImportNames || s.region == Region::ContractName
                || s.region == Region::Extends) {
                if (const ContractRef *ref = look.contract(t.text)) {
                    const Contract *self =
                        s.region == Region::ContractName ? look.contractNamed(i) : nullptr;
                    info = contractSummary(d, self ? ContractRef {self, d.document.get()} : *ref);
                }
            } else if (after.region == Region::HeaderAfterName) {
                if (const Word *w = findWord(kHeaderOptions, ascii::lowered(t.text)))
                    info = "**header option** " + code(w->name) + "\n\n"
                        + std::string(w->documentation);
                else if (const ParameterInfo *p = look.parameter(s.contractName, t.text))
                    info = parameterSummary(d, *p, look.contractNamed(s.contractName));
            } else if (after.region == Region::OptionName) {
                if (const Word *w = findWord(kClauseOptions, t.text))
                    info = "**clause option** " + code(w->name) + "\n\n"
                        + std::string(w->documentation);
            } else if (s.region == Region::Condition || s.region == Region::OptionValue) {
                const BuiltinInfo *builtin = findBuiltin(t.text);
                if (previous == TokenKind::Dot) {
                    if (next == TokenKind::LeftParen && builtin)
                        info = builtinSummary(*builtin);
                    else if (next != TokenKind::LeftParen)
                        info = "**context key** " + code(t.text)
                            + "\n\nA member of a map (`context." + std::string(t.text)
                            + "` reads a key of the context; a missing key reads as null).";
                } else if (next == TokenKind::LeftParen) {
                    if (builtin)
                        info = builtinSummary(*builtin);
                } else if (next == TokenKind::Assign && s.depth > 0) {
                    // A keyword argument: nothing to add.
                } else if (const Word *w = findWord(kTurnVariables, t.text)) {
                    info = "**turn variable** " + code(w->name) + "\n\n"
                        + std::string(w->documentation);
                } else if (const ParameterInfo *p = look.parameter(s.contractName, t.text)) {
                    info = parameterSummary(d, *p, look.contractNamed(s.contractName));
                } else if (s.region == Region::OptionValue && s.depth == 0
                    && (findWord(kSeverityValues, ascii::lowered(t.text))
                        || findWord(kWindowValues, ascii::lowered(t.text)))) {
                    const Word *w = findWord(kSeverityValues, ascii::lowered(t.text));
                    if (!w)
                        w = findWord(kWindowValues, ascii::lowered(t.text));
                    info = code(w->name) + "\n\n" + std::string(w->documentation);
                } else {
                    const bool known = d.contextKeys.contains(t.text);
                    info = "**context key** " + code(t.text) + "\n\n"
                        + (known ? "A known context key, read from `context` at run time."
                                 : "Not a variable or parameter: read from `context` at run time "
                                   "(an error if the context has no such key).");
                }
            }
        } else if (isClauseKeyword(t.kind)) {
            const Word *w = findWord(kClauseKeywords, t.text);
            const Contract *owner = nullptr;
            const Clause *clause = look.clauseAt(after.contractName, t.range.begin.offset, &owner);
            info = "**" + std::string(t.text) + "**";
            if (clause && owner)
                info += " — clause " + code(owner->name + "#" + std::to_string(clause->index));
            if (w)
                info += "\n\n" + std::string(w->documentation);
        } else if (t.kind == TokenKind::KwContract) {
            const std::int32_t n = look.nextSignificant(index);
            if (n >= 0 && look.token(n).kind == TokenKind::Identifier) {
                if (const Contract *c = look.contractNamed(n))
                    info = contractSummary(d, ContractRef {c, d.document.get()});
            }
        } else if (const Word *w = findWord(kTemporalPrefixKeywords, t.text)) {
            info =
                "**" + std::string(w->name) + "** (temporal)\n\n" + std::string(w->documentation);
        } else if (t.kind == TokenKind::KwUntil) {
            info = "**until** (temporal)\n\n" + std::string(kUntilKeyword.documentation);
        }
    }

    if (info.empty() && !firstDiagnostic)
        return std::nullopt;
    HoverInfo hover;
    if (info.empty()) {
        hover.range = firstDiagnostic->range;
        hover.markdown = std::move(diagnostics);
    } else {
        hover.range = range;
        hover.markdown = std::move(info);
        if (!diagnostics.empty())
            hover.markdown += "\n\n---\n\n" + diagnostics;
    }
    return hover;
}

std::optional<Location> LanguageService::definitionAt(std::size_t offset) const
{
    const LanguageServiceData &d = *m_data;
    const Lookup look {d};
    offset = std::min(offset, d.text.size());
    const std::int32_t i = look.wordAt(offset);
    if (i < 0 || look.token(i).kind != TokenKind::Identifier)
        return std::nullopt;
    const Token &t = look.token(i);
    const auto index = static_cast<std::size_t>(i);
    const TokenState s = look.before(index);
    const TokenState after = d.states[index];
    if (s.region == Region::ImportModule) {
        const detail::ResolvedImport *resolved = look.import(i);
        if (!resolved || resolved->path.empty())
            return std::nullopt;
        return Location {resolved->path, SourceRange {}};
    }
    if (s.region == Region::ContractName) {
        if (const Contract *c = look.contractNamed(i))
            return Location {d.path, c->nameRange};
        return std::nullopt;
    }
    if (s.region == Region::ImportNames || s.region == Region::Extends) {
        const ContractRef *ref = look.contract(t.text);
        if (!ref)
            return std::nullopt;
        return Location {ref->file->path, ref->contract->nameRange};
    }
    const bool parameterUse = (s.region == Region::Condition || s.region == Region::OptionValue)
        && look.previousKind(index) != TokenKind::Dot
        && look.nextKind(index) != TokenKind::LeftParen && !isTurnVariable(t.text);
    if (parameterUse || after.region == Region::HeaderAfterName) {
        if (const ParameterInfo *p = look.parameter(s.contractName, t.text))
            return Location {p->file ? p->file->path : d.path, p->option->nameRange};
    }
    return std::nullopt;
}

} // namespace llmcl::engine
