// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tracer/runlock.h"

#include <system_error>
#include <utility>

#if defined(_WIN32)
#include <windows.h>
#else
#include <cerrno>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace llmcl::tracer {

namespace {

// A file that keeps being replaced between our open and our lock is given up on after this
// many tries (each replacement means that its holder finished with it: it never takes long).
constexpr int kAttempts = 100;

#if defined(_WIN32)
engine::Error lockFailure(const std::string &path, const char *what, DWORD code)
{
    return engine::Error {path + ": " + what + " (" + std::system_category().message(int(code))
        + ", Windows error " + std::to_string(code) + ")"};
}

// The file opened without sharing is the lock: nobody else can open it while it is open, and it
// is deleted when its last handle closes (the process ending closes it).
HANDLE openLockFile(const std::string &path, bool create)
{
    return CreateFileA(path.c_str(), GENERIC_READ | DELETE, 0, nullptr,
        create ? OPEN_ALWAYS : OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL | FILE_FLAG_DELETE_ON_CLOSE,
        nullptr);
}
#else
engine::Error lockFailure(const std::string &path, const char *what, int code)
{
    return engine::Error {path + ": " + what + ": " + std::generic_category().message(code)};
}

// Whether `fd` is still the file at `path`: a holder removes the file before letting its lock
// go, so a lock taken on a file that is no longer there (or no longer that file) guards nothing.
bool isFileAt(int fd, const std::string &path)
{
    struct stat held {};
    struct stat named {};
    return fstat(fd, &held) == 0 && stat(path.c_str(), &named) == 0 && held.st_dev == named.st_dev
        && held.st_ino == named.st_ino;
}
#endif

} // namespace

std::string RunLock::filePath(const std::string &database, std::int64_t run)
{
    return database + "-run-" + std::to_string(run) + ".lock";
}

RunLock::RunLock(std::intptr_t handle, std::string path)
    : m_handle(handle)
    , m_path(std::move(path))
{ }

RunLock::RunLock(RunLock &&other) noexcept
    : m_handle(std::exchange(other.m_handle, -1))
    , m_path(std::move(other.m_path))
{ }

RunLock &RunLock::operator=(RunLock &&other) noexcept
{
    if (this != &other) {
        release();
        m_handle = std::exchange(other.m_handle, -1);
        m_path = std::move(other.m_path);
    }
    return *this;
}

RunLock::~RunLock()
{
    release();
}

#if defined(_WIN32)

engine::Result<std::optional<RunLock>> RunLock::tryAcquire(
    const std::string &database, std::int64_t run, Mode mode)
{
    if (database.empty())
        return std::optional<RunLock>(RunLock());
    const std::string path = filePath(database, run);
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
        HANDLE handle = openLockFile(path, mode == Mode::Create);
        if (handle != INVALID_HANDLE_VALUE)
            return std::optional<RunLock>(RunLock(reinterpret_cast<std::intptr_t>(handle), path));
        const DWORD code = GetLastError();
        if (code == ERROR_SHARING_VIOLATION)
            return std::optional<RunLock>();
        if (code == ERROR_FILE_NOT_FOUND && mode == Mode::Existing)
            return std::optional<RunLock>(RunLock());
        // A file whose holder just closed it is being deleted and cannot be opened meanwhile.
        if (code != ERROR_ACCESS_DENIED)
            return lockFailure(path, "cannot open the run's lock file", code);
        Sleep(1);
    }
    return engine::Error {path + ": cannot open the run's lock file: access denied"};
}

engine::Result<bool> RunLock::isHeld(const std::string &database, std::int64_t run)
{
    // Opening the file is taking the lock; closing it again deletes a file nobody held.
    auto lock = tryAcquire(database, run, Mode::Existing);
    if (!lock)
        return lock.error();
    return !lock.value().has_value();
}

void RunLock::release() noexcept
{
    if (m_handle == -1)
        return;
    CloseHandle(reinterpret_cast<HANDLE>(m_handle)); // deletes the file
    m_handle = -1;
    m_path.clear();
}

#else

engine::Result<std::optional<RunLock>> RunLock::tryAcquire(
    const std::string &database, std::int64_t run, Mode mode)
{
    if (database.empty())
        return std::optional<RunLock>(RunLock());
    const std::string path = filePath(database, run);
    // Read-only is enough for flock(), and lets anyone who may read the file check it (lock
    // files of teammates on a shared folder).
    const int flags = O_RDONLY | O_CLOEXEC | (mode == Mode::Create ? O_CREAT : 0);
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
        const int fd = ::open(path.c_str(), flags, 0644);
        if (fd < 0) {
            if (errno == ENOENT && mode == Mode::Existing)
                return std::optional<RunLock>(RunLock());
            return lockFailure(path,
                mode == Mode::Create ? "cannot create the run's lock file"
                                     : "cannot open the run's lock file",
                errno);
        }
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            const int code = errno;
            ::close(fd);
            if (code == EWOULDBLOCK)
                return std::optional<RunLock>();
            return lockFailure(path, "cannot lock the run's lock file", code);
        }
        if (isFileAt(fd, path))
            return std::optional<RunLock>(RunLock(fd, path));
        ::close(fd); // its holder removed it after we opened it: look again
    }
    return engine::Error {path + ": cannot lock the run's lock file: it keeps being replaced"};
}

engine::Result<bool> RunLock::isHeld(const std::string &database, std::int64_t run)
{
    if (database.empty())
        return false;
    const std::string path = filePath(database, run);
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return false;
        return lockFailure(path, "cannot open the run's lock file", errno);
    }
    const int locked = flock(fd, LOCK_SH | LOCK_NB);
    const int code = errno;
    ::close(fd); // lets the shared lock go
    if (locked == 0)
        return false;
    if (code == EWOULDBLOCK)
        return true;
    return lockFailure(path, "cannot check the run's lock file", code);
}

void RunLock::release() noexcept
{
    if (m_handle == -1)
        return;
    // Removed while still locked: whoever opens the path after this creates a new file, and
    // whoever opened this one before finds it gone once it has the lock (isFileAt()).
    ::unlink(m_path.c_str());
    ::close(static_cast<int>(m_handle));
    m_handle = -1;
    m_path.clear();
}

#endif

} // namespace llmcl::tracer
