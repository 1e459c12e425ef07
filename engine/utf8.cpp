// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/utf8.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace llmcl::engine::utf8 {

namespace {

struct Range
{
    char32_t first;
    char32_t last;
};

// Kept sorted: looked up by binary search.
// clang-format off
constexpr std::array zeroWidthRanges {
    Range {0x0300, 0x036F}, Range {0x0483, 0x0489}, Range {0x0591, 0x05BD},
    Range {0x0610, 0x061A}, Range {0x064B, 0x065F}, Range {0x0E31, 0x0E31},
    Range {0x0E34, 0x0E3A}, Range {0x0E47, 0x0E4E}, Range {0x1AB0, 0x1AFF},
    Range {0x1DC0, 0x1DFF}, Range {0x200B, 0x200F}, Range {0x2028, 0x202E},
    Range {0x2060, 0x2064}, Range {0x20D0, 0x20FF}, Range {0xFE00, 0xFE0F},
    Range {0xFE20, 0xFE2F}, Range {0xFEFF, 0xFEFF}, Range {0x1F3FB, 0x1F3FF},
    Range {0xE0000, 0xE0FFF},
};

constexpr std::array wideRanges {
    Range {0x1100, 0x115F}, Range {0x231A, 0x231B}, Range {0x2329, 0x232A},
    Range {0x23E9, 0x23EC}, Range {0x23F0, 0x23F0}, Range {0x23F3, 0x23F3},
    Range {0x25FD, 0x25FE}, Range {0x2614, 0x2615}, Range {0x2648, 0x2653},
    Range {0x267F, 0x267F}, Range {0x2693, 0x2693}, Range {0x26A1, 0x26A1},
    Range {0x26AA, 0x26AB}, Range {0x26BD, 0x26BE}, Range {0x26C4, 0x26C5},
    Range {0x26CE, 0x26CE}, Range {0x26D4, 0x26D4}, Range {0x26EA, 0x26EA},
    Range {0x26F2, 0x26F3}, Range {0x26F5, 0x26F5}, Range {0x26FA, 0x26FA},
    Range {0x26FD, 0x26FD}, Range {0x2705, 0x2705}, Range {0x270A, 0x270B},
    Range {0x2728, 0x2728}, Range {0x274C, 0x274C}, Range {0x274E, 0x274E},
    Range {0x2753, 0x2755}, Range {0x2757, 0x2757}, Range {0x2795, 0x2797},
    Range {0x27B0, 0x27B0}, Range {0x27BF, 0x27BF}, Range {0x2B1B, 0x2B1C},
    Range {0x2B50, 0x2B50}, Range {0x2B55, 0x2B55}, Range {0x2E80, 0x303E},
    Range {0x3041, 0x33FF}, Range {0x3400, 0x4DBF}, Range {0x4E00, 0x9FFF},
    Range {0xA000, 0xA4CF}, Range {0xA960, 0xA97F}, Range {0xAC00, 0xD7A3},
    Range {0xF900, 0xFAFF}, Range {0xFE10, 0xFE19}, Range {0xFE30, 0xFE6F},
    Range {0xFF00, 0xFF60}, Range {0xFFE0, 0xFFE6}, Range {0x16FE0, 0x16FE4},
    Range {0x17000, 0x18AFF}, Range {0x1B000, 0x1B2FF}, Range {0x1F004, 0x1F004},
    Range {0x1F0CF, 0x1F0CF}, Range {0x1F18E, 0x1F18E}, Range {0x1F191, 0x1F19A},
    Range {0x1F200, 0x1F251}, Range {0x1F300, 0x1F3FA}, Range {0x1F400, 0x1F64F},
    Range {0x1F680, 0x1F6FF}, Range {0x1F7E0, 0x1F7EB}, Range {0x1F90C, 0x1F9FF},
    Range {0x1FA70, 0x1FAFF}, Range {0x20000, 0x2FFFD}, Range {0x30000, 0x3FFFD},
};
// clang-format on

template<std::size_t N>
bool inRanges(const std::array<Range, N> &ranges, char32_t c) noexcept
{
    const auto it = std::upper_bound(ranges.begin(), ranges.end(), c,
        [](char32_t value, const Range &r) { return value < r.first; });
    return it != ranges.begin() && c <= std::prev(it)->last;
}

// Length of the all-ASCII prefix of [p, p + n), eight bytes at a time.
std::size_t asciiPrefixLength(const char *p, std::size_t n) noexcept
{
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        std::uint64_t chunk;
        std::memcpy(&chunk, p + i, 8);
        if (chunk & 0x8080808080808080ULL)
            break;
    }
    while (i < n && static_cast<unsigned char>(p[i]) < 0x80)
        ++i;
    return i;
}

} // namespace

DecodeResult decode(std::string_view text) noexcept
{
    if (text.empty())
        return {};
    const auto *p = reinterpret_cast<const unsigned char *>(text.data());
    const unsigned char lead = p[0];
    if (lead < 0x80)
        return {lead, 1, true};

    // Unicode Table 3-7: the lead byte fixes the length and the range of the second byte.
    std::uint8_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    char32_t c = 0;
    if (lead < 0xC2) {
        return {replacementCharacter, 1, false}; // stray continuation byte or overlong lead
    } else if (lead < 0xE0) {
        length = 2;
        c = lead & 0x1F;
    } else if (lead < 0xF0) {
        length = 3;
        c = lead & 0x0F;
        if (lead == 0xE0)
            low = 0xA0; // overlong
        else if (lead == 0xED)
            high = 0x9F; // surrogates
    } else if (lead < 0xF5) {
        length = 4;
        c = lead & 0x07;
        if (lead == 0xF0)
            low = 0x90; // overlong
        else if (lead == 0xF4)
            high = 0x8F; // above U+10FFFF
    } else {
        return {replacementCharacter, 1, false};
    }
    for (std::uint8_t i = 1; i < length; ++i) {
        if (i >= text.size() || p[i] < low || p[i] > high)
            return {replacementCharacter, i, false};
        low = 0x80;
        high = 0xBF;
        c = (c << 6) | (p[i] & 0x3F);
    }
    return {c, length, true};
}

std::size_t validPrefixLength(std::string_view text) noexcept
{
    std::size_t i = 0;
    while (i < text.size()) {
        i += asciiPrefixLength(text.data() + i, text.size() - i);
        if (i == text.size())
            break;
        const DecodeResult r = decode(text.substr(i));
        if (!r.valid)
            break;
        i += r.length;
    }
    return i;
}

bool isValid(std::string_view text) noexcept
{
    return validPrefixLength(text) == text.size();
}

std::size_t codePointCount(std::string_view text) noexcept
{
    std::size_t count = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t ascii = asciiPrefixLength(text.data() + i, text.size() - i);
        count += ascii;
        i += ascii;
        if (i == text.size())
            break;
        i += decode(text.substr(i)).length;
        ++count;
    }
    return count;
}

void append(std::string &out, char32_t c)
{
    if (!isScalarValue(c))
        c = replacementCharacter;
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

std::string sanitized(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t valid = validPrefixLength(text.substr(i));
        out.append(text.substr(i, valid));
        i += valid;
        if (i == text.size())
            break;
        i += decode(text.substr(i)).length;
        append(out, replacementCharacter);
    }
    return out;
}

int displayWidth(char32_t c) noexcept
{
    if (c < 0x300)
        return 1;
    if (inRanges(zeroWidthRanges, c))
        return 0;
    return inRanges(wideRanges, c) ? 2 : 1;
}

} // namespace llmcl::engine::utf8
