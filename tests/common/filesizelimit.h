// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <csignal>
#include <cstdint>
#include <sys/resource.h>

namespace llmcl::test {

// A full disk for this process, without root or a file system of its own: while the object
// lives, no file may grow past `bytes` (RLIMIT_FSIZE, the soft limit only, which any user may
// lower and raise again up to the hard limit). A write that crosses the limit is cut short and
// the next one fails with EFBIG, which SQLite reports as an I/O error whose system error is
// EFBIG (engine::Error::Kind::Full); a real full disk gives ENOSPC (SQLITE_FULL, Kind::Full
// too). The kernel also sends SIGXFSZ, which would end the process: it is ignored meanwhile,
// as `llmcl` and `llmcl-studio` ignore it for good. The limit holds for every thread of the
// process and every file it writes, so whatever else the test writes meanwhile must stay small.
class FileSizeLimit
{
public:
    explicit FileSizeLimit(std::uint64_t bytes)
    {
        m_previousHandler = std::signal(SIGXFSZ, SIG_IGN);
        if (getrlimit(RLIMIT_FSIZE, &m_previous) != 0)
            return;
        rlimit limited = m_previous;
        limited.rlim_cur = rlim_t(bytes);
        if (m_previous.rlim_max != RLIM_INFINITY && limited.rlim_cur > m_previous.rlim_max)
            limited.rlim_cur = m_previous.rlim_max;
        m_active = setrlimit(RLIMIT_FSIZE, &limited) == 0;
    }
    FileSizeLimit(const FileSizeLimit &) = delete;
    FileSizeLimit &operator=(const FileSizeLimit &) = delete;
    ~FileSizeLimit() { lift(); }

    // Whether the limit was set (false: the test cannot simulate a full disk here).
    bool isActive() const { return m_active; }
    // Files may grow again (the disk was cleaned up); SIGXFSZ gets its handler back.
    void lift()
    {
        if (m_active)
            setrlimit(RLIMIT_FSIZE, &m_previous);
        m_active = false;
        if (m_previousHandler != SIG_ERR) {
            std::signal(SIGXFSZ, m_previousHandler);
            m_previousHandler = SIG_ERR;
        }
    }

private:
    rlimit m_previous {};
    void (*m_previousHandler)(int) = SIG_ERR;
    bool m_active = false;
};

} // namespace llmcl::test
