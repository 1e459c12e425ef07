// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "editor/jobchannel.h"
#include "editor/textdiff.h"
#include "tracer/runinfo.h"
#include "tracer/runstatistics.h"

#include <QList>
#include <QWidget>

#include <memory>
#include <optional>
#include <utility>
#include <vector>

class QChartView;
class QComboBox;
class QLabel;
class QStackedWidget;
class QStandardItemModel;
class QTabWidget;
class QTableView;

namespace KSyntaxHighlighting {
class Repository;
}

namespace llmcl::editor {
class ContractEditor;
}

namespace llmcl::app {

class ClauseFiguresModel;
class DrillTurnsModel;
class FixDiffView;
class RunStore;

// What the dashboards of one run show: tracer::RunStatistics' answers, read on the database
// worker (never on the GUI thread) and handed over whole.
struct RunFigures
{
    tracer::RunOverview overview;
    std::vector<tracer::StoredClause> clauses; // by position
    std::vector<tracer::ClauseCounts> counts; // by position
    std::vector<tracer::LatencyPercentiles> clauseLatency; // by position
    std::vector<tracer::LatencyBucket> turnLatency;
    std::vector<tracer::ContractTime> contractTime;
    std::vector<tracer::TurnNumberFailures> failuresByTurn;
    std::vector<tracer::MessageCount> topMessages;
    tracer::ConflictMatrix conflicts;
    std::vector<tracer::ClauseFixes> fixes;
    std::vector<tracer::RunContract> contracts;
    bool summarized = false;
};

// Reads the figures of the run `statistics` describes.
engine::Result<RunFigures> readRunFigures(tracer::RunStatistics &statistics);

// The dashboards of one run (docs/studio.md, "Runs"): a header naming the run, then a page per
// view — Overview, Latency, Violations, Conflicts, Auto-fix — each charts (Qt Charts) over
// sortable tables, and under them the turns behind whatever was clicked (a bar, a cell, a
// row), fetched page by page; and a Contracts page with the contract sources the run used (its
// snapshots), read-only. Figures and snapshots load through the RunStore's worker. The
// repository (syntax definitions) must outlive the dashboard.
class RunDashboard : public QWidget
{
    Q_OBJECT

public:
    enum Page
    {
        OverviewPage,
        LatencyPage,
        ViolationsPage,
        ConflictsPage,
        FixesPage,
        ContractsPage
    };

    RunDashboard(
        RunStore *store, KSyntaxHighlighting::Repository &repository, QWidget *parent = nullptr);
    ~RunDashboard() override;

    // Shows run `run` (-1: none); figures load in the background, then loaded(run).
    void setRun(qint64 run);
    qint64 run() const { return m_run; }
    // The figures shown, null while loading.
    const RunFigures *figures() const { return m_figures.get(); }

    QTabWidget *pages() const { return m_pages; }
    ClauseFiguresModel *clausesModel() const { return m_clauses; }
    QTableView *clausesView() const { return m_clausesView; }
    DrillTurnsModel *drillModel() const { return m_drill; }
    QTableView *drillView() const { return m_drillView; }
    QLabel *drillLabel() const { return m_drillLabel; }
    QStandardItemModel *messagesModel() const { return m_messages; }
    QStandardItemModel *conflictsModel() const { return m_conflictCells; }
    // The contract × contract matrix: row and column i are figures.conflicts.contracts[i], a
    // cell the number of conflicts between the two (both ways; the diagonal: within one).
    QStandardItemModel *conflictMatrixModel() const { return m_conflictMatrix; }
    QStandardItemModel *fixesModel() const { return m_fixClauses; }
    QStandardItemModel *fixRowsModel() const { return m_fixRows; }
    FixDiffView *fixDiff() const { return m_fixDiff; }
    QChartView *chart(const QString &name) const;
    // The Contracts page: the run's snapshot files and the source of the one chosen.
    QComboBox *snapshotFiles() const { return m_snapshotFiles; }
    editor::ContractEditor *snapshotView() const { return m_snapshot; }
    // Shows `clause` in the run's snapshot of its file on the Contracts page, its range selected
    // (loading the snapshots first when needed; snapshotShown() follows).
    void showSnapshot(const tracer::StoredClause &clause);
    // The Overview page's figures as (name, value) rows, translated (the run report shows
    // the same).
    static QList<std::pair<QString, QString>> overviewFigures(const tracer::RunOverview &overview);

