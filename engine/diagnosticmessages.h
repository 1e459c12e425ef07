// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/diagnostic.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// The English texts of the engine's diagnostics, in one table. Every diagnostic the engine
// raises names its message template and, for an appended hint, a hint template; the variable
// parts travel as named arguments (Diagnostic::arguments). Diagnostic::message is rendered from
// them here and nowhere else, so a user interface can render the same template in another
// language from the same data instead of parsing the English text.
//
// A template id, once published, keeps its arguments and its meaning; a new message shape gets
// a new id. Rewording an English text is fine (translations are keyed by id, not by text).

namespace llmcl::engine {

// One entry per template; the order of the table (diagnosticmessages.cpp), which follows the
// codes of diagnosticcodes.h.
enum class MessageId : std::uint8_t
{
    UnexpectedCharacter,
    UnexpectedCharacters,
    UnexpectedCharacterRun,
    UnterminatedStringAtEndOfFile,
    UnterminatedStringAtEndOfLine,
    UnterminatedRawString,
    UnterminatedBlockComment,
    EscapeNeedsFourDigits,
    EscapeLowSurrogate,
    EscapeHighSurrogate,
    InvalidUtf8Byte,
    InvalidUtf8Bytes,
    IntegerOutOfRange,
    NumberUnderscore,
    NumberExponentWithoutDigits,
    NumberLeadingZeros,
    NumberBinaryWithoutDigits,
    NumberOctalWithoutDigits,
    NumberHexadecimalWithoutDigits,
    NumberInvalidBinaryDigit,
    NumberInvalidOctalDigit,
    NumberInvalidHexadecimalDigit,
    NumberInvalidCharacter,
    Expected,
    ImportsFirst,
    CallOfNonFunction,
    PositionalAfterKeyword,
    ContractNotClosed,
    UnclosedCall,
    UnclosedHeader,
    UnclosedDelimiter,
    NestingTooDeep,
    NestingTooDeepChain,
    TooManyDiagnostics,
    UnknownFunction,
    ArityOne,
    Arity,
    ArityRangeOne,
    ArityRange,
    ArgumentType,
    MapKeyNotString,
    InvalidRegex,
    OptionNotAllowedAn,
    OptionNotAllowedA,
    UnknownClauseOption,
    DuplicateContract,
    ConfidenceRange,
    DescriptionNotString,
    MessageNotString,
    TagsNotStrings,
    ProbabilityRange,
    WindowSizeInvalid,
    WindowSizeTooLarge,
    WithinNotPositive,
    OptionChoices,
    UnknownBase,
    ImportNotFound,
    ImportNotReadable,
    ImportNameNotFound,
    ImportCycle,
    ParameterNotLiteral,
    TemporalOutsideTemporal,
    InheritanceCycle,
    InheritanceIntoCycle,
    InheritanceTooDeep,
    KeywordArgumentTwice,
    UnknownKeywordArgument,
    FileNotReadable,
    MatchGroupOutsideAutoFix,
    UnknownName,
    UnknownNameSuggestion,
    RepeatedOption,
    Contradiction,
    ContradictionMerge,
    ConflictSuppressed,
    RedundantSuppressed,
    RedundantKept,
    // Hints, appended to a message.
    HintDidYouMean,
    HintDidYouMeanQuoted,
    HintOptions,
    HintUseNot,
    HintUseAnd,
    HintUseOr,
    HintNoSeparator,
    HintConditional,
    HintStraightQuotes,
    HintAsciiOnly,
    Count
};

// A template: its stable id ("E2001.unknown-function", hints "hint.did-you-mean"), the code of
// the diagnostics that use it (empty for a hint) and its English text, `{name}` standing for the
// argument `name`. The text is UTF-8, one line, no trailing period.
struct MessageTemplate
{
    MessageId message;
    std::string_view id;
    std::string_view code;
    std::string_view text;
};

// Every template, in MessageId order. Static storage; thread-safe.
std::span<const MessageTemplate> messageTemplates() noexcept;
const MessageTemplate &messageTemplate(MessageId message) noexcept;
// The template with `id`, or nullptr.
const MessageTemplate *findMessageTemplate(std::string_view id) noexcept;

// `text` with each `{name}` replaced by the argument of that name, in one pass (an argument that
// itself contains "{x}" is not expanded again). A placeholder without an argument, and braces
// that are no placeholder ("'}'"), stay as written.
std::string fillMessageTemplate(
    std::string_view text, const std::vector<DiagnosticArgument> &arguments);

// The English message of `diagnostic` from its template, hint and arguments; its `message`
// unchanged when it names no known template.
std::string renderMessage(const Diagnostic &diagnostic);

// A diagnostic of `message`'s code, with its template, hint and arguments, and its English text
// rendered.
Diagnostic makeDiagnostic(Severity severity, MessageId message, const SourceRange &range,
    std::string file, std::vector<DiagnosticArgument> arguments = {},
    std::optional<MessageId> hint = std::nullopt);

} // namespace llmcl::engine
