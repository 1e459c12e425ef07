// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/result.h"

#include <cstdint>
#include <optional>
#include <string>

namespace llmcl::tracer {

// The lock that says a run's writer is alive: an flock(2) on "<database>-run-<id>.lock" beside
// the database file (on Windows: that file opened without sharing, deleted when closed). The
// kernel drops it when its process ends, however it ends (kill -9 included), so a run whose lock
// can be taken has no writer any more, whatever process id and host its row names: process ids
// are reused, and a container's host name means nothing outside it.
//
// The protocol (docs/workspace-database.md, "Writers and liveness"): a writer takes the lock
// exclusively before it commits a run as running, and keeps it until it has committed the run's
// end; only a holder of the exclusive lock removes the file, and it does so before it lets the
// lock go; a taker checks that the file it locked is still the one at the path. A database with
// an empty file name (SQLite's temporary and in-memory databases) has no lock files: every lock
// is then free, and taking it holds nothing.
//
// Not thread-safe; movable. Lock files are found by the database file's absolute path, as SQLite
// resolves it (Database::fileName()), so that every process finds the same file.
class RunLock
{
public:
    // "<database>-run-<run>.lock".
    static std::string filePath(const std::string &database, std::int64_t run);

    enum class Mode : std::uint8_t
    {
        Create, // a writer: creates the file when missing
        Existing, // a check or a clean-up: a missing file means nobody holds the lock
    };
    // Takes the lock of `run` exclusively, without waiting. std::nullopt when someone else holds
    // it; a lock that holds() nothing when the mode is Existing and there is no file; an error
    // naming the lock file when it cannot be opened, created or locked.
    static engine::Result<std::optional<RunLock>> tryAcquire(
        const std::string &database, std::int64_t run, Mode mode);
    // Whether someone holds the lock of `run` now, found out by taking it shared for a moment
    // (a missing file: nobody does). Takes nothing away from a holder, and two checks at once do
    // not disturb each other; a tryAcquire() at the very moment of a check finds the lock held,
    // so a taker that must not fail for that retries for a moment.
    static engine::Result<bool> isHeld(const std::string &database, std::int64_t run);

    RunLock() = default;
    RunLock(RunLock &&other) noexcept;
    RunLock &operator=(RunLock &&other) noexcept;
    RunLock(const RunLock &) = delete;
    RunLock &operator=(const RunLock &) = delete;
    // Releases the lock (release()).
    ~RunLock();

    bool holds() const noexcept { return m_handle != -1; }
    // The lock file ("" when the lock holds nothing).
    const std::string &path() const noexcept { return m_path; }
    // Removes the lock file, then lets the lock go; nothing when it holds none.
    void release() noexcept;

private:
    RunLock(std::intptr_t handle, std::string path);

    std::intptr_t m_handle = -1; // a file descriptor, or a Windows HANDLE
    std::string m_path;
};

} // namespace llmcl::tracer
