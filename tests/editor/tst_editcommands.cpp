// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor/conflictdecorations.h"
#include "editor/contracteditor.h"
#include "editor/diagnosticscontroller.h"
#include "editor/documentformatter.h"
#include "editor/linecomment.h"
#include "engine/formatter.h"

#include <QSignalSpy>
#include <QTest>
#include <QThreadPool>

#include <KSyntaxHighlighting/Repository>

#include <memory>

using llmcl::editor::ConflictDecorations;
using llmcl::editor::ContractEditor;
using llmcl::editor::DiagnosticsController;
using llmcl::editor::DocumentFormatter;
using llmcl::editor::LineComment;

// Format Document, Toggle Comment, folding of contract blocks, and conflicts shown on both
// clauses with suppressed clauses greyed, on a real editor with the real engine.
class TestEditCommands : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void formatKeepsCursorAndIsOneUndoStep();
    void formatRefusesTextThatDoesNotLex();
    void formatDropsResultWhenTextChanged();
    void equivalentOffset_data();
    void equivalentOffset();
    void toggleComment_data();
    void toggleComment();
    void toggleCommentIsOneUndoStep();
    void contractsFold();
    void conflictOnBothClausesAndSuppressedGreyed();

private:
    void waitForAnalysis();
    int offsetOf(const QString &needle) const;

    std::unique_ptr<KSyntaxHighlighting::Repository> m_repository;
    ContractEditor *m_editor = nullptr;
};

void TestEditCommands::initTestCase()
{
    m_repository = std::make_unique<KSyntaxHighlighting::Repository>();
}

void TestEditCommands::init()
{
    m_editor = new ContractEditor(*m_repository);
    m_editor->resize(800, 600);
}

void TestEditCommands::cleanup()
{
    delete m_editor;
    QThreadPool::globalInstance()->waitForDone();
}

int TestEditCommands::offsetOf(const QString &needle) const
{
    return int(QByteArray::fromStdString(m_editor->utf8Text()).indexOf(needle.toUtf8()));
}

void TestEditCommands::formatKeepsCursorAndIsOneUndoStep()
{
    const QString messy = QStringLiteral(
        "contract   A(priority=high){\nensure len( response )<10 message:\"x\"\n}\n");
    m_editor->setText(messy);
    const std::string expected = llmcl::engine::formatSource(messy.toStdString()).text;
    QVERIFY(expected != messy.toStdString());
    // The cursor inside "response".
    m_editor->SendScintilla(
        QsciScintillaBase::SCI_GOTOPOS, long(offsetOf(QStringLiteral("ponse"))));
    auto *formatter = new DocumentFormatter(m_editor);
    QSignalSpy finished(formatter, &DocumentFormatter::finished);
    formatter->format();
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    QCOMPARE(m_editor->utf8Text(), expected);
    const long caret = m_editor->SendScintilla(QsciScintillaBase::SCI_GETCURRENTPOS);
    QCOMPARE(caret, long(offsetOf(QStringLiteral("ponse"))));
    m_editor->undo();
    QCOMPARE(m_editor->text(), messy);
    QVERIFY(!m_editor->isUndoAvailable() || m_editor->text() == messy);

    // Formatting formatted text changes nothing.
    m_editor->setText(QString::fromStdString(expected));
    formatter->format();
    QTRY_COMPARE(finished.count(), 2);
    QCOMPARE(finished.at(1).at(0).toBool(), false);
    QCOMPARE(m_editor->utf8Text(), expected);
}

void TestEditCommands::formatRefusesTextThatDoesNotLex()
{
    const QString broken =
        QStringLiteral("contract  A {\n  ensure response == \"unterminated\n}\n");
    m_editor->setText(broken);
    auto *formatter = new DocumentFormatter(m_editor);
    QSignalSpy finished(formatter, &DocumentFormatter::finished);
    formatter->format();
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    QVERIFY2(finished.at(0).at(1).toString().startsWith(QStringLiteral("Not formatted: line 2")),
        qPrintable(finished.at(0).at(1).toString()));
    QCOMPARE(m_editor->text(), broken);
}

void TestEditCommands::formatDropsResultWhenTextChanged()
{
    m_editor->setText(QStringLiteral("contract   A {\nensure true\n}\n"));
    QThreadPool pool;
    pool.setMaxThreadCount(1);
    auto *formatter = new DocumentFormatter(m_editor);
    formatter->setThreadPool(&pool);
    QSignalSpy finished(formatter, &DocumentFormatter::finished);
    formatter->format();
    m_editor->append(QStringLiteral("// typed meanwhile\n")); // before the result is delivered
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    QVERIFY(m_editor->text().startsWith(QStringLiteral("contract   A {")));
}

