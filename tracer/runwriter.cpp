// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tracer/runwriter.h"

#include "engine/json.h"
#include "tracer/replaytotals.h"

#include <algorithm>
#include <charconv>
#include <limits>

namespace llmcl::tracer {

namespace {

constexpr std::size_t npos = std::numeric_limits<std::size_t>::max();

std::string stringListJson(const std::vector<std::string> &items)
{
    engine::JsonWriter writer;
    writer.beginArray();
    for (const std::string &item : items)
        writer.string(item);
    writer.endArray();
    return writer.take();
}

// The traced details of a verdict as one JSON object, "" when there are none.
std::string verdictDetail(const engine::ClauseVerdict &verdict)
{
    if (verdict.values.empty() && !verdict.window && !verdict.temporal
        && verdict.errorRange.isEmpty())
        return {};
    engine::JsonWriter writer;
    writer.beginObject();
    if (!verdict.values.empty()) {
        writer.key("values");
        writer.beginArray();
        for (const engine::Explanation &explanation : verdict.values) {
            writer.beginObject();
            writer.member("expr", explanation.expression);
            writer.key("value");
            engine::writeValue(writer, explanation.value);
            writer.endObject();
        }
        writer.endArray();
    }
    if (verdict.window) {
        writer.key("window");
        writer.beginObject();
        writer.member("held", verdict.window->held);
        writer.member("target", verdict.window->target);
        writer.member("rate", verdict.window->rate);
        writer.member("results", static_cast<std::int64_t>(verdict.window->results));
        writer.member("size", verdict.window->size);
        writer.endObject();
    }
    if (verdict.temporal) {
        writer.key("temporal");
        writer.beginObject();
        writer.member("settled_at", verdict.temporal->settledAt);
        writer.key("obligations");
        writer.beginArray();
        for (const std::string &obligation : verdict.temporal->obligations)
            writer.string(obligation);
        writer.endArray();
        writer.member("residual", verdict.temporal->residual);
        writer.endObject();
    }
    if (!verdict.errorRange.isEmpty()) {
        writer.key("error_range");
        writer.beginObject();
        writer.member("line", verdict.errorRange.begin.line);
        writer.member("column", verdict.errorRange.begin.column);
        writer.member("end_line", verdict.errorRange.end.line);
        writer.member("end_column", verdict.errorRange.end.column);
        writer.member("offset", static_cast<std::int64_t>(verdict.errorRange.begin.offset));
        writer.member("end_offset", static_cast<std::int64_t>(verdict.errorRange.end.offset));
        writer.endObject();
    }
    writer.endObject();
    return writer.take();
}

void appendInteger(std::string &out, std::int64_t value)
{
    char buffer[24];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, end);
}

} // namespace

struct RunWriter::Statements
{
    Statement clause;
    Statement conversation;
    Statement conversationValid;
    Statement turn;
    Statement verdict;
    Statement detail;
    Statement fix;
    Statement conflict;
    Statement runTurns;
    Statement failure;
};

RunWriter::RunWriter(WorkspaceDatabase &db, std::int64_t run, RunWriterOptions options)
    : m_db(&db.connection())
    , m_run(run)
    , m_options(options)
    , m_current(npos)
{
    if (m_options.batchTurns == 0)
        m_options.batchTurns = 1;
}

RunWriter::~RunWriter()
{
    (void)flush();
}

void RunWriter::fail(engine::Error error)
{
    if (!m_error)
        m_error = std::move(error);
}

std::size_t RunWriter::conversationIndex(const std::string &id)
{
    if (m_current != npos && m_conversations[m_current].id == id)
        return m_current;
    m_conversations.push_back(ConversationRow {id, ++m_conversationCount, 0, {}, false});
    m_current = m_conversations.size() - 1;
    return m_current;
}

std::size_t RunWriter::clauseIndex(
    const engine::ClauseVerdict &verdict, const std::string &priority)
{
    std::string key = verdict.contract();
    key += '\0';
    key += verdict.id();
    const auto found = m_clauseIndex.find(key);
    if (found != m_clauseIndex.end())
        return found->second;
    m_clauses.push_back(Clause {verdict.id(), verdict.contract(), priority, verdict.kind(),
        verdict.severity(), verdict.file(), verdict.range(), 0});
    m_clauseIndex.emplace(std::move(key), m_clauses.size() - 1);
    return m_clauses.size() - 1;
}

