// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later

// Linked into every engine test: applies the locale of the environment (LC_ALL, LANG, …) before
// main(), as a desktop application does (QCoreApplication calls setlocale(LC_ALL, ""); tests
// built with QTEST_APPLESS_MAIN would otherwise run in "C"). CTest runs the engine tests a
// second time with LC_ALL=tr_TR.UTF-8, so that anything that depends on the C library's locale
// (std::tolower, printf's "%f") fails there.
//
// When LLMCL_EXPECT_LOCALE names a locale, it must be the one applied: a build environment
// without it makes the test fail instead of passing in "C".

#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

const bool localeApplied = [] {
    const char *applied = std::setlocale(LC_ALL, "");
    const char *expected = std::getenv("LLMCL_EXPECT_LOCALE");
    if (expected && *expected && (!applied || std::strcmp(applied, expected) != 0)) {
        std::fprintf(stderr,
            "FAIL: the locale %s is not available (setlocale gave %s); install it (the build "
            "root's locales-all) or run without LLMCL_EXPECT_LOCALE\n",
            expected, applied ? applied : "nothing");
        std::exit(EXIT_FAILURE);
    }
    return applied != nullptr;
}();

} // namespace
