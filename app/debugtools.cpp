// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/debugtools.h"

#include "app/conversationsmodel.h"
#include "app/mainwindow.h"
#include "app/modemanager.h"
#include "app/sessionsdock.h"
#include "app/stepperdock.h"
#include "app/traceview.h"
#include "editor/clausebreakpoints.h"
#include "editor/contracteditor.h"
#include "editor/diagnosticscontroller.h"

#include <QAction>
#include <QDockWidget>
#include <QFileInfo>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>
#include <QTabWidget>

#include <algorithm>

namespace llmcl::app {

DebugTools::DebugTools(MainWindow *window)
    : QObject(window)
    , m_window(window)
    , m_sessions(new SessionsDock(window))
    , m_stepper(new StepperDock(window))
    , m_trace(new TraceView(window))
    , m_traceDock(new QDockWidget(tr("Trace"), window))
{
    setObjectName(QStringLiteral("DebugTools"));
    window->addDockWidget(Qt::LeftDockWidgetArea, m_sessions);
    window->addDockWidget(Qt::RightDockWidgetArea, m_stepper);
    m_traceDock->setObjectName(QStringLiteral("TraceDock"));
    m_traceDock->setWidget(m_trace);
    window->addDockWidget(Qt::BottomDockWidgetArea, m_traceDock);
    if (QDockWidget *problems = window->problemsDock()) {
        window->tabifyDockWidget(problems, m_traceDock);
        problems->raise();
    }

    // The View menu lists the docks' toggle actions; MainWindow gives them their Alt+digit.
    m_sessions->toggleViewAction()->setObjectName(QStringLiteral("ToggleSessionsDockAction"));
    m_stepper->toggleViewAction()->setObjectName(QStringLiteral("ToggleStepperDockAction"));
    m_traceDock->toggleViewAction()->setObjectName(QStringLiteral("ToggleTraceDockAction"));

    m_toggleBreakpoint = new QAction(tr("Toggle Clause &Breakpoint"), this);
    m_toggleBreakpoint->setObjectName(QStringLiteral("ToggleClauseBreakpointAction"));
    m_toggleBreakpoint->setShortcut(QKeySequence(Qt::Key_F9));
    connect(m_toggleBreakpoint, &QAction::triggered, this, &DebugTools::toggleBreakpointAtCursor);
    m_clearBreakpoints = new QAction(tr("Remove &All Clause Breakpoints"), this);
    m_clearBreakpoints->setObjectName(QStringLiteral("ClearClauseBreakpointsAction"));
    m_clearBreakpoints->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F9));
    connect(m_clearBreakpoints, &QAction::triggered, this, &DebugTools::clearBreakpoints);

    m_stepper->setBreakpointProvider([this] { return breakpoints(); });
    // F5 goes on through the file: the conversations after the stepper's in the Sessions list.
    m_stepper->setFollowingProvider(
        [this]() -> std::vector<std::shared_ptr<const tracer::Conversation>> {
            const ConversationsModel *model = m_sessions->conversationsModel();
            const int row = model->rowOf(m_stepper->stepper()->conversation());
            if (row < 0)
                return {};
            return model->after(row);
        });
    ConversationStepper *stepper = m_stepper->stepper();
    connect(m_sessions, &SessionsDock::conversationChosen, stepper,
        &ConversationStepper::setConversation);
    connect(m_sessions, &SessionsDock::turnSelected, stepper, &ConversationStepper::setCurrent);
    connect(m_sessions->loader(), &SessionLoader::started, this, [this](const QString &path) {
        m_trace->setSessionsPath(path);
        // Sessions are debugged: the Debug mode shows them with the stepper and the trace.
        if (ModeManager *modes = m_window->modes())
            modes->setMode(ModeManager::Mode::Debug);
    });
    connect(stepper, &ConversationStepper::currentChanged, this, &DebugTools::showStep);
    connect(m_trace, &TraceView::clauseActivated, this, &DebugTools::selectClause);
    connect(m_stepper, &StepperDock::clauseActivated, this, &DebugTools::selectClause);
    // A trace export starts in the workspace folder until the user has exported somewhere.
    m_trace->setDefaultFolder([window] { return window->workspaceFolder(); });
    connect(m_trace, &TraceView::exportFailed, window,
        [window](const QString &message) { window->statusBar()->showMessage(message); });

    m_tabs = window->tabs();
    connect(m_tabs, &QTabWidget::currentChanged, this,
        [this] { followEditor(m_window->currentEditor()); });
}

DebugTools::~DebugTools()
{
    // The window's tabs outlive this object while the window is destroyed, and switch tabs as
    // their editors go.
    if (m_tabs)
        disconnect(m_tabs, nullptr, this, nullptr);
}

void DebugTools::addMenus(QMenuBar *bar)
{
    const QList<QAction *> existing = bar->actions();
    QAction *before = existing.isEmpty() ? nullptr : existing.last();

    auto *sessions = new QMenu(tr("&Sessions"), bar);
    sessions->setObjectName(QStringLiteral("SessionsMenu"));
    sessions->addAction(m_sessions->openAction());
    sessions->addAction(m_sessions->cancelAction());
    sessions->addAction(m_sessions->problemsAction());
    bar->insertMenu(before, sessions);

    auto *debug = new QMenu(tr("&Debug"), bar);
    debug->setObjectName(QStringLiteral("DebugMenu"));
    debug->addActions(m_stepper->stepActions());
    debug->addSeparator();
    debug->addAction(m_toggleBreakpoint);
    debug->addAction(m_clearBreakpoints);
    debug->addSeparator();
    debug->addAction(m_trace->exportAction());
    bar->insertMenu(before, debug);
}

