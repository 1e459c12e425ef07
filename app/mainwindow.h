// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>
#include <QString>
#include <QStringList>

#include <KSyntaxHighlighting/Repository>

class QDockWidget;
class QFileSystemModel;
class QLabel;
class QMenu;
class QModelIndex;
class QTabWidget;
class QTreeView;

namespace llmcl::editor {
class ContractEditor;
class DiagnosticsController;
class ProblemsModel;
} // namespace llmcl::editor

namespace llmcl::app {

// The Studio's main window: the workspace's file tree on the left, tabs of contract editors in
// the middle, the Problems panel (the diagnostics of the open files) below, the cursor position,
// the problem counts and messages in the status bar.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Shows `folder` in the file tree and opens its first contract file. Returns false (and
    // reports the error) when the folder cannot be opened.
    bool openWorkspace(const QString &folder);
    // Opens a file in a tab, or switches to its tab when it is open already. A missing,
    // unreadable or non-UTF-8 file is reported and opens nothing.
    bool openFile(const QString &path);

    editor::ContractEditor *currentEditor() const;
    QTabWidget *tabs() const { return m_tabs; }
    QTreeView *fileTree() const { return m_fileTree; }
    editor::ProblemsModel *problemsModel() const { return m_problemsModel; }
    QTreeView *problemsView() const { return m_problemsView; }
    QDockWidget *problemsDock() const { return m_problemsDock; }
    // The controller that checks `editor` as the user types.
    static editor::DiagnosticsController *diagnosticsController(editor::ContractEditor *editor);
    QString workspaceFolder() const { return m_workspaceFolder; }
    QStringList recentFiles() const;
    // The last error reported to the user (also shown in a message box and the status bar).
    QString lastError() const { return m_lastError; }

    bool save(editor::ContractEditor *editor);
    bool saveAs(editor::ContractEditor *editor, const QString &path);

Q_SIGNALS:
    // Emitted once, after the window has painted for the first time.
    void firstPainted();
    void errorReported(const QString &message);

protected:
    void closeEvent(QCloseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void createActions();
    void newFile();
    void openFileDialog();
    void openFolderDialog();
    void saveCurrent();
    void saveCurrentAs();
    bool closeTab(int index);
    bool confirmDiscard(editor::ContractEditor *editor);
    void addRecentFile(const QString &path);
    void rebuildRecentMenu();
    void updateTitle();
    void updateCursorPosition();
    void reportError(const QString &message);
    void attachDiagnostics(editor::ContractEditor *editor);
    void recheckOthers(editor::ContractEditor *except);
    void showProblem(const QModelIndex &index);
    void updateProblemCounts();
    editor::ContractEditor *editorAt(int index) const;
    int indexOfFile(const QString &path) const;

    KSyntaxHighlighting::Repository m_repository;
    QTabWidget *m_tabs;
    QTreeView *m_fileTree;
    QFileSystemModel *m_fileModel;
    QLabel *m_positionLabel;
    QLabel *m_problemsLabel;
    editor::ProblemsModel *m_problemsModel;
    QTreeView *m_problemsView;
    QDockWidget *m_problemsDock = nullptr;
    QMenu *m_recentMenu = nullptr;
    QString m_workspaceFolder;
    QString m_lastError;
    bool m_painted = false;
};

} // namespace llmcl::app
