// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/clauseresultsmodel.h"
#include "app/conversationstepper.h"
#include "app/debugtools.h"
#include "app/editortools.h"
#include "app/evaluationpanel.h"
#include "app/mainwindow.h"
#include "app/sessionsdock.h"
#include "app/settings.h"
#include "app/stepperdock.h"
#include "app/thememanager.h"
#include "editor/clausebreakpoints.h"
#include "editor/contracteditor.h"
#include "editor/diagnosticscontroller.h"
#include "tracer/sessionreader.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QMenu>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>

#include <KSyntaxHighlighting/Repository>

#include <cmath>

#include "tests/common/testpaths.h"

using llmcl::app::ClauseLocation;
using llmcl::app::ConversationStepper;
using llmcl::engine::ClauseStatus;
using llmcl::engine::ClauseVerdict;
using namespace Qt::StringLiterals;

namespace {

const QString kStudio = llmcl::test::testDataPath(u"/studio");
const std::string kContract = llmcl::test::testDataPath(u"/studio/stepper.llmcl").toStdString();

std::shared_ptr<const llmcl::engine::CompiledSet> compile(const std::string &path)
{
    llmcl::engine::CompileRequest request;
    request.files = {path};
    return llmcl::engine::compileContracts(request).set;
}

std::shared_ptr<const llmcl::engine::CompiledSet> compileText(const std::string &text)
{
    llmcl::engine::CompileRequest request;
    request.files = {"inline.llmcl"};
    request.overrides["inline.llmcl"] = text;
    return llmcl::engine::compileContracts(request).set;
}

std::vector<std::shared_ptr<const llmcl::tracer::Conversation>> readConversations()
{
    std::vector<std::shared_ptr<const llmcl::tracer::Conversation>> out;
    auto reader = llmcl::tracer::SessionReader::open(
        llmcl::test::testDataPath(u"/studio/stepper.jsonl").toStdString());
    if (!reader)
        return out;
    llmcl::tracer::Conversation c;
    while (reader.value().next(c))
        out.push_back(std::make_shared<llmcl::tracer::Conversation>(c));
    return out;
}

const ClauseVerdict *find(const ConversationStepper &stepper, int step, const char *id)
{
    for (const ClauseVerdict *v : stepper.verdicts(step)) {
        if (v->id() == id)
            return v;
    }
    return nullptr;
}

// Opens `contract` in `window` and waits until the stepper has its compiled contracts.
bool openForStepping(llmcl::app::MainWindow &window, const QString &contract)
{
    if (!window.openFile(contract))
        return false;
    auto *controller = llmcl::app::MainWindow::diagnosticsController(window.currentEditor());
    ConversationStepper *stepper = window.debugTools()->stepperDock()->stepper();
    return controller && QTest::qWaitFor([&] {
        return controller->languageService() != nullptr && stepper->contracts() != nullptr;
    });
}

// The line (1-based) of the first occurrence of `needle` in the contract file.
std::uint32_t lineOf(const char *needle)
{
    QFile file(QString::fromStdString(kContract));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (lines[i].contains(needle))
            return std::uint32_t(i + 1);
    }
    return 0;
}

} // namespace

class TestConversationStepper : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void verdictsPerTurn_data();
    void verdictsPerTurn();
    void obligationsAndWindows();
    void runToBreakpoint_data();
    void runToBreakpoint();
    void runToBreakpointThroughFollowingConversations();
    void navigationWaitsForResults();
    void staleResultsAreDropped();
    void storedResultsAreNotEvaluated();
    void breakpointMargin();
    void stepperInTheWindow();
    void runToBreakpointThroughTheFileInTheWindow();
    void stepButtonsFitAndOverflowShowsInDark();

private:
    std::shared_ptr<const llmcl::engine::CompiledSet> m_set;
    std::vector<std::shared_ptr<const llmcl::tracer::Conversation>> m_conversations;
};

void TestConversationStepper::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"LLMCL-tests"_s);
    QCoreApplication::setApplicationName(u"tst_conversationstepper"_s);
    m_set = compile(kContract);
    QVERIFY(m_set);
    m_conversations = readConversations();
    QCOMPARE(m_conversations.size(), std::size_t(2));
}

