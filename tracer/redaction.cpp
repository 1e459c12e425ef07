// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tracer/redaction.h"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace llmcl::tracer {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}
bool isAlpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool isAlnum(char c)
{
    return isDigit(c) || isAlpha(c);
}
bool isLocalChar(char c)
{
    return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}
bool isDomainChar(char c)
{
    return isAlnum(c) || c == '.' || c == '-';
}

// Pass 1: e-mail addresses. Scans for '@' and grows the address around it.
std::string redactEmails(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    std::size_t copied = 0; // text[0, copied) is in out
    std::size_t at = text.find('@');
    while (at != std::string_view::npos) {
        std::size_t begin = at;
        while (begin > copied && isLocalChar(text[begin - 1]))
            --begin;
        while (begin < at && text[begin] == '.')
            ++begin;
        std::size_t end = at + 1;
        while (end < text.size() && isDomainChar(text[end]))
            ++end;
        while (end > at + 1 && (text[end - 1] == '.' || text[end - 1] == '-'))
            --end;
        const std::string_view domain = text.substr(at + 1, end - at - 1);
        const std::size_t dot = domain.rfind('.');
        bool ok = begin < at && dot != std::string_view::npos && dot > 0
            && domain.find("..") == std::string_view::npos;
        if (ok) {
            const std::string_view tld = domain.substr(dot + 1);
            ok = tld.size() >= 2 && std::all_of(tld.begin(), tld.end(), isAlpha);
        }
        if (ok) {
            out.append(text.substr(copied, begin - copied));
            out.append("<EMAIL_REDACTED>");
            copied = end;
            at = text.find('@', end);
        } else {
            at = text.find('@', at + 1);
        }
    }
    out.append(text.substr(copied));
    return out;
}

// A run of digit groups: "(555) 123-4567" is groups {555, 123, 4567} with separators
// {") ", "-"}, opened by a parenthesis.
struct Group
{
    std::size_t begin = 0; // byte offsets of the digits
    std::size_t end = 0;
    std::string_view sepBefore; // what separates it from the previous group ("" for the first)
};

bool luhn(const std::string &digits)
{
    int sum = 0;
    bool twice = false;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        int d = *it - '0';
        if (twice) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
        twice = !twice;
    }
    return sum % 10 == 0;
}

enum class RedactedKind
{
    None,
    Ssn,
    Card,
    Phone
};

// Classifies the groups [first, last) of a run; `plus`/`paren` say whether the run starts
// with '+' or '(' (only when first == 0).
RedactedKind classify(std::string_view text, const std::vector<Group> &groups, std::size_t first,
    std::size_t last, bool plus, bool paren)
{
    std::vector<std::size_t> sizes;
    std::string digits;
    bool parenSeps = paren;
    for (std::size_t g = first; g < last; ++g) {
        sizes.push_back(groups[g].end - groups[g].begin);
        digits.append(text.substr(groups[g].begin, groups[g].end - groups[g].begin));
        if (g > first && groups[g].sepBefore.find_first_of("()") != std::string_view::npos)
            parenSeps = true;
    }
    auto sameSeparators = [&](std::string_view allowed) {
        if (last - first < 2)
            return true;
        const std::string_view sep = groups[first + 1].sepBefore;
        if (sep.size() != 1 || allowed.find(sep[0]) == std::string_view::npos)
            return false;
        for (std::size_t g = first + 2; g < last; ++g) {
            if (groups[g].sepBefore != sep)
                return false;
        }
        return true;
    };
    if (!plus && !parenSeps) {
        if (sizes == std::vector<std::size_t> {3, 2, 4} && sameSeparators(" -")) {
            const std::string_view area = std::string_view(digits).substr(0, 3);
            if (area != "000" && area != "666" && area[0] != '9' && digits.substr(3, 2) != "00"
                && digits.substr(5, 4) != "0000")
                return RedactedKind::Ssn;
        }
        if (digits.size() >= 13 && digits.size() <= 19 && sameSeparators(" -")
            && std::all_of(sizes.begin(), sizes.end(), [](std::size_t s) { return s >= 3; })
            && luhn(digits))
            return RedactedKind::Card;
    }
    // North American numbers: [1] ddd ddd dddd, written with separators or parentheses.
    std::size_t n = 0;
    if (sizes.size() == 4 && digits[0] == '1' && sizes[0] == 1)
        n = 1;
    else if (plus)
        n = sizes.size(); // "+1" must be a group of its own: handled by the international rule
    if (sizes.size() - n == 3 && sizes[n] == 3 && sizes[n + 1] == 3 && sizes[n + 2] == 4
        && (!plus || n == 1)) {
        bool sepsOk = true;
        for (std::size_t g = first + 1; g < last; ++g) {
            const std::string_view sep = groups[g].sepBefore;
            if (sep != " " && sep != "-" && sep != "." && sep != ") " && sep != ")" && sep != " (")
                sepsOk = false;
        }
        if (sepsOk)
            return RedactedKind::Phone;
    }
    if (plus && digits.size() >= 8 && digits.size() <= 15)
        return RedactedKind::Phone;
    return RedactedKind::None;
}

