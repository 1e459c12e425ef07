// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tracer/replaytotals.h"
#include "tracer/runlisting.h"
#include "tracer/runreader.h"
#include "tracer/workspacedb.h"

#include <QWidget>

#include <memory>
#include <vector>

class QLabel;
class QStackedWidget;
class QTabWidget;
class QTableView;

namespace llmcl::app {

class RunStore;

// Per clause of a run: its verdict counts and latency percentiles (nanoseconds).
struct ClauseFigures
{
    tracer::ClauseCounts counts;
    std::string severity; // the clause's (critical, error, warning, info)
    std::int64_t p50 = 0, p90 = 0, p95 = 0, p99 = 0, max = 0;
};

// What the dashboards of one run show, read on the database worker (never on the GUI thread).
struct RunFigures
{
    tracer::RunListing listing;
    std::vector<ClauseFigures> clauses;
};

// Reads the figures of `run`; an error names the database.
engine::Result<RunFigures> readRunFigures(tracer::WorkspaceDatabase &db, std::int64_t run);

// The dashboards of one run (docs/studio.md, "Runs"): a header naming the run, then one page
// per view. Loads its figures through the RunStore's worker; shows "Loading…" until they come.
class RunDashboard : public QWidget
{
    Q_OBJECT

public:
    explicit RunDashboard(RunStore *store, QWidget *parent = nullptr);
    ~RunDashboard() override;

    // Shows run `run` (-1: none); figures load in the background.
    void setRun(qint64 run);
    qint64 run() const { return m_run; }
    // The figures shown, null while loading.
    const RunFigures *figures() const { return m_figures.get(); }
    QTabWidget *pages() const { return m_pages; }
    QTableView *clausesView() const { return m_clausesView; }

Q_SIGNALS:
    // The figures of run() are shown (for tests and the tour).
    void loaded(qint64 run);

protected:
    void changeEvent(QEvent *event) override;

private:
    // Light or dark charts, following the window's palette.
    void applyChartTheme();
    void show(std::shared_ptr<const RunFigures> figures);
    void showError(const QString &message);

    RunStore *m_store;
    qint64 m_run = -1;
    quint64 m_request = 0;
    std::shared_ptr<const RunFigures> m_figures;
    QLabel *m_header;
    QStackedWidget *m_stack;
    QLabel *m_placeholder;
    QTabWidget *m_pages;
    QLabel *m_overview;
    QTableView *m_clausesView;
    class ClauseFiguresModel *m_clauses;
};

} // namespace llmcl::app
