// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/temporalmonitor.h"

#include <algorithm>
#include <limits>

// Progression semantics. After step i the residual R is a formula about the rest of the
// conversation, turns i+1..n, which may be empty (n = i). The clause holds on turns 1..n iff R
// holds at i+1 when n > i, and iff end(R) when n = i, where end() is the value on the empty rest:
// false for everything that needs a turn (an atom, eventually, within, next), true for what a
// missing turn cannot break (always, until, since). Every rewrite below keeps that meaning at
// every position including the empty rest, which is why `always false` is not simplified to
// `false` (on the empty rest it is true: it says "no further turn") and `eventually true` is not
// `true` (it says "a further turn comes").
//
// progress(T) at turn i, by the LANGUAGE.md §7 table:
//   atom         its value at i
//   always T     progress(T) and always T
//   eventually T progress(T) or eventually T
//   next T       `by turn i+1 T`: T at some turn from i+1 to i+1, which must exist
//   within N T   progress(T) or `by turn i+N-1 T` (dropped when i+N-1 = i)
//   by turn D T  progress(T) or `by turn D T` (dropped when D = i)
//   A until B    progress(B) or (progress(A) and A until B)
//   since A then B  (progress(A) and always B) or (not progress(A) and since A then B)
// `by turn D T` (WithinDeadline) is the armed form of `within` and `next`: absolute, so two arms of
// the same obligation are one node, and under `and` the earlier deadline subsumes the later one.

