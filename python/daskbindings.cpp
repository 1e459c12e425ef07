// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later

// The engine side of llmcl.dask (docs/distributed.md): a worker replays one partition of a
// sessions file into compact bytes (tracer::replayPartition), and the client merges the
// partitions' bytes in input order into one run of a workspace database (tracer::
// PartitionMerge into the RunWriter of `llmcl replay --db`). The GIL is released while the
// engine replays and while the merge stores.

#include "daskbindings.h"

#include "engine/compiledset.h"
#include "engine/diagnostic.h"
#include "engine/json.h"
#include "tracer/partitionmerge.h"
#include "tracer/partitionreplay.h"
#include "tracer/runreader.h"
#include "tracer/runrecording.h"
#include "tracer/totalslistener.h"
#include "tracer/workspacedb.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <nanobind/stl/map.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace llmcl::python {

namespace nb = nanobind;

namespace {

using Sources = std::vector<std::pair<std::string, std::string>>;

[[noreturn]] void raiseError(PyObject *type, const std::string &message)
{
    PyErr_SetString(type, message.c_str());
    throw nb::python_error();
}

engine::EvalOptions partitionOptions(bool fix, bool detail)
{
    // What `llmcl replay --db` evaluates with: explanations only when they are stored.
    engine::EvalOptions options;
    options.fix = fix;
    options.trace = detail;
    options.traceOnlyFailures = !detail;
    return options;
}

// The contracts as a worker and the client compile them: from their text, so that what was
// read on the client is what every worker evaluates, whatever files the workers can see.
class PartitionSet
{
public:
    explicit PartitionSet(Sources sources)
        : m_sources(std::move(sources))
    {
        engine::CompileRequest request;
        for (const auto &[file, text] : m_sources) {
            request.files.push_back(file);
            request.overrides[file] = text;
        }
        engine::CompileResult result;
        {
            nb::gil_scoped_release release;
            const auto start = std::chrono::steady_clock::now();
            result = engine::compileContracts(request);
            m_compileNs = std::chrono::duration_cast<std::chrono::nanoseconds>(
                std::chrono::steady_clock::now() - start)
                              .count();
        }
        if (result.hasErrors() || !result.set)
            raiseError(PyExc_ValueError,
                "the contracts have errors (" + engine::diagnosticSummary(result.diagnostics)
                    + ")");
        m_set = std::move(result.set);
    }

    // `readFrom`: the local copy to read when `file` is a URL ("" : `file`).
    nb::bytes replay(const std::string &file, std::uint64_t begin, std::uint64_t end, bool whole,
        bool fix, bool detail, const std::string &readFrom) const
    {
        const tracer::Partition partition {file, begin, end, whole, readFrom};
        engine::Result<std::string> results = [&] {
            nb::gil_scoped_release release;
            return tracer::replayPartition(m_set, partition, partitionOptions(fix, detail));
        }();
        if (!results)
            raiseError(PyExc_OSError, results.error().message);
        return nb::bytes(results.value().data(), results.value().size());
    }

    const std::shared_ptr<const engine::CompiledSet> &set() const { return m_set; }
    const Sources &sources() const { return m_sources; }
    std::int64_t compileNs() const { return m_compileNs; }

private:
    Sources m_sources;
    std::shared_ptr<const engine::CompiledSet> m_set;
    std::int64_t m_compileNs = 0;
};

// One distributed replay being stored: the run of `llmcl replay --db` (tracer::RunRecording),
// fed by the merge of the partitions.
class DistributedRun
{
public:
    // `localCopies`: the local file to read for each sessions name that is a URL.
    DistributedRun(const PartitionSet &set, const std::string &database,
        const std::vector<std::string> &sessions, bool fix, bool detail, int workers,
        std::optional<std::int64_t> resume, std::map<std::string, std::string> localCopies)
        : m_set(set.set())
        , m_compileNs(set.compileNs())
    {
        std::optional<engine::Error> failure;
        {
            nb::gil_scoped_release release;
            failure = open(set, database, sessions, fix, detail, workers, resume, localCopies);
        }
        if (failure)
            raiseError(PyExc_OSError, failure->message);
        m_start = std::chrono::steady_clock::now();
    }

    std::int64_t run() const { return m_recording->run(); }
    std::int64_t kept() const { return m_recording->resumePoint().kept; }

