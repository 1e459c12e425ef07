// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/evaluationpanel.h"
#include "app/fixdiffview.h"
#include "app/mainwindow.h"
#include "app/verdictmodel.h"
#include "editor/contracteditor.h"
#include "editor/diagnosticscontroller.h"
#include "editor/liveevaluator.h"
#include "editor/verdictdisplay.h"

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QThreadPool>
#include <QTreeView>
#include <QTreeWidget>

#include <KSyntaxHighlighting/Repository>

#include <memory>

using llmcl::app::EvaluationPanel;
using llmcl::app::VerdictModel;
using llmcl::editor::ContractEditor;
using llmcl::editor::DiagnosticsController;
using llmcl::editor::VerdictDisplay;
using llmcl::engine::ClauseStatus;

namespace {

const char *const kContracts = R"(contract Replies {
    ensure len(response) >= 20 message: "Response too short"
    ensure not contains(response, "password") message: "Leaks a secret"
        auto_fix: replace(response, "password", "[redacted]")
    ensure context.tier == "free"
}
)";

} // namespace

// The live evaluation panel driven like a user: typing into the sample editors, the verdicts
// in the table and in the editor's gutter and annotations, the context marked in place when it
// is not JSON, fixes shown as a diff with their outcome, greyed verdicts while the contract does
// not parse, and the panel in its dock of the main window.
class TestEvaluationPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void typingShowsVerdicts();
    void invalidContextIsMarked();
    void fixShownAsDiffWithOutcome();
    void brokenContractKeepsVerdictsGreyed();
    void setSampleEvaluatesOnce();
    void scratchSampleIsKeptApart();
    void dockInMainWindow();

private:
    int rowOfLine(int line) const;
    ClauseStatus statusOfLine(int line) const;
    bool hasMarker(int line, ClauseStatus status) const;
    void waitForEvaluation();

    std::unique_ptr<KSyntaxHighlighting::Repository> m_repository;
    ContractEditor *m_editor = nullptr;
    DiagnosticsController *m_controller = nullptr;
    EvaluationPanel *m_panel = nullptr;
};

void TestEvaluationPanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_repository = std::make_unique<KSyntaxHighlighting::Repository>();
}

void TestEvaluationPanel::init()
{
    m_editor = new ContractEditor(*m_repository);
    m_controller = new DiagnosticsController(m_editor);
    m_panel = new EvaluationPanel;
    m_panel->resize(900, 600);
    m_panel->show();
    m_editor->show();
    m_panel->setEditor(m_editor, m_controller);
    QSignalSpy applied(m_controller, &DiagnosticsController::diagnosticsApplied);
    m_editor->setText(QString::fromUtf8(kContracts));
    QTRY_VERIFY(applied.count() >= 1 && !m_controller->isBusy());
}

void TestEvaluationPanel::cleanup()
{
    delete m_panel;
    delete m_editor;
    QThreadPool::globalInstance()->waitForDone();
}

int TestEvaluationPanel::rowOfLine(int line) const
{
    VerdictModel *model = m_panel->verdictModel();
    for (int row = 0; row < model->rowCount(); ++row)
        if (model->index(row, 0).data(VerdictModel::LineRole).toInt() == line)
            return row;
    return -1;
}

ClauseStatus TestEvaluationPanel::statusOfLine(int line) const
{
    const int row = rowOfLine(line);
    return row < 0
        ? ClauseStatus::Skipped
        : ClauseStatus(
              m_panel->verdictModel()->index(row, 0).data(VerdictModel::StatusRole).toInt());
}

bool TestEvaluationPanel::hasMarker(int line, ClauseStatus status) const
{
    VerdictDisplay *display = VerdictDisplay::of(m_editor);
    return m_editor->markersAtLine(line) & (1u << display->markerNumber(status));
}

void TestEvaluationPanel::waitForEvaluation()
{
    auto *evaluator = m_panel->liveEvaluator();
    QTRY_VERIFY(!evaluator->isBusy() && !m_controller->isBusy() && evaluator->evaluation());
}