void TestConversationStepper::verdictsPerTurn_data()
{
    // Support#1: ensure len(response) >= 5; #2: temporal always (refund implies within 2
    // policy); #3: ensure_prob contains(response, "thanks"), 0.5 over the last 3; #4: temporal
    // eventually "Goodbye". Step 4 is the conversation's end.
    QTest::addColumn<int>("step");
    QTest::addColumn<QString>("expected"); // statuses of #1..#4, "-" for not listed
    QTest::newRow("turn-1") << 0 << u"pass pending pending pending"_s;
    QTest::newRow("turn-2-refund-asked") << 1 << u"pass pending pending pending"_s;
    QTest::newRow("turn-3-no-policy") << 2 << u"pass fail pass pending"_s;
    QTest::newRow("turn-4-short-answer") << 3 << u"fail fail fail pending"_s;
    QTest::newRow("end-no-goodbye") << 4 << u"- - - fail"_s;
}

void TestConversationStepper::verdictsPerTurn()
{
    QFETCH(int, step);
    QFETCH(QString, expected);
    ConversationStepper stepper;
    QSignalSpy evaluated(&stepper, &ConversationStepper::evaluated);
    stepper.setContracts(m_set);
    stepper.setConversation(m_conversations[0]);
    QVERIFY(evaluated.wait());
    QCOMPARE(stepper.stepCount(), 5);
    QVERIFY(stepper.isEndStep(4));
    QStringList actual;
    for (const char *id : {"Support#1", "Support#2", "Support#3", "Support#4"}) {
        const ClauseVerdict *v = find(stepper, step, id);
        actual << (v ? QString::fromUtf8(llmcl::engine::clauseStatusName(v->status).data())
                     : u"-"_s);
    }
    QCOMPARE(actual.join(u' '), expected);
}

