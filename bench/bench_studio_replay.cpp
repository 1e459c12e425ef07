// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Replay from the Studio (docs/studio.md, "Runs"): the same sessions and contracts replayed
// into a workspace database by the real `llmcl replay --db` and by the Studio's ReplayJob
// while a RunStore polls the database as the Runs panel does, in one process run, so that the
// ratio of the two throughputs is measured under the same load. Every event the GUI thread
// handles during the Studio's replay is timed (the longest and those over 16 ms).
//
// A 1,000,000-turn run (bench/millionrun.h) opened in the Studio's RunDashboard: the time to
// its figures shown and to the first page of a drill-down, and the process's memory.
#include "app/runs/drillturnsmodel.h"
#include "app/runs/replayjob.h"
#include "app/runs/rundashboard.h"
#include "app/runs/runstore.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <KSyntaxHighlighting/Repository>

#include <algorithm>
#include <benchmark/benchmark.h>
#include <vector>

#include "bench/benchapplication.h"
#include "bench/millionrun.h"
#include "tests/common/examplesessions.h"

using namespace llmcl;

namespace {

BenchApplication *g_app = nullptr;

QStringList contractFiles()
{
    const QDir examples(llmcl::test::sourcePath(u"/resources/examples"));
    QStringList files;
    for (const QString &name : examples.entryList({QStringLiteral("*.llmcl")}, QDir::Files))
        files << examples.absoluteFilePath(name);
    return files;
}

void studioVersusCli(benchmark::State &state)
{
    const int copies = int(state.range(0));
    QTemporaryDir dir;
    const QString sessions =
        writeExampleSessions(dir.path(), copies, QStringLiteral("sessions.jsonl"));
    const QString database = QDir(dir.path()).filePath(QStringLiteral("llmcl-workspace.db"));
    std::vector<double> cliSeconds, studioSeconds, slowest, over16;
    std::uint64_t turns = 0;
    for (auto _ : state) {
        // The CLI first: it also imports the sessions, which both paths then find imported.
        QElapsedTimer cliClock;
        cliClock.start();
        QProcess cli;
        QStringList arguments = {QStringLiteral("replay"), QStringLiteral("--db"), database,
            QStringLiteral("--sessions"), sessions, QStringLiteral("--jobs"), QStringLiteral("2"),
            QStringLiteral("--fix"), QStringLiteral("--no-progress")};
        arguments << contractFiles();
        cli.start(llmcl::test::cliPath(), arguments);
        cli.waitForFinished(-1);
        cliSeconds.push_back(double(cliClock.nsecsElapsed()) / 1e9);
        if (cli.exitStatus() != QProcess::NormalExit || cli.exitCode() > 1) {
            state.SkipWithError("llmcl replay failed");
            return;
        }

        // The Studio: a ReplayJob, with the Runs panel's store polling the same database.
        app::RunStore store;
        store.open(database, dir.path());
        app::ReplayJob job;
        app::ReplayRequest request;
        request.database = database;
        request.sessions = sessions;
        for (const QString &file : contractFiles()) {
            QFile in(file);
            if (!in.open(QIODevice::ReadOnly))
                return;
            request.contracts.push_back({file.toStdString(), in.readAll().toStdString()});
        }
        request.fix = true;
        request.jobs = 2;
        QEventLoop loop;
        app::ReplayReport last;
        QObject::connect(
            &job, &app::ReplayJob::finished, &loop, [&](const app::ReplayReport &report) {
                last = report;
                loop.quit();
            });
        g_app->startRecording();
        QElapsedTimer studioClock;
        studioClock.start();
        job.start(request);
        loop.exec();
        studioSeconds.push_back(double(studioClock.nsecsElapsed()) / 1e9);
        g_app->stopRecording();
        if (!last.status || *last.status != tracer::RunStatus::Complete) {
            state.SkipWithError(qPrintable(last.error));
            return;
        }
        turns = last.progress.turns;
        slowest.push_back(g_app->eventMs.empty()
                ? 0.0
                : *std::max_element(g_app->eventMs.begin(), g_app->eventMs.end()));
        over16.push_back(double(std::count_if(
            g_app->eventMs.begin(), g_app->eventMs.end(), [](double ms) { return ms > 16.0; })));
    }
    const auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v.empty() ? 0.0 : v[v.size() / 2];
    };
    const double cli = median(cliSeconds);
    const double studio = median(studioSeconds);
    state.counters["turns"] = double(turns);
    state.counters["cli_turns_per_s"] = cli > 0 ? double(turns) / cli : 0;
    state.counters["studio_turns_per_s"] = studio > 0 ? double(turns) / studio : 0;
    state.counters["studio_vs_cli"] = studio > 0 ? cli / studio : 0;
    state.counters["slowest_event_ms"] = median(slowest);
    state.counters["events_over_16ms"] = median(over16);
}
BENCHMARK(studioVersusCli)->Arg(250)->Iterations(3)->Unit(benchmark::kSecond);

// The kernel's figures for this process, in MiB: VmRSS (now) or VmHWM (the peak).
double memoryMiB(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(int(qstrlen(field)) + 1).trimmed().split(' ').first().toDouble() / 1024;
    return 0;
}

// A 1,000,000-turn run opened in the Studio's dashboard: from setRun() to the figures shown,
// the first page of a drill-down (failing turns of turn number 1), and the process's memory.
void dashboardOfMillionTurnRun(benchmark::State &state)
{
    static bench::MillionRun million;
    if (!million.run) {
        state.SkipWithError("the run could not be written");
        return;
    }
    app::RunStore store;
    QEventLoop opening;
    QObject::connect(&store, &app::RunStore::runsChanged, &opening, &QEventLoop::quit);
    store.open(QString::fromStdString(million.path.string()), QString());
    opening.exec();
    KSyntaxHighlighting::Repository syntax;
    app::RunDashboard dashboard(&store, syntax);
    std::vector<double> shown, firstPage;
    for (auto _ : state) {
        QEventLoop loop;
        QObject::connect(&dashboard, &app::RunDashboard::loaded, &loop, &QEventLoop::quit);
        QElapsedTimer clock;
        clock.start();
        dashboard.setRun(-1);
        dashboard.setRun(million.run);
        loop.exec();
        shown.push_back(double(clock.nsecsElapsed()) / 1e6);

        QEventLoop page;
        QObject::connect(
            dashboard.drillModel(), &app::DrillTurnsModel::pageLoaded, &page, &QEventLoop::quit);
        clock.restart();
        dashboard.drillTurnNumber(1);
        page.exec();
        firstPage.push_back(double(clock.nsecsElapsed()) / 1e6);
    }
    // The first opening reads the statistics; later ones find them kept on the worker.
    state.counters["first_dashboards_ms"] = shown.front();
    state.counters["first_first_drill_page_ms"] = firstPage.front();
    std::sort(shown.begin(), shown.end());
    std::sort(firstPage.begin(), firstPage.end());
    state.counters["dashboards_ms"] = shown[shown.size() / 2];
    state.counters["first_drill_page_ms"] = firstPage[firstPage.size() / 2];
    state.counters["rss_mib"] = memoryMiB("VmRSS:");
    state.counters["peak_rss_mib"] = memoryMiB("VmHWM:");
}
BENCHMARK(dashboardOfMillionTurnRun)->Iterations(5)->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    BenchApplication app(argc, argv);
    g_app = &app;
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