void RunWriter::addVerdicts(
    std::size_t conversation, std::int64_t turn, const std::vector<engine::ClauseVerdict> &verdicts)
{
    for (const engine::ClauseVerdict &verdict : verdicts) {
        const std::size_t clause = clauseIndex(verdict, "medium");
        m_aggregate.addSettled(clause, verdict.status, verdict.durationNs);
        m_verdicts.push_back(
            VerdictRow {conversation, turn, clause, verdict.status, verdict.durationNs,
                verdict.message, m_options.storeDetail ? verdictDetail(verdict) : std::string()});
    }
}

// A turn's verdicts in the order of the compiled set, which is the same every turn: the first
// turn fixes the clauses' positions, and each later turn is checked against them.
void RunWriter::encodeTurn(
    std::size_t conversation, std::int64_t turn, const engine::TurnResult &result)
{
    TurnRow row {conversation, turn, result.valid, result.durationNs, {}, {}, {}, {}};
    row.statuses.reserve(m_clauses.size());
    row.durations.reserve(m_clauses.size() * 5 + 2);
    row.durations += '[';
    std::size_t position = 0;
    for (const engine::ContractResult &contract : result.contracts) {
        for (const engine::ClauseVerdict &verdict : contract.clauses) {
            const bool known = position < m_records.size() && m_records[position]
                && m_records[position] == verdict.clause;
            if (!known) {
                const bool stored = position < m_clauses.size()
                    && m_clauses[position].id == verdict.id()
                    && m_clauses[position].contract == verdict.contract();
                if (!stored && clauseIndex(verdict, contract.priority) != position) {
                    fail(
                        engine::Error {m_db->path() + ": run " + std::to_string(m_run) + ": clause "
                            + verdict.id() + " arrived out of the order of earlier turns"});
                    return;
                }
                if (m_records.size() <= position)
                    m_records.resize(position + 1);
                m_records[position] = verdict.clause;
            }
            row.statuses += static_cast<char>('0' + static_cast<int>(verdict.status));
            m_aggregate.addVerdict(
                position, turn, verdict.status, verdict.durationNs, verdict.message);
            if (position)
                row.durations += ',';
            appendInteger(row.durations, verdict.durationNs);
            if (!verdict.message.empty()) {
                if (row.messages.empty())
                    row.messages += '{';
                else
                    row.messages += ',';
                engine::appendJsonString(row.messages, verdict.id());
                row.messages += ':';
                engine::appendJsonString(row.messages, verdict.message);
            }
            if (m_options.storeDetail)
                m_verdicts.push_back(VerdictRow {conversation, turn, position, verdict.status,
                    verdict.durationNs, verdict.message, verdictDetail(verdict)});
            ++position;
        }
    }
    row.durations += ']';
    m_aggregate.endTurn(turn, result.valid, result.durationNs);
    if (!row.messages.empty())
        row.messages += '}';
    if (!result.violations.empty()) {
        // The rest of each violation (contract, kind, line, severity) is its clause's.
        engine::JsonWriter writer;
        writer.beginArray();
        for (const engine::Violation &violation : result.violations) {
            writer.beginObject();
            writer.member("clause", violation.clause);
            writer.member("status", static_cast<std::int64_t>(violation.status));
            writer.member("message", violation.message);
            writer.endObject();
        }
        writer.endArray();
        row.violations = writer.take();
    }
    m_turns.push_back(std::move(row));
}

Status RunWriter::resume(const ResumePoint &point)
{
    auto select = Statement::prepare(
        *m_db, "SELECT id, clause, contract FROM run_clauses WHERE run = ?1 ORDER BY position");
    if (!select)
        return select.error();
    select.value().bind(1, m_run);
    if (auto error = select.value().forEachRow([&](const Statement &row) {
            Clause clause;
            clause.key = row.columnInt(0);
            clause.id = row.columnText(1);
            clause.contract = row.columnText(2);
            m_clauseIndex.emplace(clause.contract + '\0' + clause.id, m_clauses.size());
            m_clauses.push_back(std::move(clause));
        }))
        return error;
    m_kept = point.kept;
    // The summary counts the whole run: the conversations kept are counted as they were
    // stored (the replay reports them again, with other durations, and they are not written).
    std::vector<std::string> ids;
    for (const Clause &clause : m_clauses)
        ids.push_back(clause.id);
    auto stored = detail::RunAggregate::scan(*m_db, m_run, ids, false);
    if (!stored)
        return stored.error();
    m_aggregate = std::move(stored.value());
    return std::nullopt;
}

