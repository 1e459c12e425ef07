// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tracer/workspacedb.h"

#include "engine/json.h"
#include "engine/value.h"
#include "tracer/sha256.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstring>
#include <ctime>
#include <limits>
#include <mutex>
#include <thread>
#include <utility>

#if defined(_WIN32)
#include <windows.h>
#else
#include <unistd.h>
#endif

namespace llmcl::tracer {

namespace {

using InPlace = Statement::InPlace;

// Version 1. Each later version is one more string; never edit a released script.
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

// Version 2: a turn's verdicts in one run_turns row (statuses, durations, messages) instead of
// a verdicts row per clause, so that a run stores as fast as it replays; the turn_verdicts view
// gives the row-per-clause shape back for queries. Latency histograms per clause, clause
// positions and ranges, and the imported conversation each run conversation replayed.
constexpr std::string_view kSchemaV2 = R"sql(
ALTER TABLE run_clauses ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
ALTER TABLE run_clauses ADD COLUMN priority TEXT NOT NULL DEFAULT 'medium';
ALTER TABLE run_clauses ADD COLUMN start_column INTEGER NOT NULL DEFAULT 1;
ALTER TABLE run_clauses ADD COLUMN end_line INTEGER NOT NULL DEFAULT 0;
ALTER TABLE run_clauses ADD COLUMN end_column INTEGER NOT NULL DEFAULT 0;
ALTER TABLE run_clauses ADD COLUMN start_offset INTEGER NOT NULL DEFAULT 0;
ALTER TABLE run_clauses ADD COLUMN end_offset INTEGER NOT NULL DEFAULT 0;
UPDATE run_clauses SET position =
    (SELECT count(*) FROM run_clauses c WHERE c.run = run_clauses.run AND c.id <= run_clauses.id);

ALTER TABLE run_conversations ADD COLUMN source INTEGER
    REFERENCES conversations (key) ON DELETE SET NULL;
UPDATE run_conversations SET source =
    (SELECT max(key) FROM conversations c WHERE c.id = run_conversations.conversation);

ALTER TABLE run_turns ADD COLUMN statuses TEXT NOT NULL DEFAULT '';
ALTER TABLE run_turns ADD COLUMN durations TEXT NOT NULL DEFAULT '[]';
ALTER TABLE run_turns ADD COLUMN messages TEXT;
ALTER TABLE run_turns ADD COLUMN violations TEXT;
UPDATE run_turns SET
    statuses = coalesce((SELECT group_concat(v.status, '' ORDER BY c.position)
        FROM verdicts v JOIN run_clauses c ON c.id = v.clause
        WHERE v.conversation = run_turns.conversation AND v.turn = run_turns.turn), ''),
    durations = coalesce((SELECT '[' || group_concat(v.duration_ns, ',' ORDER BY c.position) || ']'
        FROM verdicts v JOIN run_clauses c ON c.id = v.clause
        WHERE v.conversation = run_turns.conversation AND v.turn = run_turns.turn), '[]'),
    messages = (SELECT json_group_object(c.clause, v.message)
        FROM verdicts v JOIN run_clauses c ON c.id = v.clause
        WHERE v.conversation = run_turns.conversation AND v.turn = run_turns.turn
            AND v.message IS NOT NULL
        HAVING count(*) > 0),
    violations = (SELECT json_group_array(json_object('clause', c.clause, 'status', v.status,
            'message', coalesce(v.message, '')))
        FROM verdicts v JOIN run_clauses c ON c.id = v.clause
        WHERE v.conversation = run_turns.conversation AND v.turn = run_turns.turn
            AND v.status IN (1, 2) AND c.severity IN ('critical', 'error')
        HAVING count(*) > 0);
DELETE FROM verdicts WHERE turn > 0 AND conversation IS NOT NULL
    AND id NOT IN (SELECT verdict FROM verdict_details);
DROP INDEX verdicts_by_clause;

CREATE TABLE clause_latency (
    clause INTEGER NOT NULL REFERENCES run_clauses (id) ON DELETE CASCADE,
    bucket INTEGER NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (clause, bucket)
) WITHOUT ROWID;

CREATE VIEW turn_verdicts AS
SELECT rc.run AS run, rc.id AS conversation, t.turn AS turn, c.id AS clause,
    c.clause AS clause_id, c.contract AS contract,
    CAST(substr(t.statuses, c.position, 1) AS INTEGER) AS status,
    json_extract(t.durations, '$[' || (c.position - 1) || ']') AS duration_ns,
    json_extract(t.messages, '$."' || c.clause || '"') AS message
FROM run_turns t
JOIN run_conversations rc ON rc.id = t.conversation
JOIN run_clauses c ON c.run = rc.run AND c.position <= length(t.statuses);
)sql";

// Version 3: conversations are found by `hash_key`, the first 15 hex digits of `content_hash`
// as an integer, instead of a unique index on the 64-character text. An import looks every
// conversation up in that index in hash order, i.e. at random: the text index outgrew the page
// cache at about 150,000 conversations and import slowed from 94 to 39 MiB/s; the integer index
// is a fifth of the size. The index on `id` goes for the same reason (random inserts; import
// +50 %): nothing in LLMCL Studio looks conversations up by id (runs link them by key), and
// an ad-hoc query by id scans the table. The table is rebuilt (a UNIQUE constraint cannot be
// dropped), with foreign keys off so that dropping the old table does not delete the turns
// (migrate()).
constexpr std::string_view kSchemaV3 = R"sql(
CREATE TABLE conversations_v3 (
    key INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    source_file TEXT NOT NULL,
    line INTEGER NOT NULL,
    byte_offset INTEGER NOT NULL,
    metadata TEXT,
    content_hash TEXT NOT NULL,
    hash_key INTEGER NOT NULL,
    imported TEXT NOT NULL
);
INSERT INTO conversations_v3 (key, id, source_file, line, byte_offset, metadata, content_hash,
    hash_key, imported)
SELECT key, id, source_file, line, byte_offset, metadata, content_hash,
    (instr('0123456789abcdef', substr(content_hash, 1, 1)) - 1) * 72057594037927936 +
    (instr('0123456789abcdef', substr(content_hash, 2, 1)) - 1) * 4503599627370496 +
    (instr('0123456789abcdef', substr(content_hash, 3, 1)) - 1) * 281474976710656 +
    (instr('0123456789abcdef', substr(content_hash, 4, 1)) - 1) * 17592186044416 +
    (instr('0123456789abcdef', substr(content_hash, 5, 1)) - 1) * 1099511627776 +
    (instr('0123456789abcdef', substr(content_hash, 6, 1)) - 1) * 68719476736 +
    (instr('0123456789abcdef', substr(content_hash, 7, 1)) - 1) * 4294967296 +
    (instr('0123456789abcdef', substr(content_hash, 8, 1)) - 1) * 268435456 +
    (instr('0123456789abcdef', substr(content_hash, 9, 1)) - 1) * 16777216 +
    (instr('0123456789abcdef', substr(content_hash, 10, 1)) - 1) * 1048576 +
    (instr('0123456789abcdef', substr(content_hash, 11, 1)) - 1) * 65536 +
    (instr('0123456789abcdef', substr(content_hash, 12, 1)) - 1) * 4096 +
    (instr('0123456789abcdef', substr(content_hash, 13, 1)) - 1) * 256 +
    (instr('0123456789abcdef', substr(content_hash, 14, 1)) - 1) * 16 +
    (instr('0123456789abcdef', substr(content_hash, 15, 1)) - 1),
    imported
FROM conversations;
DROP TABLE conversations;
ALTER TABLE conversations_v3 RENAME TO conversations;
CREATE INDEX conversations_by_hash ON conversations (hash_key);
)sql";

