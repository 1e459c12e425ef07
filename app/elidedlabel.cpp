// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/elidedlabel.h"

#include <QHelpEvent>
#include <QPainter>
#include <QStyle>
#include <QStyleOption>
#include <QToolTip>

#include <algorithm>

namespace llmcl::app {

namespace {

// What sizeHint() asks for at most: a label of user text takes what its panel gives it.
constexpr int kPreferredCharacters = 40;
// Its minimum: enough for a few characters and the ellipsis.
constexpr int kMinimumCharacters = 4;

} // namespace

ElidedLabel::ElidedLabel(Qt::TextElideMode mode, QWidget *parent)
    : QLabel(parent)
    , m_mode(mode)
{
    setTextFormat(Qt::PlainText);
    setWordWrap(false);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
}

QString ElidedLabel::displayedText() const
{
    const int width = std::max(contentsRect().width() - 2 * margin() - std::max(indent(), 0), 0);
    QStringList lines = text().split(QLatin1Char('\n'));
    for (QString &line : lines)
        line = fontMetrics().elidedText(line, m_mode, width);
    return lines.join(QLatin1Char('\n'));
}

QSize ElidedLabel::capped(QSize full, int characters) const
{
    const QMargins margins = contentsMargins();
    const int width = fontMetrics().averageCharWidth() * characters + 2 * margin() + margins.left()
        + margins.right();
    return {std::min(full.width(), width), full.height()};
}

QSize ElidedLabel::minimumSizeHint() const
{
    return capped(QLabel::minimumSizeHint(), kMinimumCharacters);
}

QSize ElidedLabel::sizeHint() const
{
    return capped(QLabel::sizeHint(), kPreferredCharacters);
}

bool ElidedLabel::event(QEvent *event)
{
    // The full text as the tooltip when it is cut, unless the owner set a tooltip of its own.
    if (event->type() == QEvent::ToolTip && toolTip().isEmpty()) {
        auto *help = static_cast<QHelpEvent *>(event);
        if (isElided())
            QToolTip::showText(help->globalPos(), text(), this);
        else
            QToolTip::hideText();
        return true;
    }
    return QLabel::event(event);
}

void ElidedLabel::paintEvent(QPaintEvent *event)
{
    Q_UNUSED(event);
    QPainter painter(this);
    drawFrame(&painter);
    QRect area = contentsRect().adjusted(margin(), margin(), -margin(), -margin());
    if (indent() > 0)
        area.adjust(indent(), 0, 0, 0);
    QStyleOption option;
    option.initFrom(this);
    style()->drawItemText(&painter, area, int(alignment()), option.palette, isEnabled(),
        displayedText(), foregroundRole());
}

} // namespace llmcl::app