void TestEvaluationPanel::typingShowsVerdicts()
{
    QTest::keyClicks(m_panel->contentEdit(), QStringLiteral("What is my password?"));
    QTest::keyClicks(m_panel->responseEdit(), QStringLiteral("Too short"));
    waitForEvaluation();
    QCOMPARE(m_panel->verdictModel()->rowCount(), 3);
    QCOMPARE(statusOfLine(2), ClauseStatus::Fail);
    QCOMPARE(statusOfLine(3), ClauseStatus::Pass);
    QCOMPARE(statusOfLine(5), ClauseStatus::Fail); // no context: context.tier is null
    const int row = rowOfLine(2);
    QCOMPARE(m_panel->verdictModel()->index(row, VerdictModel::MessageColumn).data().toString(),
        QStringLiteral("Response too short"));
    QCOMPARE(m_panel->verdictModel()->index(row, VerdictModel::ExplanationColumn).data().toString(),
        QStringLiteral("len(response) = 9 >= 20 → false"));
    // Gutter and annotations of the editor (0-based lines).
    QVERIFY(hasMarker(1, ClauseStatus::Fail));
    QVERIFY(hasMarker(2, ClauseStatus::Pass));
    QVERIFY(VerdictDisplay::of(m_editor)->annotationText(1).contains(
        QStringLiteral("len(response) = 9 >= 20 → false")));
    QVERIFY(VerdictDisplay::of(m_editor)->annotationText(1).contains(
        QStringLiteral("Response too short")));

    // More typing: the verdict flips, in the table, the gutter and the annotation.
    QTest::keyClicks(m_panel->responseEdit(), QStringLiteral(" to pass, now it is long"));
    QTRY_COMPARE(statusOfLine(2), ClauseStatus::Pass);
    waitForEvaluation();
    QVERIFY(hasMarker(1, ClauseStatus::Pass));
    QVERIFY(!hasMarker(1, ClauseStatus::Fail));
    QVERIFY(VerdictDisplay::of(m_editor)->annotationText(1).contains(QStringLiteral("→ true")));

    // Editing the contract re-evaluates the sample too.
    m_editor->setSelection(1, 28, 1, 30);
    QCOMPARE(m_editor->selectedText(), QStringLiteral("20"));
    m_editor->removeSelectedText();
    QTest::keyClicks(m_editor, QStringLiteral("99"));
    QTRY_COMPARE(statusOfLine(2), ClauseStatus::Fail);
    waitForEvaluation();
    QVERIFY(hasMarker(1, ClauseStatus::Fail));
    QVERIFY(
        VerdictDisplay::of(m_editor)->annotationText(1).contains(QStringLiteral(">= 99 → false")));
}

void TestEvaluationPanel::invalidContextIsMarked()
{
    QTest::keyClicks(m_panel->responseEdit(), QStringLiteral("A response that is long enough"));
    QTest::keyClicks(m_panel->contextEdit(), QStringLiteral(R"({"tier": "free")"));
    waitForEvaluation();
    QTRY_VERIFY(m_panel->contextErrorLabel()->isVisible());
    QVERIFY(m_panel->contextErrorLabel()->text().contains(QStringLiteral("line 1, column")));
    // Marked in place: an underlined extra selection at the end, with the error as tooltip.
    const auto selections = m_panel->contextEdit()->extraSelections();
    QCOMPARE(selections.size(), 1);
    QCOMPARE(selections.front().format.underlineStyle(), QTextCharFormat::WaveUnderline);
    QCOMPARE(selections.front().cursor.selectionStart(), m_panel->contextErrorPosition());
    QCOMPARE(m_panel->contextErrorPosition(), 14);
    QVERIFY(m_panel->contextErrorToolTip().contains(QStringLiteral("not valid JSON")));
    QCOMPARE(selections.front().format.toolTip(), m_panel->contextErrorToolTip());

    // Completing the JSON removes the mark, and the context clause passes.
    QTest::keyClicks(m_panel->contextEdit(), QStringLiteral("}"));
    QTRY_VERIFY(!m_panel->contextErrorLabel()->isVisible());
    waitForEvaluation();
    QVERIFY(m_panel->contextEdit()->extraSelections().isEmpty());
    QCOMPARE(m_panel->contextErrorPosition(), -1);
    QCOMPARE(statusOfLine(5), ClauseStatus::Pass);
    QVERIFY(hasMarker(4, ClauseStatus::Pass));
}

void TestEvaluationPanel::fixShownAsDiffWithOutcome()
{
    QTest::keyClicks(m_panel->responseEdit(), QStringLiteral("Your password is hunter2, keep it"));
    waitForEvaluation();
    QCOMPARE(statusOfLine(3), ClauseStatus::Fail);
    QCOMPARE(m_panel->fixList()->topLevelItemCount(), 1);
    QCOMPARE(m_panel->fixList()->topLevelItem(0)->text(0), QStringLiteral("Replies#2"));
    QCOMPARE(m_panel->fixList()->topLevelItem(0)->text(1), QStringLiteral("fixed"));
    QVERIFY(m_panel->fixList()->currentItem());
    auto *diff = m_panel->fixDiffView();
    QVERIFY2(
        diff->outcomeText().contains(QStringLiteral("fixed")), qPrintable(diff->outcomeText()));
    const QString before = diff->beforeView()->toHtml();
    const QString after = diff->afterView()->toHtml();
    // The deleted word struck through on the left, the inserted one underlined on the right.
    QVERIFY(diff->beforeView()->toPlainText().contains(QStringLiteral("password")));
    QVERIFY(!diff->afterView()->toPlainText().contains(QStringLiteral("password")));
    QVERIFY(diff->afterView()->toPlainText().contains(QStringLiteral("[redacted]")));
    QVERIFY(before.contains(QStringLiteral("line-through")));
    QVERIFY(after.contains(QStringLiteral("underline")));
    QVERIFY(m_panel->resultTabs()->tabText(1).contains(QStringLiteral("1")));
}

