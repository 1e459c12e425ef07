// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/settings.h"

#include <QObject>
#include <QPalette>

namespace llmcl::app {

// Light and dark colours for the whole application (docs/studio.md, "Themes"). With
// Settings::Theme::System the colours follow QStyleHints::colorScheme() as the desktop changes
// it; Light and Dark fix them. Where the platform does not supply a dark palette of its own (a
// plain X11 session, the offscreen platform), a dark palette is set on the application, so
// widgets and the editors (which pick their default syntax theme from the palette) switch
// together. GUI thread only; one per application.
class ThemeManager : public QObject
{
    Q_OBJECT

public:
    explicit ThemeManager(QObject *parent = nullptr);

    Settings::Theme theme() const { return m_theme; }
    void setTheme(Settings::Theme theme);
    // Whether dark colours are in use now.
    bool isDark() const { return m_dark; }

    static QPalette darkPalette();

Q_SIGNALS:
    void darkChanged(bool dark);

private:
    void apply();

    Settings::Theme m_theme = Settings::Theme::System;
    bool m_dark = false;
    bool m_ownPalette = false;
};

} // namespace llmcl::app
