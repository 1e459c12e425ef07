// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/runs/comparisonmodel.h"
#include "app/runs/reportdocument.h"

namespace llmcl::app {

// A report of the comparison of two runs to share in a review (what the Comparison dock shows):
// both runs with their labels, options and contract snapshot hashes, the totals, a chart of the
// failures per clause in run A and run B, every changed clause with its counts and example
// turns, and every clause's p50/p95 latency in both runs with the deltas.
class ComparisonReport : public ReportDocument
{
    Q_DECLARE_TR_FUNCTIONS(ComparisonReport)

public:
    // Clauses in the chart: those with the most failures in either run.
    static constexpr std::size_t kChartClauses = 20;

    explicit ComparisonReport(RunComparison comparison);

    QString html(const std::function<QString(int)> &imageSource) const override;
    QString title() const override;

private:
    RunComparison m_comparison;
};

} // namespace llmcl::app
