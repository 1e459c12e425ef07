// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor/textoffsets.h"

#include <QTest>

using llmcl::editor::TextOffsets;

class TestTextOffsets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void utf16ToUtf8_data();
    void utf16ToUtf8();
    void roundTripAgreesWithQt_data();
    void roundTripAgreesWithQt();
    void clampsOutOfRange();
    void reuseKeepsNoStaleTable();
};

void TestTextOffsets::utf16ToUtf8_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<int>("utf16");
    QTest::addColumn<int>("utf8");

    const QString ascii = QStringLiteral("ensure len(response) < 50");
    QTest::newRow("ascii-start") << ascii << 0 << 0;
    QTest::newRow("ascii-middle") << ascii << 7 << 7;
    QTest::newRow("ascii-end") << ascii << int(ascii.size()) << int(ascii.size());

    // "café" : é is one UTF-16 unit and two UTF-8 bytes.
    const QString accented = QStringLiteral(u"\"café\" == x");
    QTest::newRow("before-accent") << accented << 4 << 4;
    QTest::newRow("after-accent") << accented << 5 << 6;
    QTest::newRow("accent-line-end") << accented << int(accented.size()) << 12;

    // 😀 (U+1F600) is a surrogate pair in UTF-16 and four bytes in UTF-8.
    const QString emoji = QStringLiteral(u"a😀b");
    QTest::newRow("before-emoji") << emoji << 1 << 1;
    QTest::newRow("inside-surrogate-pair") << emoji << 2 << 1;
    QTest::newRow("after-emoji") << emoji << 3 << 5;
    QTest::newRow("emoji-line-end") << emoji << 4 << 6;

    // Three-byte BMP characters (CJK), mixed with an emoji and an accent.
    const QString mixed = QStringLiteral(u"日本 😀 é");
    QTest::newRow("cjk-second") << mixed << 1 << 3;
    QTest::newRow("cjk-space") << mixed << 2 << 6;
    QTest::newRow("mixed-after-emoji") << mixed << 5 << 11;
    QTest::newRow("mixed-end") << mixed << int(mixed.size()) << 14;
}

void TestTextOffsets::utf16ToUtf8()
{
    QFETCH(QString, line);
    QFETCH(int, utf16);
    QFETCH(int, utf8);

    const TextOffsets offsets(line);
    QCOMPARE(offsets.utf8Offset(utf16), utf8);
    QCOMPARE(offsets.utf8Length(), int(line.toUtf8().size()));
    QCOMPARE(offsets.isAscii(), line.toUtf8().size() == line.size());
}

void TestTextOffsets::roundTripAgreesWithQt_data()
{
    QTest::addColumn<QString>("line");
    QTest::newRow("ascii") << QStringLiteral("require len(content) <= max_input");
    QTest::newRow("accents") << QStringLiteral(u"message: \"Réponse trop longue, désolé\"");
    QTest::newRow("emoji") << QStringLiteral(u"ensure not contains(response, \"🙂🙃\") // 😀");
    QTest::newRow("cjk") << QStringLiteral(u"ensure contains(response, \"谢谢\")");
    QTest::newRow("lone-surrogate") << QString(QChar(0xD800)) + QStringLiteral("x");
}

void TestTextOffsets::roundTripAgreesWithQt()
{
    QFETCH(QString, line);
    const TextOffsets offsets(line);
    for (int i = 0; i <= line.size(); ++i) {
        // Qt's own encoder is the reference: the byte offset of a UTF-16 prefix is its length.
        int reference = int(line.left(i).toUtf8().size());
        if (i > 0 && i < line.size() && line.at(i).isLowSurrogate()
            && line.at(i - 1).isHighSurrogate())
            reference = int(line.left(i - 1).toUtf8().size()); // inside a pair: start of it
        QCOMPARE(offsets.utf8Offset(i), reference);
        const bool insidePair = i > 0 && i < line.size() && line.at(i).isLowSurrogate()
            && line.at(i - 1).isHighSurrogate();
        QCOMPARE(offsets.utf16Offset(reference), insidePair ? i - 1 : i);
    }
}

void TestTextOffsets::clampsOutOfRange()
{
    const TextOffsets offsets(QStringLiteral(u"é"));
    QCOMPARE(offsets.utf8Offset(-3), 0);
    QCOMPARE(offsets.utf8Offset(99), 2);
    QCOMPARE(offsets.utf16Offset(1), 0); // the second byte of é belongs to é
    QCOMPARE(offsets.utf16Offset(99), 1);
}

void TestTextOffsets::reuseKeepsNoStaleTable()
{
    TextOffsets offsets(QStringLiteral(u"😀😀"));
    QCOMPARE(offsets.utf8Offset(4), 8);
    offsets.reset(QStringLiteral("abcd"));
    QVERIFY(offsets.isAscii());
    QCOMPARE(offsets.utf8Offset(4), 4);
    offsets.reset(QStringLiteral(u"é"));
    QCOMPARE(offsets.utf8Offset(1), 2);
}

QTEST_APPLESS_MAIN(TestTextOffsets)
#include "tst_textoffsets.moc"
