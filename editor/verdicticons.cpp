// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor/verdicticons.h"

#include <QCoreApplication>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace llmcl::editor {

using engine::ClauseStatus;

ClauseStatus displayedStatus(ClauseStatus status)
{
    return status == ClauseStatus::Skipped ? ClauseStatus::Pending : status;
}

QColor verdictColor(ClauseStatus status, bool greyed)
{
    if (greyed)
        return QColor(0x9a, 0x9a, 0x9a);
    // Mid-tone colours that read on light and dark backgrounds alike.
    switch (displayedStatus(status)) {
    case ClauseStatus::Pass:
        return QColor(0x2e, 0xa0, 0x43);
    case ClauseStatus::Fail:
        return QColor(0xe0, 0x30, 0x20);
    case ClauseStatus::Error:
        return QColor(0xe0, 0x8a, 0x00);
    case ClauseStatus::Suppressed:
        return QColor(0x80, 0x80, 0x80);
    default:
        break;
    }
    return QColor(0x3a, 0x7b, 0xd5);
}

QImage verdictImage(ClauseStatus status, int pixelSize, bool greyed)
{
    const int size = std::max(pixelSize, 8);
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor color = verdictColor(status, greyed);
    const qreal s = size;
    const qreal stroke = std::max(1.8, s / 6.5);
    QPen pen(color, stroke, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    switch (displayedStatus(status)) {
    case ClauseStatus::Pass: {
        painter.setPen(pen);
        QPainterPath check;
        check.moveTo(s * 0.18, s * 0.55);
        check.lineTo(s * 0.42, s * 0.78);
        check.lineTo(s * 0.84, s * 0.24);
        painter.drawPath(check);
        break;
    }
    case ClauseStatus::Fail:
        painter.setPen(pen);
        painter.drawLine(QPointF(s * 0.22, s * 0.22), QPointF(s * 0.78, s * 0.78));
        painter.drawLine(QPointF(s * 0.22, s * 0.78), QPointF(s * 0.78, s * 0.22));
        break;
    case ClauseStatus::Error: {
        QPainterPath triangle;
        triangle.moveTo(s / 2, 0.5);
        triangle.lineTo(s - 0.5, s - 0.5);
        triangle.lineTo(0.5, s - 0.5);
        triangle.closeSubpath();
        painter.setPen(Qt::NoPen);
        painter.setBrush(color);
        painter.drawPath(triangle);
        QPen glyph(Qt::white, std::max(1.5, s / 8.0), Qt::SolidLine, Qt::RoundCap);
        painter.setPen(glyph);
        painter.drawLine(QPointF(s / 2, s * 0.36), QPointF(s / 2, s * 0.64));
        painter.drawPoint(QPointF(s / 2, s * 0.80));
        break;
    }
    case ClauseStatus::Suppressed: {
        // A dash struck through by a slash: "switched off".
        painter.setPen(pen);
        painter.drawLine(QPointF(s * 0.18, s * 0.5), QPointF(s * 0.82, s * 0.5));
        QPen thin(color, std::max(1.2, s / 10.0), Qt::SolidLine, Qt::RoundCap);
        painter.setPen(thin);
        painter.drawLine(QPointF(s * 0.3, s * 0.82), QPointF(s * 0.7, s * 0.18));
        break;
    }
    default: {
        QPen ring(color, std::max(1.5, s / 8.0));
        painter.setPen(ring);
        painter.setBrush(Qt::NoBrush);
        const qreal inset = s * 0.2;
        painter.drawEllipse(QRectF(inset, inset, s - 2 * inset, s - 2 * inset));
        break;
    }
    }
    return image;
}

QIcon verdictIcon(ClauseStatus status, bool greyed)
{
    QIcon icon;
    for (const int size : {16, 24, 32})
        icon.addPixmap(QPixmap::fromImage(verdictImage(status, size, greyed)));
    return icon;
}

QString verdictStatusText(ClauseStatus status)
{
    switch (status) {
    case ClauseStatus::Pass:
        return QCoreApplication::translate("llmcl::editor::VerdictIcons", "pass");
    case ClauseStatus::Fail:
        return QCoreApplication::translate("llmcl::editor::VerdictIcons", "fail");
    case ClauseStatus::Error:
        return QCoreApplication::translate("llmcl::editor::VerdictIcons", "error");
    case ClauseStatus::Pending:
        return QCoreApplication::translate("llmcl::editor::VerdictIcons", "pending");
    case ClauseStatus::Suppressed:
        return QCoreApplication::translate("llmcl::editor::VerdictIcons", "suppressed");
    case ClauseStatus::Skipped:
        break;
    }
    return QCoreApplication::translate("llmcl::editor::VerdictIcons", "skipped");
}

QString verdictSymbol(ClauseStatus status)
{
    switch (displayedStatus(status)) {
    case ClauseStatus::Pass:
        return QStringLiteral("✓");
    case ClauseStatus::Fail:
        return QStringLiteral("✗");
    case ClauseStatus::Error:
        return QStringLiteral("⚠");
    case ClauseStatus::Suppressed:
        return QStringLiteral("–");
    default:
        break;
    }
    return QStringLiteral("○");
}

} // namespace llmcl::editor
