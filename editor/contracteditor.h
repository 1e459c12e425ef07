// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/diagnostic.h"

#include <QList>
#include <QString>
#include <Qsci/qsciscintilla.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

class QAction;

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
// It shows the diagnostics it is given (setDiagnostics(); a DiagnosticsController computes them
// off the GUI thread): a squiggle under each range (errors: squiggle, warnings: dashes, infos:
// dots), a symbol per diagnostic in the diagnostics margin, tooltips over both, and the
// diagnostics' fix-its in the context menu. Positions are Scintilla's: UTF-8 byte offsets into
// the document and 0-based lines, the same offsets the engine uses.
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

    // The whole text as UTF-8 bytes, copied straight from Scintilla's buffer (no UTF-16 round
    // trip): what the engine analyses.
    std::string utf8Text() const;

    // The text's revision: 0 for a new editor, incremented by every insertion or deletion
    // (typing, undo, load, fix-its). Diagnostics belong to the revision they were computed from.
    quint64 revision() const { return m_revision; }

    // Shows `diagnostics`, computed from the text of `revision` (ranges are byte offsets into
    // that text). A stale result (revision is not the current one) changes nothing and returns
    // false: its ranges would land on the wrong bytes. All of `diagnostics` are taken to be this
    // document's (LanguageService::diagnostics() gives only those).
    bool setDiagnostics(quint64 revision, std::vector<engine::Diagnostic> diagnostics);
    void clearDiagnostics();
    const std::vector<engine::Diagnostic> &diagnostics() const { return m_diagnostics; }
    // The revision the shown diagnostics were computed from.
    quint64 diagnosticsRevision() const { return m_diagnosticsRevision; }
    // False while the text has changed since: squiggles and markers have moved with the text,
    // but ranges and fix-its wait for the next result.
    bool diagnosticsAreCurrent() const { return m_diagnosticsRevision == m_revision; }

    // Indices into diagnostics() of those shown at byte `position` (under the squiggle there),
    // most severe first.
    QList<int> diagnosticsAt(int position) const;
    // Indices of the diagnostics whose margin symbol is on `line` (0-based), most severe first.
    QList<int> diagnosticsOnLine(int line) const;
    // Where diagnostic `index` is now, as a byte range [first, second) of the current text;
    // (-1, -1) for a bad index. While the diagnostics are stale, the position follows the
    // edited lines.
    std::pair<int, int> diagnosticRange(int index) const;
    // Selects diagnostic `index`'s range (the cursor at its end) and scrolls it into view.
    void selectDiagnostic(int index);

    // The tooltip for the point `pos` of the viewport (a squiggle or a margin symbol): code,
    // severity, message and related locations of each diagnostic there, as rich text; over the
    // text, preceded by what the hover text providers say about that position (documentation,
    // conflicts). Empty when there is nothing.
    QString toolTipAt(const QPoint &pos) const;
    QString diagnosticsToolTip(const QList<int> &indices) const;
    // A rich-text fragment (no <qt> wrapper) about the text at a byte position (hover
    // documentation, conflict partners), shown above the diagnostics in the text's tooltip;
    // empty when there is nothing to say. One provider per owner, in the order they were set;
    // an empty provider removes the owner's.
    using HoverTextProvider = std::function<QString(int position)>;
    void setHoverTextProvider(const QObject *owner, HoverTextProvider provider);

    // One action per diagnostic at `position` (else on its line) that has fix-its, parented to
    // `parent`; triggering it applies the fix-its. While the diagnostics are stale, one disabled
    // action says the fixes come back after the next check.
    QList<QAction *> fixItActions(int position, QObject *parent);
    // Applies all fix-its of diagnostic `index` as one undo step. False (nothing changed) when
    // the diagnostics are stale, the index is bad or it has no fix-its.
    bool applyFixIts(int index);

    // Scintilla's indicator and marker numbers of each severity (for tests and themes).
    int indicatorNumber(engine::Severity severity) const;
    int markerNumber(engine::Severity severity) const;
    // The symbol margin that shows the diagnostics.
    static constexpr int kDiagnosticsMargin = 1;

    // Picks the light or dark default theme for the current palette.
    void useThemeForPalette();
    void setSyntaxTheme(const KSyntaxHighlighting::Theme &theme);

    // The largest file the editor opens: bigger ones are data, not contracts.
    static constexpr qint64 kMaxFileSize = 64 * 1024 * 1024;

Q_SIGNALS:
    void filePathChanged(const QString &path);
    // After the text changed; `revision` is the new revision().
    void revisionChanged(quint64 revision);
    // After setDiagnostics() or clearDiagnostics() changed what is shown.
    void diagnosticsChanged();
    // After setSyntaxTheme() (also when the palette picked it): paper and colours changed.
    void syntaxThemeChanged();

protected:
    void changeEvent(QEvent *event) override;
    bool viewportEvent(QEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    void updateLineNumberMargin();
    bool writeTo(const QString &path, QString *errorMessage);
    void setUpDiagnosticsDisplay();
    void updateDiagnosticsColors(bool darkBackground);
    void clearDiagnosticsDisplay();
    int lineLength(int line) const;
    QList<int> bySeverity(QList<int> indices) const;

    KSyntaxHighlighting::Repository &m_repository;
    std::vector<std::pair<const QObject *, HoverTextProvider>> m_hoverTextProviders;
    HighlightingLexer *m_lexer;
    QString m_filePath;
    bool m_followPalette = true;
    int m_lineNumberDigits = 0;

    quint64 m_revision = 0;
    quint64 m_diagnosticsRevision = 0;
    std::vector<engine::Diagnostic> m_diagnostics;
    // Per diagnostic: the bytes its squiggle covers (an empty range widened to one character),
    // its margin marker's handle and its begin offset within its line, all at
    // m_diagnosticsRevision.
    struct Shown
    {
        int begin = 0;
        int end = 0;
        int markerHandle = -1;
        int column = 0;
        int length = 0;
    };
    std::vector<Shown> m_shown;
    int m_indicators[3] = {-1, -1, -1}; // by Severity
    int m_markers[3] = {-1, -1, -1};
};

} // namespace llmcl::editor
