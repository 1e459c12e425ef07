// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tracer/workspacedb.h"

#include "engine/json.h"
#include "engine/value.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <ctime>
#include <limits>
#include <utility>

#if defined(_WIN32)
#include <windows.h>
#else
#include <cerrno>
#include <csignal>
#include <unistd.h>
#endif

namespace llmcl::tracer {

namespace {

constexpr std::size_t npos = std::numeric_limits<std::size_t>::max();

// Version 1. Append version 2 as one more string; never edit a released script.
constexpr std::string_view kSchemaV1 = R"sql(
CREATE TABLE conversations (
    key INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    source_file TEXT NOT NULL,
    line INTEGER NOT NULL,
    byte_offset INTEGER NOT NULL,
    metadata TEXT,
    content_hash TEXT NOT NULL UNIQUE,
    imported TEXT NOT NULL
);
CREATE INDEX conversations_by_id ON conversations (id);

CREATE TABLE turns (
    conversation INTEGER NOT NULL REFERENCES conversations (key) ON DELETE CASCADE,
    turn INTEGER NOT NULL,
    content TEXT NOT NULL,
    response TEXT,
    context TEXT NOT NULL,
    timestamp TEXT,
    latency_ms REAL,
    PRIMARY KEY (conversation, turn)
) WITHOUT ROWID;

CREATE TABLE contract_snapshots (
    id INTEGER PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    file TEXT NOT NULL,
    source TEXT NOT NULL
);

CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started TEXT NOT NULL,
    finished TEXT,
    status TEXT NOT NULL
        CHECK (status IN ('running', 'complete', 'incomplete', 'cancelled')),
    sessions TEXT NOT NULL DEFAULT '',
    options TEXT NOT NULL DEFAULT '{}',
    totals TEXT,
    turns INTEGER NOT NULL DEFAULT 0,
    writer_host TEXT NOT NULL DEFAULT '',
    writer_pid INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE run_contracts (
    run INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    snapshot INTEGER NOT NULL REFERENCES contract_snapshots (id),
    PRIMARY KEY (run, position)
) WITHOUT ROWID;

CREATE TABLE run_clauses (
    id INTEGER PRIMARY KEY,
    run INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    clause TEXT NOT NULL,
    contract TEXT NOT NULL,
    kind TEXT NOT NULL,
    severity TEXT NOT NULL,
    file TEXT NOT NULL,
    line INTEGER NOT NULL,
    UNIQUE (run, contract, clause)
);

CREATE TABLE run_conversations (
    id INTEGER PRIMARY KEY,
    run INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    conversation TEXT NOT NULL,
    valid INTEGER,
    UNIQUE (run, position)
);
CREATE INDEX run_conversations_by_id ON run_conversations (run, conversation);

CREATE TABLE run_turns (
    conversation INTEGER NOT NULL REFERENCES run_conversations (id) ON DELETE CASCADE,
    turn INTEGER NOT NULL,
    valid INTEGER NOT NULL,
    duration_ns INTEGER NOT NULL,
    PRIMARY KEY (conversation, turn)
) WITHOUT ROWID;

CREATE TABLE verdicts (
    id INTEGER PRIMARY KEY,
    run INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    conversation INTEGER REFERENCES run_conversations (id) ON DELETE CASCADE,
    turn INTEGER NOT NULL,
    clause INTEGER NOT NULL REFERENCES run_clauses (id) ON DELETE CASCADE,
    status INTEGER NOT NULL CHECK (status BETWEEN 0 AND 5),
    duration_ns INTEGER NOT NULL,
    message TEXT
);
CREATE INDEX verdicts_by_clause ON verdicts (run, clause, status);
CREATE INDEX verdicts_by_conversation ON verdicts (conversation, turn);

CREATE TABLE verdict_details (
    verdict INTEGER PRIMARY KEY REFERENCES verdicts (id) ON DELETE CASCADE,
    detail TEXT NOT NULL
);

CREATE TABLE fixes (
    id INTEGER PRIMARY KEY,
    run INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    conversation INTEGER NOT NULL REFERENCES run_conversations (id) ON DELETE CASCADE,
    turn INTEGER NOT NULL,
    clause TEXT NOT NULL,
    contract TEXT NOT NULL,
    round INTEGER NOT NULL,
    expression TEXT NOT NULL,
    before TEXT NOT NULL,
    after TEXT NOT NULL,
    applied INTEGER NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('fixed', 'ineffective', 'broke', 'error')),
    confidence REAL NOT NULL,
    error TEXT,
    broken TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX fixes_by_clause ON fixes (run, clause);

CREATE TABLE conflicts (
    id INTEGER PRIMARY KEY,
    run INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    conversation INTEGER REFERENCES run_conversations (id) ON DELETE SET NULL,
    turn INTEGER NOT NULL,
    kind TEXT NOT NULL,
    clauses TEXT NOT NULL,
    resolution TEXT NOT NULL,
    suppressed TEXT NOT NULL
);
CREATE INDEX conflicts_by_run ON conflicts (run);
)sql";

// ISO 8601 in UTC with milliseconds: "2026-03-01T12:34:56.789Z".
std::string nowIso8601()
{
    const auto now = std::chrono::system_clock::now();
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    const auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count()
        % 1000;
    std::tm tm {};
#if defined(_WIN32)
    gmtime_s(&tm, &seconds);
#else
    gmtime_r(&seconds, &tm);
#endif
    char buffer[40];
    const std::size_t length = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &tm);
    std::string text(buffer, length);
    char fraction[8];
    std::snprintf(fraction, sizeof fraction, ".%03dZ", static_cast<int>(millis));
    return text + fraction;
}

