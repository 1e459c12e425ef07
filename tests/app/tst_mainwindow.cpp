// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/evaluationpanel.h"
#include "app/filedialogs.h"
#include "app/mainwindow.h"
#include "app/verdictmodel.h"
#include "editor/contracteditor.h"
#include "editor/diagnosticscontroller.h"
#include "editor/highlightinglexer.h"
#include "editor/problemsmodel.h"
#include "tracer/workspacedb.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFileSystemModel>
#include <QImage>
#include <QLabel>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QTimer>
#include <QTreeView>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/common/testpaths.h"
#include "tests/common/workerstack.h"

using llmcl::app::MainWindow;
using llmcl::editor::ContractEditor;
using llmcl::editor::ProblemsModel;

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void opensExampleWorkspaceHighlighted();
    void styleAtPositions_data();
    void styleAtPositions();
    void badFilesAreReported_data();
    void badFilesAreReported();
    void missingWorkspaceIsReported();
    void workspaceTreeKeepsTheDatabaseLocks();
    void scanOpensNothingOverOpenTabs();
    void saveAndReopen();
    void reopeningSwitchesToTab();
    void recentFiles();
    void firstPaintAndScreenshot();
    void problemsPanelListsOpenFiles();
    void problemsPanelNavigates();
    void problemsFollowTypingAndClosing();
    void importsSeeUnsavedBuffers();
    void hugeContractsKeepTheWindowAlive();

private:
    static void writeFile(const QString &path, const QByteArray &bytes);
    // The UTF-8 byte position of the first occurrence of `needle` (plus `offset` bytes).
    static int bytePosition(ContractEditor *editor, const QString &needle, int offset = 0);
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LLMCL-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
}

void TestMainWindow::writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
}

int TestMainWindow::bytePosition(ContractEditor *editor, const QString &needle, int offset)
{
    const QByteArray text = editor->text().toUtf8();
    const qsizetype at = text.indexOf(needle.toUtf8());
    return at < 0 ? -1 : int(at) + offset;
}

void TestMainWindow::opensExampleWorkspaceHighlighted()
{
    MainWindow window;
    QSignalSpy scanned(&window, &MainWindow::workspaceScanned);
    QVERIFY(window.openWorkspace(llmcl::test::sourcePath(u"/resources/examples")));
    // The folder shows at once; its first contract opens when the scan on the pool is done.
    QVERIFY(window.isScanningWorkspace());
    QVERIFY(window.workspaceFolder().endsWith(QStringLiteral("/resources/examples")));
    QVERIFY(scanned.wait(5000));
    QVERIFY(!window.isScanningWorkspace());
    QCOMPARE(window.tabs()->count(), 1);
    ContractEditor *editor = window.currentEditor();
    QVERIFY(editor);
    QVERIFY(editor->filePath().endsWith(QStringLiteral(".llmcl")));
    QVERIFY(editor->lexer() == editor->highlightingLexer());
    QCOMPARE(editor->highlightingLexer()->syntaxDefinition().name(), QStringLiteral("LLMCL"));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const int at = bytePosition(editor, QStringLiteral("contract "));
    QVERIFY(at >= 0);
    QCOMPARE(editor->highlightingLexer()->formatNameAt(at), QStringLiteral("Keyword"));
    QVERIFY(window.windowTitle().contains(QStringLiteral("LLMCL Studio")));
}

void TestMainWindow::styleAtPositions_data()
{
    QTest::addColumn<QString>("needle");
    QTest::addColumn<int>("offset");
    QTest::addColumn<QString>("format");

    QTest::newRow("contract-keyword")
        << QStringLiteral("contract Demo") << 0 << QStringLiteral("Keyword");
    QTest::newRow("ensure-keyword")
        << QStringLiteral("ensure len") << 0 << QStringLiteral("Keyword");
    QTest::newRow("line-comment") << QStringLiteral("// café") << 3 << QStringLiteral("Comment");
    QTest::newRow("hash-comment") << QStringLiteral("# note") << 2 << QStringLiteral("Comment");
    // After an emoji (4 bytes, 2 UTF-16 units), styles must still land on the right bytes.
    QTest::newRow("string-after-emoji")
        << QStringLiteral("\"😀 ok\"") << 5 << QStringLiteral("String");
    QTest::newRow("keyword-after-emoji")
        << QStringLiteral("and not") << 4 << QStringLiteral("Keyword");
    QTest::newRow("block-comment-continues")
        << QStringLiteral("still comment") << 0 << QStringLiteral("Comment");
    QTest::newRow("after-block-comment")
        << QStringLiteral("require len") << 0 << QStringLiteral("Keyword");
}

