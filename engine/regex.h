// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/regexprefilter.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

// PCRE2's opaque types, declared here so that only regex.cpp and evalscratch.cpp see pcre2.h.
struct pcre2_real_code_8;

namespace llmcl::engine {

class EvalScratch;
class WordList;
namespace detail {
class RegexLiteralSet;
}

// Why a pattern did not compile: PCRE2's message and the byte offset (0-based) in the pattern
// where PCRE2 noticed the problem.
struct RegexError
{
    std::string message;
    std::size_t offset = 0;
};

// A matched group: byte offsets (0-based, end exclusive) into the subject.
struct RegexSpan
{
    std::size_t begin = 0;
    std::size_t end = 0;

    std::size_t size() const noexcept { return end - begin; }
};

enum class MatchOutcome : std::uint8_t
{
    NoMatch,
    Matched,
    Failed, // a limit was hit or PCRE2 failed: the error string says which
};

// A compiled PCRE2 pattern (8-bit, UTF + UCP, invalid UTF-8 in subjects tolerated: it never
// matches inside an ill-formed sequence), JIT-compiled when the platform supports it.
//
// Every match runs under the match, depth and heap limits of the EvalScratch it is given, so
// catastrophic backtracking ends with "regex match limit exceeded" instead of hanging.
//
// Immutable after compile(): one Regex may be used from several threads at once, each with its
// own EvalScratch (the results of a match live in the scratch, not in the Regex).
// Which matches a compiled pattern serves fastest: searches (match, extract, find_all,
// regex_replace), whole-text matches (full_match), or both. Every Regex can do both; a
// Search-only one runs fullMatch() without the JIT.
enum class RegexUse : std::uint8_t
{
    Search,
    Both
};

// Which engine matches a pattern. Auto: PCRE2, but a pattern that is an alternation of plain
// literals (detail::RegexLiteralSet) runs on the word-list automaton when PCRE2 refuses it
// (too large) or when it has kLiteralSetAlternatives alternatives or more and its answers do
// not depend on the Unicode version (it is case-sensitive or ASCII). The automaton answers as
// PCRE2 does: the same matches, spans and groups (tests/engine/tst_regexliteralset.cpp
// compares them). Pcre2 and LiteralSet force one engine (LiteralSet fails for a pattern that
// is not a literal set); tests and benchmarks compare them.
enum class RegexEngine : std::uint8_t
{
    Auto,
    Pcre2,
    LiteralSet
};

class Regex
{
public:
    static constexpr std::size_t kLiteralSetAlternatives = 16;

    // Compiles `pattern` (UTF-8). On failure returns nullptr and fills *error (if non-null).
    static std::unique_ptr<Regex> compile(std::string_view pattern, RegexError *error,
        RegexUse use = RegexUse::Both, RegexEngine engine = RegexEngine::Auto);
    // Whether `pattern` compiles (fills *error when not), without building a matcher: what
    // the checker needs, at a fraction of compile()'s cost (no JIT).
    static bool validate(std::string_view pattern, RegexError *error);

    ~Regex();
    Regex(const Regex &) = delete;
    Regex &operator=(const Regex &) = delete;

    std::string_view pattern() const noexcept { return m_pattern; }
    // The engine search(), fullMatch(), forEachMatch() and substitute() run on: "pcre2" or
    // "literal set".
    std::string_view engineName() const noexcept;

    // Number of capturing groups (group 0, the whole match, not included).
    std::uint32_t groupCount() const noexcept { return m_groupCount; }
    // The number of the group called `name`, or std::nullopt when there is none.
    std::optional<std::uint32_t> groupNumber(std::string_view name) const;

    // Searches `subject` from byte offset `start` (a match may begin anywhere at or after it;
    // `^` and lookbehinds still see the text before it). With `notEmptyAtStart` an empty match
    // at `start` is not accepted (how find_all steps past empty matches).
    // `asciiSubject`: the caller knows every byte of `subject` is below 0x80, which lets a
    // caseless pattern skip PCRE2 when none of its required literals occurs (prefilter()).
    MatchOutcome search(std::string_view subject, EvalScratch &scratch, std::string &error,
        std::size_t start = 0, bool notEmptyAtStart = false, bool asciiSubject = false) const;
    // Whether the whole subject matches (Python's re.fullmatch).
    MatchOutcome fullMatch(std::string_view subject, EvalScratch &scratch, std::string &error,
        bool asciiSubject = false) const;

    // The literals one of which every match contains, when the pattern shows them (see
    // RegexPrefilter): search() and fullMatch() look for them before running PCRE2.
    const std::optional<detail::RegexPrefilter> &prefilter() const noexcept { return m_prefilter; }

    // Group `n` of the last Matched search()/fullMatch() made with `scratch`, or std::nullopt
    // when the group did not take part in the match (or n > groupCount()).
    static std::optional<RegexSpan> group(const EvalScratch &scratch, std::uint32_t n) noexcept;

