// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// RunStatistics (issue 12) against plain SQL over the stored rows: the example workspace's
// sessions replayed with fixes into a temporary database, answered from the summary tables,
// from a scan of run_turns (summary rows deleted), and after a migration from version 3; and
// the figures of each run that diffRuns hands on (llmcl diff, the Studio's comparison).
#include "engine/compiledset.h"
#include "tracer/replay.h"
#include "tracer/replaytotals.h"
#include "tracer/rundiff.h"
#include "tracer/runreader.h"
#include "tracer/runstatistics.h"
#include "tracer/runwriter.h"
#include "tracer/sessionreader.h"
#include "tracer/workspacedb.h"

#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "tests/common/testpaths.h"

using llmcl::tracer::RunStatistics;
using llmcl::tracer::WorkspaceDatabase;
namespace engine = llmcl::engine;
namespace tracer = llmcl::tracer;
namespace fs = std::filesystem;

class TestRunStatistics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void summaryMatchesSql();
    void scanMatchesSql();
    void drillDownOfFailuresByTurn();
    void drillDownPages();
    void migrationFromVersion3();
    void labelAndContractHashes();
    void diffCarriesEachRunsFigures_data();
    void diffCarriesEachRunsFigures();
    void replayTotalsFollowClauseRecords();

private:
    QTemporaryDir m_dir;
    std::string m_path;
    std::int64_t m_run = 0;
};

