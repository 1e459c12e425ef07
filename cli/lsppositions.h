// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/utf8.h"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

// The one place where `llmcl lsp` converts between the engine's positions (UTF-8 byte offsets,
// sourcelocation.h) and LSP's (0-based line, 0-based character counted in the negotiated
// position encoding: UTF-16 code units by default, UTF-8 bytes when the client offers
// "utf-8"). Every offset the server reads from or writes to the wire passes through here.

namespace llmcl::cli {

enum class PositionEncoding : std::uint8_t
{
    Utf16,
    Utf8,
};

// An LSP position: `line` and `character` 0-based; `character` in the encoding's units.
struct LspPosition
{
    std::uint32_t line = 0;
    std::uint32_t character = 0;

    friend bool operator==(const LspPosition &, const LspPosition &) = default;
};

// Line starts of one text, for converting positions in both directions. Lines end at '\n'
// only, as the engine counts them (a '\r' before it belongs to the line it ends, which LSP
// agrees with for "\r\n"; a lone '\r', which LSP also takes as a line end, is not one here).
// Ill-formed UTF-8 counts like U+FFFD: one UTF-16 unit per maximal subpart, its bytes in UTF-8.
//
// Holds a view of the text: the text must outlive the index and not change. Immutable after
// construction, so safe to share between threads. Building is linear in the text; each
// conversion is a binary search plus a walk along one line.
class LineIndex
{
public:
    LineIndex(std::string_view text, PositionEncoding encoding);

    // The byte offset of an LSP position. A line past the end gives the end of the text; a
    // character past the end of its line gives the end of that line (before its '\n'); a
    // position inside a code point (between the halves of a UTF-16 surrogate pair) gives the
    // start of that code point.
    std::size_t offset(LspPosition position) const noexcept;

    // The LSP position of byte `offset` (clamped to the text's size; an offset inside a
    // multi-byte code point counts as its start).
    LspPosition position(std::size_t offset) const noexcept;

    std::size_t lineCount() const noexcept { return m_lineStarts.size(); }
    std::string_view text() const noexcept { return m_text; }

    // The length of text[begin, end) in the encoding's units (begin, end on code point
    // boundaries, on one line).
    std::uint32_t units(std::size_t begin, std::size_t end) const noexcept;

private:
    // The first byte in [begin, end) that is not ASCII, or end.
    std::size_t asciiRunEnd(std::size_t begin, std::size_t end) const noexcept;
    std::uint32_t width(
        const engine::utf8::DecodeResult &decoded, std::size_t length) const noexcept;

    std::string_view m_text;
    std::vector<std::size_t> m_lineStarts;
    PositionEncoding m_encoding;
};

} // namespace llmcl::cli
