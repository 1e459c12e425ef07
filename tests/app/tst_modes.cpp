// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/clauseresultsmodel.h"
#include "app/conversationsmodel.h"
#include "app/conversationstepper.h"
#include "app/debugtools.h"
#include "app/elidedlabel.h"
#include "app/evaluationpanel.h"
#include "app/mainwindow.h"
#include "app/modemanager.h"
#include "app/runs/rundashboard.h"
#include "app/runs/runspanel.h"
#include "app/runs/runstore.h"
#include "app/runs/runtools.h"
#include "app/sessionsdock.h"
#include "app/settings.h"
#include "app/stepperdock.h"
#include "editor/contracteditor.h"
#include "editor/diagnosticscontroller.h"
#include "editor/liveevaluator.h"

#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QHelpEvent>
#include <QMenuBar>
#include <QSignalSpy>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QToolButton>
#include <QToolTip>
#include <QTreeView>
#include <QTreeWidget>

#include "tests/common/testpaths.h"

using namespace Qt::StringLiterals;
using llmcl::app::ElidedLabel;
using llmcl::app::MainWindow;
using llmcl::app::ModeManager;
using llmcl::app::Settings;
using Mode = llmcl::app::ModeManager::Mode;

namespace {

const QString kExamples = llmcl::test::sourcePath(u"/resources/examples");
// ../shared/data/README.md: 2,312 conversations of Anthropic's hh-rlhf (harmless, test split).
const QString kHhRlhf = llmcl::test::sourcePath(u"/../shared/data/hh-rlhf-harmless-test.jsonl");
const QSize kDefaultSize(1280, 800);
constexpr int kTimeoutMs = 20'000;

// The editor area's share of the window's width.
double editorShare(const MainWindow &window)
{
    return double(window.editorArea()->width()) / window.width();
}

QDockWidget *dock(const MainWindow &window, const char *name)
{
    return window.findChild<QDockWidget *>(QString::fromLatin1(name));
}

bool copyExamples(const QString &to)
{
    const QDir source(kExamples);
    for (const QFileInfo &file : source.entryInfoList(QDir::Files)) {
        if (!QFile::copy(file.filePath(), QDir(to).filePath(file.fileName())))
            return false;
    }
    return true;
}

} // namespace

// Issue 18: the Edit, Debug and Runs modes, their layouts, and a window that holds together at
// its default size with real data.
class TestModes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void defaultLayouts();
    void shortcutsAndModeBarSwitch();
    void modesKeepTheirLayouts();
    void layoutsPersistWithAVersion();
    void squeezingLayoutIsDiscardedAtStart();
    void resetLayout();
    void drillDownsSwitchModes();
    void readableRows();
    void labelsElide();
    void hhRlhfSteppingKeepsTheWindow();

private:
    // A window at the default size, shown, on a copy of the example workspace.
    std::unique_ptr<MainWindow> showWindow();
    bool waitForContracts(MainWindow &window, llmcl::editor::ContractEditor *editor);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestModes::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"LLMCL-tests"_s);
    QCoreApplication::setApplicationName(u"tst_modes"_s);
}

void TestModes::init()
{
    Settings().clearLayouts();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(copyExamples(m_dir->path()));
}

std::unique_ptr<MainWindow> TestModes::showWindow()
{
    auto window = std::make_unique<MainWindow>();
    window->resize(kDefaultSize);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        return {};
    return window;
}

bool TestModes::waitForContracts(MainWindow &window, llmcl::editor::ContractEditor *editor)
{
    auto *controller = MainWindow::diagnosticsController(editor);
    const auto &stepper = window.debugTools()->stepperDock()->stepper();
    return QTest::qWaitFor(
        [&] {
            const auto service = controller->languageService();
            return service && service->compileResult().set
                && stepper->contracts() == service->compileResult().set;
        },
        kTimeoutMs);
}

