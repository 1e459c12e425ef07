// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/filewatcher.h"

#include <QFileInfo>

namespace llmcl::app {

FileWatcher::FileWatcher(QObject *parent)
    : QObject(parent)
{
    m_settle.setSingleShot(true);
    m_settle.setInterval(100);
    connect(&m_settle, &QTimer::timeout, this, &FileWatcher::settle);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, &FileWatcher::schedule);
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, &FileWatcher::scheduleFolder);
}

FileWatcher::State FileWatcher::stateOf(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return {};
    return {true, info.size(), info.lastModified(QTimeZone::UTC)};
}

void FileWatcher::watch(const QString &path)
{
    if (path.isEmpty())
        return;
    if (!m_known.contains(path))
        addFolder(QFileInfo(path).absolutePath());
    m_known.insert(path, stateOf(path));
    if (!m_watcher.files().contains(path) && QFileInfo::exists(path))
        m_watcher.addPath(path);
}

void FileWatcher::unwatch(const QString &path)
{
    if (!m_known.remove(path))
        return;
    m_pending.remove(path);
    m_watcher.removePath(path);
    removeFolder(QFileInfo(path).absolutePath());
}

void FileWatcher::acknowledge(const QString &path)
{
    if (!m_known.contains(path))
        return;
    m_pending.remove(path);
    watch(path);
}

void FileWatcher::addFolder(const QString &folder)
{
    if (m_folders[folder]++ == 0)
        m_watcher.addPath(folder);
}

void FileWatcher::removeFolder(const QString &folder)
{
    auto it = m_folders.find(folder);
    if (it == m_folders.end())
        return;
    if (--*it == 0) {
        m_folders.erase(it);
        m_watcher.removePath(folder);
    }
}

void FileWatcher::schedule(const QString &path)
{
    if (!m_known.contains(path))
        return;
    m_pending.insert(path);
    m_settle.start();
}

void FileWatcher::scheduleFolder(const QString &folder)
{
    for (auto it = m_known.cbegin(); it != m_known.cend(); ++it) {
        if (QFileInfo(it.key()).absolutePath() == folder)
            schedule(it.key());
    }
}

void FileWatcher::settle()
{
    const QSet<QString> pending = std::exchange(m_pending, {});
    for (const QString &path : pending) {
        auto it = m_known.find(path);
        if (it == m_known.end())
            continue;
        const State now = stateOf(path);
        // A replaced file (written elsewhere and renamed over it) lost its watch.
        if (now.exists && !m_watcher.files().contains(path))
            m_watcher.addPath(path);
        if (now == *it)
            continue;
        *it = now;
        if (now.exists)
            Q_EMIT fileChanged(path);
        else
            Q_EMIT fileRemoved(path);
    }
}

} // namespace llmcl::app
