// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/runs/runstore.h"

#include <QAbstractTableModel>

namespace llmcl::app {

// The runs of a RunStore, one row each, oldest first (a view sorts them through a proxy on
// SortRole). Follows the store: a new run is inserted, a growing or finished one changes in
// place (its selection stays), a discarded one is removed. GUI thread only.
class RunsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Id,
        Label,
        Status,
        Started,
        Duration,
        Sessions,
        Conversations,
        Turns,
        ValidPercent,
        Critical,
        Errors,
        Warnings,
        Infos,
        Fixes,
        Conflicts,
        Contracts,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole, // numbers for numeric columns, text otherwise
        RunIdRole, // qint64, every column
        ChangedRole, // bool: a contract changed since the run (every column)
    };

    explicit RunsModel(RunStore *store, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // The row of run `id`, -1 when not listed.
    int rowOf(qint64 id) const;
    qint64 runAt(int row) const;
    // "running", "complete", … translated, as the Status column shows it.
    static QString statusText(tracer::RunStatus status);

private:
    void update();

    RunStore *m_store;
    std::vector<RunEntry> m_runs; // the store's list as this model last took it
};

} // namespace llmcl::app
