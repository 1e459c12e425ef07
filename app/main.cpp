// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/studio.h"

#include <QApplication>
#include <QCoreApplication>

#include "llmcl/buildcommit.h"

int main(int argc, char *argv[])
{
    llmcl::app::setBuildCommit(LLMCL_BUILD_COMMIT);
    if (llmcl::app::answersWithoutWindow(argc, argv)) {
        QCoreApplication application(argc, argv);
        return llmcl::app::answerWithoutWindow(application);
    }
    llmcl::app::prepareForWindow();
    QApplication application(argc, argv);
    return llmcl::app::runStudio(application);
}