void TestConversationStepper::obligationsAndWindows()
{
    ConversationStepper stepper;
    QSignalSpy evaluated(&stepper, &ConversationStepper::evaluated);
    stepper.setContracts(m_set);
    stepper.setConversation(m_conversations[0]);
    QVERIFY(evaluated.wait());

    // No refund asked yet: the `always` clause has nothing open; `eventually` waits.
    const ClauseVerdict *always1 = find(stepper, 0, "Support#2");
    QVERIFY(always1 && always1->temporal);
    QVERIFY(always1->temporal->obligations.empty());
    const ClauseVerdict *eventually1 = find(stepper, 0, "Support#4");
    QVERIFY(eventually1 && eventually1->temporal);
    QCOMPARE(eventually1->temporal->obligations.size(), std::size_t(1));
    QVERIFY(QString::fromStdString(eventually1->temporal->obligations[0]).contains(u"Goodbye"));
    // Turn 2 asks for a refund: the policy is owed within two turns.
    const ClauseVerdict *always2 = find(stepper, 1, "Support#2");
    QCOMPARE(always2->temporal->obligations.size(), std::size_t(1));
    QVERIFY(QString::fromStdString(always2->temporal->obligations[0]).contains(u"policy"));
    // Turn 3 does not give it: violated, settled at turn 3, nothing open any more.
    const ClauseVerdict *always3 = find(stepper, 2, "Support#2");
    QCOMPARE(always3->temporal->settledAt, 3);
    QVERIFY(always3->temporal->obligations.empty());
    QVERIFY(QString::fromStdString(always3->message)
            .startsWith(u"A refund question must be answered with the policy within two turns"));

    // ensure_prob over the last 3 answers: thanks, thanks, -, - .
    const struct
    {
        int step;
        double rate;
        std::uint64_t results;
    } windows[] = {{0, 1.0, 1}, {1, 1.0, 2}, {2, 2.0 / 3.0, 3}, {3, 1.0 / 3.0, 3}};
    for (const auto &w : windows) {
        const ClauseVerdict *v = find(stepper, w.step, "Support#3");
        QVERIFY(v && v->window);
        QVERIFY2(std::abs(v->window->rate - w.rate) < 1e-9, qPrintable(QString::number(w.step)));
        QCOMPARE(v->window->results, w.results);
        QCOMPARE(v->window->size, 3);
        QCOMPARE(v->window->target, 0.5);
    }

    // The dock shows them: one row per clause, the open obligations below.
    llmcl::app::StepperDock dock;
    dock.stepper()->setContracts(m_set);
    QSignalSpy dockEvaluated(dock.stepper(), &ConversationStepper::evaluated);
    dock.stepper()->setConversation(m_conversations[0]);
    QVERIFY(dockEvaluated.wait());
    QAbstractItemModelTester tester(
        dock.resultsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    dock.stepper()->next();
    QCOMPARE(dock.resultsModel()->rowCount(), 4);
    QCOMPARE(dock.obligationsView()->topLevelItemCount(), 2); // policy and Goodbye
    QVERIFY(dock.positionLabel()->text().contains(u"turn 2 of 4"));
    const QModelIndex windowCell =
        dock.resultsModel()->index(2, llmcl::app::ClauseResultsModel::WindowColumn);
    QVERIFY(windowCell.data().toString().contains(u"2 of 2"));
    QCOMPARE(dock.resultsModel()
                 ->index(0, llmcl::app::ClauseResultsModel::StatusColumn)
                 .data()
                 .toString(),
        u"\u2713 pass"_s);
}

void TestConversationStepper::runToBreakpoint_data()
{
    QTest::addColumn<QByteArray>("clause"); // text on the clause's first line
    QTest::addColumn<int>("from");
    QTest::addColumn<int>("expected"); // -1: not hit
    QTest::newRow("temporal-violated-at-turn-3") << QByteArray("temporal always") << 0 << 2;
    // A settled temporal clause keeps reporting `fail`, but it failed only once.
    QTest::newRow("temporal-does-not-fail-again") << QByteArray("temporal always") << 2 << -1;
    QTest::newRow("ensure-fails-at-turn-4") << QByteArray("ensure len") << 0 << 3;
    QTest::newRow("ensure-prob-fails-at-turn-4") << QByteArray("ensure_prob") << 0 << 3;
    QTest::newRow("eventually-fails-at-end") << QByteArray("eventually") << 0 << 4;
    QTest::newRow("message-line-is-no-clause") << QByteArray("message: \"A refund") << 0 << -1;
}

void TestConversationStepper::runToBreakpoint()
{
    QFETCH(QByteArray, clause);
    QFETCH(int, from);
    QFETCH(int, expected);
    ConversationStepper stepper;
    QSignalSpy evaluated(&stepper, &ConversationStepper::evaluated);
    QSignalSpy notHit(&stepper, &ConversationStepper::breakpointNotHit);
    stepper.setContracts(m_set);
    stepper.setConversation(m_conversations[0]);
    QVERIFY(evaluated.wait());
    stepper.setCurrent(from);
    const std::uint32_t line = lineOf(clause.constData());
    QVERIFY(line > 0);
    stepper.runToBreakpoint({ClauseLocation {kContract, line}});
    if (expected < 0) {
        QCOMPARE(notHit.size(), 1);
        QCOMPARE(stepper.current(), from);
    } else {
        QCOMPARE(notHit.size(), 0);
        QCOMPARE(stepper.current(), expected);
    }
}

namespace {

std::shared_ptr<const llmcl::tracer::Conversation> conversationOf(
    const char *id, std::vector<std::pair<std::string, std::string>> turns)
{
    auto conversation = std::make_shared<llmcl::tracer::Conversation>();
    conversation->id = id;
    for (auto &[content, response] : turns) {
        llmcl::tracer::Turn turn;
        turn.content = std::move(content);
        turn.response = std::move(response);
        conversation->turns.push_back(std::move(turn));
    }
    return conversation;
}

} // namespace

void TestConversationStepper::runToBreakpointThroughFollowingConversations()
{
    ConversationStepper stepper;
    QSignalSpy evaluated(&stepper, &ConversationStepper::evaluated);
    QSignalSpy notHit(&stepper, &ConversationStepper::breakpointNotHit);
    QSignalSpy hit(&stepper, &ConversationStepper::breakpointHit);
    QSignalSpy moved(&stepper, &ConversationStepper::conversationChanged);
    stepper.setContracts(m_set);
    stepper.setConversation(m_conversations[0]);
    QVERIFY(evaluated.wait());
    // `ensure len(response) >= 5` fails at turn 4 of the first conversation, never after it.
    const std::vector<ClauseLocation> breakpoints {{kContract, lineOf("ensure len")}};
    stepper.runToBreakpoint(breakpoints);
    QCOMPARE(stepper.current(), 3);
    QCOMPARE(hit.size(), 1);
    QCOMPARE(hit.at(0).at(0).toInt(), 3);
    QCOMPARE(hit.at(0).at(1).toInt(), 0); // Support#1, the first row
    QCOMPARE(stepper.verdicts(3).at(0)->id(), "Support#1");

    // Nothing after turn 4 here: the following conversations are searched, in order.
    const auto passing = conversationOf("passing", {{"Hello", "Hello there, friend"}});
    const auto failing =
        conversationOf("failing", {{"Hi", "Hello there"}, {"Why?", "No"}, {"Ok", "No again"}});
    const auto later = conversationOf("later", {{"Hi", "No"}});
    stepper.runToBreakpoint(breakpoints, {passing, failing, later});
    QVERIFY(stepper.isBusy());
    QTRY_COMPARE(hit.size(), 2);
    QCOMPARE(notHit.size(), 0);
    QCOMPARE(moved.size(), 1);
    QCOMPARE(stepper.conversation(), failing);
    QCOMPARE(stepper.current(), 1);
    QCOMPARE(hit.at(1).at(0).toInt(), 1);
    QCOMPARE(hit.at(1).at(1).toInt(), 0);
    QVERIFY(!stepper.isBusy());
    QVERIFY(stepper.turnResult(2)); // the whole conversation's results are in

    // Failing nowhere after: the stepper stays and says so.
    stepper.setCurrent(2);
    stepper.runToBreakpoint(breakpoints, {passing});
    QTRY_COMPARE(notHit.size(), 1);
    QCOMPARE(stepper.conversation(), failing);
    QCOMPARE(stepper.current(), 2);
    QCOMPARE(hit.size(), 2);

    // Choosing another conversation abandons a search.
    stepper.setCurrent(2);
    stepper.runToBreakpoint(breakpoints, {passing, later});
    stepper.setConversation(m_conversations[1]);
    QVERIFY(evaluated.wait());
    QTest::qWait(50);
    QCOMPARE(stepper.conversation(), m_conversations[1]);
    QCOMPARE(hit.size(), 2);
}

void TestConversationStepper::navigationWaitsForResults()
{
    ConversationStepper stepper;
    QSignalSpy evaluated(&stepper, &ConversationStepper::evaluated);
    stepper.setContracts(m_set);
    stepper.setConversation(m_conversations[0]);
    // Asked before the results are in: done when they arrive.
    QVERIFY(!stepper.isReady());
    stepper.runToBreakpoint({ClauseLocation {kContract, lineOf("temporal always")}});
    QCOMPARE(stepper.current(), 0);
    QVERIFY(evaluated.wait());
    QCOMPARE(stepper.current(), 2);
    stepper.next();
    stepper.next();
    stepper.next(); // past the end: stays at the end
    QCOMPARE(stepper.current(), 4);
    stepper.previous();
    QCOMPARE(stepper.current(), 3);
    stepper.runToTurn(1);
    QCOMPARE(stepper.current(), 0);
    QVERIFY(stepper.turnResult(0));
    QVERIFY(!stepper.turnResult(4));
    QVERIFY(stepper.endResult());
}

void TestConversationStepper::staleResultsAreDropped()
{
    ConversationStepper stepper;
    QSignalSpy evaluated(&stepper, &ConversationStepper::evaluated);
    stepper.setConversation(m_conversations[0]);
    const auto strict = compileText(
        "contract Strict {\n    ensure len(response) >= 100 message: \"long answers\"\n}\n");
    QVERIFY(strict);
    // Three changes in a row (as typing does): only the last one's results are shown.
    stepper.setContracts(m_set);
    stepper.setContracts(compileText("contract Other {\n    ensure true\n}\n"));
    stepper.setContracts(strict);
    QVERIFY(evaluated.wait());
    QTest::qWait(100);
    QCOMPARE(evaluated.size(), 1);
    QCOMPARE(stepper.evaluationsApplied(), 1);
    QVERIFY(!find(stepper, 0, "Support#1"));
    const ClauseVerdict *strictVerdict = find(stepper, 0, "Strict#1");
    QVERIFY(strictVerdict);
    QCOMPARE(strictVerdict->status, ClauseStatus::Fail);
}

void TestConversationStepper::storedResultsAreNotEvaluated()
{
    ConversationStepper stepper;
    QSignalSpy evaluated(&stepper, &ConversationStepper::evaluated);
    QSignalSpy storedChanges(&stepper, &ConversationStepper::storedRunChanged);
    stepper.setContracts(m_set);
    stepper.setConversation(m_conversations[0]);
    QVERIFY(evaluated.wait());
    // What a run stored: one turn of a longer conversation, a verdict evaluation would not give.
    ClauseVerdict recorded = ClauseVerdict::of({.id = "Recorded#1"});
    recorded.status = ClauseStatus::Fail;
    llmcl::app::StoredConversation stored;
    stored.run = 7;
    stored.runName = u"run 7"_s;
    stored.conversation = m_conversations[0];
    stored.turns.resize(1);
    stored.turns[0].contracts.push_back({"Recorded", "normal", false, {recorded}});
    // An evaluation in flight when the stored results come is dropped.
    stepper.setContracts(compileText("contract Other {\n    ensure true\n}\n"));
    QVERIFY(stepper.isBusy());
    stepper.showStored(stored, 5); // clamped to the end step
    QCOMPARE(stepper.storedRun(), qint64(7));
    QCOMPARE(storedChanges.size(), 1);
    QVERIFY(!stepper.isBusy());
    QCOMPARE(stepper.current(), stepper.stepCount() - 1);
    QVERIFY(!stepper.storedRunEnded());
    stepper.setCurrent(0);
    QVERIFY(find(stepper, 0, "Recorded#1"));
    QVERIFY(!stepper.turnResult(1)); // the run stopped before turn 2
    // New contracts keep the stored results.
    const int applied = stepper.evaluationsApplied();
    stepper.setContracts(m_set);
    QTest::qWait(200);
    QCOMPARE(stepper.evaluationsApplied(), applied);
    QVERIFY(find(stepper, 0, "Recorded#1"));
    QCOMPARE(stepper.storedRun(), qint64(7));
    // Choosing a conversation evaluates again, even the same one.
    stepper.setConversation(m_conversations[0]);
    QCOMPARE(stepper.storedRun(), qint64(-1));
    QCOMPARE(storedChanges.size(), 2);
    QTRY_VERIFY(stepper.evaluationsApplied() > applied);
    QVERIFY(!find(stepper, 0, "Recorded#1"));
    QVERIFY(find(stepper, 0, "Support#1"));
}

void TestConversationStepper::breakpointMargin()
{
    KSyntaxHighlighting::Repository repository;
    llmcl::editor::ContractEditor editor(repository);
    auto *controller = new llmcl::editor::DiagnosticsController(&editor);
    QSignalSpy applied(controller, &llmcl::editor::DiagnosticsController::diagnosticsApplied);
    auto *breakpoints = new llmcl::editor::ClauseBreakpoints(&editor, controller);
    QString error;
    QVERIFY(editor.load(QString::fromStdString(kContract), &error));
    QVERIFY(applied.wait());
    editor.resize(800, 400);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));

    // The margins do not share markers.
    const int marker = breakpoints->markerNumber();
    QVERIFY(marker >= 0);
    QCOMPARE(editor.marginMarkerMask(llmcl::editor::ClauseBreakpoints::kMargin), 1 << marker);
    QCOMPARE(
        editor.marginMarkerMask(llmcl::editor::ContractEditor::kDiagnosticsMargin) & (1 << marker),
        0);
    for (const auto severity : {llmcl::engine::Severity::Error, llmcl::engine::Severity::Warning,
             llmcl::engine::Severity::Info})
        QVERIFY(editor.markerNumber(severity) != marker);

    const auto clickMargin = [&](int line) {
        int x = 0;
        for (int m = 0; m < llmcl::editor::ClauseBreakpoints::kMargin; ++m)
            x += editor.marginWidth(m);
        x += editor.marginWidth(llmcl::editor::ClauseBreakpoints::kMargin) / 2;
        const long position = editor.SendScintilla(QsciScintillaBase::SCI_POSITIONFROMLINE, line);
        const int y =
            int(editor.SendScintilla(QsciScintillaBase::SCI_POINTYFROMPOSITION, 0UL, position))
            + int(editor.SendScintilla(QsciScintillaBase::SCI_TEXTHEIGHT, line)) / 2;
        QTest::mouseClick(editor.viewport(), Qt::LeftButton, {}, QPoint(x, y));
    };
    QSignalSpy changed(breakpoints, &llmcl::editor::ClauseBreakpoints::breakpointsChanged);
    clickMargin(2); // temporal always
    QCOMPARE(breakpoints->lines(), QList<int> {2});
    clickMargin(3); // its message: not a clause's first line
    QCOMPARE(breakpoints->lines(), QList<int> {2});
    clickMargin(5); // temporal eventually
    QCOMPARE(breakpoints->lines(), (QList<int> {2, 5}));
    QCOMPARE(changed.size(), 2);
    // The markers follow the text.
    editor.insertAt(u"// a comment\n"_s, 0, 0);
    QCOMPARE(breakpoints->lines(), (QList<int> {3, 6}));
    clickMargin(3);
    QCOMPARE(breakpoints->lines(), QList<int> {6});
    breakpoints->clear();
    QVERIFY(breakpoints->lines().isEmpty());
}