void TestMainWindow::styleAtPositions()
{
    QFETCH(QString, needle);
    QFETCH(int, offset);
    QFETCH(QString, format);

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("demo.llmcl"));
    writeFile(path,
        QStringLiteral(u"// café au lait: accents before the code\n"
                       "contract Demo(priority = high) {\n"
                       "    # note\n"
                       "    ensure len(response) < 50 message: \"😀 ok\" and not true\n"
                       "    /* a block comment\n"
                       "       still comment */\n"
                       "    require len(content) > 0\n"
                       "}\n")
            .toUtf8());
    MainWindow window;
    QVERIFY(window.openFile(path));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ContractEditor *editor = window.currentEditor();
    editor->SendScintilla(QsciScintillaBase::SCI_COLOURISE, 0, -1);
    const int at = bytePosition(editor, needle, offset);
    QVERIFY(at >= 0);
    QCOMPARE(editor->highlightingLexer()->formatNameAt(at), format);
}

void TestMainWindow::badFilesAreReported_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("message");
    QTest::newRow("invalid-utf8") << QByteArray("contract A {}\nensure \xff\xfe true\n")
                                  << QStringLiteral("bad.llmcl:2: the file is not valid UTF-8");
    QTest::newRow("truncated-utf8") << QByteArray("contract A { \xc3")
                                    << QStringLiteral("bad.llmcl:1: the file is not valid UTF-8");
    QTest::newRow("missing") << QByteArray() << QStringLiteral("missing.llmcl: no such file");
}

void TestMainWindow::badFilesAreReported()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, message);
    QTemporaryDir dir;
    QString path = dir.filePath(QStringLiteral("missing.llmcl"));
    if (!bytes.isEmpty()) {
        path = dir.filePath(QStringLiteral("bad.llmcl"));
        writeFile(path, bytes);
    }
    MainWindow window;
    QSignalSpy errors(&window, &MainWindow::errorReported);
    QVERIFY(!window.openFile(path));
    QCOMPARE(window.tabs()->count(), 0);
    QCOMPARE(errors.count(), 1);
    QVERIFY2(window.lastError().contains(message), qPrintable(window.lastError()));
}

namespace {

// Whether a process other than this one sees a lock on SQLite's "DMS" byte of a WAL database's
// shared memory (`shm`): the lock each connection's process holds while it uses the file, by
// which a process that opens it knows it is not alone (SQLite's unix VFS: byte 128). Asked from a
// child process, since POSIX locks are the process's and F_GETLK reports only others'.
bool othersSeeTheDatabaseInUse(const QString &shm)
{
    const QByteArray path = QFile::encodeName(shm);
    const pid_t child = fork();
    if (child == 0) {
        const int fd = ::open(path.constData(), O_RDWR);
        struct flock probe {};
        probe.l_type = F_WRLCK;
        probe.l_whence = SEEK_SET;
        probe.l_start = 128;
        probe.l_len = 1;
        const bool locked = fd >= 0 && fcntl(fd, F_GETLK, &probe) == 0 && probe.l_type != F_UNLCK;
        _exit(locked ? 0 : 1);
    }
    int status = 0;
    return child > 0 && waitpid(child, &status, 0) == child && WIFEXITED(status)
        && WEXITSTATUS(status) == 0;
}

} // namespace