namespace {

const std::string kExamples = llmcl::test::sourcePath(u"/resources/examples").toStdString();

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

// Feeds the run writer and the totals, as `llmcl replay --db` does.
class Tee : public tracer::ReplayListener
{
public:
    Tee(tracer::RunWriter &writer, tracer::ReplayTotals &totals)
        : m_writer(writer)
        , m_totals(totals)
    { }
    void turn(const std::string &conversation, std::int64_t turn,
        const engine::TurnResult &result) override
    {
        m_totals.addTurn(result);
        m_writer.turn(conversation, turn, result);
    }
    void conversationEnd(
        const std::string &conversation, const engine::ConversationEnd &end) override
    {
        m_totals.addEnd(end);
        m_writer.conversationEnd(conversation, end);
    }
    void runEnd(const std::vector<engine::ClauseVerdict> &settled) override
    {
        m_totals.addRunEnd(settled);
        m_writer.runEnd(settled);
    }

private:
    tracer::RunWriter &m_writer;
    tracer::ReplayTotals &m_totals;
};

// Rows of a query, each row's columns joined with '|'.
std::vector<std::string> rows(WorkspaceDatabase &db, const std::string &sql)
{
    std::vector<std::string> out;
    auto select = tracer::Statement::prepare(db.connection(), sql);
    if (!select) {
        qWarning("%s", select.error().message.c_str());
        return {"<error>"};
    }
    if (auto error = select.value().forEachRow([&](const tracer::Statement &s) {
            std::string row;
            for (int i = 0; i < s.columnCount(); ++i) {
                if (i)
                    row += '|';
                row += s.isNull(i) ? std::string("NULL") : std::string(s.columnText(i));
            }
            out.push_back(std::move(row));
        }))
        return {"<error> " + error->message};
    return out;
}

std::int64_t integer(WorkspaceDatabase &db, const std::string &sql)
{
    auto value = db.connection().queryInt(sql);
    if (!value)
        qWarning("%s", value.error().message.c_str());
    return value ? value.value() : -1;
}

std::string turnsOf(std::int64_t run)
{
    return "run_turns t JOIN run_conversations rc ON rc.id = t.conversation WHERE rc.run = "
        + std::to_string(run);
}

// Every page of a drill-down, as "conversation-key|turn" rows.
template<typename Query>
std::vector<std::string> allPages(Query query, std::size_t limit, bool &ok)
{
    std::vector<std::string> out;
    tracer::TurnCursor cursor;
    ok = true;
    for (int pages = 0; pages < 10000; ++pages) {
        auto page = query(cursor, limit);
        if (!page) {
            qWarning("%s", page.error().message.c_str());
            ok = false;
            return out;
        }
        for (const tracer::DrillTurn &row : page.value().rows)
            out.push_back(std::to_string(row.conversationKey) + "|" + std::to_string(row.turn));
        if (!page.value().next)
            return out;
        cursor = *page.value().next;
    }
    ok = false;
    return out;
}

const char *kSummaryTables[] = {"run_summaries", "run_turn_latency", "run_turn_positions",
    "run_clause_summary", "run_failures_by_turn", "run_messages"};

// Deletes the summary rows of every run: what a run stored before version 4 looks like.
bool deleteSummaries(WorkspaceDatabase &db)
{
    for (const char *table : kSummaryTables)
        if (auto error = db.connection().exec(std::string("DELETE FROM ") + table)) {
            qWarning("%s", error->message.c_str());
            return false;
        }
    return true;
}

// Every answer of RunStatistics checked against SQL over the stored rows.
void checkAgainstSql(WorkspaceDatabase &db, std::int64_t run, RunStatistics &stats)
{
    const std::string r = std::to_string(run);
    const tracer::RunOverview &o = stats.overview();
    QCOMPARE(std::int64_t(o.conversations),
        integer(db, "SELECT count(*) FROM run_conversations WHERE run = " + r));
    QCOMPARE(std::int64_t(o.turns), integer(db, "SELECT count(*) FROM " + turnsOf(run)));
    QVERIFY(o.turns > 0);
    QCOMPARE(std::int64_t(o.validTurns),
        integer(db, "SELECT count(*) FROM " + turnsOf(run) + " AND t.valid = 1"));

    // Verdict counts per clause: turns (substr of statuses) and the ends (verdicts, turn 0).
    const std::vector<llmcl::tracer::ClauseCounts> counts = stats.clauseCounts();
    QCOMPARE(counts.size(), stats.clauses().size());
    std::array<std::int64_t, 4> bySeverity {};
    std::uint64_t failures = 0;
    for (const tracer::StoredClause &clause : stats.clauses()) {
        const std::string p = std::to_string(clause.position + 1);
        const std::string key = std::to_string(clause.key);
        const auto &c = counts[clause.position];
        QCOMPARE(c.clause, clause.id);
        const std::uint64_t got[] = {c.pass, c.fail, c.error, c.pending, c.suppressed, c.skipped};
        for (int s = 0; s < 6; ++s) {
            const std::int64_t expected =
                integer(db,
                    "SELECT count(*) FROM " + turnsOf(run) + " AND substr(t.statuses, " + p
                        + ", 1) = '" + std::to_string(s) + "'")
                + integer(db,
                    "SELECT count(*) FROM verdicts WHERE run = " + r + " AND turn = 0 AND clause = "
                        + key + " AND status = " + std::to_string(s));
            QCOMPARE(std::int64_t(got[s]), expected);
        }
        QCOMPARE(c.durationNs,
            integer(db,
                "SELECT coalesce(sum(json_extract(t.durations, '$["
                    + std::to_string(clause.position) + "]')), 0) FROM " + turnsOf(run))
                + integer(db,
                    "SELECT coalesce(sum(duration_ns), 0) FROM verdicts WHERE run = " + r
                        + " AND turn = 0 AND clause = " + key));
        bySeverity[std::size_t(clause.severity)] += std::int64_t(c.fail + c.error);
        failures += c.fail + c.error;
    }
    QVERIFY(failures > 0);
    const std::vector<std::string> severities = rows(db,
        "SELECT c.severity, count(*) FROM turn_verdicts v JOIN run_clauses c ON c.id = v.clause "
        "WHERE v.run = "
            + r + " AND v.status IN (1, 2) GROUP BY c.severity");
    std::map<std::string, std::int64_t> sqlSeverity;
    for (const std::string &row : severities)
        sqlSeverity[row.substr(0, row.find('|'))] += std::stoll(row.substr(row.find('|') + 1));
    for (const std::string &row : rows(db,
             "SELECT c.severity, count(*) FROM verdicts v JOIN run_clauses c ON c.id = v.clause "
             "WHERE v.run = "
                 + r + " AND v.turn = 0 AND v.status IN (1, 2) GROUP BY c.severity"))
        sqlSeverity[row.substr(0, row.find('|'))] += std::stoll(row.substr(row.find('|') + 1));
    for (int s = 0; s < 4; ++s) {
        const std::string name(engine::clauseSeverityName(engine::ClauseSeverity(s)));
        QCOMPARE(std::int64_t(o.violationsBySeverity[std::size_t(s)]), sqlSeverity[name]);
        QCOMPARE(bySeverity[std::size_t(s)], sqlSeverity[name]);
    }

    // Fixes and conflicts.
    QVERIFY(o.fixes > 0);
    QCOMPARE(std::int64_t(o.fixes), integer(db, "SELECT count(*) FROM fixes WHERE run = " + r));
    for (int outcome = 0; outcome < 4; ++outcome)
        QCOMPARE(std::int64_t(o.fixesByOutcome[std::size_t(outcome)]),
            integer(db,
                "SELECT count(*) FROM fixes WHERE run = " + r + " AND outcome = '"
                    + std::string(engine::fixOutcomeName(engine::FixOutcome(outcome))) + "'"));
    QCOMPARE(
        std::int64_t(o.conflicts), integer(db, "SELECT count(*) FROM conflicts WHERE run = " + r));
    QCOMPARE(o.compileNs.value_or(-1), std::int64_t(4242));
    QVERIFY(o.coverage);

    // Turn latency: the histogram of run_turns.duration_ns.
    tracer::LatencyHistogram turnLatency;
    for (const std::string &row : rows(db, "SELECT t.duration_ns FROM " + turnsOf(run)))
        turnLatency.add(std::stoll(row));
    QCOMPARE(o.turnLatency.count, turnLatency.count());
    QCOMPARE(o.turnLatency.p50, turnLatency.quantile(0.5));
    QCOMPARE(o.turnLatency.p90, turnLatency.quantile(0.9));
    QCOMPARE(o.turnLatency.p95, turnLatency.quantile(0.95));
    QCOMPARE(o.turnLatency.p99, turnLatency.quantile(0.99));
    std::uint64_t bucketed = 0;
    for (const tracer::LatencyBucket &bucket : stats.turnLatencyBuckets())
        bucketed += bucket.count;
    QCOMPARE(bucketed, o.turns);
    QCOMPARE(o.validTurnsPercent, 100.0 * double(o.validTurns) / double(o.turns));

    // Clause latency: what RunReader reads (the stored histogram, or computed from the turns).
    auto reader = tracer::RunReader::open(db, run);
    VERIFY_OK(reader);
    for (const tracer::StoredClause &clause : stats.clauses()) {
        auto histogram = reader.value().clauseLatency(clause.id);
        VERIFY_OK(histogram);
        const tracer::LatencyPercentiles &p = stats.clauseLatency()[clause.position];
        QCOMPARE(p.count, histogram.value().count());
        QCOMPARE(p.p95, histogram.value().quantile(0.95));
        QCOMPARE(p.max, histogram.value().quantile(1.0));
    }

    // Contract time: clause durations per contract over the summed turn durations.
    const std::int64_t turnNs = integer(db, "SELECT sum(t.duration_ns) FROM " + turnsOf(run));
    for (const tracer::ContractTime &time : stats.contractTime()) {
        std::int64_t ns = 0;
        for (const auto &c : counts)
            if (c.contract == time.contract)
                ns += c.durationNs;
        QCOMPARE(time.durationNs, ns);
        QCOMPARE(time.share, double(ns) / double(turnNs));
    }

    // Failures by turn number, per clause and in all.
    const std::vector<tracer::TurnNumberFailures> byTurn = stats.failuresByTurn();
    QCOMPARE(std::int64_t(byTurn.size()), integer(db, "SELECT max(t.turn) FROM " + turnsOf(run)));
    std::vector<std::string> got;
    for (const tracer::TurnNumberFailures &number : byTurn) {
        QCOMPARE(std::int64_t(number.turns),
            integer(db,
                "SELECT count(*) FROM " + turnsOf(run)
                    + " AND t.turn = " + std::to_string(number.turn)));
        QCOMPARE(std::int64_t(number.invalidTurns),
            integer(db,
                "SELECT count(*) FROM " + turnsOf(run)
                    + " AND t.valid = 0 AND t.turn = " + std::to_string(number.turn)));
        QCOMPARE(std::int64_t(number.failingTurns),
            integer(db,
                "SELECT count(*) FROM " + turnsOf(run)
                    + " AND t.turn = " + std::to_string(number.turn)
                    + " AND (instr(t.statuses, '1') > 0 OR instr(t.statuses, '2') > 0)"));
        for (std::size_t p = 0; p < number.failures.size(); ++p)
            if (number.failures[p])
                got.push_back(std::to_string(number.turn) + "|" + std::to_string(p + 1) + "|"
                    + std::to_string(number.failures[p]));
    }
    QCOMPARE(got,
        rows(db,
            "SELECT v.turn, c.position, count(*) FROM turn_verdicts v JOIN run_clauses c "
            "ON c.id = v.clause WHERE v.run = "
                + r
                + " AND v.status IN (1, 2) "
                  "GROUP BY v.turn, c.position ORDER BY v.turn, c.position"));

    // The most frequent messages.
    std::vector<std::string> messages;
    for (const tracer::MessageCount &m : stats.topMessages(15))
        messages.push_back(
            std::to_string(m.clause + 1) + "|" + m.message + "|" + std::to_string(m.count));
    QVERIFY(!messages.empty());
    QCOMPARE(messages,
        rows(db,
            "SELECT c.position, v.message, count(*) FROM turn_verdicts v JOIN run_clauses c "
            "ON c.id = v.clause WHERE v.run = "
                + r
                + " AND v.status IN (1, 2) AND "
                  "v.message IS NOT NULL GROUP BY c.position, v.message "
                  "ORDER BY count(*) DESC, c.position, v.message LIMIT 15"));

    // Auto-fix per clause.
    auto fixes = stats.fixes();
    VERIFY_OK(fixes);
    std::vector<std::string> fixRows;
    std::vector<std::string> brokeRows;
    for (const tracer::ClauseFixes &f : fixes.value()) {
        for (int outcome = 0; outcome < 4; ++outcome)
            if (f.outcomes[std::size_t(outcome)])
                fixRows.push_back(f.contract + "|" + f.clause + "|"
                    + std::string(engine::fixOutcomeName(engine::FixOutcome(outcome))) + "|"
                    + std::to_string(f.outcomes[std::size_t(outcome)]));
        QCOMPARE(f.successRate, double(f.outcomes[0]) / double(f.attempts));
        for (const auto &[clause, count] : f.broke)
            brokeRows.push_back(f.clause + "|" + clause + "|" + std::to_string(count));
    }
    QCOMPARE(fixRows,
        rows(db,
            "SELECT contract, clause, outcome, count(*) FROM fixes WHERE run = " + r
                + " GROUP BY contract, clause, outcome ORDER BY contract, clause, "
                  "CASE outcome WHEN 'fixed' THEN 0 WHEN 'ineffective' THEN 1 WHEN 'broke' "
                  "THEN 2 ELSE 3 END"));
    QCOMPARE(brokeRows,
        rows(db,
            "SELECT f.clause, j.value, count(*) FROM fixes f, json_each(f.broken) j "
            "WHERE f.run = "
                + r
                + " AND f.outcome = 'broke' "
                  "GROUP BY f.contract, f.clause, j.value ORDER BY f.contract, f.clause, j.value"));

    // Conflicts: every pair of a conflict's clauses counted once.
    auto matrix = stats.conflicts();
    VERIFY_OK(matrix);
    std::uint64_t cells = 0;
    for (const tracer::ConflictCell &cell : matrix.value().cells) {
        cells += cell.count;
        auto between = stats.conflictsBetween(cell.kind, cell.contractB, cell.contractA);
        VERIFY_OK(between);
        QVERIFY(!between.value().empty());
    }
    QCOMPARE(std::int64_t(cells),
        integer(db,
            "SELECT coalesce(sum(json_array_length(clauses) * "
            "(json_array_length(clauses) - 1) / 2), 0) FROM conflicts WHERE run = "
                + r));
    QCOMPARE(std::int64_t(matrix.value().suppressed.size()),
        integer(db,
            "SELECT coalesce(sum(json_array_length(suppressed)), 0) FROM conflicts "
            "WHERE run = "
                + r));
}

std::string compileAndReplay(const std::string &path, std::int64_t &runId,
    const std::vector<std::string> &names = {
        "safety.llmcl", "quality.llmcl", "format.llmcl", "support.llmcl", "conflicts.llmcl"})
{
    engine::CompileRequest request;
    std::vector<tracer::ContractSource> sources;
    for (const std::string &name : names) {
        const std::string file = kExamples + "/" + name;
        std::ifstream in(file, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        request.files.push_back(file);
        sources.push_back({file, text.str()});
    }
    const engine::CompileResult compiled = engine::compileContracts(request);
    if (!compiled.set)
        return "the example contracts do not compile";
    auto db = WorkspaceDatabase::open(path);
    if (!db)
        return db.error().message;
    const std::string sessions = kExamples + "/sessions.jsonl";
    auto reader = tracer::SessionReader::open(sessions);
    if (!reader)
        return reader.error().message;
    std::vector<std::int64_t> keys;
    WorkspaceDatabase::ImportOptions import;
    import.keys = &keys;
    if (auto stats = db.value().importSessions(reader.value(), sessions, import); !stats)
        return stats.error().message;
    tracer::RunInfo info;
    info.sessions = sessions;
    info.contracts = sources;
    auto run = db.value().beginRun(info);
    if (!run)
        return run.error().message;
    reader = tracer::SessionReader::open(sessions);
    if (!reader)
        return reader.error().message;
    tracer::ReplayTotals totals;
    {
        tracer::RunWriter writer(db.value(), run.value(), tracer::RunWriterOptions {7, false});
        writer.setConversationSources(keys);
        Tee tee(writer, totals);
        tracer::ReplayOptions options;
        options.evaluation.fix = true;
        auto stats = tracer::replay(compiled.set, reader.value(), options, tee);
        if (!stats)
            return stats.error().message;
        if (auto error = writer.finish(totals))
            return error->message;
    }
    const std::string json = R"({"compile_ns":4242,"coverage":{"never_evaluated":[],)"
                             R"("never_failed":[],"fixes_never_applied":[]}})";
    if (auto error = db.value().finishRun(run.value(), tracer::RunStatus::Complete, json))
        return error->message;
    runId = run.value();
    return {};
}

} // namespace

void TestRunStatistics::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_path = m_dir.filePath(QStringLiteral("llmcl-workspace.db")).toStdString();
    const std::string error = compileAndReplay(m_path, m_run);
    QVERIFY2(error.empty(), error.c_str());
}