editor::ClauseBreakpoints *DebugTools::breakpointsOf(editor::ContractEditor *editor)
{
    return editor
        ? editor->findChild<editor::ClauseBreakpoints *>(QString(), Qt::FindDirectChildrenOnly)
        : nullptr;
}

void DebugTools::attach(editor::ContractEditor *editor, editor::DiagnosticsController *controller)
{
    auto *breakpoints = new editor::ClauseBreakpoints(editor, controller);
    Q_UNUSED(breakpoints);
    if (editor == m_window->currentEditor() || !m_followed)
        followEditor(editor);
}

std::vector<ClauseLocation> DebugTools::breakpoints() const
{
    std::vector<ClauseLocation> out;
    QTabWidget *tabs = m_window->tabs();
    for (int i = 0; i < tabs->count(); ++i) {
        auto *editor = qobject_cast<editor::ContractEditor *>(tabs->widget(i));
        editor::ClauseBreakpoints *breakpoints = breakpointsOf(editor);
        editor::DiagnosticsController *controller = MainWindow::diagnosticsController(editor);
        if (!breakpoints || !controller)
            continue;
        // Verdicts name the file as the check compiled it: the controller's document path.
        const std::string file = controller->documentPath();
        for (const int line : breakpoints->lines())
            out.push_back({file, std::uint32_t(line + 1)});
    }
    return out;
}

void DebugTools::toggleBreakpointAtCursor()
{
    editor::ContractEditor *editor = m_window->currentEditor();
    editor::ClauseBreakpoints *breakpoints = breakpointsOf(editor);
    if (!breakpoints)
        return;
    int line = 0;
    int index = 0;
    editor->getCursorPosition(&line, &index);
    if (!breakpoints->toggle(line))
        m_window->statusBar()->showMessage(
            tr("No clause begins on line %1: a clause breakpoint goes on a clause's first line")
                .arg(line + 1),
            4000);
}

void DebugTools::clearBreakpoints()
{
    QTabWidget *tabs = m_window->tabs();
    for (int i = 0; i < tabs->count(); ++i) {
        if (auto *breakpoints =
                breakpointsOf(qobject_cast<editor::ContractEditor *>(tabs->widget(i))))
            breakpoints->clear();
    }
}

void DebugTools::followEditor(editor::ContractEditor *editor)
{
    editor::DiagnosticsController *controller = MainWindow::diagnosticsController(editor);
    if (controller == m_followed)
        return;
    disconnect(m_followConnection);
    m_followed = controller;
    if (controller) {
        m_followConnection = connect(controller, &editor::DiagnosticsController::diagnosticsApplied,
            this, &DebugTools::updateContracts);
    }
    updateContracts();
}

void DebugTools::updateContracts()
{
    const auto service = m_followed ? m_followed->languageService() : nullptr;
    if (!service)
        return; // not checked yet: keep what the stepper has
    const QString name = QFileInfo(QString::fromStdString(service->path())).fileName();
    if (auto set = service->compileResult().set) {
        m_stepper->stepper()->setContracts(std::move(set));
        m_stepper->setContractsNote(QString());
    } else if (m_stepper->stepper()->contracts()) {
        m_stepper->setContractsNote(
            tr("%1 has errors: the verdicts are those of the last contracts that compiled.")
                .arg(name));
    } else {
        m_stepper->setContractsNote(
            tr("%1 has errors: fix them to evaluate the conversation.").arg(name));
    }
}

void DebugTools::showStep(int step)
{
    ConversationStepper *stepper = m_stepper->stepper();
    const auto &conversation = stepper->conversation();
    m_trace->setTurn(stepper->sharedTurnResult(step),
        conversation ? QString::fromStdString(conversation->id) : QString(), step + 1);
    if (conversation && conversation != m_sessions->currentConversation()) {
        // The stepper moved on by itself (F5 through the file): the list follows it. Choosing
        // the stepper's own conversation changes nothing in the stepper.
        if (const int row = m_sessions->conversationsModel()->rowOf(conversation); row >= 0)
            m_sessions->chooseConversation(row);
    }
    if (conversation && conversation == m_sessions->currentConversation()
        && step < stepper->turnCount())
        m_sessions->chooseTurn(step);
}

bool DebugTools::selectClause(const QString &file, int begin, int end)
{
    editor::ContractEditor *target = nullptr;
    QTabWidget *tabs = m_window->tabs();
    for (int i = 0; i < tabs->count() && !target; ++i) {
        auto *editor = qobject_cast<editor::ContractEditor *>(tabs->widget(i));
        editor::DiagnosticsController *controller = MainWindow::diagnosticsController(editor);
        if (controller && QString::fromStdString(controller->documentPath()) == file)
            target = editor;
    }
    if (!target) {
        if (!QFileInfo::exists(file) || !m_window->openFile(file))
            return false;
        target = m_window->currentEditor();
    }
    tabs->setCurrentWidget(target);
    const long length = target->SendScintilla(QsciScintillaBase::SCI_GETLENGTH);
    // The range is that of the compiled text; after edits it may point a little off, never
    // outside the document.
    const long from = std::clamp<long>(begin, 0, length);
    const long to = std::clamp<long>(end, from, length);
    target->SendScintilla(QsciScintillaBase::SCI_SETSEL, from, to);
    return true;
}

} // namespace llmcl::app
