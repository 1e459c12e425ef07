// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/conflictsdock.h"
#include "app/editortools.h"
#include "app/mainwindow.h"
#include "editor/completionprovider.h"
#include "editor/contracteditor.h"
#include "editor/diagnosticscontroller.h"
#include "editor/findbar.h"
#include "editor/outlinemodel.h"

#include <QAbstractButton>
#include <QAction>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QTreeWidget>

#include "tests/common/testpaths.h"

using llmcl::app::EditorTools;
using llmcl::app::MainWindow;
using llmcl::editor::ContractEditor;

// The editing features in the main window, where they span files and docks: go to definition
// into another file, rename across a workspace folder (open and closed files), the Outline
// dock, the find bar under the tabs, the menus and shortcuts, and context keys from sessions.
class TestEditorTools : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void menusHaveShortcuts();
    void goToDefinitionOpensOtherFile();
    void renameAcrossWorkspace();
    void renameRefusesInvalidName();
    void outlineDockFollowsAndNavigates();
    void findBarUnderTheTabs();
    void knownContextKeysReachCompletion();
    void conflictsDockListsStaticConflicts();

private:
    static void writeFile(const QString &path, const QByteArray &bytes);
    static QByteArray readFile(const QString &path);
    static void waitForAnalysis(ContractEditor *editor);
    static int bytePosition(ContractEditor *editor, const QString &needle, int offset = 0);
};

void TestEditorTools::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LLMCL-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_editortools"));
    qRegisterMetaType<QMessageBox *>();
}

void TestEditorTools::writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
}

QByteArray TestEditorTools::readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void TestEditorTools::waitForAnalysis(ContractEditor *editor)
{
    auto *controller = MainWindow::diagnosticsController(editor);
    QVERIFY(controller);
    QTRY_VERIFY(!controller->isBusy() && editor->diagnosticsAreCurrent()
        && controller->languageService()
        && controller->languageService()->text() == editor->utf8Text());
}

int TestEditorTools::bytePosition(ContractEditor *editor, const QString &needle, int offset)
{
    const int at = int(QByteArray::fromStdString(editor->utf8Text()).indexOf(needle.toUtf8()));
    return at < 0 ? -1 : at + offset;
}

void TestEditorTools::menusHaveShortcuts()
{
    MainWindow window;
    const QList<std::pair<QString, QKeySequence>> expected = {
        {QStringLiteral("actionFind"), QKeySequence(QKeySequence::Find)},
        {QStringLiteral("actionReplace"), QKeySequence(Qt::CTRL | Qt::Key_H)},
        {QStringLiteral("actionFindNext"), QKeySequence(Qt::Key_F3)},
        {QStringLiteral("actionFindPrevious"), QKeySequence(Qt::SHIFT | Qt::Key_F3)},
        {QStringLiteral("actionComplete"), QKeySequence(Qt::CTRL | Qt::Key_Space)},
        {QStringLiteral("actionToggleComment"), QKeySequence(Qt::CTRL | Qt::Key_Slash)},
        {QStringLiteral("actionFormatDocument"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I)},
        {QStringLiteral("actionRenameContract"), QKeySequence(Qt::Key_F2)},
        {QStringLiteral("actionGoToDefinition"), QKeySequence(Qt::Key_F12)},
    };
    for (const auto &[name, shortcut] : expected) {
        auto *action = window.findChild<QAction *>(name);
        QVERIFY2(action, qPrintable(name));
        QCOMPARE(action->shortcut(), shortcut);
        // In a menu of the menu bar, so that the command palette finds it.
        bool inMenu = false;
        for (QAction *top : window.menuBar()->actions())
            inMenu = inMenu || (top->menu() && top->menu()->actions().contains(action));
        QVERIFY2(inMenu, qPrintable(name));
    }
    // Edit and Go come before View.
    QStringList menus;
    for (QAction *top : window.menuBar()->actions())
        menus.append(top->menu() ? top->menu()->objectName() : QString());
    QVERIFY(menus.indexOf(QStringLiteral("menuEdit")) < menus.indexOf(QStringLiteral("menuView")));
    QVERIFY(menus.indexOf(QStringLiteral("menuGo")) < menus.indexOf(QStringLiteral("menuView")));
}

