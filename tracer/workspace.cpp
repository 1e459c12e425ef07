// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tracer/workspace.h"

#include <algorithm>
#include <system_error>

namespace llmcl::tracer {

namespace fs = std::filesystem;

namespace {

bool endsWith(std::string_view text, std::string_view suffix)
{
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool isSkippedFolder(const fs::path &path)
{
    const std::string name = path.filename().string();
    return name.starts_with('.') || name == "build" || name == "node_modules";
}

} // namespace

bool Workspace::isContractFile(const fs::path &path)
{
    return path.extension() == ".llmcl";
}

bool Workspace::isSessionFile(const fs::path &path)
{
    const std::string name = path.filename().string();
    return endsWith(name, ".jsonl") || endsWith(name, ".jsonl.gz");
}

engine::Result<fs::path> Workspace::resolveRoot(const fs::path &folder)
{
    std::error_code ec;
    const fs::file_status status = fs::status(folder, ec);
    if (ec || !fs::exists(status))
        return engine::Error {folder.string() + ": no such folder"};
    if (!fs::is_directory(status))
        return engine::Error {folder.string() + ": is a file, not a workspace folder"};
    fs::path root = fs::absolute(folder, ec).lexically_normal();
    if (ec)
        return engine::Error {folder.string() + ": " + ec.message()};
    return root;
}

engine::Result<Workspace> Workspace::open(const fs::path &folder)
{
    auto root = resolveRoot(folder);
    if (!root)
        return root.error();

    Workspace workspace;
    workspace.m_root = std::move(root).value();
    std::error_code ec;

    fs::recursive_directory_iterator it(
        workspace.m_root, fs::directory_options::skip_permission_denied, ec);
    if (ec)
        return engine::Error {folder.string() + ": cannot be listed: " + ec.message()};
    for (const fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
        if (ec)
            return engine::Error {folder.string() + ": cannot be listed: " + ec.message()};
        const fs::directory_entry &entry = *it;
        std::error_code typeError;
        if (entry.is_directory(typeError)) {
            if (isSkippedFolder(entry.path()) || entry.is_symlink(typeError))
                it.disable_recursion_pending();
            continue;
        }
        if (!entry.is_regular_file(typeError))
            continue;
        if (isContractFile(entry.path()))
            workspace.m_contractFiles.push_back(entry.path());
        else if (isSessionFile(entry.path()))
            workspace.m_sessionFiles.push_back(entry.path());
    }
    std::ranges::sort(workspace.m_contractFiles);
    std::ranges::sort(workspace.m_sessionFiles);
    return workspace;
}

} // namespace llmcl::tracer
