// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace llmcl {

// The commit the programs were built from: 12 hex digits, with "-modified" when tracked files
// differed from it, or "" outside a git checkout (cmake/WriteBuildCommit.cmake). Compiled alone
// in buildinfo/buildcommit.cpp, so that a new commit recompiles that one small source and not
// the programs' sources (nor their unity batches).
const char *buildCommit();

} // namespace llmcl
