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

// A Python str of engine text. The engine's texts are UTF-8 (its input is checked); should one
// not be, its ill-formed bytes become U+FFFD, as the JSON writers write them.
nb::str pyText(std::string_view text)
{
    PyObject *str =
        PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "replace");
    if (!str)
        throw nb::python_error();
    return nb::steal<nb::str>(str);
}

// An explanation's value as Python: None, bool, int, float, str, list or dict.
nb::object pyValue(const engine::Value &value)
{
    switch (value.type()) {
    case engine::ValueType::Null:
        return nb::none();
    case engine::ValueType::Bool:
        return nb::bool_(value.asBool());
    case engine::ValueType::Int:
        return nb::int_(value.asInt());
    case engine::ValueType::Float:
        return nb::float_(value.asFloat());
    case engine::ValueType::String:
        return pyText(value.asString());
    case engine::ValueType::List: {
        nb::list list;
        for (const engine::Value &item : value.asList())
            list.append(pyValue(item));
        return list;
    }
    case engine::ValueType::Map: {
        nb::dict dict;
        for (const engine::MapEntry &entry : value.asMap())
            dict[pyText(entry.first)] = pyValue(entry.second);
        return dict;
    }
    }
    return nb::none();
}

// The result of one turn, kept as the engine's TurnResult: llmcl.Result reads the parts a
// caller asks for (most ask only whether it is valid), and json() writes the document of
// `llmcl eval --format json` with the engine's own writer.
class TurnResultView
{
public:
    explicit TurnResultView(engine::TurnResult result)
        : m_result(std::move(result))
    { }

    bool valid() const { return m_result.valid; }
    nb::str content() const { return pyText(m_result.content); }
    nb::object response() const
    {
        return m_result.response ? nb::object(pyText(*m_result.response)) : nb::none();
    }
    std::int64_t durationNs() const { return m_result.durationNs; }

    // (contract, clause, kind, line, message, severity, status)
    nb::list violations() const
    {
        nb::list list;
        for (const engine::Violation &v : m_result.violations)
            list.append(violationTuple(v));
        return list;
    }

    // (id, contract, kind, status, severity, line, file, message, duration_ns,
    //  [(expression, value)])
    nb::list verdicts() const
    {
        nb::list list;
        for (const engine::ContractResult &contract : m_result.contracts)
            for (const engine::ClauseVerdict &v : contract.clauses)
                list.append(verdictTuple(v));
        return list;
    }

    // (contract, clause, kind, line, expression, before, after, applied, outcome, confidence,
    //  round, error or None, [broken])
    nb::list fixes() const
    {
        nb::list list;
        for (const engine::FixRecord &f : m_result.fixes) {
            nb::list broken;
            for (const std::string &clause : f.broken)
                broken.append(pyText(clause));
            list.append(nb::make_tuple(pyText(f.contract), pyText(f.clause),
                pyText(engine::clauseKindName(f.kind)), f.line, pyText(f.expression),
                pyText(f.before), pyText(f.after), f.applied,
                pyText(engine::fixOutcomeName(f.outcome)), f.confidence, f.round,
                f.outcome == engine::FixOutcome::Error ? nb::object(pyText(f.error)) : nb::none(),
                broken));
        }
        return list;
    }

    nb::str json() const
    {
        engine::JsonWriter writer;
        engine::writeTurnResult(writer, m_result);
        const std::string &text = writer.text();
        return nb::str(text.data(), text.size());
    }

    static nb::tuple violationTuple(const engine::Violation &v)
    {
        return nb::make_tuple(pyText(v.contract), pyText(v.clause),
            pyText(engine::clauseKindName(v.kind)), v.line, pyText(v.message),
            pyText(engine::clauseSeverityName(v.severity)),
            pyText(engine::clauseStatusName(v.status)));
    }

    static nb::tuple verdictTuple(const engine::ClauseVerdict &v)
    {
        nb::list explanation;
        for (const engine::Explanation &line : v.values)
            explanation.append(nb::make_tuple(pyText(line.expression), pyValue(line.value)));
        return nb::make_tuple(pyText(v.id()), pyText(v.contract()),
            pyText(engine::clauseKindName(v.kind())), pyText(engine::clauseStatusName(v.status)),
            pyText(engine::clauseSeverityName(v.severity())), v.range().begin.line,
            pyText(v.file()), pyText(v.message), v.durationNs, explanation);
    }

private:
    engine::TurnResult m_result;
};

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

    TurnResultView *evaluate(const nb::bytes &content, const std::optional<nb::bytes> &response,
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

        engine::TurnResult result;
        {
            nb::gil_scoped_release release;
            std::unique_ptr<engine::Evaluator> evaluator = borrow();
            result = evaluator->evaluateTurn(turn, options);
            giveBack(std::move(evaluator));
        }
        return new TurnResultView(std::move(result));
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

    TurnResultView *turn(const nb::bytes &content, const std::optional<nb::bytes> &response,
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

        std::optional<engine::TurnResult> result;
        {
            nb::gil_scoped_release release;
            result = addTurn(contentText, responseText, contextValue, options);
        }
        if (!result)
            throw nb::value_error("the session has ended");
        return new TurnResultView(std::move(*result));
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
    // The turn's result, or nullopt when the session has ended. Without the GIL.
    std::optional<engine::TurnResult> addTurn(std::string_view content,
        std::optional<std::string_view> response, const engine::Value &context,
        const engine::EvalOptions &options)
    {
        const std::lock_guard lock(m_mutex);
        if (m_ended)
            return std::nullopt;
        return m_session.addTurn(content, response, context, options);
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

    nb::class_<TurnResultView>(m, "TurnResult")
        .def_prop_ro("valid", &TurnResultView::valid)
        .def_prop_ro("content", &TurnResultView::content)
        .def_prop_ro("response", &TurnResultView::response)
        .def_prop_ro("duration_ns", &TurnResultView::durationNs)
        .def("violations", &TurnResultView::violations)
        .def("verdicts", &TurnResultView::verdicts)
        .def("fixes", &TurnResultView::fixes)
        .def("json", &TurnResultView::json);

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
