// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/sourceloader.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace llmcl::engine::detail {

namespace fs = std::filesystem;

SourceLoader::SourceLoader(const std::map<std::string, std::string> &overrides,
    const std::vector<std::string> &includePath)
    : m_includePath(includePath)
{
    // The first spelling of a file wins, as std::map orders them.
    for (const auto &[path, text] : overrides)
        m_overrides.emplace(normalKey(path), &text);
}

std::string SourceLoader::normalKey(const std::string &path)
{
    std::error_code ec;
    fs::path p = fs::absolute(fs::path(path), ec);
    if (ec)
        p = fs::path(path);
    return p.lexically_normal().string();
}

bool SourceLoader::exists(const std::string &key) const
{
    if (m_overrides.contains(key))
        return true;
    std::error_code ec;
    return fs::is_regular_file(key, ec);
}

bool SourceLoader::read(
    const std::string &key, const std::string &path, std::string &text, std::string &error) const
{
    if (auto it = m_overrides.find(key); it != m_overrides.end()) {
        text = *it->second;
        return true;
    }
    std::error_code ec;
    if (fs::is_directory(key, ec)) {
        error = "is a directory";
        return false;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = std::strerror(errno);
        return false;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) {
        error = "read error";
        return false;
    }
    text = std::move(buffer).str();
    return true;
}

SourceLoader::Module SourceLoader::findModule(
    std::string_view module, const std::string &importer) const
{
    const std::string fileName = std::string(module) + ".llmcl";
    std::vector<fs::path> candidates {fs::path(importer).parent_path() / fileName};
    for (const std::string &dir : m_includePath)
        candidates.push_back(fs::path(dir) / fileName);
    Module found;
    for (const fs::path &candidate : candidates) {
        found.searched.push_back(candidate.lexically_normal().string());
        if (!found.path.empty())
            continue;
        const std::string key = normalKey(candidate.string());
        if (exists(key)) {
            found.path = found.searched.back();
            found.key = key;
        }
    }
    return found;
}

} // namespace llmcl::engine::detail
