// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/arguments.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/diagnosticprinter.h"
#include "cli/fileio.h"
#include "engine/compiledset.h"
#include "engine/json.h"
#include "engine/resultjson.h"
#include "tracer/chrometrace.h"
#include "tracer/llmcltrace.h"
#include "tracer/otlptrace.h"
#include "tracer/prometheusmetrics.h"
#include "tracer/replay.h"
#include "tracer/replayjsonlines.h"
#include "tracer/replaytotals.h"
#include "tracer/runreader.h"
#include "tracer/runrecording.h"
#include "tracer/sessionreader.h"
#include "tracer/workspacedb.h"

#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <ostream>
#include <thread>

#if !defined(_WIN32)
#include <unistd.h>
#endif

namespace llmcl::cli {

namespace {

void writeSummary(engine::JsonWriter &writer, const tracer::ReplayTotals &totals,
    const tracer::ReplayFacts &facts)
{
    writer.beginObject();
    writer.key("summary");
    tracer::writeSummaryObject(writer, totals, facts);
    writer.endObject();
}

// Ctrl-C during a replay: the run stops after the conversations in flight and, with --db, is
// stored as cancelled.
std::atomic<bool> g_interrupted {false};

extern "C" void onInterrupt(int)
{
    g_interrupted.store(true);
}

// "12,345 turns · 23,456 turns/s · 37% · ETA 0:04" on one terminal line, redrawn in place.
void printProgress(std::ostream &err, const tracer::ReplayProgress &progress, bool last)
{
    char line[160];
    const double eta = progress.etaSeconds();
    const int percent = static_cast<int>(progress.fraction() * 100.0);
    if (eta >= 0 && !last)
        std::snprintf(line, sizeof line, "\r%llu turns, %.0f turns/s, %d%%, ETA %d:%02d   ",
            static_cast<unsigned long long>(progress.turns), progress.turnsPerSecond(), percent,
            static_cast<int>(eta) / 60, static_cast<int>(eta) % 60);
    else
        std::snprintf(line, sizeof line, "\r%llu turns, %.0f turns/s%s   ",
            static_cast<unsigned long long>(progress.turns), progress.turnsPerSecond(),
            last ? ", done\n" : "");
    err << line << std::flush;
}

bool isTerminal(std::ostream &err)
{
#if defined(_WIN32)
    (void)err;
    return false;
#else
    return &err == &std::cerr && isatty(STDERR_FILENO) == 1;
#endif
}

// Prints each result as it comes: JSON Lines, or a line per conversation for people.
class Printer final : public tracer::ReplayListener
{
public:
    Printer(std::ostream &out, std::ostream &err, OutputFormat format, bool explainAll)
        : m_out(out)
        , m_err(err)
        , m_format(format)
        , m_lines(explainAll)
    { }

    tracer::ReplayTotals totals; // filled by the replay (ReplayOptions::totals)

    void turn(const std::string &conversation, std::int64_t turn,
        const engine::TurnResult &result) override
    {
        if (m_format == OutputFormat::Json) {
            m_out << m_lines.turn(conversation, turn, result) << '\n';
            return;
        }
        ++m_turns;
        for (const engine::Violation &v : result.violations)
            m_violations.push_back(v.clause + " (turn " + std::to_string(turn) + ")");
        if (!result.valid)
            ++m_invalidTurns;
    }

    void conversationEnd(
        const std::string &conversation, const engine::ConversationEnd &end) override
    {
        if (m_format == OutputFormat::Json) {
            m_out << m_lines.conversationEnd(conversation, end) << '\n';
            return;
        }
        for (const engine::Violation &v : end.violations)
            m_violations.push_back(v.clause + " (at the end)");
        m_out << conversation << ": " << m_turns << (m_turns == 1 ? " turn" : " turns");
        if (m_invalidTurns)
            m_out << ", " << m_invalidTurns << " invalid";
        if (!m_violations.empty()) {
            m_out << "; violations:";
            for (const std::string &v : m_violations)
                m_out << ' ' << v;
        }
        m_out << (m_invalidTurns || !end.valid ? "" : "; valid") << '\n';
        m_turns = m_invalidTurns = 0;
        m_violations.clear();
    }

    void problem(const tracer::SessionProblem &problem) override
    {
        m_err << "llmcl: " << tracer::describe(problem) << '\n';
    }

    void runEnd(const std::vector<engine::ClauseVerdict> &settled) override { m_runEnd = settled; }

