// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "editor/jobchannel.h"
#include "tracer/runstatistics.h"

#include <QAbstractTableModel>
#include <QPointer>

#include <functional>
#include <optional>
#include <vector>

namespace llmcl::app {

class RunStore;

// The turns behind a dashboard's bar, cell or row: fetched a page of 100 at a time on the
// database worker as the view scrolls (canFetchMore()/fetchMore()), never all at once, so the
// first rows of a million-turn run show at once. GUI thread only.
class DrillTurnsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Conversation,
        Turn,
        Valid,
        Duration,
        Clause,
        Status,
        Message,
        ColumnCount
    };
    static constexpr int SortRole = Qt::UserRole;
    static constexpr std::size_t kPageSize = 100;

    // One page of the turns asked for, after `after`.
    using Query = std::function<engine::Result<tracer::TurnPage>(
        tracer::RunStatistics &, tracer::TurnCursor after, std::size_t limit)>;

    explicit DrillTurnsModel(RunStore *store, QObject *parent = nullptr);

    // Lists the turns `query` gives for run `run` (`clauses`: the run's clause ids by
    // position, for the Clause column); `description` says what they are ("Turns where …").
    void setQuery(
        qint64 run, const QString &description, std::vector<std::string> clauses, Query query);
    void clear();
    QString description() const { return m_description; }
    const tracer::DrillTurn &turnAt(int row) const { return m_rows[std::size_t(row)]; }
    bool isFetching() const { return m_fetching; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    // A page arrived (the first one after setQuery(), or a later one).
    void pageLoaded(int rows);
    void failed(const QString &message);

private:
    void pageRead(engine::Result<tracer::TurnPage> page);

    RunStore *m_store;
    qint64 m_run = -1;
    QString m_description;
    std::vector<std::string> m_clauses;
    Query m_query;
    std::vector<tracer::DrillTurn> m_rows;
    std::optional<tracer::TurnCursor> m_next;
    bool m_fetching = false;
    // setQuery() and clear() advance it: pages of an older query are dropped.
    editor::JobChannel<DrillTurnsModel> m_pages {this};
};

} // namespace llmcl::app
