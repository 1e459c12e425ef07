// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>

#include <optional>

namespace llmcl::editor {

class ContractEditor;
class DiagnosticsController;

// Hover documentation and go to definition for a ContractEditor, from the analysis its
// DiagnosticsController keeps (engine::LanguageService::hoverAt() and definitionAt()).
//
// Hover: the editor's tooltip shows the documentation of the word under the mouse (built-in,
// parameter, contract, keyword, option, module) above the diagnostics there; the diagnostics
// part stays ContractEditor's own (with related locations and the fix-it note), so the engine's
// copy of the messages is left out.
//
// Go to definition: F12 in the Studio (goToDefinition()), or Ctrl+click on a name. A target in
// the same document is selected here; one in another file is announced with
// definitionInOtherFile() for the main window to open.
//
// While the analysis is stale, positions are mapped through OffsetMapper; a position inside the
// text changed since has no answer until the next analysis. Child of its editor; GUI thread only.
class LanguageFeatures : public QObject
{
    Q_OBJECT

public:
    // Where a definition is.
    struct Target
    {
        QString file; // absolute path; empty for the editor's own document
        int begin = 0; // byte offsets: of the current text (own document), else of that file
        int end = 0;
        int line = 0; // 1-based, in that file
        int column = 0; // 1-based, code points
    };

    LanguageFeatures(ContractEditor *editor, DiagnosticsController *controller);
    ~LanguageFeatures() override;

    // The hover documentation at byte `position` of the current text, as rich text (empty
    // when there is nothing to say).
    QString hoverText(int position) const;
    // The definition of the name at byte `position`, if any.
    std::optional<Target> definitionAt(int position) const;
    // Goes to the definition of the name at the cursor. False when there is none.
    bool goToDefinition();
    bool goToDefinitionAt(int position);

    // The current-text byte offset of `analysed` (an offset of the analysed text), or -1 when
    // it lies in text changed since.
    int toCurrent(int analysed) const;
    // The analysed-text offset of `current`, or -1.
    int toAnalysed(int current) const;

Q_SIGNALS:
    void definitionInOtherFile(const QString &file, int line, int column, int begin, int end);
    // Go to definition found nothing at the cursor.
    void noDefinition();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    ContractEditor *m_editor;
    // The editor's viewport, compared by address in eventFilter(): asking the editor for it
    // there is a call into an object that may be half destroyed (UBSan's vptr check).
    QObject *m_viewport = nullptr;
    DiagnosticsController *m_controller;
};

} // namespace llmcl::editor
