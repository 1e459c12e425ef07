// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/turnresult.h"

#include <QAbstractTableModel>
#include <QStringList>

#include <memory>

namespace llmcl::app {

// The clause events of one evaluated turn as a table, one row per clause verdict in evaluation
// order: clause, contract, phase, status, duration and message. The roles give the raw values
// for sorting and filtering (ClauseEventsFilter). GUI thread only.
class ClauseEventsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        ClauseColumn,
        ContractColumn,
        PhaseColumn,
        StatusColumn,
        DurationColumn,
        MessageColumn,
        ColumnCount
    };

    enum Role
    {
        StatusRole = Qt::UserRole + 1, // int(engine::ClauseStatus)
        ContractRole, // the contract's name
        DurationRole, // qint64 nanoseconds
        ContractIndexRole, // index in TurnResult::contracts
        ClauseIndexRole, // index in ContractResult::clauses
    };

    explicit ClauseEventsModel(QObject *parent = nullptr);
    ~ClauseEventsModel() override;

    void setTurn(std::shared_ptr<const engine::TurnResult> result);
    const std::shared_ptr<const engine::TurnResult> &turn() const { return m_turn; }
    // The contracts of the turn, in evaluation order.
    QStringList contracts() const;
    const engine::ClauseVerdict *verdict(int row) const;
    // The row of the verdict at (contract, clause); -1 when none.
    int rowOf(int contract, int clause) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        int contract;
        int clause;
    };
    std::shared_ptr<const engine::TurnResult> m_turn;
    std::vector<Row> m_rows;
};

} // namespace llmcl::app
