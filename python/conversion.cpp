// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "conversion.h"

#include "engine/checker.h"
#include "engine/json.h"
#include "engine/utf8.h"

#include <cmath>
#include <nanobind/stl/string.h>
#include <string>
#include <vector>

namespace llmcl::python {

namespace {

// Deeper than this is refused (json.dumps would fail on a circular reference; the engine's
// JSON parser stops at the same depth).
constexpr int kMaxDepth = 1024;

[[noreturn]] void raiseNotJson(const char *what, const std::string &why)
{
    throw nb::type_error((std::string(what) + " is not JSON-serialisable: " + why).c_str());
}

std::string typeName(PyObject *object)
{
    return nb::cast<std::string>(nb::type_name(nb::handle(object).type()));
}

std::string pyString(PyObject *object, PyObject *(*convert)(PyObject *))
{
    const nb::object text = nb::steal(convert(object));
    if (!text.is_valid())
        throw nb::python_error();
    return nb::cast<std::string>(text);
}

// A dict (list, str, number…) as the engine's Value, as json.dumps followed by the engine's
// JSON parser would give it, without the text in between: what a context costs per call.
engine::Value toValue(PyObject *object, const char *what, int depth)
{
    if (depth > kMaxDepth)
        raiseNotJson(what, "nested deeper than 1024 levels (a circular reference?)");
    if (object == Py_None)
        return {};
    if (object == Py_True || object == Py_False)
        return engine::Value::boolean(object == Py_True);
    if (PyLong_Check(object)) {
        int overflow = 0;
        const long long value = PyLong_AsLongLongAndOverflow(object, &overflow);
        if (overflow == 0)
            return engine::Value::integer(value);
        const double number = PyLong_AsDouble(object); // what the JSON parser makes of it
        if (number == -1.0 && PyErr_Occurred())
            throw nb::python_error();
        return engine::Value::number(number);
    }
    if (PyFloat_Check(object)) {
        const double value = PyFloat_AS_DOUBLE(object);
        if (!std::isfinite(value))
            raiseNotJson(what,
                "Out of range float values are not JSON compliant: "
                    + pyString(object, PyObject_Repr));
        return engine::Value::number(value);
    }
    if (PyUnicode_Check(object))
        return engine::Value::string(std::string(textArgument(object, what)));
    if (PyList_Check(object) || PyTuple_Check(object)) {
        const nb::object items = nb::steal(PySequence_Fast(object, "a list"));
        const Py_ssize_t size = PySequence_Fast_GET_SIZE(items.ptr());
        std::vector<engine::Value> values;
        values.reserve(static_cast<std::size_t>(size));
        for (Py_ssize_t i = 0; i < size; ++i)
            values.push_back(toValue(PySequence_Fast_GET_ITEM(items.ptr(), i), what, depth + 1));
        return engine::Value::list(std::move(values));
    }
    if (PyDict_Check(object)) {
        std::vector<engine::MapEntry> entries;
        entries.reserve(static_cast<std::size_t>(PyDict_Size(object)));
        Py_ssize_t position = 0;
        PyObject *key = nullptr;
        PyObject *value = nullptr;
        while (PyDict_Next(object, &position, &key, &value)) {
            std::string name;
            // Keys as json.dumps writes them.
            if (PyUnicode_Check(key))
                name = textArgument(key, what);
            else if (key == Py_True || key == Py_False)
                name = key == Py_True ? "true" : "false";
            else if (key == Py_None)
                name = "null";
            else if (PyLong_Check(key))
                name = pyString(key, PyObject_Str);
            else if (PyFloat_Check(key))
                name = pyString(key, PyObject_Repr);
            else
                raiseNotJson(
                    what, "keys must be str, int, float, bool or None, not " + typeName(key));
            entries.emplace_back(std::move(name), toValue(value, what, depth + 1));
        }
        return engine::Value::mapLastWins(std::move(entries));
    }
    raiseNotJson(what, "Object of type " + typeName(object) + " is not JSON serializable");
}

[[noreturn]] void raiseNotUtf8(const char *what, std::size_t offset)
{
    throw nb::value_error((std::string(what) + " is not valid UTF-8 (ill-formed byte at offset "
        + std::to_string(offset) + ")")
            .c_str());
}

} // namespace

nb::str pyText(std::string_view text)
{
    PyObject *str =
        PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "replace");
    if (!str)
        throw nb::python_error();
    return nb::steal<nb::str>(str);
}

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

