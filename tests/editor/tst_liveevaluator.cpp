// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor/liveevaluator.h"
#include "editor/textdiff.h"
#include "engine/languageservice.h"

#include <QScopeGuard>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTest>
#include <QThreadPool>

using llmcl::editor::LiveEvaluation;
using llmcl::editor::LiveEvaluator;
using llmcl::editor::TextDiff;
using llmcl::engine::ClauseStatus;

namespace {

const char *const kContracts = R"(contract Replies {
    ensure len(response) >= 20 message: "Response too short"
    ensure 1 / (len(content) - len(content)) > 0
    ensure context.tier == "free" message: "Not the free tier"
    ensure len(response) <= 30 auto_fix: response[:30]
}
)";

std::shared_ptr<const llmcl::engine::CompiledSet> compile(const std::string &text)
{
    return llmcl::engine::LanguageService::analyse("live.llmcl", text).compileResult().set;
}

const llmcl::engine::ClauseVerdict *verdict(const LiveEvaluation &evaluation, int line)
{
    for (const auto *verdict : evaluation.verdicts())
        if (int(verdict->range().begin.line) == line)
            return verdict;
    return nullptr;
}

} // namespace

// Live evaluation of a sample turn: real compile and evaluation on a pool thread, verdicts
// with explanations and fixes, stale generations dropped, the last good verdicts kept (stale)
// while the contracts do not compile, and the context marked when it is not JSON.
class TestLiveEvaluator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void verdicts_data();
    void verdicts();
    void fixIsRecordedWithDiff();
    void responseEmptyMeansInputPhaseOnly();
    void staleGenerationIsDropped();
    void lastGoodVerdictsKeptWhileContractsBroken();
    void invalidContext_data();
    void invalidContext();
    void invalidContextUsesLastGoodContext();
    void contextCheckedWithoutContracts();
    void sampleEditsAreDebounced();
    void explanation_data();
    void explanation();
    void wordDiff_data();
    void wordDiff();

private:
    void blockPool();
    std::shared_ptr<const LiveEvaluation> evaluate(
        const QString &content, const QString &response, const QString &context);

    LiveEvaluator *m_evaluator = nullptr;
    QThreadPool m_pool;
    QSemaphore m_gate;
};

void TestLiveEvaluator::initTestCase()
{
    m_pool.setMaxThreadCount(1);
}

void TestLiveEvaluator::init()
{
    m_evaluator = new LiveEvaluator;
    m_evaluator->setThreadPool(&m_pool);
}

void TestLiveEvaluator::cleanup()
{
    delete m_evaluator;
    m_evaluator = nullptr;
    m_pool.waitForDone();
}

void TestLiveEvaluator::blockPool()
{
    QSemaphore started;
    m_pool.start([this, &started] {
        started.release();
        m_gate.acquire();
    });
    started.acquire();
}

std::shared_ptr<const LiveEvaluation> TestLiveEvaluator::evaluate(
    const QString &content, const QString &response, const QString &context)
{
    QSignalSpy changed(m_evaluator, &LiveEvaluator::evaluationChanged);
    m_evaluator->setContracts(compile(kContracts), 1, "live.llmcl");
    m_evaluator->setSample(content, response, context);
    [&] { QTRY_VERIFY(changed.count() >= 1 && !m_evaluator->isBusy()); }();
    return m_evaluator->evaluation();
}

void TestLiveEvaluator::verdicts_data()
{
    QTest::addColumn<QString>("response");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("explanation");
    QTest::addColumn<QString>("message");
    QTest::newRow("short-response-fails")
        << QStringLiteral("Hello there!") << 2 << int(ClauseStatus::Fail)
        << QStringLiteral("len(response) = 12 >= 20 → false")
        << QStringLiteral("Response too short");
    QTest::newRow("long-response-passes")
        << QStringLiteral("Hello there, how are you?") << 2 << int(ClauseStatus::Pass)
        << QStringLiteral("len(response) = 25 >= 20 → true") << QString();
    QTest::newRow("division-by-zero-errors")
        << QStringLiteral("Hello there, how are you?") << 3 << int(ClauseStatus::Error) << QString()
        << QStringLiteral("division by zero");
    QTest::newRow("context-key-passes")
        << QStringLiteral("Hello there, how are you?") << 4 << int(ClauseStatus::Pass)
        << QStringLiteral("context.tier = \"free\"") << QString();
}

