// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/diagnosticmessages.h"

#include "engine/diagnosticcodes.h"

#include <algorithm>
#include <array>

namespace llmcl::engine {

namespace {

using M = MessageId;

// clang-format off
constexpr std::array<MessageTemplate, static_cast<std::size_t>(MessageId::Count)> kTemplates = {{
    {M::UnexpectedCharacter, "E1001.character", codes::unexpectedCharacter,
        "unexpected character {character}"},
    {M::UnexpectedCharacters, "E1001.characters", codes::unexpectedCharacter,
        "unexpected characters '{characters}'"},
    {M::UnexpectedCharacterRun, "E1001.run", codes::unexpectedCharacter,
        "{count} unexpected characters, starting with {character}"},
    {M::UnterminatedStringAtEndOfFile, "E1002.end-of-file", codes::unterminatedString,
        "unterminated string literal: missing closing {quote} before the end of the file"},
    {M::UnterminatedStringAtEndOfLine, "E1002.end-of-line", codes::unterminatedString,
        "unterminated string literal: missing closing {quote} before the end of the line"},
    {M::UnterminatedRawString, "E1002.raw", codes::unterminatedString,
        "unterminated raw string literal: missing closing {quote} before the end of the file"},
    {M::UnterminatedBlockComment, "E1003", codes::unterminatedBlockComment,
        "unterminated block comment: missing */ before the end of the file"},
    {M::EscapeNeedsFourDigits, "E1004.digits", codes::invalidEscape,
        "invalid \\u escape: \\u needs exactly 4 hexadecimal digits"},
    {M::EscapeLowSurrogate, "E1004.low-surrogate", codes::invalidEscape,
        "invalid \\u escape: \\u{hex} is a low surrogate without a high surrogate before it"},
    {M::EscapeHighSurrogate, "E1004.high-surrogate", codes::invalidEscape,
        "invalid \\u escape: \\u{hex} is a high surrogate that must be followed by a low "
        "surrogate escape (\\uDC00 to \\uDFFF)"},
    {M::InvalidUtf8Byte, "E1005.byte", codes::invalidUtf8, "invalid UTF-8: byte {bytes}"},
    {M::InvalidUtf8Bytes, "E1005.bytes", codes::invalidUtf8, "invalid UTF-8: bytes {bytes}"},
    {M::IntegerOutOfRange, "E1006", codes::integerOutOfRange,
        "integer literal out of range: integers are 64-bit, at most 9223372036854775807"},
    {M::NumberUnderscore, "E1007.underscore", codes::malformedNumber,
        "malformed number: '_' is allowed only between digits"},
    {M::NumberExponentWithoutDigits, "E1007.exponent", codes::malformedNumber,
        "malformed number: the exponent has no digits"},
    {M::NumberLeadingZeros, "E1007.leading-zeros", codes::malformedNumber,
        "malformed number: leading zeros are not allowed in a decimal integer (use 0o for octal)"},
    {M::NumberBinaryWithoutDigits, "E1007.binary-no-digits", codes::malformedNumber,
        "malformed number: binary literal has no digits"},
    {M::NumberOctalWithoutDigits, "E1007.octal-no-digits", codes::malformedNumber,
        "malformed number: octal literal has no digits"},
    {M::NumberHexadecimalWithoutDigits, "E1007.hexadecimal-no-digits", codes::malformedNumber,
        "malformed number: hexadecimal literal has no digits"},
    {M::NumberInvalidBinaryDigit, "E1007.binary-digit", codes::malformedNumber,
        "malformed number: invalid digit '{digit}' in binary literal"},
    {M::NumberInvalidOctalDigit, "E1007.octal-digit", codes::malformedNumber,
        "malformed number: invalid digit '{digit}' in octal literal"},
    {M::NumberInvalidHexadecimalDigit, "E1007.hexadecimal-digit", codes::malformedNumber,
        "malformed number: invalid digit '{digit}' in hexadecimal literal"},
    {M::NumberInvalidCharacter, "E1007.character", codes::malformedNumber,
        "malformed number: invalid character '{character}' in number literal"},
    {M::Expected, "E1101.expected", codes::unexpectedToken, "expected {expected}, found {found}"},
    {M::ImportsFirst, "E1101.imports-first", codes::unexpectedToken,
        "imports must come before the first contract"},
    {M::CallOfNonFunction, "E1101.call-of-non-function", codes::unexpectedToken,
        "only functions can be called: a call needs a function name before '('"},
    {M::PositionalAfterKeyword, "E1101.positional-after-keyword", codes::unexpectedToken,
        "a positional argument cannot follow a keyword argument"},
    {M::ContractNotClosed, "E1102.contract", codes::unclosedDelimiter,
        "contract '{name}' is not closed with '}'"},
    {M::UnclosedCall, "E1102.call", codes::unclosedDelimiter, "unclosed '(' of a call"},
    {M::UnclosedHeader, "E1102.header", codes::unclosedDelimiter,
        "unclosed '(' of the contract header"},
    {M::UnclosedDelimiter, "E1102.delimiter", codes::unclosedDelimiter,
        "unclosed '{delimiter}'"},
    {M::NestingTooDeep, "E1103", codes::nestingTooDeep,
        "expression nested too deeply (more than {limit} levels)"},
    {M::NestingTooDeepChain, "E1103.chain", codes::nestingTooDeep,
        "expression nested too deeply (more than {limit} levels; each operator of an arithmetic, "
        "member, index or call chain is a level, a chain of 'and', 'or' or comparisons is one)"},
    {M::TooManyDiagnostics, "E1104", codes::tooManyDiagnostics,
        "too many problems in this file; the rest are not reported"},
    {M::UnknownFunction, "E2001", codes::unknownFunction, "unknown function '{name}'"},
    {M::ArityOne, "E2002.one", codes::wrongArity,
        "{function}() takes {count} argument, {given} given ({signature})"},
    {M::Arity, "E2002", codes::wrongArity,
        "{function}() takes {count} arguments, {given} given ({signature})"},
    {M::ArityRangeOne, "E2002.range-one", codes::wrongArity,
        "{function}() takes {min} to {max} argument, {given} given ({signature})"},
    {M::ArityRange, "E2002.range", codes::wrongArity,
        "{function}() takes {min} to {max} arguments, {given} given ({signature})"},
    {M::ArgumentType, "E2003", codes::argumentType,
        "argument '{parameter}' of {function}() must be {accepted}, not {actual}"},
    {M::MapKeyNotString, "E2003.map-key", codes::argumentType, "map keys must be strings"},
    {M::InvalidRegex, "E2004", codes::invalidRegex,
        "invalid regular expression: {error} (at offset {offset} of the pattern)"},
    {M::OptionNotAllowedAn, "E2005.an", codes::optionNotAllowed,
        "option '{option}' is not allowed on an {kind} clause"},
    {M::OptionNotAllowedA, "E2005.a", codes::optionNotAllowed,
        "option '{option}' is not allowed on a {kind} clause"},
    {M::UnknownClauseOption, "E2005.unknown", codes::optionNotAllowed,
        "unknown clause option '{option}'"},
    {M::DuplicateContract, "E2006", codes::duplicateContract,
        "contract '{name}' is defined more than once"},
    {M::ConfidenceRange, "E2007.confidence", codes::invalidOptionValue,
        "confidence must be a number between 0 and 1"},
    {M::DescriptionNotString, "E2007.description", codes::invalidOptionValue,
        "description must be a string"},
    {M::MessageNotString, "E2007.message", codes::invalidOptionValue,
        "message must be a string literal"},
    {M::TagsNotStrings, "E2007.tags", codes::invalidOptionValue,
        "tags must be a list of string literals, e.g. [\"pii\", \"format\"]"},
    {M::ProbabilityRange, "E2007.probability", codes::invalidOptionValue,
        "the target probability of ensure_prob must be a number between 0 and 1"},
    {M::WindowSizeInvalid, "E2007.window-size", codes::invalidOptionValue,
        "window_size must be a positive integer, session or global"},
    {M::WindowSizeTooLarge, "E2007.window-size-maximum", codes::invalidOptionValue,
        "window_size must be at most {maximum} results (use session or global for longer windows)"},
    {M::WithinNotPositive, "E2007.within", codes::invalidOptionValue,
        "within needs a positive number of turns"},
    {M::OptionChoices, "E2007.choices", codes::invalidOptionValue, "{option} must be {choices}"},
    {M::UnknownBase, "E2008", codes::unknownBase,
        "contract '{name}' extends '{base}', but no contract of that name is loaded"},
    {M::ImportNotFound, "E2009", codes::importNotFound,
        "cannot find module '{module}' (looked for {searched})"},
    {M::ImportNotReadable, "E2009.unreadable", codes::importNotFound,
        "cannot read {path}: {error}"},
    {M::ImportNameNotFound, "E2010", codes::importNameNotFound,
        "module '{module}' has no contract '{name}'"},
    {M::ImportCycle, "E2011", codes::importCycle,
        "import cycle: {path} imports this file again, directly or through other imports"},
    {M::ParameterNotLiteral, "E2012", codes::parameterNotLiteral,
        "parameter '{name}' needs a literal value (a number, string, true, false, null, or a list "
        "or map of literals)"},
    {M::TemporalOutsideTemporal, "E2013", codes::temporalOutsideTemporal,
        "temporal operators (always, eventually, next, within, until, since) are only allowed in "
        "a temporal clause"},
    {M::InheritanceCycle, "E2014", codes::inheritanceCycle,
        "contract '{name}' extends itself through its bases"},
    {M::InheritanceIntoCycle, "E2014.into", codes::inheritanceCycle,
        "contract '{name}' extends '{base}', whose bases extend each other in a cycle"},
    {M::InheritanceTooDeep, "E2014.depth", codes::inheritanceCycle,
        "contract '{name}' has more than {limit} bases above it (extends chains are limited to "
        "{limit})"},
    {M::KeywordArgumentTwice, "E2015.twice", codes::unknownKeywordArgument,
        "{function}() got parameter '{parameter}' twice"},
    {M::UnknownKeywordArgument, "E2015", codes::unknownKeywordArgument,
        "{function}() has no parameter '{parameter}'"},
    {M::FileNotReadable, "E2016", codes::fileNotReadable, "cannot read {path}: {error}"},
    {M::MatchGroupOutsideAutoFix, "E2017", codes::invalidMatchGroupUse,
        "match_group is only available inside auto_fix"},
    {M::UnknownName, "W2001", codes::unknownName,
        "unknown name '{name}': not a variable or parameter, so it is read from the context at "
        "run time (an error if the context has no such key)"},
    {M::UnknownNameSuggestion, "W2001.suggestion", codes::unknownName,
        "unknown name '{name}'; did you mean '{suggestion}'? (otherwise it is read from the "
        "context at run time)"},
    {M::RepeatedOption, "W2002", codes::repeatedOption,
        "option '{option}' is given more than once; the last one wins"},
    {M::Contradiction, "E3001", codes::contradictoryClauses,
        "{first} and {second} contradict: {explanation}; conflict_resolution = fail_on_conflict "
        "makes this an error"},
    {M::ContradictionMerge, "E3002", codes::contradictoryMerge,
        "{first} and {second} contradict: {explanation}; conflict_resolution = merge keeps both, "
        "so no text can pass"},
    {M::ConflictSuppressed, "W3001", codes::conflictSuppressed,
        "{suppressed} is suppressed: it contradicts {kept} ({explanation}); {rule}"},
    {M::RedundantSuppressed, "W3002.suppressed", codes::redundantClause,
        "{redundant} is redundant beside {other} ({explanation}); {suppressed} is suppressed "
        "({rule})"},
    {M::RedundantKept, "W3002.kept", codes::redundantClause,
        "{redundant} is redundant beside {other} ({explanation}); {kept}"},
    {M::HintDidYouMean, "hint.did-you-mean", {}, "; did you mean {suggestion}?"},
    {M::HintDidYouMeanQuoted, "hint.did-you-mean-quoted", {}, "; did you mean '{suggestion}'?"},
    {M::HintOptions, "hint.options", {}, " (options: {options})"},
    {M::HintUseNot, "hint.use-not", {}, "; use 'not' for negation"},
    {M::HintUseAnd, "hint.use-and", {}, "; use 'and'"},
    {M::HintUseOr, "hint.use-or", {}, "; use 'or'"},
    {M::HintNoSeparator, "hint.no-separator", {}, "; clauses need no separator"},
    {M::HintConditional, "hint.conditional", {}, "; use 'if C then A else B'"},
    {M::HintStraightQuotes, "hint.straight-quotes", {}, "; strings use straight quotes \" or '"},
    {M::HintAsciiOnly, "hint.ascii-only", {}, "; outside strings and comments only ASCII is allowed"},
}};
// clang-format on

constexpr bool inOrder()
{
    for (std::size_t i = 0; i < kTemplates.size(); ++i)
        if (static_cast<std::size_t>(kTemplates[i].message) != i)
            return false;
    return true;
}
static_assert(inOrder(), "kTemplates must list the templates in MessageId order");

bool isNameCharacter(char c) noexcept
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

} // namespace

std::span<const MessageTemplate> messageTemplates() noexcept
{
    return kTemplates;
}

const MessageTemplate &messageTemplate(MessageId message) noexcept
{
    return kTemplates[static_cast<std::size_t>(message)];
}

const MessageTemplate *findMessageTemplate(std::string_view id) noexcept
{
    const auto it = std::find_if(
        kTemplates.begin(), kTemplates.end(), [&](const MessageTemplate &t) { return t.id == id; });
    return it == kTemplates.end() ? nullptr : &*it;
}

std::string fillMessageTemplate(
    std::string_view text, const std::vector<DiagnosticArgument> &arguments)
{
    std::string out;
    out.reserve(text.size() + 32);
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '{') {
            std::size_t end = i + 1;
            while (end < text.size() && isNameCharacter(text[end]))
                ++end;
            if (end > i + 1 && end < text.size() && text[end] == '}') {
                const std::string_view name = text.substr(i + 1, end - i - 1);
                const auto it = std::find_if(arguments.begin(), arguments.end(),
                    [&](const DiagnosticArgument &a) { return a.name == name; });
                if (it != arguments.end()) {
                    out += it->value;
                    i = end;
                    continue;
                }
            }
        }
        out += text[i];
    }
    return out;
}

std::string renderMessage(const Diagnostic &diagnostic)
{
    const MessageTemplate *message = findMessageTemplate(diagnostic.templateId);
    if (!message)
        return diagnostic.message;
    std::string text = fillMessageTemplate(message->text, diagnostic.arguments);
    if (const MessageTemplate *hint = findMessageTemplate(diagnostic.hintId))
        text += fillMessageTemplate(hint->text, diagnostic.arguments);
    return text;
}

Diagnostic makeDiagnostic(Severity severity, MessageId message, const SourceRange &range,
    std::string file, std::vector<DiagnosticArgument> arguments, std::optional<MessageId> hint)
{
    const MessageTemplate &t = messageTemplate(message);
    Diagnostic d;
    d.severity = severity;
    d.code = std::string(t.code);
    d.range = range;
    d.file = std::move(file);
    d.templateId = std::string(t.id);
    if (hint)
        d.hintId = std::string(messageTemplate(*hint).id);
    d.arguments = std::move(arguments);
    d.message = renderMessage(d);
    return d;
}

} // namespace llmcl::engine
