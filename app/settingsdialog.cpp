// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/settingsdialog.h"

#include "app/settings.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

namespace llmcl::app {

SettingsDialog::SettingsDialog(const QStringList &syntaxThemes, QWidget *parent)
    : QDialog(parent)
    , m_language(new QComboBox(this))
    , m_theme(new QComboBox(this))
    , m_syntaxTheme(new QComboBox(this))
    , m_fontSize(new QSpinBox(this))
    , m_autosave(new QSpinBox(this))
{
    setObjectName(QStringLiteral("SettingsDialog"));
    setWindowTitle(tr("Preferences"));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    layout->addLayout(form);

    // Language names in their own language: a user who cannot read the current one still
    // finds theirs.
    m_language->setObjectName(QStringLiteral("LanguageBox"));
    m_language->addItem(tr("System Default"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    form->addRow(tr("&Language:"), m_language);
    auto *restartNote = new QLabel(tr("A new language applies after LLMCL Studio restarts."), this);
    restartNote->setWordWrap(true);
    restartNote->setEnabled(false);
    form->addRow(QString(), restartNote);

    m_theme->setObjectName(QStringLiteral("ThemeBox"));
    m_theme->addItem(tr("Follow the System"), int(Settings::Theme::System));
    m_theme->addItem(tr("Light"), int(Settings::Theme::Light));
    m_theme->addItem(tr("Dark"), int(Settings::Theme::Dark));
    form->addRow(tr("&Theme:"), m_theme);

    m_syntaxTheme->setObjectName(QStringLiteral("SyntaxThemeBox"));
    m_syntaxTheme->addItem(tr("Automatic (Light or Dark)"), QString());
    for (const QString &name : syntaxThemes)
        m_syntaxTheme->addItem(name, name);
    form->addRow(tr("&Syntax theme:"), m_syntaxTheme);

    m_fontSize->setObjectName(QStringLiteral("FontSizeBox"));
    m_fontSize->setRange(Settings::kMinFontSize - 1, Settings::kMaxFontSize);
    // The value below the minimum stands for "the system's size".
    m_fontSize->setSpecialValueText(
        tr("System (%1 pt)").arg(QFontDatabase::systemFont(QFontDatabase::FixedFont).pointSize()));
    m_fontSize->setSuffix(tr(" pt"));
    form->addRow(tr("Editor &font size:"), m_fontSize);

    m_autosave->setObjectName(QStringLiteral("AutosaveBox"));
    m_autosave->setRange(Settings::kMinAutosaveInterval, Settings::kMaxAutosaveInterval);
    m_autosave->setSuffix(tr(" s"));
    m_autosave->setToolTip(tr("How soon after a change unsaved buffers are written to the "
                              "recovery area."));
    form->addRow(tr("&Autosave after:"), m_autosave);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

void SettingsDialog::load(const Settings &settings)
{
    m_language->setCurrentIndex(std::max(0, m_language->findData(settings.language())));
    m_theme->setCurrentIndex(std::max(0, m_theme->findData(int(settings.theme()))));
    m_syntaxTheme->setCurrentIndex(std::max(0, m_syntaxTheme->findData(settings.syntaxTheme())));
    const int size = settings.fontSize();
    m_fontSize->setValue(size == 0 ? m_fontSize->minimum() : size);
    m_autosave->setValue(settings.autosaveInterval());
}

void SettingsDialog::store(Settings &settings) const
{
    settings.setLanguage(m_language->currentData().toString());
    settings.setTheme(Settings::Theme(m_theme->currentData().toInt()));
    settings.setSyntaxTheme(m_syntaxTheme->currentData().toString());
    settings.setFontSize(m_fontSize->value() == m_fontSize->minimum() ? 0 : m_fontSize->value());
    settings.setAutosaveInterval(m_autosave->value());
}

} // namespace llmcl::app
