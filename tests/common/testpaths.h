// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Where the tests find the repository and the built programs, worked out when they run: from
// the running program's place in the build folder (build/<preset>/tests/ or bin/) and that
// folder's CMakeCache.txt. Nothing of a clone's path is compiled into a test, so a clone at
// another path compiles to the same objects and hits the compiler cache (BENCHMARKS.md, "First
// builds"); a test started by hand finds everything as under ctest.

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QString>
#include <QStringView>

#include <cstdio>
#include <cstdlib>

namespace llmcl::test {

namespace detail {

[[noreturn]] inline void cannotLocate(const QString &what)
{
    std::fprintf(stderr, "tests: %s\n", qPrintable(what));
    std::abort();
}

} // namespace detail

// The build folder (CMAKE_BINARY_DIR): the parent of the running program's folder.
inline const QString &buildDir()
{
    static const QString dir = [] {
        const QString program = QFileInfo(QStringLiteral("/proc/self/exe")).canonicalFilePath();
        QDir folder = QFileInfo(program).dir();
        if (program.isEmpty() || !folder.cdUp())
            detail::cannotLocate(QStringLiteral("cannot tell which program is running"));
        if (!QFileInfo::exists(folder.filePath(QStringLiteral("CMakeCache.txt"))))
            detail::cannotLocate(program
                + QStringLiteral(" is not in a CMake build folder's "
                                 "tests/ or bin/"));
        return folder.absolutePath();
    }();
    return dir;
}

// The repository (CMAKE_SOURCE_DIR), as the build folder's CMakeCache.txt records it.
inline const QString &sourceDir()
{
    static const QString dir = [] {
        const QString cachePath = buildDir() + QStringLiteral("/CMakeCache.txt");
        QFile cache(cachePath);
        if (!cache.open(QIODevice::ReadOnly | QIODevice::Text))
            detail::cannotLocate(cachePath + QStringLiteral(": ") + cache.errorString());
        const QByteArray key = QByteArrayLiteral("CMAKE_HOME_DIRECTORY:INTERNAL=");
        while (!cache.atEnd()) {
            const QByteArray line = cache.readLine().trimmed();
            if (line.startsWith(key))
                return QString::fromUtf8(line.mid(key.size()));
        }
        detail::cannotLocate(cachePath + QStringLiteral(": no CMAKE_HOME_DIRECTORY"));
    }();
    return dir;
}

// A path in the repository: `rest` begins with a slash ("/resources/examples").
inline QString sourcePath(QStringView rest)
{
    return sourceDir() + rest;
}

// A path under tests/data: `rest` begins with a slash ("/cli").
inline QString testDataPath(QStringView rest = {})
{
    return sourceDir() + QStringLiteral("/tests/data") + rest;
}

// A path in the build folder: `rest` begins with a slash ("/packaging/icons").
inline QString buildPath(QStringView rest)
{
    return buildDir() + rest;
}

// The built programs.
inline QString cliPath()
{
    return buildDir() + QStringLiteral("/bin/llmcl");
}

inline QString studioPath()
{
    return buildDir() + QStringLiteral("/bin/llmcl-studio");
}

} // namespace llmcl::test
