// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace llmcl::engine {

// A point in a source text, between two bytes.
//
// - offset: UTF-8 byte offset from the start of the text, 0-based (a UTF-8 BOM counts: it is
//   3 bytes of the text).
// - line: 1-based. Only '\n' ends a line; the '\r' of a "\r\n" belongs to the line it ends.
// - column: 1-based, counted in Unicode code points from the start of the line (a tab is one
//   column, a leading BOM none, each ill-formed UTF-8 maximal subpart one, as utf8.h counts).
//   This is what a user sees in a Unicode editor's status bar; the byte offset is what
//   Scintilla and std::string need. Line and column saturate at UINT32_MAX.
struct SourcePosition
{
    std::size_t offset = 0;
    std::uint32_t line = 1;
    std::uint32_t column = 1;

    friend constexpr bool operator==(const SourcePosition &, const SourcePosition &) = default;
};

// A line or column number from a count, saturated at UINT32_MAX (see SourcePosition).
constexpr std::uint32_t saturatedLineOrColumn(std::size_t value) noexcept
{
    constexpr std::size_t max = UINT32_MAX;
    return static_cast<std::uint32_t>(value < max ? value : max);
}

// A half-open span [begin, end) of a source text: end is the position just past the last byte.
struct SourceRange
{
    SourcePosition begin;
    SourcePosition end;

    constexpr std::size_t length() const noexcept { return end.offset - begin.offset; }
    constexpr bool isEmpty() const noexcept { return end.offset == begin.offset; }

    friend constexpr bool operator==(const SourceRange &, const SourceRange &) = default;
};

// The position of the byte `offset` of source (clamped to source.size()), computed from the
// start of the text: O(offset). It agrees with the positions the lexer reports; use it for
// occasional look-ups, not in loops. Thread-safe (pure).
SourcePosition positionAt(std::string_view source, std::size_t offset) noexcept;

} // namespace llmcl::engine
