// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later

// The commands over a workspace database's stored runs: runs, diff and export.
#include "cli/arguments.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/resulttext.h"
#include "engine/json.h"
#include "tracer/rundiff.h"
#include "tracer/runexport.h"
#include "tracer/runreader.h"
#include "tracer/workspacedb.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>

namespace llmcl::cli {

namespace {

// Opens the database named by --db (never creating it): read-write when the file allows, so
// that runs whose writer died are marked incomplete and an older schema is upgraded, else
// read-only.
std::optional<tracer::WorkspaceDatabase> openDatabase(const Arguments &args, std::ostream &err)
{
    const std::optional<std::string_view> path = args.value("--db");
    if (!path) {
        err << args.usageError("--db W.db is required") << '\n';
        return std::nullopt;
    }
    if (!std::filesystem::exists(std::string(*path))) {
        err << "llmcl: " << *path << ": no such workspace database\n";
        return std::nullopt;
    }
    auto db = tracer::WorkspaceDatabase::open(std::string(*path));
    if (!db && db.error().message.find("read-only") != std::string::npos)
        db = tracer::WorkspaceDatabase::open(
            std::string(*path), tracer::WorkspaceDatabase::Options {true});
    if (!db) {
        err << "llmcl: " << db.error().message << '\n';
        return std::nullopt;
    }
    return std::move(db.value());
}

bool parseCommand(Arguments &args, std::span<const std::string_view> arguments,
    void (*printHelp)(std::ostream &), OutputFormat &format, std::ostream &out, std::ostream &err,
    std::optional<int> &stop)
{
    if (!args.parse(arguments)) {
        err << args.error() << '\n';
        stop = kExitUsage;
        return false;
    }
    if (args.helpRequested()) {
        printHelp(out);
        stop = kExitSuccess;
        return false;
    }
    std::string error;
    if (!args.outputFormat(format, error)) {
        err << error << '\n';
        stop = kExitUsage;
        return false;
    }
    return true;
}

void writeExamples(engine::JsonWriter &writer, std::string_view name,
    const std::vector<tracer::DiffExample> &examples)
{
    writer.key(name);
    writer.beginArray();
    for (const tracer::DiffExample &example : examples) {
        writer.beginObject();
        writer.member("conversation", example.conversation);
        writer.member("turn", example.turn);
        writer.endObject();
    }
    writer.endArray();
}

std::string describeExamples(const std::vector<tracer::DiffExample> &examples)
{
    std::string text;
    for (const tracer::DiffExample &example : examples) {
        if (!text.empty())
            text += ", ";
        text += example.conversation;
        text += example.turn ? " turn " + std::to_string(example.turn) : std::string(" (end)");
    }
    return text;
}

// The failures of an added or removed clause in the run that has it.
std::uint64_t failuresInItsRun(const tracer::ClauseDiff &clause)
{
    const std::optional<tracer::ClauseInRun> &in =
        clause.presence == tracer::ClauseDiff::Presence::OnlyInA ? clause.inA : clause.inB;
    return in ? in->failures : 0;
}

void writeLatency(engine::JsonWriter &writer, std::string_view name, const tracer::ClauseInRun &in)
{
    writer.key(name);
    writer.beginObject();
    writer.member("count", static_cast<std::int64_t>(in.latency.count));
    writer.member("p50_ns", in.latency.p50);
    writer.member("p95_ns", in.latency.p95);
    writer.endObject();
}

void writeDelta(engine::JsonWriter &writer, std::string_view name, std::optional<std::int64_t> ns)
{
    writer.key(name);
    if (ns)
        writer.integer(*ns);
    else
        writer.null();
}

// "+1.2 µs", "-310 ns", "±0 ns".
std::string formatDelta(std::int64_t nanoseconds)
{
    const char *sign = nanoseconds < 0 ? "-" : nanoseconds > 0 ? "+" : "±";
    return sign + formatDuration(nanoseconds < 0 ? -nanoseconds : nanoseconds);
}

std::string_view presenceName(tracer::ClauseDiff::Presence presence)
{
    switch (presence) {
    case tracer::ClauseDiff::Presence::Both:
        return "both";
    case tracer::ClauseDiff::Presence::OnlyInA:
        return "removed";
    case tracer::ClauseDiff::Presence::OnlyInB:
        return "added";
    }
    return "both";
}

} // namespace

void printRunsHelp(std::ostream &out)
{
    out << "Usage: llmcl runs --db W.db [--format text|json] [--discard RUN]\n"
           "\n"
           "Lists the runs stored in a workspace database, oldest first: one line per run,\n"
           "\"<run-id> <started> <status> <turns> <contracts>\" (status: running, complete,\n"
           "incomplete or cancelled; contracts: the contract files, comma-separated).\n"
           "\n"
           "Options:\n"
           "  --db W.db           the workspace database\n"
           "  --format text|json  json: an array of objects with those fields\n"
           "  --discard RUN       delete a run (an id, last or last~N) and all it stored,\n"
           "                      e.g. one left incomplete by a crash; not one being written\n"
           "  -h, --help          show this help and exit\n"
           "\n"
           "Exit codes: 0 success, 2 usage error or a database that cannot be read.\n";
}

void printDiffHelp(std::ostream &out)
{
    out << "Usage: llmcl diff --db W.db RUN_A RUN_B [--format text|json] [--examples N]\n"
           "\n"
           "Compares two stored runs clause by clause over the turns both have (matched by\n"
           "conversation id and turn): new failures, new passes, other status changes and\n"
           "changed fixes, with counts and example turns; clauses only in one run are listed\n"
           "as added or removed. For every clause of both runs, its p50 and p95 latency in\n"
           "each run and the change. RUN is a run id, last or last~N.\n"
           "\n"
           "Options:\n"
           "  --db W.db           the workspace database\n"
           "  --format text|json  text (default) or one JSON object\n"
           "  --examples N        example turns per kind of change (default 3)\n"
           "  -h, --help          show this help and exit\n"
           "\n"
           "Exit codes: 0 no new failures in RUN_B, 1 RUN_B has new failures, 2 usage error\n"
           "or a database or run that cannot be read.\n";
}

void printExportHelp(std::ostream &out)
{
    out << "Usage: llmcl export --db W.db RUN [--trace-format llmcl|chrome|otlp]\n"
           "                    [--redact-pii] -o OUT\n"
           "\n"
           "Writes the trace of a stored run (RUN: a run id, last or last~N) to OUT, as\n"
           "llmcl replay --trace would have. Explanations, ensure_prob windows and temporal\n"
           "state are in it when the run was stored with --trace.\n"
           "\n"
           "Options:\n"
           "  --db W.db           the workspace database\n"
           "  --trace-format F    llmcl (default: the native JSON document), chrome (Chrome\n"
           "                      Trace Event Format, for Perfetto) or otlp (OTLP/JSON)\n"
           "  --redact-pii        replace e-mail addresses, phone, credit-card and US social\n"
           "                      security numbers in every exported text with markers\n"
           "  -o, --output OUT    the file to write (replaced atomically)\n"
           "  -h, --help          show this help and exit\n"
           "\n"
           "Exit codes: 0 success, 2 usage error, a database or run that cannot be read or\n"
           "an output that cannot be written.\n";
}

int runRuns(std::span<const std::string_view> arguments, std::ostream &out, std::ostream &err)
{
    Arguments args("runs", {{"--db", true}, {"--format", true}, {"--discard", true}});
    OutputFormat format = OutputFormat::Text;
    std::optional<int> stop;
    if (!parseCommand(args, arguments, printRunsHelp, format, out, err, stop))
        return *stop;
    if (!args.operands().empty()) {
        err << args.usageError("unexpected argument '" + std::string(args.operands()[0]) + "'")
            << '\n';
        return kExitUsage;
    }
    std::optional<tracer::WorkspaceDatabase> db = openDatabase(args, err);
    if (!db)
        return kExitUsage;
    if (const std::optional<std::string_view> discard = args.value("--discard")) {
        auto run = db->resolveRun(*discard);
        if (!run) {
            err << "llmcl: " << run.error().message << '\n';
            return kExitUsage;
        }
        if (auto error = db->discardRun(run.value())) {
            err << "llmcl: " << error->message << '\n';
            return kExitUsage;
        }
        out << "run " << run.value() << " discarded\n";
        return kExitSuccess;
    }
    auto runs = db->runs();
    if (!runs) {
        err << "llmcl: " << runs.error().message << '\n';
        return kExitUsage;
    }
    if (format == OutputFormat::Text) {
        for (const tracer::RunSummary &run : runs.value())
            out << tracer::describe(run) << '\n';
        return kExitSuccess;
    }
    engine::JsonWriter writer;
    writer.beginArray();
    for (const tracer::RunSummary &run : runs.value()) {
        writer.beginObject();
        writer.member("id", run.id);
        writer.member("started", run.started);
        writer.key("finished");
        if (run.finished)
            writer.string(*run.finished);
        else
            writer.null();
        writer.member("status", tracer::runStatusName(run.status));
        writer.member("turns", static_cast<std::int64_t>(run.turns));
        writer.key("contracts");
        writer.beginArray();
        for (const std::string &contract : run.contracts)
            writer.string(contract);
        writer.endArray();
        writer.endObject();
    }
    writer.endArray();
    out << writer.text() << '\n';
    return kExitSuccess;
}

int runDiff(std::span<const std::string_view> arguments, std::ostream &out, std::ostream &err)
{
    Arguments args("diff", {{"--db", true}, {"--format", true}, {"--examples", true}});
    OutputFormat format = OutputFormat::Text;
    std::optional<int> stop;
    if (!parseCommand(args, arguments, printDiffHelp, format, out, err, stop))
        return *stop;
    if (args.operands().size() != 2) {
        err << args.usageError("give two runs: RUN_A RUN_B") << '\n';
        return kExitUsage;
    }
    std::size_t examples = 3;
    if (const auto value = args.value("--examples")) {
        char *end = nullptr;
        const std::string text(*value);
        const long n = std::strtol(text.c_str(), &end, 10);
        if (text.empty() || *end || n < 0 || n > 1000) {
            err << args.usageError("--examples needs a number from 0 to 1000") << '\n';
            return kExitUsage;
        }
        examples = static_cast<std::size_t>(n);
    }
    std::optional<tracer::WorkspaceDatabase> db = openDatabase(args, err);
    if (!db)
        return kExitUsage;
    std::int64_t runs[2] = {};
    for (int i = 0; i < 2; ++i) {
        auto run = db->resolveRun(args.operands()[std::size_t(i)]);
        if (!run) {
            err << "llmcl: " << run.error().message << '\n';
            return kExitUsage;
        }
        runs[i] = run.value();
    }
    auto diff = tracer::diffRuns(*db, runs[0], runs[1], examples);
    if (!diff) {
        err << "llmcl: " << diff.error().message << '\n';
        return kExitUsage;
    }
    const tracer::RunDiff &d = diff.value();
    bool newFailures = false;
    for (const tracer::ClauseDiff &clause : d.clauses)
        newFailures = newFailures || clause.newFailures > 0;

    if (format == OutputFormat::Json) {
        engine::JsonWriter writer;
        writer.beginObject();
        writer.member("run_a", d.runA);
        writer.member("run_b", d.runB);
        writer.member("turns_compared", static_cast<std::int64_t>(d.turnsCompared));
        writer.member("turns_only_in_a", static_cast<std::int64_t>(d.turnsOnlyInA));
        writer.member("turns_only_in_b", static_cast<std::int64_t>(d.turnsOnlyInB));
        writer.key("clauses");
        writer.beginArray();
        for (const tracer::ClauseDiff &clause : d.clauses) {
            if (!clause.changed())
                continue;
            writer.beginObject();
            writer.member("clause", clause.clause);
            writer.member("contract", clause.contract);
            writer.member("presence", presenceName(clause.presence));
            if (clause.presence == tracer::ClauseDiff::Presence::Both) {
                writer.member("new_failures", static_cast<std::int64_t>(clause.newFailures));
                writer.member("new_passes", static_cast<std::int64_t>(clause.newPasses));
                writer.member("other_changes", static_cast<std::int64_t>(clause.otherChanges));
                writer.member("changed_fixes", static_cast<std::int64_t>(clause.changedFixes));
                writer.key("examples");
                writer.beginObject();
                writeExamples(writer, "new_failures", clause.newFailureExamples);
                writeExamples(writer, "new_passes", clause.newPassExamples);
                writeExamples(writer, "other_changes", clause.otherChangeExamples);
                writeExamples(writer, "changed_fixes", clause.changedFixExamples);
                writer.endObject();
            } else {
                writer.member("failures", static_cast<std::int64_t>(failuresInItsRun(clause)));
            }
            writer.endObject();
        }
        writer.endArray();
        writer.key("latency");
        writer.beginArray();
        for (const tracer::ClauseDiff &clause : d.clauses) {
            if (!clause.inA || !clause.inB)
                continue;
            writer.beginObject();
            writer.member("clause", clause.clause);
            writer.member("contract", clause.contract);
            writeLatency(writer, "a", *clause.inA);
            writeLatency(writer, "b", *clause.inB);
            writeDelta(writer, "p50_delta_ns", clause.p50DeltaNs());
            writeDelta(writer, "p95_delta_ns", clause.p95DeltaNs());
            writer.endObject();
        }
        writer.endArray();
        writer.endObject();
        out << writer.text() << '\n';
        return newFailures ? kExitFindings : kExitSuccess;
    }

    out << "run " << d.runA << " → run " << d.runB << ": " << d.turnsCompared << " turns compared";
    if (d.turnsOnlyInA || d.turnsOnlyInB)
        out << " (" << d.turnsOnlyInA << " only in run " << d.runA << ", " << d.turnsOnlyInB
            << " only in run " << d.runB << ")";
    out << '\n';
    bool any = false;
    for (const tracer::ClauseDiff &clause : d.clauses) {
        if (!clause.changed())
            continue;
        any = true;
        out << clause.clause << ": ";
        if (clause.presence == tracer::ClauseDiff::Presence::OnlyInB) {
            out << "added in run " << d.runB << " (" << failuresInItsRun(clause) << " failures)\n";
            continue;
        }
        if (clause.presence == tracer::ClauseDiff::Presence::OnlyInA) {
            out << "removed in run " << d.runB << " (" << failuresInItsRun(clause)
                << " failures in run " << d.runA << ")\n";
            continue;
        }
        std::string counts;
        const auto add = [&](std::uint64_t n, std::string_view what) {
            if (!n)
                return;
            if (!counts.empty())
                counts += ", ";
            counts += std::to_string(n) + ' ' + std::string(what);
        };
        add(clause.newFailures, clause.newFailures == 1 ? "new failure" : "new failures");
        add(clause.newPasses, clause.newPasses == 1 ? "new pass" : "new passes");
        add(clause.otherChanges, clause.otherChanges == 1 ? "other change" : "other changes");
        add(clause.changedFixes, clause.changedFixes == 1 ? "changed fix" : "changed fixes");
        out << counts << '\n';
        const auto list = [&](std::string_view what, const std::vector<tracer::DiffExample> &e) {
            if (!e.empty())
                out << "  " << what << ": " << describeExamples(e) << '\n';
        };
        list("new failures", clause.newFailureExamples);
        list("new passes", clause.newPassExamples);
        list("other changes", clause.otherChangeExamples);
        list("changed fixes", clause.changedFixExamples);
    }
    if (!any)
        out << "no clause-level changes\n";
    bool header = false;
    for (const tracer::ClauseDiff &clause : d.clauses) {
        const std::optional<std::int64_t> p50 = clause.p50DeltaNs();
        const std::optional<std::int64_t> p95 = clause.p95DeltaNs();
        if (!p50 || !p95)
            continue;
        if (!header)
            out << "latency, run " << d.runA << " → run " << d.runB << ":\n";
        header = true;
        out << "  " << clause.clause << ": p50 " << formatDuration(clause.inA->latency.p50) << " → "
            << formatDuration(clause.inB->latency.p50) << " (" << formatDelta(*p50) << "), p95 "
            << formatDuration(clause.inA->latency.p95) << " → "
            << formatDuration(clause.inB->latency.p95) << " (" << formatDelta(*p95) << ")\n";
    }
    return newFailures ? kExitFindings : kExitSuccess;
}

int runExport(std::span<const std::string_view> arguments, std::ostream &out, std::ostream &err)
{
    Arguments args("export",
        {{"--db", true}, {"--trace-format", true}, {"--redact-pii", false}, {"-o", true},
            {"--output", true}});
    OutputFormat format = OutputFormat::Text;
    std::optional<int> stop;
    if (!parseCommand(args, arguments, printExportHelp, format, out, err, stop))
        return *stop;
    if (args.operands().size() != 1) {
        err << args.usageError("give one RUN (a run id, last or last~N)") << '\n';
        return kExitUsage;
    }
    const std::optional<std::string_view> output =
        args.has("-o") ? args.value("-o") : args.value("--output");
    if (!output) {
        err << args.usageError("-o OUT is required") << '\n';
        return kExitUsage;
    }
    const std::string_view traceFormat = args.value("--trace-format").value_or("llmcl");
    if (traceFormat != "llmcl" && traceFormat != "chrome" && traceFormat != "otlp") {
        err << args.usageError("--trace-format must be llmcl, chrome or otlp") << '\n';
        return kExitUsage;
    }
    std::optional<tracer::WorkspaceDatabase> db = openDatabase(args, err);
    if (!db)
        return kExitUsage;
    auto run = db->resolveRun(args.operands()[0]);
    if (!run) {
        err << "llmcl: " << run.error().message << '\n';
        return kExitUsage;
    }
    tracer::ExportOptions options;
    options.redactPii = args.has("--redact-pii");
    if (const tracer::Status error = tracer::exportRun(*db, run.value(),
            tracer::exportFormatFromName(traceFormat).value_or(tracer::ExportFormat::Llmcl),
            options, std::string(*output))) {
        err << "llmcl: " << error->message << '\n';
        return kExitUsage;
    }
    return kExitSuccess;
}

} // namespace llmcl::cli