// Version 4 (issue 12): what the run dashboards show, aggregated once when a run finishes
// (RunWriter::finish()) so that a dashboard of a 1,000,000-turn run reads a few thousand rows
// instead of every run_turns row: verdict counts per clause, failures per clause and turn
// number, turns per turn number, the most frequent messages per clause and the turn-latency
// histogram; run_summaries says a run has them. run_failures lists every failing verdict
// (written with each batch) so that the turns behind a bar are found without a scan; its
// `conversation` has no foreign key, because a cascade from run_conversations would need an
// index led by it for every deleted conversation: discardRun() removes the rows through
// `clause`, resumeRun() deletes those of the conversations it drops. And a run label.
constexpr std::string_view kSchemaV4 = R"sql(
ALTER TABLE runs ADD COLUMN label TEXT;

CREATE TABLE run_summaries (
    run INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
    turns INTEGER NOT NULL,
    invalid_turns INTEGER NOT NULL,
    duration_ns INTEGER NOT NULL
);

CREATE TABLE run_turn_latency (
    run INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    bucket INTEGER NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (run, bucket)
) WITHOUT ROWID;

CREATE TABLE run_clause_summary (
    clause INTEGER PRIMARY KEY REFERENCES run_clauses (id) ON DELETE CASCADE,
    pass INTEGER NOT NULL,
    fail INTEGER NOT NULL,
    error INTEGER NOT NULL,
    pending INTEGER NOT NULL,
    suppressed INTEGER NOT NULL,
    skipped INTEGER NOT NULL,
    duration_ns INTEGER NOT NULL,
    other_messages INTEGER NOT NULL
);

CREATE TABLE run_turn_positions (
    run INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    turn INTEGER NOT NULL,
    turns INTEGER NOT NULL,
    invalid INTEGER NOT NULL,
    failing INTEGER NOT NULL,
    PRIMARY KEY (run, turn)
) WITHOUT ROWID;

CREATE TABLE run_failures_by_turn (
    clause INTEGER NOT NULL REFERENCES run_clauses (id) ON DELETE CASCADE,
    turn INTEGER NOT NULL,
    fail INTEGER NOT NULL,
    error INTEGER NOT NULL,
    PRIMARY KEY (clause, turn)
) WITHOUT ROWID;

CREATE TABLE run_messages (
    clause INTEGER NOT NULL REFERENCES run_clauses (id) ON DELETE CASCADE,
    message TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (clause, message)
) WITHOUT ROWID;

CREATE TABLE run_failures (
    clause INTEGER NOT NULL REFERENCES run_clauses (id) ON DELETE CASCADE,
    conversation INTEGER NOT NULL,
    turn INTEGER NOT NULL,
    status INTEGER NOT NULL CHECK (status IN (1, 2)),
    PRIMARY KEY (clause, conversation, turn)
) WITHOUT ROWID;
CREATE INDEX run_failures_by_turn_number ON run_failures (turn, conversation);
)sql";

