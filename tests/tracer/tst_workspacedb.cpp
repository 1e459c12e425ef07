// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/compiledset.h"
#include "engine/json.h"
#include "engine/resultjson.h"
#include "tracer/replay.h"
#include "tracer/runlock.h"
#include "tracer/runreader.h"
#include "tracer/runrecording.h"
#include "tracer/runwriter.h"
#include "tracer/sessionreader.h"
#include "tracer/sqlite.h"
#include "tracer/totalslistener.h"
#include "tracer/workspacedb.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <unistd.h>

#include "tests/common/filesizelimit.h"
#include "tests/common/testpaths.h"

using llmcl::tracer::Database;
using llmcl::tracer::RunLock;
using llmcl::tracer::RunStatus;
using llmcl::tracer::RunWriter;
using llmcl::tracer::RunWriterOptions;
using llmcl::tracer::Statement;
using llmcl::tracer::Status;
using llmcl::tracer::Transaction;
using llmcl::tracer::WorkspaceDatabase;
namespace engine = llmcl::engine;
namespace fs = std::filesystem;

class TestWorkspaceDatabase : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sqliteVersionChecked();
    void createOpenReopen();
    void newFileOpenedAtOnceByManyConnections();
    void walAndForeignKeys();
    void verdictsOfARunFoundByIndex();
    void migrations_data();
    void migrations();
    void migrationKeepsVersion1Verdicts();
    void migrationToVersion3KeepsConversations();
    void newerVersionRefused();
    void notAWorkspaceDatabase();
    void readOnlyFile();
    void unwritableFolder();
    void lockedDuringOpen_data();
    void lockedDuringOpen();
    void fullStorage_data();
    void fullStorage();
    void importSample();
    void importSurvivesDeletedFileAndCancels();
    void runFromReplay();
    void recordingImportsAlongside_data();
    void recordingImportsAlongside();
    void failedImportAlongsideLeavesAnIncompleteRun();
    void oneConversationReadBack();
    void abandonedRunBecomesIncomplete();
    void readerWhileWriting();
    void writerSurvivesMove();
    void deadWriterWithLivePid_data();
    void deadWriterWithLivePid();
    void liveWriterRefused();
    void killMidRun();
    void hardenedConnection();
    void limits_data();
    void limits();
    void largestRowsFit();
    void untrustedSchemaRefused_data();
    void untrustedSchemaRefused();
    void userAdditionsAccepted();
    void damagedFile_data();
    void damagedFile();
};

namespace {

const std::string kSample =
    llmcl::test::sourcePath(u"/../shared/data/sessions-sample.jsonl").toStdString();

std::string dbPath(const QTemporaryDir &dir, const char *name = "llmcl-workspace.db")
{
    return (fs::path(dir.path().toStdString()) / name).string();
}

// A contract given as text, compiled as file `file`.
engine::CompileResult compiledFrom(const std::string &file, const std::string &contract)
{
    engine::CompileRequest request;
    request.files = {file};
    request.overrides[file] = contract;
    return engine::compileContracts(request);
}

std::int64_t queryInt(WorkspaceDatabase &db, const std::string &sql)
{
    auto value = db.connection().queryInt(sql);
    if (!value)
        qWarning("%s", value.error().message.c_str());
    return value ? value.value() : -1;
}

// Each evaluates its argument once.
#define VERIFY_OK(result)                                                                          \
    do {                                                                                           \
        const auto &verified_ = (result);                                                          \
        QVERIFY2(verified_.ok(), verified_.ok() ? "" : verified_.error().message.c_str());         \
    } while (false)
#define VERIFY_NO_ERROR(status)                                                                    \
    do {                                                                                           \
        const llmcl::tracer::Status verified_ = (status);                                          \
        QVERIFY2(!verified_, verified_ ? verified_->message.c_str() : "");                         \
    } while (false)

// Counts what the replay reported, to compare with what the database stored.
class CountingListener : public llmcl::tracer::ReplayListener
{
public:
    explicit CountingListener(ReplayListener &next)
        : m_next(next)
    { }
    void turn(const std::string &conversation, std::int64_t turn,
        const engine::TurnResult &result) override
    {
        ++turns;
        for (const auto &contract : result.contracts)
            for (const auto &clause : contract.clauses) {
                ++verdicts;
                failures += clause.status == engine::ClauseStatus::Fail;
            }
        m_next.turn(conversation, turn, result);
    }
    void conversationEnd(
        const std::string &conversation, const engine::ConversationEnd &end) override
    {
        ++conversations;
        verdicts += end.settled.size();
        m_next.conversationEnd(conversation, end);
    }
    void runEnd(const std::vector<engine::ClauseVerdict> &settled) override
    {
        verdicts += settled.size();
        m_next.runEnd(settled);
    }

    std::int64_t turns = 0;
    std::int64_t conversations = 0;
    std::int64_t verdicts = 0;
    std::int64_t failures = 0;

private:
    ReplayListener &m_next;
};

// A turn of two clauses, the first failing, as a replay reports it.
engine::TurnResult syntheticTurn()
{
    engine::TurnResult result;
    result.contracts.resize(1);
    result.contracts[0].name = "Synthetic";
    for (int i = 1; i <= 2; ++i) {
        engine::ClauseVerdict verdict =
            engine::ClauseVerdict::of({.id = "Synthetic#" + std::to_string(i),
                .contract = "Synthetic",
                .file = "synthetic.llmcl"});
        verdict.durationNs = 100 * i;
        verdict.status = i == 1 ? engine::ClauseStatus::Fail : engine::ClauseStatus::Pass;
        verdict.message = i == 1 ? "failed" : "";
        result.contracts[0].clauses.push_back(verdict);
    }
    return result;
}

std::string thisHost()
{
    char name[256] = {};
    gethostname(name, sizeof name - 1);
    return name;
}

bool contains(const std::string &text, const std::string &part)
{
    return text.find(part) != std::string::npos;
}

// A run row as a writer makes it, naming `host` and `pid`, without anyone holding its lock.
std::int64_t addRunningRow(WorkspaceDatabase &db, const std::string &host, std::int64_t pid)
{
    const llmcl::tracer::Status error =
        db.connection().exec("INSERT INTO runs (started, status, writer_host, writer_pid) VALUES "
                             "('2026-01-01T00:00:00.000Z', 'running', '"
            + host + "', " + std::to_string(pid) + ")");
    if (error)
        qWarning("%s", error->message.c_str());
    return error ? -1 : db.connection().lastInsertRowId();
}

// A database as LLMCL Studio leaves it: the sample sessions imported and replayed into a
// complete run linked to them. "" or what failed.
std::string buildRealDatabase(const std::string &path)
{
    const std::string contract = "contract Quality {\n    ensure len(response) >= 20\n}\n";
    engine::CompileRequest request;
    request.files = {"quality.llmcl"};
    request.overrides["quality.llmcl"] = contract;
    const engine::CompileResult compiled = engine::compileContracts(request);
    if (!compiled.set)
        return "the contract does not compile";
    auto db = WorkspaceDatabase::open(path);
    if (!db)
        return db.error().message;
    auto reader = llmcl::tracer::SessionReader::open(kSample);
    if (!reader)
        return reader.error().message;
    std::vector<std::int64_t> keys;
    WorkspaceDatabase::ImportOptions import;
    import.keys = &keys;
    if (auto stats = db.value().importSessions(reader.value(), kSample, import); !stats)
        return stats.error().message;
    llmcl::tracer::RunInfo info;
    info.sessions = kSample;
    info.contracts = {{"quality.llmcl", contract}};
    auto run = db.value().beginRun(info);
    if (!run)
        return run.error().message;
    reader = llmcl::tracer::SessionReader::open(kSample);
    if (!reader)
        return reader.error().message;
    {
        RunWriter writer(db.value(), run.value());
        writer.setConversationSources(keys);
        auto stats = llmcl::tracer::replay(compiled.set, reader.value(), {}, writer);
        if (!stats)
            return stats.error().message;
        if (writer.error())
            return writer.error()->message;
    }
    if (auto error = db.value().finishRun(run.value(), RunStatus::Complete))
        return error->message;
    return {};
}

// Counts what a stored run hands to a listener.
class TurnCounter : public llmcl::tracer::ReplayListener
{
public:
    void turn(const std::string &, std::int64_t, const engine::TurnResult &) override { ++turns; }
    void conversationEnd(const std::string &, const engine::ConversationEnd &) override { }
    void runEnd(const std::vector<engine::ClauseVerdict> &) override { }
    std::int64_t turns = 0;
};

// Overwrites `bytes` bytes of `path` from `offset` with the same pseudo-random garbage each time.
bool writeGarbage(const std::string &path, std::uint64_t offset, std::uint64_t bytes)
{
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    if (!file)
        return false;
    std::string garbage(bytes, '\0');
    std::uint32_t state = 2463534242u;
    for (char &c : garbage) {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        c = static_cast<char>(state & 0xff);
    }
    file.seekp(std::streamoff(offset));
    file.write(garbage.data(), std::streamsize(garbage.size()));
    return bool(file);
}

} // namespace

void TestWorkspaceDatabase::sqliteVersionChecked()
{
    // The schema version 2 migration sorts inside group_concat() (SQLite 3.44): a library older
    // than that is refused with a message naming the file and both versions, instead of a
    // syntax error in the middle of a migration.
    QCOMPARE(llmcl::tracer::kMinimumSqliteVersion, 3044000);
    const llmcl::tracer::Status old = llmcl::tracer::checkSqliteVersion("w.db", 3043002);
    QVERIFY(old);
    QVERIFY2(old->message.starts_with("w.db: ") && old->message.find("3.43.2") != std::string::npos
            && old->message.find("3.44.0 or newer") != std::string::npos,
        old->message.c_str());
    QVERIFY(!llmcl::tracer::checkSqliteVersion("w.db", 3044000));
    QVERIFY(!llmcl::tracer::checkSqliteVersion("w.db", 3046001));
}

// The Studio's store and a replay (or the CLI) may open a new workspace at the same moment: one
// creates it while the others read its version and schema. Each must see the file at one
// version with that version's schema — not refuse a schema half-way through its migrations.
void TestWorkspaceDatabase::newFileOpenedAtOnceByManyConnections()
{
    constexpr int kRounds = 60;
    constexpr int kConnections = 6;
    for (int round = 0; round < kRounds; ++round) {
        QTemporaryDir dir;
        const std::string path = dbPath(dir);
        std::atomic<int> ready {0};
        std::vector<std::string> errors(kConnections);
        std::vector<std::thread> threads;
        for (int c = 0; c < kConnections; ++c)
            threads.emplace_back([&, c] {
                ++ready;
                while (ready.load() < kConnections) { }
                auto db = WorkspaceDatabase::open(path);
                if (!db)
                    errors[std::size_t(c)] = db.error().message;
                else if (auto version = db.value().version();
                    !version || version.value() != WorkspaceDatabase::currentVersion())
                    errors[std::size_t(c)] = "opened at another version";
            });
        for (std::thread &t : threads)
            t.join();
        for (const std::string &error : errors)
            QVERIFY2(error.empty(), error.c_str());
    }
}

