// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include <memory>
#include <mutex>

class QLockFile;

namespace llmcl::app {

// One buffer found in the recovery area: what was being edited when a Studio session ended
// without closing cleanly.
struct RecoveredBuffer
{
    // The file the entry is stored in (to discard it).
    QString entryFile;
    // The file the buffer belonged to; empty for a never saved buffer.
    QString originalPath;
    // The tab's name at the time ("Untitled" for a new buffer).
    QString displayName;
    // When the entry was written (UTC).
    QDateTime savedAt;
    // The buffer's text, UTF-8.
    QByteArray text;
};

// The recovery area of unsaved buffers (docs/studio.md, "Recovery after a crash").
//
// Layout: <root>/<session>/ holds one file per buffer, <buffer id>.recovery, plus the session's
// lock file. An entry is a one-line JSON header (original path, name, time) followed by the raw
// UTF-8 text, written atomically (QSaveFile: a crash while writing leaves the previous entry).
// A running session holds its lock; the buffers of sessions whose lock is free (the process
// ended without cleaning up) are the ones to offer for recovery. Two Studio processes thus
// never offer each other's live buffers.
//
// Thread-safe: write() runs on a worker thread while remove() runs on the GUI thread. Every
// write and removal carries the buffer's generation (incremented by the caller for each change
// of the buffer), and an operation older than the last one applied to the buffer does nothing,
// so a slow write can never resurrect an entry removed after a save.
class RecoveryStore
{
public:
    // `root`: the recovery area; defaultRoot() in the application.
    explicit RecoveryStore(const QString &root = defaultRoot());
    // Keeps the session's entries (endSession() removes them) and releases its lock.
    ~RecoveryStore();

    RecoveryStore(const RecoveryStore &) = delete;
    RecoveryStore &operator=(const RecoveryStore &) = delete;

    // QStandardPaths::AppDataLocation/recovery.
    static QString defaultRoot();
    QString root() const { return m_root; }
    // This session's folder; created and locked by the first write.
    QString sessionFolder() const { return m_sessionFolder; }

    // Writes the entry of buffer `id` unless an operation of a newer generation was applied.
    // Returns false with a message naming the file and the cause when the write fails.
    bool write(const QString &id, quint64 generation, const QString &originalPath,
        const QString &displayName, const QByteArray &text, QString *errorMessage = nullptr);
    // Deletes the entry of buffer `id` (the buffer was saved or closed).
    void remove(const QString &id, quint64 generation);
    // Whether buffer `id` has an entry now.
    bool contains(const QString &id) const;
    // Deletes this session's entries and folder: the session ended cleanly.
    void endSession();

    // The buffers of ended sessions (folders under root() whose lock is free), newest first.
    // Unreadable entries are skipped.
    QList<RecoveredBuffer> orphans() const;
    // Deletes a recovered entry, and its session's folder once it holds no other entry.
    static bool discard(const RecoveredBuffer &buffer);

    static constexpr const char *kEntrySuffix = ".recovery";

private:
    bool ensureSession(QString *errorMessage);
    QString entryPath(const QString &id) const;

    QString m_root;
    QString m_sessionFolder;
    mutable std::mutex m_mutex;
    std::unique_ptr<QLockFile> m_lock;
    // Per buffer id: the generation of the last operation applied.
    QHash<QString, quint64> m_generations;
};

} // namespace llmcl::app