    const std::vector<engine::ClauseVerdict> &runEndVerdicts() const { return m_runEnd; }

private:
    std::ostream &m_out;
    std::ostream &m_err;
    OutputFormat m_format;
    tracer::ReplayJsonLines m_lines;
    std::uint64_t m_turns = 0;
    std::uint64_t m_invalidTurns = 0;
    std::vector<std::string> m_violations;
    std::vector<engine::ClauseVerdict> m_runEnd;
};

// An output file of the run (--trace, --metrics), opened before the run starts so that an
// unwritable path is an input error, not a lost run.
struct OutputFile
{
    std::string path;
    std::ofstream stream;
};

bool openOutput(OutputFile &file, std::string_view path, std::ostream &err)
{
    file.path = std::string(path);
    file.stream.open(file.path, std::ios::binary | std::ios::trunc);
    if (!file.stream) {
        err << "llmcl: " << file.path << ": cannot be written: " << std::strerror(errno) << '\n';
        return false;
    }
    return true;
}

} // namespace

void printReplayHelp(std::ostream &out)
{
    out << "Usage: llmcl replay FILE... --sessions S.jsonl[.gz] [--db W.db] [--fix] [--jobs N]\n"
           "                    [--format text|json] [--explain failures|all]\n"
           "                    [--trace OUT] [--trace-format F]\n"
           "                    [--metrics OUT.prom]\n"
           "       llmcl replay --db W.db --resume RUN [--jobs N] [--format text|json] ...\n"
           "\n"
           "Replays captured conversations against the contract files: every conversation\n"
           "turn by turn (input phase, fixes, output phase, temporal monitors), ensure_prob\n"
           "windows across the run in input order.\n"
           "\n"
           "Options:\n"
           "  --sessions S        the conversations, JSON Lines (.jsonl or gzip-compressed\n"
           "                      .jsonl.gz); malformed lines are reported and skipped\n"
           "  --fix               apply the clauses' auto_fix repairs and re-validate\n"
           "  --jobs N            evaluate N conversations in parallel (default: the number of\n"
           "                      processors); the output is the same for every N\n"
           "  --format text|json  text (default): a line per conversation; json: JSON Lines,\n"
           "                      one object per turn, one per conversation end, then a\n"
           "                      summary (INTERFACES.md section 2)\n"
           "  --explain failures|all\n"
           "                      with --format json, which clauses carry their explanation\n"
           "                      (\"values\"): failures (default) those that do not pass, all\n"
           "                      every clause (a turn then takes kilobytes, not hundreds of\n"
           "                      bytes)\n"
           "  --trace OUT         write the run's trace to OUT\n"
           "  --trace-format F    llmcl (default: the native JSON document), chrome (Chrome\n"
           "                      Trace Event Format, for Perfetto) or otlp (OTLP/JSON)\n"
           "  --metrics OUT.prom  write counters and latency histograms in Prometheus text\n"
           "                      format to OUT.prom\n"
           "  --db W.db           import the sessions into the workspace database W.db and\n"
           "                      store the run there (llmcl runs, diff and export read it);\n"
           "                      with --trace the verdicts' details are stored too\n"
           "  --resume RUN        complete an incomplete or cancelled run of --db (an id,\n"
           "                      last or last~N) with the contracts, sessions and options\n"
           "                      it started with: every conversation is evaluated again,\n"
           "                      those it stored whole are not written again\n"
           "  --progress          show progress on stderr even when it is not a terminal\n"
           "  --no-progress       never show progress (default: shown on a terminal)\n"
           "  -h, --help          show this help and exit\n"
           "\n"
           "Ctrl-C stops after the conversations in flight (a stored run is then marked\n"
           "cancelled).\n"
           "\n"
           "Exit codes: 0 no critical or error violation, 1 violations found or the contracts\n"
           "have errors, 2 usage error or a file that cannot be read.\n";
}

int runReplay(std::span<const std::string_view> arguments, std::ostream &out, std::ostream &err)
{
    Arguments args("replay",
        {{"--sessions", true}, {"--db", true}, {"--fix", false}, {"--jobs", true},
            {"--format", true}, {"--trace", true}, {"--trace-format", true}, {"--metrics", true},
            {"--progress", false}, {"--no-progress", false}, {"--resume", true},
            {"--explain", true}});
    OutputFormat format = OutputFormat::Text;
    // Contract files are optional here only because --resume takes the run's own.
    if (const std::optional<int> stop =
            startCommand(args, arguments, printReplayHelp, {}, format, out, err))
        return *stop;
    const std::optional<std::string_view> resumeReference = args.value("--resume");
    if (resumeReference) {
        if (!args.has("--db")) {
            err << args.usageError("--resume needs --db W.db") << '\n';
            return kExitUsage;
        }
        if (!args.operands().empty() || args.has("--sessions") || args.has("--fix")) {
            err << args.usageError("--resume replays the contracts, sessions and --fix of the "
                                   "run it resumes; give none of them")
                << '\n';
            return kExitUsage;
        }
    } else if (args.operands().empty()) {
        err << args.usageError("no contract FILE given") << '\n';
        return kExitUsage;
    } else if (!args.has("--sessions")) {
        err << args.usageError("--sessions is required") << '\n';
        return kExitUsage;
    }
    int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    if (const std::optional<std::string_view> value = args.value("--jobs")) {
        const auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), jobs);
        if (ec != std::errc() || end != value->data() + value->size() || jobs < 1 || jobs > 256) {
            err << args.usageError("--jobs needs a number from 1 to 256") << '\n';
            return kExitUsage;
        }
    }

    const std::string_view explain = args.value("--explain").value_or("failures");
    if (explain != "failures" && explain != "all") {
        err << args.usageError("--explain must be failures or all") << '\n';
        return kExitUsage;
    }
    const bool explainAll = explain == "all";

    const std::string_view traceFormat = args.value("--trace-format").value_or("llmcl");
    if (traceFormat != "llmcl" && traceFormat != "chrome" && traceFormat != "otlp") {
        err << args.usageError("--trace-format must be llmcl, chrome or otlp") << '\n';
        return kExitUsage;
    }
    if (args.has("--trace-format") && !args.has("--trace")) {
        err << args.usageError("--trace-format needs --trace OUT") << '\n';
        return kExitUsage;
    }

    // --resume: the run's contract snapshots, sessions file and options (the files may have
    // changed since; the run continues with what it started with).
    std::optional<tracer::WorkspaceDatabase> database;
    std::optional<std::int64_t> resumed;
    engine::CompileRequest request;
    std::string sessionsPath;
    bool fix = args.has("--fix");
    bool storeDetail = args.has("--trace");
    tracer::RunInfo resumedInfo;
    if (resumeReference) {
        auto opened = tracer::WorkspaceDatabase::open(std::string(*args.value("--db")));
        if (!opened) {
            err << "llmcl: " << opened.error().message << '\n';
            return kExitUsage;
        }
        database.emplace(std::move(opened.value()));
        auto id = database->resolveRun(*resumeReference);
        if (!id) {
            err << "llmcl: " << id.error().message << '\n';
            return kExitUsage;
        }
        auto stored = tracer::RunReader::open(*database, id.value());
        if (!stored) {
            err << "llmcl: " << stored.error().message << '\n';
            return kExitUsage;
        }
        resumed = id.value();
        resumedInfo = stored.value().info();
        // A distributed replay's run may read several files, or files named by URLs: one
        // sessions reader cannot go through them; the distributed replay resumes its runs.
        const bool severalFiles = resumedInfo.sessions.find('\n') != std::string::npos;
        if (severalFiles || resumedInfo.sessions.find("://") != std::string::npos) {
            err << "llmcl: run " << *resumed << " replayed "
                << (severalFiles ? "several sessions files" : "sessions named by a URL")
                << " (a distributed replay); 'python3 -m llmcl.dask replay --db "
                << database->path() << " --resume " << *resumed << "' completes it\n";
            return kExitUsage;
        }
        for (const tracer::ContractSource &contract : resumedInfo.contracts) {
            request.files.push_back(contract.file);
            request.overrides[contract.file] = contract.source;
        }
        sessionsPath = resumedInfo.sessions;
        for (const auto &[name, value] : resumedInfo.options) {
            if (name == "fix")
                fix = value == "true";
            else if (name == "detail")
                storeDetail = storeDetail || value == "true";
        }
    } else {
        sessionsPath = std::string(*args.value("--sessions"));
        if (!readContractFiles(args.operands(), request, err))
            return kExitUsage;
    }
    const auto compileStart = std::chrono::steady_clock::now();
    const engine::CompileResult compiled = engine::compileContracts(request);
    const std::int64_t compileNs = std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::steady_clock::now() - compileStart)
                                       .count();
    if (compiled.hasErrors() || !compiled.set) {
        printDiagnostics(err, compiled);
        err << "llmcl: the contracts have errors (" << diagnosticSummary(compiled.diagnostics)
            << ")\n";
        return kExitFindings;
    }

    engine::Result<tracer::SessionReader> reader = tracer::SessionReader::open(sessionsPath);
    if (!reader) {
        err << "llmcl: " << reader.error().message << '\n';
        return kExitUsage;
    }

    // --db: the run is stored there (tracer::RunRecording: the sessions are imported again,
    // which is idempotent, and every result is linked to the imported conversations).
    if (const auto dbPath = args.value("--db")) {
        if (!database) {
            auto opened = tracer::WorkspaceDatabase::open(std::string(*dbPath));
            if (!opened) {
                err << "llmcl: " << opened.error().message << '\n';
                return kExitUsage;
            }
            database.emplace(std::move(opened.value()));
        }
        // Runs whose writer stopped mid-run (a crash, a kill): say so once, and how to
        // complete or remove them; what they stored stays readable.
        auto runs = resumed
            ? engine::Result<std::vector<tracer::RunSummary>>(std::vector<tracer::RunSummary>())
            : database->runs();
        if (runs) {
            std::string incomplete;
            std::size_t count = 0;
            for (const tracer::RunSummary &run : runs.value())
                if (run.status == tracer::RunStatus::Incomplete) {
                    incomplete += (count++ ? ", " : "") + std::to_string(run.id);
                }
            if (count)
                err << "llmcl: note: " << database->path() << " has " << count
                    << (count == 1 ? " incomplete run (" : " incomplete runs (") << incomplete
                    << "): its writer stopped mid-run; 'llmcl replay --db " << database->path()
                    << " --resume RUN' completes one, 'llmcl runs --db " << database->path()
                    << " --discard RUN' removes one\n";
        }
    }

    tracer::ReplayOptions options;
    options.evaluation.fix = fix;
    // JSON Lines explain the clauses that do not pass (those that pass are evaluated without
    // tracing: they cost what they cost untraced); --explain all and a trace file want every
    // clause's explanation.
    options.evaluation.trace = format == OutputFormat::Json || storeDetail;
    options.evaluation.traceOnlyFailures = !explainAll && !storeDetail;
    options.jobs = jobs;
    Printer printer(out, err, format, explainAll);
    options.totals = &printer.totals;
    std::vector<tracer::ReplayListener *> listeners {&printer};
    std::vector<std::unique_ptr<tracer::TraceWriter>> writers;
    std::vector<std::unique_ptr<OutputFile>> files;
    const auto addWriter = [&](std::string_view path, auto make) {
        auto file = std::make_unique<OutputFile>();
        if (!openOutput(*file, path, err))
            return false;
        writers.push_back(make(file->stream));
        listeners.push_back(writers.back().get());
        files.push_back(std::move(file));
        return true;
    };
    if (const auto path = args.value("--trace")) {
        const bool opened =
            addWriter(*path, [&](std::ostream &stream) -> std::unique_ptr<tracer::TraceWriter> {
                if (traceFormat == "chrome")
                    return std::make_unique<tracer::ChromeTraceWriter>(stream);
                if (traceFormat == "otlp")
                    return std::make_unique<tracer::OtlpTraceWriter>(stream);
                return std::make_unique<tracer::LlmclTraceWriter>(stream);
            });
        if (!opened)
            return kExitUsage;
    }
    if (const auto path = args.value("--metrics")) {
        if (!addWriter(*path, [](std::ostream &stream) -> std::unique_ptr<tracer::TraceWriter> {
                return std::make_unique<tracer::PrometheusMetricsWriter>(stream);
            }))
            return kExitUsage;
    }
    std::vector<tracer::ContractSource> contracts;
    for (const std::string &file : request.files)
        contracts.push_back({file, request.overrides[file]});
    tracer::RunInfo run = tracer::RunInfo::replayStartingNow(
        sessionsPath, std::move(contracts), options.evaluation.fix, jobs, storeDetail);
    if (resumed) {
        run.startTimeUnixNs = resumedInfo.startTimeUnixNs;
        run.options = resumedInfo.options;
    }

    std::unique_ptr<tracer::RunRecording> recording;
    if (database) {
        // With --trace, the details a trace shows are stored too (llmcl export reads them).
        tracer::RunRecording::Options recordingOptions;
        recordingOptions.writer.storeDetail = storeDetail;
        // The sessions are imported while the replay begins (a new run only: a resumed one
        // needs the import's keys to know what it stored).
        recordingOptions.importAlongside = !resumed;
        auto started = resumed
            ? tracer::RunRecording::resume(*database, *resumed, run, recordingOptions)
            : tracer::RunRecording::start(*database, run, recordingOptions);
        if (!started) {
            err << "llmcl: " << started.error().message << '\n';
            return kExitUsage;
        }
        recording = std::move(started.value());
        run = recording->info();
        if (const std::int64_t kept = recording->resumePoint().kept)
            err << "llmcl: resuming run " << recording->run() << " after its first " << kept
                << (kept == 1 ? " conversation" : " conversations")
                << " (every conversation is evaluated again; only the rest is stored)\n";
        listeners.push_back(&recording->writer());
    }
    for (auto &writer : writers)
        writer->beginRun(run);
    tracer::ReplayFanOut tee(listeners);

    // A progress line on a terminal (stderr), never in a pipe or a log unless asked for.
    const bool progress = !args.has("--no-progress") && (args.has("--progress") || isTerminal(err));
    if (progress)
        options.progress = [&err](
                               const tracer::ReplayProgress &p) { printProgress(err, p, false); };
    g_interrupted.store(false);
    options.cancel = &g_interrupted;
    using Handler = void (*)(int);
    const Handler previous = std::signal(SIGINT, onInterrupt);

    const auto start = std::chrono::steady_clock::now();
    const engine::Result<tracer::ReplayStats> stats =
        tracer::replay(compiled.set, reader.value(), options, tee);
    std::signal(SIGINT, previous == SIG_ERR ? SIG_DFL : previous);
    if (progress)
        err << "\r\033[K" << std::flush;
    for (auto &writer : writers)
        writer->finish();
    for (auto &file : files) {
        file->stream.flush();
        if (!file->stream) {
            err << "llmcl: " << file->path << ": writing failed\n";
            return kExitUsage;
        }
    }
    const std::int64_t durationNs = std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::steady_clock::now() - start)
                                        .count();
    const tracer::ReplayTotals &totals = printer.totals;
    const tracer::Coverage coverage = totals.coverage(*compiled.set);
    if (recording) {
        const engine::Result<tracer::RunStatus> finished =
            recording->finish(stats, totals, durationNs, compileNs, coverage);
        if (!finished) {
            err << "llmcl: " << finished.error().message << "; run " << recording->run()
                << " is stored as incomplete\n";
            return kExitUsage;
        }
    }
    if (!stats) {
        err << "llmcl: " << stats.error().message << '\n';
        return kExitUsage;
    }
    if (stats.value().cancelled)
        err << "llmcl: interrupted after " << stats.value().turns << " turns"
            << (recording ? "; run " + std::to_string(recording->run()) + " is stored as cancelled"
                          : "")
            << '\n';
    if (format == OutputFormat::Json) {
        engine::JsonWriter writer;
        writeSummary(writer, totals,
            tracer::ReplayFacts {stats.value(), durationNs, compileNs, coverage,
                recording ? std::optional<std::string>(database->path()) : std::nullopt,
                recording ? recording->run() : 0});
        out << writer.text() << '\n';
    } else {
        for (const engine::ClauseVerdict &v : printer.runEndVerdicts())
            out << "run end: " << v.id() << ' ' << engine::clauseStatusName(v.status)
                << (v.message.empty() ? "" : " — " + v.message) << '\n';
        out << stats.value().conversations << " conversations, " << stats.value().turns
            << " turns, " << totals.invalidTurns << " invalid turns, "
            << totals.invalidConversations << " conversations invalid at the end";
        if (stats.value().problems)
            out << ", " << stats.value().problems << " malformed lines skipped";
        const double seconds = static_cast<double>(durationNs) / 1e9;
        if (seconds > 0)
            out << " ("
                << static_cast<std::uint64_t>(static_cast<double>(stats.value().turns) / seconds)
                << " turns/s)";
        out << '\n';
        if (recording)
            out << "stored as run " << recording->run() << " in " << database->path() << '\n';
    }
    if (stats.value().cancelled)
        return kExitUsage;
    const bool findings =
        totals.invalidTurns || totals.invalidConversations || totals.runEndFailures;
    return findings ? kExitFindings : kExitSuccess;
}

} // namespace llmcl::cli
