// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/checker.h"

#include "engine/ascii.h"
#include "engine/builtins.h"
#include "engine/diagnosticmessages.h"
#include "engine/keywords.h"
#include "engine/limits.h"
#include "engine/regex.h"

#include <algorithm>
#include <array>

namespace llmcl::engine {

namespace {

void report(std::vector<Diagnostic> *diagnostics, Severity severity, MessageId message,
    const SourceRange &range, const std::string &file,
    std::vector<DiagnosticArgument> arguments = {}, std::optional<MessageId> hint = std::nullopt)
{
    if (!diagnostics)
        return;
    diagnostics->push_back(
        makeDiagnostic(severity, message, range, file, std::move(arguments), hint));
}

// A bare word (`critical`) or a string ("critical") naming one of a fixed set of values.
std::optional<std::string> wordValue(const Expr *value)
{
    if (!value)
        return std::nullopt;
    if (value->kind == ExprKind::Name || value->kind == ExprKind::String)
        return ascii::lowered(value->text);
    return std::nullopt;
}

template<std::size_t N>
std::string joined(const std::array<std::string_view, N> &words)
{
    std::string out;
    for (std::size_t i = 0; i < N; ++i) {
        if (i)
            out += i + 1 == N ? " or " : ", ";
        out += words[i];
    }
    return out;
}

std::size_t editDistance(std::string_view a, std::string_view b)
{
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            const bool same = ascii::toLower(a[i - 1]) == ascii::toLower(b[j - 1]);
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

constexpr const auto &kSeverities = keywords::severities;
constexpr const auto &kPriorities = keywords::priorities;
constexpr const auto &kResolutions = keywords::resolutions;
constexpr const auto &kStrategies = keywords::strategies;

bool isNumberLiteral(const Expr *e) noexcept
{
    return e && (e->kind == ExprKind::Int || e->kind == ExprKind::Float);
}

double numberOf(const Expr &e) noexcept
{
    return e.kind == ExprKind::Int ? static_cast<double>(e.intValue) : e.floatValue;
}

} // namespace

std::string_view closestMatch(
    std::string_view word, const std::vector<std::string_view> &candidates)
{
    std::string_view best;
    std::size_t bestDistance = word.size() <= 3 ? 1 : 2;
    for (std::string_view c : candidates) {
        const std::size_t d = editDistance(word, c);
        if (d <= bestDistance && (best.empty() || d < bestDistance)) {
            best = c;
            bestDistance = d;
        }
    }
    // Also "startswith" → "starts_with": underscores dropped.
    if (best.empty()) {
        for (std::string_view c : candidates) {
            std::string a, b;
            for (char ch : word)
                if (ch != '_')
                    a += ascii::toLower(ch);
            for (char ch : c)
                if (ch != '_')
                    b += ch;
            if (a == b)
                return c;
        }
    }
    return best;
}

bool isTurnVariable(std::string_view name) noexcept
{
    return keywords::contains(keywords::turnVariables, name);
}

std::optional<Value> constantValue(const Expr &expr)
{
    switch (expr.kind) {
    case ExprKind::Null:
        return Value::null();
    case ExprKind::Bool:
        return Value::boolean(expr.boolValue);
    case ExprKind::Int:
        return Value::integer(expr.intValue);
    case ExprKind::Float:
        return Value::number(expr.floatValue);
    case ExprKind::String:
        return Value::string(expr.text);
    case ExprKind::List: {
        std::vector<Value> items;
        for (const ExprPtr &child : expr.children) {
            if (!child)
                return std::nullopt;
            auto v = constantValue(*child);
            if (!v)
                return std::nullopt;
            items.push_back(std::move(*v));
        }
        return Value::list(std::move(items));
    }
    case ExprKind::Map: {
        std::vector<MapEntry> entries;
        entries.reserve(expr.children.size() / 2);
        for (std::size_t i = 0; i + 1 < expr.children.size(); i += 2) {
            const Expr *key = expr.children[i].get();
            if (!key || key->kind != ExprKind::String || !expr.children[i + 1])
                return std::nullopt;
            auto v = constantValue(*expr.children[i + 1]);
            if (!v)
                return std::nullopt;
            entries.emplace_back(key->text, std::move(*v));
        }
        return Value::mapLastWins(std::move(entries));
    }
    default:
        return std::nullopt;
    }
}

ContractSettings readContractSettings(
    const Contract &contract, const std::string &file, std::vector<Diagnostic> *diagnostics)
{
    ContractSettings settings;
    std::set<std::string> seen;
    for (const ContractOption &option : contract.options) {
        const std::string name = ascii::lowered(option.name);
        const bool isBuiltinOption = keywords::isHeaderOption(name);
        const std::string key = name == "resolution" ? "conflict_resolution"
            : isBuiltinOption                        ? name
                                                     : option.name;
        if (!seen.insert(key).second)
            report(diagnostics, Severity::Warning, MessageId::RepeatedOption, option.nameRange,
                file, {{"option", option.name}});
        const Expr *value = option.value.get();
        if (!value)
            continue;
        if (name == "priority") {
            const auto word = wordValue(value);
            const auto it =
                word ? std::find(kPriorities.begin(), kPriorities.end(), *word) : kPriorities.end();
            if (it == kPriorities.end()) {
                report(diagnostics, Severity::Error, MessageId::OptionChoices, value->range, file,
                    {{"option", "priority"}, {"choices", joined(kPriorities)}});
                continue;
            }
            settings.priorityName = std::string(*it);
            settings.priority = 100 - 25 * static_cast<int>(it - kPriorities.begin());
        } else if (name == "conflict_resolution" || name == "resolution") {
            const auto word = wordValue(value);
            const auto it = word ? std::find(kResolutions.begin(), kResolutions.end(), *word)
                                 : kResolutions.end();
            if (it == kResolutions.end()) {
                report(diagnostics, Severity::Error, MessageId::OptionChoices, value->range, file,
                    {{"option", option.name}, {"choices", joined(kResolutions)}});
                continue;
            }
            static constexpr std::array<ConflictResolution, 6> order = {
                ConflictResolution::FirstWins, ConflictResolution::LastWins,
                ConflictResolution::MostRestrictive, ConflictResolution::LeastRestrictive,
                ConflictResolution::Merge, ConflictResolution::FailOnConflict};
            settings.resolution = order[static_cast<std::size_t>(it - kResolutions.begin())];
        } else if (name == "fix_strategy") {
            const auto word = wordValue(value);
            const auto it =
                word ? std::find(kStrategies.begin(), kStrategies.end(), *word) : kStrategies.end();
            if (it == kStrategies.end()) {
                report(diagnostics, Severity::Error, MessageId::OptionChoices, value->range, file,
                    {{"option", "fix_strategy"}, {"choices", joined(kStrategies)}});
                continue;
            }
            settings.fixStrategy = static_cast<FixStrategy>(it - kStrategies.begin());
        } else if (name == "description") {
            if (value->kind != ExprKind::String) {
                report(diagnostics, Severity::Error, MessageId::DescriptionNotString, value->range,
                    file);
                continue;
            }
            settings.description = value->text;
        } else {
            if (!constantValue(*value)) {
                report(diagnostics, Severity::Error, MessageId::ParameterNotLiteral, value->range,
                    file, {{"name", option.name}});
                continue;
            }
            auto existing = std::find_if(settings.parameters.begin(), settings.parameters.end(),
                [&](const ContractOption *p) { return p->name == option.name; });
            if (existing != settings.parameters.end())
                *existing = &option;
            else
                settings.parameters.push_back(&option);
        }
    }
    return settings;
}

ClauseSettings readClauseSettings(
    const Clause &clause, const std::string &file, std::vector<Diagnostic> *diagnostics)
{
    ClauseSettings settings;
    std::set<std::string> seen;
    for (const ClauseOption &option : clause.options) {
        const std::string &name = option.name;
        if (!keywords::isClauseOption(name)) {
            std::vector<std::string_view> candidates(
                keywords::clauseOptions.begin(), keywords::clauseOptions.end());
            const std::string_view suggestion = closestMatch(name, candidates);
            if (!suggestion.empty()) {
                report(diagnostics, Severity::Error, MessageId::UnknownClauseOption,
                    option.nameRange, file,
                    {{"option", name}, {"suggestion", std::string(suggestion)}},
                    MessageId::HintDidYouMeanQuoted);
            } else {
                std::string options;
                for (std::string_view known : keywords::clauseOptions)
                    options += (options.empty() ? "" : ", ") + std::string(known);
                report(diagnostics, Severity::Error, MessageId::UnknownClauseOption,
                    option.nameRange, file, {{"option", name}, {"options", std::move(options)}},
                    MessageId::HintOptions);
            }
            if (diagnostics && !suggestion.empty())
                diagnostics->back().fixIts.push_back({option.nameRange, std::string(suggestion)});
            continue;
        }
        if (!keywords::isClauseOptionAllowed(name, clause.kind)) {
            report(diagnostics, Severity::Error,
                clause.kind == ClauseKind::Ensure || clause.kind == ClauseKind::EnsureProb
                    ? MessageId::OptionNotAllowedAn
                    : MessageId::OptionNotAllowedA,
                option.nameRange, file,
                {{"option", name}, {"kind", std::string(clauseKindName(clause.kind))}});
            continue;
        }
        if (!seen.insert(name).second)
            report(diagnostics, Severity::Warning, MessageId::RepeatedOption, option.nameRange,
                file, {{"option", name}});
        const Expr *value = option.value.get();
        if (!value)
            continue;
        if (name == "message") {
            if (value->kind != ExprKind::String) {
                report(
                    diagnostics, Severity::Error, MessageId::MessageNotString, value->range, file);
                continue;
            }
            settings.message = value->text;
        } else if (name == "severity") {
            const auto word = wordValue(value);
            const auto it =
                word ? std::find(kSeverities.begin(), kSeverities.end(), *word) : kSeverities.end();
            if (it == kSeverities.end()) {
                report(diagnostics, Severity::Error, MessageId::OptionChoices, value->range, file,
                    {{"option", "severity"}, {"choices", joined(kSeverities)}});
                continue;
            }
            settings.severity = static_cast<ClauseSeverity>(it - kSeverities.begin());
        } else if (name == "auto_fix") {
            settings.autoFix = value;
        } else if (name == "confidence") {
            if (value->kind == ExprKind::String || value->kind == ExprKind::Bool
                || value->kind == ExprKind::Null || value->kind == ExprKind::List
                || value->kind == ExprKind::Map
                || (isNumberLiteral(value) && (numberOf(*value) < 0.0 || numberOf(*value) > 1.0))) {
                report(
                    diagnostics, Severity::Error, MessageId::ConfidenceRange, value->range, file);
                continue;
            }
            settings.confidence = value;
        } else if (name == "tags") {
            bool ok = value->kind == ExprKind::List;
            std::vector<std::string> tags;
            if (ok) {
                for (const ExprPtr &item : value->children) {
                    if (!item || item->kind != ExprKind::String) {
                        ok = false;
                        break;
                    }
                    tags.push_back(item->text);
                }
            }
            if (!ok) {
                report(diagnostics, Severity::Error, MessageId::TagsNotStrings, value->range, file);
                continue;
            }
            settings.tags = std::move(tags);
        } else if (name == "window_size") {
            if (value->kind == ExprKind::Int && value->intValue > limits::kWindowSize) {
                report(diagnostics, Severity::Error, MessageId::WindowSizeTooLarge, value->range,
                    file, {{"maximum", std::to_string(limits::kWindowSize)}});
            } else if (value->kind == ExprKind::Int && value->intValue > 0) {
                settings.windowSize = value->intValue;
            } else if (value->kind == ExprKind::Name && ascii::lowered(value->text) == "session") {
                settings.windowSize = kWindowSession;
            } else if (value->kind == ExprKind::Name && ascii::lowered(value->text) == "global") {
                settings.windowSize = kWindowGlobal;
            } else {
                report(
                    diagnostics, Severity::Error, MessageId::WindowSizeInvalid, value->range, file);
            }
        }
    }
    return settings;
}

namespace {

bool isTemporalKind(ExprKind kind) noexcept
{
    return kind == ExprKind::Always || kind == ExprKind::Eventually || kind == ExprKind::Next
        || kind == ExprKind::Within || kind == ExprKind::Until || kind == ExprKind::Since;
}

std::vector<std::string_view> builtinNames()
{
    // Canonical spellings (starts_with) before their aliases (startswith): a suggestion names
    // the documented one when both are equally close.
    std::vector<std::string_view> names;
    for (const BuiltinInfo &b : builtins())
        names.push_back(b.name);
    std::stable_partition(names.begin(), names.end(),
        [](std::string_view n) { return n.find('_') != std::string_view::npos; });
    return names;
}

TypeMask literalType(const Expr &e) noexcept
{
    switch (e.kind) {
    case ExprKind::Null:
        return typeBit(ValueType::Null);
    case ExprKind::Bool:
        return typeBit(ValueType::Bool);
    case ExprKind::Int:
        return typeBit(ValueType::Int);
    case ExprKind::Float:
        return typeBit(ValueType::Float);
    case ExprKind::String:
        return typeBit(ValueType::String);
    case ExprKind::List:
        return typeBit(ValueType::List);
    case ExprKind::Map:
        return typeBit(ValueType::Map);
    default:
        return 0; // not a literal: unknown until run time
    }
}

std::string typeList(TypeMask mask)
{
    std::string out;
    int n = 0;
    for (int t = 0; t <= static_cast<int>(ValueType::Map); ++t) {
        if (mask & typeBit(static_cast<ValueType>(t))) {
            if (n++)
                out += " or ";
            out += valueTypeName(static_cast<ValueType>(t));
        }
    }
    return out;
}

class ClauseChecker
{
public:
    ClauseChecker(const std::string &file, const std::set<std::string, std::less<>> &parameters,
        const std::set<std::string, std::less<>> *contextKeys, std::vector<Diagnostic> &diagnostics)
        : m_file(file)
        , m_parameters(parameters)
        , m_contextKeys(contextKeys)
        , m_diagnostics(diagnostics)
    { }