// The workspace tree lists the folder that holds the workspace database. Telling its files'
// types must not open the database's files: closing them would drop this process's SQLite locks,
// and another process (llmcl replay --db) would take the shared memory for unused and truncate it
// under the Studio (a SIGBUS; app/filenameiconprovider.h).
void TestMainWindow::workspaceTreeKeepsTheDatabaseLocks()
{
    QTemporaryDir dir;
    QVERIFY(QFile::copy(llmcl::test::sourcePath(u"/resources/examples/safety.llmcl"),
        dir.filePath(QStringLiteral("safety.llmcl"))));
    const QString database = dir.filePath(QStringLiteral("llmcl-workspace.db"));
    auto db = llmcl::tracer::WorkspaceDatabase::open(database.toStdString());
    QVERIFY(db);
    QVERIFY(db.value().runs());
    const QString shm = database + QStringLiteral("-shm");
    QVERIFY(QFileInfo::exists(shm));
    QVERIFY(othersSeeTheDatabaseInUse(shm));

    MainWindow window;
    auto *tree = window.findChild<QTreeView *>(QStringLiteral("FileTree"));
    QVERIFY(tree);
    auto *files = qobject_cast<QFileSystemModel *>(tree->model());
    QVERIFY(files);
    QSignalSpy loaded(files, &QFileSystemModel::directoryLoaded);
    QVERIFY(window.openWorkspace(dir.path()));
    // The folder's files, the database's among them, have been looked at once it is loaded.
    QVERIFY(loaded.count() > 0 || loaded.wait(10'000));
    QTRY_COMPARE_WITH_TIMEOUT(files->rowCount(files->index(dir.path())), 1, 10'000);
    QVERIFY(othersSeeTheDatabaseInUse(shm));

    // Qt's own file dialog (offscreen there is no desktop dialog), shown on the same folder with
    // every file listed, the database's shared memory among them.
    bool listed = false;
    bool held = false;
    QTimer::singleShot(0, &window, [&] {
        QFileDialog *dialog = nullptr;
        const bool shown = QTest::qWaitFor(
            [&] {
                dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget());
                return dialog != nullptr;
            },
            10'000);
        if (!shown || !dialog)
            return;
        auto *model = dialog->findChild<QFileSystemModel *>();
        listed = model && QTest::qWaitFor([&] { return model->index(shm).isValid(); }, 10'000);
        held = othersSeeTheDatabaseInUse(shm);
        dialog->reject();
    });
    QVERIFY(llmcl::app::fileDialogs::openFileName(
        &window, QStringLiteral("Open"), dir.path(), QStringLiteral("All files (*)"))
            .isEmpty());
    QVERIFY(listed);
    QVERIFY(held);
}

void TestMainWindow::missingWorkspaceIsReported()
{
    MainWindow window;
    QVERIFY(!window.openWorkspace(QStringLiteral("/nonexistent/llmcl-workspace")));
    QVERIFY(window.lastError().contains(QStringLiteral("no such folder")));
}

void TestMainWindow::scanOpensNothingOverOpenTabs()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("mine.llmcl"));
    writeFile(path, "contract Mine {}\n");
    MainWindow window;
    QSignalSpy scanned(&window, &MainWindow::workspaceScanned);
    QVERIFY(window.openWorkspace(llmcl::test::sourcePath(u"/resources/examples")));
    // Opened while the scan runs (the command line's file, a restored tab): it stays alone.
    QVERIFY(window.openFile(path));
    QVERIFY(scanned.wait(5000));
    QCOMPARE(window.tabs()->count(), 1);
    QCOMPARE(window.currentEditor()->filePath(), QFileInfo(path).absoluteFilePath());
}

void TestMainWindow::saveAndReopen()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("edit.llmcl"));
    writeFile(path, "contract A {\n}\n");
    {
        MainWindow window;
        QVERIFY(window.openFile(path));
        ContractEditor *editor = window.currentEditor();
        editor->setCursorPosition(1, 0);
        editor->insert(QStringLiteral(u"    ensure len(response) < 10 message: \"trop long ✂\"\n"));
        QVERIFY(editor->isModified());
        QVERIFY(window.save(editor));
        QVERIFY(!editor->isModified());
        const QString copy = dir.filePath(QStringLiteral("copy.llmcl"));
        QVERIFY(window.saveAs(editor, copy));
        QCOMPARE(editor->filePath(), copy);
    }
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(file.readAll()),
        QStringLiteral(
            u"contract A {\n    ensure len(response) < 10 message: \"trop long ✂\"\n}\n"));

    MainWindow window;
    QVERIFY(window.openFile(path));
    ContractEditor *editor = window.currentEditor();
    QVERIFY(!window.saveAs(editor, QStringLiteral("/nonexistent-dir/x.llmcl")));
    QVERIFY2(
        window.lastError().contains(QStringLiteral("/nonexistent-dir/x.llmcl: cannot be written")),
        qPrintable(window.lastError()));
    QCOMPARE(editor->filePath(), QFileInfo(path).absoluteFilePath());
}

