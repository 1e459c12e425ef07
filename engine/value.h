// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace llmcl::engine {

// The seven types of LLMCL values (LANGUAGE.md §4).
enum class ValueType : std::uint8_t
{
    Null,
    Bool,
    Int,
    Float,
    String,
    List,
    Map
};

// "null", "bool", "int", "float", "string", "list", "map": what `type(x)` returns.
std::string_view valueTypeName(ValueType type) noexcept;

class Value;
using MapEntry = std::pair<std::string, Value>;

// An LLMCL value: small (48 bytes), cheap to copy (at most one atomic reference count), and
// immutable once built.
//
// Strings are UTF-8 and come in two kinds that behave the same: *borrowed* strings view text
// that someone else keeps alive for as long as the value is used (the texts of the turn being
// evaluated, the literals of a compiled contract set); *owned* strings share a heap string.
// Building a borrowed string, an int, a float, a bool or null never allocates; this is what
// keeps the evaluator's hot path allocation-free. Lists and maps are shared, immutable
// vectors; a map keeps its keys in insertion order (as a Python dict does) and has unique keys.
//
// Thread-safety: a Value may be read from several threads at once (the reference count is
// atomic); a borrowed string is only as valid as the text it views.
class Value
{
public:
    Value() noexcept = default; // null
    // Copies take the remembered ASCII flag along (see isAscii()).
    Value(const Value &other) noexcept;
    Value(Value &&other) noexcept;
    Value &operator=(const Value &other) noexcept;
    Value &operator=(Value &&other) noexcept;
    ~Value() = default;

    static Value null() noexcept { return {}; }
    static Value boolean(bool b) noexcept;
    static Value integer(std::int64_t i) noexcept;
    static Value number(double d) noexcept;
    // A string that views `text`: no copy; the caller keeps `text` alive.
    static Value borrowedString(std::string_view text) noexcept;
    // A string that owns a copy of its text.
    static Value string(std::string text);
    static Value list(std::vector<Value> items);
    // `entries` must have unique keys; insertion order is kept.
    static Value map(std::vector<MapEntry> entries);
    // A map from entries whose keys may repeat, resolved as Python's dict displays and
    // json.loads do: a repeated key keeps its first position and takes its last value.
    // Linear in the number of entries.
    static Value mapLastWins(std::vector<MapEntry> entries);

    ValueType type() const noexcept { return m_type; }
    bool isNull() const noexcept { return m_type == ValueType::Null; }
    bool isBool() const noexcept { return m_type == ValueType::Bool; }
    bool isInt() const noexcept { return m_type == ValueType::Int; }
    bool isFloat() const noexcept { return m_type == ValueType::Float; }
    bool isNumber() const noexcept { return isInt() || isFloat(); }
    bool isString() const noexcept { return m_type == ValueType::String; }
    bool isList() const noexcept { return m_type == ValueType::List; }
    bool isMap() const noexcept { return m_type == ValueType::Map; }

    // The payload; calling the accessor of another type is a programming error (asserted).
    bool asBool() const noexcept;
    std::int64_t asInt() const noexcept;
    double asFloat() const noexcept;
    double asNumber() const noexcept; // an int or a float as a double
    std::string_view asString() const noexcept;
    std::span<const Value> asList() const noexcept;
    std::span<const MapEntry> asMap() const noexcept;

    // The value of `key` in a map, or nullptr when the key is absent (or this is no map).
    const Value *find(std::string_view key) const noexcept;

    // Python truthiness: null, false, 0, 0.0, "", [] and {} are false; everything else true.
    bool truthy() const noexcept;

    // For strings: whether every byte is ASCII. Computed once per value and remembered (a
    // copy made after the first call remembers it too), so that `len`, indexing and slicing
    // can take their byte-is-a-code-point fast path. Thread-safe like every const member: the
    // remembered answer is a relaxed atomic, so threads asking the same value at once (or
    // copying it meanwhile) at worst compute it twice.
    bool isAscii() const noexcept;

    // A string's length in code points (an ill-formed UTF-8 subpart counts as one, as utf8.h
    // counts); its size in bytes when isAscii(). 0 for non-strings.
    std::size_t codePointLength() const noexcept;

