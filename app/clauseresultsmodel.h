// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/turnresult.h"

#include <QAbstractTableModel>

#include <vector>

namespace llmcl::app {

// The verdicts of one step of the conversation stepper, one row per clause: id, status
// (symbol and word), message, the ensure_prob window and rate, and the temporal state (what is
// left to prove, and where it settled). Setting new verdicts resets the model (a step's table is
// small). GUI thread only.
class ClauseResultsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        ClauseColumn,
        StatusColumn,
        MessageColumn,
        WindowColumn,
        TemporalColumn,
        ColumnCount
    };

    enum Role
    {
        StatusRole = Qt::UserRole + 1, // int(engine::ClauseStatus)
        ClauseIdRole,
    };

    explicit ClauseResultsModel(QObject *parent = nullptr);
    ~ClauseResultsModel() override;

    void setVerdicts(std::vector<engine::ClauseVerdict> verdicts);
    const std::vector<engine::ClauseVerdict> &verdicts() const { return m_verdicts; }
    const engine::ClauseVerdict *verdict(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<engine::ClauseVerdict> m_verdicts;
};

} // namespace llmcl::app