void TestWorkspaceDatabase::createOpenReopen()
{
    QTemporaryDir dir;
    const std::string path = dbPath(dir);
    {
        auto db = WorkspaceDatabase::open(path);
        VERIFY_OK(db);
        auto version = db.value().version();
        VERIFY_OK(version);
        QCOMPARE(version.value(), WorkspaceDatabase::currentVersion());
        QCOMPARE(queryInt(db.value(), "SELECT count(*) FROM schema_version"),
            std::int64_t(WorkspaceDatabase::currentVersion()));
        for (const char *table : {"conversations", "turns", "contract_snapshots", "runs",
                 "run_contracts", "run_clauses", "run_conversations", "run_turns", "verdicts",
                 "verdict_details", "fixes", "conflicts"}) {
            const std::string sql =
                std::string("SELECT count(*) FROM sqlite_schema WHERE name = '") + table + "'";
            QVERIFY2(queryInt(db.value(), sql.c_str()) == 1, table);
        }
        auto runs = db.value().runs();
        VERIFY_OK(runs);
        QVERIFY(runs.value().empty());
    }
    QVERIFY(fs::exists(path));
    auto again = WorkspaceDatabase::open(path);
    VERIFY_OK(again);
    QCOMPARE(queryInt(again.value(), "SELECT count(*) FROM schema_version"),
        std::int64_t(WorkspaceDatabase::currentVersion()));
}

void TestWorkspaceDatabase::verdictsOfARunFoundByIndex()
{
    // The shapes of the readers' queries of one run's verdicts (RunAggregate::scan, RunReader,
    // diffRuns, resumeRun): each finds the run's rows by index instead of reading every run's
    // verdicts (schema version 5).
    QTemporaryDir dir;
    auto db = WorkspaceDatabase::open(dbPath(dir));
    VERIFY_OK(db);
    const char *queries[] = {
        "SELECT c.position, v.status FROM verdicts v JOIN run_clauses c ON c.id = v.clause "
        "WHERE v.run = 1 AND v.turn = 0",
        "SELECT v.clause, v.status FROM verdicts v WHERE v.run = 1 AND v.conversation IS NULL",
        "SELECT v.turn, v.status FROM verdicts v JOIN run_conversations rc "
        "ON rc.id = v.conversation WHERE v.run = 1 ORDER BY rc.position, v.turn, v.id",
        "DELETE FROM verdicts WHERE run = 1 AND conversation IS NULL",
    };
    for (const char *query : queries) {
        std::string plan;
        auto explain =
            Statement::prepare(db.value().connection(), std::string("EXPLAIN QUERY PLAN ") + query);
        VERIFY_OK(explain);
        VERIFY_NO_ERROR(explain.value().forEachRow(
            [&](const Statement &row) { plan += std::string(row.columnText(3)) + "\n"; }));
        QVERIFY2(contains(plan, "verdicts_by_run"), (std::string(query) + ":\n" + plan).c_str());
    }
    // And no index that a run's writer fills in random order: conversation ids come in no
    // order, and an index by id made every batch rewrite random pages of it (a run slowed as
    // it grew). run_conversations keeps its UNIQUE (run, position) only.
    QCOMPARE(queryInt(db.value(),
                 "SELECT count(*) FROM sqlite_schema WHERE type = 'index' "
                 "AND tbl_name = 'run_conversations'"),
        std::int64_t(1));
}

void TestWorkspaceDatabase::walAndForeignKeys()
{
    QTemporaryDir dir;
    auto db = WorkspaceDatabase::open(dbPath(dir));
    VERIFY_OK(db);
    auto mode = db.value().connection().queryText("PRAGMA journal_mode");
    VERIFY_OK(mode);
    QCOMPARE(mode.value(), std::string("wal"));
    QCOMPARE(queryInt(db.value(), "PRAGMA foreign_keys"), std::int64_t(1));
    QCOMPARE(queryInt(db.value(), "PRAGMA synchronous"), std::int64_t(1)); // NORMAL
    // A verdict of a run that does not exist is refused.
    auto error = db.value().connection().exec(
        "INSERT INTO verdicts (run, turn, clause, status, duration_ns) VALUES (42, 1, 1, 0, 0)");
    QVERIFY(error);
    QVERIFY2(error->message.find("FOREIGN KEY") != std::string::npos, error->message.c_str());
    QVERIFY2(
        error->message.find("llmcl-workspace.db") != std::string::npos, error->message.c_str());
}

void TestWorkspaceDatabase::migrations_data()
{
    QTest::addColumn<int>("from");
    QTest::newRow("v0-empty-file") << 0;
    for (int v = 1; v < WorkspaceDatabase::currentVersion() + 1; ++v)
        QTest::newRow(("v" + std::to_string(v)).c_str()) << v;
}

void TestWorkspaceDatabase::migrations()
{
    QFETCH(int, from);
    QTemporaryDir dir;
    const std::string path = dbPath(dir);
    if (from == 0) {
        std::ofstream(path, std::ios::binary); // an empty file is an empty SQLite database
    } else {
        // Build a version-`from` database by hand, with a run in it.
        auto raw = Database::open(path);
        VERIFY_OK(raw);
        Database &db = raw.value();
        VERIFY_NO_ERROR(db.exec("CREATE TABLE schema_version (version INTEGER NOT NULL, "
                                "applied TEXT NOT NULL)"));
        for (int v = 0; v < from; ++v) {
            VERIFY_NO_ERROR(db.exec(WorkspaceDatabase::migrations()[std::size_t(v)]));
            VERIFY_NO_ERROR(db.exec("INSERT INTO schema_version VALUES (" + std::to_string(v + 1)
                + ", '2026-01-01T00:00:00Z')"));
        }
        VERIFY_NO_ERROR(db.exec("INSERT INTO runs (started, status) "
                                "VALUES ('2026-01-01T00:00:00Z', 'complete')"));
    }
    auto db = WorkspaceDatabase::open(path);
    VERIFY_OK(db);
    auto version = db.value().version();
    VERIFY_OK(version);
    QCOMPARE(version.value(), WorkspaceDatabase::currentVersion());
    auto runs = db.value().runs();
    VERIFY_OK(runs);
    QCOMPARE(runs.value().size(), std::size_t(from == 0 ? 0 : 1));
    if (from > 0)
        QCOMPARE(runs.value()[0].status, RunStatus::Complete);
}

