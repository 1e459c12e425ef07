// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/modemanager.h"

#include "app/mainwindow.h"
#include "app/settings.h"
#include "editor/contracteditor.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QDockWidget>
#include <QHBoxLayout>
#include <QLayout>
#include <QList>
#include <QPointer>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolButton>

#include <algorithm>

namespace llmcl::app {

namespace {

using Mode = ModeManager::Mode;

constexpr std::array kModes = {Mode::Edit, Mode::Debug, Mode::Runs};
// The Runs area's splitter (the runs list above a run's dashboards), saved beside the layouts.
const auto kRunsAreaLayout = QStringLiteral("runsArea");

// The default shares of the window: side panels of the width, bottom panels of the height.
// With them, at 1280x800, the editor keeps about 57 % of the width in Edit mode and 46 % in
// Debug mode (tst_modes checks 55 % and 35 %).
constexpr double kEditLeftShare = 0.14;
constexpr double kEditRightShare = 0.28;
constexpr double kEditBottomShare = 0.2;
constexpr double kDebugLeftShare = 0.2;
constexpr double kDebugRightShare = 0.32;
constexpr double kDebugBottomShare = 0.3;
constexpr double kRunsListShare = 0.2;

int share(int length, double part)
{
    return std::max(1, int(length * part));
}

} // namespace

ModeManager::ModeManager(
    MainWindow *window, QStackedWidget *centre, QWidget *editorArea, QSplitter *runsArea)
    : QObject(window)
    , m_window(window)
    , m_centre(centre)
    , m_editorArea(editorArea)
    , m_runsArea(runsArea)
    , m_group(new QActionGroup(this))
    , m_reset(new QAction(tr("Reset &Layout"), this))
    , m_bar(new QWidget(window))
{
    setObjectName(QStringLiteral("ModeManager"));
    const struct
    {
        Mode mode;
        QString text;
        QString iconText;
        QString tip;
        Qt::Key key;
    } modes[] = {
        {Mode::Edit, tr("&Edit Mode"), tr("Edit"),
            tr("Edit mode: the contracts with Outline, Problems and Live Evaluation"), Qt::Key_1},
        {Mode::Debug, tr("De&bug Mode"), tr("Debug"),
            tr("Debug mode: the contracts with Sessions, the Conversation Stepper and the Trace"),
            Qt::Key_2},
        {Mode::Runs, tr("R&uns Mode"), tr("Runs"),
            tr("Runs mode: the stored runs, their dashboards and comparisons"), Qt::Key_3},
    };
    auto *layout = new QHBoxLayout(m_bar);
    layout->setContentsMargins(0, 0, 4, 0);
    layout->setSpacing(2);
    m_bar->setObjectName(QStringLiteral("ModeBar"));
    for (const auto &each : modes) {
        auto *action = new QAction(each.text, this);
        action->setObjectName(QStringLiteral("action%1Mode")
                .arg(modeName(each.mode).left(1).toUpper() + modeName(each.mode).mid(1)));
        action->setIconText(each.iconText);
        action->setShortcut(QKeySequence(Qt::CTRL | each.key));
        action->setToolTip(QStringLiteral("%1 (%2)").arg(
            each.tip, action->shortcut().toString(QKeySequence::NativeText)));
        action->setCheckable(true);
        action->setActionGroup(m_group);
        m_window->addAction(action);
        connect(action, &QAction::triggered, this, [this, mode = each.mode] { setMode(mode); });
        m_actions[std::size_t(each.mode)] = action;
        auto *button = new QToolButton(m_bar);
        button->setObjectName(QStringLiteral("ModeButton%1").arg(int(each.mode)));
        button->setDefaultAction(action);
        button->setAutoRaise(true);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        layout->addWidget(button);
    }
    modeAction(m_mode)->setChecked(true);
    m_reset->setObjectName(QStringLiteral("actionResetLayout"));
    m_reset->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::SHIFT | Qt::Key_L));
    m_reset->setToolTip(tr("Put the panels of every mode back where they start"));
    m_window->addAction(m_reset);
    connect(m_reset, &QAction::triggered, this, [this] {
        resetLayout();
        m_window->statusBar()->showMessage(tr("Every mode has its default layout again"), 3000);
    });

    // Laid out before the window has its final size: again when it is shown (windowShown()).
    m_centre->setCurrentWidget(m_editorArea);
    applyDefaultLayout(m_mode);
}