void TestRunStatistics::summaryMatchesSql()
{
    auto db = WorkspaceDatabase::open(m_path);
    VERIFY_OK(db);
    auto stats = RunStatistics::open(db.value(), m_run);
    VERIFY_OK(stats);
    QVERIFY(stats.value().summarized());
    checkAgainstSql(db.value(), m_run, stats.value());
}

void TestRunStatistics::scanMatchesSql()
{
    const std::string copy = m_dir.filePath(QStringLiteral("scan.db")).toStdString();
    fs::copy_file(m_path, copy, fs::copy_options::overwrite_existing);
    auto db = WorkspaceDatabase::open(copy);
    VERIFY_OK(db);
    QVERIFY(deleteSummaries(db.value()));
    auto stats = RunStatistics::open(db.value(), m_run);
    VERIFY_OK(stats);
    QVERIFY(!stats.value().summarized());
    checkAgainstSql(db.value(), m_run, stats.value());
}

void TestRunStatistics::drillDownOfFailuresByTurn()
{
    // Each bar of "failures by turn number", per clause and in all, drilled into with pages of
    // 2 rows: exactly the turns behind it, summarized and scanned.
    const std::string copy = m_dir.filePath(QStringLiteral("drill.db")).toStdString();
    fs::copy_file(m_path, copy, fs::copy_options::overwrite_existing);
    auto db = WorkspaceDatabase::open(copy);
    VERIFY_OK(db);
    for (const bool summarized : {true, false}) {
        if (!summarized)
            QVERIFY(deleteSummaries(db.value()));
        auto stats = RunStatistics::open(db.value(), m_run);
        VERIFY_OK(stats);
        QCOMPARE(stats.value().summarized(), summarized);
        int bars = 0;
        for (const tracer::TurnNumberFailures &number : stats.value().failuresByTurn()) {
            const std::string where =
                turnsOf(m_run) + " AND t.turn = " + std::to_string(number.turn);
            bool ok = false;
            const auto all = allPages(
                [&](tracer::TurnCursor after, std::size_t limit) {
                    return stats.value().failingTurnsAt(number.turn, std::nullopt, after, limit);
                },
                2, ok);
            QVERIFY(ok);
            QCOMPARE(all,
                rows(db.value(),
                    "SELECT t.conversation, t.turn FROM " + where
                        + " AND (instr(t.statuses, '1') > 0 OR instr(t.statuses, '2') > 0) "
                          "ORDER BY t.conversation"));
            QCOMPARE(all.size(), std::size_t(number.failingTurns));
            for (std::size_t p = 0; p < number.failures.size(); ++p) {
                if (!number.failures[p])
                    continue;
                ++bars;
                const auto clause = allPages(
                    [&](tracer::TurnCursor after, std::size_t limit) {
                        return stats.value().failingTurnsAt(number.turn, p, after, limit);
                    },
                    2, ok);
                QVERIFY(ok);
                QCOMPARE(clause,
                    rows(db.value(),
                        "SELECT t.conversation, t.turn FROM " + where + " AND substr(t.statuses, "
                            + std::to_string(p + 1)
                            + ", 1) IN ('1', '2') ORDER BY t.conversation"));
                QCOMPARE(clause.size(), std::size_t(number.failures[p]));
            }
        }
        QVERIFY(bars > 0);
    }
}

