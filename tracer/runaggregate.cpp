// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tracer/runaggregate.h"

#include "engine/json.h"
#include "engine/value.h"
#include "tracer/runreader.h"

#include <algorithm>
#include <map>

namespace llmcl::tracer::detail {

namespace {

bool isFailure(engine::ClauseStatus status)
{
    return status == engine::ClauseStatus::Fail || status == engine::ClauseStatus::Error;
}

engine::ClauseStatus statusOf(char digit)
{
    return digit >= '0' && digit <= '5' ? static_cast<engine::ClauseStatus>(digit - '0')
                                        : engine::ClauseStatus::Skipped;
}

} // namespace

RunAggregate::Clause &RunAggregate::clause(std::size_t position)
{
    if (position >= clauses.size())
        clauses.resize(position + 1);
    return clauses[position];
}

void RunAggregate::addVerdict(std::size_t position, std::int64_t turn, engine::ClauseStatus status,
    std::int64_t durationNs, std::string_view message)
{
    Clause &c = clause(position);
    ++c.counts[static_cast<std::size_t>(status)];
    c.durationNs += durationNs;
    if (!isFailure(status))
        return;
    m_turnFailing = true;
    if (turn >= 1) {
        const auto index = static_cast<std::size_t>(turn - 1);
        if (index >= turnNumbers.size())
            turnNumbers.resize(index + 1);
        TurnNumber &number = turnNumbers[index];
        if (number.fail.size() <= position) {
            number.fail.resize(std::max(position + 1, clauses.size()));
            number.error.resize(number.fail.size());
        }
        ++(status == engine::ClauseStatus::Fail ? number.fail : number.error)[position];
    }
    if (message.empty())
        return;
    // Found without making a string: only a message not seen before allocates.
    if (const auto found = c.messages.find(message); found != c.messages.end())
        ++found->second;
    else if (c.messages.size() < kCountedMessages)
        c.messages.emplace(std::string(message), 1);
    else
        ++c.otherMessages;
}

void RunAggregate::endTurn(std::int64_t turn, bool valid, std::int64_t durationNs)
{
    ++turns;
    turnDurationNs += durationNs;
    turnLatency.add(durationNs);
    if (!valid)
        ++invalidTurns;
    if (turn >= 1) {
        const auto index = static_cast<std::size_t>(turn - 1);
        if (index >= turnNumbers.size())
            turnNumbers.resize(index + 1);
        TurnNumber &number = turnNumbers[index];
        ++number.turns;
        number.invalid += valid ? 0 : 1;
        number.failing += m_turnFailing ? 1 : 0;
    }
    m_turnFailing = false;
}

void RunAggregate::addSettled(
    std::size_t position, engine::ClauseStatus status, std::int64_t durationNs)
{
    Clause &c = clause(position);
    ++c.counts[static_cast<std::size_t>(status)];
    c.durationNs += durationNs;
}

void RunAggregate::trimMessages()
{
    for (Clause &c : clauses) {
        if (c.messages.size() <= kKeptMessages)
            continue;
        std::vector<std::pair<std::string, std::uint64_t>> sorted(
            std::make_move_iterator(c.messages.begin()), std::make_move_iterator(c.messages.end()));
        std::sort(sorted.begin(), sorted.end(), [](const auto &a, const auto &b) {
            return a.second != b.second ? a.second > b.second : a.first < b.first;
        });
        c.messages.clear();
        for (std::size_t i = 0; i < sorted.size(); ++i) {
            if (i < kKeptMessages)
                c.messages.emplace(std::move(sorted[i].first), sorted[i].second);
            else
                c.otherMessages += sorted[i].second;
        }
    }
}

engine::Result<RunAggregate> RunAggregate::scan(
    Database &db, std::int64_t run, const std::vector<std::string> &clauseIds, bool latency)
{
    RunAggregate aggregate;
    aggregate.clauses.resize(clauseIds.size());
    std::map<std::string_view, std::size_t, std::less<>> positions;
    for (std::size_t p = 0; p < clauseIds.size(); ++p)
        positions.emplace(clauseIds[p], p);

    // Run order (the order the writer counted in): the same messages reach the cap.
    auto turns = Statement::prepare(db,
        "SELECT t.turn, t.valid, t.duration_ns, t.statuses, t.durations, t.messages "
        "FROM run_conversations rc JOIN run_turns t ON t.conversation = rc.id "
        "WHERE rc.run = ?1 ORDER BY rc.position, t.turn");
    if (!turns)
        return turns.error();
    turns.value().bind(1, run);
    std::vector<std::int64_t> durations;
    std::vector<std::string_view> messages(clauseIds.size());
    engine::Value parsed;
    std::string error;
    if (auto failed = turns.value().forEachRow([&](const Statement &row) {
            const std::int64_t turn = row.columnInt(0);
            const std::string_view statuses = row.columnText(3);
            if (!decodeDurations(row.columnText(4), durations))
                durations.clear();
            const bool failing = statuses.find_first_of("12") != std::string_view::npos;
            std::fill(messages.begin(), messages.end(), std::string_view());
            if (failing && !row.isNull(5) && engine::parseJson(row.columnText(5), parsed, error)
                && parsed.isMap())
                for (const engine::MapEntry &entry : parsed.asMap()) {
                    const auto found = positions.find(entry.first);
                    if (found != positions.end() && entry.second.isString())
                        messages[found->second] = entry.second.asString();
                }
            for (std::size_t p = 0; p < statuses.size(); ++p) {
                const engine::ClauseStatus status = statusOf(statuses[p]);
                const std::int64_t ns = p < durations.size() ? durations[p] : 0;
                aggregate.addVerdict(
                    p, turn, status, ns, p < messages.size() ? messages[p] : std::string_view());
                if (latency && status != engine::ClauseStatus::Skipped
                    && status != engine::ClauseStatus::Suppressed)
                    aggregate.clauses[p].latency.add(ns);
            }
            aggregate.endTurn(turn, row.columnInt(1) != 0, row.columnInt(2));
        }))
        return *failed;

    auto settled = Statement::prepare(db,
        "SELECT c.position, v.status, v.duration_ns FROM verdicts v JOIN run_clauses c "
        "ON c.id = v.clause WHERE v.run = ?1 AND v.turn = 0");
    if (!settled)
        return settled.error();
    settled.value().bind(1, run);
    if (auto failed = settled.value().forEachRow([&](const Statement &row) {
            const std::int64_t position = row.columnInt(0);
            const std::int64_t status = row.columnInt(1);
            if (position >= 1 && status >= 0 && status <= 5)
                aggregate.addSettled(std::size_t(position - 1),
                    static_cast<engine::ClauseStatus>(status), row.columnInt(2));
        }))
        return *failed;
    aggregate.trimMessages();
    return aggregate;
}

engine::Result<std::optional<RunAggregate>> RunAggregate::load(
    Database &db, std::int64_t run, const std::vector<std::int64_t> &clauseKeys)
{
    auto summary = Statement::prepare(
        db, "SELECT turns, invalid_turns, duration_ns FROM run_summaries WHERE run = ?1");
    if (!summary)
        return summary.error();
    summary.value().bind(1, run);
    auto found = summary.value().step();
    if (!found)
        return found.error();
    if (!found.value())
        return std::optional<RunAggregate>();
    RunAggregate aggregate;
    aggregate.turns = static_cast<std::uint64_t>(summary.value().columnInt(0));
    aggregate.invalidTurns = static_cast<std::uint64_t>(summary.value().columnInt(1));
    aggregate.turnDurationNs = summary.value().columnInt(2);
    aggregate.clauses.resize(clauseKeys.size());
    std::map<std::int64_t, std::size_t> positions;
    for (std::size_t p = 0; p < clauseKeys.size(); ++p)
        positions.emplace(clauseKeys[p], p);
    const auto positionOf = [&](std::int64_t key) -> std::optional<std::size_t> {
        const auto it = positions.find(key);
        return it == positions.end() ? std::nullopt : std::optional<std::size_t>(it->second);
    };

    struct Query
    {
        const char *sql;
        std::function<void(const Statement &)> row;
    };
    const Query queries[] = {
        {"SELECT bucket, count FROM run_turn_latency WHERE run = ?1",
            [&](const Statement &s) {
                aggregate.turnLatency.addToBucket(
                    std::size_t(s.columnInt(0)), std::uint64_t(s.columnInt(1)));
            }},
        {"SELECT s.clause, s.pass, s.fail, s.error, s.pending, s.suppressed, s.skipped, "
         "s.duration_ns, s.other_messages FROM run_clause_summary s JOIN run_clauses c "
         "ON c.id = s.clause WHERE c.run = ?1",
            [&](const Statement &s) {
                const auto p = positionOf(s.columnInt(0));
                if (!p)
                    return;
                Clause &c = aggregate.clauses[*p];
                for (std::size_t i = 0; i < 6; ++i)
                    c.counts[i] = std::uint64_t(s.columnInt(int(i) + 1));
                c.durationNs = s.columnInt(7);
                c.otherMessages = std::uint64_t(s.columnInt(8));
            }},
        {"SELECT turn, turns, invalid, failing FROM run_turn_positions WHERE run = ?1",
            [&](const Statement &s) {
                const std::int64_t turn = s.columnInt(0);
                if (turn < 1)
                    return;
                if (std::size_t(turn) > aggregate.turnNumbers.size())
                    aggregate.turnNumbers.resize(std::size_t(turn));
                TurnNumber &number = aggregate.turnNumbers[std::size_t(turn - 1)];
                number.turns = std::uint64_t(s.columnInt(1));
                number.invalid = std::uint64_t(s.columnInt(2));
                number.failing = std::uint64_t(s.columnInt(3));
            }},
        {"SELECT f.clause, f.turn, f.fail, f.error FROM run_failures_by_turn f JOIN run_clauses c "
         "ON c.id = f.clause WHERE c.run = ?1",
            [&](const Statement &s) {
                const auto p = positionOf(s.columnInt(0));
                const std::int64_t turn = s.columnInt(1);
                if (!p || turn < 1)
                    return;
                if (std::size_t(turn) > aggregate.turnNumbers.size())
                    aggregate.turnNumbers.resize(std::size_t(turn));
                TurnNumber &number = aggregate.turnNumbers[std::size_t(turn - 1)];
                if (number.fail.size() < clauseKeys.size()) {
                    number.fail.resize(clauseKeys.size());
                    number.error.resize(clauseKeys.size());
                }
                number.fail[*p] = std::uint64_t(s.columnInt(2));
                number.error[*p] = std::uint64_t(s.columnInt(3));
            }},
        {"SELECT m.clause, m.message, m.count FROM run_messages m JOIN run_clauses c "
         "ON c.id = m.clause WHERE c.run = ?1",
            [&](const Statement &s) {
                if (const auto p = positionOf(s.columnInt(0)))
                    aggregate.clauses[*p].messages.emplace(
                        std::string(s.columnText(1)), std::uint64_t(s.columnInt(2)));
            }},
    };
    for (const Query &query : queries) {
        auto statement = Statement::prepare(db, query.sql);
        if (!statement)
            return statement.error();
        statement.value().bind(1, run);
        if (auto error = statement.value().forEachRow(query.row))
            return *error;
    }
    return std::optional<RunAggregate>(std::move(aggregate));
}

Status RunAggregate::store(
    Database &db, std::int64_t run, const std::vector<std::int64_t> &clauseKeys) const
{
    const char *sql[] = {
        "INSERT OR REPLACE INTO run_summaries (run, turns, invalid_turns, duration_ns) "
        "VALUES (?1, ?2, ?3, ?4)",
        "INSERT OR REPLACE INTO run_turn_latency (run, bucket, count) VALUES (?1, ?2, ?3)",
        "INSERT OR REPLACE INTO run_clause_summary (clause, pass, fail, error, pending, "
        "suppressed, skipped, duration_ns, other_messages) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        "INSERT OR REPLACE INTO run_turn_positions (run, turn, turns, invalid, failing) "
        "VALUES (?1, ?2, ?3, ?4, ?5)",
        "INSERT OR REPLACE INTO run_failures_by_turn (clause, turn, fail, error) "
        "VALUES (?1, ?2, ?3, ?4)",
        "INSERT OR REPLACE INTO run_messages (clause, message, count) VALUES (?1, ?2, ?3)",
    };
    std::vector<Statement> s;
    for (const char *text : sql) {
        auto statement = Statement::prepare(db, text);
        if (!statement)
            return statement.error();
        s.push_back(std::move(statement.value()));
    }
    const auto i64 = [](std::uint64_t value) { return static_cast<std::int64_t>(value); };
    s[0].bind(1, run).bind(2, i64(turns)).bind(3, i64(invalidTurns)).bind(4, turnDurationNs);
    Status status = s[0].run();
    turnLatency.forEachBucket([&](std::size_t bucket, std::uint64_t count) {
        if (!status) {
            s[1].bind(1, run).bind(2, i64(bucket)).bind(3, i64(count));
            status = s[1].run();
        }
    });
    for (std::size_t p = 0; p < clauses.size() && p < clauseKeys.size() && !status; ++p) {
        const Clause &c = clauses[p];
        s[2].bind(1, clauseKeys[p]);
        for (std::size_t i = 0; i < 6; ++i)
            s[2].bind(int(i) + 2, i64(c.counts[i]));
        s[2].bind(8, c.durationNs).bind(9, i64(c.otherMessages));
        status = s[2].run();
        for (const auto &[message, count] : c.messages) {
            if (status)
                break;
            s[5].bind(1, clauseKeys[p]).bind(2, message).bind(3, i64(count));
            status = s[5].run();
        }
    }
    for (std::size_t t = 0; t < turnNumbers.size() && !status; ++t) {
        const TurnNumber &number = turnNumbers[t];
        const auto turn = static_cast<std::int64_t>(t + 1);
        if (number.turns == 0)
            continue;
        s[3].bind(1, run)
            .bind(2, turn)
            .bind(3, i64(number.turns))
            .bind(4, i64(number.invalid))
            .bind(5, i64(number.failing));
        status = s[3].run();
        for (std::size_t p = 0; p < number.fail.size() && p < clauseKeys.size() && !status; ++p) {
            if (number.fail[p] == 0 && number.error[p] == 0)
                continue;
            s[4].bind(1, clauseKeys[p])
                .bind(2, turn)
                .bind(3, i64(number.fail[p]))
                .bind(4, i64(number.error[p]));
            status = s[4].run();
        }
    }
    return status;
}

} // namespace llmcl::tracer::detail