void TestEvaluationPanel::brokenContractKeepsVerdictsGreyed()
{
    QTest::keyClicks(m_panel->responseEdit(), QStringLiteral("Too short"));
    waitForEvaluation();
    QVERIFY(!m_panel->verdictModel()->isStale());
    // Break the contract: delete the closing parenthesis of the first clause.
    m_editor->setSelection(1, 23, 1, 24);
    QCOMPARE(m_editor->selectedText(), QStringLiteral(")"));
    m_editor->removeSelectedText();
    QTRY_VERIFY(m_panel->liveEvaluator()->isStale());
    QVERIFY(!m_editor->diagnostics().empty());
    // The last good verdicts stay, greyed, in the table and in the editor.
    QVERIFY(m_panel->verdictModel()->isStale());
    QCOMPARE(statusOfLine(2), ClauseStatus::Fail);
    QVERIFY(m_panel->verdictModel()->index(0, 0).data(Qt::ForegroundRole).isValid());
    auto *display = VerdictDisplay::of(m_editor);
    QVERIFY(display->isStale());
    QVERIFY(hasMarker(1, ClauseStatus::Fail));
    const int offset =
        int(m_editor->SendScintilla(QsciScintillaBase::SCI_ANNOTATIONGETSTYLEOFFSET));
    QCOMPARE(int(m_editor->SendScintilla(QsciScintillaBase::SCI_ANNOTATIONGETSTYLE, 1)) + offset,
        display->staleAnnotationStyle());
    QVERIFY(m_panel->statusLabel()->text().contains(QStringLiteral("do not compile")));

    // Repaired: fresh verdicts, no longer grey.
    m_editor->insertAt(QStringLiteral(")"), 1, 23);
    QTRY_VERIFY(!m_panel->liveEvaluator()->isStale());
    waitForEvaluation();
    QVERIFY(!m_panel->verdictModel()->isStale());
    QVERIFY(!display->isStale());
    QVERIFY(!m_panel->verdictModel()->index(0, 0).data(Qt::ForegroundRole).isValid());
    QCOMPARE(int(m_editor->SendScintilla(QsciScintillaBase::SCI_ANNOTATIONGETSTYLE, 1)) + offset,
        display->annotationStyle());
}

void TestEvaluationPanel::setSampleEvaluatesOnce()
{
    // The evaluation of the contract itself first: while it is in flight, the sample's
    // evaluation starts only when it is back (counting right after setSample() failed on a busy
    // machine, one run in eight).
    waitForEvaluation();
    QSignalSpy started(m_panel->liveEvaluator(), &llmcl::editor::LiveEvaluator::evaluationStarted);
    m_panel->setSample(QStringLiteral("Hello"), QStringLiteral("A response that is long enough"),
        QStringLiteral(R"({"tier": "free"})"));
    QCOMPARE(m_panel->contentEdit()->toPlainText(), QStringLiteral("Hello"));
    QCOMPARE(m_panel->contextEdit()->toPlainText(), QStringLiteral(R"({"tier": "free"})"));
    waitForEvaluation();
    // Three editors changed, one evaluation (and none left for the debounce timer to start).
    QTest::qWait(300);
    QCOMPARE(started.count(), 1);
    QCOMPARE(statusOfLine(2), ClauseStatus::Pass);
    QCOMPARE(statusOfLine(5), ClauseStatus::Pass);
}

