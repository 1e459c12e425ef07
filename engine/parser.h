// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/ast.h"
#include "engine/limits.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace llmcl::engine {

struct ParseOptions
{
    std::string file; // copied into every diagnostic and SourceFile::path
    // Expressions nested deeper or taller than this are one E1103 diagnostic, never a stack
    // overflow (limits.h says how levels count).
    int maxNestingDepth = limits::kNestingDepth;
    // At most this many diagnostics per file (lexer and parser together); then one E1104 note.
    std::size_t maxDiagnostics = limits::kDiagnosticsPerFile;
};

// Parses one LLMCL file (LANGUAGE.md §1–§4, §7) by recursive descent.
//
// Errors: every lexical and syntax problem becomes a diagnostic; after a syntax error the
// parser skips to the next clause keyword, closing brace or `contract` and goes on, so one
// typo yields one diagnostic. Tokens the lexer already reported (Error tokens) are not
// reported again. The tree keeps every clause and contract it could recognise; a condition
// that failed to parse is nullptr.
//
// Cost: linear in the size of the source. Thread-safe (pure). The result does not refer to
// `source`.
SourceFile parseSource(std::string_view source, const ParseOptions &options = {});

} // namespace llmcl::engine
