// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/value.h"

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

// One step of a JSON path (`.name`, `['name']`, `[index]`).
struct JsonPathStep
{
    std::string_view key; // views the path text, or `unescapedKey` when the key had escapes
    std::string unescapedKey;
    std::int64_t index = 0; // negative counts from the end, as in Python
    bool isIndex = false;
};

// The outcome of looking a path up in a JSON text.
enum class JsonLookup : std::uint8_t
{
    Found,
    Missing, // the text is JSON but the path leads nowhere
    Invalid, // the text is not JSON
};

// Working memory for evaluation: PCRE2 match data, match context (with the limits below) and
// JIT stack, a cache of regexes compiled from non-literal patterns, and a JSON parser with its
// padded input buffer. Reused across calls and turns, so that after warm-up the built-ins on
// the hot path do not allocate.
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

    // A reusable text buffer (regex_replace's output, case conversion, …): callers clear() it
    // and must not keep a view into it beyond their call.
    std::string &textBuffer() noexcept { return m_textBuffer; }
    // A reusable vector for parsed JSON paths.
    std::vector<JsonPathStep> &pathSteps() noexcept { return m_pathSteps; }

    // JSON with simdjson (RFC 8259: no NaN/Infinity, no comments). The text is copied into a
    // reused padded buffer, so these allocate only when a text is longer than any before.
    bool jsonValid(std::string_view text);
    // Converts the JSON `text` to a Value: objects become maps in document order (a repeated
    // key keeps its first position and its last value, as Python's json.loads), arrays lists,
    // integers that fit 64 bits ints, other numbers floats. False with `error` set when the
    // text is not JSON.
    bool jsonParse(std::string_view text, Value &out, std::string &error);
    // Follows `path` in the JSON `text`; on Found stores the value in *out (when out is not
    // null). `error` is set on Invalid.
    JsonLookup jsonFind(
        std::string_view text, std::span<const JsonPathStep> path, Value *out, std::string &error);

private:
    struct RegexCacheEntry;
    struct Json;

    pcre2_real_match_data_8 *m_matchData = nullptr;
    pcre2_real_match_context_8 *m_matchContext = nullptr;
    pcre2_real_jit_stack_8 *m_jitStack = nullptr;
    std::vector<RegexCacheEntry> m_regexCache;
    std::size_t m_nextEviction = 0;
    std::unique_ptr<Regex> m_emailRegex;
    std::unique_ptr<Regex> m_urlRegex;
    std::unique_ptr<Json> m_json;
    std::string m_textBuffer;
    std::vector<JsonPathStep> m_pathSteps;
    std::uint64_t m_regexBudget = 0;
};

} // namespace llmcl::engine