    // Whether this string owns its text (false for borrowed strings and non-strings; an owned
    // empty string is stored as a borrowed one, since "" needs no owner).
    bool ownsText() const noexcept { return isString() && m_owner != nullptr; }

    // A string viewing `part`, which must lie within this string's text: it is kept alive the
    // same way (a borrowed string's part is borrowed, an owned string's part shares the owner),
    // so taking a substring never copies text. An ASCII string's parts are known to be ASCII.
    Value sharedSubstring(std::string_view part) const noexcept;

private:
    enum AsciiState : std::uint8_t
    {
        AsciiUnknown,
        AsciiYes,
        AsciiNo
    };

    ValueType m_type = ValueType::Null;
    // Written by const isAscii(): atomic, so that concurrent readers of one value do not race.
    // Relaxed is enough: the flag is a pure function of the immutable text and publishes
    // nothing else; on x86 and ARM a relaxed byte load or store is a plain one.
    mutable std::atomic<std::uint8_t> m_ascii = AsciiUnknown;
    union {
        bool m_bool;
        std::int64_t m_int;
        double m_float;
        const void *m_items; // List: const std::vector<Value>*; Map: const std::vector<MapEntry>*
    } m_payload {.m_int = 0};
    std::string_view m_text; // String
    std::shared_ptr<const void> m_owner; // keeps owned strings, lists and maps alive
};

inline Value::Value(const Value &other) noexcept
    : m_type(other.m_type)
    , m_ascii(other.m_ascii.load(std::memory_order_relaxed))
    , m_payload(other.m_payload)
    , m_text(other.m_text)
    , m_owner(other.m_owner)
{ }

inline Value::Value(Value &&other) noexcept
    : m_type(other.m_type)
    , m_ascii(other.m_ascii.load(std::memory_order_relaxed))
    , m_payload(other.m_payload)
    , m_text(other.m_text)
    , m_owner(std::move(other.m_owner))
{ }

inline Value &Value::operator=(const Value &other) noexcept
{
    m_type = other.m_type;
    m_ascii.store(other.m_ascii.load(std::memory_order_relaxed), std::memory_order_relaxed);
    m_payload = other.m_payload;
    m_text = other.m_text;
    m_owner = other.m_owner;
    return *this;
}

inline Value &Value::operator=(Value &&other) noexcept
{
    m_type = other.m_type;
    m_ascii.store(other.m_ascii.load(std::memory_order_relaxed), std::memory_order_relaxed);
    m_payload = other.m_payload;
    m_text = other.m_text;
    m_owner = std::move(other.m_owner);
    return *this;
}

// Python's `==` across LLMCL values: ints and floats compare by value (1 == 1.0), strings by
// code points, lists element-wise, maps by their key sets and values; values of different
// types are unequal (never an error).
bool equals(const Value &a, const Value &b) noexcept;

// Ordering for `< <= > >=`, `min`, `max`: numbers with numbers (exactly: an int is never
// rounded to a double), strings with strings (by code point, which for UTF-8 is byte order),
// bools with bools (false < true), lists with lists (lexicographic: the first unequal pair
// decides, as in Python). Returns -1, 0 or 1, or std::nullopt when the two cannot be ordered
// (different types, maps, null, a bool with a number, a NaN). comparison() turns a NaN into
// false (Python) and the rest into a type error. A bool is not a number in LLMCL (equals(true,
// 1) is false), so it is not ordered with numbers either, keeping compare() == 0 and equals()
// in agreement.
std::optional<int> compare(const Value &a, const Value &b) noexcept;

// How values print.
// - str(): what `str(x)` and an auto_fix result give: a string is itself; null, true, false
//   are "null", "true", "false"; ints in decimal; floats as Python's repr ("1.0", "0.1",
//   "1e+20", "inf", "nan"); lists and maps in LLMCL literal syntax with strings quoted
//   (`["a", 1]`, `{"k": null}`).
// - repr(): the literal syntax for every type (strings quoted and escaped): how traces and
//   explanations show operand values.
std::string str(const Value &value);
std::string repr(const Value &value);

} // namespace llmcl::engine
