// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/conversationstepper.h"

#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QTabWidget>

#include <vector>

class QAction;
class QDockWidget;
class QMenuBar;

namespace llmcl::editor {
class ClauseBreakpoints;
class ContractEditor;
class DiagnosticsController;
} // namespace llmcl::editor

namespace llmcl::app {

class MainWindow;
class SessionsDock;
class StepperDock;
class TraceView;

// The debugging side of the main window: the Sessions dock, the Conversation Stepper dock, the
// Trace dock, the clause breakpoints of every editor, the Sessions and Debug menus, and the
// wiring between them and the editors:
//
// - the stepper evaluates with the current editor's latest analysis (its compiled set); while
//   the contracts have errors, it keeps the last set that compiled and says so;
// - choosing a conversation in the Sessions dock steps through it; choosing a turn moves the
//   stepper there, and stepping selects the turn in the list;
// - the trace view shows the stepper's current turn; a clause clicked there or in the stepper
//   is selected in its editor (the file is opened when no tab shows it).
//
// Created by MainWindow before its menus (so the docks are in the View menu); a child of the
// window. GUI thread only.
class DebugTools : public QObject
{
    Q_OBJECT

public:
    explicit DebugTools(MainWindow *window);
    ~DebugTools() override;

    SessionsDock *sessionsDock() const { return m_sessions; }
    StepperDock *stepperDock() const { return m_stepper; }
    TraceView *traceView() const { return m_trace; }
    QDockWidget *traceDock() const { return m_traceDock; }

    // Adds the Sessions and Debug menus before the bar's last menu (Help).
    void addMenus(QMenuBar *bar);
    // Gives `editor` its breakpoint margin (MainWindow calls it for every editor it creates).
    void attach(editor::ContractEditor *editor, editor::DiagnosticsController *controller);
    static editor::ClauseBreakpoints *breakpointsOf(editor::ContractEditor *editor);

    // The clause breakpoints of all open editors.
    std::vector<ClauseLocation> breakpoints() const;
    // Toggles the breakpoint on the current editor's cursor line.
    void toggleBreakpointAtCursor();
    void clearBreakpoints();

    // Selects the byte range [begin, end) of `file` in its editor (opening it if needed).
    bool selectClause(const QString &file, int begin, int end);

private:
    void followEditor(editor::ContractEditor *editor);
    void updateContracts();
    void showStep(int step);

    MainWindow *m_window;
    // The window's tabs, kept to disconnect from them in the destructor, which runs while the
    // window is being destroyed (no MainWindow member may be called then).
    QPointer<QTabWidget> m_tabs;
    SessionsDock *m_sessions;
    StepperDock *m_stepper;
    TraceView *m_trace;
    QDockWidget *m_traceDock;
    QAction *m_toggleBreakpoint;
    QAction *m_clearBreakpoints;
    QPointer<editor::DiagnosticsController> m_followed;
    QMetaObject::Connection m_followConnection;
};

} // namespace llmcl::app
