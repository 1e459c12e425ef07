// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/temporalmonitor.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTest>

#include <atomic>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <utility>
#include <vector>

// Counts heap allocations, so that a test can check that the monitor's steady state makes none.
namespace {
std::atomic<std::uint64_t> allocations {0};
} // namespace

namespace {
void *countedAllocation(std::size_t size) noexcept
{
    allocations.fetch_add(1, std::memory_order_relaxed);
    return std::malloc(size ? size : 1);
}

void *countedAllocationOrThrow(std::size_t size)
{
    if (void *memory = countedAllocation(size))
        return memory;
    throw std::bad_alloc();
}
} // namespace

void *operator new(std::size_t size)
{
    return countedAllocationOrThrow(size);
}
void *operator new[](std::size_t size)
{
    return countedAllocationOrThrow(size);
}
void *operator new(std::size_t size, const std::nothrow_t &) noexcept
{
    return countedAllocation(size);
}
void *operator new[](std::size_t size, const std::nothrow_t &) noexcept
{
    return countedAllocation(size);
}
void operator delete(void *memory) noexcept
{
    std::free(memory);
}
void operator delete[](void *memory) noexcept
{
    std::free(memory);
}
void operator delete(void *memory, std::size_t) noexcept
{
    std::free(memory);
}
void operator delete[](void *memory, std::size_t) noexcept
{
    std::free(memory);
}

using namespace Qt::StringLiterals;
using namespace llmcl::engine;
using Kind = TemporalFormula::Kind;

namespace {

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

// A tiny parser for temporal formulas in LLMCL syntax over named atoms, with the precedence of
// docs/language-decisions.md ("Syntax"): not, and, or, until (right), implies (right); the
// prefix operators take everything to their right. Atoms are numbered by first appearance.
class FormulaParser
{
public:
    explicit FormulaParser(std::string text)
        : m_text(std::move(text))
    {
        tokenize();
    }

    std::optional<TemporalFormula> parse()
    {
        TemporalFormula f = parseImplies();
        if (m_failed || m_pos != m_tokens.size())
            return std::nullopt;
        return f;
    }

    const std::vector<std::string> &atoms() const { return m_atoms; }

private:
    void tokenize()
    {
        std::size_t i = 0;
        while (i < m_text.size()) {
            const unsigned char c = static_cast<unsigned char>(m_text[i]);
            if (std::isspace(c)) {
                ++i;
            } else if (c == '(' || c == ')') {
                m_tokens.emplace_back(1, char(c));
                ++i;
            } else if (std::isalnum(c) || c == '_') {
                std::size_t j = i;
                while (j < m_text.size()
                    && (std::isalnum(static_cast<unsigned char>(m_text[j])) || m_text[j] == '_'))
                    ++j;
                m_tokens.push_back(m_text.substr(i, j - i));
                i = j;
            } else {
                m_failed = true;
                return;
            }
        }
    }

    bool accept(const char *word)
    {
        if (m_pos < m_tokens.size() && m_tokens[m_pos] == word) {
            ++m_pos;
            return true;
        }
        return false;
    }

    TemporalFormula parseImplies()
    {
        TemporalFormula lhs = parseUntil();
        if (accept("implies"))
            return TemporalFormula::make(Kind::Implies, {std::move(lhs), parseImplies()});
        return lhs;
    }

    TemporalFormula parseUntil()
    {
        TemporalFormula lhs = parseOr();
        if (accept("until"))
            return TemporalFormula::make(Kind::Until, {std::move(lhs), parseUntil()});
        return lhs;
    }

    TemporalFormula parseOr()
    {
        TemporalFormula lhs = parseAnd();
        while (accept("or"))
            lhs = TemporalFormula::make(Kind::Or, {std::move(lhs), parseAnd()});
        return lhs;
    }

    TemporalFormula parseAnd()
    {
        TemporalFormula lhs = parseUnary();
        while (accept("and"))
            lhs = TemporalFormula::make(Kind::And, {std::move(lhs), parseUnary()});
        return lhs;
    }

    TemporalFormula parseUnary()
    {
        if (accept("not"))
            return TemporalFormula::make(Kind::Not, {parseUnary()});
        if (accept("always"))
            return TemporalFormula::make(Kind::Always, {parseImplies()});
        if (accept("eventually"))
            return TemporalFormula::make(Kind::Eventually, {parseImplies()});
        if (accept("next"))
            return TemporalFormula::make(Kind::Next, {parseImplies()});
        if (accept("within")) {
            if (m_pos >= m_tokens.size()
                || !std::isdigit(static_cast<unsigned char>(m_tokens[m_pos][0]))) {
                m_failed = true;
                return TemporalFormula::makeConstant(false);
            }
            const std::int64_t n = std::stoll(m_tokens[m_pos++]);
            return TemporalFormula::makeWithin(n, parseImplies());
        }
        if (accept("since")) {
            TemporalFormula condition = parseImplies();
            if (!accept("then"))
                m_failed = true;
            return TemporalFormula::make(Kind::Since, {std::move(condition), parseImplies()});
        }
        return parsePrimary();
    }

