// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/clauseeventsmodel.h"

#include "app/clausestatustext.h"
#include "tracer/tracewriter.h"

namespace llmcl::app {

ClauseEventsModel::ClauseEventsModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

ClauseEventsModel::~ClauseEventsModel() = default;

void ClauseEventsModel::setTurn(std::shared_ptr<const engine::TurnResult> result)
{
    beginResetModel();
    m_turn = std::move(result);
    m_rows.clear();
    if (m_turn) {
        for (std::size_t c = 0; c < m_turn->contracts.size(); ++c) {
            for (std::size_t k = 0; k < m_turn->contracts[c].clauses.size(); ++k)
                m_rows.push_back({int(c), int(k)});
        }
    }
    endResetModel();
}

QStringList ClauseEventsModel::contracts() const
{
    QStringList names;
    if (m_turn) {
        for (const engine::ContractResult &contract : m_turn->contracts)
            names.append(QString::fromStdString(contract.name));
    }
    return names;
}

const engine::ClauseVerdict *ClauseEventsModel::verdict(int row) const
{
    if (row < 0 || std::size_t(row) >= m_rows.size())
        return nullptr;
    const Row &r = m_rows[std::size_t(row)];
    return &m_turn->contracts[std::size_t(r.contract)].clauses[std::size_t(r.clause)];
}

int ClauseEventsModel::rowOf(int contract, int clause) const
{
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].contract == contract && m_rows[i].clause == clause)
            return int(i);
    }
    return -1;
}

int ClauseEventsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ClauseEventsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ClauseEventsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[std::size_t(index.row())];
    const engine::ContractResult &contract = m_turn->contracts[std::size_t(row.contract)];
    const engine::ClauseVerdict &v = contract.clauses[std::size_t(row.clause)];
    switch (role) {
    case StatusRole:
        return int(v.status);
    case ContractRole:
        return QString::fromStdString(contract.name);
    case DurationRole:
        return qint64(v.durationNs);
    case ContractIndexRole:
        return row.contract;
    case ClauseIndexRole:
        return row.clause;
    case Qt::ForegroundRole:
        return index.column() == StatusColumn ? QVariant(clauseStatusColor(v.status)) : QVariant();
    case Qt::TextAlignmentRole:
        return index.column() == DurationColumn
            ? QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter)
            : QVariant();
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case ClauseColumn:
        return QString::fromStdString(v.id());
    case ContractColumn:
        return QString::fromStdString(contract.name);
    case PhaseColumn:
        return tracer::detail::phaseOf(v.kind()) == "input" ? tr("input") : tr("output");
    case StatusColumn:
        return clauseStatusText(v.status);
    case DurationColumn:
        return durationText(v.durationNs);
    case MessageColumn:
        return QString::fromStdString(v.message);
    default:
        return {};
    }
}

QVariant ClauseEventsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ClauseColumn:
        return tr("Clause");
    case ContractColumn:
        return tr("Contract");
    case PhaseColumn:
        return tr("Phase");
    case StatusColumn:
        return tr("Status");
    case DurationColumn:
        return tr("Duration");
    case MessageColumn:
        return tr("Message");
    default:
        return {};
    }
}

} // namespace llmcl::app
