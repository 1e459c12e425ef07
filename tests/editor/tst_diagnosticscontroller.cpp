// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor/contracteditor.h"
#include "editor/diagnosticscontroller.h"

#include <QFile>
#include <QPointer>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

#include <KSyntaxHighlighting/Repository>

#include <memory>

using llmcl::editor::ContractEditor;
using llmcl::editor::DiagnosticsController;

// Diagnostics as you type: the debounce, checks on a pool thread tagged with the document
// revision, stale results dropped (both when the job starts and when its result arrives), one
// check in flight per editor, imports from sibling files and open buffers, and teardown while a
// check runs.
class TestDiagnosticsController : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void defaultDelay();
    void typingIsDebounced();
    void firstEditAfterPauseIsCheckedAtOnce();
    void editsWithinTheDelayWaitForTheTrailingEdge();
    void pauseEndsTheBurst();
    void staleResultIsDroppedOnArrival();
    void staleJobSkipsAnalysis();
    void importsSiblingFiles_data();
    void importsSiblingFiles();
    void requestProviderSuppliesOpenBuffers();
    void editorDestroyedDuringCheck();

private:
    // Occupies the pool's only thread until release() is called.
    void blockPool();
    void release() { m_gate.release(); }
    static void writeFile(const QString &path, const QByteArray &bytes);
    static QStringList codes(const ContractEditor &editor);

    std::unique_ptr<KSyntaxHighlighting::Repository> m_repository;
    ContractEditor *m_editor = nullptr;
    DiagnosticsController *m_controller = nullptr;
    QThreadPool m_pool;
    QSemaphore m_gate;
};

void TestDiagnosticsController::initTestCase()
{
    m_repository = std::make_unique<KSyntaxHighlighting::Repository>();
    m_pool.setMaxThreadCount(1);
}

void TestDiagnosticsController::init()
{
    m_editor = new ContractEditor(*m_repository);
    m_controller = new DiagnosticsController(m_editor);
    m_controller->setThreadPool(&m_pool);
}

void TestDiagnosticsController::cleanup()
{
    delete m_editor;
    m_editor = nullptr;
    m_pool.waitForDone();
}

void TestDiagnosticsController::blockPool()
{
    QSemaphore started;
    m_pool.start([this, &started] {
        started.release();
        m_gate.acquire();
    });
    started.acquire();
}

void TestDiagnosticsController::writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
}

QStringList TestDiagnosticsController::codes(const ContractEditor &editor)
{
    QStringList result;
    for (const auto &diagnostic : editor.diagnostics())
        result.append(QString::fromStdString(diagnostic.code));
    return result;
}

void TestDiagnosticsController::defaultDelay()
{
    QCOMPARE(DiagnosticsController::kDefaultDelayMs, 150);
    QCOMPARE(m_controller->delay(), 150);
    QVERIFY(!m_controller->isBusy());
}

void TestDiagnosticsController::typingIsDebounced()
{
    QSignalSpy started(m_controller, &DiagnosticsController::checkStarted);
    QSignalSpy applied(m_controller, &DiagnosticsController::diagnosticsApplied);
    // Key clicks are delivered without returning to the event loop: faster than any typist.
    // The first key is checked at once (leading edge), the rest of the burst once, when it
    // stops (trailing edge); the leading check's result is stale by then and dropped.
    QTest::keyClicks(m_editor, QStringLiteral("contract A { ensure lenn(response) > 0 }"));
    QVERIFY(m_controller->isBusy());
    QCOMPARE(started.count(), 1);
    QCOMPARE(started.at(0).at(0).toULongLong(), 1u);
    QTRY_COMPARE(applied.count(), 1);
    QCOMPARE(started.count(), 2);
    QCOMPARE(started.at(1).at(0).toULongLong(), m_editor->revision());
    QCOMPARE(applied.at(0).at(0).toULongLong(), m_editor->revision());
    QCOMPARE(m_controller->resultsDropped(), 1);
    QCOMPARE(codes(*m_editor), QStringList {QStringLiteral("E2001")});
    QVERIFY(m_controller->languageService());
    QCOMPARE(m_controller->languageService()->text(), m_editor->utf8Text());
    QTRY_VERIFY(!m_controller->isBusy());

    // Single keystrokes further apart than the delay: each is a leading edge, checked once.
    QTest::qWait(m_controller->delay() + 50);
    QTest::keyClick(m_editor, Qt::Key_Space);
    QCOMPARE(started.count(), 3);
    QTRY_COMPARE(applied.count(), 2);
    QTest::qWait(m_controller->delay() + 50);
    QTest::keyClick(m_editor, Qt::Key_Space);
    QCOMPARE(started.count(), 4);
    QTRY_COMPARE(applied.count(), 3);
    QTest::qWait(m_controller->delay() + 50);
    QCOMPARE(started.count(), 4); // the trailing edge has nothing new to check
    QCOMPARE(m_controller->resultsDropped(), 1);
    QVERIFY(!m_controller->isBusy());
}