std::int64_t processId()
{
#if defined(_WIN32)
    return static_cast<std::int64_t>(GetCurrentProcessId());
#else
    return static_cast<std::int64_t>(getpid());
#endif
}

std::string hostName()
{
#if defined(_WIN32)
    char buffer[MAX_COMPUTERNAME_LENGTH + 1];
    DWORD size = sizeof buffer;
    return GetComputerNameA(buffer, &size) ? std::string(buffer, size) : std::string();
#else
    char buffer[256] = {};
    if (gethostname(buffer, sizeof buffer - 1) != 0)
        return {};
    return buffer;
#endif
}

bool processAlive(std::int64_t pid)
{
    if (pid <= 0)
        return false;
#if defined(_WIN32)
    HANDLE process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, DWORD(pid));
    if (!process)
        return false;
    DWORD code = 0;
    const bool alive = GetExitCodeProcess(process, &code) && code == STILL_ACTIVE;
    CloseHandle(process);
    return alive;
#else
    return kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
#endif
}

// SHA-256 (FIPS 180-4): content hashes for deduplication, readable in the sqlite3 shell.
class Sha256
{
public:
    void add(std::string_view data)
    {
        for (const char c : data) {
            m_block[m_used++] = static_cast<std::uint8_t>(c);
            if (m_used == 64) {
                compress();
                m_used = 0;
            }
        }
        m_length += data.size();
    }
    // A length-prefixed field, so that ("ab", "c") and ("a", "bc") differ.
    void field(std::string_view data)
    {
        const std::string size = std::to_string(data.size()) + ':';
        add(size);
        add(data);
    }

    std::string hex()
    {
        const std::uint64_t bits = m_length * 8;
        const std::uint8_t one = 0x80;
        add(std::string_view(reinterpret_cast<const char *>(&one), 1));
        while (m_used != 56) {
            const char zero = 0;
            add(std::string_view(&zero, 1));
        }
        for (int i = 7; i >= 0; --i)
            m_block[m_used++] = static_cast<std::uint8_t>(bits >> (i * 8));
        compress();
        static constexpr char kDigits[] = "0123456789abcdef";
        std::string out;
        for (const std::uint32_t word : m_state)
            for (int i = 28; i >= 0; i -= 4)
                out += kDigits[(word >> i) & 0xf];
        return out;
    }

private:
    static std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

