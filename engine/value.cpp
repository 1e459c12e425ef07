// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/value.h"

#include "engine/utf8.h"

#include <cassert>
#include <charconv>
#include <cmath>
#include <cstring>
#include <unordered_map>

namespace llmcl::engine {

namespace {

const std::vector<Value> &listItems(const void *items) noexcept
{
    return *static_cast<const std::vector<Value> *>(items);
}

const std::vector<MapEntry> &mapEntries(const void *items) noexcept
{
    return *static_cast<const std::vector<MapEntry> *>(items);
}

bool allAscii(std::string_view text) noexcept
{
    const char *p = text.data();
    const std::size_t n = text.size();
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        std::uint64_t chunk;
        std::memcpy(&chunk, p + i, 8);
        if (chunk & 0x8080808080808080ULL)
            return false;
    }
    for (; i < n; ++i) {
        if (static_cast<unsigned char>(p[i]) >= 0x80)
            return false;
    }
    return true;
}

// Python's float repr: the shortest text that reads back as the same double, in positional
// notation for exponents -4..15 and in scientific notation ("1e+16", "1.5e-05") otherwise.
void appendFloat(std::string &out, double d)
{
    if (std::isnan(d)) {
        out += "nan";
        return;
    }
    if (std::isinf(d)) {
        out += d > 0 ? "inf" : "-inf";
        return;
    }
    char buffer[40];
    const auto [end, ec] =
        std::to_chars(buffer, buffer + sizeof buffer, d, std::chars_format::scientific);
    (void)ec; // 40 bytes always suffice for a double
    std::string_view text(buffer, static_cast<std::size_t>(end - buffer));
    if (text.front() == '-') {
        out += '-';
        text.remove_prefix(1);
    }
    const std::size_t ePos = text.find('e');
    std::string_view mantissa = text.substr(0, ePos);
    int exponent = 0;
    std::from_chars(
        text.data() + ePos + 1 + (text[ePos + 1] == '+'), text.data() + text.size(), exponent);
    // The significant digits without the point: value = 0.DIGITS × 10^(exponent + 1).
    char digits[24];
    std::size_t count = 0;
    for (char c : mantissa) {
        if (c != '.')
            digits[count++] = c;
    }
    const std::string_view d_(digits, count);
    if (exponent >= -4 && exponent < 16) {
        if (exponent >= 0) {
            const auto intDigits = static_cast<std::size_t>(exponent) + 1;
            if (count <= intDigits) {
                out += d_;
                out.append(intDigits - count, '0');
                out += ".0";
            } else {
                out += d_.substr(0, intDigits);
                out += '.';
                out += d_.substr(intDigits);
            }
        } else {
            out += "0.";
            out.append(static_cast<std::size_t>(-exponent - 1), '0');
            out += d_;
        }
        return;
    }
    out += d_[0];
    if (count > 1) {
        out += '.';
        out += d_.substr(1);
    }
    out += exponent < 0 ? "e-" : "e+";
    const int magnitude = exponent < 0 ? -exponent : exponent;
    if (magnitude < 10)
        out += '0';
    out += std::to_string(magnitude);
}

void appendHex4(std::string &out, char32_t c)
{
    constexpr char hex[] = "0123456789abcdef";
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4)
        out += hex[(c >> shift) & 0xF];
}

// An LLMCL string literal that reads back as `text` (for valid UTF-8): double quotes, the
// lexer's escapes, control characters as \uXXXX, ill-formed UTF-8 as U+FFFD.
void appendQuoted(std::string &out, std::string_view text)
{
    out += '"';
    std::size_t i = 0;
    while (i < text.size()) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x80) {
            switch (byte) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                if (byte < 0x20 || byte == 0x7F)
                    appendHex4(out, byte);
                else
                    out += static_cast<char>(byte);
            }
            ++i;
            continue;
        }
        const utf8::DecodeResult r = utf8::decode(text.substr(i));
        if (!r.valid)
            utf8::append(out, utf8::replacementCharacter);
        else if (r.codePoint < 0xA0) // C1 controls
            appendHex4(out, r.codePoint);
        else
            out.append(text.substr(i, r.length));
        i += r.length;
    }
    out += '"';
}

void appendValue(std::string &out, const Value &value, bool quoteStrings)
{
    switch (value.type()) {
    case ValueType::Null:
        out += "null";
        return;
    case ValueType::Bool:
        out += value.asBool() ? "true" : "false";
        return;
    case ValueType::Int: {
        char buffer[24];
        const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value.asInt());
        (void)ec;
        out.append(buffer, end);
        return;
    }
    case ValueType::Float:
        appendFloat(out, value.asFloat());
        return;
    case ValueType::String:
        if (quoteStrings)
            appendQuoted(out, value.asString());
        else
            out += value.asString();
        return;
    case ValueType::List: {
        out += '[';
        bool first = true;
        for (const Value &item : value.asList()) {
            if (!first)
                out += ", ";
            first = false;
            appendValue(out, item, true);
        }
        out += ']';
        return;
    }
    case ValueType::Map: {
        out += '{';
        bool first = true;
        for (const auto &[key, item] : value.asMap()) {
            if (!first)
                out += ", ";
            first = false;
            appendQuoted(out, key);
            out += ": ";
            appendValue(out, item, true);
        }
        out += '}';
        return;
    }
    }
}

} // namespace

