// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/validationcache.h"

#include "engine/machine.h"
#include "engine/program.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace llmcl::engine {

namespace {

// What a value weighs against the byte budget: its text and an estimate of its structure.
std::size_t weight(const Value &value) noexcept
{
    std::size_t bytes = sizeof(Value);
    if (value.isString()) {
        bytes += value.asString().size();
    } else if (value.isList()) {
        for (const Value &item : value.asList())
            bytes += weight(item);
    } else if (value.isMap()) {
        for (const MapEntry &entry : value.asMap())
            bytes += sizeof(std::string) + entry.first.size() + weight(entry.second);
    }
    return bytes;
}

// Whether `value` owns all its text (no borrowed string anywhere in it), so that a copy may
// outlive the turn. Lists and maps are immutable and shared: such a value is kept as it is.
bool ownsAll(const Value &value) noexcept
{
    if (value.isString())
        return value.ownsText() || value.asString().empty();
    if (value.isList()) {
        for (const Value &item : value.asList())
            if (!ownsAll(item))
                return false;
    } else if (value.isMap()) {
        for (const MapEntry &entry : value.asMap())
            if (!ownsAll(entry.second))
                return false;
    }
    return true;
}

std::size_t entryBytes(const CachedVerdict &verdict) noexcept
{
    std::size_t bytes = 256 + verdict.message.size() + weight(verdict.matchGroup);
    for (const Explanation &line : verdict.values)
        bytes += sizeof(Explanation) + line.expression.size() + weight(line.value);
    return bytes;
}

} // namespace

bool sameValue(const Value &a, const Value &b) noexcept
{
    if (a.type() != b.type())
        return false;
    switch (a.type()) {
    case ValueType::Null:
        return true;
    case ValueType::Bool:
        return a.asBool() == b.asBool();
    case ValueType::Int:
        return a.asInt() == b.asInt();
    case ValueType::Float:
        return std::bit_cast<std::uint64_t>(a.asFloat())
            == std::bit_cast<std::uint64_t>(b.asFloat());
    case ValueType::String: {
        const std::string_view x = a.asString(), y = b.asString();
        return x.size() == y.size()
            && (x.empty() || x.data() == y.data()
                || std::memcmp(x.data(), y.data(), x.size()) == 0);
    }
    case ValueType::List: {
        const std::span<const Value> x = a.asList(), y = b.asList();
        if (x.size() != y.size())
            return false;
        if (x.data() == y.data())
            return true;
        for (std::size_t i = 0; i < x.size(); ++i)
            if (!sameValue(x[i], y[i]))
                return false;
        return true;
    }
    case ValueType::Map: {
        const std::span<const MapEntry> x = a.asMap(), y = b.asMap();
        if (x.size() != y.size())
            return false;
        if (x.data() == y.data())
            return true;
        for (std::size_t i = 0; i < x.size(); ++i)
            if (x[i].first != y[i].first || !sameValue(x[i].second, y[i].second))
                return false;
        return true;
    }
    }
    return false;
}

ValidationCache::ValidationCache(std::size_t capacity, std::size_t byteBudget)
    : m_capacity(capacity < kShards ? kShards : capacity)
    , m_byteBudget(byteBudget)
{ }

void ValidationCache::retain(Shard &s, const Entry &entry)
{
    s.bytes += entry.bytes;
    if (s.shared[entry.clause.get()]++ == 0)
        s.bytes += entry.clause->size();
    for (const auto &input : entry.inputs)
        if (s.shared[input.get()]++ == 0)
            s.bytes += input->bytes;
}

void ValidationCache::release(Shard &s, const Entry &entry)
{
    s.bytes -= entry.bytes;
    const auto drop = [&](const void *p, std::size_t bytes) {
        const auto it = s.shared.find(p);
        if (--it->second == 0) {
            s.shared.erase(it);
            s.bytes -= bytes;
        }
    };
    drop(entry.clause.get(), entry.clause->size());
    for (const auto &input : entry.inputs)
        drop(input.get(), input->bytes);
}

ValidationCache::EntryPtr ValidationCache::lookup(std::uint64_t key)
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