void TestEditCommands::equivalentOffset_data()
{
    QTest::addColumn<QString>("before");
    QTest::addColumn<int>("offset");
    QTest::addColumn<QString>("after");
    QTest::addColumn<int>("expected");
    QTest::newRow("start") << QStringLiteral("  a b") << 0 << QStringLiteral("a b") << 0;
    QTest::newRow("inside-token") << QStringLiteral("x  =  10") << 7 << QStringLiteral("x = 10")
                                  << 5;
    QTest::newRow("after-token") << QStringLiteral("x  =  10") << 4 << QStringLiteral("x = 10")
                                 << 3;
    QTest::newRow("end") << QStringLiteral("a\r\n\r\nb") << 6 << QStringLiteral("a\nb\n") << 3;
}

void TestEditCommands::equivalentOffset()
{
    QFETCH(QString, before);
    QFETCH(int, offset);
    QFETCH(QString, after);
    QFETCH(int, expected);
    QCOMPARE(int(DocumentFormatter::equivalentOffset(
                 before.toStdString(), std::size_t(offset), after.toStdString())),
        expected);
}

void TestEditCommands::toggleComment_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("selectionStart");
    QTest::addColumn<int>("selectionEnd");
    QTest::addColumn<QString>("expected");
    const QString contract =
        QStringLiteral("contract A {\n    ensure true\n\n        ensure false\n}\n");
    QTest::newRow("cursor-line") << contract << 20 << 20
                                 << QStringLiteral("contract A {\n    // ensure true\n\n"
                                                   "        ensure false\n}\n");
    QTest::newRow("block-aligned-blank-kept")
        << contract << 13 << 51
        << QStringLiteral("contract A {\n    // ensure true\n\n    //     ensure false\n}\n");
    QTest::newRow("selection-ending-at-line-start")
        << contract << 13 << 29
        << QStringLiteral("contract A {\n    // ensure true\n\n        ensure false\n}\n");
    QTest::newRow("uncomment") << QStringLiteral(
        "contract A {\n    // ensure true\n    //ensure false\n}\n")
                               << 13 << 50
                               << QStringLiteral(
                                      "contract A {\n    ensure true\n    ensure false\n}\n");
    QTest::newRow("hash-counts-as-comment")
        << QStringLiteral("# note\n// other\n") << 0 << 15 << QStringLiteral("note\nother\n");
    QTest::newRow("mixed-comments-out")
        << QStringLiteral("// a\nb\n") << 0 << 6 << QStringLiteral("// // a\n// b\n");
}

void TestEditCommands::toggleComment()
{
    QFETCH(QString, text);
    QFETCH(int, selectionStart);
    QFETCH(int, selectionEnd);
    QFETCH(QString, expected);
    m_editor->setText(text);
    m_editor->SendScintilla(
        QsciScintillaBase::SCI_SETSEL, long(selectionStart), long(selectionEnd));
    QVERIFY(LineComment::toggle(m_editor));
    QCOMPARE(m_editor->text(), expected);
    // Toggling again restores the text (for a uniform block).
    if (!QByteArray(QTest::currentDataTag()).startsWith("mixed")) {
        QVERIFY(LineComment::toggle(m_editor));
        QCOMPARE(m_editor->text(),
            text.contains(QStringLiteral("//ensure"))
                ? QStringLiteral("contract A {\n    // ensure true\n    // ensure false\n}\n")
                : (QByteArray(QTest::currentDataTag()) == "hash-counts-as-comment"
                          ? QStringLiteral("// note\n// other\n")
                          : text));
    }
}

void TestEditCommands::toggleCommentIsOneUndoStep()
{
    const QString text = QStringLiteral("a\nb\nc\n");
    m_editor->setText(text);
    m_editor->SendScintilla(QsciScintillaBase::SCI_EMPTYUNDOBUFFER);
    m_editor->SendScintilla(QsciScintillaBase::SCI_SETSEL, 0L, 5L);
    QVERIFY(LineComment::toggle(m_editor));
    QCOMPARE(m_editor->text(), QStringLiteral("// a\n// b\n// c\n"));
    m_editor->undo();
    QCOMPARE(m_editor->text(), text);
    QVERIFY(!m_editor->isUndoAvailable());
    // Nothing to do on blank lines.
    m_editor->setText(QStringLiteral("\n   \n"));
    m_editor->SendScintilla(QsciScintillaBase::SCI_SETSEL, 0L, 4L);
    QVERIFY(!LineComment::toggle(m_editor));
}

