// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/studio.h"

#include "app/mainwindow.h"
#include "editor/contracteditor.h"
#include "engine/version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTextStream>
#include <QTimer>

#include <cstdio>

namespace llmcl::app {

int runStudio(QApplication &application)
{
    QElapsedTimer sinceStart;
    sinceStart.start();

    QApplication::setApplicationName(QStringLiteral("llmcl-studio"));
    QApplication::setApplicationDisplayName(QStringLiteral("LLMCL Studio"));
    QApplication::setOrganizationName(QStringLiteral("LLMCL"));
    QApplication::setOrganizationDomain(QStringLiteral("llmcl.dev"));
    QApplication::setApplicationVersion(
        QString::fromLatin1(engine::productVersion().data(), qsizetype(engine::productVersion().size())));
    QApplication::setDesktopFileName(QStringLiteral("dev.llmcl.Studio"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "LLMCL Studio: write and debug LLM contracts."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("path"),
        QApplication::translate("main", "A workspace folder, or a contract file to open (its "
                                        "folder becomes the workspace)."),
        QStringLiteral("[path]"));
    QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QApplication::translate("main", "Save a PNG picture of the window to <file> once it has "
                                        "painted, then quit."),
        QStringLiteral("file"));
    QCommandLineOption probeOption(
        QStringLiteral("startup-probe"),
        QApplication::translate("main", "Print the milliseconds from start to the first painted "
                                        "frame, then quit (for benchmarks)."));
    parser.addOption(screenshotOption);
    parser.addOption(probeOption);
    parser.process(application);

    const QStringList arguments = parser.positionalArguments();
    if (arguments.size() > 1) {
        std::fprintf(stderr, "llmcl-studio: give at most one file or folder\n");
        return 2;
    }

    MainWindow window;
    if (!arguments.isEmpty()) {
        const QFileInfo info(arguments.constFirst());
        if (!info.exists()) {
            std::fprintf(stderr, "llmcl-studio: %s: no such file or folder\n",
                         qPrintable(arguments.constFirst()));
            return 2;
        }
        if (info.isDir()) {
            window.openWorkspace(info.absoluteFilePath());
        } else {
            window.openWorkspace(info.absolutePath());
            window.openFile(info.absoluteFilePath());
        }
    } else {
        window.openWorkspace(QDir::currentPath());
    }

    const QString screenshot = parser.value(screenshotOption);
    const bool probe = parser.isSet(probeOption);
    if (probe || !screenshot.isEmpty()) {
        QObject::connect(&window, &MainWindow::firstPainted, &window, [&] {
            if (probe) {
                std::printf("first-paint-ms %lld\n", static_cast<long long>(sinceStart.elapsed()));
                std::fflush(stdout);
            }
            if (!screenshot.isEmpty()) {
                // Let pending layout and highlighting settle so the picture shows the real state.
                QTimer::singleShot(300, &window, [&] {
                    if (!window.grab().save(screenshot, "PNG")) {
                        std::fprintf(stderr, "llmcl-studio: %s: cannot write the screenshot\n",
                                     qPrintable(screenshot));
                        QApplication::exit(2);
                        return;
                    }
                    QApplication::quit();
                });
                return;
            }
            QApplication::quit();
        });
    }
    window.show();
    return QApplication::exec();
}

} // namespace llmcl::app
