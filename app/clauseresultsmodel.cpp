// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/clauseresultsmodel.h"

#include "app/clausestatustext.h"

namespace llmcl::app {

ClauseResultsModel::ClauseResultsModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

ClauseResultsModel::~ClauseResultsModel() = default;

void ClauseResultsModel::setVerdicts(std::vector<engine::ClauseVerdict> verdicts)
{
    beginResetModel();
    m_verdicts = std::move(verdicts);
    endResetModel();
}

const engine::ClauseVerdict *ClauseResultsModel::verdict(int row) const
{
    return row >= 0 && std::size_t(row) < m_verdicts.size() ? &m_verdicts[std::size_t(row)]
                                                            : nullptr;
}

int ClauseResultsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_verdicts.size());
}

int ClauseResultsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ClauseResultsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const engine::ClauseVerdict &v = m_verdicts[std::size_t(index.row())];
    if (role == StatusRole)
        return int(v.status);
    if (role == ClauseIdRole)
        return QString::fromStdString(v.id());
    if (role == Qt::ForegroundRole && index.column() == StatusColumn)
        return clauseStatusColor(v.status);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case ClauseColumn:
        if (role == Qt::ToolTipRole)
            return tr("%1 (%2, line %3)")
                .arg(QString::fromStdString(v.id()),
                    QString::fromUtf8(engine::clauseKindName(v.kind()).data(),
                        qsizetype(engine::clauseKindName(v.kind()).size())))
                .arg(v.range().begin.line);
        return QString::fromStdString(v.id());
    case StatusColumn:
        return clauseStatusText(v.status);
    case MessageColumn: {
        QString text = QString::fromStdString(v.message);
        if (role == Qt::ToolTipRole && !v.values.empty()) {
            for (const engine::Explanation &line : v.values)
                text += QLatin1Char('\n') + QString::fromStdString(line.expression)
                    + QStringLiteral(" = ") + QString::fromStdString(engine::repr(line.value));
        }
        return text;
    }
    case WindowColumn:
        return v.window ? windowText(*v.window) : QString();
    case TemporalColumn:
        if (!v.temporal)
            return QString();
        if (v.temporal->settledAt > 0)
            return tr("settled at turn %1").arg(v.temporal->settledAt);
        return QString::fromStdString(v.temporal->residual);
    default:
        return {};
    }
}

QVariant ClauseResultsModel::headerData(int section, Qt::Orientation orientation, int role) const
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
    case WindowColumn:
        return tr("ensure_prob window");
    case TemporalColumn:
        return tr("Temporal state");
    default:
        return {};
    }
}

} // namespace llmcl::app
