// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/languages.h"

#include <QCoreApplication>
#include <QFile>
#include <QLibraryInfo>
#include <QLocale>
#include <QPointer>
#include <QTranslator>

namespace llmcl::app {

namespace {

const auto kResourcePrefix = QStringLiteral(":/i18n/llmcl-studio_");

bool haveTranslation(const QString &language)
{
    return QFile::exists(kResourcePrefix + language + QStringLiteral(".qm"));
}

// The translators installed by the last call; owned by the application.
QPointer<QTranslator> &studioTranslator()
{
    static QPointer<QTranslator> translator;
    return translator;
}

QPointer<QTranslator> &qtTranslator()
{
    static QPointer<QTranslator> translator;
    return translator;
}

void removeInstalled()
{
    for (QPointer<QTranslator> *slot : {&studioTranslator(), &qtTranslator()}) {
        if (*slot) {
            QCoreApplication::removeTranslator(*slot);
            delete slot->data();
        }
    }
}

} // namespace

QString effectiveLanguage(const QString &setting)
{
    if (!setting.isEmpty())
        return setting;
    for (const QString &name : QLocale::system().uiLanguages(QLocale::TagSeparator::Dash)) {
        const QString language = name.section(QLatin1Char('-'), 0, 0).toLower();
        if (language == QLatin1String("en") || haveTranslation(language))
            return language;
    }
    return QStringLiteral("en");
}

bool installTranslators(const QString &language)
{
    removeInstalled();
    if (language == QLatin1String("en"))
        return true;
    auto *studio = new QTranslator(QCoreApplication::instance());
    if (!studio->load(kResourcePrefix + language + QStringLiteral(".qm"))) {
        delete studio;
        return false;
    }
    QCoreApplication::installTranslator(studio);
    studioTranslator() = studio;
    // Qt's own strings (standard buttons, file dialogs) where the system has them; optional.
    auto *qt = new QTranslator(QCoreApplication::instance());
    if (qt->load(QLocale(language), QStringLiteral("qtbase"), QStringLiteral("_"),
            QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
        qtTranslator() = qt;
    } else {
        delete qt;
    }
    return true;
}

} // namespace llmcl::app
