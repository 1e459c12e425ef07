// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/regex.h"

#include "engine/evalscratch.h"
#include "engine/limits.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <algorithm>
#include <array>
#include <pcre2.h>
#include <string>

namespace llmcl::engine {

namespace {

constexpr std::uint32_t kCompileOptions = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;

std::string pcre2Message(int code)
{
    std::array<PCRE2_UCHAR, 256> buffer {};
    const int length = pcre2_get_error_message(code, buffer.data(), buffer.size());
    if (length < 0)
        return "PCRE2 error " + std::to_string(code);
    return std::string(
        reinterpret_cast<const char *>(buffer.data()), static_cast<std::size_t>(length));
}

std::string budgetExhausted()
{
    return "regex work of this clause over its budget (" + std::to_string(limits::kRegexClauseSteps)
        + " steps across all its regex calls)";
}

// The messages of the limits: the user's pattern was too expensive on this text.
std::string matchFailure(int rc)
{
    switch (rc) {
    case PCRE2_ERROR_MATCHLIMIT:
        return "regex match limit exceeded";
    case PCRE2_ERROR_DEPTHLIMIT:
        return "regex depth limit exceeded";
    case PCRE2_ERROR_HEAPLIMIT:
        return "regex heap limit exceeded";
    case PCRE2_ERROR_JIT_STACKLIMIT:
        return "regex JIT stack limit exceeded";
    default:
        return "regex match failed: " + pcre2Message(rc);
    }
}

pcre2_code *compileCode(
    std::string_view pattern, std::uint32_t options, RegexError *error, bool jit = true)
{
    int code = 0;
    PCRE2_SIZE offset = 0;
    pcre2_code *compiled = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()),
        pattern.size(), kCompileOptions | options, &code, &offset, nullptr);
    if (!compiled) {
        if (error)
            *error = {pcre2Message(code), static_cast<std::size_t>(offset)};
        return nullptr;
    }
    // Without JIT support (some architectures, or W^X systems) pcre2_match interprets the
    // pattern: slower, equally bounded.
    if (jit)
        pcre2_jit_compile(compiled, PCRE2_JIT_COMPLETE);
    return compiled;
}

// One PCRE2 match charged to the clause's regex budget (limits.h): tried under a small match
// limit first, then under 32 times more, up to a call's limit; the call is charged every limit
// it ran under, so what a clause may spend is deterministic.
MatchOutcome runMatch(const pcre2_code *code, std::string_view subject, EvalScratch &scratch,
    std::string &error, std::size_t start, std::uint32_t options)
{
    const auto *text = reinterpret_cast<PCRE2_SPTR>(subject.data());
    std::uint32_t limit = limits::kRegexProbeSteps;
    for (;;) {
        const std::uint64_t budget = scratch.regexBudget();
        if (budget == 0) {
            error = budgetExhausted();
            return MatchOutcome::Failed;
        }
        const auto steps = static_cast<std::uint32_t>(std::min<std::uint64_t>(limit, budget));
        scratch.setMatchLimit(steps);
        int rc = pcre2_match(code, text, subject.size(), start, options, scratch.matchData(),
            scratch.matchContext());
        // The JIT keeps its backtracking state on a fixed stack (512 KiB): a legitimate
        // pattern such as `(\w+\s?)*$` on a long text can outgrow it. The interpreter keeps
        // that state on the heap, bounded by the depth and heap limits: a second chance.
        if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
            rc = pcre2_match(code, text, subject.size(), start, options | PCRE2_NO_JIT,
                scratch.matchData(), scratch.matchContext());
        scratch.chargeRegex(steps);
        if (rc == PCRE2_ERROR_MATCHLIMIT) {
            if (steps < limit) {
                error = budgetExhausted();
                return MatchOutcome::Failed;
            }
            if (limit < limits::kRegexCallSteps) {
                limit *= 32;
                continue;
            }
        }
        if (rc >= 0) // 0: more groups than the match data holds; group 0 and the first 63 set
            return MatchOutcome::Matched;
        if (rc == PCRE2_ERROR_NOMATCH)
            return MatchOutcome::NoMatch;
        error = matchFailure(rc);
        return MatchOutcome::Failed;
    }
}

} // namespace

bool Regex::validate(std::string_view pattern, RegexError *error)
{
    pcre2_code *code = compileCode(pattern, 0, error, false);
    pcre2_code_free(code);
    return code != nullptr;
}

std::unique_ptr<Regex> Regex::compile(std::string_view pattern, RegexError *error, RegexUse use)
{
    std::unique_ptr<Regex> regex(new Regex);
    regex->m_pattern.assign(pattern);
    regex->m_code = compileCode(pattern, 0, error);
    if (!regex->m_code)
        return nullptr;
    regex->m_prefilter = detail::RegexPrefilter::fromPattern(pattern);
    pcre2_pattern_info(regex->m_code, PCRE2_INFO_CAPTURECOUNT, &regex->m_groupCount);
    if (use == RegexUse::Search)
        return regex; // fullMatch() then anchors at match time, without the JIT
    // Python's fullmatch: the whole subject, with backtracking into the pattern to get there
    // (the same as `\A(?:p)\z`). A second compiled form rather than match-time PCRE2_ANCHORED,
    // which would switch the JIT off.
    regex->m_fullCode = compileCode(pattern, PCRE2_ANCHORED | PCRE2_ENDANCHORED, error);
    if (!regex->m_fullCode)
        return nullptr;
    pcre2_pattern_info(regex->m_code, PCRE2_INFO_CAPTURECOUNT, &regex->m_groupCount);
    return regex;
}

