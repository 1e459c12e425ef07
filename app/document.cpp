// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/document.h"

#include "app/filewatcher.h"
#include "editor/contracteditor.h"
#include "editor/diagnosticscontroller.h"

#include <QTimer>

namespace llmcl::app {

Document::Document(editor::ContractEditor *editor, FileWatcher *watcher, QObject *parent)
    : QObject(parent)
    , m_editor(editor)
    , m_diagnostics(new editor::DiagnosticsController(editor))
    , m_watcher(watcher)
    , m_watchedPath(editor->filePath())
{
    connect(editor, &QsciScintilla::modificationChanged, this, &Document::modificationChanged);
    connect(editor, &editor::ContractEditor::filePathChanged, this, &Document::filePathChanged);
    if (m_watcher && !m_watchedPath.isEmpty())
        m_watcher->watch(m_watchedPath);
}

Document::~Document()
{
    if (m_watcher && !m_watchedPath.isEmpty())
        m_watcher->unwatch(m_watchedPath);
}

QString Document::filePath() const
{
    return m_editor ? m_editor->filePath() : QString();
}

bool Document::isModified() const
{
    return m_editor && m_editor->isModified();
}

QString Document::displayName() const
{
    return m_editor ? m_editor->displayName() : QString();
}

QString Document::title() const
{
    return displayName() + (isModified() ? QStringLiteral(" •") : QString());
}

void Document::setDiskState(DiskState state)
{
    if (state == m_diskState)
        return;
    m_diskState = state;
    Q_EMIT labelChanged();
}

void Document::modificationChanged(bool modified)
{
    Q_EMIT labelChanged();
    if (modified || !hasPendingDiskChange())
        return;
    // Undone back to the text it was loaded with while the file changed on disk: now nothing of
    // the user's is lost by taking the disk's version. A save gets here too (it does not clear
    // the mark), and the file it wrote is read back.
    QTimer::singleShot(0, this, [this] {
        if (!isModified() && hasPendingDiskChange())
            Q_EMIT readyToReload();
    });
}

void Document::filePathChanged(const QString &path)
{
    if (path != m_watchedPath) {
        if (m_watcher) {
            m_watcher->unwatch(m_watchedPath);
            m_watcher->watch(path);
        }
        m_watchedPath = path;
    }
    // Saved (again) or read again: the file is there.
    if (isDeletedOnDisk())
        m_diskState = DiskState::InSync;
    Q_EMIT labelChanged();
}

} // namespace llmcl::app
