// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/operators.h"

#include "engine/limits.h"
#include "engine/utf8.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace llmcl::engine {

namespace {

// The largest string or list (in bytes) that `*` builds: repetition is the one operator that
// can make a huge value out of small ones.

std::string quotedTypeName(const Value &v)
{
    return "'" + std::string(valueTypeName(v.type())) + "'";
}

bool unsupported(ArithmeticOperator op, const Value &a, const Value &b, std::string &error)
{
    error = "unsupported operand types for " + std::string(operatorSpelling(op)) + ": "
        + quotedTypeName(a) + " and " + quotedTypeName(b);
    return false;
}

bool overflow(ArithmeticOperator op, const Value &a, const Value &b, std::string &error)
{
    error =
        "integer overflow in " + repr(a) + " " + std::string(operatorSpelling(op)) + " " + repr(b);
    return false;
}

// Byte offset of code point `n` (0-based) in text, or text.size() when text has fewer. Runs of
// ASCII are skipped without decoding.
std::size_t byteOffsetOf(std::string_view text, std::size_t n) noexcept
{
    std::size_t i = 0;
    while (n > 0 && i < text.size()) {
        if (static_cast<unsigned char>(text[i]) < 0x80) {
            ++i;
        } else {
            i += utf8::decode(text.substr(i)).length;
        }
        --n;
    }
    return i;
}

// Python's `%` on floats: the result has the sign of the divisor.
double floatModulo(double x, double y) noexcept
{
    double mod = std::fmod(x, y);
    if (mod != 0.0) {
        if ((y < 0) != (mod < 0))
            mod += y;
    } else {
        mod = std::copysign(0.0, y);
    }
    return mod;
}

bool repeat(const Value &sequence, std::int64_t count, Value &result, std::string &error)
{
    if (sequence.isString()) {
        const std::string_view text = sequence.asString();
        if (count <= 0 || text.empty()) {
            result = Value::borrowedString({});
            return true;
        }
        if (count == 1) {
            result = sequence;
            return true;
        }
        if (static_cast<std::uint64_t>(count) > limits::kStringBytes / text.size()) {
            error = "repetition result too large (over 16 MiB)";
            return false;
        }
        std::string out;
        out.reserve(text.size() * static_cast<std::size_t>(count));
        for (std::int64_t i = 0; i < count; ++i)
            out += text;
        result = Value::string(std::move(out));
        return true;
    }
    const auto items = sequence.asList();
    if (count <= 0 || items.empty()) {
        result = Value::list({});
        return true;
    }
    if (static_cast<std::uint64_t>(count) > limits::kListItems / items.size()) {
        error = "repetition result too large (over 1,048,576 items)";
        return false;
    }
    std::vector<Value> out;
    out.reserve(items.size() * static_cast<std::size_t>(count));
    for (std::int64_t i = 0; i < count; ++i)
        out.insert(out.end(), items.begin(), items.end());
    result = Value::list(std::move(out));
    return true;
}

// Whether compare(a, b) failed because of a NaN rather than a type mismatch.
bool orderingHitsNaN(const Value &a, const Value &b) noexcept
{
    if (a.isNumber() && b.isNumber())
        return true; // numbers only fail to order on NaN
    if (a.isList() && b.isList()) {
        const auto x = a.asList();
        const auto y = b.asList();
        const std::size_t n = std::min(x.size(), y.size());
        for (std::size_t i = 0; i < n; ++i) {
            if (!equals(x[i], y[i]))
                return orderingHitsNaN(x[i], y[i]);
        }
    }
    return false;
}

// Python's index normalisation: negative counts from the end; false when out of range.
bool normaliseIndex(std::int64_t &i, std::size_t length) noexcept
{
    const auto n = static_cast<std::int64_t>(length);
    if (i < 0)
        i += n;
    return i >= 0 && i < n;
}

// Python's slice bound clamping for a step of 1.
std::size_t clampBound(const Value &bound, std::size_t length, std::size_t omitted) noexcept
{
    if (bound.isNull())
        return omitted;
    const auto n = static_cast<std::int64_t>(length);
    std::int64_t i = bound.asInt();
    if (i < 0)
        i = std::max<std::int64_t>(i + n, 0);
    return static_cast<std::size_t>(std::min(i, n));
}

} // namespace

