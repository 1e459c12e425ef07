// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/operatorkinds.h"
#include "engine/value.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace llmcl::engine {

// The operators of LANGUAGE.md §4 with Python 3 semantics. Each returns false with `error` set
// (one line, no trailing period, e.g. "unsupported operand types for -: 'string' and 'int'",
// "division by zero", "integer overflow in 9223372036854775807 + 1") on a run-time error; they
// never throw and never invoke undefined behaviour.
//
// - `+` adds numbers (int + int stays int, checked for overflow; with a float, a float),
//   concatenates strings and lists. `-` `*` `/` `%` take numbers; `*` also repeats a string or
//   list by an int (as Python, a count <= 0 gives ""/[]; a result over 16 MiB is an error).
//   `/` by zero and `%` by zero are errors; int % int and float % float follow Python.
bool arithmetic(
    ArithmeticOperator op, const Value &a, const Value &b, Value &result, std::string &error);

// One comparison of a chain. `==`/`!=` never fail (values of different types are unequal).
// Ordering uses engine::compare() and fails on unorderable operands ("'<' not supported
// between 'string' and 'int'"). `in`/`not in`: substring for strings (both must be strings),
// element equality for lists, key presence for maps; anything else is an error.
bool comparison(
    ComparisonOperator op, const Value &a, const Value &b, bool &result, std::string &error);

// Unary minus on an int (overflow checked: -(-2^63) is an error) or a float.
bool negate(const Value &a, Value &result, std::string &error);

// `x[i]`: strings by code point (the result is a one-code-point string), lists by position,
// both with Python's negative indices, out of range an error ("string index 7 out of range
// for length 5"); maps by key (any string; a missing key reads as null, as LANGUAGE.md §5
// says of context). The index must be an int for strings and lists, a string for maps.
// Indexing null is an error.
bool index(const Value &object, const Value &key, Value &result, std::string &error);

// `x[lo:hi]` on strings (code points) and lists, with Python's clamping and negative
// indices; a null bound is omitted. Bounds must be ints or null. A slice of a borrowed string
// borrows the same text (no allocation).
bool slice(
    const Value &object, const Value &lower, const Value &upper, Value &result, std::string &error);

// `x.name`: a map's key (missing: null). Anything else is an error ("int has no member
// 'name'"); null.name is an error too, so that a typo does not pass silently.
bool member(const Value &object, std::string_view name, Value &result, std::string &error);

} // namespace llmcl::engine
