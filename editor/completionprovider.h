// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/languageservice.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <cstddef>
#include <vector>

namespace llmcl::editor {

class ContractEditor;
class DiagnosticsController;

// Completion and call tips in a ContractEditor, from the analysis its DiagnosticsController
// keeps (engine::LanguageService::completionsAt()): keywords, built-ins with their signatures,
// parameters, turn variables, context keys (CompileRequest::knownContextKeys), clause options,
// modules after `import` and contract names after `extends` / `from m import`.
//
// When it appears: while an identifier is typed (from its first letter), after `.`, after
// `import `, `from ` and `extends `, and on request (complete(), Ctrl+Space in the Studio). Each
// further letter or Backspace re-filters the list. Choosing an entry replaces the identifier
// before the cursor; a built-in gets its `(` and its call tip.
//
// Staleness (docs/studio.md, "Completion"): the analysis is of the text at diagnosticsRevision(),
// at most one debounce behind. When the only change since is the word being typed (or lies
// after it, or on lines above the word's), the list is the analysis' list at the start of that
// word, filtered by the word. When the text before the word on its line changed too (`import `
// just typed), the provider asks the controller for a check now and shows the list when that
// check's result arrives.
//
// Call tips: typing `(` after a built-in's name, or showCallTip(), shows its signature and its
// one-line documentation; `)` closes it.
//
// The provider is a child of its editor. GUI thread only; it never parses (the queries are
// look-ups in the immutable analysis).
class CompletionProvider : public QObject
{
    Q_OBJECT

public:
    CompletionProvider(ContractEditor *editor, DiagnosticsController *controller);
    ~CompletionProvider() override;

    ContractEditor *editor() const { return m_editor; }

    // Shows the completions at the cursor, even without a prefix (Ctrl+Space).
    void complete();
    // Shows the call tip of the built-in call around the cursor, if any (Ctrl+Shift+Space).
    void showCallTip();

    // The entries of the list on screen, as shown (a built-in with its signature); empty when no
    // list is shown.
    QStringList shownEntries() const;
    // The items behind shownEntries(), same order.
    const std::vector<engine::CompletionItem> &shownItems() const { return m_items; }
    bool isListShown() const;
    // True while a request waits for the analysis of the current text.
    bool isWaiting() const { return m_waiting; }
    // The text of the call tip on screen, empty when none.
    QString shownCallTip() const;

    // The call tip for the built-in `name` ("signature\nsummary"), empty for anything else.
    static QString callTipFor(const QString &name);

    // Chooses entry `row` of the shown list, as Enter or a double-click does.
    bool choose(int row);

Q_SIGNALS:
    // A list was put on screen (its entries are shownEntries()).
    void listShown();
    void callTipShown(const QString &text);
    // The entry highlighted in the list changed: its detail (a built-in's signature, a
    // parameter's value, …) and its one-line documentation, for a status line (Scintilla's list
    // has no room for them).
    void itemHighlighted(const QString &detail, const QString &documentation);

private:
    enum class Trigger
    {
        Explicit,
        Typing
    };
    void onCharAdded(int ch);
    void onAnalysed(quint64 revision);
    void request(Trigger trigger);
    // False when the analysis cannot answer for the current text yet.
    bool tryShow(Trigger trigger);
    void onSelection(const char *selection, int position);
    void insertItem(std::size_t index);
    void hideList();
    void registerImages();

    ContractEditor *m_editor;
    DiagnosticsController *m_controller;
    std::vector<engine::CompletionItem> m_items;
    QStringList m_entries;
    // Where the replaced word starts (a byte offset of the current text).
    std::size_t m_wordStart = 0;
    bool m_waiting = false;
    Trigger m_waitingTrigger = Trigger::Typing;
    QString m_callTip;
};

} // namespace llmcl::editor
