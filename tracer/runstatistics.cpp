// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tracer/runstatistics.h"

#include "engine/json.h"
#include "engine/value.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

namespace llmcl::tracer {

namespace {

LatencyPercentiles percentiles(const LatencyHistogram &histogram)
{
    LatencyPercentiles p;
    p.count = histogram.count();
    p.p50 = histogram.quantile(0.50);
    p.p90 = histogram.quantile(0.90);
    p.p95 = histogram.quantile(0.95);
    p.p99 = histogram.quantile(0.99);
    p.max = histogram.quantile(1.0);
    return p;
}

// The message of `clauseId` in a run_turns.messages object, "" when it has none.
std::string messageOf(std::string_view messagesJson, std::string_view clauseId)
{
    if (messagesJson.empty())
        return {};
    engine::Value value;
    std::string error;
    if (!engine::parseJson(messagesJson, value, error))
        return {};
    const engine::Value *found = value.find(clauseId);
    return found && found->isString() ? std::string(found->asString()) : std::string();
}

} // namespace

RunStatistics::RunStatistics(Database &db, std::int64_t run)
    : m_db(&db)
    , m_run(run)
{ }

engine::Result<RunStatistics> RunStatistics::open(WorkspaceDatabase &db, std::int64_t run)
{
    RunStatistics statistics(db.connection(), run);
    if (auto error = statistics.load(db))
        return *error;
    return statistics;
}

Status RunStatistics::load(WorkspaceDatabase &workspace)
{
    Database &db = *m_db;
    const std::string name = db.path() + ": run " + std::to_string(m_run);
    auto runs = workspace.runs();
    if (!runs)
        return runs.error();
    for (RunSummary &summary : runs.value())
        if (summary.id == m_run)
            m_overview.run = std::move(summary);
    if (m_overview.run.id != m_run)
        return engine::Error {db.path() + ": no run " + std::to_string(m_run)};

    auto contracts = Statement::prepare(db,
        "SELECT s.file, s.hash FROM run_contracts rc JOIN contract_snapshots s "
        "ON s.id = rc.snapshot WHERE rc.run = ?1 ORDER BY rc.position");
    if (!contracts)
        return contracts.error();
    contracts.value().bind(1, m_run);
    if (auto error = contracts.value().forEachRow([&](const Statement &s) {
            m_contracts.push_back(
                RunContract {std::string(s.columnText(0)), std::string(s.columnText(1))});
        }))
        return error;

    // The clauses as RunReader reads them (position order, ranges, kinds and severities).
    auto reader = RunReader::open(workspace, m_run);
    if (!reader)
        return reader.error();
    m_clauses = reader.value().clauses();
    for (std::size_t p = 0; p < m_clauses.size(); ++p)
        if (m_clauses[p].position != p)
            return engine::Error {name + ": the positions of its clauses are not 1.."
                + std::to_string(m_clauses.size()) + ": the database is damaged"};

    auto conversations = Statement::prepare(db,
        "SELECT count(*), coalesce(min(id), 0), coalesce(max(id), -1) FROM run_conversations "
        "WHERE run = ?1");
    if (!conversations)
        return conversations.error();
    conversations.value().bind(1, m_run);
    if (auto row = conversations.value().step(); !row)
        return row.error();
    m_overview.conversations = static_cast<std::uint64_t>(conversations.value().columnInt(0));
    m_firstConversation = conversations.value().columnInt(1);
    m_lastConversation = conversations.value().columnInt(2);

    std::vector<std::int64_t> keys;
    std::vector<std::string> ids;
    for (const StoredClause &clause : m_clauses) {
        keys.push_back(clause.key);
        ids.push_back(clause.id);
    }
    auto summary = detail::RunAggregate::load(db, m_run, keys);
    if (!summary)
        return summary.error();
    if (summary.value()) {
        m_aggregate = std::move(*summary.value());
        m_summarized = true;
    } else {
        auto scanned = detail::RunAggregate::scan(db, m_run, ids, true);
        if (!scanned)
            return scanned.error();
        m_aggregate = std::move(scanned.value());
    }
    m_aggregate.clauses.resize(m_clauses.size());

    // Clause latency: the stored histograms of a finished run, else the scanned durations.
    std::vector<LatencyHistogram> latency(m_clauses.size());
    auto buckets = Statement::prepare(db,
        "SELECT c.position, l.bucket, l.count FROM clause_latency l JOIN run_clauses c "
        "ON c.id = l.clause WHERE c.run = ?1");
    if (!buckets)
        return buckets.error();
    buckets.value().bind(1, m_run);
    if (auto error = buckets.value().forEachRow([&](const Statement &s) {
            const std::int64_t position = s.columnInt(0);
            if (position >= 1 && std::size_t(position) <= latency.size())
                latency[std::size_t(position - 1)].addToBucket(
                    std::size_t(s.columnInt(1)), std::uint64_t(s.columnInt(2)));
        }))
        return error;
    for (std::size_t p = 0; p < m_clauses.size(); ++p)
        m_clauseLatency.push_back(
            percentiles(latency[p].count() ? latency[p] : m_aggregate.clauses[p].latency));

    RunOverview &o = m_overview;
    o.turns = m_aggregate.turns;
    o.validTurns = m_aggregate.turns - m_aggregate.invalidTurns;
    o.validTurnsPercent = o.turns ? 100.0 * double(o.validTurns) / double(o.turns) : 0.0;
    for (std::size_t p = 0; p < m_clauses.size(); ++p) {
        const auto &counts = m_aggregate.clauses[p].counts;
        o.violationsBySeverity[static_cast<std::size_t>(m_clauses[p].severity)] +=
            counts[std::size_t(engine::ClauseStatus::Fail)]
            + counts[std::size_t(engine::ClauseStatus::Error)];
    }
    o.turnLatency = percentiles(m_aggregate.turnLatency);

    auto fixes = Statement::prepare(
        db, "SELECT outcome, count(*) FROM fixes WHERE run = ?1 GROUP BY outcome");
    if (!fixes)
        return fixes.error();
    fixes.value().bind(1, m_run);
    if (auto error = fixes.value().forEachRow([&](const Statement &s) {
            const auto count = static_cast<std::uint64_t>(s.columnInt(1));
            o.fixes += count;
            if (const auto outcome = engine::fixOutcomeFromName(s.columnText(0)))
                o.fixesByOutcome[static_cast<std::size_t>(*outcome)] += count;
        }))
        return error;
    auto conflicts = Statement::prepare(db, "SELECT count(*) FROM conflicts WHERE run = ?1");
    if (!conflicts)
        return conflicts.error();
    conflicts.value().bind(1, m_run);
    if (auto row = conflicts.value().step(); !row)
        return row.error();
    o.conflicts = static_cast<std::uint64_t>(conflicts.value().columnInt(0));

    auto totals = Statement::prepare(db, "SELECT totals FROM runs WHERE id = ?1");
    if (!totals)
        return totals.error();
    totals.value().bind(1, m_run);
    if (auto row = totals.value().step(); !row)
        return row.error();
    if (!totals.value().isNull(0)) {
        engine::Value value;
        std::string error;
        if (engine::parseJson(totals.value().columnText(0), value, error) && value.isMap()) {
            if (const engine::Value *compile = value.find("compile_ns");
                compile && compile->isInt())
                o.compileNs = compile->asInt();
            if (const engine::Value *coverage = value.find("coverage");
                coverage && coverage->isMap()) {
                Coverage c;
                const auto ids = [&](std::string_view key, std::vector<std::string> &out) {
                    if (const engine::Value *list = coverage->find(key); list && list->isList())
                        for (const engine::Value &item : list->asList())
                            if (item.isString())
                                out.emplace_back(item.asString());
                };
                ids("never_evaluated", c.neverEvaluated);
                ids("never_failed", c.neverFailed);
                ids("fixes_never_applied", c.fixesNeverApplied);
                o.coverage = std::move(c);
            }
        }
    }
    return std::nullopt;
}

std::vector<LatencyBucket> RunStatistics::turnLatencyBuckets() const
{
    std::vector<LatencyBucket> buckets;
    m_aggregate.turnLatency.forEachBucket([&](std::size_t bucket, std::uint64_t count) {
        buckets.push_back(LatencyBucket {bucket,
            static_cast<std::int64_t>(std::floor(std::pow(1.02, double(bucket)))),
            static_cast<std::int64_t>(std::ceil(std::pow(1.02, double(bucket + 1)))), count});
    });
    return buckets;
}

std::vector<ContractTime> RunStatistics::contractTime() const
{
    std::vector<ContractTime> times;
    for (std::size_t p = 0; p < m_clauses.size(); ++p) {
        auto it = std::find_if(times.begin(), times.end(),
            [&](const ContractTime &t) { return t.contract == m_clauses[p].contract; });
        if (it == times.end())
            it = times.insert(times.end(), ContractTime {m_clauses[p].contract, 0, 0});
        it->durationNs += m_aggregate.clauses[p].durationNs;
    }
    for (ContractTime &time : times)
        time.share = m_aggregate.turnDurationNs
            ? double(time.durationNs) / double(m_aggregate.turnDurationNs)
            : 0.0;
    return times;
}

std::vector<ClauseCounts> RunStatistics::clauseCounts() const
{
    std::vector<ClauseCounts> counts;
    for (std::size_t p = 0; p < m_clauses.size(); ++p) {
        const auto &c = m_aggregate.clauses[p].counts;
        ClauseCounts row;
        row.clause = m_clauses[p].id;
        row.contract = m_clauses[p].contract;
        row.pass = c[0];
        row.fail = c[1];
        row.error = c[2];
        row.pending = c[3];
        row.suppressed = c[4];
        row.skipped = c[5];
        row.durationNs = m_aggregate.clauses[p].durationNs;
        counts.push_back(std::move(row));
    }
    return counts;
}

std::vector<TurnNumberFailures> RunStatistics::failuresByTurn() const
{
    std::vector<TurnNumberFailures> out;
    for (std::size_t t = 0; t < m_aggregate.turnNumbers.size(); ++t) {
        const auto &number = m_aggregate.turnNumbers[t];
        TurnNumberFailures row {std::int64_t(t + 1), number.turns, number.invalid, number.failing,
            std::vector<std::uint64_t>(m_clauses.size())};
        for (std::size_t p = 0; p < number.fail.size() && p < m_clauses.size(); ++p)
            row.failures[p] = number.fail[p] + number.error[p];
        out.push_back(std::move(row));
    }
    return out;
}

std::vector<MessageCount> RunStatistics::topMessages(std::size_t limit) const
{
    std::vector<MessageCount> all;
    for (std::size_t p = 0; p < m_clauses.size(); ++p)
        for (const auto &[message, count] : m_aggregate.clauses[p].messages)
            all.push_back(MessageCount {p, message, count});
    const auto before = [](const MessageCount &a, const MessageCount &b) {
        return std::tie(b.count, a.clause, a.message) < std::tie(a.count, b.clause, b.message);
    };
    const std::size_t n = std::min(limit, all.size());
    std::partial_sort(all.begin(), all.begin() + std::ptrdiff_t(n), all.end(), before);
    all.resize(n);
    return all;
}

std::uint64_t RunStatistics::otherMessages(std::size_t clause) const
{
    return clause < m_aggregate.clauses.size() ? m_aggregate.clauses[clause].otherMessages : 0;
}

// Conflicts -----------------------------------------------------------------------------------

namespace {

engine::Result<std::vector<StoredConflict>> readConflicts(Database &db, std::int64_t run)
{
    auto select = Statement::prepare(db,
        "SELECT c.id, rc.position, coalesce(rc.conversation, ''), c.turn, c.kind, c.clauses, "
        "c.resolution, c.suppressed FROM conflicts c LEFT JOIN run_conversations rc "
        "ON rc.id = c.conversation WHERE c.run = ?1 ORDER BY c.id");
    if (!select)
        return select.error();
    select.value().bind(1, run);
    std::vector<StoredConflict> rows;
    if (auto error = select.value().forEachRow([&](const Statement &s) {
            StoredConflict row;
            row.id = s.columnInt(0);
            if (!s.isNull(1))
                row.conversationPosition = s.columnInt(1);
            row.conversation = s.columnText(2);
            row.turn = s.columnInt(3);
            row.kind = s.columnText(4);
            row.clauses = decodeStringList(s.columnText(5));
            row.resolution = s.columnText(6);
            row.suppressed = decodeStringList(s.columnText(7));
            rows.push_back(std::move(row));
        }))
        return *error;
    return rows;
}

} // namespace

namespace {

std::string contractOf(const std::vector<StoredClause> &clauses, const std::string &id)
{
    for (const StoredClause &clause : clauses)
        if (clause.id == id)
            return clause.contract;
    return id.substr(0, id.find('#'));
}

} // namespace

engine::Result<ConflictMatrix> RunStatistics::conflicts()
{
    auto rows = readConflicts(*m_db, m_run);
    if (!rows)
        return rows.error();
    ConflictMatrix matrix;
    std::set<std::string> contracts;
    std::map<std::tuple<std::string, std::string, std::string, std::string>, std::uint64_t> cells;
    for (const StoredConflict &row : rows.value()) {
        for (std::size_t i = 0; i < row.clauses.size(); ++i) {
            contracts.insert(contractOf(m_clauses, row.clauses[i]));
            for (std::size_t j = i + 1; j < row.clauses.size(); ++j) {
                std::string a = contractOf(m_clauses, row.clauses[i]);
                std::string b = contractOf(m_clauses, row.clauses[j]);
                if (b < a)
                    std::swap(a, b);
                ++cells[{a, b, row.kind, row.resolution}];
            }
        }
        for (const std::string &clause : row.suppressed) {
            SuppressedClause suppressed {clause, row.kind, row.resolution, {}};
            for (const std::string &other : row.clauses)
                if (other != clause)
                    suppressed.conflictingClauses.push_back(other);
            matrix.suppressed.push_back(std::move(suppressed));
        }
    }
    matrix.contracts.assign(contracts.begin(), contracts.end());
    for (const auto &[key, count] : cells)
        matrix.cells.push_back(ConflictCell {
            std::get<0>(key), std::get<1>(key), std::get<2>(key), std::get<3>(key), count});
    return matrix;
}

engine::Result<std::vector<StoredConflict>> RunStatistics::conflictsBetween(
    std::string_view kind, std::string_view contractA, std::string_view contractB)
{
    auto rows = readConflicts(*m_db, m_run);
    if (!rows)
        return rows.error();
    std::vector<StoredConflict> out;
    for (StoredConflict &row : rows.value()) {
        if (row.kind != kind)
            continue;
        bool between = false;
        for (std::size_t i = 0; i < row.clauses.size() && !between; ++i)
            for (std::size_t j = i + 1; j < row.clauses.size() && !between; ++j) {
                const std::string a = contractOf(m_clauses, row.clauses[i]);
                const std::string b = contractOf(m_clauses, row.clauses[j]);
                between = (a == contractA && b == contractB) || (a == contractB && b == contractA);
            }
        if (between)
            out.push_back(std::move(row));
    }
    return out;
}

// Fixes ---------------------------------------------------------------------------------------

engine::Result<std::vector<ClauseFixes>> RunStatistics::fixes()
{
    std::map<std::pair<std::string, std::string>, ClauseFixes> byClause; // by contract, clause
    auto outcomes = Statement::prepare(*m_db,
        "SELECT contract, clause, outcome, count(*) FROM fixes WHERE run = ?1 "
        "GROUP BY contract, clause, outcome");
    if (!outcomes)
        return outcomes.error();
    outcomes.value().bind(1, m_run);
    if (auto error = outcomes.value().forEachRow([&](const Statement &s) {
            ClauseFixes &fixes =
                byClause[{std::string(s.columnText(0)), std::string(s.columnText(1))}];
            fixes.contract = s.columnText(0);
            fixes.clause = s.columnText(1);
            const auto count = static_cast<std::uint64_t>(s.columnInt(3));
            fixes.attempts += count;
            if (const auto outcome = engine::fixOutcomeFromName(s.columnText(2)))
                fixes.outcomes[static_cast<std::size_t>(*outcome)] += count;
        }))
        return *error;
    auto broke = Statement::prepare(*m_db,
        "SELECT f.contract, f.clause, j.value, count(*) FROM fixes f, json_each(f.broken) j "
        "WHERE f.run = ?1 AND f.outcome = 'broke' GROUP BY f.contract, f.clause, j.value "
        "ORDER BY f.contract, f.clause, j.value");
    if (!broke)
        return broke.error();
    broke.value().bind(1, m_run);
    if (auto error = broke.value().forEachRow([&](const Statement &s) {
            const auto found =
                byClause.find({std::string(s.columnText(0)), std::string(s.columnText(1))});
            if (found != byClause.end())
                found->second.broke.emplace_back(
                    std::string(s.columnText(2)), static_cast<std::uint64_t>(s.columnInt(3)));
        }))
        return *error;
    std::vector<ClauseFixes> out;
    for (auto &[key, fixes] : byClause) {
        fixes.successRate = fixes.attempts
            ? double(fixes.outcomes[std::size_t(engine::FixOutcome::Fixed)])
                / double(fixes.attempts)
            : 0.0;
        out.push_back(std::move(fixes));
    }
    return out;
}

engine::Result<FixPage> RunStatistics::fixesOf(std::string_view clause,
    std::optional<engine::FixOutcome> outcome, std::int64_t afterId, std::size_t limit)
{
    // fixes (run, clause) is the index; its entries of one clause are in id order.
    auto select = Statement::prepare(*m_db,
        "SELECT f.id, rc.position, rc.conversation, f.turn, f.clause, f.round, f.expression, "
        "f.before, f.after, f.applied, f.outcome, f.confidence, f.error, f.broken FROM fixes f "
        "JOIN run_conversations rc ON rc.id = f.conversation WHERE f.run = ?1 AND f.clause = ?2 "
        "AND (?3 IS NULL OR f.outcome = ?3) AND f.id > ?4 ORDER BY f.id LIMIT ?5");
    if (!select)
        return select.error();
    Statement &s = select.value();
    s.bind(1, m_run).bind(2, clause);
    if (outcome)
        s.bind(3, engine::fixOutcomeName(*outcome));
    else
        s.bind(3, nullptr);
    s.bind(4, afterId).bind(5, static_cast<std::int64_t>(limit));
    FixPage page;
    if (auto error = s.forEachRow([&](const Statement &row) {
            StoredFix fix;
            fix.id = row.columnInt(0);
            fix.conversationPosition = row.columnInt(1);
            fix.conversation = row.columnText(2);
            fix.turn = row.columnInt(3);
            fix.clause = row.columnText(4);
            fix.round = row.columnInt(5);
            fix.expression = row.columnText(6);
            fix.before = row.columnText(7);
            fix.after = row.columnText(8);
            fix.applied = row.columnInt(9) != 0;
            fix.outcome = engine::fixOutcomeFromName(row.columnText(10))
                              .value_or(engine::FixOutcome::Ineffective);
            fix.confidence = row.columnDouble(11);
            fix.error = row.isNull(12) ? std::string() : std::string(row.columnText(12));
            fix.broken = decodeStringList(row.columnText(13));
            page.rows.push_back(std::move(fix));
        }))
        return *error;
    if (limit && page.rows.size() == limit)
        page.next = page.rows.back().id;
    return page;
}

// Drill-down ----------------------------------------------------------------------------------

std::string RunStatistics::messagePath(std::size_t clause) const
{
    std::string path = "$.";
    engine::appendJsonString(path, clause < m_clauses.size() ? m_clauses[clause].id : "");
    return path;
}

namespace {

// Columns 0-7 of every drill-down query: rc.id, rc.position, rc.conversation, t.turn, t.valid,
// t.duration_ns, t.statuses, t.messages.
DrillTurn drillTurn(const Statement &row, std::optional<std::size_t> clause,
    const std::vector<StoredClause> &clauses)
{
    DrillTurn turn;
    turn.conversationKey = row.columnInt(0);
    turn.conversationPosition = row.columnInt(1);
    turn.conversation = row.columnText(2);
    turn.turn = row.columnInt(3);
    turn.valid = row.columnInt(4) != 0;
    turn.durationNs = row.columnInt(5);
    const std::string_view statuses = row.columnText(6);
    std::size_t position = clause.value_or(statuses.size());
    if (!clause)
        position = std::min(statuses.find_first_of("12"), statuses.size());
    turn.clause = position;
    if (position < statuses.size()) {
        const char digit = statuses[position];
        turn.status = digit >= '0' && digit <= '5' ? static_cast<engine::ClauseStatus>(digit - '0')
                                                   : engine::ClauseStatus::Skipped;
    }
    if (position < clauses.size() && !row.isNull(7))
        turn.message = messageOf(row.columnText(7), clauses[position].id);
    return turn;
}

// Runs a drill-down query (columns of drillTurn()) into a page of at most `limit` rows.
engine::Result<TurnPage> turnPage(Statement &select, std::optional<std::size_t> clause,
    const std::vector<StoredClause> &clauses, std::size_t limit)
{
    TurnPage page;
    if (auto error = select.forEachRow(
            [&](const Statement &row) { page.rows.push_back(drillTurn(row, clause, clauses)); }))
        return *error;
    if (limit && page.rows.size() == limit)
        page.next = TurnCursor {page.rows.back().conversationKey, page.rows.back().turn};
    return page;
}

} // namespace

engine::Result<TurnPage> RunStatistics::scanTurns(std::string_view filter,
    const std::string &bindText, std::optional<std::size_t> clause, std::int64_t turn,
    TurnCursor after, std::size_t limit)
{
    // In rowid order of run_conversations (the run's order: ids grow as a run is written, a
    // resumed run's rewritten conversations included) from the cursor on; `+rc.run` keeps
    // SQLite from walking the (run, position) index instead, which would sort every turn.
    std::string sql =
        "SELECT rc.id, rc.position, rc.conversation, t.turn, t.valid, t.duration_ns, t.statuses, "
        "t.messages FROM run_conversations rc JOIN run_turns t ON t.conversation = rc.id "
        "WHERE rc.id BETWEEN ?1 AND ?2 AND +rc.run = ?3 AND (rc.id > ?4 OR t.turn > ?5) AND ";
    sql += filter;
    sql += " ORDER BY rc.id, t.turn LIMIT ?6";
    auto select = Statement::prepare(*m_db, sql);
    if (!select)
        return select.error();
    Statement &s = select.value();
    s.bind(1, std::max(m_firstConversation, after.conversation))
        .bind(2, m_lastConversation)
        .bind(3, m_run)
        .bind(4, after.conversation)
        .bind(5, after.turn)
        .bind(6, static_cast<std::int64_t>(limit));
    const int parameters = s.parameterCount();
    if (parameters >= 7)
        s.bind(7, static_cast<std::int64_t>(clause.value_or(0) + 1));
    if (parameters >= 8)
        s.bind(8, bindText);
    if (parameters >= 9)
        s.bind(9, turn);
    if (parameters >= 10)
        s.bind(10, messagePath(clause.value_or(0)));
    return turnPage(s, clause, m_clauses, limit);
}

engine::Result<TurnPage> RunStatistics::failureTurns(std::string_view filter, std::size_t clause,
    std::int64_t status, std::int64_t turn, const std::string &message, TurnCursor after,
    std::size_t limit)
{
    std::string sql =
        "SELECT rc.id, rc.position, rc.conversation, t.turn, t.valid, t.duration_ns, t.statuses, "
        "t.messages FROM run_failures f JOIN run_conversations rc ON rc.id = f.conversation "
        "JOIN run_turns t ON t.conversation = f.conversation AND t.turn = f.turn "
        "WHERE f.clause = ?1 AND f.conversation >= ?2 AND (f.conversation > ?2 OR f.turn > ?3) "
        "AND ";
    sql += filter;
    sql += " ORDER BY f.conversation, f.turn LIMIT ?4";
    auto select = Statement::prepare(*m_db, sql);
    if (!select)
        return select.error();
    Statement &s = select.value();
    s.bind(1, m_clauses[clause].key)
        .bind(2, after.conversation)
        .bind(3, after.turn)
        .bind(4, static_cast<std::int64_t>(limit));
    const int parameters = s.parameterCount();
    if (parameters >= 5)
        s.bind(5, status);
    if (parameters >= 6)
        s.bind(6, turn);
    if (parameters >= 7)
        s.bind(7, messagePath(clause));
    if (parameters >= 8)
        s.bind(8, message);
    return turnPage(s, clause, m_clauses, limit);
}

engine::Result<TurnPage> RunStatistics::turnsWithStatus(
    std::size_t clause, engine::ClauseStatus status, TurnCursor after, std::size_t limit)
{
    if (clause >= m_clauses.size())
        return engine::Error {m_db->path() + ": run " + std::to_string(m_run) + " has no clause "
            + std::to_string(clause + 1)};
    const auto code = static_cast<std::int64_t>(status);
    if (m_summarized
        && (status == engine::ClauseStatus::Fail || status == engine::ClauseStatus::Error))
        return failureTurns("f.status = ?5", clause, code, 0, {}, after, limit);
    return scanTurns(
        "substr(t.statuses, ?7, 1) = ?8", std::to_string(code), clause, 0, after, limit);
}

engine::Result<TurnPage> RunStatistics::failingTurnsAt(
    std::int64_t turn, std::optional<std::size_t> clause, TurnCursor after, std::size_t limit)
{
    if (clause && *clause >= m_clauses.size())
        return engine::Error {m_db->path() + ": run " + std::to_string(m_run) + " has no clause "
            + std::to_string(*clause + 1)};
    if (m_summarized && clause)
        return failureTurns("f.turn = ?6", *clause, 0, turn, {}, after, limit);
    if (m_summarized) {
        // The index (turn, conversation) of run_failures lists each failing turn numbered
        // `turn` once per failing clause, in run order; the run's clauses keep other runs out.
        auto select = Statement::prepare(*m_db,
            "SELECT rc.id, rc.position, rc.conversation, t.turn, t.valid, t.duration_ns, "
            "t.statuses, t.messages FROM (SELECT DISTINCT f.conversation AS conversation "
            "FROM run_failures f WHERE f.turn = ?1 AND f.conversation > ?2 AND f.clause IN "
            "(SELECT id FROM run_clauses WHERE run = ?3) ORDER BY f.conversation LIMIT ?4) k "
            "JOIN run_conversations rc ON rc.id = k.conversation JOIN run_turns t "
            "ON t.conversation = k.conversation AND t.turn = ?1 ORDER BY rc.id");
        if (!select)
            return select.error();
        // Every row has turn `turn`: the next one is in a later conversation.
        const std::int64_t from = after.turn >= turn ? after.conversation : after.conversation - 1;
        select.value().bind(1, turn).bind(2, from).bind(3, m_run).bind(
            4, static_cast<std::int64_t>(limit));
        return turnPage(select.value(), std::nullopt, m_clauses, limit);
    }
    if (clause)
        return scanTurns("t.turn = ?9 AND substr(t.statuses, ?7, 1) IN ('1', '2')", {}, clause,
            turn, after, limit);
    return scanTurns("t.turn = ?9 AND (instr(t.statuses, '1') > 0 OR instr(t.statuses, '2') > 0)",
        {}, std::nullopt, turn, after, limit);
}

engine::Result<TurnPage> RunStatistics::turnsWithMessage(
    std::size_t clause, std::string_view message, TurnCursor after, std::size_t limit)
{
    if (clause >= m_clauses.size())
        return engine::Error {m_db->path() + ": run " + std::to_string(m_run) + " has no clause "
            + std::to_string(clause + 1)};
    const std::string text(message);
    if (m_summarized)
        return failureTurns("json_extract(t.messages, ?7) = ?8", clause, 0, 0, text, after, limit);
    return scanTurns(
        "substr(t.statuses, ?7, 1) IN ('1', '2') AND json_extract(t.messages, ?10) = ?8", text,
        clause, 0, after, limit);
}

engine::FixRecord StoredFix::record() const
{
    engine::FixRecord fix;
    fix.clause = clause;
    fix.expression = expression;
    fix.before = before;
    fix.after = after;
    fix.confidence = confidence;
    fix.applied = applied;
    fix.outcome = outcome;
    fix.error = error;
    fix.broken = broken;
    fix.round = int(round);
    return fix;
}

} // namespace llmcl::tracer
