// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/turnresult.h"

#include <QList>
#include <QString>
#include <QWidget>

#include <cstdint>
#include <memory>

namespace llmcl::app {

// The timeline of one evaluated turn: nested bars, one row per level — the turn, its phases
// (input, output), their contracts, the contracts' clauses — laid out as the trace exports lay
// them out (tracer::detail::layoutTurn(): clauses end to end by measured duration), so what the
// Studio shows is what Perfetto shows for the exported file.
//
// The tooltip of a bar names it and gives its duration; the wheel zooms around the pointer,
// Shift+wheel (or a horizontal wheel) pans, a double-click resets. Clicking a clause bar emits
// clauseClicked() with the clause's place in the TurnResult. Bars never rely on colour alone:
// failures are hatched, errors cross-hatched, and the status is in the tooltip. GUI thread only.
class TraceTimeline : public QWidget
{
    Q_OBJECT

public:
    enum Level
    {
        TurnLevel,
        PhaseLevel,
        ContractLevel,
        ClauseLevel,
    };

    struct Bar
    {
        Level level = TurnLevel;
        std::int64_t start = 0; // ns from the turn's start
        std::int64_t duration = 0; // ns
        QString label;
        int contract = -1; // index in TurnResult::contracts (contract and clause bars)
        int clause = -1; // index in ContractResult::clauses (clause bars)
        engine::ClauseStatus status = engine::ClauseStatus::Pass; // clause bars
        int parent = -1; // index of the enclosing bar in bars()
    };

    explicit TraceTimeline(QWidget *parent = nullptr);
    ~TraceTimeline() override;

    // Shows `result` (null: nothing). The result is shared, not copied.
    void setTurn(std::shared_ptr<const engine::TurnResult> result, int turnNumber);
    const std::shared_ptr<const engine::TurnResult> &turn() const { return m_turn; }

    const QList<Bar> &bars() const { return m_bars; }
    // Where bar `index` is drawn, in widget coordinates (at least 2 px wide).
    QRectF barRect(int index) const;
    // The innermost bar at `point`; -1 when none.
    int barAt(const QPointF &point) const;

    // 1.0 shows the whole turn in the widget's width.
    double zoom() const { return m_zoom; }
    void setZoom(double zoom, double anchorX);
    void resetZoom();

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void clauseClicked(int contract, int clause);

protected:
    void paintEvent(QPaintEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    bool event(QEvent *event) override;

private:
    double pixelsPerNs() const;
    int rowHeight() const;

    std::shared_ptr<const engine::TurnResult> m_turn;
    QList<Bar> m_bars;
    std::int64_t m_total = 0;
    double m_zoom = 1.0;
    double m_offset = 0.0; // ns at the left edge
};

} // namespace llmcl::app
