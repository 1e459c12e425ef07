// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/settings.h"

#include <algorithm>

namespace llmcl::app {

namespace {

const auto kGeometryKey = QStringLiteral("window/geometry");
const auto kLayoutGroup = QStringLiteral("layout");
const auto kModeKey = QStringLiteral("layout/mode");
const auto kLayoutVersionKey = QStringLiteral("layout/version");
const auto kOpenTabsKey = QStringLiteral("session/openTabs");
const auto kCurrentTabKey = QStringLiteral("session/currentTab");
const auto kWorkspaceKey = QStringLiteral("session/lastWorkspace");
const auto kTraceExportFolderKey = QStringLiteral("session/traceExportFolder");
const auto kThemeKey = QStringLiteral("appearance/theme");
const auto kSyntaxThemeKey = QStringLiteral("appearance/syntaxTheme");
const auto kFontSizeKey = QStringLiteral("editor/fontSize");
const auto kLanguageKey = QStringLiteral("ui/language");
const auto kAutosaveKey = QStringLiteral("recovery/autosaveIntervalSeconds");

// Stored as words, not enum numbers, so the file stays readable and survives reordering.
QString themeName(Settings::Theme theme)
{
    switch (theme) {
    case Settings::Theme::Light:
        return QStringLiteral("light");
    case Settings::Theme::Dark:
        return QStringLiteral("dark");
    case Settings::Theme::System:
        break;
    }
    return QStringLiteral("system");
}

} // namespace

Settings::Settings() = default;

QByteArray Settings::windowGeometry() const
{
    return m_settings.value(kGeometryKey).toByteArray();
}

void Settings::setWindowGeometry(const QByteArray &geometry)
{
    m_settings.setValue(kGeometryKey, geometry);
}

QString Settings::mode() const
{
    return m_settings.value(kModeKey).toString();
}

void Settings::setMode(const QString &mode)
{
    m_settings.setValue(kModeKey, mode);
}

int Settings::layoutVersion() const
{
    return m_settings.value(kLayoutVersionKey, 0).toInt();
}

void Settings::setLayoutVersion(int version)
{
    m_settings.setValue(kLayoutVersionKey, version);
}

QByteArray Settings::modeLayout(const QString &mode) const
{
    return m_settings.value(kLayoutGroup + QLatin1Char('/') + mode).toByteArray();
}

void Settings::setModeLayout(const QString &mode, const QByteArray &layout)
{
    m_settings.setValue(kLayoutGroup + QLatin1Char('/') + mode, layout);
}

void Settings::clearLayouts()
{
    m_settings.remove(kLayoutGroup);
}

QStringList Settings::openTabs() const
{
    return m_settings.value(kOpenTabsKey).toStringList();
}

void Settings::setOpenTabs(const QStringList &paths)
{
    m_settings.setValue(kOpenTabsKey, paths);
}

QString Settings::currentTab() const
{
    return m_settings.value(kCurrentTabKey).toString();
}

void Settings::setCurrentTab(const QString &path)
{
    m_settings.setValue(kCurrentTabKey, path);
}

QString Settings::lastWorkspace() const
{
    return m_settings.value(kWorkspaceKey).toString();
}

void Settings::setLastWorkspace(const QString &folder)
{
    m_settings.setValue(kWorkspaceKey, folder);
}

QString Settings::traceExportFolder() const
{
    return m_settings.value(kTraceExportFolderKey).toString();
}

void Settings::setTraceExportFolder(const QString &folder)
{
    m_settings.setValue(kTraceExportFolderKey, folder);
}

Settings::Theme Settings::theme() const
{
    const QString name = m_settings.value(kThemeKey).toString();
    if (name == QLatin1String("light"))
        return Theme::Light;
    if (name == QLatin1String("dark"))
        return Theme::Dark;
    return Theme::System;
}

void Settings::setTheme(Theme theme)
{
    m_settings.setValue(kThemeKey, themeName(theme));
}

QString Settings::syntaxTheme() const
{
    return m_settings.value(kSyntaxThemeKey).toString();
}

void Settings::setSyntaxTheme(const QString &name)
{
    m_settings.setValue(kSyntaxThemeKey, name);
}

int Settings::fontSize() const
{
    const int points = m_settings.value(kFontSizeKey, 0).toInt();
    return points == 0 ? 0 : std::clamp(points, kMinFontSize, kMaxFontSize);
}

void Settings::setFontSize(int points)
{
    m_settings.setValue(
        kFontSizeKey, points == 0 ? 0 : std::clamp(points, kMinFontSize, kMaxFontSize));
}

QString Settings::language() const
{
    return m_settings.value(kLanguageKey).toString();
}

void Settings::setLanguage(const QString &language)
{
    m_settings.setValue(kLanguageKey, language);
}

int Settings::autosaveInterval() const
{
    return std::clamp(m_settings.value(kAutosaveKey, kDefaultAutosaveInterval).toInt(),
        kMinAutosaveInterval, kMaxAutosaveInterval);
}

void Settings::setAutosaveInterval(int seconds)
{
    m_settings.setValue(
        kAutosaveKey, std::clamp(seconds, kMinAutosaveInterval, kMaxAutosaveInterval));
}

void Settings::sync()
{
    m_settings.sync();
}

} // namespace llmcl::app