// Version 5: verdicts found by run; run conversations not indexed by id. What settled at the
// ends of a run (turn 0), its run-end verdicts and its stored details are read by run (resume,
// llmcl diff and export, the run reader); without an index each of those read every run's
// verdicts, about 170,000 rows per 100,000-turn run of the reference workload: 150 ms per query
// in a workspace of 30 such runs, and it grew with every run. The index of run_conversations by
// (run, conversation id) served no query of ours, and ids come in no order (UUIDs, often): each
// batch dirtied a random 64 KiB page of it per conversation, and a run slowed as it grew (a
// 3,000,000-turn merge at 44,600 turns/s with it, 110,000 without; BENCHMARKS.md).
constexpr std::string_view kSchemaV5 = R"sql(
CREATE INDEX verdicts_by_run ON verdicts (run, turn);
DROP INDEX run_conversations_by_id;
)sql";

// Room in a row for the texts of the longest line an import accepts (DatabaseLimits::length).
static_assert(std::size_t(DatabaseLimits::length) >= 4 * ReadOptions {}.maxLineBytes);

// The table every version has, created with the first migration (applyMigrations()).
constexpr std::string_view kSchemaVersionTable =
    "CREATE TABLE schema_version (version INTEGER NOT NULL, applied TEXT NOT NULL)";

// A row of sqlite_schema.
struct SchemaObject
{
    std::string type; // table, index, view, trigger
    std::string name;
    std::string table; // what an index or trigger is on
    std::string sql; // "" for the indexes SQLite makes for UNIQUE and PRIMARY KEY
};
using Schema = std::map<std::pair<std::string, std::string>, SchemaObject>; // by type, name

engine::Result<Schema> readSchema(Database &db)
{
    auto select =
        Statement::prepare(db, "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema");
    if (!select)
        return select.error();
    Schema schema;
    if (auto error = select.value().forEachRow([&](const Statement &row) {
            SchemaObject object {std::string(row.columnText(0)), std::string(row.columnText(1)),
                std::string(row.columnText(2)), std::string(row.columnText(3))};
            schema.emplace(std::pair(object.type, object.name), std::move(object));
        }))
        return *error;
    return schema;
}

// A table's columns as PRAGMA table_xinfo lists them (name, type, NOT NULL, default, primary
// key, generated): what the program relies on, whatever the text of its CREATE statement.
engine::Result<std::string> tableColumns(Database &db, const std::string &table)
{
    auto select = Statement::prepare(db,
        "SELECT group_concat(cid || char(31) || name || char(31) || type || char(31) || "
        "\"notnull\" || char(31) || coalesce(dflt_value, '') || char(31) || pk || char(31) || "
        "hidden, char(10) ORDER BY cid) FROM pragma_table_xinfo(?1)");
    if (!select)
        return select.error();
    select.value().bind(1, table);
    auto row = select.value().step();
    if (!row)
        return row.error();
    return std::string(select.value().columnText(0));
}

// The schema a version has, and the columns of each of its tables.
struct ReferenceSchema
{
    Schema objects;
    std::map<std::string, std::string> columns; // tableColumns(), by table
};

// The schema `version` has, made by the same migrations in a private in-memory database with
// this very SQLite library (which is what words sqlite_schema's texts). Made once per version
// and process: the migrations take milliseconds, mostly in ALTER TABLE.
engine::Result<const ReferenceSchema *> referenceSchema(int version)
{
    static std::mutex mutex;
    static std::map<int, ReferenceSchema> made;
    const std::lock_guard<std::mutex> guard(mutex);
    if (const auto found = made.find(version); found != made.end())
        return &found->second;
    auto db = Database::open(":memory:");
    if (!db)
        return db.error();
    if (version > 0) {
        if (auto error = db.value().exec(kSchemaVersionTable))
            return *error;
        for (int v = 0; v < version; ++v)
            if (auto error = db.value().exec(WorkspaceDatabase::migrations()[std::size_t(v)]))
                return *error;
    }
    auto objects = readSchema(db.value());
    if (!objects)
        return objects.error();
    ReferenceSchema reference {std::move(objects.value()), {}};
    for (const auto &[key, object] : reference.objects) {
        if (object.type != "table")
            continue;
        auto columns = tableColumns(db.value(), object.name);
        if (!columns)
            return columns.error();
        reference.columns.emplace(object.name, std::move(columns.value()));
    }
    return &made.emplace(version, std::move(reference)).first->second;
}

std::string joined(const std::vector<std::string> &items, std::string_view separator)
{
    std::string text;
    for (const std::string &item : items) {
        if (!text.empty())
            text += separator;
        text += item;
    }
    return text;
}

// The conversations' index key for a content hash (schema v3): the first 15 hex digits of the
// digest as an integer, computed exactly like the migration computes it.
std::int64_t hashKey(std::string_view hexDigest)
{
    std::uint64_t key = 0;
    for (std::size_t i = 0; i < 15 && i < hexDigest.size(); ++i) {
        const char c = hexDigest[i];
        key = key * 16 + static_cast<std::uint64_t>(c <= '9' ? c - '0' : c - 'a' + 10);
    }
    return static_cast<std::int64_t>(key);
}

// ISO 8601 in UTC with milliseconds: "2026-03-01T12:34:56.789Z".
std::string iso8601(std::int64_t unixNs)
{
    const std::time_t seconds = static_cast<std::time_t>(unixNs / 1000000000);
    const auto millis = (unixNs / 1000000) % 1000;
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

std::string nowIso8601()
{
    return iso8601(std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::system_clock::now().time_since_epoch())
            .count());
}

