// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QSettings>
#include <QString>
#include <QStringList>

namespace llmcl::app {

// The Studio's persisted settings with typed getters and setters, one place for every key and
// default (docs/studio.md, "Settings"). Backed by QSettings with the application's organisation
// and name, so tests redirect it with QStandardPaths::setTestModeEnabled(true).
//
// Each object reads and writes through its own QSettings; values written by one Settings object
// are seen by another in the same process at once. Not thread-safe: use it on one thread.
class Settings
{
public:
    // Light or dark colours: following the desktop (QStyleHints::colorScheme) or fixed.
    enum class Theme
    {
        System,
        Light,
        Dark
    };

    Settings();

    // Window geometry, as QWidget::saveGeometry().
    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray &geometry);
    // The window's modes (docs/studio.md, "Modes"): the one shown at the last exit ("edit",
    // "debug", "runs"; empty when none was saved) and each mode's layout, saved with the layout
    // version they were written with (ModeManager discards layouts of another version).
    QString mode() const;
    void setMode(const QString &mode);
    int layoutVersion() const;
    void setLayoutVersion(int version);
    // The layout of `mode` (QMainWindow::saveState(), or the Runs area's splitter for
    // "runsArea"); empty when there is none.
    QByteArray modeLayout(const QString &mode) const;
    void setModeLayout(const QString &mode, const QByteArray &layout);
    // Forgets the mode, the layout version and every mode's layout.
    void clearLayouts();

    // The files open at the last clean exit, in tab order (absolute paths), and the current one.
    QStringList openTabs() const;
    void setOpenTabs(const QStringList &paths);
    QString currentTab() const;
    void setCurrentTab(const QString &path);

    // The workspace folder open at the last exit; empty when none was.
    QString lastWorkspace() const;
    void setLastWorkspace(const QString &folder);
    // The folder of the last turn trace exported; empty when none was.
    QString traceExportFolder() const;
    void setTraceExportFolder(const QString &folder);

    Theme theme() const;
    void setTheme(Theme theme);
    // The KSyntaxHighlighting theme by name; empty: the default light or dark theme that
    // matches the palette.
    QString syntaxTheme() const;
    void setSyntaxTheme(const QString &name);

    // The editors' font size in points; 0 for the system's fixed-width font size.
    int fontSize() const;
    void setFontSize(int points);
    static constexpr int kMinFontSize = 6;
    static constexpr int kMaxFontSize = 40;

    // The user-interface language as a BCP 47 name ("en", "de"); empty: the system's.
    QString language() const;
    void setLanguage(const QString &language);

    // Seconds between writes of unsaved buffers to the recovery area.
    int autosaveInterval() const;
    void setAutosaveInterval(int seconds);
    static constexpr int kDefaultAutosaveInterval = 5;
    static constexpr int kMinAutosaveInterval = 1;
    static constexpr int kMaxAutosaveInterval = 600;

    // Writes pending changes to permanent storage.
    void sync();

private:
    QSettings m_settings;
};

} // namespace llmcl::app