    void compress()
    {
        static constexpr std::array<std::uint32_t, 64> k = {0x428a2f98, 0x71374491, 0xb5c0fbcf,
            0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
            0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1,
            0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
            0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351,
            0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb,
            0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
            0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
            0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814,
            0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
        std::array<std::uint32_t, 64> w {};
        for (int i = 0; i < 16; ++i)
            w[i] = std::uint32_t(m_block[i * 4]) << 24 | std::uint32_t(m_block[i * 4 + 1]) << 16
                | std::uint32_t(m_block[i * 4 + 2]) << 8 | std::uint32_t(m_block[i * 4 + 3]);
        for (int i = 16; i < 64; ++i) {
            const std::uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
            const std::uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        auto [a, b, c, d, e, f, g, h] = m_state;
        for (int i = 0; i < 64; ++i) {
            const std::uint32_t s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
            const std::uint32_t choose = (e & f) ^ (~e & g);
            const std::uint32_t t1 = h + s1 + choose + k[i] + w[i];
            const std::uint32_t s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
            const std::uint32_t majority = (a & b) ^ (a & c) ^ (b & c);
            const std::uint32_t t2 = s0 + majority;
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        const std::array<std::uint32_t, 8> add = {a, b, c, d, e, f, g, h};
        for (int i = 0; i < 8; ++i)
            m_state[i] += add[i];
    }

    std::array<std::uint32_t, 8> m_state = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
        0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    std::array<std::uint8_t, 64> m_block {};
    std::size_t m_used = 0;
    std::uint64_t m_length = 0;
};

std::string toJson(const engine::Value &value)
{
    engine::JsonWriter writer;
    engine::writeValue(writer, value);
    return writer.take();
}

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
        writer.endObject();
    }
    writer.endObject();
    return writer.take();
}

} // namespace

std::string_view runStatusName(RunStatus status) noexcept
{
    switch (status) {
    case RunStatus::Running:
        return "running";
    case RunStatus::Complete:
        return "complete";
    case RunStatus::Incomplete:
        return "incomplete";
    case RunStatus::Cancelled:
        return "cancelled";
    }
    return "incomplete";
}

std::optional<RunStatus> runStatusFromName(std::string_view name) noexcept
{
    for (const RunStatus status :
        {RunStatus::Running, RunStatus::Complete, RunStatus::Incomplete, RunStatus::Cancelled})
        if (runStatusName(status) == name)
            return status;
    return std::nullopt;
}

std::string describe(const RunSummary &run)
{
    std::string line = std::to_string(run.id);
    line += ' ';
    line += run.started;
    line += ' ';
    line += runStatusName(run.status);
    line += ' ';
    line += std::to_string(run.turns);
    line += ' ';
    for (std::size_t i = 0; i < run.contracts.size(); ++i) {
        if (i)
            line += ',';
        line += run.contracts[i];
    }
    return line;
}

// WorkspaceDatabase ---------------------------------------------------------------------------

int WorkspaceDatabase::currentVersion()
{
    return static_cast<int>(migrations().size());
}

const std::vector<std::string_view> &WorkspaceDatabase::migrations()
{
    static const std::vector<std::string_view> scripts = {kSchemaV1};
    return scripts;
}

WorkspaceDatabase::WorkspaceDatabase(std::unique_ptr<Database> db)
    : m_db(std::move(db))
{ }

WorkspaceDatabase::WorkspaceDatabase(WorkspaceDatabase &&) noexcept = default;

WorkspaceDatabase &WorkspaceDatabase::operator=(WorkspaceDatabase &&other) noexcept
{
    if (this != &other) {
        if (m_db) {
            const std::set<std::int64_t> open = m_openRuns;
            for (const std::int64_t run : open)
                (void)finishRun(run, RunStatus::Incomplete);
        }
        m_db = std::move(other.m_db);
        m_openRuns = std::move(other.m_openRuns);
    }
    return *this;
}

WorkspaceDatabase::~WorkspaceDatabase()
{
    if (!m_db)
        return;
    const std::set<std::int64_t> open = m_openRuns;
    for (const std::int64_t run : open)
        (void)finishRun(run, RunStatus::Incomplete);
}

