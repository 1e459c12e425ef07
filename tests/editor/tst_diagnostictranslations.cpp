// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor/diagnostictranslations.h"
#include "engine/compiledset.h"
#include "engine/diagnosticcodes.h"
#include "engine/diagnosticmessages.h"
#include "engine/languageservice.h"

#include <QDirIterator>
#include <QRegularExpression>
#include <QTest>
#include <QTranslator>

#include "tests/common/testpaths.h"

using namespace Qt::StringLiterals;
using llmcl::editor::DiagnosticTranslations;
namespace engine = llmcl::engine;

namespace {

// Translates the table's words to upper case; placeholders ({name}) are put back unchanged.
class Upper : public QTranslator
{
public:
    QString translate(const char *context, const char *source, const char *, int) const override
    {
        if (qstrcmp(context, "DiagnosticTranslations") != 0)
            return {};
        QString text = QString::fromUtf8(source).toUpper();
        static const QRegularExpression placeholder(u"\\{([A-Z_]+)\\}"_s);
        QString out;
        qsizetype at = 0;
        for (const QRegularExpressionMatch &m : placeholder.globalMatch(text)) {
            out += text.mid(at, m.capturedStart() - at) + u'{' + m.captured(1).toLower() + u'}';
            at = m.capturedEnd();
        }
        return out + text.mid(at);
    }
    bool isEmpty() const override { return false; }
};

QString fromStd(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

// A diagnostic of `message` whose every placeholder has an argument "<name>-value".
engine::Diagnostic sample(engine::MessageId message, std::optional<engine::MessageId> hint = {})
{
    std::vector<engine::DiagnosticArgument> arguments;
    static const QRegularExpression placeholder(u"\\{([a-z_]+)\\}"_s);
    for (const std::optional<engine::MessageId> &id : {std::optional(message), hint}) {
        if (!id)
            continue;
        const QString text = fromStd(engine::messageTemplate(*id).text);
        for (const QRegularExpressionMatch &m : placeholder.globalMatch(text))
            arguments.push_back(
                {m.captured(1).toStdString(), m.captured(1).toStdString() + "-value"});
    }
    return engine::makeDiagnostic(engine::Severity::Error, message, {}, {}, arguments, hint);
}

} // namespace

// The translation of engine diagnostics by template id: every engine template has a translation
// source equal to the engine's English text (so rewording an engine message breaks this test
// until the table and the catalogue follow), in English every diagnostic comes back exactly as
// the engine rendered it, with a translator the fixed words change and the arguments stay;
// diagnostics of unknown templates are left alone.
class TestDiagnosticTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyCodeHasATitle();
    void everyEngineTemplateIsTranslated();
    void noStaleTemplates();
    void englishRendersAsTheEngine_data();
    void englishRendersAsTheEngine();
    void everyEngineDiagnosticHasATemplate();
    void engineMessagesRoundTrip_data();
    void engineMessagesRoundTrip();
    void translatedWithTranslator();
    void unknownTemplatesStay();
};

void TestDiagnosticTranslations::everyCodeHasATitle()
{
    const QStringList known = DiagnosticTranslations::codes();
    for (std::string_view code : {engine::codes::unexpectedCharacter,
             engine::codes::unknownFunction, engine::codes::redundantClause,
             engine::codes::invalidMatchGroupUse, engine::codes::constantCondition}) {
        QVERIFY(known.contains(fromStd(code)));
        QVERIFY(!DiagnosticTranslations::title(code).isEmpty());
    }
    QCOMPARE(known.size(), 35);
    QVERIFY(DiagnosticTranslations::title("E9999").isEmpty());
    // Every code an engine template uses has a title.
    for (const engine::MessageTemplate &t : engine::messageTemplates())
        QVERIFY2(t.code.empty() || known.contains(fromStd(t.code)), t.id.data());
}

void TestDiagnosticTranslations::everyEngineTemplateIsTranslated()
{
    QHash<QString, QString> studio;
    for (const auto &[id, text] : DiagnosticTranslations::templates())
        studio.insert(id, text);
    for (const engine::MessageTemplate &t : engine::messageTemplates()) {
        const QString id = fromStd(t.id);
        QVERIFY2(studio.contains(id), qPrintable(u"no translation for "_s + id));
        // The translation source is the engine's English: a reworded engine message must be
        // reworded here too (and translated again), never silently fall back to English.
        QCOMPARE(studio.value(id), fromStd(t.text));
    }
}

void TestDiagnosticTranslations::noStaleTemplates()
{
    for (const auto &[id, text] : DiagnosticTranslations::templates())
        QVERIFY2(engine::findMessageTemplate(id.toStdString()), qPrintable(id));
}

void TestDiagnosticTranslations::englishRendersAsTheEngine_data()
{
    QTest::addColumn<int>("message");
    QTest::addColumn<int>("hint");
    for (const engine::MessageTemplate &t : engine::messageTemplates()) {
        if (t.code.empty())
            continue;
        QTest::addRow("%s", t.id.data()) << int(t.message) << -1;
    }
    for (const engine::MessageTemplate &t : engine::messageTemplates()) {
        if (!t.code.empty())
            continue;
        QTest::addRow("%s", t.id.data())
            << int(engine::MessageId::UnknownFunction) << int(t.message);
    }
}

