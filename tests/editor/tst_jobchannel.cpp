// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor/jobchannel.h"

#include <QCoreApplication>
#include <QSemaphore>
#include <QTest>
#include <QThread>
#include <QThreadPool>

#include <memory>
#include <vector>

using llmcl::editor::JobChannel;

namespace {

// What reached a receiver, kept outside it so that a test can look after the receiver is gone.
struct Log
{
    std::vector<int> values;
    std::vector<bool> onReceiverThread;
    int finished = 0;
};

class Receiver : public QObject
{
public:
    explicit Receiver(Log *log)
        : m_log(log)
    { }

    JobChannel<Receiver> &jobs() { return m_jobs; }

    void take(int value)
    {
        m_log->values.push_back(value);
        m_log->onReceiverThread.push_back(QThread::currentThread() == thread());
    }
    void finish() { ++m_log->finished; }

private:
    Log *m_log;
    JobChannel<Receiver> m_jobs {this};
};

using Job = JobChannel<Receiver>::Job;

} // namespace

class TestJobChannel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void deliversInOrderOnReceiverThread();
    void workerSeesItsJobGoStale();
    void staleResultIsDroppedOnArrival();
    void staleResultIsDroppedWhenPosted();
    void deliverReachesTheReceiverWhenStale();
    void nothingReachesReceiverDestroyedWhileJobRuns();
    void queuedResultDiesWithReceiver();
    void closeStopsDeliveries();

private:
    QThreadPool m_pool;
    Log m_log;
    std::unique_ptr<Receiver> m_receiver;
    // Holds a job at its start until the test lets it go on.
    std::shared_ptr<QSemaphore> m_gate;
};

void TestJobChannel::init()
{
    m_log = Log();
    m_receiver = std::make_unique<Receiver>(&m_log);
    m_gate = std::make_shared<QSemaphore>();
}

void TestJobChannel::cleanup()
{
    m_gate->release(100);
    m_pool.waitForDone();
    m_receiver.reset();
}

void TestJobChannel::deliversInOrderOnReceiverThread()
{
    m_receiver->jobs().start(&m_pool, [](const Job &job) {
        // Batches: several deliveries of one job arrive in the order they were sent.
        for (int i = 1; i <= 3; ++i)
            job.deliverIfCurrent(&Receiver::take, i);
        job.deliver(&Receiver::finish);
    });
    QTRY_COMPARE(m_log.finished, 1);
    QCOMPARE(m_log.values, (std::vector<int> {1, 2, 3}));
    QCOMPARE(m_log.onReceiverThread, (std::vector<bool> {true, true, true}));
}

void TestJobChannel::workerSeesItsJobGoStale()
{
    JobChannel<Receiver> &jobs = m_receiver->jobs();
    const quint64 started = jobs.generation();
    auto looked = std::make_shared<QSemaphore>();
    jobs.start(&m_pool, [gate = m_gate, looked](const Job &job) {
        const bool before = job.isStale();
        looked->release();
        gate->acquire();
        job.deliver(&Receiver::take, int(before) * 10 + int(job.isStale()));
        job.deliver(&Receiver::take, int(job.generation()));
    });
    looked->acquire();
    QCOMPARE(jobs.advance(), started + 1);
    QVERIFY(!jobs.isCurrent(started));
    m_gate->release();
    QTRY_COMPARE(m_log.values.size(), std::size_t(2));
    QCOMPARE(m_log.values[0], 1); // not stale at its start, stale after advance()
    QCOMPARE(m_log.values[1], int(started));
}

void TestJobChannel::staleResultIsDroppedOnArrival()
{
    JobChannel<Receiver> &jobs = m_receiver->jobs();
    jobs.start(&m_pool, [](const Job &job) { job.deliverIfCurrent(&Receiver::take, 1); });
    // The result is queued while its job is current; the input changes before it arrives.
    m_pool.waitForDone();
    jobs.advance();
    jobs.start(&m_pool, [](const Job &job) {
        job.deliverIfCurrent(&Receiver::take, 2);
        job.deliver(&Receiver::finish);
    });
    QTRY_COMPARE(m_log.finished, 1);
    QCOMPARE(m_log.values, (std::vector<int> {2}));
}

void TestJobChannel::staleResultIsDroppedWhenPosted()
{
    JobChannel<Receiver> &jobs = m_receiver->jobs();
    jobs.setGeneration(41);
    jobs.start(&m_pool, [gate = m_gate](const Job &job) {
        gate->acquire();
        job.deliverIfCurrent(&Receiver::take, 41);
        // Always delivered: tells the test that the stale result would have arrived by now.
        job.deliver(&Receiver::finish);
    });
    jobs.setGeneration(42);
    m_gate->release();
    QTRY_COMPARE(m_log.finished, 1);
    QVERIFY(m_log.values.empty());
}

void TestJobChannel::deliverReachesTheReceiverWhenStale()
{
    JobChannel<Receiver> &jobs = m_receiver->jobs();
    jobs.start(&m_pool, [gate = m_gate](const Job &job) {
        gate->acquire();
        job.deliver(&Receiver::take, int(job.generation()));
    });
    const quint64 started = jobs.generation();
    jobs.advance();
    m_gate->release();
    QTRY_COMPARE(m_log.values.size(), std::size_t(1));
    // The receiver gets it and decides, knowing the generation it belongs to.
    QCOMPARE(m_log.values[0], int(started));
    QVERIFY(!jobs.isCurrent(quint64(m_log.values[0])));
}

void TestJobChannel::nothingReachesReceiverDestroyedWhileJobRuns()
{
    auto stale = std::make_shared<bool>(false);
    m_receiver->jobs().start(&m_pool, [gate = m_gate, stale](const Job &job) {
        gate->acquire();
        *stale = job.isStale();
        job.deliver(&Receiver::take, 1);
        job.deliverIfCurrent(&Receiver::take, 2);
    });
    m_receiver.reset();
    m_gate->release();
    m_pool.waitForDone();
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
    QVERIFY(*stale);
    QVERIFY(m_log.values.empty());
}

void TestJobChannel::queuedResultDiesWithReceiver()
{
    m_receiver->jobs().start(&m_pool, [](const Job &job) { job.deliver(&Receiver::take, 1); });
    // Queued for the receiver, not yet run: it goes with the receiver's pending events.
    m_pool.waitForDone();
    m_receiver.reset();
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
    QVERIFY(m_log.values.empty());
}

void TestJobChannel::closeStopsDeliveries()
{
    JobChannel<Receiver> &jobs = m_receiver->jobs();
    auto stale = std::make_shared<bool>(false);
    jobs.start(&m_pool, [gate = m_gate, stale](const Job &job) {
        gate->acquire();
        *stale = job.isStale();
        job.deliver(&Receiver::take, 1);
    });
    jobs.close();
    jobs.close();
    m_gate->release();
    m_pool.waitForDone();
    QCoreApplication::sendPostedEvents();
    QVERIFY(*stale);
    QVERIFY(m_log.values.empty());
}

QTEST_GUILESS_MAIN(TestJobChannel)
#include "tst_jobchannel.moc"