    TemporalFormula parsePrimary()
    {
        if (accept("(")) {
            TemporalFormula inner = parseImplies();
            if (!accept(")"))
                m_failed = true;
            return inner;
        }
        if (accept("true"))
            return TemporalFormula::makeConstant(true);
        if (accept("false"))
            return TemporalFormula::makeConstant(false);
        if (m_pos >= m_tokens.size()
            || !std::isalpha(static_cast<unsigned char>(m_tokens[m_pos][0]))) {
            m_failed = true;
            return TemporalFormula::makeConstant(false);
        }
        const std::string name = m_tokens[m_pos++];
        for (std::size_t i = 0; i < m_atoms.size(); ++i)
            if (m_atoms[i] == name)
                return TemporalFormula::makeAtom(static_cast<std::uint32_t>(i));
        m_atoms.push_back(name);
        return TemporalFormula::makeAtom(static_cast<std::uint32_t>(m_atoms.size() - 1));
    }

    std::string m_text;
    std::vector<std::string> m_tokens;
    std::vector<std::string> m_atoms;
    std::size_t m_pos = 0;
    bool m_failed = false;
};

// trace[t][a]: the value of atom a at turn t+1.
using Trace = std::vector<std::vector<AtomValue>>;

// "A:TFT B:FFE" → per turn, per atom of `atoms` (missing atoms are false; E is an error).
std::optional<Trace> parseTrace(const std::string &text, const std::vector<std::string> &atoms)
{
    std::map<std::string, std::string> columns;
    std::size_t turns = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ')
            ++i;
        if (i >= text.size())
            break;
        const std::size_t colon = text.find(':', i);
        if (colon == std::string::npos)
            return std::nullopt;
        std::size_t end = text.find(' ', colon);
        if (end == std::string::npos)
            end = text.size();
        const std::string values = text.substr(colon + 1, end - colon - 1);
        columns[text.substr(i, colon - i)] = values;
        turns = std::max(turns, values.size());
        i = end;
    }
    Trace trace(turns, std::vector<AtomValue>(atoms.size(), AtomValue::False));
    for (const auto &[name, values] : columns) {
        const auto it = std::find(atoms.begin(), atoms.end(), name);
        if (it == atoms.end())
            continue; // an atom the formula does not use: it only sets the length
        const auto atom = static_cast<std::size_t>(it - atoms.begin());
        for (std::size_t t = 0; t < values.size(); ++t)
            trace[t][atom] = values[t] == 'T' ? AtomValue::True
                : values[t] == 'E'            ? AtomValue::Error
                                              : AtomValue::False;
    }
    return trace;
}

char verdictLetter(MonitorVerdict verdict)
{
    switch (verdict) {
    case MonitorVerdict::Pending:
        return 'P';
    case MonitorVerdict::Satisfied:
        return 'S';
    case MonitorVerdict::Violated:
        return 'V';
    }
    return '?';
}

// The §7 table, read literally: truth of f at turn i of a conversation of turns 1..n (i <= n).
bool holds(const TemporalFormula &f, std::int64_t i, std::int64_t n, const Trace &trace)
{
    switch (f.kind) {
    case Kind::Atom:
        return trace[std::size_t(i - 1)][f.atom] == AtomValue::True;
    case Kind::True:
        return true;
    case Kind::False:
        return false;
    case Kind::Not:
        return !holds(f.children[0], i, n, trace);
    case Kind::And:
        return holds(f.children[0], i, n, trace) && holds(f.children[1], i, n, trace);
    case Kind::Or:
        return holds(f.children[0], i, n, trace) || holds(f.children[1], i, n, trace);
    case Kind::Implies:
        return !holds(f.children[0], i, n, trace) || holds(f.children[1], i, n, trace);
    case Kind::Always:
        for (std::int64_t j = i; j <= n; ++j)
            if (!holds(f.children[0], j, n, trace))
                return false;
        return true;
    case Kind::Eventually:
        for (std::int64_t j = i; j <= n; ++j)
            if (holds(f.children[0], j, n, trace))
                return true;
        return false;
    case Kind::Next:
        return i < n && holds(f.children[0], i + 1, n, trace);
    case Kind::Within:
        for (std::int64_t j = i; j < i + f.turns && j <= n; ++j)
            if (holds(f.children[0], j, n, trace))
                return true;
        return false;
    case Kind::Until:
        for (std::int64_t j = i; j <= n; ++j) {
            if (holds(f.children[1], j, n, trace))
                return true;
            if (!holds(f.children[0], j, n, trace))
                return false;
        }
        return true;
    case Kind::Since:
        for (std::int64_t j = i; j <= n; ++j) {
            if (holds(f.children[0], j, n, trace)) {
                for (std::int64_t k = j + 1; k <= n; ++k)
                    if (!holds(f.children[1], k, n, trace))
                        return false;
                return true;
            }
        }
        return true;
    }
    return false;
}

