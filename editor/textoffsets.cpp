// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor/textoffsets.h"

#include <algorithm>

namespace llmcl::editor {

void TextOffsets::reset(QStringView line)
{
    m_utf16Length = int(line.size());
    m_ascii = true;
    for (QChar c : line) {
        if (c.unicode() >= 0x80) {
            m_ascii = false;
            break;
        }
    }
    if (m_ascii) {
        m_utf8Length = m_utf16Length;
        m_utf8At.clear();
        return;
    }

    m_utf8At.resize(std::size_t(m_utf16Length) + 1);
    int bytes = 0;
    for (int i = 0; i < m_utf16Length; ++i) {
        m_utf8At[std::size_t(i)] = bytes;
        const char16_t u = line[i].unicode();
        if (u < 0x80) {
            bytes += 1;
        } else if (u < 0x800) {
            bytes += 2;
        } else if (QChar::isHighSurrogate(u) && i + 1 < m_utf16Length
            && QChar::isLowSurrogate(line[i + 1].unicode())) {
            // The low surrogate shares the code point's start: offsets inside a pair round down.
            m_utf8At[std::size_t(i) + 1] = bytes;
            bytes += 4;
            ++i;
        } else if (QChar::isSurrogate(u)) {
            bytes += 1; // a lone surrogate: QString::toUtf8() writes '?' for it
        } else {
            bytes += 3;
        }
    }
    m_utf8At[std::size_t(m_utf16Length)] = bytes;
    m_utf8Length = bytes;
}

int TextOffsets::utf8Offset(int utf16) const
{
    utf16 = std::clamp(utf16, 0, m_utf16Length);
    return m_ascii ? utf16 : m_utf8At[std::size_t(utf16)];
}

int TextOffsets::utf16Offset(int utf8) const
{
    utf8 = std::clamp(utf8, 0, m_utf8Length);
    if (m_ascii)
        return utf8;
    // The first UTF-16 offset whose byte offset is past `utf8`, minus one, is the code point
    // containing the byte; back up over a low surrogate sharing its pair's start.
    auto it = std::upper_bound(m_utf8At.begin(), m_utf8At.end(), utf8);
    int index = int(it - m_utf8At.begin()) - 1;
    while (index > 0 && m_utf8At[std::size_t(index - 1)] == m_utf8At[std::size_t(index)])
        --index;
    return index;
}

} // namespace llmcl::editor
