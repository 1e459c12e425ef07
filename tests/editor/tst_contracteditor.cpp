// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor/contracteditor.h"
#include "editor/diagnosticscontroller.h"
#include "editor/highlightinglexer.h"

#include <QAction>
#include <QApplication>
#include <QContextMenuEvent>
#include <QFile>
#include <QHelpEvent>
#include <QMenu>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolTip>

#include <KSyntaxHighlighting/Repository>

#include <memory>

using llmcl::editor::ContractEditor;
using llmcl::editor::DiagnosticsController;
using llmcl::engine::Diagnostic;
using llmcl::engine::Severity;
using Sci = QsciScintillaBase;

// How the contract editor shows diagnostics: squiggles on the exact bytes, margin symbols,
// tooltips, fix-its from the context menu, and the same end to end while typing (with a
// DiagnosticsController and the real engine).
class TestContractEditor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void squigglesOnExactBytes_data();
    void squigglesOnExactBytes();
    void emptyRangeIsWidened();
    void staleDiagnosticsAreRefused();
    void diagnosticsFollowEdits();
    void toolTipOverSquiggleAndMarker();
    void typingShowsDiagnostics();
    void fixItIsOneUndoStep();
    void fixItFromContextMenu();
    void fixItsWaitForCurrentDiagnostics();
    void brokenContractStillHighlights();
    void loadClearsDiagnostics();

private:
    static Diagnostic makeDiagnostic(Severity severity, const std::string &text,
        const std::string &needle, std::size_t length, const char *code, const char *message);
    int indicatorValueAt(Severity severity, int position) const;
    bool hasMarker(Severity severity, int line) const;
    QPoint pointAt(int position) const;
    // Types `text` into an empty editor and waits for the diagnostics of the final text.
    void typeAndWait(const QString &text);

    std::unique_ptr<KSyntaxHighlighting::Repository> m_repository;
    ContractEditor *m_editor = nullptr;
};

void TestContractEditor::initTestCase()
{
    m_repository = std::make_unique<KSyntaxHighlighting::Repository>();
}

void TestContractEditor::init()
{
    m_editor = new ContractEditor(*m_repository);
    m_editor->resize(900, 500);
    m_editor->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_editor));
}

void TestContractEditor::cleanup()
{
    QToolTip::hideText();
    delete m_editor;
    m_editor = nullptr;
}

Diagnostic TestContractEditor::makeDiagnostic(Severity severity, const std::string &text,
    const std::string &needle, std::size_t length, const char *code, const char *message)
{
    const std::size_t at = text.find(needle);
    Diagnostic diagnostic;
    diagnostic.severity = severity;
    diagnostic.code = code;
    diagnostic.message = message;
    diagnostic.range.begin = llmcl::engine::positionAt(text, at);
    diagnostic.range.end = llmcl::engine::positionAt(text, at + length);
    return diagnostic;
}

int TestContractEditor::indicatorValueAt(Severity severity, int position) const
{
    return int(m_editor->SendScintilla(
        Sci::SCI_INDICATORVALUEAT, m_editor->indicatorNumber(severity), long(position)));
}

bool TestContractEditor::hasMarker(Severity severity, int line) const
{
    return m_editor->markersAtLine(line) & (1u << m_editor->markerNumber(severity));
}

QPoint TestContractEditor::pointAt(int position) const
{
    const int x = int(m_editor->SendScintilla(Sci::SCI_POINTXFROMPOSITION, 0UL, long(position)));
    const int y = int(m_editor->SendScintilla(Sci::SCI_POINTYFROMPOSITION, 0UL, long(position)));
    // The middle of the character's cell.
    const int height = int(m_editor->SendScintilla(Sci::SCI_TEXTHEIGHT, 0UL));
    return {x + 3, y + height / 2};
}

void TestContractEditor::typeAndWait(const QString &text)
{
    auto *controller = new DiagnosticsController(m_editor);
    QSignalSpy applied(controller, &DiagnosticsController::diagnosticsApplied);
    m_editor->setFocus();
    QTest::keyClicks(m_editor, text);
    QCOMPARE(m_editor->text(), text);
    QTRY_VERIFY(!applied.isEmpty() && applied.last().at(0).toULongLong() == m_editor->revision());
    QVERIFY(m_editor->diagnosticsAreCurrent());
}