TemporalFormula randomFormula(QRandomGenerator &random, int depth, int atoms, bool root = false)
{
    if (depth == 0 || (!root && random.bounded(10) < 3)) {
        if (random.bounded(12) == 0)
            return TemporalFormula::makeConstant(random.bounded(2) == 0);
        return TemporalFormula::makeAtom(static_cast<std::uint32_t>(random.bounded(atoms)));
    }
    auto sub = [&] { return randomFormula(random, depth - 1, atoms); };
    switch (random.bounded(10)) {
    case 0:
        return TemporalFormula::make(Kind::Not, {sub()});
    case 1:
        return TemporalFormula::make(Kind::And, {sub(), sub()});
    case 2:
        return TemporalFormula::make(Kind::Or, {sub(), sub()});
    case 3:
        return TemporalFormula::make(Kind::Implies, {sub(), sub()});
    case 4:
        return TemporalFormula::make(Kind::Always, {sub()});
    case 5:
        return TemporalFormula::make(Kind::Eventually, {sub()});
    case 6:
        return TemporalFormula::make(Kind::Next, {sub()});
    case 7:
        return TemporalFormula::makeWithin(1 + random.bounded(4), sub());
    case 8:
        return TemporalFormula::make(Kind::Until, {sub(), sub()});
    default:
        return TemporalFormula::make(Kind::Since, {sub(), sub()});
    }
}

std::string traceText(const Trace &trace)
{
    std::string out;
    const std::size_t atoms = trace.empty() ? 0 : trace[0].size();
    for (std::size_t a = 0; a < atoms; ++a) {
        out += (a ? " " : "") + std::string(1, char('A' + a)) + ':';
        for (const auto &turn : trace)
            out += turn[a] == AtomValue::True ? 'T' : 'F';
    }
    return out;
}

// Parses first: the atoms' names are known only afterwards.
TemporalMonitor monitorFor(FormulaParser &parser)
{
    const auto formula = parser.parse();
    return TemporalMonitor(std::make_shared<const TemporalFormula>(
                               formula ? *formula : TemporalFormula::makeConstant(false)),
        parser.atoms());
}

struct Run
{
    std::string perTurn;
    char atEnd = '?';
    std::int64_t settledAt = -1;
    bool lazinessBroken = false;
};

// Steps `monitor` over the first `turns` turns of `trace`, then ends the conversation.
Run runMonitor(TemporalMonitor &monitor, const Trace &trace, std::size_t turns)
{
    Run run;
    for (std::size_t t = 0; t < turns; ++t) {
        std::vector<int> calls(trace[t].size(), 0);
        monitor.step(std::int64_t(t) + 1, [&](std::uint32_t atom) {
            if (atom >= calls.size() || ++calls[atom] > 1) {
                run.lazinessBroken = true;
                return AtomValue::False;
            }
            return trace[t][atom];
        });
        run.perTurn += verdictLetter(monitor.verdict());
    }
    monitor.end();
    run.atEnd = verdictLetter(monitor.verdict());
    run.settledAt = monitor.settledAt();
    return run;
}

} // namespace

class TestTemporalMonitor : public QObject
{
    Q_OBJECT

private slots:
    void traces_data();
    void traces();
    void zeroTurns();
    void refundObligation();
    void obligationsMerge();
    void residualPrints();
    void atomsAreLazy();
    void atomErrorsCountAsFalse();
    void settledVerdictNeverChanges();
    void resetStartsOver();
    void malformedFormulaIsFalse();
    void differentialAgainstTable();
    void steadyStateDoesNotAllocate();
    void boundedOverLongConversations_data();
    void boundedOverLongConversations();
};

