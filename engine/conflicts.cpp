// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/conflicts.h"

#include "engine/diagnosticmessages.h"
#include "engine/exprprinter.h"
#include "engine/utf8.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <numeric>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace llmcl::engine {

namespace {

// Explanations elide string literals longer than this (code points), as traces do.
constexpr std::size_t kMaxLiteral = 40;
// Constraints beyond this many in one clause are ignored (the clause then counts as not fully
// understood, so it is never called redundant).
constexpr unsigned kMaxConstraintsPerClause = 64;
constexpr std::int64_t kNoUpperBound = std::numeric_limits<std::int64_t>::max();
// Length bounds are clamped to this, far beyond any text, so that bound arithmetic never
// overflows.
constexpr double kHugeLength = 4.0e18;

enum class Family : std::uint8_t
{
    Length,
    Contains,
    Equality,
    Prefix,
    Suffix
};

std::string_view familyName(Family family) noexcept
{
    switch (family) {
    case Family::Length:
        return "length";
    case Family::Contains:
        return "contains";
    case Family::Equality:
        return "equality";
    case Family::Prefix:
        return "prefix";
    case Family::Suffix:
        return "suffix";
    }
    return "length";
}

// One atomic fact a clause requires of a subject.
struct Constraint
{
    Family family = Family::Length;
    // Contains: `not contains`; Equality: `!=`; Prefix/Suffix: `not starts_with`/`ends_with`.
    bool negated = false;
    // Length: the allowed lengths [lo, hi], integers (len is a whole number >= 0).
    std::int64_t lo = 0;
    std::int64_t hi = kNoUpperBound;
    Value literal; // Equality: the value compared with
    std::string text; // Contains/Prefix/Suffix: the literal; Equality: the string, if one
    bool literalIsString = false; // Equality
    bool knownString = false; // the subject is certainly a string: substring logic holds
    // For explanations, printed only when a finding needs it (printing every constraint of a
    // 5,000-line file would cost more than finding the conflicts): "len(response) <=
    // max_input (max_input = 4000)". Either the whole `shown` expression, or one link of a
    // chained comparison: `left op right`; then `suffix`.
    const Expr *shown = nullptr;
    const Expr *left = nullptr;
    const Expr *right = nullptr;
    ComparisonOperator op = ComparisonOperator::Equal;
    std::string suffix;
    std::string display() const;
    std::size_t clause = 0; // evaluation position
    unsigned bit = 0; // index among its clause's constraints
};

std::string Constraint::display() const
{
    if (shown)
        return printExpression(*shown, kMaxLiteral) + suffix;
    if (left && right)
        return printExpression(*left, kMaxLiteral) + ' ' + std::string(operatorSpelling(op)) + ' '
            + printExpression(*right, kMaxLiteral) + suffix;
    return suffix;
}

enum class Relation : std::uint8_t
{
    None,
    Contradict,
    AImpliesB,
    BImpliesA,
    Equivalent
};

bool startsWith(std::string_view text, std::string_view prefix) noexcept
{
    return text.substr(0, prefix.size()) == prefix;
}

bool endsWith(std::string_view text, std::string_view suffix) noexcept
{
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool hasAffix(Family family, std::string_view text, std::string_view affix) noexcept
{
    return family == Family::Prefix ? startsWith(text, affix) : endsWith(text, affix);
}

// Same family and subject. Implications across polarities (`starts_with(S, "a")` implies
// `not starts_with(S, "b")`) are true but mostly noise: only contradictions are reported there.
Relation relateSameFamily(const Constraint &a, const Constraint &b)
{
    switch (a.family) {
    case Family::Length: {
        if (a.hi < b.lo || b.hi < a.lo)
            return Relation::Contradict;
        const bool aInB = a.lo >= b.lo && a.hi <= b.hi;
        const bool bInA = b.lo >= a.lo && b.hi <= a.hi;
        if (aInB && bInA)
            return Relation::Equivalent;
        return aInB ? Relation::AImpliesB : bInA ? Relation::BImpliesA : Relation::None;
    }
    case Family::Equality: {
        const bool same = equals(a.literal, b.literal);
        if (!a.negated && !b.negated)
            return same ? Relation::Equivalent : Relation::Contradict;
        if (a.negated && b.negated)
            return same ? Relation::Equivalent : Relation::None;
        return same ? Relation::Contradict : Relation::None;
    }
    case Family::Contains: {
        const bool same = a.text == b.text;
        const bool ks = a.knownString;
        if (a.negated == b.negated) {
            if (same)
                return Relation::Equivalent;
            if (!ks)
                return Relation::None;
            const bool aHasB = a.text.find(b.text) != std::string::npos;
            const bool bHasA = b.text.find(a.text) != std::string::npos;
            // contains(S, "abc") implies contains(S, "b"); not contains(S, "b") implies
            // not contains(S, "abc").
            if (!a.negated)
                return aHasB ? Relation::AImpliesB : bHasA ? Relation::BImpliesA : Relation::None;
            return bHasA ? Relation::AImpliesB : aHasB ? Relation::BImpliesA : Relation::None;
        }
        const Constraint &pos = a.negated ? b : a;
        const Constraint &neg = a.negated ? a : b;
        if (same || (ks && pos.text.find(neg.text) != std::string::npos))
            return Relation::Contradict;
        return Relation::None;
    }
    case Family::Prefix:
    case Family::Suffix: {
        const Family f = a.family;
        if (a.text == b.text)
            return a.negated == b.negated ? Relation::Equivalent : Relation::Contradict;
        const bool aHasB = hasAffix(f, a.text, b.text); // a is the longer, extending b
        const bool bHasA = hasAffix(f, b.text, a.text);
        if (!a.negated && !b.negated)
            return aHasB ? Relation::AImpliesB : bHasA ? Relation::BImpliesA : Relation::Contradict;
        if (a.negated && b.negated)
            return bHasA ? Relation::AImpliesB : aHasB ? Relation::BImpliesA : Relation::None;
        const Constraint &pos = a.negated ? b : a;
        const Constraint &neg = a.negated ? a : b;
        return hasAffix(f, pos.text, neg.text) ? Relation::Contradict : Relation::None;
    }
    }
    return Relation::None;
}

// `S == "lit"` against another family: only contradictions (the implication `S == "OK"`
// makes `len(S) <= 10` redundant is true but not worth a warning).
bool equalityContradicts(const Constraint &eq, const Constraint &other)
{
    if (eq.negated || !eq.literalIsString)
        return false;
    const std::string &s = eq.text;
    switch (other.family) {
    case Family::Length: {
        const auto n = static_cast<std::int64_t>(utf8::codePointCount(s));
        return n < other.lo || n > other.hi;
    }
    case Family::Contains:
        return (s.find(other.text) != std::string::npos) == other.negated;
    case Family::Prefix:
    case Family::Suffix:
        return hasAffix(other.family, s, other.text) == other.negated;
    case Family::Equality:
        break;
    }
    return false;
}

Relation relate(const Constraint &a, const Constraint &b)
{
    if (a.family == b.family)
        return relateSameFamily(a, b);
    if (a.family == Family::Equality)
        return equalityContradicts(a, b) ? Relation::Contradict : Relation::None;
    if (b.family == Family::Equality)
        return equalityContradicts(b, a) ? Relation::Contradict : Relation::None;
    return Relation::None;
}

ComparisonOperator negatedOperator(ComparisonOperator op) noexcept
{
    switch (op) {
    case ComparisonOperator::Equal:
        return ComparisonOperator::NotEqual;
    case ComparisonOperator::NotEqual:
        return ComparisonOperator::Equal;
    case ComparisonOperator::Less:
        return ComparisonOperator::GreaterEqual;
    case ComparisonOperator::LessEqual:
        return ComparisonOperator::Greater;
    case ComparisonOperator::Greater:
        return ComparisonOperator::LessEqual;
    case ComparisonOperator::GreaterEqual:
        return ComparisonOperator::Less;
    case ComparisonOperator::In:
        return ComparisonOperator::NotIn;
    case ComparisonOperator::NotIn:
        return ComparisonOperator::In;
    }
    return op;
}

// `N < len(S)` read as `len(S) > N`.
ComparisonOperator mirroredOperator(ComparisonOperator op) noexcept
{
    switch (op) {
    case ComparisonOperator::Less:
        return ComparisonOperator::Greater;
    case ComparisonOperator::LessEqual:
        return ComparisonOperator::GreaterEqual;
    case ComparisonOperator::Greater:
        return ComparisonOperator::Less;
    case ComparisonOperator::GreaterEqual:
        return ComparisonOperator::LessEqual;
    default:
        return op;
    }
}

bool isCallOf(const Expr &e, std::initializer_list<std::string_view> names, std::size_t arity)
{
    if (e.kind != ExprKind::Call && e.kind != ExprKind::Method)
        return false;
    if (e.children.size() != arity
        || std::any_of(e.argumentNames.begin(), e.argumentNames.end(),
            [](const std::string &n) { return !n.empty(); }))
        return false;
    if (std::none_of(e.children.begin(), e.children.end(), [](const ExprPtr &c) { return !c; })
        && std::find(names.begin(), names.end(), e.text) != names.end())
        return true;
    return false;
}

// A raw constraint before it is placed in a bucket.
struct Extracted
{
    Constraint constraint;
    std::string subject; // bucket key without the phase
};

// Pulls the constraints out of one clause's condition.
class Extractor
{
public:
    explicit Extractor(const ConflictClause &clause)
        : m_clause(clause)
    { }

    // The constraints of the condition, and whether they say everything the condition says
    // (then a clause implied constraint by constraint is redundant as a whole).
    std::vector<Extracted> run(const Expr &condition, bool &exact)
    {
        m_exact = true;
        conjunct(condition);
        exact = m_exact && !m_out.empty() && m_out.size() <= kMaxConstraintsPerClause;
        if (m_out.size() > kMaxConstraintsPerClause)
            m_out.resize(kMaxConstraintsPerClause);
        return std::move(m_out);
    }

private:
    void conjunct(const Expr &e)
    {
        if (e.kind == ExprKind::And) {
            for (const ExprPtr &child : e.children) {
                if (child)
                    conjunct(*child);
                else
                    m_exact = false;
            }
            return;
        }
        if (!atom(e, false, e))
            m_exact = false;
    }

    // A comparison, a call of contains/starts_with/ends_with, or `not` of one of them.
    bool atom(const Expr &e, bool negated, const Expr &shown)
    {
        if (e.kind == ExprKind::Not)
            return e.children.size() == 1 && e.children[0] && atom(*e.children[0], !negated, shown);
        if (e.kind == ExprKind::Compare)
            return comparison(e, negated, shown);
        if (isCallOf(e, {"contains"}, 2))
            return call(e, Family::Contains, negated, shown);
        if (isCallOf(e, {"starts_with", "startswith"}, 2))
            return call(e, Family::Prefix, negated, shown);
        if (isCallOf(e, {"ends_with", "endswith"}, 2))
            return call(e, Family::Suffix, negated, shown);
        return false;
    }

    bool call(const Expr &e, Family family, bool negated, const Expr &shown)
    {
        const auto literal = stringOf(*e.children[1]);
        if (!literal || isLiteral(*e.children[0]))
            return false;
        Constraint c;
        c.family = family;
        c.negated = negated;
        c.text = literal->first;
        c.shown = &shown;
        c.suffix = literal->second;
        add(std::move(c), *e.children[0]);
        return true;
    }

    bool comparison(const Expr &e, bool negated, const Expr &shown)
    {
        const std::size_t links = e.comparisonOperators.size();
        if (links == 0 || e.children.size() != links + 1)
            return false;
        // `not (a < b < c)` is a disjunction: not ours.
        if (negated && links > 1)
            return false;
        bool all = true;
        for (std::size_t k = 0; k < links; ++k) {
            const Expr *left = e.children[k].get();
            const Expr *right = e.children[k + 1].get();
            if (!left || !right) {
                all = false;
                continue;
            }
            const ComparisonOperator op =
                negated ? negatedOperator(e.comparisonOperators[k]) : e.comparisonOperators[k];
            Constraint display;
            if (links == 1) {
                display.shown = &shown;
            } else {
                display.left = left;
                display.right = right;
                display.op = e.comparisonOperators[k];
            }
            all = link(*left, op, *right, display) && all;
        }
        return all;
    }

    // `display` carries how the constraint prints (Constraint::display()).
    bool link(const Expr &left, ComparisonOperator op, const Expr &right, const Constraint &display)
    {
        if (op == ComparisonOperator::In || op == ComparisonOperator::NotIn) {
            const auto literal = stringOf(left);
            if (!literal || isLiteral(right))
                return false;
            Constraint c;
            c.family = Family::Contains;
            c.negated = op == ComparisonOperator::NotIn;
            c.text = literal->first;
            c.shown = display.shown;
            c.left = display.left;
            c.right = display.right;
            c.op = display.op;
            c.suffix = literal->second;
            add(std::move(c), right);
            return true;
        }
        // Length bounds, either order.
        const Expr *lenOf = lengthSubject(left);
        const Expr *bound = &right;
        if (!lenOf) {
            lenOf = lengthSubject(right);
            bound = &left;
            op = mirroredOperator(op);
        }
        if (lenOf) {
            const auto number = numberOf(*bound);
            if (!number || op == ComparisonOperator::NotEqual)
                return false;
            Constraint c;
            c.family = Family::Length;
            if (!lengthBounds(op, number->first, c.lo, c.hi))
                return false;
            c.shown = display.shown;
            c.left = display.left;
            c.right = display.right;
            c.op = display.op;
            c.suffix = number->second;
            add(std::move(c), *lenOf);
            return true;
        }
        if (op != ComparisonOperator::Equal && op != ComparisonOperator::NotEqual)
            return false;
        // Equality: one literal side, one subject.
        const Expr *subject = &left;
        auto literal = literalOf(right);
        if (!literal) {
            subject = &right;
            literal = literalOf(left);
        }
        if (!literal || isLiteral(*subject))
            return false;
        Constraint c;
        c.family = Family::Equality;
        c.negated = op == ComparisonOperator::NotEqual;
        c.literal = literal->first;
        c.literalIsString = c.literal.isString();
        if (c.literalIsString)
            c.text = std::string(c.literal.asString());
        c.shown = display.shown;
        c.left = display.left;
        c.right = display.right;
        c.op = display.op;
        c.suffix = literal->second;
        add(std::move(c), *subject);
        return true;
    }

    // len(S) as [lo, hi]; false when the bound makes no single interval (NaN) or none at all.
    static bool lengthBounds(ComparisonOperator op, double n, std::int64_t &lo, std::int64_t &hi)
    {
        if (std::isnan(n))
            return false;
        n = std::clamp(n, -kHugeLength, kHugeLength);
        double low = 0.0;
        double high = kHugeLength * 2;
        switch (op) {
        case ComparisonOperator::Less:
            high = std::ceil(n) - 1;
            break;
        case ComparisonOperator::LessEqual:
            high = std::floor(n);
            break;
        case ComparisonOperator::Greater:
            low = std::floor(n) + 1;
            break;
        case ComparisonOperator::GreaterEqual:
            low = std::ceil(n);
            break;
        case ComparisonOperator::Equal:
            if (std::floor(n) != n)
                return false; // never true: a clause of its own, not a conflict
            low = high = n;
            break;
        default:
            return false;
        }
        low = std::max(low, 0.0);
        if (low > high)
            return false; // unsatisfiable on its own (`len(S) < 0`): not a conflict
        lo = static_cast<std::int64_t>(low);
        hi = high >= kHugeLength * 2 ? kNoUpperBound : static_cast<std::int64_t>(high);
        return true;
    }

    static const Expr *lengthSubject(const Expr &e)
    {
        return isCallOf(e, {"len"}, 1) ? e.children[0].get() : nullptr;
    }

    // A parameter of the clause's contract (turn variables shadow parameters).
    const Value *parameter(const Expr &e) const
    {
        if (e.kind != ExprKind::Name || !m_clause.parameters || isTurnVariable(e.text))
            return nullptr;
        const auto it = m_clause.parameters->find(e.text);
        return it == m_clause.parameters->end() ? nullptr : &it->second;
    }

    bool isLiteral(const Expr &e) const
    {
        switch (e.kind) {
        case ExprKind::Null:
        case ExprKind::Bool:
        case ExprKind::Int:
        case ExprKind::Float:
        case ExprKind::String:
        case ExprKind::List:
        case ExprKind::Map:
            return true;
        default:
            return parameter(e) != nullptr;
        }
    }

    // The value of a literal or a parameter, and what to append to the display for a
    // parameter: " (max_input = 4000)".
    std::optional<std::pair<Value, std::string>> literalOf(const Expr &e) const
    {
        if (const Value *p = parameter(e))
            return std::pair {*p, " (" + e.text + " = " + repr(*p) + ')'};
        if (e.kind == ExprKind::List || e.kind == ExprKind::Map)
            return std::nullopt; // fine for ==, but not worth the cost of building them
        auto value = constantValue(e);
        if (!value)
            return std::nullopt;
        return std::pair {std::move(*value), std::string()};
    }

    std::optional<std::pair<std::string, std::string>> stringOf(const Expr &e) const
    {
        auto value = literalOf(e);
        if (!value || !value->first.isString())
            return std::nullopt;
        return std::pair {std::string(value->first.asString()), std::move(value->second)};
    }

    std::optional<std::pair<double, std::string>> numberOf(const Expr &e) const
    {
        auto value = literalOf(e);
        if (!value || !value->first.isNumber())
            return std::nullopt;
        return std::pair {value->first.asNumber(), std::move(value->second)};
    }

    bool mentionsParameter(const Expr &e) const
    {
        if (parameter(e))
            return true;
        return std::any_of(e.children.begin(), e.children.end(),
            [&](const ExprPtr &c) { return c && mentionsParameter(*c); });
    }

    static bool knownString(const Expr &e)
    {
        if (e.kind == ExprKind::Name)
            return e.text == "content" || e.text == "response" || e.text == "prev_content"
                || e.text == "prev_response";
        if (e.kind == ExprKind::Call || e.kind == ExprKind::Method)
            return e.text == "lower" || e.text == "upper" || e.text == "trim" || e.text == "strip"
                || e.text == "replace" || e.text == "regex_replace" || e.text == "str";
        return false;
    }

    void add(Constraint c, const Expr &subject)
    {
        Extracted x;
        x.subject = printExpression(subject);
        // A subject that reads a parameter means different things in different contracts.
        if (mentionsParameter(subject)) {
            x.subject += '\x1f';
            x.subject += m_clause.contract;
        }
        c.knownString = knownString(subject);
        c.bit = static_cast<unsigned>(m_out.size());
        x.constraint = std::move(c);
        m_out.push_back(std::move(x));
    }

    const ConflictClause &m_clause;
    std::vector<Extracted> m_out;
    bool m_exact = true;
};

// Per clause pair, what their constraints say of each other.
struct PairState
{
    bool touched = false;
    const Constraint *contradictionA = nullptr; // the first contradicting pair
    const Constraint *contradictionB = nullptr;
    std::uint64_t impliedA = 0; // bits of A's constraints implied by one of B's
    std::uint64_t impliedB = 0;
    const Constraint *witnessA = nullptr; // one of B's constraints that implies one of A's
    const Constraint *witnessAImplied = nullptr;
    const Constraint *witnessB = nullptr;
    const Constraint *witnessBImplied = nullptr;
    bool equivalentWitness = false;
};

// A detected conflict, before resolution; positions are evaluation positions.
struct RawFinding
{
    std::size_t a = 0;
    std::size_t b = 0;
    bool contradiction = false;
    std::size_t redundant = 0; // a or b
    bool equivalent = false; // both are redundant beside each other: duplicates
    Family family = Family::Length;
    // Contradiction: the first contradicting constraints (of a, of b); redundancy: the implied
    // constraint of the redundant clause and one that implies it.
    const Constraint *x = nullptr;
    const Constraint *y = nullptr;
};

std::uint64_t fullMask(std::size_t count)
{
    return count >= 64 ? ~std::uint64_t(0) : (std::uint64_t(1) << count) - 1;
}

std::string joinDisplays(const std::vector<Constraint> &constraints)
{
    std::string out;
    for (const Constraint &c : constraints) {
        if (!out.empty())
            out += " and ";
        out += c.display();
    }
    return out;
}

std::string suppressRule(ConflictResolution strategy, bool contradiction)
{
    const std::string name(conflictResolutionName(strategy));
    if (contradiction
        && (strategy == ConflictResolution::MostRestrictive
            || strategy == ConflictResolution::LeastRestrictive))
        return name + " falls back to first_wins";
    if (!contradiction && strategy == ConflictResolution::MostRestrictive)
        return name + " keeps the tighter";
    if (!contradiction && strategy == ConflictResolution::LeastRestrictive)
        return name + " keeps the looser";
    if (strategy == ConflictResolution::FirstWins)
        return name + " keeps the earlier";
    if (strategy == ConflictResolution::LastWins)
        return name + " keeps the later";
    return name;
}

} // namespace

std::string priorityLabel(int priority)
{
    switch (priority) {
    case 100:
        return "critical";
    case 75:
        return "high";
    case 50:
        return "medium";
    case 25:
        return "low";
    default:
        return std::to_string(priority);
    }
}

bool ConflictAnalysis::hasErrors() const noexcept
{
    return std::any_of(
        findings.begin(), findings.end(), [](const ConflictFinding &f) { return f.error; });
}

ConflictAnalysis analyseConflicts(std::span<const ConflictClause> clauses)
{
    const std::size_t n = clauses.size();
    ConflictAnalysis analysis;
    analysis.suppressionReason.assign(n, {});

    // Evaluation order: priority (highest first), then load order, then input order.
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
        const ConflictClause &a = clauses[x];
        const ConflictClause &b = clauses[y];
        if (a.priority != b.priority)
            return a.priority > b.priority;
        return a.contractOrder < b.contractOrder;
    });

    // Extract every clause's constraints and bucket them by phase and subject.
    std::vector<std::vector<Constraint>> constraints(n); // by evaluation position
    std::vector<bool> exact(n, false);
    std::unordered_map<std::string, std::vector<const Constraint *>> buckets;
    std::vector<std::vector<std::pair<std::vector<const Constraint *> *, std::size_t>>> slots(n);
    std::vector<std::string> subjectKeys;
    for (std::size_t pos = 0; pos < n; ++pos) {
        const ConflictClause &clause = clauses[order[pos]];
        if (!clause.condition
            || (clause.kind != ClauseKind::Require && clause.kind != ClauseKind::Ensure))
            continue;
        bool isExact = false;
        std::vector<Extracted> extracted = Extractor(clause).run(*clause.condition, isExact);
        exact[pos] = isExact;
        constraints[pos].reserve(extracted.size());
        subjectKeys.clear();
        for (Extracted &x : extracted) {
            x.constraint.clause = pos;
            constraints[pos].push_back(std::move(x.constraint));
            std::string key(1, clause.kind == ClauseKind::Require ? 'r' : 'e');
            key += x.subject;
            subjectKeys.push_back(std::move(key));
        }
        // Pointers into constraints[pos] are stable from here on.
        for (std::size_t k = 0; k < constraints[pos].size(); ++k) {
            std::vector<const Constraint *> &bucket = buckets[subjectKeys[k]];
            slots[pos].emplace_back(&bucket, bucket.size());
            bucket.push_back(&constraints[pos][k]);
        }
    }

    // Compare each clause with the later ones that share a subject.
    std::vector<RawFinding> raw;
    std::vector<PairState> states(n);
    std::vector<std::size_t> touched;
    for (std::size_t a = 0; a < n; ++a) {
        touched.clear();
        for (std::size_t k = 0; k < constraints[a].size(); ++k) {
            const Constraint &ca = constraints[a][k];
            const auto &[bucket, index] = slots[a][k];
            for (std::size_t m = index + 1; m < bucket->size(); ++m) {
                const Constraint &cb = *(*bucket)[m];
                const std::size_t b = cb.clause;
                if (b == a || clauses[order[a]].id == clauses[order[b]].id)
                    continue;
                const Relation relation = relate(ca, cb);
                if (relation == Relation::None)
                    continue;
                PairState &s = states[b];
                if (!s.touched) {
                    s = PairState {};
                    s.touched = true;
                    touched.push_back(b);
                }
                switch (relation) {
                case Relation::Contradict:
                    if (!s.contradictionA) {
                        s.contradictionA = &ca;
                        s.contradictionB = &cb;
                    }
                    break;
                case Relation::AImpliesB:
                case Relation::BImpliesA:
                case Relation::Equivalent:
                    if (relation != Relation::BImpliesA) {
                        s.impliedB |= std::uint64_t(1) << cb.bit;
                        if (!s.witnessB) {
                            s.witnessB = &ca;
                            s.witnessBImplied = &cb;
                        }
                    }
                    if (relation != Relation::AImpliesB) {
                        s.impliedA |= std::uint64_t(1) << ca.bit;
                        if (!s.witnessA) {
                            s.witnessA = &cb;
                            s.witnessAImplied = &ca;
                        }
                    }
                    break;
                case Relation::None:
                    break;
                }
            }
        }
        std::sort(touched.begin(), touched.end());
        for (const std::size_t b : touched) {
            PairState &s = states[b];
            s.touched = false;
            RawFinding f;
            f.a = a;
            f.b = b;
            if (s.contradictionA) {
                f.contradiction = true;
                const Constraint &x = *s.contradictionA;
                const Constraint &y = *s.contradictionB;
                f.family = x.family == Family::Equality || y.family == Family::Equality
                    ? Family::Equality
                    : x.family;
                f.x = &x;
                f.y = &y;
                raw.push_back(f);
                continue;
            }
            const bool aRedundant = exact[a] && s.impliedA == fullMask(constraints[a].size());
            const bool bRedundant = exact[b] && s.impliedB == fullMask(constraints[b].size());
            if (!aRedundant && !bRedundant)
                continue;
            // Duplicates (each implies the other): the later one is the redundant one.
            f.equivalent = aRedundant && bRedundant;
            f.redundant = bRedundant ? b : a;
            f.x = f.redundant == b ? s.witnessBImplied : s.witnessAImplied;
            f.y = f.redundant == b ? s.witnessB : s.witnessA;
            f.family = f.x->family;
            raw.push_back(f);
        }
    }

    // Explanations are built only for the findings that survive.
    auto explain = [&](const RawFinding &f) {
        if (f.contradiction)
            return f.x->display() + " and " + f.y->display() + " cannot both hold";
        const std::size_t keeper = f.redundant == f.b ? f.a : f.b;
        const std::vector<Constraint> &loose = constraints[f.redundant];
        if (f.equivalent && loose.size() == constraints[keeper].size())
            return joinDisplays(loose) + " repeats " + joinDisplays(constraints[keeper]);
        if (loose.size() == 1 && f.x->family == Family::Length && f.y->family == Family::Length)
            return f.y->display() + " is tighter than " + f.x->display();
        if (loose.size() == 1)
            return f.y->display() + " implies " + f.x->display();
        return clauses[order[keeper]].id + " implies " + joinDisplays(loose);
    };

    // Resolve, in the order found: by evaluation position of the first clause, then of the
    // second. A clause already suppressed suppresses nothing and loses nothing more: findings
    // that involve one are moot and dropped. A redundancy that suppresses nothing is reported
    // once per redundant clause, beside the first clause that implies it (n equal bounds make
    // n - 1 warnings, not n²/2).
    std::vector<bool> suppressed(n, false); // by evaluation position
    std::vector<bool> reportedRedundant(n, false);
    for (const RawFinding &f : raw) {
        if (suppressed[f.a] || suppressed[f.b])
            continue;
        const ConflictClause &A = clauses[order[f.a]];
        const ConflictClause &B = clauses[order[f.b]];
        const bool byPriority = A.contract != B.contract && A.priority != B.priority;
        ConflictResolution strategy = A.resolution;
        if (A.contract != B.contract && B.contractOrder < A.contractOrder)
            strategy = B.resolution;

        // The decision: who loses, or an error, or nothing.
        std::optional<std::size_t> loser; // evaluation position
        bool error = false;
        std::string rule; // why the loser lost
        std::string kept; // redundancy without a loser: why both stay
        const std::size_t keeper = f.redundant == f.a ? f.b : f.a; // redundancies only
        if (f.contradiction) {
            if (byPriority) {
                loser = f.b;
                rule = "priority " + priorityLabel(A.priority) + " > " + priorityLabel(B.priority);
            } else if (strategy == ConflictResolution::FailOnConflict
                || strategy == ConflictResolution::Merge) {
                error = true;
            } else {
                loser = strategy == ConflictResolution::LastWins ? f.a : f.b;
                rule = suppressRule(strategy, true);
            }
        } else if (byPriority) {
            kept = "different priorities: both stay active";
        } else {
            switch (strategy) {
            case ConflictResolution::FailOnConflict:
            case ConflictResolution::Merge:
                kept = std::string(conflictResolutionName(strategy)) + ": both stay active";
                break;
            case ConflictResolution::FirstWins:
                loser = f.b;
                break;
            case ConflictResolution::LastWins:
                loser = f.a;
                break;
            case ConflictResolution::MostRestrictive:
                loser = f.redundant;
                break;
            case ConflictResolution::LeastRestrictive:
                // Suppressing the tighter clause must not drop anything else it says.
                if (f.equivalent)
                    loser = f.b;
                else if (exact[keeper] && constraints[keeper].size() == 1)
                    loser = keeper;
                else
                    kept = "least_restrictive: both stay active, " + clauses[order[keeper]].id
                        + " says more than one bound";
                break;
            }
            if (loser)
                rule = suppressRule(strategy, false);
        }
        if (!f.contradiction) {
            if (!loser && reportedRedundant[f.redundant])
                continue;
            reportedRedundant[f.redundant] = true;
        }

        const std::string explanation = explain(f);
        ConflictFinding finding;
        finding.kind = std::string(familyName(f.family));
        finding.contradiction = f.contradiction;
        finding.first = order[f.a];
        finding.second = order[f.b];
        finding.redundant = f.contradiction ? order[f.b] : order[f.redundant];
        finding.resolution =
            byPriority ? std::string("priority") : std::string(conflictResolutionName(strategy));
        finding.error = error;
        finding.explanation = explanation;

        Diagnostic diagnostic;
        if (error) {
            const bool merge = strategy == ConflictResolution::Merge;
            diagnostic = makeDiagnostic(Severity::Error,
                merge ? MessageId::ContradictionMerge : MessageId::Contradiction, B.range, B.file,
                {{"first", A.id}, {"second", B.id}, {"explanation", explanation}});
        } else if (f.contradiction) {
            const ConflictClause &L = clauses[order[*loser]];
            const ConflictClause &W = *loser == f.a ? B : A;
            diagnostic =
                makeDiagnostic(Severity::Warning, MessageId::ConflictSuppressed, B.range, B.file,
                    {{"suppressed", L.id}, {"kept", W.id}, {"explanation", explanation},
                        {"rule", rule}});
            analysis.suppressionReason[order[*loser]] =
                "suppressed: conflicts with " + W.id + " (" + rule + ')';
        } else {
            const ConflictClause &R = clauses[order[f.redundant]];
            const ConflictClause &K = clauses[order[keeper]];
            if (loser)
                diagnostic = makeDiagnostic(Severity::Warning, MessageId::RedundantSuppressed,
                    B.range, B.file,
                    {{"redundant", R.id}, {"other", K.id}, {"explanation", explanation},
                        {"suppressed", clauses[order[*loser]].id}, {"rule", rule}});
            else
                diagnostic =
                    makeDiagnostic(Severity::Warning, MessageId::RedundantKept, B.range, B.file,
                        {{"redundant", R.id}, {"other", K.id}, {"explanation", explanation},
                            {"kept", kept}});
            if (loser) {
                const ConflictClause &W = *loser == f.a ? B : A;
                analysis.suppressionReason[order[*loser]] = *loser == f.redundant
                    ? "suppressed: redundant beside " + W.id + " (" + rule + ')'
                    : "suppressed: " + W.id + " is redundant beside it (" + rule + ')';
            }
        }
        diagnostic.related.push_back(RelatedLocation {A.file, A.range, "the other clause"});
        if (loser) {
            suppressed[*loser] = true;
            finding.suppressed.push_back(order[*loser]);
        }

        ConflictRecord record;
        record.kind = finding.kind;
        record.clauses = {A.id, B.id};
        record.resolution = finding.resolution;
        for (const std::size_t i : finding.suppressed)
            record.suppressed.push_back(clauses[i].id);
        analysis.records.push_back(std::move(record));
        analysis.diagnostics.push_back(std::move(diagnostic));
        analysis.findings.push_back(std::move(finding));
    }
    return analysis;
}

} // namespace llmcl::engine
