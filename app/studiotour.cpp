// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/studiotour.h"

#include "app/clauseeventsmodel.h"
#include "app/clauseresultsmodel.h"
#include "app/conversationsmodel.h"
#include "app/conversationstepper.h"
#include "app/debugtools.h"
#include "app/evaluationpanel.h"
#include "app/mainwindow.h"
#include "app/modemanager.h"
#include "app/runs/comparisonview.h"
#include "app/runs/replayjob.h"
#include "app/runs/rundashboard.h"
#include "app/runs/runspanel.h"
#include "app/runs/runstore.h"
#include "app/runs/runtools.h"
#include "app/sessionsdock.h"
#include "app/stepperdock.h"
#include "app/tracetimeline.h"
#include "app/traceview.h"
#include "editor/contracteditor.h"
#include "editor/diagnosticscontroller.h"
#include "editor/liveevaluator.h"
#include "editor/verdictdisplay.h"

#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLabel>
#include <QPixmap>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QTreeView>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>
#include <utility>

namespace llmcl::app {

namespace {

using engine::ClauseStatus;

// How long one step may wait for the window (a check, an evaluation, a load) before the tour
// gives up.
constexpr int kStepTimeoutMs = 20000;
constexpr int kPollMs = 50;
// After the last change of a step, for layouts, scroll bars and repaints to catch up.
constexpr int kSettleMs = 500;
const QSize kWindowSize(1400, 900);

// The turn of the stepper picture (0-based): the second, so the obligations carried over from
// the first show.
constexpr int kStepperTurn = 1;
// A conversation of resources/examples/sessions.jsonl with two turns whose second fails a
// clause of support.llmcl (a critical one of the imported safety rules); any conversation of
// two turns or more stands in when the file is another.
constexpr auto kStepperConversation = "oasst-en100-5";

// The live evaluation sample: an answer that passes most clauses of quality.llmcl but has runs
// of spaces, trailing whitespace, a filler opening, a placeholder and more words than the
// context allows.
const char16_t kSampleContent[] = u"My order has not arrived yet. Can you check where it is?";
const char16_t kSampleResponse[] =
    u"Sure! Your order left our warehouse yesterday and   arrives on Friday. TODO: tracking link ";
const char16_t kSampleContext[] = u"{\"channel\": \"web\", \"max_words\": 12}";

class Tour : public QObject
{
public:
    Tour(MainWindow &window, QString directory)
        : QObject(&window)
        , m_window(window)
        , m_directory(std::move(directory))
    { }

    void start();

private:
    using Condition = std::function<bool()>;
    using Action = std::function<void()>;

    // Runs `then` once `ready` holds (checked every kPollMs), or fails naming `what`.
    void waitFor(const QString &what, Condition ready, Action then);
    void settle(Action then) { QTimer::singleShot(kSettleMs, this, std::move(then)); }
    void fail(const QString &message);
    bool save(const QString &fileName);
    QString workspaceFile(const QString &name);
    editor::ContractEditor *open(const QString &name);
    QDockWidget *dock(const char *objectName) const;

    void liveVerdicts();
    void showLiveVerdicts(editor::ContractEditor *editor);
    void stepper();
    void chooseConversation();
    void showStepper();
    void trace();
    void runs();
    void showRuns(qint64 run);
    void dashboards(qint64 run);
    void dashboardPage(int page, const char *picture, std::function<void()> next);
    void fixes();
    void conflicts();
    void previewEdit();