    // The drill-downs a click starts (also for tests): the turns where clause `position`
    // has `status`; the failing turns numbered `turn` (of any clause when none is given); the
    // turns of message row `row` of the Violations page; the fixes of clause `clause` (with
    // `outcome` when given).
    void drillStatus(std::size_t position, engine::ClauseStatus status);
    void drillTurnNumber(std::int64_t turn, std::optional<std::size_t> position = std::nullopt);
    void drillMessage(int row);
    void drillFixes(const QString &clause, std::optional<engine::FixOutcome> outcome);

Q_SIGNALS:
    // The figures of run() are shown.
    void loaded(qint64 run);
    // The fixes asked for by drillFixes() are listed.
    void fixesListed(int rows);
    // The user asked to see `clause` (its file and range as the run stored them).
    void clauseRequested(const llmcl::tracer::StoredClause &clause);
    // showSnapshot()'s clause is selected in the snapshot of `file`.
    void snapshotShown(const QString &file);
    // The user asked to see a listed turn (in its conversation, with what the run stored).
    void turnRequested(const llmcl::tracer::DrillTurn &turn);

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyChartTheme();
    void show(std::shared_ptr<const RunFigures> figures);
    void showHeader();
    void showError(const QString &message);
    void figuresRead(engine::Result<RunFigures> figures);
    // A page of fixes with the word diff of each, computed on the worker.
    struct FixesWithDiffs
    {
        tracer::FixPage page;
        std::vector<editor::TextDiff> diffs;
    };
    void fixesRead(engine::Result<FixesWithDiffs> fixes);
    void fillOverview(const RunFigures &figures);
    void fillLatency(const RunFigures &figures);
    void fillViolations(const RunFigures &figures);
    void fillConflicts(const RunFigures &figures);
    void fillFixes(const RunFigures &figures);
    void loadSnapshots();
    void snapshotsRead(engine::Result<std::vector<tracer::ContractSource>> sources);
    void showSnapshotFile(int index);
    void selectPendingClause();
    std::vector<std::string> clauseIds() const;
    QString clauseName(std::size_t position) const;

    RunStore *m_store;
    qint64 m_run = -1;
    // setRun() and drillFixes() advance them: an older run's answers are dropped.
    editor::JobChannel<RunDashboard> m_figureJobs {this};
    editor::JobChannel<RunDashboard> m_fixJobs {this};
    std::shared_ptr<const RunFigures> m_figures;
    QLabel *m_header;
    QStackedWidget *m_stack;
    QLabel *m_status;
    QTabWidget *m_pages;
    QLabel *m_overview;
    ClauseFiguresModel *m_clauses;
    QTableView *m_clausesView;
    QStandardItemModel *m_messages;
    QStandardItemModel *m_conflictCells;
    QStandardItemModel *m_conflictMatrix;
    QStandardItemModel *m_suppressed;
    QStandardItemModel *m_fixClauses;
    QStandardItemModel *m_fixRows;
    std::vector<tracer::StoredFix> m_fixList;
    std::vector<editor::TextDiff> m_fixDiffs; // of m_fixList, same order
    FixDiffView *m_fixDiff;
    QComboBox *m_snapshotFiles;
    QLabel *m_snapshotNote;
    editor::ContractEditor *m_snapshot;
    // The run's contract sources, once read (for m_run); what showSnapshot() waits to select.
    std::optional<std::vector<tracer::ContractSource>> m_snapshots;
    std::optional<tracer::StoredClause> m_pendingClause;
    bool m_snapshotsRequested = false;
    editor::JobChannel<RunDashboard> m_snapshotJobs {this};
    DrillTurnsModel *m_drill;
    QTableView *m_drillView;
    QLabel *m_drillLabel;
};

} // namespace llmcl::app
