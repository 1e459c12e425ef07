// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later

// The commands over a workspace database, on the real binary: replay --db, runs, diff and
// export, and what bad databases, locks, full disks and unwritable paths get.
#include "tracer/replaytotals.h"
#include "tracer/sqlite.h"
#include "tracer/workspacedb.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "tests/common/llmclprocess.h"
#include "tests/common/testpaths.h"

using namespace Qt::StringLiterals;
using llmcl::test::LlmclRun;
using llmcl::tracer::WorkspaceDatabase;

namespace {

QString examplesDir()
{
    return llmcl::test::sourcePath(u"/resources/examples");
}

QString sharedSample()
{
    return llmcl::test::sourcePath(u"/../shared/data/sessions-sample.jsonl");
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(data) == data.size();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

std::int64_t queryInt(const QString &db, const char *sql)
{
    auto opened = WorkspaceDatabase::open(db.toStdString());
    if (!opened) {
        qWarning("%s", opened.error().message.c_str());
        return -1;
    }
    auto value = opened.value().connection().queryInt(sql);
    return value ? value.value() : -1;
}

// Conversations whose responses have the given lengths, one turn each: "c<i>" gets a response
// of lengths[i] characters (and the e-mail address when `pii`).
QByteArray sessionsWithLengths(const QList<int> &lengths, bool pii = false)
{
    QByteArray out;
    for (qsizetype i = 0; i < lengths.size(); ++i) {
        const QByteArray response = pii
            ? QByteArray("mail me at jane.doe@example.com ") + QByteArray(lengths[i], 'x')
            : QByteArray(lengths[i], 'x');
        out += "{\"id\": \"c" + QByteArray::number(i) + "\", \"turns\": [{\"user\": \"question "
            + QByteArray::number(i) + "\", \"assistant\": \"" + response + "\"}]}\n";
    }
    return out;
}

} // namespace

class TestWorkspaceCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void replayStoresRunsAndImportsOnce();
    void runsJson();
    void summaryCoverageAndCompileTime();
    void diffBetweenContractVersions();
    void exportMatchesLiveTrace_data();
    void exportMatchesLiveTrace();
    void exportRedactsPii();
    void incompleteRunNotedAndDiscarded();
    void killedRunResumed();
    void resumeRefusals();
    void runReferences_data();
    void runReferences();
    void newerSchemaRefused();
    void readOnlyDatabase();
    void lockedDatabaseWaitsThenFails();
    void fullDiskLeavesConsistentDatabase();
    void exportToUnwritablePath();
    void untrustedDatabaseRefused();
};

void TestWorkspaceCli::replayStoresRunsAndImportsOnce()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString db = dir.filePath(u"llmcl-workspace.db"_s);
    QStringList arguments {u"replay"_s};
    arguments << QDir(examplesDir()).entryList({u"*.llmcl"_s}, QDir::Files, QDir::Name);
    arguments << u"--sessions"_s << sharedSample() << u"--db"_s << db << u"--jobs"_s << u"2"_s;
    for (int i = 0; i < 2; ++i) {
        const LlmclRun run = llmcl::test::runLlmcl(arguments, examplesDir());
        QVERIFY2(run.exitCode == 0 || run.exitCode == 1, qPrintable(run.err));
        QVERIFY2(run.out.contains(u"stored as run %1 in "_s.arg(i + 1)), qPrintable(run.out));
    }
    // Importing the same file again adds nothing; each run has every turn and conversation.
    QCOMPARE(queryInt(db, "SELECT count(*) FROM conversations"), std::int64_t(547));
    QCOMPARE(queryInt(db, "SELECT count(*) FROM turns"), std::int64_t(905));
    QCOMPARE(queryInt(db, "SELECT count(*) FROM runs WHERE status = 'complete'"), std::int64_t(2));
    QCOMPARE(queryInt(db, "SELECT count(*) FROM run_turns"), std::int64_t(2 * 905));
    QCOMPARE(queryInt(db, "SELECT count(*) FROM run_conversations WHERE source IS NULL"),
        std::int64_t(0));
    // The row-per-clause view agrees with the clauses and turns.
    QCOMPARE(queryInt(db, "SELECT count(*) FROM turn_verdicts WHERE run = 1"),
        905 * queryInt(db, "SELECT count(*) FROM run_clauses WHERE run = 1"));
    // The stored latency histograms count every evaluation (not skipped, not suppressed).
    QCOMPARE(queryInt(db,
                 "SELECT sum(c.count) FROM clause_latency c JOIN run_clauses r "
                 "ON r.id = c.clause WHERE r.run = 1"),
        queryInt(db, "SELECT count(*) FROM turn_verdicts WHERE run = 1 AND status NOT IN (4, 5)"));

    const LlmclRun runs = llmcl::test::runLlmcl({u"runs"_s, u"--db"_s, db}, dir.path());
    QCOMPARE(runs.exitCode, 0);
    const QStringList lines = runs.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    static const QRegularExpression line(
        u"^(\\d+) (\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z) complete 905 "
        "conflicts.llmcl,format.llmcl,quality.llmcl,safety.llmcl,support.llmcl$"_s);
    for (int i = 0; i < 2; ++i) {
        const QRegularExpressionMatch match = line.match(lines[i]);
        QVERIFY2(match.hasMatch(), qPrintable(lines[i]));
        QCOMPARE(match.captured(1).toInt(), i + 1);
    }
}

