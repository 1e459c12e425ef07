// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace llmcl::editor {

// Maps byte offsets between the text an analysis was made of and the editor's current text,
// while the analysis is stale (the user typed since; the next one is on its way).
//
// The two texts are compared once: their common prefix and common suffix enclose the one
// region that changed. An offset before the change is the same in both texts; one after it
// moves by the length difference; one inside it has no counterpart. That is exact for one
// contiguous edit (typing a word, deleting a selection) and conservative for several: the
// region then spans all of them and only offsets outside it are mapped.
//
// All offsets are 0-based UTF-8 byte offsets. The mapper keeps views of both texts: they must
// outlive it. Construction is linear in the length of the texts (a byte comparison, about
// 50 µs for 270 KB); lookups are constant time. Not thread-safe to share while constructing.
class OffsetMapper
{
public:
    OffsetMapper(std::string_view analysed, std::string_view current);

    // True when both texts are equal.
    bool identical() const { return m_identical; }

    // The offset in the analysed text of `current` (an offset into the current text), or
    // nullopt when it lies inside the changed region. The start of the region maps to itself
    // and its end to the end of the region in the analysed text.
    std::optional<std::size_t> toAnalysed(std::size_t current) const;
    // The reverse: the offset in the current text of `analysed`.
    std::optional<std::size_t> toCurrent(std::size_t analysed) const;

    // The changed region: [changeBegin(), analysedChangeEnd()) of the analysed text became
    // [changeBegin(), currentChangeEnd()) of the current text.
    std::size_t changeBegin() const { return m_prefix; }
    std::size_t analysedChangeEnd() const { return m_analysedLength - m_suffix; }
    std::size_t currentChangeEnd() const { return m_currentLength - m_suffix; }

private:
    std::size_t m_analysedLength = 0;
    std::size_t m_currentLength = 0;
    std::size_t m_prefix = 0;
    std::size_t m_suffix = 0;
    bool m_identical = false;
};

} // namespace llmcl::editor
