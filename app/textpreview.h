// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <string_view>

namespace llmcl::app {

// `text` (UTF-8) on one line for a table cell: line breaks and tabs become spaces, runs of
// spaces one, and more than `maxCharacters` characters end with an ellipsis. Only the first
// 4 × maxCharacters bytes are decoded, so a megabyte-long message costs no more than a short one.
inline QString textPreview(std::string_view text, int maxCharacters = 120)
{
    const std::size_t limit = std::size_t(maxCharacters) * 4;
    QString decoded = QString::fromUtf8(text.data(), qsizetype(std::min(text.size(), limit)));
    QString out;
    out.reserve(std::min<qsizetype>(decoded.size(), maxCharacters + 1));
    bool space = false;
    for (const QChar c : std::as_const(decoded)) {
        if (c.isSpace()) {
            space = !out.isEmpty();
            continue;
        }
        if (space) {
            out += QLatin1Char(' ');
            space = false;
        }
        out += c;
        if (out.size() > maxCharacters)
            break;
    }
    if (out.size() > maxCharacters || text.size() > limit) {
        out.truncate(maxCharacters - 1);
        out += QChar(0x2026);
    }
    return out;
}

} // namespace llmcl::app