void TestRunStatistics::drillDownPages()
{
    // Turns by clause and status, by message, and fixes by clause and outcome, page by page.
    const std::string copy = m_dir.filePath(QStringLiteral("pages.db")).toStdString();
    fs::copy_file(m_path, copy, fs::copy_options::overwrite_existing);
    auto db = WorkspaceDatabase::open(copy);
    VERIFY_OK(db);
    for (const bool summarized : {true, false}) {
        if (!summarized)
            QVERIFY(deleteSummaries(db.value()));
        auto stats = RunStatistics::open(db.value(), m_run);
        VERIFY_OK(stats);
        for (const tracer::StoredClause &clause : stats.value().clauses()) {
            for (int status = 0; status < 6; ++status) {
                bool ok = false;
                const auto got = allPages(
                    [&](tracer::TurnCursor after, std::size_t limit) {
                        return stats.value().turnsWithStatus(
                            clause.position, engine::ClauseStatus(status), after, limit);
                    },
                    3, ok);
                QVERIFY(ok);
                QCOMPARE(got,
                    rows(db.value(),
                        "SELECT t.conversation, t.turn FROM " + turnsOf(m_run)
                            + " AND substr(t.statuses, " + std::to_string(clause.position + 1)
                            + ", 1) = '" + std::to_string(status)
                            + "' ORDER BY t.conversation, t.turn"));
            }
        }
        for (const tracer::MessageCount &message : stats.value().topMessages(5)) {
            bool ok = false;
            std::vector<std::string> messagesSeen;
            const auto got = allPages(
                [&](tracer::TurnCursor after, std::size_t limit) {
                    auto page = stats.value().turnsWithMessage(
                        message.clause, message.message, after, limit);
                    if (page)
                        for (const tracer::DrillTurn &row : page.value().rows)
                            messagesSeen.push_back(row.message);
                    return page;
                },
                2, ok);
            QVERIFY(ok);
            QCOMPARE(got.size(), std::size_t(message.count));
            for (const std::string &seen : messagesSeen)
                QCOMPARE(seen, message.message);
        }
        auto fixes = stats.value().fixes();
        VERIFY_OK(fixes);
        for (const tracer::ClauseFixes &f : fixes.value()) {
            for (int outcome = 0; outcome < 4; ++outcome) {
                std::vector<std::string> ids;
                std::int64_t after = 0;
                for (;;) {
                    auto page =
                        stats.value().fixesOf(f.clause, engine::FixOutcome(outcome), after, 2);
                    VERIFY_OK(page);
                    for (const tracer::StoredFix &fix : page.value().rows) {
                        ids.push_back(std::to_string(fix.id));
                        QCOMPARE(int(fix.outcome), outcome);
                    }
                    if (!page.value().next)
                        break;
                    after = *page.value().next;
                }
                QCOMPARE(ids,
                    rows(db.value(),
                        "SELECT id FROM fixes WHERE run = " + std::to_string(m_run)
                            + " AND clause = '" + f.clause + "' AND outcome = '"
                            + std::string(engine::fixOutcomeName(engine::FixOutcome(outcome)))
                            + "' ORDER BY id"));
            }
        }
    }
}

