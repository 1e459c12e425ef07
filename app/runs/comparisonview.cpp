// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/runs/comparisonview.h"

#include "app/runs/runstore.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace llmcl::app {

ComparisonView::ComparisonView(RunStore *store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_toolBar(new QToolBar(this))
    , m_header(new QLabel(this))
    , m_model(new ComparisonModel(this))
    , m_view(new QTableView)
    , m_examples(new QStandardItemModel(this))
{
    setObjectName(QStringLiteral("ComparisonView"));
    setMinimumSize(240, 160);
    m_toolBar->setObjectName(QStringLiteral("ComparisonToolBar"));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_header->setObjectName(QStringLiteral("ComparisonHeader"));
    m_header->setWordWrap(true);
    m_header->setText(tr("Runs › Compare Runs… compares two runs clause by clause."));
    auto *proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(m_model);
    proxy->setSortRole(ComparisonModel::SortRole);
    m_view->setObjectName(QStringLiteral("ComparisonTable"));
    m_view->setModel(proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(ComparisonModel::NewFailures, Qt::DescendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex &current) {
            showExamples(current.isValid() ? current.data(ComparisonModel::RowRole).toInt() : -1);
        });

    m_examples->setHorizontalHeaderLabels({tr("Change"), tr("Conversation"), tr("Turn")});
    auto *examples = new QTableView;
    examples->setObjectName(QStringLiteral("ComparisonExamples"));
    examples->setModel(m_examples);
    examples->verticalHeader()->hide();
    examples->horizontalHeader()->setStretchLastSection(true);
    examples->setEditTriggers(QAbstractItemView::NoEditTriggers);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_view);
    splitter->addWidget(examples);
    splitter->setSizes({600, 250});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_toolBar);
    layout->addWidget(m_header);
    layout->addWidget(splitter, 1);
}

void ComparisonView::compare(qint64 a, qint64 b)
{
    m_a = a;
    m_b = b;
    m_jobs.advance();
    m_model->setComparison(nullptr);
    m_examples->removeRows(0, m_examples->rowCount());
    m_header->setText(tr("Comparing run %1 with run %2…").arg(a).arg(b));
    m_store->query(
        m_jobs, [a, b](tracer::WorkspaceDatabase &db) { return compareRuns(db, a, b); },
        &ComparisonView::compared);
}

void ComparisonView::compared(engine::Result<RunComparison> comparison)
{
    if (!comparison) {
        m_header->setText(QString::fromStdString(comparison.error().message));
        return;
    }
    const tracer::RunDiff &diff = comparison.value().diff;
    const ComparisonTotals totals = totalsOf(diff);
    const QLocale locale;
    // Counts as "name: n" pairs, which read right for 1 as for 2 in every language.
    QString text = tr("Run %1 → run %2 · turns compared: %3 · clauses changed: %4 · new failures: "
                      "%5 · new passes: %6")
                       .arg(diff.runA)
                       .arg(diff.runB)
                       .arg(locale.toString(qulonglong(diff.turnsCompared)))
                       .arg(locale.toString(qulonglong(totals.changedClauses)))
                       .arg(locale.toString(qulonglong(totals.newFailures)))
                       .arg(locale.toString(qulonglong(totals.newPasses)));
    if (diff.turnsOnlyInA || diff.turnsOnlyInB)
        text += tr(" · turns only in run %1: %2 · only in run %3: %4")
                    .arg(diff.runA)
                    .arg(locale.toString(qulonglong(diff.turnsOnlyInA)))
                    .arg(diff.runB)
                    .arg(locale.toString(qulonglong(diff.turnsOnlyInB)));
    m_header->setText(text);
    m_model->setComparison(std::make_shared<const RunComparison>(std::move(comparison.value())));
    m_view->resizeColumnsToContents();
    Q_EMIT loaded(m_a, m_b);
}

void ComparisonView::showExamples(int row)
{
    m_examples->removeRows(0, m_examples->rowCount());
    const RunComparison *comparison = m_model->comparison();
    if (!comparison || row < 0 || std::size_t(row) >= comparison->diff.clauses.size())
        return;
    const tracer::ClauseDiff &clause = comparison->diff.clauses[std::size_t(row)];
    for (const ComparisonModel::Examples &examples : ComparisonModel::examples(clause))
        for (const tracer::DiffExample &example : *examples.turns)
            m_examples->appendRow({new QStandardItem(examples.kind),
                new QStandardItem(QString::fromStdString(example.conversation)),
                new QStandardItem(ComparisonModel::turnText(example))});
}

} // namespace llmcl::app