// A run's options as the JSON object of runs.options: "true"/"false" as booleans, integers as
// numbers, anything else as a string.
std::string optionsJson(const std::vector<std::pair<std::string, std::string>> &options)
{
    engine::JsonWriter writer;
    writer.beginObject();
    for (const auto &[name, value] : options) {
        writer.key(name);
        std::int64_t number = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
        if (value == "true" || value == "false")
            writer.boolean(value == "true");
        else if (!value.empty() && ec == std::errc() && end == value.data() + value.size())
            writer.integer(number);
        else
            writer.string(value);
    }
    writer.endObject();
    return writer.take();
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

std::string toJson(const engine::Value &value)
{
    engine::JsonWriter writer;
    engine::writeValue(writer, value);
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

std::string contractSnapshotHash(std::string_view file, std::string_view source)
{
    Sha256 hash;
    hash.field(file);
    hash.field(source);
    return hash.hex();
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
    static const std::vector<std::string_view> scripts = {
        kSchemaV1, kSchemaV2, kSchemaV3, kSchemaV4, kSchemaV5};
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
            std::vector<std::int64_t> open;
            for (const auto &[run, lock] : m_openRuns)
                open.push_back(run);
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
    std::vector<std::int64_t> open;
    for (const auto &[run, lock] : m_openRuns)
        open.push_back(run);
    for (const std::int64_t run : open)
        (void)finishRun(run, RunStatus::Incomplete);
}

engine::Result<WorkspaceDatabase> WorkspaceDatabase::open(const std::string &path, Options options)
{
    Database::Options dbOptions;
    dbOptions.mode = options.readOnly ? Database::Mode::ReadOnly : Database::Mode::ReadWriteCreate;
    // Conversations are long texts: 64 KiB pages keep most turns off overflow chains and write
    // the WAL in fewer, larger pieces (import about 1.8× faster than with 4 KiB pages; see
    // BENCHMARKS.md).
    dbOptions.pageSize = 65536;
    // 16 MiB of page cache (SQLite's default is 2 MiB, 31 pages of 64 KiB): an import inserts
    // into the conversations' indexes in hash order, and with 31 pages nearly every insert
    // evicted a page it had to read back from the WAL soon after (7 GB of pread for a 64 MiB
    // import). 16 MiB holds those indexes for about 150,000 conversations.
    dbOptions.cacheKiB = 16384;
    dbOptions.busyTimeout = options.busyTimeout;
    auto db = Database::open(path, dbOptions);
    if (!db)
        return db.error();
    WorkspaceDatabase workspace(std::make_unique<Database>(std::move(db.value())));

    // The version and the schema are read from one snapshot: another connection may be
    // creating or migrating the file meanwhile, and a schema read after its commit would not be
    // the one of the version read before (a new workspace refused as "unexpected table …"
    // while the Studio and a replay opened it at once).
    auto snapshot = Transaction::beginRead(*workspace.m_db);
    if (!snapshot)
        return snapshot.error();
    auto version = workspace.version();
    if (!version)
        return version.error();
    if (version.value() > currentVersion())
        return engine::Error {path + ": the database has schema version "
            + std::to_string(version.value()) + ", newer than this LLMCL Studio knows ("
            + std::to_string(currentVersion()) + "); open it with a newer version"};
    if (options.readOnly && version.value() < currentVersion())
        return engine::Error {path + ": the database has schema version "
            + std::to_string(version.value()) + " and needs an upgrade to "
            + std::to_string(currentVersion()) + ", which a read-only open cannot do"};
    // The file may come from anyone (docs/workspace-database.md, "Opening untrusted
    // databases"): its schema must be the one its version has, and a file whose schema is not
    // exactly that (a user's index, ANALYZE statistics) or that is about to be migrated is
    // checked page by page first. An exact one is not: that would read the whole file at
    // every open, and a damaged page is reported when it is read anyway (cell_size_check).
    bool exact = true;
    if (auto error = workspace.checkSchema(version.value(), exact))
        return *error;
    if (!exact || version.value() < currentVersion()) {
        if (auto error = workspace.quickCheck())
            return *error;
    }
    if (auto error = snapshot.value().commit())
        return *error;
    if (options.readOnly)
        return workspace;
    // Only an outdated database takes the write lock here: opening one that is up to date
    // works while another process writes.
    if (version.value() < currentVersion()) {
        if (auto error = workspace.migrate())
            return *error;
    }
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
    auto select =
        Statement::prepare(*m_db, "SELECT max(version), typeof(max(version)) FROM schema_version");
    if (!select)
        return select.error();
    auto row = select.value().step();
    if (!row)
        return row.error();
    const std::int64_t value = select.value().columnInt(0);
    const std::string_view type = select.value().columnText(1);
    // A crafted file could hold anything here: only a small non-negative integer is a version.
    if (type == "null")
        return 0;
    if (type != "integer" || value < 0 || value > std::numeric_limits<int>::max())
        return engine::Error {m_db->path()
            + ": not an LLMCL workspace database (its schema_version holds no version number)"};
    return static_cast<int>(value);
}

Status WorkspaceDatabase::checkSchema(int version, bool &exact)
{
    auto reference = referenceSchema(version);
    if (!reference)
        return reference.error();
    const Schema &expected = reference.value()->objects;
    auto actual = readSchema(*m_db);
    if (!actual)
        return actual.error();

    exact = true;
    std::vector<std::string> problems;
    for (const auto &[key, object] : actual.value()) {
        const auto found = expected.find(key);
        if (found == expected.end()) {
            exact = false;
            // A user's index on one of the tables (the page suggests some) and ANALYZE's
            // statistics are welcome: with trusted_schema off an index expression can only call
            // innocuous functions.
            if (object.type == "index" && expected.count({"table", object.table}))
                continue;
            if (object.type == "table" && object.name.starts_with("sqlite_stat"))
                continue;
            problems.push_back("unexpected " + object.type + ' ' + object.name
                + (object.type == "trigger" || object.type == "index" ? " (on " + object.table + ')'
                                                                      : std::string()));
            continue;
        }
        if (found->second.sql == object.sql)
            continue;
        exact = false;
        if (object.type == "view" || object.type == "trigger") {
            problems.push_back(object.type + ' ' + object.name + " is not the schema's");
        } else if (object.type == "table") {
            // The text may differ with how a SQLite version words an altered table; the columns
            // the program relies on must not.
            auto have = tableColumns(*m_db, object.name);
            if (!have)
                return have.error();
            const auto want = reference.value()->columns.find(object.name);
            if (want == reference.value()->columns.end() || want->second != have.value())
                problems.push_back("table " + object.name + " has other columns than the schema's");
        }
    }
    for (const auto &[key, object] : expected) {
        if (actual.value().count(key))
            continue;
        exact = false;
        if (object.type == "table")
            problems.push_back("table " + object.name + " is missing");
    }
    if (problems.empty())
        return std::nullopt;
    return engine::Error {m_db->path() + ": refused as a workspace database: "
        + joined(problems, "; ") + ". Schema version " + std::to_string(version)
        + " has only LLMCL Studio's own tables, indexes and view, and anything else in a file "
          "from elsewhere could run SQL when LLMCL Studio uses it (docs/workspace-database.md, "
          "\"Opening untrusted databases\")"};
}

Status WorkspaceDatabase::quickCheck()
{
    auto check = Statement::prepare(*m_db, "PRAGMA quick_check(10)");
    if (!check)
        return check.error();
    std::vector<std::string> findings;
    if (auto error = check.value().forEachRow(
            [&](const Statement &row) { findings.emplace_back(row.columnText(0)); }))
        return *error;
    if (findings.size() == 1 && findings[0] == "ok")
        return std::nullopt;
    return engine::Error {m_db->path()
        + ": the database file is damaged (PRAGMA quick_check: " + joined(findings, "; ") + ")"};
}

Status WorkspaceDatabase::migrate()
{
    // A migration may rebuild a table (create, copy, drop, rename: SQLite's way to change a
    // constraint). With foreign keys on, dropping the old table would delete the rows that
    // refer to it, so they are off while migrating (the pragma is ignored inside a
    // transaction) and each migration checks them before it commits.
    if (auto error = m_db->exec("PRAGMA foreign_keys=OFF"))
        return *error;
    Status status = applyMigrations();
    if (auto error = m_db->exec("PRAGMA foreign_keys=ON"); error && !status)
        status = std::move(error);
    return status;
}

Status WorkspaceDatabase::applyMigrations()
{
    // Every step in one transaction: another connection sees the file as it was or at the
    // current version, never half-way (a new file passes through every version). The version
    // is read inside it: another process may have migrated the file since it was opened.
    const std::vector<std::string_view> &scripts = migrations();
    auto transaction = Transaction::begin(*m_db);
    if (!transaction)
        return transaction.error();
    for (;;) {
        auto current = version();
        if (!current)
            return current.error();
        const int from = current.value();
        if (from >= static_cast<int>(scripts.size()))
            return transaction.value().commit();
        if (from == 0) {
            if (auto error = m_db->exec(kSchemaVersionTable))
                return *error;
        }
        if (auto error = m_db->exec(scripts[std::size_t(from)]))
            return engine::Error {m_db->path() + ": migration to schema version "
                    + std::to_string(from + 1) + " failed: " + error->message,
                error->kind};
        auto record = Statement::prepare(
            *m_db, "INSERT INTO schema_version (version, applied) VALUES (?1, ?2)");
        if (!record)
            return record.error();
        record.value().bind(1, from + 1).bind(2, nowIso8601());
        if (auto error = record.value().run())
            return *error;
        auto broken = m_db->queryInt("SELECT count(*) FROM pragma_foreign_key_check");
        if (!broken)
            return broken.error();
        if (broken.value() != 0)
            return engine::Error {m_db->path() + ": migration to schema version "
                + std::to_string(from + 1) + " failed: " + std::to_string(broken.value())
                + " rows would refer to missing rows (nothing was changed)"};
    }
}

engine::Result<std::int64_t> WorkspaceDatabase::markIncompleteRuns()
{
    // First without the write lock, so that opening a database while another process writes
    // does not wait for it: a quick look at the locks of the running runs. Each lock is taken
    // shared for a moment, which tells a held lock without disturbing its holder.
    const std::string database = m_db->fileName();
    auto select = Statement::prepare(*m_db, "SELECT id FROM runs WHERE status = 'running'");
    if (!select)
        return select.error();
    std::vector<std::int64_t> free;
    if (auto error = select.value().forEachRow([&](const Statement &row) {
            const std::int64_t run = row.columnInt(0);
            if (m_openRuns.count(run))
                return;
            auto held = RunLock::isHeld(database, run);
            if (held && !held.value())
                free.push_back(run);
        }))
        return *error;
    select.value().reset();
    if (free.empty())
        return std::int64_t(0);

    // Then for certain, in a write transaction: no writer can begin or resume one of these runs
    // meanwhile (both take their lock inside one), and one whose lock can be taken now has no
    // writer. The stale lock files go once the change is committed.
    auto transaction = Transaction::begin(*m_db);
    if (!transaction)
        return transaction.error();
    auto update = Statement::prepare(
        *m_db, "UPDATE runs SET status = 'incomplete' WHERE id = ?1 AND status = 'running'");
    if (!update)
        return update.error();
    std::vector<RunLock> stale;
    std::int64_t changed = 0;
    for (const std::int64_t run : free) {
        auto lock = RunLock::tryAcquire(database, run, RunLock::Mode::Existing);
        // Held again (a check of another process at this moment), or not to be checked: left
        // as it is, for the next open to look at.
        if (!lock || !lock.value())
            continue;
        update.value().bind(1, run);
        if (auto error = update.value().run())
            return *error;
        changed += m_db->changes();
        stale.push_back(std::move(*lock.value()));
    }
    if (auto error = transaction.value().commit())
        return *error;
    return changed;
}

engine::Result<ImportStats> WorkspaceDatabase::importSessions(SessionReader &reader,
    const std::string &sourceFile, const std::function<void(const ImportProgress &)> &progress)
{
    ImportOptions options;
    options.progress = progress;
    return importSessions(reader, sourceFile, options);
}

engine::Result<ImportStats> WorkspaceDatabase::importSessions(
    SessionReader &reader, const std::string &sourceFile, const ImportOptions &options)
{
    // Fewer, larger transactions import faster (5,000: +14 % over 1,000; BENCHMARKS.md).
    constexpr std::uint64_t kBatch = 5000;
    auto exists = Statement::prepare(
        *m_db, "SELECT key FROM conversations WHERE hash_key = ?1 AND content_hash = ?2");
    auto insertConversation = Statement::prepare(*m_db,
        "INSERT INTO conversations (id, source_file, line, byte_offset, metadata, content_hash, "
        "hash_key, imported) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
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
                if (turn.response)
                    hash.field('1', *turn.response);
                else
                    hash.field("0");
                hash.field(contexts.back());
                if (turn.timestamp)
                    hash.field('1', *turn.timestamp);
                else
                    hash.field("0");
                std::string latency = "0";
                if (turn.latencyMs) {
                    latency = "1";
                    engine::appendJsonNumber(latency, *turn.latencyMs);
                }
                hash.field(latency);
            }
            const std::string digest = hash.hex();
            const std::int64_t digestKey = hashKey(digest);

            exists.value().bind(1, digestKey).bind(2, InPlace {digest});
            auto found = exists.value().step();
            if (!found)
                return found.error();
            if (found.value()) {
                ++stats.duplicates;
                if (options.keys)
                    options.keys->push_back(exists.value().columnInt(0));
                exists.value().reset();
                continue;
            }
            exists.value().reset();
            insertConversation.value()
                .bind(1, InPlace {conversation.id})
                .bind(2, InPlace {sourceFile})
                .bind(3, static_cast<std::int64_t>(conversation.line))
                .bind(4, static_cast<std::int64_t>(conversation.byteOffset))
                .bind(6, InPlace {digest})
                .bind(7, digestKey)
                .bind(8, InPlace {imported});
            if (conversation.metadata.isNull())
                insertConversation.value().bind(5, nullptr);
            else
                insertConversation.value().bind(5, InPlace {metadata});
            if (auto error = insertConversation.value().run())
                return *error;
            const std::int64_t key = m_db->lastInsertRowId();
            if (options.keys)
                options.keys->push_back(key);
            for (std::size_t i = 0; i < conversation.turns.size(); ++i) {
                const Turn &turn = conversation.turns[i];
                insertTurn.value()
                    .bind(1, key)
                    .bind(2, static_cast<std::int64_t>(i + 1))
                    .bind(3, InPlace {turn.content})
                    .bind(4, turn.response, InPlace {})
                    .bind(5, InPlace {contexts[i]})
                    .bind(6, turn.timestamp, InPlace {})
                    .bind(7, turn.latencyMs);
                if (auto error = insertTurn.value().run())
                    return *error;
            }
            ++stats.imported;
            stats.turns += conversation.turns.size();
        }
        if (auto error = transaction.value().commit())
            return *error;
        if (options.progress)
            options.progress(
                ImportProgress {reader.bytesRead(), reader.fileSize(), stats.conversations});
        if (more && options.cancel && options.cancel->load(std::memory_order_relaxed)) {
            stats.cancelled = true;
            break;
        }
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
        .bind(1, info.startTimeUnixNs ? iso8601(info.startTimeUnixNs) : nowIso8601())
        .bind(2, info.sessions)
        .bind(3, optionsJson(info.options))
        .bind(4, hostName())
        .bind(5, processId());
    if (auto error = insertRun.value().run())
        return *error;
    const std::int64_t run = m_db->lastInsertRowId();
    // Taken before the run is committed as running: nobody ever sees it running unlocked.
    auto lock = lockRun(run, RunLock::Mode::Create);
    if (!lock)
        return lock.error();
    if (!lock.value())
        return engine::Error {RunLock::filePath(m_db->fileName(), run)
            + ": the lock of the new run " + std::to_string(run) + " is held by another process"};

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
        const std::string digest = contractSnapshotHash(contract.file, contract.source);
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
    m_openRuns.emplace(run, std::move(*lock.value()));
    return run;
}

Status WorkspaceDatabase::finishRun(std::int64_t run, RunStatus status, std::string_view totalsJson)
{
    // Released when this returns, after the end is committed (or not: a run left "running"
    // with a free lock is incomplete to whoever looks next).
    const auto lock = m_openRuns.extract(run);
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
        "ORDER BY rc.position)), r.label FROM runs r ORDER BY r.id");
    if (!select)
        return select.error();
    std::vector<RunSummary> runs;
    if (auto error = select.value().forEachRow([&](const Statement &s) {
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
            if (!s.isNull(6))
                run.label = std::string(s.columnText(6));
            runs.push_back(std::move(run));
        }))
        return *error;
    return runs;
}

