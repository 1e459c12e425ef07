// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/json.h"
#include "engine/value.h"
#include "engine/wordlist.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// PCRE2's opaque types, declared here so that only regex.cpp and evalscratch.cpp see pcre2.h.
struct pcre2_real_match_data_8;
struct pcre2_real_match_context_8;
struct pcre2_real_jit_stack_8;

namespace llmcl::engine {

class Regex;
struct RegexError;

// Working memory for evaluation: PCRE2 match data, match context (with the limits below) and
// JIT stack, a cache of regexes compiled from non-literal patterns, and reusable buffers.
// Reused across calls and turns, so that after warm-up the built-ins on the hot path do not
// allocate.
//
// Not thread-safe: each evaluating thread owns one EvalScratch. Not copyable or movable (PCRE2
// keeps pointers into it).
class EvalScratch
{
public:
    // The bounds every regex match runs under (pcre2_set_depth_limit, _heap_limit; the match
    // limit, which counts backtracking steps, is set per call from limits.h: a legitimate
    // pattern on a 1 MiB text stays far below it, `(a+)+$` on 30,000 'a's reaches it in
    // milliseconds).
    static constexpr std::uint32_t kDepthLimit = 100'000;
    static constexpr std::uint32_t kHeapLimitKiB = 64 * 1024;
    // How many regexes compiled from non-literal patterns are kept.
    static constexpr std::size_t kRegexCacheSize = 64;

    // Throws std::bad_alloc when PCRE2 cannot allocate its state (nothing leaks); never
    // during evaluation.
    EvalScratch();
    ~EvalScratch();
    EvalScratch(const EvalScratch &) = delete;
    EvalScratch &operator=(const EvalScratch &) = delete;

    // PCRE2 state for Regex (match data with room for 63 groups; the context carries the
    // limits and the JIT stack).
    pcre2_real_match_data_8 *matchData() const noexcept { return m_matchData; }
    pcre2_real_match_context_8 *matchContext() const noexcept { return m_matchContext; }

    // The regex work left to the clause being evaluated, in PCRE2 match-limit steps
    // (limits::kRegexClauseSteps at the start of each clause evaluation; Regex charges it).
    void resetRegexBudget() noexcept;
    std::uint64_t regexBudget() const noexcept { return m_regexBudget; }
    void chargeRegex(std::uint64_t steps) noexcept
    {
        m_regexBudget = steps < m_regexBudget ? m_regexBudget - steps : 0;
    }
    // Sets the match limit of matchContext() for the next PCRE2 call.
    void setMatchLimit(std::uint32_t steps) noexcept;

    // The compiled form of a non-literal `pattern`, from the cache or compiled now; nullptr
    // with *error set when the pattern is invalid. The pointer stays valid until the next call
    // of regex() (a newer pattern may evict it).
    const Regex *regex(std::string_view pattern, RegexError *error);
    // The regexes of email_valid and url_valid (LANGUAGE.md §6), compiled on first use;
    // nullptr only if PCRE2 lacks Unicode support (the caller reports a clause error).
    const Regex *emailRegex();
    const Regex *urlRegex();

    // lower()/upper() of the texts seen last (a turn's contracts lower the same response and
    // content again and again): the converted value when `text` converted with `upper` is
    // remembered, else nullptr. Entries are compared by content, never by address (a reused
    // buffer may hold another text), and only texts up to kCaseCacheBytes are kept.
    static constexpr std::size_t kCaseCacheBytes = 64 * 1024;
    const Value *rememberedCase(std::string_view text, bool upper) const noexcept;
    void rememberCase(std::string_view text, bool upper, const Value &converted);

    // The working memory of word-list searches (contains_any, find_any).
    WordListScratch &wordListScratch() noexcept { return m_wordLists; }

    // A reusable text buffer (regex_replace's output, case conversion, …): callers clear() it
    // and must not keep a view into it beyond their call.
    std::string &textBuffer() noexcept { return m_textBuffer; }
    // A reusable vector for parsed JSON paths.
    std::vector<JsonPathStep> &pathSteps() noexcept { return m_pathSteps; }

private:
    struct RegexCacheEntry;

    pcre2_real_match_data_8 *m_matchData = nullptr;
    pcre2_real_match_context_8 *m_matchContext = nullptr;
    pcre2_real_jit_stack_8 *m_jitStack = nullptr;
    std::vector<RegexCacheEntry> m_regexCache;
    std::size_t m_nextEviction = 0;
    std::unique_ptr<Regex> m_emailRegex;
    std::unique_ptr<Regex> m_urlRegex;
    std::string m_textBuffer;
    WordListScratch m_wordLists;
    struct CaseEntry
    {
        std::string text;
        Value converted;
        bool upper = false;
        bool used = false;
    };
    std::array<CaseEntry, 4> m_caseCache;
    std::size_t m_nextCaseEntry = 0;
    std::vector<JsonPathStep> m_pathSteps;
    std::uint64_t m_regexBudget = 0;
};

} // namespace llmcl::engine
