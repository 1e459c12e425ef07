// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/diskchangebar.h"
#include "app/filewatcher.h"
#include "app/mainwindow.h"
#include "editor/contracteditor.h"

#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using llmcl::app::FileWatcher;
using llmcl::app::MainWindow;
using llmcl::editor::ContractEditor;

class TestFileWatcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void watcherReportsChangesNotAcknowledgedOnes();
    void watcherFollowsReplacementAndRemoval();
    void unmodifiedBufferReloadsKeepingCursor();
    void modifiedBufferShowsBar();
    void ownSaveIsNotAChange();
    void deletedFileMarksTab();

private:
    static void writeFile(const QString &path, const QByteArray &bytes);
    static constexpr auto kText = "contract A {\n    ensure len(response) > 0\n}\n"
                                  "contract B {\n    require len(content) > 0\n}\n";
};

void TestFileWatcher::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LLMCL-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_filewatcher"));
}

void TestFileWatcher::writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(bytes);
}

void TestFileWatcher::watcherReportsChangesNotAcknowledgedOnes()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("a.llmcl"));
    writeFile(path, "one\n");
    FileWatcher watcher;
    watcher.setSettleDelay(10);
    QSignalSpy changed(&watcher, &FileWatcher::fileChanged);
    watcher.watch(path);
    writeFile(path, "two, longer\n");
    QTRY_COMPARE(changed.size(), 1);
    QCOMPARE(changed.first().first().toString(), path);
    // A write the Studio made itself and acknowledged is not reported.
    writeFile(path, "three, longer still\n");
    watcher.acknowledge(path);
    QTest::qWait(200);
    QCOMPARE(changed.size(), 1);
    watcher.unwatch(path);
    writeFile(path, "four\n");
    QTest::qWait(200);
    QCOMPARE(changed.size(), 1);
}

void TestFileWatcher::watcherFollowsReplacementAndRemoval()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("a.llmcl"));
    writeFile(path, "one\n");
    FileWatcher watcher;
    watcher.setSettleDelay(10);
    QSignalSpy changed(&watcher, &FileWatcher::fileChanged);
    QSignalSpy removed(&watcher, &FileWatcher::fileRemoved);
    watcher.watch(path);
    // Replaced by a rename, as editors and git do: the inotify watch is lost and renewed.
    const QString temporary = dir.filePath(QStringLiteral("a.llmcl.tmp"));
    writeFile(temporary, "replaced\n");
    QVERIFY(QFile::remove(path));
    QVERIFY(QFile::rename(temporary, path));
    QTRY_COMPARE(changed.size(), 1);
    writeFile(path, "changed after the rename\n");
    QTRY_COMPARE(changed.size(), 2);
    QVERIFY(QFile::remove(path));
    QTRY_COMPARE(removed.size(), 1);
    // It comes back: noticed through the folder's watch.
    writeFile(path, "back\n");
    QTRY_COMPARE(changed.size(), 3);
}

void TestFileWatcher::unmodifiedBufferReloadsKeepingCursor()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("reload.llmcl"));
    writeFile(path, kText);
    MainWindow window;
    window.fileWatcher()->setSettleDelay(10);
    QVERIFY(window.openFile(path));
    ContractEditor *editor = window.currentEditor();
    editor->setCursorPosition(3, 5);
    const QByteArray changed = QByteArray(kText).replace("> 0", ">= 10");
    writeFile(path, changed);
    QTRY_COMPARE(editor->text().toUtf8(), changed);
    QVERIFY(!editor->isModified());
    int line = -1;
    int index = -1;
    editor->getCursorPosition(&line, &index);
    QCOMPARE(line, 3);
    QCOMPARE(index, 5);
    QVERIFY(window.diskChangeBar()->isHidden());
    QVERIFY(!window.hasPendingDiskChange(editor));
}

void TestFileWatcher::modifiedBufferShowsBar()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bar.llmcl"));
    writeFile(path, kText);
    MainWindow window;
    window.fileWatcher()->setSettleDelay(10);
    QVERIFY(window.openFile(path));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ContractEditor *editor = window.currentEditor();
    editor->setCursorPosition(0, 0);
    QTest::keyClicks(editor, QStringLiteral("// mine "));
    QVERIFY(editor->isModified());
    const QString mine = editor->text();

    writeFile(path, "contract Theirs {}\n");
    QTRY_VERIFY(window.diskChangeBar()->isVisible());
    QVERIFY(window.hasPendingDiskChange(editor));
    QVERIFY(window.diskChangeBar()->label()->text().contains(QStringLiteral("bar.llmcl")));
    // The buffer is untouched until the user decides.
    QCOMPARE(editor->text(), mine);

    QTest::mouseClick(window.diskChangeBar()->keepButton(), Qt::LeftButton);
    QVERIFY(!window.diskChangeBar()->isVisible());
    QCOMPARE(editor->text(), mine);
    QVERIFY(editor->isModified());

    // A further change asks again; Reload takes the disk's text.
    writeFile(path, "contract Theirs2 {}\n");
    QTRY_VERIFY(window.diskChangeBar()->isVisible());
    QTest::mouseClick(window.diskChangeBar()->reloadButton(), Qt::LeftButton);
    QCOMPARE(editor->text(), QStringLiteral("contract Theirs2 {}\n"));
    QVERIFY(!editor->isModified());
    QVERIFY(!window.diskChangeBar()->isVisible());
    QVERIFY(!window.hasPendingDiskChange(editor));
}

void TestFileWatcher::ownSaveIsNotAChange()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("own.llmcl"));
    writeFile(path, kText);
    MainWindow window;
    window.fileWatcher()->setSettleDelay(10);
    QVERIFY(window.openFile(path));
    ContractEditor *editor = window.currentEditor();
    editor->setCursorPosition(0, 0);
    QTest::keyClicks(editor, QStringLiteral("// saved "));
    QVERIFY(window.save(editor));
    QTest::keyClicks(editor, QStringLiteral("more "));
    QTest::qWait(300);
    // Not reloaded (the typing after the save is still there) and not asked about.
    QVERIFY(editor->text().startsWith(QStringLiteral("// saved more ")));
    QVERIFY(!window.hasPendingDiskChange(editor));
    QVERIFY(window.diskChangeBar()->isHidden());
}

void TestFileWatcher::deletedFileMarksTab()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("gone.llmcl"));
    writeFile(path, kText);
    MainWindow window;
    window.fileWatcher()->setSettleDelay(10);
    QVERIFY(window.openFile(path));
    ContractEditor *editor = window.currentEditor();
    QVERIFY(QFile::remove(path));
    QTRY_VERIFY(window.isDeletedOnDisk(editor));
    const int index = window.tabs()->indexOf(editor);
    QVERIFY(window.tabs()->tabText(index).contains(QStringLiteral("(deleted)")));
    QVERIFY(!window.tabs()->tabIcon(index).isNull());
    // The text stays.
    QCOMPARE(editor->text().toUtf8(), QByteArray(kText));
    // Restored on disk: the mark goes.
    writeFile(path, kText);
    QTRY_VERIFY(!window.isDeletedOnDisk(editor));
    QVERIFY(!window.tabs()->tabText(index).contains(QStringLiteral("(deleted)")));
    QVERIFY(window.tabs()->tabIcon(index).isNull());
}

QTEST_MAIN(TestFileWatcher)
#include "tst_filewatcher.moc"
