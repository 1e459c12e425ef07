// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

// Where contract files come from (engine internal): the one place that reads them and resolves
// `import x`, shared by compileContracts() and the language service so that both see the same
// files.

namespace llmcl::engine::detail {

// Unsaved buffers (`overrides`, path → text) win over the file system; `import x` is searched
// in the importing file's folder, then in `includePath` in order. Keeps references to both
// arguments, which must outlive it. Reads only; not thread-safe.
class SourceLoader
{
public:
    SourceLoader(const std::map<std::string, std::string> &overrides,
        const std::vector<std::string> &includePath);

    // The absolute, lexically normal form of `path`: how files are compared (an import found
    // twice under two spellings is one file).
    static std::string normalKey(const std::string &path);

    // Whether `key` (a normalKey()) is an unsaved buffer or a regular file.
    bool exists(const std::string &key) const;

    // The text of `path` (whose normalKey() is `key`), or false with `error` set to the cause
    // ("is a directory", the system's message).
    bool read(const std::string &key, const std::string &path, std::string &text,
        std::string &error) const;

    struct Module
    {
        std::string path; // lexically normal; empty when no candidate exists
        std::string key; // normalKey(path)
        std::vector<std::string> searched; // every candidate in search order, lexically normal
    };

    // The file `import module` names in the file at `importer`.
    Module findModule(std::string_view module, const std::string &importer) const;

private:
    std::map<std::string, const std::string *> m_overrides; // by normalKey()
    const std::vector<std::string> &m_includePath;
};

} // namespace llmcl::engine::detail