void TestMainWindow::reopeningSwitchesToTab()
{
    MainWindow window;
    QVERIFY(window.openWorkspace(llmcl::test::sourcePath(u"/resources/examples")));
    QTRY_COMPARE(window.tabs()->count(), 1);
    const QString first = window.currentEditor()->filePath();
    QVERIFY(window.openFile(first));
    QCOMPARE(window.tabs()->count(), 1);
}

void TestMainWindow::recentFiles()
{
    QTemporaryDir dir;
    const QString a = dir.filePath(QStringLiteral("a.llmcl"));
    const QString b = dir.filePath(QStringLiteral("b.llmcl"));
    writeFile(a, "contract A {}\n");
    writeFile(b, "contract B {}\n");
    MainWindow window;
    QVERIFY(window.openFile(a));
    QVERIFY(window.openFile(b));
    QCOMPARE(window.recentFiles().mid(0, 2), (QStringList {b, a}));
}

void TestMainWindow::firstPaintAndScreenshot()
{
    MainWindow window;
    QSignalSpy painted(&window, &MainWindow::firstPainted);
    QSignalSpy scanned(&window, &MainWindow::workspaceScanned);
    QVERIFY(window.openWorkspace(llmcl::test::sourcePath(u"/resources/examples")));
    window.show();
    QVERIFY(painted.wait(5000));
    QTRY_COMPARE(scanned.count(), 1);
    const QImage image = window.grab().toImage();
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), window.size() * image.devicePixelRatio());
    // A real frame has many colours (text, highlighting, chrome), not a blank surface.
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 7)
        for (int x = 0; x < image.width(); x += 7)
            colours.insert(image.pixel(x, y));
    QVERIFY2(colours.size() > 8, qPrintable(QString::number(colours.size())));
}

void TestMainWindow::problemsPanelListsOpenFiles()
{
    QTemporaryDir dir;
    const QString a = dir.filePath(QStringLiteral("a.llmcl"));
    const QString b = dir.filePath(QStringLiteral("b.llmcl"));
    writeFile(a, "contract A {\n    ensure lenn(response) > 0\n}\n");
    writeFile(b, "contract B {\n    ensure len(respnse) > 0\n    ensure len(x) > 1\n}\n");
    MainWindow window;
    QVERIFY(window.openFile(a));
    QVERIFY(window.openFile(b));
    ProblemsModel *model = window.problemsModel();
    QVERIFY(window.problemsDock()->isVisibleTo(&window));
    QTRY_COMPARE(model->rowCount(), 3);
    // Files in the order they were opened, each in source order.
    const auto cell = [model](int row, int column) {
        return model->index(row, column).data().toString();
    };
    QCOMPARE(cell(0, ProblemsModel::FileColumn), QStringLiteral("a.llmcl"));
    QCOMPARE(cell(0, ProblemsModel::CodeColumn), QStringLiteral("E2001"));
    QCOMPARE(cell(0, ProblemsModel::SeverityColumn), QStringLiteral("error"));
    QCOMPARE(cell(0, ProblemsModel::LineColumn), QStringLiteral("2"));
    QCOMPARE(cell(0, ProblemsModel::ColumnColumn), QStringLiteral("12"));
    QCOMPARE(cell(1, ProblemsModel::FileColumn), QStringLiteral("b.llmcl"));
    QCOMPARE(cell(1, ProblemsModel::CodeColumn), QStringLiteral("W2001"));
    QCOMPARE(cell(2, ProblemsModel::LineColumn), QStringLiteral("3"));
    QCOMPARE(window.problemsDock()->windowTitle(), QStringLiteral("Problems (3)"));
    QVERIFY(window.statusBar()->findChildren<QLabel *>().size() >= 2);
    bool summary = false;
    for (QLabel *label : window.statusBar()->findChildren<QLabel *>())
        summary = summary || label->text() == QStringLiteral("Errors: 1, warnings: 2");
    QVERIFY(summary);
}

