// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/ast.h"
#include "engine/compiledset.h"
#include "engine/diagnostic.h"
#include "engine/sourcelocation.h"
#include "engine/token.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace llmcl::engine {

// One entry of a document's outline.
struct DocumentSymbol
{
    enum class Kind : std::uint8_t
    {
        Contract,
        Clause,
        Parameter,
        Import
    };
    Kind kind = Kind::Contract;
    // "ChatbotSafety", "ChatbotSafety#2 ensure", "max_input", "safety".
    std::string name;
    // Contract: "priority critical, extends Base"; clause: its condition as printExpression()
    // prints it (long literals elided); parameter: its value; import: the import line.
    std::string detail;
    SourceRange range; // the whole construct
    SourceRange selectionRange; // the name (a clause: its keyword)
    std::vector<DocumentSymbol> children; // a contract's parameters, then its clauses
};

struct CompletionItem
{
    enum class Kind : std::uint8_t
    {
        Keyword,
        Function,
        Variable,
        Parameter,
        ContextKey,
        ClauseOption,
        OptionValue,
        Contract,
        Module
    };
    std::string label;
    std::string detail; // functions: the signature; others: a short qualifier
    std::string documentation; // one line
    std::string insertText; // replaces the identifier prefix before the cursor
    Kind kind = Kind::Keyword;
};

struct HoverInfo
{
    SourceRange range; // what the hover is about (a token, or a diagnostic's range)
    std::string markdown;
};

struct Location
{
    std::string file; // as the compile request names it (the document: its `path`)
    SourceRange range;
};

namespace detail {
struct LanguageServiceData;
}

// Editor intelligence for one LLMCL document: diagnostics, tokens, outline, completion, hover and
// go-to-definition (LANGUAGE.md throughout).
//
// Positions: every offset is a UTF-8 byte offset into the analysed text (0-based); lines and
// columns in the returned ranges are 1-based as in sourcelocation.h. An offset past the end is
// treated as the end; every query accepts any offset, even inside a comment, a string or a
// multi-byte sequence, and returns an empty list or nullopt when it has nothing to say.
//
// Ownership and threads: analyse() does all the work (lexing, parsing, imports, checking, the
// file-system look-ups for imports and module names) and returns an immutable value that owns
// a copy of the text. The queries are const, never touch the file system and may be called from
// any number of threads at once. Copying and moving are cheap (the analysis is shared and
// immutable; a moved-from service keeps answering); copies and moves keep the views of
// tokens() valid. A default-constructed service is the analysis of an empty, unnamed document.
//
// Cost: analyse() is linear in the text (plus the imported files); completionsAt(), hoverAt()
// and definitionAt() are a binary search over the tokens plus work proportional to the number of
// candidates (completion) or of the document's diagnostics (hover): never a re-parse, never I/O.
//
// Errors: none escape; problems in the text are diagnostics, unreadable imports are the
// diagnostics compileContracts() gives.
class LanguageService
{
public:
    LanguageService();
    ~LanguageService();
    LanguageService(const LanguageService &);
    LanguageService &operator=(const LanguageService &);
    LanguageService(LanguageService &&) noexcept;
    LanguageService &operator=(LanguageService &&) noexcept;

    // Analyses the editor buffer `text` of the document `path`. `request` supplies the other
    // open buffers (overrides), the include path and knownContextKeys; `text` is added as the
    // override of `path`, and `path` is compiled first, followed by request.files (other files
    // of the same evaluation, if any). The diagnostics are therefore exactly those
    // compileContracts() — and `llmcl check path` — gives for this document.
    //
    // With `keepCompiledSet` false, compileResult().set is released before analyse() returns
    // (null, as after errors; everything else is the same): for holders of many analyses that
    // evaluate none of them, such as `llmcl lsp` with many open files, where the compiled set
    // is about a fifth of an analysis's memory.
    static LanguageService analyse(std::string path, std::string text, CompileRequest request = {},
        bool keepCompiledSet = true);

    const std::string &path() const noexcept;
    const std::string &text() const noexcept;

    // This document's diagnostics (lexer, parser, imports, checker, conflicts), sorted by offset.
    const std::vector<Diagnostic> &diagnostics() const noexcept;

    // The document's parse tree.
    const SourceFile &sourceFile() const noexcept;

    // Everything compileContracts() returned: the compiled set when there are no errors, the
    // diagnostics of every loaded file, the imported files and their texts.
    const CompileResult &compileResult() const noexcept;

    // Every token of the text, comments included, EndOfFile last: for highlighting. The views
    // point into this service's copy of the text, valid while any copy of the service lives.
    std::vector<Token> tokens() const;

    // Imports, then contracts (children: parameters, then clauses), in source order.
    std::vector<DocumentSymbol> documentSymbols() const;

    // What may be typed at `offset`, judged from the tokens before it (the text may be broken),
    // filtered by the identifier prefix that ends at `offset` (case-insensitive prefix match)
    // and sorted: labels that start with the prefix in the same case first, then the groups
    // most specific to the context, then by label. Nothing inside comments and strings.
    std::vector<CompletionItem> completionsAt(std::size_t offset) const;

    // Markdown about the token at `offset` (built-in, turn variable, parameter, contract, clause
    // keyword, option, module), followed by the messages of the diagnostics whose ranges
    // contain `offset`.
    std::optional<HoverInfo> hoverAt(std::size_t offset) const;

    // Where the name at `offset` is defined: a contract name (declaration, `extends X`,
    // `from m import X`) → its name; a parameter used in a clause → its header option; the
    // module name of an import → that file at 1:1 (an empty range).
    std::optional<Location> definitionAt(std::size_t offset) const;

private:
    std::shared_ptr<const detail::LanguageServiceData> m_data;
};

} // namespace llmcl::engine
