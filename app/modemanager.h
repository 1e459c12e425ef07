// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QObject>

#include <array>

class QAction;
class QActionGroup;
class QDockWidget;
class QSplitter;
class QStackedWidget;
class QWidget;

namespace llmcl::app {

class MainWindow;
class Settings;

// The window's modes (docs/studio.md, "Modes"), as Qt Creator's Edit/Debug modes and KDevelop's
// areas: each task gets the whole window with the panels it needs, and each mode keeps its own
// arrangement of them.
//
// - Edit: the editor tabs in the centre; Workspace and Outline on the left, Live Evaluation on
//   the right, Problems below the editor.
// - Debug: the editor tabs in the centre; Sessions on the left, the Conversation Stepper on the
//   right, the Trace below the editor.
// - Runs: the Runs area (the runs list, a run's dashboards and comparisons) in the centre, no
//   panels.
//
// Switching saves the layout of the mode left (QMainWindow::saveState()) and restores the one of
// the mode entered, or lays out its default; a panel shown or hidden in a mode stays so in that
// mode only. Reset Layout returns every mode to its default. The layouts go to the settings with
// kLayoutVersion; layouts of another version, and a layout that leaves the editor narrower than
// a third of the window (found when the window is first shown or the mode entered), are dropped
// for the mode's default. Nothing here resizes the window: defaults are shares of its size.
//
// Owns the mode actions (View menu, Ctrl+1/2/3), Reset Layout and the mode bar (the buttons in
// the menu bar's corner). A child of the window, created once its docks exist. GUI thread only.
class ModeManager : public QObject
{
    Q_OBJECT

public:
    enum class Mode
    {
        Edit,
        Debug,
        Runs
    };
    Q_ENUM(Mode)
    static constexpr int kModeCount = 3;
    // Written with every layout; a saved layout of another version is not restored. Raise it when
    // the docks or the default layouts change.
    static constexpr int kLayoutVersion = 1;

    // `centre` is the window's central widget, holding `editorArea` (the editor tabs) and
    // `runsArea` (the Runs mode's centre, whose splitter state is part of that mode's layout).
    ModeManager(
        MainWindow *window, QStackedWidget *centre, QWidget *editorArea, QSplitter *runsArea);
    ~ModeManager() override;

    Mode mode() const { return m_mode; }
    // Saves the current mode's layout, shows `mode`'s centre and restores its layout (or its
    // default); a no-op when `mode` is current.
    void setMode(Mode mode);
    // Drops every mode's saved layout and lays out the current mode's default.
    void resetLayout();

    QAction *modeAction(Mode mode) const { return m_actions[std::size_t(mode)]; }
    QAction *resetAction() const { return m_reset; }
    // The buttons that switch modes (in the menu bar's corner).
    QWidget *modeBar() const { return m_bar; }
    // "edit", "debug", "runs": the names of the settings.
    static QString modeName(Mode mode);

    // Whether the editor area is narrower than a third of the window (in Edit and Debug mode;
    // meaningful once the window is shown).
    bool isEditorSqueezed() const;

    // Reads the mode and the layouts of the last session (the window not yet shown); layouts of
    // another version are ignored.
    void restore(const Settings &settings);
    // Writes the mode and every mode's layout, the current one as it is now.
    void save(Settings &settings) const;
    // Called by the window when it is shown for the first time: a restored layout that squeezes
    // the editor is replaced by the default, and a default laid out before the window had its
    // size is laid out again.
    void windowShown();

Q_SIGNALS:
    void modeChanged(llmcl::app::ModeManager::Mode mode);

private:
    void applyDefaultLayout(Mode mode);
    // Restores `mode`'s saved layout, or lays out its default; drops a squeezing layout.
    void showLayout(Mode mode);
    // Lays out the shown window now (false when it is not shown).
    bool relayout();
    QDockWidget *dock(const char *objectName) const;
    QByteArray currentLayout() const;

    MainWindow *m_window;
    QStackedWidget *m_centre;
    QWidget *m_editorArea;
    QSplitter *m_runsArea;
    Mode m_mode = Mode::Edit;
    // The saved layout of each mode other than the current one; empty: its default.
    std::array<QByteArray, kModeCount> m_layouts;
    std::array<QAction *, kModeCount> m_actions {};
    QActionGroup *m_group;
    QAction *m_reset;
    QWidget *m_bar;
    // Whether windowShown() was called.
    bool m_shown = false;
};

} // namespace llmcl::app
