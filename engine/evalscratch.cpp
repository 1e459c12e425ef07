// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/evalscratch.h"

#include "engine/json.h"
#include "engine/jsondom.h"
#include "engine/limits.h"
#include "engine/regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <algorithm>
#include <cstring>
#include <new>
#include <pcre2.h>
#include <simdjson.h>
#include <utility>

namespace llmcl::engine {

namespace {

// LANGUAGE.md §6, verbatim.
constexpr std::string_view kEmailPattern = R"(^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$)";
constexpr std::string_view kUrlPattern = R"(^https?://[^\s/$.?#].[^\s]*$)";


// "invalid JSON: <simdjson's message>", one line without a trailing period.
std::string jsonError(simdjson::error_code code)
{
    std::string message = std::string("invalid JSON: ") + simdjson::error_message(code);
    while (!message.empty() && (message.back() == '.' || message.back() == ' '))
        message.pop_back();
    return message;
}

} // namespace

struct EvalScratch::RegexCacheEntry
{
    std::string pattern;
    std::unique_ptr<Regex> regex; // null when the pattern is invalid
    RegexError error;
};

struct EvalScratch::Json
{
    simdjson::dom::parser parser;
    std::unique_ptr<char[]> buffer;
    std::size_t capacity = 0; // bytes usable before the padding

    // Copies text into the padded buffer (growing it only when needed) and parses it.
    simdjson::simdjson_result<simdjson::dom::element> parse(std::string_view text)
    {
        if (!buffer || text.size() > capacity) { // also the first call, with an empty text
            const std::size_t newCapacity = std::max(text.size(), 2 * capacity);
            buffer.reset(new char[newCapacity + simdjson::SIMDJSON_PADDING]);
            capacity = newCapacity;
        }
        std::memcpy(buffer.get(), text.data(), text.size());
        // simdjson reads (but ignores) the padding; zero it so that tools such as valgrind see
        // no uninitialised reads.
        std::memset(buffer.get() + text.size(), 0, simdjson::SIMDJSON_PADDING);
        return parser.parse(buffer.get(), text.size(), false);
    }
};

EvalScratch::EvalScratch()
    : m_json(std::make_unique<Json>())
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

bool EvalScratch::jsonValid(std::string_view text)
{
    return m_json->parse(text).error() == simdjson::SUCCESS;
}

bool EvalScratch::jsonParse(std::string_view text, Value &out, std::string &error)
{
    simdjson::dom::element root;
    if (m_json->parse(text).get(root) != simdjson::SUCCESS) {
        // Numbers simdjson refuses, or an error to locate: engine::parseJson knows both.
        if (parseJson(text, out, error))
            return true;
        error = "invalid JSON: " + error;
        return false;
    }
    out = detail::jsonDomToValue(root);
    return true;
}

JsonLookup EvalScratch::jsonFind(
    std::string_view text, std::span<const JsonPathStep> path, Value *out, std::string &error)
{
    simdjson::dom::element current;
    if (const auto code = m_json->parse(text).get(current); code != simdjson::SUCCESS) {
        error = jsonError(code);
        return JsonLookup::Invalid;
    }
    for (const JsonPathStep &step : path) {
        if (step.isIndex) {
            simdjson::dom::array array;
            if (current.get_array().get(array) != simdjson::SUCCESS)
                return JsonLookup::Missing;
            const auto size = static_cast<std::int64_t>(array.size());
            const std::int64_t index = step.index < 0 ? step.index + size : step.index;
            if (index < 0 || index >= size)
                return JsonLookup::Missing;
            if (array.at(static_cast<std::size_t>(index)).get(current) != simdjson::SUCCESS)
                return JsonLookup::Missing;
        } else {
            simdjson::dom::object object;
            if (current.get_object().get(object) != simdjson::SUCCESS)
                return JsonLookup::Missing;
            // The last of repeated keys, as jsonParse() keeps it (at_key() finds the first).
            bool found = false;
            for (simdjson::dom::key_value_pair field : object) {
                if (field.key == step.key) {
                    current = field.value;
                    found = true;
                }
            }
            if (!found)
                return JsonLookup::Missing;
        }
    }
    if (out)
        *out = detail::jsonDomToValue(current);
    return JsonLookup::Found;
}

} // namespace llmcl::engine
