// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/json.h"

#include "engine/jsondom.h"
#include "engine/utf8.h"
#include "engine/value.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <simdjson.h>
#include <system_error>
#include <utility>

namespace llmcl::engine {

namespace {

constexpr std::string_view hexDigits = "0123456789abcdef";

// Bytes that a JSON string can carry as they are: printable ASCII but `"` and `\`.
constexpr bool isPlain(unsigned char c) noexcept
{
    return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

constexpr std::array<bool, 256> kPlainBytes = [] {
    std::array<bool, 256> plain {};
    for (std::size_t c = 0; c < plain.size(); ++c)
        plain[c] = isPlain(static_cast<unsigned char>(c));
    return plain;
}();

// U+FFFD, written for each ill-formed maximal subpart of a string.
constexpr std::string_view kReplacementUtf8 = "\xEF\xBF\xBD";

// The room writeEscapedString() needs for a string of `size` bytes: a control character becomes
// six bytes ("\u001f"), an ill-formed byte at most three (U+FFFD), then the quotes and 8 bytes
// for the last word, which is stored whole.
constexpr std::size_t maxEscapedSize(std::size_t size) noexcept
{
    return 6 * size + 2 + 8;
}

// The two-character escape of `c` ("\n"), or nothing when it needs the "\u00XX" form.
constexpr std::string_view shortEscape(unsigned char c) noexcept
{
    switch (c) {
    case '"':
        return "\\\"";
    case '\\':
        return "\\\\";
    case '\n':
        return "\\n";
    case '\r':
        return "\\r";
    case '\t':
        return "\\t";
    case '\b':
        return "\\b";
    case '\f':
        return "\\f";
    default:
        return {};
    }
}

// Strings are scanned and copied eight bytes at a time: most of `llmcl replay --format json`
// is the text of answers and explanations, nearly all of it plain.
std::uint64_t loadWord(const char *bytes) noexcept
{
    std::uint64_t word;
    std::memcpy(&word, bytes, sizeof word);
    return word;
}

// The last `size` (1 to 7) bytes before `end` as the first bytes of a little-endian word, the
// rest zero, without reading outside them. `textSize` is the whole text's: when it
// is at least a word, the word that ends at `end` is read and shifted.
inline std::uint64_t loadTail(const char *end, std::size_t size, std::size_t textSize) noexcept
{
    if (textSize >= 8)
        return loadWord(end - 8) >> (8 * (8 - size));
    const char *const in = end - size;
    if (size >= 4) {
        std::uint32_t first, last;
        std::memcpy(&first, in, 4);
        std::memcpy(&last, end - 4, 4);
        return first | (std::uint64_t(last) << (8 * (size - 4)));
    }
    if (size >= 2) {
        std::uint16_t first, last;
        std::memcpy(&first, in, 2);
        std::memcpy(&last, end - 2, 2);
        return first | (std::uint64_t(last) << (8 * (size - 2)));
    }
    return static_cast<unsigned char>(*in);
}

// How many bytes at the start of `word` (in memory order, little-endian) are isPlain(): 8 when
// all are. Per byte, `b - 0x20`, `(b ^ '"') - 1` and `(b ^ '\\') - 1` set the high bit when b
// is a control character, `"` or `\` (b itself has it from 0x80 on). A borrow can only flag a
// byte above (after) one that is flagged rightly, so the first flagged byte is the first that
// needs a look.
constexpr std::size_t plainPrefixLength(std::uint64_t word) noexcept
{
    constexpr std::uint64_t ones = 0x0101010101010101;
    const std::uint64_t control = word - ones * 0x20;
    const std::uint64_t quote = (word ^ (ones * '"')) - ones;
    const std::uint64_t backslash = (word ^ (ones * '\\')) - ones;
    const std::uint64_t flagged = (control | quote | backslash | word) & (ones * 0x80);
    return static_cast<std::size_t>(std::countr_zero(flagged)) / 8;
}

// Writes `text` as a JSON string literal, quotes included, at `out`, which has room for
// maxEscapedSize(text.size()) bytes; returns the end of what it wrote. Plain bytes are copied a
// word at a time: a word is stored whole even when only its first bytes are plain (the rest is
// overwritten next; the room covers the store, since at least 8 bytes of input are left then).
[[gnu::always_inline]] inline char *writeEscapedString(char *out, std::string_view text) noexcept
{
    const char *in = text.data();
    const char *const end = in + text.size();
    *out++ = '"';
    for (;;) {
        std::size_t plain = 8;
        if constexpr (std::endian::native != std::endian::little) {
            // The word tests read bytes in little-endian order; elsewhere, a byte at a time.
            while (in != end && kPlainBytes[static_cast<unsigned char>(*in)])
                *out++ = *in++;
            plain = 0;
        }
        while (plain == 8 && end - in >= 8) {
            const std::uint64_t word = loadWord(in);
            plain = plainPrefixLength(word);
            std::memcpy(out, &word, sizeof word);
            in += plain;
            out += plain;
        }
        if (plain == 8 && in != end) {
            // Fewer than 8 bytes left, not looked at yet: the zero bytes after them in the word
            // count as not plain, which stops the run at `end` at the latest.
            const std::uint64_t tail =
                loadTail(end, static_cast<std::size_t>(end - in), text.size());
            plain = plainPrefixLength(tail);
            std::memcpy(out, &tail, sizeof tail);
            in += plain;
            out += plain;
        }
        if (in == end)
            break;
        const auto c = static_cast<unsigned char>(*in);
        if (c >= 0x80) {
            const utf8::DecodeResult r =
                utf8::decode(std::string_view(in, static_cast<std::size_t>(end - in)));
            // Well-formed sequences as they are; each ill-formed maximal subpart as U+FFFD.
            const std::string_view written =
                r.valid ? std::string_view(in, r.length) : kReplacementUtf8;
            std::memcpy(out, written.data(), written.size());
            out += written.size();
            in += r.length;
            continue;
        }
        ++in;
        if (const std::string_view escape = shortEscape(c); !escape.empty()) {
            std::memcpy(out, escape.data(), escape.size());
            out += escape.size();
        } else {
            const char unicode[] = {'\\', 'u', '0', '0', hexDigits[c >> 4], hexDigits[c & 0xF]};
            std::memcpy(out, unicode, sizeof unicode);
            out += sizeof unicode;
        }
    }
    *out++ = '"';
    return out;
}

// The longest integer: "-9223372036854775808".
constexpr std::size_t kMaxIntegerSize = 20;

// The longest number writeJsonNumber() writes: "-1.7976931348623157e+308", or ".0" added to
// an integral double of up to 17 digits.
constexpr std::size_t kMaxNumberSize = 32;

// The shortest round-trip form of `value` at `at` (room for kMaxNumberSize bytes); returns the
// end.
char *writeJsonNumber(char *at, double value) noexcept
{
    if (!std::isfinite(value)) {
        std::memcpy(at, "null", 4);
        return at + 4;
    }
    char *const end = std::to_chars(at, at + kMaxNumberSize, value).ptr;
    // "1" would read back as an int: keep integral doubles floats, as Python's json does.
    if (std::string_view(at, static_cast<std::size_t>(end - at)).find_first_of(".e")
        != std::string_view::npos)
        return end;
    std::memcpy(end, ".0", 2);
    return end + 2;
}

} // namespace

// ---- The fast path: simdjson's DOM. ----

Value detail::jsonDomToValue(simdjson::dom::element element)
{
    using simdjson::dom::element_type;
    switch (element.type()) {
    case element_type::ARRAY: {
        simdjson::dom::array array;
        if (element.get_array().get(array) != simdjson::SUCCESS)
            return Value::null();
        std::vector<Value> items;
        items.reserve(array.size());
        for (simdjson::dom::element item : array)
            items.push_back(detail::jsonDomToValue(item));
        return Value::list(std::move(items));
    }
    case element_type::OBJECT: {
        simdjson::dom::object object;
        if (element.get_object().get(object) != simdjson::SUCCESS)
            return Value::null();
        std::vector<MapEntry> entries;
        entries.reserve(object.size());
        for (simdjson::dom::key_value_pair member : object)
            entries.emplace_back(std::string(member.key), detail::jsonDomToValue(member.value));
        return Value::mapLastWins(std::move(entries));
    }
    case element_type::INT64:
        return Value::integer(element.get_int64().value_unsafe());
    case element_type::UINT64:
        return Value::number(static_cast<double>(element.get_uint64().value_unsafe()));
    case element_type::DOUBLE:
        return Value::number(element.get_double().value_unsafe());
    case element_type::STRING:
        return Value::string(std::string(element.get_string().value_unsafe()));
    case element_type::BOOL:
        return Value::boolean(element.get_bool().value_unsafe());
    case element_type::NULL_VALUE:
        return Value::null();
    }
    return Value::null();
}

namespace {

// ---- The JSON parser: one reader for validating, converting and finding. ----
//
// RFC 8259 exactly: whitespace is space, tab, CR and LF; no comments, no NaN or Infinity, no
// trailing commas; a leading byte order mark is ignored (§8.1); strings must be well-formed UTF-8
// and their \u escapes must pair surrogates. Every number of the grammar is accepted
// (docs/language-decisions.md, "JSON"); nesting is bounded by kMaxJsonDepth. The reader is a loop
// over an explicit stack of open containers (one bit per level), so no input can make it recurse;
// the sink decides what is built: nothing (Validator) or a Value (ValueBuilder). json_valid,
// json_parse, json_has, json_extract and parseJson() all run this one reader, so they agree on
// every text.

// Where the JSON value may start: after a leading UTF-8 byte order mark, which RFC 8259 §8.1
// allows a parser to ignore (editors on Windows write one into .json files).
std::size_t documentStart(std::string_view text) noexcept
{
    return text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
}

constexpr bool isJsonWhitespace(char c) noexcept
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

constexpr bool isDigit(char c) noexcept
{
    return c >= '0' && c <= '9';
}

constexpr bool isHexDigit(char c) noexcept
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// The value of four hex digits at text[at..at+4), or -1.
int hex4(std::string_view text, std::size_t at) noexcept
{
    if (at > text.size() || text.size() - at < 4)
        return -1;
    int value = 0;
    for (std::size_t i = at; i < at + 4; ++i) {
        const char c = text[i];
        if (!isHexDigit(c))
            return -1;
        value = value * 16 + (isDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return value;
}

// The end of the run of isPlain() bytes that starts at `pos`, a word at a time where the text
// allows.
std::size_t plainEnd(std::string_view text, std::size_t pos) noexcept
{
    const char *p = text.data() + pos;
    const char *const end = text.data() + text.size();
    if constexpr (std::endian::native == std::endian::little) {
        while (end - p >= 8) {
            const std::size_t plain = plainPrefixLength(loadWord(p));
            p += plain;
            if (plain < 8)
                return static_cast<std::size_t>(p - text.data());
        }
    }
    while (p != end && kPlainBytes[static_cast<unsigned char>(*p)])
        ++p;
    return static_cast<std::size_t>(p - text.data());
}

// The value of a well-formed JSON number that no double holds: ±infinity when its
// magnitude is too large, ±0.0 when it is too small (what Python's float() gives).
double outOfRange(std::string_view number)
{
    const bool negative = number.front() == '-';
    if (negative)
        number.remove_prefix(1);
    const std::size_t e = number.find_first_of("eE");
    const std::string_view mantissa = number.substr(0, e);
    const std::size_t first = mantissa.find_first_of("123456789");
    if (first == std::string_view::npos)
        return negative ? -0.0 : 0.0;
    std::size_t point = mantissa.find('.');
    if (point == std::string_view::npos)
        point = mantissa.size();
    // The decimal exponent of the first significant digit, then the written exponent.
    long long exponent = first < point ? static_cast<long long>(point - first - 1)
                                       : -static_cast<long long>(first - point);
    if (e != std::string_view::npos) {
        std::string_view digits = number.substr(e + 1);
        bool negativeExponent = false;
        if (digits.front() == '+' || digits.front() == '-') {
            negativeExponent = digits.front() == '-';
            digits.remove_prefix(1);
        }
        long long written = 0;
        for (const char c : digits)
            written = std::min(written * 10 + (c - '0'), 1'000'000'000LL);
        exponent += negativeExponent ? -written : written;
    }
    const double value = exponent > 0 ? std::numeric_limits<double>::infinity() : 0.0;
    return negative ? -value : value;
}

// A number token the grammar accepts: an int when it has no fraction or exponent and fits in
// 64 bits, else the nearest double (±inf and ±0.0 beyond the range).
Value numberValue(std::string_view token, bool integral)
{
    const char *first = token.data();
    const char *last = token.data() + token.size();
    if (integral) {
        std::int64_t i = 0;
        const auto [ptr, ec] = std::from_chars(first, last, i);
        if (ec == std::errc() && ptr == last)
            return Value::integer(i);
    }
    double d = 0;
    const auto [ptr, ec] = std::from_chars(first, last, d);
    if (ec == std::errc::result_out_of_range)
        d = outOfRange(token);
    return Value::number(d);
}

// Builds nothing: validation only. Allocation-free.
struct Validator
{
    static constexpr bool kBuilds = false;
    void beginArray() noexcept { }
    void beginObject() noexcept { }
    void endArray() noexcept { }
    void endObject() noexcept { }
    void key(std::string &&) noexcept { }
    void value(Value &&) noexcept { }
};

// Builds the Value of the text: arrays become lists, objects maps (Value::mapLastWins()).
class ValueBuilder
{
public:
    static constexpr bool kBuilds = true;

    void beginArray() { m_frames.push_back(Frame {false, {}, {}, {}}); }
    void beginObject() { m_frames.push_back(Frame {true, {}, {}, {}}); }
    void endArray()
    {
        std::vector<Value> items = std::move(m_frames.back().items);
        m_frames.pop_back();
        value(Value::list(std::move(items)));
    }
    void endObject()
    {
        std::vector<MapEntry> entries = std::move(m_frames.back().entries);
        m_frames.pop_back();
        value(Value::mapLastWins(std::move(entries)));
    }
    void key(std::string &&name) { m_frames.back().key = std::move(name); }
    void value(Value &&v)
    {
        if (m_frames.empty()) {
            m_root = std::move(v);
            return;
        }
        Frame &frame = m_frames.back();
        if (frame.object)
            frame.entries.emplace_back(std::move(frame.key), std::move(v));
        else
            frame.items.push_back(std::move(v));
    }
    Value take() { return std::move(m_root); }

private:
    struct Frame
    {
        bool object = false;
        std::vector<Value> items;
        std::vector<MapEntry> entries;
        std::string key;
    };

    // The open containers, outermost first: a heap stack, not the call stack.
    std::vector<Frame> m_frames;
    Value m_root;
};

template<typename Sink>
class JsonReader
{
public:
    JsonReader(std::string_view text, Sink &sink)
        : m_text(text)
        , m_sink(sink)
    { }

    bool run()
    {
        m_pos = documentStart(m_text);
        skipWhitespace();
        bool wantValue = true;
        for (;;) {
            if (wantValue) {
                if (atEnd())
                    return fail("unexpected end of input, expected a value");
                const char c = m_text[m_pos];
                if (c != '[' && c != '{') {
                    if (!scalar())
                        return false;
                    wantValue = false;
                    continue;
                }
                static_assert(kMaxJsonDepth == 1024, "the message names the limit");
                if (m_depth == kMaxJsonDepth)
                    return fail("nesting deeper than 1024 levels");
                const bool object = c == '{';
                m_objects[m_depth / 64] &= ~(std::uint64_t(1) << (m_depth % 64));
                m_objects[m_depth / 64] |= std::uint64_t(object) << (m_depth % 64);
                ++m_depth;
                ++m_pos;
                if (object)
                    m_sink.beginObject();
                else
                    m_sink.beginArray();
                skipWhitespace();
                if (!atEnd() && m_text[m_pos] == (object ? '}' : ']')) {
                    close(object);
                    wantValue = false;
                } else if (object && !member()) {
                    return false;
                }
                continue;
            }
            // After a value: the end of the text, or what follows in the open container.
            skipWhitespace();
            if (m_depth == 0) {
                if (!atEnd())
                    return fail("unexpected text after the JSON value");
                return true;
            }
            const std::size_t top = m_depth - 1;
            const bool object = (m_objects[top / 64] >> (top % 64)) & 1;
            if (atEnd()) {
                return fail(object ? "unexpected end of input, expected ',' or '}'"
                                   : "unexpected end of input, expected ',' or ']'");
            }
            const char c = m_text[m_pos];
            if (c == ',') {
                ++m_pos;
                skipWhitespace();
                if (object && !member())
                    return false;
                wantValue = true;
            } else if (c == (object ? '}' : ']')) {
                close(object);
            } else {
                return fail(object ? "expected ',' or '}' in an object"
                                   : "expected ',' or ']' in an array");
            }
        }
    }

    // "what at byte N", after run() returned false.
    std::string error() const { return std::string(m_what) + " at byte " + std::to_string(m_at); }

private:
    bool fail(std::string_view what) noexcept { return failAt(what, m_pos); }

    bool failAt(std::string_view what, std::size_t offset) noexcept
    {
        m_what = what;
        m_at = offset;
        return false;
    }

    bool atEnd() const noexcept { return m_pos >= m_text.size(); }

    void skipWhitespace() noexcept
    {
        while (m_pos < m_text.size() && isJsonWhitespace(m_text[m_pos]))
            ++m_pos;
    }

    void close(bool object)
    {
        ++m_pos;
        --m_depth;
        if (object)
            m_sink.endObject();
        else
            m_sink.endArray();
    }

    // An object's member up to its value: the key, ':' and the whitespace after it.
    bool member()
    {
        if (atEnd())
            return fail("unexpected end of input, expected a string as object key");
        if (m_text[m_pos] != '"')
            return fail("expected a string as object key");
        std::string name;
        if (!string(Sink::kBuilds ? &name : nullptr))
            return false;
        m_sink.key(std::move(name));
        skipWhitespace();
        if (atEnd() || m_text[m_pos] != ':')
            return fail("expected ':' after an object key");
        ++m_pos;
        skipWhitespace();
        return true;
    }

    bool scalar()
    {
        switch (m_text[m_pos]) {
        case '"': {
            std::string text;
            if (!string(Sink::kBuilds ? &text : nullptr))
                return false;
            if constexpr (Sink::kBuilds)
                m_sink.value(Value::string(std::move(text)));
            return true;
        }
        case 't':
            return literal("true", Value::boolean(true));
        case 'f':
            return literal("false", Value::boolean(false));
        case 'n':
            return literal("null", Value::null());
        default:
            if (m_text[m_pos] == '-' || isDigit(m_text[m_pos]))
                return number();
            return fail("unexpected character, expected a value");
        }
    }

    bool literal(std::string_view word, Value value)
    {
        if (m_text.substr(m_pos, word.size()) != word)
            return fail("invalid literal");
        m_pos += word.size();
        m_sink.value(std::move(value));
        return true;
    }

    bool digitAt(std::size_t i) const noexcept { return i < m_text.size() && isDigit(m_text[i]); }

    bool number()
    {
        const std::size_t start = m_pos;
        bool integral = true;
        if (m_text[m_pos] == '-')
            ++m_pos;
        if (!digitAt(m_pos))
            return fail("invalid number: expected a digit");
        if (m_text[m_pos] == '0') {
            ++m_pos;
            if (digitAt(m_pos))
                return fail("invalid number: leading zero");
        } else {
            while (digitAt(m_pos))
                ++m_pos;
        }
        if (m_pos < m_text.size() && m_text[m_pos] == '.') {
            integral = false;
            ++m_pos;
            if (!digitAt(m_pos))
                return fail("invalid number: expected a digit after '.'");
            while (digitAt(m_pos))
                ++m_pos;
        }
        if (m_pos < m_text.size() && (m_text[m_pos] == 'e' || m_text[m_pos] == 'E')) {
            integral = false;
            ++m_pos;
            if (m_pos < m_text.size() && (m_text[m_pos] == '+' || m_text[m_pos] == '-'))
                ++m_pos;
            if (!digitAt(m_pos))
                return fail("invalid number: expected a digit in the exponent");
            while (digitAt(m_pos))
                ++m_pos;
        }
        if constexpr (Sink::kBuilds)
            m_sink.value(numberValue(m_text.substr(start, m_pos - start), integral));
        return true;
    }

    // A string literal at m_pos (on its '"'); its decoded text is appended to *out when out is
    // not null.
    bool string(std::string *out)
    {
        ++m_pos;
        for (;;) {
            const std::size_t start = m_pos;
            m_pos = plainEnd(m_text, m_pos);
            if (out)
                out->append(m_text.substr(start, m_pos - start));
            if (atEnd())
                return fail("unterminated string");
            const auto c = static_cast<unsigned char>(m_text[m_pos]);
            if (c == '"') {
                ++m_pos;
                return true;
            }
            if (c < 0x20)
                return fail("unescaped control character in a string");
            if (c >= 0x80) {
                const utf8::DecodeResult r = utf8::decodeAt(m_text, m_pos);
                if (!r.valid)
                    return fail("invalid UTF-8 in a string");
                if (out)
                    out->append(m_text.substr(m_pos, r.length));
                m_pos += r.length;
                continue;
            }
            if (!escape(out))
                return false;
        }
    }

    // The four hex digits of a \\u escape at m_pos.
    bool hexEscape(char32_t &out)
    {
        if (m_text.size() - m_pos < 4)
            return fail("incomplete \\u escape");
        const int value = hex4(m_text, m_pos);
        if (value < 0) {
            std::size_t bad = m_pos;
            while (isHexDigit(m_text[bad]))
                ++bad;
            return failAt("invalid hex digit in a \\u escape", bad);
        }
        m_pos += 4;
        out = static_cast<char32_t>(value);
        return true;
    }

    // The escape at m_pos (on its backslash).
    bool escape(std::string *out)
    {
        const std::size_t at = m_pos++;
        if (atEnd())
            return fail("unterminated string");
        char decoded = 0;
        switch (m_text[m_pos++]) {
        case '"':
            decoded = '"';
            break;
        case '\\':
            decoded = '\\';
            break;
        case '/':
            decoded = '/';
            break;
        case 'b':
            decoded = '\b';
            break;
        case 'f':
            decoded = '\f';
            break;
        case 'n':
            decoded = '\n';
            break;
        case 'r':
            decoded = '\r';
            break;
        case 't':
            decoded = '\t';
            break;
        case 'u': {
            char32_t cp = 0;
            if (!hexEscape(cp))
                return false;
            if (cp >= 0xDC00 && cp <= 0xDFFF)
                return failAt("unpaired UTF-16 surrogate in a \\u escape", at);
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (m_text.substr(m_pos, 2) != "\\u")
                    return failAt("unpaired UTF-16 surrogate in a \\u escape", at);
                m_pos += 2;
                char32_t low = 0;
                if (!hexEscape(low))
                    return false;
                if (low < 0xDC00 || low > 0xDFFF)
                    return failAt("unpaired UTF-16 surrogate in a \\u escape", at);
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            }
            if (out)
                utf8::append(*out, cp);
            return true;
        }
        default:
            return failAt("invalid escape in a string", at);
        }
        if (out)
            out->push_back(decoded);
        return true;
    }

    std::string_view m_text;
    Sink &m_sink;
    std::size_t m_pos = 0;
    // Bit i is set when the container open at depth i is an object.
    std::array<std::uint64_t, kMaxJsonDepth / 64> m_objects {};
    std::size_t m_depth = 0;
    std::string_view m_what;
    std::size_t m_at = 0;
};

// ---- Paths in text that the reader has accepted ----
//
// These only skip and compare; they decide nothing about validity, so they may assume it.

std::size_t skipWhitespace(std::string_view text, std::size_t pos) noexcept
{
    while (pos < text.size() && isJsonWhitespace(text[pos]))
        ++pos;
    return pos;
}

// After the string that starts at `pos` (its '"').
std::size_t skipString(std::string_view text, std::size_t pos) noexcept
{
    ++pos;
    for (;;) {
        pos = text.find_first_of("\"\\", pos);
        if (text[pos] == '"')
            return pos + 1;
        pos += 2; // an escape: the backslash and the character after it
    }
}

// After the value that starts at `pos`.
std::size_t skipValue(std::string_view text, std::size_t pos) noexcept
{
    const char c = text[pos];
    if (c == '"')
        return skipString(text, pos);
    if (c != '[' && c != '{') {
        while (pos < text.size() && text[pos] != ',' && text[pos] != ']' && text[pos] != '}'
            && !isJsonWhitespace(text[pos]))
            ++pos;
        return pos;
    }
    std::size_t depth = 0;
    do {
        const char d = text[pos];
        if (d == '"') {
            pos = skipString(text, pos);
            continue;
        }
        if (d == '[' || d == '{')
            ++depth;
        else if (d == ']' || d == '}')
            --depth;
        ++pos;
    } while (depth > 0);
    return pos;
}

// The UTF-8 form of a scalar value `cp` in `bytes`; returns its length.
std::size_t encodeUtf8(char32_t cp, std::array<char, 4> &bytes) noexcept
{
    if (cp < 0x80) {
        bytes[0] = static_cast<char>(cp);
        return 1;
    }
    if (cp < 0x800) {
        bytes[0] = static_cast<char>(0xC0 | (cp >> 6));
        bytes[1] = static_cast<char>(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        bytes[0] = static_cast<char>(0xE0 | (cp >> 12));
        bytes[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        bytes[2] = static_cast<char>(0x80 | (cp & 0x3F));
        return 3;
    }
    bytes[0] = static_cast<char>(0xF0 | (cp >> 18));
    bytes[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    bytes[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    bytes[3] = static_cast<char>(0x80 | (cp & 0x3F));
    return 4;
}

// Whether the string at `pos` decodes to `key`; `pos` moves past it.
bool keyEquals(std::string_view text, std::size_t &pos, std::string_view key) noexcept
{
    ++pos;
    std::size_t k = 0;
    bool equal = true;
    for (;;) {
        const char c = text[pos];
        if (c == '"') {
            ++pos;
            return equal && k == key.size();
        }
        if (c != '\\') {
            equal = equal && k < key.size() && key[k] == c;
            ++k;
            ++pos;
            continue;
        }
        const char e = text[pos + 1];
        pos += 2;
        std::array<char, 4> bytes {};
        std::size_t length = 1;
        switch (e) {
        case 'b':
            bytes[0] = '\b';
            break;
        case 'f':
            bytes[0] = '\f';
            break;
        case 'n':
            bytes[0] = '\n';
            break;
        case 'r':
            bytes[0] = '\r';
            break;
        case 't':
            bytes[0] = '\t';
            break;
        case 'u': {
            auto cp = static_cast<char32_t>(hex4(text, pos));
            pos += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10)
                    + (static_cast<char32_t>(hex4(text, pos + 2)) - 0xDC00);
                pos += 6;
            }
            length = encodeUtf8(cp, bytes);
            break;
        }
        default: // '"', '\\', '/'
            bytes[0] = e;
        }
        equal = equal && key.substr(k, length) == std::string_view(bytes.data(), length);
        k += length;
    }
}

// The elements of the array that starts at `pos` (its '[').
std::int64_t countElements(std::string_view text, std::size_t pos) noexcept
{
    pos = skipWhitespace(text, pos + 1);
    if (text[pos] == ']')
        return 0;
    std::int64_t count = 1;
    for (;;) {
        pos = skipWhitespace(text, skipValue(text, pos));
        if (text[pos] != ',')
            return count;
        ++count;
        pos = skipWhitespace(text, pos + 1);
    }
}

// Where the value at `step` of the value at `pos` starts, or npos.
std::size_t followStep(std::string_view text, std::size_t pos, const JsonPathStep &step) noexcept
{
    constexpr std::size_t none = std::string_view::npos;
    if (step.isIndex) {
        if (text[pos] != '[')
            return none;
        std::int64_t index = step.index;
        if (index < 0) {
            index += countElements(text, pos);
            if (index < 0)
                return none;
        }
        pos = skipWhitespace(text, pos + 1);
        for (std::int64_t i = 0;; ++i) {
            if (text[pos] == ']')
                return none;
            if (i == index)
                return pos;
            pos = skipWhitespace(text, skipValue(text, pos));
            if (text[pos] == ']')
                return none;
            pos = skipWhitespace(text, pos + 1); // the ','
        }
    }
    if (text[pos] != '{')
        return none;
    // The last of repeated keys, as the map that parseJson() builds keeps it.
    std::size_t found = none;
    pos = skipWhitespace(text, pos + 1);
    while (text[pos] != '}') {
        const bool equal = keyEquals(text, pos, step.key);
        pos = skipWhitespace(text, skipWhitespace(text, pos) + 1); // the ':'
        if (equal)
            found = pos;
        pos = skipWhitespace(text, skipValue(text, pos));
        if (text[pos] == ',')
            pos = skipWhitespace(text, pos + 1);
    }
    return found;
}

} // namespace

// ---- JsonWriter ----

JsonWriter::JsonWriter(Style style)
    : m_style(style)
{ }

const std::string &JsonWriter::text() const noexcept
{
    m_out.resize(m_size); // shrinking: never allocates
    return m_out;
}

std::string JsonWriter::take() noexcept
{
    m_out.resize(m_size);
    std::string out = std::move(m_out);
    m_out.clear();
    clear();
    return out;
}

void JsonWriter::clear() noexcept
{
    m_size = 0;
    m_levels.clear();
    m_afterKey = false;
}

void JsonWriter::grow(std::size_t bytes)
{
    // In doubling steps, and to the whole capacity already allocated: resize() zero-fills the
    // new room, which a cleared writer read through view() then never needs again.
    m_out.resize(std::max({m_size + bytes, 2 * m_out.size(), m_out.capacity(), std::size_t(256)}));
}

inline char *JsonWriter::room(std::size_t bytes)
{
    if (m_out.size() - m_size < bytes)
        grow(bytes);
    return m_out.data() + m_size;
}

inline void JsonWriter::put(char c)
{
    *room(1) = c;
    ++m_size;
}

inline void JsonWriter::put(std::string_view bytes)
{
    std::memcpy(room(bytes.size()), bytes.data(), bytes.size());
    m_size += bytes.size();
}

void JsonWriter::writeEscaped(std::string_view text)
{
    char *const at = room(maxEscapedSize(text.size()));
    m_size += static_cast<std::size_t>(writeEscapedString(at, text) - at);
}

void JsonWriter::newline()
{
    const std::size_t indent = 2 * m_levels.size();
    char *at = room(1 + indent);
    *at = '\n';
    std::memset(at + 1, ' ', indent);
    m_size += 1 + indent;
}

void JsonWriter::beforeValue()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (m_levels.empty())
        return;
    Level &level = m_levels.back();
    assert(!level.object && "a value in an object needs a key first");
    if (level.count++ > 0)
        put(',');
    if (m_style == Style::Pretty)
        newline();
}

void JsonWriter::open(char bracket, bool object)
{
    beforeValue();
    put(bracket);
    m_levels.push_back({object, 0});
}

void JsonWriter::close(char bracket)
{
    assert(!m_levels.empty() && !m_afterKey);
    const bool empty = m_levels.back().count == 0;
    m_levels.pop_back();
    if (m_style == Style::Pretty && !empty)
        newline();
    put(bracket);
}

void JsonWriter::beginObject()
{
    open('{', true);
}

void JsonWriter::endObject()
{
    assert(!m_levels.empty() && m_levels.back().object);
    close('}');
}

void JsonWriter::beginArray()
{
    open('[', false);
}

void JsonWriter::endArray()
{
    assert(!m_levels.empty() && !m_levels.back().object);
    close(']');
}

// Most of a result is members of objects, a few bytes each: in Compact style a member is
// written in one go, separator, key and value in room made once, without going through key()
// and the value's own function.
inline char *JsonWriter::compactKey(std::string_view name, std::size_t valueRoom)
{
    assert(m_style == Style::Compact && !m_levels.empty() && m_levels.back().object && !m_afterKey);
    const bool comma = m_levels.back().count++ > 0;
    char *at = room(1 + maxEscapedSize(name.size()) + 1 + valueRoom);
    *at = ',';
    at = writeEscapedString(at + (comma ? 1 : 0), name);
    *at++ = ':';
    return at;
}

inline void JsonWriter::finish(const char *end) noexcept
{
    m_size = static_cast<std::size_t>(end - m_out.data());
}

void JsonWriter::key(std::string_view name)
{
    if (m_style == Style::Compact) {
        finish(compactKey(name, 0));
        m_afterKey = true;
        return;
    }
    assert(!m_levels.empty() && m_levels.back().object && !m_afterKey);
    if (m_levels.back().count++ > 0)
        put(',');
    newline();
    writeEscaped(name);
    put(": ");
    m_afterKey = true;
}

void JsonWriter::string(std::string_view text)
{
    beforeValue();
    writeEscaped(text);
}

void JsonWriter::integer(std::int64_t value)
{
    beforeValue();
    char *const at = room(kMaxIntegerSize);
    finish(std::to_chars(at, at + kMaxIntegerSize, value).ptr);
}

void JsonWriter::number(double value)
{
    beforeValue();
    char *const at = room(kMaxNumberSize);
    m_size += static_cast<std::size_t>(writeJsonNumber(at, value) - at);
}

void JsonWriter::boolean(bool value)
{
    beforeValue();
    put(value ? std::string_view("true") : std::string_view("false"));
}

void JsonWriter::null()
{
    beforeValue();
    put("null");
}

void JsonWriter::renderedMembers(std::string_view members, std::size_t count)
{
    assert(m_style == Style::Compact && !m_levels.empty() && m_levels.back().object && !m_afterKey);
    if (count == 0)
        return;
    const bool comma = m_levels.back().count > 0;
    m_levels.back().count += count;
    char *at = room(1 + members.size());
    *at = ',';
    at += comma ? 1 : 0;
    std::memcpy(at, members.data(), members.size());
    finish(at + members.size());
}

void JsonWriter::member(std::string_view name, std::string_view text)
{
    if (m_style == Style::Compact) {
        finish(writeEscapedString(compactKey(name, maxEscapedSize(text.size())), text));
        return;
    }
    key(name);
    string(text);
}

void JsonWriter::member(std::string_view name, std::int64_t value)
{
    if (m_style == Style::Compact) {
        char *const at = compactKey(name, kMaxIntegerSize);
        finish(std::to_chars(at, at + kMaxIntegerSize, value).ptr);
        return;
    }
    key(name);
    integer(value);
}

void JsonWriter::member(std::string_view name, double value)
{
    if (m_style == Style::Compact) {
        finish(writeJsonNumber(compactKey(name, kMaxNumberSize), value));
        return;
    }
    key(name);
    number(value);
}

void JsonWriter::member(std::string_view name, bool value)
{
    if (m_style == Style::Compact) {
        char *const at = compactKey(name, 5);
        std::memcpy(at, value ? "true" : "false", 5); // the NUL after "true" is overwritten next
        finish(at + (value ? 4 : 5));
        return;
    }
    key(name);
    boolean(value);
}

// ---- Free functions ----

void appendJsonString(std::string &out, std::string_view text)
{
    const std::size_t size = out.size();
    out.resize(size + maxEscapedSize(text.size()));
    out.resize(static_cast<std::size_t>(writeEscapedString(out.data() + size, text) - out.data()));
}

void appendJsonNumber(std::string &out, double value)
{
    std::array<char, kMaxNumberSize> buffer;
    out.append(buffer.data(), writeJsonNumber(buffer.data(), value));
}

void writeValue(JsonWriter &writer, const Value &value)
{
    switch (value.type()) {
    case ValueType::Null:
        writer.null();
        return;
    case ValueType::Bool:
        writer.boolean(value.asBool());
        return;
    case ValueType::Int:
        writer.integer(value.asInt());
        return;
    case ValueType::Float:
        writer.number(value.asFloat());
        return;
    case ValueType::String:
        writer.string(value.asString());
        return;
    case ValueType::List:
        writer.beginArray();
        for (const Value &item : value.asList())
            writeValue(writer, item);
        writer.endArray();
        return;
    case ValueType::Map:
        writer.beginObject();
        for (const MapEntry &entry : value.asMap()) {
            writer.key(entry.first);
            writeValue(writer, entry.second);
        }
        writer.endObject();
        return;
    }
}

bool parseJson(std::string_view text, Value &out, std::string &error)
{
    out = Value::null();
    error.clear();
    ValueBuilder builder;
    JsonReader<ValueBuilder> reader(text, builder);
    if (!reader.run()) {
        error = reader.error();
        return false;
    }
    out = builder.take();
    return true;
}

bool validateJson(std::string_view text, std::string *error)
{
    Validator validator;
    JsonReader<Validator> reader(text, validator);
    if (reader.run())
        return true;
    if (error)
        *error = reader.error();
    return false;
}

JsonLookup findJson(
    std::string_view text, std::span<const JsonPathStep> path, Value *out, std::string &error)
{
    if (!validateJson(text, &error))
        return JsonLookup::Invalid;
    std::size_t pos = skipWhitespace(text, documentStart(text));
    for (const JsonPathStep &step : path) {
        pos = followStep(text, pos, step);
        if (pos == std::string_view::npos)
            return JsonLookup::Missing;
    }
    if (out) {
        const std::string_view value = text.substr(pos, skipValue(text, pos) - pos);
        [[maybe_unused]] const bool parsed = parseJson(value, *out, error);
        assert(parsed && "a value inside valid JSON is valid JSON");
    }
    return JsonLookup::Found;
}

} // namespace llmcl::engine