void TestMainWindow::problemsPanelNavigates()
{
    QTemporaryDir dir;
    const QString a = dir.filePath(QStringLiteral("a.llmcl"));
    const QString b = dir.filePath(QStringLiteral("b.llmcl"));
    QByteArray longFile = "contract A {\n";
    for (int i = 0; i < 200; ++i)
        longFile += "    ensure len(response) > " + QByteArray::number(i) + "\n";
    longFile += "    ensure lenn(response) > 0 // café\n}\n";
    writeFile(a, longFile);
    writeFile(b, "contract B {\n    ensure true\n}\n");
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.openFile(a));
    QVERIFY(window.openFile(b));
    ContractEditor *editorB = window.currentEditor();
    QCOMPARE(editorB->filePath(), b);
    QTRY_COMPARE(window.problemsModel()->rowCount(), 1);

    // Enter on the row: a.llmcl's tab comes forward with the range selected and in view.
    QTreeView *view = window.problemsView();
    view->setFocus();
    view->setCurrentIndex(window.problemsModel()->index(0, ProblemsModel::MessageColumn));
    QTest::keyClick(view, Qt::Key_Return);
    ContractEditor *editorA = window.currentEditor();
    QCOMPARE(editorA->filePath(), a);
    QCOMPARE(editorA->selectedText(), QStringLiteral("lenn"));
    int line = 0;
    int index = 0;
    editorA->getCursorPosition(&line, &index);
    QCOMPARE(line, 201);
    const int first = editorA->firstVisibleLine();
    QVERIFY2(
        first <= 201 && 201 < first + editorA->SendScintilla(QsciScintillaBase::SCI_LINESONSCREEN),
        qPrintable(QString::number(first)));
    QTRY_VERIFY(editorA->hasFocus());
}

void TestMainWindow::problemsFollowTypingAndClosing()
{
    QTemporaryDir dir;
    const QString a = dir.filePath(QStringLiteral("a.llmcl"));
    writeFile(a, "contract A { ensure len(response) > 0 }\n");
    MainWindow window;
    QVERIFY(window.openFile(a));
    ContractEditor *editor = window.currentEditor();
    auto *controller = MainWindow::diagnosticsController(editor);
    QVERIFY(controller);
    QSignalSpy applied(controller, &llmcl::editor::DiagnosticsController::diagnosticsApplied);
    QTRY_COMPARE(applied.count(), 1);
    QCOMPARE(window.problemsModel()->rowCount(), 0);
    editor->setCursorPosition(0, 20);
    QTest::keyClicks(editor, QStringLiteral("x"));
    QCOMPARE(editor->text(), QStringLiteral("contract A { ensure xlen(response) > 0 }\n"));
    QTRY_COMPARE(window.problemsModel()->rowCount(), 1);
    QCOMPARE(window.problemsModel()->index(0, ProblemsModel::MessageColumn).data().toString(),
        QStringLiteral("unknown function 'xlen'; did you mean len?"));
    editor->setModified(false);
    QVERIFY(window.tabs()->count() == 1);
    QAction *close = nullptr;
    for (QAction *action : window.findChildren<QAction *>()) {
        if (action->text() == QStringLiteral("&Close Tab"))
            close = action;
    }
    QVERIFY(close);
    close->trigger();
    QCOMPARE(window.tabs()->count(), 0);
    QCOMPARE(window.problemsModel()->rowCount(), 0);
}