bool ValidationCache::store(std::uint64_t key, const EntryPtr &entry)
{
    const std::size_t shardBudget = m_byteBudget / kShards;
    std::size_t bytes = entry->bytes + entry->clause->size();
    for (const auto &input : entry->inputs)
        bytes += input->bytes;
    if (bytes > shardBudget)
        return false;
    Shard &s = shard(key);
    std::lock_guard lock(s.mutex);
    if (const auto it = s.index.find(key); it != s.index.end()) {
        release(s, *it->second->second);
        it->second->second = entry;
        s.lru.splice(s.lru.begin(), s.lru, it->second);
    } else {
        s.lru.emplace_front(key, entry);
        s.index.emplace(key, s.lru.begin());
    }
    retain(s, *entry);
    while (s.lru.size() > 1 && (s.lru.size() > m_capacity / kShards || s.bytes > shardBudget)) {
        release(s, *s.lru.back().second);
        s.index.erase(s.lru.back().first);
        s.lru.pop_back();
        ++s.evictions;
    }
    return true;
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
        total.bytes += s.bytes;
    }
    // A refused entry was counted as the shard's hit (the clamp: counted while we read).
    total.collisions = std::min(m_collisions.load(std::memory_order_relaxed), total.hits);
    total.hits += m_frontHits.load(std::memory_order_relaxed) - total.collisions;
    total.misses += total.collisions;
    return total;
}

void ValidationCache::clear()
{
    m_generation.fetch_add(1, std::memory_order_relaxed);
    for (Shard &s : m_shards) {
        std::lock_guard lock(s.mutex);
        s.lru.clear();
        s.index.clear();
        s.shared.clear();
        s.bytes = 0;
    }
}

std::shared_ptr<const std::string> ValidationCache::intern(std::string identity)
{
    const std::uint64_t h = hashBytes(identity);
    std::lock_guard lock(m_internMutex);
    const auto [first, last] = m_interned.equal_range(h);
    for (auto it = first; it != last; ++it)
        if (auto existing = it->second.lock(); existing && *existing == identity)
            return existing;
    // Forget the identities nobody keeps any more, once their number has doubled.
    if (m_interned.size() >= 2 * m_internedLive + 64) {
        std::erase_if(m_interned, [](const auto &item) { return item.second.expired(); });
        m_internedLive = m_interned.size();
    }
    auto interned = std::make_shared<const std::string>(std::move(identity));
    m_interned.emplace(h, interned);
    return interned;
}

void ValidationCacheFront::switchTo(ValidationCache &cache)
{
    const std::uint64_t generation = cache.m_generation.load(std::memory_order_relaxed);
    m_slots = {};
    if (m_cache != &cache)
        m_identities.clear(); // interned in another cache: equal ones would not be one pointer
    m_cache = &cache;
    m_generation = generation;
}

void ValidationCacheFront::compareInputs(std::uint32_t inputs, const Value *values) noexcept
{
    for (inputs &= ~m_equal; inputs != 0; inputs &= inputs - 1) {
        const auto i = static_cast<std::size_t>(std::countr_zero(inputs));
        if (m_inputs[i] && sameValue(m_inputs[i]->value, values[i]))
            m_equal |= 1u << i;
    }
}

bool ValidationCacheFront::matches(
    const ValidationCache::Entry &entry, const VerdictSource &source) noexcept
{
    const std::shared_ptr<const std::string> &clause = *source.clause;
    if (entry.clause != clause && *entry.clause != *clause)
        return false;
    if (entry.inputMask != source.inputs)
        return false;
    std::size_t k = 0;
    for (std::uint32_t inputs = source.inputs; inputs != 0; inputs &= inputs - 1, ++k) {
        const auto i = static_cast<std::size_t>(std::countr_zero(inputs));
        const std::shared_ptr<const ValidationCache::Input> &stored = entry.inputs[k];
        if ((m_equal >> i & 1u) && stored == m_inputs[i])
            continue;
        if (!sameValue(stored->value, source.values[i]))
            return false;
        m_inputs[i] = stored;
        m_equal |= 1u << i;
    }
    return true;
}

const CachedVerdict *ValidationCacheFront::lookup(
    ValidationCache &cache, const VerdictSource &source)
{
    follow(cache);
    const std::uint64_t key = cache.keyOf(source.key);
    Slot &s = slot(key);
    const ValidationCache::Entry *refused = nullptr;
    if (s.entry && s.key == key) {
        if (matches(*s.entry, source)) {
            cache.m_frontHits.fetch_add(1, std::memory_order_relaxed);
            return &s.entry->verdict;
        }
        refused = s.entry.get();
    }
    // The shared cache may hold a newer entry for the key than the front.
    ValidationCache::EntryPtr entry = cache.lookup(key);
    if (!entry)
        return nullptr;
    if (entry.get() == refused || !matches(*entry, source)) {
        cache.m_collisions.fetch_add(1, std::memory_order_relaxed);
        return nullptr;
    }
    s = Slot {key, std::move(entry)};
    return &s.entry->verdict;
}