void TestWorkspaceCli::runsJson()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(u"w.db"_s);
    QVERIFY(writeFile(dir.filePath(u"s.jsonl"_s), sessionsWithLengths({10, 30})));
    QVERIFY(writeFile(dir.filePath(u"a.llmcl"_s), "contract A { ensure len(response) >= 20 }\n"));
    const LlmclRun replay = llmcl::test::runLlmcl(
        {u"replay"_s, u"a.llmcl"_s, u"--sessions"_s, u"s.jsonl"_s, u"--db"_s, db}, dir.path());
    QCOMPARE(replay.exitCode, 1);
    const LlmclRun runs =
        llmcl::test::runLlmcl({u"runs"_s, u"--db"_s, db, u"--format"_s, u"json"_s}, dir.path());
    QCOMPARE(runs.exitCode, 0);
    const QJsonArray array = QJsonDocument::fromJson(runs.rawOut).array();
    QCOMPARE(array.size(), 1);
    const QJsonObject run = array[0].toObject();
    QCOMPARE(run.value(u"id").toInt(), 1);
    QCOMPARE(run.value(u"status").toString(), u"complete"_s);
    QCOMPARE(run.value(u"turns").toInt(), 2);
    QCOMPARE(run.value(u"contracts").toArray(), QJsonArray {u"a.llmcl"_s});
    QVERIFY(!run.value(u"started").toString().isEmpty());
    QVERIFY(!run.value(u"finished").toString().isEmpty());
}

void TestWorkspaceCli::summaryCoverageAndCompileTime()
{
    // Cov#1 passes everywhere; Cov#2 too and its fix never runs; Low#1 loses the length
    // conflict to Cov#2 (priority) and never runs. The summary (and the stored totals) say so.
    QTemporaryDir dir;
    const QString db = dir.filePath(u"w.db"_s);
    QVERIFY(writeFile(dir.filePath(u"s.jsonl"_s), sessionsWithLengths({10, 30})));
    QVERIFY(writeFile(dir.filePath(u"c.llmcl"_s),
        "contract Cov(priority = high) {\n"
        "    ensure len(response) >= 1\n"
        "    ensure len(response) < 1000\n"
        "        auto_fix: response[0:999]\n"
        "}\n"
        "contract Low(priority = low) { ensure len(response) > 5000 }\n"));
    const LlmclRun run =
        llmcl::test::runLlmcl({u"replay"_s, u"c.llmcl"_s, u"--sessions"_s, u"s.jsonl"_s, u"--fix"_s,
                                  u"--db"_s, db, u"--format"_s, u"json"_s},
            dir.path());
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QByteArray last = run.rawOut.trimmed().split('\n').last();
    const QJsonObject summary = QJsonDocument::fromJson(last).object().value(u"summary").toObject();
    QVERIFY(summary.value(u"compile_ns").toInteger() > 0);
    const QJsonObject coverage = summary.value(u"coverage").toObject();
    QCOMPARE(coverage.value(u"never_evaluated").toArray(), QJsonArray {u"Low#1"_s});
    QCOMPARE(coverage.value(u"never_failed").toArray(), (QJsonArray {u"Cov#1"_s, u"Cov#2"_s}));
    QCOMPARE(coverage.value(u"fixes_never_applied").toArray(), QJsonArray {u"Cov#2"_s});
    QCOMPARE(summary.value(u"run").toInt(), 1);
    // The stored totals are the same summary.
    auto opened = WorkspaceDatabase::open(db.toStdString());
    QVERIFY(opened);
    auto totals = opened.value().connection().queryText("SELECT totals FROM runs WHERE id = 1");
    QVERIFY(totals);
    const QJsonObject stored =
        QJsonDocument::fromJson(QByteArray::fromStdString(totals.value())).object();
    QCOMPARE(stored.value(u"coverage").toObject(), coverage);
    QCOMPARE(stored.value(u"turns").toInt(), 2);
}

