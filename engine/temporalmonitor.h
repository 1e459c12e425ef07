// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

// Runtime verification of temporal clauses (LANGUAGE.md §7): LTL over finite conversations,
// monitored turn by turn by formula progression. The monitor knows nothing about expressions:
// the evaluator translates a clause into a TemporalFormula whose atoms are the maximal
// non-temporal sub-expressions and evaluates them when the monitor asks.

namespace llmcl::engine {

// A temporal formula over atoms 0..k-1, as the caller builds it once per clause. Immutable once
// handed to a monitor; one formula may be shared by any number of monitors on any threads.
struct TemporalFormula
{
    enum class Kind : std::uint8_t
    {
        Atom, // atom: its index
        True,
        False,
        Not, // children[0]
        And, // children[0] and children[1] (more children: all of them)
        Or, // children[0] or children[1] (more children: any of them)
        Implies, // children[0] implies children[1]
        Always, // children[0]
        Eventually, // children[0]
        Next, // children[0] (strong: the next turn must exist)
        Within, // turns: N (a count of turns, the current one included); children[0]
        Until, // children[0] until children[1] (weak)
        Since, // since children[0] (the condition) then children[1]
    };

    Kind kind = Kind::True;
    std::uint32_t atom = 0;
    std::int64_t turns = 0;
    std::vector<TemporalFormula> children;

    static TemporalFormula makeAtom(std::uint32_t index);
    static TemporalFormula makeConstant(bool value);
    static TemporalFormula make(Kind kind, std::vector<TemporalFormula> children);
    static TemporalFormula makeWithin(std::int64_t turns, TemporalFormula body);
};

// An atom's value at one turn. An error counts as false (an evaluation error never counts as a
// pass, LANGUAGE.md §9) and is reported by TemporalMonitor::atomError().
enum class AtomValue : std::uint8_t
{
    False,
    True,
    Error,
};

enum class MonitorVerdict : std::uint8_t
{
    Pending,
    Satisfied,
    Violated,
};

// An open obligation of a monitored clause: `text` (printed with the atoms' texts) must hold at
// some turn from now on, at the latest at turn `dueBy`, or at any later turn when dueBy is -1.
// Turns are 1-based. armedAt is the turn whose step created it (the earliest such turn when
// several arms merged into one obligation).
struct Obligation
{
    std::string text;
    std::int64_t armedAt = 0;
    std::int64_t dueBy = -1;

    friend bool operator==(const Obligation &, const Obligation &) = default;
};

// A non-owning reference to the callable that evaluates atom i at the current turn: anything
// invocable as AtomValue(std::uint32_t) (a lambda, a std::function, …). It must outlive the
// call it is passed to, which a temporary argument does. Cheaper than std::function: no
// allocation, one indirect call.
class AtomSource
{
public:
    template<typename F>
        requires(!std::is_same_v<std::remove_cvref_t<F>, AtomSource>
                    && std::is_invocable_r_v<AtomValue, F &, std::uint32_t>)
    AtomSource(F &&function) noexcept // implicit on purpose, like std::function
        : m_object(const_cast<void *>(static_cast<const void *>(std::addressof(function))))
        , m_call([](void *object, std::uint32_t atom) -> AtomValue {
            return std::invoke(
                *static_cast<std::add_pointer_t<std::remove_reference_t<F>>>(object), atom);
        })
    { }

    AtomValue operator()(std::uint32_t atom) const { return m_call(m_object, atom); }

private:
    void *m_object;
    AtomValue (*m_call)(void *, std::uint32_t);
};

// Monitors one temporal clause over one conversation, anchored at its turn 1.
//
// Algorithm: formula progression. The monitor keeps a residual formula that the rest of the
// conversation must satisfy; step() rewrites it with the current turn's atom values, and end()
// evaluates it on the empty rest. Nodes are hash-consed in a per-monitor table (identical
// sub-formulas are one node; `and`/`or` are flattened, deduplicated and sorted, with constant
// absorption, complementary literals and merged deadlines), so the residual stays as small as
// the clause's real state, and the table is garbage-collected between steps: memory is bounded
// by the clause, not by the length of the conversation.
//
// Thread-safety: none; one monitor belongs to one thread at a time. Monitors of the same formula
// share nothing mutable. Copyable and movable (a copy continues independently).
class TemporalMonitor
{
public:
    // atomTexts[i] is how atom i prints in obligations and residuals ("atom#i" when missing). A
    // malformed formula (a missing child, a null pointer) monitors as `false`; see malformed().
    explicit TemporalMonitor(
        std::shared_ptr<const TemporalFormula> formula, std::vector<std::string> atomTexts = {});

    // Advances by one turn. Turns are 1-based and consecutive (the first step is turn 1); the
    // given number is used for deadlines as is. `atom(i)` evaluates atom i at this turn; it is
    // called only for atoms the residual needs, each at most once per step. Once the verdict is
    // settled (or after end()), step() does nothing and calls no atom.
    void step(std::int64_t turn, AtomSource atom);

    // The conversation ended: a pending residual is decided on the empty rest of the
    // conversation (what needed a future turn — eventually, within, next — is violated; always,
    // until, since are satisfied). Settles at the last stepped turn (0 when no turn was stepped:
    // then atoms count as false). Further steps are ignored until reset().
    void end();