void TestLiveEvaluator::verdicts()
{
    QFETCH(QString, response);
    QFETCH(int, line);
    QFETCH(int, status);
    QFETCH(QString, explanation);
    QFETCH(QString, message);
    const auto evaluation =
        evaluate(QStringLiteral("Hi"), response, QStringLiteral(R"({"tier": "free"})"));
    QVERIFY(evaluation);
    QCOMPARE(evaluation->documentPath, std::string("live.llmcl"));
    QCOMPARE(evaluation->contractsRevision, 1u);
    QCOMPARE(evaluation->explanations.size(), evaluation->verdicts().size());
    const auto *clause = verdict(*evaluation, line);
    QVERIFY(clause);
    const auto all = evaluation->verdicts();
    QCOMPARE(int(clause->status), status);
    QCOMPARE(clause->file(), std::string("live.llmcl"));
    const auto index = std::size_t(std::find(all.begin(), all.end(), clause) - all.begin());
    if (!explanation.isEmpty())
        QVERIFY2(evaluation->explanations[index].startsWith(explanation),
            qPrintable(evaluation->explanations[index]));
    if (!message.isEmpty())
        QVERIFY2(
            QString::fromStdString(clause->message).contains(message), clause->message.c_str());
    QVERIFY(evaluation->contextValid);
}

void TestLiveEvaluator::fixIsRecordedWithDiff()
{
    const QString response = QStringLiteral("This response is much longer than thirty characters.");
    const auto evaluation = evaluate(QStringLiteral("Hi"), response, QString());
    QVERIFY(evaluation);
    QCOMPARE(evaluation->result.fixes.size(), std::size_t(1));
    const auto &fix = evaluation->result.fixes.front();
    QCOMPARE(fix.outcome, llmcl::engine::FixOutcome::Fixed);
    QCOMPARE(fix.before, response.toStdString());
    QCOMPARE(fix.after, response.left(30).toStdString());
    QCOMPARE(evaluation->fixDiffs.size(), std::size_t(1));
    const TextDiff &diff = evaluation->fixDiffs.front();
    QVERIFY(diff.changed());
    QCOMPARE(diff.before(), fix.before);
    QCOMPARE(diff.after(), fix.after);
    QVERIFY(std::any_of(diff.segments.begin(), diff.segments.end(),
        [](const auto &segment) { return segment.kind == TextDiff::Segment::Kind::Delete; }));
    QCOMPARE(diff.segments.front().kind, TextDiff::Segment::Kind::Equal);
}

void TestLiveEvaluator::responseEmptyMeansInputPhaseOnly()
{
    const auto evaluation = evaluate(QStringLiteral("Hi"), QString(), QString());
    QVERIFY(evaluation);
    QVERIFY(!evaluation->result.response);
    for (const auto *verdict : evaluation->verdicts())
        QCOMPARE(verdict->status, ClauseStatus::Skipped);
}

void TestLiveEvaluator::staleGenerationIsDropped()
{
    QSignalSpy changed(m_evaluator, &LiveEvaluator::evaluationChanged);
    QSignalSpy dropped(m_evaluator, &LiveEvaluator::resultDropped);
    QSignalSpy started(m_evaluator, &LiveEvaluator::evaluationStarted);
    blockPool();
    auto unblock = qScopeGuard([this] { m_gate.release(); });
    m_evaluator->setSample(QStringLiteral("Hi"), QStringLiteral("short"), QString());
    m_evaluator->setContracts(compile(kContracts), 1, "live.llmcl");
    const quint64 first = m_evaluator->generation();
    // The context check of the first sample is in flight (queued behind the blocker); the
    // evaluation waits for it: one job at a time.
    QCOMPARE(started.count(), 1);
    m_evaluator->setSample(
        QStringLiteral("Hi"), QStringLiteral("a response of more than twenty"), QString());
    QVERIFY(m_evaluator->generation() > first);
    QCOMPARE(started.count(), 1);
    unblock.dismiss();
    m_gate.release();
    QTRY_COMPARE(changed.count(), 1);
    QCOMPARE(started.count(), 2);
    QVERIFY(!m_evaluator->isBusy());
    QVERIFY(dropped.count() >= 1);
    QVERIFY(m_evaluator->resultsDropped() >= 1);
    const auto evaluation = m_evaluator->evaluation();
    QCOMPARE(evaluation->generation, m_evaluator->generation());
    // Only the last sample's verdicts were shown.
    QCOMPARE(verdict(*evaluation, 2)->status, ClauseStatus::Pass);
}

