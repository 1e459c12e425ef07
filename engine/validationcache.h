// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/turnresult.h"
#include "engine/value.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace llmcl::engine {

namespace detail {
struct CompiledClause;
}

// What one stateless clause evaluation produced, as the cache keeps it.
struct CachedVerdict
{
    static constexpr std::uint32_t kNoNode = 0xffffffffu;

    ClauseStatus status = ClauseStatus::Pass;
    std::string message;
    // Error: the node of the clause's program that failed, kNoNode otherwise. No range is
    // kept: a hit takes the node's range from the clause it serves, so an identical clause
    // elsewhere, or one moved or re-laid out by an edit, reports its own place.
    std::uint32_t errorNode = kNoNode;
    bool held = false; // ensure_prob's result
    bool traced = false; // `values` were recorded
    bool keepsMatchGroup = false; // `matchGroup` was kept (fixing on, the clause has an auto_fix)
    Explanations values; // shared with the verdicts served from this entry
    Value matchGroup; // owned; only when keepsMatchGroup
};

struct CacheStats
{
    std::uint64_t hits = 0;
    std::uint64_t misses = 0; // collisions included
    std::uint64_t evictions = 0;
    std::uint64_t size = 0;
    // Lookups whose key found an entry of another clause or other inputs (a hash collision):
    // served as misses.
    std::uint64_t collisions = 0;
    std::uint64_t bytes = 0; // charged against the byte budget, see ValidationCache
};

// What a cached verdict depends on, as its caller describes it to look it up or store it.
struct VerdictSource
{
    // A hash of everything below: it finds an entry, and is never trusted to identify one.
    std::uint64_t key = 0;
    // Everything about the clause that decides its verdict (detail::clauseIdentity()), from
    // ValidationCacheFront::clauseIdentity(), so that equal clauses are one pointer.
    const std::shared_ptr<const std::string> *clause = nullptr;
    std::uint32_t inputs = 0; // bit i: the verdict depends on values[i]
    const Value *values = nullptr; // indexed by input number; read during the call only
};

// A bounded LRU cache of clause verdicts for the stateless phases (require, ensure and the
// results of ensure_prob; never temporal monitors or windows). An entry is found by a 64-bit
// key: the clause's fingerprint — a hash of its kind, condition, parameters and message, so it
// survives recompiling an unchanged clause — combined with hashes of exactly the inputs the
// clause reads (content, response, context, turn number…). The editor re-checks the same
// sample on every keystroke and only the edited clauses miss; replays of corpora with canned
// responses hit.
//
// The key is not trusted: responses are attacker-influenced and the hash is fast, not
// cryptographic, so a collision can be constructed. An entry keeps the clause's identity and
// an owned copy of each input it was computed from, and is served only when both are equal to
// the looking-up clause's (ValidationCacheFront compares them; a collision costs a miss). The
// copies are shared: all entries stored from one turn keep one copy of its response.
//
// Bounded by entries (`capacity`) and by bytes (`byteBudget`): what the entries keep — their
// inputs, clause identities, messages and explanations — counted once per shard that holds
// them, so the bytes really kept stay below the budget (an input shared by entries in several
// shards is counted in each). An entry that alone exceeds a shard's share is not kept.
//
// Thread-safe: 16 shards, each with its own mutex and LRU list, so replay workers rarely
// contend. Share one cache between evaluators through EvalOptions::cache.
class ValidationCache
{
public:
    static constexpr std::size_t kDefaultByteBudget = std::size_t(64) << 20;

    explicit ValidationCache(
        std::size_t capacity = 65536, std::size_t byteBudget = kDefaultByteBudget);

    CacheStats stats() const;
    // Empties the cache; every ValidationCacheFront forgets its entries too.
    void clear();
    std::size_t capacity() const noexcept { return m_capacity; }
    std::size_t byteBudget() const noexcept { return m_byteBudget; }

    // The shared copy of a clause identity equal to `identity`: equal clauses of different
    // compilations (the editor recompiles on every pause) and evaluators share one string, so
    // a hit compares pointers. Kept while an entry or a caller holds it.
    std::shared_ptr<const std::string> intern(std::string identity);

    // Tests only: every key goes through `keys` first (a constant makes every lookup collide).
    // Set it before the cache is used.
    using KeyFunction = std::uint64_t (*)(std::uint64_t key);
    void setKeyFunctionForTesting(KeyFunction keys) noexcept { m_keys = keys; }

private:
    friend class ValidationCacheFront;

    // One owned input value and what it weighs.
    struct Input
    {
        Value value; // owns all its text
        std::size_t bytes = 0;
    };
    struct Entry
    {
        CachedVerdict verdict;
        std::shared_ptr<const std::string> clause;
        std::uint32_t inputMask = 0;
        std::vector<std::shared_ptr<const Input>> inputs; // one per bit of inputMask, in order
        std::size_t bytes = 0; // own bytes: the verdict's message, explanations, match group
    };
    using EntryPtr = std::shared_ptr<const Entry>;

    struct Shard
    {
        mutable std::mutex mutex;
        std::list<std::pair<std::uint64_t, EntryPtr>> lru; // recent first
        std::unordered_map<std::uint64_t, decltype(lru)::iterator> index;
        // How many of this shard's entries keep each shared input or clause identity: each is
        // counted in `bytes` once.
        std::unordered_map<const void *, std::uint32_t> shared;
        std::size_t bytes = 0;
        std::uint64_t hits = 0;
        std::uint64_t misses = 0;
        std::uint64_t evictions = 0;
    };
    static constexpr std::size_t kShards = 16;

    Shard &shard(std::uint64_t key) noexcept { return m_shards[(key >> 59) % kShards]; }
    std::uint64_t keyOf(std::uint64_t key) const noexcept { return m_keys ? m_keys(key) : key; }