ModeManager::~ModeManager() = default;

QString ModeManager::modeName(Mode mode)
{
    switch (mode) {
    case Mode::Debug:
        return QStringLiteral("debug");
    case Mode::Runs:
        return QStringLiteral("runs");
    case Mode::Edit:
        break;
    }
    return QStringLiteral("edit");
}

QDockWidget *ModeManager::dock(const char *objectName) const
{
    return m_window->findChild<QDockWidget *>(
        QString::fromLatin1(objectName), Qt::FindDirectChildrenOnly);
}

QByteArray ModeManager::currentLayout() const
{
    return m_window->saveState(kLayoutVersion);
}

void ModeManager::setMode(Mode mode)
{
    if (mode == m_mode) {
        modeAction(mode)->setChecked(true);
        return;
    }
    m_layouts[std::size_t(m_mode)] = currentLayout();
    m_mode = mode;
    modeAction(mode)->setChecked(true);
    const QPointer<QWidget> focus = QApplication::focusWidget();
    showLayout(mode);
    // The keyboard follows: focus left in a part of the window that is gone goes to the mode's
    // centre (rather than to whatever Qt finds next in the focus chain).
    if (!focus || !focus->isVisible()) {
        if (mode == Mode::Runs)
            m_runsArea->widget(0)->setFocus(Qt::OtherFocusReason);
        else if (QWidget *editor = m_window->currentEditor())
            editor->setFocus(Qt::OtherFocusReason);
    }
    Q_EMIT modeChanged(mode);
}

void ModeManager::showLayout(Mode mode)
{
    m_centre->setCurrentWidget(
        mode == Mode::Runs ? static_cast<QWidget *>(m_runsArea) : m_editorArea);
    QByteArray &saved = m_layouts[std::size_t(mode)];
    if (saved.isEmpty() || !m_window->restoreState(saved, kLayoutVersion)) {
        saved.clear();
        applyDefaultLayout(mode);
    } else if (relayout() && isEditorSqueezed()) {
        saved.clear();
        applyDefaultLayout(mode);
    }
    relayout();
}

bool ModeManager::relayout()
{
    // A shown window lays out a restored state when its layout next runs; the squeeze check,
    // and whoever looks next (a test, a picture), need the geometry now. The stacked layout
    // sizes only its current page, and only on its next pass, too.
    QLayout *layout = m_window->layout();
    if (!m_window->isVisible() || !layout)
        return false;
    layout->invalidate();
    layout->activate();
    m_centre->currentWidget()->setGeometry(m_centre->contentsRect());
    return true;
}

void ModeManager::resetLayout()
{
    m_layouts = {};
    applyDefaultLayout(m_mode);
}

bool ModeManager::isEditorSqueezed() const
{
    // The centre rather than the editor area: the area is sized only while it is the centre's
    // page, the centre by the window's layout as soon as a layout is restored.
    return m_mode != Mode::Runs && m_centre->width() * 3 < m_window->width();
}