void TestTemporalMonitor::traces_data()
{
    QTest::addColumn<QByteArray>("formula");
    QTest::addColumn<QByteArray>("trace");
    QTest::addColumn<QByteArray>("perTurn"); // verdict after each turn: P, S, V
    QTest::addColumn<QByteArray>("atEnd");
    QTest::addColumn<int>("settledAt");

    auto row = [](const char *name, const char *formula, const char *trace, const char *perTurn,
                   const char *atEnd, int settledAt) {
        QTest::newRow(name) << QByteArray(formula) << QByteArray(trace) << QByteArray(perTurn)
                            << QByteArray(atEnd) << settledAt;
    };
    // Non-temporal: decided by turn 1.
    row("atom-true", "A", "A:TF", "SS", "S", 1);
    row("atom-false", "A", "A:FT", "VV", "V", 1);
    row("true", "true", "A:F", "S", "S", 1);
    row("false", "false", "A:T", "V", "V", 1);
    row("not", "not A", "A:F", "S", "S", 1);
    row("and", "A and B", "A:TT B:FT", "VV", "V", 1);
    row("or", "A or B", "A:F B:T", "S", "S", 1);
    row("implies-vacuous", "A implies B", "A:F B:F", "S", "S", 1);
    row("implies-fails", "A implies B", "A:T B:F", "V", "V", 1);
    // always
    row("always-holds-to-end", "always A", "A:TTT", "PPP", "S", 3);
    row("always-violated", "always A", "A:TFT", "PVV", "V", 2);
    row("always-true", "always true", "A:F", "S", "S", 1);
    row("always-not-error-clean", "always not error", "error:FFF", "PPP", "S", 3);
    row("always-not-error", "always not error", "error:FFTF", "PPVV", "V", 3);
    row("always-or-binds-inside", "always A or B", "A:TF B:FT", "PP", "S", 2);
    // eventually
    row("eventually-found", "eventually A", "A:FFT", "PPS", "S", 3);
    row("eventually-end", "eventually A", "A:FFF", "PPP", "V", 3);
    row("eventually-false", "eventually false", "A:T", "V", "V", 1);
    // next (strong)
    row("next-holds", "next A", "A:FT", "PS", "S", 2);
    row("next-fails", "next A", "A:TF", "PV", "V", 2);
    row("next-at-end", "next A", "A:T", "P", "V", 1);
    row("next-next", "next next A", "A:FFT", "PPS", "S", 3);
    row("not-next-at-end", "not next A", "A:T", "P", "S", 1);
    // within N: turns i..i+N-1
    row("within-5-thanks", "within 5 thanks", "thanks:FFFTF", "PPPSS", "S", 4);
    row("within-5-too-late", "within 5 thanks", "thanks:FFFFFT", "PPPPVV", "V", 5);
    row("within-5-short-conversation", "within 5 thanks", "thanks:FF", "PP", "V", 2);
    row("within-1", "within 1 A", "A:FT", "VV", "V", 1);
    row("within-1-holds", "within 1 A", "A:T", "S", "S", 1);
    row("within-0", "within 0 A", "A:T", "V", "V", 1);
    row("within-2-last-turn", "within 2 A", "A:FT", "PS", "S", 2);
    // until (weak)
    row("until-released", "A until B", "A:TTF B:FFT", "PPS", "S", 3);
    row("until-broken", "A until B", "A:TFT B:FFF", "PVV", "V", 2);
    row("until-weak-at-end", "A until B", "A:TTT B:FFF", "PPP", "S", 3);
    row("until-b-first", "A until B", "A:F B:T", "S", "S", 1);
    row("until-release-turn-exempt", "A until B", "A:TF B:FT", "PS", "S", 2);
    // since A then B: B on every turn after the first A
    row("since-never", "since A then B", "A:FFF B:FFF", "PPP", "S", 3);
    row("since-fires-and-holds", "since A then B", "A:FTF B:FFT", "PPP", "S", 3);
    row("since-trigger-turn-exempt", "since A then B", "A:TF B:FT", "PP", "S", 2);
    row("since-violated", "since A then B", "A:TFF B:TTF", "PPV", "V", 3);
    row("since-then-false-at-last-turn", "since A then false", "A:FT", "PP", "S", 2);
    row("since-then-false-broken", "since A then false", "A:TF", "PV", "V", 2);
    row("since-then-next", "since A then next B", "A:TFF B:FTF", "PPV", "V", 3);
    row("since-then-next-at-last-turn", "since A then next B", "A:TFF B:FTT", "PPP", "V", 3);
    // The refund example of §7.
    row("refund-answered", "always (refund implies within 2 policy)", "refund:FFFTFF policy:FFFFTF",
        "PPPPPP", "S", 6);
    row("refund-answered-same-turn", "always (refund implies within 2 policy)",
        "refund:FFFTFF policy:FFFTFF", "PPPPPP", "S", 6);
    row("refund-unanswered", "always (refund implies within 2 policy)",
        "refund:FFFTFF policy:FFFFFT", "PPPPVV", "V", 5);
    row("refund-at-last-turn", "always (refund implies within 2 policy)", "refund:FFT policy:FFF",
        "PPP", "V", 3);
    // Nesting.
    row("always-eventually", "always eventually A", "A:FTF", "PPP", "V", 3);
    row("always-eventually-ends-well", "always eventually A", "A:FFT", "PPP", "S", 3);
    row("eventually-always", "eventually always A", "A:FTT", "PPP", "S", 3);
    row("eventually-always-broken", "eventually always A", "A:TTF", "PPP", "V", 3);
    row("not-eventually", "not eventually A", "A:FT", "PV", "V", 2);
    row("always-next", "always (A implies next B)", "A:TFT B:FTF", "PPP", "V", 3);
    row("always-next-ok", "always (A implies next B)", "A:TFF B:FTF", "PPP", "S", 3);
    row("eventually-until", "(eventually A) until B", "A:FTF B:FFT", "PPS", "S", 3);
    row("eventually-until-never", "(eventually A) until B", "A:FFF B:FFT", "PPP", "V", 3);
    row("within-always", "within 2 always A", "A:FTT", "PPP", "S", 3);
    row("within-always-broken", "within 2 always A", "A:FTF", "PPV", "V", 3);
    row("until-nested-within", "A until within 2 B", "A:TFF B:FFT", "PPS", "S", 3);
}

void TestTemporalMonitor::traces()
{
    QFETCH(QByteArray, formula);
    QFETCH(QByteArray, trace);
    QFETCH(QByteArray, perTurn);
    QFETCH(QByteArray, atEnd);
    QFETCH(int, settledAt);

    FormulaParser parser(formula.toStdString());
    const auto parsed = parser.parse();
    QVERIFY2(parsed, formula.constData());
    const auto turns = parseTrace(trace.toStdString(), parser.atoms());
    QVERIFY2(turns, trace.constData());
    QCOMPARE(std::size_t(perTurn.size()), turns->size());

    TemporalMonitor monitor(std::make_shared<const TemporalFormula>(*parsed), parser.atoms());
    const Run run = runMonitor(monitor, *turns, turns->size());
    QCOMPARE(qs(run.perTurn), QString::fromLatin1(perTurn));
    QCOMPARE(QString(QChar::fromLatin1(run.atEnd)), QString::fromLatin1(atEnd));
    QCOMPARE(run.settledAt, std::int64_t(settledAt));
    QVERIFY(!run.lazinessBroken);
    // Every row also agrees with the table.
    const bool expected = holds(*parsed, 1, std::int64_t(turns->size()), *turns);
    QCOMPARE(run.atEnd == 'S', expected);
}

