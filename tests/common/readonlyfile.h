// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFile>
#include <QString>

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>
#if defined(__linux__)
#include <linux/fs.h>
#endif

namespace llmcl::test {

// Makes a file that this process really may not write, while the object lives, whoever runs
// the test. For a user, taking its write permissions away does it. Root writes any file whatever
// its permissions, so there the file is made immutable (`chattr +i`: FS_IMMUTABLE_FL, which needs
// CAP_LINUX_IMMUTABLE and a file system that keeps the flag, such as ext4, XFS, Btrfs and
// tmpfs): then opening it for writing fails with EPERM for root too, as EACCES does for a
// user, and SQLite falls back to reading it, as it does for a file of another user or on a
// read-only file system. isReadOnly() is false when neither works here (the test then
// skips). The flag is taken off again before the object goes, or the file could not even be
// deleted.
class ReadOnlyFile
{
public:
    explicit ReadOnlyFile(const QString &path)
        : m_path(path)
    {
        if (geteuid() != 0) {
            m_permissions = QFile::permissions(path);
            m_readOnly = QFile::setPermissions(path, QFile::ReadOwner | QFile::ReadGroup)
                && access(QFile::encodeName(path).constData(), W_OK) != 0;
            return;
        }
#if defined(__linux__)
        const int fd = open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return;
        int flags = 0;
        if (ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0) {
            m_flags = flags;
            flags |= FS_IMMUTABLE_FL;
            m_immutable = ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0;
        }
        close(fd);
        m_readOnly = m_immutable && access(QFile::encodeName(path).constData(), W_OK) != 0;
#endif
    }
    ReadOnlyFile(const ReadOnlyFile &) = delete;
    ReadOnlyFile &operator=(const ReadOnlyFile &) = delete;
    ~ReadOnlyFile()
    {
        if (m_permissions)
            QFile::setPermissions(m_path, m_permissions);
#if defined(__linux__)
        if (m_immutable) {
            const int fd = open(QFile::encodeName(m_path).constData(), O_RDONLY | O_CLOEXEC);
            if (fd >= 0) {
                ioctl(fd, FS_IOC_SETFLAGS, &m_flags);
                close(fd);
            }
        }
#endif
    }

    bool isReadOnly() const { return m_readOnly; }

private:
    QString m_path;
    QFile::Permissions m_permissions;
    int m_flags = 0;
    bool m_immutable = false;
    bool m_readOnly = false;
};

} // namespace llmcl::test
