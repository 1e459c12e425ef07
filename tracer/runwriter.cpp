// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tracer/runwriter.h"

#include "engine/json.h"
#include "tracer/replaytotals.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <condition_variable>
#include <deque>
#include <limits>
#include <mutex>
#include <thread>

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

bool RunWriter::Batch::pending() const
{
    return turnCount || !clauses.empty() || !verdicts.empty() || !fixes.empty()
        || !conflicts.empty()
        || std::any_of(conversations.begin(), conversations.end(),
            [](const ConversationRow &c) { return !c.stored || c.valid; });
}

void RunWriter::Batch::clear()
{
    clauses.clear();
    conversations.clear();
    turnCount = 0;
    verdicts.clear();
    fixes.clear();
    conflicts.clear();
}

// The storing thread: writes the batches it is handed, in order, one transaction each, and
// keeps the keys later rows refer to (the run's clauses, the conversation a batch left open).
// Started with the first batch. Everything but the queue, the first error and the count of
// committed turns belongs to the storing thread while batches are queued or being written,
// and to the writer's thread when the store is idle (after drain()).
class RunWriter::Store
{
public:
    Store(Database &db, std::int64_t run)
        : m_db(db)
        , m_run(run)
    { }
    ~Store()
    {
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_changed.notify_all();
        if (m_thread.joinable())
            m_thread.join();
    }

    using Import = std::function<engine::Result<std::vector<std::int64_t>>()>;

    // Starts the storing thread with `import`, which gives the conversation sources.
    void importFirst(Import import)
    {
        std::lock_guard lock(m_mutex);
        m_import = std::move(import);
        if (!m_thread.joinable())
            m_thread = std::thread([this] { loop(); });
    }

    // Queues a batch (waits while two are queued, 32 while the import runs) and returns an
    // empty one to fill next: a batch written before, whose rows keep their memory, or a new
    // one.
    Batch submit(Batch &&batch)
    {
        std::unique_lock lock(m_mutex);
        if (!m_thread.joinable())
            m_thread = std::thread([this] { loop(); });
        m_changed.wait(
            lock, [&] { return m_queue.size() < (m_import ? kQueuedWhileImporting : kQueued); });
        m_queue.push_back(std::move(batch));
        // One written batch is reused; more (the import let batches pile up) are freed.
        std::vector<Batch> written;
        written.swap(m_written);
        lock.unlock();
        m_changed.notify_all();
        // Emptied here, on the writer's side, where the rows' strings were made, not on the
        // storing thread.
        Batch next;
        if (!written.empty())
            next = std::move(written.back());
        next.clear();
        return next;
    }

    // Waits until every queued batch is written; the first failure, if any.
    Status drain()
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return m_queue.empty() && !m_writing && !m_import; });
        return m_error;
    }

    void fail(engine::Error error)
    {
        std::lock_guard lock(m_mutex);
        if (!m_error)
            m_error = std::move(error);
        m_failed.store(true, std::memory_order_relaxed);
    }
    bool failed() const { return m_failed.load(std::memory_order_relaxed); }
    std::optional<engine::Error> error() const
    {
        std::lock_guard lock(m_mutex);
        return m_error;
    }
    std::uint64_t committedTurns() const { return m_committed.load(std::memory_order_relaxed); }

    // run_conversations.source of each conversation by position (set before the first batch).
    std::vector<std::int64_t> sources;
    // run_clauses.id of each clause of the writer's m_clauses written so far, by index.
    std::vector<std::int64_t> clauseKeys;

