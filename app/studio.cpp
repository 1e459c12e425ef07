// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/studio.h"

#include "app/languages.h"
#include "app/mainwindow.h"
#include "app/settings.h"
#include "app/studiotour.h"
#include "editor/contracteditor.h"
#include "engine/version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>
#include <QTimer>

#include <cstdio>

#ifdef Q_OS_LINUX
#include <ctime>
#include <unistd.h>
#endif

namespace llmcl::app {

namespace {

// Milliseconds since the process started (exec, dynamic loading and Qt's start-up included),
// from the kernel's record of the start time; -1 where that is not available.
qint64 millisecondsSinceProcessStart()
{
#ifdef Q_OS_LINUX
    QFile stat(QStringLiteral("/proc/self/stat"));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray line = stat.readAll();
    // Field 22 (starttime, in clock ticks since boot) follows the command name in parentheses,
    // which may itself contain spaces.
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    constexpr int kStartTimeField = 22 - 3;
    if (fields.size() <= kStartTimeField)
        return -1;
    const double startSeconds =
        fields.at(kStartTimeField).toDouble() / double(sysconf(_SC_CLK_TCK));
    timespec now {};
    clock_gettime(CLOCK_BOOTTIME, &now);
    return qint64((double(now.tv_sec) + double(now.tv_nsec) / 1e9 - startSeconds) * 1000.0);
#else
    return -1;
#endif
}

} // namespace

int runStudio(QApplication &application)
{
    QElapsedTimer sinceStart;
    sinceStart.start();

    QApplication::setApplicationName(QStringLiteral("llmcl-studio"));
    QApplication::setApplicationDisplayName(QStringLiteral("LLMCL Studio"));
    QApplication::setOrganizationName(QStringLiteral("LLMCL"));
    QApplication::setOrganizationDomain(QStringLiteral("llmcl.dev"));
    QApplication::setApplicationVersion(QString::fromLatin1(
        engine::productVersion().data(), qsizetype(engine::productVersion().size())));
    QApplication::setDesktopFileName(QStringLiteral("dev.llmcl.Studio"));
    // Before any translated string is made, the command line's help included.
    installTranslators(effectiveLanguage(Settings().language()));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "LLMCL Studio: write and debug LLM contracts."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("path"),
        QApplication::translate("main",
            "A workspace folder, or a contract file to open (its "
            "folder becomes the workspace)."),
        QStringLiteral("[path]"));
    QCommandLineOption screenshotOption(QStringLiteral("screenshot"),
        QApplication::translate("main",
            "Save a PNG picture of the window to <file> once it has "
            "painted, then quit."),
        QStringLiteral("file"));
    QCommandLineOption probeOption(QStringLiteral("startup-probe"),
        QApplication::translate("main",
            "Print the milliseconds from start to the first painted "
            "frame, then quit (for benchmarks)."));
    QCommandLineOption tourOption(QStringLiteral("tour"),
        QApplication::translate("main",
            "Save pictures of the live verdicts, the conversation stepper "
            "and the trace view on the example workspace into <dir>, then "
            "quit."),
        QStringLiteral("dir"));
    parser.addOption(screenshotOption);
    parser.addOption(probeOption);
    parser.addOption(tourOption);
    parser.process(application);

    const QStringList arguments = parser.positionalArguments();
    if (arguments.size() > 1) {
        std::fprintf(stderr, "llmcl-studio: give at most one file or folder\n");
        return 2;
    }

    const QString screenshot = parser.value(screenshotOption);
    const bool probe = parser.isSet(probeOption);
    const QString tour = parser.value(tourOption);
    if (!tour.isEmpty() && (probe || !screenshot.isEmpty())) {
        std::fprintf(stderr, "llmcl-studio: --tour goes alone\n");
        return 2;
    }
    // Screenshots, the tour and the start-up probe show the same window every time: no restored
    // layout, no recovery question.
    const bool scripted = probe || !screenshot.isEmpty() || !tour.isEmpty();

    MainWindow window;
    if (!scripted)
        window.restoreSession(arguments.isEmpty());
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
            // The file first: the workspace then opens no other contract of its own.
            window.openFile(info.absoluteFilePath());
            window.openWorkspace(info.absolutePath());
        }
    } else if (window.workspaceFolder().isEmpty()) {
        window.openWorkspace(QDir::currentPath());
    }

    if (!tour.isEmpty()) {
        // It waits for the first paint and quits when done.
        runTour(window, tour);
    } else if (scripted) {
        QObject::connect(&window, &MainWindow::firstPainted, &window, [&] {
            if (probe) {
                // From process start when the kernel tells it, else from here.
                const qint64 fromProcessStart = millisecondsSinceProcessStart();
                std::printf("first-paint-ms %lld\n",
                    static_cast<long long>(
                        fromProcessStart >= 0 ? fromProcessStart : sinceStart.elapsed()));
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
    if (!scripted) {
        // Once the window is up, so the question has its context behind it.
        QTimer::singleShot(0, &window, [&window] { window.offerRecovery(); });
    }
    return QApplication::exec();
}

} // namespace llmcl::app