void TestTemporalMonitor::zeroTurns()
{
    // A conversation without turns: nothing is truthy, nothing needs fulfilling.
    const std::vector<std::pair<const char *, MonitorVerdict>> cases = {
        {"always A", MonitorVerdict::Satisfied},
        {"eventually A", MonitorVerdict::Violated},
        {"A", MonitorVerdict::Violated},
        {"not A", MonitorVerdict::Satisfied},
        {"A until B", MonitorVerdict::Satisfied},
        {"since A then B", MonitorVerdict::Satisfied},
        {"within 3 A", MonitorVerdict::Violated},
        {"next A", MonitorVerdict::Violated},
    };
    for (const auto &[text, verdict] : cases) {
        FormulaParser parser(text);
        TemporalMonitor monitor = monitorFor(parser);
        monitor.end();
        QVERIFY2(monitor.verdict() == verdict, text);
        QCOMPARE(monitor.settledAt(), std::int64_t(0));
        QVERIFY(monitor.settledAtEnd());
    }
}

void TestTemporalMonitor::refundObligation()
{
    FormulaParser parser("always (refund implies within 2 policy)");
    const auto formula = parser.parse();
    QVERIFY(formula);
    TemporalMonitor monitor(std::make_shared<const TemporalFormula>(*formula),
        {R"(match(content, "(?i)refund"))", R"(contains(response, "policy"))"});
    auto turn = [&](std::int64_t t, bool refund, bool policy) {
        monitor.step(t, [&](std::uint32_t atom) {
            return (atom == 0 ? refund : policy) ? AtomValue::True : AtomValue::False;
        });
    };
    for (std::int64_t t = 1; t <= 3; ++t) {
        turn(t, false, false);
        QVERIFY(monitor.obligations().empty());
    }
    // Turn 4 mentions a refund and does not answer it: the policy is due by turn 5 (§7: within 2
    // at turn 4 is turns 4 and 5).
    turn(4, true, false);
    QCOMPARE(monitor.verdict(), MonitorVerdict::Pending);
    const std::vector<Obligation> expected = {{R"(contains(response, "policy"))", 4, 5}};
    const auto open = monitor.obligations();
    QCOMPARE(open.size(), std::size_t(1));
    QCOMPARE(qs(open[0].text), qs(expected[0].text));
    QCOMPARE(open[0].armedAt, std::int64_t(4));
    QCOMPARE(open[0].dueBy, std::int64_t(5));
    turn(5, false, true);
    QVERIFY(monitor.obligations().empty());
    QCOMPARE(monitor.verdict(), MonitorVerdict::Pending);
    monitor.end();
    QCOMPARE(monitor.verdict(), MonitorVerdict::Satisfied);
    QCOMPARE(monitor.settledAt(), std::int64_t(5));
}

void TestTemporalMonitor::obligationsMerge()
{
    {
        // Two refunds in a row: one obligation, due by the first deadline, armed by the first.
        FormulaParser parser("always (refund implies within 3 policy)");
        TemporalMonitor monitor = monitorFor(parser);
        const bool refunds[] = {false, true, true};
        for (std::int64_t t = 1; t <= 3; ++t)
            monitor.step(t, [&](std::uint32_t atom) {
                return atom == 0 && refunds[t - 1] ? AtomValue::True : AtomValue::False;
            });
        const auto open = monitor.obligations();
        QCOMPARE(open.size(), std::size_t(1));
        QCOMPARE(qs(open[0].text), u"policy"_s);
        QCOMPARE(open[0].armedAt, std::int64_t(2));
        QCOMPARE(open[0].dueBy, std::int64_t(4));
        QCOMPARE(monitor.verdict(), MonitorVerdict::Pending);
    }
    {
        // eventually: open-ended, armed at the first trigger, re-armed after discharge.
        FormulaParser parser("always (A implies eventually B)");
        TemporalMonitor monitor = monitorFor(parser);
        const char *a = "FTTFFT";
        const char *b = "FFFTFF";
        std::vector<std::vector<Obligation>> seen;
        for (std::int64_t t = 1; t <= 6; ++t) {
            monitor.step(t, [&](std::uint32_t atom) {
                const char *column = atom == 0 ? a : b;
                return column[t - 1] == 'T' ? AtomValue::True : AtomValue::False;
            });
            seen.push_back(monitor.obligations());
        }
        QVERIFY(seen[0].empty());
        QCOMPARE(seen[1], (std::vector<Obligation> {{"B", 2, -1}}));
        QCOMPARE(seen[2], (std::vector<Obligation> {{"B", 2, -1}}));
        QVERIFY(seen[3].empty());
        QVERIFY(seen[4].empty());
        QCOMPARE(seen[5], (std::vector<Obligation> {{"B", 6, -1}}));
    }
    {
        // next, and obligations sorted by due turn.
        FormulaParser parser("(next A) and (eventually B) and within 3 C");
        TemporalMonitor monitor = monitorFor(parser);
        monitor.step(1, [](std::uint32_t) { return AtomValue::False; });
        QCOMPARE(monitor.obligations(),
            (std::vector<Obligation> {{"A", 1, 2}, {"C", 1, 3}, {"B", 1, -1}}));
    }
}

