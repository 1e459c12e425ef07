// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/evalscratch.h"

#include "engine/limits.h"
#include "engine/regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <algorithm>
#include <cstring>
#include <new>
#include <pcre2.h>
#include <utility>

namespace llmcl::engine {

namespace {

// LANGUAGE.md §6, verbatim.
constexpr std::string_view kEmailPattern = R"(^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$)";
constexpr std::string_view kUrlPattern = R"(^https?://[^\s/$.?#].[^\s]*$)";

} // namespace

struct EvalScratch::RegexCacheEntry
{
    std::string pattern;
    std::unique_ptr<Regex> regex; // null when the pattern is invalid
    RegexError error;
};

EvalScratch::EvalScratch()
{
    m_matchData = pcre2_match_data_create(64, nullptr);
    m_matchContext = pcre2_match_context_create(nullptr);
    m_jitStack = pcre2_jit_stack_create(32 * 1024, 512 * 1024, nullptr);
    if (!m_matchData || !m_matchContext) {
        // The destructor does not run for a constructor that throws: free what was made.
        pcre2_match_data_free(m_matchData);
        pcre2_match_context_free(m_matchContext);
        pcre2_jit_stack_free(m_jitStack);
        throw std::bad_alloc();
    }
    pcre2_set_match_limit(m_matchContext, limits::kRegexCallSteps);
    resetRegexBudget();
    pcre2_set_depth_limit(m_matchContext, kDepthLimit);
    pcre2_set_heap_limit(m_matchContext, kHeapLimitKiB);
    // Without a stack of its own the JIT uses 32 KiB of the machine stack, too little for
    // some legitimate patterns on long texts. A null stack (allocation failed) falls back to
    // that default, which is still bounded.
    if (m_jitStack)
        pcre2_jit_stack_assign(m_matchContext, nullptr, m_jitStack);
    m_regexCache.reserve(kRegexCacheSize);
}

EvalScratch::~EvalScratch()
{
    pcre2_match_data_free(m_matchData);
    pcre2_match_context_free(m_matchContext);
    pcre2_jit_stack_free(m_jitStack);
}

const Regex *EvalScratch::regex(std::string_view pattern, RegexError *error)
{
    for (const RegexCacheEntry &entry : m_regexCache) {
        if (entry.pattern == pattern) {
            if (!entry.regex && error)
                *error = entry.error;
            return entry.regex.get();
        }
    }
    RegexCacheEntry entry;
    entry.pattern.assign(pattern);
    entry.regex = Regex::compile(pattern, &entry.error);
    if (!entry.regex && error)
        *error = entry.error;
    // Round-robin eviction: cheap, and a contract has far fewer dynamic patterns than slots.
    if (m_regexCache.size() < kRegexCacheSize) {
        m_regexCache.push_back(std::move(entry));
        return m_regexCache.back().regex.get();
    }
    RegexCacheEntry &slot = m_regexCache[m_nextEviction];
    m_nextEviction = (m_nextEviction + 1) % kRegexCacheSize;
    slot = std::move(entry);
    return slot.regex.get();
}

void EvalScratch::resetRegexBudget() noexcept
{
    m_regexBudget = limits::kRegexClauseSteps;
}

void EvalScratch::setMatchLimit(std::uint32_t steps) noexcept
{
    pcre2_set_match_limit(m_matchContext, steps);
}

// The built-in patterns are constants that compile wherever PCRE2 has Unicode support; a
// PCRE2 without it gives nullptr here and a clause error there, never an exception.
const Regex *EvalScratch::emailRegex()
{
    if (!m_emailRegex)
        m_emailRegex = Regex::compile(kEmailPattern, nullptr);
    return m_emailRegex.get();
}

const Regex *EvalScratch::urlRegex()
{
    if (!m_urlRegex)
        m_urlRegex = Regex::compile(kUrlPattern, nullptr);
    return m_urlRegex.get();
}

const Value *EvalScratch::rememberedCase(std::string_view text, bool upper) const noexcept
{
    for (const CaseEntry &entry : m_caseCache)
        if (entry.used && entry.upper == upper && entry.text == text)
            return &entry.converted;
    return nullptr;
}

void EvalScratch::rememberCase(std::string_view text, bool upper, const Value &converted)
{
    if (text.size() > kCaseCacheBytes)
        return;
    CaseEntry &entry = m_caseCache[m_nextCaseEntry];
    m_nextCaseEntry = (m_nextCaseEntry + 1) % m_caseCache.size();
    entry.text.assign(text);
    entry.converted = converted;
    entry.upper = upper;
    entry.used = true;
}

} // namespace llmcl::engine