namespace llmcl::engine {

namespace {

// The one rule for walking the node table (size(), garbage collection): leaves have no
// children, binary nodes two (a, b), every other node one (a). Written over the node's own
// kind type, which is private to TemporalMonitor.
template<typename NodeT>
void pushChildren(const NodeT &node, std::vector<std::uint32_t> &stack)
{
    using Kind = decltype(node.kind);
    switch (node.kind) {
    case Kind::Free:
    case Kind::False:
    case Kind::True:
    case Kind::Atom:
        return;
    case Kind::And:
    case Kind::Or:
    case Kind::Implies:
    case Kind::Until:
    case Kind::Since:
        stack.push_back(node.b);
        [[fallthrough]];
    default:
        stack.push_back(node.a);
        return;
    }
}

constexpr std::size_t minGcThreshold = 256;
// Translation depth limit: deeper formulas are malformed (a parser never builds them).
constexpr int maxDepth = 10000;
// Deadline merging compares obligations pairwise; beyond this many, it is skipped (still correct,
// just less compact).
constexpr std::size_t maxMergedObligations = 64;

std::int64_t saturatingAdd(std::int64_t x, std::int64_t y)
{
    std::int64_t sum = 0;
    if (__builtin_add_overflow(x, y, &sum))
        return y > 0 ? std::numeric_limits<std::int64_t>::max()
                     : std::numeric_limits<std::int64_t>::min();
    return sum;
}

std::uint64_t mix(std::uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

} // namespace

TemporalFormula TemporalFormula::makeAtom(std::uint32_t index)
{
    TemporalFormula f;
    f.kind = Kind::Atom;
    f.atom = index;
    return f;
}

TemporalFormula TemporalFormula::makeConstant(bool value)
{
    TemporalFormula f;
    f.kind = value ? Kind::True : Kind::False;
    return f;
}

TemporalFormula TemporalFormula::make(Kind kind, std::vector<TemporalFormula> children)
{
    TemporalFormula f;
    f.kind = kind;
    f.children = std::move(children);
    return f;
}

TemporalFormula TemporalFormula::makeWithin(std::int64_t turns, TemporalFormula body)
{
    TemporalFormula f;
    f.kind = Kind::Within;
    f.turns = turns;
    f.children.push_back(std::move(body));
    return f;
}

TemporalMonitor::TemporalMonitor(
    std::shared_ptr<const TemporalFormula> formula, std::vector<std::string> atomTexts)
    : m_formula(std::move(formula))
    , m_atomTexts(std::move(atomTexts))
{
    m_slots.assign(64, 0);
    m_nodes.reserve(64);
    intern(NodeKind::False, 0, 0, 0);
    intern(NodeKind::True, 0, 0, 0);
    m_atomCache.assign(m_atomTexts.size(), 0);
    if (m_formula)
        m_root = translate(*m_formula, 0);
    else
        m_malformed = true;
    if (m_malformed)
        m_root = falseId;
    m_residual = m_root;
    m_gcThreshold = std::max(minGcThreshold, 2 * m_liveNodes);
}

std::uint32_t TemporalMonitor::translate(const TemporalFormula &formula, int depth)
{
    using K = TemporalFormula::Kind;
    const auto &children = formula.children;
    auto child = [&](std::size_t i) -> std::uint32_t {
        if (i >= children.size()) {
            m_malformed = true;
            return falseId;
        }
        return translate(children[i], depth + 1);
    };
    if (depth > maxDepth) {
        m_malformed = true;
        return falseId;
    }
    switch (formula.kind) {
    case K::Atom:
        if (formula.atom >= m_atomCache.size())
            m_atomCache.resize(std::size_t(formula.atom) + 1, 0);
        return intern(NodeKind::Atom, 0, 0, formula.atom);
    case K::True:
        return trueId;
    case K::False:
        return falseId;
    case K::Not:
        return makeNot(child(0));
    case K::And:
    case K::Or: {
        const NodeKind kind = formula.kind == K::And ? NodeKind::And : NodeKind::Or;
        if (children.size() < 2)
            m_malformed = true;
        // Translate first: nested translation uses m_stack too.
        std::vector<std::uint32_t> operands;
        operands.reserve(children.size());
        for (std::size_t i = 0; i < children.size(); ++i)
            operands.push_back(child(i));
        const std::size_t base = m_stack.size();
        m_stack.insert(m_stack.end(), operands.begin(), operands.end());
        return makeJunction(kind, base);
    }
    case K::Implies:
    case K::Until:
    case K::Since: {
        const NodeKind kind = formula.kind == K::Implies ? NodeKind::Implies
            : formula.kind == K::Until                   ? NodeKind::Until
                                                         : NodeKind::Since;
        const std::uint32_t x = child(0);
        const std::uint32_t y = child(1);
        return makeBinary(kind, x, y);
    }
    case K::Always:
        return makeUnary(NodeKind::Always, child(0));
    case K::Eventually:
        return makeUnary(NodeKind::Eventually, child(0));
    case K::Next:
        return makeUnary(NodeKind::Next, child(0));
    case K::Within:
        return makeUnary(NodeKind::WithinTurns, child(0), formula.turns);
    }
    m_malformed = true;
    return falseId;
}

std::uint32_t TemporalMonitor::intern(
    NodeKind kind, std::uint32_t a, std::uint32_t b, std::int64_t n)
{
    const std::uint64_t h = mix((std::uint64_t(kind) << 56) ^ (std::uint64_t(a) << 28)
        ^ (std::uint64_t(b) * 0x9e3779b97f4a7c15ULL) ^ mix(std::uint64_t(n)));
    const std::size_t mask = m_slots.size() - 1;
    std::size_t slot = std::size_t(h) & mask;
    while (const std::uint32_t entry = m_slots[slot]) {
        const Node &node = m_nodes[entry - 1];
        if (node.kind == kind && node.a == a && node.b == b && node.n == n)
            return entry - 1;
        slot = (slot + 1) & mask;
    }
    std::uint32_t id = 0;
    if (!m_freeList.empty()) {
        id = m_freeList.back();
        m_freeList.pop_back();
        m_nodes[id] = Node {};
    } else {
        id = static_cast<std::uint32_t>(m_nodes.size());
        m_nodes.emplace_back();
    }
    Node &node = m_nodes[id];
    node.kind = kind;
    node.a = a;
    node.b = b;
    node.n = n;
    m_slots[slot] = id + 1;
    ++m_liveNodes;
    if (2 * (m_liveNodes + 1) > m_slots.size())
        rehash(2 * m_slots.size());
    return id;
}

void TemporalMonitor::rehash(std::size_t capacity)
{
    m_slots.assign(capacity, 0);
    const std::size_t mask = capacity - 1;
    for (std::uint32_t id = 0; id < m_nodes.size(); ++id) {
        const Node &node = m_nodes[id];
        if (node.kind == NodeKind::Free)
            continue;
        const std::uint64_t h = mix((std::uint64_t(node.kind) << 56) ^ (std::uint64_t(node.a) << 28)
            ^ (std::uint64_t(node.b) * 0x9e3779b97f4a7c15ULL) ^ mix(std::uint64_t(node.n)));
        std::size_t slot = std::size_t(h) & mask;
        while (m_slots[slot])
            slot = (slot + 1) & mask;
        m_slots[slot] = id + 1;
    }
}

std::uint32_t TemporalMonitor::makeNot(std::uint32_t x)
{
    if (x == trueId)
        return falseId;
    if (x == falseId)
        return trueId;
    if (m_nodes[x].kind == NodeKind::Not)
        return m_nodes[x].a;
    return intern(NodeKind::Not, x, 0, 0);
}

std::uint32_t TemporalMonitor::makeJunction(NodeKind kind, std::size_t base)
{
    const bool isAnd = kind == NodeKind::And;
    const std::uint32_t absorbing = isAnd ? falseId : trueId;
    const std::uint32_t neutral = isAnd ? trueId : falseId;
    const std::size_t operandsEnd = m_stack.size();
    auto finish = [&](std::uint32_t result) {
        m_stack.resize(base);
        return result;
    };

    // Flatten into leaves, appended after the operands.
    for (std::size_t i = base; i < operandsEnd; ++i) {
        std::uint32_t id = m_stack[i];
        if (id == absorbing)
            return finish(absorbing);
        if (id == neutral)
            continue;
        while (m_nodes[id].kind == kind) {
            m_stack.push_back(m_nodes[id].a);
            id = m_nodes[id].b;
        }
        m_stack.push_back(id);
    }
    const auto first = m_stack.begin() + std::ptrdiff_t(operandsEnd);
    std::sort(first, m_stack.end());
    m_stack.erase(std::unique(first, m_stack.end()), m_stack.end());
    std::size_t leafCount = m_stack.size() - operandsEnd;
    if (leafCount == 0)
        return finish(neutral);

    // x and not x; x or not x.
    std::size_t obligationCount = 0;
    for (std::size_t i = operandsEnd; i < m_stack.size(); ++i) {
        const Node &leaf = m_nodes[m_stack[i]];
        if (leaf.kind == NodeKind::Not
            && std::binary_search(
                m_stack.begin() + std::ptrdiff_t(operandsEnd), m_stack.end(), leaf.a))
            return finish(absorbing);
        if (leaf.kind == NodeKind::Eventually || leaf.kind == NodeKind::WithinDeadline)
            ++obligationCount;
    }

    // Obligations on the same formula: `by turn D T` implies `by turn D' T` for D <= D' and
    // implies `eventually T`. Under `and` the strongest one stays, under `or` the weakest.
    if (obligationCount > 1 && obligationCount <= maxMergedObligations) {
        constexpr std::uint32_t dropped = std::numeric_limits<std::uint32_t>::max();
        auto stronger = [&](const Node &x, const Node &y) {
            // Whether x implies y (both obligations on the same formula).
            if (y.kind == NodeKind::Eventually)
                return true;
            return x.kind == NodeKind::WithinDeadline && x.n <= y.n;
        };
        for (std::size_t i = operandsEnd; i < m_stack.size(); ++i) {
            if (m_stack[i] == dropped)
                continue;
            const Node &x = m_nodes[m_stack[i]];
            if (x.kind != NodeKind::Eventually && x.kind != NodeKind::WithinDeadline)
                continue;
            for (std::size_t j = i + 1; j < m_stack.size(); ++j) {
                if (m_stack[j] == dropped)
                    continue;
                const Node &y = m_nodes[m_stack[j]];
                if ((y.kind != NodeKind::Eventually && y.kind != NodeKind::WithinDeadline)
                    || y.a != x.a)
                    continue;
                const bool xImpliesY = stronger(x, y);
                // Under and drop the weaker, under or the stronger.
                if (isAnd == xImpliesY) {
                    m_stack[j] = dropped;
                } else {
                    m_stack[i] = dropped;
                    break;
                }
            }
        }
        m_stack.erase(std::remove(first, m_stack.end(), dropped), m_stack.end());
        leafCount = m_stack.size() - operandsEnd;
    }

    std::uint32_t chain = m_stack.back();
    for (std::size_t i = m_stack.size() - 1; i-- > operandsEnd;)
        chain = intern(kind, m_stack[i], chain, 0);
    return finish(chain);
}

std::uint32_t TemporalMonitor::makeBinary(NodeKind kind, std::uint32_t x, std::uint32_t y)
{
    switch (kind) {
    case NodeKind::And:
    case NodeKind::Or: {
        const std::size_t base = m_stack.size();
        m_stack.push_back(x);
        m_stack.push_back(y);
        return makeJunction(kind, base);
    }
    case NodeKind::Implies:
        if (x == falseId || y == trueId)
            return trueId;
        if (x == trueId)
            return y;
        if (y == falseId)
            return makeNot(x);
        break;
    case NodeKind::Until:
        // Weak: `true until B` and `A until true` always hold; `A until false` is `always A`.
        if (x == trueId || y == trueId)
            return trueId;
        if (y == falseId)
            return makeUnary(NodeKind::Always, x);
        break;
    case NodeKind::Since:
        if (x == falseId || y == trueId)
            return trueId;
        break;
    default:
        break;
    }
    return intern(kind, x, y, 0);
}

std::uint32_t TemporalMonitor::makeUnary(NodeKind kind, std::uint32_t x, std::int64_t n)
{
    switch (kind) {
    case NodeKind::Always:
        if (x == trueId)
            return trueId;
        break;
    case NodeKind::Eventually:
    case NodeKind::Next:
    case NodeKind::WithinDeadline:
        if (x == falseId)
            return falseId;
        break;
    case NodeKind::WithinTurns:
        if (x == falseId || n <= 0)
            return falseId;
        break;
    default:
        break;
    }
    return intern(kind, x, 0, n);
}

bool TemporalMonitor::atomValue(std::uint32_t atom)
{
    if (atom >= m_atomCache.size())
        m_atomCache.resize(std::size_t(atom) + 1, 0);
    if (const std::uint8_t cached = m_atomCache[atom])
        return cached == 2;
    const AtomValue value = (*m_atoms)(atom);
    if (value == AtomValue::Error)
        m_atomError = true;
    const bool truthy = value == AtomValue::True;
    m_atomCache[atom] = truthy ? 2 : 1;
    m_atomsAsked.push_back(atom);
    return truthy;
}

std::uint32_t TemporalMonitor::progress(std::uint32_t id)
{
    if (m_nodes[id].progressStamp == m_stepStamp)
        return m_nodes[id].progressed;
    const std::uint32_t result = progressUncached(id);
    m_nodes[id].progressStamp = m_stepStamp;
    m_nodes[id].progressed = result;
    return result;
}

std::uint32_t TemporalMonitor::progressUncached(std::uint32_t id)
{
    // Copies: progressing children may grow m_nodes.
    const NodeKind kind = m_nodes[id].kind;
    const std::uint32_t a = m_nodes[id].a;
    const std::uint32_t b = m_nodes[id].b;
    const std::int64_t n = m_nodes[id].n;
    switch (kind) {
    case NodeKind::Free:
    case NodeKind::False:
        return falseId;
    case NodeKind::True:
        return trueId;
    case NodeKind::Atom:
        return atomValue(static_cast<std::uint32_t>(n)) ? trueId : falseId;
    case NodeKind::Not:
        return makeNot(progress(a));
    case NodeKind::And:
    case NodeKind::Or: {
        // Leaf by leaf, stopping at the first absorbing result so that later leaves' atoms are
        // not evaluated.
        const std::uint32_t absorbing = kind == NodeKind::And ? falseId : trueId;
        const std::uint32_t neutral = kind == NodeKind::And ? trueId : falseId;
        const std::size_t base = m_stack.size();
        std::uint32_t chain = id;
        for (;;) {
            const bool more = m_nodes[chain].kind == kind;
            const std::uint32_t leaf = more ? m_nodes[chain].a : chain;
            const std::uint32_t rest = more ? m_nodes[chain].b : 0;
            const std::uint32_t result = progress(leaf);
            if (result == absorbing) {
                m_stack.resize(base);
                return absorbing;
            }
            if (result != neutral)
                m_stack.push_back(result);
            if (!more)
                break;
            chain = rest;
        }
        return makeJunction(kind, base);
    }
    case NodeKind::Implies: {
        const std::uint32_t x = progress(a);
        if (x == falseId)
            return trueId;
        const std::uint32_t y = progress(b);
        if (y == trueId)
            return trueId;
        const std::uint32_t notX = makeNot(x);
        return makeBinary(NodeKind::Or, notX, y);
    }
    case NodeKind::Always: {
        const std::uint32_t x = progress(a);
        if (x == falseId)
            return falseId;
        return makeBinary(NodeKind::And, x, id);
    }
    case NodeKind::Eventually: {
        const std::uint32_t x = progress(a);
        if (x == trueId)
            return trueId;
        return makeBinary(NodeKind::Or, x, id);
    }
    case NodeKind::Next:
        return makeUnary(NodeKind::WithinDeadline, a, saturatingAdd(m_turn, 1));
    case NodeKind::WithinTurns: {
        if (n <= 0)
            return falseId;
        const std::uint32_t x = progress(a);
        if (x == trueId)
            return trueId;
        const std::int64_t deadline = saturatingAdd(m_turn, n - 1);
        if (m_turn >= deadline)
            return x;
        const std::uint32_t armed = makeUnary(NodeKind::WithinDeadline, a, deadline);
        return makeBinary(NodeKind::Or, x, armed);
    }
    case NodeKind::WithinDeadline: {
        if (m_turn > n)
            return falseId;
        const std::uint32_t x = progress(a);
        if (x == trueId || m_turn >= n)
            return x;
        return makeBinary(NodeKind::Or, x, id);
    }
    case NodeKind::Until: {
        const std::uint32_t y = progress(b);
        if (y == trueId)
            return trueId;
        const std::uint32_t x = progress(a);
        if (x == falseId)
            return y;
        const std::uint32_t keep = makeBinary(NodeKind::And, x, id);
        return makeBinary(NodeKind::Or, y, keep);
    }
    case NodeKind::Since: {
        const std::uint32_t x = progress(a);
        if (x == falseId)
            return id;
        const std::uint32_t always = makeUnary(NodeKind::Always, b);
        if (x == trueId)
            return always;
        const std::uint32_t fired = makeBinary(NodeKind::And, x, always);
        const std::uint32_t notX = makeNot(x);
        const std::uint32_t waiting = makeBinary(NodeKind::And, notX, id);
        return makeBinary(NodeKind::Or, fired, waiting);
    }
    }
    return falseId;
}

bool TemporalMonitor::endValue(std::uint32_t id) const
{
    const Node &node = m_nodes[id];
    switch (node.kind) {
    case NodeKind::True:
    case NodeKind::Always:
    case NodeKind::Until:
    case NodeKind::Since:
        return true;
    case NodeKind::Free:
    case NodeKind::False:
    case NodeKind::Atom: // no turn, so nothing is truthy
    case NodeKind::Eventually:
    case NodeKind::Next:
    case NodeKind::WithinTurns:
    case NodeKind::WithinDeadline:
        return false;
    case NodeKind::Not:
        return !endValue(node.a);
    case NodeKind::Implies:
        return !endValue(node.a) || endValue(node.b);
    case NodeKind::And:
    case NodeKind::Or: {
        const bool isAnd = node.kind == NodeKind::And;
        std::uint32_t chain = id;
        for (;;) {
            const Node &link = m_nodes[chain];
            const bool more = link.kind == node.kind;
            if (endValue(more ? link.a : chain) != isAnd)
                return !isAnd;
            if (!more)
                return isAnd;
            chain = link.b;
        }
    }
    }
    return false;
}

void TemporalMonitor::step(std::int64_t turn, AtomSource atom)
{
    m_atomError = false;
    if (m_ended || m_verdict != MonitorVerdict::Pending)
        return;
    m_turn = turn;
    ++m_stepStamp;
    for (const std::uint32_t asked : m_atomsAsked)
        m_atomCache[asked] = 0;
    m_atomsAsked.clear();
    m_atoms = &atom;
    m_residual = progress(m_residual);
    m_atoms = nullptr;
    if (m_residual == trueId)
        settle(MonitorVerdict::Satisfied, turn);
    else if (m_residual == falseId)
        settle(MonitorVerdict::Violated, turn);
    else
        walkObligations();
    if (m_liveNodes > m_gcThreshold)
        collectGarbage();
}

void TemporalMonitor::end()
{
    if (m_ended)
        return;
    m_ended = true;
    if (m_verdict != MonitorVerdict::Pending)
        return;
    m_settledByEnd = true;
    settle(endValue(m_residual) ? MonitorVerdict::Satisfied : MonitorVerdict::Violated, m_turn);
}

void TemporalMonitor::settle(MonitorVerdict verdict, std::int64_t turn)
{
    m_verdict = verdict;
    m_settledAt = turn;
    m_residual = verdict == MonitorVerdict::Satisfied ? trueId : falseId;
}

void TemporalMonitor::reset()
{
    m_residual = m_root;
    m_turn = 0;
    m_settledAt = 0;
    m_verdict = MonitorVerdict::Pending;
    m_ended = false;
    m_settledByEnd = false;
    m_atomError = false;
    // The next walk must not take nodes seen in the old conversation for still-open obligations.
    m_walkStamp += 2;
    collectGarbage();
}

void TemporalMonitor::walkObligations()
{
    // Records for every obligation of the residual's boolean skeleton the turn it first appeared,
    // without allocating: nodes seen by the previous walk keep their armedAt.
    ++m_walkStamp;
    const std::size_t base = m_stack.size();
    m_stack.push_back(m_residual);
    while (m_stack.size() > base) {
        const std::uint32_t id = m_stack.back();
        m_stack.pop_back();
        Node &node = m_nodes[id];
        const std::uint64_t previous = node.seenWalk;
        if (previous == m_walkStamp)
            continue;
        node.seenWalk = m_walkStamp;
        switch (node.kind) {
        case NodeKind::Eventually:
        case NodeKind::WithinDeadline:
            if (previous != m_walkStamp - 1)
                node.armedAt = m_turn;
            break;
        case NodeKind::Not:
            m_stack.push_back(node.a);
            break;
        case NodeKind::And:
        case NodeKind::Or:
        case NodeKind::Implies:
            m_stack.push_back(node.a);
            m_stack.push_back(node.b);
            break;
        default:
            break;
        }
    }
}

void TemporalMonitor::collectObligations(
    std::uint32_t id, bool positive, std::vector<Obligation> &out) const
{
    const Node &node = m_nodes[id];
    switch (node.kind) {
    case NodeKind::Eventually:
    case NodeKind::WithinDeadline:
        if (positive)
            out.push_back(
                {printed(node.a), node.armedAt, node.kind == NodeKind::Eventually ? -1 : node.n});
        break;
    case NodeKind::Not:
        collectObligations(node.a, !positive, out);
        break;
    case NodeKind::Implies:
        collectObligations(node.a, !positive, out);
        collectObligations(node.b, positive, out);
        break;
    case NodeKind::And:
    case NodeKind::Or: {
        std::uint32_t chain = id;
        while (m_nodes[chain].kind == node.kind) {
            collectObligations(m_nodes[chain].a, positive, out);
            chain = m_nodes[chain].b;
        }
        collectObligations(chain, positive, out);
        break;
    }
    default:
        break;
    }
}

std::vector<Obligation> TemporalMonitor::obligations() const
{
    std::vector<Obligation> out;
    if (m_turn == 0 || m_verdict != MonitorVerdict::Pending)
        return out;
    collectObligations(m_residual, true, out);
    std::sort(out.begin(), out.end(), [](const Obligation &x, const Obligation &y) {
        const std::uint64_t dx = static_cast<std::uint64_t>(x.dueBy); // -1 sorts last
        const std::uint64_t dy = static_cast<std::uint64_t>(y.dueBy);
        if (dx != dy)
            return dx < dy;
        if (x.armedAt != y.armedAt)
            return x.armedAt < y.armedAt;
        return x.text < y.text;
    });
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::size_t TemporalMonitor::size() const
{
    std::vector<bool> seen(m_nodes.size(), false);
    std::vector<std::uint32_t> stack {m_residual};
    std::size_t count = 0;
    while (!stack.empty()) {
        const std::uint32_t id = stack.back();
        stack.pop_back();
        if (seen[id])
            continue;
        seen[id] = true;
        ++count;
        pushChildren(m_nodes[id], stack);
    }
    return count;
}

void TemporalMonitor::collectGarbage()
{
    ++m_markStamp;
    const std::size_t base = m_stack.size();
    m_stack.push_back(falseId);
    m_stack.push_back(trueId);
    m_stack.push_back(m_root);
    m_stack.push_back(m_residual);
    while (m_stack.size() > base) {
        const std::uint32_t id = m_stack.back();
        m_stack.pop_back();
        Node &node = m_nodes[id];
        if (node.mark == m_markStamp)
            continue;
        node.mark = m_markStamp;
        pushChildren(node, m_stack);
    }
    for (std::uint32_t id = 0; id < m_nodes.size(); ++id) {
        Node &node = m_nodes[id];
        if (node.kind != NodeKind::Free && node.mark != m_markStamp) {
            node.kind = NodeKind::Free;
            m_freeList.push_back(id);
            --m_liveNodes;
        }
    }
    rehash(m_slots.size());
    m_gcThreshold = std::max(minGcThreshold, 2 * m_liveNodes);
}

// Printing. Operands are parenthesised unless they are a literal (an atom, a constant, or their
// negation), so the output reads unambiguously without knowing precedence.

std::string TemporalMonitor::printed(std::uint32_t id) const
{
    std::string out;
    print(id, out);
    return out;
}

std::string TemporalMonitor::operand(std::uint32_t id) const
{
    const Node *node = &m_nodes[id];
    while (node->kind == NodeKind::Not)
        node = &m_nodes[node->a];
    const bool literal = node->kind == NodeKind::Atom || node->kind == NodeKind::True
        || node->kind == NodeKind::False;
    return literal ? printed(id) : '(' + printed(id) + ')';
}

void TemporalMonitor::print(std::uint32_t id, std::string &out) const
{
    const Node &node = m_nodes[id];
    // The operand of a prefix operator extends to the right anyway; binary forms get parentheses
    // all the same, for the reader.
    auto prefixOperand = [&](std::uint32_t x) {
        const NodeKind k = m_nodes[x].kind;
        if (k == NodeKind::And || k == NodeKind::Or || k == NodeKind::Implies
            || k == NodeKind::Until)
            out += '(' + printed(x) + ')';
        else
            print(x, out);
    };
    switch (node.kind) {
    case NodeKind::Free:
        out += "<free>";
        return;
    case NodeKind::False:
        out += "false";
        return;
    case NodeKind::True:
        out += "true";
        return;
    case NodeKind::Atom: {
        const auto index = static_cast<std::size_t>(node.n);
        if (index < m_atomTexts.size())
            out += m_atomTexts[index];
        else
            out += "atom#" + std::to_string(index);
        return;
    }
    case NodeKind::Not:
        out += "not ";
        out += operand(node.a);
        return;
    case NodeKind::And:
    case NodeKind::Or: {
        std::vector<std::string> parts;
        std::uint32_t chain = id;
        while (m_nodes[chain].kind == node.kind) {
            parts.push_back(operand(m_nodes[chain].a));
            chain = m_nodes[chain].b;
        }
        parts.push_back(operand(chain));
        std::sort(parts.begin(), parts.end());
        const char *separator = node.kind == NodeKind::And ? " and " : " or ";
        for (std::size_t i = 0; i < parts.size(); ++i) {
            if (i > 0)
                out += separator;
            out += parts[i];
        }
        return;
    }
    case NodeKind::Implies:
        out += operand(node.a) + " implies " + operand(node.b);
        return;
    case NodeKind::Always:
        out += "always ";
        prefixOperand(node.a);
        return;
    case NodeKind::Eventually:
        out += "eventually ";
        prefixOperand(node.a);
        return;
    case NodeKind::Next:
        out += "next ";
        prefixOperand(node.a);
        return;
    case NodeKind::WithinTurns:
        out += "within " + std::to_string(node.n) + ' ';
        prefixOperand(node.a);
        return;
    case NodeKind::WithinDeadline:
        out += "by turn " + std::to_string(node.n) + ' ';
        prefixOperand(node.a);
        return;
    case NodeKind::Until:
        out += operand(node.a) + " until " + operand(node.b);
        return;
    case NodeKind::Since:
        out += "since " + operand(node.a) + " then ";
        prefixOperand(node.b);
        return;
    }
}

std::string TemporalMonitor::residual() const
{
    return printed(m_residual);
}

} // namespace llmcl::engine
