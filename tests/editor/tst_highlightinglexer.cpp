// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor/contracteditor.h"
#include "editor/highlightinglexer.h"

#include <QTest>

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/Theme>

using llmcl::editor::ContractEditor;

// The editor's bridge from KSyntaxHighlighting to Scintilla styles: incremental re-styling with
// per-line state, folding, byte offsets on non-ASCII lines and themes.
class TestHighlightingLexer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void definitionFromResources();
    void blockCommentOpenedAboveRestylesBelow();
    void editInsideLineKeepsOtherLines();
    void nonAsciiLinesMapToBytes();
    void invalidUtf8LineGetsDefaultStyle();
    void foldLevelsFollowBraces();
    void themesFollowPalette();

private:
    QString formatAt(const QString &needle, int offset = 0) const;
    void colourise() const;

    KSyntaxHighlighting::Repository *m_repository = nullptr;
    ContractEditor *m_editor = nullptr;
};

void TestHighlightingLexer::init()
{
    m_repository = new KSyntaxHighlighting::Repository;
    m_editor = new ContractEditor(*m_repository);
    m_editor->resize(800, 600);
}

void TestHighlightingLexer::cleanup()
{
    delete m_editor;
    delete m_repository;
}

void TestHighlightingLexer::colourise() const
{
    m_editor->SendScintilla(QsciScintillaBase::SCI_COLOURISE, 0, -1);
}

QString TestHighlightingLexer::formatAt(const QString &needle, int offset) const
{
    const QByteArray text = m_editor->text().toUtf8();
    const qsizetype at = text.indexOf(needle.toUtf8());
    if (at < 0)
        return QStringLiteral("<not found: %1>").arg(needle);
    return m_editor->highlightingLexer()->formatNameAt(int(at) + offset);
}

void TestHighlightingLexer::definitionFromResources()
{
    // No search path was added: the definition comes from the resources linked into the editor.
    const auto definition = m_editor->highlightingLexer()->syntaxDefinition();
    QVERIFY(definition.isValid());
    QCOMPARE(definition.name(), QStringLiteral("LLMCL"));
    QCOMPARE(m_repository->definitionForFileName(QStringLiteral("x.llmcl")).name(),
        QStringLiteral("LLMCL"));
}

void TestHighlightingLexer::blockCommentOpenedAboveRestylesBelow()
{
    m_editor->setText(QStringLiteral("contract A {\n"
                                     "    ensure true\n"
                                     "}\n"
                                     "contract B {\n"
                                     "    require false\n"
                                     "}\n"));
    colourise();
    QCOMPARE(formatAt(QStringLiteral("require")), QStringLiteral("Keyword"));

    // Opening a block comment on the first line turns every following line into comment, and
    // only the edited line is below Scintilla's watermark: the rest follows from the state.
    m_editor->insertAt(QStringLiteral("/* "), 0, 0);
    m_editor->SendScintilla(QsciScintillaBase::SCI_COLOURISE, 0, 10);
    QCOMPARE(formatAt(QStringLiteral("require")), QStringLiteral("Comment"));
    QCOMPARE(formatAt(QStringLiteral("contract B")), QStringLiteral("Comment"));

    // Closing it again restores the code below.
    m_editor->insertAt(QStringLiteral(" */"), 0, 15);
    m_editor->SendScintilla(QsciScintillaBase::SCI_COLOURISE, 0, 20);
    QCOMPARE(formatAt(QStringLiteral("contract B")), QStringLiteral("Keyword"));
    QCOMPARE(formatAt(QStringLiteral("require")), QStringLiteral("Keyword"));
}

void TestHighlightingLexer::editInsideLineKeepsOtherLines()
{
    m_editor->setText(QStringLiteral("contract A {\n"
                                     "    ensure len(response) < 5\n"
                                     "    // comment\n"
                                     "}\n"));
    colourise();
    // Typing a quote opens a string that ends with its line; the next line stays a comment.
    m_editor->insertAt(QStringLiteral("\"open"), 1, 4);
    colourise();
    QCOMPARE(formatAt(QStringLiteral("\"open")), QStringLiteral("String"));
    QCOMPARE(formatAt(QStringLiteral("// comment"), 3), QStringLiteral("Comment"));
    QCOMPARE(formatAt(QStringLiteral("}")), QStringLiteral("Normal Text"));
}

