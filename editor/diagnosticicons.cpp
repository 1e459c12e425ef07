// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor/diagnosticicons.h"

#include <QCoreApplication>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace llmcl::editor {

QColor severityColor(engine::Severity severity, bool darkBackground)
{
    // The error, warning and information colours of common editor themes, legible as a thin
    // underline on the default KSyntaxHighlighting backgrounds.
    switch (severity) {
    case engine::Severity::Error:
        return darkBackground ? QColor(0xf1, 0x4c, 0x4c) : QColor(0xe5, 0x14, 0x00);
    case engine::Severity::Warning:
        return darkBackground ? QColor(0xcc, 0xa7, 0x00) : QColor(0xbf, 0x88, 0x03);
    case engine::Severity::Info:
        break;
    }
    return darkBackground ? QColor(0x37, 0x94, 0xff) : QColor(0x1a, 0x85, 0xff);
}

QImage severityImage(engine::Severity severity, int pixelSize)
{
    const int size = std::max(pixelSize, 8);
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor fill = severityColor(severity, false);
    const qreal s = size;
    const qreal stroke = std::max(1.5, s / 8.0);
    QPen glyph(Qt::white, stroke, Qt::SolidLine, Qt::RoundCap);
    switch (severity) {
    case engine::Severity::Error: {
        painter.setPen(Qt::NoPen);
        painter.setBrush(fill);
        painter.drawEllipse(QRectF(0.5, 0.5, s - 1, s - 1));
        painter.setPen(glyph);
        const qreal a = s * 0.32;
        const qreal b = s * 0.68;
        painter.drawLine(QPointF(a, a), QPointF(b, b));
        painter.drawLine(QPointF(a, b), QPointF(b, a));
        break;
    }
    case engine::Severity::Warning: {
        QPainterPath triangle;
        triangle.moveTo(s / 2, 0.5);
        triangle.lineTo(s - 0.5, s - 0.5);
        triangle.lineTo(0.5, s - 0.5);
        triangle.closeSubpath();
        painter.setPen(Qt::NoPen);
        painter.setBrush(fill);
        painter.drawPath(triangle);
        glyph.setColor(Qt::black);
        painter.setPen(glyph);
        painter.drawLine(QPointF(s / 2, s * 0.36), QPointF(s / 2, s * 0.62));
        painter.drawPoint(QPointF(s / 2, s * 0.8));
        break;
    }
    case engine::Severity::Info: {
        painter.setPen(Qt::NoPen);
        painter.setBrush(fill);
        painter.drawRoundedRect(QRectF(0.5, 0.5, s - 1, s - 1), s * 0.2, s * 0.2);
        painter.setPen(glyph);
        painter.drawPoint(QPointF(s / 2, s * 0.26));
        painter.drawLine(QPointF(s / 2, s * 0.45), QPointF(s / 2, s * 0.76));
        break;
    }
    }
    return image;
}

QIcon severityIcon(engine::Severity severity)
{
    QIcon icon;
    for (const int size : {16, 24, 32})
        icon.addPixmap(QPixmap::fromImage(severityImage(severity, size)));
    return icon;
}

QString severityText(engine::Severity severity)
{
    switch (severity) {
    case engine::Severity::Error:
        return QCoreApplication::translate("llmcl::editor::Diagnostics", "error");
    case engine::Severity::Warning:
        return QCoreApplication::translate("llmcl::editor::Diagnostics", "warning");
    case engine::Severity::Info:
        break;
    }
    return QCoreApplication::translate("llmcl::editor::Diagnostics", "info");
}

} // namespace llmcl::editor
