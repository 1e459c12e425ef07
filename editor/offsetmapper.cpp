// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor/offsetmapper.h"

#include <algorithm>

namespace llmcl::editor {

OffsetMapper::OffsetMapper(std::string_view analysed, std::string_view current)
    : m_analysedLength(analysed.size())
    , m_currentLength(current.size())
{
    const std::size_t shorter = std::min(analysed.size(), current.size());
    m_prefix = std::size_t(
        std::mismatch(analysed.begin(), analysed.begin() + std::ptrdiff_t(shorter), current.begin())
            .first
        - analysed.begin());
    m_identical = m_prefix == shorter && analysed.size() == current.size();
    // The suffix may not overlap the prefix in either text.
    const std::size_t limit = shorter - m_prefix;
    while (m_suffix < limit
        && analysed[analysed.size() - 1 - m_suffix] == current[current.size() - 1 - m_suffix])
        ++m_suffix;
}

std::optional<std::size_t> OffsetMapper::toAnalysed(std::size_t current) const
{
    current = std::min(current, m_currentLength);
    if (current <= m_prefix)
        return current;
    if (current >= currentChangeEnd())
        return current - currentChangeEnd() + analysedChangeEnd();
    return std::nullopt;
}

std::optional<std::size_t> OffsetMapper::toCurrent(std::size_t analysed) const
{
    analysed = std::min(analysed, m_analysedLength);
    if (analysed <= m_prefix)
        return analysed;
    if (analysed >= analysedChangeEnd())
        return analysed - analysedChangeEnd() + currentChangeEnd();
    return std::nullopt;
}

} // namespace llmcl::editor