void TestWorkspaceDatabase::migrationKeepsVersion1Verdicts()
{
    // A version-1 run (a verdicts row per clause and turn) read through version 2: the same
    // statuses, durations, messages and counts, the rows packed into run_turns.
    QTemporaryDir dir;
    const std::string path = dbPath(dir);
    {
        auto raw = Database::open(path);
        VERIFY_OK(raw);
        Database &db = raw.value();
        VERIFY_NO_ERROR(db.exec("CREATE TABLE schema_version (version INTEGER NOT NULL, "
                                "applied TEXT NOT NULL)"));
        VERIFY_NO_ERROR(db.exec(WorkspaceDatabase::migrations()[0]));
        VERIFY_NO_ERROR(db.exec(R"sql(
INSERT INTO schema_version VALUES (1, '2026-01-01T00:00:00Z');
INSERT INTO runs (id, started, status, turns) VALUES (1, '2026-01-01T00:00:00.000Z', 'complete', 2);
INSERT INTO run_clauses (id, run, clause, contract, kind, severity, file, line) VALUES
    (1, 1, 'A#1', 'A', 'ensure', 'error', 'a.llmcl', 2),
    (2, 1, 'A#2', 'A', 'temporal', 'error', 'a.llmcl', 3);
INSERT INTO run_conversations (id, run, position, conversation, valid) VALUES (1, 1, 1, 'c', 0);
INSERT INTO run_turns (conversation, turn, valid, duration_ns) VALUES (1, 1, 0, 100), (1, 2, 1, 90);
INSERT INTO verdicts (id, run, conversation, turn, clause, status, duration_ns, message) VALUES
    (1, 1, 1, 1, 1, 1, 10, 'too short'), (2, 1, 1, 1, 2, 3, 20, NULL),
    (3, 1, 1, 2, 1, 0, 11, NULL), (4, 1, 1, 2, 2, 3, 21, NULL),
    (5, 1, 1, 0, 2, 1, 0, 'never answered');
INSERT INTO verdict_details (verdict, detail) VALUES (4, '{"temporal":{"settled_at":0}}');
)sql"));
    }
    auto db = WorkspaceDatabase::open(path);
    VERIFY_OK(db);
    QCOMPARE(db.value().version().value(), WorkspaceDatabase::currentVersion());
    auto text = [&](const char *sql) {
        auto value = db.value().connection().queryText(sql);
        return value ? value.value() : std::string("<error>");
    };
    QCOMPARE(text("SELECT group_concat(statuses, '|') FROM (SELECT statuses FROM run_turns "
                  "ORDER BY turn)"),
        std::string("13|03"));
    QCOMPARE(text("SELECT durations FROM run_turns WHERE turn = 1"), std::string("[10,20]"));
    QCOMPARE(text("SELECT messages FROM run_turns WHERE turn = 1"),
        std::string(R"({"A#1":"too short"})"));
    QCOMPARE(text("SELECT coalesce(messages, 'null') FROM run_turns WHERE turn = 2"),
        std::string("null"));
    QCOMPARE(text("SELECT violations FROM run_turns WHERE turn = 1"),
        std::string(R"([{"clause":"A#1","status":1,"message":"too short"}])"));
    QCOMPARE(text("SELECT group_concat(position) FROM run_clauses"), std::string("1,2"));
    // Only what settled at the end and the row with details stay rows.
    QCOMPARE(text("SELECT group_concat(id) FROM (SELECT id FROM verdicts ORDER BY id)"),
        std::string("4,5"));
    QCOMPARE(queryInt(db.value(), "SELECT count(*) FROM turn_verdicts"), std::int64_t(4));
    QCOMPARE(queryInt(db.value(),
                 "SELECT duration_ns FROM turn_verdicts WHERE turn = 2 AND clause_id = 'A#2'"),
        std::int64_t(21));
    auto stored = llmcl::tracer::RunReader::open(db.value(), 1);
    VERIFY_OK(stored);
    auto counts = stored.value().clauseCounts();
    VERIFY_OK(counts);
    QCOMPARE(counts.value().size(), std::size_t(2));
    QCOMPARE(counts.value()[0].fail, std::uint64_t(1));
    QCOMPARE(counts.value()[0].pass, std::uint64_t(1));
    QCOMPARE(counts.value()[1].pending, std::uint64_t(2));
    QCOMPARE(counts.value()[1].fail, std::uint64_t(1)); // settled at the end
    QCOMPARE(counts.value()[1].durationNs, std::int64_t(41));
    auto latency = stored.value().clauseLatency("A#1");
    VERIFY_OK(latency);
    QCOMPARE(latency.value().count(), std::uint64_t(2));
}

void TestWorkspaceDatabase::migrationToVersion3KeepsConversations()
{
    // Version 3 rebuilds `conversations` (hash_key instead of a unique text index). The turns
    // and the runs that refer to the conversations must survive the rebuild, and the keys the
    // migration computes must be the ones an import computes: re-importing the same file after
    // the migration stores nothing new.
    QTemporaryDir dir;
    const std::string current = dir.filePath(QStringLiteral("current.db")).toStdString();
    {
        auto db = WorkspaceDatabase::open(current);
        VERIFY_OK(db);
        auto reader = llmcl::tracer::SessionReader::open(kSample);
        VERIFY_OK(reader);
        VERIFY_OK(db.value().importSessions(reader.value(), kSample));
    }
    const std::string path = dbPath(dir);
    {
        auto raw = Database::open(path);
        VERIFY_OK(raw);
        Database &db = raw.value();
        VERIFY_NO_ERROR(db.exec("CREATE TABLE schema_version (version INTEGER NOT NULL, "
                                "applied TEXT NOT NULL)"));
        for (int v = 0; v < 2; ++v) {
            VERIFY_NO_ERROR(db.exec(WorkspaceDatabase::migrations()[std::size_t(v)]));
            VERIFY_NO_ERROR(db.exec("INSERT INTO schema_version VALUES (" + std::to_string(v + 1)
                + ", '2026-01-01T00:00:00Z')"));
        }
        // The version-2 rows, as a version-2 import wrote them (same hash text).
        VERIFY_NO_ERROR(db.exec("ATTACH DATABASE '" + current + "' AS v3"));
        VERIFY_NO_ERROR(db.exec(R"sql(
INSERT INTO conversations (key, id, source_file, line, byte_offset, metadata, content_hash, imported)
    SELECT key, id, source_file, line, byte_offset, metadata, content_hash, imported
    FROM v3.conversations;
INSERT INTO turns SELECT * FROM v3.turns;
INSERT INTO runs (id, started, status) VALUES (1, '2026-01-01T00:00:00Z', 'complete');
INSERT INTO run_conversations (id, run, position, conversation, valid, source)
    VALUES (1, 1, 1, 'oasst-en100-0', 1,
            (SELECT key FROM conversations WHERE id = 'oasst-en100-0'));
)sql"));
        VERIFY_NO_ERROR(db.exec("DETACH DATABASE v3"));
    }
    auto db = WorkspaceDatabase::open(path);
    VERIFY_OK(db);
    QCOMPARE(db.value().version().value(), WorkspaceDatabase::currentVersion());
    QCOMPARE(queryInt(db.value(), "SELECT count(*) FROM conversations"), std::int64_t(547));
    QCOMPARE(queryInt(db.value(), "SELECT count(*) FROM turns"), std::int64_t(905));
    QCOMPARE(queryInt(db.value(),
                 "SELECT count(*) FROM run_conversations WHERE source = "
                 "(SELECT key FROM conversations WHERE id = 'oasst-en100-0')"),
        std::int64_t(1));
    QCOMPARE(
        queryInt(db.value(), "SELECT count(*) FROM pragma_foreign_key_check"), std::int64_t(0));
    // Foreign keys are on again after the migration: deleting a conversation deletes its turns.
    QCOMPARE(queryInt(db.value(), "PRAGMA foreign_keys"), std::int64_t(1));
    QCOMPARE(queryInt(db.value(), "SELECT count(*) FROM conversations c WHERE c.hash_key = 0"),
        std::int64_t(0));

    auto reader = llmcl::tracer::SessionReader::open(kSample);
    VERIFY_OK(reader);
    auto stats = db.value().importSessions(reader.value(), kSample);
    VERIFY_OK(stats);
    QCOMPARE(stats.value().imported, std::uint64_t(0));
    QCOMPARE(stats.value().duplicates, std::uint64_t(547));
    QCOMPARE(queryInt(db.value(), "SELECT count(*) FROM conversations"), std::int64_t(547));
}

void TestWorkspaceDatabase::newerVersionRefused()
{
    QTemporaryDir dir;
    const std::string path = dbPath(dir);
    {
        auto db = WorkspaceDatabase::open(path);
        VERIFY_OK(db);
        VERIFY_NO_ERROR(db.value().connection().exec("INSERT INTO schema_version VALUES ("
            + std::to_string(WorkspaceDatabase::currentVersion() + 1)
            + ", '2099-01-01T00:00:00Z')"));
    }
    auto db = WorkspaceDatabase::open(path);
    QVERIFY(!db);
    const std::string &message = db.error().message;
    QVERIFY2(message.find(path) == 0, message.c_str());
    QVERIFY2(message.find("newer") != std::string::npos, message.c_str());
}

void TestWorkspaceDatabase::notAWorkspaceDatabase()
{
    QTemporaryDir dir;
    const std::string other = dbPath(dir, "other.db");
    {
        auto raw = Database::open(other);
        VERIFY_OK(raw);
        VERIFY_NO_ERROR(raw.value().exec("CREATE TABLE notes (text TEXT)"));
    }
    auto db = WorkspaceDatabase::open(other);
    QVERIFY(!db);
    QVERIFY2(db.error().message.find("not an LLMCL workspace database") != std::string::npos,
        db.error().message.c_str());

    const std::string text = dbPath(dir, "text.db");
    std::ofstream(text) << "this is not SQLite at all, just a text file of some length\n";
    auto bad = WorkspaceDatabase::open(text);
    QVERIFY(!bad);
    QVERIFY2(bad.error().message.find(text) == 0, bad.error().message.c_str());
    QVERIFY2(bad.error().message.find("not a database") != std::string::npos,
        bad.error().message.c_str());
    // Nothing a caller could act on: not Busy, ReadOnly or Full.
    QVERIFY(db.error().kind == engine::Error::Kind::Other);
    QVERIFY(bad.error().kind == engine::Error::Kind::Other);
}

void TestWorkspaceDatabase::readOnlyFile()
{
    QTemporaryDir dir;
    const std::string path = dbPath(dir);
    {
        auto db = WorkspaceDatabase::open(path);
        VERIFY_OK(db);
        auto run = db.value().beginRun({});
        VERIFY_OK(run);
        VERIFY_NO_ERROR(db.value().finishRun(run.value(), RunStatus::Complete));
    }
    fs::permissions(path, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    if (access(path.c_str(), W_OK) != 0) {
        // Not root: the file really is read-only, and a read-write open says so.
        auto db = WorkspaceDatabase::open(path);
        QVERIFY(!db);
        QVERIFY2(db.error().message.find(path) == 0, db.error().message.c_str());
        QVERIFY2(
            db.error().message.find("read-only") != std::string::npos, db.error().message.c_str());
        QVERIFY(db.error().kind == engine::Error::Kind::ReadOnly);
    }
    // Root writes anyway; SQLITE_OPEN_READONLY is then what makes it read-only. Reading works,
    // every write fails with a message naming the file.
    auto db = WorkspaceDatabase::open(path, WorkspaceDatabase::Options {true});
    VERIFY_OK(db);
    auto runs = db.value().runs();
    VERIFY_OK(runs);
    QCOMPARE(runs.value().size(), std::size_t(1));
    auto run = db.value().beginRun({});
    QVERIFY(!run);
    QVERIFY2(run.error().message.find(path) == 0, run.error().message.c_str());
    QVERIFY2(run.error().message.find("readonly") != std::string::npos
            || run.error().message.find("read-only") != std::string::npos,
        run.error().message.c_str());
    QVERIFY(run.error().kind == engine::Error::Kind::ReadOnly);
    fs::permissions(path, fs::perms::owner_write, fs::perm_options::add);
}

void TestWorkspaceDatabase::unwritableFolder()
{
    QTemporaryDir dir;
    const std::string path = dbPath(dir, "missing-folder/llmcl-workspace.db");
    auto db = WorkspaceDatabase::open(path);
    QVERIFY(!db);
    QVERIFY2(db.error().message.find(path) == 0, db.error().message.c_str());
    QVERIFY2(
        db.error().message.find("cannot open") != std::string::npos, db.error().message.c_str());
}

void TestWorkspaceDatabase::lockedDuringOpen_data()
{
    // How the other connection left the file before taking its lock: "creating" (a new file in
    // WAL mode, no schema yet: the open must create it), "migrating" (a database one version
    // behind: the open must migrate it), "rollback-journal" (a file not in WAL mode yet, held
    // exclusively: the open cannot even read it or switch it to WAL).
    QTest::addColumn<QByteArray>("state");
    QTest::newRow("creating") << QByteArray("creating");
    QTest::newRow("migrating") << QByteArray("migrating");
    QTest::newRow("rollback-journal") << QByteArray("rollback-journal");
}

void TestWorkspaceDatabase::lockedDuringOpen()
{
    // Another connection (a replay creating the database, `llmcl` migrating it) holds the write
    // lock while this one opens: after the busy timeout the open fails with an error of kind
    // Busy, which callers may retry on, and which names the file. Released, the open works.
    QFETCH(QByteArray, state);
    QTemporaryDir dir;
    const std::string path = dbPath(dir);
    auto holder = Database::open(path);
    VERIFY_OK(holder);
    Database &other = holder.value();
    if (state == "migrating") {
        VERIFY_NO_ERROR(other.exec("CREATE TABLE schema_version (version INTEGER NOT NULL, "
                                   "applied TEXT NOT NULL)"));
        const int behind = WorkspaceDatabase::currentVersion() - 1;
        for (int v = 0; v < behind; ++v) {
            VERIFY_NO_ERROR(other.exec(WorkspaceDatabase::migrations()[std::size_t(v)]));
            VERIFY_NO_ERROR(other.exec("INSERT INTO schema_version VALUES (" + std::to_string(v + 1)
                + ", '2026-01-01T00:00:00Z')"));
        }
    }
    std::optional<Transaction> lock;
    if (state == "rollback-journal") {
        auto mode = other.queryText("PRAGMA journal_mode=DELETE");
        VERIFY_OK(mode);
        QCOMPARE(mode.value(), std::string("delete"));
        VERIFY_NO_ERROR(other.exec("BEGIN EXCLUSIVE; CREATE TABLE scratch (x)"));
    } else {
        auto begun = Transaction::begin(other);
        VERIFY_OK(begun);
        lock.emplace(std::move(begun.value()));
    }

    WorkspaceDatabase::Options options;
    options.busyTimeout = std::chrono::milliseconds(300);
    QElapsedTimer timer;
    timer.start();
    auto db = WorkspaceDatabase::open(path, options);
    const qint64 waited = timer.elapsed();
    QVERIFY(!db);
    QVERIFY2(db.error().kind == engine::Error::Kind::Busy, db.error().message.c_str());
    QVERIFY2(db.error().message.starts_with(path + ": "), db.error().message.c_str());
    QVERIFY2(contains(db.error().message, "locked"), db.error().message.c_str());
    QVERIFY2(waited >= 250 && waited < 4000, std::to_string(waited).c_str());

    if (lock)
        lock->rollback();
    else
        VERIFY_NO_ERROR(other.exec("ROLLBACK"));
    auto opened = WorkspaceDatabase::open(path, options);
    VERIFY_OK(opened);
    auto version = opened.value().version();
    VERIFY_OK(version);
    QCOMPARE(version.value(), WorkspaceDatabase::currentVersion());
}

void TestWorkspaceDatabase::fullStorage_data()
{
    // What stops the database from growing: SQLite's own page limit (SQLITE_FULL, as ENOSPC
    // gives it), or a file-size limit (EFBIG, which SQLite reports as an I/O error).
    QTest::addColumn<bool>("fileSizeLimit");
    QTest::newRow("max-page-count") << false;
    QTest::newRow("file-size-limit") << true;
}

void TestWorkspaceDatabase::fullStorage()
{
    // A write the storage refuses is an error of kind Full naming the file; the transaction is
    // rolled back whole, the file stays consistent, and writing works again once there is room.
    QFETCH(bool, fileSizeLimit);
    QTemporaryDir dir;
    const std::string path = dbPath(dir, "full.db");
    auto opened = Database::open(path);
    VERIFY_OK(opened);
    Database &db = opened.value();
    VERIFY_NO_ERROR(db.exec("CREATE TABLE blobs (b BLOB); INSERT INTO blobs VALUES (x'00')"));
    VERIFY_NO_ERROR(db.exec("PRAGMA wal_checkpoint(TRUNCATE)"));
    auto pages = db.queryInt("PRAGMA page_count");
    VERIFY_OK(pages);

    Status error;
    {
        std::optional<llmcl::test::FileSizeLimit> limit;
        if (fileSizeLimit) {
            // The WAL is empty: 256 KiB of it, then the disk is full.
            limit.emplace(256 * 1024);
            if (!limit->isActive())
                QSKIP("the file-size limit cannot be lowered here");
        } else {
            VERIFY_OK(db.queryInt("PRAGMA max_page_count=" + std::to_string(pages.value())));
        }
        auto transaction = Transaction::begin(db);
        VERIFY_OK(transaction);
        error = db.exec("INSERT INTO blobs VALUES (zeroblob(1048576))");
        if (!error)
            error = transaction.value().commit();
    }
    QVERIFY(error);
    QVERIFY2(error->kind == engine::Error::Kind::Full, error->message.c_str());
    QVERIFY2(error->message.starts_with(path + ": "), error->message.c_str());

    VERIFY_NO_ERROR(db.exec("PRAGMA max_page_count=1000000"));
    auto integrity = db.queryText("PRAGMA integrity_check");
    VERIFY_OK(integrity);
    QCOMPARE(integrity.value(), std::string("ok"));
    QCOMPARE(db.queryInt("SELECT count(*) FROM blobs").value(), std::int64_t(1));
    VERIFY_NO_ERROR(db.exec("INSERT INTO blobs VALUES (zeroblob(1048576))"));
    QCOMPARE(db.queryInt("SELECT count(*) FROM blobs").value(), std::int64_t(2));
}

void TestWorkspaceDatabase::importSample()
{
    QTemporaryDir dir;
    auto db = WorkspaceDatabase::open(dbPath(dir));
    VERIFY_OK(db);
    for (int pass = 0; pass < 2; ++pass) {
        auto reader = llmcl::tracer::SessionReader::open(kSample);
        VERIFY_OK(reader);
        int calls = 0;
        auto stats = db.value().importSessions(
            reader.value(), kSample, [&](const llmcl::tracer::ImportProgress &progress) {
                ++calls;
                QVERIFY(progress.bytesRead <= progress.fileSize);
            });
        VERIFY_OK(stats);
        QCOMPARE(stats.value().conversations, std::uint64_t(547));
        QVERIFY(calls >= 1);
        if (pass == 0) {
            QCOMPARE(stats.value().imported, std::uint64_t(547));
            QCOMPARE(stats.value().turns, std::uint64_t(905));
        } else {
            // Idempotent: the same content is stored once.
            QCOMPARE(stats.value().imported, std::uint64_t(0));
            QCOMPARE(stats.value().duplicates, std::uint64_t(547));
        }
        QCOMPARE(queryInt(db.value(), "SELECT count(*) FROM conversations"), std::int64_t(547));
        QCOMPARE(queryInt(db.value(), "SELECT count(*) FROM turns"), std::int64_t(905));
    }
    QCOMPARE(queryInt(db.value(),
                 "SELECT count(*) FROM conversations WHERE id = 'oasst-en100-0' AND line = 1"),
        std::int64_t(1));
    QCOMPARE(queryInt(db.value(), "SELECT count(*) FROM turns WHERE json_valid(context) = 0"),
        std::int64_t(0));
}

void TestWorkspaceDatabase::importSurvivesDeletedFileAndCancels()
{
    // 12,000 conversations, imported in transactions of 5,000.
    QTemporaryDir dir;
    const std::string sessions = dir.filePath(QStringLiteral("s.jsonl")).toStdString();
    {
        std::ofstream out(sessions, std::ios::binary);
        for (int i = 0; i < 12000; ++i)
            out << "{\"id\": \"c" << i << "\", \"turns\": [{\"user\": \"q" << i
                << "\", \"assistant\": \"an answer\"}]}\n";
    }
    // Deleted after the first transaction: the open file stays readable (POSIX), so the import
    // completes with every conversation and the database stays consistent.
    {
        auto db = WorkspaceDatabase::open(dbPath(dir));
        VERIFY_OK(db);
        auto reader = llmcl::tracer::SessionReader::open(sessions);
        VERIFY_OK(reader);
        std::vector<std::int64_t> keys;
        WorkspaceDatabase::ImportOptions options;
        options.keys = &keys;
        options.progress = [&](const llmcl::tracer::ImportProgress &) {
            std::error_code ec;
            fs::remove(sessions, ec);
        };
        auto stats = db.value().importSessions(reader.value(), sessions, options);
        VERIFY_OK(stats);
        QVERIFY(!fs::exists(sessions));
        QCOMPARE(stats.value().imported, std::uint64_t(12000));
        QCOMPARE(keys.size(), std::size_t(12000));
        QCOMPARE(queryInt(db.value(), "SELECT count(*) FROM turns"), std::int64_t(12000));
        auto integrity = db.value().connection().queryText("PRAGMA integrity_check");
        VERIFY_OK(integrity);
        QCOMPARE(integrity.value(), std::string("ok"));
    }
    // Cancelled after the first transaction: what was committed stays, nothing else.
    {
        std::ofstream out(sessions, std::ios::binary);
        for (int i = 0; i < 12000; ++i)
            out << "{\"id\": \"d" << i << "\", \"turns\": []}\n";
    }
    auto db = WorkspaceDatabase::open(dbPath(dir));
    VERIFY_OK(db);
    auto reader = llmcl::tracer::SessionReader::open(sessions);
    VERIFY_OK(reader);
    std::atomic<bool> cancel {false};
    WorkspaceDatabase::ImportOptions options;
    options.cancel = &cancel;
    options.progress = [&](const llmcl::tracer::ImportProgress &) { cancel = true; };
    auto stats = db.value().importSessions(reader.value(), sessions, options);
    VERIFY_OK(stats);
    QVERIFY(stats.value().cancelled);
    QCOMPARE(stats.value().imported, std::uint64_t(5000));
    QCOMPARE(queryInt(db.value(), "SELECT count(*) FROM conversations WHERE id LIKE 'd%'"),
        std::int64_t(5000));
}

void TestWorkspaceDatabase::recordingImportsAlongside_data()
{
    QTest::addColumn<bool>("alongside");
    QTest::newRow("import-first") << false;
    QTest::newRow("import-alongside") << true;
}

void TestWorkspaceDatabase::recordingImportsAlongside()
{
    // A recording stores the same run whether the sessions are imported before the replay or
    // on the writer's storing thread while it runs (llmcl replay --db): every conversation
    // linked to its imported text.
    QFETCH(bool, alongside);
    const std::string contract = "contract Q { ensure len(response) >= 20 message: \"short\" }";
    const engine::CompileResult compiled = compiledFrom("q.llmcl", contract);
    QVERIFY(compiled.set);
    QTemporaryDir dir;
    auto db = WorkspaceDatabase::open(dbPath(dir));
    VERIFY_OK(db);
    for (int round = 0; round < 2; ++round) { // a new import, then one of known conversations
        llmcl::tracer::RunInfo info = llmcl::tracer::RunInfo::replayStartingNow(
            kSample, {{"q.llmcl", contract}}, false, 2, false);
        llmcl::tracer::RunRecording::Options options;
        options.writer.batchTurns = 50;
        options.importAlongside = alongside;
        auto recording = llmcl::tracer::RunRecording::start(db.value(), info, options);
        VERIFY_OK(recording);
        auto reader = llmcl::tracer::SessionReader::open(kSample);
        VERIFY_OK(reader);
        llmcl::tracer::TotalsListener totals;
        llmcl::tracer::ReplayFanOut listeners({&totals, &recording.value()->writer()});
        llmcl::tracer::ReplayOptions replayOptions;
        replayOptions.jobs = 2;
        const auto stats =
            llmcl::tracer::replay(compiled.set, reader.value(), replayOptions, listeners);
        VERIFY_OK(stats);
        auto finished = recording.value()->finish(stats, totals.totals, 1, 1, {});
        VERIFY_OK(finished);
        QCOMPARE(finished.value(), RunStatus::Complete);
        QCOMPARE(recording.value()->imported().conversations, std::uint64_t(547));
        QCOMPARE(recording.value()->imported().imported, std::uint64_t(round == 0 ? 547 : 0));
        const std::string run = std::to_string(recording.value()->run());
        QCOMPARE(queryInt(db.value(),
                     "SELECT count(*) FROM run_turns t JOIN run_conversations rc "
                     "ON rc.id = t.conversation WHERE rc.run = "
                         + run),
            std::int64_t(905));
        QCOMPARE(queryInt(db.value(),
                     "SELECT count(*) FROM run_conversations rc JOIN conversations c "
                     "ON c.key = rc.source AND c.id = rc.conversation WHERE rc.run = "
                         + run),
            std::int64_t(547));
    }
}

void TestWorkspaceDatabase::failedImportAlongsideLeavesAnIncompleteRun()
{
    // An import on the storing thread that fails (here: a sessions file that is not there) is
    // the writer's first failure: nothing is stored, and finish() says why, naming the file,
    // and stores the run as incomplete.
    const std::string contract = "contract Q { ensure len(response) >= 20 }";
    const engine::CompileResult compiled = compiledFrom("q.llmcl", contract);
    QVERIFY(compiled.set);
    QTemporaryDir dir;
    auto db = WorkspaceDatabase::open(dbPath(dir));
    VERIFY_OK(db);
    const std::string missing = dir.filePath(QStringLiteral("gone.jsonl")).toStdString();
    llmcl::tracer::RunRecording::Options options;
    options.importAlongside = true;
    auto recording = llmcl::tracer::RunRecording::start(db.value(),
        llmcl::tracer::RunInfo::replayStartingNow(
            missing, {{"q.llmcl", contract}}, false, 1, false),
        options);
    VERIFY_OK(recording);
    auto reader = llmcl::tracer::SessionReader::open(kSample);
    VERIFY_OK(reader);
    llmcl::tracer::TotalsListener totals;
    llmcl::tracer::ReplayFanOut listeners({&totals, &recording.value()->writer()});
    const auto stats = llmcl::tracer::replay(compiled.set, reader.value(), {}, listeners);
    VERIFY_OK(stats);
    auto finished = recording.value()->finish(stats, totals.totals, 1, 1, {});
    QVERIFY(!finished);
    QVERIFY2(contains(finished.error().message, missing), finished.error().message.c_str());
    const std::string run = std::to_string(recording.value()->run());
    QCOMPARE(queryInt(db.value(), "SELECT count(*) FROM run_conversations WHERE run = " + run),
        std::int64_t(0));
    QCOMPARE(db.value().runStatus(recording.value()->run()).value(), RunStatus::Incomplete);
}

void TestWorkspaceDatabase::runFromReplay()
{
    const std::string contract = R"(contract Quality(priority = high) {
    ensure len(response) >= 20
        message: "Answer too short"
    ensure not match(response, r"(?i)as an ai")
        message: "Boilerplate"
    require len(content) > 0
        message: "Empty question"
})";
    const engine::CompileResult compiled = compiledFrom("quality.llmcl", contract);
    QVERIFY(compiled.set);

    QTemporaryDir dir;
    auto db = WorkspaceDatabase::open(dbPath(dir));
    VERIFY_OK(db);
    llmcl::tracer::RunInfo info;
    info.sessions = kSample;
    info.options = {{"fix", "false"}, {"jobs", "2"}};
    info.contracts = {{"quality.llmcl", contract}};
    auto run = db.value().beginRun(info);
    VERIFY_OK(run);

    auto reader = llmcl::tracer::SessionReader::open(kSample);
    VERIFY_OK(reader);
    std::int64_t verdicts = 0;
    std::int64_t failures = 0;
    {
        RunWriter writer(db.value(), run.value(), RunWriterOptions {100, true});
        CountingListener counting(writer);
        llmcl::tracer::ReplayOptions options;
        options.jobs = 2;
        auto stats = llmcl::tracer::replay(compiled.set, reader.value(), options, counting);
        VERIFY_OK(stats);
        QVERIFY(!writer.error());
        QCOMPARE(counting.turns, std::int64_t(905));
        QCOMPARE(writer.committedTurns(), std::uint64_t(905));
        verdicts = counting.verdicts;
        failures = counting.failures;
    }
    VERIFY_NO_ERROR(db.value().finishRun(run.value(), RunStatus::Complete, R"({"turns": 905})"));

    QCOMPARE(queryInt(db.value(), "SELECT count(*) FROM verdicts WHERE run = 1"), verdicts);
    QCOMPARE(queryInt(db.value(), "SELECT count(*) FROM verdicts WHERE run = 1 AND status = 1"),
        failures);
    QCOMPARE(queryInt(db.value(), "SELECT count(*) FROM run_turns"), std::int64_t(905));
    QCOMPARE(queryInt(db.value(), "SELECT count(*) FROM run_conversations"), std::int64_t(547));
    QCOMPARE(queryInt(db.value(), "SELECT count(*) FROM run_conversations WHERE valid IS NULL"),
        std::int64_t(0));
    QCOMPARE(queryInt(db.value(), "SELECT count(*) FROM run_clauses"), std::int64_t(3));
    // Each clause is evaluated on every turn that has its phase.
    QCOMPARE(queryInt(db.value(),
                 "SELECT count(*) FROM verdicts v JOIN run_clauses c ON c.id = v.clause "
                 "WHERE c.clause = 'Quality#3'"),
        std::int64_t(905));

    auto stored = llmcl::tracer::RunReader::open(db.value(), run.value());
    VERIFY_OK(stored);
    auto counts = stored.value().clauseCounts();
    VERIFY_OK(counts);
    QCOMPARE(counts.value().size(), std::size_t(3));
    std::int64_t total = 0;
    std::int64_t failed = 0;
    for (const auto &clause : counts.value()) {
        QCOMPARE(clause.contract, std::string("Quality"));
        total += std::int64_t(clause.total());
        failed += std::int64_t(clause.fail);
    }
    QCOMPARE(total, verdicts);
    QCOMPARE(failed, failures);
    QVERIFY(failures > 0);

    auto runs = db.value().runs();
    VERIFY_OK(runs);
    QCOMPARE(runs.value().size(), std::size_t(1));
    const auto &summary = runs.value()[0];
    QCOMPARE(summary.status, RunStatus::Complete);
    QCOMPARE(summary.turns, std::uint64_t(905));
    QCOMPARE(summary.contracts, std::vector<std::string> {"quality.llmcl"});
    QVERIFY(summary.finished.has_value());
    const std::string line = llmcl::tracer::describe(summary);
    QVERIFY2(
        line.starts_with("1 " + summary.started + " complete 905 quality.llmcl"), line.c_str());

    // The same contract source is snapshotted once.
    auto second = db.value().beginRun(info);
    VERIFY_OK(second);
    VERIFY_NO_ERROR(db.value().finishRun(second.value(), RunStatus::Cancelled));
    QCOMPARE(queryInt(db.value(), "SELECT count(*) FROM contract_snapshots"), std::int64_t(1));
    QCOMPARE(queryInt(db.value(), "SELECT count(*) FROM run_contracts"), std::int64_t(2));
    QCOMPARE(queryInt(db.value(), "SELECT count(*) FROM runs WHERE status = 'cancelled'"),
        std::int64_t(1));
}

// Keeps what a replay (or a stored run read back) reported, each turn and end as its JSON.
class JsonCollector : public llmcl::tracer::ReplayListener
{
public:
    void turn(const std::string &conversation, std::int64_t turn,
        const engine::TurnResult &result) override
    {
        engine::JsonWriter writer;
        engine::writeTurnResult(writer, result);
        turns[conversation].push_back(std::to_string(turn) + " " + writer.take());
    }
    void conversationEnd(
        const std::string &conversation, const engine::ConversationEnd &end) override
    {
        engine::JsonWriter writer;
        writer.beginObject();
        writer.key("valid");
        writer.boolean(end.valid);
        writer.key("settled");
        engine::writeClauseVerdicts(writer, end.settled);
        writer.key("violations");
        engine::writeViolations(writer, end.violations);
        writer.endObject();
        ends[conversation] = writer.take();
    }
    void runEnd(const std::vector<engine::ClauseVerdict> &) override { ++runEnds; }

    std::map<std::string, std::vector<std::string>> turns;
    std::map<std::string, std::string> ends;
    int runEnds = 0;
};

void TestWorkspaceDatabase::oneConversationReadBack()
{
    // Every kind of stored result: a fix, a temporal clause with obligations, a window.
    const std::string contract = R"llmcl(contract Conversation {
    ensure len(response) >= 40
        message: "Answer too short"
        auto_fix: response + " (more in the documentation)"
    temporal within 3 contains(lower(response), "thank")
        message: "Nobody said thank you"
    ensure_prob len(response) < 2000, 0.9
        window_size: session
        message: "Too many long answers"
})llmcl";
    engine::CompileRequest request;
    request.files = {"conversation.llmcl"};
    request.overrides["conversation.llmcl"] = contract;
    const engine::CompileResult compiled = engine::compileContracts(request);
    QVERIFY(compiled.set);

    QTemporaryDir dir;
    auto db = WorkspaceDatabase::open(dbPath(dir));
    VERIFY_OK(db);
    std::vector<std::int64_t> keys;
    {
        auto reader = llmcl::tracer::SessionReader::open(kSample);
        VERIFY_OK(reader);
        WorkspaceDatabase::ImportOptions import;
        import.keys = &keys;
        VERIFY_OK(db.value().importSessions(reader.value(), kSample, import));
    }
    llmcl::tracer::RunInfo info;
    info.sessions = kSample;
    info.contracts = {{"conversation.llmcl", contract}};
    auto run = db.value().beginRun(info);
    VERIFY_OK(run);
    JsonCollector live;
    {
        RunWriter writer(db.value(), run.value(), RunWriterOptions {100, true});
        writer.setConversationSources(keys);
        llmcl::tracer::ReplayFanOut both({&writer, &live});
        auto reader = llmcl::tracer::SessionReader::open(kSample);
        VERIFY_OK(reader);
        llmcl::tracer::ReplayOptions options;
        options.evaluation.fix = true;
        options.evaluation.trace = true;
        VERIFY_OK(llmcl::tracer::replay(compiled.set, reader.value(), options, both));
        QVERIFY(!writer.error());
    }
    VERIFY_NO_ERROR(db.value().finishRun(run.value(), RunStatus::Complete, "{}"));

    auto stored = llmcl::tracer::RunReader::open(db.value(), run.value());
    VERIFY_OK(stored);
    JsonCollector whole;
    VERIFY_NO_ERROR(stored.value().replayTo(whole));
    QCOMPARE(whole.turns.size(), live.turns.size());

    // The conversations with the most turns and a fix, and the first and the last.
    std::vector<std::pair<std::int64_t, std::string>> conversations; // (key, id)
    {
        auto rows = llmcl::tracer::Statement::prepare(db.value().connection(),
            "SELECT rc.id, rc.conversation FROM run_conversations rc WHERE rc.run = ?1 AND ("
            "rc.position IN (1, (SELECT max(position) FROM run_conversations)) "
            "OR rc.id IN (SELECT conversation FROM fixes) "
            "OR rc.id = (SELECT conversation FROM run_turns GROUP BY conversation "
            "ORDER BY count(*) DESC LIMIT 1)) ORDER BY rc.position LIMIT 8");
        VERIFY_OK(rows);
        rows.value().bind(1, run.value());
        VERIFY_NO_ERROR(rows.value().forEachRow([&](const llmcl::tracer::Statement &s) {
            conversations.emplace_back(s.columnInt(0), std::string(s.columnText(1)));
        }));
    }
    QVERIFY(conversations.size() >= 3);
    bool sawFix = false;
    bool sawSeveralTurns = false;
    for (const auto &[key, id] : conversations) {
        JsonCollector one;
        VERIFY_NO_ERROR(stored.value().replayConversationTo(key, one));
        QCOMPARE(one.runEnds, 0);
        QCOMPARE(one.turns.size(), std::size_t(1));
        // Exactly what reading the whole run gives for it.
        QCOMPARE(one.turns[id], whole.turns[id]);
        QCOMPARE(one.ends[id], whole.ends[id]);
        QCOMPARE(one.turns[id].size(), live.turns[id].size());
        for (const std::string &turn : one.turns[id])
            sawFix = sawFix || turn.find("\"outcome\"") != std::string::npos;
        sawSeveralTurns = sawSeveralTurns || one.turns[id].size() > 2;

        // And the conversation as imported.
        auto conversation = stored.value().conversation(key);
        VERIFY_OK(conversation);
        QCOMPARE(conversation.value().id, id);
        QCOMPARE(conversation.value().turns.size(), one.turns[id].size());
    }
    QVERIFY(sawFix);
    QVERIFY(sawSeveralTurns);

    // The texts and context are those of the file.
    auto reader = llmcl::tracer::SessionReader::open(kSample);
    VERIFY_OK(reader);
    llmcl::tracer::Conversation expected;
    QVERIFY(reader.value().next(expected));
    auto conversation = stored.value().conversation(conversations.front().first);
    VERIFY_OK(conversation);
    QCOMPARE(conversation.value().id, expected.id);
    QCOMPARE(conversation.value().line, expected.line);
    QCOMPARE(conversation.value().turns.size(), expected.turns.size());
    for (std::size_t t = 0; t < expected.turns.size(); ++t) {
        QCOMPARE(conversation.value().turns[t].content, expected.turns[t].content);
        QCOMPARE(conversation.value().turns[t].response, expected.turns[t].response);
        QVERIFY(engine::equals(conversation.value().turns[t].context, expected.turns[t].context));
    }
    QVERIFY(!stored.value().conversation(987654321));
}

void TestWorkspaceDatabase::abandonedRunBecomesIncomplete()
{
    QTemporaryDir dir;
    const std::string path = dbPath(dir);
    {
        auto db = WorkspaceDatabase::open(path);
        VERIFY_OK(db);
        VERIFY_OK(db.value().beginRun({}));
    }
    auto db = WorkspaceDatabase::open(path);
    VERIFY_OK(db);
    auto runs = db.value().runs();
    VERIFY_OK(runs);
    QCOMPARE(runs.value().size(), std::size_t(1));
    QCOMPARE(runs.value()[0].status, RunStatus::Incomplete);
}

void TestWorkspaceDatabase::readerWhileWriting()
{
    QTemporaryDir dir;
    const std::string path = dbPath(dir);
    auto writerDb = WorkspaceDatabase::open(path);
    VERIFY_OK(writerDb);
    auto run = writerDb.value().beginRun({});
    VERIFY_OK(run);
    // A second connection, opened mid-run: the run stays "running" (its writer is alive).
    auto readerDb = WorkspaceDatabase::open(path);
    VERIFY_OK(readerDb);
    auto runs = readerDb.value().runs();
    VERIFY_OK(runs);
    QCOMPARE(runs.value()[0].status, RunStatus::Running);

    // The writer holds the write lock in an open transaction; the reader still reads the last
    // committed state without waiting (WAL).
    auto transaction = Transaction::begin(writerDb.value().connection());
    VERIFY_OK(transaction);
    VERIFY_NO_ERROR(writerDb.value().connection().exec("UPDATE runs SET turns = 77"));
    QElapsedTimer timer;
    timer.start();
    runs = readerDb.value().runs();
    VERIFY_OK(runs);
    QCOMPARE(runs.value()[0].turns, std::uint64_t(0));
    QVERIFY(timer.elapsed() < 1000);
    VERIFY_NO_ERROR(transaction.value().commit());
    runs = readerDb.value().runs();
    VERIFY_OK(runs);
    QCOMPARE(runs.value()[0].turns, std::uint64_t(77));
    VERIFY_NO_ERROR(writerDb.value().finishRun(run.value(), RunStatus::Complete));
}

void TestWorkspaceDatabase::writerSurvivesMove()
{
    // A RunWriter and a RunReader made from a WorkspaceDatabase go on working when the object
    // is moved, by construction and by assignment (into a std::optional, a member, another
    // thread's task), as the header promises.
    QTemporaryDir dir;
    std::optional<WorkspaceDatabase> first;
    std::optional<WorkspaceDatabase> second;
    std::optional<WorkspaceDatabase> third;
    {
        auto opened = WorkspaceDatabase::open(dbPath(dir));
        VERIFY_OK(opened);
        first.emplace(std::move(opened.value()));
        auto other = WorkspaceDatabase::open(dbPath(dir, "other.db"));
        VERIFY_OK(other);
        third.emplace(std::move(other.value()));
    }
    auto earlier = first->beginRun({});
    VERIFY_OK(earlier);
    VERIFY_NO_ERROR(first->finishRun(earlier.value(), RunStatus::Complete));
    auto reader = llmcl::tracer::RunReader::open(*first, earlier.value());
    VERIFY_OK(reader);
    auto run = first->beginRun({});
    VERIFY_OK(run);
    const engine::TurnResult result = syntheticTurn();
    {
        RunWriter writer(*first, run.value(), RunWriterOptions {10, false});
        // Whole batches are written, by the writer's storing thread.
        for (int turn = 1; turn <= 15; ++turn)
            writer.turn("c-1", turn, result);
        QTRY_COMPARE(writer.committedTurns(), std::uint64_t(10));

        second.emplace(std::move(*first)); // move construction; the old object goes
        first.reset();
        for (int turn = 16; turn <= 25; ++turn)
            writer.turn("c-1", turn, result);
        QTRY_COMPARE(writer.committedTurns(), std::uint64_t(20));

        *third = std::move(*second); // move assignment over another open database
        second.reset();
        for (int turn = 26; turn <= 30; ++turn)
            writer.turn("c-1", turn, result);
        writer.conversationEnd("c-1", {});
        writer.runEnd({});
        QVERIFY2(!writer.error(), writer.error() ? writer.error()->message.c_str() : "");
        QCOMPARE(writer.committedTurns(), std::uint64_t(30));
    }
    VERIFY_NO_ERROR(third->finishRun(run.value(), RunStatus::Complete));
    QCOMPARE(queryInt(*third, "SELECT count(*) FROM run_turns"), std::int64_t(30));
    QCOMPARE(queryInt(*third, "SELECT count(*) FROM run_conversations WHERE valid = 1"),
        std::int64_t(1));
    QCOMPARE(queryInt(*third, "SELECT turns FROM runs WHERE id = 2"), std::int64_t(30));
    auto counts = reader.value().clauseCounts();
    VERIFY_OK(counts);
    QVERIFY(counts.value().empty()); // the earlier run has no clauses, and says so
}

void TestWorkspaceDatabase::deadWriterWithLivePid_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<qint64>("pid");
    const QString here = QString::fromStdString(thisHost());
    QTest::newRow("this-process") << here << qint64(getpid());
    QTest::newRow("reused-pid-of-a-live-process") << here << qint64(1); // init: always alive
    QTest::newRow("container-host-name") << QStringLiteral("3f9c2d1e0b4a") << qint64(getpid());
}

void TestWorkspaceDatabase::deadWriterWithLivePid()
{
    // A run row naming the host and process id of a live process (the pid was reused, the host
    // name was a container's) whose lock nobody holds: its writer is gone. It is not running:
    // it can be discarded or resumed, and the next open marks it incomplete.
    QFETCH(QString, host);
    QFETCH(qint64, pid);
    QTemporaryDir dir;
    const std::string path = dbPath(dir);
    auto db = WorkspaceDatabase::open(path);
    VERIFY_OK(db);
    const std::int64_t discarded = addRunningRow(db.value(), host.toStdString(), pid);
    const std::int64_t resumed = addRunningRow(db.value(), host.toStdString(), pid);
    const std::int64_t reopened = addRunningRow(db.value(), host.toStdString(), pid);

    VERIFY_NO_ERROR(db.value().discardRun(discarded));
    QVERIFY(!db.value().runStatus(discarded));

    auto point = db.value().resumeRun(resumed, {});
    VERIFY_OK(point);
    QCOMPARE(db.value().runStatus(resumed).value(), RunStatus::Running);
    const std::string lockFile = RunLock::filePath(db.value().connection().fileName(), resumed);
    QVERIFY(fs::exists(lockFile));
    {
        // Now that this object writes it, any other refuses it; and marks the other one.
        auto other = WorkspaceDatabase::open(path);
        VERIFY_OK(other);
        QCOMPARE(other.value().runStatus(resumed).value(), RunStatus::Running);
        QCOMPARE(other.value().runStatus(reopened).value(), RunStatus::Incomplete);
        const llmcl::tracer::Status refused = other.value().discardRun(resumed);
        QVERIFY(refused);
        QVERIFY2(contains(refused->message, path + ": run " + std::to_string(resumed))
                && contains(refused->message, "is being written by process")
                && contains(refused->message, "cannot be discarded"),
            refused->message.c_str());
    }
    VERIFY_NO_ERROR(db.value().finishRun(resumed, RunStatus::Complete));
    QVERIFY(!fs::exists(lockFile));
    VERIFY_NO_ERROR(db.value().discardRun(reopened));
}

void TestWorkspaceDatabase::liveWriterRefused()
{
    // A run whose writer is alive (its lock is held) is refused and left running, whatever its
    // row says: first written by another WorkspaceDatabase of this process, then held by a
    // lock alone while the row names a process that does not exist on another host (a writer
    // on another machine that shares the folder).
    QTemporaryDir dir;
    const std::string path = dbPath(dir);
    auto writerDb = WorkspaceDatabase::open(path);
    VERIFY_OK(writerDb);
    auto run = writerDb.value().beginRun({});
    VERIFY_OK(run);
    const std::string database = writerDb.value().connection().fileName();
    const std::string lockFile = RunLock::filePath(database, run.value());
    QVERIFY(fs::exists(lockFile));
    const engine::TurnResult result = syntheticTurn();
    {
        RunWriter writer(writerDb.value(), run.value(), RunWriterOptions {5, false});
        for (int turn = 1; turn <= 12; ++turn)
            writer.turn("c-1", turn, result);
        QTRY_COMPARE(writer.committedTurns(), std::uint64_t(10));

        auto other = WorkspaceDatabase::open(path);
        VERIFY_OK(other);
        QCOMPARE(other.value().runStatus(run.value()).value(), RunStatus::Running);
        const llmcl::tracer::Status discard = other.value().discardRun(run.value());
        QVERIFY(discard);
        QVERIFY2(contains(discard->message,
                     path + ": run 1 is being written by process " + std::to_string(getpid()))
                && contains(discard->message, "cannot be discarded"),
            discard->message.c_str());
        auto resume = other.value().resumeRun(run.value(), {});
        QVERIFY(!resume);
        QVERIFY2(
            contains(resume.error().message, "cannot be resumed"), resume.error().message.c_str());
        auto marked = other.value().markIncompleteRuns();
        VERIFY_OK(marked);
        QCOMPARE(marked.value(), std::int64_t(0));

        for (int turn = 13; turn <= 20; ++turn)
            writer.turn("c-1", turn, result);
        QTRY_COMPARE(writer.committedTurns(), std::uint64_t(20));
        QVERIFY2(!writer.error(), writer.error() ? writer.error()->message.c_str() : "");
    }
    VERIFY_NO_ERROR(writerDb.value().finishRun(run.value(), RunStatus::Cancelled));
    QVERIFY(!fs::exists(lockFile));

    const std::int64_t held = addRunningRow(writerDb.value(), "elsewhere", 999999999);
    auto lock = RunLock::tryAcquire(database, held, RunLock::Mode::Create);
    VERIFY_OK(lock);
    QVERIFY(lock.value() && lock.value()->holds());
    {
        auto other = WorkspaceDatabase::open(path);
        VERIFY_OK(other);
        QCOMPARE(other.value().runStatus(held).value(), RunStatus::Running);
        const llmcl::tracer::Status discard = other.value().discardRun(held);
        QVERIFY(discard);
        QVERIFY2(
            contains(discard->message, "is being written by process 999999999 on host elsewhere"),
            discard->message.c_str());
    }
    lock.value()->release();
    QVERIFY(!fs::exists(RunLock::filePath(database, held)));
    auto other = WorkspaceDatabase::open(path);
    VERIFY_OK(other);
    QCOMPARE(other.value().runStatus(held).value(), RunStatus::Incomplete);
    VERIFY_NO_ERROR(other.value().discardRun(held));
    VERIFY_NO_ERROR(other.value().discardRun(run.value()));
}

void TestWorkspaceDatabase::killMidRun()
{
    QTemporaryDir dir;
    const std::string path = dbPath(dir);
    QProcess child;
    child.setProcessChannelMode(QProcess::SeparateChannels);
    child.start(llmcl::test::buildPath(u"/tests/workspacedb_writer"),
        {QString::fromStdString(path), QStringLiteral("100000000")});
    QVERIFY2(child.waitForStarted(), qPrintable(child.errorString()));

    // Wait for a few committed batches, reading from a second connection meanwhile.
    std::uint64_t committed = 0;
    bool readWhileRunning = false;
    QElapsedTimer timer;
    timer.start();
    while (committed < 3000 && timer.elapsed() < 60000) {
        if (!child.waitForReadyRead(5000) && child.state() != QProcess::Running)
            break;
        while (child.canReadLine()) {
            const QByteArray line = child.readLine().trimmed();
            if (line.startsWith("committed "))
                committed = line.mid(10).toULongLong();
        }
        if (committed >= 1000 && !readWhileRunning) {
            auto reader = WorkspaceDatabase::open(path, WorkspaceDatabase::Options {true});
            VERIFY_OK(reader);
            auto runs = reader.value().runs();
            VERIFY_OK(runs);
            QCOMPARE(runs.value().size(), std::size_t(1));
            QCOMPARE(runs.value()[0].status, RunStatus::Running);
            QVERIFY(runs.value()[0].turns >= 1000);
            // A writable open neither marks the run nor lets it go while its writer lives.
            auto writable = WorkspaceDatabase::open(path);
            VERIFY_OK(writable);
            QCOMPARE(writable.value().runStatus(1).value(), RunStatus::Running);
            const llmcl::tracer::Status refused = writable.value().discardRun(1);
            QVERIFY(refused);
            QVERIFY2(contains(refused->message,
                         "is being written by process " + std::to_string(child.processId())),
                refused->message.c_str());
            QVERIFY(fs::exists(RunLock::filePath(writable.value().connection().fileName(), 1)));
            readWhileRunning = true;
        }
    }
    QVERIFY2(committed >= 3000, child.readAllStandardError().constData());
    QVERIFY(readWhileRunning);
    child.kill(); // SIGKILL
    QVERIFY(child.waitForFinished(10000));
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);

    auto db = WorkspaceDatabase::open(path);
    VERIFY_OK(db);
    // Marked incomplete, and the lock file the killed writer left is gone with its run's status.
    QVERIFY(!fs::exists(RunLock::filePath(db.value().connection().fileName(), 1)));
    auto integrity = db.value().connection().queryText("PRAGMA integrity_check");
    VERIFY_OK(integrity);
    QCOMPARE(integrity.value(), std::string("ok"));
    QCOMPARE(
        queryInt(db.value(), "SELECT count(*) FROM pragma_foreign_key_check"), std::int64_t(0));
    auto runs = db.value().runs();
    VERIFY_OK(runs);
    QCOMPARE(runs.value().size(), std::size_t(1));
    QCOMPARE(runs.value()[0].status, RunStatus::Incomplete);
    // Whole batches only: the turn count, the turns and the verdicts (4 a turn) agree.
    const std::uint64_t turns = runs.value()[0].turns;
    QVERIFY(turns >= committed);
    QCOMPARE(turns % 100, std::uint64_t(0));
    QCOMPARE(queryInt(db.value(), "SELECT count(*) FROM run_turns"), std::int64_t(turns));
    QCOMPARE(queryInt(db.value(), "SELECT count(*) FROM turn_verdicts"), std::int64_t(turns * 4));
    QCOMPARE(queryInt(db.value(), "SELECT count(*) FROM verdicts"), std::int64_t(0));
    auto reader = llmcl::tracer::RunReader::open(db.value(), runs.value()[0].id);
    VERIFY_OK(reader);
    auto counts = reader.value().clauseCounts();
    VERIFY_OK(counts);
    QCOMPARE(counts.value().size(), std::size_t(4));
    for (const auto &clause : counts.value())
        QCOMPARE(clause.total(), turns);
}

void TestWorkspaceDatabase::hardenedConnection()
{
    // Every connection treats its file as untrusted (https://www.sqlite.org/security.html).
    QTemporaryDir dir;
    auto db = WorkspaceDatabase::open(dbPath(dir));
    VERIFY_OK(db);
    Database &connection = db.value().connection();
    QCOMPARE(queryInt(db.value(), "PRAGMA trusted_schema"), std::int64_t(0));
    QCOMPARE(queryInt(db.value(), "PRAGMA cell_size_check"), std::int64_t(1));
    QCOMPARE(queryInt(db.value(), "PRAGMA mmap_size"), std::int64_t(0));
    // Defensive: the schema cannot be made writable, so SQL cannot corrupt the file.
    VERIFY_NO_ERROR(connection.exec("PRAGMA writable_schema=ON"));
    QCOMPARE(queryInt(db.value(), "PRAGMA writable_schema"), std::int64_t(0));
    auto loaded = connection.queryText("SELECT load_extension('/nonexistent/evil.so')");
    QVERIFY(!loaded);
    QVERIFY2(contains(loaded.error().message, "not authorized"), loaded.error().message.c_str());
    // Triggers never fire: a schema with one is refused, and this is the second line.
    VERIFY_NO_ERROR(connection.exec("CREATE TABLE scratch (x); CREATE TABLE log (x); "
                                    "CREATE TRIGGER logged AFTER INSERT ON scratch "
                                    "BEGIN INSERT INTO log VALUES (new.x); END; "
                                    "INSERT INTO scratch VALUES (1)"));
    QCOMPARE(queryInt(db.value(), "SELECT count(*) FROM scratch"), std::int64_t(1));
    QCOMPARE(queryInt(db.value(), "SELECT count(*) FROM log"), std::int64_t(0));
    // Foreign key actions are not triggers: ON DELETE CASCADE still works.
    auto run = db.value().beginRun({});
    VERIFY_OK(run);
    {
        RunWriter writer(db.value(), run.value());
        writer.turn("c-1", 1, syntheticTurn());
        writer.conversationEnd("c-1", {});
    }
    VERIFY_NO_ERROR(db.value().finishRun(run.value(), RunStatus::Complete));
    QCOMPARE(queryInt(db.value(), "SELECT count(*) FROM run_turns"), std::int64_t(1));
    VERIFY_NO_ERROR(db.value().discardRun(run.value()));
    QCOMPARE(queryInt(db.value(), "SELECT count(*) FROM run_turns"), std::int64_t(0));
    QCOMPARE(queryInt(db.value(), "SELECT count(*) FROM run_clauses"), std::int64_t(0));
}

void TestWorkspaceDatabase::limits_data()
{
    using Limits = llmcl::tracer::DatabaseLimits;
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("message");
    // zeroblob() is not materialised: asking for one past the limit costs nothing.
    QTest::newRow("text-or-blob-length")
        << QStringLiteral("SELECT length(zeroblob(%1))").arg(Limits::length + 1)
        << QStringLiteral("too big");
    QTest::newRow("sql-length")
        << QStringLiteral("SELECT 1 /*%1*/").arg(QString(Limits::sqlLength, QLatin1Char('x')))
        << QStringLiteral("too long");
    QTest::newRow("expression-depth")
        << QStringLiteral("SELECT %1 1 %2")
               .arg(QStringLiteral("1 + (").repeated(Limits::expressionDepth + 1),
                   QString(Limits::expressionDepth + 1, QLatin1Char(')')))
        << QStringLiteral("too large");
    QStringList columns;
    for (int i = 0; i <= Limits::columns; ++i)
        columns << QString::number(i);
    QTest::newRow("columns") << QStringLiteral("SELECT ") + columns.join(QLatin1Char(','))
                             << QStringLiteral("too many columns");
    QStringList selects;
    for (int i = 0; i <= Limits::compoundSelect; ++i)
        selects << QStringLiteral("SELECT %1").arg(i);
    QTest::newRow("compound-select")
        << selects.join(QStringLiteral(" UNION ALL ")) << QStringLiteral("too many terms");
    QStringList arguments;
    for (int i = 0; i <= Limits::functionArguments; ++i)
        arguments << QString::number(i);
    QTest::newRow("function-arguments")
        << QStringLiteral("SELECT max(") + arguments.join(QLatin1Char(',')) + QLatin1Char(')')
        << QStringLiteral("too many arguments");
}

void TestWorkspaceDatabase::limits()
{
    // A crafted row or schema entry past the limits fails cleanly instead of taking memory or
    // time; each limit leaves room for what LLMCL Studio itself stores (largestRowsFit).
    QFETCH(QString, sql);
    QFETCH(QString, message);
    QTemporaryDir dir;
    auto db = WorkspaceDatabase::open(dbPath(dir));
    VERIFY_OK(db);
    auto result = db.value().connection().queryText(sql.toStdString());
    QVERIFY2(!result, "no limit");
    QVERIFY2(contains(result.error().message, message.toStdString())
            && contains(result.error().message, dbPath(dir)),
        result.error().message.c_str());
}

void TestWorkspaceDatabase::largestRowsFit()
{
    // Long texts fit in a turns row and in a run's messages: the limit on a row is four times
    // the longest line an import accepts (a static_assert in workspacedb.cpp); 16 MiB here
    // keeps the test quick (importing and replaying a 64 MiB line takes seconds).
    QTemporaryDir dir;
    const std::string sessions = dir.filePath(QStringLiteral("long.jsonl")).toStdString();
    const std::size_t length = std::size_t(16) << 20;
    {
        std::ofstream out(sessions, std::ios::binary);
        out << R"({"id": "long", "turns": [{"user": "tell me everything", "assistant": ")";
        out << std::string(length, 'x') << "\"}]}\n";
    }
    auto db = WorkspaceDatabase::open(dbPath(dir));
    VERIFY_OK(db);
    auto reader = llmcl::tracer::SessionReader::open(sessions);
    VERIFY_OK(reader);
    auto stats = db.value().importSessions(reader.value(), sessions);
    VERIFY_OK(stats);
    QCOMPARE(stats.value().imported, std::uint64_t(1));
    QCOMPARE(queryInt(db.value(), "SELECT length(response) FROM turns"), std::int64_t(length));

    auto run = db.value().beginRun({});
    VERIFY_OK(run);
    engine::TurnResult result = syntheticTurn();
    result.contracts[0].clauses[0].message = std::string(length, 'y');
    {
        RunWriter writer(db.value(), run.value());
        writer.turn("long", 1, result);
        writer.conversationEnd("long", {});
        VERIFY_NO_ERROR(writer.flush());
    }
    VERIFY_NO_ERROR(db.value().finishRun(run.value(), RunStatus::Complete));
    QVERIFY(queryInt(db.value(), "SELECT length(messages) FROM run_turns") > std::int64_t(length));
}