void TestContractEditor::squigglesOnExactBytes_data()
{
    QTest::addColumn<int>("severity");
    QTest::addColumn<QString>("needle");
    QTest::addColumn<int>("length");

    QTest::newRow("error") << int(Severity::Error) << QStringLiteral("respnse") << 7;
    QTest::newRow("warning") << int(Severity::Warning) << QStringLiteral("user_tier") << 9;
    QTest::newRow("info") << int(Severity::Info) << QStringLiteral("limit") << 5;
    // After "é" (2 bytes) and an emoji (4 bytes): byte offsets, not UTF-16 or code points.
    QTest::newRow("after-non-ascii") << int(Severity::Error) << QStringLiteral("après") << 6;
    QTest::newRow("emoji") << int(Severity::Warning) << QStringLiteral("😀") << 4;
    QTest::newRow("multi-line") << int(Severity::Error)
                                << QStringLiteral("len(respnse) < limit\n    ensure") << 32;
}

void TestContractEditor::squigglesOnExactBytes()
{
    QFETCH(int, severity);
    QFETCH(QString, needle);
    QFETCH(int, length);
    const std::string text = "contract Café(limit = 10) {\n"
                             "    ensure len(respnse) < limit\n"
                             "    ensure user_tier == \"😀 après\"\n"
                             "}\n";
    m_editor->setText(QString::fromStdString(text));
    QCOMPARE(m_editor->utf8Text(), text);
    const Diagnostic diagnostic = makeDiagnostic(Severity(severity), text, needle.toStdString(),
        std::size_t(length), "E9999", "a test diagnostic");
    QVERIFY(m_editor->setDiagnostics(m_editor->revision(), {diagnostic}));

    const int begin = int(diagnostic.range.begin.offset);
    const int end = int(diagnostic.range.end.offset);
    QCOMPARE(indicatorValueAt(Severity(severity), begin - 1), 0);
    for (int at = begin; at < end; ++at)
        QCOMPARE(indicatorValueAt(Severity(severity), at), 1);
    QCOMPARE(indicatorValueAt(Severity(severity), end), 0);
    // Only the diagnostic's own severity is drawn.
    for (const Severity other : {Severity::Error, Severity::Warning, Severity::Info}) {
        if (other != Severity(severity))
            QCOMPARE(indicatorValueAt(other, begin), 0);
    }
    // A symbol on the first line of the range, of that severity only.
    const int line = int(diagnostic.range.begin.line) - 1;
    QVERIFY(hasMarker(Severity(severity), line));
    QCOMPARE(m_editor->markersAtLine(line), 1u << m_editor->markerNumber(Severity(severity)));
    QCOMPARE(m_editor->diagnosticsOnLine(line), QList<int> {0});
    QCOMPARE(m_editor->diagnosticsAt(begin), QList<int> {0});
    QCOMPARE(m_editor->diagnosticsAt(end), QList<int> {});
}

void TestContractEditor::emptyRangeIsWidened()
{
    const std::string text = "contract A {\n    ensure len(response) <\n}\n";
    m_editor->setText(QString::fromStdString(text));
    // "expected an expression" at the end of line 2: an empty range at the line's end.
    Diagnostic atEnd = makeDiagnostic(Severity::Error, text, "\n}", 0, "E1101", "expected");
    Diagnostic inside = makeDiagnostic(Severity::Warning, text, "len", 0, "W0000", "here");
    QVERIFY(m_editor->setDiagnostics(m_editor->revision(), {atEnd, inside}));
    const int end = int(atEnd.range.begin.offset);
    QCOMPARE(indicatorValueAt(Severity::Error, end - 1), 1); // the character before it
    QCOMPARE(indicatorValueAt(Severity::Error, end), 0);
    const int len = int(inside.range.begin.offset);
    QCOMPARE(indicatorValueAt(Severity::Warning, len), 2); // the character after it
    QCOMPARE(indicatorValueAt(Severity::Warning, len + 1), 0);
    QCOMPARE(m_editor->diagnosticRange(0), std::make_pair(end, end));
}

