// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Engine values as Python objects, and Python arguments as engine input: every crossing of the
// boundary goes through these functions (one conversion per engine type), so that a result
// reads the same whichever call made it (evaluate(), a session, a replay).

#include "engine/diagnostic.h"
#include "engine/session.h"
#include "engine/turnresult.h"
#include "engine/value.h"

#include <nanobind/nanobind.h>
#include <optional>
#include <span>
#include <string_view>

namespace llmcl::python {

namespace nb = nanobind;

// A Python str of engine text. The engine's texts are UTF-8 (its input is checked); should one
// not be, its ill-formed bytes become U+FFFD, as the JSON writers write them.
nb::str pyText(std::string_view text);

// A value (an explanation's, a context's) as Python: None, bool, int, float (NaN and
// infinities as float), str, list or dict.
nb::object pyValue(const engine::Value &value);

// (id, contract, kind, status, severity, line, file, message, duration_ns,
//  [(expression, value)] or None, window or None, temporal or None), where
//  window = (held, target, rate, results, size: int | "session" | "global") and
//  temporal = (settled_at or None, [obligations], residual). The only place that reads a
//  ClauseVerdict's members; `explained`: whether the explanation is wanted.
nb::tuple verdictTuple(const engine::ClauseVerdict &verdict, bool explained);
nb::list verdictList(std::span<const engine::ClauseVerdict> verdicts, bool explained);

// (contract, clause, kind, line, message, severity, status)
nb::tuple violationTuple(const engine::Violation &violation);
nb::list violationList(std::span<const engine::Violation> violations);

// (valid, [verdict], [violation]): a conversation's end, as a Session's end() and a replay
// give it (`llmcl replay`'s end line: "valid", "clauses", "violations").
nb::tuple conversationEndTuple(const engine::ConversationEnd &end);

// (code, severity, message, file, line, column, end_line, end_column,
//  [(line, column, end_line, end_column, replacement)], header, text): `header` and `text` are
// the engine's renderings (formatDiagnosticHeader, formatDiagnostic over `source`), what
// `llmcl check` prints.
nb::tuple diagnosticTuple(const engine::Diagnostic &diagnostic, std::string_view source);

// The UTF-8 text of a str or bytes argument; valid while the object lives. Raises ValueError
// naming `what` for a str that cannot be encoded (a lone surrogate) or bytes that are not UTF-8,
// TypeError for any other type.
std::string_view textArgument(nb::handle value, const char *what);

// A context or metadata mapping as a Value map; null for None. A dict is converted directly
// (as json.dumps then a JSON parser would convert it: TypeError for what json.dumps refuses);
// other mappings come as their JSON text (json.dumps on the Python side).
engine::Value mappingArgument(nb::handle json, const char *what);

} // namespace llmcl::python