void TestWorkspaceCli::diffBetweenContractVersions()
{
    // Version 1 asks for 20 characters, version 2 for 50 and adds a clause: the turns of 20 to
    // 49 characters fail anew; going back, they pass anew.
    QTemporaryDir dir;
    const QString db = dir.filePath(u"w.db"_s);
    const QList<int> lengths {5, 25, 30, 45, 60, 80, 10, 49, 50};
    QVERIFY(writeFile(dir.filePath(u"s.jsonl"_s), sessionsWithLengths(lengths)));
    const QString contract = dir.filePath(u"quality.llmcl"_s);
    QVERIFY(writeFile(contract, "contract Quality { ensure len(response) >= 20 }\n"));
    const QStringList replay {
        u"replay"_s, u"quality.llmcl"_s, u"--sessions"_s, u"s.jsonl"_s, u"--db"_s, db};
    QVERIFY(llmcl::test::runLlmcl(replay, dir.path()).exitCode == 1);
    QVERIFY(writeFile(contract,
        "contract Quality {\n    ensure len(response) >= 50\n    ensure not contains(response, "
        "\"zzz\")\n}\n"));
    QVERIFY(llmcl::test::runLlmcl(replay, dir.path()).exitCode == 1);

    const LlmclRun diff = llmcl::test::runLlmcl(
        {u"diff"_s, u"--db"_s, db, u"last~1"_s, u"last"_s, u"--format"_s, u"json"_s}, dir.path());
    QCOMPARE(diff.exitCode, 1); // new failures
    const QJsonObject object = QJsonDocument::fromJson(diff.rawOut).object();
    QCOMPARE(object.value(u"run_a").toInt(), 1);
    QCOMPARE(object.value(u"run_b").toInt(), 2);
    QCOMPARE(object.value(u"turns_compared").toInt(), lengths.size());
    const QJsonArray clauses = object.value(u"clauses").toArray();
    QCOMPARE(clauses.size(), 2);
    const QJsonObject changed = clauses[0].toObject();
    QCOMPARE(changed.value(u"clause").toString(), u"Quality#1"_s);
    QCOMPARE(changed.value(u"presence").toString(), u"both"_s);
    int expected = 0;
    for (const int length : lengths)
        expected += length >= 20 && length < 50;
    QCOMPARE(changed.value(u"new_failures").toInt(), expected);
    QCOMPARE(changed.value(u"new_passes").toInt(), 0);
    const QJsonArray examples =
        changed.value(u"examples").toObject().value(u"new_failures").toArray();
    QCOMPARE(examples.size(), 3);
    QCOMPARE(examples[0].toObject().value(u"conversation").toString(), u"c1"_s);
    QCOMPARE(examples[0].toObject().value(u"turn").toInt(), 1);
    const QJsonObject added = clauses[1].toObject();
    QCOMPARE(added.value(u"clause").toString(), u"Quality#2"_s);
    QCOMPARE(added.value(u"presence").toString(), u"added"_s);
    QCOMPARE(added.value(u"failures").toInt(), 0);

    // The latency of the clause both runs have: each run's percentiles of its stored histogram
    // (clause_latency, read here with plain SQL) and the change.
    const QJsonArray latency = object.value(u"latency").toArray();
    QCOMPARE(latency.size(), 1);
    const QJsonObject quality = latency[0].toObject();
    QCOMPARE(quality.value(u"clause").toString(), u"Quality#1"_s);
    std::int64_t p50[2] = {}, p95[2] = {};
    for (int run = 1; run <= 2; ++run) {
        llmcl::tracer::LatencyHistogram histogram;
        const std::string sql =
            "SELECT l.bucket, l.count FROM clause_latency l JOIN run_clauses c ON c.id = l.clause "
            "WHERE c.run = "
            + std::to_string(run) + " AND c.clause = 'Quality#1'";
        auto opened = WorkspaceDatabase::open(db.toStdString());
        QVERIFY(opened);
        auto select = llmcl::tracer::Statement::prepare(opened.value().connection(), sql);
        QVERIFY(select);
        QVERIFY(!select.value().forEachRow([&](const llmcl::tracer::Statement &row) {
            histogram.addToBucket(std::size_t(row.columnInt(0)), std::uint64_t(row.columnInt(1)));
        }));
        QCOMPARE(histogram.count(), std::uint64_t(lengths.size()));
        const QJsonObject side = quality.value(run == 1 ? u"a" : u"b").toObject();
        QCOMPARE(side.value(u"count").toInteger(), qint64(histogram.count()));
        p50[run - 1] = histogram.quantile(0.50);
        p95[run - 1] = histogram.quantile(0.95);
        QCOMPARE(side.value(u"p50_ns").toInteger(), p50[run - 1]);
        QCOMPARE(side.value(u"p95_ns").toInteger(), p95[run - 1]);
    }
    QCOMPARE(quality.value(u"p50_delta_ns").toInteger(), p50[1] - p50[0]);
    QCOMPARE(quality.value(u"p95_delta_ns").toInteger(), p95[1] - p95[0]);
    const LlmclRun text =
        llmcl::test::runLlmcl({u"diff"_s, u"--db"_s, db, u"1"_s, u"2"_s}, dir.path());
    QVERIFY2(
        text.out.contains(u"latency, run 1 → run 2:\n  Quality#1: p50 "_s), qPrintable(text.out));

    // The other way round: the same turns pass anew, nothing fails anew (exit 0).
    const LlmclRun back =
        llmcl::test::runLlmcl({u"diff"_s, u"--db"_s, db, u"2"_s, u"1"_s}, dir.path());
    QCOMPARE(back.exitCode, 0);
    QVERIFY2(back.out.contains(u"Quality#1: %1 new passes"_s.arg(expected)), qPrintable(back.out));
    QVERIFY2(
        back.out.contains(u"new passes: c1 turn 1, c2 turn 1, c3 turn 1"_s), qPrintable(back.out));
    QVERIFY2(back.out.contains(u"Quality#2: removed in run 1"_s), qPrintable(back.out));

    // A run against itself: nothing changed.
    const LlmclRun same =
        llmcl::test::runLlmcl({u"diff"_s, u"--db"_s, db, u"1"_s, u"1"_s}, dir.path());
    QCOMPARE(same.exitCode, 0);
    QVERIFY2(same.out.contains(u"no clause-level changes"_s), qPrintable(same.out));
}

void TestWorkspaceCli::exportMatchesLiveTrace_data()
{
    QTest::addColumn<QString>("format");
    QTest::newRow("llmcl") << u"llmcl"_s;
    QTest::newRow("chrome") << u"chrome"_s;
    QTest::newRow("otlp") << u"otlp"_s;
}

void TestWorkspaceCli::exportMatchesLiveTrace()
{
    // The trace a replay writes as it goes and the one exported from the stored run later are
    // the same document.
    QFETCH(QString, format);
    QTemporaryDir dir;
    const QString db = dir.filePath(u"w.db"_s);
    const QString live = dir.filePath(u"live.json"_s);
    const QString exported = dir.filePath(u"exported.json"_s);
    QStringList replay {u"replay"_s};
    replay << QDir(examplesDir()).entryList({u"*.llmcl"_s}, QDir::Files, QDir::Name);
    replay << u"--sessions"_s << u"sessions.jsonl"_s << u"--db"_s << db << u"--trace"_s << live
           << u"--trace-format"_s << format;
    const LlmclRun run = llmcl::test::runLlmcl(replay, examplesDir());
    QVERIFY2(run.exitCode == 0 || run.exitCode == 1, qPrintable(run.err));
    const LlmclRun exporting = llmcl::test::runLlmcl(
        {u"export"_s, u"--db"_s, db, u"last"_s, u"--trace-format"_s, format, u"-o"_s, exported},
        dir.path());
    QVERIFY2(exporting.exitCode == 0, qPrintable(exporting.err));
    const QByteArray a = readFile(live);
    const QByteArray b = readFile(exported);
    QVERIFY(a.size() > 1000);
    if (a != b) {
        qsizetype at = 0;
        while (at < a.size() && at < b.size() && a[at] == b[at])
            ++at;
        QFAIL(qPrintable(
            u"the documents differ at byte %1:\nlive:     %2\nexported: %3"_s.arg(at).arg(
                QString::fromUtf8(a.mid(std::max<qsizetype>(0, at - 80), 200)),
                QString::fromUtf8(b.mid(std::max<qsizetype>(0, at - 80), 200)))));
    }
    QVERIFY(QDir(dir.path()).entryList({u"*.part*"_s}).isEmpty());
}

