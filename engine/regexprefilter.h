// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llmcl::engine::detail {

// A necessary condition for a regex to match: one of a few literals that every match contains,
// e.g. {"password", "secret", "token"} for `(?i)\b(password|secret|token)\b` and {"order"} for
// `(?i)order\s+#?\d+`. Regex::search() scans the subject for them first and runs PCRE2 only
// when one occurs, so a pattern that does not match (most guard regexes on most texts) costs a
// pass over the text instead of PCRE2 trying every position.
//
// Derived conservatively from the pattern's text: literal characters, escaped punctuation,
// groups and alternations, classes and the usual quantifiers; anything else (look-around,
// back-references, inline options other than a leading `(?i)`, non-ASCII literals, \Q…\E…)
// gives no prefilter, and PCRE2 alone decides. Under `(?i)` the literals are compared in ASCII
// case only, which PCRE2's Unicode case folding agrees with but for K (the Kelvin sign, which
// folds to k) and ſ (long s, which folds to s): such a prefilter is skipped for a subject
// that holds one of them when a literal has that letter.
//
// Immutable after fromPattern(); may be used from several threads at once.
class RegexPrefilter
{
public:
    // The prefilter of `pattern` (compiled with PCRE2_UTF | PCRE2_UCP, no other options), or
    // std::nullopt when the pattern has no usable required literal.
    static std::optional<RegexPrefilter> fromPattern(std::string_view pattern);

    // False when no match of the pattern can exist in `subject` (then PCRE2 would say no
    // match); true when one may. `asciiSubject`: every byte of `subject` is below 0x80.
    bool mayMatch(std::string_view subject, bool asciiSubject) const noexcept;

    const std::vector<std::string> &literals() const noexcept { return m_literals; }
    bool caseless() const noexcept { return m_caseless; }

private:
    std::vector<std::string> m_literals; // lowercase when caseless; each at least 2 bytes
    // The first two bytes of each literal, in every byte of a word, and the bits a subject
    // byte is ORed with before comparing (0x20 for a letter of a caseless literal, which makes
    // 'A' and 'a' both 'a' and changes no other byte into a letter), in m_literals' order.
    struct Pair
    {
        std::uint64_t first = 0;
        std::uint64_t second = 0;
        std::uint64_t firstFold = 0;
        std::uint64_t secondFold = 0;
    };
    bool literalAt(
        const std::string &literal, std::string_view subject, std::size_t at) const noexcept;

    std::vector<Pair> m_pairs;
    bool m_caseless = false;
    bool m_hasK = false; // a caseless literal has a 'k' (which K, U+212A, matches)
    bool m_hasS = false; // a caseless literal has an 's' (which ſ, U+017F, matches)
};

} // namespace llmcl::engine::detail
