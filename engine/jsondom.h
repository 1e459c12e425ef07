// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The conversion from simdjson's DOM to LLMCL values for the session reader's fast path
// (tracer/sessionreader.cpp): the same values parseJson() (json.h) gives, which decides every
// line simdjson refuses (tst_json checks that the two agree). Only .cpp files that link
// simdjson themselves include it, so simdjson stays out of every public header.

#include "engine/value.h"

#include <simdjson.h>

namespace llmcl::engine::detail {

// Objects become maps in document order (a repeated key keeps its first position and its last
// value, as Python's json.loads), arrays lists, integers that fit int64 ints, other numbers
// floats. Recursion is bounded by simdjson's nesting limit (1,024 levels).
Value jsonDomToValue(simdjson::dom::element element);

} // namespace llmcl::engine::detail
