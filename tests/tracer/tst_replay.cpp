// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// tracer::replay() with several jobs: the threads evaluate conversations in parallel and take
// turns emitting them, so what a listener receives must not depend on the number of jobs —
// the same events in the same order as one job gives (ensure_prob windows of every scope,
// temporal clauses, malformed lines, a conversation longer than a thread may buffer), one call
// at a time, and progress on the calling thread. A cancelled replay reports a prefix of the
// whole replay's events. The totals the replay counts on its threads (ReplayOptions::totals)
// are those a listener counting every event gets.
#include "engine/compiledset.h"
#include "engine/json.h"
#include "tracer/replay.h"
#include "tracer/replaytotals.h"
#include "tracer/sessionreader.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/common/replaytesting.h"
#include "tests/common/testpaths.h"

namespace engine = llmcl::engine;
namespace tracer = llmcl::tracer;

namespace {

const std::string kSource = llmcl::test::sourceDir().toStdString();

// Records, and checks that no call overlaps another and says on which threads calls came.
class GuardedRecorder final : public llmcl::test::ReplayRecorder
{
public:
    std::atomic<int> overlaps {0};
    std::set<std::thread::id> threads;
    std::atomic<bool> *cancelAfter = nullptr; // set once `cancelTurns` turns were received
    std::size_t cancelTurns = 0;
    tracer::ReplayTotals totals; // counted here, event by event

    void turn(const std::string &conversation, std::int64_t turn,
        const engine::TurnResult &result) override
    {
        const Guard guard(*this);
        totals.addTurn(result);
        ReplayRecorder::turn(conversation, turn, result);
        if (cancelAfter && ++m_turns == cancelTurns)
            cancelAfter->store(true);
    }
    void conversationEnd(
        const std::string &conversation, const engine::ConversationEnd &end) override
    {
        const Guard guard(*this);
        totals.addEnd(end);
        ReplayRecorder::conversationEnd(conversation, end);
    }
    void problem(const tracer::SessionProblem &problem) override
    {
        const Guard guard(*this);
        ReplayRecorder::problem(problem);
    }
    void runEnd(const std::vector<engine::ClauseVerdict> &settled) override
    {
        const Guard guard(*this);
        totals.addRunEnd(settled);
        ReplayRecorder::runEnd(settled);
    }

private:
    struct Guard
    {
        explicit Guard(GuardedRecorder &r)
            : recorder(r)
        {
            if (recorder.m_inside.fetch_add(1) != 0)
                ++recorder.overlaps;
            recorder.threads.insert(std::this_thread::get_id());
        }
        ~Guard() { recorder.m_inside.fetch_sub(1); }
        GuardedRecorder &recorder;
    };
    std::atomic<int> m_inside {0};
    std::size_t m_turns = 0;
};

using llmcl::test::compileFiles;

// The example sessions; 400 conversations of one to five turns whose answers move the
// ensure_prob windows, some without an id; a conversation of 700 turns (more than a chunk of
// conversations and more results than a thread holds back before it is emitted); malformed
// and blank lines among them.
std::string sessionsText()
{
    llmcl::test::WindowSessions sessions;
    sessions.conversations = 400;
    sessions.broken = {13, 110, 207, 304};
    sessions.blank = {50, 151, 252, 353};
    sessions.longOne = 200;
    sessions.longTurns = 700;
    return sessions.text(kSource + "/resources/examples/sessions.jsonl");
}

struct Outcome
{
    std::vector<std::string> events;
    tracer::ReplayStats stats;
    int overlaps = 0;
    std::size_t threads = 0;
    bool progressElsewhere = false; // a progress report on another thread than the caller's
    std::size_t progressReports = 0;
    std::string totals; // the summary of ReplayOptions::totals
    std::string listenerTotals; // the summary of the totals the listener counted
    std::uint64_t totalTurns = 0; // ReplayOptions::totals's
};

std::string summary(const tracer::ReplayTotals &totals)
{
    engine::JsonWriter writer;
    tracer::writeSummaryObject(writer, totals, tracer::ReplayFacts {});
    return writer.take();
}

Outcome replayWith(const std::shared_ptr<const engine::CompiledSet> &set, const std::string &path,
    int jobs, std::size_t cancelTurns = 0)
{
    Outcome outcome;
    GuardedRecorder recorder;
    std::atomic<bool> cancel {false};
    auto reader = tracer::SessionReader::open(path);
    if (!reader) {
        outcome.events = {"error " + reader.error().message};
        return outcome;
    }
    tracer::ReplayOptions options;
    options.evaluation.trace = true;
    options.evaluation.fix = true;
    options.jobs = jobs;
    options.cancel = &cancel;
    if (cancelTurns) {
        recorder.cancelAfter = &cancel;
        recorder.cancelTurns = cancelTurns;
    }
    const std::thread::id caller = std::this_thread::get_id();
    options.progressInterval = std::chrono::milliseconds(0);
    options.progress = [&](const tracer::ReplayProgress &) {
        ++outcome.progressReports;
        if (std::this_thread::get_id() != caller)
            outcome.progressElsewhere = true;
    };
    tracer::ReplayTotals totals;
    options.totals = &totals;
    auto stats = tracer::replay(set, reader.value(), options, recorder);
    if (!stats) {
        outcome.events = {"error " + stats.error().message};
        return outcome;
    }
    outcome.totals = summary(totals);
    outcome.totalTurns = totals.turns;
    outcome.listenerTotals = summary(recorder.totals);
    outcome.events = std::move(recorder.events);
    outcome.stats = stats.value();
    outcome.overlaps = recorder.overlaps.load();
    outcome.threads = recorder.threads.size();
    return outcome;
}

} // namespace