void TestWorkspaceCli::exportRedactsPii()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(u"w.db"_s);
    QVERIFY(writeFile(dir.filePath(u"s.jsonl"_s), sessionsWithLengths({10, 30}, true)));
    QVERIFY(writeFile(dir.filePath(u"a.llmcl"_s),
        "contract A { ensure not contains(response, \"@\") message: \"no addresses\" }\n"));
    QCOMPARE(
        llmcl::test::runLlmcl(
            {u"replay"_s, u"a.llmcl"_s, u"--sessions"_s, u"s.jsonl"_s, u"--db"_s, db}, dir.path())
            .exitCode,
        1);
    for (const QString &format : {u"llmcl"_s, u"chrome"_s, u"otlp"_s}) {
        const QString out = dir.filePath(format + u".json"_s);
        const LlmclRun plain = llmcl::test::runLlmcl(
            {u"export"_s, u"--db"_s, db, u"1"_s, u"--trace-format"_s, format, u"-o"_s, out},
            dir.path());
        QCOMPARE(plain.exitCode, 0);
        QVERIFY(readFile(out).contains("jane.doe@example.com"));
        const LlmclRun redacted =
            llmcl::test::runLlmcl({u"export"_s, u"--db"_s, db, u"1"_s, u"--trace-format"_s, format,
                                      u"--redact-pii"_s, u"-o"_s, out},
                dir.path());
        QCOMPARE(redacted.exitCode, 0);
        const QByteArray text = readFile(out);
        QVERIFY2(!text.contains("jane.doe@example.com"), qPrintable(format));
        QVERIFY2(text.contains("<EMAIL_REDACTED>"), qPrintable(format));
        QVERIFY(QJsonDocument::fromJson(text).isObject());
    }
}

void TestWorkspaceCli::incompleteRunNotedAndDiscarded()
{
    // A run whose writer went away mid-run: the next replay --db says so; runs --discard
    // removes it and everything it stored, and refuses nothing else.
    QTemporaryDir dir;
    const QString db = dir.filePath(u"w.db"_s);
    QVERIFY(writeFile(dir.filePath(u"s.jsonl"_s), sessionsWithLengths({30, 40})));
    QVERIFY(writeFile(dir.filePath(u"a.llmcl"_s), "contract A { ensure len(response) >= 20 }\n"));
    const QStringList replay {
        u"replay"_s, u"a.llmcl"_s, u"--sessions"_s, u"s.jsonl"_s, u"--db"_s, db};
    QCOMPARE(llmcl::test::runLlmcl(replay, dir.path()).exitCode, 0);
    {
        auto opened = WorkspaceDatabase::open(db.toStdString());
        QVERIFY(opened);
        QVERIFY(opened.value().beginRun({})); // destroyed unfinished: incomplete
    }
    const LlmclRun second = llmcl::test::runLlmcl(replay, dir.path());
    QCOMPARE(second.exitCode, 0);
    QVERIFY2(
        second.err.contains(u"has 1 incomplete run (2)"_s) && second.err.contains(u"--discard"_s),
        qPrintable(second.err));
    QVERIFY(llmcl::test::runLlmcl({u"runs"_s, u"--db"_s, db}, dir.path()).out.contains(u"\n2 "_s));
    const LlmclRun discard =
        llmcl::test::runLlmcl({u"runs"_s, u"--db"_s, db, u"--discard"_s, u"2"_s}, dir.path());
    QCOMPARE(discard.exitCode, 0);
    QCOMPARE(discard.out, u"run 2 discarded\n"_s);
    const LlmclRun runs = llmcl::test::runLlmcl({u"runs"_s, u"--db"_s, db}, dir.path());
    const QStringList lines = runs.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QVERIFY(lines[0].startsWith(u"1 "_s) && lines[1].startsWith(u"3 "_s));
    // Discarding a complete run takes its rows with it.
    QCOMPARE(
        llmcl::test::runLlmcl({u"runs"_s, u"--db"_s, db, u"--discard"_s, u"last"_s}, dir.path())
            .exitCode,
        0);
    QCOMPARE(queryInt(db, "SELECT count(*) FROM run_turns"), std::int64_t(2));
    QCOMPARE(queryInt(db, "SELECT count(*) FROM run_clauses"), std::int64_t(1));
    QCOMPARE(queryInt(db,
                 "SELECT count(*) FROM clause_latency c JOIN run_clauses r "
                 "ON r.id = c.clause WHERE r.run <> 1"),
        std::int64_t(0));
    QCOMPARE(queryInt(db, "SELECT count(*) FROM conversations"), std::int64_t(2));
    const LlmclRun missing =
        llmcl::test::runLlmcl({u"runs"_s, u"--db"_s, db, u"--discard"_s, u"7"_s}, dir.path());
    QCOMPARE(missing.exitCode, 2);
    QVERIFY2(missing.err.contains(u"no run 7"_s), qPrintable(missing.err));
}

namespace {

// `conversations` conversations of three turns whose responses pass or fail by length in a
// pattern, for runs long enough to be killed mid-way.
QByteArray manyConversations(int conversations)
{
    QByteArray out;
    for (int i = 0; i < conversations; ++i) {
        out += "{\"id\": \"c" + QByteArray::number(i) + "\", \"turns\": [";
        for (int t = 0; t < 3; ++t) {
            out += (t ? ", " : "") + QByteArray("{\"user\": \"question ") + QByteArray::number(i)
                + "\", \"assistant\": \"" + QByteArray(10 + (i * 7 + t * 13) % 40, 'x') + "\"}";
        }
        out += "]}\n";
    }
    return out;
}

// A contract with state across turns (temporal) and across conversations (ensure_prob).
const char *const kStatefulContract = R"(contract A {
    ensure len(response) >= 20 message: "too short"
    temporal always (len(response) > 12) message: "short answer"
    ensure_prob len(response) >= 25, 0.5 window_size: 50 message: "mostly long"
}
)";

} // namespace