void TestModes::defaultLayouts()
{
    auto window = showWindow();
    QVERIFY(window);
    ModeManager *modes = window->modes();
    QCOMPARE(modes->mode(), Mode::Edit);
    QVERIFY(modes->modeAction(Mode::Edit)->isChecked());
    QVERIFY(window->editorArea()->isVisible());
    for (const char *name : {"WorkspaceDock", "EvaluationDock", "ProblemsDock"})
        QVERIFY2(dock(*window, name)->isVisible(), name);
    for (const char *name : {"SessionsDock", "StepperDock", "TraceDock"})
        QVERIFY2(!dock(*window, name)->isVisible(), name);
    QVERIFY2(editorShare(*window) >= 0.55, qPrintable(QString::number(editorShare(*window))));

    modes->setMode(Mode::Debug);
    QVERIFY(window->editorArea()->isVisible());
    for (const char *name : {"SessionsDock", "StepperDock", "TraceDock"})
        QVERIFY2(dock(*window, name)->isVisible(), name);
    for (const char *name : {"WorkspaceDock", "EvaluationDock", "ProblemsDock", "OutlineDock"})
        QVERIFY2(!dock(*window, name)->isVisible(), name);
    QVERIFY2(editorShare(*window) >= 0.35, qPrintable(QString::number(editorShare(*window))));
    // The editor is still the largest area.
    for (const char *name : {"SessionsDock", "StepperDock"})
        QVERIFY(window->editorArea()->width() > dock(*window, name)->width());

    modes->setMode(Mode::Runs);
    QVERIFY(!window->editorArea()->isVisible());
    QVERIFY(window->runTools()->area()->isVisible());
    QVERIFY(window->runTools()->panel()->isVisible());
    for (QDockWidget *each : window->findChildren<QDockWidget *>())
        QVERIFY2(!each->isVisible(), qPrintable(each->objectName()));
    // The runs are no longer docks: they have the centre.
    QVERIFY(!dock(*window, "RunsDock"));
    // No panel needs more than a quarter of the default width: the user can always drag the
    // editor wider.
    for (QDockWidget *each : window->findChildren<QDockWidget *>())
        QVERIFY2(each->minimumSizeHint().width() <= kDefaultSize.width() / 4,
            qPrintable(
                u"%1 needs %2 px"_s.arg(each->objectName()).arg(each->minimumSizeHint().width())));
    QCOMPARE(window->size(), kDefaultSize);
}

