// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/diagnosticmessages.h"

#include <QTest>

#include <set>
#include <string>

using namespace llmcl::engine;

// The table of English message templates: stable ids, one per shape, each under its code, and
// the one renderer of Diagnostic::message.
class TestDiagnosticMessages : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void idsAreUniqueAndNamedAfterTheirCode();
    void fillsPlaceholdersOnce();
    void rendersMessageAndHint();
};

void TestDiagnosticMessages::idsAreUniqueAndNamedAfterTheirCode()
{
    std::set<std::string_view> ids;
    for (const MessageTemplate &t : messageTemplates()) {
        QVERIFY2(ids.insert(t.id).second, t.id.data());
        QCOMPARE(findMessageTemplate(t.id), &t);
        QCOMPARE(&messageTemplate(t.message), &t);
        if (t.code.empty())
            QVERIFY2(t.id.starts_with("hint."), t.id.data());
        else
            QVERIFY2(t.id == t.code || t.id.starts_with(std::string(t.code) + "."), t.id.data());
        QVERIFY(!t.text.empty() && !t.text.ends_with('.'));
    }
    QCOMPARE(ids.size(), std::size_t(MessageId::Count));
    QVERIFY(!findMessageTemplate("E9999"));
}

void TestDiagnosticMessages::fillsPlaceholdersOnce()
{
    QCOMPARE(fillMessageTemplate("a {x} b {y} {x}", {{"x", "{y}"}, {"y", "2"}}), "a {y} b 2 {y}");
    // Braces that are no placeholder, and placeholders without an argument, stay.
    QCOMPARE(fillMessageTemplate("'}' '{' {} {missing}", {}), "'}' '{' {} {missing}");
}

void TestDiagnosticMessages::rendersMessageAndHint()
{
    const Diagnostic d = makeDiagnostic(Severity::Error, MessageId::UnknownFunction, {}, "f",
        {{"name", "lenn"}, {"suggestion", "len"}}, MessageId::HintDidYouMean);
    QCOMPARE(d.code, "E2001");
    QCOMPARE(d.templateId, "E2001");
    QCOMPARE(d.hintId, "hint.did-you-mean");
    QCOMPARE(d.message, "unknown function 'lenn'; did you mean len?");
    QCOMPARE(renderMessage(d), d.message);
    // A diagnostic without a template keeps its text.
    const Diagnostic plain = makeDiagnostic(Severity::Error, "E2001", {}, "f", "free text");
    QVERIFY(plain.templateId.empty());
    QCOMPARE(renderMessage(plain), "free text");
}

QTEST_MAIN(TestDiagnosticMessages)
#include "tst_diagnosticmessages.moc"
