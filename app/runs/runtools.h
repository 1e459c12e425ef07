// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/conversationstepper.h"
#include "app/runs/replayjob.h"
#include "editor/jobchannel.h"
#include "tracer/runexport.h"
#include "tracer/runreader.h"
#include "tracer/runstatistics.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <utility>

class QAction;
class QMenuBar;
class QSplitter;
class QTabWidget;
class QWidget;

namespace llmcl::app {

class ComparisonView;
class MainWindow;
class ReplayDialog;
class RunDashboard;
class RunStore;
class RunsModel;
class RunsPanel;

// The runs side of the main window (docs/studio.md, "Runs"): the workspace database opened on a
// worker when the workspace opens, the Runs mode's centre (the runs list, the Run tab with the
// dashboards of one run, the Comparison tab), the Replay action that stores a new run of the
// workspace's contracts (unsaved buffers included) over a sessions file, and the Runs menu with
// every action (and so the command palette). Created by MainWindow before its menus; a child of
// the window. GUI thread only.
class RunTools : public QObject
{
    Q_OBJECT

public:
    explicit RunTools(MainWindow *window);
    ~RunTools() override;

    RunStore *store() const { return m_store; }
    RunsModel *model() const { return m_model; }
    RunsPanel *panel() const { return m_panel; }
    RunDashboard *dashboard() const { return m_dashboard; }
    // The Runs mode's centre (docs/studio.md, "Modes"): the runs list above the tabs of the
    // Run (a run's dashboards) and the Comparison.
    QSplitter *area() const { return m_area; }
    QTabWidget *runTabs() const { return m_runTabs; }
    ReplayJob *replayJob() const { return m_job; }

    // Adds the Runs menu before the bar's last menu (Help).
    void addMenus(QMenuBar *bar);
    // Opens the workspace database of `folder` (MainWindow calls it when a workspace opens).
    void openWorkspace(const QString &folder);

    // What the Replay action replays, without asking: the workspace's contracts with the open
    // editors' unsaved texts.
    ReplayRequest replayRequest(const QString &sessions) const;
    // Starts a replay (the Replay dialog's OK does this); false when one is running.
    bool replay(ReplayRequest request);
    // Opens the dashboards of `run` in the Run tab.
    void openRun(qint64 run);
    // Completes an incomplete or cancelled run.
    bool resumeRun(qint64 run);
    // Asks which two runs to compare (Compare Runs…), then shows the comparison.
    void showCompareDialog();
    // Compares run `a` (before) with run `b` (after) in the Comparison tab.
    void compareRuns(qint64 a, qint64 b);
    // Impact of an edit before saving: replays the sessions file of run `base` with the
    // workspace's current texts (unsaved buffers included) as a run labelled a preview, then
    // compares `base` with it in the Comparison tab.
    bool previewEdits(qint64 base);
    // Writes the report of the run the Run tab shows to `path`: PDF when it ends in ".pdf",
    // else a self-contained HTML file. An error message naming the file, empty on success.
    QString saveReport(const QString &path);
    // Asks for the report's file (Save Run Report…).
    void showReportDialog();
    // Writes the report of the comparison the Comparison tab shows to `path`, as saveReport().
    QString saveComparisonReport(const QString &path);
    // Asks for the report's file (Save Comparison Report…).
    void showComparisonReportDialog();
    // Asks for the format, redaction and file, then exports (Export Run…).
    void showExportDialog(qint64 run);
    // Writes run `run` to `path` as `format` on the database worker (the same bytes as
    // `llmcl export`); exportFinished() follows.
    void exportRun(qint64 run, tracer::ExportFormat format, bool redactPii, const QString &path);
    // Shows `clause` of the run the Run tab shows: its range selected in its file, in the Edit
    // mode, when the file still has the run's text, else in the run's snapshot of the file (the
    // dashboard's read-only Contracts page).
    bool showClause(const tracer::StoredClause &clause);
    // Opens the conversation of `turn` (of the run the Run tab shows) in the Conversation
    // Stepper at that turn, in the Debug mode, with the verdicts, explanations and fixes the run
    // stored (read on the database worker; nothing is evaluated again). storedTurnShown() follows,
    // or a message in the Runs panel.
    void showTurn(const tracer::DrillTurn &turn);
    // Asks for a label and stores it (empty: none).
    void labelRun(qint64 run);
    // Asks, then discards (refused for a run being written).
    void discardRun(qint64 run, bool confirm = true);
    // The Replay dialog, for tests (created on first use).
    ReplayDialog *replayDialog();

    QAction *replayAction() const { return m_replay; }
    QAction *cancelAction() const { return m_cancel; }
    QAction *openAction() const { return m_open; }
    QAction *resumeAction() const { return m_resume; }
    QAction *labelAction() const { return m_label; }
    QAction *exportAction() const { return m_export; }
    QAction *compareAction() const { return m_compare; }
    QAction *previewAction() const { return m_preview; }
    QAction *reportAction() const { return m_report; }
    QAction *comparisonReportAction() const { return m_comparisonReport; }
    ComparisonView *comparisonView() const { return m_comparison; }
    QAction *discardAction() const { return m_discard; }

Q_SIGNALS:
    // A replay of this window ended (stored as `report.status`, unless it never began).
    void replayFinished(const llmcl::app::ReplayReport &report);
    // An export ended: `error` is empty when the file was written.
    void exportFinished(const QString &path, const QString &error);
    // showTurn()'s conversation is in the stepper.
    void storedTurnShown(qint64 run, const QString &conversation, int turn);

private:
    void showReplayDialog();
    // Switches to the Runs mode, `page` (the dashboard or the comparison, or none) in front.
    void showInRunsMode(QWidget *page);
    void replayProgressed(const ReplayReport &report);
    void replayEnded(const ReplayReport &report);
    void exportDone(const tracer::Status &error);
    struct StoredTurn
    {
        StoredConversation conversation;
        int turn = 0; // 1-based
    };
    void storedTurnRead(engine::Result<StoredTurn> stored);
    void updateActions();
    // Asks where to save a report (`name` suggested, in the folder of the last export), then
    // writes it with `save` (an error message, empty on success).
    void saveReportAs(const QString &caption, const QString &name,
        const std::function<QString(const QString &)> &save);
    void offerIncompleteRuns();
    // What the panel says about a database that cannot be written: what still works, and why
    // (the store's readOnlyReason()).
    QString readOnlyMessage() const;
    QString sessionsSuggestion() const;

    MainWindow *m_window;
    RunStore *m_store;
    RunsModel *m_model;
    RunsPanel *m_panel;
    QSplitter *m_area;
    QTabWidget *m_runTabs;
    RunDashboard *m_dashboard;
    ReplayJob *m_job;
    QPointer<ReplayDialog> m_dialog;
    QString m_workspace;
    bool m_offeredIncomplete = false;
    QAction *m_replay;
    QAction *m_cancel;
    QAction *m_open;
    QAction *m_resume;
    QAction *m_label;
    QAction *m_export;
    QAction *m_compare;
    QAction *m_preview;
    QAction *m_report;
    QAction *m_comparisonReport;
    qint64 m_previewBase = -1; // the run the replay in flight previews edits against
    ComparisonView *m_comparison;
    QString m_exportFolder; // the folder of the last export
    std::pair<qint64, QString> m_exporting; // the run and file of the export in flight
    editor::JobChannel<RunTools> m_exportJobs {this};
    // showTurn() advances it: only the last turn asked for is shown.
    editor::JobChannel<RunTools> m_turnJobs {this};
    QAction *m_discard;
};

} // namespace llmcl::app