Status WorkspaceDatabase::setRunLabel(std::int64_t run, std::optional<std::string_view> label)
{
    auto update = Statement::prepare(*m_db, "UPDATE runs SET label = ?1 WHERE id = ?2");
    if (!update)
        return update.error();
    if (label)
        update.value().bind(1, *label);
    else
        update.value().bind(1, nullptr);
    update.value().bind(2, run);
    if (auto error = update.value().run())
        return error;
    if (m_db->changes() == 0)
        return engine::Error {m_db->path() + ": no run " + std::to_string(run)};
    return std::nullopt;
}

engine::Result<std::int64_t> WorkspaceDatabase::resolveRun(std::string_view reference)
{
    std::int64_t back = -1;
    if (reference == "last")
        back = 0;
    else if (reference.starts_with("last~")) {
        const std::string_view digits = reference.substr(5);
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), back);
        if (ec != std::errc() || end != digits.data() + digits.size() || back < 0)
            return engine::Error {
                "'" + std::string(reference) + "' is not a run: give a run id, last or last~N"};
    }
    if (back >= 0) {
        auto select =
            Statement::prepare(*m_db, "SELECT id FROM runs ORDER BY id DESC LIMIT 1 OFFSET ?1");
        if (!select)
            return select.error();
        select.value().bind(1, back);
        auto row = select.value().step();
        if (!row)
            return row.error();
        if (!row.value())
            return engine::Error {m_db->path() + ": no run " + std::string(reference)
                + " (the database has "
                + (back == 0 ? std::string("no runs") : std::string("fewer runs")) + ")"};
        return select.value().columnInt(0);
    }
    std::int64_t id = 0;
    const auto [end, ec] =
        std::from_chars(reference.data(), reference.data() + reference.size(), id);
    if (ec != std::errc() || end != reference.data() + reference.size() || id <= 0)
        return engine::Error {
            "'" + std::string(reference) + "' is not a run: give a run id, last or last~N"};
    if (auto status = runStatus(id); !status)
        return status.error();
    return id;
}