void TestConversationStepper::stepperInTheWindow()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString contract = dir.filePath(u"stepper.llmcl"_s);
    QVERIFY(QFile::copy(QString::fromStdString(kContract), contract));

    llmcl::app::MainWindow window;
    window.show();
    QVERIFY(openForStepping(window, contract));
    llmcl::editor::ContractEditor *editor = window.currentEditor();
    auto *controller = llmcl::app::MainWindow::diagnosticsController(editor);
    llmcl::app::DebugTools *tools = window.debugTools();
    ConversationStepper *stepper = tools->stepperDock()->stepper();

    // The menus hold the actions, with shortcuts.
    for (const char *name : {"OpenSessionsAction", "NextTurnAction", "PreviousTurnAction",
             "RunToBreakpointAction", "ToggleClauseBreakpointAction", "ExportTraceAction"}) {
        auto *action = window.findChild<QAction *>(QString::fromLatin1(name));
        QVERIFY2(action, name);
        QVERIFY2(!action->shortcut().isEmpty(), name);
        QVERIFY2(!action->associatedObjects().isEmpty(), name);
    }

    QSignalSpy loaded(tools->sessionsDock(), &llmcl::app::SessionsDock::loadFinished);
    tools->sessionsDock()->openSessions(kStudio + u"/stepper.jsonl"_s);
    QVERIFY(loaded.wait());
    QSignalSpy evaluated(stepper, &ConversationStepper::evaluated);
    tools->sessionsDock()->chooseConversation(0);
    QCOMPARE(stepper->conversation()->id, "refund-1");
    QVERIFY(evaluated.wait());

    // F9 on the temporal clause's line, then F5 runs to its failure.
    editor->setFocus();
    editor->setCursorPosition(2, 4);
    window.findChild<QAction *>(u"ToggleClauseBreakpointAction"_s)->trigger();
    QCOMPARE(llmcl::app::DebugTools::breakpointsOf(editor)->lines(), QList<int> {2});
    QCOMPARE(tools->breakpoints().size(), std::size_t(1));
    window.findChild<QAction *>(u"RunToBreakpointAction"_s)->trigger();
    // The file's context keys re-check the contract (a new set, evaluated again): F5 may wait
    // for those results.
    QTRY_COMPARE(stepper->current(), 2);
    // The Sessions list follows the stepper, and the live evaluation panel gets the turn.
    QCOMPARE(tools->sessionsDock()->turnsView()->currentIndex().row(), 2);
    QCOMPARE(window.evaluationPanel()->contentEdit()->toPlainText(), u"Well?"_s);
    QCOMPARE(window.evaluationPanel()->responseEdit()->toPlainText(), u"No news yet"_s);
    QVERIFY(window.evaluationPanel()->contextEdit()->toPlainText().contains(u"user_type"));
    // The file's context keys reach completion.
    QCOMPARE(window.editorTools()->knownContextKeys(),
        (QStringList {u"lang"_s, u"system"_s, u"user_type"_s}));
    window.findChild<QAction *>(u"NextTurnAction"_s)->trigger();
    QCOMPARE(stepper->current(), 3);

    // Breaking the contract keeps the last good set and says so.
    const auto good = stepper->contracts();
    QSignalSpy applied(controller, &llmcl::editor::DiagnosticsController::diagnosticsApplied);
    editor->insertAt(u"contract Broken { ensure len( }\n"_s, 0, 0);
    QVERIFY(applied.wait());
    QCOMPARE(stepper->contracts(), good);
    QVERIFY(tools->stepperDock()->noteLabel()->isVisibleTo(tools->stepperDock()));
    QVERIFY(tools->stepperDock()->noteLabel()->text().contains(u"has errors"));
    // Fixing it re-evaluates with the new set.
    editor->undo();
    QVERIFY(applied.wait());
    QVERIFY(stepper->contracts() != good);
    QVERIFY(!tools->stepperDock()->noteLabel()->isVisibleTo(tools->stepperDock()));
    QVERIFY(evaluated.wait());
    QCOMPARE(stepper->current(), 3);
    editor->setModified(false);
}

