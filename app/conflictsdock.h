// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDockWidget>
#include <QMetaObject>
#include <QPointer>

class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

namespace llmcl::editor {
class ContractEditor;
class DiagnosticsController;
} // namespace llmcl::editor

namespace llmcl::app {

class MainWindow;

// The "Conflicts" dock (View › Conflicts): the static conflicts between the clauses of the
// current editor's contracts (LANGUAGE.md §11), from its latest analysis — one row per
// conflict the engine reported (E3001, E3002, W3001, W3002): the two clauses, whether they
// contradict or one is redundant, how it was resolved (the rule, or an error when the set does
// not compile), the suppressed clause and why they conflict. Under each row, its two clauses
// with their line and first line of text; activating one selects it in its editor (opening an
// imported file), activating the conflict selects the clause it was reported on.
//
// It follows the window's current tab and each analysis applied to it; reading the analysis is
// a copy of a few diagnostics, so it runs on the GUI thread. GUI thread only.
class ConflictsDock : public QDockWidget
{
    Q_OBJECT

public:
    explicit ConflictsDock(MainWindow *window);
    ~ConflictsDock() override;

    // Shows the conflicts of `editor` (null: none) and follows its analyses. The dock calls it
    // when the current tab changes; EditorTools again once a new tab's controller exists.
    void follow(editor::ContractEditor *editor);

    QTreeWidget *view() const { return m_view; }
    // "3 conflicts in quality.llmcl", or why there are none.
    QLabel *summaryLabel() const { return m_summary; }

private:
    void refresh();
    void activate(QTreeWidgetItem *item);

    MainWindow *m_window;
    QTreeWidget *m_view;
    QLabel *m_summary;
    QPointer<editor::ContractEditor> m_editor;
    QPointer<editor::DiagnosticsController> m_controller;
    QMetaObject::Connection m_analysed;
    QMetaObject::Connection m_tabs;
};

} // namespace llmcl::app