void TestEditCommands::contractsFold()
{
    m_editor->setText(QStringLiteral("contract A {\n    ensure true\n    ensure false\n}\n"
                                     "contract B {\n    ensure true\n}\n"));
    m_editor->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_editor));
    // The highlighter styles (and sets fold levels) as lines are shown; make sure all are.
    m_editor->SendScintilla(QsciScintillaBase::SCI_COLOURISE, 0L, -1L);
    const long level = m_editor->SendScintilla(QsciScintillaBase::SCI_GETFOLDLEVEL, 0L);
    QVERIFY2(
        level & QsciScintillaBase::SC_FOLDLEVELHEADERFLAG, qPrintable(QString::number(level, 16)));
    QCOMPARE(m_editor->SendScintilla(QsciScintillaBase::SCI_GETLASTCHILD, 0L, -1L), 3L);
    m_editor->foldLine(0);
    QVERIFY(!m_editor->SendScintilla(QsciScintillaBase::SCI_GETLINEVISIBLE, 1L));
    QVERIFY(m_editor->SendScintilla(QsciScintillaBase::SCI_GETLINEVISIBLE, 4L));
}

void TestEditCommands::conflictOnBothClausesAndSuppressedGreyed()
{
    auto *controller = new DiagnosticsController(m_editor);
    controller->setDelay(0);
    auto *decorations = new ConflictDecorations(m_editor, controller);
    m_editor->setText(QStringLiteral("contract Contract1(priority = high) {\n"
                                     "    ensure len(response) < 50\n"
                                     "}\n"
                                     "contract Contract2(priority = low) {\n"
                                     "    ensure len(response) > 100\n"
                                     "}\n"));
    QSignalSpy applied(controller, &DiagnosticsController::diagnosticsApplied);
    QTRY_VERIFY(!applied.isEmpty() && m_editor->diagnosticsAreCurrent() && !controller->isBusy());
    QList<int> conflicts;
    for (std::size_t i = 0; i < m_editor->diagnostics().size(); ++i) {
        if (m_editor->diagnostics()[i].code == "W3001")
            conflicts.append(int(i));
    }
    QCOMPARE(conflicts.size(), 1);

    const int first = offsetOf(QStringLiteral("len(response) < 50"));
    const int second = offsetOf(QStringLiteral("len(response) > 100"));
    // The second clause has the diagnostic's squiggle; the first one the partner mark.
    QVERIFY(m_editor->diagnosticsAt(second).contains(conflicts.front()));
    QVERIFY(m_editor->SendScintilla(QsciScintillaBase::SCI_INDICATORVALUEAT,
                decorations->partnerIndicator(), long(first))
        > 0);
    const QString partnerTip = decorations->toolTipText(first);
    QVERIFY2(partnerTip.contains(QStringLiteral("line 5")), qPrintable(partnerTip));
    QVERIFY2(partnerTip.contains(QStringLiteral("priority")), qPrintable(partnerTip));

    // Linked: from either clause to the other.
    m_editor->SendScintilla(QsciScintillaBase::SCI_GOTOPOS, long(first));
    QVERIFY(decorations->goToPartner());
    QVERIFY(m_editor->SendScintilla(QsciScintillaBase::SCI_GETSELECTIONSTART) <= second);
    QVERIFY(m_editor->SendScintilla(QsciScintillaBase::SCI_GETSELECTIONEND) > second);
    m_editor->SendScintilla(QsciScintillaBase::SCI_GOTOPOS, long(second));
    QVERIFY(decorations->goToPartner());
    QVERIFY(m_editor->SendScintilla(QsciScintillaBase::SCI_GETSELECTIONSTART) <= first);
    QVERIFY(m_editor->SendScintilla(QsciScintillaBase::SCI_GETSELECTIONEND) > first);

    // Contract2's clause lost (lower priority): greyed, with the reason.
    QVERIFY(m_editor->SendScintilla(QsciScintillaBase::SCI_INDICATORVALUEAT,
                decorations->suppressedIndicator(), long(second))
        > 0);
    QCOMPARE(m_editor->SendScintilla(QsciScintillaBase::SCI_INDICATORVALUEAT,
                 decorations->suppressedIndicator(), long(first)),
        0L);
    const QString reason = decorations->suppressionAt(second);
    QVERIFY2(reason.startsWith(QStringLiteral("suppressed: conflicts with Contract1#1")),
        qPrintable(reason));
    QVERIFY(decorations->toolTipText(second).contains(QStringLiteral("Suppressed clause")));
    // The editor's tooltip shows the reason next to the diagnostic.
    m_editor->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_editor));
    const QPoint point(int(m_editor->SendScintilla(
                           QsciScintillaBase::SCI_POINTXFROMPOSITION, 0UL, long(second + 2)))
            + 1,
        int(m_editor->SendScintilla(
            QsciScintillaBase::SCI_POINTYFROMPOSITION, 0UL, long(second + 2)))
            + 2);
    const QString tip = m_editor->toolTipAt(point);
    QVERIFY2(
        tip.contains(QStringLiteral("Suppressed clause")) && tip.contains(QStringLiteral("W3001")),
        qPrintable(tip));
}

QTEST_MAIN(TestEditCommands)
#include "tst_editcommands.moc"
