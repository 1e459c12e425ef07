// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <string_view>

namespace llmcl::editor {

// The engine's diagnostics in the user's language (docs/studio.md, "Translations"). The engine
// speaks English only and builds its messages from fixed phrases and variable parts (names,
// code, numbers); this table knows, per diagnostic code of engine/diagnosticcodes.h, the shapes
// of those messages as patterns whose fixed text is a tr()-able template ("unknown function
// '%1'") and whose captured parts are put into the translation unchanged. Hints the engine
// appends ("; did you mean len?") are translated the same way. A message of a shape the table
// does not know (a new engine message, an unknown code) is returned as the engine wrote it:
// English, never half translated.
//
// Without a translator installed, translate() returns the engine's text unchanged (the English
// templates reproduce it exactly; tst_diagnostictranslations checks every pattern). Thread-safe
// (the table is built once, read-only afterwards).
class DiagnosticTranslations
{
    Q_DECLARE_TR_FUNCTIONS(DiagnosticTranslations)

public:
    // `message` in the current language; `code` is the diagnostic's code ("E2001").
    static QString translate(std::string_view code, std::string_view message);
    static QString translateText(const QString &code, const QString &message);
    // A short title of `code` in the current language ("unknown function"); empty for an unknown
    // code.
    static QString title(std::string_view code);
    // Every code the table has patterns for.
    static QStringList codes();
    // One example message per pattern, as the engine writes it (for tests).
    static QList<std::pair<QString, QString>> examples();
};

} // namespace llmcl::editor
