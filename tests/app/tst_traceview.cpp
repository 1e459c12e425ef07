// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/clauseeventsfilter.h"
#include "app/clauseeventsmodel.h"
#include "app/conversationstepper.h"
#include "app/debugtools.h"
#include "app/mainwindow.h"
#include "app/sessionsdock.h"
#include "app/settings.h"
#include "app/stepperdock.h"
#include "app/tracetimeline.h"
#include "app/traceview.h"
#include "editor/contracteditor.h"
#include "editor/diagnosticscontroller.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageBox>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QWheelEvent>

#include "tests/common/testpaths.h"

using llmcl::app::ClauseEventsModel;
using llmcl::app::ConversationStepper;
using llmcl::app::TraceTimeline;
using llmcl::app::TraceView;
using llmcl::engine::ClauseStatus;
using namespace Qt::StringLiterals;

namespace {

// Two contracts, so that the contract filter has something to choose.
const QByteArray kContracts = R"(contract Support {
    ensure len(response) >= 5 message: "Answers are at least five characters"
    temporal always (match(content, "(?i)refund") implies within 2 contains(response, "policy"))
    ensure_prob contains(response, "thanks"), 0.5 window_size: 3
}

contract Tone {
    require len(content) > 0
    ensure not contains(response, "!") message: "No shouting"
    ensure not contains(response, "Bye") message: "No abrupt goodbyes"
}
)";

} // namespace

class TestTraceView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void barsNest();
    void filterByStatusAndContract();
    void clickSelectsClauseInEditor();
    void rowSelectsClauseInEditor();
    void wheelZooms();
    void exportWritesValidFile_data();
    void exportWritesValidFile();
    void exportFailureLeavesFileAlone();
    void exportDialog();

private:
    // Steps to turn `turn` (1-based) of the first conversation and returns its trace view.
    TraceView *stepTo(int turn);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<llmcl::app::MainWindow> m_window;
    QString m_contract;
};

void TestTraceView::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"LLMCL-tests"_s);
    QCoreApplication::setApplicationName(u"tst_traceview"_s);
}

void TestTraceView::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_contract = m_dir->filePath(u"support.llmcl"_s);
    QFile file(m_contract);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(kContracts);
    file.close();
    m_window = std::make_unique<llmcl::app::MainWindow>();
    m_window->resize(1400, 900);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(m_window->openFile(m_contract));
}

void TestTraceView::cleanup()
{
    m_window.reset();
    m_dir.reset();
}

TraceView *TestTraceView::stepTo(int turn)
{
    llmcl::app::DebugTools *tools = m_window->debugTools();
    ConversationStepper *stepper = tools->stepperDock()->stepper();
    if (!QTest::qWaitFor([&] { return stepper->contracts() != nullptr; }))
        return nullptr;
    QSignalSpy loaded(tools->sessionsDock(), &llmcl::app::SessionsDock::loadFinished);
    tools->sessionsDock()->openSessions(llmcl::test::testDataPath(u"/studio/stepper.jsonl"));
    if (!loaded.wait())
        return nullptr;
    QSignalSpy evaluated(stepper, &ConversationStepper::evaluated);
    tools->sessionsDock()->chooseConversation(0);
    if (!evaluated.wait())
        return nullptr;
    stepper->runToTurn(turn);
    tools->traceDock()->raise();
    QCoreApplication::processEvents();
    return tools->traceView();
}

void TestTraceView::barsNest()
{
    TraceView *view = stepTo(4);
    QVERIFY(view);
    const QList<TraceTimeline::Bar> &bars = view->timeline()->bars();
    QVERIFY(!bars.isEmpty());
    QCOMPARE(bars.first().level, TraceTimeline::TurnLevel);
    QCOMPARE(bars.first().label, u"Turn 4"_s);
    int clauses = 0;
    QSet<int> levels;
    for (int i = 1; i < bars.size(); ++i) {
        const TraceTimeline::Bar &bar = bars[i];
        levels.insert(bar.level);
        QVERIFY(bar.parent >= 0 && bar.parent < i);
        const TraceTimeline::Bar &parent = bars[bar.parent];
        QCOMPARE(int(bar.level), int(parent.level) + 1);
        // Each child's interval lies inside its parent's.
        QVERIFY2(bar.start >= parent.start, qPrintable(bar.label));
        QVERIFY2(bar.start + bar.duration <= parent.start + parent.duration, qPrintable(bar.label));
        QVERIFY(bar.duration >= 0);
        // On screen too.
        const QRectF rect = view->timeline()->barRect(i);
        const QRectF parentRect = view->timeline()->barRect(bar.parent);
        QVERIFY(rect.top() > parentRect.top());
        QVERIFY(rect.left() >= parentRect.left() - 0.5);
        if (bar.level == TraceTimeline::ClauseLevel)
            ++clauses;
    }
    QCOMPARE(levels.size(), 3); // phase, contract, clause
    // Every evaluated clause of the turn has its bar (six clauses, none skipped on a turn with
    // a response).
    QCOMPARE(clauses, 6);
    QCOMPARE(view->eventsModel()->rowCount(), 6);
    // Sibling clauses do not overlap: laid end to end.
    for (int i = 1; i < bars.size(); ++i) {
        for (int j = i + 1; j < bars.size(); ++j) {
            if (bars[i].parent == bars[j].parent && bars[i].level == bars[j].level)
                QVERIFY(bars[i].start + bars[i].duration <= bars[j].start
                    || bars[j].start + bars[j].duration <= bars[i].start);
        }
    }
}