void TestContractEditor::staleDiagnosticsAreRefused()
{
    const std::string text = "contract A { ensure x }\n";
    m_editor->setText(QString::fromStdString(text));
    const quint64 checked = m_editor->revision();
    const Diagnostic diagnostic = makeDiagnostic(Severity::Warning, text, "x", 1, "W2001", "x");
    m_editor->insertAt(QStringLiteral("// typed meanwhile\n"), 0, 0);
    QVERIFY(m_editor->revision() > checked);
    QSignalSpy changed(m_editor, &ContractEditor::diagnosticsChanged);
    QVERIFY(!m_editor->setDiagnostics(checked, {diagnostic}));
    QVERIFY(m_editor->diagnostics().empty());
    QCOMPARE(changed.count(), 0);
    QCOMPARE(indicatorValueAt(Severity::Warning, int(diagnostic.range.begin.offset)), 0);
}

void TestContractEditor::diagnosticsFollowEdits()
{
    const std::string text = "contract A {\n    ensure len(respnse) < 5\n}\n";
    m_editor->setText(QString::fromStdString(text));
    const Diagnostic diagnostic =
        makeDiagnostic(Severity::Warning, text, "respnse", 7, "W2001", "unknown name");
    QVERIFY(m_editor->setDiagnostics(m_editor->revision(), {diagnostic}));
    const int begin = int(diagnostic.range.begin.offset);

    const QByteArray inserted = QByteArrayLiteral("// a new first line\n");
    m_editor->insertAt(QString::fromUtf8(inserted), 0, 0);
    QVERIFY(!m_editor->diagnosticsAreCurrent());
    // The squiggle, the symbol and what hovering finds moved down one line with the text.
    const int moved = begin + int(inserted.size());
    QCOMPARE(indicatorValueAt(Severity::Warning, moved), 1);
    QVERIFY(hasMarker(Severity::Warning, 2));
    QVERIFY(!hasMarker(Severity::Warning, 1));
    QCOMPARE(m_editor->diagnosticsOnLine(2), QList<int> {0});
    QCOMPARE(m_editor->diagnosticsAt(moved + 3), QList<int> {0});
    QCOMPARE(m_editor->diagnosticRange(0), std::make_pair(moved, moved + 7));
    m_editor->selectDiagnostic(0);
    QCOMPARE(m_editor->selectedText(), QStringLiteral("respnse"));
}

void TestContractEditor::toolTipOverSquiggleAndMarker()
{
    const std::string text = "contract A {\n    ensure len(respnse) < 5\n    ensure true\n}\n";
    m_editor->setText(QString::fromStdString(text));
    Diagnostic unknown = makeDiagnostic(Severity::Warning, text, "respnse", 7, "W2001",
        "unknown name 'respnse'; did you mean 'response'?");
    unknown.fixIts.push_back({unknown.range, "response"});
    unknown.related.push_back({"", unknown.range, "the <name> is used here"});
    const Diagnostic constant =
        makeDiagnostic(Severity::Info, text, "true", 4, "W2003", "the condition is constant");
    QVERIFY(m_editor->setDiagnostics(m_editor->revision(), {unknown, constant}));

    const auto hover = [this](const QPoint &point) {
        QHelpEvent event(QEvent::ToolTip, point, m_editor->viewport()->mapToGlobal(point));
        QApplication::sendEvent(m_editor->viewport(), &event);
    };
    // Over the squiggle.
    const QPoint onSquiggle = pointAt(int(unknown.range.begin.offset) + 2);
    QVERIFY(m_editor->toolTipAt(onSquiggle).contains(QStringLiteral("W2001")));
    hover(onSquiggle);
    QTRY_VERIFY(QToolTip::isVisible());
    QVERIFY2(QToolTip::text().contains(QStringLiteral("<b>warning W2001</b>")),
        qPrintable(QToolTip::text()));
    QVERIFY(QToolTip::text().contains(
        QStringLiteral("unknown name 'respnse'; did you mean 'response'?")));
    QVERIFY(QToolTip::text().contains(QStringLiteral("the &lt;name&gt; is used here")));
    QVERIFY(QToolTip::text().contains(QStringLiteral("A fix is available")));
    QVERIFY(!QToolTip::text().contains(QStringLiteral("W2003")));

    // Over the margin symbol of line 3 (0-based 2).
    const int marginX = m_editor->marginWidth(0) + m_editor->marginWidth(1) / 2;
    const QPoint onMarker(marginX, pointAt(int(constant.range.begin.offset)).y());
    QVERIFY(m_editor->toolTipAt(onMarker).contains(QStringLiteral("W2003")));
    hover(onMarker);
    QTRY_VERIFY(
        QToolTip::text().contains(QStringLiteral("<b>info W2003</b>: the condition is constant")));

    // Nothing to say over clean text: no tooltip.
    const QPoint clean = pointAt(int(text.find("contract")) + 1);
    QCOMPARE(m_editor->toolTipAt(clean), QString());
    hover(clean);
    QTRY_VERIFY(!QToolTip::isVisible());
}