void TestTemporalMonitor::residualPrints()
{
    FormulaParser parser("always (refund implies within 2 policy)");
    TemporalMonitor monitor = monitorFor(parser);
    QCOMPARE(qs(monitor.residual()), u"always (refund implies (within 2 policy))"_s);
    monitor.step(
        1, [](std::uint32_t atom) { return atom == 0 ? AtomValue::True : AtomValue::False; });
    QCOMPARE(qs(monitor.residual()),
        u"(always (refund implies (within 2 policy))) and (by turn 2 policy)"_s);
    monitor.step(2, [](std::uint32_t) { return AtomValue::True; });
    QCOMPARE(qs(monitor.residual()), u"always (refund implies (within 2 policy))"_s);

    FormulaParser since("since A then B until not C");
    TemporalMonitor sinceMonitor = monitorFor(since);
    QCOMPARE(qs(sinceMonitor.residual()), u"since A then (B until not C)"_s);
}

void TestTemporalMonitor::atomsAreLazy()
{
    struct Case
    {
        const char *formula;
        std::vector<AtomValue> values;
        std::vector<int> expectedCalls;
    };
    const std::vector<Case> cases = {
        {"A and B", {AtomValue::False, AtomValue::True}, {1, 0}},
        {"A or B", {AtomValue::True, AtomValue::False}, {1, 0}},
        {"A implies B", {AtomValue::False, AtomValue::True}, {1, 0}},
        {"A until B", {AtomValue::True, AtomValue::True}, {0, 1}},
        {"next A", {AtomValue::True}, {0}},
        {"A and (A or B) and always A", {AtomValue::True, AtomValue::True}, {1, 0}},
    };
    for (const Case &c : cases) {
        FormulaParser parser(c.formula);
        TemporalMonitor monitor = monitorFor(parser);
        std::vector<int> calls(c.values.size(), 0);
        monitor.step(1, [&](std::uint32_t atom) {
            ++calls[atom];
            return c.values[atom];
        });
        QVERIFY2(calls == c.expectedCalls, c.formula);
    }
    // Once settled, no atom is asked.
    FormulaParser parser("A");
    TemporalMonitor monitor = monitorFor(parser);
    int calls = 0;
    auto atoms = [&](std::uint32_t) {
        ++calls;
        return AtomValue::True;
    };
    monitor.step(1, atoms);
    monitor.step(2, atoms);
    QCOMPARE(calls, 1);
}

void TestTemporalMonitor::atomErrorsCountAsFalse()
{
    FormulaParser parser("always (A implies within 2 B)");
    TemporalMonitor monitor = monitorFor(parser);
    const auto turns = parseTrace("A:TFF B:EEF", parser.atoms());
    QVERIFY(turns);
    monitor.step(1, [&](std::uint32_t atom) { return (*turns)[0][atom]; });
    QVERIFY(monitor.atomError());
    QCOMPARE(monitor.verdict(), MonitorVerdict::Pending);
    monitor.step(2, [&](std::uint32_t atom) { return (*turns)[1][atom]; });
    QVERIFY(monitor.atomError()); // B errs again: the obligation is not met by an error
    QCOMPARE(monitor.verdict(), MonitorVerdict::Violated);
    QCOMPARE(monitor.settledAt(), std::int64_t(2));
    monitor.step(3, [&](std::uint32_t atom) { return (*turns)[2][atom]; });
    QVERIFY(!monitor.atomError());

    // An error under `not` still counts as false, so `not E` holds: the caller reports the error.
    FormulaParser negated("always not A");
    TemporalMonitor negatedMonitor = monitorFor(negated);
    negatedMonitor.step(1, [](std::uint32_t) { return AtomValue::Error; });
    QVERIFY(negatedMonitor.atomError());
    QCOMPARE(negatedMonitor.verdict(), MonitorVerdict::Pending);
}

void TestTemporalMonitor::settledVerdictNeverChanges()
{
    FormulaParser parser("eventually A");
    TemporalMonitor monitor = monitorFor(parser);
    monitor.step(1, [](std::uint32_t) { return AtomValue::True; });
    QCOMPARE(monitor.verdict(), MonitorVerdict::Satisfied);
    monitor.step(2, [](std::uint32_t) { return AtomValue::False; });
    monitor.end();
    QCOMPARE(monitor.verdict(), MonitorVerdict::Satisfied);
    QCOMPARE(monitor.settledAt(), std::int64_t(1));
    QVERIFY(!monitor.settledAtEnd());
    QCOMPARE(qs(monitor.residual()), u"true"_s);
    QCOMPARE(monitor.size(), std::size_t(1));
}

