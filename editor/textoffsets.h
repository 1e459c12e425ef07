// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringView>

#include <vector>

namespace llmcl::editor {

// The one place where the editor converts between UTF-16 code unit offsets (QString and
// KSyntaxHighlighting) and UTF-8 byte offsets (Scintilla and the engine), for one line of text.
//
// All offsets are 0-based and relative to the start of the line the map was built from. A line
// of pure ASCII takes the fast path: both offsets are equal and nothing is allocated. Offsets
// that fall inside a surrogate pair map to the start of that code point; offsets past the end
// clamp to the end. Invalid UTF-16 (a lone surrogate) counts as one byte, the '?' that
// QString::toUtf8() writes for it. Not thread-safe to rebuild while another thread reads.
class TextOffsets
{
public:
    TextOffsets() = default;
    explicit TextOffsets(QStringView line) { reset(line); }

    // Rebuilds the map for another line, reusing the allocated storage.
    void reset(QStringView line);

    // UTF-8 byte offset of the UTF-16 offset `utf16`.
    int utf8Offset(int utf16) const;
    // UTF-16 offset of the byte offset `utf8` (a byte inside a multi-byte sequence maps to the
    // start of its code point).
    int utf16Offset(int utf8) const;

    int utf16Length() const { return m_utf16Length; }
    int utf8Length() const { return m_utf8Length; }
    bool isAscii() const { return m_ascii; }

private:
    int m_utf16Length = 0;
    int m_utf8Length = 0;
    bool m_ascii = true;
    // For a non-ASCII line: m_utf8At[i] is the byte offset of UTF-16 offset i (size length + 1).
    std::vector<int> m_utf8At;
};

} // namespace llmcl::editor