void TestEvaluationPanel::scratchSampleIsKeptApart()
{
    // Issue 18: choosing a turn silently replaced what the user had typed.
    waitForEvaluation();
    QComboBox *source = m_panel->sourceBox();
    QCOMPARE(m_panel->source(), EvaluationPanel::Scratch);
    QCOMPARE(source->currentIndex(), 0);
    m_panel->contentEdit()->setFocus();
    QTest::keyClicks(m_panel->contentEdit(), QStringLiteral("typed by me"));
    QTest::keyClicks(m_panel->responseEdit(), QStringLiteral("my own answer, long enough"));
    waitForEvaluation();

    m_panel->setSample(QStringLiteral("captured question"), QStringLiteral("short"),
        QStringLiteral(R"({"tier": "free"})"));
    // The scratch sample stays in the editors and is what is evaluated; a note says where the
    // turn went.
    QCOMPARE(m_panel->contentEdit()->toPlainText(), QStringLiteral("typed by me"));
    QCOMPARE(m_panel->source(), EvaluationPanel::Scratch);
    QVERIFY(m_panel->sourceNote()->isVisibleTo(m_panel));
    QTest::qWait(100);
    waitForEvaluation();
    QCOMPARE(statusOfLine(2), ClauseStatus::Pass);

    // Switched explicitly: the captured turn, evaluated.
    source->setCurrentIndex(1);
    Q_EMIT source->activated(1);
    QCOMPARE(m_panel->source(), EvaluationPanel::Captured);
    QVERIFY(!m_panel->sourceNote()->isVisibleTo(m_panel));
    QCOMPARE(m_panel->contentEdit()->toPlainText(), QStringLiteral("captured question"));
    QCOMPARE(m_panel->responseEdit()->toPlainText(), QStringLiteral("short"));
    QTest::qWait(100);
    waitForEvaluation();
    QCOMPARE(statusOfLine(2), ClauseStatus::Fail);
    // While the captured turn is shown, the next chosen turn replaces it.
    m_panel->setSample(
        QStringLiteral("next turn"), QStringLiteral("fine answer, long enough"), QString());
    QCOMPARE(m_panel->contentEdit()->toPlainText(), QStringLiteral("next turn"));

    // Back to the scratch sample, untouched.
    m_panel->setSource(EvaluationPanel::Scratch);
    QCOMPARE(source->currentIndex(), 0);
    QCOMPARE(m_panel->contentEdit()->toPlainText(), QStringLiteral("typed by me"));
    QCOMPARE(m_panel->responseEdit()->toPlainText(), QStringLiteral("my own answer, long enough"));
    // Clearing clears the sample shown only.
    m_panel->clearSample();
    QVERIFY(m_panel->contentEdit()->toPlainText().isEmpty());
    m_panel->setSource(EvaluationPanel::Captured);
    QCOMPARE(m_panel->contentEdit()->toPlainText(), QStringLiteral("next turn"));

    // With nothing typed, a chosen turn shows at once: nothing is lost.
    m_panel->setSource(EvaluationPanel::Scratch);
    m_panel->setSample(QStringLiteral("third"), QStringLiteral("x"), QString());
    QCOMPARE(m_panel->source(), EvaluationPanel::Captured);
    QCOMPARE(m_panel->contentEdit()->toPlainText(), QStringLiteral("third"));
}

void TestEvaluationPanel::dockInMainWindow()
{
    llmcl::app::MainWindow window;
    EvaluationPanel *panel = window.evaluationPanel();
    QVERIFY(panel);
    auto *dock = window.findChild<QDockWidget *>(QStringLiteral("EvaluationDock"));
    QVERIFY(dock);
    QCOMPARE(dock->widget(), panel);
    auto *show = window.findChild<QAction *>(QStringLiteral("actionShowLiveEvaluation"));
    QVERIFY(show);
    QVERIFY(!show->shortcut().isEmpty());
    auto *clear = window.findChild<QAction *>(QStringLiteral("actionClearSample"));
    QVERIFY(clear);
    QVERIFY(!clear->shortcut().isEmpty());
    // In a menu of the menu bar, where the command palette finds them.
    bool inMenu = false;
    for (QAction *menu : window.menuBar()->actions())
        if (menu->menu() && menu->menu()->actions().contains(show))
            inMenu = true;
    QVERIFY(inMenu);

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("replies.llmcl"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(kContracts);
    }
    QVERIFY(window.openFile(path));
    QCOMPARE(panel->contractEditor(), window.currentEditor());
    panel->setSample(QStringLiteral("Hi"), QStringLiteral("short"), QString());
    QTRY_VERIFY(panel->liveEvaluator()->evaluation() && !panel->liveEvaluator()->isBusy());
    auto *display = VerdictDisplay::of(window.currentEditor());
    QTRY_VERIFY(window.currentEditor()->markersAtLine(1)
        & (1u << display->markerNumber(ClauseStatus::Fail)));
    clear->trigger();
    QVERIFY(panel->responseEdit()->toPlainText().isEmpty());
}

QTEST_MAIN(TestEvaluationPanel)
#include "tst_evaluationpanel.moc"
