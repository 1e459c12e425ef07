// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/document.h"
#include "app/filewatcher.h"
#include "app/mainwindow.h"
#include "editor/contracteditor.h"
#include "editor/diagnosticscontroller.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <KSyntaxHighlighting/Repository>

#include <memory>

using llmcl::app::Document;
using llmcl::app::FileWatcher;
using llmcl::editor::ContractEditor;

// One open contract's own state, without a window: clean or modified, what happened on disk,
// the path its file is watched under, its title.
class TestDocument : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void title_data();
    void title();
    void modifiedAndCleanAgain();
    void givesItsEditorItsController();
    void watchesItsFileUntilDestroyed();
    void saveAsMovesTheWatch();
    void diskStatesExcludeEachOther();
    void undoneWhileChangedOnDiskAsksForReload();
    void outlivesItsEditor();

private:
    // An editor with `name` (if any) written and loaded from m_dir.
    std::unique_ptr<ContractEditor> editorFor(const QString &name);
    // Inserts `text` at the cursor as one undo step (QsciScintilla::append() would clear the
    // undo history).
    static void type(ContractEditor *editor, const QString &text);
    QTemporaryDir m_dir;
    KSyntaxHighlighting::Repository m_repository;
    FileWatcher m_watcher;
};

std::unique_ptr<ContractEditor> TestDocument::editorFor(const QString &name)
{
    auto editor = std::make_unique<ContractEditor>(m_repository);
    if (name.isEmpty())
        return editor;
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write("contract A {\n}\n") < 0)
        return {};
    file.close();
    QString error;
    return editor->load(path, &error) ? std::move(editor) : nullptr;
}

void TestDocument::type(ContractEditor *editor, const QString &text)
{
    editor->SendScintilla(QsciScintillaBase::SCI_REPLACESEL, 0UL, text.toUtf8().constData());
}

void TestDocument::title_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<bool>("edited");
    QTest::addColumn<QString>("title");
    QTest::newRow("untitled") << QString() << false << QStringLiteral("Untitled");
    QTest::newRow("untitled-modified") << QString() << true << QStringLiteral("Untitled •");
    QTest::newRow("file") << QStringLiteral("a.llmcl") << false << QStringLiteral("a.llmcl");
    QTest::newRow("file-modified")
        << QStringLiteral("a.llmcl") << true << QStringLiteral("a.llmcl •");
}

void TestDocument::title()
{
    QFETCH(QString, file);
    QFETCH(bool, edited);
    QFETCH(QString, title);
    auto editor = editorFor(file);
    QVERIFY(editor);
    Document document(editor.get(), &m_watcher);
    if (edited)
        type(editor.get(), QStringLiteral("// more\n"));
    QCOMPARE(document.isModified(), edited);
    QCOMPARE(document.title(), title);
}

void TestDocument::modifiedAndCleanAgain()
{
    auto editor = editorFor(QStringLiteral("a.llmcl"));
    QVERIFY(editor);
    Document document(editor.get(), &m_watcher);
    QSignalSpy labelChanged(&document, &Document::labelChanged);
    QVERIFY(!document.isModified());
    type(editor.get(), QStringLiteral("// more\n"));
    QVERIFY(document.isModified());
    QCOMPARE(labelChanged.size(), 1);
    // Further typing does not change the label.
    type(editor.get(), QStringLiteral("// still more\n"));
    QCOMPARE(labelChanged.size(), 1);
    while (editor->isModified() && editor->isUndoAvailable())
        editor->undo();
    QVERIFY(!document.isModified());
    QCOMPARE(labelChanged.size(), 2);
    QCOMPARE(document.title(), QStringLiteral("a.llmcl"));
}

void TestDocument::givesItsEditorItsController()
{
    auto editor = editorFor(QStringLiteral("a.llmcl"));
    QVERIFY(editor);
    Document document(editor.get(), &m_watcher);
    QVERIFY(document.diagnostics());
    QCOMPARE(document.diagnostics()->editor(), editor.get());
    // A child of the editor, as the editor library and the tools that hold only an editor
    // expect.
    QCOMPARE(document.diagnostics()->parent(), editor.get());
    QCOMPARE(llmcl::app::MainWindow::diagnosticsController(editor.get()), document.diagnostics());
}

void TestDocument::watchesItsFileUntilDestroyed()
{
    auto editor = editorFor(QStringLiteral("a.llmcl"));
    QVERIFY(editor);
    const QString path = editor->filePath();
    {
        Document document(editor.get(), &m_watcher);
        QCOMPARE(document.watchedPath(), path);
        QCOMPARE(document.filePath(), path);
        QVERIFY(m_watcher.isWatching(path));
    }
    QVERIFY(!m_watcher.isWatching(path));

    // A buffer never saved watches nothing.
    auto untitled = editorFor(QString());
    Document document(untitled.get(), &m_watcher);
    QVERIFY(document.watchedPath().isEmpty());
    QVERIFY(m_watcher.watchedFiles().isEmpty());
}