void TestTemporalMonitor::resetStartsOver()
{
    FormulaParser parser("always (A implies eventually B)");
    TemporalMonitor monitor = monitorFor(parser);
    const std::string initial = monitor.residual();
    monitor.step(
        1, [](std::uint32_t atom) { return atom == 0 ? AtomValue::True : AtomValue::False; });
    monitor.end();
    QCOMPARE(monitor.verdict(), MonitorVerdict::Violated);
    monitor.reset();
    QCOMPARE(monitor.verdict(), MonitorVerdict::Pending);
    QCOMPARE(monitor.settledAt(), std::int64_t(0));
    QCOMPARE(qs(monitor.residual()), qs(initial));
    monitor.step(1, [](std::uint32_t) { return AtomValue::False; });
    monitor.step(
        2, [](std::uint32_t atom) { return atom == 0 ? AtomValue::True : AtomValue::False; });
    // armedAt belongs to this conversation, not the previous one.
    QCOMPARE(monitor.obligations(), (std::vector<Obligation> {{"B", 2, -1}}));
    monitor.end();
    QCOMPARE(monitor.verdict(), MonitorVerdict::Violated);
    QCOMPARE(monitor.settledAt(), std::int64_t(2));

    // A copy continues independently.
    monitor.reset();
    monitor.step(
        1, [](std::uint32_t atom) { return atom == 0 ? AtomValue::True : AtomValue::False; });
    TemporalMonitor copy = monitor;
    copy.step(2, [](std::uint32_t) { return AtomValue::True; });
    monitor.end();
    copy.end();
    QCOMPARE(monitor.verdict(), MonitorVerdict::Violated);
    QCOMPARE(copy.verdict(), MonitorVerdict::Satisfied);
}

void TestTemporalMonitor::malformedFormulaIsFalse()
{
    TemporalFormula bad = TemporalFormula::make(Kind::Until, {TemporalFormula::makeAtom(0)});
    TemporalMonitor monitor(std::make_shared<const TemporalFormula>(bad), {"A"});
    QVERIFY(monitor.malformed());
    monitor.step(1, [](std::uint32_t) { return AtomValue::True; });
    QCOMPARE(monitor.verdict(), MonitorVerdict::Violated);

    TemporalMonitor none(nullptr);
    QVERIFY(none.malformed());
    none.end();
    QCOMPARE(none.verdict(), MonitorVerdict::Violated);
}

void TestTemporalMonitor::differentialAgainstTable()
{
    // Brute force from the §7 table against the monitor: every prefix of every trace, ended,
    // gives the table's verdict; and an early verdict agrees with every longer prefix.
    QRandomGenerator random(20260417);
    constexpr int formulas = 5000;
    constexpr int tracesPerFormula = 4;
    int cases = 0;
    int settledEarly = 0;
    int pendingAtLastTurn = 0;
    QElapsedTimer timer;
    timer.start();
    for (int f = 0; f < formulas; ++f) {
        const int atoms = 1 + random.bounded(3);
        const auto formula = std::make_shared<const TemporalFormula>(
            randomFormula(random, 1 + random.bounded(4), atoms, true));
        const std::vector<std::string> names = {"A", "B", "C"};
        TemporalMonitor monitor(formula, names);
        TemporalMonitor full(formula, names);

        // The printer's output parses back to an equivalent formula.
        FormulaParser reparser(monitor.residual());
        const auto reparsed = reparser.parse();
        QVERIFY2(reparsed, monitor.residual().c_str());

        for (int t = 0; t < tracesPerFormula; ++t) {
            const int length = 1 + random.bounded(8);
            Trace trace(static_cast<std::size_t>(length),
                std::vector<AtomValue>(static_cast<std::size_t>(atoms)));
            for (auto &turn : trace)
                for (auto &value : turn)
                    value = random.bounded(2) ? AtomValue::True : AtomValue::False;
            ++cases;
            const std::string context =
                "formula: " + monitor.residual() + "\ntrace: " + traceText(trace);

            full.reset();
            const Run whole = runMonitor(full, trace, trace.size());
            QVERIFY2(!whole.lazinessBroken, context.c_str());
            const auto early = whole.perTurn.find_first_not_of('P');
            if (early != std::string::npos && early + 1 < trace.size())
                ++settledEarly;
            if (whole.perTurn.back() == 'P')
                ++pendingAtLastTurn;

            for (std::size_t n = 1; n <= trace.size(); ++n) {
                const bool expected = holds(*formula, 1, std::int64_t(n), trace);
                monitor.reset();
                const Run run = runMonitor(monitor, trace, n);
                const std::string where = context + "\nprefix: " + std::to_string(n)
                    + "\nmonitor: " + run.perTurn + " end " + run.atEnd;
                QVERIFY2(run.atEnd == (expected ? 'S' : 'V'), where.c_str());
                const std::size_t settled = early == std::string::npos ? n : std::min(n, early + 1);
                QVERIFY2(run.settledAt == std::int64_t(settled), where.c_str());
                // Soundness of early verdicts.
                if (early != std::string::npos && n >= early + 1)
                    QVERIFY2((whole.perTurn[early] == 'S') == expected, where.c_str());
                // Printing round trip (on the formula, so the residual before any turn).
                const std::vector<std::string> &reNames = reparser.atoms();
                Trace renamed(trace.size(), std::vector<AtomValue>(reNames.size()));
                for (std::size_t turn = 0; turn < trace.size(); ++turn)
                    for (std::size_t a = 0; a < reNames.size(); ++a)
                        renamed[turn][a] = trace[turn][std::size_t(reNames[a][0] - 'A')];
                QVERIFY2(holds(*reparsed, 1, std::int64_t(n), renamed) == expected, where.c_str());
            }
        }
    }
    qInfo("%d formula/trace pairs (%d settled before their last turn, %d still pending after it) "
          "in %lld ms",
        cases, settledEarly, pendingAtLastTurn, static_cast<long long>(timer.elapsed()));
    QCOMPARE(cases, formulas * tracesPerFormula);
}