    // (conversations, turns, [problem descriptions]) of the partition merged.
    nb::tuple add(nb::bytes results, const std::string &file, std::uint64_t begin,
        std::uint64_t end, bool whole)
    {
        if (!m_merge)
            raiseError(PyExc_ValueError, "the run is finished");
        const tracer::Partition partition {file, begin, end, whole};
        const std::string_view bytes(results.c_str(), results.size());
        m_problems.clear();
        engine::Result<tracer::PartitionMerge::Added> added = [&] {
            nb::gil_scoped_release release;
            return m_merge->add(bytes, partition);
        }();
        if (!added)
            raiseError(PyExc_OSError, added.error().message);
        if (const auto &stored = m_recording->storeError())
            raiseError(PyExc_OSError, stored->message);
        nb::list problems;
        for (const std::string &problem : m_problems)
            problems.append(problem);
        return nb::make_tuple(added.value().conversations, added.value().turns, problems);
    }

    // Stores the outcome: "complete" after the last partition, "cancelled" when the replay was
    // stopped, "incomplete" when a partition failed (`failure`: what is merged stays). Returns
    // (run, status, summary JSON).
    nb::tuple finish(bool cancelled, std::optional<std::string> failure)
    {
        if (!m_merge)
            raiseError(PyExc_ValueError, "the run is finished");
        std::optional<engine::Error> error;
        tracer::RunStatus status = tracer::RunStatus::Incomplete;
        std::string summary;
        {
            nb::gil_scoped_release release;
            // As a local replay does, a cancelled run still settles its global windows over
            // what was merged; a failed one stops where it failed.
            if (!failure)
                m_merge->finish();
            tracer::ReplayStats stats = m_merge->stats();
            stats.cancelled = cancelled;
            const std::int64_t durationNs = std::chrono::duration_cast<std::chrono::nanoseconds>(
                std::chrono::steady_clock::now() - m_start)
                                                .count();
            const engine::Result<tracer::ReplayStats> outcome = failure
                ? engine::Result<tracer::ReplayStats>(engine::Error {*failure})
                : engine::Result<tracer::ReplayStats>(stats);
            const tracer::Coverage coverage = m_totals.totals.coverage(*m_set);
            const engine::Result<tracer::RunStatus> finished =
                m_recording->finish(outcome, m_totals.totals, durationNs, m_compileNs, coverage);
            if (!finished) {
                error = engine::Error {finished.error().message + "; run "
                    + std::to_string(m_recording->run()) + " is stored as incomplete"};
            } else {
                status = finished.value();
                engine::JsonWriter writer;
                tracer::writeSummaryObject(writer, m_totals.totals,
                    tracer::ReplayFacts {stats, durationNs, m_compileNs, coverage,
                        m_database->path(), m_recording->run()});
                summary = writer.take();
            }
            m_merge.reset();
        }
        if (error)
            raiseError(PyExc_OSError, error->message);
        return nb::make_tuple(
            m_recording->run(), std::string(tracer::runStatusName(status)), summary);
    }

private:
    // Hands the malformed lines to add()'s caller, described as `llmcl replay` prints them.
    class Problems final : public tracer::ReplayListener
    {
    public:
        explicit Problems(std::vector<std::string> &out)
            : m_out(out)
        { }
        void problem(const tracer::SessionProblem &problem) override
        {
            m_out.push_back(tracer::describe(problem));
        }

    private:
        std::vector<std::string> &m_out;
    };

    std::optional<engine::Error> open(const PartitionSet &set, const std::string &database,
        const std::vector<std::string> &sessions, bool fix, bool detail, int workers,
        std::optional<std::int64_t> resume, const std::map<std::string, std::string> &localCopies)
    {
        auto opened = tracer::WorkspaceDatabase::open(database);
        if (!opened)
            return opened.error();
        m_database = std::make_unique<tracer::WorkspaceDatabase>(std::move(opened.value()));
        tracer::RunRecording::Options options;
        options.writer.storeDetail = detail;
        if (!localCopies.empty())
            options.localCopy = [localCopies](const std::string &name) {
                const auto found = localCopies.find(name);
                return found == localCopies.end() ? name : found->second;
            };
        engine::Result<std::unique_ptr<tracer::RunRecording>> started = engine::Error {};
        if (resume) {
            auto stored = tracer::RunReader::open(*m_database, *resume);
            if (!stored)
                return stored.error();
            started =
                tracer::RunRecording::resume(*m_database, *resume, stored.value().info(), options);
        } else {
            // The run as `llmcl replay --db` describes it, its sessions one file a line.
            std::string files;
            for (const std::string &file : sessions)
                files += (files.empty() ? "" : "\n") + file;
            std::vector<tracer::ContractSource> contracts;
            for (const auto &[file, text] : set.sources())
                contracts.push_back({file, text});
            started = tracer::RunRecording::start(*m_database,
                tracer::RunInfo::replayStartingNow(
                    std::move(files), std::move(contracts), fix, workers, detail),
                options);
        }
        if (!started)
            return started.error();
        m_recording = std::move(started.value());
        m_problemsListener = std::make_unique<Problems>(m_problems);
        m_fanOut = std::make_unique<tracer::ReplayFanOut>(std::vector<tracer::ReplayListener *> {
            &m_totals, m_problemsListener.get(), &m_recording->writer()});
        m_merge = std::make_unique<tracer::PartitionMerge>(m_set, *m_fanOut);
        return std::nullopt;
    }

