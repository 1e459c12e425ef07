// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QAbstractBarSeries;
class QValueAxis;

namespace llmcl::app {

// Makes `axis` an axis of counts for the bars of `series`: from 0 to a whole multiple (at most 6)
// of a step of 1, 2 or 5 × 10^k, with a tick at every step, so every label is the whole number
// at its tick.
// (A count axis left to Qt Charts puts 5 ticks on 0..5, at 0, 1.25, 2.5, … — labelled "%d",
// they read 0, 1, 2, 3, 5.) Stacked series are measured by the height of their stacks. Call it
// after the series is attached to the axis. GUI thread.
void fitCountAxis(QValueAxis *axis, const QAbstractBarSeries *series);

} // namespace llmcl::app