void TestWorkspaceCli::killedRunResumed()
{
    // A run killed with SIGKILL mid-way and resumed must store what an uninterrupted run of
    // the same contracts and sessions stores: every turn's statuses, every conversation's
    // validity, what settled at the ends; and `llmcl diff` between the two finds nothing.
    QTemporaryDir dir;
    const QString db = dir.filePath(u"w.db"_s);
    QVERIFY(writeFile(dir.filePath(u"s.jsonl"_s), manyConversations(40000)));
    QVERIFY(writeFile(dir.filePath(u"a.llmcl"_s), kStatefulContract));
    const QStringList replay {u"replay"_s, u"a.llmcl"_s, u"--sessions"_s, u"s.jsonl"_s, u"--db"_s,
        db, u"--jobs"_s, u"2"_s};
    const LlmclRun whole = llmcl::test::runLlmcl(replay, dir.path(), 120000);
    QVERIFY2(whole.exitCode == 1, qPrintable(whole.err)); // violations found

    QProcess child;
    child.setWorkingDirectory(dir.path());
    child.start(llmcl::test::cliPath(), replay);
    QVERIFY(child.waitForStarted());
    QElapsedTimer timer;
    timer.start();
    std::int64_t stored = 0;
    while (stored < 2000 && timer.elapsed() < 60000 && child.state() == QProcess::Running) {
        QTest::qWait(20);
        auto reader = WorkspaceDatabase::open(db.toStdString(), WorkspaceDatabase::Options {true});
        if (reader)
            if (auto turns =
                    reader.value().connection().queryInt("SELECT turns FROM runs WHERE id = 2"))
                stored = turns.value();
    }
    QVERIFY2(stored >= 2000 && child.state() == QProcess::Running,
        "the run ended before it could be killed");
    child.kill(); // SIGKILL
    QVERIFY(child.waitForFinished(10000));
    QCOMPARE(queryInt(db, "SELECT count(*) FROM runs WHERE id = 2 AND status = 'incomplete'"),
        std::int64_t(1));
    QVERIFY(queryInt(db, "SELECT turns FROM runs WHERE id = 2") < 120000);

    // The contract file changes after the kill: the resumed run keeps its snapshot.
    QVERIFY(writeFile(dir.filePath(u"a.llmcl"_s), "contract A { ensure false }\n"));
    const LlmclRun resumed = llmcl::test::runLlmcl(
        {u"replay"_s, u"--db"_s, db, u"--resume"_s, u"2"_s, u"--jobs"_s, u"2"_s}, dir.path(),
        120000);
    QVERIFY2(resumed.exitCode == 1, qPrintable(resumed.err));
    QVERIFY2(resumed.err.contains(u"resuming run 2 after its first "_s), qPrintable(resumed.err));

    QCOMPARE(queryInt(db, "SELECT count(*) FROM runs WHERE status = 'complete'"), std::int64_t(2));
    QCOMPARE(queryInt(db, "SELECT turns FROM runs WHERE id = 2"), std::int64_t(120000));
    // Row by row: the same conversations, turns, statuses and messages in both runs.
    const char *const differences = R"sql(
        SELECT count(*) FROM (
            SELECT c.position, c.conversation, c.valid, t.turn, t.valid, t.statuses, t.messages,
                t.violations
            FROM run_conversations c JOIN run_turns t ON t.conversation = c.id WHERE c.run = 1
            EXCEPT
            SELECT c.position, c.conversation, c.valid, t.turn, t.valid, t.statuses, t.messages,
                t.violations
            FROM run_conversations c JOIN run_turns t ON t.conversation = c.id WHERE c.run = 2)
    )sql";
    QCOMPARE(queryInt(db, differences), std::int64_t(0));
    QCOMPARE(queryInt(db,
                 "SELECT count(*) FROM run_turns t JOIN run_conversations c "
                 "ON c.id = t.conversation WHERE c.run = 2"),
        std::int64_t(120000));
    QCOMPARE(
        queryInt(db, "SELECT count(*) FROM run_conversations WHERE run = 2"), std::int64_t(40000));
    const char *const settled = R"sql(
        SELECT count(*) FROM (
            SELECT c.position, v.turn, r.clause, v.status, v.message FROM verdicts v
            JOIN run_clauses r ON r.id = v.clause
            LEFT JOIN run_conversations c ON c.id = v.conversation WHERE v.run = 1
            EXCEPT
            SELECT c.position, v.turn, r.clause, v.status, v.message FROM verdicts v
            JOIN run_clauses r ON r.id = v.clause
            LEFT JOIN run_conversations c ON c.id = v.conversation WHERE v.run = 2)
    )sql";
    QCOMPARE(queryInt(db, settled), std::int64_t(0));
    QCOMPARE(queryInt(db, "SELECT count(*) FROM verdicts WHERE run = 1"),
        queryInt(db, "SELECT count(*) FROM verdicts WHERE run = 2"));
    QCOMPARE(queryInt(db, "SELECT count(*) FROM run_clauses WHERE run = 2"), std::int64_t(3));
    QCOMPARE(
        queryInt(db, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'"),
        std::int64_t(1));

    const LlmclRun diff = llmcl::test::runLlmcl(
        {u"diff"_s, u"--db"_s, db, u"1"_s, u"2"_s, u"--format"_s, u"json"_s}, dir.path(), 60000);
    QVERIFY2(diff.exitCode == 0, qPrintable(diff.out + diff.err));
    QVERIFY2(diff.out.contains(u"\"turns_compared\":120000"_s), qPrintable(diff.out));
    QVERIFY2(diff.out.contains(u"\"clauses\":[]"_s), qPrintable(diff.out));
}