// Characters that glue a number to what precedes it (so it is part of something else).
bool gluesBefore(char c)
{
    return isAlnum(c) || c == '-' || c == '.' || c == '_' || c == '/' || c == '@' || c == '+'
        || c == '$' || c == '#' || c == ',';
}
bool gluesAfter(char c)
{
    return isAlnum(c) || c == '_' || c == '/' || c == '@' || c == '%';
}

// Reads a run of digit groups starting at text[i] (a digit). Separators: one of " -." or
// "(" / ")" combinations, each followed by a digit.
std::vector<Group> readGroups(std::string_view text, std::size_t i)
{
    std::vector<Group> groups;
    std::string_view sep;
    while (true) {
        Group g;
        g.begin = i;
        while (i < text.size() && isDigit(text[i]))
            ++i;
        g.end = i;
        g.sepBefore = sep;
        groups.push_back(g);
        // A separator: up to two characters among " -.()", then a digit.
        std::size_t j = i;
        while (j < text.size() && j - i < 2
            && std::string_view(" -.()").find(text[j]) != std::string_view::npos)
            ++j;
        if (j == i || j >= text.size() || !isDigit(text[j]) || groups.size() >= 12)
            break;
        sep = text.substr(i, j - i);
        if (sep == ".." || sep == "--" || sep == "  " || sep == "-." || sep == ".-")
            break;
        i = j;
    }
    return groups;
}

const char *marker(RedactedKind kind)
{
    switch (kind) {
    case RedactedKind::Ssn:
        return "<SSN_REDACTED>";
    case RedactedKind::Card:
        return "<CARD_REDACTED>";
    case RedactedKind::Phone:
        return "<PHONE_REDACTED>";
    case RedactedKind::None:
        break;
    }
    return "";
}

// Pass 2: numbers.
std::string redactNumbers(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        bool plus = false;
        bool paren = false;
        std::size_t digitsAt = i;
        if ((c == '+' || c == '(') && i + 1 < text.size() && isDigit(text[i + 1])) {
            plus = c == '+';
            paren = c == '(';
            digitsAt = i + 1;
        } else if (!isDigit(c)) {
            out.push_back(c);
            ++i;
            continue;
        }
        const bool boundary = i == 0 || !gluesBefore(text[i - 1]);
        const std::vector<Group> groups = readGroups(text, digitsAt);
        const std::size_t runEnd = groups.back().end;
        if (!boundary) {
            out.append(text.substr(i, runEnd - i));
            i = runEnd;
            continue;
        }
        // Windows of groups, the longest first; a later window starts after a plain space.
        std::size_t copied = i;
        std::size_t first = 0;
        while (first < groups.size()) {
            RedactedKind found = RedactedKind::None;
            std::size_t foundLast = 0;
            const bool atStart = first == 0;
            for (std::size_t last = std::min(groups.size(), first + 8); last > first; --last) {
                // The window must end where the number ends.
                if (last < groups.size() && groups[last].sepBefore != " ")
                    continue;
                if (last == groups.size() && runEnd < text.size() && gluesAfter(text[runEnd]))
                    continue;
                const RedactedKind kind =
                    classify(text, groups, first, last, atStart && plus, atStart && paren);
                if (kind != RedactedKind::None) {
                    found = kind;
                    foundLast = last;
                    break;
                }
            }
            if (found != RedactedKind::None) {
                const std::size_t begin = atStart ? i : groups[first].begin;
                out.append(text.substr(copied, begin - copied));
                out.append(marker(found));
                copied = groups[foundLast - 1].end;
                first = foundLast;
            } else {
                ++first;
            }
            // The next window may only start after a plain space.
            while (first < groups.size() && groups[first].sepBefore != " ")
                ++first;
        }
        out.append(text.substr(copied, runEnd - copied));
        i = runEnd;
    }
    return out;
}

} // namespace

std::string redactPii(std::string_view text)
{
    if (text.find('@') == std::string_view::npos && std::none_of(text.begin(), text.end(), isDigit))
        return std::string(text);
    const std::string noEmails = redactEmails(text);
    return redactNumbers(noEmails);
}

} // namespace llmcl::tracer