void TestRunStatistics::migrationFromVersion3()
{
    // A version-3 database holding the same run (every version-3 column copied from the
    // current file): migrated to version 4, it keeps every row and gives the same answers.
    const std::string path = m_dir.filePath(QStringLiteral("v3.db")).toStdString();
    {
        auto raw = tracer::Database::open(path);
        VERIFY_OK(raw);
        tracer::Database &db = raw.value();
        VERIFY_NO_ERROR(db.exec("CREATE TABLE schema_version (version INTEGER NOT NULL, "
                                "applied TEXT NOT NULL)"));
        for (int v = 0; v < 3; ++v) {
            VERIFY_NO_ERROR(db.exec(WorkspaceDatabase::migrations()[std::size_t(v)]));
            VERIFY_NO_ERROR(db.exec("INSERT INTO schema_version VALUES (" + std::to_string(v + 1)
                + ", '2026-01-01T00:00:00Z')"));
        }
        VERIFY_NO_ERROR(db.exec("ATTACH DATABASE '" + m_path + "' AS v4"));
        VERIFY_NO_ERROR(db.exec("INSERT INTO main.runs SELECT id, started, finished, status, "
                                "sessions, options, totals, turns, writer_host, writer_pid "
                                "FROM v4.runs"));
        for (const char *table : {"conversations", "turns", "contract_snapshots", "run_contracts",
                 "run_clauses", "run_conversations", "run_turns", "verdicts", "verdict_details",
                 "fixes", "conflicts", "clause_latency"})
            VERIFY_NO_ERROR(
                db.exec(std::string("INSERT INTO main.") + table + " SELECT * FROM v4." + table));
        VERIFY_NO_ERROR(db.exec("DETACH DATABASE v4"));
    }
    auto current = WorkspaceDatabase::open(m_path);
    VERIFY_OK(current);
    auto migrated = WorkspaceDatabase::open(path);
    VERIFY_OK(migrated);
    QCOMPARE(migrated.value().version().value(), WorkspaceDatabase::currentVersion());
    for (const char *table : {"conversations", "turns", "contract_snapshots", "run_contracts",
             "run_clauses", "run_conversations", "run_turns", "verdicts", "fixes", "conflicts",
             "clause_latency", "runs"}) {
        const std::string sql = std::string("SELECT count(*) FROM ") + table;
        QCOMPARE(integer(migrated.value(), sql), integer(current.value(), sql));
    }
    QCOMPARE(integer(migrated.value(), "SELECT count(*) FROM run_summaries"), std::int64_t(0));
    QCOMPARE(integer(migrated.value(), "SELECT count(*) FROM runs WHERE label IS NOT NULL"),
        std::int64_t(0));
    auto stats = RunStatistics::open(migrated.value(), m_run);
    VERIFY_OK(stats);
    QVERIFY(!stats.value().summarized());
    checkAgainstSql(migrated.value(), m_run, stats.value());
    auto reference = RunStatistics::open(current.value(), m_run);
    VERIFY_OK(reference);
    QCOMPARE(stats.value().overview().violationsBySeverity,
        reference.value().overview().violationsBySeverity);
    QCOMPARE(
        stats.value().overview().turnLatency.p95, reference.value().overview().turnLatency.p95);
    QCOMPARE(stats.value().topMessages(10).size(), reference.value().topMessages(10).size());
}

