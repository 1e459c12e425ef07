// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "editor/jobchannel.h"

#include <QList>
#include <QMainWindow>
#include <QString>
#include <QStringList>

#include <KSyntaxHighlighting/Repository>

#include <memory>
#include <vector>

class QActionGroup;
class QDockWidget;
class QFileSystemModel;
class QLabel;
class QMenu;
class QModelIndex;
class QStackedWidget;
class QTabWidget;
class QTreeView;

namespace llmcl::editor {
class ContractEditor;
class DiagnosticsController;
class ProblemsModel;
} // namespace llmcl::editor

namespace llmcl::app {

class Autosaver;
class CommandPalette;
class DebugTools;
class DiskChangeBar;
class Document;
class EditorTools;
class EvaluationPanel;
class FileWatcher;
class ModeManager;
class RecoveryDialog;
class RunTools;
struct RecoveredBuffer;
class ThemeManager;

// The Studio's main window: tabs of contract editors in the middle with the panels of the current
// mode around them (ModeManager: Edit, Debug, Runs), the cursor position, the problem counts and
// messages in the status bar.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Shows `folder` in the file tree at once and scans it for contract files on the global
    // pool; when the scan is done, opens the first contract file if no tab is open by then, and
    // emits workspaceScanned(). Returns false (and reports the error) when the folder does not
    // exist or is a file; a folder that cannot be listed is reported when the scan ends. A
    // newer openWorkspace() drops the scan of the older one.
    bool openWorkspace(const QString &folder);
    // Whether the scan openWorkspace() started is still running.
    bool isScanningWorkspace() const { return m_scanningWorkspace; }
    // Opens a file in a tab, or switches to its tab when it is open already. A missing,
    // unreadable or non-UTF-8 file is reported and opens nothing.
    bool openFile(const QString &path);

    editor::ContractEditor *currentEditor() const;
    // The open contract whose editor is `editor` (a tab's widget); null for any other widget.
    Document *document(const editor::ContractEditor *editor) const;
    Document *currentDocument() const;
    QTabWidget *tabs() const { return m_tabs; }
    QTreeView *fileTree() const { return m_fileTree; }
    editor::ProblemsModel *problemsModel() const { return m_problemsModel; }
    QTreeView *problemsView() const { return m_problemsView; }
    QDockWidget *problemsDock() const { return m_problemsDock; }
    // The Sessions, Conversation Stepper and Trace docks and the clause breakpoints.
    DebugTools *debugTools() const { return m_debugTools; }
    // Completion, hover, navigation, the Outline dock, the find bar, rename, format, comments.
    EditorTools *editorTools() const { return m_editorTools; }
    // The Runs and Run docks, the workspace database and replays (docs/studio.md, "Runs").
    RunTools *runTools() const { return m_runTools; }
    // The Edit, Debug and Runs modes, their layouts and the mode bar (docs/studio.md, "Modes").
    ModeManager *modes() const { return m_modes; }
    // The centre of the Edit and Debug modes: the editor tabs with the disk-change bar above.
    QWidget *editorArea() const { return m_editorArea; }
    // The syntax definitions every contract view of the window shares (loaded once).
    KSyntaxHighlighting::Repository &syntaxRepository() { return m_repository; }
    // Context keys seen in the loaded sessions, for completion and the checks of all editors.
    void setKnownContextKeys(const QStringList &keys);
    // The live evaluation panel (a dock): the sample evaluated against the current editor.
    EvaluationPanel *evaluationPanel() const { return m_evaluationPanel; }
    // The controller that checks `editor` as the user types, for code that holds only an
    // editor (the tools, tests); the window asks the editor's Document.
    static editor::DiagnosticsController *diagnosticsController(editor::ContractEditor *editor);
    QString workspaceFolder() const { return m_workspaceFolder; }
    QStringList recentFiles() const;
    // The last error reported to the user (also shown in a message box and the status bar).
    QString lastError() const { return m_lastError; }

    bool save(editor::ContractEditor *editor);
    bool saveAs(editor::ContractEditor *editor, const QString &path);