private:
    static constexpr std::size_t kQueued = 2;
    static constexpr std::size_t kQueuedWhileImporting = 32;

    struct Statements
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

    void loop()
    {
        std::unique_lock lock(m_mutex);
        if (m_import) {
            Import import = m_import;
            lock.unlock();
            engine::Result<std::vector<std::int64_t>> keys = import();
            lock.lock();
            if (keys) {
                sources = std::move(keys.value());
            } else if (!m_error) {
                m_error = keys.error();
                m_failed.store(true, std::memory_order_relaxed);
            }
            m_import = nullptr;
            m_changed.notify_all();
        }
        for (;;) {
            m_changed.wait(lock, [&] { return !m_queue.empty() || m_stop; });
            if (m_queue.empty())
                return;
            Batch batch = std::move(m_queue.front());
            m_queue.pop_front();
            m_writing = true;
            const bool skip = m_error.has_value();
            lock.unlock();
            Status status;
            if (!skip) {
                status = prepare();
                if (!status)
                    status = write(batch);
            }
            lock.lock();
            if (status && !m_error) {
                m_error = std::move(status);
                m_failed.store(true, std::memory_order_relaxed);
            }
            if (!status && !skip)
                m_committed.fetch_add(batch.turnCount, std::memory_order_relaxed);
            m_written.push_back(std::move(batch));
            m_writing = false;
            m_changed.notify_all();
        }
    }

    Status prepare();
    Status write(const Batch &batch);

    Database &m_db;
    std::int64_t m_run;
    std::unique_ptr<Statements> m_statements;
    // The last conversation a batch inserted: a later batch that goes on with it (its
    // `stored` row) refers to this key.
    std::int64_t m_lastPosition = 0;
    std::int64_t m_lastKey = 0;
    std::vector<std::int64_t> m_conversationKeys; // of the batch being written

    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    Import m_import; // set until the storing thread has run it
    std::deque<Batch> m_queue;
    std::vector<Batch> m_written; // given back to the writer's thread to be emptied and reused
    bool m_writing = false;
    bool m_stop = false;
    std::optional<engine::Error> m_error;
    std::atomic<bool> m_failed {false};
    std::atomic<std::uint64_t> m_committed {0};
    std::thread m_thread;
};

RunWriter::RunWriter(WorkspaceDatabase &db, std::int64_t run, RunWriterOptions options)
    : m_db(&db.connection())
    , m_run(run)
    , m_options(options)
    , m_current(npos)
    , m_store(std::make_unique<Store>(db.connection(), run))
{
    if (m_options.batchTurns == 0)
        m_options.batchTurns = 1;
}

RunWriter::~RunWriter()
{
    (void)flush();
}

void RunWriter::setConversationSources(std::vector<std::int64_t> keys)
{
    m_store->sources = std::move(keys);
}

void RunWriter::importFirst(std::function<engine::Result<std::vector<std::int64_t>>()> import)
{
    m_store->importFirst(std::move(import));
}

std::optional<engine::Error> RunWriter::error() const
{
    return m_store->error();
}

std::uint64_t RunWriter::committedTurns() const
{
    return m_store->committedTurns();
}

void RunWriter::fail(engine::Error error)
{
    m_store->fail(std::move(error));
}

std::size_t RunWriter::conversationIndex(const std::string &id)
{
    std::vector<ConversationRow> &conversations = m_batch.conversations;
    if (m_current != npos && conversations[m_current].id == id)
        return m_current;
    conversations.push_back(ConversationRow {id, ++m_conversationCount, {}, false});
    m_current = conversations.size() - 1;
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
        verdict.severity(), verdict.file(), verdict.range()});
    m_clauseIndex.emplace(std::move(key), m_clauses.size() - 1);
    return m_clauses.size() - 1;
}

void RunWriter::addVerdicts(
    std::size_t conversation, std::int64_t turn, const std::vector<engine::ClauseVerdict> &verdicts)
{
    for (const engine::ClauseVerdict &verdict : verdicts) {
        const std::size_t clause = clauseIndex(verdict, "medium");
        m_aggregate.addSettled(clause, verdict.status, verdict.durationNs);
        m_batch.verdicts.push_back(
            VerdictRow {conversation, turn, clause, verdict.status, verdict.durationNs,
                verdict.message, m_options.storeDetail ? verdictDetail(verdict) : std::string()});
    }
}

