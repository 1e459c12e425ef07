// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractItemView>
#include <QAbstractScrollArea>
#include <QFontMetrics>
#include <QHeaderView>
#include <QStyle>
#include <QTreeView>

#include <algorithm>

namespace llmcl::app {

// Tables that are read rather than glanced at (verdicts, a fix's before and after) keep room for
// `rows` rows (or lines) whatever their panel's share of the window (issue 18: at 1280x800 they
// showed two to four). Rows are estimated from the font and the small icon size, since a view
// has no rows to measure when it is built; the header of a tree view is added.
inline int minimumRowsHeight(const QAbstractItemView *view, int rows)
{
    const int icon = view->style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, view);
    const int row = std::max(view->fontMetrics().height(), icon) + 6;
    int height = rows * row + 2 * view->frameWidth();
    if (const auto *tree = qobject_cast<const QTreeView *>(view); tree && !tree->isHeaderHidden())
        height += tree->header()->sizeHint().height();
    return height;
}

inline void setMinimumRows(QAbstractItemView *view, int rows)
{
    view->setMinimumHeight(minimumRowsHeight(view, rows));
}

// The same for a text box of `lines` lines (its document's margins included).
inline void setMinimumLines(QAbstractScrollArea *box, int lines)
{
    box->setMinimumHeight(lines * box->fontMetrics().lineSpacing() + 2 * box->frameWidth() + 12);
}

} // namespace llmcl::app