bool RunWriter::storedBefore(const std::string &id, bool end)
{
    if (m_inStored && id == m_storedId) {
        m_inStored = !end;
        return true;
    }
    m_inStored = false;
    if (m_current != npos || m_conversationCount >= m_kept)
        return false;
    ++m_conversationCount;
    m_storedId = id;
    m_inStored = !end;
    return true;
}

// A conflict is stored once per run, at its first occurrence. Conflicts of conversations
// stored before a resume are only remembered, so the rest of the run stores what an
// uninterrupted run would have.
void RunWriter::noteConflicts(std::size_t conversation, std::int64_t turn,
    const std::vector<engine::ConflictRecord> &conflicts, bool write)
{
    for (const engine::ConflictRecord &conflict : conflicts) {
        std::string key = conflict.kind + '\0' + stringListJson(conflict.clauses) + '\0'
            + conflict.resolution + '\0' + stringListJson(conflict.suppressed);
        if (m_conflictsSeen.insert(std::move(key)).second && write)
            m_conflicts.push_back(ConflictRow {conversation, turn, conflict});
    }
}

void RunWriter::turn(
    const std::string &conversation, std::int64_t turn, const engine::TurnResult &result)
{
    if (m_error)
        return;
    if (m_kept && storedBefore(conversation, false)) {
        noteConflicts(npos, turn, result.conflicts, false);
        return;
    }
    const std::size_t c = conversationIndex(conversation);
    encodeTurn(c, turn, result);
    if (m_error)
        return;
    for (const engine::FixRecord &fix : result.fixes)
        m_fixes.push_back(FixRow {c, turn, fix});
    noteConflicts(c, turn, result.conflicts, true);
    if (++m_pendingTurns >= m_options.batchTurns) {
        if (auto error = flush())
            fail(std::move(*error));
    }
}

void RunWriter::conversationEnd(const std::string &conversation, const engine::ConversationEnd &end)
{
    if (m_error)
        return;
    if (m_kept && storedBefore(conversation, true))
        return;
    const std::size_t c = conversationIndex(conversation);
    addVerdicts(c, 0, end.settled);
    m_conversations[c].valid = end.valid;
    m_current = npos;
}

void RunWriter::runEnd(const std::vector<engine::ClauseVerdict> &settled)
{
    if (m_error)
        return;
    addVerdicts(npos, 0, settled);
    if (auto error = flush())
        fail(std::move(*error));
}

Status RunWriter::prepare()
{
    if (m_statements)
        return std::nullopt;
    Database &db = *m_db;
    const char *sql[] = {
        "INSERT INTO run_clauses (run, clause, contract, kind, severity, file, line, position, "
        "priority, start_column, end_line, end_column, start_offset, end_offset) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        "INSERT INTO run_conversations (run, position, conversation, valid, source) "
        "VALUES (?1, ?2, ?3, ?4, ?5)",
        "UPDATE run_conversations SET valid = ?1 WHERE id = ?2",
        "INSERT INTO run_turns (conversation, turn, valid, duration_ns, statuses, durations, "
        "messages, violations) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        "INSERT INTO verdicts (run, conversation, turn, clause, status, duration_ns, message) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        "INSERT INTO verdict_details (verdict, detail) VALUES (?1, ?2)",
        "INSERT INTO fixes (run, conversation, turn, clause, contract, round, expression, before, "
        "after, applied, outcome, confidence, error, broken) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        "INSERT INTO conflicts (run, conversation, turn, kind, clauses, resolution, suppressed) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        "UPDATE runs SET turns = turns + ?1 WHERE id = ?2",
        "INSERT INTO run_failures (clause, conversation, turn, status) VALUES (?1, ?2, ?3, ?4)",
    };
    std::vector<Statement> prepared;
    for (const char *text : sql) {
        auto statement = Statement::prepare(db, text);
        if (!statement)
            return statement.error();
        prepared.push_back(std::move(statement.value()));
    }
    m_statements.reset(new Statements {std::move(prepared[0]), std::move(prepared[1]),
        std::move(prepared[2]), std::move(prepared[3]), std::move(prepared[4]),
        std::move(prepared[5]), std::move(prepared[6]), std::move(prepared[7]),
        std::move(prepared[8]), std::move(prepared[9])});
    return std::nullopt;
}

