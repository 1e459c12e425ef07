// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace llmcl::editor {

// A word diff of two UTF-8 texts, for showing what an auto_fix changed: the texts are cut into
// words, runs of whitespace and single punctuation characters, and the longest common
// subsequence of those pieces is kept. Pure and thread-safe; cost O(words(before) ×
// words(after)) up to kMaxCells, beyond which only the common prefix and suffix are kept (one
// deletion and one insertion in between), so a huge text never stalls the caller.
struct TextDiff
{
    struct Segment
    {
        enum class Kind
        {
            Equal,
            Delete, // only in before
            Insert, // only in after
        };
        Kind kind = Kind::Equal;
        std::string text; // UTF-8
    };

    // Adjacent segments of one kind are merged; an empty list means both texts are empty.
    std::vector<Segment> segments;

    // The texts back: before = Equal + Delete segments, after = Equal + Insert segments.
    std::string before() const;
    std::string after() const;
    bool changed() const;

    static constexpr std::size_t kMaxCells = 4'000'000;
    static TextDiff words(std::string_view before, std::string_view after);
};

} // namespace llmcl::editor