void TestEditorTools::goToDefinitionOpensOtherFile()
{
    QTemporaryDir dir;
    const QString lib = dir.filePath(QStringLiteral("lib.llmcl"));
    const QString main = dir.filePath(QStringLiteral("main.llmcl"));
    writeFile(lib, "// the base\ncontract Base {\n    ensure true\n}\n");
    writeFile(main, "from lib import Base\ncontract Main extends Base {\n    ensure true\n}\n");
    MainWindow window;
    window.show();
    QVERIFY(window.openFile(main));
    ContractEditor *mainEditor = window.currentEditor();
    waitForAnalysis(mainEditor);
    mainEditor->SendScintilla(QsciScintillaBase::SCI_GOTOPOS,
        long(bytePosition(mainEditor, QStringLiteral("extends Base"), 9)));
    // F12 through the window's action.
    window.findChild<QAction *>(QStringLiteral("actionGoToDefinition"))->trigger();
    QCOMPARE(window.tabs()->count(), 2);
    ContractEditor *libEditor = window.currentEditor();
    QCOMPARE(libEditor->filePath(), QFileInfo(lib).absoluteFilePath());
    QCOMPARE(libEditor->selectedText(), QStringLiteral("Base"));
    int line = 0;
    int index = 0;
    libEditor->getCursorPosition(&line, &index);
    QCOMPARE(line, 1);
}

void TestEditorTools::renameAcrossWorkspace()
{
    QTemporaryDir dir;
    const QString base = dir.filePath(QStringLiteral("base.llmcl"));
    const QString user = dir.filePath(QStringLiteral("user.llmcl"));
    const QString other = dir.filePath(QStringLiteral("other.llmcl"));
    writeFile(base, "contract Base {\n    ensure true\n}\n");
    writeFile(user, "from base import Base\ncontract User extends Base {\n    ensure true\n}\n");
    writeFile(other, "contract Other {\n    ensure true\n}\n");
    MainWindow window;
    window.show();
    QVERIFY(window.openWorkspace(dir.path()));
    QVERIFY(window.openFile(base));
    ContractEditor *baseEditor = window.currentEditor();
    QCOMPARE(baseEditor->filePath(), QFileInfo(base).absoluteFilePath());
    // An unsaved edit: the rename works on the buffer, not the file.
    baseEditor->append(QStringLiteral("contract Extra extends Base {\n    ensure true\n}\n"));
    waitForAnalysis(baseEditor);

    EditorTools *tools = window.editorTools();
    QSignalSpy previews(tools, &EditorTools::renamePreviewShown);
    QSignalSpy finished(tools, &EditorTools::renameFinished);
    tools->renameContract(QStringLiteral("Base"), QStringLiteral("Foundation"));
    QTRY_COMPARE(previews.count(), 1);
    auto *preview = previews.at(0).at(0).value<QMessageBox *>();
    QVERIFY(preview);
    QCOMPARE(preview->objectName(), QStringLiteral("RenamePreview"));
    QVERIFY2(
        preview->text().contains(QStringLiteral("Occurrences: 4")), qPrintable(preview->text()));
    QVERIFY(preview->text().contains(QStringLiteral("base.llmcl: 2 (open: one undo step)")));
    QVERIFY(preview->text().endsWith(QStringLiteral("\nuser.llmcl: 2")));
    QVERIFY(!preview->text().contains(QStringLiteral("other.llmcl")));
    preview->button(QMessageBox::Apply)->click();
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).toInt(), 4);
    QCOMPARE(finished.at(0).at(1).toString(), QString());

    QVERIFY(baseEditor->text().startsWith(QStringLiteral("contract Foundation {")));
    QVERIFY(baseEditor->text().contains(QStringLiteral("contract Extra extends Foundation {")));
    QCOMPARE(readFile(base), QByteArray("contract Base {\n    ensure true\n}\n")); // not saved
    QCOMPARE(readFile(user),
        QByteArray("from base import Foundation\ncontract User extends Foundation {\n    ensure "
                   "true\n}\n"));
    // One undo step in the open editor.
    baseEditor->undo();
    QVERIFY(baseEditor->text().startsWith(QStringLiteral("contract Base {")));
    QVERIFY(baseEditor->text().contains(QStringLiteral("contract Extra extends Base {")));

    // Cancelling changes nothing.
    tools->renameContract(QStringLiteral("Other"), QStringLiteral("Another"));
    QTRY_COMPARE(previews.count(), 2);
    previews.at(1).at(0).value<QMessageBox *>()->button(QMessageBox::Cancel)->click();
    QTRY_COMPARE(finished.count(), 2);
    QCOMPARE(readFile(other), QByteArray("contract Other {\n    ensure true\n}\n"));
}