void TestDiagnosticsController::firstEditAfterPauseIsCheckedAtOnce()
{
    // A delay far longer than the wait below: the diagnostics can only come from the
    // leading-edge check.
    m_controller->setDelay(60'000);
    QSignalSpy applied(m_controller, &DiagnosticsController::diagnosticsApplied);
    m_editor->setText(QStringLiteral("contract A { ensure lenn(response) > 0 }"));
    QTRY_COMPARE_WITH_TIMEOUT(applied.count(), 1, 10'000);
    QCOMPARE(applied.at(0).at(0).toULongLong(), m_editor->revision());
    QCOMPARE(codes(*m_editor), QStringList {QStringLiteral("E2001")});
    QCOMPARE(m_controller->checksStarted(), 1);
    QVERIFY(!m_controller->isBusy());
}

void TestDiagnosticsController::editsWithinTheDelayWaitForTheTrailingEdge()
{
    m_controller->setDelay(400);
    QSignalSpy started(m_controller, &DiagnosticsController::checkStarted);
    QSignalSpy applied(m_controller, &DiagnosticsController::diagnosticsApplied);
    QTest::keyClick(m_editor, Qt::Key_C);
    QCOMPARE(started.count(), 1);
    QTRY_COMPARE(applied.count(), 1);
    // Still inside the delay after the first key: the second key is part of the same burst.
    QTest::keyClick(m_editor, Qt::Key_O);
    QCOMPARE(started.count(), 1);
    QVERIFY(m_controller->isBusy());
    QTRY_COMPARE(applied.count(), 2);
    QCOMPARE(started.count(), 2);
    QCOMPARE(applied.at(1).at(0).toULongLong(), m_editor->revision());
    QCOMPARE(m_controller->resultsDropped(), 0);
}

void TestDiagnosticsController::pauseEndsTheBurst()
{
    m_controller->setDelay(100);
    QSignalSpy started(m_controller, &DiagnosticsController::checkStarted);
    QTest::keyClick(m_editor, Qt::Key_C);
    QTest::keyClick(m_editor, Qt::Key_O);
    QCOMPARE(started.count(), 1);
    QTRY_COMPARE(started.count(), 2); // trailing edge
    QTRY_VERIFY(!m_controller->isBusy());
    QTest::qWait(150); // a pause
    QTest::keyClick(m_editor, Qt::Key_N);
    QCOMPARE(started.count(), 3); // leading edge of the next burst, without waiting
    QCOMPARE(started.at(2).at(0).toULongLong(), m_editor->revision());
    QTRY_VERIFY(!m_controller->isBusy());
    QCOMPARE(m_editor->diagnosticsRevision(), m_editor->revision());
}

void TestDiagnosticsController::staleResultIsDroppedOnArrival()
{
    m_controller->setDelay(0);
    QSignalSpy applied(m_controller, &DiagnosticsController::diagnosticsApplied);
    QSignalSpy dropped(m_controller, &DiagnosticsController::resultDropped);
    m_editor->setText(QStringLiteral("contract A { ensure lenn(response) > 0 }"));
    const quint64 checked = m_editor->revision();
    m_controller->checkNow();
    // The check completes and posts its result while the GUI thread is busy...
    QVERIFY(m_pool.waitForDone(10'000));
    // ...which then edits the text before it returns to the event loop.
    m_editor->setText(QStringLiteral("contract A { ensure len(respnse) > 0 }"));
    QTRY_COMPARE(dropped.count(), 1);
    QCOMPARE(dropped.at(0).at(0).toULongLong(), checked);
    // The stale E2001 was never shown; the current text's warning is.
    QTRY_COMPARE(applied.count(), 1);
    QCOMPARE(applied.at(0).at(0).toULongLong(), m_editor->revision());
    QCOMPARE(codes(*m_editor), QStringList {QStringLiteral("W2001")});
    QCOMPARE(m_controller->resultsDropped(), 1);
}

void TestDiagnosticsController::staleJobSkipsAnalysis()
{
    QSignalSpy started(m_controller, &DiagnosticsController::checkStarted);
    QSignalSpy applied(m_controller, &DiagnosticsController::diagnosticsApplied);
    QSignalSpy dropped(m_controller, &DiagnosticsController::resultDropped);
    blockPool();
    m_editor->setText(QStringLiteral("contract A { ensure lenn(response) > 0 }"));
    m_controller->checkNow(); // queued behind the blocker
    const quint64 first = m_editor->revision();
    // Typing goes on; its debounce fires while the first check is still queued.
    m_controller->setDelay(10);
    QTest::keyClicks(m_editor, QStringLiteral(" "));
    QTest::qWait(50);
    QCOMPARE(started.count(), 1); // one in flight, the next one waits for it
    release();
    QTRY_COMPARE(applied.count(), 1);
    QCOMPARE(dropped.count(), 1);
    QCOMPARE(dropped.at(0).at(0).toULongLong(), first);
    QCOMPARE(started.count(), 2);
    QCOMPARE(applied.at(0).at(0).toULongLong(), m_editor->revision());
    QCOMPARE(m_editor->diagnosticsRevision(), m_editor->revision());
}

void TestDiagnosticsController::importsSiblingFiles_data()
{
    QTest::addColumn<QByteArray>("main");
    QTest::addColumn<QStringList>("codes");
    QTest::newRow("import-resolves") << QByteArray("from lib import Base\n"
                                                   "contract Main extends Base { ensure true }\n")
                                     << QStringList {};
    QTest::newRow("missing-name") << QByteArray("from lib import Nope\n")
                                  << QStringList {QStringLiteral("E2010")};
    QTest::newRow("missing-module")
        << QByteArray("import nothere\n") << QStringList {QStringLiteral("E2009")};
}

void TestDiagnosticsController::importsSiblingFiles()
{
    QFETCH(QByteArray, main);
    QFETCH(QStringList, codes);
    QTemporaryDir dir;
    writeFile(
        dir.filePath(QStringLiteral("lib.llmcl")), "contract Base { ensure len(response) < 10 }\n");
    const QString path = dir.filePath(QStringLiteral("main.llmcl"));
    writeFile(path, main);
    QSignalSpy applied(m_controller, &DiagnosticsController::diagnosticsApplied);
    QVERIFY(m_editor->load(path, nullptr)); // a loaded file is checked at once
    QTRY_COMPARE(applied.count(), 1);
    QCOMPARE(this->codes(*m_editor), codes);
    for (const auto &diagnostic : m_editor->diagnostics())
        QCOMPARE(QString::fromStdString(diagnostic.file), path);
}

void TestDiagnosticsController::requestProviderSuppliesOpenBuffers()
{
    QTemporaryDir dir;
    const QString lib = dir.filePath(QStringLiteral("lib.llmcl"));
    writeFile(lib, "contract Base { ensure true }\n");
    const QString path = dir.filePath(QStringLiteral("main.llmcl"));
    writeFile(path, "from lib import Unsaved\n");
    // The unsaved text of lib.llmcl in another editor wins over the file.
    m_controller->setRequestProvider([lib] {
        llmcl::engine::CompileRequest request;
        request.overrides.emplace(
            lib.toStdString(), "contract Unsaved { ensure len(response) > 1 }\n");
        return request;
    });
    QSignalSpy applied(m_controller, &DiagnosticsController::diagnosticsApplied);
    QVERIFY(m_editor->load(path, nullptr));
    QTRY_COMPARE(applied.count(), 1);
    QCOMPARE(codes(*m_editor), QStringList {});
}

void TestDiagnosticsController::editorDestroyedDuringCheck()
{
    blockPool();
    m_editor->setText(QStringLiteral("contract A { ensure lenn(response) > 0 }"));
    m_controller->checkNow();
    QPointer<DiagnosticsController> controller = m_controller;
    delete m_editor;
    m_editor = nullptr;
    QVERIFY(!controller);
    release();
    QVERIFY(m_pool.waitForDone(10'000));
    // The finished check has nobody to report to; nothing is delivered, nothing crashes.
    QCoreApplication::processEvents();
    QTest::qWait(20);
}

QTEST_MAIN(TestDiagnosticsController)
#include "tst_diagnosticscontroller.moc"