void TestWorkspaceCli::resumeRefusals()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(u"w.db"_s);
    QVERIFY(writeFile(dir.filePath(u"s.jsonl"_s), sessionsWithLengths({30, 40, 50})));
    QVERIFY(writeFile(dir.filePath(u"a.llmcl"_s), "contract A { ensure len(response) >= 20 }\n"));
    QCOMPARE(
        llmcl::test::runLlmcl(
            {u"replay"_s, u"a.llmcl"_s, u"--sessions"_s, u"s.jsonl"_s, u"--db"_s, db}, dir.path())
            .exitCode,
        0);
    const LlmclRun complete =
        llmcl::test::runLlmcl({u"replay"_s, u"--db"_s, db, u"--resume"_s, u"last"_s}, dir.path());
    QCOMPARE(complete.exitCode, 2);
    QVERIFY2(complete.err.contains(u"is complete: there is nothing to resume"_s),
        qPrintable(complete.err));
    const LlmclRun withFiles = llmcl::test::runLlmcl(
        {u"replay"_s, u"a.llmcl"_s, u"--db"_s, db, u"--resume"_s, u"1"_s}, dir.path());
    QCOMPARE(withFiles.exitCode, 2);
    QVERIFY2(withFiles.err.contains(u"give none of them"_s), qPrintable(withFiles.err));
    const LlmclRun withoutDb =
        llmcl::test::runLlmcl({u"replay"_s, u"--resume"_s, u"1"_s}, dir.path());
    QCOMPARE(withoutDb.exitCode, 2);
    QVERIFY2(withoutDb.err.contains(u"--resume needs --db"_s), qPrintable(withoutDb.err));

    // A run cut short after its first two conversations, then the sessions file changes:
    // the run cannot continue over other conversations, and refusing changes nothing.
    {
        auto opened = WorkspaceDatabase::open(db.toStdString());
        QVERIFY(opened);
        QVERIFY(!opened.value().connection().exec(
            "UPDATE runs SET status = 'incomplete' WHERE id = 1"));
    }
    QVERIFY(writeFile(dir.filePath(u"s.jsonl"_s), sessionsWithLengths({31, 40, 50})));
    const LlmclRun changed =
        llmcl::test::runLlmcl({u"replay"_s, u"--db"_s, db, u"--resume"_s, u"1"_s}, dir.path());
    QCOMPARE(changed.exitCode, 2);
    QVERIFY2(changed.err.contains(u"cannot be resumed: its sessions file changed"_s),
        qPrintable(changed.err));
    QCOMPARE(queryInt(db, "SELECT count(*) FROM runs WHERE id = 1 AND status = 'incomplete'"),
        std::int64_t(1));
    QCOMPARE(queryInt(db, "SELECT count(*) FROM run_turns"), std::int64_t(3));
    // Back to the original content: the run resumes and completes (all was stored whole).
    QVERIFY(writeFile(dir.filePath(u"s.jsonl"_s), sessionsWithLengths({30, 40, 50})));
    const LlmclRun again =
        llmcl::test::runLlmcl({u"replay"_s, u"--db"_s, db, u"--resume"_s, u"1"_s}, dir.path());
    QVERIFY2(again.exitCode == 0, qPrintable(again.err));
    QCOMPARE(queryInt(db, "SELECT count(*) FROM runs WHERE id = 1 AND status = 'complete'"),
        std::int64_t(1));
    QCOMPARE(queryInt(db, "SELECT count(*) FROM run_turns"), std::int64_t(3));
    QCOMPARE(queryInt(db, "SELECT turns FROM runs WHERE id = 1"), std::int64_t(3));

    // A distributed replay's run over several files, or over a URL: one machine's replay
    // does not resume it, and says what does.
    for (const char *sessions : {"'s.jsonl' || char(10) || 's.jsonl'", "'file:///data/s.jsonl'"}) {
        {
            auto opened = WorkspaceDatabase::open(db.toStdString());
            QVERIFY(opened);
            QVERIFY(!opened.value().connection().exec(
                std::string("UPDATE runs SET status = 'incomplete', sessions = ") + sessions
                + " WHERE id = 1"));
        }
        const LlmclRun distributed =
            llmcl::test::runLlmcl({u"replay"_s, u"--db"_s, db, u"--resume"_s, u"1"_s}, dir.path());
        QCOMPARE(distributed.exitCode, 2);
        QVERIFY2(distributed.err.contains(u"(a distributed replay); 'python3 -m llmcl.dask replay "
                                          u"--db "_s)
                && distributed.err.contains(u" --resume 1' completes it"_s),
            qPrintable(distributed.err));
        QCOMPARE(queryInt(db, "SELECT count(*) FROM run_turns"), std::int64_t(3));
    }
}

void TestWorkspaceCli::runReferences_data()
{
    QTest::addColumn<QString>("reference");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    QTest::newRow("id") << u"2"_s << 0 << QString();
    QTest::newRow("last") << u"last"_s << 0 << QString();
    QTest::newRow("last~1") << u"last~1"_s << 0 << QString();
    QTest::newRow("last~2") << u"last~2"_s << 2 << u"no run last~2"_s;
    QTest::newRow("missing-id") << u"9"_s << 2 << u"no run 9"_s;
    QTest::newRow("garbage") << u"newest"_s << 2 << u"'newest' is not a run"_s;
    QTest::newRow("negative") << u"last~-1"_s << 2 << u"is not a run"_s;
}

void TestWorkspaceCli::runReferences()
{
    QFETCH(QString, reference);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const QString db = dir.filePath(u"w.db"_s);
    QVERIFY(writeFile(dir.filePath(u"s.jsonl"_s), sessionsWithLengths({30})));
    QVERIFY(writeFile(dir.filePath(u"a.llmcl"_s), "contract A { ensure len(response) >= 20 }\n"));
    for (int i = 0; i < 2; ++i)
        QCOMPARE(llmcl::test::runLlmcl(
                     {u"replay"_s, u"a.llmcl"_s, u"--sessions"_s, u"s.jsonl"_s, u"--db"_s, db},
                     dir.path())
                     .exitCode,
            0);
    const LlmclRun run = llmcl::test::runLlmcl(
        {u"export"_s, u"--db"_s, db, reference, u"-o"_s, dir.filePath(u"t.json"_s)}, dir.path());
    QCOMPARE(run.exitCode, exitCode);
    if (!message.isEmpty())
        QVERIFY2(run.err.contains(message), qPrintable(run.err));
}