Regex::~Regex()
{
    pcre2_code_free(m_code);
    pcre2_code_free(m_fullCode);
}

std::optional<std::uint32_t> Regex::groupNumber(std::string_view name) const
{
    // PCRE2 wants a NUL-terminated name; group names are at most 128 code units.
    std::array<char, 136> buffer {};
    if (name.size() >= buffer.size() || name.find('\0') != std::string_view::npos)
        return std::nullopt;
    name.copy(buffer.data(), name.size());
    const int number =
        pcre2_substring_number_from_name(m_code, reinterpret_cast<PCRE2_SPTR>(buffer.data()));
    if (number < 0)
        return std::nullopt;
    return static_cast<std::uint32_t>(number);
}

MatchOutcome Regex::search(std::string_view subject, EvalScratch &scratch, std::string &error,
    std::size_t start, bool notEmptyAtStart, bool asciiSubject) const
{
    // A match lies at or after `start`, and so do the literals it contains.
    if (m_prefilter && start <= subject.size()
        && !m_prefilter->mayMatch(subject.substr(start), asciiSubject))
        return MatchOutcome::NoMatch;
    return runMatch(
        m_code, subject, scratch, error, start, notEmptyAtStart ? PCRE2_NOTEMPTY_ATSTART : 0);
}

MatchOutcome Regex::fullMatch(
    std::string_view subject, EvalScratch &scratch, std::string &error, bool asciiSubject) const
{
    if (m_prefilter && !m_prefilter->mayMatch(subject, asciiSubject))
        return MatchOutcome::NoMatch;
    if (!m_fullCode)
        return runMatch(m_code, subject, scratch, error, 0, PCRE2_ANCHORED | PCRE2_ENDANCHORED);
    return runMatch(m_fullCode, subject, scratch, error, 0, 0);
}

std::optional<RegexSpan> Regex::group(const EvalScratch &scratch, std::uint32_t n) noexcept
{
    pcre2_match_data *data = scratch.matchData();
    if (n >= pcre2_get_ovector_count(data))
        return std::nullopt;
    const PCRE2_SIZE *ovector = pcre2_get_ovector_pointer(data);
    if (ovector[2 * n] == PCRE2_UNSET)
        return std::nullopt;
    return RegexSpan {ovector[2 * n], ovector[2 * n + 1]};
}

bool Regex::substitute(std::string_view subject, std::string_view replacement, EvalScratch &scratch,
    std::string &out, std::string &error) const
{
    // One search per match (each charged to the clause's regex budget, as find_all's are),
    // PCRE2 expanding the replacement for the match just found.
    out.clear();
    std::size_t copied = 0; // bytes of the subject before this are in `out`
    bool expanded = true;
    const MatchOutcome outcome = forEachMatch(subject, scratch, error, [&] {
        const RegexSpan whole = *group(scratch, 0);
        out.append(subject.substr(copied, whole.begin - copied));
        copied = whole.end;
        expanded = expand(subject, replacement, scratch, out, error);
        return expanded;
    });
    if (outcome == MatchOutcome::Failed || !expanded) {
        out.clear();
        return false;
    }
    if (out.size() + (subject.size() - copied) > limits::kStringBytes) {
        out.clear();
        error = tooLarge();
        return false;
    }
    out.append(subject.substr(copied));
    return true;
}

std::string Regex::tooLarge()
{
    return "regex_replace(): result too large (over 16 MiB)";
}

bool Regex::expand(std::string_view subject, std::string_view replacement, EvalScratch &scratch,
    std::string &out, std::string &error) const
{
    constexpr std::uint32_t options = PCRE2_SUBSTITUTE_MATCHED | PCRE2_SUBSTITUTE_REPLACEMENT_ONLY
        | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH;
    const std::size_t base = out.size();
    // Room for the usual expansion (resize grows the capacity geometrically); on overflow
    // PCRE2 says how much it needs.
    out.resize(base + replacement.size() + 64);
    for (int attempt = 0; attempt < 2; ++attempt) {
        PCRE2_SIZE length = out.size() - base;
        const int rc = pcre2_substitute(m_code, reinterpret_cast<PCRE2_SPTR>(subject.data()),
            subject.size(), 0, options, scratch.matchData(), scratch.matchContext(),
            reinterpret_cast<PCRE2_SPTR>(replacement.data()), replacement.size(),
            reinterpret_cast<PCRE2_UCHAR *>(out.data() + base), &length);
        if (rc >= 0) {
            out.resize(base + length);
            if (out.size() > limits::kStringBytes) {
                error = tooLarge();
                return false;
            }
            return true;
        }
        if (rc == PCRE2_ERROR_NOMEMORY && attempt == 0) {
            if (length > limits::kStringBytes - std::min(base, limits::kStringBytes)) {
                out.resize(base);
                error = tooLarge();
                return false;
            }
            out.resize(base + length);
            continue;
        }
        out.resize(base);
        error = "invalid regex replacement: " + pcre2Message(rc);
        return false;
    }
    out.resize(base);
    error = "regex replacement failed";
    return false;
}

} // namespace llmcl::engine
