// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QStringList>

class QComboBox;
class QSpinBox;

namespace llmcl::app {

class Settings;

// Preferences: language (applies after a restart, as the dialog says), light/dark theme,
// syntax theme, editor font size and autosave interval. load() fills the fields from the
// settings, store() writes them back; the window applies what changed. GUI thread only.
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    // `syntaxThemes`: the names of the KSyntaxHighlighting themes to offer.
    explicit SettingsDialog(const QStringList &syntaxThemes, QWidget *parent = nullptr);

    void load(const Settings &settings);
    void store(Settings &settings) const;

    QComboBox *languageBox() const { return m_language; }
    QComboBox *themeBox() const { return m_theme; }
    QComboBox *syntaxThemeBox() const { return m_syntaxTheme; }
    QSpinBox *fontSizeBox() const { return m_fontSize; }
    QSpinBox *autosaveBox() const { return m_autosave; }

private:
    QComboBox *m_language;
    QComboBox *m_theme;
    QComboBox *m_syntaxTheme;
    QSpinBox *m_fontSize;
    QSpinBox *m_autosave;
};

} // namespace llmcl::app
