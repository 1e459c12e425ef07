// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tracer/runreader.h"

#include "engine/json.h"
#include "engine/probabilisticwindows.h"
#include "engine/session.h"
#include "engine/value.h"

#include <charconv>
#include <chrono>
#include <ctime>
#include <map>
#include <memory>
#include <optional>

namespace llmcl::tracer {

namespace {

template<typename Enum, std::size_t N>
Enum fromName(
    std::string_view name, const Enum (&values)[N], std::string_view (*nameOf)(Enum), Enum fallback)
{
    for (const Enum value : values)
        if (nameOf(value) == name)
            return value;
    return fallback;
}

engine::ClauseKind kindFromName(std::string_view name)
{
    static constexpr engine::ClauseKind kinds[] = {engine::ClauseKind::Require,
        engine::ClauseKind::Ensure, engine::ClauseKind::EnsureProb, engine::ClauseKind::Temporal};
    return fromName(name, kinds, &engine::clauseKindName, engine::ClauseKind::Ensure);
}

engine::ClauseSeverity severityFromName(std::string_view name)
{
    static constexpr engine::ClauseSeverity severities[] = {engine::ClauseSeverity::Critical,
        engine::ClauseSeverity::Error, engine::ClauseSeverity::Warning,
        engine::ClauseSeverity::Info};
    return fromName(name, severities, &engine::clauseSeverityName, engine::ClauseSeverity::Error);
}

engine::ClauseStatus statusFromCode(std::int64_t code)
{
    return code >= 0 && code <= 5 ? static_cast<engine::ClauseStatus>(code)
                                  : engine::ClauseStatus::Skipped;
}

// "2026-03-01T12:34:56.789Z" → nanoseconds since the epoch (0 when it does not parse).
std::int64_t unixNanoseconds(std::string_view iso)
{
    std::tm tm {};
    int millis = 0;
    if (std::sscanf(std::string(iso).c_str(), "%d-%d-%dT%d:%d:%d.%dZ", &tm.tm_year, &tm.tm_mon,
            &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &millis)
        < 6)
        return 0;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    const std::time_t seconds = timegm(&tm);
    return (static_cast<std::int64_t>(seconds) * 1000 + millis) * 1000000;
}

std::int64_t intMember(const engine::Value &object, std::string_view key)
{
    const engine::Value *member = object.find(key);
    return member && member->isInt() ? member->asInt() : 0;
}

double numberMember(const engine::Value &object, std::string_view key)
{
    const engine::Value *member = object.find(key);
    if (!member)
        return 0.0;
    return member->isInt() ? static_cast<double>(member->asInt())
                           : (member->isFloat() ? member->asFloat() : 0.0);
}

std::string stringMember(const engine::Value &object, std::string_view key)
{
    const engine::Value *member = object.find(key);
    return member && member->isString() ? std::string(member->asString()) : std::string();
}

// verdict_details.detail (runwriter.cpp writes it) back onto a verdict.
void applyDetail(std::string_view json, engine::ClauseVerdict &verdict)
{
    engine::Value detail;
    std::string error;
    if (!engine::parseJson(json, detail, error) || !detail.isMap())
        return;
    if (const engine::Value *values = detail.find("values"); values && values->isList())
        for (const engine::Value &item : values->asList()) {
            if (!item.isMap())
                continue;
            const engine::Value *value = item.find("value");
            verdict.values.push_back(
                engine::Explanation {stringMember(item, "expr"), value ? *value : engine::Value()});
        }
    if (const engine::Value *window = detail.find("window"); window && window->isMap()) {
        engine::ClauseVerdict::Window w;
        const engine::Value *held = window->find("held");
        w.held = held && held->isBool() && held->asBool();
        w.target = numberMember(*window, "target");
        w.rate = numberMember(*window, "rate");
        w.results = static_cast<std::uint64_t>(intMember(*window, "results"));
        w.size = intMember(*window, "size");
        verdict.window = w;
    }
    if (const engine::Value *temporal = detail.find("temporal"); temporal && temporal->isMap()) {
        engine::ClauseVerdict::Temporal t;
        t.settledAt = intMember(*temporal, "settled_at");
        if (const engine::Value *list = temporal->find("obligations"); list && list->isList())
            for (const engine::Value &item : list->asList())
                if (item.isString())
                    t.obligations.emplace_back(item.asString());
        t.residual = stringMember(*temporal, "residual");
        verdict.temporal = std::move(t);
    }
    if (const engine::Value *range = detail.find("error_range"); range && range->isMap()) {
        verdict.errorRange.begin.line = static_cast<std::uint32_t>(intMember(*range, "line"));
        verdict.errorRange.begin.column = static_cast<std::uint32_t>(intMember(*range, "column"));
        verdict.errorRange.end.line = static_cast<std::uint32_t>(intMember(*range, "end_line"));
        verdict.errorRange.end.column = static_cast<std::uint32_t>(intMember(*range, "end_column"));
        verdict.errorRange.begin.offset = static_cast<std::size_t>(intMember(*range, "offset"));
        verdict.errorRange.end.offset = static_cast<std::size_t>(intMember(*range, "end_offset"));
    }
}

// One verdicts row, keyed by its place in the run.
struct VerdictRow
{
    std::int64_t turn = 0;
    std::size_t position = 0;
    engine::ClauseStatus status = engine::ClauseStatus::Skipped;
    std::int64_t durationNs = 0;
    std::string message;
    std::optional<std::string> detail;
};

} // namespace

bool decodeDurations(std::string_view text, std::vector<std::int64_t> &out)
{
    out.clear();
    if (text.size() < 2 || text.front() != '[' || text.back() != ']')
        return false;
    const char *p = text.data() + 1;
    const char *end = text.data() + text.size() - 1;
    while (p < end) {
        std::int64_t value = 0;
        const auto [next, ec] = std::from_chars(p, end, value);
        if (ec != std::errc())
            return false;
        out.push_back(value);
        p = next;
        if (p < end) {
            if (*p != ',')
                return false;
            ++p;
        }
    }
    return true;
}

RunReader::RunReader(WorkspaceDatabase &db, std::int64_t run)
    : m_db(&db.connection())
    , m_run(run)
{ }

engine::Result<RunReader> RunReader::open(WorkspaceDatabase &db, std::int64_t run)
{
    RunReader reader(db, run);
    if (auto error = reader.load(db))
        return *error;
    return reader;
}

Status RunReader::load(WorkspaceDatabase &workspace)
{
    Database &db = *m_db;
    auto runs = workspace.runs();
    if (!runs)
        return runs.error();
    bool found = false;
    for (RunSummary &summary : runs.value())
        if (summary.id == m_run) {
            m_summary = std::move(summary);
            found = true;
        }
    if (!found)
        return engine::Error {m_db->path() + ": no run " + std::to_string(m_run)};

    auto run = Statement::prepare(db, "SELECT sessions, options FROM runs WHERE id = ?1");
    if (!run)
        return run.error();
    run.value().bind(1, m_run);
    if (auto row = run.value().step(); !row)
        return row.error();
    m_info.id = "run-" + std::to_string(m_run);
    m_info.startTimeUnixNs = unixNanoseconds(m_summary.started);
    m_info.sessions = std::string(run.value().columnText(0));
    engine::Value options;
    std::string error;
    if (engine::parseJson(run.value().columnText(1), options, error) && options.isMap())
        for (const auto &[name, value] : options.asMap()) {
            engine::JsonWriter writer;
            engine::writeValue(writer, value);
            std::string text = value.isString() ? std::string(value.asString()) : writer.take();
            m_info.options.emplace_back(name, std::move(text));
        }

    auto contracts = Statement::prepare(db,
        "SELECT s.file, s.source FROM run_contracts rc JOIN contract_snapshots s "
        "ON s.id = rc.snapshot WHERE rc.run = ?1 ORDER BY rc.position");
    if (!contracts)
        return contracts.error();
    contracts.value().bind(1, m_run);
    if (auto error = contracts.value().forEachRow([&](const Statement &) {
            m_info.contracts.push_back(ContractSource {std::string(contracts.value().columnText(0)),
                std::string(contracts.value().columnText(1))});
        }))
        return *error;

    auto clauses = Statement::prepare(db,
        "SELECT id, position, clause, contract, priority, kind, severity, file, line, "
        "start_column, end_line, end_column, start_offset, end_offset FROM run_clauses "
        "WHERE run = ?1 ORDER BY position");
    if (!clauses)
        return clauses.error();
    clauses.value().bind(1, m_run);
    if (auto error = clauses.value().forEachRow([&](const Statement &s) {
            StoredClause clause;
            clause.key = s.columnInt(0);
            clause.position = m_clauses.size();
            clause.id = std::string(s.columnText(2));
            clause.contract = std::string(s.columnText(3));
            clause.priority = std::string(s.columnText(4));
            clause.kind = kindFromName(s.columnText(5));
            clause.severity = severityFromName(s.columnText(6));
            clause.file = std::string(s.columnText(7));
            clause.range.begin.line = static_cast<std::uint32_t>(s.columnInt(8));
            clause.range.begin.column = static_cast<std::uint32_t>(s.columnInt(9));
            clause.range.end.line = static_cast<std::uint32_t>(s.columnInt(10));
            clause.range.end.column = static_cast<std::uint32_t>(s.columnInt(11));
            clause.range.begin.offset = static_cast<std::size_t>(s.columnInt(12));
            clause.range.end.offset = static_cast<std::size_t>(s.columnInt(13));
            m_clauses.push_back(std::move(clause));
        }))
        return *error;
    return std::nullopt;
}

Status RunReader::replayTo(ReplayListener &listener)
{
    return replay(listener, std::nullopt);
}

Status RunReader::replayConversationTo(std::int64_t conversation, ReplayListener &listener)
{
    return replay(listener, conversation);
}

Status RunReader::replay(ReplayListener &listener, std::optional<std::int64_t> conversation)
{
    Database &db = *m_db;
    // One conversation: every query is narrowed to its rows (and uses the indexes on them).
    const auto only = [&](std::string_view condition) {
        return conversation ? std::string(condition) : std::string();
    };
    std::map<std::int64_t, std::size_t> positionOfKey;
    for (const StoredClause &clause : m_clauses)
        positionOfKey[clause.key] = clause.position;
    std::map<std::string, std::size_t, std::less<>> positionOfId;
    for (const StoredClause &clause : m_clauses)
        positionOfId[clause.id] = clause.position;

    // One record per stored clause, shared by all its verdicts (as a compiled set's are).
    std::vector<std::shared_ptr<const engine::ClauseRecord>> records;
    records.reserve(m_clauses.size());
    for (const StoredClause &clause : m_clauses)
        records.push_back(std::make_shared<const engine::ClauseRecord>(engine::ClauseRecord {
            clause.id, clause.contract, clause.kind, clause.severity, clause.file, clause.range}));
    const auto verdictOf = [&](std::size_t position) {
        return engine::ClauseVerdict(records[position]);
    };
    const auto fromRow = [&](const VerdictRow &row) {
        engine::ClauseVerdict verdict = verdictOf(row.position);
        verdict.status = row.status;
        verdict.durationNs = row.durationNs;
        verdict.message = row.message;
        if (row.detail)
            applyDetail(*row.detail, verdict);
        return verdict;
    };

    // Static conflicts are stored once; every turn reported them. Fix conflicts belong to
    // their turn.
    std::vector<engine::ConflictRecord> staticConflicts;
    std::map<std::pair<std::int64_t, std::int64_t>, std::vector<engine::ConflictRecord>>
        turnConflicts; // (conversation id, turn)
    {
        auto conflicts = Statement::prepare(db,
            "SELECT conversation, turn, kind, clauses, resolution, suppressed FROM conflicts "
            "WHERE run = ?1 "
                + only("AND (kind != 'fix' OR conversation = ?2) ") + "ORDER BY id");
        if (!conflicts)
            return conflicts.error();
        conflicts.value().bind(1, m_run);
        if (conversation)
            conflicts.value().bind(2, *conversation);
        if (auto error = conflicts.value().forEachRow([&](const Statement &s) {
                engine::ConflictRecord record {std::string(s.columnText(2)),
                    decodeStringList(s.columnText(3)), std::string(s.columnText(4)),
                    decodeStringList(s.columnText(5))};
                if (record.kind == "fix")
                    turnConflicts[{s.columnInt(0), s.columnInt(1)}].push_back(std::move(record));
                else
                    staticConflicts.push_back(std::move(record));
            }))
            return *error;
    }

    auto turns = Statement::prepare(db,
        "SELECT rc.id, rc.conversation, rc.valid, t.turn, t.valid, t.duration_ns, t.statuses, "
        "t.durations, t.messages, t.violations, tt.content, tt.response, rc.position "
        "FROM run_conversations rc "
        "LEFT JOIN run_turns t ON t.conversation = rc.id "
        "LEFT JOIN turns tt ON tt.conversation = rc.source AND tt.turn = t.turn "
        "WHERE rc.run = ?1 "
            + only("AND rc.id = ?2 ") + "ORDER BY rc.position, t.turn");
    auto verdicts = Statement::prepare(db,
        "SELECT rc.position, v.turn, v.clause, v.status, v.duration_ns, v.message, d.detail "
        "FROM verdicts v JOIN run_conversations rc ON rc.id = v.conversation "
        "LEFT JOIN verdict_details d ON d.verdict = v.id "
        "WHERE v.run = ?1 "
            + only("AND v.conversation = ?2 ") + "ORDER BY rc.position, v.turn, v.id");
    auto fixes = Statement::prepare(db,
        "SELECT rc.position, f.turn, f.clause, f.contract, f.round, f.expression, f.before, "
        "f.after, f.applied, f.outcome, f.confidence, f.error, f.broken "
        "FROM fixes f JOIN run_conversations rc ON rc.id = f.conversation "
        "WHERE f.run = ?1 "
            + only("AND f.conversation = ?2 ") + "ORDER BY rc.position, f.turn, f.id");
    for (auto *statement : {&turns, &verdicts, &fixes}) {
        if (!*statement)
            return statement->error();
        statement->value().bind(1, m_run);
        if (conversation)
            statement->value().bind(2, *conversation);
    }

    // The verdicts and fixes cursors run alongside the turns, all in run order.
    std::optional<bool> verdictRow, fixRow;
    const auto advance = [](Statement &s, std::optional<bool> &current) -> Status {
        auto row = s.step();
        if (!row)
            return row.error();
        current = row.value();
        return std::nullopt;
    };
    if (auto error = advance(verdicts.value(), verdictRow))
        return error;
    if (auto error = advance(fixes.value(), fixRow))
        return error;

    std::vector<std::int64_t> durations;
    std::int64_t conversationKey = -1;
    std::int64_t conversationPosition = 0;
    std::string conversationId;
    std::optional<bool> conversationValid;
    std::vector<VerdictRow> rows; // the open conversation's verdict rows
    std::size_t detailCursor = 0;
    std::vector<const VerdictRow *> detailOf; // by clause position, for the current turn
    std::map<std::int64_t, std::vector<engine::FixRecord>> conversationFixes; // by turn

    const auto endConversation = [&] {
        if (conversationKey < 0 || !conversationValid)
            return;
        engine::ConversationEnd end;
        end.valid = *conversationValid;
        for (const VerdictRow &row : rows)
            if (row.turn == 0) {
                end.settled.push_back(fromRow(row));
                if (row.status == engine::ClauseStatus::Fail
                    || row.status == engine::ClauseStatus::Error)
                    end.violations.push_back(engine::violationOf(end.settled.back()));
            }
        listener.conversationEnd(conversationId, end);
    };
    const auto beginConversation = [&](const Statement &s) -> Status {
        conversationKey = s.columnInt(0);
        conversationPosition = s.columnInt(12);
        conversationId = std::string(s.columnText(1));
        conversationValid =
            s.isNull(2) ? std::optional<bool>() : std::optional<bool>(s.columnInt(2) != 0);
        rows.clear();
        detailCursor = 0;
        conversationFixes.clear();
        while (
            verdictRow.value_or(false) && verdicts.value().columnInt(0) <= conversationPosition) {
            const Statement &v = verdicts.value();
            if (v.columnInt(0) == conversationPosition) {
                const auto position = positionOfKey.find(v.columnInt(2));
                if (position != positionOfKey.end())
                    rows.push_back(VerdictRow {v.columnInt(1), position->second,
                        statusFromCode(v.columnInt(3)), v.columnInt(4),
                        std::string(v.columnText(5)),
                        v.isNull(6) ? std::optional<std::string>()
                                    : std::optional<std::string>(v.columnText(6))});
            }
            if (auto error = advance(verdicts.value(), verdictRow))
                return error;
        }
        while (fixRow.value_or(false) && fixes.value().columnInt(0) <= conversationPosition) {
            const Statement &f = fixes.value();
            if (f.columnInt(0) == conversationPosition) {
                engine::FixRecord fix;
                fix.clause = std::string(f.columnText(2));
                fix.contract = std::string(f.columnText(3));
                if (const auto p = positionOfId.find(fix.clause); p != positionOfId.end()) {
                    fix.kind = m_clauses[p->second].kind;
                    fix.line = m_clauses[p->second].range.begin.line;
                }
                fix.round = static_cast<int>(f.columnInt(4));
                fix.expression = std::string(f.columnText(5));
                fix.before = std::string(f.columnText(6));
                fix.after = std::string(f.columnText(7));
                fix.applied = f.columnInt(8) != 0;
                fix.outcome = engine::fixOutcomeFromName(f.columnText(9))
                                  .value_or(engine::FixOutcome::Ineffective);
                fix.confidence = f.columnDouble(10);
                fix.error = std::string(f.columnText(11));
                fix.broken = decodeStringList(f.columnText(12));
                conversationFixes[f.columnInt(1)].push_back(std::move(fix));
            }
            if (auto error = advance(fixes.value(), fixRow))
                return error;
        }
        return std::nullopt;
    };

    for (;;) {
        auto row = turns.value().step();
        if (!row)
            return row.error();
        if (!row.value())
            break;
        const Statement &s = turns.value();
        if (s.columnInt(0) != conversationKey) {
            endConversation();
            if (auto error = beginConversation(s))
                return error;
        }
        if (s.isNull(3))
            continue; // a conversation without turns
        const std::int64_t turnNumber = s.columnInt(3);
        engine::TurnResult result;
        result.valid = s.columnInt(4) != 0;
        result.durationNs = s.columnInt(5);
        const std::string_view statuses = s.columnText(6);
        // The detail rows of this turn (rows are in turn order, then clause order).
        detailOf.assign(m_clauses.size(), nullptr);
        while (detailCursor < rows.size() && rows[detailCursor].turn < turnNumber)
            ++detailCursor;
        for (; detailCursor < rows.size() && rows[detailCursor].turn == turnNumber; ++detailCursor)
            if (rows[detailCursor].detail && rows[detailCursor].position < detailOf.size())
                detailOf[rows[detailCursor].position] = &rows[detailCursor];
        if (!decodeDurations(s.columnText(7), durations))
            durations.clear();
        engine::Value messages;
        std::string error;
        if (!s.isNull(8) && !engine::parseJson(s.columnText(8), messages, error))
            messages = engine::Value();
        for (std::size_t p = 0; p < statuses.size() && p < m_clauses.size(); ++p) {
            const StoredClause &clause = m_clauses[p];
            if (result.contracts.empty() || result.contracts.back().name != clause.contract)
                result.contracts.push_back(
                    engine::ContractResult {clause.contract, clause.priority, true, {}});
            engine::ClauseVerdict verdict = verdictOf(p);
            verdict.status = statusFromCode(statuses[p] - '0');
            verdict.durationNs = p < durations.size() ? durations[p] : 0;
            if (messages.isMap())
                verdict.message = stringMember(messages, clause.id);
            if (p < detailOf.size() && detailOf[p])
                applyDetail(*detailOf[p]->detail, verdict);
            if ((verdict.status == engine::ClauseStatus::Fail
                    || verdict.status == engine::ClauseStatus::Error)
                && engine::invalidates(verdict.severity()))
                result.contracts.back().valid = false;
            result.contracts.back().clauses.push_back(std::move(verdict));
        }
        if (!s.isNull(9)) {
            engine::Value violations;
            if (engine::parseJson(s.columnText(9), violations, error) && violations.isList())
                for (const engine::Value &item : violations.asList()) {
                    const auto p = positionOfId.find(stringMember(item, "clause"));
                    if (p == positionOfId.end())
                        continue;
                    engine::ClauseVerdict verdict = verdictOf(p->second);
                    verdict.status = statusFromCode(intMember(item, "status"));
                    verdict.message = stringMember(item, "message");
                    result.violations.push_back(engine::violationOf(verdict));
                }
        }
        result.content = s.isNull(10) ? std::string() : std::string(s.columnText(10));
        if (!s.isNull(11))
            result.response = std::string(s.columnText(11));
        if (const auto found = conversationFixes.find(turnNumber);
            found != conversationFixes.end()) {
            result.fixes = found->second;
            for (const engine::FixRecord &fix : result.fixes) {
                if (!fix.applied)
                    continue;
                if (fix.kind == engine::ClauseKind::Require)
                    result.content = fix.after;
                else
                    result.response = fix.after;
            }
        }
        result.conflicts = staticConflicts;
        if (const auto found = turnConflicts.find({conversationKey, turnNumber});
            found != turnConflicts.end())
            result.conflicts.insert(
                result.conflicts.end(), found->second.begin(), found->second.end());
        listener.turn(conversationId, turnNumber, result);
    }
    endConversation();
    if (conversation)
        return std::nullopt;

    // What settled at the end of the run: the verdict rows without a conversation.
    auto settled = Statement::prepare(db,
        "SELECT v.clause, v.status, v.duration_ns, v.message, d.detail FROM verdicts v "
        "LEFT JOIN verdict_details d ON d.verdict = v.id "
        "WHERE v.run = ?1 AND v.conversation IS NULL ORDER BY v.id");
    if (!settled)
        return settled.error();
    settled.value().bind(1, m_run);
    std::vector<engine::ClauseVerdict> runEnd;
    if (auto error = settled.value().forEachRow([&](const Statement &s) {
            const auto position = positionOfKey.find(s.columnInt(0));
            if (position == positionOfKey.end())
                return;
            runEnd.push_back(fromRow(VerdictRow {0, position->second,
                statusFromCode(s.columnInt(1)), s.columnInt(2), std::string(s.columnText(3)),
                s.isNull(4) ? std::optional<std::string>()
                            : std::optional<std::string>(s.columnText(4))}));
        }))
        return *error;
    if (m_summary.status == RunStatus::Complete)
        listener.runEnd(runEnd);
    return std::nullopt;
}

engine::Result<Conversation> RunReader::conversation(std::int64_t conversation)
{
    Database &db = *m_db;
    auto head = Statement::prepare(db,
        "SELECT rc.conversation, rc.source, c.metadata, c.line, c.byte_offset "
        "FROM run_conversations rc LEFT JOIN conversations c ON c.key = rc.source "
        "WHERE rc.run = ?1 AND rc.id = ?2");
    if (!head)
        return head.error();
    head.value().bind(1, m_run);
    head.value().bind(2, conversation);
    auto found = head.value().step();
    if (!found)
        return found.error();
    if (!found.value())
        return engine::Error {m_db->path() + ": run " + std::to_string(m_run)
            + " has no conversation " + std::to_string(conversation)};
    const Statement &h = head.value();
    Conversation out;
    out.id = std::string(h.columnText(0));
    std::string error;
    if (h.isNull(2) || !engine::parseJson(h.columnText(2), out.metadata, error))
        out.metadata = engine::Value();
    out.line = static_cast<std::uint64_t>(h.columnInt(3));
    out.byteOffset = static_cast<std::uint64_t>(h.columnInt(4));

    if (h.isNull(1)) {
        // Not imported: as many turns as the run stored, without their texts.
        auto turns =
            Statement::prepare(db, "SELECT count(*) FROM run_turns WHERE conversation = ?1");
        if (!turns)
            return turns.error();
        turns.value().bind(1, conversation);
        if (auto row = turns.value().step(); !row)
            return row.error();
        out.turns.resize(static_cast<std::size_t>(turns.value().columnInt(0)));
        return out;
    }
    auto turns = Statement::prepare(db,
        "SELECT content, response, context, timestamp, latency_ms FROM turns "
        "WHERE conversation = ?1 ORDER BY turn");
    if (!turns)
        return turns.error();
    turns.value().bind(1, h.columnInt(1));
    if (auto failed = turns.value().forEachRow([&](const Statement &s) {
            Turn turn;
            turn.content = std::string(s.columnText(0));
            if (!s.isNull(1))
                turn.response = std::string(s.columnText(1));
            if (!engine::parseJson(s.columnText(2), turn.context, error) || !turn.context.isMap())
                turn.context = engine::Value::map({});
            if (!s.isNull(3))
                turn.timestamp = std::string(s.columnText(3));
            if (!s.isNull(4))
                turn.latencyMs = s.columnDouble(4);
            out.turns.push_back(std::move(turn));
        }))
        return *failed;
    return out;
}

engine::Result<std::vector<ClauseCounts>> RunReader::clauseCounts()
{
    std::vector<ClauseCounts> counts(m_clauses.size());
    for (std::size_t p = 0; p < m_clauses.size(); ++p) {
        counts[p].clause = m_clauses[p].id;
        counts[p].contract = m_clauses[p].contract;
    }
    Database &db = *m_db;
    auto turns = Statement::prepare(db,
        "SELECT t.statuses, t.durations FROM run_turns t JOIN run_conversations rc "
        "ON rc.id = t.conversation WHERE rc.run = ?1");
    if (!turns)
        return turns.error();
    turns.value().bind(1, m_run);
    std::vector<std::int64_t> durations;
    if (auto error = turns.value().forEachRow([&](const Statement &) {
            const std::string_view statuses = turns.value().columnText(0);
            if (!decodeDurations(turns.value().columnText(1), durations))
                durations.clear();
            for (std::size_t p = 0; p < statuses.size() && p < counts.size(); ++p)
                counts[p].add(
                    statusFromCode(statuses[p] - '0'), p < durations.size() ? durations[p] : 0);
        }))
        return *error;
    auto settled = Statement::prepare(db,
        "SELECT c.position, v.status, v.duration_ns FROM verdicts v JOIN run_clauses c "
        "ON c.id = v.clause WHERE v.run = ?1 AND v.turn = 0");
    if (!settled)
        return settled.error();
    settled.value().bind(1, m_run);
    if (auto error = settled.value().forEachRow([&](const Statement &) {
            const auto p = static_cast<std::size_t>(settled.value().columnInt(0));
            if (p >= 1 && p <= counts.size())
                counts[p - 1].add(
                    statusFromCode(settled.value().columnInt(1)), settled.value().columnInt(2));
        }))
        return *error;
    return counts;
}

engine::Result<LatencyHistogram> RunReader::clauseLatency(std::string_view clauseId)
{
    const StoredClause *clause = nullptr;
    for (const StoredClause &c : m_clauses)
        if (c.id == clauseId)
            clause = &c;
    if (!clause)
        return engine::Error {m_db->path() + ": run " + std::to_string(m_run) + " has no clause "
            + std::string(clauseId)};
    Database &db = *m_db;
    LatencyHistogram histogram;
    auto stored =
        Statement::prepare(db, "SELECT bucket, count FROM clause_latency WHERE clause = ?1");
    if (!stored)
        return stored.error();
    stored.value().bind(1, clause->key);
    if (auto error = stored.value().forEachRow([&](const Statement &) {
            histogram.addToBucket(static_cast<std::size_t>(stored.value().columnInt(0)),
                static_cast<std::uint64_t>(stored.value().columnInt(1)));
        }))
        return *error;
    if (histogram.count() > 0)
        return histogram;

    // Not finished: computed from the turns (skipped and suppressed verdicts do not count, as
    // in ReplayTotals).
    auto turns = Statement::prepare(db,
        "SELECT t.statuses, t.durations FROM run_turns t JOIN run_conversations rc "
        "ON rc.id = t.conversation WHERE rc.run = ?1");
    if (!turns)
        return turns.error();
    turns.value().bind(1, m_run);
    std::vector<std::int64_t> durations;
    const std::size_t p = clause->position;
    if (auto error = turns.value().forEachRow([&](const Statement &) {
            const std::string_view statuses = turns.value().columnText(0);
            if (p >= statuses.size() || statuses[p] == '0' + int(engine::ClauseStatus::Skipped)
                || statuses[p] == '0' + int(engine::ClauseStatus::Suppressed))
                return;
            if (decodeDurations(turns.value().columnText(1), durations) && p < durations.size())
                histogram.add(durations[p]);
        }))
        return *error;
    return histogram;
}

std::vector<std::string> decodeStringList(std::string_view json)
{
    engine::Value value;
    std::string error;
    std::vector<std::string> out;
    if (engine::parseJson(json, value, error) && value.isList())
        for (const engine::Value &item : value.asList())
            if (item.isString())
                out.emplace_back(item.asString());
    return out;
}

} // namespace llmcl::tracer
