// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/autosaver.h"
#include "app/mainwindow.h"
#include "app/recoverydialog.h"
#include "app/recoverystore.h"
#include "editor/contracteditor.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QPushButton>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <memory>

using llmcl::app::Autosaver;
using llmcl::app::MainWindow;
using llmcl::app::RecoveredBuffer;
using llmcl::app::RecoveryDialog;
using llmcl::app::RecoveryStore;
using llmcl::editor::ContractEditor;

class TestRecovery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void storeKeepsNewestGeneration();
    void storeSkipsLiveSessions();
    void crashOffersBufferAndRestoreGivesText();
    void crashOfUntitledBuffer();
    void discardRemovesEntries();
    void laterKeepsEntries();
    void saveRemovesEntry();
    void cleanCloseLeavesNothing();

private:
    static void writeFile(const QString &path, const QByteArray &bytes);
    // A window whose autosave writes 20 ms after a change, with `path` open and `typed` typed at
    // its start; returns once the entry is written.
    static std::unique_ptr<MainWindow> windowWithUnsavedText(
        const QString &path, const QString &typed);
    QTemporaryDir m_dir;
};

void TestRecovery::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LLMCL-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_recovery"));
}

void TestRecovery::init()
{
    // Every test starts with an empty recovery area.
    QDir(RecoveryStore::defaultRoot()).removeRecursively();
}

void TestRecovery::writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
}

std::unique_ptr<MainWindow> TestRecovery::windowWithUnsavedText(
    const QString &path, const QString &typed)
{
    auto window = std::make_unique<MainWindow>();
    window->autosaver()->setIntervalMs(20);
    if (path.isEmpty()) {
        window->findChild<QAction *>(QStringLiteral("actionNewContract"))->trigger();
    } else if (!window->openFile(path)) {
        return {};
    }
    ContractEditor *editor = window->currentEditor();
    if (!editor)
        return {};
    editor->setCursorPosition(0, 0);
    // QTest types ASCII only; the rest goes in as one edit, as an input method would.
    for (const QChar c : typed) {
        if (c.unicode() < 128)
            QTest::keyClick(editor, c.toLatin1());
        else
            editor->SendScintilla(
                QsciScintillaBase::SCI_REPLACESEL, 0UL, QString(c).toUtf8().constData());
    }
    if (!editor->isModified())
        return {};
    const QString id = window->autosaver()->bufferId(editor);
    if (!QTest::qWaitFor([&] { return window->autosaver()->store().contains(id); }, 5000))
        return {};
    // The last keystroke's revision is the one on disk.
    window->autosaver()->flush();
    return window;
}

void TestRecovery::storeKeepsNewestGeneration()
{
    QTemporaryDir root;
    RecoveryStore store(root.path());
    QVERIFY(store.write(
        QStringLiteral("b1"), 2, QStringLiteral("/x/a.llmcl"), QStringLiteral("a.llmcl"), "two"));
    // An older write that finishes late must not replace the newer text.
    QVERIFY(store.write(
        QStringLiteral("b1"), 1, QStringLiteral("/x/a.llmcl"), QStringLiteral("a.llmcl"), "one"));
    QVERIFY(store.contains(QStringLiteral("b1")));
    QFile entry(store.sessionFolder() + QStringLiteral("/b1.recovery"));
    QVERIFY(entry.open(QIODevice::ReadOnly));
    QVERIFY(entry.readAll().endsWith("\ntwo"));
    entry.close();
    // A removal after the save wins over a write that was started before it.
    store.remove(QStringLiteral("b1"), 3);
    QVERIFY(!store.contains(QStringLiteral("b1")));
    QVERIFY(store.write(QStringLiteral("b1"), 2, QString(), QString(), "stale"));
    QVERIFY(!store.contains(QStringLiteral("b1")));
    QVERIFY(store.write(QStringLiteral("b1"), 4, QString(), QStringLiteral("Untitled"), "four"));
    QVERIFY(store.contains(QStringLiteral("b1")));
}

void TestRecovery::storeSkipsLiveSessions()
{
    QTemporaryDir root;
    auto live = std::make_unique<RecoveryStore>(root.path());
    QVERIFY(live->write(
        QStringLiteral("b"), 1, QStringLiteral("/x/a.llmcl"), QStringLiteral("a.llmcl"), "text é"));
    RecoveryStore other(root.path());
    // The first store's session is running: its buffers are not the other's to offer.
    QVERIFY(other.orphans().isEmpty());
    live.reset();
    const QList<RecoveredBuffer> orphans = other.orphans();
    QCOMPARE(orphans.size(), 1);
    QCOMPARE(orphans.first().originalPath, QStringLiteral("/x/a.llmcl"));
    QCOMPARE(orphans.first().displayName, QStringLiteral("a.llmcl"));
    QCOMPARE(orphans.first().text, QByteArray("text é"));
    QVERIFY(orphans.first().savedAt.isValid());
    QVERIFY(qAbs(orphans.first().savedAt.secsTo(QDateTime::currentDateTimeUtc())) < 60);
    QVERIFY(RecoveryStore::discard(orphans.first()));
    QVERIFY(other.orphans().isEmpty());
    QVERIFY(QDir(root.path()).entryList(QDir::Dirs | QDir::NoDotAndDotDot).isEmpty());
}