void TestTemporalMonitor::steadyStateDoesNotAllocate()
{
    struct Case
    {
        const char *formula;
        bool (*a)(std::int64_t turn);
        bool (*b)(std::int64_t turn);
    };
    // Traces that keep every clause pending.
    const Case cases[] = {
        {"always (A implies within 2 B)", [](std::int64_t t) { return t % 3 != 0; },
            [](std::int64_t t) { return t % 2 == 0; }},
        {"A until B", [](std::int64_t) { return true; }, [](std::int64_t) { return false; }},
        {"since A then next B", [](std::int64_t t) { return t % 2 == 1; },
            [](std::int64_t) { return true; }},
        {"always (A implies eventually B)", [](std::int64_t t) { return t % 5 == 1; },
            [](std::int64_t t) { return t % 7 == 0; }},
    };
    for (const Case &c : cases) {
        FormulaParser parser(c.formula);
        TemporalMonitor monitor = monitorFor(parser);
        auto run = [&](std::int64_t from, std::int64_t to) {
            for (std::int64_t t = from; t <= to; ++t)
                monitor.step(t, [&c, t](std::uint32_t atom) {
                    return (atom == 0 ? c.a(t) : c.b(t)) ? AtomValue::True : AtomValue::False;
                });
        };
        run(1, 2000); // warm-up: the node table and scratch buffers reach their size
        const std::uint64_t before = allocations.load();
        run(2001, 12000);
        const std::uint64_t made = allocations.load() - before;
        QCOMPARE(monitor.verdict(), MonitorVerdict::Pending);
        QVERIFY2(made == 0, (std::string(c.formula) + ": " + std::to_string(made)).c_str());
    }
}

void TestTemporalMonitor::boundedOverLongConversations_data()
{
    QTest::addColumn<QByteArray>("formula");
    QTest::addColumn<int>("maxSize");
    QTest::newRow("always-implies-eventually")
        << QByteArray("always (A implies eventually B)") << 8;
    QTest::newRow("always-implies-within") << QByteArray("always (A implies within 2 B)") << 12;
    QTest::newRow("always-implies-within-50") << QByteArray("always (A implies within 50 B)") << 12;
    QTest::newRow("until") << QByteArray("A until B") << 4;
    QTest::newRow("since-then-next") << QByteArray("since A then next B") << 12;
    QTest::newRow("always-eventually") << QByteArray("always eventually A") << 8;
    QTest::newRow("nested") << QByteArray("always (A implies next (B until C))") << 24;
}

void TestTemporalMonitor::boundedOverLongConversations()
{
    QFETCH(QByteArray, formula);
    QFETCH(int, maxSize);
    FormulaParser parser(formula.toStdString());
    const auto parsed = parser.parse();
    QVERIFY(parsed);
    TemporalMonitor monitor(std::make_shared<const TemporalFormula>(*parsed), parser.atoms());
    // A true on every turn, everything else false except that for `within` and `next` B answers
    // in time on even turns, and `since` gets its B: the monitors stay pending throughout.
    const bool answer = formula.contains("within") || formula.contains("next");
    constexpr std::int64_t turns = 100'000;
    std::size_t largest = 0;
    std::size_t largestTable = 0;
    QElapsedTimer timer;
    std::int64_t elapsed = 0;
    for (std::int64_t t = 1; t <= turns; ++t) {
        const bool b =
            answer && (t % 2 == 0 || formula.contains("since") || formula.contains("until"));
        timer.start();
        monitor.step(t, [b](std::uint32_t atom) {
            return atom == 0 || (atom == 1 && b) ? AtomValue::True : AtomValue::False;
        });
        elapsed += timer.nsecsElapsed();
        if (t % 97 == 0) {
            largest = std::max(largest, monitor.size());
            largestTable = std::max(largestTable, monitor.storedNodes());
        }
    }
    QCOMPARE(monitor.verdict(), MonitorVerdict::Pending);
    QVERIFY2(largest <= std::size_t(maxSize), std::to_string(largest).c_str());
    QVERIFY2(largestTable <= 1024, std::to_string(largestTable).c_str());
    qInfo("%s: residual <= %zu nodes, table <= %zu nodes, %.0f ns per step (timer included)",
        formula.constData(), largest, largestTable, double(elapsed) / double(turns));
}

QTEST_APPLESS_MAIN(TestTemporalMonitor)

#include "tst_temporalmonitor.moc"
