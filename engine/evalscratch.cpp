// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/evalscratch.h"

#include "engine/regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <algorithm>
#include <cstring>
#include <new>
#include <pcre2.h>
#include <stdexcept>
#include <utility>

namespace llmcl::engine {

namespace {

// LANGUAGE.md §6, verbatim.
constexpr std::string_view kEmailPattern = R"(^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$)";
constexpr std::string_view kUrlPattern = R"(^https?://[^\s/$.?#].[^\s]*$)";

std::unique_ptr<Regex> compileBuiltinPattern(std::string_view pattern)
{
    RegexError error;
    std::unique_ptr<Regex> regex = Regex::compile(pattern, &error);
    if (!regex) // the patterns are constants that compile everywhere PCRE2 has Unicode support
        throw std::logic_error("built-in pattern does not compile: " + error.message);
    return regex;
}

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
    if (!m_matchData || !m_matchContext)
        throw std::bad_alloc();
    pcre2_set_match_limit(m_matchContext, kMatchLimit);
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

const Regex &EvalScratch::emailRegex()
{
    if (!m_emailRegex)
        m_emailRegex = compileBuiltinPattern(kEmailPattern);
    return *m_emailRegex;
}

const Regex &EvalScratch::urlRegex()
{
    if (!m_urlRegex)
        m_urlRegex = compileBuiltinPattern(kUrlPattern);
    return *m_urlRegex;
}

} // namespace llmcl::engine
