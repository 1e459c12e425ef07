// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/sourcelocation.h"
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

// What one stateless clause evaluation produced, as the cache keeps it.
struct CachedVerdict
{
    ClauseStatus status = ClauseStatus::Pass;
    std::string message;
    SourceRange errorRange;
    bool held = false; // ensure_prob's result
    bool traced = false; // `values` were recorded
    Explanations values; // shared with the verdicts served from this entry
    Value matchGroup; // owned; only for clauses with an auto_fix
};

struct CacheStats
{
    std::uint64_t hits = 0;
    std::uint64_t misses = 0;
    std::uint64_t evictions = 0;
    std::uint64_t size = 0;
};

// A bounded LRU cache of clause verdicts for the stateless phases (require, ensure and the
// results of ensure_prob; never temporal monitors or windows). The key combines the clause's
// fingerprint — a hash of its kind, condition, parameters and message, so it survives
// recompiling an unchanged clause — with hashes of exactly the inputs the clause reads
// (content, response, context, turn number…). The editor re-checks the same sample on every
// keystroke and only the edited clauses miss; replays of corpora with canned responses hit.
//
// Thread-safe: 16 shards, each with its own mutex and LRU list, so replay workers rarely
// contend. Share one cache between evaluators through EvalOptions::cache.
class ValidationCache
{
public:
    explicit ValidationCache(std::size_t capacity = 65536);

    // The entry for `key`, or null. Entries are immutable and shared: a hit copies a pointer,
    // not the verdict.
    std::shared_ptr<const CachedVerdict> lookup(std::uint64_t key);
    // Stores an entry and returns it.
    std::shared_ptr<const CachedVerdict> store(std::uint64_t key, CachedVerdict verdict);
    CacheStats stats() const;
    // Empties the cache; every ValidationCacheFront forgets its entries too.
    void clear();
    std::size_t capacity() const noexcept { return m_capacity; }

private:
    friend class ValidationCacheFront;

    struct Shard
    {
        mutable std::mutex mutex;
        std::list<std::pair<std::uint64_t, std::shared_ptr<const CachedVerdict>>>
            lru; // recent first
        std::unordered_map<std::uint64_t, decltype(lru)::iterator> index;
        std::uint64_t hits = 0;
        std::uint64_t misses = 0;
        std::uint64_t evictions = 0;
    };
    static constexpr std::size_t kShards = 16;

    Shard &shard(std::uint64_t key) noexcept { return m_shards[(key >> 59) % kShards]; }

    std::size_t m_capacity;
    std::array<Shard, kShards> m_shards;
    std::atomic<std::uint64_t> m_frontHits {0}; // hits served by fronts (counted in stats())
    std::atomic<std::uint64_t> m_generation {0}; // clear() counts up
};

// One thread's front of a shared ValidationCache (an Evaluator keeps one): the last 64 entries
// this thread used, found without the shard's lock, hash map and LRU update — the editor
// re-checks the same clauses on every keystroke, and that lookup was half of a hit's cost.
// An entry served from the front does not refresh its place in the shared LRU; it stays
// correct whatever the shared cache evicts (keys are content hashes, entries immutable), and
// clear() empties the fronts as well. Not thread-safe: one per thread.
class ValidationCacheFront
{
public:
    // The entry for `key` from the front or the shared cache, or null; valid until the next
    // call on this front.
    const CachedVerdict *lookup(ValidationCache &cache, std::uint64_t key);
    // Stores in the shared cache and keeps the entry in front.
    void store(ValidationCache &cache, std::uint64_t key, CachedVerdict verdict);

private:
    struct Slot
    {
        std::uint64_t key = 0;
        std::shared_ptr<const CachedVerdict> entry;
    };
    static constexpr std::size_t kSlots = 64;
    Slot &slot(std::uint64_t key) noexcept { return m_slots[key % kSlots]; }
    void follow(ValidationCache &cache);

    std::array<Slot, kSlots> m_slots;
    const ValidationCache *m_cache = nullptr;
    std::uint64_t m_generation = 0;
};

// 64-bit hashes for cache keys: fast (8 bytes per step), not cryptographic.
std::uint64_t hashBytes(std::string_view bytes, std::uint64_t seed = 0) noexcept;
std::uint64_t hashValue(const Value &value, std::uint64_t seed = 0) noexcept;
constexpr std::uint64_t hashCombine(std::uint64_t a, std::uint64_t b) noexcept
{
    return (a ^ (b + 0x9E3779B97F4A7C15ull + (a << 6) + (a >> 2))) * 0xBF58476D1CE4E5B9ull;
}

} // namespace llmcl::engine