void TestModes::shortcutsAndModeBarSwitch()
{
    auto window = showWindow();
    QVERIFY(window);
    ModeManager *modes = window->modes();
    QCOMPARE(modes->modeAction(Mode::Edit)->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_1));
    QCOMPARE(modes->modeAction(Mode::Debug)->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_2));
    QCOMPARE(modes->modeAction(Mode::Runs)->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_3));
    // The keys, as a user presses them (also with an editor focused).
    window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window.get()));
    QSignalSpy changed(modes, &ModeManager::modeChanged);
    QTest::keyClick(window.get(), Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(modes->mode(), Mode::Debug);
    QTest::keyClick(window.get(), Qt::Key_3, Qt::ControlModifier);
    QCOMPARE(modes->mode(), Mode::Runs);
    window->findChild<QAction *>(u"actionNewContract"_s)->trigger();
    // A new contract is an editor to see: back to the Edit mode.
    QCOMPARE(modes->mode(), Mode::Edit);
    QVERIFY(window->currentEditor());
    window->currentEditor()->setFocus();
    QTest::keyClick(window->currentEditor(), Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(modes->mode(), Mode::Debug);
    QTest::keyClick(window->currentEditor(), Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(modes->mode(), Mode::Edit);
    QCOMPARE(changed.count(), 5);
    // The keyboard follows the mode: into the runs list, back into the editor.
    QTest::keyClick(window->currentEditor(), Qt::Key_3, Qt::ControlModifier);
    QCOMPARE(QApplication::focusWidget(), window->runTools()->panel()->view());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(QApplication::focusWidget(), static_cast<QWidget *>(window->currentEditor()));

    // The mode bar sits in the menu bar's corner: visible in every mode, one button per mode.
    QWidget *bar = window->menuBar()->cornerWidget(Qt::TopRightCorner);
    QCOMPARE(bar, modes->modeBar());
    QVERIFY(bar->isVisible());
    const auto buttons = bar->findChildren<QToolButton *>();
    QCOMPARE(buttons.size(), 3);
    QTest::mouseClick(buttons.at(2), Qt::LeftButton);
    QCOMPARE(modes->mode(), Mode::Runs);
    QVERIFY(buttons.at(2)->isChecked());
    QVERIFY(!buttons.at(0)->isChecked());
    QTest::mouseClick(buttons.at(0), Qt::LeftButton);
    QCOMPARE(modes->mode(), Mode::Edit);

    // The View menu lists them (and so does the command palette).
    QStringList view;
    for (QAction *action : window->findChild<QMenu *>(u"menuView"_s)->actions())
        view << action->objectName();
    for (const QString &name :
        {u"actionEditMode"_s, u"actionDebugMode"_s, u"actionRunsMode"_s, u"actionResetLayout"_s})
        QVERIFY2(view.contains(name), qPrintable(name));
}

void TestModes::modesKeepTheirLayouts()
{
    auto window = showWindow();
    QVERIFY(window);
    ModeManager *modes = window->modes();
    QDockWidget *problems = dock(*window, "ProblemsDock");
    QDockWidget *evaluation = dock(*window, "EvaluationDock");
    QDockWidget *trace = dock(*window, "TraceDock");
    QDockWidget *sessions = dock(*window, "SessionsDock");
    // Edit: no Problems, a wider Live Evaluation.
    problems->hide();
    window->resizeDocks({evaluation}, {420}, Qt::Horizontal);
    QTRY_COMPARE(evaluation->width(), 420);
    // Debug: no Trace, the Workspace shown there too.
    modes->setMode(Mode::Debug);
    QVERIFY(!problems->isVisible());
    QVERIFY(trace->isVisible());
    trace->hide();
    dock(*window, "WorkspaceDock")->show();
    window->resizeDocks({sessions}, {300}, Qt::Horizontal);
    QTRY_COMPARE(sessions->width(), 300);
    modes->setMode(Mode::Runs);
    modes->setMode(Mode::Edit);
    QVERIFY(!problems->isVisible());
    QVERIFY(evaluation->isVisible());
    QCOMPARE(evaluation->width(), 420);
    QVERIFY(!sessions->isVisible());
    modes->setMode(Mode::Debug);
    QVERIFY(!trace->isVisible());
    QVERIFY(dock(*window, "WorkspaceDock")->isVisible());
    QVERIFY(sessions->isVisible());
    QCOMPARE(sessions->width(), 300);
    QVERIFY(!evaluation->isVisible());
    QCOMPARE(window->size(), kDefaultSize);
}

void TestModes::layoutsPersistWithAVersion()
{
    {
        auto window = showWindow();
        QVERIFY(window);
        window->modes()->setMode(Mode::Debug);
        dock(*window, "TraceDock")->hide();
        window->modes()->setMode(Mode::Edit);
        dock(*window, "ProblemsDock")->hide();
        window->modes()->setMode(Mode::Runs);
        window->saveSession();
    }
    const Settings settings;
    QCOMPARE(settings.layoutVersion(), ModeManager::kLayoutVersion);
    QCOMPARE(settings.mode(), u"runs"_s);
    for (const QString &mode : {u"edit"_s, u"debug"_s, u"runs"_s, u"runsArea"_s})
        QVERIFY2(!settings.modeLayout(mode).isEmpty(), qPrintable(mode));
    {
        MainWindow window;
        window.restoreSession(false);
        // The offscreen screen is smaller than the saved geometry, which Qt fits to it.
        window.resize(kDefaultSize);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.modes()->mode(), Mode::Runs);
        QVERIFY(window.runTools()->area()->isVisible());
        window.modes()->setMode(Mode::Edit);
        QVERIFY(!dock(window, "ProblemsDock")->isVisible());
        QVERIFY(dock(window, "EvaluationDock")->isVisible());
        window.modes()->setMode(Mode::Debug);
        QVERIFY(!dock(window, "TraceDock")->isVisible());
        QVERIFY(dock(window, "StepperDock")->isVisible());
    }
    // Layouts of another version are not restored: every mode starts from its default.
    Settings().setLayoutVersion(ModeManager::kLayoutVersion + 1);
    MainWindow window;
    window.restoreSession(false);
    window.resize(kDefaultSize);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.modes()->mode(), Mode::Edit);
    QVERIFY(dock(window, "ProblemsDock")->isVisible());
    window.modes()->setMode(Mode::Debug);
    QVERIFY(dock(window, "TraceDock")->isVisible());
    window.close();

    // A layout of the right version that is not one: the default.
    Settings writer;
    writer.setLayoutVersion(ModeManager::kLayoutVersion);
    writer.setMode(u"debug"_s);
    writer.setModeLayout(u"debug"_s, "not a layout");
    MainWindow broken;
    broken.restoreSession(false);
    broken.resize(kDefaultSize);
    broken.show();
    QVERIFY(QTest::qWaitForWindowExposed(&broken));
    QCOMPARE(broken.modes()->mode(), Mode::Debug);
    QVERIFY(dock(broken, "StepperDock")->isVisible());
    QVERIFY(!dock(broken, "ProblemsDock")->isVisible());
    QVERIFY(editorShare(broken) >= 0.35);
}