// A turn's verdicts in the order of the compiled set, which is the same every turn: the first
// turn fixes the clauses' positions, and each later turn is checked against them.
void RunWriter::encodeTurn(
    std::size_t conversation, std::int64_t turn, const engine::TurnResult &result)
{
    // The rows of an earlier batch keep their strings' memory: a turn allocates nothing here.
    if (m_batch.turnCount == m_batch.turns.size())
        m_batch.turns.emplace_back();
    TurnRow &row = m_batch.turns[m_batch.turnCount];
    row.conversation = conversation;
    row.turn = turn;
    row.valid = result.valid;
    row.durationNs = result.durationNs;
    row.statuses.clear();
    row.durations.clear();
    row.messages.clear();
    row.violations.clear();
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
                m_batch.verdicts.push_back(VerdictRow {conversation, turn, position, verdict.status,
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
    ++m_batch.turnCount;
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
            m_store->clauseKeys.push_back(row.columnInt(0));
            clause.id = row.columnText(1);
            clause.contract = row.columnText(2);
            m_clauseIndex.emplace(clause.contract + '\0' + clause.id, m_clauses.size());
            m_clauses.push_back(std::move(clause));
        }))
        return error;
    m_clausesSent = m_clauses.size();
    m_kept = point.kept;
    // A new run (or one that kept nothing) has stored no turn: nothing to count again.
    if (m_clauses.empty())
        return std::nullopt;
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
            m_batch.conflicts.push_back(ConflictRow {conversation, turn, conflict});
    }
}

void RunWriter::turn(
    const std::string &conversation, std::int64_t turn, const engine::TurnResult &result)
{
    if (m_store->failed())
        return;
    if (m_kept && storedBefore(conversation, false)) {
        noteConflicts(npos, turn, result.conflicts, false);
        return;
    }
    const std::size_t c = conversationIndex(conversation);
    encodeTurn(c, turn, result);
    if (m_store->failed())
        return;
    for (const engine::FixRecord &fix : result.fixes)
        m_batch.fixes.push_back(FixRow {c, turn, fix});
    noteConflicts(c, turn, result.conflicts, true);
    if (m_batch.turnCount >= m_options.batchTurns)
        submit();
}

void RunWriter::conversationEnd(const std::string &conversation, const engine::ConversationEnd &end)
{
    if (m_store->failed())
        return;
    if (m_kept && storedBefore(conversation, true))
        return;
    const std::size_t c = conversationIndex(conversation);
    addVerdicts(c, 0, end.settled);
    m_batch.conversations[c].valid = end.valid;
    m_current = npos;
}

void RunWriter::runEnd(const std::vector<engine::ClauseVerdict> &settled)
{
    if (m_store->failed())
        return;
    addVerdicts(npos, 0, settled);
    (void)flush(); // a failure stays in error()
}

void RunWriter::submit()
{
    m_batch.clauses.assign(m_clauses.begin() + std::ptrdiff_t(m_clausesSent), m_clauses.end());
    m_clausesSent = m_clauses.size();
    // The conversation still receiving turns goes on in the next batch.
    std::optional<ConversationRow> open;
    if (m_current != npos)
        open = m_batch.conversations[m_current];
    m_batch = m_store->submit(std::move(m_batch));
    if (open) {
        open->stored = true;
        m_batch.conversations.push_back(std::move(*open));
        m_current = 0;
    }
}

Status RunWriter::flush()
{
    if (!m_store->failed() && (m_batch.pending() || m_clausesSent < m_clauses.size()))
        submit();
    return m_store->drain();
}

