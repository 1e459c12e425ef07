// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

// The engine's one place for UTF-8: decoding, validation, encoding and code-point counting.
//
// Ill-formed input is handled the way the Unicode standard recommends (§3.9, "U+FFFD
// substitution of maximal subparts"): a decoder that meets an ill-formed sequence consumes its
// *maximal subpart* — the longest prefix of a well-formed sequence that is there, or one byte —
// and treats it as one replacement character. Overlong forms, UTF-16 surrogates encoded in
// UTF-8 and anything above U+10FFFF are ill-formed. Every function here counts an ill-formed
// maximal subpart as one code point, so code-point counts, columns and U+FFFD-sanitised text
// always agree with one another.
//
// All functions are pure and thread-safe; none allocates except those returning std::string.
namespace llmcl::engine::utf8 {

inline constexpr char32_t replacementCharacter = U'\uFFFD';
inline constexpr char32_t maxCodePoint = 0x10FFFF;
// The UTF-8 encoding of U+FEFF, which some editors write at the start of a file.
inline constexpr std::string_view byteOrderMark = "\xEF\xBB\xBF";

// One decoding step. `length` is in bytes and is at least 1 for non-empty input.
struct DecodeResult
{
    char32_t codePoint = replacementCharacter; // U+FFFD when !valid
    std::uint8_t length = 0;
    bool valid = false;
};

// Decodes the sequence starting at text[0]. For empty text returns {U+FFFD, 0, false}; for an
// ill-formed sequence returns valid == false and the length of its maximal subpart (1 to 3).
DecodeResult decode(std::string_view text) noexcept;

// The same, from the byte at `offset` (0-based byte offset into text).
inline DecodeResult decodeAt(std::string_view text, std::size_t offset) noexcept
{
    return offset < text.size() ? decode(text.substr(offset)) : DecodeResult {};
}

// True when text is entirely well-formed UTF-8.
bool isValid(std::string_view text) noexcept;

// Byte length (0-based offset) of the longest well-formed prefix of text.
std::size_t validPrefixLength(std::string_view text) noexcept;

// Number of code points in text (an ill-formed maximal subpart counts as one).
std::size_t codePointCount(std::string_view text) noexcept;

// True for U+D800..U+DFFF, which UTF-8 cannot carry.
constexpr bool isSurrogate(char32_t c) noexcept
{
    return c >= 0xD800 && c <= 0xDFFF;
}

// True for a code point UTF-8 can encode (not a surrogate, not above U+10FFFF).
constexpr bool isScalarValue(char32_t c) noexcept
{
    return c <= maxCodePoint && !isSurrogate(c);
}

// Appends the UTF-8 encoding of c to out; a non-scalar value appends U+FFFD.
void append(std::string &out, char32_t c);

// Encoding length in bytes (1 to 4) of c; 3 (that of U+FFFD) for a non-scalar value.
constexpr std::size_t encodedLength(char32_t c) noexcept
{
    if (!isScalarValue(c))
        return 3;
    return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

// text with every ill-formed maximal subpart replaced by U+FFFD: always valid UTF-8.
std::string sanitized(std::string_view text);

// Terminal cells a code point takes, as a monospace terminal shows it: 0 for combining marks
// and zero-width characters, 2 for East Asian wide/fullwidth characters and most emoji, 1
// otherwise. An approximation of wcwidth() good enough to place a caret under source text.
int displayWidth(char32_t c) noexcept;

} // namespace llmcl::engine::utf8
