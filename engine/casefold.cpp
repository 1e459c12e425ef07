// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/casefold.h"

#include "engine/utf8.h"

#include <utf8proc.h>

namespace llmcl::engine::casefold {

char32_t fold(char32_t c) noexcept
{
    if (c < 0x80)
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    if (!utf8::isScalarValue(c))
        return c;
    // utf8proc applies the full folding (C and F). Where it is one code point it is also the
    // simple one; where it is several (ß → ss, ᾈ → ἀι), the simple folding is the lower case
    // mapping for the capitals that have an S entry (ẞ → ß, ᾈ → ᾀ) and the code point itself
    // for the rest (ß, ŉ, ΐ, …: their lower case is themselves). İ is the one capital whose
    // lower case ('i') is not its simple folding: it has none.
    utf8proc_int32_t folded[4];
    utf8proc_int32_t boundary = 0;
    const utf8proc_ssize_t n = utf8proc_decompose_char(
        static_cast<utf8proc_int32_t>(c), folded, 4, UTF8PROC_CASEFOLD, &boundary);
    if (n == 1)
        return static_cast<char32_t>(folded[0]);
    if (c == 0x0130)
        return c;
    return static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(c)));
}

bool isWordCharacter(char32_t c) noexcept
{
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '_';
    if (!utf8::isScalarValue(c))
        return false;
    switch (utf8proc_category(static_cast<utf8proc_int32_t>(c))) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
    case UTF8PROC_CATEGORY_PC: // '_' and its relatives ('‿', '＿')
        return true;
    default:
        return false;
    }
}

void foldCase(std::string_view text, std::string &out, std::vector<std::uint32_t> *origins)
{
    out.reserve(out.size() + text.size());
    if (origins)
        origins->reserve(origins->size() + text.size() + 1);
    std::size_t i = 0;
    while (i < text.size()) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x80) {
            out += static_cast<char>(byte >= 'A' && byte <= 'Z' ? byte + 32 : byte);
            if (origins)
                origins->push_back(static_cast<std::uint32_t>(i));
            ++i;
            continue;
        }
        const utf8::DecodeResult r = utf8::decode(text.substr(i));
        const std::size_t before = out.size();
        if (r.valid)
            utf8::append(out, fold(r.codePoint));
        else
            out.append(text.substr(i, r.length));
        if (origins)
            origins->insert(origins->end(), out.size() - before, static_cast<std::uint32_t>(i));
        i += r.length;
    }
    if (origins)
        origins->push_back(static_cast<std::uint32_t>(text.size()));
}

bool wordCharacterAt(std::string_view text, std::size_t offset) noexcept
{
    if (offset >= text.size())
        return false;
    const utf8::DecodeResult r = utf8::decode(text.substr(offset));
    return r.valid && isWordCharacter(r.codePoint);
}

bool wordCharacterBefore(std::string_view text, std::size_t offset) noexcept
{
    if (offset == 0 || offset > text.size())
        return false;
    const auto last = static_cast<unsigned char>(text[offset - 1]);
    if (last < 0x80)
        return isWordCharacter(last);
    // Step back over continuation bytes to the start of the code point (at most 4 bytes).
    std::size_t start = offset - 1;
    while (
        start > 0 && offset - start < 4 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80)
        --start;
    const utf8::DecodeResult r = utf8::decode(text.substr(start, offset - start));
    return r.valid && r.length == offset - start && isWordCharacter(r.codePoint);
}

} // namespace llmcl::engine::casefold
