// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractFileIconProvider>
#include <QMimeDatabase>

namespace llmcl::app {

// Icons and type names of files from their names alone. Qt's own provider asks QMimeDatabase,
// which opens a file whose name says nothing (llmcl-workspace.db-shm, -wal) to read its first
// bytes; closing that file drops every POSIX lock the process holds on it — SQLite's locks on
// the workspace database's shared memory. Another process (llmcl replay --db) then took the file
// for unused, truncated it under the Studio's mapping, and the Studio died of SIGBUS (SQLite's
// "How To Corrupt An SQLite Database File", 2.2). The workspace tree lists the folder that holds
// the database, and Qt's own file dialogs may show it: both use this provider.
class FileNameIconProvider final : public QAbstractFileIconProvider
{
public:
    // The one the tree and the dialogs use: it lives as long as the program, so no model or
    // dialog (nor its gatherer thread) outlives it.
    static FileNameIconProvider &shared();

    using QAbstractFileIconProvider::icon;
    QIcon icon(const QFileInfo &info) const override;
    QString type(const QFileInfo &info) const override;

private:
    QMimeDatabase m_mimeTypes;
};

} // namespace llmcl::app
