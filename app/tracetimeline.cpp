// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/tracetimeline.h"

#include "app/clausestatustext.h"
#include "tracer/tracewriter.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace llmcl::app {

namespace {

constexpr int kMargin = 4;
constexpr double kMinBarWidth = 2.0;
constexpr double kMaxZoom = 1e6;

} // namespace

TraceTimeline::TraceTimeline(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("TraceTimeline"));
    setMouseTracking(true);
    setFocusPolicy(Qt::ClickFocus);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

TraceTimeline::~TraceTimeline() = default;

QSize TraceTimeline::sizeHint() const
{
    return {600, 4 * rowHeight() + 2 * kMargin};
}

QSize TraceTimeline::minimumSizeHint() const
{
    return {100, 4 * rowHeight() + 2 * kMargin};
}

int TraceTimeline::rowHeight() const
{
    return fontMetrics().height() + 6;
}

void TraceTimeline::setTurn(std::shared_ptr<const engine::TurnResult> result, int turnNumber)
{
    m_turn = std::move(result);
    m_bars.clear();
    m_total = 0;
    resetZoom();
    if (!m_turn) {
        update();
        return;
    }
    const tracer::detail::TurnLayout layout = tracer::detail::layoutTurn(*m_turn, 0);
    m_total = std::max<std::int64_t>(layout.duration, 1);
    m_bars.append({TurnLevel, layout.start, layout.duration, tr("Turn %1").arg(turnNumber)});
    for (const tracer::detail::PhaseSpan &phase : layout.phases) {
        const int phaseIndex = int(m_bars.size());
        Bar p {PhaseLevel, phase.start, phase.duration,
            phase.name == "input" ? tr("input phase") : tr("output phase")};
        p.parent = 0;
        m_bars.append(p);
        for (const tracer::detail::ContractSpan &contract : phase.contracts) {
            const int contractIndex = int(m_bars.size());
            Bar c {ContractLevel, contract.start, contract.duration,
                QString::fromStdString(contract.contract->name)};
            c.contract = int(contract.index);
            c.parent = phaseIndex;
            c.status = contract.valid ? engine::ClauseStatus::Pass : engine::ClauseStatus::Fail;
            m_bars.append(c);
            for (const tracer::detail::ClauseSpan &clause : contract.clauses) {
                Bar b {ClauseLevel, clause.start, clause.duration,
                    QString::fromStdString(clause.verdict->id())};
                b.contract = int(contract.index);
                b.clause = int(clause.index);
                b.status = clause.verdict->status;
                b.parent = contractIndex;
                m_bars.append(b);
            }
        }
    }
    update();
}

double TraceTimeline::pixelsPerNs() const
{
    const double width = std::max(1, this->width() - 2 * kMargin);
    return m_total > 0 ? width * m_zoom / double(m_total) : 0.0;
}

QRectF TraceTimeline::barRect(int index) const
{
    if (index < 0 || index >= m_bars.size())
        return {};
    const Bar &bar = m_bars[index];
    const double scale = pixelsPerNs();
    const double x = kMargin + (double(bar.start) - m_offset) * scale;
    const double w = std::max(kMinBarWidth, double(bar.duration) * scale);
    const int h = rowHeight();
    return QRectF(x, kMargin + int(bar.level) * h, w, h - 2);
}

int TraceTimeline::barAt(const QPointF &point) const
{
    // The innermost level first; within a level, the bar whose start is nearest on the left
    // (tiny bars widened to kMinBarWidth may overlap their neighbours).
    int found = -1;
    for (int i = 0; i < m_bars.size(); ++i) {
        if (barRect(i).contains(point)
            && (found < 0 || m_bars[i].level > m_bars[found].level
                || (m_bars[i].level == m_bars[found].level
                    && m_bars[i].start >= m_bars[found].start)))
            found = i;
    }
    return found;
}