engine::Result<RunStatus> WorkspaceDatabase::runStatus(std::int64_t run)
{
    auto select = Statement::prepare(*m_db, "SELECT status FROM runs WHERE id = ?1");
    if (!select)
        return select.error();
    select.value().bind(1, run);
    auto row = select.value().step();
    if (!row)
        return row.error();
    if (!row.value())
        return engine::Error {m_db->path() + ": no run " + std::to_string(run)};
    return runStatusFromName(select.value().columnText(0)).value_or(RunStatus::Incomplete);
}

engine::Result<ResumePoint> WorkspaceDatabase::resumeRun(
    std::int64_t run, const std::vector<std::int64_t> &sources)
{
    const std::string name = m_db->path() + ": run " + std::to_string(run);
    auto taken = takeRun(run, "resumed", RunLock::Mode::Create);
    if (!taken)
        return taken.error();
    Transaction &transaction = taken.value().transaction;
    if (taken.value().status == RunStatus::Complete)
        return engine::Error {name + " is complete: there is nothing to resume"};

    // A conversation whose end is stored (valid is set) is whole: its turns were buffered
    // before its end and every flush writes all it holds. The first one without its end was
    // cut short; it and everything after it are written again.
    auto cut = Statement::prepare(*m_db,
        "SELECT coalesce((SELECT min(position) FROM run_conversations WHERE run = ?1 "
        "AND valid IS NULL), (SELECT max(position) + 1 FROM run_conversations WHERE run = ?1), "
        "1)");
    if (!cut)
        return cut.error();
    cut.value().bind(1, run);
    if (auto row = cut.value().step(); !row)
        return row.error();
    ResumePoint point;
    point.kept = cut.value().columnInt(0) - 1;
    cut.value().reset();

    auto stored = Statement::prepare(*m_db,
        "SELECT position, source FROM run_conversations WHERE run = ?1 AND position <= ?2 "
        "AND source IS NOT NULL ORDER BY position");
    if (!stored)
        return stored.error();
    stored.value().bind(1, run).bind(2, point.kept);
    std::int64_t differs = 0;
    if (auto error = stored.value().forEachRow([&](const Statement &row) {
            const std::int64_t position = row.columnInt(0);
            if (!differs
                && (position > static_cast<std::int64_t>(sources.size())
                    || sources[std::size_t(position - 1)] != row.columnInt(1)))
                differs = position;
        }))
        return *error;
    if (differs)
        return engine::Error {name
            + " cannot be resumed: its sessions file changed since (conversation "
            + std::to_string(differs)
            + " is not the one the run replayed); replay anew, or discard the run"};

    const char *cleanup[] = {
        // Conflicts only lose their conversation when it goes (ON DELETE SET NULL).
        "DELETE FROM conflicts WHERE run = ?1 AND conversation IN "
        "(SELECT id FROM run_conversations WHERE run = ?1 AND position > ?2)",
        // run_failures has no foreign key on its conversation (schema version 4).
        "DELETE FROM run_failures WHERE clause IN (SELECT id FROM run_clauses WHERE run = ?1) "
        "AND conversation IN (SELECT id FROM run_conversations WHERE run = ?1 AND position > ?2)",
        "DELETE FROM run_conversations WHERE run = ?1 AND position > ?2",
        "DELETE FROM verdicts WHERE run = ?1 AND conversation IS NULL",
        "DELETE FROM clause_latency WHERE clause IN (SELECT id FROM run_clauses WHERE run = ?1)",
        // The dashboards' summary is written again when the completed run finishes.
        "DELETE FROM run_summaries WHERE run = ?1",
        "DELETE FROM run_turn_latency WHERE run = ?1",
        "DELETE FROM run_turn_positions WHERE run = ?1",
        "DELETE FROM run_clause_summary WHERE clause IN "
        "(SELECT id FROM run_clauses WHERE run = ?1)",
        "DELETE FROM run_failures_by_turn WHERE clause IN "
        "(SELECT id FROM run_clauses WHERE run = ?1)",
        "DELETE FROM run_messages WHERE clause IN (SELECT id FROM run_clauses WHERE run = ?1)",
        "UPDATE runs SET status = 'running', finished = NULL, totals = NULL, writer_host = ?3, "
        "writer_pid = ?4, turns = (SELECT count(*) FROM run_turns t JOIN run_conversations c "
        "ON c.id = t.conversation WHERE c.run = ?1) WHERE id = ?1",
    };
    const std::string host = hostName();
    for (const char *sql : cleanup) {
        auto statement = Statement::prepare(*m_db, sql);
        if (!statement)
            return statement.error();
        Statement &s = statement.value();
        for (int i = 1; i <= s.parameterCount(); ++i) {
            if (i == 1)
                s.bind(1, run);
            else if (i == 2)
                s.bind(2, point.kept);
            else if (i == 3)
                s.bind(3, host);
            else
                s.bind(4, processId());
        }
        if (auto error = s.run())
            return *error;
    }
    if (auto error = transaction.commit())
        return *error;
    m_openRuns.emplace(run, std::move(taken.value().lock));
    return point;
}