void TestRunStatistics::labelAndContractHashes()
{
    const std::string copy = m_dir.filePath(QStringLiteral("label.db")).toStdString();
    fs::copy_file(m_path, copy, fs::copy_options::overwrite_existing);
    auto db = WorkspaceDatabase::open(copy);
    VERIFY_OK(db);
    VERIFY_NO_ERROR(db.value().setRunLabel(m_run, "baseline before the fix"));
    auto runs = db.value().runs();
    VERIFY_OK(runs);
    QCOMPARE(runs.value().back().label.value_or(""), std::string("baseline before the fix"));
    auto stats = RunStatistics::open(db.value(), m_run);
    VERIFY_OK(stats);
    QCOMPARE(
        stats.value().overview().run.label.value_or(""), std::string("baseline before the fix"));
    VERIFY_NO_ERROR(db.value().setRunLabel(m_run, std::nullopt));
    QVERIFY(!db.value().runs().value().back().label);
    QVERIFY(db.value().setRunLabel(m_run + 100, "x"));

    QCOMPARE(stats.value().contracts().size(), std::size_t(5));
    for (const tracer::RunContract &contract : stats.value().contracts()) {
        std::ifstream in(contract.file, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        QCOMPARE(contract.hash, tracer::contractSnapshotHash(contract.file, text.str()));
        QVERIFY(contract.hash != tracer::contractSnapshotHash(contract.file, text.str() + " "));
    }
}

void TestRunStatistics::diffCarriesEachRunsFigures_data()
{
    QTest::addColumn<bool>("summarized");
    QTest::newRow("stored-histograms") << true;
    QTest::newRow("scanned-turns") << false;
}

void TestRunStatistics::diffCarriesEachRunsFigures()
{
    // Run B replays the same sessions without conflicts.llmcl: its clauses are removed, the
    // others are in both runs with latencies of their own.
    QFETCH(bool, summarized);
    const std::string copy =
        m_dir.filePath(QStringLiteral("diff-%1.db").arg(summarized)).toStdString();
    fs::copy_file(m_path, copy, fs::copy_options::overwrite_existing);
    std::int64_t runB = 0;
    const std::string replayed = compileAndReplay(
        copy, runB, {"safety.llmcl", "quality.llmcl", "format.llmcl", "support.llmcl"});
    QVERIFY2(replayed.empty(), replayed.c_str());
    auto db = WorkspaceDatabase::open(copy);
    VERIFY_OK(db);
    if (!summarized) {
        // A run stored before version 4 or never finished: no summary, no stored histograms.
        QVERIFY(deleteSummaries(db.value()));
        VERIFY_NO_ERROR(db.value().connection().exec("DELETE FROM clause_latency"));
    }
    auto diff = tracer::diffRuns(db.value(), m_run, runB);
    VERIFY_OK(diff);

    // Each run's percentiles from SQL alone: the stored buckets, or every turn's duration of
    // the clause where it was evaluated (not skipped, not suppressed).
    const auto latency = [&](std::int64_t run, const std::string &clause) {
        const std::string r = std::to_string(run);
        tracer::LatencyHistogram histogram;
        if (summarized) {
            for (const std::string &row : rows(db.value(),
                     "SELECT l.bucket || '|' || l.count FROM clause_latency l JOIN run_clauses c "
                     "ON c.id = l.clause WHERE c.run = "
                         + r + " AND c.clause = '" + clause + "'"))
                histogram.addToBucket(std::stoull(row.substr(0, row.find('|'))),
                    std::stoull(row.substr(row.find('|') + 1)));
            return histogram;
        }
        const std::string p = std::to_string(integer(db.value(),
            "SELECT position FROM run_clauses WHERE run = " + r + " AND clause = '" + clause
                + "'"));
        for (const std::string &row : rows(db.value(),
                 "SELECT json_extract(t.durations, '$[" + std::to_string(std::stoll(p) - 1)
                     + "]') FROM " + turnsOf(run) + " AND substr(t.statuses, " + p
                     + ", 1) NOT IN ('4', '5')"))
            histogram.add(std::stoll(row));
        return histogram;
    };
    const auto failures = [&](std::int64_t run, const std::string &clause) {
        const std::string r = std::to_string(run);
        const std::string p = "(SELECT position FROM run_clauses WHERE run = " + r
            + " AND clause = '" + clause + "')";
        return integer(db.value(),
                   "SELECT count(*) FROM " + turnsOf(run) + " AND substr(t.statuses, " + p
                       + ", 1) IN ('1', '2')")
            + integer(db.value(),
                "SELECT count(*) FROM verdicts v JOIN run_clauses c ON c.id = v.clause WHERE "
                "v.run = "
                    + r + " AND v.turn = 0 AND c.clause = '" + clause + "' AND v.status IN (1, 2)");
    };
    // The figures of `clause` in `run` against SQL (`histogram`: its latencies).
    const auto check = [&](const tracer::ClauseInRun &in, const tracer::LatencyHistogram &histogram,
                           std::int64_t run, const std::string &clause) {
        QCOMPARE(in.latency.count, histogram.count());
        QCOMPARE(in.latency.p50, histogram.quantile(0.50));
        QCOMPARE(in.latency.p95, histogram.quantile(0.95));
        QCOMPARE(std::int64_t(in.failures), failures(run, clause));
    };
    std::size_t both = 0, removed = 0;
    for (const tracer::ClauseDiff &clause : diff.value().clauses) {
        QVERIFY2(clause.presence != tracer::ClauseDiff::Presence::OnlyInB, clause.clause.c_str());
        QVERIFY(clause.inA);
        const tracer::LatencyHistogram a = latency(m_run, clause.clause);
        check(*clause.inA, a, m_run, clause.clause);
        if (QTest::currentTestFailed())
            return;
        if (clause.presence == tracer::ClauseDiff::Presence::OnlyInA) {
            ++removed;
            QVERIFY(!clause.inB);
            QVERIFY(!clause.p50DeltaNs());
            continue;
        }
        ++both;
        QVERIFY(clause.inB);
        const tracer::LatencyHistogram b = latency(runB, clause.clause);
        check(*clause.inB, b, runB, clause.clause);
        if (QTest::currentTestFailed())
            return;
        if (a.count() && b.count()) {
            QCOMPARE(clause.p50DeltaNs().value_or(-1), b.quantile(0.50) - a.quantile(0.50));
            QCOMPARE(clause.p95DeltaNs().value_or(-1), b.quantile(0.95) - a.quantile(0.95));
        } else {
            QVERIFY(!clause.p50DeltaNs() && !clause.p95DeltaNs());
        }
    }
    QVERIFY(both > 10);
    QVERIFY(removed > 0);

    // And what the dashboards show of each run.
    for (const auto &[run, first] : {std::pair {m_run, true}, std::pair {runB, false}}) {
        auto stats = RunStatistics::open(db.value(), run);
        VERIFY_OK(stats);
        QCOMPARE(stats.value().summarized(), summarized);
        for (const tracer::ClauseDiff &clause : diff.value().clauses) {
            const std::optional<tracer::ClauseInRun> &in = first ? clause.inA : clause.inB;
            if (!in)
                continue;
            std::size_t position = 0;
            while (stats.value().clauses()[position].id != clause.clause)
                ++position;
            QCOMPARE(in->latency.p95, stats.value().clauseLatency()[position].p95);
            QCOMPARE(in->latency.p50, stats.value().clauseLatency()[position].p50);
        }
    }
}

// ReplayTotals counts a verdict by its clause record, found once per position: a turn whose
// verdicts come in another order, or hold other records of the same clauses (another compiled
// set of the same contracts, a stored run), must still be counted to the right clause.
void TestRunStatistics::replayTotalsFollowClauseRecords()
{
    const auto record = [](std::string id) {
        return std::make_shared<const engine::ClauseRecord>(
            engine::ClauseRecord {.id = std::move(id), .contract = "A"});
    };
    const auto first = record("A#1"), second = record("A#2");
    const auto firstAgain = record("A#1"), secondAgain = record("A#2");
    const auto turn =
        [](std::vector<std::pair<std::shared_ptr<const engine::ClauseRecord>, engine::ClauseStatus>>
                verdicts) {
            engine::TurnResult result;
            result.contracts.resize(1);
            for (auto &[clause, status] : verdicts) {
                engine::ClauseVerdict v(clause);
                v.status = status;
                result.contracts[0].clauses.push_back(std::move(v));
            }
            return result;
        };
    using S = engine::ClauseStatus;
    tracer::ReplayTotals totals;
    totals.addTurn(turn({{first, S::Pass}, {second, S::Fail}}));
    totals.addTurn(turn({{first, S::Pass}, {second, S::Pass}}));
    totals.addTurn(turn({{secondAgain, S::Error}, {firstAgain, S::Fail}})); // swapped, new records
    totals.addTurn(turn({{first, S::Pass}, {second, S::Pending}}));
    engine::ConversationEnd end;
    end.settled.emplace_back(secondAgain);
    end.settled.back().status = S::Pass;
    totals.addEnd(end);
    const std::vector<tracer::ClauseTotals> &clauses = totals.clauses();
    QCOMPARE(clauses.size(), 2u);
    QCOMPARE(clauses[0].id, "A#1");
    QCOMPARE(clauses[0].passes, 3u);
    QCOMPARE(clauses[0].failures, 1u);
    QCOMPARE(clauses[0].evaluations, 4u);
    QCOMPARE(clauses[1].id, "A#2");
    QCOMPARE(clauses[1].passes, 2u);
    QCOMPARE(clauses[1].failures, 1u);
    QCOMPARE(clauses[1].errors, 1u);
    QCOMPARE(clauses[1].pending, 1u);
    QCOMPARE(clauses[1].evaluations, 5u);
}

QTEST_GUILESS_MAIN(TestRunStatistics)
#include "tst_runstatistics.moc"
