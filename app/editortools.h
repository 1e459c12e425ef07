// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "editor/contractrename.h"
#include "editor/jobchannel.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

#include <set>
#include <string>

class QAction;
class QDockWidget;
class QMenuBar;
class QMessageBox;
class QTreeView;

namespace llmcl::engine {
struct CompileRequest;
}

namespace llmcl::editor {
class CompletionProvider;
class ConflictDecorations;
class ContractEditor;
class DiagnosticsController;
class DocumentFormatter;
class FindBar;
class LanguageFeatures;
class OutlineModel;
} // namespace llmcl::editor

namespace llmcl::app {

class ConflictsDock;
class MainWindow;

// The language side of the main window's editors (docs/studio.md, "Editing: completion,
// navigation, outline, rename, format, find"): per editor a CompletionProvider, LanguageFeatures
// (hover, go to definition), ConflictDecorations and a DocumentFormatter; for the window the
// find bar under the tabs, the Outline dock and the Edit and Go menus.
//
// Created by MainWindow after its central widget and before its menus; a child of the window.
// GUI thread only: rename plans and writes run on the global QThreadPool.
class EditorTools : public QObject
{
    Q_OBJECT

public:
    explicit EditorTools(MainWindow *window);
    ~EditorTools() override;

    // Adds the Edit and Go menus before the bar's View menu (else before its last menu).
    void addMenus(QMenuBar *bar);
    // Gives `editor` its completion, hover, navigation, conflict marks and formatter.
    void attach(editor::ContractEditor *editor, editor::DiagnosticsController *controller);

    // Context keys seen in the loaded sessions: offered by completion after `context.` and in
    // expressions, and no "unknown name" warning for them. Re-checks the open editors.
    void setKnownContextKeys(const QStringList &keys);
    QStringList knownContextKeys() const { return m_contextKeys; }
    // Adds the known context keys to a check's request.
    void addTo(engine::CompileRequest &request) const;

    editor::FindBar *findBar() const { return m_findBar; }
    editor::OutlineModel *outlineModel() const { return m_outlineModel; }
    QTreeView *outlineView() const { return m_outlineView; }
    QDockWidget *outlineDock() const { return m_outlineDock; }
    ConflictsDock *conflictsDock() const { return m_conflictsDock; }

    static editor::CompletionProvider *completionProviderOf(editor::ContractEditor *editor);
    static editor::LanguageFeatures *languageFeaturesOf(editor::ContractEditor *editor);
    static editor::ConflictDecorations *conflictDecorationsOf(editor::ContractEditor *editor);
    static editor::DocumentFormatter *formatterOf(editor::ContractEditor *editor);

    // The commands of the menus, on the current editor.
    void triggerCompletion();
    void showParameterInfo();
    bool goToDefinition();
    void formatDocument();
    void toggleComment();
    void goToConflictingClause();
    // F2: asks for the new name of the contract at the cursor, then renameContract().
    void renameAtCursor();
    // Plans the rename on a pool thread and shows the preview (a window-modal, asynchronous
    // message box, objectName "RenamePreview"); applying it changes the open editors (one undo
    // step each) and writes the other files atomically. An invalid name is refused at once
    // with a message.
    void renameContract(const QString &oldName, const QString &newName);
    // Selects the outline entry's symbol in the editor and focuses it.
    void showOutlineEntry(const QModelIndex &index);

Q_SIGNALS:
    void renamePreviewShown(QMessageBox *preview);
    // A rename was applied (`occurrences` replaced) or refused (`error`).
    void renameFinished(int occurrences, const QString &error);

private:
    void currentEditorChanged();
    void updateOutline(bool documentReplaced);
    void followCursor();
    void showPreview(const editor::ContractRename::Plan &plan);
    void applyRename(const editor::ContractRename::Plan &plan);
    // The files of a rename were written: `applied` and `written` occurrences were replaced in
    // open buffers and files, with `problems` before and `failures` while writing.
    void finishRename(
        int applied, int written, const QStringList &problems, const QStringList &failures);
    void refuse(const QString &message);
    editor::ContractEditor *current() const;

    MainWindow *m_window;
    editor::FindBar *m_findBar;
    editor::OutlineModel *m_outlineModel;
    QTreeView *m_outlineView;
    QDockWidget *m_outlineDock;
    ConflictsDock *m_conflictsDock;
    QPointer<editor::ContractEditor> m_outlineEditor;
    QMetaObject::Connection m_outlineAnalysed;
    QMetaObject::Connection m_outlineCursor;
    QStringList m_contextKeys;
    // Planning and writing a rename run on the global pool.
    editor::JobChannel<EditorTools> m_jobs {this};
};

} // namespace llmcl::app
