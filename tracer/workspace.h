// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/result.h"

#include <filesystem>
#include <string_view>
#include <vector>

namespace llmcl::tracer {

// A workspace: a folder of contract files (`*.llmcl`) and captured sessions (`*.jsonl`,
// `*.jsonl.gz`), with its database `llmcl-workspace.db` at the top. The Studio opens one per
// window; the CLI finds the database through it. A plain value: scanning happens in open(),
// which may run on any thread (the Studio scans on a worker).
class Workspace
{
public:
    static constexpr std::string_view kDatabaseFileName = "llmcl-workspace.db";

    // Scans `folder` recursively. Hidden folders (".git") and build trees ("build") are
    // skipped, symbolic links to folders are not followed (no cycles), and the lists come back
    // sorted by path so every run sees the same order. Fails when `folder` does not exist, is
    // not a folder or cannot be listed.
    static engine::Result<Workspace> open(const std::filesystem::path &folder);
    // The absolute, normalised root open() would give `folder`, or why `folder` cannot be a
    // workspace (missing, a file): the same messages as open(), without listing anything (one
    // stat), so a window can report a wrong folder at once and scan it in the background.
    static engine::Result<std::filesystem::path> resolveRoot(const std::filesystem::path &folder);

    const std::filesystem::path &root() const { return m_root; }
    std::filesystem::path databasePath() const { return m_root / kDatabaseFileName; }
    const std::vector<std::filesystem::path> &contractFiles() const { return m_contractFiles; }
    const std::vector<std::filesystem::path> &sessionFiles() const { return m_sessionFiles; }

    static bool isContractFile(const std::filesystem::path &path);
    static bool isSessionFile(const std::filesystem::path &path);

private:
    std::filesystem::path m_root;
    std::vector<std::filesystem::path> m_contractFiles;
    std::vector<std::filesystem::path> m_sessionFiles;
};

} // namespace llmcl::tracer