bool arithmetic(
    ArithmeticOperator op, const Value &a, const Value &b, Value &result, std::string &error)
{
    if (a.isInt() && b.isInt()) {
        const std::int64_t x = a.asInt();
        const std::int64_t y = b.asInt();
        std::int64_t r = 0;
        switch (op) {
        case ArithmeticOperator::Add:
            if (__builtin_add_overflow(x, y, &r))
                return overflow(op, a, b, error);
            break;
        case ArithmeticOperator::Subtract:
            if (__builtin_sub_overflow(x, y, &r))
                return overflow(op, a, b, error);
            break;
        case ArithmeticOperator::Multiply:
            if (__builtin_mul_overflow(x, y, &r))
                return overflow(op, a, b, error);
            break;
        case ArithmeticOperator::Divide:
            if (y == 0) {
                error = "division by zero";
                return false;
            }
            // Correctly rounded while both fit a double's 53 bits, as every realistic count does.
            result = Value::number(static_cast<double>(x) / static_cast<double>(y));
            return true;
        case ArithmeticOperator::Modulo:
            if (y == 0) {
                error = "integer modulo by zero";
                return false;
            }
            if (y == -1) { // INT64_MIN % -1 traps in C++
                r = 0;
                break;
            }
            r = x % y;
            if (r != 0 && ((r < 0) != (y < 0)))
                r += y;
            break;
        }
        result = Value::integer(r);
        return true;
    }
    if (a.isNumber() && b.isNumber()) {
        const double x = a.asNumber();
        const double y = b.asNumber();
        switch (op) {
        case ArithmeticOperator::Add:
            result = Value::number(x + y);
            return true;
        case ArithmeticOperator::Subtract:
            result = Value::number(x - y);
            return true;
        case ArithmeticOperator::Multiply:
            result = Value::number(x * y);
            return true;
        case ArithmeticOperator::Divide:
            if (y == 0.0) {
                error = "division by zero";
                return false;
            }
            result = Value::number(x / y);
            return true;
        case ArithmeticOperator::Modulo:
            if (y == 0.0) {
                error = "float modulo by zero";
                return false;
            }
            result = Value::number(floatModulo(x, y));
            return true;
        }
    }
    if (op == ArithmeticOperator::Add) {
        if (a.isString() && b.isString()) {
            if (a.asString().empty()) {
                result = b;
                return true;
            }
            if (b.asString().empty()) {
                result = a;
                return true;
            }
            if (a.asString().size() + b.asString().size() > limits::kStringBytes) {
                error = "concatenation result too large (over 16 MiB)";
                return false;
            }
            std::string out;
            out.reserve(a.asString().size() + b.asString().size());
            out += a.asString();
            out += b.asString();
            result = Value::string(std::move(out));
            return true;
        }
        if (a.isList() && b.isList()) {
            if (a.asList().size() + b.asList().size() > limits::kListItems) {
                error = "concatenation result too large (over 1,048,576 items)";
                return false;
            }
            std::vector<Value> out;
            out.reserve(a.asList().size() + b.asList().size());
            out.insert(out.end(), a.asList().begin(), a.asList().end());
            out.insert(out.end(), b.asList().begin(), b.asList().end());
            result = Value::list(std::move(out));
            return true;
        }
    }
    if (op == ArithmeticOperator::Multiply) {
        if ((a.isString() || a.isList()) && b.isInt())
            return repeat(a, b.asInt(), result, error);
        if (a.isInt() && (b.isString() || b.isList()))
            return repeat(b, a.asInt(), result, error);
    }
    return unsupported(op, a, b, error);
}

bool comparison(
    ComparisonOperator op, const Value &a, const Value &b, bool &result, std::string &error)
{
    switch (op) {
    case ComparisonOperator::Equal:
        result = equals(a, b);
        return true;
    case ComparisonOperator::NotEqual:
        result = !equals(a, b);
        return true;
    case ComparisonOperator::Less:
    case ComparisonOperator::LessEqual:
    case ComparisonOperator::Greater:
    case ComparisonOperator::GreaterEqual: {
        const std::optional<int> order = compare(a, b);
        if (!order) {
            if (orderingHitsNaN(a, b)) {
                result = false; // Python: every ordering with a NaN is false
                return true;
            }
            error = "'" + std::string(operatorSpelling(op)) + "' not supported between "
                + quotedTypeName(a) + " and " + quotedTypeName(b);
            return false;
        }
        const int c = *order;
        result = op == ComparisonOperator::Less   ? c < 0
            : op == ComparisonOperator::LessEqual ? c <= 0
            : op == ComparisonOperator::Greater   ? c > 0
                                                  : c >= 0;
        return true;
    }
    case ComparisonOperator::In:
    case ComparisonOperator::NotIn: {
        bool found = false;
        if (b.isString()) {
            if (!a.isString()) {
                error = "'in <string>' requires a string as left operand, not "
                    + std::string(valueTypeName(a.type()));
                return false;
            }
            found = b.asString().find(a.asString()) != std::string_view::npos;
        } else if (b.isList()) {
            const auto items = b.asList();
            found = std::any_of(
                items.begin(), items.end(), [&a](const Value &item) { return equals(item, a); });
        } else if (b.isMap()) {
            // Keys are strings, so anything else is simply not a key (no error, as Python's
            // `1 in {"a": 1}`).
            found = a.isString() && b.find(a.asString()) != nullptr;
        } else {
            error = "'" + std::string(operatorSpelling(op))
                + "' needs a string, list or map on its right, not "
                + std::string(valueTypeName(b.type()));
            return false;
        }
        result = op == ComparisonOperator::In ? found : !found;
        return true;
    }
    }
    return false;
}

