// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later

// The GCC-style rendering of diagnostics (formatDiagnostic): the quoted source line and the
// caret line under the range, and the window a long line is quoted through.

#include "engine/diagnostic.h"
#include "engine/utf8.h"

#include <QTest>

using namespace llmcl::engine;

namespace {

std::string repeat(std::string_view text, std::size_t times)
{
    std::string out;
    out.reserve(text.size() * times);
    for (std::size_t i = 0; i < times; ++i)
        out += text;
    return out;
}

const std::string ellipsis = "\u2026";

// Terminal cells of a rendered line, as the renderer counts them (a tab is one).
std::size_t cellsOf(std::string_view line)
{
    std::size_t cells = 0;
    for (std::size_t i = 0; i < line.size();) {
        const utf8::DecodeResult r = utf8::decode(line.substr(i));
        cells +=
            r.codePoint == U'\t' ? 1 : static_cast<std::size_t>(utf8::displayWidth(r.codePoint));
        i += r.length;
    }
    return cells;
}

} // namespace

class TestDiagnostic : public QObject
{
    Q_OBJECT

private slots:
    void excerpt_data();
    void excerpt();
    void longLineStaysBounded();
};

void TestDiagnostic::excerpt_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<qsizetype>("begin"); // byte offsets of the range
    QTest::addColumn<qsizetype>("end");
    QTest::addColumn<QByteArray>("expected"); // the two lines under the header

    const auto row = [](const char *name, const std::string &source, std::size_t begin,
                         std::size_t end, const std::string &expected) {
        QTest::newRow(name) << QByteArray::fromStdString(source) << qsizetype(begin)
                            << qsizetype(end) << QByteArray::fromStdString(expected);
    };
    const std::string a = repeat("a", 50000), b = repeat("b", 50000);

    // Lines of up to 120 cells are quoted whole, as before.
    row("short-line", "ensure len(x) @ 3", 14, 15, "ensure len(x) @ 3\n              ^\n");
    row("120-cells-whole", repeat("a", 119) + "@", 119, 120,
        repeat("a", 119) + "@\n" + repeat(" ", 119) + "^\n");
    row("wide-characters-whole", repeat("日", 59) + "@x", 177, 178,
        repeat("日", 59) + "@x\n" + repeat(" ", 118) + "^\n");

    // A 100 KB line: a window of 120 cells, the range centred, "…" where cut.
    row("middle-of-100kb", a + "@" + b, 50000, 50001,
        ellipsis + repeat("a", 59) + "@" + repeat("b", 60) + ellipsis + "\n" + repeat(" ", 60)
            + "^\n");
    row("start-of-long-line", "@" + b, 0, 1, "@" + repeat("b", 119) + ellipsis + "\n^\n");
    // At the end, what the right side leaves goes to the left.
    row("end-of-long-line", a, 50000, 50000,
        ellipsis + repeat("a", 120) + "\n" + repeat(" ", 121) + "^\n");
    row("near-end-of-long-line", a + "@bb", 50000, 50001,
        ellipsis + repeat("a", 117) + "@bb\n" + repeat(" ", 118) + "^\n");
    // A range wider than the window: its start and 16 cells before it, '~' under the cut.
    row("range-wider-than-window", repeat("a", 1000) + repeat("x", 100000) + "!", 1000, 101000,
        ellipsis + repeat("a", 16) + repeat("x", 104) + ellipsis + "\n" + repeat(" ", 17) + "^"
            + repeat("~", 103) + "~\n");
    row("range-to-end-of-line", repeat("a", 1000) + repeat("x", 300), 1000, 1300,
        ellipsis + repeat("a", 16) + repeat("x", 104) + ellipsis + "\n" + repeat(" ", 17) + "^"
            + repeat("~", 103) + "~\n");
    row("range-ending-inside-window", repeat("a", 1000) + repeat("x", 20) + repeat("b", 1000), 1000,
        1020,
        ellipsis + repeat("a", 50) + repeat("x", 20) + repeat("b", 50) + ellipsis + "\n"
            + repeat(" ", 51) + "^" + repeat("~", 19) + "\n");

    // Multi-byte characters: cut at code point boundaries, columns in code points, wide
    // characters two cells, the caret under its character.
    const std::string e = repeat("é", 50000);
    row("two-byte-characters", e + "@" + repeat("日", 50000), 100000, 100001,
        ellipsis + repeat("é", 59) + "@" + repeat("日", 30) + ellipsis + "\n" + repeat(" ", 60)
            + "^\n");
    // 29 wide characters fill 58 of the 59 cells before the range: the 30th does not fit.
    row("wide-character-does-not-fit", repeat("日", 50000) + "@" + b, 150000, 150001,
        ellipsis + repeat("日", 29) + "@" + repeat("b", 61) + ellipsis + "\n" + repeat(" ", 59)
            + "^\n");
    row("emoji-range", a + "😀" + b, 50000, 50004,
        ellipsis + repeat("a", 59) + "😀" + repeat("b", 59) + ellipsis + "\n" + repeat(" ", 60)
            + "^~\n");
    // A combining accent whose base was cut off is left out with it.
    row("combining-marks", repeat("e\u0301", 50000) + "@" + b, 150000, 150001,
        ellipsis + repeat("e\u0301", 59) + "@" + repeat("b", 60) + ellipsis + "\n" + repeat(" ", 60)
            + "^\n");
    row("invalid-utf8", repeat("\xFF", 50000) + "@" + b, 50000, 50001,
        ellipsis + repeat("\uFFFD", 59) + "@" + repeat("b", 60) + ellipsis + "\n" + repeat(" ", 60)
            + "^\n");
    // A tab before the caret is kept in the caret line, so the caret lines up whatever the
    // tab width.
    row("tab-in-window", a + "\t@" + b, 50001, 50002,
        ellipsis + repeat("a", 58) + "\t@" + repeat("b", 60) + ellipsis + "\n" + repeat(" ", 59)
            + "\t^\n");
    // A long line after others: the window is of the range's line only.
    row("later-line", "first\n" + a + "@" + b + "\nlast", 50006, 50007,
        ellipsis + repeat("a", 59) + "@" + repeat("b", 60) + ellipsis + "\n" + repeat(" ", 60)
            + "^\n");
}