void ValidationCacheFront::store(
    ValidationCache &cache, const VerdictSource &source, CachedVerdict verdict)
{
    follow(cache);
    const std::uint64_t key = cache.keyOf(source.key);
    // Inputs too large for the cache are not copied at all.
    const std::size_t ownBytes = entryBytes(verdict);
    std::size_t bytes = ownBytes + (*source.clause)->size();
    std::array<std::size_t, kInputs> weights {};
    for (std::uint32_t inputs = source.inputs; inputs != 0; inputs &= inputs - 1) {
        const auto i = static_cast<std::size_t>(std::countr_zero(inputs));
        weights[i] = (m_equal >> i & 1u) ? m_inputs[i]->bytes : weight(source.values[i]);
        bytes += weights[i];
    }
    if (bytes > cache.m_byteBudget / ValidationCache::kShards)
        return;

    auto entry = std::make_shared<ValidationCache::Entry>();
    entry->bytes = ownBytes;
    entry->verdict = std::move(verdict);
    entry->clause = *source.clause;
    entry->inputMask = source.inputs;
    entry->inputs.reserve(static_cast<std::size_t>(std::popcount(source.inputs)));
    for (std::uint32_t inputs = source.inputs; inputs != 0; inputs &= inputs - 1) {
        const auto i = static_cast<std::size_t>(std::countr_zero(inputs));
        if (!(m_equal >> i & 1u)) {
            // One copy per turn and input, shared by the entries stored from the turn.
            const Value &value = source.values[i];
            m_inputs[i] = std::make_shared<const ValidationCache::Input>(ValidationCache::Input {
                ownsAll(value) ? value : detail::detached(value), weights[i]});
            m_equal |= 1u << i;
        }
        entry->inputs.push_back(m_inputs[i]);
    }
    ValidationCache::EntryPtr stored = std::move(entry);
    if (cache.store(key, stored))
        slot(key) = Slot {key, std::move(stored)};
}

namespace detail {

namespace {

class IdentityWriter
{
public:
    void number(std::uint64_t n)
    {
        char bytes[8];
        std::memcpy(bytes, &n, 8);
        m_out.append(bytes, 8);
    }
    void text(std::string_view s)
    {
        number(s.size());
        m_out.append(s);
    }
    void value(const Value &v)
    {
        number(static_cast<std::uint64_t>(v.type()));
        switch (v.type()) {
        case ValueType::Null:
            break;
        case ValueType::Bool:
            number(v.asBool() ? 1 : 0);
            break;
        case ValueType::Int:
            number(static_cast<std::uint64_t>(v.asInt()));
            break;
        case ValueType::Float:
            number(std::bit_cast<std::uint64_t>(v.asFloat()));
            break;
        case ValueType::String:
            text(v.asString());
            break;
        case ValueType::List:
            number(v.asList().size());
            for (const Value &item : v.asList())
                value(item);
            break;
        case ValueType::Map:
            number(v.asMap().size());
            for (const MapEntry &entry : v.asMap()) {
                text(entry.first);
                value(entry.second);
            }
            break;
        }
    }
    std::string take() { return std::move(m_out); }

private:
    std::string m_out;
};

} // namespace

std::string clauseIdentity(const CompiledClause &clause)
{
    // Length-prefixed fields in a fixed order: two identities are equal only when every field
    // is. Nodes refer to the other tables by index, so equal identities mean that node n of
    // one program is node n of the other.
    IdentityWriter w;
    const Program &p = clause.program;
    w.number(static_cast<std::uint64_t>(clause.kind));
    w.text(clause.message);
    w.number(clause.condition);
    w.number(clause.autoFix);
    w.number(clause.confidence);
    w.number(clause.probability);
    w.number(p.nodes.size());
    for (const Node &node : p.nodes) {
        w.number(static_cast<std::uint64_t>(node.op) | std::uint64_t(node.sub) << 8
            | std::uint64_t(node.count) << 16);
        w.number(node.first | std::uint64_t(node.extra) << 32);
        w.number(node.explanation);
    }
    w.number(p.operands.size());
    for (std::uint32_t operand : p.operands)
        w.number(operand);
    w.number(p.constants.size());
    for (const Value &constant : p.constants)
        w.value(constant);
    w.number(p.names.size());
    for (const std::string &name : p.names)
        w.text(name);
    w.number(p.comparisons.size());
    for (ComparisonOperator op : p.comparisons)
        w.number(static_cast<std::uint64_t>(op));
    w.number(p.regexes.size());
    for (const auto &regex : p.regexes) {
        w.number(regex ? 1 : 0);
        w.text(regex ? regex->pattern() : std::string_view());
    }
    w.number(p.explanations.size());
    for (const std::string &explanation : p.explanations)
        w.text(explanation);
    return w.take();
}

} // namespace detail

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
    if (n) // an empty view may have no data pointer at all, and memcpy's source must not be null
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