bool negate(const Value &a, Value &result, std::string &error)
{
    if (a.isInt()) {
        if (a.asInt() == std::numeric_limits<std::int64_t>::min()) {
            error = "integer overflow in -(" + repr(a) + ")";
            return false;
        }
        result = Value::integer(-a.asInt());
        return true;
    }
    if (a.isFloat()) {
        result = Value::number(-a.asFloat());
        return true;
    }
    error = "bad operand type for unary -: " + quotedTypeName(a);
    return false;
}

bool index(const Value &object, const Value &key, Value &result, std::string &error)
{
    if (object.isMap()) {
        if (!key.isString()) {
            error = "map keys are strings, not " + std::string(valueTypeName(key.type()));
            return false;
        }
        const Value *found = object.find(key.asString());
        result = found ? *found : Value::null();
        return true;
    }
    if (!object.isString() && !object.isList()) {
        error = std::string(valueTypeName(object.type())) + " is not subscriptable";
        return false;
    }
    const std::string_view kind = object.isString() ? "string" : "list";
    if (!key.isInt()) {
        error = std::string(kind) + " indices must be int, not "
            + std::string(valueTypeName(key.type()));
        return false;
    }
    std::int64_t i = key.asInt();
    const auto outOfRange = [&](std::size_t length) {
        error = std::string(kind) + " index " + std::to_string(key.asInt())
            + " out of range for length " + std::to_string(length);
        return false;
    };
    if (object.isList()) {
        const auto items = object.asList();
        if (!normaliseIndex(i, items.size()))
            return outOfRange(items.size());
        result = items[static_cast<std::size_t>(i)];
        return true;
    }
    const std::string_view text = object.asString();
    if (object.isAscii()) {
        if (!normaliseIndex(i, text.size()))
            return outOfRange(text.size());
        result = object.sharedSubstring(text.substr(static_cast<std::size_t>(i), 1));
        return true;
    }
    if (i < 0) {
        const std::size_t length = utf8::codePointCount(text);
        if (!normaliseIndex(i, length))
            return outOfRange(length);
    }
    const std::size_t offset = byteOffsetOf(text, static_cast<std::size_t>(i));
    if (offset >= text.size())
        return outOfRange(utf8::codePointCount(text));
    result = object.sharedSubstring(text.substr(offset, utf8::decode(text.substr(offset)).length));
    return true;
}

bool slice(
    const Value &object, const Value &lower, const Value &upper, Value &result, std::string &error)
{
    if (!object.isString() && !object.isList()) {
        error = std::string(valueTypeName(object.type())) + " cannot be sliced";
        return false;
    }
    for (const Value *bound : {&lower, &upper}) {
        if (!bound->isNull() && !bound->isInt()) {
            error = "slice indices must be int or null, not "
                + std::string(valueTypeName(bound->type()));
            return false;
        }
    }
    if (object.isList()) {
        const auto items = object.asList();
        const std::size_t lo = clampBound(lower, items.size(), 0);
        const std::size_t hi = clampBound(upper, items.size(), items.size());
        if (lo == 0 && hi == items.size()) {
            result = object;
            return true;
        }
        result = lo < hi
            ? Value::list(std::vector<Value>(items.begin() + static_cast<std::ptrdiff_t>(lo),
                  items.begin() + static_cast<std::ptrdiff_t>(hi)))
            : Value::list({});
        return true;
    }
    const std::string_view text = object.asString();
    const std::size_t length = object.codePointLength();
    const std::size_t lo = clampBound(lower, length, 0);
    const std::size_t hi = clampBound(upper, length, length);
    if (lo >= hi) {
        result = object.sharedSubstring(text.substr(0, 0));
        return true;
    }
    if (object.isAscii()) {
        result = object.sharedSubstring(text.substr(lo, hi - lo));
        return true;
    }
    const std::size_t begin = byteOffsetOf(text, lo);
    const std::size_t end = begin + byteOffsetOf(text.substr(begin), hi - lo);
    result = object.sharedSubstring(text.substr(begin, end - begin));
    return true;
}

bool member(const Value &object, std::string_view name, Value &result, std::string &error)
{
    if (object.isMap()) {
        const Value *found = object.find(name);
        result = found ? *found : Value::null();
        return true;
    }
    error =
        std::string(valueTypeName(object.type())) + " has no member '" + std::string(name) + "'";
    return false;
}

} // namespace llmcl::engine
