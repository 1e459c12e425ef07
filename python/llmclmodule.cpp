// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later

// _llmcl: the engine as a Python extension module. Thin on purpose: it compiles, evaluates and
// hands back results as the JSON of INTERFACES.md §2 (the engine's own writers, so that Python
// sees exactly what `llmcl eval --format json` prints); llmcl/__init__.py turns that into typed
// objects. Texts cross the boundary as UTF-8 bytes, checked here before the engine sees them.
// The GIL is released while the engine compiles or evaluates.

#include "engine/compiledset.h"
#include "engine/diagnostic.h"
#include "engine/evaluator.h"
#include "engine/json.h"
#include "engine/resultjson.h"
#include "engine/session.h"
#include "engine/utf8.h"
#include "engine/value.h"

#include <memory>
#include <mutex>
#include <nanobind/nanobind.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>
#include <nanobind/stl/vector.h>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nb = nanobind;

namespace llmcl::python {

namespace {

using engine::CompiledSet;

std::string_view bytesView(const nb::bytes &bytes)
{
    return {bytes.c_str(), bytes.size()};
}

// Raises ValueError naming `what` and the first ill-formed byte when `text` is not UTF-8.
void requireUtf8(std::string_view text, const char *what)
{
    const std::size_t valid = engine::utf8::validPrefixLength(text);
    if (valid != text.size())
        throw nb::value_error((std::string(what) + " is not valid UTF-8 (ill-formed byte at offset "
            + std::to_string(valid) + ")")
                .c_str());
}

// The JSON text of a context or metadata mapping (made by json.dumps on the Python side)
// as a Value map; null for none.
engine::Value parseMapping(const std::optional<nb::bytes> &json, const char *what)
{
    engine::Value value;
    if (!json)
        return value;
    const std::string_view text = bytesView(*json);
    requireUtf8(text, what);
    std::string error;
    if (!engine::parseJson(text, value, error))
        throw nb::value_error((std::string(what) + ": " + error).c_str());
    if (!value.isMap() && !value.isNull())
        throw nb::type_error((std::string(what) + " must be a mapping, not a JSON "
            + std::string(engine::valueTypeName(value.type())))
                .c_str());
    return value;
}

nb::dict diagnosticDict(const engine::Diagnostic &diagnostic)
{
    nb::dict d;
    d["code"] = diagnostic.code;
    d["severity"] = std::string(engine::severityName(diagnostic.severity));
    d["message"] = diagnostic.message;
    d["file"] = diagnostic.file;
    d["line"] = diagnostic.range.begin.line;
    d["column"] = diagnostic.range.begin.column;
    d["end_line"] = diagnostic.range.end.line;
    d["end_column"] = diagnostic.range.end.column;
    nb::list fixIts;
    for (const engine::FixIt &fixIt : diagnostic.fixIts) {
        nb::dict f;
        f["line"] = fixIt.range.begin.line;
        f["column"] = fixIt.range.begin.column;
        f["end_line"] = fixIt.range.end.line;
        f["end_column"] = fixIt.range.end.column;
        f["replacement"] = fixIt.replacement;
        fixIts.append(f);
    }
    d["fix_its"] = fixIts;
    return d;
}

// A compiled contract set shared by any number of Python threads. The engine's Evaluator holds
// per-thread scratch memory and is not thread-safe, so each evaluation borrows one from a pool
// (creating one when all are busy): as many evaluators as threads evaluating at once, each
// reused across calls.
class ContractSet
{
public:
    explicit ContractSet(std::shared_ptr<const CompiledSet> set)
        : m_set(std::move(set))
    { }

    std::vector<std::string> activeContracts() const { return m_set->activeContracts(); }
    std::size_t clauseCount() const { return m_set->clauseCount(); }

    nb::str evaluate(const nb::bytes &content, const std::optional<nb::bytes> &response,
        const std::optional<nb::bytes> &context, bool fix, bool trace)
    {
        const std::string_view contentText = bytesView(content);
        requireUtf8(contentText, "content");
        std::optional<std::string_view> responseText;
        if (response) {
            responseText = bytesView(*response);
            requireUtf8(*responseText, "response");
        }
        engine::TurnInput turn;
        turn.content = contentText;
        turn.response = responseText;
        turn.context = parseMapping(context, "context");
        engine::EvalOptions options;
        options.fix = fix;
        options.trace = trace;

        std::string json;
        {
            nb::gil_scoped_release release;
            std::unique_ptr<engine::Evaluator> evaluator = borrow();
            const engine::TurnResult result = evaluator->evaluateTurn(turn, options);
            giveBack(std::move(evaluator));
            engine::JsonWriter writer;
            engine::writeTurnResult(writer, result);
            json = writer.take();
        }
        return nb::str(json.data(), json.size());
    }

    const std::shared_ptr<const CompiledSet> &set() const { return m_set; }

private:
    std::unique_ptr<engine::Evaluator> borrow()
    {
        {
            const std::lock_guard lock(m_mutex);
            if (!m_idle.empty()) {
                std::unique_ptr<engine::Evaluator> evaluator = std::move(m_idle.back());
                m_idle.pop_back();
                return evaluator;
            }
        }
        return std::make_unique<engine::Evaluator>(m_set);
    }

    void giveBack(std::unique_ptr<engine::Evaluator> evaluator)
    {
        const std::lock_guard lock(m_mutex);
        m_idle.push_back(std::move(evaluator));
    }