    // Calls onMatch() for every non-overlapping match from left to right, empty matches
    // included, as Python's re.finditer does (an empty match right after a match is kept).
    // onMatch reads the groups through group(scratch, n) and returns false to stop early.
    // `asciiSubject` as for search(): every search after a match then knows it too (a caseless
    // literal set would otherwise fold the rest of the text again for each match).
    template<typename OnMatch>
    MatchOutcome forEachMatch(std::string_view subject, EvalScratch &scratch, std::string &error,
        OnMatch &&onMatch, bool asciiSubject = false) const
    {
        return forEachMatchOn(m_literalSearch, subject, scratch, error, onMatch, asciiSubject);
    }

    // Replaces every match in `subject` by `replacement`, in which `$1`, `${1}`, `${name}` refer
    // to groups and `$$` is a dollar sign (PCRE2's substitution syntax). Writes the result to
    // `out`; returns false with `error` set on a limit (the clause's regex budget, a result
    // over limits::kStringBytes) or an invalid replacement. Matches as forEachMatch() finds
    // them, so empty matches follow Python's re.sub.
    // `asciiSubject` as for forEachMatch().
    bool substitute(std::string_view subject, std::string_view replacement, EvalScratch &scratch,
        std::string &out, std::string &error, bool asciiSubject = false) const;

private:
    Regex() = default;

    template<typename OnMatch>
    MatchOutcome forEachMatchOn(bool literals, std::string_view subject, EvalScratch &scratch,
        std::string &error, OnMatch &&onMatch, bool asciiSubject) const
    {
        std::size_t start = 0;
        bool notEmpty = false;
        bool any = false;
        while (start <= subject.size()) {
            const MatchOutcome outcome = literals
                ? searchLiterals(subject, scratch, start, notEmpty, asciiSubject)
                : searchPcre2(subject, scratch, error, start, notEmpty, asciiSubject);
            if (outcome == MatchOutcome::Failed)
                return outcome;
            if (outcome == MatchOutcome::NoMatch)
                break;
            any = true;
            const RegexSpan whole = *group(scratch, 0);
            if (!onMatch())
                break;
            start = whole.end;
            notEmpty = whole.begin == whole.end;
        }
        return any ? MatchOutcome::Matched : MatchOutcome::NoMatch;
    }

    MatchOutcome searchPcre2(std::string_view subject, EvalScratch &scratch, std::string &error,
        std::size_t start, bool notEmptyAtStart, bool asciiSubject) const;
    // The literal-set engine: search() and fullMatch() on the automaton, group 0 (and group 1
    // when the alternation is a capturing group) written into the scratch's match data.
    MatchOutcome searchLiterals(std::string_view subject, EvalScratch &scratch, std::size_t start,
        bool notEmptyAtStart, bool asciiSubject) const;
    MatchOutcome fullMatchLiterals(
        std::string_view subject, EvalScratch &scratch, bool asciiSubject) const;
    struct LiteralFilter;
    bool boundaryAt(std::string_view subject, std::size_t offset, EvalScratch &scratch) const;
    void setLiteralMatch(EvalScratch &scratch, std::size_t begin, std::size_t end) const;
    bool buildLiteralSet(const std::optional<detail::RegexLiteralSet> &set);
    // PCRE2's substitution syntax for the groups a literal set has: `$$`, `$n`, `${n}`.
    bool expandLiterals(std::string_view subject, std::string_view replacement,
        EvalScratch &scratch, std::string &out, std::string &error) const;

    // Appends `replacement` expanded for the match of the last search() on `subject`.
    bool expand(std::string_view subject, std::string_view replacement, EvalScratch &scratch,
        std::string &out, std::string &error) const;
    static std::string tooLarge();

    std::string m_pattern;
    pcre2_real_code_8 *m_code = nullptr; // for search()
    pcre2_real_code_8 *m_fullCode = nullptr; // anchored at both ends, for fullMatch()
    std::uint32_t m_groupCount = 0;
    std::optional<detail::RegexPrefilter> m_prefilter;
    // The literal-set engine, when the pattern is one and Auto or LiteralSet chose it.
    std::shared_ptr<const WordList> m_literals;
    // `\b` when the alternation has a `\b` on either side, else the empty pattern: where the
    // empty alternative matches, and (anchored) PCRE2's own answer to "is this a boundary".
    pcre2_real_code_8 *m_emptyCode = nullptr;
    pcre2_real_code_8 *m_boundaryCode = nullptr; // `(?s).\b`, for boundaryAt()
    bool m_boundaryBefore = false;
    bool m_boundaryAfter = false;
    bool m_capturing = false;
    bool m_literalSearch = false; // search() and fullMatch() run on m_literals
};

} // namespace llmcl::engine
