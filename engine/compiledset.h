// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/ast.h"
#include "engine/diagnostic.h"

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace llmcl::engine {

namespace detail {
struct CompiledSetData;
}

// What to compile: the files given by the user (each may hold several contracts), resolved
// with their imports into one contract set.
struct CompileRequest
{
    // Paths of the contract files, as the user gave them (diagnostics name them so).
    std::vector<std::string> files;
    // Unsaved editor buffers: path → text, used instead of the file on disk. Keys are compared
    // after std::filesystem::path::lexically_normal().
    std::map<std::string, std::string> overrides;
    // Folders searched for `import x` after the importing file's own folder, in order.
    std::vector<std::string> includePath;
    // Context keys known from a schema or a sample: identifiers that name one of them get no
    // "unknown name" warning.
    std::set<std::string, std::less<>> knownContextKeys;
};

// An immutable, compiled contract set: every active contract with its clauses in evaluation
// order, literals interned, names resolved to slots and regexes JIT-compiled. Build it once,
// then evaluate any number of turns from any number of threads (each thread with its own
// Evaluator).
class CompiledSet
{
public:
    explicit CompiledSet(std::unique_ptr<detail::CompiledSetData> data);
    ~CompiledSet();
    CompiledSet(const CompiledSet &) = delete;
    CompiledSet &operator=(const CompiledSet &) = delete;

    // Contract names in evaluation order (priority, then load order); bases are not listed.
    std::vector<std::string> activeContracts() const;
    std::size_t clauseCount() const noexcept;

    // A clause as tools list it (coverage reports, outlines), in evaluation order; the views
    // live as long as the set.
    struct ClauseInfo
    {
        std::string_view id; // "<Contract>#<n>"
        std::string_view contract; // the active contract it runs for
        ClauseKind kind = ClauseKind::Ensure;
        bool hasAutoFix = false;
    };
    std::vector<ClauseInfo> clauses() const;

    const detail::CompiledSetData &data() const noexcept { return *m_data; }

private:
    std::unique_ptr<detail::CompiledSetData> m_data;
};

struct CompileResult
{
    // Null when any diagnostic is an error.
    std::shared_ptr<const CompiledSet> set;
    // Every file's diagnostics (lexer, parser, imports, checker), sorted by file then offset.
    std::vector<Diagnostic> diagnostics;
    // The parsed files, the given ones first, then imported ones in load order.
    std::vector<std::shared_ptr<const SourceFile>> files;
    // The text each parsed file had (same order as files), so diagnostics can be rendered.
    std::vector<std::shared_ptr<const std::string>> texts;

    bool hasErrors() const noexcept;
    // The text `file` had (the one a diagnostic of it refers to); empty when it was not read.
    std::string_view sourceText(std::string_view file) const noexcept;
};

// Reads, parses, resolves, checks and compiles. Never throws; unreadable files and bad input
// are diagnostics (an unreadable file given directly is an error diagnostic at 1:1 of it).
// Thread-safe: touches no shared state (it may run on a pool thread while the GUI types).
CompileResult compileContracts(const CompileRequest &request);

} // namespace llmcl::engine
