// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later

// What must not depend on the C library's locale: case-insensitive option names and values,
// completion's case folding, and the ASCII helpers that do both. The cases use the letter the
// Turkish locale folds differently ('I'); CTest runs this test, like every engine test, once
// more under LC_ALL=tr_TR.UTF-8 (tst_locale.tr_TR), where it fails when std::tolower is used.

#include "engine/ascii.h"
#include "engine/compiledset.h"
#include "engine/languageservice.h"

#include <QTest>

#include <algorithm>
#include <clocale>
#include <string>

using namespace Qt::StringLiterals;
using namespace llmcl::engine;

class TestLocale : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void asciiHelpers();
    void optionNamesAndValuesFoldCase();
    void completionFoldsCase();
};

void TestLocale::asciiHelpers()
{
    qInfo("LC_CTYPE %s, LC_NUMERIC %s", std::setlocale(LC_CTYPE, nullptr),
        std::setlocale(LC_NUMERIC, nullptr));
    for (int i = 0; i < 256; ++i) {
        const char c = static_cast<char>(i);
        const bool upper = i >= 'A' && i <= 'Z';
        const bool lower = i >= 'a' && i <= 'z';
        const bool digit = i >= '0' && i <= '9';
        QCOMPARE(ascii::isUpper(c), upper);
        QCOMPARE(ascii::isLower(c), lower);
        QCOMPARE(ascii::isDigit(c), digit);
        QCOMPARE(ascii::isAlpha(c), upper || lower);
        QCOMPARE(ascii::isAlnum(c), upper || lower || digit);
        QCOMPARE(ascii::isSpace(c), i == ' ' || (i >= 9 && i <= 13));
        QCOMPARE(ascii::toLower(c), upper ? static_cast<char>(i + 32) : c);
        QCOMPARE(ascii::toUpper(c), lower ? static_cast<char>(i - 32) : c);
    }
    QCOMPARE(ascii::lowered("PRIORITY İ"), std::string("priority İ"));
    QVERIFY(ascii::equalsIgnoringCase("FIRST_WINS", "first_wins"));
    QVERIFY(!ascii::equalsIgnoringCase("FIRST_WINS", "first_win"));
}

void TestLocale::optionNamesAndValuesFoldCase()
{
    CompileRequest request;
    request.files = {"case.llmcl"};
    request.overrides["case.llmcl"] = R"(contract Low(PRIORITY = LOW) {
    ensure contains(response, "a")
}
contract High(PRIORITY = CRITICAL, CONFLICT_RESOLUTION = FIRST_WINS, FIX_STRATEGY = BEST_FIX,
              DESCRIPTION = "Upper case everywhere") {
    ensure len(response) > 1 severity: INFO
    ensure_prob len(response) > 2, 0.5 window_size: SESSION
}
)";
    const CompileResult compiled = compileContracts(request);
    QString diagnostics;
    for (const Diagnostic &d : compiled.diagnostics)
        diagnostics += QString::fromStdString(formatDiagnosticHeader(d)) + u'\n';
    QVERIFY2(compiled.diagnostics.empty(), qPrintable(diagnostics));
    QVERIFY(compiled.set);
    // PRIORITY = CRITICAL put High first.
    QCOMPARE(compiled.set->activeContracts(), (std::vector<std::string> {"High", "Low"}));
}

void TestLocale::completionFoldsCase()
{
    const std::string text = "contract A { ensure I";
    const LanguageService service = LanguageService::analyse("case.llmcl", text, {});
    QStringList labels;
    for (const CompletionItem &item : service.completionsAt(text.size()))
        labels << QString::fromStdString(item.label);
    QVERIFY2(labels.contains(u"int"_s) && labels.contains(u"if"_s), qPrintable(labels.join(u' ')));
}

QTEST_APPLESS_MAIN(TestLocale)
#include "tst_locale.moc"
