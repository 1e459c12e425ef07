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
#include <QGuiApplication>
#include <QIcon>
#include <QProcess>
#include <QTextStream>
#include <QTimer>

#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

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

// The options of llmcl-studio's command line, read by the window-less answers (--help,
// --version) and by runStudio() alike.
struct StudioCommandLine
{
    QCommandLineParser parser;
    QCommandLineOption screenshot {QStringLiteral("screenshot"),
        QCoreApplication::translate("main",
            "Save a PNG picture of the window to <file> once it has "
            "painted, then quit."),
        QStringLiteral("file")};
    QCommandLineOption probe {QStringLiteral("startup-probe"),
        QCoreApplication::translate("main",
            "Print the milliseconds from start to the first painted "
            "frame, then quit (for benchmarks).")};
    QCommandLineOption tour {QStringLiteral("tour"),
        QCoreApplication::translate("main",
            "Save pictures of the live verdicts, the conversation stepper "
            "and the trace view on the example workspace into <dir>, then "
            "quit."),
        QStringLiteral("dir")};

    StudioCommandLine()
    {
        parser.setApplicationDescription(
            QCoreApplication::translate("main", "LLMCL Studio: write and debug LLM contracts."));
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addPositionalArgument(QStringLiteral("path"),
            QCoreApplication::translate("main",
                "A workspace folder, or a contract file to open (its "
                "folder becomes the workspace)."),
            QStringLiteral("[path]"));
        parser.addOption(screenshot);
        parser.addOption(probe);
        parser.addOption(tour);
    }
};

QString g_buildCommit; // setBuildCommit()

// Names and version, before any application object exists; then the translators, before any
// translated string is made (the command line's help included).
void describeApplication()
{
    QCoreApplication::setApplicationName(QStringLiteral("llmcl-studio"));
    QGuiApplication::setApplicationDisplayName(QStringLiteral("LLMCL Studio"));
    QCoreApplication::setOrganizationName(QStringLiteral("LLMCL"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("llmcl.dev"));
    QString version = QString::fromLatin1(
        engine::productVersion().data(), qsizetype(engine::productVersion().size()));
    if (!g_buildCommit.isEmpty())
        version += QStringLiteral(" (commit %1)").arg(g_buildCommit);
    QCoreApplication::setApplicationVersion(version);
    QGuiApplication::setDesktopFileName(QStringLiteral("dev.llmcl.studio"));
}

// Qt ends the process with a page about platform plugins when it cannot reach a display; the
// user gets one sentence instead (exit 2, as for other start-up failures). Qt's warnings while
// the platform starts are held back meanwhile, and passed on once a window can be made.
QtMessageHandler g_defaultMessageHandler = nullptr;

struct HeldMessage
{
    QtMsgType type;
    const char *category; // Qt's categories and file names are static strings
    const char *file;
    int line;
    const char *function;
    QString text;
};
std::vector<HeldMessage> g_heldMessages;

void holdStartUpMessages(QtMsgType type, const QMessageLogContext &context, const QString &text)
{
    if (type != QtFatalMsg) {
        g_heldMessages.push_back(
            {type, context.category, context.file, context.line, context.function, text});
        return;
    }
    if (text.contains(QLatin1String("platform plugin"))) {
        const auto orUnset = [](const char *name) {
            const QByteArray value = qgetenv(name);
            return value.isEmpty() ? QByteArray("unset") : value;
        };
        std::fprintf(stderr,
            "llmcl-studio: cannot open a window: no display could be reached (DISPLAY=%s, "
            "WAYLAND_DISPLAY=%s). Run it in a desktop session, under Xvfb (xvfb-run "
            "llmcl-studio), or without a screen with QT_QPA_PLATFORM=offscreen.\n",
            orUnset("DISPLAY").constData(), orUnset("WAYLAND_DISPLAY").constData());
        std::fflush(stderr);
        std::_Exit(2);
    }
    g_defaultMessageHandler(type, context, text);
}

void releaseStartUpMessages()
{
    qInstallMessageHandler(g_defaultMessageHandler);
    for (const HeldMessage &held : g_heldMessages) {
        const QMessageLogContext context(held.file, held.line, held.function, held.category);
        g_defaultMessageHandler(held.type, context, held.text);
    }
    g_heldMessages.clear();
}

} // namespace