void TestContractEditor::typingShowsDiagnostics()
{
    typeAndWait(QStringLiteral("contract A { ensure len(respnse) < 5 and lenn(response) > 0 }"));
    const std::string text = m_editor->utf8Text();
    const std::vector<Diagnostic> &diagnostics = m_editor->diagnostics();
    QCOMPARE(diagnostics.size(), std::size_t(2));
    QCOMPARE(diagnostics[0].code, std::string("W2001"));
    QCOMPARE(diagnostics[1].code, std::string("E2001"));
    const int unknown = int(text.find("respnse"));
    const int function = int(text.find("lenn"));
    QCOMPARE(int(diagnostics[0].range.begin.offset), unknown);
    QCOMPARE(indicatorValueAt(Severity::Warning, unknown), 1);
    QCOMPARE(indicatorValueAt(Severity::Warning, unknown + 6), 1);
    QCOMPARE(indicatorValueAt(Severity::Warning, unknown + 7), 0);
    QCOMPARE(indicatorValueAt(Severity::Error, function), 2);
    QCOMPARE(indicatorValueAt(Severity::Error, function + 4), 0);
    QVERIFY(hasMarker(Severity::Warning, 0));
    QVERIFY(hasMarker(Severity::Error, 0));
    // The most severe first, wherever both apply.
    QCOMPARE(m_editor->diagnosticsOnLine(0), (QList<int> {1, 0}));
}

void TestContractEditor::fixItIsOneUndoStep()
{
    typeAndWait(QStringLiteral("contract A { ensure len(respnse) < 5 }"));
    QCOMPARE(m_editor->diagnostics().size(), std::size_t(1));
    QCOMPARE(m_editor->diagnostics()[0].fixIts.size(), std::size_t(1));
    QVERIFY(m_editor->applyFixIts(0));
    QCOMPARE(m_editor->text(), QStringLiteral("contract A { ensure len(response) < 5 }"));
    // The cursor ends after the replacement.
    QCOMPARE(int(m_editor->SendScintilla(Sci::SCI_GETCURRENTPOS)),
        int(std::string("contract A { ensure len(response").size()));
    // One undo restores the typo: the fix is a single step.
    m_editor->undo();
    QCOMPARE(m_editor->text(), QStringLiteral("contract A { ensure len(respnse) < 5 }"));
    m_editor->redo();
    QCOMPARE(m_editor->text(), QStringLiteral("contract A { ensure len(response) < 5 }"));
    // After the re-check the warning is gone.
    QTRY_VERIFY(m_editor->diagnosticsAreCurrent());
    QVERIFY(m_editor->diagnostics().empty());
    QCOMPARE(indicatorValueAt(Severity::Warning, 25), 0);
}

