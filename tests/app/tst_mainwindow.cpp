// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/mainwindow.h"
#include "editor/contracteditor.h"
#include "editor/highlightinglexer.h"

#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using llmcl::app::MainWindow;
using llmcl::editor::ContractEditor;

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
    void saveAndReopen();
    void reopeningSwitchesToTab();
    void recentFiles();
    void firstPaintAndScreenshot();

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
    QVERIFY(window.openWorkspace(QStringLiteral(LLMCL_SOURCE_DIR "/resources/examples")));
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

void TestMainWindow::missingWorkspaceIsReported()
{
    MainWindow window;
    QVERIFY(!window.openWorkspace(QStringLiteral("/nonexistent/llmcl-workspace")));
    QVERIFY(window.lastError().contains(QStringLiteral("no such folder")));
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
    QVERIFY(window.openWorkspace(QStringLiteral(LLMCL_SOURCE_DIR "/resources/examples")));
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
    QVERIFY(window.openWorkspace(QStringLiteral(LLMCL_SOURCE_DIR "/resources/examples")));
    window.show();
    QVERIFY(painted.wait(5000));
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

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