void TestLiveEvaluator::lastGoodVerdictsKeptWhileContractsBroken()
{
    const auto good = evaluate(QStringLiteral("Hi"), QStringLiteral("Hello there!"), QString());
    QVERIFY(good);
    QVERIFY(!m_evaluator->isStale());
    QSignalSpy stale(m_evaluator, &LiveEvaluator::staleChanged);
    QSignalSpy changed(m_evaluator, &LiveEvaluator::evaluationChanged);

    // The contract stops parsing: no set.
    const auto broken = llmcl::engine::LanguageService::analyse(
        "live.llmcl", "contract Replies {\n    ensure len(response >= 20\n}\n");
    QVERIFY(broken.compileResult().hasErrors());
    QVERIFY(!broken.compileResult().set);
    m_evaluator->setContracts(broken.compileResult().set, 2, "live.llmcl");
    QCOMPARE(stale.count(), 1);
    QCOMPARE(stale.at(0).at(0).toBool(), true);
    QVERIFY(m_evaluator->isStale());
    QCOMPARE(m_evaluator->evaluation(), good);

    // Editing the sample meanwhile changes nothing shown.
    m_evaluator->setSample(QStringLiteral("Hi"), QStringLiteral("Hello there, how are you?"), {});
    QTRY_VERIFY(!m_evaluator->isBusy());
    QCOMPARE(changed.count(), 0);
    QCOMPARE(m_evaluator->evaluation(), good);
    QVERIFY(m_evaluator->isStale());

    // They compile again: fresh verdicts of the current sample.
    m_evaluator->setContracts(compile(kContracts), 3, "live.llmcl");
    QTRY_COMPARE(changed.count(), 1);
    QVERIFY(!m_evaluator->isStale());
    QCOMPARE(stale.count(), 2);
    QCOMPARE(m_evaluator->evaluation()->contractsRevision, 3u);
    QCOMPARE(verdict(*m_evaluator->evaluation(), 2)->status, ClauseStatus::Pass);
}

void TestLiveEvaluator::invalidContext_data()
{
    QTest::addColumn<QString>("context");
    QTest::addColumn<int>("offset");
    QTest::newRow("missing-value") << QStringLiteral(R"({"tier": })") << 9;
    QTest::newRow("unterminated-object") << QStringLiteral(R"({"tier": "free")") << 15;
    QTest::newRow("not-an-object") << QStringLiteral("  [1, 2]") << 2;
    QTest::newRow("non-ascii-before-error") << QStringLiteral(R"({"name": "Zoë", })") << 17;
}

void TestLiveEvaluator::invalidContext()
{
    QFETCH(QString, context);
    QFETCH(int, offset);
    QSignalSpy checked(m_evaluator, &LiveEvaluator::contextChecked);
    const auto evaluation = evaluate(QStringLiteral("Hi"), QStringLiteral("Hello there!"), context);
    QVERIFY(evaluation);
    QVERIFY(!evaluation->contextValid);
    QVERIFY(!evaluation->contextError.isEmpty());
    QVERIFY(!evaluation->contextError.contains(QStringLiteral("at byte")));
    QCOMPARE(evaluation->contextErrorOffset, offset);
    QVERIFY(checked.count() >= 1);
    QCOMPARE(checked.last().at(0).toBool(), false);
    QCOMPARE(checked.last().at(2).toInt(), offset);
    // Without a context, context.tier is null: the clause fails but the turn is evaluated.
    QCOMPARE(verdict(*evaluation, 4)->status, ClauseStatus::Fail);
}

void TestLiveEvaluator::invalidContextUsesLastGoodContext()
{
    auto evaluation = evaluate(QStringLiteral("Hi"), QStringLiteral("Hello there!"),
        QStringLiteral(R"({"tier": "free"})"));
    QCOMPARE(verdict(*evaluation, 4)->status, ClauseStatus::Pass);
    QSignalSpy changed(m_evaluator, &LiveEvaluator::evaluationChanged);
    // Half-typed: the clauses that read the context keep their verdicts.
    m_evaluator->setSample(QStringLiteral("Hi"), QStringLiteral("Hello there!"),
        QStringLiteral(R"({"tier": "free", )"));
    QTRY_VERIFY(changed.count() >= 1 && !m_evaluator->isBusy());
    evaluation = m_evaluator->evaluation();
    QVERIFY(!evaluation->contextValid);
    QVERIFY(evaluation->contextFallback);
    QCOMPARE(verdict(*evaluation, 4)->status, ClauseStatus::Pass);
}

void TestLiveEvaluator::contextCheckedWithoutContracts()
{
    QSignalSpy checked(m_evaluator, &LiveEvaluator::contextChecked);
    QSignalSpy changed(m_evaluator, &LiveEvaluator::evaluationChanged);
    m_evaluator->setSample(QString(), QString(), QStringLiteral("{oops}"));
    QTRY_COMPARE(checked.count(), 1);
    QCOMPARE(checked.at(0).at(0).toBool(), false);
    QCOMPARE(checked.at(0).at(2).toInt(), 1);
    QCOMPARE(changed.count(), 0);
    QVERIFY(!m_evaluator->evaluation());
}

