// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later

// libFuzzer target, differential: a regex that is an alternation of plain literals runs on
// PCRE2 and on the word-list automaton (RegexEngine::LiteralSet), and both must say the same:
// the search's groups, the full match, every match of find_all and a replacement. Aborts on
// the first difference, printing both answers.
//
// Input: one byte of flags (bit 0 `(?i)`, bit 1 `\b` before, bit 2 `\b` after, bits 3-4 the
// group: capturing, non-capturing, none), then the alternatives separated by 0x01, then 0x00
// and the subject. Metacharacters of the alternatives are escaped; inputs the literal set does
// not cover (ill-formed UTF-8 in an alternative; with `\b`, in the subject:
// docs/language-decisions.md says why) and patterns PCRE2 refuses are skipped.
#include "engine/evalscratch.h"
#include "engine/regex.h"
#include "engine/utf8.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

namespace {

using namespace llmcl::engine;

std::string answers(const Regex &regex, std::string_view subject, EvalScratch &scratch)
{
    std::string out;
    std::string error;
    auto spans = [&] {
        for (std::uint32_t g = 0; g <= regex.groupCount(); ++g) {
            const auto span = Regex::group(scratch, g);
            out += span ? std::to_string(span->begin) + "-" + std::to_string(span->end) : "unset";
            out += ' ';
        }
    };
    scratch.resetRegexBudget();
    out += "search:";
    if (regex.search(subject, scratch, error) == MatchOutcome::Matched)
        spans();
    out += "full:";
    if (regex.fullMatch(subject, scratch, error) == MatchOutcome::Matched)
        spans();
    out += "all:";
    const MatchOutcome all = regex.forEachMatch(subject, scratch, error, [&] {
        spans();
        return true;
    });
    if (all == MatchOutcome::Failed)
        return "failed"; // a limit: the budget of the PCRE2 side
    std::string replaced;
    out += "replace:";
    out += regex.substitute(subject, "<$0|${1}>", scratch, replaced, error) ? replaced : error;
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1)
        return 0;
    const std::string_view input(reinterpret_cast<const char *>(data + 1), size - 1);
    const unsigned flags = data[0];
    const std::size_t separator = input.find('\0');
    const std::string_view alternatives = input.substr(0, separator);
    const std::string_view subject =
        separator == std::string_view::npos ? std::string_view() : input.substr(separator + 1);
    const bool bounded = (flags & 6) != 0;
    if (!utf8::isValid(alternatives) || (bounded && !utf8::isValid(subject)))
        return 0;

    std::string pattern = flags & 1 ? "(?i)" : "";
    pattern += flags & 2 ? "\\b" : "";
    const unsigned group = (flags >> 3) & 3;
    if (group == 2 && bounded && alternatives.find('\1') != std::string_view::npos)
        return 0; // `\ba|b\b` is not one alternation
    pattern += group == 0 || group == 3 ? "(" : group == 1 ? "(?:" : "";
    for (const char c : alternatives) {
        if (c == '\1') {
            pattern += '|';
            continue;
        }
        if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos)
            pattern += '\\';
        pattern += c;
    }
    pattern += group == 2 ? "" : ")";
    pattern += flags & 4 ? "\\b" : "";

    RegexError error;
    const auto pcre2 = Regex::compile(pattern, &error, RegexUse::Both, RegexEngine::Pcre2);
    if (!pcre2)
        return 0;
    const auto literals = Regex::compile(pattern, &error, RegexUse::Both, RegexEngine::LiteralSet);
    if (!literals) {
        std::fprintf(stderr, "llmcl-fuzz-regex: %s is no literal set: %s\n", pattern.c_str(),
            error.message.c_str());
        std::abort();
    }
    EvalScratch scratch;
    const std::string expected = answers(*pcre2, subject, scratch);
    if (expected == "failed")
        return 0;
    const std::string actual = answers(*literals, subject, scratch);
    if (expected != actual) {
        std::fprintf(stderr,
            "llmcl-fuzz-regex: the engines disagree on %s\n  pcre2:   %s\n"
            "  literal: %s\n",
            pattern.c_str(), expected.c_str(), actual.c_str());
        std::abort();
    }
    return 0;
}