void TestWorkspaceCli::newerSchemaRefused()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(u"w.db"_s);
    {
        auto opened = WorkspaceDatabase::open(db.toStdString());
        QVERIFY(opened);
        QVERIFY(!opened.value().connection().exec(
            "INSERT INTO schema_version VALUES (99, '2099-01-01T00:00:00Z')"));
    }
    QVERIFY(writeFile(dir.filePath(u"s.jsonl"_s), sessionsWithLengths({30})));
    QVERIFY(writeFile(dir.filePath(u"a.llmcl"_s), "contract A { ensure len(response) >= 20 }\n"));
    for (const QStringList &arguments :
        {QStringList {u"replay"_s, u"a.llmcl"_s, u"--sessions"_s, u"s.jsonl"_s, u"--db"_s, db},
            QStringList {u"runs"_s, u"--db"_s, db}}) {
        const LlmclRun run = llmcl::test::runLlmcl(arguments, dir.path());
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(db) && run.err.contains(u"newer"_s), qPrintable(run.err));
        QVERIFY(run.out.isEmpty());
    }
    QCOMPARE(queryInt(db, "SELECT 1"), std::int64_t(-1)); // still refused, still there
    QVERIFY(QFile::exists(db));
}

void TestWorkspaceCli::readOnlyDatabase()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(u"w.db"_s);
    QVERIFY(writeFile(dir.filePath(u"s.jsonl"_s), sessionsWithLengths({30})));
    QVERIFY(writeFile(dir.filePath(u"a.llmcl"_s), "contract A { ensure len(response) >= 20 }\n"));
    const QStringList replay {
        u"replay"_s, u"a.llmcl"_s, u"--sessions"_s, u"s.jsonl"_s, u"--db"_s, db};
    QCOMPARE(llmcl::test::runLlmcl(replay, dir.path()).exitCode, 0);
    const QByteArray before = readFile(db);
    QVERIFY(QFile::setPermissions(db, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));
    // Root may write a read-only file: then llmcl runs as nobody (the folder is opened to all).
    QString asUser;
    if (QFileInfo(db).isWritable()) {
        if (QStandardPaths::findExecutable(u"setpriv"_s).isEmpty())
            QSKIP("running as root without setpriv to run as another user");
        QVERIFY(QFile::setPermissions(dir.path(), QFile::Permissions(0x7777)));
        asUser = u"exec setpriv --reuid=65534 --regid=65534 --clear-groups \"$0\" \"$@\""_s;
    }
    const LlmclRun run = llmcl::test::runLlmcl(replay, dir.path(), 30000, asUser);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(db) && run.err.contains(u"read-only"_s), qPrintable(run.err));
    QCOMPARE(readFile(db), before);
    // Reading still works.
    const LlmclRun runs =
        llmcl::test::runLlmcl({u"runs"_s, u"--db"_s, db}, dir.path(), 30000, asUser);
    QVERIFY2(runs.exitCode == 0, qPrintable(runs.err));
    QVERIFY(runs.out.startsWith(u"1 "_s));
}

void TestWorkspaceCli::lockedDatabaseWaitsThenFails()
{
    // Another process holds the write lock for longer than llmcl waits (5 s): replay --db
    // reports it, the reading commands still work (WAL).
    QTemporaryDir dir;
    const QString db = dir.filePath(u"w.db"_s);
    QVERIFY(writeFile(dir.filePath(u"s.jsonl"_s), sessionsWithLengths({30})));
    QVERIFY(writeFile(dir.filePath(u"a.llmcl"_s), "contract A { ensure len(response) >= 20 }\n"));
    const QStringList replay {
        u"replay"_s, u"a.llmcl"_s, u"--sessions"_s, u"s.jsonl"_s, u"--db"_s, db};
    QCOMPARE(llmcl::test::runLlmcl(replay, dir.path()).exitCode, 0);

    QProcess holder;
    holder.start(u"python3"_s,
        {u"-c"_s,
            u"import sqlite3, sys, time\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "c.execute('BEGIN IMMEDIATE')\n"
            "print('locked', flush=True)\n"
            "time.sleep(20)\n"_s,
            db});
    QVERIFY(holder.waitForReadyRead(10000));
    QCOMPARE(holder.readLine().trimmed(), QByteArray("locked"));
    QElapsedTimer timer;
    timer.start();
    const LlmclRun run = llmcl::test::runLlmcl(replay, dir.path());
    const qint64 waited = timer.elapsed();
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(db) && run.err.contains(u"locked"_s), qPrintable(run.err));
    QVERIFY2(waited >= 4000, qPrintable(QString::number(waited)));
    const LlmclRun runs = llmcl::test::runLlmcl({u"runs"_s, u"--db"_s, db}, dir.path());
    QCOMPARE(runs.exitCode, 0);
    QVERIFY(runs.out.startsWith(u"1 "_s));
    holder.kill();
    holder.waitForFinished();
}

void TestWorkspaceCli::fullDiskLeavesConsistentDatabase()
{
    // A file-size limit stands in for a full disk: the writes that cross it fail with EFBIG.
    // The run stops with a message, the database stays consistent and the run is incomplete.
    QTemporaryDir dir;
    const QString db = dir.filePath(u"w.db"_s);
    QList<int> lengths;
    for (int i = 0; i < 3000; ++i)
        lengths << 20 + i % 400;
    QVERIFY(writeFile(dir.filePath(u"s.jsonl"_s), sessionsWithLengths(lengths)));
    QVERIFY(writeFile(dir.filePath(u"a.llmcl"_s),
        "contract A {\n    ensure len(response) >= 100\n    ensure not contains(response, "
        "\"y\")\n}\n"));
    // Create the database first (small), then replay under a limit it soon reaches.
    QCOMPARE(llmcl::test::runLlmcl({u"runs"_s, u"--db"_s, db}, dir.path()).exitCode, 2);
    {
        auto opened = WorkspaceDatabase::open(db.toStdString());
        QVERIFY(opened);
    }
    const LlmclRun run = llmcl::test::runLlmcl(
        {u"replay"_s, u"a.llmcl"_s, u"--sessions"_s, u"s.jsonl"_s, u"--db"_s, db}, dir.path(),
        60000, u"ulimit -f 1024"_s); // 512 KiB (in 512-byte blocks)
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(db), qPrintable(run.err));
    auto opened = WorkspaceDatabase::open(db.toStdString());
    QVERIFY2(opened, opened ? "" : opened.error().message.c_str());
    auto integrity = opened.value().connection().queryText("PRAGMA integrity_check");
    QVERIFY(integrity);
    QCOMPARE(integrity.value(), std::string("ok"));
    auto runs = opened.value().runs();
    QVERIFY(runs);
    for (const auto &stored : runs.value())
        QVERIFY(stored.status != llmcl::tracer::RunStatus::Complete);
}