void TraceTimeline::setZoom(double zoom, double anchorX)
{
    if (m_total <= 0)
        return;
    zoom = std::clamp(zoom, 1.0, kMaxZoom);
    const double before = pixelsPerNs();
    const double anchorNs = m_offset + (anchorX - kMargin) / before;
    m_zoom = zoom;
    const double after = pixelsPerNs();
    const double visible = double(m_total) / m_zoom;
    m_offset = std::clamp(anchorNs - (anchorX - kMargin) / after, 0.0, double(m_total) - visible);
    update();
}

void TraceTimeline::resetZoom()
{
    m_zoom = 1.0;
    m_offset = 0.0;
    update();
}

void TraceTimeline::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().base());
    if (m_bars.isEmpty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter, tr("No trace: choose a turn in the stepper"));
        return;
    }
    const QColor levelColors[] = {
        QColor(0x90, 0xa4, 0xae), QColor(0xb0, 0xbe, 0xc5), QColor(0xcf, 0xd8, 0xdc), QColor()};
    for (int i = 0; i < m_bars.size(); ++i) {
        const Bar &bar = m_bars[i];
        const QRectF r = barRect(i);
        if (r.right() < 0 || r.left() > width())
            continue;
        const QColor fill =
            bar.level == ClauseLevel ? clauseStatusColor(bar.status) : levelColors[bar.level];
        painter.setPen(QPen(fill.darker(140), 1));
        painter.setBrush(fill);
        painter.drawRect(r);
        if (bar.level == ClauseLevel
            && (bar.status == engine::ClauseStatus::Fail
                || bar.status == engine::ClauseStatus::Error)) {
            painter.setBrush(QBrush(Qt::white,
                bar.status == engine::ClauseStatus::Fail ? Qt::BDiagPattern
                                                         : Qt::DiagCrossPattern));
            painter.drawRect(r);
        }
        if (r.width() > 24) {
            painter.setPen(bar.level == ClauseLevel ? Qt::white : Qt::black);
            const QRectF textRect = r.adjusted(3, 0, -3, 0);
            painter.drawText(textRect, Qt::AlignVCenter | Qt::AlignLeft,
                fontMetrics().elidedText(
                    bar.label + QStringLiteral("  ") + durationText(bar.duration), Qt::ElideRight,
                    int(textRect.width())));
        }
    }
}

bool TraceTimeline::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const int index = barAt(help->pos());
        if (index < 0) {
            QToolTip::hideText();
            event->ignore();
            return true;
        }
        const Bar &bar = m_bars[index];
        QString text =
            bar.label + QLatin1Char('\n') + tr("Duration: %1").arg(durationText(bar.duration));
        if (bar.level == ClauseLevel)
            text += QLatin1Char('\n') + tr("Status: %1").arg(clauseStatusText(bar.status));
        QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

void TraceTimeline::wheelEvent(QWheelEvent *event)
{
    const QPoint delta = event->angleDelta();
    if (m_total <= 0 || delta.isNull()) {
        event->ignore();
        return;
    }
    const bool pan = event->modifiers().testFlag(Qt::ShiftModifier) || delta.x() != 0;
    if (pan) {
        const int steps = delta.x() != 0 ? delta.x() : delta.y();
        const double visible = double(m_total) / m_zoom;
        m_offset =
            std::clamp(m_offset - steps / 120.0 * visible / 10.0, 0.0, double(m_total) - visible);
        update();
    } else {
        setZoom(m_zoom * std::pow(1.25, delta.y() / 120.0), event->position().x());
    }
    event->accept();
}

void TraceTimeline::mousePressEvent(QMouseEvent *event)
{
    const int index = barAt(event->position());
    if (event->button() == Qt::LeftButton && index >= 0 && m_bars[index].level == ClauseLevel)
        Q_EMIT clauseClicked(m_bars[index].contract, m_bars[index].clause);
    QWidget::mousePressEvent(event);
}

void TraceTimeline::mouseDoubleClickEvent(QMouseEvent *event)
{
    resetZoom();
    QWidget::mouseDoubleClickEvent(event);
}

} // namespace llmcl::app