Status RunWriter::flush()
{
    if (m_error)
        return m_error;
    const bool pending = !m_verdicts.empty() || !m_turns.empty() || !m_fixes.empty()
        || !m_conflicts.empty()
        || std::any_of(m_clauses.begin(), m_clauses.end(), [](const Clause &c) { return !c.key; })
        || std::any_of(m_conversations.begin(), m_conversations.end(),
            [](const ConversationRow &c) { return c.key == 0 || (c.valid && !c.validWritten); });
    if (!pending)
        return std::nullopt;
    if (auto error = prepare()) {
        fail(*error);
        return error;
    }
    Status status = write();
    if (status) {
        fail(*status);
        return status;
    }
    m_committedTurns += m_pendingTurns;
    m_pendingTurns = 0;
    m_verdicts.clear();
    m_turns.clear();
    m_fixes.clear();
    m_conflicts.clear();
    // Only the conversation still receiving turns is named by later rows.
    if (m_current != npos) {
        ConversationRow open = std::move(m_conversations[m_current]);
        m_conversations.clear();
        m_conversations.push_back(std::move(open));
        m_current = 0;
    } else {
        m_conversations.clear();
    }
    return std::nullopt;
}

Status RunWriter::write()
{
    Database &db = *m_db;
    Statements &s = *m_statements;
    auto transaction = Transaction::begin(db);
    if (!transaction)
        return transaction.error();
    // Keys handed out inside a transaction that fails are forgotten with it.
    std::vector<std::size_t> newClauses;
    std::vector<std::size_t> newConversations;
    const auto failed = [&](engine::Error error) -> Status {
        for (const std::size_t i : newClauses)
            m_clauses[i].key = 0;
        for (const std::size_t i : newConversations)
            m_conversations[i].key = 0;
        return error;
    };

    for (std::size_t i = 0; i < m_clauses.size(); ++i) {
        Clause &clause = m_clauses[i];
        if (clause.key)
            continue;
        s.clause.bind(1, m_run)
            .bind(2, clause.id)
            .bind(3, clause.contract)
            .bind(4, engine::clauseKindName(clause.kind))
            .bind(5, engine::clauseSeverityName(clause.severity))
            .bind(6, clause.file)
            .bind(7, static_cast<std::int64_t>(clause.range.begin.line))
            .bind(8, static_cast<std::int64_t>(i + 1))
            .bind(9, clause.priority)
            .bind(10, static_cast<std::int64_t>(clause.range.begin.column))
            .bind(11, static_cast<std::int64_t>(clause.range.end.line))
            .bind(12, static_cast<std::int64_t>(clause.range.end.column))
            .bind(13, static_cast<std::int64_t>(clause.range.begin.offset))
            .bind(14, static_cast<std::int64_t>(clause.range.end.offset));
        if (auto error = s.clause.run())
            return failed(*error);
        clause.key = db.lastInsertRowId();
        newClauses.push_back(i);
    }
    for (std::size_t i = 0; i < m_conversations.size(); ++i) {
        ConversationRow &conversation = m_conversations[i];
        if (conversation.key == 0) {
            const auto position = static_cast<std::size_t>(conversation.position);
            s.conversation.bind(1, m_run)
                .bind(2, conversation.position)
                .bind(3, conversation.id)
                .bind(4,
                    conversation.valid ? std::optional<std::int64_t>(*conversation.valid ? 1 : 0)
                                       : std::nullopt)
                .bind(5,
                    position <= m_sources.size() && m_sources[position - 1] > 0
                        ? std::optional<std::int64_t>(m_sources[position - 1])
                        : std::nullopt);
            if (auto error = s.conversation.run())
                return failed(*error);
            conversation.key = db.lastInsertRowId();
            newConversations.push_back(i);
        } else if (conversation.valid && !conversation.validWritten) {
            s.conversationValid.bind(1, std::int64_t(*conversation.valid ? 1 : 0))
                .bind(2, conversation.key);
            if (auto error = s.conversationValid.run())
                return failed(*error);
        }
    }
    for (const TurnRow &turn : m_turns) {
        s.turn.bind(1, m_conversations[turn.conversation].key)
            .bind(2, turn.turn)
            .bind(3, std::int64_t(turn.valid ? 1 : 0))
            .bind(4, turn.durationNs)
            .bind(5, turn.statuses)
            .bind(6, turn.durations);
        if (turn.messages.empty())
            s.turn.bind(7, nullptr);
        else
            s.turn.bind(7, turn.messages);
        if (turn.violations.empty())
            s.turn.bind(8, nullptr);
        else
            s.turn.bind(8, turn.violations);
        if (auto error = s.turn.run())
            return failed(*error);
        // Every failing verdict, so that the turns behind a dashboard's bar are found without
        // scanning run_turns (RunStatistics).
        for (std::size_t p = 0; p < turn.statuses.size(); ++p) {
            const char status = turn.statuses[p];
            if (status != '1' && status != '2')
                continue;
            s.failure.bind(1, m_clauses[p].key)
                .bind(2, m_conversations[turn.conversation].key)
                .bind(3, turn.turn)
                .bind(4, std::int64_t(status - '0'));
            if (auto error = s.failure.run())
                return failed(*error);
        }
    }
    for (const VerdictRow &verdict : m_verdicts) {
        s.verdict.bind(1, m_run);
        if (verdict.conversation == npos)
            s.verdict.bind(2, nullptr);
        else
            s.verdict.bind(2, m_conversations[verdict.conversation].key);
        s.verdict.bind(3, verdict.turn)
            .bind(4, m_clauses[verdict.clause].key)
            .bind(5, static_cast<std::int64_t>(verdict.status))
            .bind(6, verdict.durationNs);
        if (verdict.message.empty())
            s.verdict.bind(7, nullptr);
        else
            s.verdict.bind(7, verdict.message);
        if (auto error = s.verdict.run())
            return failed(*error);
        if (!verdict.detail.empty()) {
            s.detail.bind(1, db.lastInsertRowId()).bind(2, verdict.detail);
            if (auto error = s.detail.run())
                return failed(*error);
        }
    }
    for (const FixRow &fix : m_fixes) {
        const engine::FixRecord &r = fix.record;
        s.fix.bind(1, m_run)
            .bind(2, m_conversations[fix.conversation].key)
            .bind(3, fix.turn)
            .bind(4, r.clause)
            .bind(5, r.contract)
            .bind(6, static_cast<std::int64_t>(r.round))
            .bind(7, r.expression)
            .bind(8, r.before)
            .bind(9, r.after)
            .bind(10, std::int64_t(r.applied ? 1 : 0))
            .bind(11, engine::fixOutcomeName(r.outcome))
            .bind(12, r.confidence)
            .bind(13, r.error.empty() ? std::optional<std::string>() : r.error)
            .bind(14, stringListJson(r.broken));
        if (auto error = s.fix.run())
            return failed(*error);
    }
    for (const ConflictRow &conflict : m_conflicts) {
        const engine::ConflictRecord &r = conflict.record;
        s.conflict.bind(1, m_run)
            .bind(2, m_conversations[conflict.conversation].key)
            .bind(3, conflict.turn)
            .bind(4, r.kind)
            .bind(5, stringListJson(r.clauses))
            .bind(6, r.resolution)
            .bind(7, stringListJson(r.suppressed));
        if (auto error = s.conflict.run())
            return failed(*error);
    }
    if (m_pendingTurns) {
        s.runTurns.bind(1, static_cast<std::int64_t>(m_pendingTurns)).bind(2, m_run);
        if (auto error = s.runTurns.run())
            return failed(*error);
    }
    if (auto error = transaction.value().commit())
        return failed(*error);
    for (ConversationRow &conversation : m_conversations)
        if (conversation.valid)
            conversation.validWritten = true;
    return std::nullopt;
}