void TestDiagnosticTranslations::englishRendersAsTheEngine()
{
    QFETCH(int, message);
    QFETCH(int, hint);
    const engine::Diagnostic d = sample(engine::MessageId(message),
        hint < 0 ? std::nullopt : std::optional(engine::MessageId(hint)));
    QVERIFY(!d.message.empty());
    QCOMPARE(DiagnosticTranslations::translate(d), fromStd(d.message));
    // Every argument is used: a placeholder left unfilled shows as "{name}".
    QVERIFY2(!fromStd(d.message).contains(u'{'), d.message.c_str());
}

void TestDiagnosticTranslations::everyEngineDiagnosticHasATemplate()
{
    // Every diagnostic the engine raises on the test corpus names a template the Studio knows.
    int checked = 0;
    for (const QString &folder : {u"check"_s, u"parse"_s, u"lexer"_s, u"conflicts"_s}) {
        QDirIterator it(llmcl::test::testDataPath(u"/") + folder, {u"*.llmcl"_s}, QDir::Files,
            QDirIterator::Subdirectories);
        while (it.hasNext()) {
            engine::CompileRequest request;
            request.files.push_back(it.next().toStdString());
            for (const engine::Diagnostic &d : engine::compileContracts(request).diagnostics) {
                QVERIFY2(!d.templateId.empty(), d.message.c_str());
                QCOMPARE(engine::renderMessage(d), d.message);
                QCOMPARE(DiagnosticTranslations::translate(d), fromStd(d.message));
                ++checked;
            }
        }
    }
    QVERIFY(checked > 50);
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
    // Real engine diagnostics: each is translated (its upper-cased form differs) and in English
    // comes back unchanged.
    QFETCH(QString, source);
    const auto service = engine::LanguageService::analyse("a.llmcl", source.toStdString());
    const auto &diagnostics = service.diagnostics();
    QVERIFY(!diagnostics.empty());
    for (const auto &diagnostic : diagnostics) {
        const QString english = fromStd(diagnostic.message);
        QCOMPARE(DiagnosticTranslations::translate(diagnostic), english);
        Upper upper;
        QCoreApplication::installTranslator(&upper);
        const QString upperCase = DiagnosticTranslations::translate(diagnostic);
        QCoreApplication::removeTranslator(&upper);
        QVERIFY2(upperCase != english, qPrintable(english));
    }
}

void TestDiagnosticTranslations::translatedWithTranslator()
{
    // A translator made here (the .qm lives in the app library): the mechanism, not the German.
    using engine::MessageId;
    Upper upper;
    QCoreApplication::installTranslator(&upper);
    QCOMPARE(DiagnosticTranslations::translate(engine::makeDiagnostic(engine::Severity::Error,
                 MessageId::UnknownFunction, {}, {}, {{"name", "lenght"}})),
        u"UNKNOWN FUNCTION 'lenght'"_s);
    QCOMPARE(DiagnosticTranslations::translate(engine::makeDiagnostic(engine::Severity::Error,
                 MessageId::UnknownFunction, {}, {},
                 {{"name", "startwith"}, {"suggestion", "startswith"}}, MessageId::HintDidYouMean)),
        u"UNKNOWN FUNCTION 'startwith'; DID YOU MEAN startswith?"_s);
    QCOMPARE(DiagnosticTranslations::translate(
                 engine::makeDiagnostic(engine::Severity::Error, MessageId::Expected, {}, {},
                     {{"expected", "a contract name"}, {"found", "identifier 'x'"}})),
        u"EXPECTED A CONTRACT NAME, FOUND IDENTIFIER 'x'"_s);
    QCOMPARE(DiagnosticTranslations::translate(
                 engine::makeDiagnostic(engine::Severity::Error, MessageId::OptionChoices, {}, {},
                     {{"option", "priority"}, {"choices", "critical, high, medium or low"}})),
        u"priority MUST BE critical, high, medium OR low"_s);
    QCOMPARE(DiagnosticTranslations::title("E2001"), u"UNKNOWN FUNCTION"_s);
    QCoreApplication::removeTranslator(&upper);
}

void TestDiagnosticTranslations::unknownTemplatesStay()
{
    Upper upper;
    QCoreApplication::installTranslator(&upper);
    // No template: the engine's text.
    QCOMPARE(DiagnosticTranslations::translate(engine::makeDiagnostic(engine::Severity::Error,
                 engine::codes::unknownFunction, {}, {}, "a message without a template")),
        u"a message without a template"_s);
    // A template id the table does not know (newer than the Studio): the engine's text.
    engine::Diagnostic newer = sample(engine::MessageId::UnknownFunction);
    newer.templateId = "E2001.from-the-future";
    QCOMPARE(DiagnosticTranslations::translate(newer), fromStd(newer.message));
    // A known head with an unknown hint: nothing is half translated.
    engine::Diagnostic odd = sample(engine::MessageId::UnknownFunction);
    odd.hintId = "hint.from-the-future";
    QCOMPARE(DiagnosticTranslations::translate(odd), fromStd(odd.message));
    QCoreApplication::removeTranslator(&upper);
}

QTEST_MAIN(TestDiagnosticTranslations)
#include "tst_diagnostictranslations.moc"
