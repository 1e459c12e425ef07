// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor/diagnostictranslations.h"
#include "engine/diagnosticcodes.h"
#include "engine/languageservice.h"

#include <QTest>
#include <QTranslator>

using namespace Qt::StringLiterals;
using llmcl::editor::DiagnosticTranslations;

namespace {

// Translates the table's words to upper case; placeholders (%1) are digits and stay.
class Upper : public QTranslator
{
public:
    QString translate(const char *context, const char *source, const char *, int) const override
    {
        if (qstrcmp(context, "DiagnosticTranslations") != 0)
            return {};
        return QString::fromUtf8(source).toUpper();
    }
    bool isEmpty() const override { return false; }
};

} // namespace

// The translation of engine diagnostics by code: in English every known shape gives back the
// engine's text exactly; with a translator, the fixed words change and the names stay; unknown
// shapes are left alone.
class TestDiagnosticTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyCodeHasATitle();
    void englishRoundTrip_data();
    void englishRoundTrip();
    void engineMessagesRoundTrip_data();
    void engineMessagesRoundTrip();
    void translatedWithTranslator();
    void unknownShapesStay();
};

void TestDiagnosticTranslations::everyCodeHasATitle()
{
    const QStringList known = DiagnosticTranslations::codes();
    for (std::string_view code : {llmcl::engine::codes::unexpectedCharacter,
             llmcl::engine::codes::unknownFunction, llmcl::engine::codes::redundantClause,
             llmcl::engine::codes::invalidMatchGroupUse, llmcl::engine::codes::constantCondition}) {
        QVERIFY(known.contains(QString::fromUtf8(code.data(), qsizetype(code.size()))));
        QVERIFY(!DiagnosticTranslations::title(code).isEmpty());
    }
    QCOMPARE(known.size(), 35);
    QVERIFY(DiagnosticTranslations::title("E9999").isEmpty());
}

void TestDiagnosticTranslations::englishRoundTrip_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");
    int row = 0;
    for (const auto &[code, message] : DiagnosticTranslations::examples())
        QTest::addRow("%s-%d", qPrintable(code), row++) << code << message;
}

void TestDiagnosticTranslations::englishRoundTrip()
{
    QFETCH(QString, code);
    QFETCH(QString, message);
    QCOMPARE(DiagnosticTranslations::translateText(code, message), message);
}

void TestDiagnosticTranslations::engineMessagesRoundTrip_data()
{
    QTest::addColumn<QString>("source");
    QTest::newRow("unknown-function-with-hint") << u"contract A { ensure lenn(response) > 0 }"_s;
    QTest::newRow("unexpected-semicolon") << u"contract A { ensure true; }"_s;
    QTest::newRow("unknown-name") << u"contract A { ensure respnse == \"x\" }"_s;
    QTest::newRow("unclosed") << u"contract A { ensure len(response > 0 }"_s;
    QTest::newRow("bad-priority") << u"contract A(priority = huge) { ensure true }"_s;
}

void TestDiagnosticTranslations::engineMessagesRoundTrip()
{
    // Real engine messages, not only the table's examples: each is recognised (its German
    // differs) and in English comes back unchanged.
    QFETCH(QString, source);
    const auto service = llmcl::engine::LanguageService::analyse("a.llmcl", source.toStdString());
    const auto &diagnostics = service.diagnostics();
    QVERIFY(!diagnostics.empty());
    for (const auto &diagnostic : diagnostics) {
        const QString english = QString::fromStdString(diagnostic.message);
        QCOMPARE(DiagnosticTranslations::translate(diagnostic.code, diagnostic.message), english);
        Upper upper;
        QCoreApplication::installTranslator(&upper);
        const QString upperCase =
            DiagnosticTranslations::translate(diagnostic.code, diagnostic.message);
        QCoreApplication::removeTranslator(&upper);
        QVERIFY2(upperCase != english, qPrintable(english));
    }
}

void TestDiagnosticTranslations::translatedWithTranslator()
{
    // A translator made here (the .qm lives in the app library): the mechanism, not the German.
    Upper upper;
    QCoreApplication::installTranslator(&upper);
    QCOMPARE(DiagnosticTranslations::translate("E2001", "unknown function 'lenght'"),
        u"UNKNOWN FUNCTION 'lenght'"_s);
    QCOMPARE(DiagnosticTranslations::translate(
                 "E2001", "unknown function 'startwith'; did you mean startswith?"),
        u"UNKNOWN FUNCTION 'startwith'; DID YOU MEAN startswith?"_s);
    QCOMPARE(DiagnosticTranslations::translate(
                 "E1101", "expected a contract name, found identifier 'x'"),
        u"EXPECTED A CONTRACT NAME, FOUND IDENTIFIER 'x'"_s);
    QCOMPARE(DiagnosticTranslations::translate(
                 "E2007", "priority must be critical, high, medium or low"),
        u"priority MUST BE critical, high, medium OR low"_s);
    QCOMPARE(DiagnosticTranslations::title("E2001"), u"UNKNOWN FUNCTION"_s);
    QCoreApplication::removeTranslator(&upper);
}

void TestDiagnosticTranslations::unknownShapesStay()
{
    QCOMPARE(DiagnosticTranslations::translate("E2001", "a message the table does not know"),
        u"a message the table does not know"_s);
    QCOMPARE(DiagnosticTranslations::translate("E9999", "unknown function 'x'"),
        u"unknown function 'x'"_s);
    // A hint after an unknown head: nothing is half translated.
    QCOMPARE(DiagnosticTranslations::translate("E2001", "odd; did you mean len?"),
        u"odd; did you mean len?"_s);
}

QTEST_MAIN(TestDiagnosticTranslations)
#include "tst_diagnostictranslations.moc"