void TestRecovery::crashOffersBufferAndRestoreGivesText()
{
    const QString path = m_dir.filePath(QStringLiteral("crash.llmcl"));
    writeFile(path, "contract A {\n    ensure len(response) > 0\n}\n");
    {
        auto crashed = windowWithUnsavedText(path, QStringLiteral("// unsaved ünïcode "));
        QVERIFY(crashed);
        // Destroyed without a clean close: what a crash leaves behind.
    }
    MainWindow window;
    RecoveryDialog *dialog = window.offerRecovery();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->list()->topLevelItemCount(), 1);
    QCOMPARE(dialog->list()->topLevelItem(0)->text(0), QStringLiteral("crash.llmcl"));
    QCOMPARE(dialog->list()->topLevelItem(0)->text(1), QDir::toNativeSeparators(path));
    QTest::mouseClick(dialog->restoreButton(), Qt::LeftButton);

    ContractEditor *editor = window.currentEditor();
    QVERIFY(editor);
    QCOMPARE(editor->filePath(), path);
    QCOMPARE(editor->text(),
        QStringLiteral("// unsaved ünïcode contract A {\n    ensure len(response) > 0\n}\n"));
    QVERIFY(editor->isModified());
    // The old entry is gone; the buffer lives in this session's recovery area now.
    QVERIFY(window.autosaver()->store().orphans().isEmpty());
    QVERIFY(window.autosaver()->store().contains(window.autosaver()->bufferId(editor)));
    // One undo step back to the file's text.
    editor->undo();
    QCOMPARE(editor->text(), QStringLiteral("contract A {\n    ensure len(response) > 0\n}\n"));
    QVERIFY(!editor->isModified());
    editor->redo();
    QVERIFY(editor->isModified());
}

void TestRecovery::crashOfUntitledBuffer()
{
    {
        auto crashed = windowWithUnsavedText(QString(), QStringLiteral("contract New {}"));
        QVERIFY(crashed);
    }
    MainWindow window;
    RecoveryDialog *dialog = window.offerRecovery();
    QVERIFY(dialog);
    QCOMPARE(dialog->list()->topLevelItemCount(), 1);
    QTest::mouseClick(dialog->restoreButton(), Qt::LeftButton);
    ContractEditor *editor = window.currentEditor();
    QVERIFY(editor);
    QVERIFY(editor->filePath().isEmpty());
    QCOMPARE(editor->text(), QStringLiteral("contract New {}"));
    QVERIFY(editor->isModified());
}

void TestRecovery::discardRemovesEntries()
{
    const QString path = m_dir.filePath(QStringLiteral("discard.llmcl"));
    writeFile(path, "contract D {}\n");
    {
        auto crashed = windowWithUnsavedText(path, QStringLiteral("x"));
        QVERIFY(crashed);
    }
    MainWindow window;
    RecoveryDialog *dialog = window.offerRecovery();
    QVERIFY(dialog);
    QTest::mouseClick(dialog->discardButton(), Qt::LeftButton);
    QCOMPARE(window.tabs()->count(), 0);
    QVERIFY(window.autosaver()->store().orphans().isEmpty());
    // Nothing is offered at the next start either.
    MainWindow next;
    QVERIFY(!next.offerRecovery());
}

void TestRecovery::laterKeepsEntries()
{
    const QString path = m_dir.filePath(QStringLiteral("later.llmcl"));
    writeFile(path, "contract L {}\n");
    {
        auto crashed = windowWithUnsavedText(path, QStringLiteral("y"));
        QVERIFY(crashed);
    }
    {
        MainWindow window;
        RecoveryDialog *dialog = window.offerRecovery();
        QVERIFY(dialog);
        QTest::mouseClick(
            dialog->findChild<QPushButton *>(QStringLiteral("LaterButton")), Qt::LeftButton);
        QCOMPARE(window.tabs()->count(), 0);
    }
    MainWindow next;
    RecoveryDialog *dialog = next.offerRecovery();
    QVERIFY(dialog);
    QCOMPARE(dialog->buffers().size(), 1);
    QCOMPARE(dialog->buffers().first().text, QByteArray("ycontract L {}\n"));
}

void TestRecovery::saveRemovesEntry()
{
    const QString path = m_dir.filePath(QStringLiteral("save.llmcl"));
    writeFile(path, "contract S {}\n");
    auto window = windowWithUnsavedText(path, QStringLiteral("z"));
    QVERIFY(window);
    ContractEditor *editor = window->currentEditor();
    const QString id = window->autosaver()->bufferId(editor);
    QVERIFY(window->autosaver()->store().contains(id));
    QVERIFY(window->save(editor));
    QVERIFY(!window->autosaver()->store().contains(id));
    // Undo makes it modified again: written again after the interval.
    editor->undo();
    QTRY_VERIFY(window->autosaver()->store().contains(id));
    editor->redo();
    QVERIFY(!editor->isModified());
    QVERIFY(!window->autosaver()->store().contains(id));
}

void TestRecovery::cleanCloseLeavesNothing()
{
    const QString path = m_dir.filePath(QStringLiteral("clean.llmcl"));
    writeFile(path, "contract C {}\n");
    {
        auto window = windowWithUnsavedText(path, QStringLiteral("w"));
        QVERIFY(window);
        const QString session = window->autosaver()->store().sessionFolder();
        QVERIFY(QFileInfo::exists(session));
        QVERIFY(window->save(window->currentEditor()));
        QVERIFY(window->close());
        QVERIFY(!QFileInfo::exists(session));
    }
    MainWindow next;
    QVERIFY(!next.offerRecovery());
}

QTEST_MAIN(TestRecovery)
#include "tst_recovery.moc"