    void check(const Expr *e, bool temporal, bool inAutoFix)
    {
        m_temporal = temporal;
        m_inAutoFix = inAutoFix;
        visit(e);
    }

private:
    void visit(const Expr *e)
    {
        if (!e)
            return;
        if (isTemporalKind(e->kind) && !m_temporal) {
            error(e->range, MessageId::TemporalOutsideTemporal);
        }
        // (A `within` without its operand is a syntax error the parser reported.)
        if (e->kind == ExprKind::Within && e->intValue <= 0 && !e->children.empty())
            error(e->range, MessageId::WithinNotPositive);
        switch (e->kind) {
        case ExprKind::Name:
            checkName(*e);
            return;
        case ExprKind::Call:
        case ExprKind::Method:
            checkCall(*e);
            break;
        case ExprKind::Map:
            for (std::size_t i = 0; i < e->children.size(); i += 2) {
                const Expr *key = e->children[i].get();
                const TypeMask t = key ? literalType(*key) : 0;
                if (t && t != typeBit(ValueType::String))
                    error(key->range, MessageId::MapKeyNotString);
            }
            break;
        default:
            break;
        }
        for (const ExprPtr &child : e->children)
            visit(child.get());
    }

    void checkName(const Expr &e)
    {
        const std::string &name = e.text;
        if (isTurnVariable(name) || m_parameters.contains(name))
            return;
        if (name == "match_group") {
            if (!m_inAutoFix)
                error(e.range, MessageId::MatchGroupOutsideAutoFix);
            return;
        }
        if (m_contextKeys && m_contextKeys->contains(name))
            return;
        std::vector<std::string_view> candidates(
            keywords::turnVariables.begin(), keywords::turnVariables.end());
        for (const std::string &p : m_parameters)
            candidates.push_back(p);
        const std::string_view suggestion = closestMatch(name, candidates);
        if (suggestion.empty())
            m_diagnostics.push_back(makeDiagnostic(
                Severity::Warning, MessageId::UnknownName, e.range, m_file, {{"name", name}}));
        else
            m_diagnostics.push_back(
                makeDiagnostic(Severity::Warning, MessageId::UnknownNameSuggestion, e.range, m_file,
                    {{"name", name}, {"suggestion", std::string(suggestion)}}));
        if (!suggestion.empty())
            m_diagnostics.back().fixIts.push_back({e.range, std::string(suggestion)});
    }