    std::shared_ptr<const engine::CompiledSet> m_set;
    std::int64_t m_compileNs = 0;
    std::unique_ptr<tracer::WorkspaceDatabase> m_database;
    std::unique_ptr<tracer::RunRecording> m_recording;
    tracer::TotalsListener m_totals;
    std::vector<std::string> m_problems;
    std::unique_ptr<Problems> m_problemsListener;
    std::unique_ptr<tracer::ReplayFanOut> m_fanOut;
    std::unique_ptr<tracer::PartitionMerge> m_merge; // none once finished
    std::chrono::steady_clock::time_point m_start;
};

// (run id, contract sources, sessions files, options) of a stored run that `reference` (an
// id, last, last~N) names: what a resumed distributed replay replays again.
nb::tuple storedRun(const std::string &database, const std::string &reference)
{
    std::optional<engine::Error> failure;
    tracer::RunInfo info;
    std::int64_t run = 0;
    {
        nb::gil_scoped_release release;
        failure = [&]() -> std::optional<engine::Error> {
            auto opened = tracer::WorkspaceDatabase::open(database);
            if (!opened)
                return opened.error();
            auto id = opened.value().resolveRun(reference);
            if (!id)
                return id.error();
            auto stored = tracer::RunReader::open(opened.value(), id.value());
            if (!stored)
                return stored.error();
            run = id.value();
            info = stored.value().info();
            return std::nullopt;
        }();
    }
    if (failure)
        raiseError(PyExc_OSError, failure->message);
    Sources sources;
    for (const tracer::ContractSource &contract : info.contracts)
        sources.emplace_back(contract.file, contract.source);
    std::vector<std::string> sessions;
    for (std::size_t at = 0; at <= info.sessions.size();) {
        const std::size_t newline = std::min(info.sessions.find('\n', at), info.sessions.size());
        sessions.push_back(info.sessions.substr(at, newline - at));
        at = newline + 1;
    }
    return nb::make_tuple(run, sources, sessions, info.options);
}

} // namespace

void addDaskBindings(nb::module_ &m)
{
    m.def("stored_run", &storedRun, nb::arg("database"), nb::arg("reference"));
    nb::class_<PartitionSet>(m, "PartitionSet")
        .def(nb::init<Sources>(), nb::arg("sources"))
        .def_prop_ro("sources", &PartitionSet::sources)
        .def("replay", &PartitionSet::replay, nb::arg("file"), nb::arg("begin"), nb::arg("end"),
            nb::arg("whole"), nb::arg("fix"), nb::arg("detail"), nb::arg("read_from") = "");

    nb::class_<DistributedRun>(m, "DistributedRun")
        .def(
            nb::init<const PartitionSet &, const std::string &, const std::vector<std::string> &,
                bool, bool, int, std::optional<std::int64_t>, std::map<std::string, std::string>>(),
            nb::arg("set"), nb::arg("database"), nb::arg("sessions"), nb::arg("fix"),
            nb::arg("detail"), nb::arg("workers"), nb::arg("resume").none(),
            nb::arg("local_copies") = std::map<std::string, std::string>())
        .def_prop_ro("run", &DistributedRun::run)
        .def_prop_ro("kept", &DistributedRun::kept)
        .def("add", &DistributedRun::add, nb::arg("results"), nb::arg("file"), nb::arg("begin"),
            nb::arg("end"), nb::arg("whole"))
        .def("finish", &DistributedRun::finish, nb::arg("cancelled"), nb::arg("failure").none());
}

} // namespace llmcl::python
