// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/sourcelocation.h"

#include "engine/utf8.h"

#include <algorithm>
#include <limits>

namespace llmcl::engine {

namespace {


} // namespace

SourcePosition positionAt(std::string_view source, std::size_t offset) noexcept
{
    offset = std::min(offset, source.size());
    const std::string_view before = source.substr(0, offset);
    std::size_t lines = 0;
    std::size_t lineStart = 0;
    for (std::size_t i = before.find('\n'); i != std::string_view::npos;
        i = before.find('\n', i + 1)) {
        ++lines;
        lineStart = i + 1;
    }
    std::string_view line = before.substr(lineStart);
    // The BOM is invisible in editors, so it takes no column.
    if (lineStart == 0 && source.starts_with(utf8::byteOrderMark))
        line.remove_prefix(std::min(line.size(), utf8::byteOrderMark.size()));
    // A position inside a multi-byte sequence (which the lexer never reports) counts the
    // partial sequence as one more code point.
    return {offset, saturatedLineOrColumn(lines + 1),
        saturatedLineOrColumn(utf8::codePointCount(line) + 1)};
}

} // namespace llmcl::engine
