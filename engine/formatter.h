// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/diagnostic.h"

#include <string>
#include <string_view>
#include <vector>

namespace llmcl::engine {

struct FormatOptions
{
    // Spaces per indentation level: a clause is indented one level, a clause option two.
    // The formatter never writes tabs.
    int indentWidth = 4;
};

struct FormatResult
{
    // The formatted source; the input unchanged when diagnostics holds an error.
    std::string text;
    // text != the input.
    bool changed = false;
    // The lexer's diagnostics, or the parser's when the source lexes but does not parse. An
    // error among them means the source was not formatted: a formatter must never guess at
    // the shape of text it cannot lex or parse.
    std::vector<Diagnostic> diagnostics;
};

// `llmcl fmt`: the canonical layout of LLMCL source (docs/language-decisions.md, "Formatting").
//
// The formatter works on the token stream, not on a syntax tree, so it cannot change what a
// file means: it keeps every token, comments included, in order, and only chooses the
// whitespace between them. A source with a lexical or syntax error is returned unchanged with
// the errors. The result is idempotent: formatSource(formatSource(x).text).text ==
// formatSource(x).text for every x.
//
// Output: UTF-8 with LF line endings (CRLF becomes LF, also inside block comments and raw
// strings, whose values do not change by it), no leading byte order mark, no trailing
// whitespace outside raw strings, and exactly one '\n' at the end (nothing at all for a
// source without tokens).
//
// `file` is copied into Diagnostic::file. Pure and thread-safe; linear in the source size.
FormatResult formatSource(
    std::string_view source, const FormatOptions &options = {}, std::string file = {});

} // namespace llmcl::engine