void TestWorkspaceCli::exportToUnwritablePath()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(u"w.db"_s);
    QVERIFY(writeFile(dir.filePath(u"s.jsonl"_s), sessionsWithLengths({30})));
    QVERIFY(writeFile(dir.filePath(u"a.llmcl"_s), "contract A { ensure len(response) >= 20 }\n"));
    QCOMPARE(
        llmcl::test::runLlmcl(
            {u"replay"_s, u"a.llmcl"_s, u"--sessions"_s, u"s.jsonl"_s, u"--db"_s, db}, dir.path())
            .exitCode,
        0);
    const QString missing = dir.filePath(u"no/such/dir/t.json"_s);
    LlmclRun run = llmcl::test::runLlmcl(
        {u"export"_s, u"--db"_s, db, u"last"_s, u"-o"_s, missing}, dir.path());
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(
        run.err.contains(missing) && run.err.contains(u"cannot be written"_s), qPrintable(run.err));
    // An existing file is replaced whole or not at all: a size limit cuts the export short and
    // the old file stays.
    const QString existing = dir.filePath(u"t.json"_s);
    QVERIFY(writeFile(existing, "old"));
    run = llmcl::test::runLlmcl({u"export"_s, u"--db"_s, db, u"last"_s, u"-o"_s, existing},
        dir.path(), 30000, u"ulimit -f 1"_s);
    if (run.exitCode == 0)
        QSKIP("the export fits in one block");
    QCOMPARE(run.exitCode, 2);
    QCOMPARE(readFile(existing), QByteArray("old"));
    QVERIFY(QDir(dir.path()).entryList({u"*.part*"_s}).isEmpty());
}

void TestWorkspaceCli::untrustedDatabaseRefused()
{
    // A shared database with a trigger planted on runs: every command refuses it with a message
    // naming the trigger and the file, and the trigger never runs. A damaged one is reported.
    QTemporaryDir dir;
    const QString db = dir.filePath(u"w.db"_s);
    QVERIFY(writeFile(dir.filePath(u"s.jsonl"_s), sessionsWithLengths({30, 40})));
    QVERIFY(writeFile(dir.filePath(u"a.llmcl"_s), "contract A { ensure len(response) >= 20 }\n"));
    const QStringList replay {
        u"replay"_s, u"a.llmcl"_s, u"--sessions"_s, u"s.jsonl"_s, u"--db"_s, db};
    QCOMPARE(llmcl::test::runLlmcl(replay, dir.path()).exitCode, 0);
    const auto count = [&](const char *sql) -> std::int64_t {
        auto raw = llmcl::tracer::Database::open(db.toStdString());
        if (!raw)
            return -1;
        auto value = raw.value().queryInt(sql);
        return value ? value.value() : -1;
    };
    {
        auto raw = llmcl::tracer::Database::open(db.toStdString());
        QVERIFY(raw);
        QVERIFY(!raw.value().exec("CREATE TRIGGER runs_wipe AFTER INSERT ON runs BEGIN "
                                  "DELETE FROM turns; END"));
    }
    for (const QStringList &arguments : {replay, QStringList {u"runs"_s, u"--db"_s, db},
             QStringList {u"export"_s, u"--db"_s, db, u"last"_s, u"-o"_s, u"t.json"_s},
             QStringList {u"diff"_s, u"--db"_s, db, u"1"_s, u"1"_s}}) {
        const LlmclRun run = llmcl::test::runLlmcl(arguments, dir.path());
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(db + u": refused as a workspace database: "_s)
                && run.err.contains(u"unexpected trigger runs_wipe (on runs)"_s),
            qPrintable(run.err));
        QVERIFY(run.out.isEmpty());
    }
    QCOMPARE(count("SELECT count(*) FROM turns"), std::int64_t(2));
    QCOMPARE(count("SELECT count(*) FROM runs"), std::int64_t(1));

    // Without the trigger, then with garbage over the runs table's page.
    std::int64_t page = 0;
    std::int64_t pageSize = 0;
    {
        auto raw = llmcl::tracer::Database::open(db.toStdString());
        QVERIFY(raw);
        QVERIFY(!raw.value().exec("DROP TRIGGER runs_wipe"));
        page =
            raw.value().queryInt("SELECT rootpage FROM sqlite_schema WHERE name = 'runs'").value();
        pageSize = raw.value().queryInt("PRAGMA page_size").value();
    }
    QCOMPARE(llmcl::test::runLlmcl({u"runs"_s, u"--db"_s, db}, dir.path()).exitCode, 0);
    {
        QFile file(db);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.seek((page - 1) * pageSize));
        QVERIFY(file.write(QByteArray(pageSize, '\x5a')) == pageSize);
    }
    const LlmclRun damaged = llmcl::test::runLlmcl({u"runs"_s, u"--db"_s, db}, dir.path());
    QCOMPARE(damaged.exitCode, 2);
    QVERIFY2(damaged.err.contains(db) && damaged.err.contains(u"the file is damaged"_s),
        qPrintable(damaged.err));
}

QTEST_GUILESS_MAIN(TestWorkspaceCli)
#include "tst_workspacecli.moc"
