// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <Qsci/qsciscintilla.h>

namespace KSyntaxHighlighting {
class Repository;
class Theme;
} // namespace KSyntaxHighlighting

namespace llmcl::editor {

class HighlightingLexer;

// The LLMCL contract editor: a QScintilla widget in UTF-8 mode highlighted by the LLMCL
// KSyntaxHighlighting definition, with line numbers, folding, brace matching and a theme that
// follows the palette (light or dark) unless one is chosen.
//
// The repository must outlive the editor; it is shared by all editors of a window because
// loading it reads every installed definition. GUI thread only.
class ContractEditor : public QsciScintilla
{
    Q_OBJECT

public:
    explicit ContractEditor(KSyntaxHighlighting::Repository &repository, QWidget *parent = nullptr);
    ~ContractEditor() override;

    // Loads a file, replacing the text. A missing or unreadable file, one that is not UTF-8 or
    // one too large to edit leaves the editor unchanged and returns false with a message that
    // names the file and the cause (and, for bad UTF-8, the line).
    bool load(const QString &path, QString *errorMessage);
    // Writes the text atomically (a failed save never truncates the file on disk).
    bool save(QString *errorMessage);
    bool saveAs(const QString &path, QString *errorMessage);

    // The file the text belongs to; empty for a new, never saved buffer.
    QString filePath() const { return m_filePath; }
    // A name for tabs and titles: the file name, or "Untitled".
    QString displayName() const;

    HighlightingLexer *highlightingLexer() const { return m_lexer; }

    // Picks the light or dark default theme for the current palette.
    void useThemeForPalette();
    void setSyntaxTheme(const KSyntaxHighlighting::Theme &theme);

    // The largest file the editor opens: bigger ones are data, not contracts.
    static constexpr qint64 kMaxFileSize = 64 * 1024 * 1024;

Q_SIGNALS:
    void filePathChanged(const QString &path);

protected:
    void changeEvent(QEvent *event) override;

private:
    void updateLineNumberMargin();
    bool writeTo(const QString &path, QString *errorMessage);

    KSyntaxHighlighting::Repository &m_repository;
    HighlightingLexer *m_lexer;
    QString m_filePath;
    bool m_followPalette = true;
    int m_lineNumberDigits = 0;
};

} // namespace llmcl::editor