void TestWorkspaceDatabase::untrustedSchemaRefused_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("named");
    QTest::newRow("trigger-on-runs")
        << QStringLiteral("CREATE TRIGGER runs_wipe AFTER INSERT ON runs BEGIN "
                          "DELETE FROM turns; DELETE FROM conversations; "
                          "INSERT INTO contract_snapshots (hash, file, source) "
                          "VALUES ('x', 'x', 'x'); END")
        << QStringLiteral("unexpected trigger runs_wipe (on runs)");
    QTest::newRow("view-calling-a-function")
        << QStringLiteral("CREATE VIEW exfiltrate AS SELECT load_extension('/tmp/evil.so') AS x")
        << QStringLiteral("unexpected view exfiltrate");
    QTest::newRow("our-view-replaced")
        << QStringLiteral("DROP VIEW turn_verdicts; CREATE VIEW turn_verdicts AS "
                          "SELECT load_extension('/tmp/evil.so') AS run")
        << QStringLiteral("view turn_verdicts is not the schema's");
    QTest::newRow("extra-table") << QStringLiteral("CREATE TABLE notes (x)")
                                 << QStringLiteral("unexpected table notes");
    QTest::newRow("our-table-changed") << QStringLiteral("ALTER TABLE runs ADD COLUMN note TEXT")
                                       << QStringLiteral("table runs has other columns");
    QTest::newRow("our-table-missing")
        << QStringLiteral("DROP TABLE fixes") << QStringLiteral("table fixes is missing");
}