engine::Result<std::optional<RunLock>> WorkspaceDatabase::lockRun(
    std::int64_t run, RunLock::Mode mode)
{
    // Another process's markIncompleteRuns() holds a lock for microseconds at a time: a lock
    // still held after a quarter of a second has a writer.
    constexpr int kTries = 25;
    for (int attempt = 1;; ++attempt) {
        auto lock = RunLock::tryAcquire(m_db->fileName(), run, mode);
        if (!lock || lock.value() || attempt == kTries)
            return lock;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

engine::Result<WorkspaceDatabase::TakenRun> WorkspaceDatabase::takeRun(
    std::int64_t run, std::string_view action, RunLock::Mode mode)
{
    const std::string name = m_db->path() + ": run " + std::to_string(run);
    if (m_openRuns.count(run))
        return engine::Error {
            name + " is being written (by this program) and cannot be " + std::string(action)};
    auto transaction = Transaction::begin(*m_db);
    if (!transaction)
        return transaction.error();
    auto status = runStatus(run);
    if (!status)
        return status.error();
    // Taken inside the transaction: a writer that begins or resumes a run takes its lock inside
    // one too, so nobody can start writing this run until we are done.
    auto lock = lockRun(run, mode);
    if (!lock)
        return lock.error();
    if (!lock.value()) {
        auto writer =
            Statement::prepare(*m_db, "SELECT writer_pid, writer_host FROM runs WHERE id = ?1");
        std::string who = "another process";
        if (writer) {
            writer.value().bind(1, run);
            if (auto row = writer.value().step(); row && row.value())
                who = "process " + std::to_string(writer.value().columnInt(0)) + " on host "
                    + std::string(writer.value().columnText(1));
        }
        return engine::Error {
            name + " is being written by " + who + " and cannot be " + std::string(action)};
    }
    RunStatus current = status.value();
    if (current == RunStatus::Running) {
        // Nobody holds its lock: its writer is gone, whatever process id and host it names.
        auto mark =
            Statement::prepare(*m_db, "UPDATE runs SET status = 'incomplete' WHERE id = ?1");
        if (!mark)
            return mark.error();
        mark.value().bind(1, run);
        if (auto error = mark.value().run())
            return *error;
        current = RunStatus::Incomplete;
    }
    return TakenRun {std::move(*lock.value()), std::move(transaction.value()), current};
}

Status WorkspaceDatabase::discardRun(std::int64_t run)
{
    auto taken = takeRun(run, "discarded", RunLock::Mode::Existing);
    if (!taken)
        return taken.error();
    auto remove = Statement::prepare(*m_db, "DELETE FROM runs WHERE id = ?1");
    if (!remove)
        return remove.error();
    remove.value().bind(1, run);
    if (auto error = remove.value().run())
        return error;
    return taken.value().transaction.commit();
}

void ClauseCounts::add(engine::ClauseStatus status, std::int64_t ns)
{
    switch (status) {
    case engine::ClauseStatus::Pass:
        ++pass;
        break;
    case engine::ClauseStatus::Fail:
        ++fail;
        break;
    case engine::ClauseStatus::Error:
        ++error;
        break;
    case engine::ClauseStatus::Pending:
        ++pending;
        break;
    case engine::ClauseStatus::Suppressed:
        ++suppressed;
        break;
    case engine::ClauseStatus::Skipped:
        ++skipped;
        break;
    }
    durationNs += ns;
}

} // namespace llmcl::tracer