void TestEditorTools::renameRefusesInvalidName()
{
    QTemporaryDir dir;
    writeFile(dir.filePath(QStringLiteral("a.llmcl")),
        "contract A {\n    ensure true\n}\ncontract B {\n    ensure true\n}\n");
    MainWindow window;
    QVERIFY(window.openWorkspace(dir.path()));
    QTRY_COMPARE(window.tabs()->count(), 1); // the scan opens a.llmcl
    EditorTools *tools = window.editorTools();
    QSignalSpy finished(tools, &EditorTools::renameFinished);
    QSignalSpy previews(tools, &EditorTools::renamePreviewShown);
    tools->renameContract(QStringLiteral("A"), QStringLiteral("not valid"));
    QCOMPARE(finished.count(), 1); // at once, without looking at files
    QVERIFY(finished.at(0).at(1).toString().contains(QStringLiteral("not a valid contract name")));
    tools->renameContract(QStringLiteral("A"), QStringLiteral("B"));
    QTRY_COMPARE(finished.count(), 2);
    QVERIFY(finished.at(1).at(1).toString().contains(QStringLiteral("exists already")));
    QCOMPARE(previews.count(), 0);
    QVERIFY(window.findChild<QMessageBox *>(QStringLiteral("RenameRefused")));
}

void TestEditorTools::outlineDockFollowsAndNavigates()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("outline.llmcl"));
    writeFile(path,
        "contract A {\n    ensure true\n    require false\n}\ncontract B {\n    ensure "
        "len(response) > 1\n}\n");
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.openFile(path));
    ContractEditor *editor = window.currentEditor();
    waitForAnalysis(editor);
    EditorTools *tools = window.editorTools();
    QVERIFY(tools->outlineDock()->isVisible());
    QTRY_COMPARE(tools->outlineModel()->rowCount(), 2);

    // Clicking B's clause selects its keyword in the editor.
    const QModelIndex b = tools->outlineModel()->index(1, 0);
    const QModelIndex clause = tools->outlineModel()->index(0, 0, b);
    tools->outlineView()->expandAll();
    const QRect rect = tools->outlineView()->visualRect(clause);
    QVERIFY(rect.isValid());
    QTest::mouseClick(tools->outlineView()->viewport(), Qt::LeftButton, {}, rect.center());
    QCOMPARE(editor->selectedText(), QStringLiteral("ensure"));
    QCOMPARE(int(editor->SendScintilla(QsciScintillaBase::SCI_GETSELECTIONSTART)),
        bytePosition(editor, QStringLiteral("ensure len")));

    // The outline follows the cursor: A's second clause.
    editor->SendScintilla(QsciScintillaBase::SCI_GOTOPOS,
        long(bytePosition(editor, QStringLiteral("require false"), 3)));
    // (Scintilla reports the cursor move when it updates the view.)
    QTRY_COMPARE(
        tools->outlineView()->currentIndex().parent().data().toString(), QStringLiteral("A"));
    QCOMPARE(tools->outlineView()->currentIndex().row(), 1);

    // Typing a new contract inserts a row; A's row (and its expansion) stay.
    const QPersistentModelIndex a = tools->outlineModel()->index(0, 0);
    QVERIFY(tools->outlineView()->isExpanded(a));
    editor->append(QStringLiteral("contract C {\n    ensure true\n}\n"));
    QTRY_COMPARE(tools->outlineModel()->rowCount(), 3);
    QVERIFY(a.isValid());
    QVERIFY(tools->outlineView()->isExpanded(a));
}

void TestEditorTools::findBarUnderTheTabs()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("find.llmcl"));
    writeFile(path, "contract A {\n    ensure true\n    ensure false\n}\n");
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.openFile(path));
    ContractEditor *editor = window.currentEditor();
    llmcl::editor::FindBar *bar = window.editorTools()->findBar();
    QVERIFY(!bar->isVisible());
    window.findChild<QAction *>(QStringLiteral("actionReplace"))->trigger();
    QVERIFY(bar->isVisible());
    QVERIFY(bar->isReplaceVisible());
    QCOMPARE(bar->editor(), editor);
    QTest::keyClicks(bar->findField(), QStringLiteral("ensure"));
    QCOMPARE(int(bar->matches().size()), 2);
    // The bar is below the tabs.
    QVERIFY(
        bar->mapTo(&window, QPoint(0, 0)).y() > window.tabs()->mapTo(&window, QPoint(0, 0)).y());
    editor->SendScintilla(QsciScintillaBase::SCI_GOTOPOS, 0L);
    window.findChild<QAction *>(QStringLiteral("actionFindNext"))->trigger();
    QCOMPARE(bar->currentMatch(), 1);
    window.findChild<QAction *>(QStringLiteral("actionFindPrevious"))->trigger();
    QCOMPARE(bar->currentMatch(), 2);
    QTest::keyClick(bar->findField(), Qt::Key_Escape);
    QVERIFY(!bar->isVisible());
}