void TestConversationStepper::runToBreakpointThroughTheFileInTheWindow()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString contract = dir.filePath(u"stepper.llmcl"_s);
    QVERIFY(QFile::copy(QString::fromStdString(kContract), contract));
    const QString sessions = dir.filePath(u"three.jsonl"_s);
    {
        QFile file(sessions);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"id": "c1", "turns": [{"user": "Hello", "assistant": "Hi there, friend"}]}
{"id": "c2", "turns": [{"user": "Hello", "assistant": "Hello, how can I help?"}]}
{"id": "c3", "turns": [{"user": "Hi", "assistant": "Hello there"}, {"user": "Why?", "assistant": "No"}]}
)");
    }

    llmcl::app::MainWindow window;
    window.resize(1280, 800);
    window.show();
    QVERIFY(openForStepping(window, contract));
    llmcl::editor::ContractEditor *editor = window.currentEditor();
    llmcl::app::DebugTools *tools = window.debugTools();
    llmcl::app::StepperDock *dock = tools->stepperDock();
    ConversationStepper *stepper = dock->stepper();
    QSignalSpy loaded(tools->sessionsDock(), &llmcl::app::SessionsDock::loadFinished);
    tools->sessionsDock()->openSessions(sessions);
    QVERIFY(loaded.wait());
    QSignalSpy evaluated(stepper, &ConversationStepper::evaluated);
    tools->sessionsDock()->chooseConversation(0);
    QVERIFY(evaluated.wait());
    // The file's context keys re-check the contract; a new set abandons a search: let it settle.
    auto *controller = llmcl::app::MainWindow::diagnosticsController(editor);
    QTest::qWait(300);
    QTRY_VERIFY(!controller->isBusy() && !stepper->isBusy());

    // A breakpoint on `ensure len(response) >= 5`; only c3's second answer fails it.
    editor->setCursorPosition(1, 4);
    window.findChild<QAction *>(u"ToggleClauseBreakpointAction"_s)->trigger();
    QCOMPARE(llmcl::app::DebugTools::breakpointsOf(editor)->lines(), QList<int> {1});
    editor->setCursorPosition(5, 0);
    window.findChild<QAction *>(u"RunToBreakpointAction"_s)->trigger();
    QTRY_COMPARE(stepper->conversation()->id, "c3");
    QCOMPARE(stepper->current(), 1);
    // The Sessions list follows, the failing clause is selected in the stepper and in the
    // editor.
    QCOMPARE(tools->sessionsDock()->conversationsView()->currentIndex().row(), 2);
    QCOMPARE(tools->sessionsDock()->turnsView()->currentIndex().row(), 1);
    QCOMPARE(dock->resultsView()->currentIndex().row(), 0);
    QCOMPARE(dock->resultsModel()->verdict(0)->id(), "Support#1");
    QVERIFY2(editor->selectedText().startsWith(u"ensure len(response) >= 5"_s),
        qPrintable(editor->selectedText()));
    int lineFrom = 0, indexFrom = 0, lineTo = 0, indexTo = 0;
    editor->getSelection(&lineFrom, &indexFrom, &lineTo, &indexTo);
    QCOMPARE(lineFrom, 1);

    // Nothing fails after it: the stepper says so, until the user steps elsewhere.
    window.findChild<QAction *>(u"RunToBreakpointAction"_s)->trigger();
    QTRY_VERIFY(dock->statusLabel()->text().contains(u"No clause with a breakpoint fails"_s));
    QCOMPARE(stepper->conversation()->id, "c3");
    window.findChild<QAction *>(u"PreviousTurnAction"_s)->trigger();
    QCOMPARE(stepper->current(), 0);
    QVERIFY2(dock->statusLabel()->text().isEmpty(), qPrintable(dock->statusLabel()->text()));
}

