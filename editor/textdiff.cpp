// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor/textdiff.h"

#include <algorithm>
#include <cstdint>

namespace llmcl::editor {

namespace {

enum class CharClass
{
    Word,
    Space,
    Other,
};

CharClass classOf(unsigned char c)
{
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        return CharClass::Space;
    // Bytes of multi-byte UTF-8 sequences count as word characters, so a non-ASCII word stays
    // whole and a code point is never split.
    if (c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
        || c == '_')
        return CharClass::Word;
    return CharClass::Other;
}

std::vector<std::string_view> tokenize(std::string_view text)
{
    std::vector<std::string_view> tokens;
    std::size_t i = 0;
    while (i < text.size()) {
        const CharClass kind = classOf(static_cast<unsigned char>(text[i]));
        std::size_t j = i + 1;
        if (kind != CharClass::Other) {
            while (j < text.size() && classOf(static_cast<unsigned char>(text[j])) == kind)
                ++j;
        }
        tokens.push_back(text.substr(i, j - i));
        i = j;
    }
    return tokens;
}

void append(
    std::vector<TextDiff::Segment> &segments, TextDiff::Segment::Kind kind, std::string_view text)
{
    if (text.empty())
        return;
    if (!segments.empty() && segments.back().kind == kind)
        segments.back().text += text;
    else
        segments.push_back({kind, std::string(text)});
}

} // namespace

TextDiff TextDiff::words(std::string_view before, std::string_view after)
{
    using Kind = Segment::Kind;
    TextDiff diff;
    const std::vector<std::string_view> a = tokenize(before);
    const std::vector<std::string_view> b = tokenize(after);

    // The common prefix and suffix first: most fixes change a small part of a long text.
    std::size_t prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix])
        ++prefix;
    std::size_t suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix
        && a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
        ++suffix;
    for (std::size_t i = 0; i < prefix; ++i)
        append(diff.segments, Kind::Equal, a[i]);

    const std::size_t n = a.size() - prefix - suffix;
    const std::size_t m = b.size() - prefix - suffix;
    if (n * m > kMaxCells) {
        for (std::size_t i = 0; i < n; ++i)
            append(diff.segments, Kind::Delete, a[prefix + i]);
        for (std::size_t j = 0; j < m; ++j)
            append(diff.segments, Kind::Insert, b[prefix + j]);
    } else if (n > 0 || m > 0) {
        // lcs[i][j]: the longest common subsequence of a[i..n) and b[j..m) (middle parts).
        std::vector<std::uint32_t> lcs((n + 1) * (m + 1), 0);
        const auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t & {
            return lcs[i * (m + 1) + j];
        };
        for (std::size_t i = n; i-- > 0;)
            for (std::size_t j = m; j-- > 0;)
                at(i, j) = a[prefix + i] == b[prefix + j] ? at(i + 1, j + 1) + 1
                                                          : std::max(at(i + 1, j), at(i, j + 1));
        std::size_t i = 0;
        std::size_t j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a[prefix + i] == b[prefix + j]) {
                append(diff.segments, Kind::Equal, a[prefix + i]);
                ++i;
                ++j;
            } else if (j < m && (i == n || at(i, j + 1) >= at(i + 1, j))) {
                // Deletions before insertions at the same place would read more naturally, but
                // preferring the insertion here keeps the walk simple; the order is fixed below.
                append(diff.segments, Kind::Insert, b[prefix + j]);
                ++j;
            } else {
                append(diff.segments, Kind::Delete, a[prefix + i]);
                ++i;
            }
        }
    }
    for (std::size_t i = a.size() - suffix; i < a.size(); ++i)
        append(diff.segments, Kind::Equal, a[i]);

    // Show a replacement as "deleted, then inserted": swap each Insert directly followed by a
    // Delete.
    for (std::size_t k = 0; k + 1 < diff.segments.size(); ++k) {
        if (diff.segments[k].kind == Kind::Insert && diff.segments[k + 1].kind == Kind::Delete)
            std::swap(diff.segments[k], diff.segments[k + 1]);
    }
    std::vector<Segment> merged;
    for (Segment &segment : diff.segments)
        append(merged, segment.kind, segment.text);
    diff.segments = std::move(merged);
    return diff;
}

std::string TextDiff::before() const
{
    std::string text;
    for (const Segment &segment : segments)
        if (segment.kind != Segment::Kind::Insert)
            text += segment.text;
    return text;
}

std::string TextDiff::after() const
{
    std::string text;
    for (const Segment &segment : segments)
        if (segment.kind != Segment::Kind::Delete)
            text += segment.text;
    return text;
}

bool TextDiff::changed() const
{
    return std::any_of(segments.begin(), segments.end(),
        [](const Segment &segment) { return segment.kind != Segment::Kind::Equal; });
}

} // namespace llmcl::editor