    void checkCall(const Expr &e)
    {
        const BuiltinInfo *info = findBuiltin(e.text);
        if (!info) {
            static const std::vector<std::string_view> names = builtinNames();
            const std::string_view suggestion = closestMatch(e.text, names);
            if (suggestion.empty())
                error(e.nameRange, MessageId::UnknownFunction, {{"name", e.text}});
            else
                error(e.nameRange, MessageId::UnknownFunction,
                    {{"name", e.text}, {"suggestion", std::string(suggestion)}},
                    MessageId::HintDidYouMean);
            if (!suggestion.empty())
                m_diagnostics.back().fixIts.push_back({e.nameRange, std::string(suggestion)});
            return;
        }
        // Place the arguments at their parameters' positions.
        const std::size_t receiver = e.kind == ExprKind::Method ? 1 : 0;
        std::vector<const Expr *> placed(info->parameters.size(), nullptr);
        std::vector<bool> given(info->parameters.size(), false);
        std::size_t positional = 0;
        if (receiver) {
            if (placed.empty()) {
                arityError(e.range, *info, 1);
                return;
            }
            placed[0] = e.children[0].get();
            given[0] = true;
            positional = 1;
        }
        std::size_t total = receiver;
        bool seenKeyword = false;
        for (std::size_t a = 0; a + receiver < e.children.size(); ++a) {
            const Expr *argument = e.children[a + receiver].get();
            const std::string &keyword =
                a < e.argumentNames.size() ? e.argumentNames[a] : std::string();
            ++total;
            if (keyword.empty()) {
                if (seenKeyword) {
                    error(argument ? argument->range : e.range, MessageId::PositionalAfterKeyword);
                    return;
                }
                if (positional >= placed.size()) {
                    arityError(argument ? argument->range : e.range, *info, e.children.size());
                    return;
                }
                placed[positional] = argument;
                given[positional] = true;
                ++positional;
                continue;
            }
            seenKeyword = true;
            const auto it = std::find_if(info->parameters.begin(), info->parameters.end(),
                [&](const BuiltinParameter &p) { return p.name == keyword; });
            if (it == info->parameters.end()) {
                error(e.argumentNameRanges[a], MessageId::UnknownKeywordArgument,
                    {{"function", std::string(info->name)}, {"parameter", keyword}});
                return;
            }
            const std::size_t index = static_cast<std::size_t>(it - info->parameters.begin());
            if (given[index]) {
                error(e.argumentNameRanges[a], MessageId::KeywordArgumentTwice,
                    {{"function", std::string(info->name)}, {"parameter", keyword}});
                return;
            }
            placed[index] = argument;
            given[index] = true;
        }
        for (std::size_t i = 0; i < info->parameters.size(); ++i) {
            if (!given[i] && !info->parameters[i].optional) {
                arityError(e.range, *info, total);
                return;
            }
        }
        for (std::size_t i = 0; i < placed.size(); ++i) {
            const Expr *argument = placed[i];
            if (!argument)
                continue;
            const TypeMask t = literalType(*argument);
            const BuiltinParameter &p = info->parameters[i];
            if (t && !(t & p.accepts)) {
                error(argument->range, MessageId::ArgumentType,
                    {{"parameter", std::string(p.name)}, {"function", std::string(info->name)},
                        {"accepted", typeList(p.accepts)}, {"actual", typeList(t)}});
                continue;
            }
            if (static_cast<int>(i) == info->patternParameter
                && argument->kind == ExprKind::String) {
                RegexError regexError;
                if (!Regex::validate(argument->text, &regexError)) {
                    error(argument->range, MessageId::InvalidRegex,
                        {{"error", regexError.message},
                            {"offset", std::to_string(regexError.offset)}});
                }
            }
        }
    }

