// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/turnresult.h"

#include <QSortFilterProxyModel>

#include <optional>

namespace llmcl::app {

// Filters a ClauseEventsModel by status and by contract, and sorts it (the duration column by
// its nanoseconds, not its text). GUI thread only.
class ClauseEventsFilter : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit ClauseEventsFilter(QObject *parent = nullptr);
    ~ClauseEventsFilter() override;

    // Only rows of this status (nullopt: all).
    void setStatus(std::optional<engine::ClauseStatus> status);
    std::optional<engine::ClauseStatus> status() const { return m_status; }
    // Only rows of this contract (empty: all).
    void setContract(const QString &contract);
    QString contract() const { return m_contract; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    std::optional<engine::ClauseStatus> m_status;
    QString m_contract;
};

} // namespace llmcl::app