void TestWorkspaceDatabase::untrustedSchemaRefused()
{
    // A workspace database from elsewhere with objects the schema does not have is refused,
    // read-write and read-only, naming them and the file; nothing in it runs.
    QFETCH(QString, sql);
    QFETCH(QString, named);
    QTemporaryDir dir;
    const std::string path = dbPath(dir);
    const std::string built = buildRealDatabase(path);
    QVERIFY2(built.empty(), built.c_str());
    {
        auto raw = Database::open(path);
        VERIFY_OK(raw);
        VERIFY_NO_ERROR(raw.value().exec(sql.toStdString()));
    }
    for (const bool readOnly : {false, true}) {
        auto db = WorkspaceDatabase::open(path, WorkspaceDatabase::Options {readOnly});
        QVERIFY2(!db, "opened");
        const std::string &message = db.error().message;
        QVERIFY2(message.starts_with(path + ": refused as a workspace database: ")
                && contains(message, named.toStdString())
                && contains(message, "Opening untrusted databases"),
            message.c_str());
    }
    // Nothing ran: not while refusing, and not when a raw connection writes the file anyway.
    auto raw = Database::open(path);
    VERIFY_OK(raw);
    VERIFY_NO_ERROR(
        raw.value().exec("INSERT INTO runs (started, status) VALUES ('2026-01-01', 'complete')"));
    auto count = [&](const char *sql) {
        auto value = raw.value().queryInt(sql);
        return value ? value.value() : -1;
    };
    QCOMPARE(count("SELECT count(*) FROM turns"), std::int64_t(905));
    QCOMPARE(count("SELECT count(*) FROM conversations"), std::int64_t(547));
    QCOMPARE(count("SELECT count(*) FROM contract_snapshots"), std::int64_t(1));
    if (QTest::currentDataTag() == QByteArray("view-calling-a-function")) {
        auto selected = raw.value().queryText("SELECT x FROM exfiltrate");
        QVERIFY(!selected);
        QVERIFY2(contains(selected.error().message, "unsafe use of load_extension()"),
            selected.error().message.c_str());
    }
}