void TestConversationStepper::stepButtonsFitAndOverflowShowsInDark()
{
    // Issue 18: at the default size Previous and Next were hidden behind the toolbar's "»",
    // which the dark theme made invisible.
    llmcl::app::MainWindow window;
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    llmcl::app::StepperDock *dock = window.debugTools()->stepperDock();
    dock->show();
    dock->raise();
    QTest::qWait(50);
    QToolBar *bar = dock->toolBar();
    for (const char *name : {"PreviousTurnAction", "NextTurnAction"}) {
        auto *action = window.findChild<QAction *>(QString::fromLatin1(name));
        QVERIFY(action);
        QWidget *button = bar->widgetForAction(action);
        QVERIFY2(button && button->isVisible(), name);
        QVERIFY2(bar->rect().contains(button->geometry()), name);
    }
    // The menus keep the long names.
    QCOMPARE(window.findChild<QAction *>(u"PreviousTurnAction"_s)->text(), u"&Previous Turn"_s);

    // The overflow button's "»" is drawn in the palette's text colour: light on dark.
    const auto lightnessOfIcon = [dock] {
        QToolButton *overflow = dock->overflowButton();
        const QImage image = overflow->icon().pixmap(QSize(16, 16)).toImage();
        int sum = 0;
        int count = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                if (const QColor c = image.pixelColor(x, y); c.alpha() > 200) {
                    sum += c.lightness();
                    ++count;
                }
        return count ? sum / count : -1;
    };
    QVERIFY(dock->overflowButton());
    for (QAction *action : window.findChild<QMenu *>(u"menuTheme"_s)->actions())
        if (action->data().toInt() == int(llmcl::app::Settings::Theme::Dark))
            action->trigger();
    QTRY_VERIFY(window.themeManager()->isDark());
    QTRY_VERIFY(lightnessOfIcon() > 160);
    for (QAction *action : window.findChild<QMenu *>(u"menuTheme"_s)->actions())
        if (action->data().toInt() == int(llmcl::app::Settings::Theme::Light))
            action->trigger();
    QTRY_VERIFY(!window.themeManager()->isDark());
    QTRY_VERIFY(lightnessOfIcon() >= 0 && lightnessOfIcon() < 100);
}

QTEST_MAIN(TestConversationStepper)
#include "tst_conversationstepper.moc"