    MonitorVerdict verdict() const noexcept { return m_verdict; }
    // The turn that settled the verdict: 0 while pending; after end(), the last stepped turn.
    std::int64_t settledAt() const noexcept { return m_settledAt; }
    // Whether settled by end() rather than by a turn.
    bool settledAtEnd() const noexcept { return m_ended && m_settledByEnd; }
    // The last stepped turn (0 before the first step).
    std::int64_t turn() const noexcept { return m_turn; }

    // Open obligations (eventually, within, next) of the residual, in positive positions, sorted
    // by due turn (open-ended last), then armedAt, then text. Empty once settled.
    std::vector<Obligation> obligations() const;

    // The residual formula, printed in LLMCL syntax; an armed `within` prints as
    // `by turn D T` (T at some turn up to D, inclusive). Operands of `and`/`or` are sorted by
    // their text, so the output does not depend on node numbering.
    std::string residual() const;

    // Whether an atom evaluated to AtomValue::Error during the last step.
    bool atomError() const noexcept { return m_atomError; }
    // Whether the formula given to the constructor was malformed (it is monitored as false).
    bool malformed() const noexcept { return m_malformed; }
    // Distinct nodes (a DAG count) in the residual formula.
    std::size_t size() const;
    // Nodes held in the node table, garbage included (for memory tests).
    std::size_t storedNodes() const noexcept { return m_nodes.size(); }

    // Starts a new conversation with the same clause.
    void reset();

    const std::shared_ptr<const TemporalFormula> &formula() const noexcept { return m_formula; }

private:
    enum class NodeKind : std::uint8_t
    {
        Free,
        False,
        True,
        Atom, // n: index
        Not, // a
        And, // a: a leaf (not an And), b: the rest of the chain; leaves sorted by id
        Or, // as And
        Implies, // a, b
        Always, // a
        Eventually, // a
        Next, // a
        WithinTurns, // n: N; a (relative, as written)
        WithinDeadline, // n: the last turn allowed (absolute); a
        Until, // a, b
        Since, // a, b
    };

    struct Node
    {
        NodeKind kind = NodeKind::Free;
        std::uint32_t a = 0;
        std::uint32_t b = 0;
        std::int64_t n = 0;
        std::uint64_t progressStamp = 0; // the step whose progression is in `progressed`
        std::uint32_t progressed = 0;
        std::uint64_t seenWalk = 0; // the obligation walk that last saw this node
        std::int64_t armedAt = 0;
        std::uint64_t mark = 0; // garbage collection and size()
    };

    static constexpr std::uint32_t falseId = 0;
    static constexpr std::uint32_t trueId = 1;

    std::uint32_t intern(NodeKind kind, std::uint32_t a, std::uint32_t b, std::int64_t n);
    std::uint32_t translate(const TemporalFormula &formula, int depth);
    std::uint32_t makeNot(std::uint32_t x);
    // Builds the conjunction/disjunction of m_stack[base..]; truncates m_stack to base.
    std::uint32_t makeJunction(NodeKind kind, std::size_t base);
    std::uint32_t makeBinary(NodeKind kind, std::uint32_t x, std::uint32_t y);
    std::uint32_t makeUnary(NodeKind kind, std::uint32_t x, std::int64_t n = 0);
    std::uint32_t progress(std::uint32_t id);
    std::uint32_t progressUncached(std::uint32_t id);
    bool atomValue(std::uint32_t atom);
    bool endValue(std::uint32_t id) const;
    void walkObligations();
    void collectObligations(std::uint32_t id, bool positive, std::vector<Obligation> &out) const;
    void print(std::uint32_t id, std::string &out) const;
    std::string printed(std::uint32_t id) const;
    std::string operand(std::uint32_t id) const;
    void collectGarbage();
    void rehash(std::size_t capacity);
    void settle(MonitorVerdict verdict, std::int64_t turn);

    std::shared_ptr<const TemporalFormula> m_formula;
    std::vector<std::string> m_atomTexts;
    std::vector<Node> m_nodes;
    std::vector<std::uint32_t> m_slots; // open addressing: node id + 1, 0 = empty
    std::vector<std::uint32_t> m_freeList;
    std::vector<std::uint32_t> m_stack; // scratch: operands being built, marking
    std::vector<std::uint8_t> m_atomCache; // per step: 0 unknown, 1 false, 2 true
    std::vector<std::uint32_t> m_atomsAsked; // atoms cached in this step
    std::size_t m_liveNodes = 0;
    std::size_t m_gcThreshold = 0;
    std::uint64_t m_stepStamp = 0;
    std::uint64_t m_walkStamp = 2; // seenWalk 0 must never read as "seen by the previous walk"
    std::uint64_t m_markStamp = 0;
    std::uint32_t m_root = falseId;
    std::uint32_t m_residual = falseId;
    const AtomSource *m_atoms = nullptr; // during step() only
    std::int64_t m_turn = 0;
    std::int64_t m_settledAt = 0;
    MonitorVerdict m_verdict = MonitorVerdict::Pending;
    bool m_ended = false;
    bool m_settledByEnd = false;
    bool m_atomError = false;
    bool m_malformed = false;
};

} // namespace llmcl::engine
