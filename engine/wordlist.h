// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/value.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace llmcl::engine {

namespace detail {
class WordAutomaton;
}

// Where a word list's item occurs in a text. Offsets in bytes, 0-based, into the text searched.
struct WordListHit
{
    std::uint32_t item = 0; // index into the list as given
    std::size_t begin = 0;
    std::size_t end = 0;
};

// Per-thread working memory of WordList::search(): the case-folded text and its offset map.
// Not thread-safe: each evaluating thread owns one (EvalScratch).
class WordListScratch
{
public:
    WordListScratch() = default;
    WordListScratch(const WordListScratch &) = delete;
    WordListScratch &operator=(const WordListScratch &) = delete;

    // The bytes of text case-folded for searches so far (tests and benchmarks: an ASCII text
    // needs none).
    std::size_t foldedBytes() const noexcept { return m_foldedBytes; }

private:
    friend class WordList;
    std::string m_folded;
    std::vector<std::uint32_t> m_origins;
    std::size_t m_foldedBytes = 0;
};

// The items of a `contains_any` / `find_any` list (LANGUAGE.md §6), prepared for searching:
// case-folded when ignore_case, duplicates merged (the earlier item wins). A list built with
// `multiPattern` (constant lists: the compiler builds one per distinct list of a compiled set)
// is searched in one pass over the text for all its items, by an Aho-Corasick automaton built
// on the first search, not when the contract is compiled, so that checking a contract with a
// 100,000-word list while typing stays fast. Other lists (computed at run time) are searched
// item by item. Both give the same answers (tests/engine/tst_wordlist.cpp compares them).
// Vectorscan was the plan for the one-pass search; the version Debian 13 ships (5.4.11) misses
// matches of multi-literal databases on x86 (docs/language-decisions.md, "Word lists").
//
// Immutable after build() but for the lazily built automaton (std::call_once): one list may be
// searched from several threads, each with its own scratch.
class WordList
{
public:
    // nullptr with `error` set when an item is not a string: "item 3 of the list is int, not a
    // string" (0-based, as LLMCL indexes lists).
    static std::shared_ptr<const WordList> build(
        std::span<const Value> items, bool ignoreCase, bool multiPattern, std::string &error);

    ~WordList();
    WordList(const WordList &) = delete;
    WordList &operator=(const WordList &) = delete;

    enum class Search : std::uint8_t
    {
        Any, // contains_any: some occurrence, whichever is found first
        Leftmost, // find_any: the leftmost occurrence, the longest item there, the earlier item
        LeftmostFirst, // a regex alternation (PCRE2's order): the leftmost, the earliest item
    };

    // Which occurrences count for searchFrom(): call(context, begin, end) with byte offsets
    // into the text searched.
    struct Filter
    {
        bool (*call)(const void *context, std::size_t begin, std::size_t end) = nullptr;
        const void *context = nullptr;
    };

    // Searches `text` (UTF-8; `textIsAscii` when it is known to be ASCII, which spares folding
    // it). With wholeWords an occurrence counts only without a word character
    // (casefold::isWordCharacter) right before or after it. Returns whether an item occurs,
    // with `hit` set. Never throws; allocates only into the scratch's buffers.
    bool search(std::string_view text, bool textIsAscii, bool wholeWords, Search mode,
        WordListScratch &scratch, WordListHit &hit) const;

    // The best occurrence by `mode` (not Any) of a non-empty item that begins at or after byte
    // `start` of `text` and that `filter` accepts; the "" item is left to the caller (see
    // emptyItem()). For a list built with `multiPattern` only (one pass of the automaton over
    // text[start..]); what RegexLiteralSet patterns run on. Offsets in `hit` are into `text`.
    bool searchFrom(std::string_view text, std::size_t start, bool textIsAscii, Search mode,
        Filter filter, WordListScratch &scratch, WordListHit &hit) const;
    // The first "" item of the list, or UINT32_MAX when there is none.
    std::uint32_t emptyItem() const noexcept { return m_emptyItem; }

    bool ignoreCase() const noexcept { return m_ignoreCase; }
    std::size_t size() const noexcept { return m_size; } // items given, duplicates included
    // "automaton" when searches make one pass over the text for all items, "items" when they
    // search item by item (a list computed at run time).
    std::string_view engineName() const;
    // Bytes the automaton takes (0 before the first search or for an item-by-item list).
    std::size_t automatonBytes() const;

private:
    struct Pattern
    {
        std::string text; // case-folded when ignoreCase
        std::uint32_t item; // the first item with this text
    };
    WordList() = default;
    const detail::WordAutomaton *automaton() const;
    // The text the automaton scans: `text` itself, or its case folding in the scratch (then
    // *origins maps offsets in it back into text).
    std::string_view searchedText(std::string_view text, bool textIsAscii, bool automaton,
        WordListScratch &scratch, const std::vector<std::uint32_t> *&origins) const;
    bool searchEachItem(std::string_view searched, std::string_view original,
        const std::vector<std::uint32_t> *origins, bool wholeWords, Search mode,
        WordListHit &best) const;

    std::vector<Pattern> m_patterns; // non-empty texts, in list order of their first item
    std::uint32_t m_emptyItem = UINT32_MAX; // the first "" item, if any
    std::size_t m_size = 0;
    std::size_t m_longest = 0; // bytes of the longest pattern
    bool m_ignoreCase = false;
    bool m_multiPattern = false;
    mutable std::once_flag m_built;
    mutable std::unique_ptr<detail::WordAutomaton> m_automaton;
};

} // namespace llmcl::engine
