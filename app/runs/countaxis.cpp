// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/runs/countaxis.h"

#include <QAbstractBarSeries>
#include <QBarSet>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <vector>

namespace llmcl::app {

void fitCountAxis(QValueAxis *axis, const QAbstractBarSeries *series)
{
    const bool stacked = series->type() == QAbstractSeries::SeriesTypeStackedBar
        || series->type() == QAbstractSeries::SeriesTypeHorizontalStackedBar;
    std::vector<double> heights;
    for (const QBarSet *set : series->barSets()) {
        if (heights.size() < std::size_t(set->count()))
            heights.resize(std::size_t(set->count()), 0.0);
        for (int i = 0; i < set->count(); ++i)
            heights[std::size_t(i)] = stacked ? heights[std::size_t(i)] + set->at(i)
                                              : std::max(heights[std::size_t(i)], set->at(i));
    }
    const double largest =
        std::max(1.0, heights.empty() ? 0.0 : *std::ranges::max_element(heights));
    // At most 6 steps: the smallest of 1, 2, 5, 10, 20, 50, … that is at least largest / 6.
    double step = 1;
    for (double magnitude = 1;; magnitude *= 10) {
        if (magnitude >= largest / 6) {
            step = magnitude;
            break;
        }
        if (2 * magnitude >= largest / 6) {
            step = 2 * magnitude;
            break;
        }
        if (5 * magnitude >= largest / 6) {
            step = 5 * magnitude;
            break;
        }
    }
    // Fixed ticks, one per step, rather than TicksDynamic: Qt Charts 6.8 sizes a vertical axis's
    // labels for the fixed count and elides dynamic ones to "…" (seen in the tour's pictures).
    const double steps = std::ceil(largest / step);
    axis->setLabelFormat(QStringLiteral("%d"));
    axis->setRange(0, steps * step);
    axis->setTickType(QValueAxis::TicksFixed);
    axis->setTickCount(int(steps) + 1);
}

} // namespace llmcl::app
