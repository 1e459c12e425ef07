// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/lsppositions.h"

#include "engine/utf8.h"

#include <algorithm>

namespace llmcl::cli {

LineIndex::LineIndex(std::string_view text, PositionEncoding encoding)
    : m_text(text)
    , m_encoding(encoding)
{
    m_lineStarts.push_back(0);
    for (std::size_t i = text.find('\n'); i != std::string_view::npos; i = text.find('\n', i + 1))
        m_lineStarts.push_back(i + 1);
}

std::uint32_t LineIndex::width(
    const engine::utf8::DecodeResult &decoded, std::size_t length) const noexcept
{
    if (m_encoding == PositionEncoding::Utf8)
        return static_cast<std::uint32_t>(length);
    // Ill-formed bytes read as U+FFFD: one unit.
    return decoded.valid && decoded.codePoint > 0xFFFF ? 2 : 1;
}

std::uint32_t LineIndex::units(std::size_t begin, std::size_t end) const noexcept
{
    end = std::min(end, m_text.size());
    if (begin >= end)
        return 0;
    if (m_encoding == PositionEncoding::Utf8)
        return static_cast<std::uint32_t>(end - begin);
    std::uint32_t count = 0;
    for (std::size_t at = begin; at < end;) {
        const engine::utf8::DecodeResult decoded = engine::utf8::decodeAt(m_text, at);
        const std::size_t length = std::max<std::size_t>(decoded.length, 1);
        count += width(decoded, length);
        at += length;
    }
    return count;
}

std::size_t LineIndex::asciiRunEnd(std::size_t begin, std::size_t end) const noexcept
{
    while (begin < end && static_cast<unsigned char>(m_text[begin]) < 0x80)
        ++begin;
    return begin;
}

std::size_t LineIndex::offset(LspPosition position) const noexcept
{
    if (position.line >= m_lineStarts.size())
        return m_text.size();
    const std::size_t begin = m_lineStarts[position.line];
    std::size_t end = position.line + 1 < m_lineStarts.size() ? m_lineStarts[position.line + 1] - 1
                                                              : m_text.size();
    // An ASCII byte is one unit in every encoding: no decoding up to the first other byte.
    const std::size_t ascii = asciiRunEnd(begin, end);
    if (position.character <= ascii - begin)
        return begin + position.character;
    std::size_t at = ascii;
    std::uint32_t remaining = position.character - static_cast<std::uint32_t>(ascii - begin);
    while (at < end && remaining > 0) {
        const engine::utf8::DecodeResult decoded = engine::utf8::decodeAt(m_text, at);
        const std::size_t length = std::max<std::size_t>(decoded.length, 1);
        const std::uint32_t units = width(decoded, length);
        if (units > remaining)
            break; // inside this code point: its start
        remaining -= units;
        at += length;
    }
    return std::min(at, end);
}

LspPosition LineIndex::position(std::size_t offset) const noexcept
{
    offset = std::min(offset, m_text.size());
    const auto next = std::upper_bound(m_lineStarts.begin(), m_lineStarts.end(), offset);
    const std::size_t line = static_cast<std::size_t>(next - m_lineStarts.begin()) - 1;
    std::size_t at = asciiRunEnd(m_lineStarts[line], offset);
    auto character = static_cast<std::uint32_t>(at - m_lineStarts[line]);
    while (at < offset) {
        const engine::utf8::DecodeResult decoded = engine::utf8::decodeAt(m_text, at);
        const std::size_t length = std::max<std::size_t>(decoded.length, 1);
        if (at + length > offset)
            break; // inside this code point: its start
        character += width(decoded, length);
        at += length;
    }
    return {static_cast<std::uint32_t>(line), character};
}

} // namespace llmcl::cli