void TestDocument::saveAsMovesTheWatch()
{
    auto editor = editorFor(QStringLiteral("a.llmcl"));
    QVERIFY(editor);
    const QString oldPath = editor->filePath();
    Document document(editor.get(), &m_watcher);
    document.setDiskState(Document::DiskState::DeletedOnDisk);
    QSignalSpy labelChanged(&document, &Document::labelChanged);
    const QString newPath = m_dir.filePath(QStringLiteral("renamed.llmcl"));
    QString error;
    QVERIFY2(editor->saveAs(newPath, &error), qPrintable(error));
    QCOMPARE(document.filePath(), newPath);
    QCOMPARE(document.watchedPath(), newPath);
    QVERIFY(m_watcher.isWatching(newPath));
    QVERIFY(!m_watcher.isWatching(oldPath));
    QCOMPARE(document.title(), QStringLiteral("renamed.llmcl"));
    // Written again: no longer deleted.
    QCOMPARE(document.diskState(), Document::DiskState::InSync);
    QVERIFY(labelChanged.size() >= 1);

    // A new buffer saved for the first time starts to be watched.
    auto untitled = editorFor(QString());
    Document first(untitled.get(), &m_watcher);
    const QString firstPath = m_dir.filePath(QStringLiteral("first.llmcl"));
    QVERIFY2(untitled->saveAs(firstPath, &error), qPrintable(error));
    QCOMPARE(first.watchedPath(), firstPath);
    QVERIFY(m_watcher.isWatching(firstPath));
}

void TestDocument::diskStatesExcludeEachOther()
{
    auto editor = editorFor(QStringLiteral("a.llmcl"));
    QVERIFY(editor);
    Document document(editor.get(), &m_watcher);
    QSignalSpy labelChanged(&document, &Document::labelChanged);
    QCOMPARE(document.diskState(), Document::DiskState::InSync);
    QVERIFY(!document.hasPendingDiskChange());
    QVERIFY(!document.isDeletedOnDisk());

    document.setDiskState(Document::DiskState::ChangedOnDisk);
    QVERIFY(document.hasPendingDiskChange());
    QVERIFY(!document.isDeletedOnDisk());
    QCOMPARE(labelChanged.size(), 1);
    // The same state again says nothing.
    document.setDiskState(Document::DiskState::ChangedOnDisk);
    QCOMPARE(labelChanged.size(), 1);

    document.setDiskState(Document::DiskState::DeletedOnDisk);
    QVERIFY(!document.hasPendingDiskChange());
    QVERIFY(document.isDeletedOnDisk());
    QCOMPARE(labelChanged.size(), 2);

    // Read again from disk (a reload emits the path again): the file is there.
    QString error;
    QVERIFY2(editor->load(editor->filePath(), &error), qPrintable(error));
    QVERIFY(!document.isDeletedOnDisk());
}

void TestDocument::undoneWhileChangedOnDiskAsksForReload()
{
    auto editor = editorFor(QStringLiteral("a.llmcl"));
    QVERIFY(editor);
    Document document(editor.get(), &m_watcher);
    QSignalSpy readyToReload(&document, &Document::readyToReload);

    // Clean again without a pending change: nothing to take from disk.
    type(editor.get(), QStringLiteral("// mine\n"));
    editor->undo();
    QTest::qWait(20);
    QCOMPARE(readyToReload.size(), 0);

    type(editor.get(), QStringLiteral("// mine\n"));
    document.setDiskState(Document::DiskState::ChangedOnDisk);
    editor->undo();
    // Not at once: from the event loop, once the buffer settled.
    QCOMPARE(readyToReload.size(), 0);
    QTRY_COMPARE(readyToReload.size(), 1);

    // Modified again before the event loop ran: the user's text is back, nothing is taken.
    editor->redo();
    editor->undo();
    editor->redo();
    QTest::qWait(20);
    QCOMPARE(readyToReload.size(), 1);
}

void TestDocument::outlivesItsEditor()
{
    auto editor = editorFor(QStringLiteral("a.llmcl"));
    QVERIFY(editor);
    const QString path = editor->filePath();
    Document document(editor.get(), &m_watcher);
    editor.reset();
    QVERIFY(!document.editor());
    QVERIFY(!document.diagnostics());
    QVERIFY(document.filePath().isEmpty());
    QVERIFY(!document.isModified());
    // Still watched until the Document goes: the window decides when a file stops mattering.
    QVERIFY(m_watcher.isWatching(path));
}

QTEST_MAIN(TestDocument)
#include "tst_document.moc"