nb::tuple verdictTuple(const engine::ClauseVerdict &v, bool explained)
{
    nb::object explanation = nb::none();
    if (explained) {
        nb::list lines;
        for (const engine::Explanation &line : v.values)
            lines.append(nb::make_tuple(pyText(line.expression), pyValue(line.value)));
        explanation = lines;
    }
    nb::object window = nb::none();
    if (v.window) {
        const engine::ClauseVerdict::Window &w = *v.window;
        nb::object size = w.size == engine::kWindowSession ? nb::object(nb::str("session"))
            : w.size == engine::kWindowGlobal              ? nb::object(nb::str("global"))
                                                           : nb::object(nb::int_(w.size));
        window = nb::make_tuple(w.held, w.target, w.rate, w.results, size);
    }
    nb::object temporal = nb::none();
    if (v.temporal) {
        const engine::ClauseVerdict::Temporal &t = *v.temporal;
        nb::list obligations;
        for (const std::string &o : t.obligations)
            obligations.append(pyText(o));
        temporal = nb::make_tuple(t.settledAt > 0 ? nb::object(nb::int_(t.settledAt)) : nb::none(),
            obligations, pyText(t.residual));
    }
    return nb::make_tuple(pyText(v.id()), pyText(v.contract()),
        pyText(engine::clauseKindName(v.kind())), pyText(engine::clauseStatusName(v.status)),
        pyText(engine::clauseSeverityName(v.severity())), v.range().begin.line, pyText(v.file()), pyText(v.message), v.durationNs, explanation, window,
        temporal);
}

nb::list verdictList(std::span<const engine::ClauseVerdict> verdicts, bool explained)
{
    nb::list list;
    for (const engine::ClauseVerdict &v : verdicts)
        list.append(verdictTuple(v, explained));
    return list;
}

nb::tuple violationTuple(const engine::Violation &v)
{
    return nb::make_tuple(pyText(v.contract), pyText(v.clause),
        pyText(engine::clauseKindName(v.kind)), v.line, pyText(v.message),
        pyText(engine::clauseSeverityName(v.severity)), pyText(engine::clauseStatusName(v.status)));
}

nb::list violationList(std::span<const engine::Violation> violations)
{
    nb::list list;
    for (const engine::Violation &v : violations)
        list.append(violationTuple(v));
    return list;
}

nb::tuple conversationEndTuple(const engine::ConversationEnd &end)
{
    return nb::make_tuple(end.valid, verdictList(end.settled, true), violationList(end.violations));
}

nb::tuple diagnosticTuple(const engine::Diagnostic &diagnostic, std::string_view source)
{
    nb::list fixIts;
    for (const engine::FixIt &fixIt : diagnostic.fixIts)
        fixIts.append(nb::make_tuple(fixIt.range.begin.line, fixIt.range.begin.column,
            fixIt.range.end.line, fixIt.range.end.column, pyText(fixIt.replacement)));
    return nb::make_tuple(pyText(diagnostic.code),
        pyText(engine::severityName(diagnostic.severity)), pyText(diagnostic.message),
        pyText(diagnostic.file), diagnostic.range.begin.line, diagnostic.range.begin.column,
        diagnostic.range.end.line, diagnostic.range.end.column, fixIts,
        pyText(engine::formatDiagnosticHeader(diagnostic)),
        pyText(engine::formatDiagnostic(diagnostic, source)));
}

std::string_view textArgument(nb::handle value, const char *what)
{
    PyObject *object = value.ptr();
    if (PyUnicode_Check(object)) {
        // The str's own UTF-8 (cached in the object; no copy for ASCII): valid by construction.
        Py_ssize_t size = 0;
        const char *data = PyUnicode_AsUTF8AndSize(object, &size);
        if (data)
            return {data, static_cast<std::size_t>(size)};
        const nb::python_error error; // a UnicodeEncodeError: where, and why
        std::string where;
        Py_ssize_t start = 0;
        if (PyUnicodeEncodeError_GetStart(error.value().ptr(), &start) == 0) {
            where = " (position " + std::to_string(start);
            if (PyObject *reason = PyUnicodeEncodeError_GetReason(error.value().ptr())) {
                if (const char *text = PyUnicode_AsUTF8(reason))
                    where += std::string(": ") + text;
                Py_DECREF(reason);
            }
            where += ')';
        }
        PyErr_Clear();
        throw nb::value_error((std::string(what) + " is not valid Unicode text" + where).c_str());
    }
    if (PyBytes_Check(object)) {
        const std::string_view text(
            PyBytes_AS_STRING(object), static_cast<std::size_t>(PyBytes_GET_SIZE(object)));
        const std::size_t valid = engine::utf8::validPrefixLength(text);
        if (valid != text.size())
            raiseNotUtf8(what, valid);
        return text;
    }
    throw nb::type_error((std::string(what) + " must be str or bytes, not "
        + nb::cast<std::string>(nb::type_name(value.type())))
            .c_str());
}

engine::Value mappingArgument(nb::handle json, const char *what)
{
    engine::Value value;
    if (json.is_none())
        return value;
    if (PyDict_Check(json.ptr()))
        return toValue(json.ptr(), what, 0);
    const std::string_view text = textArgument(json, what);
    std::string error;
    if (!engine::parseJson(text, value, error))
        throw nb::value_error((std::string(what) + ": " + error).c_str());
    if (!value.isMap() && !value.isNull())
        throw nb::type_error((std::string(what) + " must be a mapping, not a JSON "
            + std::string(engine::valueTypeName(value.type())))
                .c_str());
    return value;
}

} // namespace llmcl::python