    // The entry for `key`, or null (counted as a hit or a miss).
    EntryPtr lookup(std::uint64_t key);
    // Stores an entry under `key`, replacing the one there; false when it exceeds a shard's
    // share of the byte budget and is not kept.
    bool store(std::uint64_t key, const EntryPtr &entry);
    static void retain(Shard &s, const Entry &entry);
    static void release(Shard &s, const Entry &entry);

    std::size_t m_capacity;
    std::size_t m_byteBudget;
    KeyFunction m_keys = nullptr;
    std::array<Shard, kShards> m_shards;
    std::atomic<std::uint64_t> m_frontHits {0}; // hits served by fronts (counted in stats())
    std::atomic<std::uint64_t> m_collisions {0}; // found by key, refused (counted in stats())
    std::atomic<std::uint64_t> m_generation {0}; // clear() counts up

    std::mutex m_internMutex;
    std::unordered_multimap<std::uint64_t, std::weak_ptr<const std::string>> m_interned;
    std::size_t m_internedLive = 0; // live identities at the last sweep of m_interned
};

// One thread's front of a shared ValidationCache (an Evaluator keeps one): the last 64 entries
// this thread used, found without the shard's lock, hash map and LRU update — the editor
// re-checks the same clauses on every keystroke, and that lookup was half of a hit's cost.
// Every entry, from the front or the shared cache, is served only when its clause identity
// and inputs equal the caller's; the front remembers which stored input copies it found equal
// to the caller's current values, so that the other hits of a turn compare pointers. An entry
// served from the front does not refresh its place in the shared LRU; clear() empties the
// fronts as well. Not thread-safe: one per thread.
class ValidationCacheFront
{
public:
    // The entry for `source` from the front or the shared cache, or null; valid until the
    // next call on this front.
    const CachedVerdict *lookup(ValidationCache &cache, const VerdictSource &source);
    // Stores in the shared cache (with owned copies of the inputs) and keeps the entry in
    // front.
    void store(ValidationCache &cache, const VerdictSource &source, CachedVerdict verdict);

    // The caller's values of `inputs` changed (a new turn, a fix rewrote a text): the copies
    // found equal to the old values are no longer known to be equal.
    void inputsChanged(std::uint32_t inputs) noexcept { m_equal &= ~inputs; }
    // Compares the caller's values of `inputs` with the copies this front used last, so that
    // the hits that follow compare pointers. Optional: callers run it where the time counts
    // for the turn rather than for the first clause that reads an input.
    void compareInputs(std::uint32_t inputs, const Value *values) noexcept;

    // The interned identity of the caller's clause number `index` (callers number their
    // clauses; an Evaluator's are those of its set), made by `make` on first use with `cache`.
    template<typename Make>
    const std::shared_ptr<const std::string> &clauseIdentity(
        ValidationCache &cache, std::size_t index, Make &&make)
    {
        if (m_cache != &cache) // interned in another cache: equal ones would not be one pointer
            follow(cache);
        if (index >= m_identities.size())
            m_identities.resize(index + 1);
        std::shared_ptr<const std::string> &identity = m_identities[index];
        if (!identity)
            identity = cache.intern(make());
        return identity;
    }

private:
    struct Slot
    {
        std::uint64_t key = 0;
        ValidationCache::EntryPtr entry;
    };
    static constexpr std::size_t kSlots = 64;
    static constexpr std::size_t kInputs = 32;
    Slot &slot(std::uint64_t key) noexcept { return m_slots[key % kSlots]; }
    void follow(ValidationCache &cache)
    {
        if (m_cache != &cache || m_generation != cache.m_generation.load(std::memory_order_relaxed))
            switchTo(cache);
    }
    void switchTo(ValidationCache &cache);
    bool matches(const ValidationCache::Entry &entry, const VerdictSource &source) noexcept;

    std::array<Slot, kSlots> m_slots;
    // Per input: the copy last found equal to (or made of) the caller's value; bit i of
    // m_equal: m_inputs[i] equals the caller's current value.
    std::array<std::shared_ptr<const ValidationCache::Input>, kInputs> m_inputs;
    std::uint32_t m_equal = 0;
    std::vector<std::shared_ptr<const std::string>> m_identities;
    const ValidationCache *m_cache = nullptr;
    std::uint64_t m_generation = 0;
};

// Whether two values are the same for the cache: same types and the same bytes (floats
// bitwise, so 0.0 and -0.0 differ and a NaN equals itself; maps in the same order). Stricter
// than LLMCL's `==`, and true whenever hashValue() must agree.
bool sameValue(const Value &a, const Value &b) noexcept;

// 64-bit hashes for cache keys: fast (8 bytes per step), not cryptographic.
std::uint64_t hashBytes(std::string_view bytes, std::uint64_t seed = 0) noexcept;
std::uint64_t hashValue(const Value &value, std::uint64_t seed = 0) noexcept;
constexpr std::uint64_t hashCombine(std::uint64_t a, std::uint64_t b) noexcept
{
    return (a ^ (b + 0x9E3779B97F4A7C15ull + (a << 6) + (a >> 2))) * 0xBF58476D1CE4E5B9ull;
}

namespace detail {

// Everything about a compiled clause that decides its verdict on given inputs, as bytes: its
// kind, message and program (nodes, operands, constants with inlined parameters, names,
// comparisons, regex patterns, explanation texts) — not its source ranges, file or id, so an
// unchanged clause recompiled, moved or re-laid out has the same identity, and equal
// identities mean equal programs node for node.
std::string clauseIdentity(const CompiledClause &clause);

} // namespace detail

} // namespace llmcl::engine