    MainWindow &m_window;
    QString m_directory;
    bool m_failed = false;
    bool m_sessionsLoaded = false;
    std::shared_ptr<const tracer::Conversation> m_conversation;
};

void Tour::start()
{
    if (!QDir().mkpath(m_directory)) {
        fail(QStringLiteral("%1: cannot create the folder").arg(m_directory));
        return;
    }
    m_window.resize(kWindowSize);
    // The workspace scan decides which contract opens first: the pictures start after it.
    waitFor(
        QStringLiteral("the window to take its size and the workspace scan"),
        [this] { return m_window.size() == kWindowSize && !m_window.isScanningWorkspace(); },
        [this] {
            // Every mode's default layout, laid out for the picture's size.
            m_window.modes()->resetLayout();
            liveVerdicts();
        });
}

void Tour::waitFor(const QString &what, Condition ready, Action then)
{
    auto *poll = new QTimer(this);
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    poll->setInterval(kPollMs);
    connect(poll, &QTimer::timeout, this,
        [this, poll, clock, what, ready = std::move(ready), then = std::move(then)] {
            if (m_failed) {
                poll->deleteLater();
                return;
            }
            if (ready()) {
                poll->stop();
                poll->deleteLater();
                then();
            } else if (clock->elapsed() > kStepTimeoutMs) {
                poll->stop();
                poll->deleteLater();
                fail(QStringLiteral("timed out after %1 s waiting for %2")
                        .arg(kStepTimeoutMs / 1000)
                        .arg(what));
            }
        });
    poll->start();
}

void Tour::fail(const QString &message)
{
    if (m_failed)
        return;
    m_failed = true;
    std::fprintf(stderr, "llmcl-studio: tour: %s\n", qPrintable(message));
    std::fflush(stderr);
    QApplication::exit(2);
}

bool Tour::save(const QString &fileName)
{
    const QString path = QDir(m_directory).filePath(fileName);
    // A dock whose minimum size exceeds its share pushes the window wider than asked; the window
    // must never resize itself.
    if (m_window.size() != kWindowSize) {
        fail(QStringLiteral("%1: the window is %2x%3 instead of %4x%5")
                .arg(fileName)
                .arg(m_window.width())
                .arg(m_window.height())
                .arg(kWindowSize.width())
                .arg(kWindowSize.height()));
        return false;
    }
    // Status messages name files by their absolute paths, which belong to the machine that
    // took the picture.
    m_window.statusBar()->clearMessage();
    if (!m_window.grab().save(path, "PNG")) {
        fail(QStringLiteral("%1: cannot write the picture").arg(path));
        return false;
    }
    std::printf("%s\n", qPrintable(QDir::toNativeSeparators(path)));
    std::fflush(stdout);
    return true;
}

QString Tour::workspaceFile(const QString &name)
{
    const QString path = QDir(m_window.workspaceFolder()).filePath(name);
    if (m_window.workspaceFolder().isEmpty() || !QFileInfo::exists(path)) {
        fail(QStringLiteral("%1: no such file (the tour needs the example workspace, "
                            "resources/examples)")
                .arg(path));
        return {};
    }
    return path;
}

editor::ContractEditor *Tour::open(const QString &name)
{
    const QString path = workspaceFile(name);
    if (path.isEmpty())
        return nullptr;
    editor::ContractEditor *editor = m_window.openFile(path) ? m_window.currentEditor() : nullptr;
    if (!editor || !MainWindow::diagnosticsController(editor)) {
        fail(QStringLiteral("%1: cannot open it: %2").arg(path, m_window.lastError()));
        return nullptr;
    }
    return editor;
}

QDockWidget *Tour::dock(const char *objectName) const
{
    return m_window.findChild<QDockWidget *>(QString::fromLatin1(objectName));
}

// (a) The Edit mode in its default layout: quality.llmcl with a sample in the live evaluation
// panel, verdicts in the editor.
void Tour::liveVerdicts()
{
    m_window.modes()->setMode(ModeManager::Mode::Edit);
    editor::ContractEditor *editor = open(QStringLiteral("quality.llmcl"));
    if (!editor)
        return;
    if (!dock("EvaluationDock")) {
        fail(QStringLiteral("the window has no Live Evaluation dock"));
        return;
    }

    EvaluationPanel *panel = m_window.evaluationPanel();
    panel->setSample(QString::fromUtf16(kSampleContent), QString::fromUtf16(kSampleResponse),
        QString::fromUtf16(kSampleContext));

    waitFor(
        QStringLiteral("live verdicts in quality.llmcl"),
        [this, editor, panel] {
            if (m_window.currentEditor() != editor || panel->contractEditor() != editor)
                return false;
            editor::LiveEvaluator *evaluator = panel->liveEvaluator();
            const auto evaluation = evaluator->evaluation();
            if (!evaluator->hasContracts() || evaluator->isBusy() || !evaluation
                || !evaluation->evaluated || evaluation->generation != evaluator->generation()
                || editor::VerdictDisplay::of(editor)->evaluation() != evaluation)
                return false;
            // Passes and failures, both shown in this editor.
            bool passes = false;
            bool fails = false;
            for (const engine::ClauseVerdict *verdict : evaluation->verdicts()) {
                if (verdict->file() != evaluation->documentPath)
                    continue;
                passes = passes || verdict->status == ClauseStatus::Pass;
                fails = fails || verdict->status == ClauseStatus::Fail;
            }
            return passes && fails;
        },
        [this, editor] { showLiveVerdicts(editor); });
}

void Tour::showLiveVerdicts(editor::ContractEditor *editor)
{
    // Scroll to the first failing clause of the file, a few lines above it, so the view holds
    // failures and passes with their annotations.
    const auto evaluation = editor::VerdictDisplay::of(editor)->evaluation();
    int firstFailure = -1;
    for (const engine::ClauseVerdict *verdict : evaluation->verdicts()) {
        if (verdict->file() == evaluation->documentPath && verdict->status == ClauseStatus::Fail) {
            const int line = int(verdict->range().begin.line) - 1;
            if (firstFailure < 0 || line < firstFailure)
                firstFailure = line;
        }
    }
    if (firstFailure >= 0) {
        editor->setCursorPosition(firstFailure, 0);
        const long top = editor->SendScintilla(
            QsciScintillaBase::SCI_VISIBLEFROMDOCLINE, std::max(0, firstFailure - 3));
        editor->setFirstVisibleLine(int(top));
    }
    settle([this] {
        if (save(QStringLiteral("studio-mode-edit.png")))
            stepper();
    });
}

// (b) The Debug mode in its default layout: support.llmcl stepped to turn 2 of a captured
// conversation.
void Tour::stepper()
{
    editor::ContractEditor *editor = open(QStringLiteral("support.llmcl"));
    if (!editor)
        return;
    const QString sessions = workspaceFile(QStringLiteral("sessions.jsonl"));
    if (sessions.isEmpty())
        return;
    m_window.modes()->setMode(ModeManager::Mode::Debug);
    DebugTools *debug = m_window.debugTools();
    SessionsDock *sessionsDock = debug->sessionsDock();
    StepperDock *stepperDock = debug->stepperDock();
    connect(sessionsDock, &SessionsDock::loadFinished, this, [this](bool completed) {
        if (!completed)
            fail(QStringLiteral("the sessions file did not load"));
        m_sessionsLoaded = true;
    });
    sessionsDock->openSessions(sessions);

    // The stepper evaluates with the current editor's contracts once they are checked.
    waitFor(
        QStringLiteral("the sessions to load and support.llmcl to be checked"),
        [this, editor, sessionsDock, stepperDock] {
            const auto service = MainWindow::diagnosticsController(editor)->languageService();
            const auto &set = stepperDock->stepper()->contracts();
            return m_sessionsLoaded && !sessionsDock->loader()->isLoading() && service && set
                && service->compileResult().set == set
                && sessionsDock->conversationsModel()->loadedCount() > 0;
        },
        [this] { chooseConversation(); });
}

void Tour::chooseConversation()
{
    SessionsDock *sessionsDock = m_window.debugTools()->sessionsDock();
    ConversationsModel *conversations = sessionsDock->conversationsModel();
    int row = -1;
    for (int i = 0; i < conversations->loadedCount(); ++i) {
        const auto conversation = conversations->conversation(i);
        if (conversation->turns.size() <= std::size_t(kStepperTurn))
            continue;
        if (row < 0 || conversation->id == kStepperConversation)
            row = i;
        if (conversation->id == kStepperConversation)
            break;
    }
    if (row < 0) {
        fail(QStringLiteral("no conversation of the sessions file has %1 turns")
                .arg(kStepperTurn + 1));
        return;
    }
    m_conversation = conversations->conversation(row);
    sessionsDock->chooseConversation(row);
    sessionsDock->chooseTurn(kStepperTurn);

    ConversationStepper *stepper = m_window.debugTools()->stepperDock()->stepper();
    waitFor(
        QStringLiteral("the stepper to evaluate the conversation"),
        [this, stepper] {
            return stepper->conversation() == m_conversation && stepper->isReady()
                && !stepper->isBusy();
        },
        [this, stepper] {
            if (stepper->current() != kStepperTurn)
                stepper->setCurrent(kStepperTurn);
            showStepper();
        });
}

void Tour::showStepper()
{
    StepperDock *stepperDock = m_window.debugTools()->stepperDock();
    ClauseResultsModel *results = stepperDock->resultsModel();
    if (stepperDock->stepper()->current() != kStepperTurn || results->rowCount() == 0) {
        fail(QStringLiteral("the stepper shows no verdicts for turn %1").arg(kStepperTurn + 1));
        return;
    }
    // The first failure in view, when the turn has one.
    for (int row = 0; row < results->rowCount(); ++row) {
        if (results->verdict(row)->status == ClauseStatus::Fail) {
            stepperDock->resultsView()->scrollTo(
                results->index(row, 0), QAbstractItemView::EnsureVisible);
            break;
        }
    }
    // Whole clause ids, as a user would widen the column.
    stepperDock->resultsView()->resizeColumnToContents(0);
    settle([this] {
        if (save(QStringLiteral("studio-mode-debug.png")))
            trace();
    });
}

// (c) the trace of the stepper's current turn, its panel taller.
void Tour::trace()
{
    DebugTools *debug = m_window.debugTools();
    QDockWidget *traceDock = debug->traceDock();
    TraceView *view = debug->traceView();
    ConversationStepper *stepper = debug->stepperDock()->stepper();
    waitFor(
        QStringLiteral("the trace of the current turn"),
        [view, stepper] {
            const auto &turn = view->timeline()->turn();
            return turn && turn == stepper->sharedTurnResult(stepper->current())
                && !view->timeline()->bars().isEmpty() && view->eventsModel()->rowCount() > 0;
        },
        [this, view, traceDock] {
            m_window.resizeDocks({traceDock}, {440}, Qt::Vertical);
            view->eventsView()->resizeColumnToContents(0);
            settle([this] {
                if (save(QStringLiteral("studio-trace.png")))
                    runs();
            });
        });
}

// (d) The Runs mode: the example sessions replayed into the workspace database from the window,
// the runs list above the run's dashboards, then the dashboards.
void Tour::runs()
{
    RunTools *tools = m_window.runTools();
    const QString sessions = workspaceFile(QStringLiteral("sessions.jsonl"));
    if (sessions.isEmpty())
        return;
    connect(
        tools, &RunTools::replayFinished, this,
        [this](const ReplayReport &report) {
            if (!report.status || *report.status != tracer::RunStatus::Complete) {
                fail(QStringLiteral("the replay of the example sessions failed: %1")
                        .arg(report.error));
                return;
            }
            showRuns(report.run);
        },
        Qt::SingleShotConnection);
    ReplayRequest request = tools->replayRequest(sessions);
    request.fix = true;
    request.jobs = 2;
    if (!tools->replay(std::move(request)))
        fail(QStringLiteral("the replay did not start"));
}

void Tour::showRuns(qint64 run)
{
    RunTools *tools = m_window.runTools();
    tools->openRun(run);
    waitFor(
        QStringLiteral("the run in the Runs panel"),
        [this, tools, run] {
            const RunEntry *entry = tools->store()->run(run);
            return entry && entry->listing.summary.status == tracer::RunStatus::Complete
                && m_window.modes()->mode() == ModeManager::Mode::Runs
                && tools->dashboard()->figures() && tools->dashboard()->run() == run;
        },
        [this, tools, run] {
            tools->panel()->selectRun(run);
            tools->panel()->view()->resizeColumnsToContents();
            tools->dashboard()->pages()->setCurrentIndex(RunDashboard::OverviewPage);
            settle([this, run] {
                if (save(QStringLiteral("studio-mode-runs.png")))
                    dashboards(run);
            });
        });
}

void Tour::dashboards(qint64 run)
{
    RunTools *tools = m_window.runTools();
    tools->openRun(run);
    RunDashboard *dashboard = tools->dashboard();
    waitFor(
        QStringLiteral("the dashboards of the run"),
        [dashboard, run] { return dashboard->figures() && dashboard->run() == run; },
        [this, tools, dashboard] {
            // The dashboards get most of the height: the runs list keeps a few rows.
            QSplitter *area = tools->area();
            const int total = area->height();
            area->setSizes({total / 6, total - total / 6});
            dashboardPage(RunDashboard::OverviewPage, "studio-run-overview.png", [this, dashboard] {
                dashboardPage(
                    RunDashboard::LatencyPage, "studio-run-latency.png", [this, dashboard] {
                        // The failing turns of turn number 1, as a click on its bar lists them.
                        dashboard->drillTurnNumber(1);
                        dashboardPage(RunDashboard::ViolationsPage, "studio-run-violations.png",
                            [this] { fixes(); });
                    });
            });
        });
}

// The fixes of the clause fixed most often, the first one's word diff shown.
void Tour::fixes()
{
    RunDashboard *dashboard = m_window.runTools()->dashboard();
    const RunFigures *figures = dashboard->figures();
    if (!figures || figures->fixes.empty()) {
        fail(QStringLiteral("the run has no fixes to show"));
        return;
    }
    const tracer::ClauseFixes *most = &figures->fixes.front();
    for (const tracer::ClauseFixes &clause : figures->fixes)
        if (clause.outcomes[0] > most->outcomes[0])
            most = &clause;
    connect(
        dashboard, &RunDashboard::fixesListed, this,
        [this, dashboard](int rows) {
            auto *view = dashboard->findChild<QTableView *>(QStringLiteral("FixRowsView"));
            if (rows > 0 && view)
                view->setCurrentIndex(view->model()->index(0, 0));
            dashboardPage(RunDashboard::FixesPage, "studio-run-fixes.png", [this] { conflicts(); });
        },
        Qt::SingleShotConnection);
    dashboard->drillFixes(QString::fromStdString(most->clause), engine::FixOutcome::Fixed);
}

// The conflict matrix of the run's contracts.
void Tour::conflicts()
{
    dashboardPage(
        RunDashboard::ConflictsPage, "studio-run-conflicts.png", [this] { previewEdit(); });
}

// The impact of an edit before saving: a stricter word limit, replayed as a preview and
// compared with the run.
void Tour::previewEdit()
{
    RunTools *tools = m_window.runTools();
    const qint64 base = tools->dashboard()->run();
    editor::ContractEditor *editor = open(QStringLiteral("quality.llmcl"));
    if (!editor)
        return;
    if (!editor->findFirst(
            QStringLiteral("word_count(response) < 80"), false, true, false, false, true, 0, 0)) {
        fail(QStringLiteral("quality.llmcl has no \"word_count(response) < 80\" to edit"));
        return;
    }
    editor->replace(QStringLiteral("word_count(response) < 40"));
    ComparisonView *comparison = tools->comparisonView();
    connect(
        comparison, &ComparisonView::loaded, this,
        [this, comparison] {
            comparison->view()->setCurrentIndex(comparison->view()->model()->index(0, 0));
            comparison->showExamples(0);
            comparison->view()->resizeColumnsToContents();
            settle([this] {
                if (save(QStringLiteral("studio-run-comparison.png")))
                    QApplication::exit(0);
            });
        },
        Qt::SingleShotConnection);
    if (!tools->previewEdits(base))
        fail(QStringLiteral("the preview replay did not start"));
}

void Tour::dashboardPage(int page, const char *picture, std::function<void()> next)
{
    RunDashboard *dashboard = m_window.runTools()->dashboard();
    dashboard->pages()->setCurrentIndex(page);
    settle([this, picture, next = std::move(next)] {
        if (save(QString::fromLatin1(picture)))
            next();
    });
}

} // namespace

QString copyTourWorkspace(const QString &workspace, const QString &directory, QString *error)
{
    // A fresh copy each time: the tour's replay stores its run in the copy's database, never
    // in the folder given (the example workspace of a checkout). Named as the examples are, so
    // that the window's title shows "examples" whichever folder the pictures are taken in.
    QDir copy(QDir(directory).filePath(QStringLiteral("examples")));
    if ((copy.exists() && !copy.removeRecursively()) || !QDir().mkpath(copy.path())) {
        *error = QStringLiteral("%1: cannot create the folder").arg(copy.path());
        return {};
    }
    const QDir source(workspace);
    for (const QFileInfo &file : source.entryInfoList(QDir::Files)) {
        if (file.fileName().startsWith(QLatin1String("llmcl-workspace.db")))
            continue;
        if (!QFile::copy(file.filePath(), copy.filePath(file.fileName()))) {
            *error = QStringLiteral("%1: cannot copy it into %2").arg(file.filePath(), copy.path());
            return {};
        }
    }
    return copy.absolutePath();
}

void runTour(MainWindow &window, const QString &directory)
{
    auto *tour = new Tour(window, directory);
    QObject::connect(&window, &MainWindow::firstPainted, tour, [tour] { tour->start(); });
}

} // namespace llmcl::app
