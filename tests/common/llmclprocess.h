// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Runs the real `llmcl` binary (llmcl::test::cliPath()) for the command-line tests.

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>

#include "tests/common/testpaths.h"

namespace llmcl::test {

struct LlmclRun
{
    int exitCode = -1; // -1: it crashed or did not finish in time
    QString out;
    QString err;
    QByteArray rawOut;
};

// Runs `llmcl ARGUMENTS` in `workingDirectory`, waiting at most `timeoutMs`. `shellPrefix`,
// when given, is a shell command run first in the same process (e.g. "ulimit -f 64").
inline LlmclRun runLlmcl(const QStringList &arguments, const QString &workingDirectory,
    int timeoutMs = 30000, const QString &shellPrefix = {})
{
    QProcess process;
    process.setWorkingDirectory(workingDirectory);
    if (shellPrefix.isEmpty()) {
        process.start(llmcl::test::cliPath(), arguments);
    } else {
        process.start(QStringLiteral("/bin/sh"),
            QStringList {QStringLiteral("-c"), shellPrefix + QStringLiteral("; exec \"$0\" \"$@\""),
                llmcl::test::cliPath()}
                + arguments);
    }
    if (!process.waitForFinished(timeoutMs) || process.exitStatus() != QProcess::NormalExit) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    const QByteArray out = process.readAllStandardOutput();
    return {process.exitCode(), QString::fromUtf8(out),
        QString::fromUtf8(process.readAllStandardError()), out};
}

} // namespace llmcl::test
