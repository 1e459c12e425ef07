// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later

// _llmcl: the engine as a Python extension module. Thin on purpose: it compiles, evaluates,
// runs sessions and replays, and hands back results as tuples (conversion.h) and the JSON of
// INTERFACES.md §2 (the engine's own writers, so that Python sees exactly what `llmcl eval` and
// `llmcl replay` print); llmcl/__init__.py turns them into typed objects. Texts cross the
// boundary as UTF-8, checked here before the engine sees them. The GIL is released while the
// engine compiles, evaluates or replays.

#include "engine/compiledset.h"
#include "engine/diagnostic.h"
#include "engine/evaluator.h"
#include "engine/session.h"

#include <chrono>
#include <memory>
#include <mutex>
#include <nanobind/nanobind.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/shared_ptr.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "conversion.h"
#include "daskbindings.h"
#include "replayiterator.h"
#include "resultviews.h"
#include "sharedset.h"

namespace llmcl::python {

namespace {

engine::EvalOptions evalOptions(nb::handle fix, nb::handle trace)
{
    engine::EvalOptions options;
    options.fix = PyObject_IsTrue(fix.ptr()) == 1;
    options.trace = PyObject_IsTrue(trace.ptr()) == 1;
    return options;
}

// A compiled contract set shared by any number of Python threads.
class ContractSet
{
public:
    explicit ContractSet(std::shared_ptr<SharedSet> shared)
        : m_shared(std::move(shared))
    { }

    std::vector<std::string> activeContracts() const { return m_shared->set()->activeContracts(); }
    std::size_t clauseCount() const { return m_shared->set()->clauseCount(); }

    TurnResultView *evaluate(nb::handle content, nb::handle response, nb::handle context,
        nb::handle fix, nb::handle trace)
    {
        engine::TurnInput turn;
        turn.content = textArgument(content, "content");
        if (!response.is_none())
            turn.response = textArgument(response, "response");
        turn.context = mappingArgument(context, "context");
        const engine::EvalOptions options = evalOptions(fix, trace);

        engine::TurnResult result;
        {
            nb::gil_scoped_release release;
            std::unique_ptr<engine::Evaluator> evaluator = m_shared->borrow();
            result = evaluator->evaluateTurn(turn, options, nullptr, m_shared->spareResult());
            m_shared->giveBack(std::move(evaluator));
        }
        return new TurnResultView(std::move(result), m_shared);
    }

    nb::list endRun() { return verdictList(m_shared->endRun(), false); }

    const std::shared_ptr<SharedSet> &shared() const { return m_shared; }

private:
    std::shared_ptr<SharedSet> m_shared;
};

// One conversation (engine::Session) over a set's shared state: it borrows an evaluator from
// the set's pool while it lives, keeps its own session windows and feeds the set's run windows.
// The engine's Session is not thread-safe; the mutex makes concurrent calls from several
// Python threads wait for each other instead of corrupting it.
class Session
{
public:
    Session(const ContractSet &set, engine::Value metadata)
        : m_shared(set.shared())
        , m_evaluator(m_shared->borrow())
    {
        if (m_shared->hasSessionWindows())
            m_windows.emplace(m_shared->set(), engine::ProbabilisticWindows::Scope::Conversation);
        m_session.emplace(*m_evaluator, std::move(metadata), m_windows ? &*m_windows : nullptr);
    }

    ~Session() { close(); }

    TurnResultView *turn(nb::handle content, nb::handle response, nb::handle context,
        nb::handle fix, nb::handle trace)
    {
        const std::string_view contentText = textArgument(content, "content");
        std::optional<std::string_view> responseText;
        if (!response.is_none())
            responseText = textArgument(response, "response");
        const engine::Value contextValue = mappingArgument(context, "context");
        const engine::EvalOptions options = evalOptions(fix, trace);

        std::optional<engine::TurnResult> result;
        {
            nb::gil_scoped_release release;
            const std::lock_guard lock(m_mutex);
            if (m_session) {
                result = m_session->addTurn(contentText, responseText, contextValue, options,
                    nullptr, m_shared->spareResult());
                m_shared->applyRunWindows(*result);
            }
        }
        if (!result)
            throw nb::value_error("the session has ended");
        return new TurnResultView(std::move(*result), m_shared);
    }

    ConversationEndView *end()
    {
        std::optional<engine::ConversationEnd> end;
        {
            nb::gil_scoped_release release;
            const std::lock_guard lock(m_mutex);
            if (m_session) {
                end = m_session->end();
                close();
            }
        }
        if (!end)
            throw nb::value_error("the session has ended");
        return new ConversationEndView(std::move(*end));
    }

    bool ended()
    {
        const std::lock_guard lock(m_mutex);
        return !m_session;
    }
    std::int64_t turns()
    {
        const std::lock_guard lock(m_mutex);
        return m_turns + (m_session ? m_session->turns() : 0);
    }

private:
    // The conversation is over: its evaluator goes back to the pool.
    void close()
    {
        if (m_session)
            m_turns = m_session->turns();
        m_session.reset();
        if (m_evaluator)
            m_shared->giveBack(std::move(m_evaluator));
    }

