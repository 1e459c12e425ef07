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
    for (const auto &[run, listing] :
        {std::pair {a, &comparison.a}, std::pair {b, &comparison.b}}) {
        auto listed = tracer::listRun(db, run);
        if (!listed)
            return listed.error();
        *listing = std::move(listed.value());
    }
    return comparison;
}

ComparisonTotals totalsOf(const tracer::RunDiff &diff)
{
    ComparisonTotals totals;
    for (const tracer::ClauseDiff &clause : diff.clauses) {
        totals.changedClauses += clause.changed() ? 1 : 0;
        totals.newFailures += clause.newFailures;
        totals.newPasses += clause.newPasses;
        totals.otherChanges += clause.otherChanges;
        totals.changedFixes += clause.changedFixes;
    }
    return totals;
}

QString latencyDeltaText(std::int64_t nanoseconds)
{
    if (nanoseconds == 0)
        return QStringLiteral("±") + durationText(0);
    return (nanoseconds > 0 ? QStringLiteral("+") : QStringLiteral("−"))
        + durationText(nanoseconds > 0 ? nanoseconds : -nanoseconds);
}

ComparisonModel::ComparisonModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

QString ComparisonModel::changeText(const tracer::ClauseDiff &clause)
{
    switch (clause.presence) {
    case tracer::ClauseDiff::Presence::OnlyInA:
        return tr(
            "removed (%n failure(s) in A)", nullptr, int(clause.inA ? clause.inA->failures : 0));
    case tracer::ClauseDiff::Presence::OnlyInB:
        return tr(
            "added (%n failure(s) in B)", nullptr, int(clause.inB ? clause.inB->failures : 0));
    case tracer::ClauseDiff::Presence::Both:
        break;
    }
    return clause.changed() ? tr("changed") : tr("unchanged");
}

QList<ComparisonModel::Examples> ComparisonModel::examples(const tracer::ClauseDiff &clause)
{
    return {{tr("new failure"), &clause.newFailureExamples},
        {tr("new pass"), &clause.newPassExamples},
        {tr("other change"), &clause.otherChangeExamples},
        {tr("changed fix"), &clause.changedFixExamples}};
}

QString ComparisonModel::turnText(const tracer::DiffExample &example)
{
    return example.turn ? QString::number(example.turn) : tr("at the end");
}

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
    const auto delta = [&](std::int64_t tracer::LatencyPercentiles::*percentile) -> QVariant {
        const std::optional<std::int64_t> d = clause.latencyDeltaNs(percentile);
        if (role == SortRole)
            return qint64(d.value_or(0));
        return d ? QVariant(latencyDeltaText(*d)) : QVariant();
    };
    if (role == Qt::DisplayRole || role == SortRole) {
        switch (Column(index.column())) {
        case Clause:
            return QString::fromStdString(clause.clause);
        case Change:
            return changeText(clause);
        case NewFailures:
            return number(clause.newFailures);
        case NewPasses:
            return number(clause.newPasses);
        case OtherChanges:
            return number(clause.otherChanges);
        case ChangedFixes:
            return number(clause.changedFixes);
        case P50Delta:
            return delta(&tracer::LatencyPercentiles::p50);
        case P95Delta:
            return delta(&tracer::LatencyPercentiles::p95);
        case ColumnCount:
            break;
        }
    }
    if (role == Qt::ToolTipRole && (index.column() == P50Delta || index.column() == P95Delta)
        && clause.inA && clause.inB) {
        const bool p95 = index.column() == P95Delta;
        return tr("%1 in run %2, %3 in run %4")
            .arg(durationText(p95 ? clause.inA->latency.p95 : clause.inA->latency.p50))
            .arg(m_comparison->diff.runA)
            .arg(durationText(p95 ? clause.inB->latency.p95 : clause.inB->latency.p50))
            .arg(m_comparison->diff.runB);
    }
    if (role == Qt::TextAlignmentRole && index.column() >= NewFailures)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant ComparisonModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0
        || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    return columnName(Column(section));
}

QString ComparisonModel::columnName(Column column)
{
    switch (column) {
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