void TestMainWindow::importsSeeUnsavedBuffers()
{
    QTemporaryDir dir;
    const QString lib = dir.filePath(QStringLiteral("lib.llmcl"));
    const QString main = dir.filePath(QStringLiteral("main.llmcl"));
    writeFile(lib, "contract Base { ensure true }\n");
    writeFile(main, "from lib import Extra\ncontract Main extends Extra { ensure true }\n");
    MainWindow window;
    QVERIFY(window.openFile(lib));
    QVERIFY(window.openFile(main));
    // The missing import, then the unknown base it was meant to provide.
    QTRY_COMPARE(window.problemsModel()->rowCount(), 2);
    QCOMPARE(window.problemsModel()->index(0, ProblemsModel::CodeColumn).data().toString(),
        QStringLiteral("E2010"));
    // Add the contract to lib.llmcl without saving; main.llmcl's next check sees it.
    window.tabs()->setCurrentIndex(0);
    ContractEditor *libEditor = window.currentEditor();
    libEditor->append(QStringLiteral("contract Extra { ensure true }\n"));
    QVERIFY(libEditor->isModified());
    window.tabs()->setCurrentIndex(1);
    MainWindow::diagnosticsController(window.currentEditor())->checkNow();
    QTRY_COMPARE(window.problemsModel()->rowCount(), 0);
}

// Contracts of the sizes generated guardrails reach, opened as a user would: the checks and the
// live evaluation run on pool threads with 512 KiB stacks (set here explicitly, whatever the
// platform's default) and report a diagnostic or verdicts; the window survives each.
void TestMainWindow::hugeContractsKeepTheWindowAlive()
{
    QThreadPool::globalInstance()->setStackSize(llmcl::test::kWorkerStackBytes);
    QTemporaryDir dir;
    QByteArray chain = "contract Chain {\n    ensure len(response) > 0";
    for (int i = 1; i < 50'000; ++i)
        chain += " and len(response) > 0";
    chain += "\n}\n";
    QByteArray list = "contract List {\n    ensure not any([";
    for (int i = 0; i < 100'000; ++i)
        list += QByteArray(i ? ", " : "") + "contains(response, \"w" + QByteArray::number(i) + "x\")";
    list += "])\n}\n";
    const QByteArray deep =
        "contract Deep {\n    ensure context" + QByteArray(".a").repeated(100'000) + " == 1\n}\n";
    const QString chainPath = dir.filePath(QStringLiteral("chain.llmcl"));
    const QString listPath = dir.filePath(QStringLiteral("list.llmcl"));
    const QString deepPath = dir.filePath(QStringLiteral("deep.llmcl"));
    writeFile(chainPath, chain);
    writeFile(listPath, list);
    writeFile(deepPath, deep);

    MainWindow window;
    window.show();
    ProblemsModel *problems = window.problemsModel();
    QVERIFY(window.openFile(deepPath));
    const auto hasNestingError = [problems] {
        for (int row = 0; row < problems->rowCount(); ++row)
            if (problems->index(row, ProblemsModel::CodeColumn).data().toString()
                == QStringLiteral("E1103"))
                return true;
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(hasNestingError(), 60'000);

    llmcl::app::VerdictModel *verdicts = window.evaluationPanel()->verdictModel();
    const auto verdictFor = [verdicts](const QString &clause) {
        for (int row = 0; row < verdicts->rowCount(); ++row)
            if (verdicts->index(row, llmcl::app::VerdictModel::ClauseColumn).data().toString()
                    == clause
                && !verdicts->isStale())
                return true;
        return false;
    };
    QVERIFY(window.openFile(chainPath));
    QTRY_VERIFY_WITH_TIMEOUT(verdictFor(QStringLiteral("Chain#1")), 120'000);
    QVERIFY(window.openFile(listPath));
    QTRY_VERIFY_WITH_TIMEOUT(verdictFor(QStringLiteral("List#1")), 120'000);
    QVERIFY(window.isVisible());
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
