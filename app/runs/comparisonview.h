// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/runs/comparisonmodel.h"
#include "editor/jobchannel.h"

#include <QWidget>

class QLabel;
class QStandardItemModel;
class QTableView;
class QToolBar;

namespace llmcl::app {

class RunStore;

// The comparison of two runs (the Comparison dock): a tool bar, a header ("Run 3 → run 5: 1,204
// turns compared"), every clause with how it changed and its latency deltas, and the example turns
// of the clause selected. Read on the database worker through a RunStore.
class ComparisonView : public QWidget
{
    Q_OBJECT

public:
    explicit ComparisonView(RunStore *store, QWidget *parent = nullptr);

    // Compares run `a` (before) with run `b` (after); loaded() follows.
    void compare(qint64 a, qint64 b);
    ComparisonModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QStandardItemModel *examplesModel() const { return m_examples; }
    QLabel *header() const { return m_header; }
    // Above the header: RunTools puts Compare Runs… and Save Comparison Report… there.
    QToolBar *toolBar() const { return m_toolBar; }
    // Lists the example turns of row `row` of the model (in diff order).
    void showExamples(int row);

Q_SIGNALS:
    void loaded(qint64 a, qint64 b);

private:
    void compared(engine::Result<RunComparison> comparison);

    RunStore *m_store;
    qint64 m_a = -1;
    qint64 m_b = -1;
    QToolBar *m_toolBar;
    QLabel *m_header;
    ComparisonModel *m_model;
    QTableView *m_view;
    QStandardItemModel *m_examples;
    editor::JobChannel<ComparisonView> m_jobs {this};
};

} // namespace llmcl::app
