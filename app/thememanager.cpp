// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/thememanager.h"

#include <QApplication>
#include <QStyle>
#include <QStyleHints>

namespace llmcl::app {

namespace {

bool paletteIsDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

} // namespace

ThemeManager::ThemeManager(QObject *parent)
    : QObject(parent)
{
    connect(QGuiApplication::styleHints(), &QStyleHints::colorSchemeChanged, this, [this] {
        if (m_theme == Settings::Theme::System)
            apply();
    });
    m_dark = paletteIsDark(QApplication::palette());
}

void ThemeManager::setTheme(Settings::Theme theme)
{
    m_theme = theme;
    apply();
}

QPalette ThemeManager::darkPalette()
{
    // Fusion's dark colours: neutral greys with enough contrast for text and disabled text.
    QPalette palette(QColor(60, 60, 60), QColor(45, 45, 45));
    palette.setColor(QPalette::Base, QColor(30, 30, 30));
    palette.setColor(QPalette::AlternateBase, QColor(40, 40, 40));
    palette.setColor(QPalette::Text, QColor(230, 230, 230));
    palette.setColor(QPalette::WindowText, QColor(230, 230, 230));
    palette.setColor(QPalette::ButtonText, QColor(230, 230, 230));
    palette.setColor(QPalette::ToolTipBase, QColor(60, 60, 60));
    palette.setColor(QPalette::ToolTipText, QColor(230, 230, 230));
    palette.setColor(QPalette::PlaceholderText, QColor(150, 150, 150));
    palette.setColor(QPalette::Highlight, QColor(42, 130, 218));
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Link, QColor(100, 170, 255));
    palette.setColor(QPalette::Disabled, QPalette::Text, QColor(128, 128, 128));
    palette.setColor(QPalette::Disabled, QPalette::WindowText, QColor(128, 128, 128));
    palette.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(128, 128, 128));
    return palette;
}

void ThemeManager::apply()
{
    QStyleHints *hints = QGuiApplication::styleHints();
    switch (m_theme) {
    case Settings::Theme::Light:
        hints->setColorScheme(Qt::ColorScheme::Light);
        break;
    case Settings::Theme::Dark:
        hints->setColorScheme(Qt::ColorScheme::Dark);
        break;
    case Settings::Theme::System:
        hints->unsetColorScheme();
        break;
    }
    const bool wantDark = m_theme == Settings::Theme::Dark
        || (m_theme == Settings::Theme::System && hints->colorScheme() == Qt::ColorScheme::Dark);
    // Back to the platform's palette first, then override it only where it disagrees.
    if (m_ownPalette) {
        QApplication::setPalette(QPalette());
        m_ownPalette = false;
    }
    const bool platformDark = paletteIsDark(QApplication::palette());
    if (wantDark != platformDark) {
        QApplication::setPalette(
            wantDark ? darkPalette() : QApplication::style()->standardPalette());
        m_ownPalette = true;
    }
    const bool dark = paletteIsDark(QApplication::palette());
    if (dark != m_dark) {
        m_dark = dark;
        Q_EMIT darkChanged(dark);
    }
}

} // namespace llmcl::app
