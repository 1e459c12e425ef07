// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The one conversion from simdjson's DOM to LLMCL values, shared by parseJson() (json.cpp), the
// JSON built-ins (evalscratch.cpp) and the session reader (tracer/sessionreader.cpp). Only
// .cpp files that link simdjson themselves include it, so simdjson stays out of every public
// header.

#include "engine/value.h"

#include <simdjson.h>

namespace llmcl::engine::detail {

// Objects become maps in document order (a repeated key keeps its first position and its last
// value, as Python's json.loads), arrays lists, integers that fit int64 ints, other numbers
// floats. Recursion is bounded by simdjson's nesting limit (1,024 levels).
Value jsonDomToValue(simdjson::dom::element element);

} // namespace llmcl::engine::detail