    void arityError(const SourceRange &range, const BuiltinInfo &info, std::size_t given)
    {
        const std::size_t lo = info.minArity(), hi = info.maxArity();
        std::vector<DiagnosticArgument> arguments {{"function", std::string(info.name)}};
        if (lo == hi)
            arguments.push_back({"count", std::to_string(lo)});
        else
            arguments.insert(
                arguments.end(), {{"min", std::to_string(lo)}, {"max", std::to_string(hi)}});
        arguments.push_back({"given", std::to_string(given)});
        arguments.push_back({"signature", std::string(info.signature)});
        const MessageId message = lo == hi ? (hi == 1 ? MessageId::ArityOne : MessageId::Arity)
            : hi == 1                      ? MessageId::ArityRangeOne
                                           : MessageId::ArityRange;
        error(range, message, std::move(arguments));
    }

    void error(const SourceRange &range, MessageId message,
        std::vector<DiagnosticArgument> arguments = {},
        std::optional<MessageId> hint = std::nullopt)
    {
        m_diagnostics.push_back(
            makeDiagnostic(Severity::Error, message, range, m_file, std::move(arguments), hint));
    }

    const std::string &m_file;
    const std::set<std::string, std::less<>> &m_parameters;
    const std::set<std::string, std::less<>> *m_contextKeys;
    std::vector<Diagnostic> &m_diagnostics;
    bool m_temporal = false;
    bool m_inAutoFix = false;
};

} // namespace

void checkFile(const SourceFile &file, const CheckEnvironment &environment,
    std::vector<Diagnostic> &diagnostics)
{
    for (const Contract &contract : file.contracts) {
        readContractSettings(contract, file.path, &diagnostics);
        const std::set<std::string, std::less<>> parameters = environment.parametersOf
            ? environment.parametersOf(contract)
            : std::set<std::string, std::less<>> {};
        ClauseChecker checker(file.path, parameters, environment.knownContextKeys, diagnostics);
        for (const Clause &clause : contract.clauses) {
            const ClauseSettings settings = readClauseSettings(clause, file.path, &diagnostics);
            checker.check(clause.condition.get(), clause.kind == ClauseKind::Temporal, false);
            if (clause.probability) {
                checker.check(clause.probability.get(), false, false);
                const Expr &p = *clause.probability;
                if (literalType(p)
                    && (!isNumberLiteral(&p) || numberOf(p) < 0.0 || numberOf(p) > 1.0))
                    diagnostics.push_back(makeDiagnostic(
                        Severity::Error, MessageId::ProbabilityRange, p.range, file.path));
            }
            if (settings.autoFix)
                checker.check(settings.autoFix, false, true);
            if (settings.confidence)
                checker.check(settings.confidence, false, true);
        }
    }
}

} // namespace llmcl::engine
