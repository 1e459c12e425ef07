// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/studio.h"

#include <QApplication>
#include <QCoreApplication>

#include <csignal>

#include "buildinfo/buildcommit.h"

int main(int argc, char *argv[])
{
#if defined(SIGXFSZ)
    // A file-size limit reached while writing the workspace database, a report or an export
    // (ulimit -f, quotas) is an I/O error the window reports, like a full disk, not a reason to
    // die without a message.
    std::signal(SIGXFSZ, SIG_IGN);
#endif
    llmcl::app::setBuildCommit(llmcl::buildCommit());
    if (llmcl::app::answersWithoutWindow(argc, argv)) {
        QCoreApplication application(argc, argv);
        return llmcl::app::answerWithoutWindow(application);
    }
    llmcl::app::prepareForWindow();
    QApplication application(argc, argv);
    return llmcl::app::runStudio(application);
}