void TestHighlightingLexer::nonAsciiLinesMapToBytes()
{
    // Each emoji is 2 UTF-16 units and 4 bytes; accents are 1 unit and 2 bytes. Styles come
    // from UTF-16 offsets and must land on the right bytes.
    m_editor->setText(QStringLiteral(u"contract Ünïcödé {\n"
                                     "    ensure \"😀😀é\" == response and true // fin ✓\n"
                                     "}\n"));
    colourise();
    QCOMPARE(formatAt(QStringLiteral(u"😀😀")), QStringLiteral("String"));
    QCOMPARE(formatAt(QStringLiteral(u"é\" =="), 2), QStringLiteral("String")); // closing quote
    QCOMPARE(formatAt(QStringLiteral("and true")), QStringLiteral("Keyword"));
    QCOMPARE(formatAt(QStringLiteral("response and")), QStringLiteral("Variable"));
    QCOMPARE(formatAt(QStringLiteral("true //")), QStringLiteral("Constant"));
    QCOMPARE(formatAt(QStringLiteral(u"fin ✓"), 4), QStringLiteral("Comment"));
}

void TestHighlightingLexer::invalidUtf8LineGetsDefaultStyle()
{
    // A document can hold bytes that are not UTF-8 (pasted binary); such a line keeps the
    // default style instead of colours shifted onto the wrong bytes, and the next line is fine.
    static const char bytes[] = "ensure \"a\xff\" and true\ncontract X {}\n";
    m_editor->SendScintilla(QsciScintillaBase::SCI_SETTEXT, 0UL, bytes);
    colourise();
    QCOMPARE(formatAt(QStringLiteral("ensure")), QStringLiteral("Default"));
    QCOMPARE(formatAt(QStringLiteral("contract X")), QStringLiteral("Keyword"));
}

void TestHighlightingLexer::foldLevelsFollowBraces()
{
    m_editor->setText(QStringLiteral("contract A {\n"
                                     "    ensure true\n"
                                     "}\n"
                                     "/* one\n"
                                     "   two */\n"));
    colourise();
    const auto level = [this](int line) {
        return int(m_editor->SendScintilla(QsciScintillaBase::SCI_GETFOLDLEVEL, line));
    };
    constexpr int base = QsciScintillaBase::SC_FOLDLEVELBASE;
    constexpr int header = QsciScintillaBase::SC_FOLDLEVELHEADERFLAG;
    constexpr int number = QsciScintillaBase::SC_FOLDLEVELNUMBERMASK;
    QVERIFY(level(0) & header);
    QCOMPARE(level(0) & number, base);
    QCOMPARE(level(1) & number, base + 1);
    QVERIFY(!(level(1) & header));
    QCOMPARE(level(2) & number, base + 1); // the closing brace folds with the body
    QCOMPARE(level(3) & number, base);
    QVERIFY(level(3) & header); // a block comment folds too
    QCOMPARE(level(4) & number, base + 1);

    // Removing the opening brace removes the fold.
    m_editor->setSelection(0, 11, 0, 12);
    m_editor->removeSelectedText();
    colourise();
    QVERIFY(!(level(0) & header));
    QCOMPARE(level(1) & number, base);
}

void TestHighlightingLexer::themesFollowPalette()
{
    using KSyntaxHighlighting::Repository;
    m_editor->setText(QStringLiteral("contract A {}\n"));
    colourise();
    auto *lexer = m_editor->highlightingLexer();

    QPalette dark;
    dark.setColor(QPalette::Base, QColor(30, 30, 30));
    m_editor->setPalette(dark);
    QCOMPARE(lexer->syntaxTheme().name(), m_repository->defaultTheme(Repository::DarkTheme).name());
    QVERIFY(lexer->paper(0).lightness() < 128);

    QPalette light;
    light.setColor(QPalette::Base, QColor(250, 250, 250));
    m_editor->setPalette(light);
    QCOMPARE(
        lexer->syntaxTheme().name(), m_repository->defaultTheme(Repository::LightTheme).name());
    QVERIFY(lexer->paper(0).lightness() >= 128);

    // A chosen theme sticks when the palette changes.
    const auto chosen = m_repository->theme(QStringLiteral("Solarized Dark"));
    QVERIFY(chosen.isValid());
    m_editor->setSyntaxTheme(chosen);
    m_editor->setPalette(dark);
    QCOMPARE(lexer->syntaxTheme().name(), chosen.name());
}

QTEST_MAIN(TestHighlightingLexer)
#include "tst_highlightinglexer.moc"