void TestTraceView::filterByStatusAndContract()
{
    TraceView *view = stepTo(4);
    QVERIFY(view);
    QAbstractItemModelTester tester(
        view->eventsFilter(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester sourceTester(
        view->eventsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTreeView *table = view->eventsView();
    QCOMPARE(table->model()->rowCount(), 6);

    // Turn 4 ("Hm" → "Bye"): Support#1 fails (too short), Support#2 stays failed, Support#3
    // fails (rate 1/3), Tone#3 fails (Bye); Tone#1 and Tone#2 pass.
    const auto ids = [&] {
        QStringList out;
        for (int row = 0; row < table->model()->rowCount(); ++row)
            out << table->model()->index(row, ClauseEventsModel::ClauseColumn).data().toString();
        out.sort();
        return out;
    };
    QComboBox *status = view->statusFilter();
    status->setCurrentIndex(status->findData(int(ClauseStatus::Fail)));
    QCOMPARE(ids(), (QStringList {u"Support#1"_s, u"Support#2"_s, u"Support#3"_s, u"Tone#3"_s}));
    QComboBox *contract = view->contractFilter();
    QCOMPARE(contract->count(), 3); // All, Support, Tone
    contract->setCurrentIndex(contract->findData(u"Tone"_s));
    QCOMPARE(ids(), QStringList {u"Tone#3"_s});
    status->setCurrentIndex(status->findData(int(ClauseStatus::Pass)));
    QCOMPARE(ids(), (QStringList {u"Tone#1"_s, u"Tone#2"_s}));
    status->setCurrentIndex(0);
    QCOMPARE(ids(), (QStringList {u"Tone#1"_s, u"Tone#2"_s, u"Tone#3"_s}));
    // Stepping keeps the chosen contract.
    m_window->debugTools()->stepperDock()->stepper()->previous();
    QCOMPARE(contract->currentData().toString(), u"Tone"_s);
    QCOMPARE(table->model()->rowCount(), 3);
    contract->setCurrentIndex(0);
    QCOMPARE(table->model()->rowCount(), 6);

    // Sorting by duration uses the nanoseconds.
    table->sortByColumn(ClauseEventsModel::DurationColumn, Qt::AscendingOrder);
    qint64 previous = -1;
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        const qint64 ns = table->model()
                              ->index(row, ClauseEventsModel::DurationColumn)
                              .data(ClauseEventsModel::DurationRole)
                              .toLongLong();
        QVERIFY(ns >= previous);
        previous = ns;
    }
}

void TestTraceView::clickSelectsClauseInEditor()
{
    TraceView *view = stepTo(4);
    QVERIFY(view);
    TraceTimeline *timeline = view->timeline();
    QVERIFY(QTest::qWaitForWindowExposed(timeline));
    // The widest clause bar, so that the click cannot land on a neighbour.
    int target = -1;
    for (int i = 0; i < timeline->bars().size(); ++i) {
        if (timeline->bars()[i].level == TraceTimeline::ClauseLevel
            && (target < 0 || timeline->barRect(i).width() > timeline->barRect(target).width()))
            target = i;
    }
    QVERIFY(target >= 0);
    const TraceTimeline::Bar bar = timeline->bars()[target];
    const llmcl::engine::ClauseVerdict *verdict =
        view->eventsModel()->verdict(view->eventsModel()->rowOf(bar.contract, bar.clause));
    QVERIFY(verdict);
    QCOMPARE(QString::fromStdString(verdict->id()), bar.label);

    // Another tab in front: the click brings the contract's tab back.
    llmcl::editor::ContractEditor *editor = m_window->currentEditor();
    editor->setCursorPosition(0, 0);
    QSignalSpy activated(view, &TraceView::clauseActivated);
    QTest::mouseClick(timeline, Qt::LeftButton, {}, timeline->barRect(target).center().toPoint());
    QCOMPARE(activated.size(), 1);
    QCOMPARE(m_window->currentEditor(), editor);
    int fromLine, fromIndex, toLine, toIndex;
    editor->getSelection(&fromLine, &fromIndex, &toLine, &toIndex);
    QCOMPARE(fromLine + 1, int(verdict->range().begin.line));
    QCOMPARE(int(editor->SendScintilla(QsciScintillaBase::SCI_GETSELECTIONSTART)),
        int(verdict->range().begin.offset));
    QCOMPARE(int(editor->SendScintilla(QsciScintillaBase::SCI_GETSELECTIONEND)),
        int(verdict->range().end.offset));
    QVERIFY(editor->selectedText().startsWith(
        QString::fromStdString(std::string(llmcl::engine::clauseKindName(verdict->kind())))));
    // The table follows the bar.
    const QModelIndex current = view->eventsView()->currentIndex();
    QCOMPARE(current.siblingAtColumn(ClauseEventsModel::ClauseColumn).data().toString(), bar.label);
}

void TestTraceView::rowSelectsClauseInEditor()
{
    TraceView *view = stepTo(3);
    QVERIFY(view);
    QTreeView *table = view->eventsView();
    QVERIFY(QTest::qWaitForWindowExposed(table));
    // Tone#2's row: "ensure not contains(response, "!")".
    int row = -1;
    for (int r = 0; r < table->model()->rowCount(); ++r) {
        if (table->model()->index(r, 0).data().toString() == u"Tone#2")
            row = r;
    }
    QVERIFY(row >= 0);
    table->scrollTo(table->model()->index(row, 0));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
        table->visualRect(table->model()->index(row, 0)).center());
    llmcl::editor::ContractEditor *editor = m_window->currentEditor();
    QCOMPARE(
        editor->selectedText(), u"ensure not contains(response, \"!\") message: \"No shouting\""_s);
}

void TestTraceView::wheelZooms()
{
    TraceView *view = stepTo(1);
    QVERIFY(view);
    TraceTimeline *timeline = view->timeline();
    QCOMPARE(timeline->zoom(), 1.0);
    const QPointF at(timeline->width() / 2.0, timeline->height() / 2.0);
    QWheelEvent wheel(at, timeline->mapToGlobal(at), QPoint(), QPoint(0, 240), Qt::NoButton,
        Qt::NoModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(timeline, &wheel);
    QVERIFY(timeline->zoom() > 1.5);
    // Zoomed in, the turn's bar is wider than the widget.
    QVERIFY(timeline->barRect(0).width() > timeline->width());
    QTest::mouseDClick(timeline, Qt::LeftButton, {}, QPoint(2, 2));
    QCOMPARE(timeline->zoom(), 1.0);
}

void TestTraceView::exportWritesValidFile_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<QString>("check");
    QTest::newRow("llmcl-trace") << int(TraceView::Format::Llmcl) << u"format"_s;
    QTest::newRow("chrome") << int(TraceView::Format::Chrome) << u"traceEvents"_s;
    QTest::newRow("otlp") << int(TraceView::Format::Otlp) << u"resourceSpans"_s;
}

void TestTraceView::exportWritesValidFile()
{
    QFETCH(int, format);
    QFETCH(QString, check);
    TraceView *view = stepTo(3);
    QVERIFY(view);
    QVERIFY(view->exportAction()->isEnabled());
    const QString path = m_dir->filePath(u"trace.json"_s);
    QString error;
    QVERIFY2(view->exportTrace(path, TraceView::Format(format), &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(parseError.errorString()));
    const QJsonObject root = document.object();
    QVERIFY(root.contains(check));
    // The turn's clauses are in it.
    QVERIFY(bytes.contains("Support#2"));
    QVERIFY(bytes.contains("Tone#3"));
    if (check == u"format") {
        QCOMPARE(root.value(u"format").toString(), u"llmcl-trace"_s);
        const QJsonArray conversations =
            root.value(u"runs").toArray().at(0).toObject().value(u"conversations").toArray();
        QCOMPARE(conversations.size(), 1);
        QCOMPARE(conversations.at(0).toObject().value(u"id").toString(), u"refund-1"_s);
    } else if (check == u"traceEvents") {
        QVERIFY(root.value(u"traceEvents").toArray().size() > 6);
    }
}

void TestTraceView::exportFailureLeavesFileAlone()
{
    TraceView *view = stepTo(2);
    QVERIFY(view);
    QString error;
    const QString missingFolder = m_dir->filePath(u"no/such/folder/trace.json"_s);
    QVERIFY(!view->exportTrace(missingFolder, TraceView::Format::Llmcl, &error));
    QVERIFY(error.contains(missingFolder));
    QVERIFY(!QFile::exists(missingFolder));

    TraceView empty;
    QVERIFY(!empty.exportAction()->isEnabled());
    QVERIFY(!empty.exportTrace(m_dir->filePath(u"x.json"_s), TraceView::Format::Chrome, &error));
    QVERIFY(!QFile::exists(m_dir->filePath(u"x.json"_s)));
}

void TestTraceView::exportDialog()
{
    // Issue 18: the dialog opened in the process's working folder and forgot the last one,
    // did not confirm, and suggested .json for all three formats.
    llmcl::app::Settings().setTraceExportFolder(QString());
    const QString workspace = m_dir->filePath(u"workspace"_s);
    QVERIFY(QDir().mkpath(workspace));
    QVERIFY(m_window->openWorkspace(workspace));
    TraceView *view = stepTo(3);
    QVERIFY(view);
    view->exportAction()->trigger();
    QFileDialog *dialog = view->exportDialog();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QCOMPARE(QFileInfo(dialog->directory().absolutePath()).canonicalFilePath(),
        QFileInfo(workspace).canonicalFilePath());
    const auto chosenName = [dialog] {
        const QStringList files = dialog->selectedFiles();
        return files.isEmpty() ? QString() : QFileInfo(files.first()).fileName();
    };
    QCOMPARE(chosenName(), u"refund-1-turn-3.trace.json"_s);

    // Another format: the name follows it.
    auto *types = dialog->findChild<QComboBox *>(u"fileTypeCombo"_s);
    QVERIFY(types);
    QCOMPARE(types->count(), 3);
    types->setCurrentIndex(1);
    Q_EMIT types->activated(1);
    Q_EMIT types->textActivated(types->itemText(1));
    QCOMPARE(chosenName(), u"refund-1-turn-3.chrome.json"_s);
    dialog->selectFile(u"mine.json"_s);
    types->setCurrentIndex(2);
    Q_EMIT types->activated(2);
    Q_EMIT types->textActivated(types->itemText(2));
    QCOMPARE(chosenName(), u"mine.otlp.json"_s);
    types->setCurrentIndex(1);
    Q_EMIT types->activated(1);
    Q_EMIT types->textActivated(types->itemText(1));
    QCOMPARE(chosenName(), u"mine.chrome.json"_s);

    // An existing file: replaced only when confirmed.
    const QString elsewhere = m_dir->filePath(u"elsewhere"_s);
    QVERIFY(QDir().mkpath(elsewhere));
    const QString target = QDir(elsewhere).filePath(u"mine.chrome.json"_s);
    {
        QFile file(target);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("keep me");
    }
    dialog->selectFile(target);
    QMetaObject::invokeMethod(dialog, "accept");
    QMessageBox *question = nullptr;
    QTRY_VERIFY((question = view->findChild<QMessageBox *>(u"ConfirmOverwrite"_s)));
    QTRY_VERIFY(question->isVisible());
    question->button(QMessageBox::No)->click();
    QTRY_VERIFY(dialog->isVisible()); // back to the dialog
    {
        QFile file(target);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("keep me"));
    }
    dialog->selectFile(target);
    QMetaObject::invokeMethod(dialog, "accept");
    QTRY_VERIFY((question = view->findChild<QMessageBox *>(u"ConfirmOverwrite"_s))
        && question->isVisible());
    question->button(QMessageBox::Yes)->click();
    QTRY_VERIFY([&] {
        QFile file(target);
        return file.open(QIODevice::ReadOnly) && file.readAll().contains("traceEvents");
    }());

    // The next export starts where this one went, in a new window too.
    QCOMPARE(QFileInfo(llmcl::app::Settings().traceExportFolder()).canonicalFilePath(),
        QFileInfo(elsewhere).canonicalFilePath());
    view->exportAction()->trigger();
    QTRY_VERIFY(dialog->isVisible());
    QCOMPARE(QFileInfo(dialog->directory().absolutePath()).canonicalFilePath(),
        QFileInfo(elsewhere).canonicalFilePath());
    QCOMPARE(chosenName(), u"refund-1-turn-3.trace.json"_s);
    dialog->reject();
    llmcl::app::Settings().setTraceExportFolder(QString());
}

QTEST_MAIN(TestTraceView)
#include "tst_traceview.moc"