void TestWorkspaceDatabase::userAdditionsAccepted()
{
    // What the documentation invites (an index of one's own) and ANALYZE's statistics are
    // not refused; the file is then checked with PRAGMA quick_check.
    QTemporaryDir dir;
    const std::string path = dbPath(dir);
    const std::string built = buildRealDatabase(path);
    QVERIFY2(built.empty(), built.c_str());
    {
        auto db = WorkspaceDatabase::open(path);
        VERIFY_OK(db);
        VERIFY_NO_ERROR(db.value().connection().exec(
            "CREATE INDEX my_conversations_by_id ON conversations (id); ANALYZE"));
    }
    for (const bool readOnly : {false, true}) {
        auto db = WorkspaceDatabase::open(path, WorkspaceDatabase::Options {readOnly});
        VERIFY_OK(db);
        auto runs = db.value().runs();
        VERIFY_OK(runs);
        QCOMPARE(runs.value().size(), std::size_t(1));
    }
}

void TestWorkspaceDatabase::damagedFile_data()
{
    QTest::addColumn<QString>("where");
    QTest::addColumn<bool>("userIndex");
    QTest::addColumn<bool>("atOpen");
    QTest::addColumn<QString>("says");
    QTest::newRow("file-header") << QStringLiteral("header") << false << true
                                 << QStringLiteral("file is not a database");
    QTest::newRow("schema-page") << QStringLiteral("schema") << false << true
                                 << QStringLiteral("malformed");
    QTest::newRow("runs-page") << QStringLiteral("runs") << false << true
                               << QStringLiteral("the file is damaged");
    // Not read when opening a file whose schema is exactly ours: found when a run is read.
    QTest::newRow("turns-page") << QStringLiteral("turns") << false << false
                                << QStringLiteral("the file is damaged");
    // A schema that is not exactly ours is checked page by page when opening.
    QTest::newRow("turns-page-with-user-index")
        << QStringLiteral("turns") << true << true << QStringLiteral("PRAGMA quick_check");
}