Status RunWriter::Store::prepare()
{
    if (m_statements)
        return std::nullopt;
    Database &db = m_db;
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

Status RunWriter::Store::write(const Batch &batch)
{
    Database &db = m_db;
    Statements &s = *m_statements;
    auto transaction = Transaction::begin(db);
    if (!transaction)
        return transaction.error();
    // Keys handed out inside a transaction that fails are forgotten with it (nothing is
    // written after a failure, but the keys must not name rows that do not exist).
    const std::size_t clausesBefore = clauseKeys.size();
    const std::int64_t lastPosition = m_lastPosition;
    const std::int64_t lastKey = m_lastKey;
    const auto failed = [&](engine::Error error) -> Status {
        clauseKeys.resize(clausesBefore);
        m_lastPosition = lastPosition;
        m_lastKey = lastKey;
        return error;
    };

    for (const Clause &clause : batch.clauses) {
        const std::size_t position = clauseKeys.size() + 1;
        s.clause.bind(1, m_run)
            .bind(2, clause.id)
            .bind(3, clause.contract)
            .bind(4, engine::clauseKindName(clause.kind))
            .bind(5, engine::clauseSeverityName(clause.severity))
            .bind(6, clause.file)
            .bind(7, static_cast<std::int64_t>(clause.range.begin.line))
            .bind(8, static_cast<std::int64_t>(position))
            .bind(9, clause.priority)
            .bind(10, static_cast<std::int64_t>(clause.range.begin.column))
            .bind(11, static_cast<std::int64_t>(clause.range.end.line))
            .bind(12, static_cast<std::int64_t>(clause.range.end.column))
            .bind(13, static_cast<std::int64_t>(clause.range.begin.offset))
            .bind(14, static_cast<std::int64_t>(clause.range.end.offset));
        if (auto error = s.clause.run())
            return failed(*error);
        clauseKeys.push_back(db.lastInsertRowId());
    }
    // The batch's conversations' keys, by index.
    std::vector<std::int64_t> &keys = m_conversationKeys;
    keys.clear();
    for (const ConversationRow &conversation : batch.conversations) {
        if (conversation.stored) {
            if (conversation.position != m_lastPosition)
                return failed(engine::Error {db.path() + ": run " + std::to_string(m_run)
                    + ": conversation " + conversation.id + " was not stored before"});
            keys.push_back(m_lastKey);
            if (conversation.valid) {
                s.conversationValid.bind(1, std::int64_t(*conversation.valid ? 1 : 0))
                    .bind(2, m_lastKey);
                if (auto error = s.conversationValid.run())
                    return failed(*error);
            }
            continue;
        }
        const auto position = static_cast<std::size_t>(conversation.position);
        s.conversation.bind(1, m_run)
            .bind(2, conversation.position)
            .bind(3, conversation.id)
            .bind(4,
                conversation.valid ? std::optional<std::int64_t>(*conversation.valid ? 1 : 0)
                                   : std::nullopt)
            .bind(5,
                position <= sources.size() && sources[position - 1] > 0
                    ? std::optional<std::int64_t>(sources[position - 1])
                    : std::nullopt);
        if (auto error = s.conversation.run())
            return failed(*error);
        keys.push_back(db.lastInsertRowId());
        m_lastPosition = conversation.position;
        m_lastKey = keys.back();
    }
    for (std::size_t i = 0; i < batch.turnCount; ++i) {
        const TurnRow &turn = batch.turns[i];
        s.turn.bind(1, keys[turn.conversation])
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
            s.failure.bind(1, clauseKeys[p])
                .bind(2, keys[turn.conversation])
                .bind(3, turn.turn)
                .bind(4, std::int64_t(status - '0'));
            if (auto error = s.failure.run())
                return failed(*error);
        }
    }
    for (const VerdictRow &verdict : batch.verdicts) {
        s.verdict.bind(1, m_run);
        if (verdict.conversation == npos)
            s.verdict.bind(2, nullptr);
        else
            s.verdict.bind(2, keys[verdict.conversation]);
        s.verdict.bind(3, verdict.turn)
            .bind(4, clauseKeys[verdict.clause])
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
    for (const FixRow &fix : batch.fixes) {
        const engine::FixRecord &r = fix.record;
        s.fix.bind(1, m_run)
            .bind(2, keys[fix.conversation])
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
    for (const ConflictRow &conflict : batch.conflicts) {
        const engine::ConflictRecord &r = conflict.record;
        s.conflict.bind(1, m_run)
            .bind(2, keys[conflict.conversation])
            .bind(3, conflict.turn)
            .bind(4, r.kind)
            .bind(5, stringListJson(r.clauses))
            .bind(6, r.resolution)
            .bind(7, stringListJson(r.suppressed));
        if (auto error = s.conflict.run())
            return failed(*error);
    }
    if (batch.turnCount) {
        s.runTurns.bind(1, static_cast<std::int64_t>(batch.turnCount)).bind(2, m_run);
        if (auto error = s.runTurns.run())
            return failed(*error);
    }
    if (auto error = transaction.value().commit())
        return failed(*error);
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
    if (auto error = m_aggregate.store(db, m_run, m_store->clauseKeys)) {
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
