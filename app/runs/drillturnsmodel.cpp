// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/runs/drillturnsmodel.h"

#include "app/clausestatustext.h"
#include "app/runs/clausefiguresmodel.h"
#include "app/runs/runstore.h"

#include <QLocale>

namespace llmcl::app {

DrillTurnsModel::DrillTurnsModel(RunStore *store, QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(store)
{ }

void DrillTurnsModel::setQuery(
    qint64 run, const QString &description, std::vector<std::string> clauses, Query query)
{
    beginResetModel();
    m_pages.advance();
    m_run = run;
    m_description = description;
    m_clauses = std::move(clauses);
    m_query = std::move(query);
    m_rows.clear();
    m_next = tracer::TurnCursor {};
    m_fetching = false;
    endResetModel();
    fetchMore({});
}

void DrillTurnsModel::clear()
{
    beginResetModel();
    m_pages.advance();
    m_run = -1;
    m_description.clear();
    m_query = {};
    m_rows.clear();
    m_next.reset();
    m_fetching = false;
    endResetModel();
}

bool DrillTurnsModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_next && !m_fetching && m_query;
}

void DrillTurnsModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    m_fetching = true;
    // The page comes back queued (JobChannel), never inside the view's call of fetchMore():
    // rows are never inserted in the middle of another insertion.
    m_store->statistics(
        m_pages, m_run,
        [query = m_query, after = *m_next](
            tracer::RunStatistics &statistics) { return query(statistics, after, kPageSize); },
        &DrillTurnsModel::pageRead);
}

void DrillTurnsModel::pageRead(engine::Result<tracer::TurnPage> page)
{
    m_fetching = false;
    if (!page) {
        m_next.reset();
        Q_EMIT failed(QString::fromStdString(page.error().message));
        return;
    }
    // The cursor moves before the rows are inserted: a view asks for more from its
    // rowsInserted handler, and must not ask for this page again.
    m_next = page.value().next;
    std::vector<tracer::DrillTurn> &rows = page.value().rows;
    if (!rows.empty()) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + rows.size()) - 1);
        m_rows.insert(m_rows.end(), std::make_move_iterator(rows.begin()),
            std::make_move_iterator(rows.end()));
        endInsertRows();
    }
    Q_EMIT pageLoaded(int(rows.size()));
}

int DrillTurnsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DrillTurnsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DrillTurnsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const tracer::DrillTurn &turn = m_rows[std::size_t(index.row())];
    if (role == Qt::DisplayRole || role == SortRole) {
        switch (Column(index.column())) {
        case Conversation:
            if (role == SortRole)
                return qint64(turn.conversationPosition);
            return tr("#%1 %2")
                .arg(turn.conversationPosition)
                .arg(QString::fromStdString(turn.conversation));
        case Turn:
            return qint64(turn.turn);
        case Valid:
            return role == SortRole ? QVariant(turn.valid)
                                    : QVariant(turn.valid ? tr("valid") : tr("invalid"));
        case Duration:
            return role == SortRole ? QVariant(qint64(turn.durationNs))
                                    : QVariant(durationText(turn.durationNs));
        case Clause:
            return turn.clause < m_clauses.size() ? QString::fromStdString(m_clauses[turn.clause])
                                                  : QString();
        case Status:
            return clauseStatusWord(turn.status);
        case Message:
            return QString::fromStdString(turn.message);
        case ColumnCount:
            break;
        }
    }
    if (role == Qt::ToolTipRole && index.column() == Message)
        return QString::fromStdString(turn.message);
    if (role == Qt::TextAlignmentRole && (index.column() == Turn || index.column() == Duration))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant DrillTurnsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Conversation:
        return tr("Conversation");
    case Turn:
        return tr("Turn");
    case Valid:
        return tr("Valid");
    case Duration:
        return tr("Duration");
    case Clause:
        return tr("Clause");
    case Status:
        return tr("Status");
    case Message:
        return tr("Message");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace llmcl::app
