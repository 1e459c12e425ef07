// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/compiledset.h"
#include "engine/result.h"

#include <iosfwd>
#include <span>
#include <string>
#include <string_view>

// File access for the commands. Failures are engine::Error values whose message names the file
// and the cause ("contract.llmcl: No such file or directory"), ready to print after "llmcl: ".
// Nothing here throws.

namespace llmcl::cli {

// The whole content of the file at `path`, as bytes.
engine::Result<std::string> readFile(const std::string &path);

// Replaces the content of the file at `path` with `text` atomically: the text is written to a
// temporary file beside it (`<path>.tmp-XXXXXX`), flushed to disk, given the file's permissions
// and renamed over it, so a reader sees the old or the new file, never a partial one. When
// `path` is a symbolic link, the file it points to is replaced. Returns true on success.
engine::Result<bool> writeFileAtomically(const std::string &path, std::string_view text);

// An error when `text` is not valid UTF-8: "<what>: not valid UTF-8 (invalid byte 0xff at byte
// offset 12)". Empty when the text is valid.
std::string utf8Problem(std::string_view what, std::string_view text);

// Reads every contract file given on the command line into `request` (as overrides, so that
// each is read once). Every file must be readable before anything is compiled: a missing file
// is an input error, reported on `err` as "llmcl: <file>: <cause>". Returns false when any
// file could not be read.
bool readContractFiles(
    std::span<const std::string_view> paths, engine::CompileRequest &request, std::ostream &err);

} // namespace llmcl::cli
