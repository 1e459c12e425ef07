// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llmcl::engine::detail {

// A regex that is an alternation of plain literals, the way word lists are written as regexes:
// `(?i)\b(password|secret|token)\b`. Such a pattern can run on the word-list automaton
// (WordList) instead of PCRE2, which refuses it past a few thousand alternatives ("regular
// expression is too large") and tries every alternative at every position of the text.
//
// The shapes recognised, for PCRE2_UTF | PCRE2_UCP and no other option:
//     [(?i)] [\b] ( alternatives ) [\b]      (a capturing group: group 1 is the whole match)
//     [(?i)] [\b] (?: alternatives ) [\b]
//     [(?i)] alternatives                    (without \b: `\ba|b\b` means `(?:\ba)|(?:b\b)`)
// where alternatives are separated by `|`, may be empty, and consist of characters other than
// PCRE2's metacharacters (`\^$.|?*+()[]{}`) and of a backslash before ASCII punctuation or a
// space (which PCRE2 reads as that character). Anything else (classes, quantifiers, escapes
// such as \d or \x{…}, other options, ill-formed UTF-8) is not a literal set.
//
// Immutable; thread-safe.
class RegexLiteralSet
{
public:
    static std::optional<RegexLiteralSet> fromPattern(std::string_view pattern);

    // The alternatives as the texts they match (escapes resolved), in pattern order.
    const std::vector<std::string> &alternatives() const noexcept { return m_alternatives; }
    bool caseless() const noexcept { return m_caseless; }
    bool capturing() const noexcept { return m_capturing; }
    bool boundaryBefore() const noexcept { return m_boundaryBefore; }
    bool boundaryAfter() const noexcept { return m_boundaryAfter; }
    // Whether every alternative is ASCII: then caseless matching needs no Unicode table beyond
    // the ASCII letters' partners (K, the Kelvin sign, and ſ, the long s), which every Unicode
    // version agrees on.
    bool ascii() const noexcept { return m_ascii; }

private:
    std::vector<std::string> m_alternatives;
    bool m_caseless = false;
    bool m_capturing = false;
    bool m_boundaryBefore = false;
    bool m_boundaryAfter = false;
    bool m_ascii = true;
};

} // namespace llmcl::engine::detail