class TestReplay : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_set = compileFiles({kSource + "/resources/examples/support.llmcl",
            kSource + "/tests/data/conversations/windows.llmcl"});
        QVERIFY(m_set);
        m_path = m_dir.filePath(QStringLiteral("sessions.jsonl")).toStdString();
        std::ofstream(m_path, std::ios::binary) << sessionsText();
        m_expected = replayWith(m_set, m_path, 1);
        QVERIFY(m_expected.events.size() > 2000);
        QVERIFY(!m_expected.events.front().starts_with("error"));
        QCOMPARE(m_expected.stats.problems, std::uint64_t(4));
        QCOMPARE(m_expected.totals, m_expected.listenerTotals);
        QCOMPARE(m_expected.totalTurns, m_expected.stats.turns);
    }

    void sameEventsWhateverTheJobs_data()
    {
        QTest::addColumn<int>("jobs");
        QTest::newRow("two") << 2;
        QTest::newRow("three") << 3;
        QTest::newRow("eight") << 8;
    }

    void sameEventsWhateverTheJobs()
    {
        QFETCH(int, jobs);
        for (int round = 0; round < 3; ++round) {
            const Outcome outcome = replayWith(m_set, m_path, jobs);
            QCOMPARE(outcome.overlaps, 0);
            QVERIFY(!outcome.progressElsewhere);
            QVERIFY(outcome.progressReports > 0);
            QCOMPARE(outcome.stats.turns, m_expected.stats.turns);
            QCOMPARE(outcome.stats.conversations, m_expected.stats.conversations);
            QCOMPARE(outcome.stats.problems, m_expected.stats.problems);
            QCOMPARE(outcome.totals, outcome.listenerTotals);
            QCOMPARE(outcome.events.size(), m_expected.events.size());
            for (std::size_t i = 0; i < m_expected.events.size(); ++i)
                QCOMPARE(outcome.events[i], m_expected.events[i]);
        }
    }

    // The reference replay's contracts over real captured conversations.
    void realConversationsWhateverTheJobs()
    {
        std::vector<std::string> files;
        for (const auto &entry :
            std::filesystem::directory_iterator(kSource + "/bench/data/replay"))
            if (entry.path().extension() == ".llmcl")
                files.push_back(entry.path().string());
        std::sort(files.begin(), files.end());
        QCOMPARE(files.size(), std::size_t(10));
        const auto set = compileFiles(files);
        QVERIFY(set);
        const std::string sessions =
            llmcl::test::sourcePath(u"/../shared/data/sessions-sample.jsonl").toStdString();
        const Outcome one = replayWith(set, sessions, 1);
        QVERIFY(one.stats.turns > 800);
        for (const int jobs : {2, 4}) {
            const Outcome more = replayWith(set, sessions, jobs);
            QCOMPARE(more.overlaps, 0);
            QCOMPARE(more.totals, more.listenerTotals);
            QCOMPARE(more.events.size(), one.events.size());
            for (std::size_t i = 0; i < one.events.size(); ++i)
                QCOMPARE(more.events[i], one.events[i]);
        }
    }

    // Progress keeps coming while the calling thread waits behind a long conversation that
    // another thread evaluates (its own chunk, a long conversation too, full and not next).
    void progressGoesOnBehindALongConversation()
    {
        const std::string contracts = m_dir.filePath(QStringLiteral("p.llmcl")).toStdString();
        std::ofstream(contracts) << "contract P { ensure len(response) > 0 }\n";
        const auto set = compileFiles({contracts});
        QVERIFY(set);
        const std::string path = m_dir.filePath(QStringLiteral("long.jsonl")).toStdString();
        {
            std::ofstream out(path, std::ios::binary);
            for (const int turns : {600000, 2000}) {
                out << "{\"turns\": [";
                for (int t = 0; t < turns; ++t)
                    out << (t ? "," : "") << "{\"user\": \"q\", \"assistant\": \"a\"}";
                out << "]}\n";
            }
            for (int n = 0; n < 200; ++n)
                out << "{\"turns\": [{\"user\": \"q\", \"assistant\": \"a\"}]}\n";
        }
        auto reader = tracer::SessionReader::open(path);
        QVERIFY(reader);
        tracer::ReplayOptions options;
        options.jobs = 2;
        options.progressInterval = std::chrono::milliseconds(20);
        std::vector<std::chrono::steady_clock::time_point> reports;
        options.progress = [&](const tracer::ReplayProgress &) {
            reports.push_back(std::chrono::steady_clock::now());
        };
        tracer::ReplayListener nothing;
        const auto start = std::chrono::steady_clock::now();
        auto stats = tracer::replay(set, reader.value(), options, nothing);
        const auto end = std::chrono::steady_clock::now();
        QVERIFY(stats);
        QCOMPARE(stats.value().turns, std::uint64_t(602200));
        QVERIFY(reports.size() >= 3);
        // (The first report waits for the long line to be read.)
        std::chrono::steady_clock::duration longest {};
        for (std::size_t i = 1; i < reports.size(); ++i)
            longest = std::max(longest, reports[i] - reports[i - 1]);
        // Reports come every 20 ms; a quarter of the replay without one is a stall.
        QVERIFY2(longest < (end - start) / 4,
            qPrintable(QStringLiteral("%1 ms without progress in a replay of %2 ms")
                    .arg(std::chrono::duration_cast<std::chrono::milliseconds>(longest).count())
                    .arg(std::chrono::duration_cast<std::chrono::milliseconds>(end - start)
                            .count())));
    }

    void cancelledReplayReportsAPrefix_data()
    {
        QTest::addColumn<int>("jobs");
        QTest::addColumn<int>("turns");
        QTest::newRow("one-job") << 1 << 100;
        QTest::newRow("two-jobs") << 2 << 100;
        QTest::newRow("two-jobs-in-the-long-conversation") << 2 << 600;
        QTest::newRow("three-jobs") << 3 << 300;
    }

    void cancelledReplayReportsAPrefix()
    {
        QFETCH(int, jobs);
        QFETCH(int, turns);
        const Outcome outcome = replayWith(m_set, m_path, jobs, std::size_t(turns));
        QVERIFY(outcome.stats.cancelled);
        QVERIFY(outcome.stats.turns >= std::uint64_t(turns));
        QVERIFY(outcome.stats.turns < m_expected.stats.turns);
        // The events of the conversations in flight, then the run end.
        QVERIFY(outcome.events.size() >= 2);
        QVERIFY(outcome.events.size() < m_expected.events.size());
        for (std::size_t i = 0; i + 1 < outcome.events.size(); ++i)
            QCOMPARE(outcome.events[i], m_expected.events[i]);
        QVERIFY(outcome.events.back().starts_with("run end"));
    }

private:
    QTemporaryDir m_dir;
    std::shared_ptr<const engine::CompiledSet> m_set;
    std::string m_path;
    Outcome m_expected;
};

QTEST_GUILESS_MAIN(TestReplay)
#include "tst_replay.moc"