void ModeManager::applyDefaultLayout(Mode mode)
{
    QDockWidget *workspace = dock("WorkspaceDock");
    QDockWidget *outline = dock("OutlineDock");
    QDockWidget *evaluation = dock("EvaluationDock");
    QDockWidget *problems = dock("ProblemsDock");
    QDockWidget *sessions = dock("SessionsDock");
    QDockWidget *stepper = dock("StepperDock");
    QDockWidget *trace = dock("TraceDock");
    const auto place = [this](QDockWidget *dock, Qt::DockWidgetArea area) {
        if (!dock)
            return;
        dock->setFloating(false);
        m_window->addDockWidget(area, dock);
        dock->show();
    };
    const int width = m_window->width();
    const int height = m_window->height();
    // Every other panel of the window steps aside, whichever mode it came from.
    const auto hideOthers = [this](const QList<QDockWidget *> &keep) {
        for (QDockWidget *each :
            m_window->findChildren<QDockWidget *>(QString(), Qt::FindDirectChildrenOnly)) {
            if (!keep.contains(each))
                each->hide();
        }
    };
    switch (mode) {
    case Mode::Edit:
        hideOthers({workspace, outline, evaluation, problems});
        place(workspace, Qt::LeftDockWidgetArea);
        place(outline, Qt::LeftDockWidgetArea);
        if (workspace && outline)
            m_window->tabifyDockWidget(workspace, outline);
        place(evaluation, Qt::RightDockWidgetArea);
        place(problems, Qt::BottomDockWidgetArea);
        if (workspace)
            workspace->raise();
        // The panels just shown take their places first; otherwise the next layout pass gives
        // them their size hints over the shares below.
        relayout();
        if (workspace && evaluation)
            m_window->resizeDocks({workspace, evaluation},
                {share(width, kEditLeftShare), share(width, kEditRightShare)}, Qt::Horizontal);
        if (problems)
            m_window->resizeDocks({problems}, {share(height, kEditBottomShare)}, Qt::Vertical);
        break;
    case Mode::Debug:
        hideOthers({sessions, stepper, trace});
        place(sessions, Qt::LeftDockWidgetArea);
        place(stepper, Qt::RightDockWidgetArea);
        place(trace, Qt::BottomDockWidgetArea);
        relayout();
        if (sessions && stepper)
            m_window->resizeDocks({sessions, stepper},
                {share(width, kDebugLeftShare), share(width, kDebugRightShare)}, Qt::Horizontal);
        if (trace)
            m_window->resizeDocks({trace}, {share(height, kDebugBottomShare)}, Qt::Vertical);
        break;
    case Mode::Runs:
        hideOthers({});
        break;
    }
    const int runsHeight = std::max(m_runsArea->height(), height);
    m_runsArea->setSizes(
        {share(runsHeight, kRunsListShare), runsHeight - share(runsHeight, kRunsListShare)});
}

void ModeManager::restore(const Settings &settings)
{
    if (settings.layoutVersion() != kLayoutVersion)
        return;
    for (const Mode mode : kModes)
        m_layouts[std::size_t(mode)] = settings.modeLayout(modeName(mode));
    m_runsArea->restoreState(settings.modeLayout(kRunsAreaLayout));
    Mode mode = Mode::Edit;
    for (const Mode each : kModes) {
        if (settings.mode() == modeName(each))
            mode = each;
    }
    m_mode = mode;
    modeAction(mode)->setChecked(true);
    showLayout(mode);
    Q_EMIT modeChanged(mode);
}

void ModeManager::save(Settings &settings) const
{
    settings.clearLayouts();
    settings.setLayoutVersion(kLayoutVersion);
    settings.setMode(modeName(m_mode));
    for (const Mode mode : kModes) {
        const QByteArray layout = mode == m_mode ? currentLayout() : m_layouts[std::size_t(mode)];
        if (!layout.isEmpty())
            settings.setModeLayout(modeName(mode), layout);
    }
    settings.setModeLayout(kRunsAreaLayout, m_runsArea->saveState());
}

void ModeManager::windowShown()
{
    if (m_shown)
        return;
    m_shown = true;
    QByteArray &saved = m_layouts[std::size_t(m_mode)];
    if (saved.isEmpty()) {
        // The default, laid out before the window had its size.
        applyDefaultLayout(m_mode);
    } else if (relayout() && isEditorSqueezed()) {
        saved.clear();
        applyDefaultLayout(m_mode);
        m_window->statusBar()->showMessage(
            tr("The saved layout left the editor too narrow: the default layout is used"), 10000);
    }
}

} // namespace llmcl::app
