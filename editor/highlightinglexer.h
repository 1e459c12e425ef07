// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "editor/textoffsets.h"

#include <QHash>
#include <QVector>
#include <Qsci/qscilexercustom.h>

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/FoldingRegion>
#include <KSyntaxHighlighting/Format>
#include <KSyntaxHighlighting/State>
#include <KSyntaxHighlighting/Theme>

#include <memory>
#include <vector>

namespace llmcl::editor {

// A QScintilla lexer driven by a KSyntaxHighlighting definition, so the editor, the syntax
// tests and every other KSyntaxHighlighting user (Kate, KDevelop) colour LLMCL the same way.
//
// Scintilla asks for styling of a range whose start is its "end styled" watermark; everything
// after the watermark counts as unstyled. Each line is highlighted starting from the
// KSyntaxHighlighting state that ended the previous line, kept per line in Scintilla's line
// state (which Scintilla moves along when lines are inserted or deleted). When the requested
// range is done but the state at the end of its last line differs from what that line ended with
// before (an opened block comment or raw string), styling continues over the following,
// previously styled lines until the states agree again, so text below changes colour at once.
//
// Folding regions of the definition become Scintilla fold levels. Formats map to Scintilla
// styles 1..255 (skipping Scintilla's predefined 32..39); style 0 is the default text style.
// Lives on the GUI thread with its editor.
class HighlightingLexer : public QsciLexerCustom
{
    Q_OBJECT

public:
    explicit HighlightingLexer(QObject *parent = nullptr);
    ~HighlightingLexer() override;

    // The definition and theme to use. Changing either re-styles the whole document.
    void setSyntaxDefinition(const KSyntaxHighlighting::Definition &definition);
    KSyntaxHighlighting::Definition syntaxDefinition() const;
    void setSyntaxTheme(const KSyntaxHighlighting::Theme &theme);
    KSyntaxHighlighting::Theme syntaxTheme() const;

    // The base font; formats add bold, italic, underline and strike-out to it.
    void setBaseFont(const QFont &font);

    // The KSyntaxHighlighting format name ("Keyword", "String", ...) of a Scintilla style, or of
    // the style at a UTF-8 byte position of the editor's document.
    QString formatName(int style) const;
    QString formatNameAt(int bytePosition) const;

    // QsciLexer
    const char *language() const override;
    QString description(int style) const override;
    QColor defaultColor(int style) const override;
    QColor defaultPaper(int style) const override;
    QFont defaultFont(int style) const override;
    bool defaultEolFill(int style) const override;
    void styleText(int start, int end) override;
    int styleBitsNeeded() const override { return 8; }
    const char *wordCharacters() const override;

private:
    class LineHighlighter;
    friend class LineHighlighter;

    void applyFormat(int offset, int length, const KSyntaxHighlighting::Format &format);
    void applyFolding(KSyntaxHighlighting::FoldingRegion region);

    void rebuildStyles();
    void applyStylesToEditor();
    void restyleDocument();
    int styleOf(const KSyntaxHighlighting::Format &format) const;
    int internState(const KSyntaxHighlighting::State &state);
    long send(unsigned int message, unsigned long wParam = 0, long lParam = 0) const;

    std::unique_ptr<LineHighlighter> m_highlighter;
    QFont m_baseFont;
    // Style number -> format (an invalid Format for style 0 and unused numbers).
    std::vector<KSyntaxHighlighting::Format> m_formatOfStyle;
    QHash<quint16, int> m_styleOfFormatId;

    // Interned end-of-line states: a line's Scintilla line state is
    // ((state index + 1) << 8) | fold depth at the line's end, or 0 when never styled.
    std::vector<KSyntaxHighlighting::State> m_states;
    QHash<KSyntaxHighlighting::State, int> m_stateIndex;

    // Scratch buffers for the line being highlighted (reused, not reallocated per line).
    TextOffsets m_offsets;
    std::vector<char> m_lineStyles;
    int m_regionsOpened = 0;
    int m_regionsClosed = 0;
};

} // namespace llmcl::editor
