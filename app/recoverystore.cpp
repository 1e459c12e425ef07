// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/recoverystore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QSaveFile>
#include <QStandardPaths>
#include <QUuid>

#include <algorithm>
#include <limits>

namespace llmcl::app {

namespace {

const auto kLockName = QStringLiteral("session.lock");
const auto kFormat = QStringLiteral("llmcl-studio-recovery");
constexpr int kVersion = 1;

// Reads one entry; false for a file that is not a complete entry of this format.
bool readEntry(const QString &path, RecoveredBuffer *buffer)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray bytes = file.readAll();
    const qsizetype newline = bytes.indexOf('\n');
    if (newline < 0)
        return false;
    const QJsonObject header = QJsonDocument::fromJson(bytes.left(newline)).object();
    if (header.value(QLatin1String("format")).toString() != kFormat
        || header.value(QLatin1String("version")).toInt() != kVersion)
        return false;
    buffer->entryFile = path;
    buffer->originalPath = header.value(QLatin1String("path")).toString();
    buffer->displayName = header.value(QLatin1String("name")).toString();
    buffer->savedAt =
        QDateTime::fromString(header.value(QLatin1String("savedAt")).toString(), Qt::ISODateWithMs);
    buffer->text = bytes.mid(newline + 1);
    return true;
}

} // namespace

RecoveryStore::RecoveryStore(const QString &root)
    : m_root(root)
{ }

RecoveryStore::~RecoveryStore() = default;

QString RecoveryStore::defaultRoot()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
        + QStringLiteral("/recovery");
}

bool RecoveryStore::ensureSession(QString *errorMessage)
{
    if (m_lock)
        return true;
    const QString folder =
        m_root + QLatin1Char('/') + QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (!QDir().mkpath(folder)) {
        if (errorMessage)
            *errorMessage = QStringLiteral("%1: cannot create the recovery folder").arg(folder);
        return false;
    }
    auto lock = std::make_unique<QLockFile>(folder + QLatin1Char('/') + kLockName);
    if (!lock->tryLock(0)) {
        if (errorMessage)
            *errorMessage = QStringLiteral("%1: cannot lock the recovery folder").arg(folder);
        return false;
    }
    m_sessionFolder = folder;
    m_lock = std::move(lock);
    return true;
}

QString RecoveryStore::entryPath(const QString &id) const
{
    return m_sessionFolder + QLatin1Char('/') + id + QLatin1String(kEntrySuffix);
}

bool RecoveryStore::write(const QString &id, quint64 generation, const QString &originalPath,
    const QString &displayName, const QByteArray &text, QString *errorMessage)
{
    std::lock_guard guard(m_mutex);
    if (auto it = m_generations.constFind(id); it != m_generations.cend() && *it >= generation)
        return true;
    if (!ensureSession(errorMessage))
        return false;
    QJsonObject header;
    header.insert(QLatin1String("format"), kFormat);
    header.insert(QLatin1String("version"), kVersion);
    header.insert(QLatin1String("path"), originalPath);
    header.insert(QLatin1String("name"), displayName);
    header.insert(
        QLatin1String("savedAt"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    const QString path = entryPath(id);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (errorMessage)
            *errorMessage = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    file.write(QJsonDocument(header).toJson(QJsonDocument::Compact));
    file.write("\n", 1);
    file.write(text);
    if (!file.commit()) {
        if (errorMessage)
            *errorMessage = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    m_generations.insert(id, generation);
    return true;
}

void RecoveryStore::remove(const QString &id, quint64 generation)
{
    std::lock_guard guard(m_mutex);
    if (auto it = m_generations.constFind(id); it != m_generations.cend() && *it > generation)
        return;
    m_generations.insert(id, generation);
    if (m_lock)
        QFile::remove(entryPath(id));
}

bool RecoveryStore::contains(const QString &id) const
{
    std::lock_guard guard(m_mutex);
    return m_lock && QFileInfo::exists(entryPath(id));
}

void RecoveryStore::endSession()
{
    std::lock_guard guard(m_mutex);
    if (!m_lock)
        return;
    // Later writes of this session's buffers must not recreate the folder.
    for (auto it = m_generations.begin(); it != m_generations.end(); ++it)
        *it = std::numeric_limits<quint64>::max();
    m_lock->unlock();
    m_lock.reset();
    QDir(m_sessionFolder).removeRecursively();
}

QList<RecoveredBuffer> RecoveryStore::orphans() const
{
    QList<RecoveredBuffer> buffers;
    const QFileInfoList sessions =
        QDir(m_root).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QFileInfo &session : sessions) {
        if (session.absoluteFilePath() == m_sessionFolder)
            continue;
        // A live session (another Studio process) holds its lock; a crashed one left it stale
        // (its process is gone) or never took it.
        QLockFile lock(session.absoluteFilePath() + QLatin1Char('/') + kLockName);
        // Stale only when its process is gone: a long-running session never touches its lock
        // file, so an age limit would take the buffers of a live Studio.
        lock.setStaleLockTime(0);
        if (!lock.tryLock(0))
            continue;
        const QFileInfoList entries =
            QDir(session.absoluteFilePath())
                .entryInfoList({QLatin1String("*") + QLatin1String(kEntrySuffix)}, QDir::Files);
        for (const QFileInfo &entry : entries) {
            RecoveredBuffer buffer;
            if (readEntry(entry.absoluteFilePath(), &buffer))
                buffers.append(std::move(buffer));
        }
        lock.unlock();
        if (entries.isEmpty())
            QDir(session.absoluteFilePath()).removeRecursively();
    }
    std::stable_sort(buffers.begin(), buffers.end(),
        [](const RecoveredBuffer &a, const RecoveredBuffer &b) { return a.savedAt > b.savedAt; });
    return buffers;
}

bool RecoveryStore::discard(const RecoveredBuffer &buffer)
{
    if (!QFile::remove(buffer.entryFile) && QFileInfo::exists(buffer.entryFile))
        return false;
    const QDir session = QFileInfo(buffer.entryFile).absoluteDir();
    const QStringList left =
        session.entryList({QLatin1String("*") + QLatin1String(kEntrySuffix)}, QDir::Files);
    if (left.isEmpty())
        QDir(session.absolutePath()).removeRecursively();
    return true;
}

} // namespace llmcl::app