engine::Result<WorkspaceDatabase> WorkspaceDatabase::open(const std::string &path, Options options)
{
    Database::Options dbOptions;
    dbOptions.mode = options.readOnly ? Database::Mode::ReadOnly : Database::Mode::ReadWriteCreate;
    auto db = Database::open(path, dbOptions);
    if (!db)
        return db.error();
    WorkspaceDatabase workspace(std::make_unique<Database>(std::move(db.value())));

    auto version = workspace.version();
    if (!version)
        return version.error();
    if (version.value() > currentVersion())
        return engine::Error {path + ": the database has schema version "
            + std::to_string(version.value()) + ", newer than this LLMCL Studio knows ("
            + std::to_string(currentVersion()) + "); open it with a newer version"};
    if (options.readOnly) {
        if (version.value() < currentVersion())
            return engine::Error {path + ": the database has schema version "
                + std::to_string(version.value()) + " and needs an upgrade to "
                + std::to_string(currentVersion()) + ", which a read-only open cannot do"};
        return workspace;
    }
    if (auto error = workspace.migrate())
        return *error;
    auto marked = workspace.markIncompleteRuns();
    if (!marked)
        return marked.error();
    return workspace;
}

engine::Result<int> WorkspaceDatabase::version()
{
    auto hasTable = m_db->queryInt(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_version'");
    if (!hasTable)
        return hasTable.error();
    if (hasTable.value() == 0) {
        auto tables = m_db->queryInt("SELECT count(*) FROM sqlite_schema");
        if (!tables)
            return tables.error();
        if (tables.value() != 0)
            return engine::Error {m_db->path()
                + ": not an LLMCL workspace database (it has tables but no schema_version)"};
        return 0;
    }
    auto value = m_db->queryInt("SELECT max(version) FROM schema_version");
    if (!value)
        return value.error();
    return static_cast<int>(value.value());
}

Status WorkspaceDatabase::migrate()
{
    const std::vector<std::string_view> &scripts = migrations();
    for (;;) {
        // Read the version inside the transaction: another process may have migrated the
        // file since.
        auto transaction = Transaction::begin(*m_db);
        if (!transaction)
            return transaction.error();
        auto current = version();
        if (!current)
            return current.error();
        const int from = current.value();
        if (from >= static_cast<int>(scripts.size()))
            return transaction.value().commit();
        if (from == 0) {
            if (auto error = m_db->exec("CREATE TABLE schema_version (version INTEGER NOT NULL, "
                                        "applied TEXT NOT NULL)"))
                return *error;
        }
        if (auto error = m_db->exec(scripts[std::size_t(from)]))
            return engine::Error {m_db->path() + ": migration to schema version "
                + std::to_string(from + 1) + " failed: " + error->message};
        auto record = Statement::prepare(
            *m_db, "INSERT INTO schema_version (version, applied) VALUES (?1, ?2)");
        if (!record)
            return record.error();
        record.value().bind(1, from + 1).bind(2, nowIso8601());
        if (auto error = record.value().run())
            return *error;
        if (auto error = transaction.value().commit())
            return *error;
    }
}

engine::Result<std::int64_t> WorkspaceDatabase::markIncompleteRuns()
{
    auto select = Statement::prepare(*m_db,
        "SELECT id, writer_host, writer_pid FROM runs "
        "WHERE status = 'running'");
    if (!select)
        return select.error();
    const std::string host = hostName();
    const std::int64_t self = processId();
    std::vector<std::int64_t> dead;
    for (;;) {
        auto row = select.value().step();
        if (!row)
            return row.error();
        if (!row.value())
            break;
        const std::int64_t pid = select.value().columnInt(2);
        // Another host's writer cannot be checked from here: left as it is.
        if (select.value().columnText(1) != host)
            continue;
        // This process's own runs may belong to another object writing now; the object that
        // began one marks it when it is destroyed unfinished.
        if (pid != self && !processAlive(pid))
            dead.push_back(select.value().columnInt(0));
    }
    select.value().reset();
    if (dead.empty())
        return std::int64_t(0);
    auto transaction = Transaction::begin(*m_db);
    if (!transaction)
        return transaction.error();
    auto update = Statement::prepare(
        *m_db, "UPDATE runs SET status = 'incomplete' WHERE id = ?1 AND status = 'running'");
    if (!update)
        return update.error();
    std::int64_t changed = 0;
    for (const std::int64_t run : dead) {
        update.value().bind(1, run);
        if (auto error = update.value().run())
            return *error;
        changed += m_db->changes();
    }
    if (auto error = transaction.value().commit())
        return *error;
    return changed;
}

engine::Result<ImportStats> WorkspaceDatabase::importSessions(SessionReader &reader,
    const std::string &sourceFile, const std::function<void(const ImportProgress &)> &progress)
{
    constexpr std::uint64_t kBatch = 1000;
    auto exists = Statement::prepare(*m_db, "SELECT 1 FROM conversations WHERE content_hash = ?1");
    auto insertConversation = Statement::prepare(*m_db,
        "INSERT INTO conversations (id, source_file, line, byte_offset, metadata, content_hash, "
        "imported) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    auto insertTurn = Statement::prepare(*m_db,
        "INSERT INTO turns (conversation, turn, content, response, context, timestamp, "
        "latency_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!exists)
        return exists.error();
    if (!insertConversation)
        return insertConversation.error();
    if (!insertTurn)
        return insertTurn.error();

    ImportStats stats;
    const std::string imported = nowIso8601();
    Conversation conversation;
    bool more = true;
    while (more) {
        auto transaction = Transaction::begin(*m_db);
        if (!transaction)
            return transaction.error();
        std::uint64_t inBatch = 0;
        while (inBatch < kBatch && (more = reader.next(conversation))) {
            ++inBatch;
            ++stats.conversations;
            const std::string metadata =
                conversation.metadata.isNull() ? std::string() : toJson(conversation.metadata);
            std::vector<std::string> contexts;
            contexts.reserve(conversation.turns.size());
            Sha256 hash;
            hash.field(conversation.id);
            hash.field(metadata);
            for (const Turn &turn : conversation.turns) {
                contexts.push_back(toJson(turn.context));
                hash.field(turn.content);
                hash.field(turn.response ? "1" + *turn.response : "0");
                hash.field(contexts.back());
                hash.field(turn.timestamp ? "1" + *turn.timestamp : "0");
                std::string latency = "0";
                if (turn.latencyMs) {
                    latency = "1";
                    engine::appendJsonNumber(latency, *turn.latencyMs);
                }
                hash.field(latency);
            }
            const std::string digest = hash.hex();

            exists.value().bind(1, digest);
            auto found = exists.value().step();
            if (!found)
                return found.error();
            exists.value().reset();
            if (found.value()) {
                ++stats.duplicates;
                continue;
            }
            insertConversation.value()
                .bind(1, conversation.id)
                .bind(2, sourceFile)
                .bind(3, static_cast<std::int64_t>(conversation.line))
                .bind(4, static_cast<std::int64_t>(conversation.byteOffset))
                .bind(5,
                    conversation.metadata.isNull() ? std::optional<std::string>()
                                                   : std::optional<std::string>(metadata))
                .bind(6, digest)
                .bind(7, imported);
            if (auto error = insertConversation.value().run())
                return *error;
            const std::int64_t key = m_db->lastInsertRowId();
            for (std::size_t i = 0; i < conversation.turns.size(); ++i) {
                const Turn &turn = conversation.turns[i];
                insertTurn.value()
                    .bind(1, key)
                    .bind(2, static_cast<std::int64_t>(i + 1))
                    .bind(3, turn.content)
                    .bind(4, turn.response)
                    .bind(5, contexts[i])
                    .bind(6, turn.timestamp)
                    .bind(7, turn.latencyMs);
                if (auto error = insertTurn.value().run())
                    return *error;
            }
            ++stats.imported;
            stats.turns += conversation.turns.size();
        }
        if (auto error = transaction.value().commit())
            return *error;
        if (progress)
            progress(ImportProgress {reader.bytesRead(), reader.fileSize(), stats.conversations});
    }
    stats.problems = reader.problems().size();
    if (auto error = reader.error())
        return *error;
    return stats;
}

engine::Result<std::int64_t> WorkspaceDatabase::beginRun(const RunInfo &info)
{
    auto transaction = Transaction::begin(*m_db);
    if (!transaction)
        return transaction.error();
    auto insertRun = Statement::prepare(*m_db,
        "INSERT INTO runs (started, status, sessions, options, writer_host, writer_pid) "
        "VALUES (?1, 'running', ?2, ?3, ?4, ?5)");
    if (!insertRun)
        return insertRun.error();
    insertRun.value()
        .bind(1, info.started.empty() ? nowIso8601() : info.started)
        .bind(2, info.sessions)
        .bind(3, info.optionsJson.empty() ? std::string_view("{}") : info.optionsJson)
        .bind(4, hostName())
        .bind(5, processId());
    if (auto error = insertRun.value().run())
        return *error;
    const std::int64_t run = m_db->lastInsertRowId();

    auto insertSnapshot = Statement::prepare(*m_db,
        "INSERT INTO contract_snapshots (hash, file, source) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (hash) DO NOTHING");
    auto findSnapshot =
        Statement::prepare(*m_db, "SELECT id FROM contract_snapshots WHERE hash = ?1");
    auto link = Statement::prepare(
        *m_db, "INSERT INTO run_contracts (run, position, snapshot) VALUES (?1, ?2, ?3)");
    if (!insertSnapshot)
        return insertSnapshot.error();
    if (!findSnapshot)
        return findSnapshot.error();
    if (!link)
        return link.error();
    for (std::size_t i = 0; i < info.contracts.size(); ++i) {
        const ContractSource &contract = info.contracts[i];
        Sha256 hash;
        hash.field(contract.file);
        hash.field(contract.source);
        const std::string digest = hash.hex();
        insertSnapshot.value().bind(1, digest).bind(2, contract.file).bind(3, contract.source);
        if (auto error = insertSnapshot.value().run())
            return *error;
        findSnapshot.value().bind(1, digest);
        auto found = findSnapshot.value().step();
        if (!found)
            return found.error();
        const std::int64_t snapshot = found.value() ? findSnapshot.value().columnInt(0) : 0;
        findSnapshot.value().reset();
        link.value().bind(1, run).bind(2, static_cast<std::int64_t>(i + 1)).bind(3, snapshot);
        if (auto error = link.value().run())
            return *error;
    }
    if (auto error = transaction.value().commit())
        return *error;
    m_openRuns.insert(run);
    return run;
}

Status WorkspaceDatabase::finishRun(std::int64_t run, RunStatus status, std::string_view totalsJson)
{
    m_openRuns.erase(run);
    auto transaction = Transaction::begin(*m_db);
    if (!transaction)
        return transaction.error();
    auto update = Statement::prepare(
        *m_db, "UPDATE runs SET status = ?1, finished = ?2, totals = ?3 WHERE id = ?4");
    if (!update)
        return update.error();
    update.value()
        .bind(1, runStatusName(status))
        .bind(2, nowIso8601())
        .bind(3, totalsJson.empty() ? std::string_view("null") : totalsJson)
        .bind(4, run);
    if (auto error = update.value().run())
        return *error;
    if (m_db->changes() == 0)
        return engine::Error {m_db->path() + ": no run " + std::to_string(run)};
    return transaction.value().commit();
}

engine::Result<std::vector<RunSummary>> WorkspaceDatabase::runs()
{
    auto select = Statement::prepare(*m_db,
        "SELECT r.id, r.started, r.finished, r.status, r.turns, "
        "(SELECT group_concat(file, char(10)) FROM (SELECT s.file AS file FROM run_contracts rc "
        "JOIN contract_snapshots s ON s.id = rc.snapshot WHERE rc.run = r.id "
        "ORDER BY rc.position)) FROM runs r ORDER BY r.id");
    if (!select)
        return select.error();
    std::vector<RunSummary> runs;
    for (;;) {
        auto row = select.value().step();
        if (!row)
            return row.error();
        if (!row.value())
            break;
        const Statement &s = select.value();
        RunSummary run;
        run.id = s.columnInt(0);
        run.started = std::string(s.columnText(1));
        if (!s.isNull(2))
            run.finished = std::string(s.columnText(2));
        run.status = runStatusFromName(s.columnText(3)).value_or(RunStatus::Incomplete);
        run.turns = static_cast<std::uint64_t>(s.columnInt(4));
        std::string_view files = s.columnText(5);
        while (!files.empty()) {
            const std::size_t end = files.find('\n');
            run.contracts.emplace_back(files.substr(0, end));
            files = end == std::string_view::npos ? std::string_view() : files.substr(end + 1);
        }
        runs.push_back(std::move(run));
    }
    return runs;
}

engine::Result<std::vector<ClauseCounts>> WorkspaceDatabase::clauseCounts(std::int64_t run)
{
    auto select = Statement::prepare(*m_db,
        "SELECT c.clause, c.contract, v.status, count(*), total(v.duration_ns) "
        "FROM run_clauses c JOIN verdicts v ON v.run = c.run AND v.clause = c.id "
        "WHERE c.run = ?1 GROUP BY c.id, v.status ORDER BY c.id, v.status");
    if (!select)
        return select.error();
    select.value().bind(1, run);
    std::vector<ClauseCounts> counts;
    for (;;) {
        auto row = select.value().step();
        if (!row)
            return row.error();
        if (!row.value())
            break;
        const Statement &s = select.value();
        if (counts.empty() || counts.back().clause != s.columnText(0)
            || counts.back().contract != s.columnText(1)) {
            counts.emplace_back();
            counts.back().clause = std::string(s.columnText(0));
            counts.back().contract = std::string(s.columnText(1));
        }
        ClauseCounts &c = counts.back();
        const auto n = static_cast<std::uint64_t>(s.columnInt(3));
        switch (static_cast<engine::ClauseStatus>(s.columnInt(2))) {
        case engine::ClauseStatus::Pass:
            c.pass += n;
            break;
        case engine::ClauseStatus::Fail:
            c.fail += n;
            break;
        case engine::ClauseStatus::Error:
            c.error += n;
            break;
        case engine::ClauseStatus::Pending:
            c.pending += n;
            break;
        case engine::ClauseStatus::Suppressed:
            c.suppressed += n;
            break;
        case engine::ClauseStatus::Skipped:
            c.skipped += n;
            break;
        }
        c.durationNs += static_cast<std::int64_t>(s.columnDouble(4));
    }
    return counts;
}

// RunWriter -----------------------------------------------------------------------------------

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
};

RunWriter::RunWriter(WorkspaceDatabase &db, std::int64_t run, RunWriterOptions options)
    : m_db(&db)
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

std::size_t RunWriter::clauseIndex(const engine::ClauseVerdict &verdict)
{
    std::string key = verdict.contract;
    key += '\0';
    key += verdict.id;
    const auto found = m_clauseIndex.find(key);
    if (found != m_clauseIndex.end())
        return found->second;
    m_clauses.push_back(
        Clause {verdict.id, verdict.contract, std::string(engine::clauseKindName(verdict.kind)),
            std::string(engine::clauseSeverityName(verdict.severity)), verdict.file,
            verdict.range.begin.line, 0});
    m_clauseIndex.emplace(std::move(key), m_clauses.size() - 1);
    return m_clauses.size() - 1;
}

void RunWriter::addVerdicts(
    std::size_t conversation, std::int64_t turn, const std::vector<engine::ClauseVerdict> &verdicts)
{
    for (const engine::ClauseVerdict &verdict : verdicts)
        m_verdicts.push_back(VerdictRow {conversation, turn, clauseIndex(verdict), verdict.status,
            verdict.durationNs, verdict.message,
            m_options.storeDetail ? verdictDetail(verdict) : std::string()});
}

void RunWriter::turn(
    const std::string &conversation, std::int64_t turn, const engine::TurnResult &result)
{
    if (m_error)
        return;
    const std::size_t c = conversationIndex(conversation);
    for (const engine::ContractResult &contract : result.contracts)
        addVerdicts(c, turn, contract.clauses);
    m_turns.push_back(TurnRow {c, turn, result.valid, result.durationNs});
    for (const engine::FixRecord &fix : result.fixes)
        m_fixes.push_back(FixRow {c, turn, fix});
    for (const engine::ConflictRecord &conflict : result.conflicts) {
        std::string key = conflict.kind + '\0' + stringListJson(conflict.clauses) + '\0'
            + conflict.resolution + '\0' + stringListJson(conflict.suppressed);
        if (m_conflictsSeen.insert(std::move(key)).second)
            m_conflicts.push_back(ConflictRow {c, turn, conflict});
    }
    if (++m_pendingTurns >= m_options.batchTurns) {
        if (auto error = flush())
            fail(std::move(*error));
    }
}

void RunWriter::conversationEnd(const std::string &conversation, const engine::ConversationEnd &end)
{
    if (m_error)
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
    Database &db = *m_db->m_db;
    const char *sql[] = {
        "INSERT INTO run_clauses (run, clause, contract, kind, severity, file, line) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        "INSERT INTO run_conversations (run, position, conversation, valid) VALUES (?1, ?2, ?3, "
        "?4)",
        "UPDATE run_conversations SET valid = ?1 WHERE id = ?2",
        "INSERT INTO run_turns (conversation, turn, valid, duration_ns) VALUES (?1, ?2, ?3, ?4)",
        "INSERT INTO verdicts (run, conversation, turn, clause, status, duration_ns, message) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        "INSERT INTO verdict_details (verdict, detail) VALUES (?1, ?2)",
        "INSERT INTO fixes (run, conversation, turn, clause, contract, round, expression, before, "
        "after, applied, outcome, confidence, error, broken) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        "INSERT INTO conflicts (run, conversation, turn, kind, clauses, resolution, suppressed) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        "UPDATE runs SET turns = turns + ?1 WHERE id = ?2",
    };
    std::vector<Statement> prepared;
    for (const char *text : sql) {
        auto statement = Statement::prepare(db, text);
        if (!statement)
            return statement.error();
        prepared.push_back(std::move(statement.value()));
    }
    m_statements.reset(
        new Statements {std::move(prepared[0]), std::move(prepared[1]), std::move(prepared[2]),
            std::move(prepared[3]), std::move(prepared[4]), std::move(prepared[5]),
            std::move(prepared[6]), std::move(prepared[7]), std::move(prepared[8])});
    return std::nullopt;
}

Status RunWriter::flush()
{
    if (m_error)
        return m_error;
    const bool pending = !m_verdicts.empty() || !m_turns.empty() || !m_fixes.empty()
        || !m_conflicts.empty()
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
    Database &db = *m_db->m_db;
    Statements &s = *m_statements;
    auto transaction = Transaction::begin(db);
    if (!transaction)
        return transaction.error();
    // Keys handed out inside a transaction that fails are forgotten with it.
    std::vector<std::size_t> newClauses;
    std::vector<std::size_t> newConversations;
    const auto forget = [&] {
        for (const std::size_t i : newClauses)
            m_clauses[i].key = 0;
        for (const std::size_t i : newConversations)
            m_conversations[i].key = 0;
    };
    const auto failed = [&](engine::Error error) -> Status {
        forget();
        return error;
    };

    for (std::size_t i = 0; i < m_clauses.size(); ++i) {
        Clause &clause = m_clauses[i];
        if (clause.key)
            continue;
        s.clause.bind(1, m_run)
            .bind(2, clause.id)
            .bind(3, clause.contract)
            .bind(4, clause.kind)
            .bind(5, clause.severity)
            .bind(6, clause.file)
            .bind(7, static_cast<std::int64_t>(clause.line));
        if (auto error = s.clause.run())
            return failed(*error);
        clause.key = db.lastInsertRowId();
        newClauses.push_back(i);
    }
    for (std::size_t i = 0; i < m_conversations.size(); ++i) {
        ConversationRow &conversation = m_conversations[i];
        if (conversation.key == 0) {
            s.conversation.bind(1, m_run)
                .bind(2, conversation.position)
                .bind(3, conversation.id)
                .bind(4,
                    conversation.valid ? std::optional<std::int64_t>(*conversation.valid ? 1 : 0)
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
            .bind(4, turn.durationNs);
        if (auto error = s.turn.run())
            return failed(*error);
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

} // namespace llmcl::tracer