void TestLiveEvaluator::sampleEditsAreDebounced()
{
    m_evaluator->setDelay(60'000);
    auto evaluation = evaluate(QStringLiteral("Hi"), QStringLiteral("a"), QString());
    QVERIFY(evaluation);
    // Far longer than the wait: the next edit is within the delay and waits for the trailing
    // edge; a leading edge needs a pause first.
    QSignalSpy started(m_evaluator, &LiveEvaluator::evaluationStarted);
    m_evaluator->setSample(QStringLiteral("Hi"), QStringLiteral("ab"), QString());
    QCOMPARE(started.count(), 0);
    QVERIFY(m_evaluator->isBusy());
    m_evaluator->setDelay(10);
    QTRY_COMPARE(started.count(), 1);
    QTRY_VERIFY(!m_evaluator->isBusy());
    QCOMPARE(m_evaluator->evaluation()->result.response.value_or(""), std::string("ab"));
    // After a pause, an edit is evaluated at once.
    QTest::qWait(30);
    m_evaluator->setSample(QStringLiteral("Hi"), QStringLiteral("abc"), QString());
    QCOMPARE(started.count(), 2);
}

void TestLiveEvaluator::explanation_data()
{
    QTest::addColumn<QStringList>("expressions");
    QTest::addColumn<QList<int>>("values");
    QTest::addColumn<QString>("expected");
    QTest::newRow("substituted") << QStringList {QStringLiteral("len(response)"),
        QStringLiteral("len(response) >= 20")}
                                 << QList<int> {12, 0}
                                 << QStringLiteral("len(response) = 12 >= 20 → false");
    QTest::newRow("nested-once") << QStringList {QStringLiteral("len(response)"),
        QStringLiteral("len(response) + 1"), QStringLiteral("len(response) + 1 > 5")}
                                 << QList<int> {3, 4, 0}
                                 << QStringLiteral("len(response) + 1 = 4 > 5 → false");
    QTest::newRow("not-in-text") << QStringList {QStringLiteral("a"), QStringLiteral("f(x)")}
                                 << QList<int> {1, 1} << QStringLiteral("a = 1; f(x) → true");
    QTest::newRow("single") << QStringList {QStringLiteral("x > 1")} << QList<int> {1}
                            << QStringLiteral("x > 1 → true");
}

void TestLiveEvaluator::explanation()
{
    QFETCH(QStringList, expressions);
    QFETCH(QList<int>, values);
    QFETCH(QString, expected);
    llmcl::engine::ClauseVerdict verdict;
    std::vector<llmcl::engine::Explanation> lines;
    for (qsizetype i = 0; i < expressions.size(); ++i) {
        // The last line is the condition (a boolean), the others integers.
        const bool last = i + 1 == expressions.size();
        lines.push_back({expressions[i].toStdString(),
            last ? llmcl::engine::Value::boolean(values[i] != 0)
                 : llmcl::engine::Value::integer(values[i])});
    }
    verdict.values = llmcl::engine::Explanations(std::move(lines));
    QCOMPARE(LiveEvaluator::explanation(verdict), expected);
}

void TestLiveEvaluator::wordDiff_data()
{
    QTest::addColumn<QString>("before");
    QTest::addColumn<QString>("after");
    QTest::addColumn<QString>("expected"); // = equal, - deleted, + inserted, joined by |
    QTest::newRow("identical") << QStringLiteral("a b") << QStringLiteral("a b")
                               << QStringLiteral("=a b");
    QTest::newRow("word-replaced")
        << QStringLiteral("call me at 555 now") << QStringLiteral("call me at [redacted] now")
        << QStringLiteral("=call me at |-555|+[redacted]|= now");
    QTest::newRow("truncated") << QStringLiteral("one two three") << QStringLiteral("one two")
                               << QStringLiteral("=one two|- three");
    QTest::newRow("non-ascii") << QStringLiteral("Réponse très longue")
                               << QStringLiteral("Réponse courte")
                               << QStringLiteral("=Réponse |-très longue|+courte");
    QTest::newRow("empty") << QString() << QString() << QString();
}

void TestLiveEvaluator::wordDiff()
{
    QFETCH(QString, before);
    QFETCH(QString, after);
    QFETCH(QString, expected);
    const TextDiff diff = TextDiff::words(before.toStdString(), after.toStdString());
    QStringList parts;
    for (const auto &segment : diff.segments) {
        const char mark = segment.kind == TextDiff::Segment::Kind::Equal ? '='
            : segment.kind == TextDiff::Segment::Kind::Delete            ? '-'
                                                                         : '+';
        parts.append(QLatin1Char(mark) + QString::fromStdString(segment.text));
    }
    QCOMPARE(parts.join(QLatin1Char('|')), expected);
    QCOMPARE(diff.before(), before.toStdString());
    QCOMPARE(diff.after(), after.toStdString());
}

QTEST_GUILESS_MAIN(TestLiveEvaluator)
#include "tst_liveevaluator.moc"