void setBuildCommit(const char *commit)
{
    g_buildCommit = QString::fromLatin1(commit);
}

bool answersWithoutWindow(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const std::string_view argument(argv[i]);
        if (argument == "--") // what follows is a path
            return false;
        if (argument == "-h" || argument == "--help" || argument == "--help-all" || argument == "-?"
            || argument == "-v" || argument == "--version")
            return true;
    }
    return false;
}

int answerWithoutWindow(QCoreApplication &application)
{
    describeApplication();
    installTranslators(effectiveLanguage(Settings().language()));
    StudioCommandLine commandLine;
    // Prints the help or the version and ends the process.
    commandLine.parser.process(application);
    return 0;
}

void prepareForWindow()
{
    describeApplication();
    g_defaultMessageHandler = qInstallMessageHandler(holdStartUpMessages);
}

int runStudio(QApplication &application)
{
    QElapsedTimer sinceStart;
    sinceStart.start();
    if (g_defaultMessageHandler)
        releaseStartUpMessages(); // the display was reached
    installTranslators(effectiveLanguage(Settings().language()));

    // The theme's icon when the package installed one (it may have sizes drawn for small
    // panels), else the compiled-in drawing.
    QApplication::setWindowIcon(QIcon::fromTheme(
        QStringLiteral("dev.llmcl.studio"), QIcon(QStringLiteral(":/icons/dev.llmcl.studio.svg"))));

    StudioCommandLine commandLine;
    QCommandLineParser &parser = commandLine.parser;
    const QCommandLineOption &screenshotOption = commandLine.screenshot;
    const QCommandLineOption &probeOption = commandLine.probe;
    const QCommandLineOption &tourOption = commandLine.tour;
    parser.process(application);

    QStringList arguments = parser.positionalArguments();
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
    if (!tour.isEmpty() && !arguments.isEmpty() && QFileInfo(arguments.constFirst()).isDir()) {
        // The tour replays into the workspace's database: it works on a copy.
        QString error;
        const QString copy = copyTourWorkspace(arguments.constFirst(), tour, &error);
        if (copy.isEmpty()) {
            std::fprintf(stderr, "llmcl-studio: tour: %s\n", qPrintable(error));
            return 2;
        }
        arguments.first() = copy;
    }
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
                const auto shoot = [&] {
                    QTimer::singleShot(300, &window, [&] {
                        if (!window.grab().save(screenshot, "PNG")) {
                            std::fprintf(stderr, "llmcl-studio: %s: cannot write the screenshot\n",
                                qPrintable(screenshot));
                            QApplication::exit(2);
                            return;
                        }
                        QApplication::quit();
                    });
                };
                // The picture shows the contract the workspace scan opens.
                if (window.isScanningWorkspace())
                    QObject::connect(&window, &MainWindow::workspaceScanned, &window, shoot,
                        Qt::SingleShotConnection);
                else
                    shoot();
                return;
            }
            QApplication::quit();
        });
    }
    // "Restart Now" after a change of language: the same program with the same arguments,
    // once the window has closed as the user closes it (unsaved changes asked about, the
    // session written); a refused close cancels the restart.
    QObject::connect(&window, &MainWindow::restartRequested, &window, [&window] {
        if (!window.close())
            return;
        QStringList arguments = QCoreApplication::arguments();
        const QString program = QCoreApplication::applicationFilePath();
        if (!arguments.isEmpty())
            arguments.removeFirst();
        if (!QProcess::startDetached(program, arguments))
            std::fprintf(stderr, "llmcl-studio: could not restart %s\n", qPrintable(program));
        QApplication::quit();
    });
    window.show();
    if (!scripted) {
        // Once the window is up, so the question has its context behind it.
        QTimer::singleShot(0, &window, [&window] { window.offerRecovery(); });
    }
    return QApplication::exec();
}

} // namespace llmcl::app
