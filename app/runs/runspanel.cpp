// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/runs/runspanel.h"

#include "app/runs/runsmodel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace llmcl::app {

RunsPanel::RunsPanel(RunsModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_proxy(new QSortFilterProxyModel(this))
    , m_toolBar(new QToolBar(this))
    , m_message(new QLabel(this))
    , m_progressRow(new QWidget(this))
    , m_progress(new QProgressBar(m_progressRow))
    , m_progressLabel(new QLabel(m_progressRow))
    , m_cancel(new QToolButton(m_progressRow))
    , m_view(new QTableView(this))
{
    setObjectName(QStringLiteral("RunsPanel"));
    setMinimumSize(200, 100);
    m_toolBar->setObjectName(QStringLiteral("RunsToolBar"));
    m_toolBar->setIconSize(QSize(16, 16));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);

    m_message->setObjectName(QStringLiteral("RunsMessage"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::RichText);
    m_message->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_message->hide();

    m_progress->setObjectName(QStringLiteral("ReplayProgress"));
    m_progress->setRange(0, 1000);
    m_progressLabel->setObjectName(QStringLiteral("ReplayProgressLabel"));
    m_cancel->setObjectName(QStringLiteral("ReplayCancel"));
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop the replay after the conversations in flight; the run is "
                            "stored as cancelled"));
    connect(m_cancel, &QToolButton::clicked, this, &RunsPanel::cancelRequested);
    auto *progressLayout = new QHBoxLayout(m_progressRow);
    progressLayout->setContentsMargins(0, 0, 0, 0);
    progressLayout->addWidget(m_progress, 1);
    progressLayout->addWidget(m_progressLabel, 2);
    progressLayout->addWidget(m_cancel);
    m_progressRow->hide();

    m_proxy->setSourceModel(model);
    m_proxy->setSortRole(RunsModel::SortRole);
    m_view->setObjectName(QStringLiteral("RunsView"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(RunsModel::Id, Qt::DescendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setMinimumSectionSize(24);
    m_view->setTextElideMode(Qt::ElideMiddle);
    connect(m_view, &QTableView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT runActivated(index.data(RunsModel::RunIdRole).toLongLong());
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this] { Q_EMIT currentRunChanged(currentRun()); });
    // The first listing: fit the columns to what they show.
    connect(model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_view->model()->rowCount() <= 8)
            m_view->resizeColumnsToContents();
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(2);
    layout->addWidget(m_toolBar);
    layout->addWidget(m_message);
    layout->addWidget(m_progressRow);
    layout->addWidget(m_view, 1);
}

qint64 RunsPanel::currentRun() const
{
    const QModelIndex current = m_view->currentIndex();
    return current.isValid() ? current.data(RunsModel::RunIdRole).toLongLong() : -1;
}

void RunsPanel::selectRun(qint64 id)
{
    const int row = m_model->rowOf(id);
    if (row < 0)
        return;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
}

void RunsPanel::showMessage(const QString &message, bool error)
{
    m_message->setText(message);
    m_message->setProperty("error", error);
    m_message->setForegroundRole(error ? QPalette::BrightText : QPalette::WindowText);
    m_message->setVisible(!message.isEmpty());
}

void RunsPanel::showReplay(const ReplayReport &report)
{
    if (report.phase == ReplayReport::Phase::Finished) {
        m_progressRow->hide();
        return;
    }
    m_progressRow->show();
    const tracer::ReplayProgress &p = report.progress;
    const QLocale locale;
    m_progress->setValue(int(p.fraction() * 1000.0));
    if (report.phase == ReplayReport::Phase::Importing) {
        m_progress->setFormat(tr("Importing %p%"));
        m_progressLabel->setText(
            tr("%1 conversations imported").arg(locale.toString(qulonglong(p.conversations))));
        return;
    }
    m_progress->setFormat(tr("%p%"));
    QString text = tr("Run %1: %2 turns, %3 turns/s")
                       .arg(report.run)
                       .arg(locale.toString(qulonglong(p.turns)))
                       .arg(locale.toString(p.turnsPerSecond(), 'f', 0));
    const double eta = p.etaSeconds();
    if (eta >= 0)
        text += tr(", %1:%2 left").arg(int(eta) / 60).arg(int(eta) % 60, 2, 10, QLatin1Char('0'));
    m_progressLabel->setText(text);
}

} // namespace llmcl::app
