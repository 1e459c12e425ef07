// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tracer/rundiff.h"
#include "tracer/runlisting.h"

#include <QAbstractTableModel>
#include <QList>

#include <memory>
#include <vector>

namespace llmcl::app {

// Two runs compared clause by clause: tracer::diffRuns (what `llmcl diff` prints, latency
// included) and both runs as the Runs panel lists them (label, options, contract snapshots).
struct RunComparison
{
    tracer::RunDiff diff;
    tracer::RunListing a;
    tracer::RunListing b;
};

// Reads the comparison of runs `a` (before) and `b` (after), on the database worker.
engine::Result<RunComparison> compareRuns(
    tracer::WorkspaceDatabase &db, std::int64_t a, std::int64_t b);

// The sums over a comparison's clauses (the Comparison dock's header, the report's summary).
struct ComparisonTotals
{
    std::uint64_t changedClauses = 0; // ClauseDiff::changed()
    std::uint64_t newFailures = 0;
    std::uint64_t newPasses = 0;
    std::uint64_t otherChanges = 0;
    std::uint64_t changedFixes = 0;
};
ComparisonTotals totalsOf(const tracer::RunDiff &diff);

// A latency change as the comparison shows it: "+1.2 µs", "−310 ns", "±0 ns".
QString latencyDeltaText(std::int64_t nanoseconds);

// The clauses of a comparison (a proxy sorts them on SortRole, most new failures first): how
// each changed from run A to run B, and its p50 and p95 latency deltas.
class ComparisonModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Clause,
        Change,
        NewFailures,
        NewPasses,
        OtherChanges,
        ChangedFixes,
        P50Delta,
        P95Delta,
        ColumnCount
    };
    static constexpr int SortRole = Qt::UserRole;
    static constexpr int RowRole = Qt::UserRole + 1; // the index in diff.clauses

    // The example turns of one kind of change ("new failure", …) of a clause.
    struct Examples
    {
        QString kind;
        const std::vector<tracer::DiffExample> *turns;
    };

    explicit ComparisonModel(QObject *parent = nullptr);
    static QString columnName(Column column);
    // What happened to the clause: "changed", "unchanged", "added (3 failures in B)", …
    static QString changeText(const tracer::ClauseDiff &clause);
    // Its example turns by kind: new failures, new passes, other changes, changed fixes.
    static QList<Examples> examples(const tracer::ClauseDiff &clause);
    // An example's turn: its number, or "at the end" for what settled when it ended.
    static QString turnText(const tracer::DiffExample &example);
    void setComparison(std::shared_ptr<const RunComparison> comparison);
    const RunComparison *comparison() const { return m_comparison.get(); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    std::shared_ptr<const RunComparison> m_comparison;
};

} // namespace llmcl::app
