// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/sourcelocation.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace llmcl::engine {

enum class Severity : std::uint8_t
{
    Error,
    Warning,
    Info
};

// "error", "warning" or "info": the spelling for JSON and user interfaces.
std::string_view severityName(Severity severity) noexcept;

// Another place a diagnostic refers to (the other clause of a conflict, a previous definition).
struct RelatedLocation
{
    std::string file;
    SourceRange range;
    std::string message;

    friend bool operator==(const RelatedLocation &, const RelatedLocation &) = default;
};

// A suggested edit that resolves a diagnostic: replace `range` (in the diagnostic's file) with
// `replacement`.
struct FixIt
{
    SourceRange range;
    std::string replacement;

    friend bool operator==(const FixIt &, const FixIt &) = default;
};

// A variable part of a diagnostic's message: a name, a type, a suggestion, … (UTF-8).
struct DiagnosticArgument
{
    std::string name; // the placeholder of the message template, e.g. "name" for {name}
    std::string value;

    friend bool operator==(const DiagnosticArgument &, const DiagnosticArgument &) = default;
};

// A problem in the user's contract text: data, never an exception. Plain value type, movable
// and copyable, safe to hand to another thread. The codes are listed in diagnosticcodes.h.
struct Diagnostic
{
    Severity severity = Severity::Error;
    std::string code; // stable, e.g. "E1002"
    std::string message; // UTF-8, one line, no trailing period; English
    // The message as data (diagnosticmessages.h): its template, an appended hint's template
    // (may be empty) and the arguments of both. A user interface translates from these; the
    // message above is their English rendering. Empty templateId: a message without a template.
    std::string templateId; // e.g. "E2001"; "E2005.unknown" where a code has several shapes
    std::string hintId; // e.g. "hint.did-you-mean"
    std::vector<DiagnosticArgument> arguments;
    SourceRange range; // byte offsets and 1-based line/column, see sourcelocation.h
    std::string file; // as given by the caller; may be empty
    std::vector<RelatedLocation> related;
    std::vector<FixIt> fixIts;

    friend bool operator==(const Diagnostic &, const Diagnostic &) = default;
};

// A diagnostic without related locations or fix-its, and without a message template (the
// engine's own diagnostics use the makeDiagnostic() of diagnosticmessages.h).
Diagnostic makeDiagnostic(Severity severity, std::string_view code, const SourceRange &range,
    std::string file, std::string message);

// The rendering functions below are pure and thread-safe; columns are 1-based code points.

// The first line of the GCC-style rendering, without a newline:
//   "file:line:col: error[E1002]: message"
// An empty file renders as "<input>"; Severity::Info renders as "note", the word GCC-format
// parsers (IDEs, CI problem matchers) recognise.
std::string formatDiagnosticHeader(const Diagnostic &diagnostic);

// The full GCC-style rendering: the header line, the source line the range starts on and a
// caret line under the range, each ending in '\n':
//
//   contract.llmcl:3:13: error[E1002]: unterminated string literal
//       message: "Too long
//                ^~~~~~~~~
//
// `source` must be the text the diagnostic's range refers to; when the range lies outside it,
// only the header line is rendered. Invalid UTF-8 and control characters in the quoted line
// are shown as U+FFFD, so the output is valid UTF-8 and safe to print on a terminal.
//
// A line wider than 120 terminal cells (a tab counts as one) is quoted as a window of at most
// 120 cells, cut at code point boundaries and marked "…" where cut: the range centred when it
// fits, otherwise its start with up to 16 cells before it and a '~' under the closing "…". The
// caret line stays aligned under the window (a space under a leading "…"); columns in the
// header are the range's own. For instance (shortened):
//
//   long.llmcl:2:100031: warning[W2001]: unknown name 'not_a_key': …
//   …xxxxxxxxxxxxxxxxxxxxxxxxxx" and not_a_key == 1
//                                    ^~~~~~~~~
std::string formatDiagnostic(const Diagnostic &diagnostic, std::string_view source);

// "2 errors, 1 warning", "1 note", or "no problems": what `llmcl` and the Python package's
// ContractError say after the diagnostics.
std::string diagnosticSummary(std::span<const Diagnostic> diagnostics);

// The line of source that contains byte `offset` (0-based), without its "\n" or "\r\n".
// An offset at or past the end gives the last line.
std::string_view sourceLineAt(std::string_view source, std::size_t offset) noexcept;

// The line to print under `line` (the text of one source line) to mark columns
// [beginColumn, endColumn) (1-based, code points): '^' under the first, '~' under the others,
// one '^' for an empty range. Tabs before the caret are kept so that the caret lines up
// whatever the tab width; wide characters (CJK, emoji) take two cells.
std::string caretLine(std::string_view line, std::uint32_t beginColumn, std::uint32_t endColumn);

} // namespace llmcl::engine