    // Workspace (docs/studio.md, "Workspace: recovery, files changed on disk, settings").
    // Offers the unsaved buffers of Studio sessions that ended without a clean close in a
    // window-modal RecoveryDialog (asynchronous; the choice is carried out when it closes).
    // Returns the dialog, or nullptr when there is nothing to recover.
    RecoveryDialog *offerRecovery();
    // Opens a recovered buffer as a modified buffer: its file with the recovered text (one undo
    // step back to the file's text), or a new buffer when it was never saved or its file is
    // gone. Returns the editor.
    editor::ContractEditor *restoreBuffer(const RecoveredBuffer &buffer);
    // Restores geometry, the mode and each mode's layout, the last workspace (when `workspace`
    // is true) and the tabs open at the last clean exit. Returns whether a workspace was
    // opened.
    bool restoreSession(bool workspace);
    // Writes geometry, the mode and each mode's layout, workspace and open tabs to the
    // settings.
    void saveSession() const;
    // Replaces `editor`'s text by its file's, keeping the cursor and scroll position.
    bool reloadFromDisk(editor::ContractEditor *editor);
    // Whether `editor`'s file was deleted (or renamed away) on disk.
    bool isDeletedOnDisk(editor::ContractEditor *editor) const;
    // Whether `editor` has unsaved changes and its file changed on disk, undecided.
    bool hasPendingDiskChange(editor::ContractEditor *editor) const;
    Autosaver *autosaver() const { return m_autosaver; }
    FileWatcher *fileWatcher() const { return m_fileWatcher; }
    DiskChangeBar *diskChangeBar() const { return m_diskChangeBar; }
    CommandPalette *commandPalette() const { return m_commandPalette; }
    ThemeManager *themeManager() const { return m_themeManager; }

    // The editors' font size in points for all editors (0: the system's); persisted.
    int fontSize() const { return m_fontSize; }
    void setFontSize(int points);
    // The KSyntaxHighlighting theme of all editors by name (empty: light or dark default to
    // match the palette); persisted.
    QString syntaxThemeName() const { return m_syntaxThemeName; }
    void setSyntaxThemeName(const QString &name);
    // Re-reads theme, syntax theme, font size and autosave interval from the settings.
    void applySettings();

Q_SIGNALS:
    // Emitted once, after the window has painted for the first time.
    void firstPainted();
    void errorReported(const QString &message);
    // The scan of `folder` (openWorkspace()) ended, the first contract opened if it was to be.
    void workspaceScanned(const QString &folder);
    // The user chose "Restart Now" after changing the language (the offer follows the
    // Preferences dialog). Whoever started the window restarts the process (studio.cpp).
    void restartRequested();

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void createActions();
    void newFile();
    // Leaves the Runs mode for the Edit mode, so that an editor the user opened is seen.
    void showEditors();
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
    void finishWorkspaceScan(
        const QString &folder, const QString &firstContract, const QString &error);
    // Makes `editor`, just added as a tab, an open contract: its Document, checks, look.
    void addDocument(editor::ContractEditor *editor);
    void attachDiagnostics(Document *document);
    void recheckOthers(editor::ContractEditor *except);
    void showProblem(const QModelIndex &index);
    void updateProblemCounts();
    editor::ContractEditor *editorAt(int index) const;
    int indexOfFile(const QString &path) const;
    void prepareEditor(Document *document);
    void updateTabLabel(const Document *document);
    QList<Document *> documentsWatching(const QString &path) const;
    void fileChangedOnDisk(const QString &path);
    void fileRemovedFromDisk(const QString &path);
    void updateDiskChangeBar();
    void keepMineAfterDiskChange();
    void showSettingsDialog();
    // After a change of language: a window-modal question offering to restart now.
    void offerRestart();
    void createAppearanceActions(QMenu *view);
    void applyEditorLook(editor::ContractEditor *editor);
    void applyFontSizeToAll();

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

    Autosaver *m_autosaver;
    FileWatcher *m_fileWatcher;
    DiskChangeBar *m_diskChangeBar;
    CommandPalette *m_commandPalette = nullptr;
    ThemeManager *m_themeManager;
    DebugTools *m_debugTools = nullptr;
    EditorTools *m_editorTools = nullptr;
    RunTools *m_runTools = nullptr;
    ModeManager *m_modes = nullptr;
    QStackedWidget *m_centre = nullptr;
    QWidget *m_editorArea = nullptr;
    EvaluationPanel *m_evaluationPanel = nullptr;
    QDockWidget *m_evaluationDock = nullptr;
    void createEvaluationDock();
    void createEvaluationActions();
    void updateEvaluationEditor();
    QActionGroup *m_themeGroup = nullptr;
    QActionGroup *m_syntaxThemeGroup = nullptr;
    // One per tab, in the order they were opened (tabs move; find one by its editor).
    std::vector<std::unique_ptr<Document>> m_documents;
    int m_fontSize = 0;
    QString m_syntaxThemeName;
    // Workspace scans; openWorkspace() advances it.
    editor::JobChannel<MainWindow> m_workspaceScan {this};
    bool m_scanningWorkspace = false;
};

} // namespace llmcl::app
