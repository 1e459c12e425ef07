// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

namespace llmcl::editor {
class ContractEditor;
class DiagnosticsController;
} // namespace llmcl::editor

namespace llmcl::app {

class FileWatcher;

// One contract open in the main window (docs/development.md, "Documents"): its editor, the
// controller that checks it, the path its file is watched under and what happened to that file
// on disk that the buffer has not caught up with. MainWindow keeps one per tab and asks it
// rather than keeping sets keyed by editor.
//
// The editor is the tab's widget and belongs to the tab widget (its Qt parent): closing the tab
// deletes it, and the window's teardown deletes the documents before the tabs. The controller is
// a child of the editor, as the editor library wants. Both are held by QPointer, so a Document
// outliving its editor answers null. The Document itself only keeps state and says when it
// changed; what to do about a file changed on disk (reload, ask) is the window's.
//
// GUI thread only.
class Document : public QObject
{
    Q_OBJECT

public:
    // What happened to the file on disk that the buffer does not show. The states exclude each
    // other: a file deleted and then written again is only changed.
    enum class DiskState
    {
        InSync, // nothing the buffer has not caught up with (or the user chose to keep theirs)
        ChangedOnDisk, // changed while the buffer had unsaved changes, undecided
        DeletedOnDisk, // deleted or renamed away; the text stays, saving writes the file again
    };

    // Takes `editor` (in its tab, loaded or empty), gives it its DiagnosticsController and has
    // `watcher` watch its file, following Save As, until the Document is destroyed. `watcher`
    // may be null (nothing is watched); it must outlive the Document or be destroyed first.
    Document(editor::ContractEditor *editor, FileWatcher *watcher, QObject *parent = nullptr);
    ~Document() override;

    editor::ContractEditor *editor() const { return m_editor; }
    editor::DiagnosticsController *diagnostics() const { return m_diagnostics; }

    // The editor's file (absolute); empty for a buffer never saved.
    QString filePath() const;
    // The path the file is watched under: filePath() once the editor has reported it (Save As).
    QString watchedPath() const { return m_watchedPath; }
    // Whether the buffer has unsaved changes.
    bool isModified() const;
    // The file name, or "Untitled".
    QString displayName() const;
    // For tabs and the window title: displayName(), followed by " •" when modified.
    QString title() const;

    DiskState diskState() const { return m_diskState; }
    void setDiskState(DiskState state);
    bool hasPendingDiskChange() const { return m_diskState == DiskState::ChangedOnDisk; }
    bool isDeletedOnDisk() const { return m_diskState == DiskState::DeletedOnDisk; }

Q_SIGNALS:
    // title(), filePath() or diskState() changed: tabs and titles that show it are out of date.
    void labelChanged();
    // A change on disk is pending and the buffer has no unsaved changes any more (undone back
    // to the text it was loaded with, or saved): taking the disk's text loses nothing of the
    // user's. Emitted from the event loop, once the buffer has settled.
    void readyToReload();

private:
    void modificationChanged(bool modified);
    void filePathChanged(const QString &path);

    QPointer<editor::ContractEditor> m_editor;
    QPointer<editor::DiagnosticsController> m_diagnostics;
    QPointer<FileWatcher> m_watcher;
    QString m_watchedPath;
    DiskState m_diskState = DiskState::InSync;
};

} // namespace llmcl::app
