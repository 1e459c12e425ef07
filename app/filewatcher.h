// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QFileSystemWatcher>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>

namespace llmcl::app {

// Tells when files open in the editors are changed or deleted by someone else (docs/studio.md,
// "Files changed on disk").
//
// Each watched file has a known state (exists, size, modification time), taken when watching
// starts and again by acknowledge() after the Studio itself wrote or read the file. A
// notification from QFileSystemWatcher is only a hint: after a short settle delay (editors and
// version control write files in several steps, or replace them by renaming) the file is
// looked at again, and a signal is emitted only when its state differs from the known one. So
// the Studio's own saves are never reported, and a file replaced by a rename (which drops the
// inotify watch) is watched again. The folders of the files are watched too, so a deleted file
// that comes back is noticed.
//
// Paths are absolute. GUI thread only; looking at a file is one stat() call.
class FileWatcher : public QObject
{
    Q_OBJECT

public:
    explicit FileWatcher(QObject *parent = nullptr);

    // Starts watching `path`; its current state is the known one.
    void watch(const QString &path);
    void unwatch(const QString &path);
    // The file on disk is what the Studio just wrote or read: its current state becomes the
    // known one, and the pending notifications about it are forgotten.
    void acknowledge(const QString &path);
    bool isWatching(const QString &path) const { return m_known.contains(path); }
    QStringList watchedFiles() const { return m_known.keys(); }

    // Milliseconds between a notification and the look at the file (100 by default).
    int settleDelay() const { return m_settle.interval(); }
    void setSettleDelay(int milliseconds) { m_settle.setInterval(milliseconds); }

Q_SIGNALS:
    // `path` exists and differs from its known state (a new state, now the known one).
    void fileChanged(const QString &path);
    // `path` no longer exists. If it comes back, fileChanged() follows.
    void fileRemoved(const QString &path);

private:
    struct State
    {
        bool exists = false;
        qint64 size = -1;
        QDateTime modified;
        bool operator==(const State &) const = default;
    };
    static State stateOf(const QString &path);
    void schedule(const QString &path);
    void scheduleFolder(const QString &folder);
    void settle();
    void addFolder(const QString &folder);
    void removeFolder(const QString &folder);

    QFileSystemWatcher m_watcher;
    QHash<QString, State> m_known;
    QHash<QString, int> m_folders; // folder -> number of watched files in it
    QSet<QString> m_pending;
    QTimer m_settle;
};

} // namespace llmcl::app
