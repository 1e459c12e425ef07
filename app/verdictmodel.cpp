// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/verdictmodel.h"

#include "editor/liveevaluator.h"
#include "editor/verdicticons.h"

#include <QApplication>
#include <QPalette>

namespace llmcl::app {

VerdictModel::VerdictModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void VerdictModel::setEvaluation(std::shared_ptr<const editor::LiveEvaluation> evaluation)
{
    beginResetModel();
    m_evaluation = std::move(evaluation);
    m_rows =
        m_evaluation ? m_evaluation->verdicts() : std::vector<const engine::ClauseVerdict *> {};
    endResetModel();
}

void VerdictModel::setStale(bool stale)
{
    if (stale == m_stale)
        return;
    m_stale = stale;
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1),
            {Qt::ForegroundRole, Qt::DecorationRole, Qt::ToolTipRole});
}

const engine::ClauseVerdict *VerdictModel::verdictAt(int row) const
{
    return row >= 0 && row < int(m_rows.size()) ? m_rows[std::size_t(row)] : nullptr;
}

int VerdictModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int VerdictModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant VerdictModel::data(const QModelIndex &index, int role) const
{
    const engine::ClauseVerdict *verdict = index.isValid() ? verdictAt(index.row()) : nullptr;
    if (!verdict || index.column() >= ColumnCount)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case ClauseColumn:
            return QString::fromStdString(verdict->id());
        case StatusColumn:
            return editor::verdictStatusText(verdict->status);
        case MessageColumn:
            return QString::fromStdString(verdict->message);
        case ExplanationColumn:
            return m_evaluation->explanations[std::size_t(index.row())];
        default:
            break;
        }
        break;
    case Qt::DecorationRole:
        if (index.column() == StatusColumn)
            return editor::verdictIcon(verdict->status, m_stale);
        break;
    case Qt::ToolTipRole:
        if (m_stale)
            return tr("The contracts do not compile: these are the last good verdicts.");
        if (index.column() == ClauseColumn)
            return tr("%1, line %2")
                .arg(QString::fromStdString(verdict->file()))
                .arg(verdict->range().begin.line);
        if (index.column() == ExplanationColumn || index.column() == MessageColumn)
            return data(index, Qt::DisplayRole);
        break;
    case Qt::ForegroundRole:
        if (m_stale)
            return QApplication::palette().color(QPalette::Disabled, QPalette::Text);
        break;
    case StatusRole:
        return int(verdict->status);
    case LineRole:
        return int(verdict->range().begin.line);
    default:
        break;
    }
    return {};
}

QVariant VerdictModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ClauseColumn:
        return tr("Clause");
    case StatusColumn:
        return tr("Status");
    case MessageColumn:
        return tr("Message");
    case ExplanationColumn:
        return tr("Explanation");
    default:
        break;
    }
    return {};
}

} // namespace llmcl::app