Status RunWriter::finish(const ReplayTotals &totals)
{
    if (auto error = flush())
        return error;
    Database &db = *m_db;
    auto transaction = Transaction::begin(db);
    if (!transaction)
        return transaction.error();
    auto insert = Statement::prepare(db,
        "INSERT OR REPLACE INTO clause_latency (clause, bucket, count) "
        "SELECT id, ?1, ?2 FROM run_clauses WHERE run = ?3 AND contract = ?4 AND clause = ?5");
    if (!insert)
        return insert.error();
    for (const ClauseTotals &clause : totals.clauses()) {
        Status status;
        clause.latency.forEachBucket([&](std::size_t bucket, std::uint64_t count) {
            if (status)
                return;
            insert.value()
                .bind(1, static_cast<std::int64_t>(bucket))
                .bind(2, static_cast<std::int64_t>(count))
                .bind(3, m_run)
                .bind(4, clause.contract)
                .bind(5, clause.id);
            status = insert.value().run();
        });
        if (status) {
            fail(*status);
            return status;
        }
    }
    m_aggregate.trimMessages();
    std::vector<std::int64_t> keys;
    for (const Clause &clause : m_clauses)
        keys.push_back(clause.key);
    if (auto error = m_aggregate.store(db, m_run, keys)) {
        fail(*error);
        return error;
    }
    if (auto error = transaction.value().commit()) {
        fail(*error);
        return error;
    }
    return std::nullopt;
}

} // namespace llmcl::tracer
