// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QFile>
#include <QRegularExpression>
#include <QTest>
#include <QXmlStreamReader>

#include <algorithm>
#include <utility>

#include "tests/common/testpaths.h"

using namespace Qt::StringLiterals;

// The German catalogue itself, read from the source tree: a string lupdate found but nobody
// translated ships as English in a German window, and lrelease does not complain about it.
// Run `cmake --build <dir> --target update_translations` first to pick up new strings.
class TestTranslationCatalog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void catalogIsComplete_data();
    void catalogIsComplete();

private:
    struct Message
    {
        QString context;
        QString source;
        QString type; // the <translation> type attribute: unfinished, vanished, obsolete or empty
        bool numerus = false;
        QStringList translations; // one, or one per <numerusform>
    };
    QList<Message> m_messages;
};

namespace {

// The .ts file is the source of truth; the .qm embedded in the app is built from it.
const auto kCatalogue = llmcl::test::sourcePath(u"/translations/llmcl-studio_de.ts");

// German has two plural forms (singular, plural).
constexpr qsizetype kGermanPluralForms = 2;

QStringList placeholders(const QString &text)
{
    static const QRegularExpression pattern(u"%L?([1-9][0-9]?|n)"_s);
    QStringList found;
    for (const QRegularExpressionMatch &match : pattern.globalMatch(text))
        found.append(match.captured(1));
    found.sort();
    found.removeDuplicates();
    return found;
}

// The number of keyboard accelerators (&x, not &&) in a label.
qsizetype accelerators(QString text)
{
    text.remove(u"&&"_s);
    static const QRegularExpression pattern(u"&[^\\s&]"_s);
    return text.count(pattern);
}

} // namespace

void TestTranslationCatalog::initTestCase()
{
    QFile file(kCatalogue);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(kCatalogue + u": "_s + file.errorString()));
    QXmlStreamReader xml(&file);
    QString context;
    Message message;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isEndElement() && xml.name() == "message"_L1) {
            m_messages.append(std::exchange(message, {}));
            continue;
        }
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == "name"_L1) {
            context = xml.readElementText();
        } else if (name == "message"_L1) {
            message.context = context;
            message.numerus = xml.attributes().value("numerus"_L1) == "yes"_L1;
        } else if (name == "source"_L1) {
            message.source = xml.readElementText();
        } else if (name == "translation"_L1) {
            message.type = xml.attributes().value("type"_L1).toString();
            if (!message.numerus)
                message.translations.append(xml.readElementText());
        } else if (name == "numerusform"_L1) {
            message.translations.append(xml.readElementText());
        } else if (name != "TS"_L1 && name != "context"_L1) {
            // comment, extracomment, translatorcomment, location, oldsource
            xml.skipCurrentElement();
        }
    }
    QVERIFY2(!xml.hasError(),
        qPrintable(u"%1:%2: %3"_s.arg(kCatalogue).arg(xml.lineNumber()).arg(xml.errorString())));
    QVERIFY2(m_messages.size() > 400, qPrintable(u"only %1 messages"_s.arg(m_messages.size())));
}

void TestTranslationCatalog::catalogIsComplete_data()
{
    QTest::addColumn<QString>("check");
    QTest::newRow("no-unfinished") << u"unfinished"_s;
    QTest::newRow("no-obsolete") << u"obsolete"_s;
    QTest::newRow("no-empty") << u"empty"_s;
    QTest::newRow("plural-forms") << u"plural"_s;
    QTest::newRow("placeholders") << u"placeholders"_s;
    QTest::newRow("accelerators") << u"accelerators"_s;
}

// Each row reports every offending message at once, so one run lists all the work left.
void TestTranslationCatalog::catalogIsComplete()
{
    QFETCH(QString, check);
    QStringList problems;
    for (const Message &m : std::as_const(m_messages)) {
        const QString where = m.context + u": “"_s + m.source + u"”"_s;
        if (check == "unfinished"_L1 && m.type == "unfinished"_L1) {
            problems << where;
        } else if (check == "obsolete"_L1 && (m.type == "vanished"_L1 || m.type == "obsolete"_L1)) {
            problems << where;
        } else if (check == "empty"_L1) {
            if (m.translations.isEmpty() || std::ranges::any_of(m.translations, &QString::isEmpty))
                problems << where;
        } else if (check == "plural"_L1 && m.numerus) {
            if (m.translations.size() != kGermanPluralForms)
                problems << where + u" has %1 plural forms"_s.arg(m.translations.size());
        } else if (check == "placeholders"_L1) {
            for (const QString &translation : m.translations) {
                if (placeholders(translation) != placeholders(m.source))
                    problems << where + u" → “"_s + translation + u"”"_s;
            }
        } else if (check == "accelerators"_L1) {
            for (const QString &translation : m.translations) {
                if (accelerators(translation) != accelerators(m.source))
                    problems << where + u" → “"_s + translation + u"”"_s;
            }
        }
    }
    QVERIFY2(problems.isEmpty(),
        qPrintable(
            u"%1 (%2):\n  "_s.arg(kCatalogue).arg(problems.size()) + problems.join(u"\n  "_s)));
}

QTEST_GUILESS_MAIN(TestTranslationCatalog)
#include "tst_translationcatalog.moc"
