// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/runs/reportdocument.h"
#include "app/runs/rundashboard.h"

namespace llmcl::app {

// A report of one run to share in a review: its figures (RunFigures), its options, its
// contracts with their snapshot hashes, and the dashboard's charts as pictures (drawn from the
// dashboard's widgets).
class RunReport : public ReportDocument
{
    Q_DECLARE_TR_FUNCTIONS(RunReport)

public:
    // The report of the run `dashboard` shows (its figures must be loaded); `options` is the
    // run's options object (runs.options, JSON text).
    static RunReport fromDashboard(const RunDashboard &dashboard, const QString &options);

    QString html(const std::function<QString(int)> &imageSource) const override;
    QString title() const override;

private:
    RunFigures m_figures;
    QString m_options;
};

} // namespace llmcl::app
