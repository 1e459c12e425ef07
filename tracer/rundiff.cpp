// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tracer/rundiff.h"

#include "engine/turnresult.h"
#include "tracer/runreader.h"
#include "tracer/runstatistics.h"

#include <map>
#include <string_view>
#include <unordered_map>

namespace llmcl::tracer {

namespace {

constexpr char kAbsent = '9'; // no verdict of that clause settled at that conversation's end

bool failing(char status)
{
    return status == '0' + int(engine::ClauseStatus::Fail)
        || status == '0' + int(engine::ClauseStatus::Error);
}

// One run's conversations, turns and fixes, keyed so that the other run's can be matched:
// "<conversation id>\0<occurrence>\0<turn>".
struct RunSide
{
    std::vector<std::string> idOfPosition; // 1-based position → conversation id
    std::vector<std::string> occurrenceKey; // 1-based position → "<id>\0<occurrence>"
};

Status loadConversations(Database &db, std::int64_t run, RunSide &side)
{
    auto select = Statement::prepare(db,
        "SELECT position, conversation FROM run_conversations WHERE run = ?1 ORDER BY position");
    if (!select)
        return select.error();
    select.value().bind(1, run);
    std::unordered_map<std::string, std::uint64_t> seen;
    side.idOfPosition.assign(1, {});
    side.occurrenceKey.assign(1, {});
    if (auto error = select.value().forEachRow([&](const Statement &) {
            const auto position = static_cast<std::size_t>(select.value().columnInt(0));
            std::string id(select.value().columnText(1));
            if (position >= side.idOfPosition.size()) {
                side.idOfPosition.resize(position + 1);
                side.occurrenceKey.resize(position + 1);
            }
            std::string key = id;
            key += '\0';
            key += std::to_string(seen[id]++);
            side.idOfPosition[position] = std::move(id);
            side.occurrenceKey[position] = std::move(key);
        }))
        return *error;
    return std::nullopt;
}

std::string turnKey(const RunSide &side, std::size_t position, std::int64_t turn)
{
    std::string key = position < side.occurrenceKey.size() ? side.occurrenceKey[position] : "";
    key += '\0';
    key += std::to_string(turn);
    return key;
}

// Calls f(position, turn, statuses) for each turn of the run in order, then for each
// conversation with verdicts settled at its end (turn 0; kAbsent where none settled).
template<typename F>
Status forEachTurn(Database &db, std::int64_t run, std::size_t clauses, F &&f)
{
    auto turns = Statement::prepare(db,
        "SELECT rc.position, t.turn, t.statuses FROM run_conversations rc "
        "JOIN run_turns t ON t.conversation = rc.id WHERE rc.run = ?1 "
        "ORDER BY rc.position, t.turn");
    if (!turns)
        return turns.error();
    turns.value().bind(1, run);
    if (auto error = turns.value().forEachRow([&](const Statement &s) {
            f(static_cast<std::size_t>(s.columnInt(0)), s.columnInt(1), s.columnText(2));
        }))
        return *error;
    auto ends = Statement::prepare(db,
        "SELECT rc.position, c.position, v.status FROM verdicts v "
        "JOIN run_conversations rc ON rc.id = v.conversation "
        "JOIN run_clauses c ON c.id = v.clause WHERE v.run = ?1 AND v.turn = 0 "
        "ORDER BY rc.position");
    if (!ends)
        return ends.error();
    ends.value().bind(1, run);
    std::size_t current = 0;
    std::string statuses;
    for (;;) {
        auto row = ends.value().step();
        if (!row)
            return row.error();
        const bool more = row.value();
        const std::size_t position = more ? static_cast<std::size_t>(ends.value().columnInt(0)) : 0;
        if (current && (!more || position != current))
            f(current, std::int64_t(0), std::string_view(statuses));
        if (!more)
            break;
        if (position != current) {
            current = position;
            statuses.assign(clauses, kAbsent);
        }
        const auto clause = static_cast<std::size_t>(ends.value().columnInt(1));
        if (clause >= 1 && clause <= clauses)
            statuses[clause - 1] = static_cast<char>('0' + ends.value().columnInt(2));
    }
    return std::nullopt;
}

// "<applied>\0<outcome>\0<after>" by "<turn key>\0<clause>\0<round>".
Status loadFixes(Database &db, std::int64_t run, const RunSide &side,
    std::map<std::string, std::string> &fixes, std::vector<std::string> *order = nullptr)
{
    auto select = Statement::prepare(db,
        "SELECT rc.position, f.turn, f.clause, f.round, f.applied, f.outcome, f.after "
        "FROM fixes f JOIN run_conversations rc ON rc.id = f.conversation WHERE f.run = ?1 "
        "ORDER BY rc.position, f.turn, f.id");
    if (!select)
        return select.error();
    select.value().bind(1, run);
    if (auto error = select.value().forEachRow([&](const Statement &s) {
            std::string key =
                turnKey(side, static_cast<std::size_t>(s.columnInt(0)), s.columnInt(1));
            key += '\0';
            key += s.columnText(2);
            key += '\0';
            key += std::to_string(s.columnInt(3));
            std::string value = std::to_string(s.columnInt(4));
            value += '\0';
            value += s.columnText(5);
            value += '\0';
            value += s.columnText(6);
            if (order)
                order->push_back(key);
            fixes[std::move(key)] = std::move(value);
        }))
        return *error;
    return std::nullopt;
}

// Turn key → (conversation id, turn) for examples.
DiffExample exampleOf(std::string_view key)
{
    const std::size_t first = key.find('\0');
    const std::size_t second = key.find('\0', first + 1);
    const std::size_t third = key.find('\0', second + 1);
    DiffExample example;
    example.conversation = std::string(key.substr(0, first));
    const std::string_view turn = key.substr(second + 1, third - second - 1);
    example.turn = std::atoll(std::string(turn).c_str());
    return example;
}

void addExample(std::vector<DiffExample> &examples, std::size_t limit, DiffExample example)
{
    if (examples.size() < limit)
        examples.push_back(std::move(example));
}

// Each clause's figures in the run, in position order.
std::vector<ClauseInRun> figuresOf(const RunStatistics &statistics)
{
    const std::vector<ClauseCounts> counts = statistics.clauseCounts();
    const std::vector<LatencyPercentiles> &latency = statistics.clauseLatency();
    std::vector<ClauseInRun> figures(statistics.clauses().size());
    for (std::size_t p = 0; p < figures.size(); ++p) {
        if (p < counts.size())
            figures[p].failures = counts[p].fail + counts[p].error;
        if (p < latency.size())
            figures[p].latency = latency[p];
    }
    return figures;
}

} // namespace

std::optional<std::int64_t> ClauseDiff::latencyDeltaNs(
    std::int64_t LatencyPercentiles::*percentile) const
{
    if (!inA || !inB || !inA->latency.count || !inB->latency.count)
        return std::nullopt;
    return inB->latency.*percentile - inA->latency.*percentile;
}

engine::Result<RunDiff> diffRuns(
    WorkspaceDatabase &db, std::int64_t runA, std::int64_t runB, std::size_t examples)
{
    auto statisticsA = RunStatistics::open(db, runA);
    if (!statisticsA)
        return statisticsA.error();
    auto statisticsB = RunStatistics::open(db, runB);
    if (!statisticsB)
        return statisticsB.error();
    const std::vector<StoredClause> &clausesA = statisticsA.value().clauses();
    const std::vector<StoredClause> &clausesB = statisticsB.value().clauses();
    const std::vector<ClauseInRun> inRunA = figuresOf(statisticsA.value());
    const std::vector<ClauseInRun> inRunB = figuresOf(statisticsB.value());
    Database &connection = db.connection();

    RunDiff diff;
    diff.runA = runA;
    diff.runB = runB;
    std::map<std::string, std::size_t, std::less<>> positionInA;
    for (const StoredClause &clause : clausesA)
        positionInA.emplace(clause.id, clause.position);
    std::vector<std::size_t> aOfB(clausesB.size(), clausesA.size()); // clausesA.size(): none
    std::vector<bool> inB(clausesA.size(), false);
    std::map<std::string, std::size_t, std::less<>> diffOfClause;
    for (const StoredClause &clause : clausesB) {
        ClauseDiff d;
        d.clause = clause.id;
        d.contract = clause.contract;
        d.inB = inRunB[clause.position];
        if (const auto a = positionInA.find(clause.id); a != positionInA.end()) {
            aOfB[clause.position] = a->second;
            inB[a->second] = true;
            d.inA = inRunA[a->second];
        } else {
            d.presence = ClauseDiff::Presence::OnlyInB;
        }
        diffOfClause.emplace(clause.id, diff.clauses.size());
        diff.clauses.push_back(std::move(d));
    }
    for (const StoredClause &clause : clausesA)
        if (!inB[clause.position]) {
            ClauseDiff d;
            d.clause = clause.id;
            d.contract = clause.contract;
            d.presence = ClauseDiff::Presence::OnlyInA;
            d.inA = inRunA[clause.position];
            diffOfClause.emplace(clause.id, diff.clauses.size());
            diff.clauses.push_back(std::move(d));
        }

    RunSide sideA, sideB;
    if (auto error = loadConversations(connection, runA, sideA))
        return *error;
    if (auto error = loadConversations(connection, runB, sideB))
        return *error;

    // Run A in memory: statuses by turn key, and whether run B had the turn.
    struct TurnA
    {
        std::string statuses;
        bool matched = false;
    };
    std::unordered_map<std::string, TurnA> turnsA;
    if (auto error = forEachTurn(connection, runA, clausesA.size(),
            [&](std::size_t position, std::int64_t turn, std::string_view statuses) {
                turnsA[turnKey(sideA, position, turn)] = TurnA {std::string(statuses), false};
            }))
        return *error;

    if (auto error = forEachTurn(connection, runB, clausesB.size(),
            [&](std::size_t position, std::int64_t turn, std::string_view statuses) {
                const std::string key = turnKey(sideB, position, turn);
                const auto found = turnsA.find(key);
                if (found == turnsA.end()) {
                    if (turn > 0)
                        ++diff.turnsOnlyInB;
                    return;
                }
                found->second.matched = true;
                if (turn > 0)
                    ++diff.turnsCompared;
                const std::string &before = found->second.statuses;
                for (std::size_t p = 0; p < statuses.size() && p < clausesB.size(); ++p) {
                    const std::size_t a = aOfB[p];
                    if (a >= before.size())
                        continue;
                    const char was = before[a];
                    const char is = statuses[p];
                    if (was == is || was == kAbsent || is == kAbsent)
                        continue;
                    ClauseDiff &d = diff.clauses[p];
                    DiffExample example {sideB.idOfPosition[position], turn};
                    if (failing(is) && !failing(was)) {
                        ++d.newFailures;
                        addExample(d.newFailureExamples, examples, std::move(example));
                    } else if (failing(was) && is == '0' + int(engine::ClauseStatus::Pass)) {
                        ++d.newPasses;
                        addExample(d.newPassExamples, examples, std::move(example));
                    } else {
                        ++d.otherChanges;
                        addExample(d.otherChangeExamples, examples, std::move(example));
                    }
                }
            }))
        return *error;
    for (const auto &[key, turn] : turnsA)
        if (!turn.matched
            && !key.ends_with(std::string_view("\0"
                                               "0",
                2)))
            ++diff.turnsOnlyInA;

    // Fixes: only those of turns both runs have count.
    std::map<std::string, std::string> fixesA, fixesB;
    std::vector<std::string> orderA, orderB;
    if (auto error = loadFixes(connection, runA, sideA, fixesA, &orderA))
        return *error;
    if (auto error = loadFixes(connection, runB, sideB, fixesB, &orderB))
        return *error;
    const auto fixChanged = [&](const std::string &key, bool inA) {
        // key: "<id>\0<occurrence>\0<turn>\0<clause>\0<round>"
        std::size_t cut = 0;
        for (int i = 0; i < 3; ++i)
            cut = key.find('\0', cut) + 1;
        const std::string turn = key.substr(0, cut - 1);
        const auto matched = turnsA.find(turn);
        if (matched == turnsA.end() || !matched->second.matched)
            return;
        const std::size_t clauseEnd = key.find('\0', cut);
        const auto d = diffOfClause.find(std::string_view(key).substr(cut, clauseEnd - cut));
        if (d == diffOfClause.end())
            return;
        const auto &other = inA ? fixesB : fixesA;
        const auto &mine = inA ? fixesA : fixesB;
        const auto found = other.find(key);
        if (found != other.end() && (inA || found->second == mine.at(key)))
            return; // the same fix in both runs (or counted from run A's side already)
        ClauseDiff &clause = diff.clauses[d->second];
        ++clause.changedFixes;
        addExample(clause.changedFixExamples, examples, exampleOf(key));
    };
    for (const std::string &key : orderB)
        fixChanged(key, false);
    for (const std::string &key : orderA)
        fixChanged(key, true);
    return diff;
}

} // namespace llmcl::tracer