void TestContractEditor::fixItFromContextMenu()
{
    typeAndWait(QStringLiteral("contract A { ensure lenn(response) < 5 }"));
    QCOMPARE(m_editor->diagnostics().size(), std::size_t(1));
    const int at = int(m_editor->diagnostics()[0].range.begin.offset) + 1;
    const QPoint point = pointAt(at);
    QContextMenuEvent event(
        QContextMenuEvent::Mouse, point, m_editor->viewport()->mapToGlobal(point));
    QApplication::sendEvent(m_editor->viewport(), &event);
    QMenu *menu = nullptr;
    QTRY_VERIFY((menu = qobject_cast<QMenu *>(QApplication::activePopupWidget())));
    QAction *fix = nullptr;
    for (QAction *action : menu->actions()) {
        if (action->objectName() == QLatin1String("FixItAction"))
            fix = action;
    }
    QVERIFY(fix);
    QCOMPARE(fix->text(), QStringLiteral("Fix E2001: replace “lenn” with “len”"));
    // The standard entries are still there, after the fixes.
    QVERIFY(menu->actions().size() > 3);
    QCOMPARE(menu->actions().first(), fix);
    fix->trigger();
    menu->close();
    QCOMPARE(m_editor->text(), QStringLiteral("contract A { ensure len(response) < 5 }"));
    QTRY_VERIFY(m_editor->diagnosticsAreCurrent());
    QVERIFY(m_editor->diagnostics().empty());
}

void TestContractEditor::fixItsWaitForCurrentDiagnostics()
{
    typeAndWait(QStringLiteral("contract A { ensure lenn(response) < 5 }"));
    const int at = int(m_editor->diagnostics()[0].range.begin.offset);
    auto *controller = m_editor->findChild<DiagnosticsController *>();
    controller->setDelay(60'000); // no re-check during this test
    QList<QAction *> actions = m_editor->fixItActions(at, this);
    QCOMPARE(actions.size(), 1);
    QVERIFY(actions[0]->isEnabled());
    QAction *fresh = actions[0];

    m_editor->insertAt(QStringLiteral("  "), 0, 0); // the fix-it's offsets are now stale
    QVERIFY(!m_editor->applyFixIts(0));
    actions = m_editor->fixItActions(at + 2, this);
    QCOMPARE(actions.size(), 1);
    QVERIFY(!actions[0]->isEnabled());
    // An action created before the edit does nothing either.
    fresh->trigger();
    QCOMPARE(m_editor->text(), QStringLiteral("  contract A { ensure lenn(response) < 5 }"));
    qDeleteAll(actions);
    delete fresh;
}

void TestContractEditor::brokenContractStillHighlights()
{
    typeAndWait(QStringLiteral("contract A { ensure \"unterminated"));
    QStringList codes;
    for (const Diagnostic &diagnostic : m_editor->diagnostics())
        codes.append(QString::fromStdString(diagnostic.code));
    // In source order: the contract body that never closes (at its "{"), the unterminated string.
    QCOMPARE(codes, (QStringList {QStringLiteral("E1102"), QStringLiteral("E1002")}));
    QVERIFY(hasMarker(Severity::Error, 0));
    m_editor->SendScintilla(Sci::SCI_COLOURISE, 0, -1);
    QCOMPARE(m_editor->highlightingLexer()->formatNameAt(0), QStringLiteral("Keyword"));
    QCOMPARE(m_editor->highlightingLexer()->formatNameAt(13), QStringLiteral("Keyword"));
    QCOMPARE(m_editor->highlightingLexer()->formatNameAt(22), QStringLiteral("String"));
}

void TestContractEditor::loadClearsDiagnostics()
{
    const std::string text = "contract A { ensure x }\n";
    m_editor->setText(QString::fromStdString(text));
    QVERIFY(m_editor->setDiagnostics(
        m_editor->revision(), {makeDiagnostic(Severity::Error, text, "x", 1, "E0000", "x")}));
    QVERIFY(hasMarker(Severity::Error, 0));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("b.llmcl"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("contract B { ensure true }\n");
    file.close();
    QVERIFY(m_editor->load(path, nullptr));
    QVERIFY(m_editor->diagnostics().empty());
    QCOMPARE(m_editor->markersAtLine(0), 0u);
}

QTEST_MAIN(TestContractEditor)
#include "tst_contracteditor.moc"
