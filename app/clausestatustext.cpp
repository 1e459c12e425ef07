// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/clausestatustext.h"

#include "editor/verdicticons.h"

#include <QCoreApplication>

#include <cmath>

namespace llmcl::app {

namespace {

// The translation context of the texts below (lupdate reads Q_DECLARE_TR_FUNCTIONS).
struct ClauseStatus
{
    Q_DECLARE_TR_FUNCTIONS(llmcl::app::ClauseStatus)
};

} // namespace

// One look for a status everywhere: the gutter's symbols, words and colours
// (editor/verdicticons.h).
QString clauseStatusWord(engine::ClauseStatus status)
{
    return editor::verdictStatusText(status);
}

QString clauseStatusText(engine::ClauseStatus status)
{
    return editor::verdictSymbol(status) + QLatin1Char(' ') + editor::verdictStatusText(status);
}

QColor clauseStatusColor(engine::ClauseStatus status)
{
    return editor::verdictColor(status, false);
}

QString durationText(std::int64_t nanoseconds)
{
    if (nanoseconds >= 10'000'000'000)
        return ClauseStatus::tr("%1 s").arg(double(nanoseconds) / 1e9, 0, 'f', 2);
    if (nanoseconds >= 1000000)
        return ClauseStatus::tr("%1 ms").arg(double(nanoseconds) / 1e6, 0, 'f', 3);
    if (nanoseconds >= 1000)
        return ClauseStatus::tr("%1 µs").arg(double(nanoseconds) / 1e3, 0, 'f', 1);
    return ClauseStatus::tr("%1 ns").arg(nanoseconds);
}

QString windowText(const engine::ClauseVerdict::Window &window)
{
    const auto successes = std::llround(window.rate * double(window.results));
    QString size;
    if (window.size == -1)
        size = ClauseStatus::tr("this conversation");
    else if (window.size == -2)
        size = ClauseStatus::tr("the whole run");
    else
        size = ClauseStatus::tr("last %1").arg(window.size);
    return ClauseStatus::tr("rate %1 (%2 of %3), target %4, window: %5")
        .arg(window.rate, 0, 'g', 3)
        .arg(successes)
        .arg(window.results)
        .arg(window.target, 0, 'g', 3)
        .arg(size);
}

} // namespace llmcl::app
