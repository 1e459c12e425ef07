// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor/clausebreakpoints.h"

#include "editor/contracteditor.h"
#include "editor/diagnosticscontroller.h"

#include <QImage>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace llmcl::editor {

ClauseBreakpoints::ClauseBreakpoints(ContractEditor *editor, DiagnosticsController *controller)
    : QObject(editor)
    , m_editor(editor)
    , m_controller(controller)
{
    setObjectName(QStringLiteral("ClauseBreakpoints"));
    const int size =
        std::clamp(int(editor->SendScintilla(QsciScintillaBase::SCI_TEXTHEIGHT, 0UL)) - 3, 10, 32);
    m_marker = editor->markerDefine(symbol(size));
    if (editor->margins() <= kMargin)
        editor->setMargins(kMargin + 1);
    editor->setMarginType(kMargin, QsciScintilla::SymbolMargin);
    editor->setMarginMarkerMask(kMargin, m_marker >= 0 ? 1 << m_marker : 0);
    editor->setMarginWidth(kMargin, size + 4);
    editor->setMarginSensitivity(kMargin, true);
    connect(editor, &QsciScintilla::marginClicked, this,
        [this](int margin, int line, Qt::KeyboardModifiers) {
            if (margin == kMargin)
                toggle(line);
        });
}

ClauseBreakpoints::~ClauseBreakpoints() = default;

QImage ClauseBreakpoints::symbol(int pixelSize)
{
    const int size = std::max(pixelSize, 8);
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    const qreal s = size;
    const qreal r = s / 2 - 0.75;
    QPainterPath octagon;
    for (int i = 0; i < 8; ++i) {
        const qreal angle = (22.5 + 45.0 * i) * M_PI / 180.0;
        const QPointF p(s / 2 + r * std::cos(angle), s / 2 + r * std::sin(angle));
        if (i == 0)
            octagon.moveTo(p);
        else
            octagon.lineTo(p);
    }
    octagon.closeSubpath();
    painter.setPen(QPen(QColor(0x6d, 0x0f, 0x0f), 1.0));
    painter.setBrush(QColor(0xc6, 0x28, 0x28));
    painter.drawPath(octagon);
    return image;
}

bool ClauseBreakpoints::isClauseLine(int line) const
{
    const auto service = m_controller ? m_controller->languageService() : nullptr;
    if (!service || line < 0)
        return false;
    // The analysis may be a few keystrokes old; its lines are close enough for a click, and the
    // marker then moves with the text.
    for (const engine::DocumentSymbol &contract : service->documentSymbols()) {
        for (const engine::DocumentSymbol &child : contract.children) {
            if (child.kind == engine::DocumentSymbol::Kind::Clause
                && int(child.selectionRange.begin.line) - 1 == line)
                return true;
        }
    }
    return false;
}

bool ClauseBreakpoints::hasBreakpoint(int line) const
{
    return m_marker >= 0 && line >= 0 && (m_editor->markersAtLine(line) & (1u << m_marker));
}

bool ClauseBreakpoints::toggle(int line)
{
    if (m_marker < 0)
        return false;
    if (hasBreakpoint(line)) {
        m_editor->markerDelete(line, m_marker);
    } else {
        if (!isClauseLine(line))
            return false;
        m_editor->markerAdd(line, m_marker);
    }
    Q_EMIT breakpointsChanged();
    return true;
}

void ClauseBreakpoints::clear()
{
    if (m_marker < 0 || lines().isEmpty())
        return;
    m_editor->markerDeleteAll(m_marker);
    Q_EMIT breakpointsChanged();
}

QList<int> ClauseBreakpoints::lines() const
{
    QList<int> result;
    if (m_marker < 0)
        return result;
    for (int line = m_editor->markerFindNext(0, 1u << m_marker); line >= 0;
        line = m_editor->markerFindNext(line + 1, 1u << m_marker))
        result.append(line);
    return result;
}

} // namespace llmcl::editor