void TestWorkspaceDatabase::damagedFile()
{
    // Garbage written into a page of a real database: reported with a message naming the file,
    // never a crash.
    QFETCH(QString, where);
    QFETCH(bool, userIndex);
    QFETCH(bool, atOpen);
    QFETCH(QString, says);
    QTemporaryDir dir;
    const std::string path = dbPath(dir);
    const std::string built = buildRealDatabase(path);
    QVERIFY2(built.empty(), built.c_str());
    std::int64_t pageSize = 0;
    std::int64_t page = 1;
    {
        auto db = WorkspaceDatabase::open(path);
        VERIFY_OK(db);
        if (userIndex)
            VERIFY_NO_ERROR(db.value().connection().exec(
                "CREATE INDEX my_conversations_by_id ON conversations (id)"));
        pageSize = queryInt(db.value(), "PRAGMA page_size");
        if (where == QStringLiteral("runs") || where == QStringLiteral("turns"))
            page = queryInt(db.value(),
                ("SELECT rootpage FROM sqlite_schema WHERE name = '" + where.toStdString() + "'")
                    .c_str());
    }
    QVERIFY(!fs::exists(path + "-wal")); // all of it is in the file
    QVERIFY(pageSize > 0 && page > 0);
    if (where == QStringLiteral("header"))
        QVERIFY(writeGarbage(path, 0, 100));
    else if (where == QStringLiteral("schema"))
        QVERIFY(writeGarbage(path, 100, std::uint64_t(pageSize) - 100));
    else
        QVERIFY(writeGarbage(path, std::uint64_t((page - 1) * pageSize), std::uint64_t(pageSize)));

    const auto reported = [&](const std::string &message) {
        return message.starts_with(path + ": ") && contains(message, says.toStdString());
    };
    auto db = WorkspaceDatabase::open(path);
    if (atOpen) {
        QVERIFY2(!db, "opened");
        QVERIFY2(reported(db.error().message), db.error().message.c_str());
        return;
    }
    VERIFY_OK(db);
    auto runs = db.value().runs();
    VERIFY_OK(runs);
    auto reader = llmcl::tracer::RunReader::open(db.value(), runs.value().at(0).id);
    VERIFY_OK(reader);
    TurnCounter counter;
    const llmcl::tracer::Status replayed = reader.value().replayTo(counter);
    QVERIFY2(replayed, "the damaged page was read without complaint");
    QVERIFY2(reported(replayed->message), replayed->message.c_str());
}

QTEST_GUILESS_MAIN(TestWorkspaceDatabase)
#include "tst_workspacedb.moc"