std::string_view valueTypeName(ValueType type) noexcept
{
    switch (type) {
    case ValueType::Null:
        return "null";
    case ValueType::Bool:
        return "bool";
    case ValueType::Int:
        return "int";
    case ValueType::Float:
        return "float";
    case ValueType::String:
        return "string";
    case ValueType::List:
        return "list";
    case ValueType::Map:
        return "map";
    }
    return "unknown";
}

Value Value::boolean(bool b) noexcept
{
    Value v;
    v.m_type = ValueType::Bool;
    v.m_payload.m_bool = b;
    return v;
}

Value Value::integer(std::int64_t i) noexcept
{
    Value v;
    v.m_type = ValueType::Int;
    v.m_payload.m_int = i;
    return v;
}

Value Value::number(double d) noexcept
{
    Value v;
    v.m_type = ValueType::Float;
    v.m_payload.m_float = d;
    return v;
}

Value Value::borrowedString(std::string_view text) noexcept
{
    Value v;
    v.m_type = ValueType::String;
    v.m_text = text;
    return v;
}

Value Value::string(std::string text)
{
    if (text.empty())
        return borrowedString({});
    auto owned = std::make_shared<const std::string>(std::move(text));
    Value v;
    v.m_type = ValueType::String;
    v.m_text = *owned;
    v.m_owner = std::move(owned);
    return v;
}

Value Value::list(std::vector<Value> items)
{
    auto owned = std::make_shared<const std::vector<Value>>(std::move(items));
    Value v;
    v.m_type = ValueType::List;
    v.m_payload.m_items = owned.get();
    v.m_owner = std::move(owned);
    return v;
}

Value Value::map(std::vector<MapEntry> entries)
{
    auto owned = std::make_shared<const std::vector<MapEntry>>(std::move(entries));
    Value v;
    v.m_type = ValueType::Map;
    v.m_payload.m_items = owned.get();
    v.m_owner = std::move(owned);
    return v;
}

Value Value::sharedSubstring(std::string_view part) const noexcept
{
    assert(isString() && part.data() >= m_text.data()
        && part.data() + part.size() <= m_text.data() + m_text.size());
    Value v = *this;
    v.m_text = part;
    if (v.m_ascii.load(std::memory_order_relaxed) != AsciiYes)
        v.m_ascii.store(AsciiUnknown, std::memory_order_relaxed);
    return v;
}

bool Value::asBool() const noexcept
{
    assert(isBool());
    return m_payload.m_bool;
}

std::int64_t Value::asInt() const noexcept
{
    assert(isInt());
    return m_payload.m_int;
}

double Value::asFloat() const noexcept
{
    assert(isFloat());
    return m_payload.m_float;
}

double Value::asNumber() const noexcept
{
    assert(isNumber());
    return isInt() ? static_cast<double>(m_payload.m_int) : m_payload.m_float;
}

std::string_view Value::asString() const noexcept
{
    assert(isString());
    return m_text;
}

std::span<const Value> Value::asList() const noexcept
{
    assert(isList());
    return listItems(m_payload.m_items);
}

std::span<const MapEntry> Value::asMap() const noexcept
{
    assert(isMap());
    return mapEntries(m_payload.m_items);
}

Value Value::mapLastWins(std::vector<MapEntry> entries)
{
    bool repeated = false;
    if (entries.size() <= 16) {
        for (std::size_t i = 1; i < entries.size() && !repeated; ++i)
            for (std::size_t j = 0; j < i; ++j)
                if (entries[i].first == entries[j].first) {
                    repeated = true;
                    break;
                }
    } else {
        std::unordered_map<std::string_view, std::size_t> seen;
        seen.reserve(entries.size());
        for (const MapEntry &entry : entries)
            if (!seen.emplace(entry.first, 0).second) {
                repeated = true;
                break;
            }
    }
    if (!repeated)
        return map(std::move(entries));

    std::vector<MapEntry> unique;
    std::unordered_map<std::string, std::size_t> index;
    for (MapEntry &entry : entries) {
        const auto [it, inserted] = index.emplace(entry.first, unique.size());
        if (inserted)
            unique.push_back(std::move(entry));
        else
            unique[it->second].second = std::move(entry.second);
    }
    return map(std::move(unique));
}

const Value *Value::find(std::string_view key) const noexcept
{
    if (!isMap())
        return nullptr;
    // Linear: maps in contracts and contexts are small, and a scan of a few keys beats hashing.
    for (const MapEntry &entry : mapEntries(m_payload.m_items)) {
        if (entry.first == key)
            return &entry.second;
    }
    return nullptr;
}

