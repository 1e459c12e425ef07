// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/clauseeventsfilter.h"

#include "app/clauseeventsmodel.h"

namespace llmcl::app {

ClauseEventsFilter::ClauseEventsFilter(QObject *parent)
    : QSortFilterProxyModel(parent)
{ }

ClauseEventsFilter::~ClauseEventsFilter() = default;

void ClauseEventsFilter::setStatus(std::optional<engine::ClauseStatus> status)
{
    if (status == m_status)
        return;
    m_status = status;
    invalidateRowsFilter();
}

void ClauseEventsFilter::setContract(const QString &contract)
{
    if (contract == m_contract)
        return;
    m_contract = contract;
    invalidateRowsFilter();
}

bool ClauseEventsFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_status && index.data(ClauseEventsModel::StatusRole).toInt() != int(*m_status))
        return false;
    return m_contract.isEmpty()
        || index.data(ClauseEventsModel::ContractRole).toString() == m_contract;
}

bool ClauseEventsFilter::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (left.column() == ClauseEventsModel::DurationColumn)
        return left.data(ClauseEventsModel::DurationRole).toLongLong()
            < right.data(ClauseEventsModel::DurationRole).toLongLong();
    if (left.column() == ClauseEventsModel::StatusColumn)
        return left.data(ClauseEventsModel::StatusRole).toInt()
            < right.data(ClauseEventsModel::StatusRole).toInt();
    return QSortFilterProxyModel::lessThan(left, right);
}

} // namespace llmcl::app
