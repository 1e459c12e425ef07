// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace llmcl::app {

// The language the user interface uses for the language setting `setting` (Settings::language():
// "en", "de", or empty for the system's): the first of the system's UI languages the Studio
// has a translation for, else English.
QString effectiveLanguage(const QString &setting);

// Installs the Studio's translation (embedded as :/i18n/llmcl-studio_<language>.qm) and Qt's own
// (standard buttons and dialogs, when installed) for `language` on the application, replacing
// those a previous call installed. English installs none. Returns false when the Studio has no
// translation for it. GUI thread, after the QCoreApplication exists; the user interface takes
// the new language for the strings it translates afterwards (the Studio asks for a restart).
bool installTranslators(const QString &language);

} // namespace llmcl::app
