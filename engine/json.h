// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// JSON in and out: a streaming writer for the machine-readable outputs (`llmcl --format json`,
// traces, exports) and the engine's one JSON parser, which the JSON built-ins (json_valid,
// json_parse, json_extract, json_has), `llmcl eval --context` and the editor all use, so that
// they agree on every text (docs/language-decisions.md, "JSON").

namespace llmcl::engine {

class Value;

// Writes one JSON text into a string, value by value, in document order:
//
//   JsonWriter w(JsonWriter::Style::Pretty);
//   w.beginObject();
//   w.key("valid"); w.boolean(true);
//   w.endObject();
//   std::cout << w.text() << '\n';
//
// The output is always valid UTF-8: strings are escaped as RFC 8259 requires (`"`, `\` and the
// control characters U+0000..U+001F), and each ill-formed UTF-8 maximal subpart of a string is
// written as U+FFFD (the text is never dropped silently). Doubles are written in the shortest
// form that reads back to the same double, with ".0" added to integral values so that they read
// back as floats; NaN and infinities, which JSON cannot carry, are written as null.
//
// Calls must nest correctly (a key before each value in an object, every begin ended); that is
// the caller's duty and is checked only by assertions. Not thread-safe, not even text(); cheap
// to create. A writer that writes many documents one after another (a line per turn of a
// replay) should be cleared and reused: its buffer then stops growing after the first few.
class JsonWriter
{
public:
    enum class Style : std::uint8_t
    {
        Compact, // no whitespace at all: one line
        Pretty, // two-space indentation, one member or element per line, ": " after keys
    };

    explicit JsonWriter(Style style = Style::Compact);

    void beginObject();
    void endObject();
    void beginArray();
    void endArray();
    // The key of the next member of the current object.
    void key(std::string_view name);

    void string(std::string_view text);
    void integer(std::int64_t value);
    void number(double value);
    void boolean(bool value);
    void null();

    // A member in one call: key(name) followed by the value.
    void member(std::string_view name, std::string_view text);
    void member(std::string_view name, const char *text) { member(name, std::string_view(text)); }
    void member(std::string_view name, std::int64_t value);
    void member(std::string_view name, std::uint32_t value)
    {
        member(name, static_cast<std::int64_t>(value));
    }
    void member(std::string_view name, int value)
    {
        member(name, static_cast<std::int64_t>(value));
    }
    void member(std::string_view name, double value);
    void member(std::string_view name, bool value);

    // Members rendered beforehand as compact JSON (`"a":1,"b":"x"`: `count` members, no
    // leading or trailing comma), appended to the current object as if written one by one:
    // what a writer of many similar objects uses for the members that never change.
    // Compact style only.
    void renderedMembers(std::string_view members, std::size_t count);
    Style style() const noexcept { return m_style; }

    // The JSON written so far (complete once every container is ended). Valid until the next
    // call on the writer.
    const std::string &text() const noexcept;
    // The same without trimming the buffer's spare room: for a writer that is cleared and
    // reused, text() would make the next document zero-fill that room again.
    std::string_view view() const noexcept { return {m_out.data(), m_size}; }
    std::string take() noexcept;
    // Starts a new document, keeping the buffer's capacity (and the style).
    void clear() noexcept;

private:
    struct Level
    {
        bool object = false;
        std::size_t count = 0;
    };

    void beforeValue();
    void open(char bracket, bool object);
    void close(char bracket);
    void newline();
    void writeEscaped(std::string_view text);
    void put(char c);
    void put(std::string_view bytes);
    char *room(std::size_t bytes);
    void grow(std::size_t bytes);
    char *compactKey(std::string_view name, std::size_t valueRoom);
    void finish(const char *end) noexcept;

    // The text is written ahead into spare room: m_out holds m_size bytes of JSON followed by
    // bytes that are not yet written, so that a write checks the room once instead of once per
    // piece, and the escaping loop copies whole spans straight into place (std::string can
    // only be written up to its size, and resizing it per write would zero-fill each time).
    // text() trims the spare room off (view() does not), which is why m_out is mutable.
    mutable std::string m_out;
    std::size_t m_size = 0;
    std::vector<Level> m_levels;
    Style m_style;
    bool m_afterKey = false;
};

// Appends `text` to `out` as a JSON string literal, quotes included (escaping as JsonWriter
// does).
void appendJsonString(std::string &out, std::string_view text);

// Appends the shortest round-trip form of `value` as JsonWriter::number() writes it.
void appendJsonNumber(std::string &out, double value);

// Writes a Value as JSON: null, bool, int and float as such (a NaN or infinite float as null),
// strings, lists as arrays and maps as objects in their key order.
void writeValue(JsonWriter &writer, const Value &value);

// The deepest nesting of arrays and objects the parser accepts (simdjson's default too, so that
// the session reader's fast path and parseJson() agree).
inline constexpr std::size_t kMaxJsonDepth = 1024;

// Parses one JSON text (RFC 8259; surrounding whitespace allowed) into `out`: objects become
// maps with their members in document order (a repeated key keeps its first position and its
// last value, as Python's json.loads does), arrays become lists, numbers without fraction or
// exponent that fit in 64 bits become ints, every other number the nearest float (±inf beyond
// the double range, ±0.0 below it, as Python's float()); strings are owned. Strings must be
// well-formed UTF-8 with paired surrogate escapes.
//
// On failure returns false, leaves `out` null and sets `error` to one line saying what is wrong
// and at which 0-based byte offset, e.g. "expected ':' after an object key at byte 7".
// Nesting deeper than kMaxJsonDepth levels is an error. Never recurses (any input is safe on a
// small thread stack); thread-safe: keeps no state between calls.
bool parseJson(std::string_view text, Value &out, std::string &error);

// True exactly when parseJson() would accept `text`, without building anything: allocates
// nothing (but `*error`, when given, on failure).
bool validateJson(std::string_view text, std::string *error = nullptr);

// One step of a JSON path (`.name`, `['name']`, `[index]`).
struct JsonPathStep
{
    std::string_view key; // views the path text, or `unescapedKey` when the key had escapes
    std::string unescapedKey;
    std::int64_t index = 0; // negative counts from the end, as in Python
    bool isIndex = false;
};

// The outcome of looking a path up in a JSON text.
enum class JsonLookup : std::uint8_t
{
    Found,
    Missing, // the text is JSON but the path leads nowhere
    Invalid, // the text is not JSON
};

// Validates `text` as validateJson() does, then follows `path` in it: Invalid with `error` set
// as parseJson() sets it, Missing, or Found with the value (as parseJson() would give it) in
// *out when `out` is not null. Of repeated keys the last counts, as in parseJson()'s maps.
// Allocates only for *out and the error message.
JsonLookup findJson(
    std::string_view text, std::span<const JsonPathStep> path, Value *out, std::string &error);

} // namespace llmcl::engine