    std::shared_ptr<const CompiledSet> m_set;
    std::mutex m_mutex;
    std::vector<std::unique_ptr<engine::Evaluator>> m_idle;
};

// One conversation (engine::Session). The engine's Session is not thread-safe; the mutex
// makes concurrent calls from several Python threads wait for each other instead of
// corrupting it.
class Session
{
public:
    Session(const ContractSet &set, engine::Value metadata)
        : m_session(set.set(), std::move(metadata))
    { }

    nb::str turn(const nb::bytes &content, const std::optional<nb::bytes> &response,
        const std::optional<nb::bytes> &context, bool fix, bool trace)
    {
        const std::string_view contentText = bytesView(content);
        requireUtf8(contentText, "content");
        std::optional<std::string_view> responseText;
        if (response) {
            responseText = bytesView(*response);
            requireUtf8(*responseText, "response");
        }
        const engine::Value contextValue = parseMapping(context, "context");
        engine::EvalOptions options;
        options.fix = fix;
        options.trace = trace;

        std::optional<std::string> json;
        {
            nb::gil_scoped_release release;
            json = addTurn(contentText, responseText, contextValue, options);
        }
        if (!json)
            throw nb::value_error("the session has ended");
        return nb::str(json->data(), json->size());
    }

    // {"valid", "settled": [verdicts], "violations": [...]}
    nb::str end()
    {
        std::optional<std::string> json;
        {
            nb::gil_scoped_release release;
            json = endConversation();
        }
        if (!json)
            throw nb::value_error("the session has ended");
        return nb::str(json->data(), json->size());
    }

    bool ended()
    {
        const std::lock_guard lock(m_mutex);
        return m_ended;
    }
    std::int64_t turns()
    {
        const std::lock_guard lock(m_mutex);
        return m_session.turns();
    }

private:
    // The result's JSON, or nullopt when the session has ended. Without the GIL.
    std::optional<std::string> addTurn(std::string_view content,
        std::optional<std::string_view> response, const engine::Value &context,
        const engine::EvalOptions &options)
    {
        const std::lock_guard lock(m_mutex);
        if (m_ended)
            return std::nullopt;
        const engine::TurnResult result = m_session.addTurn(content, response, context, options);
        engine::JsonWriter writer;
        engine::writeTurnResult(writer, result);
        return writer.take();
    }

    std::optional<std::string> endConversation()
    {
        const std::lock_guard lock(m_mutex);
        if (m_ended)
            return std::nullopt;
        m_ended = true;
        const engine::ConversationEnd end = m_session.end();
        engine::JsonWriter writer;
        writer.beginObject();
        writer.member("valid", end.valid);
        writer.key("settled");
        engine::writeClauseVerdicts(writer, end.settled);
        writer.key("violations");
        engine::writeViolations(writer, end.violations);
        writer.endObject();
        return writer.take();
    }

    std::mutex m_mutex;
    engine::Session m_session;
    bool m_ended = false;
};

// (set or None, diagnostics): the set is None when any diagnostic is an error.
nb::tuple compiled(engine::CompileRequest request)
{
    engine::CompileResult result;
    {
        nb::gil_scoped_release release;
        result = engine::compileContracts(request);
    }
    nb::list diagnostics;
    for (const engine::Diagnostic &diagnostic : result.diagnostics)
        diagnostics.append(diagnosticDict(diagnostic));
    nb::object set = nb::none();
    if (result.set && !result.hasErrors())
        set = nb::cast(new ContractSet(std::move(result.set)), nb::rv_policy::take_ownership);
    return nb::make_tuple(set, diagnostics);
}

nb::tuple compileSource(
    const nb::bytes &source, const std::string &name, const std::vector<std::string> &includePath)
{
    const std::string_view text = bytesView(source);
    requireUtf8(text, "source");
    requireUtf8(name, "name");
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

} // namespace

} // namespace llmcl::python

NB_MODULE(_llmcl, m)
{
    using namespace llmcl::python;
    m.doc() = "The LLMCL engine (internal: use the llmcl package)";

    nb::class_<ContractSet>(m, "ContractSet")
        .def_prop_ro("active_contracts", &ContractSet::activeContracts)
        .def_prop_ro("clause_count", &ContractSet::clauseCount)
        .def("evaluate", &ContractSet::evaluate, nb::arg("content"), nb::arg("response").none(),
            nb::arg("context").none(), nb::arg("fix"), nb::arg("trace"));

    nb::class_<Session>(m, "Session")
        .def(
            "__init__",
            [](Session *self, const ContractSet &set, const std::optional<nb::bytes> &metadata) {
                new (self) Session(set, parseMapping(metadata, "metadata"));
            },
            nb::arg("set"), nb::arg("metadata").none())
        .def("turn", &Session::turn, nb::arg("content"), nb::arg("response").none(),
            nb::arg("context").none(), nb::arg("fix"), nb::arg("trace"))
        .def("end", &Session::end)
        .def_prop_ro("ended", &Session::ended)
        .def_prop_ro("turns", &Session::turns);

    m.def("compile_source", &compileSource, nb::arg("source"), nb::arg("name"),
        nb::arg("include_path"));
    m.def("load_files", &loadFiles, nb::arg("paths"), nb::arg("include_path"));
}
