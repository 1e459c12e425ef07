// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/runs/clausefiguresmodel.h"

#include "app/clausestatustext.h"

#include <QLocale>

namespace llmcl::app {

ClauseFiguresModel::ClauseFiguresModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void ClauseFiguresModel::setFigures(std::shared_ptr<const RunFigures> figures)
{
    beginResetModel();
    m_figures = std::move(figures);
    endResetModel();
}

int ClauseFiguresModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_figures ? 0 : int(m_figures->counts.size());
}

int ClauseFiguresModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ClauseFiguresModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const std::size_t row = std::size_t(index.row());
    const tracer::ClauseCounts &counts = m_figures->counts[row];
    const tracer::LatencyPercentiles latency = row < m_figures->clauseLatency.size()
        ? m_figures->clauseLatency[row]
        : tracer::LatencyPercentiles {};
    const tracer::StoredClause *clause =
        row < m_figures->clauses.size() ? &m_figures->clauses[row] : nullptr;
    const auto number = [&](std::uint64_t n) -> QVariant {
        return role == SortRole ? QVariant(qulonglong(n)) : QVariant(QLocale().toString(qulonglong(n)));
    };
    const auto duration = [&](std::int64_t ns) -> QVariant {
        return role == SortRole ? QVariant(qint64(ns)) : QVariant(durationText(ns));
    };
    if (role == Qt::DisplayRole || role == SortRole) {
        switch (Column(index.column())) {
        case Clause:
            return QString::fromStdString(counts.clause);
        case Severity:
            return clause ? QString::fromUtf8(engine::clauseSeverityName(clause->severity))
                          : QString();
        case Evaluated:
            return number(counts.total() - counts.skipped);
        case Pass:
            return number(counts.pass);
        case Fail:
            return number(counts.fail);
        case Error:
            return number(counts.error);
        case Pending:
            return number(counts.pending);
        case Suppressed:
            return number(counts.suppressed);
        case P50:
            return duration(latency.p50);
        case P90:
            return duration(latency.p90);
        case P95:
            return duration(latency.p95);
        case P99:
            return duration(latency.p99);
        case Max:
            return duration(latency.max);
        case ColumnCount:
            break;
        }
    }
    if (role == PositionRole)
        return qulonglong(row);
    if (role == Qt::TextAlignmentRole && index.column() >= Evaluated)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant ClauseFiguresModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Clause:
        return tr("Clause");
    case Severity:
        return tr("Severity");
    case Evaluated:
        return tr("Evaluated");
    case Pass:
        return tr("Pass");
    case Fail:
        return tr("Fail");
    case Error:
        return tr("Error");
    case Pending:
        return tr("Pending");
    case Suppressed:
        return tr("Suppressed");
    case P50:
        return tr("p50");
    case P90:
        return tr("p90");
    case P95:
        return tr("p95");
    case P99:
        return tr("p99");
    case Max:
        return tr("Max");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace llmcl::app
