// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/runs/comparisonmodel.h"

#include "app/clausestatustext.h"

#include <QLocale>

namespace llmcl::app {

engine::Result<RunComparison> compareRuns(
    tracer::WorkspaceDatabase &db, std::int64_t a, std::int64_t b)
{
    RunComparison comparison;
    auto diff = tracer::diffRuns(db, a, b);
    if (!diff)
        return diff.error();
    comparison.diff = std::move(diff.value());
    for (const auto &[run, first] : {std::pair {a, true}, std::pair {b, false}}) {
        auto statistics = tracer::RunStatistics::open(db, run);
        if (!statistics)
            return statistics.error();
        const auto &clauses = statistics.value().clauses();
        const auto &latency = statistics.value().clauseLatency();
        for (std::size_t i = 0; i < clauses.size() && i < latency.size(); ++i) {
            auto &entry = comparison.latency[clauses[i].id];
            (first ? entry.first : entry.second) = latency[i];
        }
    }
    return comparison;
}

ComparisonModel::ComparisonModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void ComparisonModel::setComparison(std::shared_ptr<const RunComparison> comparison)
{
    beginResetModel();
    m_comparison = std::move(comparison);
    endResetModel();
}

int ComparisonModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_comparison ? 0 : int(m_comparison->diff.clauses.size());
}

int ComparisonModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ComparisonModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const std::size_t row = std::size_t(index.row());
    const tracer::ClauseDiff &clause = m_comparison->diff.clauses[row];
    if (role == RowRole)
        return int(row);
    const auto number = [&](std::uint64_t n) -> QVariant {
        if (role == SortRole)
            return qulonglong(n);
        return n ? QLocale().toString(qulonglong(n)) : QString();
    };
    const auto delta = [&](bool p95) -> QVariant {
        const auto found = m_comparison->latency.find(clause.clause);
        if (found == m_comparison->latency.end() || !found->second.first || !found->second.second)
            return role == SortRole ? QVariant(qint64(0)) : QVariant();
        const std::int64_t before = p95 ? found->second.first->p95 : found->second.first->p50;
        const std::int64_t after = p95 ? found->second.second->p95 : found->second.second->p50;
        const std::int64_t d = after - before;
        if (role == SortRole)
            return qint64(d);
        return QVariant(
            (d >= 0 ? QStringLiteral("+") : QStringLiteral("−")) + durationText(d >= 0 ? d : -d));
    };
    if (role == Qt::DisplayRole || role == SortRole) {
        switch (Column(index.column())) {
        case Clause:
            return QString::fromStdString(clause.clause);
        case Change:
            switch (clause.presence) {
            case tracer::ClauseDiff::Presence::OnlyInA:
                return tr("removed (%n failure(s) in A)", nullptr, int(clause.failures));
            case tracer::ClauseDiff::Presence::OnlyInB:
                return tr("added (%n failure(s) in B)", nullptr, int(clause.failures));
            case tracer::ClauseDiff::Presence::Both:
                return clause.changed() ? tr("changed") : tr("unchanged");
            }
            return {};
        case NewFailures:
            return number(clause.newFailures);
        case NewPasses:
            return number(clause.newPasses);
        case OtherChanges:
            return number(clause.otherChanges);
        case ChangedFixes:
            return number(clause.changedFixes);
        case P50Delta:
            return delta(false);
        case P95Delta:
            return delta(true);
        case ColumnCount:
            break;
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() >= NewFailures)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant ComparisonModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Clause:
        return tr("Clause");
    case Change:
        return tr("Change");
    case NewFailures:
        return tr("New failures");
    case NewPasses:
        return tr("New passes");
    case OtherChanges:
        return tr("Other changes");
    case ChangedFixes:
        return tr("Changed fixes");
    case P50Delta:
        return tr("p50 Δ");
    case P95Delta:
        return tr("p95 Δ");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace llmcl::app
