// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/diagnostic.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <string_view>

namespace llmcl::editor {

// The engine's diagnostics in the user's language (docs/studio.md, "Translations"). Every engine
// diagnostic names its message template and hint template (engine/diagnosticmessages.h) and
// carries the variable parts as named arguments; this table holds, per template id, the same
// English text as a tr()-able source ("unknown function '{name}'") and fills the translation
// with the arguments. The parser's "expected X, found Y" phrases and the " or " of type and
// value lists are translated as well; names, code and numbers are put in unchanged. A
// diagnostic whose template the table does not know (an id newer than the table, no template)
// is shown as the engine wrote it: English, never half translated.
//
// Without a translator installed, translate() gives the engine's text exactly
// (tst_diagnostictranslations checks every template against the engine's table, so rewording
// an engine message fails that test until the table and the catalogue follow). Thread-safe.
class DiagnosticTranslations
{
    Q_DECLARE_TR_FUNCTIONS(DiagnosticTranslations)

public:
    // `diagnostic`'s message in the current language.
    static QString translate(const engine::Diagnostic &diagnostic);
    // A short title of `code` in the current language ("unknown function"); empty for an unknown
    // code.
    static QString title(std::string_view code);
    // Every code the table has a title for.
    static QStringList codes();
    // Every template id the table translates, and its English source text (for tests).
    static QList<std::pair<QString, QString>> templates();
};

} // namespace llmcl::editor