void TestModes::squeezingLayoutIsDiscardedAtStart()
{
    // A layout saved on a wide screen, its side panels so wide that the editor keeps a sliver
    // (the window itself keeps the editor from being squeezed that far at 1280x800).
    const QSize wide(2400, 800);
    {
        MainWindow window;
        window.resize(wide);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.resizeDocks({dock(window, "WorkspaceDock"), dock(window, "EvaluationDock")},
            {900, 900}, Qt::Horizontal);
        QTRY_VERIFY(window.modes()->isEditorSqueezed());
        QVERIFY2(editorShare(window) < 1.0 / 3, qPrintable(QString::number(editorShare(window))));
        window.saveSession();
    }
    QVERIFY(!Settings().modeLayout(u"edit"_s).isEmpty());
    MainWindow window;
    window.restoreSession(false);
    // The offscreen screen is smaller than the saved geometry, which Qt fits to it.
    window.resize(wide);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.modes()->mode(), Mode::Edit);
    QVERIFY(!window.modes()->isEditorSqueezed());
    QVERIFY2(editorShare(window) >= 0.55, qPrintable(QString::number(editorShare(window))));
    QVERIFY(window.statusBar()->currentMessage().contains(u"too narrow"_s));
    QCOMPARE(window.size(), wide);
    // What is saved now is the default.
    window.saveSession();
    MainWindow again;
    again.restoreSession(false);
    again.resize(wide);
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    QVERIFY(!again.statusBar()->currentMessage().contains(u"too narrow"_s));
    QVERIFY(editorShare(again) >= 0.55);
}

void TestModes::resetLayout()
{
    auto window = showWindow();
    QVERIFY(window);
    ModeManager *modes = window->modes();
    QDockWidget *problems = dock(*window, "ProblemsDock");
    QDockWidget *evaluation = dock(*window, "EvaluationDock");
    const int evaluationWidth = evaluation->width();
    problems->hide();
    evaluation->hide();
    dock(*window, "TraceDock")->show();
    modes->setMode(Mode::Debug);
    dock(*window, "StepperDock")->hide();
    modes->setMode(Mode::Edit);
    QVERIFY(!problems->isVisible());

    QAction *reset = modes->resetAction();
    QCOMPARE(reset->shortcut(), QKeySequence(Qt::CTRL | Qt::ALT | Qt::SHIFT | Qt::Key_L));
    reset->trigger();
    QCOMPARE(modes->mode(), Mode::Edit);
    QVERIFY(problems->isVisible());
    QVERIFY(evaluation->isVisible());
    QVERIFY(!dock(*window, "TraceDock")->isVisible());
    QTRY_COMPARE(evaluation->width(), evaluationWidth);
    QVERIFY(editorShare(*window) >= 0.55);
    // The other modes too.
    modes->setMode(Mode::Debug);
    QVERIFY(dock(*window, "StepperDock")->isVisible());
    QVERIFY(editorShare(*window) >= 0.35);
}

