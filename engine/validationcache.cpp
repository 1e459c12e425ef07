// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/validationcache.h"

#include <bit>
#include <cstring>

namespace llmcl::engine {

ValidationCache::ValidationCache(std::size_t capacity)
    : m_capacity(capacity < kShards ? kShards : capacity)
{ }

std::shared_ptr<const CachedVerdict> ValidationCache::lookup(std::uint64_t key)
{
    Shard &s = shard(key);
    std::lock_guard lock(s.mutex);
    const auto it = s.index.find(key);
    if (it == s.index.end()) {
        ++s.misses;
        return nullptr;
    }
    if (it->second != s.lru.begin())
        s.lru.splice(s.lru.begin(), s.lru, it->second);
    ++s.hits;
    return it->second->second;
}

std::shared_ptr<const CachedVerdict> ValidationCache::store(
    std::uint64_t key, CachedVerdict verdict)
{
    auto entry = std::make_shared<const CachedVerdict>(std::move(verdict));
    Shard &s = shard(key);
    std::lock_guard lock(s.mutex);
    if (const auto it = s.index.find(key); it != s.index.end()) {
        it->second->second = entry;
        s.lru.splice(s.lru.begin(), s.lru, it->second);
        return entry;
    }
    s.lru.emplace_front(key, entry);
    s.index.emplace(key, s.lru.begin());
    if (s.lru.size() > m_capacity / kShards) {
        s.index.erase(s.lru.back().first);
        s.lru.pop_back();
        ++s.evictions;
    }
    return entry;
}

CacheStats ValidationCache::stats() const
{
    CacheStats total;
    for (const Shard &s : m_shards) {
        std::lock_guard lock(s.mutex);
        total.hits += s.hits;
        total.misses += s.misses;
        total.evictions += s.evictions;
        total.size += s.lru.size();
    }
    total.hits += m_frontHits.load(std::memory_order_relaxed);
    return total;
}

void ValidationCacheFront::follow(ValidationCache &cache)
{
    const std::uint64_t generation = cache.m_generation.load(std::memory_order_relaxed);
    if (m_cache == &cache && m_generation == generation)
        return;
    m_slots = {};
    m_cache = &cache;
    m_generation = generation;
}

const CachedVerdict *ValidationCacheFront::lookup(ValidationCache &cache, std::uint64_t key)
{
    follow(cache);
    Slot &s = slot(key);
    if (s.entry && s.key == key) {
        cache.m_frontHits.fetch_add(1, std::memory_order_relaxed);
        return s.entry.get();
    }
    std::shared_ptr<const CachedVerdict> entry = cache.lookup(key);
    if (!entry)
        return nullptr;
    s = Slot {key, std::move(entry)};
    return s.entry.get();
}

void ValidationCacheFront::store(ValidationCache &cache, std::uint64_t key, CachedVerdict verdict)
{
    follow(cache);
    slot(key) = Slot {key, cache.store(key, std::move(verdict))};
}

void ValidationCache::clear()
{
    m_generation.fetch_add(1, std::memory_order_relaxed);
    for (Shard &s : m_shards) {
        std::lock_guard lock(s.mutex);
        s.lru.clear();
        s.index.clear();
    }
}

std::uint64_t hashBytes(std::string_view bytes, std::uint64_t seed) noexcept
{
    // Four independent lanes of 8 bytes: the multiplications of a 32-byte block overlap, so a
    // 2 KB response hashes in a few hundred cycles.
    constexpr std::uint64_t m = 0xC6A4A7935BD1E995ull;
    const auto mix = [](std::uint64_t k) {
        k *= m;
        k ^= k >> 47;
        return k * m;
    };
    std::uint64_t lanes[4] = {
        seed ^ (bytes.size() * m), seed + m, seed ^ 0x9E3779B97F4A7C15ull, seed - m};
    const char *p = bytes.data();
    std::size_t n = bytes.size();
    for (; n >= 32; n -= 32, p += 32) {
        for (int l = 0; l < 4; ++l) {
            std::uint64_t k;
            std::memcpy(&k, p + 8 * l, 8);
            lanes[l] = (lanes[l] ^ mix(k)) * m;
        }
    }
    std::uint64_t h =
        lanes[0] ^ std::rotl(lanes[1], 17) ^ std::rotl(lanes[2], 31) ^ std::rotl(lanes[3], 47);
    for (; n >= 8; n -= 8, p += 8) {
        std::uint64_t k;
        std::memcpy(&k, p, 8);
        h = (h ^ mix(k)) * m;
    }
    std::uint64_t tail = 0;
    std::memcpy(&tail, p, n);
    h ^= tail;
    h *= m;
    h ^= h >> 47;
    h *= m;
    h ^= h >> 47;
    return h;
}

std::uint64_t hashValue(const Value &value, std::uint64_t seed) noexcept
{
    std::uint64_t h = hashCombine(seed, static_cast<std::uint64_t>(value.type()) + 1);
    switch (value.type()) {
    case ValueType::Null:
        return h;
    case ValueType::Bool:
        return hashCombine(h, value.asBool() ? 1 : 0);
    case ValueType::Int:
        return hashCombine(h, static_cast<std::uint64_t>(value.asInt()));
    case ValueType::Float:
        return hashCombine(h, std::bit_cast<std::uint64_t>(value.asFloat()));
    case ValueType::String:
        return hashBytes(value.asString(), h);
    case ValueType::List:
        for (const Value &item : value.asList())
            h = hashValue(item, h);
        return h;
    case ValueType::Map:
        for (const MapEntry &entry : value.asMap())
            h = hashValue(entry.second, hashBytes(entry.first, h));
        return h;
    }
    return h;
}

} // namespace llmcl::engine