void TestEditorTools::knownContextKeysReachCompletion()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("keys.llmcl"));
    writeFile(path, "contract A {\n    require \n}\n");
    MainWindow window;
    window.show();
    QVERIFY(window.openFile(path));
    ContractEditor *editor = window.currentEditor();
    waitForAnalysis(editor);
    auto *controller = MainWindow::diagnosticsController(editor);
    QSignalSpy applied(controller, &llmcl::editor::DiagnosticsController::diagnosticsApplied);
    window.setKnownContextKeys({QStringLiteral("user_tier"), QStringLiteral("locale")});
    QTRY_VERIFY(!applied.isEmpty() && !controller->isBusy());
    editor->SendScintilla(
        QsciScintillaBase::SCI_GOTOPOS, long(bytePosition(editor, QStringLiteral("require "), 8)));
    QTest::keyClicks(editor, QStringLiteral("user"));
    auto *provider = EditorTools::completionProviderOf(editor);
    QTRY_VERIFY(provider->isListShown());
    QVERIFY2(provider->shownEntries().contains(QStringLiteral("user_tier")),
        qPrintable(provider->shownEntries().join(QLatin1Char('|'))));
    QCOMPARE(window.editorTools()->knownContextKeys(),
        (QStringList {QStringLiteral("locale"), QStringLiteral("user_tier")}));
}

void TestEditorTools::conflictsDockListsStaticConflicts()
{
    // Issue 18: resources/examples/conflicts.llmcl sends the reader to the conflicts view.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("conflicts.llmcl"));
    QVERIFY(QFile::copy(llmcl::test::sourcePath(u"/resources/examples/conflicts.llmcl"), path));
    QVERIFY(readFile(path).contains("conflicts view"));
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *dock = window.findChild<llmcl::app::ConflictsDock *>();
    QVERIFY(dock);
    QVERIFY(!dock->toggleViewAction()->shortcut().isEmpty());
    QVERIFY(window.findChild<QMenu *>(QStringLiteral("menuView"))
            ->actions()
            .contains(dock->toggleViewAction()));
    QVERIFY(window.openFile(path));
    ContractEditor *editor = window.currentEditor();
    waitForAnalysis(editor);
    QTreeWidget *view = dock->view();
    QTRY_VERIFY2(view->topLevelItemCount() >= 3, qPrintable(dock->summaryLabel()->text()));
    QVERIFY2(dock->summaryLabel()->text().contains(QStringLiteral("conflicts.llmcl")),
        qPrintable(dock->summaryLabel()->text()));

    // TerseChannel's bound beats DetailedAnswers' by priority: both clauses, the rule, the
    // suppressed one and why.
    QTreeWidgetItem *terse = nullptr;
    for (int row = 0; row < view->topLevelItemCount(); ++row) {
        QTreeWidgetItem *item = view->topLevelItem(row);
        if (item->text(2) == QStringLiteral("DetailedAnswers#1"))
            terse = item;
    }
    QVERIFY(terse);
    QVERIFY2(terse->text(0).contains(QStringLiteral("TerseChannel#1")), qPrintable(terse->text(0)));
    QVERIFY2(terse->text(1).contains(QStringLiteral("priority")), qPrintable(terse->text(1)));
    QVERIFY2(terse->text(3).contains(QStringLiteral("len(response)")), qPrintable(terse->text(3)));
    QCOMPARE(terse->childCount(), 2);
    QTreeWidgetItem *first = terse->child(0);
    QVERIFY2(first->text(0).contains(QStringLiteral("ensure len(response) < 50")),
        qPrintable(first->text(0)));
    QVERIFY2(terse->child(1)->text(0).contains(QStringLiteral("ensure len(response) > 100")),
        qPrintable(terse->child(1)->text(0)));

    // Activating a clause selects it in the editor.
    editor->setCursorPosition(0, 0);
    Q_EMIT view->itemActivated(first, 0);
    QVERIFY2(editor->selectedText().startsWith(QStringLiteral("ensure len(response) < 50")),
        qPrintable(editor->selectedText()));
    Q_EMIT view->itemActivated(terse->child(1), 0);
    QVERIFY(editor->selectedText().startsWith(QStringLiteral("ensure len(response) > 100")));

    // It follows the analysis: without the conflicting contract, that conflict goes.
    const int rows = view->topLevelItemCount();
    editor->selectAll();
    editor->replaceSelectedText(QStringLiteral("contract Only {\n    ensure true\n}\n"));
    QTRY_COMPARE(view->topLevelItemCount(), 0);
    QVERIFY(rows > 0);
    QVERIFY(dock->summaryLabel()->text().startsWith(QStringLiteral("No conflicts")));
    editor->setModified(false);
}

QTEST_MAIN(TestEditorTools)
#include "tst_editortools.moc"