void TestModes::drillDownsSwitchModes()
{
    auto window = showWindow();
    QVERIFY(window);
    QVERIFY(window->openWorkspace(m_dir->path()));
    QTRY_VERIFY_WITH_TIMEOUT(!window->isScanningWorkspace(), kTimeoutMs);
    llmcl::app::RunTools *tools = window->runTools();
    QSignalSpy finished(tools, &llmcl::app::RunTools::replayFinished);
    QVERIFY(tools->replay(tools->replayRequest(QDir(m_dir->path()).filePath(u"sessions.jsonl"_s))));
    // The replay shows in the Runs mode.
    QCOMPARE(window->modes()->mode(), Mode::Runs);
    QVERIFY(finished.wait(120'000));
    const auto report = finished.first().first().value<llmcl::app::ReplayReport>();
    QVERIFY2(report.status, qPrintable(report.error));
    llmcl::app::RunDashboard *dashboard = tools->dashboard();
    QTRY_VERIFY_WITH_TIMEOUT(dashboard->figures() && dashboard->run() == report.run, kTimeoutMs);
    QCOMPARE(tools->runTabs()->currentWidget(), static_cast<QWidget *>(dashboard));

    // A clause: the Edit mode, its range selected in its file.
    QTRY_VERIFY_WITH_TIMEOUT(tools->store()->run(report.run), kTimeoutMs);
    const llmcl::tracer::StoredClause clause = dashboard->figures()->clauses.front();
    QVERIFY(tools->showClause(clause));
    QCOMPARE(window->modes()->mode(), Mode::Edit);
    QVERIFY(window->currentEditor());
    QCOMPARE(window->currentEditor()->filePath(), QString::fromStdString(clause.file));
    QVERIFY(window->currentEditor()->hasSelectedText());
    QVERIFY(window->currentEditor()->isVisible());

    // Back to the run (Open Run), then a turn: the Debug mode, the stepper at that turn.
    tools->openRun(report.run);
    QCOMPARE(window->modes()->mode(), Mode::Runs);
    llmcl::tracer::DrillTurn turn;
    turn.conversationKey = 1;
    turn.turn = 1;
    QSignalSpy shown(tools, &llmcl::app::RunTools::storedTurnShown);
    tools->showTurn(turn);
    QVERIFY(shown.count() == 1 || shown.wait(kTimeoutMs));
    QCOMPARE(window->modes()->mode(), Mode::Debug);
    llmcl::app::StepperDock *stepper = window->debugTools()->stepperDock();
    QVERIFY(stepper->isVisible());
    QCOMPARE(stepper->stepper()->storedRun(), report.run);
    QCOMPARE(stepper->stepper()->current(), 0);
    QCOMPARE(window->size(), kDefaultSize);
}

void TestModes::readableRows()
{
    // Item 1 of issue 18: at the default size, in the default layouts, the verdict tables and a
    // fix's before and after show at least eight rows.
    auto window = showWindow();
    QVERIFY(window);
    QVERIFY(window->openWorkspace(m_dir->path()));
    QTRY_VERIFY_WITH_TIMEOUT(!window->isScanningWorkspace(), kTimeoutMs);
    QVERIFY(window->openFile(QDir(m_dir->path()).filePath(u"quality.llmcl"_s)));
    llmcl::app::EvaluationPanel *panel = window->evaluationPanel();
    panel->setSample(u"Where is my order?"_s,
        u"Sure! Your order left   yesterday. TODO: tracking link "_s, u"{\"max_words\": 5}"_s);
    auto *verdicts = panel->findChild<QTreeView *>(u"VerdictView"_s);
    QVERIFY(verdicts);
    QTRY_VERIFY_WITH_TIMEOUT(verdicts->model()->rowCount() >= 8, kTimeoutMs);
    QVERIFY(verdicts->isVisible());
    const int verdictRow = verdicts->sizeHintForRow(0);
    QVERIFY(verdictRow > 0);
    QVERIFY2(verdicts->viewport()->height() >= 8 * verdictRow,
        qPrintable(
            u"%1 px for rows of %2 px"_s.arg(verdicts->viewport()->height()).arg(verdictRow)));
    // The Fixes tab: the before and after boxes, eight lines each.
    auto *tabs = verdicts->parentWidget()->parentWidget();
    auto *resultTabs = qobject_cast<QTabWidget *>(tabs);
    QVERIFY(resultTabs);
    resultTabs->setCurrentIndex(1);
    for (const QString &name : {u"FixBefore"_s, u"FixAfter"_s}) {
        auto *box = panel->findChild<QTextBrowser *>(name);
        QVERIFY(box);
        QTRY_VERIFY(box->isVisible());
        const int lines = box->viewport()->height() / box->fontMetrics().lineSpacing();
        QVERIFY2(lines >= 8, qPrintable(u"%1: %2 lines"_s.arg(name).arg(lines)));
    }
    QCOMPARE(window->size(), kDefaultSize);

    // The stepper's verdicts in the Debug mode.
    llmcl::editor::ContractEditor *support = nullptr;
    QVERIFY(window->openFile(QDir(m_dir->path()).filePath(u"support.llmcl"_s)));
    support = window->currentEditor();
    llmcl::app::SessionsDock *sessions = window->debugTools()->sessionsDock();
    QSignalSpy loaded(sessions, &llmcl::app::SessionsDock::loadFinished);
    sessions->openSessions(QDir(m_dir->path()).filePath(u"sessions.jsonl"_s));
    QVERIFY(loaded.count() == 1 || loaded.wait(kTimeoutMs));
    QCOMPARE(window->modes()->mode(), Mode::Debug);
    QVERIFY(waitForContracts(*window, support));
    llmcl::app::StepperDock *stepperDock = window->debugTools()->stepperDock();
    sessions->chooseConversation(0);
    auto *stepper = stepperDock->stepper();
    QTRY_VERIFY_WITH_TIMEOUT(stepper->isReady() && !stepper->isBusy(), kTimeoutMs);
    stepper->setCurrent(0);
    QTRY_VERIFY(stepperDock->resultsModel()->rowCount() >= 8);
    QTreeView *results = stepperDock->resultsView();
    const int stepperRow = results->sizeHintForRow(0);
    QVERIFY2(results->viewport()->height() >= 8 * stepperRow,
        qPrintable(
            u"%1 px for rows of %2 px"_s.arg(results->viewport()->height()).arg(stepperRow)));
    // Its open obligations too (the first turn of a conversation leaves some open).
    QTreeWidget *obligations = stepperDock->obligationsView();
    QTRY_VERIFY(obligations->topLevelItemCount() > 0);
    const int obligationRow = obligations->sizeHintForRow(0);
    QVERIFY2(obligations->viewport()->height() >= 8 * obligationRow,
        qPrintable(u"%1 px for rows of %2 px"_s.arg(obligations->viewport()->height())
                .arg(obligationRow)));
    QCOMPARE(window->size(), kDefaultSize);
}

void TestModes::labelsElide()
{
    QWidget box;
    ElidedLabel label(Qt::ElideMiddle, &box);
    const QString start = u"User: "_s + QString(300, u'x');
    const QString text = start + u"\nAssistant: the end"_s;
    label.setText(text);
    label.setGeometry(0, 0, 120, 40);
    box.resize(200, 60);
    box.show();
    QVERIFY(QTest::qWaitForWindowExposed(&box));
    // A few characters' width at least, never the text's.
    QVERIFY(label.minimumSizeHint().width() < 80);
    QVERIFY(label.sizeHint().width() < label.fontMetrics().horizontalAdvance(start));
    QCOMPARE(label.text(), text);
    QVERIFY(label.isElided());
    const QStringList lines = label.displayedText().split(u'\n');
    QCOMPARE(lines.size(), 2);
    QVERIFY(lines.first().contains(QChar(0x2026)));
    QVERIFY(lines.first().startsWith(u"Use"_s));
    QCOMPARE(lines.last(), u"Assistant: the end"_s);
    // The full text as its tooltip.
    QHelpEvent help(QEvent::ToolTip, QPoint(5, 5), label.mapToGlobal(QPoint(5, 5)));
    QApplication::sendEvent(&label, &help);
    QTRY_VERIFY(QToolTip::isVisible());
    QCOMPARE(QToolTip::text(), text);
    QToolTip::hideText();
    // Wide enough: nothing cut.
    label.setText(u"short"_s);
    QVERIFY(!label.isElided());
}

void TestModes::hhRlhfSteppingKeepsTheWindow()
{
    if (!QFile::exists(kHhRlhf))
        QSKIP("../shared/data is not there");
    auto window = showWindow();
    QVERIFY(window);
    const QSize size = window->size();
    QCOMPARE(size, kDefaultSize);
    QVERIFY(window->openWorkspace(m_dir->path()));
    QTRY_VERIFY_WITH_TIMEOUT(!window->isScanningWorkspace(), kTimeoutMs);
    QVERIFY(window->openFile(QDir(m_dir->path()).filePath(u"support.llmcl"_s)));
    llmcl::editor::ContractEditor *editor = window->currentEditor();
    QVERIFY(waitForContracts(*window, editor));

    llmcl::app::SessionsDock *sessions = window->debugTools()->sessionsDock();
    llmcl::app::StepperDock *stepperDock = window->debugTools()->stepperDock();
    llmcl::app::ConversationStepper *stepper = stepperDock->stepper();
    QSignalSpy loaded(sessions, &llmcl::app::SessionsDock::loadFinished);
    sessions->openSessions(kHhRlhf);
    QVERIFY(loaded.count() == 1 || loaded.wait(60'000));
    QVERIFY(loaded.first().first().toBool());
    QCOMPARE(sessions->conversationsModel()->loadedCount(), 2312);
    QCOMPARE(window->modes()->mode(), Mode::Debug);

    const auto checkWindow = [&](const QString &where, double share) {
        QCoreApplication::processEvents();
        if (window->size() != size)
            return u"%1: the window is %2x%3"_s.arg(where)
                .arg(window->width())
                .arg(window->height());
        if (window->minimumSizeHint().width() > size.width())
            return u"%1: the window needs %2 px"_s.arg(where).arg(
                window->minimumSizeHint().width());
        if (editorShare(*window) < share)
            return u"%1: the editor has %2 % of the width"_s.arg(where).arg(
                editorShare(*window) * 100);
        return QString();
    };
    int elided = 0;
    for (int row = 0; row < 20; ++row) {
        const auto conversation = sessions->conversationsModel()->conversation(row);
        sessions->chooseConversation(row);
        QTRY_VERIFY_WITH_TIMEOUT(
            stepper->conversation() == conversation && stepper->isReady() && !stepper->isBusy(),
            kTimeoutMs);
        for (int step = 0; step < stepper->stepCount(); ++step) {
            stepper->setCurrent(step);
            QTRY_VERIFY_WITH_TIMEOUT(!stepper->isBusy() && stepper->current() == step, kTimeoutMs);
            const QString where = u"conversation %1, step %2"_s.arg(row + 1).arg(step + 1);
            const QString problem = checkWindow(where, 0.35);
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
            // The turn's texts are cut at the panel's edge, never widening it.
            ElidedLabel *texts = stepperDock->textsLabel();
            QVERIFY(texts->width() <= stepperDock->width());
            if (texts->isElided())
                ++elided;
        }
        // Every fifth conversation, the Edit mode with that conversation's last turn as the
        // sample, and back.
        if (row % 5 == 4) {
            window->modes()->setMode(Mode::Edit);
            const llmcl::tracer::Turn &turn = conversation->turns.back();
            window->evaluationPanel()->setSample(QString::fromStdString(turn.content),
                QString::fromStdString(turn.response.value_or(std::string())), QString());
            QTRY_VERIFY_WITH_TIMEOUT(
                !window->evaluationPanel()->liveEvaluator()->isBusy(), kTimeoutMs);
            const QString problem =
                checkWindow(u"Edit mode after conversation %1"_s.arg(row + 1), 0.55);
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
            window->modes()->setMode(Mode::Debug);
        }
    }
    // hh-rlhf's texts are long: the header had something to elide.
    QVERIFY(elided > 0);
    window->modes()->setMode(Mode::Runs);
    const QString problem = checkWindow(u"Runs mode"_s, 0.0);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

QTEST_MAIN(TestModes)
#include "tst_modes.moc"