    std::shared_ptr<SharedSet> m_shared;
    std::mutex m_mutex;
    std::unique_ptr<engine::Evaluator> m_evaluator;
    std::optional<engine::ProbabilisticWindows> m_windows;
    std::optional<engine::Session> m_session; // none once ended
    std::int64_t m_turns = 0; // after the end
};

// (set or None, [diagnostic]): the set is None when any diagnostic is an error.
nb::tuple compiled(engine::CompileRequest request)
{
    engine::CompileResult result;
    std::int64_t compileNs = 0;
    {
        nb::gil_scoped_release release;
        const auto start = std::chrono::steady_clock::now();
        result = engine::compileContracts(request);
        compileNs = std::chrono::duration_cast<std::chrono::nanoseconds>(
            std::chrono::steady_clock::now() - start)
                        .count();
    }
    nb::list diagnostics;
    for (const engine::Diagnostic &diagnostic : result.diagnostics)
        diagnostics.append(diagnosticTuple(diagnostic, result.sourceText(diagnostic.file)));
    nb::object set = nb::none();
    if (result.set && !result.hasErrors()) {
        // The files given, with the text compiled: a stored run's contract snapshots.
        std::vector<tracer::ContractSource> sources;
        for (const std::string &file : request.files)
            sources.push_back({file, std::string(result.sourceText(file))});
        set = nb::cast(new ContractSet(std::make_shared<SharedSet>(
                           std::move(result.set), std::move(sources), compileNs)),
            nb::rv_policy::take_ownership);
    }
    return nb::make_tuple(set, diagnostics, pyText(engine::diagnosticSummary(result.diagnostics)));
}

nb::tuple compileSource(
    nb::handle source, const std::string &name, const std::vector<std::string> &includePath)
{
    const std::string_view text = textArgument(source, "source");
    engine::CompileRequest request;
    request.files.push_back(name);
    request.overrides.emplace(name, std::string(text));
    request.includePath = includePath;
    return compiled(std::move(request));
}

nb::tuple loadFiles(
    const std::vector<std::string> &paths, const std::vector<std::string> &includePath)
{
    engine::CompileRequest request;
    request.files = paths;
    request.includePath = includePath;
    return compiled(std::move(request));
}

int jobCount(const std::optional<int> &jobs)
{
    if (!jobs)
        return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    if (*jobs < 1 || *jobs > 256)
        throw nb::value_error("jobs must be a number from 1 to 256");
    return *jobs;
}

} // namespace

} // namespace llmcl::python

NB_MODULE(_llmcl, m)
{
    using namespace llmcl::python;
    m.doc() = "The LLMCL engine (internal: use the llmcl package)";

    nb::class_<TurnResultView>(m, "TurnResult")
        .def_prop_ro("valid", &TurnResultView::valid)
        .def_prop_ro("content", &TurnResultView::content)
        .def_prop_ro("response", &TurnResultView::response)
        .def_prop_ro("duration_ns", &TurnResultView::durationNs)
        .def("violations", &TurnResultView::violations)
        .def("verdicts", &TurnResultView::verdicts, nb::arg("explained"))
        .def("fixes", &TurnResultView::fixes)
        .def("json", &TurnResultView::json)
        .def("replay_line", &TurnResultView::replayLine, nb::arg("conversation"), nb::arg("turn"),
            nb::arg("explain_all"));

    nb::class_<ConversationEndView>(m, "ConversationEnd")
        .def("data", &ConversationEndView::data)
        .def("replay_line", &ConversationEndView::replayLine, nb::arg("conversation"));

    nb::class_<ContractSet>(m, "ContractSet")
        .def_prop_ro("active_contracts", &ContractSet::activeContracts)
        .def_prop_ro("clause_count", &ContractSet::clauseCount)
        .def_prop_ro("sources",
            [](const ContractSet &set) {
                // The files compiled with their text then: what llmcl.dask sends the workers.
                std::vector<std::pair<std::string, std::string>> sources;
                for (const llmcl::tracer::ContractSource &source : set.shared()->sources())
                    sources.emplace_back(source.file, source.source);
                return sources;
            })
        .def("evaluate", &ContractSet::evaluate, nb::arg("content").none(),
            nb::arg("response").none(), nb::arg("context").none(), nb::arg("fix"), nb::arg("trace"))
        .def("end_run", &ContractSet::endRun)
        .def(
            "replay",
            [](const ContractSet &set, const std::string &name, nb::object lines,
                std::optional<int> jobs, bool fix, bool trace) {
                return new ReplayIterator(
                    set.shared(), name, std::move(lines), jobCount(jobs), fix, trace);
            },
            nb::arg("name"), nb::arg("lines").none(), nb::arg("jobs").none(), nb::arg("fix"),
            nb::arg("trace"))
        .def(
            "replay_to_db",
            [](const ContractSet &set, const std::string &database, const std::string &sessions,
                std::optional<int> jobs, bool fix, bool detail) {
                return replayToDatabase(
                    set.shared(), database, sessions, jobCount(jobs), fix, detail);
            },
            nb::arg("database"), nb::arg("sessions"), nb::arg("jobs").none(), nb::arg("fix"),
            nb::arg("detail"));

    nb::class_<ReplayIterator>(m, "Replay")
        .def("next", &ReplayIterator::next)
        .def("outcome", &ReplayIterator::outcome);

    nb::class_<Session>(m, "Session")
        .def(
            "__init__",
            [](Session *self, const ContractSet &set, nb::handle metadata) {
                new (self) Session(set, mappingArgument(metadata, "metadata"));
            },
            nb::arg("set"), nb::arg("metadata").none())
        .def("turn", &Session::turn, nb::arg("content").none(), nb::arg("response").none(),
            nb::arg("context").none(), nb::arg("fix"), nb::arg("trace"))
        .def("end", &Session::end)
        .def_prop_ro("ended", &Session::ended)
        .def_prop_ro("turns", &Session::turns);

    m.def("compile_source", &compileSource, nb::arg("source"), nb::arg("name"),
        nb::arg("include_path"));
    m.def("load_files", &loadFiles, nb::arg("paths"), nb::arg("include_path"));
    addDaskBindings(m);
}
