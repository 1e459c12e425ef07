// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLabel>

namespace llmcl::app {

// A plain-text label for text that the user wrote or chose (a conversation's messages, an id, a
// file name): each line is elided to the label's width instead of widening its panel (and with
// it the window), and the full text is its tooltip when something is cut and no other tooltip
// was set. text() stays the full text; displayedText() is what is drawn. Its minimum width is a
// few characters, so a layout may make it as narrow as it needs. GUI thread only.
class ElidedLabel : public QLabel
{
    Q_OBJECT

public:
    explicit ElidedLabel(Qt::TextElideMode mode = Qt::ElideRight, QWidget *parent = nullptr);

    Qt::TextElideMode elideMode() const { return m_mode; }
    // The lines as drawn at the current width.
    QString displayedText() const;
    // Whether a line does not fit and is drawn elided.
    bool isElided() const { return displayedText() != text(); }

    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    // `full` no wider than `characters` average characters (and the margins).
    QSize capped(QSize full, int characters) const;

    Qt::TextElideMode m_mode;
};

} // namespace llmcl::app