bool Value::truthy() const noexcept
{
    switch (m_type) {
    case ValueType::Null:
        return false;
    case ValueType::Bool:
        return m_payload.m_bool;
    case ValueType::Int:
        return m_payload.m_int != 0;
    case ValueType::Float:
        return m_payload.m_float != 0.0; // NaN is true, as in Python
    case ValueType::String:
        return !m_text.empty();
    case ValueType::List:
        return !listItems(m_payload.m_items).empty();
    case ValueType::Map:
        return !mapEntries(m_payload.m_items).empty();
    }
    return false;
}

bool Value::isAscii() const noexcept
{
    if (!isString())
        return false;
    std::uint8_t ascii = m_ascii.load(std::memory_order_relaxed);
    if (ascii == AsciiUnknown) {
        ascii = allAscii(m_text) ? AsciiYes : AsciiNo;
        m_ascii.store(ascii, std::memory_order_relaxed);
    }
    return ascii == AsciiYes;
}

std::size_t Value::codePointLength() const noexcept
{
    return isAscii() ? m_text.size() : utf8::codePointCount(m_text);
}

namespace {

// Exact ordering of an int and a double (no rounding of the int to a double, so that
// 2^53 + 1 != 2.0^53, as in Python). std::nullopt for NaN.
std::optional<int> compareIntFloat(std::int64_t i, double d) noexcept
{
    if (std::isnan(d))
        return std::nullopt;
    constexpr double twoTo63 = 9223372036854775808.0;
    if (d >= twoTo63)
        return -1;
    if (d < -twoTo63)
        return 1;
    // d is in [-2^63, 2^63): its integral part fits, and d - trunc(d) is exact.
    const double truncated = std::trunc(d);
    const auto t = static_cast<std::int64_t>(truncated);
    if (i != t)
        return i < t ? -1 : 1;
    const double fraction = d - truncated;
    return fraction > 0 ? -1 : fraction < 0 ? 1 : 0;
}

} // namespace

bool equals(const Value &a, const Value &b) noexcept
{
    if (a.isNumber() && b.isNumber()) {
        if (a.isInt() && b.isInt())
            return a.asInt() == b.asInt();
        if (a.isFloat() && b.isFloat())
            return a.asFloat() == b.asFloat();
        const std::optional<int> order = a.isInt() ? compareIntFloat(a.asInt(), b.asFloat())
                                                   : compareIntFloat(b.asInt(), a.asFloat());
        return order == 0;
    }
    if (a.type() != b.type())
        return false;
    switch (a.type()) {
    case ValueType::Null:
        return true;
    case ValueType::Bool:
        return a.asBool() == b.asBool();
    case ValueType::String:
        return a.asString() == b.asString();
    case ValueType::List: {
        const auto x = a.asList();
        const auto y = b.asList();
        if (x.size() != y.size())
            return false;
        for (std::size_t i = 0; i < x.size(); ++i) {
            if (!equals(x[i], y[i]))
                return false;
        }
        return true;
    }
    case ValueType::Map: {
        const auto x = a.asMap();
        if (x.size() != b.asMap().size())
            return false;
        for (const auto &[key, value] : x) {
            const Value *other = b.find(key);
            if (!other || !equals(value, *other))
                return false;
        }
        return true;
    }
    default:
        return false;
    }
}

std::optional<int> compare(const Value &a, const Value &b) noexcept
{
    if (a.isNumber() && b.isNumber()) {
        if (a.isInt() && b.isInt())
            return a.asInt() < b.asInt() ? -1 : a.asInt() > b.asInt() ? 1 : 0;
        if (a.isFloat() && b.isFloat()) {
            const double x = a.asFloat();
            const double y = b.asFloat();
            if (std::isnan(x) || std::isnan(y))
                return std::nullopt;
            return x < y ? -1 : x > y ? 1 : 0;
        }
        if (a.isInt())
            return compareIntFloat(a.asInt(), b.asFloat());
        const std::optional<int> reversed = compareIntFloat(b.asInt(), a.asFloat());
        if (!reversed)
            return std::nullopt;
        return -*reversed;
    }
    if (a.type() != b.type())
        return std::nullopt;
    switch (a.type()) {
    case ValueType::Bool:
        return static_cast<int>(a.asBool()) - static_cast<int>(b.asBool());
    case ValueType::String: {
        // Byte order is code point order for UTF-8 (char_traits<char> compares as unsigned).
        const int c = a.asString().compare(b.asString());
        return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    case ValueType::List: {
        // Python: the first pair that is not equal decides, so [1, {}] < [2, {}] works.
        const auto x = a.asList();
        const auto y = b.asList();
        const std::size_t n = std::min(x.size(), y.size());
        for (std::size_t i = 0; i < n; ++i) {
            if (!equals(x[i], y[i]))
                return compare(x[i], y[i]);
        }
        return x.size() < y.size() ? -1 : x.size() > y.size() ? 1 : 0;
    }
    default:
        return std::nullopt;
    }
}

std::string str(const Value &value)
{
    if (value.isString())
        return std::string(value.asString());
    std::string out;
    appendValue(out, value, false);
    return out;
}

std::string repr(const Value &value)
{
    std::string out;
    appendValue(out, value, true);
    return out;
}

} // namespace llmcl::engine