void TestDiagnostic::excerpt()
{
    QFETCH(QByteArray, source);
    QFETCH(qsizetype, begin);
    QFETCH(qsizetype, end);
    QFETCH(QByteArray, expected);
    const std::string_view text(source.constData(), std::size_t(source.size()));
    Diagnostic d = makeDiagnostic(Severity::Error, "E1001",
        {positionAt(text, std::size_t(begin)), positionAt(text, std::size_t(end))}, "f.llmcl", "m");
    const std::string rendered = formatDiagnostic(d, text);
    const std::string header = formatDiagnosticHeader(d) + '\n';
    QVERIFY(rendered.starts_with(header));
    const std::string excerpt = rendered.substr(header.size());
    QVERIFY(utf8::isValid(rendered));
    if (excerpt != expected.toStdString()) {
        qWarning("got:\n%s\nexpected:\n%s", excerpt.c_str(), expected.constData());
        QFAIL("excerpt differs");
    }
}

void TestDiagnostic::longLineStaysBounded()
{
    // Whatever the range on a 100 KB line, the quoted line and the caret line stay within the
    // window and its two cut marks, and the header keeps the real columns.
    const std::string line = repeat("ab日é😀\t", 10000);
    for (std::size_t begin : {std::size_t(0), std::size_t(7), line.size() / 2, line.size() - 3}) {
        for (std::size_t length : {std::size_t(0), std::size_t(1), std::size_t(500)}) {
            std::size_t at = std::min(begin, line.size());
            while (at > 0 && (static_cast<unsigned char>(line[at]) & 0xC0) == 0x80)
                --at;
            const std::size_t end = std::min(at + length, line.size());
            Diagnostic d = makeDiagnostic(Severity::Error, "E1001",
                {positionAt(line, at), positionAt(line, end)}, "f.llmcl", "m");
            const std::string rendered = formatDiagnostic(d, line);
            QVERIFY(utf8::isValid(rendered));
            QVERIFY(rendered.size() < 1200);
            const auto first = rendered.find('\n');
            const auto second = rendered.find('\n', first + 1);
            const auto third = rendered.find('\n', second + 1);
            QVERIFY(third == rendered.size() - 1);
            QVERIFY(cellsOf(rendered.substr(first + 1, second - first - 1)) <= 122);
            QVERIFY(cellsOf(rendered.substr(second + 1, third - second - 1)) <= 122);
            QVERIFY(rendered.starts_with(
                "f.llmcl:1:" + std::to_string(positionAt(line, at).column) + ":"));
        }
    }
}

QTEST_APPLESS_MAIN(TestDiagnostic)
#include "tst_diagnostic.moc"
