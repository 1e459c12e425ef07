// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Highlighting speed of the contract editor: a generated contract file of N lines styled from
// scratch by the editor's KSyntaxHighlighting lexer, and by KSyntaxHighlighting alone.
//
// Diagnostics as you type (docs/studio.md): the latency from a keystroke to the updated
// diagnostics shown in the editor, and the longest GUI-thread stall while typing continuously,
// on a generated 5,000-line file.
//
// Live evaluation (docs/studio.md, "Live evaluation"): a keystroke after a pause until both the
// diagnostics and the live verdicts of the new text are shown, and continuous typing with every
// event the GUI thread handles timed (BenchApplication::notify).
#include "editor/contracteditor.h"
#include "editor/diagnosticscontroller.h"
#include "editor/highlightinglexer.h"
#include "editor/liveevaluator.h"
#include "editor/verdictdisplay.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QKeyEvent>
#include <QStringList>
#include <QTimer>

#include <KSyntaxHighlighting/AbstractHighlighter>
#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/State>

#include <algorithm>
#include <benchmark/benchmark.h>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <functional>
#include <vector>

#include "bench/benchapplication.h"
#include "bench/generatedcontracts.h"

namespace {

QString generateContractFile(int lines)
{
    return QString::fromStdString(llmcl::bench::generateContractFile(lines));
}

void highlightInEditor(benchmark::State &state)
{
    KSyntaxHighlighting::Repository repository;
    llmcl::editor::ContractEditor editor(repository);
    const QString text = generateContractFile(int(state.range(0)));
    editor.setText(text);
    for (auto _ : state) {
        // Everything counts as unstyled again, then the whole document is styled.
        editor.SendScintilla(QsciScintillaBase::SCI_STARTSTYLING, 0);
        editor.SendScintilla(QsciScintillaBase::SCI_COLOURISE, 0, -1);
        benchmark::DoNotOptimize(editor.SendScintilla(QsciScintillaBase::SCI_GETENDSTYLED));
    }
    state.SetBytesProcessed(state.iterations() * text.toUtf8().size());
    state.counters["lines"] = double(state.range(0));
}
BENCHMARK(highlightInEditor)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

class NullHighlighter : public KSyntaxHighlighting::AbstractHighlighter
{
public:
    using AbstractHighlighter::highlightLine;

protected:
    void applyFormat(int offset, int length, const KSyntaxHighlighting::Format &format) override
    {
        benchmark::DoNotOptimize(offset + length);
        benchmark::DoNotOptimize(&format);
    }
};

void highlightKSyntaxHighlightingOnly(benchmark::State &state)
{
    KSyntaxHighlighting::Repository repository;
    NullHighlighter highlighter;
    highlighter.setDefinition(repository.definitionForName(QStringLiteral("LLMCL")));
    highlighter.setTheme(repository.defaultTheme());
    const QStringList lines = generateContractFile(int(state.range(0))).split(QLatin1Char('\n'));
    for (auto _ : state) {
        KSyntaxHighlighting::State lineState;
        for (const QString &line : lines)
            lineState = highlighter.highlightLine(line, lineState);
    }
    state.counters["lines"] = double(state.range(0));
}
BENCHMARK(highlightKSyntaxHighlightingOnly)->Arg(10000)->Unit(benchmark::kMillisecond);

void openFileInEditor(benchmark::State &state)
{
    KSyntaxHighlighting::Repository repository;
    const QString text = generateContractFile(int(state.range(0)));
    for (auto _ : state) {
        llmcl::editor::ContractEditor editor(repository);
        editor.setText(text);
        editor.SendScintilla(QsciScintillaBase::SCI_COLOURISE, 0, -1);
    }
    state.counters["lines"] = double(state.range(0));
}
BENCHMARK(openFileInEditor)->Arg(10000)->Unit(benchmark::kMillisecond);

using llmcl::bench::quantile;

// CPU time of the calling thread, in milliseconds.
double threadCpuMs()
{
    timespec now {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

void sendKey(QWidget *widget, Qt::Key key, const QString &text)
{
    QKeyEvent press(QEvent::KeyPress, key, Qt::NoModifier, text);
    QApplication::sendEvent(widget, &press);
    QKeyEvent release(QEvent::KeyRelease, key, Qt::NoModifier, text);
    QApplication::sendEvent(widget, &release);
}

// Runs the event loop until the editor shows the diagnostics of its current revision.
bool waitForCurrentDiagnostics(
    llmcl::editor::ContractEditor &editor, llmcl::editor::DiagnosticsController &controller)
{
    if (editor.diagnosticsAreCurrent() && !controller.isBusy())
        return true;
    QEventLoop loop;
    QObject::connect(&controller, &llmcl::editor::DiagnosticsController::diagnosticsApplied, &loop,
        [&](quint64 revision) {
            if (revision == editor.revision())
                loop.quit();
        });
    QTimer::singleShot(10'000, &loop, [&loop] { loop.exit(1); });
    return loop.exec() == 0;
}

// A shown editor with the generated file, its first diagnostics applied, the cursor on `len` of
// a clause in the middle of the file.
struct DiagnosticsFixture
{
    explicit DiagnosticsFixture(int lines, int delay)
        : editor(repository)
        , controller(new llmcl::editor::DiagnosticsController(&editor))
    {
        controller->setDelay(delay);
        editor.resize(1200, 800);
        editor.show();
        // Whole contracts (16-line blocks), then comment lines up to `lines`: a file that
        // compiles, so the check goes all the way (parse, imports, checker, compiler, conflict
        // analysis) as it does for a healthy workspace file.
        QString text = generateContractFile(lines - lines % 16);
        for (int i = 0; i < lines % 16; ++i)
            text += QStringLiteral("// end of the generated file\n");
        editor.setText(text);
        editor.setFocus();
        waitForCurrentDiagnostics(editor, *controller);
        const int line = lines / 2 - (lines / 2) % 16 + 3; // a "require len(content)" line
        editor.setCursorPosition(line, 15); // after "len"
        editor.ensureLineVisible(line);
        // Steady state before measuring: everything styled and painted once.
        editor.SendScintilla(QsciScintillaBase::SCI_COLOURISE, 0, -1);
        QCoreApplication::processEvents();
    }

    KSyntaxHighlighting::Repository repository;
    llmcl::editor::ContractEditor editor;
    llmcl::editor::DiagnosticsController *controller;
};

// One keystroke, then nothing until the diagnostics are updated: typing "x" after "len" turns
// the call into the unknown function "lenx" (an error appears), Backspace removes it again
// (it disappears). Time: from sending the key event to the diagnostics of the new revision
// being shown (debounce included). Counters: p50/p95 of that, and the same from the moment the
// check starts (without the debounce), plus the diagnostics shown.
void diagnosticsAfterKeystroke(benchmark::State &state)
{
    const int delay = int(state.range(1));
    DiagnosticsFixture fixture(int(state.range(0)), delay);
    std::vector<double> total;
    std::vector<double> check;
    QElapsedTimer clock;
    qint64 checkStart = 0;
    QObject::connect(fixture.controller, &llmcl::editor::DiagnosticsController::checkStarted,
        fixture.controller, [&] { checkStart = clock.nsecsElapsed(); });
    bool typeX = true;
    for (auto _ : state) {
        clock.start();
        if (typeX)
            sendKey(&fixture.editor, Qt::Key_X, QStringLiteral("x"));
        else
            sendKey(&fixture.editor, Qt::Key_Backspace, QString());
        typeX = !typeX;
        if (!waitForCurrentDiagnostics(fixture.editor, *fixture.controller)) {
            state.SkipWithError("no diagnostics within 10 s");
            break;
        }
        const qint64 end = clock.nsecsElapsed();
        state.SetIterationTime(double(end) / 1e9);
        total.push_back(double(end) / 1e6);
        check.push_back(double(end - checkStart) / 1e6);
    }
    state.counters["p50_ms"] = quantile(total, 0.50);
    state.counters["p95_ms"] = quantile(total, 0.95);
    state.counters["check_p50_ms"] = quantile(check, 0.50);
    state.counters["check_p95_ms"] = quantile(check, 0.95);
    state.counters["diagnostics"] = double(fixture.editor.diagnostics().size());
    state.counters["dropped"] = fixture.controller->resultsDropped();
}
BENCHMARK(diagnosticsAfterKeystroke)
    ->Args({5000, llmcl::editor::DiagnosticsController::kDefaultDelayMs})
    ->Args({5000, 0})
    ->Iterations(60)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

// Continuous typing for about 6 s: bursts of 6 keys 70 ms apart (a fast typist), a pause of
// 250 ms after each so that checks complete and are applied between and during the bursts. A
// 2 ms precise timer measures how late the GUI thread gets to it: the longest gap between two
// of its ticks, minus its interval, is the longest stall (key handling, re-styling, painting,
// applying diagnostics: everything the GUI thread does, plus waiting for a core on a loaded
// machine). max_busy_ms is the most CPU time the GUI thread itself spent between two ticks.
void typingStall(benchmark::State &state)
{
    DiagnosticsFixture fixture(
        int(state.range(0)), llmcl::editor::DiagnosticsController::kDefaultDelayMs);
    const QString word = QStringLiteral("xyzzy ");
    std::vector<double> gaps;
    // The GUI thread's own CPU time between two ticks: a gap much longer than this was the
    // thread waiting for a core (other processes, the check), not work of ours.
    std::vector<double> busy;
    int applied = 0;
    QObject::connect(fixture.controller, &llmcl::editor::DiagnosticsController::diagnosticsApplied,
        fixture.controller, [&applied] { ++applied; });
    for (auto _ : state) {
        QEventLoop loop;
        QElapsedTimer clock;
        QTimer ticker;
        ticker.setTimerType(Qt::PreciseTimer);
        ticker.setInterval(2);
        qint64 lastTick = 0;
        double lastCpu = threadCpuMs();
        QObject::connect(&ticker, &QTimer::timeout, &loop, [&] {
            const qint64 now = clock.nsecsElapsed();
            const double cpu = threadCpuMs();
            gaps.push_back(double(now - lastTick) / 1e6 - 2.0);
            busy.push_back(cpu - lastCpu);
            lastTick = now;
            lastCpu = cpu;
        });
        int keys = 0;
        constexpr int kKeys = 60;
        std::function<void()> typeNext = [&] {
            if (keys == kKeys) {
                loop.quit();
                return;
            }
            const QChar c = word.at(keys % word.size());
            sendKey(&fixture.editor, c == QLatin1Char(' ') ? Qt::Key_Space : Qt::Key_X, c);
            ++keys;
            QTimer::singleShot(keys % word.size() == 0 ? 250 : 70, &loop, typeNext);
        };
        clock.start();
        ticker.start();
        QTimer::singleShot(0, &loop, typeNext);
        loop.exec();
        ticker.stop();
        waitForCurrentDiagnostics(fixture.editor, *fixture.controller);
    }
    state.counters["max_stall_ms"] = gaps.empty() ? 0 : *std::max_element(gaps.begin(), gaps.end());
    state.counters["p99_stall_ms"] = quantile(gaps, 0.99);
    state.counters["stalls_over_16ms"] =
        double(std::count_if(gaps.begin(), gaps.end(), [](double g) { return g > 16.0; }));
    state.counters["max_busy_ms"] = busy.empty() ? 0 : *std::max_element(busy.begin(), busy.end());
    state.counters["ticks"] = double(gaps.size());
    state.counters["applied"] = applied;
    state.counters["dropped"] = fixture.controller->resultsDropped();
}
BENCHMARK(typingStall)->Arg(5000)->Iterations(1)->Unit(benchmark::kMillisecond);

// A sample of about 2 KB: a user message, a response and a context, typical of the captured
// conversations in /work/shared/data.
struct Sample
{
    QString content;
    QString response;
    QString context;
};

Sample twoKilobyteSample()
{
    Sample sample;
    const QString sentence =
        QStringLiteral("Could you explain how the refund policy applies to an order that was "
                       "shipped late and arrived damaged? ");
    while (sample.content.size() < 900)
        sample.content += sentence;
    const QString answer = QStringLiteral(
        "According to our policy, late and damaged deliveries are refunded in full within 14 "
        "days; please keep the packaging. Réponse: « politique » appliquée. ");
    while (sample.response.size() < 1000)
        sample.response += answer;
    sample.context =
        QStringLiteral(R"({"user_tier": "premium", "locale": "en-GB", "channel": "web", "order": )"
                       R"({"id": 48213, "late": true, "damaged": true}})");
    return sample;
}

// The editor of DiagnosticsFixture with live evaluation wired as the Studio wires it: each
// applied analysis goes to the LiveEvaluator, each evaluation to the editor's VerdictDisplay.
// The cursor sits after "4000" of a contract header in the middle of the file: typing a digit
// there (and deleting it) keeps the contracts compiling, so every keystroke is evaluated.
struct LiveFixture : DiagnosticsFixture
{
    explicit LiveFixture(int lines)
        : DiagnosticsFixture(lines, llmcl::editor::DiagnosticsController::kDefaultDelayMs)
        , display(llmcl::editor::VerdictDisplay::of(&editor))
    {
        QObject::connect(controller, &llmcl::editor::DiagnosticsController::diagnosticsApplied,
            &evaluator, [this](quint64 revision) {
                const auto service = controller->languageService();
                evaluator.setContracts(service->compileResult().set, revision, service->path());
            });
        QObject::connect(&evaluator, &llmcl::editor::LiveEvaluator::evaluationChanged, display,
            [this] { display->setEvaluation(evaluator.evaluation()); });
        QObject::connect(&evaluator, &llmcl::editor::LiveEvaluator::staleChanged, display,
            [this](bool stale) { display->setStale(stale); });
        const Sample sample = twoKilobyteSample();
        evaluator.setSample(sample.content, sample.response, sample.context);
        const auto service = controller->languageService();
        evaluator.setContracts(
            service->compileResult().set, editor.diagnosticsRevision(), service->path());
        waitForVerdicts();
        const int line = lines / 2 - (lines / 2) % 16 + 2; // "fix_strategy = …, max_input = 4000"
        editor.setCursorPosition(line, int(editor.text(line).indexOf(QLatin1String("4000"))) + 4);
        editor.ensureLineVisible(line);
        QCoreApplication::processEvents();
    }

    // The verdicts of the editor's current revision are shown.
    bool verdictsCurrent() const
    {
        const auto evaluation = evaluator.evaluation();
        return editor.diagnosticsAreCurrent() && !controller->isBusy() && !evaluator.isBusy()
            && evaluation && evaluation->contractsRevision == editor.revision()
            && display->evaluation() == evaluation;
    }

    bool waitForVerdicts()
    {
        if (verdictsCurrent())
            return true;
        QEventLoop loop;
        const auto check = [&] {
            if (verdictsCurrent())
                loop.quit();
        };
        QObject::connect(
            &evaluator, &llmcl::editor::LiveEvaluator::evaluationChanged, &loop, check);
        QObject::connect(
            controller, &llmcl::editor::DiagnosticsController::diagnosticsApplied, &loop, check);
        QTimer::singleShot(10'000, &loop, [&loop] { loop.exit(1); });
        return loop.exec() == 0;
    }

    llmcl::editor::LiveEvaluator evaluator;
    llmcl::editor::VerdictDisplay *display;
};

void idle(int milliseconds)
{
    QEventLoop loop;
    QTimer::singleShot(milliseconds, &loop, &QEventLoop::quit);
    loop.exec();
}

// One keystroke after a pause longer than the debounce delay (the leading edge: checked at
// once), then nothing until the diagnostics AND the live verdicts of the new revision are shown
// in the editor (gutter symbols and annotations updated). Typing "0" after "4000", then
// Backspace. Counters: p50/p95 of that; eval_* the worker's evaluation time (context parse,
// evaluation with trace and fixes, explanations); touched the lines the last result redrew.
void liveVerdictsAfterKeystroke(benchmark::State &state)
{
    LiveFixture fixture(int(state.range(0)));
    std::vector<double> total;
    std::vector<double> evaluation;
    QElapsedTimer clock;
    bool typeZero = true;
    for (auto _ : state) {
        idle(llmcl::editor::DiagnosticsController::kDefaultDelayMs + 30);
        clock.start();
        if (typeZero)
            sendKey(&fixture.editor, Qt::Key_0, QStringLiteral("0"));
        else
            sendKey(&fixture.editor, Qt::Key_Backspace, QString());
        typeZero = !typeZero;
        if (!fixture.waitForVerdicts()) {
            state.SkipWithError("no verdicts within 10 s");
            break;
        }
        const qint64 end = clock.nsecsElapsed();
        state.SetIterationTime(double(end) / 1e9);
        total.push_back(double(end) / 1e6);
        evaluation.push_back(double(fixture.evaluator.evaluation()->workNs) / 1e6);
    }
    state.counters["p50_ms"] = quantile(total, 0.50);
    state.counters["p95_ms"] = quantile(total, 0.95);
    state.counters["max_ms"] = total.empty() ? 0 : *std::max_element(total.begin(), total.end());
    state.counters["eval_p50_ms"] = quantile(evaluation, 0.50);
    state.counters["eval_p95_ms"] = quantile(evaluation, 0.95);
    state.counters["verdicts"] = double(fixture.evaluator.evaluation()->verdicts().size());
    state.counters["touched"] = fixture.display->linesTouched();
    state.counters["diagnostics_dropped"] = fixture.controller->resultsDropped();
    state.counters["evaluations_dropped"] = fixture.evaluator.resultsDropped();
}
BENCHMARK(liveVerdictsAfterKeystroke)
    ->Arg(5000)
    ->Iterations(40)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

// Continuous typing for 6 s, one key every 60 ms: into the contract (argument 0: "0" and
// Backspace after "4000", so the contracts keep compiling) or into the sample's response
// (argument 1: every key re-evaluates the 2 KB sample, since 60 ms exceeds the evaluator's
// 50 ms delay). Every event the GUI thread handles meanwhile is timed (notify()): max_event_ms
// and p99_event_ms are the longest and the 99th percentile of those; a 2 ms precise timer's
// lateness (max_late_ms, p99_late_ms) adds waiting for a core and the gaps between events.
void liveTypingStall(benchmark::State &state)
{
    LiveFixture fixture(5000);
    const bool intoSample = state.range(0) == 1;
    const Sample sample = twoKilobyteSample();
    auto *application = static_cast<BenchApplication *>(QCoreApplication::instance());
    std::vector<double> late;
    int evaluations = 0;
    QObject::connect(&fixture.evaluator, &llmcl::editor::LiveEvaluator::evaluationChanged,
        &fixture.evaluator, [&evaluations] { ++evaluations; });
    for (auto _ : state) {
        QEventLoop loop;
        QElapsedTimer clock;
        QTimer ticker;
        ticker.setTimerType(Qt::PreciseTimer);
        ticker.setInterval(2);
        qint64 lastTick = 0;
        QObject::connect(&ticker, &QTimer::timeout, &loop, [&] {
            const qint64 now = clock.nsecsElapsed();
            late.push_back(double(now - lastTick) / 1e6 - 2.0);
            lastTick = now;
        });
        constexpr int kKeys = 100;
        int keys = 0;
        QString response = sample.response;
        std::function<void()> typeNext = [&] {
            if (keys == kKeys) {
                loop.quit();
                return;
            }
            if (intoSample) {
                response += keys % 2 == 0 ? QStringLiteral("x") : QStringLiteral(" ");
                fixture.evaluator.setSample(sample.content, response, sample.context);
            } else if (keys % 2 == 0) {
                sendKey(&fixture.editor, Qt::Key_0, QStringLiteral("0"));
            } else {
                sendKey(&fixture.editor, Qt::Key_Backspace, QString());
            }
            ++keys;
            QTimer::singleShot(60, &loop, typeNext);
        };
        application->startRecording();
        clock.start();
        ticker.start();
        QTimer::singleShot(0, &loop, typeNext);
        loop.exec();
        ticker.stop();
        application->stopRecording();
        fixture.waitForVerdicts();
    }
    const std::vector<double> &events = application->eventMs;
    state.counters["max_event_ms"] =
        events.empty() ? 0 : *std::max_element(events.begin(), events.end());
    state.counters["p99_event_ms"] = quantile(events, 0.99);
    state.counters["events_over_16ms"] =
        double(std::count_if(events.begin(), events.end(), [](double ms) { return ms > 16.0; }));
    state.counters["events"] = double(events.size());
    state.counters["max_late_ms"] = late.empty() ? 0 : *std::max_element(late.begin(), late.end());
    state.counters["p99_late_ms"] = quantile(late, 0.99);
    state.counters["evaluations"] = evaluations;
    state.counters["verdicts"] = double(fixture.evaluator.evaluation()->verdicts().size());
}
BENCHMARK(liveTypingStall)->Arg(0)->Arg(1)->Iterations(1)->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char **argv)
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", QByteArrayLiteral("offscreen"));
    BenchApplication application(argc, argv);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
