// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// Unicode simple case folding and word characters, for the word-list built-ins (contains_any,
// find_any: LANGUAGE.md §6), from utf8proc's Unicode tables. Pure functions, thread-safe; only
// foldCase() allocates (into its caller's buffers).
namespace llmcl::engine::casefold {

// The simple case folding of c (CaseFolding.txt, statuses C and S): 'K' → 'k', 'ſ' → 's',
// 'ς' → 'σ', 'ẞ' → 'ß', K (Kelvin sign) → 'k'. One code point to one: 'ß' stays 'ß' (its full
// folding "ss" is not applied) and 'İ' stays 'İ' (it has only a full and a Turkic folding).
char32_t fold(char32_t c) noexcept;

// Whether c continues a word for `whole_words`: a letter (L*), a number (N*: digits, but also
// '²' and 'Ⅻ'), a combining mark (M*, so that a decomposed "é" is one letter) or '_'.
// docs/language-decisions.md ("Word lists") says why marks and all numbers count.
bool isWordCharacter(char32_t c) noexcept;

// Appends the simple case folding of text to out. With `origins`, also appends, for each byte
// appended, the byte offset in text of the code point it came from, and finally text.size():
// origins then maps every offset in the folded text (also its end) back into text. Ill-formed
// UTF-8 is copied unchanged, byte by byte.
void foldCase(std::string_view text, std::string &out, std::vector<std::uint32_t> *origins);

// Whether text[offset] starts (or text[..offset) ends with) a word character; false at the
// ends of text and for ill-formed UTF-8. Offsets in bytes, 0-based, at code point boundaries.
bool wordCharacterAt(std::string_view text, std::size_t offset) noexcept;
bool wordCharacterBefore(std::string_view text, std::size_t offset) noexcept;

} // namespace llmcl::engine::casefold
