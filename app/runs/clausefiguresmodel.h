// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/runs/rundashboard.h"

#include <QAbstractTableModel>

#include <memory>

namespace llmcl::app {

// The clauses of a run, one row each in position order: verdict counts and latency
// percentiles (a view sorts them through a proxy on SortRole, e.g. slowest first).
class ClauseFiguresModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Clause,
        Severity,
        Evaluated,
        Pass,
        Fail,
        Error,
        Pending,
        Suppressed,
        P50,
        P90,
        P95,
        P99,
        Max,
        ColumnCount
    };
    static constexpr int SortRole = Qt::UserRole;
    static constexpr int PositionRole = Qt::UserRole + 1; // the clause's position (0-based)

    explicit ClauseFiguresModel(QObject *parent = nullptr);

    void setFigures(std::shared_ptr<const RunFigures> figures);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    std::shared_ptr<const RunFigures> m_figures;
};

} // namespace llmcl::app
