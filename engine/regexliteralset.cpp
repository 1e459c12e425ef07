// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/regexliteralset.h"

#include "engine/ascii.h"
#include "engine/utf8.h"

namespace llmcl::engine::detail {

namespace {

constexpr bool isMetacharacter(char c) noexcept
{
    switch (c) {
    case '\\':
    case '^':
    case '$':
    case '.':
    case '|':
    case '?':
    case '*':
    case '+':
    case '(':
    case ')':
    case '[':
    case ']':
    case '{':
    case '}':
        return true;
    default:
        return false;
    }
}

// What PCRE2 reads as the character itself after a backslash: ASCII punctuation and the
// space. (A backslash before a letter or digit is an escape or a back-reference; before a
// control character or a non-ASCII one it is left out, to stay on the safe side.)
constexpr bool isEscapedLiteral(char c) noexcept
{
    return c == ' ' || (c > ' ' && c < 0x7F && !ascii::isAlnum(c));
}

} // namespace

std::optional<RegexLiteralSet> RegexLiteralSet::fromPattern(std::string_view pattern)
{
    RegexLiteralSet set;
    std::string_view p = pattern;
    auto take = [&p](std::string_view prefix) {
        if (!p.starts_with(prefix))
            return false;
        p.remove_prefix(prefix.size());
        return true;
    };
    set.m_caseless = take("(?i)");
    set.m_boundaryBefore = take("\\b");
    // `\b` closing the pattern, unless that backslash is itself escaped (`a\\b` ends in the
    // literal `\` and `b`): count the backslashes before it.
    if (p.ends_with("\\b")) {
        std::size_t backslashes = 0;
        while (backslashes + 2 <= p.size() && p[p.size() - 2 - backslashes] == '\\')
            ++backslashes;
        if (backslashes % 2 == 1) {
            set.m_boundaryAfter = true;
            p.remove_suffix(2);
        }
    }
    bool grouped = false;
    if (take("(?:"))
        grouped = true;
    else if (take("("))
        grouped = set.m_capturing = true;
    if (grouped) {
        if (!p.ends_with(')'))
            return std::nullopt;
        p.remove_suffix(1);
    }

    std::string current;
    for (std::size_t i = 0; i < p.size();) {
        const char c = p[i];
        if (c == '|') {
            set.m_alternatives.push_back(std::move(current));
            current.clear();
            ++i;
        } else if (c == '\\') {
            if (i + 1 >= p.size() || !isEscapedLiteral(p[i + 1]))
                return std::nullopt;
            current += p[i + 1];
            i += 2;
        } else if (isMetacharacter(c)) {
            return std::nullopt; // includes the `)` of `(a)|(b)`, unbalanced in our reading
        } else if (static_cast<unsigned char>(c) < 0x80) {
            current += c;
            ++i;
        } else {
            const utf8::DecodeResult r = utf8::decodeAt(p, i);
            if (!r.valid)
                return std::nullopt; // PCRE2 refuses ill-formed UTF-8 in a pattern
            current.append(p.substr(i, r.length));
            set.m_ascii = false;
            i += r.length;
        }
    }
    set.m_alternatives.push_back(std::move(current));
    // Without a group, `\b` binds to the first and the last alternative only.
    if (!grouped && (set.m_boundaryBefore || set.m_boundaryAfter) && set.m_alternatives.size() > 1)
        return std::nullopt;
    return set;
}

} // namespace llmcl::engine::detail
