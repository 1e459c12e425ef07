// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/builtins.h"

#include "engine/evalscratch.h"
#include "engine/limits.h"
#include "engine/operators.h"
#include "engine/regex.h"
#include "engine/utf8.h"
#include "engine/wordlist.h"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

namespace llmcl::engine {

namespace {

constexpr TypeMask tNull = typeBit(ValueType::Null);
constexpr TypeMask tBool = typeBit(ValueType::Bool);
constexpr TypeMask tInt = typeBit(ValueType::Int);
constexpr TypeMask tFloat = typeBit(ValueType::Float);
constexpr TypeMask tString = typeBit(ValueType::String);
constexpr TypeMask tList = typeBit(ValueType::List);
constexpr TypeMask tMap = typeBit(ValueType::Map);
constexpr TypeMask tNumber = tInt | tFloat;
constexpr TypeMask tJson = tString | tList | tMap;

using P = BuiltinParameter;

constexpr P pString[] = {{"s", tString}};
constexpr P pSized[] = {{"x", tString | tList | tMap}};
constexpr P pContains[] = {{"x", tString | tList | tMap}, {"item"}};
constexpr P pStartsWith[] = {{"s", tString}, {"prefix", tString}};
constexpr P pEndsWith[] = {{"s", tString}, {"suffix", tString}};
constexpr P pReplace[] = {{"s", tString}, {"old", tString}, {"new", tString}};
constexpr P pSplit[] = {{"s", tString}, {"sep", tString | tNull, true}};
constexpr P pJoin[] = {{"list", tList}, {"sep", tString}};
constexpr P pCount[] = {{"x", tString | tList}, {"item", kAnyType, true}};
constexpr P pPattern[] = {{"s", tString}, {"pattern", tString}};
constexpr P pExtract[] = {
    {"s", tString}, {"pattern", tString}, {"group", tInt | tString | tNull, true}};
constexpr P pRegexReplace[] = {{"s", tString}, {"pattern", tString}, {"repl", tString}};
constexpr P pJson[] = {{"json", tJson}};
constexpr P pJsonPath[] = {{"json", tJson}, {"path", tString}};
constexpr P pFirst[] = {{"x", tList | tString}, {"default", kAnyType, true}};
constexpr P pList[] = {{"list", tList}};
constexpr P pNumber[] = {{"x", tNumber}};
constexpr P pRound[] = {{"x", tNumber}, {"ndigits", tInt | tNull, true}};
constexpr P pConvertible[] = {{"x", tBool | tInt | tFloat | tString}};
constexpr P pAny[] = {{"x"}};
constexpr P pWordList[] = {{"s", tString}, {"items", tList}, {"ignore_case", tBool | tNull, true},
    {"whole_words", tBool | tNull, true}};

// Sorted by name (byte order); a static_assert below holds it.
constexpr BuiltinInfo kBuiltins[] = {
    {BuiltinId::Abs, "abs", pNumber, -1, "abs(x: int | float) -> int | float",
        "The absolute value of x."},
    {BuiltinId::All, "all", pList, -1, "all(list: list) -> bool",
        "True when every item of the list is truthy (true for an empty list)."},
    {BuiltinId::Any, "any", pList, -1, "any(list: list) -> bool",
        "True when some item of the list is truthy (false for an empty list)."},
    {BuiltinId::Bool, "bool", pAny, -1, "bool(x) -> bool",
        "The truthiness of x: null, false, 0, \"\", [] and {} are false."},
    {BuiltinId::Contains, "contains", pContains, -1,
        "contains(x: string | list | map, item) -> bool",
        "Substring of a string, item of a list (==), or key of a map."},
    {BuiltinId::ContainsAny, "contains_any", pWordList, -1,
        "contains_any(s: string, items: list, ignore_case: bool = false, whole_words: bool = "
        "false) -> bool",
        "Whether any string of items occurs in s (one scan for the whole list; ignore_case folds "
        "Unicode case, whole_words wants no letter, digit or _ around it)."},
    {BuiltinId::Count, "count", pCount, -1, "count(x: string | list, item = null) -> int",
        "Non-overlapping occurrences of a substring, items equal to item, or a list's length."},
    {BuiltinId::EmailValid, "email_valid", pString, -1, "email_valid(s: string) -> bool",
        "Whether s looks like an e-mail address (LANGUAGE.md §6's pattern)."},
    {BuiltinId::EndsWith, "ends_with", pEndsWith, -1,
        "ends_with(s: string, suffix: string) -> bool", "Whether s ends with suffix."},
    {BuiltinId::EndsWith, "endswith", pEndsWith, -1, "endswith(s: string, suffix: string) -> bool",
        "Whether s ends with suffix (alias of ends_with)."},
    {BuiltinId::Exists, "exists", pAny, -1, "exists(x) -> bool", "Whether x is not null."},
    {BuiltinId::Extract, "extract", pExtract, 1,
        "extract(s: string, pattern: string, group: int | string = 0) -> string | null",
        "The text of a group (by number or name) of the first match of pattern in s, or null."},
    {BuiltinId::FindAll, "find_all", pPattern, 1, "find_all(s: string, pattern: string) -> list",
        "Every non-overlapping match (the group when the pattern has one, as Python's findall)."},
    {BuiltinId::FindAny, "find_any", pWordList, -1,
        "find_any(s: string, items: list, ignore_case: bool = false, whole_words: bool = false) "
        "-> string | null",
        "The item of items found first in s (leftmost; there the longest, then the earlier in "
        "the list), or null."},
    {BuiltinId::First, "first", pFirst, -1, "first(x: list | string, default = null)",
        "The first item (or character) of x, or default when x is empty."},
    {BuiltinId::Float, "float", pConvertible, -1, "float(x: bool | int | float | string) -> float",
        "x as a float; a string is parsed as Python's float() does."},
    {BuiltinId::FullMatch, "full_match", pPattern, 1,
        "full_match(s: string, pattern: string) -> bool", "Whether pattern matches all of s."},
    {BuiltinId::Int, "int", pConvertible, -1, "int(x: bool | int | float | string) -> int",
        "x as an int: floats are truncated, strings parsed as Python's int() does."},
    {BuiltinId::Join, "join", pJoin, -1, "join(list: list, sep: string) -> string",
        "The strings of the list joined with sep."},
    {BuiltinId::JsonExtract, "json_extract", pJsonPath, -1,
        "json_extract(json: string | list | map, path: string)",
        "The value at a path such as \"$.a.b[0]\", or null when it is missing or not JSON."},
    {BuiltinId::JsonHas, "json_has", pJsonPath, -1,
        "json_has(json: string | list | map, path: string) -> bool",
        "Whether a path such as \"$.a.b[0]\" exists in the JSON."},
    {BuiltinId::JsonParse, "json_parse", pJson, -1, "json_parse(json: string | list | map)",
        "The JSON text as a value (objects become maps, arrays lists)."},
    {BuiltinId::JsonValid, "json_valid", pJson, -1, "json_valid(json: string | list | map) -> bool",
        "Whether the text is a JSON value."},
    {BuiltinId::Last, "last", pFirst, -1, "last(x: list | string, default = null)",
        "The last item (or character) of x, or default when x is empty."},
    {BuiltinId::Len, "len", pSized, -1, "len(x: string | list | map) -> int",
        "Code points of a string, items of a list, keys of a map."},
    {BuiltinId::Lower, "lower", pString, -1, "lower(s: string) -> string", "s in lower case."},
    {BuiltinId::Match, "match", pPattern, 1, "match(s: string, pattern: string) -> bool",
        "Whether pattern matches anywhere in s."},
    {BuiltinId::Max, "max", pList, -1, "max(list: list)",
        "The largest item of a non-empty list of numbers, strings or lists."},
    {BuiltinId::Min, "min", pList, -1, "min(list: list)",
        "The smallest item of a non-empty list of numbers, strings or lists."},
    {BuiltinId::RegexReplace, "regex_replace", pRegexReplace, 1,
        "regex_replace(s: string, pattern: string, repl: string) -> string",
        "s with every match of pattern replaced by repl ($1, ${name} name groups)."},
    {BuiltinId::Replace, "replace", pReplace, -1,
        "replace(s: string, old: string, new: string) -> string",
        "s with every occurrence of old replaced by new."},
    {BuiltinId::Round, "round", pRound, -1, "round(x: int | float, ndigits: int = null)",
        "x rounded half to even; an int without ndigits, a float with ndigits (as Python)."},
    {BuiltinId::Split, "split", pSplit, -1, "split(s: string, sep: string = null) -> list",
        "The parts of s between occurrences of sep, or its words when sep is null."},
    {BuiltinId::StartsWith, "starts_with", pStartsWith, -1,
        "starts_with(s: string, prefix: string) -> bool", "Whether s starts with prefix."},
    {BuiltinId::StartsWith, "startswith", pStartsWith, -1,
        "startswith(s: string, prefix: string) -> bool",
        "Whether s starts with prefix (alias of starts_with)."},
    {BuiltinId::Str, "str", pAny, -1, "str(x) -> string",
        "x as text: a string itself, other values in literal syntax."},
    {BuiltinId::Trim, "strip", pString, -1, "strip(s: string) -> string",
        "s without leading and trailing whitespace (alias of trim)."},
    {BuiltinId::Sum, "sum", pList, -1, "sum(list: list) -> int | float",
        "The sum of a list of numbers (0 for an empty list)."},
    {BuiltinId::Trim, "trim", pString, -1, "trim(s: string) -> string",
        "s without leading and trailing whitespace."},
    {BuiltinId::Type, "type", pAny, -1, "type(x) -> string",
        "\"null\", \"bool\", \"int\", \"float\", \"string\", \"list\" or \"map\"."},
    {BuiltinId::Upper, "upper", pString, -1, "upper(s: string) -> string", "s in upper case."},
    {BuiltinId::UrlValid, "url_valid", pString, -1, "url_valid(s: string) -> bool",
        "Whether s looks like an http(s) URL (LANGUAGE.md §6's pattern)."},
    {BuiltinId::WordCount, "word_count", pString, -1, "word_count(s: string) -> int",
        "The number of maximal runs of non-whitespace characters in s."},
};

constexpr bool sortedByName()
{
    for (std::size_t i = 1; i < std::size(kBuiltins); ++i) {
        if (!(kBuiltins[i - 1].name < kBuiltins[i].name))
            return false;
    }
    return true;
}
static_assert(sortedByName(), "kBuiltins must be sorted by name for findBuiltin()");

constexpr std::size_t kIdCount = static_cast<std::size_t>(BuiltinId::Exists) + 1;

constexpr bool isAlias(std::string_view name)
{
    return name == "startswith" || name == "endswith" || name == "strip";
}

// The table index of each id's main (non-alias) entry: for arity checks and messages.
constexpr std::array<std::uint8_t, kIdCount> kMainEntry = [] {
    std::array<std::uint8_t, kIdCount> index {};
    for (std::size_t i = 0; i < std::size(kBuiltins); ++i) {
        if (!isAlias(kBuiltins[i].name))
            index[static_cast<std::size_t>(kBuiltins[i].id)] = static_cast<std::uint8_t>(i);
    }
    return index;
}();

constexpr bool everyIdHasAnEntry()
{
    for (std::size_t id = 0; id < kIdCount; ++id) {
        if (kBuiltins[kMainEntry[id]].id != static_cast<BuiltinId>(id))
            return false;
    }
    return true;
}
static_assert(everyIdHasAnEntry(), "every BuiltinId needs an entry in kBuiltins");

const BuiltinInfo &infoOf(BuiltinId id) noexcept
{
    return kBuiltins[kMainEntry[static_cast<std::size_t>(id)]];
}

} // namespace

std::size_t BuiltinInfo::minArity() const noexcept
{
    std::size_t n = 0;
    while (n < parameters.size() && !parameters[n].optional)
        ++n;
    return n;
}

std::span<const BuiltinInfo> builtins() noexcept
{
    return kBuiltins;
}

const BuiltinInfo *findBuiltin(std::string_view name) noexcept
{
    const auto it = std::lower_bound(std::begin(kBuiltins), std::end(kBuiltins), name,
        [](const BuiltinInfo &info, std::string_view n) { return info.name < n; });
    return it != std::end(kBuiltins) && it->name == name ? &*it : nullptr;
}

namespace {

// --- Errors -------------------------------------------------------------------------------

std::string typeName(const Value &v)
{
    return std::string(valueTypeName(v.type()));
}

// "len() takes a string, list or map, not int" for the first argument, "split(): argument
// 'sep' must be a string or null, not int" for the others.
bool argumentError(BuiltinCall &call, BuiltinId id, std::size_t position, std::string_view expected,
    const Value &got)
{
    const BuiltinInfo &info = infoOf(id);
    if (position == 0) {
        call.error =
            std::string(info.name) + "() takes " + std::string(expected) + ", not " + typeName(got);
    } else {
        call.error = std::string(info.name) + "(): argument '"
            + std::string(info.parameters[position].name) + "' must be " + std::string(expected)
            + ", not " + typeName(got);
    }
    return false;
}

bool fail(BuiltinCall &call, std::string message)
{
    call.error = std::move(message);
    return false;
}

// --- Unicode text -------------------------------------------------------------------------

// Python's str.isspace(): Unicode White_Space plus the ASCII separators \x1c..\x1f.
constexpr bool isSpace(char32_t c) noexcept
{
    if (c < 0x80)
        return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20);
    return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028
        || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

constexpr bool isAsciiSpace(unsigned char c) noexcept
{
    return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20);
}

// Length of the whitespace code point at text[i], or 0 when there is none.
std::size_t spaceAt(std::string_view text, std::size_t i) noexcept
{
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80)
        return isAsciiSpace(byte) ? 1 : 0;
    const utf8::DecodeResult r = utf8::decode(text.substr(i));
    return r.valid && isSpace(r.codePoint) ? r.length : 0;
}

// Length of the whitespace code point that ends text[..end), or 0. Every non-ASCII whitespace
// character takes 2 or 3 bytes in UTF-8.
std::size_t spaceBefore(std::string_view text, std::size_t end) noexcept
{
    const auto byte = static_cast<unsigned char>(text[end - 1]);
    if (byte < 0x80)
        return isAsciiSpace(byte) ? 1 : 0;
    for (std::size_t length = 2; length <= 3 && length <= end; ++length) {
        const utf8::DecodeResult r = utf8::decode(text.substr(end - length, length));
        if (r.valid && r.length == length)
            return isSpace(r.codePoint) ? length : 0;
    }
    return 0;
}

// Bytes of the code point (or ill-formed maximal subpart) starting at text[i].
std::size_t codePointBytes(std::string_view text, std::size_t i) noexcept
{
    return static_cast<unsigned char>(text[i]) < 0x80 ? 1 : utf8::decode(text.substr(i)).length;
}

// Simple (one-to-one) case mappings of the Unicode Character Database for Basic Latin,
// Latin-1 Supplement, Latin Extended-A, the regular pairs of Latin Extended-B and Latin
// Extended Additional, Greek, Cyrillic (with Cyrillic Supplement), Armenian and the fullwidth
// Latin letters. lower()/upper() add the full mappings Python applies in those blocks (ß → SS,
// İ → i̇, ŉ → ʼN, the Latin ligatures ﬀ…ﬆ) and Greek final sigma. Other scripts (Georgian,
// Cherokee, Deseret, …) are left unchanged. Written out here rather than taken from ICU to
// keep the engine's dependencies at PCRE2 and simdjson; LANGUAGE.md only asks for Unicode
// lengths and Python-like results on the scripts users write contracts in.
struct PairRange
{
    char32_t first;
    char32_t last;
    bool upperIsEven; // in these ranges upper and lower case alternate
};

constexpr PairRange kAlternating[] = {
    {0x0100, 0x012F, true},
    {0x0132, 0x0137, true},
    {0x0139, 0x0148, false},
    {0x014A, 0x0177, true},
    {0x0179, 0x017E, false},
    {0x01CD, 0x01DC, false},
    {0x01DE, 0x01EF, true},
    {0x01F8, 0x021F, true},
    {0x0222, 0x0233, true},
    {0x03D8, 0x03EF, true},
    {0x0460, 0x0481, true},
    {0x048A, 0x04BF, true},
    {0x04C1, 0x04CE, false},
    {0x04D0, 0x052F, true},
    {0x1E00, 0x1E95, true},
    {0x1EA0, 0x1EFF, true},
};

// Offset ranges: [upperFirst, upperLast] map to upper + delta in lower case.
struct DeltaRange
{
    char32_t upperFirst;
    char32_t upperLast;
    char32_t delta;
};

constexpr DeltaRange kDeltas[] = {
    {0x0041, 0x005A, 32},
    {0x00C0, 0x00D6, 32},
    {0x00D8, 0x00DE, 32},
    {0x0388, 0x038A, 37},
    {0x038E, 0x038F, 63},
    {0x0391, 0x03A1, 32},
    {0x03A3, 0x03AB, 32},
    {0x0400, 0x040F, 80},
    {0x0410, 0x042F, 32},
    {0x0531, 0x0556, 48},
    {0xFF21, 0xFF3A, 32},
};

struct SinglePair
{
    char32_t upper;
    char32_t lower;
};

constexpr SinglePair kSingles[] = {
    {0x0178, 0x00FF},
    {0x0386, 0x03AC},
    {0x038C, 0x03CC},
    {0x04C0, 0x04CF},
    {0x1E9E, 0x00DF},
};

char32_t toLowerSimple(char32_t c) noexcept
{
    for (const DeltaRange &r : kDeltas) {
        if (c >= r.upperFirst && c <= r.upperLast)
            return c + r.delta;
    }
    for (const PairRange &r : kAlternating) {
        if (c >= r.first && c <= r.last)
            return ((c % 2 == 0) == r.upperIsEven) ? c + 1 : c;
    }
    for (const SinglePair &p : kSingles) {
        if (c == p.upper)
            return p.lower;
    }
    return c;
}

char32_t toUpperSimple(char32_t c) noexcept
{
    switch (c) {
    case 0x00B5: // micro sign
        return 0x039C;
    case 0x0131: // dotless i
        return 'I';
    case 0x017F: // long s
        return 'S';
    case 0x03C2: // final sigma
        return 0x03A3;
    case 0x00DF: // ß: simple mapping keeps it; upper() applies the full mapping "SS"
        return c;
    default:
        break;
    }
    for (const DeltaRange &r : kDeltas) {
        if (c >= r.upperFirst + r.delta && c <= r.upperLast + r.delta)
            return c - r.delta;
    }
    for (const PairRange &r : kAlternating) {
        if (c >= r.first && c <= r.last)
            return ((c % 2 == 0) != r.upperIsEven) ? c - 1 : c;
    }
    for (const SinglePair &p : kSingles) {
        if (c == p.lower && p.upper != 0x1E9E)
            return p.upper;
    }
    return c;
}

bool isCased(char32_t c) noexcept
{
    return toLowerSimple(c) != c || toUpperSimple(c) != c || c == 0x00DF || c == 0x0138;
}

// Unicode's Case_Ignorable, approximated: combining diacritics and the apostrophes, dots and
// modifier letters that may sit inside a word.
bool isCaseIgnorable(char32_t c) noexcept
{
    return (c >= 0x0300 && c <= 0x036F) || c == '\'' || c == '.' || c == ':' || c == '^' || c == '`'
        || c == 0x00A8 || c == 0x00AD || c == 0x00AF || c == 0x00B4 || c == 0x00B7 || c == 0x00B8
        || c == 0x2018 || c == 0x2019 || c == 0x2024 || c == 0x2027;
}

// Greek capital sigma lowercases to final ς at the end of a word (Unicode's Final_Sigma
// condition, which Python's str.lower() applies): a cased letter before it and none after it,
// skipping case-ignorable characters.
bool isFinalSigma(std::string_view text, std::size_t at, std::size_t length) noexcept
{
    bool casedBefore = false;
    for (std::size_t i = at; i > 0;) {
        std::size_t start = i - 1; // step back to the start of the previous code point
        while (
            start > 0 && i - start < 4 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80)
            --start;
        const utf8::DecodeResult r = utf8::decode(text.substr(start, i - start));
        if (!r.valid || r.length != i - start) {
            break;
        }
        if (!isCaseIgnorable(r.codePoint)) {
            casedBefore = isCased(r.codePoint);
            break;
        }
        i = start;
    }
    if (!casedBefore)
        return false;
    for (std::size_t i = at + length; i < text.size();) {
        const utf8::DecodeResult r = utf8::decode(text.substr(i));
        if (!r.valid)
            return true;
        if (!isCaseIgnorable(r.codePoint))
            return !isCased(r.codePoint);
        i += r.length;
    }
    return true;
}

// Appends s in upper or lower case to out; returns whether anything changed.
bool convertCase(std::string_view text, bool upper, std::string &out)
{
    bool changed = false;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x80) {
            // A run of ASCII bytes at once: appended, then converted in place (appending them
            // one by one was most of lower()'s cost on a replay).
            std::size_t end = i + 1;
            while (end < text.size() && static_cast<unsigned char>(text[end]) < 0x80)
                ++end;
            const std::size_t base = out.size();
            out.append(text.substr(i, end - i));
            const char first = upper ? 'a' : 'A';
            for (std::size_t k = base; k < out.size(); ++k) {
                if (static_cast<unsigned char>(out[k] - first) < 26) {
                    out[k] = static_cast<char>(out[k] ^ 0x20);
                    changed = true;
                }
            }
            i = end;
            continue;
        }
        const utf8::DecodeResult r = utf8::decode(text.substr(i));
        if (!r.valid) { // kept as it is: lower() and upper() do not repair text
            out.append(text.substr(i, r.length));
            i += r.length;
            continue;
        }
        const char32_t c = r.codePoint;
        std::u32string_view special;
        char32_t mapped = c;
        if (upper) {
            switch (c) {
            case 0x00DF:
                special = U"SS";
                break;
            case 0x0149:
                special = U"\u02BCN";
                break;
            case 0xFB00:
                special = U"FF";
                break;
            case 0xFB01:
                special = U"FI";
                break;
            case 0xFB02:
                special = U"FL";
                break;
            case 0xFB03:
                special = U"FFI";
                break;
            case 0xFB04:
                special = U"FFL";
                break;
            case 0xFB05:
            case 0xFB06:
                special = U"ST";
                break;
            default:
                mapped = toUpperSimple(c);
            }
        } else if (c == 0x0130) {
            special = U"i\u0307";
        } else if (c == 0x03A3) {
            mapped = isFinalSigma(text, i, r.length) ? 0x03C2 : 0x03C3;
        } else {
            mapped = toLowerSimple(c);
        }
        if (!special.empty()) {
            for (char32_t s : special)
                utf8::append(out, s);
            changed = true;
        } else if (mapped != c) {
            utf8::append(out, mapped);
            changed = true;
        } else {
            out.append(text.substr(i, r.length));
        }
        i += r.length;
    }
    return changed;
}

bool caseBuiltin(const Value &s, bool upper, BuiltinCall &call, Value &result)
{
    const std::string_view text = s.asString();
    if (s.isAscii()) { // the common case: no allocation unless something changes
        const auto needsChange = [upper](char c) {
            return upper ? (c >= 'a' && c <= 'z') : (c >= 'A' && c <= 'Z');
        };
        if (std::none_of(text.begin(), text.end(), needsChange)) {
            result = s;
            return true;
        }
    }
    if (const Value *remembered = call.scratch.rememberedCase(text, upper)) {
        result = *remembered;
        return true;
    }
    std::string &buffer = call.scratch.textBuffer();
    buffer.clear();
    if (!convertCase(text, upper, buffer)) {
        result = s;
        return true;
    }
    result = Value::string(buffer);
    call.scratch.rememberCase(text, upper, result);
    return true;
}

Value trimmed(const Value &s)
{
    const std::string_view text = s.asString();
    std::size_t begin = 0;
    std::size_t end = text.size();
    while (begin < end) {
        const std::size_t n = spaceAt(text, begin);
        if (n == 0)
            break;
        begin += n;
    }
    while (end > begin) {
        const std::size_t n = spaceBefore(text.substr(0, end), end);
        if (n == 0)
            break;
        end -= n;
    }
    if (begin == 0 && end == text.size())
        return s;
    return s.sharedSubstring(text.substr(begin, end - begin));
}

// Words of an ASCII text, eight bytes at a time: a word starts at every byte that is not a
// space and follows a space (or the start). The byte-at-a-time loop cost 16 instructions a
// byte, a third of the reference turn (BENCHMARKS.md, issue 13 part 3).
std::size_t asciiWordCount(std::string_view text) noexcept
{
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
    constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
    // The high bit of each byte set when that byte (< 0x80) is >= n; exact per byte, since no
    // byte of (x | kHigh) - n * kOnes borrows from its neighbour.
    const auto atLeast = [](std::uint64_t x, std::uint64_t n) {
        return ((x | kHigh) - n * kOnes) & kHigh;
    };
    std::size_t words = 0;
    std::size_t i = 0;
    bool inWord = false;
    if constexpr (std::endian::native == std::endian::little) {
        std::uint64_t previousSpace = kHigh >> 56 << 56; // the start counts as a space
        for (; i + 8 <= text.size(); i += 8) {
            std::uint64_t x;
            std::memcpy(&x, text.data() + i, 8);
            // isAsciiSpace(): 0x09..0x0D or 0x1C..0x20.
            const std::uint64_t space =
                (atLeast(x, 0x09) ^ atLeast(x, 0x0E)) | (atLeast(x, 0x1C) ^ atLeast(x, 0x21));
            const std::uint64_t spaceBefore = (space << 8) | (previousSpace >> 56);
            // One bit per word start (bit 7 of its byte); the multiplication sums the bytes
            // into the top one (std::popcount is a library call without -mpopcnt).
            words +=
                static_cast<std::size_t>((((~space & spaceBefore & kHigh) >> 7) * kOnes) >> 56);
            previousSpace = space;
        }
        inWord = i > 0 && !(previousSpace >> 63);
    }
    for (; i < text.size(); ++i) {
        const bool space = isAsciiSpace(static_cast<unsigned char>(text[i]));
        words += (!space && !inWord);
        inWord = !space;
    }
    return words;
}

std::size_t wordCount(const Value &s) noexcept
{
    const std::string_view text = s.asString();
    std::size_t words = 0;
    bool inWord = false;
    if (s.isAscii())
        return asciiWordCount(text);
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t space = spaceAt(text, i);
        if (space) {
            inWord = false;
            i += space;
        } else {
            words += !inWord;
            inWord = true;
            i += codePointBytes(text, i);
        }
    }
    return words;
}

// Python's str.split() without a separator: runs of whitespace separate, none at either end.
std::vector<Value> splitWhitespace(const Value &s)
{
    const std::string_view text = s.asString();
    std::vector<Value> parts;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size()) {
            const std::size_t n = spaceAt(text, i);
            if (n == 0)
                break;
            i += n;
        }
        if (i == text.size())
            break;
        const std::size_t start = i;
        while (i < text.size() && spaceAt(text, i) == 0)
            i += codePointBytes(text, i);
        parts.push_back(s.sharedSubstring(text.substr(start, i - start)));
    }
    return parts;
}

std::vector<Value> splitOn(const Value &s, std::string_view sep)
{
    const std::string_view text = s.asString();
    std::vector<Value> parts;
    std::size_t start = 0;
    for (;;) {
        const std::size_t at = text.find(sep, start);
        if (at == std::string_view::npos) {
            parts.push_back(s.sharedSubstring(text.substr(start)));
            return parts;
        }
        parts.push_back(s.sharedSubstring(text.substr(start, at - start)));
        start = at + sep.size();
    }
}

std::size_t countOccurrences(const Value &s, std::string_view sub) noexcept
{
    if (sub.empty()) // Python: one more than there are code points
        return s.codePointLength() + 1;
    const std::string_view text = s.asString();
    std::size_t count = 0;
    for (std::size_t at = text.find(sub); at != std::string_view::npos;
        at = text.find(sub, at + sub.size()))
        ++count;
    return count;
}

// `s` with every `old` replaced by `with`, or false with `error` set when the result would be
// larger than limits::kStringBytes (found before anything is built).
bool replaced(
    const Value &s, std::string_view old, std::string_view with, Value &result, std::string &error)
{
    const std::string_view text = s.asString();
    const std::uint64_t places = countOccurrences(s, old);
    const std::uint64_t kept = text.size() - old.size() * places;
    if (places > 0
        && (kept > limits::kStringBytes || with.size() > (limits::kStringBytes - kept) / places)) {
        error = "replace(): result too large (over 16 MiB)";
        return false;
    }
    std::string out;
    if (old.empty()) { // Python: `with` before every code point and at the end
        out.reserve(text.size() + with.size() * (text.size() + 1));
        for (std::size_t i = 0; i < text.size();) {
            const std::size_t n = codePointBytes(text, i);
            out += with;
            out += text.substr(i, n);
            i += n;
        }
        out += with;
        result = Value::string(std::move(out));
        return true;
    }
    std::size_t at = text.find(old);
    if (at == std::string_view::npos) {
        result = s;
        return true;
    }
    std::size_t start = 0;
    for (; at != std::string_view::npos; at = text.find(old, start)) {
        out += text.substr(start, at - start);
        out += with;
        start = at + old.size();
    }
    out += text.substr(start);
    result = Value::string(std::move(out));
    return true;
}

} // namespace

namespace {

// --- Regex --------------------------------------------------------------------------------

const Regex *resolvePattern(BuiltinCall &call, BuiltinId id, const Value &pattern)
{
    if (call.pattern)
        return call.pattern;
    if (!pattern.isString()) {
        argumentError(call, id, 1, "a string", pattern);
        return nullptr;
    }
    RegexError error;
    const Regex *regex = call.scratch.regex(pattern.asString(), &error);
    if (!regex) {
        call.error = "invalid regex " + repr(pattern) + ": " + error.message + " at offset "
            + std::to_string(error.offset);
    }
    return regex;
}

Value groupText(const Value &subject, const EvalScratch &scratch, std::uint32_t n)
{
    const std::optional<RegexSpan> span = Regex::group(scratch, n);
    if (!span)
        return Value::null();
    return subject.sharedSubstring(subject.asString().substr(span->begin, span->size()));
}

// --- JSON paths ---------------------------------------------------------------------------

bool pathError(BuiltinCall &call, std::string_view path, std::string_view why)
{
    call.error = "invalid JSON path " + repr(Value::borrowedString(path)) + ": " + std::string(why);
    return false;
}

// `$`, then `.name`, `['name']`, `["name"]` (a backslash escapes the next character) and
// `[index]` (negative from the end) steps.
bool parseJsonPath(std::string_view path, std::vector<JsonPathStep> &steps, BuiltinCall &call)
{
    steps.clear();
    if (path.empty() || path[0] != '$')
        return pathError(call, path, "it must start with '$'");
    std::size_t i = 1;
    while (i < path.size()) {
        JsonPathStep step;
        if (path[i] == '.') {
            const std::size_t start = ++i;
            while (i < path.size() && path[i] != '.' && path[i] != '[')
                ++i;
            if (i == start)
                return pathError(call, path, "a name must follow '.'");
            step.key = path.substr(start, i - start);
        } else if (path[i] == '[') {
            ++i;
            if (i < path.size() && (path[i] == '\'' || path[i] == '"')) {
                const char quote = path[i++];
                const std::size_t start = i;
                bool escaped = false;
                while (i < path.size() && path[i] != quote) {
                    if (path[i] == '\\' && i + 1 < path.size()) {
                        if (!escaped)
                            step.unescapedKey.assign(path.substr(start, i - start));
                        escaped = true;
                        ++i;
                    }
                    if (escaped)
                        step.unescapedKey += path[i];
                    ++i;
                }
                if (i == path.size())
                    return pathError(call, path, "unterminated quoted name");
                step.key = escaped ? std::string_view() : path.substr(start, i - start);
                ++i; // the closing quote
            } else {
                const std::size_t start = i;
                while (i < path.size() && path[i] != ']')
                    ++i;
                const std::string_view digits = path.substr(start, i - start);
                const char *first = digits.data();
                const char *last = digits.data() + digits.size();
                const auto [end, ec] = std::from_chars(first, last, step.index);
                if (digits.empty() || ec != std::errc() || end != last)
                    return pathError(call, path, "an index must be an integer");
                step.isIndex = true;
            }
            if (i == path.size() || path[i] != ']')
                return pathError(call, path, "missing ']'");
            ++i;
        } else {
            return pathError(call, path,
                "unexpected '" + std::string(1, path[i]) + "' at offset " + std::to_string(i));
        }
        steps.push_back(std::move(step));
    }
    // Views into unescapedKey are taken only now that the vector no longer reallocates.
    for (JsonPathStep &step : steps) {
        if (!step.isIndex && !step.unescapedKey.empty())
            step.key = step.unescapedKey;
    }
    return true;
}

const Value *followPath(const Value &root, std::span<const JsonPathStep> steps) noexcept
{
    const Value *current = &root;
    for (const JsonPathStep &step : steps) {
        if (step.isIndex) {
            if (!current->isList())
                return nullptr;
            const auto items = current->asList();
            const auto size = static_cast<std::int64_t>(items.size());
            const std::int64_t index = step.index < 0 ? step.index + size : step.index;
            if (index < 0 || index >= size)
                return nullptr;
            current = &items[static_cast<std::size_t>(index)];
        } else {
            current = current->find(step.key);
            if (!current)
                return nullptr;
        }
    }
    return current;
}

// --- Numbers ------------------------------------------------------------------------------

__extension__ typedef __int128 Int128; // -Wpedantic: GCC and Clang both have it

constexpr double kTwoTo63 = 9223372036854775808.0;

bool floatToInt(double d, std::string_view what, BuiltinCall &call, std::int64_t &out)
{
    if (std::isnan(d))
        return fail(call, "cannot convert float NaN to integer");
    if (std::isinf(d))
        return fail(call, "cannot convert float infinity to integer");
    if (d >= kTwoTo63 || d < -kTwoTo63)
        return fail(
            call, "integer overflow in " + std::string(what) + "(" + repr(Value::number(d)) + ")");
    out = static_cast<std::int64_t>(d);
    return true;
}

// Python's round-half-even to an integral double.
double roundHalfEven(double d) noexcept
{
    const double floor = std::floor(d);
    const double diff = d - floor; // exact
    if (diff > 0.5 || (diff == 0.5 && std::fmod(floor, 2.0) != 0.0))
        return floor + 1.0;
    return floor;
}

// round(x, ndigits) for a float, as CPython does it: the exact decimal value of x rounded half
// to even at `ndigits` decimal places, read back as the nearest double. So round(2.675, 2) is
// 2.67 (2.675 is really 2.67499999…) and round(0.125, 2) is 0.12.
bool roundFloat(double x, std::int64_t ndigits, BuiltinCall &call, double &out)
{
    // CPython's bounds: beyond these the result is x itself, or a zero.
    if (!std::isfinite(x) || x == 0.0 || ndigits > 323) {
        out = x;
        return true;
    }
    if (ndigits < -308) {
        out = 0.0 * x;
        return true;
    }
    // Every double has a finite decimal expansion of at most 1,074 fraction digits, which
    // std::to_chars writes exactly (and, unlike printf, without the locale's separator).
    char text[1500];
    const std::to_chars_result expansion =
        std::to_chars(text, text + sizeof text, std::fabs(x), std::chars_format::fixed, 1074);
    if (expansion.ec != std::errc())
        return fail(call, "round(): cannot format the number");
    const auto written = static_cast<int>(expansion.ptr - text);
    // The digits without the decimal point.
    char digits[1500];
    std::size_t count = 0;
    std::size_t intDigits = 0;
    for (int i = 0; i < written; ++i) {
        if (text[i] >= '0' && text[i] <= '9')
            digits[count++] = text[i];
        else if (intDigits == 0)
            intDigits = count;
    }
    const std::int64_t keep = static_cast<std::int64_t>(intDigits) + ndigits;
    if (keep < 0) {
        out = 0.0 * x;
        return true;
    }
    const auto k = static_cast<std::size_t>(keep);
    bool up = false;
    if (k < count) {
        const char next = digits[k];
        bool restNonZero = false;
        for (std::size_t i = k + 1; i < count && !restNonZero; ++i)
            restNonZero = digits[i] != '0';
        const bool lastOdd = k > 0 && (digits[k - 1] - '0') % 2 == 1;
        up = next > '5' || (next == '5' && (restNonZero || lastOdd));
    }
    // "-" + kept digits (+ a carry) + "e" + exponent.
    std::string number;
    number.reserve(k + 32);
    if (x < 0)
        number += '-';
    number += '0'; // room for a carry
    number.append(digits, k);
    if (up) {
        std::size_t i = number.size();
        while (number[i - 1] == '9') {
            number[i - 1] = '0';
            --i;
        }
        ++number[i - 1];
    }
    number += 'e';
    number += std::to_string(-ndigits);
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), out);
    (void)end;
    if (ec == std::errc::result_out_of_range) {
        // Out of range after rounding up: too large (a value that rounds to 0 is not an error).
        if (up && k > 0)
            return fail(call, "round(): rounded value too large to represent");
        out = 0.0 * x;
    }
    return true;
}

// round(n, ndigits) for an int: half to even at 10^-ndigits, overflow checked.
bool roundInt(std::int64_t n, std::int64_t ndigits, BuiltinCall &call, std::int64_t &out)
{
    if (ndigits >= 0) {
        out = n;
        return true;
    }
    if (ndigits < -38) { // 10^39 exceeds any int64 by far: the result is 0
        out = 0;
        return true;
    }
    Int128 power = 1;
    for (std::int64_t i = 0; i < -ndigits; ++i)
        power *= 10;
    const Int128 value = n;
    Int128 quotient = value / power;
    Int128 remainder = value % power;
    if (remainder < 0) { // floor division
        remainder += power;
        quotient -= 1;
    }
    const Int128 twice = 2 * remainder;
    if (twice > power || (twice == power && quotient % 2 != 0))
        quotient += 1;
    const Int128 result = quotient * power;
    if (result > std::numeric_limits<std::int64_t>::max()
        || result < std::numeric_limits<std::int64_t>::min())
        return fail(call,
            "integer overflow in round(" + std::to_string(n) + ", " + std::to_string(ndigits)
                + ")");
    out = static_cast<std::int64_t>(result);
    return true;
}

// Strips Python's whitespace from both ends of a number's text.
std::string_view stripSpaces(std::string_view text) noexcept
{
    while (!text.empty()) {
        const std::size_t n = spaceAt(text, 0);
        if (n == 0)
            break;
        text.remove_prefix(n);
    }
    while (!text.empty()) {
        const std::size_t n = spaceBefore(text, text.size());
        if (n == 0)
            break;
        text.remove_suffix(n);
    }
    return text;
}

// Appends the digits of `text` from `i` on, allowing single underscores between digits (PEP
// 515); returns the number of digits, or -1 on a misplaced underscore.
int takeDigits(std::string_view text, std::size_t &i, std::string &out)
{
    int digits = 0;
    while (i < text.size()) {
        if (text[i] >= '0' && text[i] <= '9') {
            out += text[i++];
            ++digits;
        } else if (text[i] == '_' && digits > 0 && i + 1 < text.size() && text[i + 1] >= '0'
            && text[i + 1] <= '9') {
            ++i;
        } else {
            break;
        }
    }
    return digits;
}

// Python's int(str): whitespace around, a sign, decimal digits with single underscores.
// Non-ASCII decimal digits (which Python accepts) are not.
bool parseInt(std::string_view original, BuiltinCall &call, std::int64_t &out)
{
    const std::string_view text = stripSpaces(original);
    std::string digits;
    std::size_t i = 0;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
        if (text[i] == '-')
            digits += '-';
        ++i;
    }
    if (takeDigits(text, i, digits) <= 0 || i != text.size())
        return fail(call, "invalid literal for int(): " + repr(Value::borrowedString(original)));
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
    (void)end;
    if (ec == std::errc::result_out_of_range)
        return fail(call, "integer overflow in int(" + repr(Value::borrowedString(original)) + ")");
    return true;
}

bool equalsIgnoringCase(std::string_view a, std::string_view b) noexcept
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
        return (x >= 'A' && x <= 'Z' ? x + 32 : x) == (y >= 'A' && y <= 'Z' ? y + 32 : y);
    });
}

// Python's float(str): whitespace around, a sign, "inf"/"infinity"/"nan" in any case, or a
// decimal number with an optional exponent and PEP 515 underscores. Too large is inf, too
// small 0.0, as in Python.
bool parseFloat(std::string_view original, BuiltinCall &call, double &out)
{
    std::string_view text = stripSpaces(original);
    bool negative = false;
    if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
        negative = text[0] == '-';
        text.remove_prefix(1);
    }
    if (equalsIgnoringCase(text, "inf") || equalsIgnoringCase(text, "infinity")) {
        out = negative ? -HUGE_VAL : HUGE_VAL;
        return true;
    }
    if (equalsIgnoringCase(text, "nan")) {
        out = negative ? -std::nan("") : std::nan("");
        return true;
    }
    std::string number;
    std::size_t i = 0;
    const int intDigits = takeDigits(text, i, number);
    int fractionDigits = 0;
    if (i < text.size() && text[i] == '.') {
        number += '.';
        ++i;
        fractionDigits = takeDigits(text, i, number);
    }
    bool valid = intDigits >= 0 && fractionDigits >= 0 && intDigits + fractionDigits > 0;
    std::int64_t exponent = 0;
    if (valid && i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        std::string exponentText;
        ++i;
        if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
            if (text[i] == '-')
                exponentText += '-';
            ++i;
        }
        valid = takeDigits(text, i, exponentText) > 0;
        number += 'e';
        number += exponentText;
        if (valid) {
            const auto [end, ec] = std::from_chars(
                exponentText.data(), exponentText.data() + exponentText.size(), exponent);
            (void)end;
            if (ec == std::errc::result_out_of_range)
                exponent = exponentText[0] == '-' ? -1'000'000 : 1'000'000;
        }
    }
    if (!valid || i != text.size())
        return fail(
            call, "could not convert string to float: " + repr(Value::borrowedString(original)));
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), out);
    (void)end;
    if (ec == std::errc::result_out_of_range) {
        // Overflow or underflow: the decimal exponent of the first significant digit decides.
        const std::size_t firstNonZero = number.find_first_of("123456789");
        const std::size_t point = std::min(number.find('.'), number.find('e'));
        const std::int64_t magnitude = exponent
            + (firstNonZero < point ? static_cast<std::int64_t>(point - firstNonZero)
                                    : -static_cast<std::int64_t>(firstNonZero - point - 1));
        out = magnitude > 0 ? HUGE_VAL : 0.0;
    }
    if (negative)
        out = -out;
    return true;
}

// --- Collections --------------------------------------------------------------------------

bool extremum(const Value &list, bool wantMax, BuiltinId id, BuiltinCall &call, Value &result)
{
    if (!list.isList())
        return argumentError(call, id, 0, "a list", list);
    const auto items = list.asList();
    if (items.empty())
        return fail(call, std::string(infoOf(id).name) + "() arg is an empty list");
    // Python's max/min: an item replaces the best only when strictly greater (less), so the
    // first of equal items wins and a NaN compares false.
    const ComparisonOperator op = wantMax ? ComparisonOperator::Greater : ComparisonOperator::Less;
    const Value *best = &items[0];
    for (std::size_t i = 1; i < items.size(); ++i) {
        bool better = false;
        if (!comparison(op, items[i], *best, better, call.error))
            return false;
        if (better)
            best = &items[i];
    }
    result = *best;
    return true;
}

bool sum(const Value &list, BuiltinCall &call, Value &result)
{
    if (!list.isList())
        return argumentError(call, BuiltinId::Sum, 0, "a list", list);
    const auto items = list.asList();
    std::int64_t intSum = 0;
    std::size_t i = 0;
    for (; i < items.size() && items[i].isInt(); ++i) {
        if (__builtin_add_overflow(intSum, items[i].asInt(), &intSum))
            return fail(call, "integer overflow in sum()");
    }
    if (i == items.size()) {
        result = Value::integer(intSum);
        return true;
    }
    // From the first float on, Neumaier's compensated summation, as Python 3.12's sum().
    double total = static_cast<double>(intSum);
    double compensation = 0.0;
    for (; i < items.size(); ++i) {
        if (!items[i].isNumber())
            return fail(call,
                "sum() takes a list of numbers, item " + std::to_string(i) + " is "
                    + typeName(items[i]));
        const double x = items[i].asNumber();
        const double t = total + x;
        if (std::fabs(total) >= std::fabs(x))
            compensation += (total - t) + x;
        else
            compensation += (x - t) + total;
        total = t;
    }
    if (compensation != 0.0 && std::isfinite(compensation))
        total += compensation;
    result = Value::number(total);
    return true;
}

bool sizedFirstLast(const Value &x, const Value &fallback, bool first, BuiltinId id,
    BuiltinCall &call, Value &result)
{
    if (x.isList()) {
        const auto items = x.asList();
        result = items.empty() ? fallback : first ? items.front() : items.back();
        return true;
    }
    if (!x.isString())
        return argumentError(call, id, 0, "a list or a string", x);
    const std::string_view text = x.asString();
    if (text.empty()) {
        result = fallback;
        return true;
    }
    if (first) {
        result = x.sharedSubstring(text.substr(0, codePointBytes(text, 0)));
        return true;
    }
    // The last code point: step back over continuation bytes, then check the step decodes.
    std::size_t start = text.size() - 1;
    while (start > 0 && text.size() - start < 4
        && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80)
        --start;
    if (codePointBytes(text, start) != text.size() - start)
        start = text.size() - 1; // an ill-formed tail: its last byte is a code point of its own
    result = x.sharedSubstring(text.substr(start));
    return true;
}

} // namespace

namespace {

// contains_any(s, items, ignore_case, whole_words) and find_any(…): LANGUAGE.md §6.
bool wordListSearch(
    BuiltinId id, std::span<const Value> arguments, BuiltinCall &call, Value &result)
{
    const Value &text = arguments[0];
    const Value &items = arguments[1];
    if (!text.isString())
        return argumentError(call, id, 0, "a string", text);
    if (!items.isList())
        return argumentError(call, id, 1, "a list of strings", items);
    bool flags[2] = {false, false}; // ignore_case, whole_words
    for (std::size_t i = 2; i < 4; ++i) {
        if (i >= arguments.size() || arguments[i].isNull())
            continue;
        if (!arguments[i].isBool())
            return argumentError(call, id, i, "true or false", arguments[i]);
        flags[i - 2] = arguments[i].asBool();
    }
    const WordList *list = call.wordList;
    std::shared_ptr<const WordList> built;
    if (!list || list->ignoreCase() != flags[0]) {
        // A list computed at run time: prepared for this call, searched item by item.
        std::string error;
        built = WordList::build(items.asList(), flags[0], false, error);
        if (!built)
            return fail(call, std::string(infoOf(id).name) + "(): " + error);
        list = built.get();
    }
    WordListHit hit;
    const bool found = list->search(text.asString(), text.isAscii(), flags[1],
        id == BuiltinId::ContainsAny ? WordList::Search::Any : WordList::Search::Leftmost,
        call.scratch.wordListScratch(), hit);
    if (found && call.wordListHit)
        *call.wordListHit = hit;
    if (id == BuiltinId::ContainsAny)
        result = Value::boolean(found);
    else
        result = found ? items.asList()[hit.item] : Value();
    return true;
}

} // namespace

bool callBuiltin(BuiltinId id, std::span<const Value> arguments, BuiltinCall &call, Value &result)
{
    const BuiltinInfo &info = infoOf(id);
    if (arguments.size() < info.minArity() || arguments.size() > info.maxArity()) {
        const std::size_t min = info.minArity();
        const std::size_t max = info.maxArity();
        call.error = std::string(info.name) + "() takes "
            + (min == max ? std::to_string(min)
                          : std::to_string(min) + " to " + std::to_string(max))
            + (max == 1 ? " argument (" : " arguments (") + std::to_string(arguments.size())
            + " given)";
        return false;
    }
    static const Value omitted; // null, for optional parameters the caller left out
    const auto arg = [&arguments](std::size_t i) -> const Value & {
        return i < arguments.size() ? arguments[i] : omitted;
    };
    const Value &x = arg(0);
    const auto needString = [&](std::size_t i) {
        if (arg(i).isString())
            return true;
        argumentError(call, id, i, "a string", arg(i));
        return false;
    };

    switch (id) {
    case BuiltinId::Len:
        if (x.isString())
            result = Value::integer(static_cast<std::int64_t>(x.codePointLength()));
        else if (x.isList())
            result = Value::integer(static_cast<std::int64_t>(x.asList().size()));
        else if (x.isMap())
            result = Value::integer(static_cast<std::int64_t>(x.asMap().size()));
        else
            return argumentError(call, id, 0, "a string, list or map", x);
        return true;

    case BuiltinId::Contains: {
        bool found = false;
        if (x.isString() && !arg(1).isString())
            return argumentError(call, id, 1, "a string when searching a string", arg(1));
        if (!x.isString() && !x.isList() && !x.isMap())
            return argumentError(call, id, 0, "a string, list or map", x);
        if (!comparison(ComparisonOperator::In, arg(1), x, found, call.error))
            return false;
        result = Value::boolean(found);
        return true;
    }

    case BuiltinId::ContainsAny:
    case BuiltinId::FindAny:
        return wordListSearch(id, arguments, call, result);

    case BuiltinId::StartsWith:
    case BuiltinId::EndsWith:
        if (!needString(0) || !needString(1))
            return false;
        result =
            Value::boolean(id == BuiltinId::StartsWith ? x.asString().starts_with(arg(1).asString())
                                                       : x.asString().ends_with(arg(1).asString()));
        return true;

    case BuiltinId::Lower:
    case BuiltinId::Upper:
        if (!needString(0))
            return false;
        return caseBuiltin(x, id == BuiltinId::Upper, call, result);

    case BuiltinId::Trim:
        if (!needString(0))
            return false;
        result = trimmed(x);
        return true;

    case BuiltinId::Replace:
        if (!needString(0) || !needString(1) || !needString(2))
            return false;
        return replaced(x, arg(1).asString(), arg(2).asString(), result, call.error);

    case BuiltinId::Split:
        if (!needString(0))
            return false;
        if (arg(1).isNull()) {
            result = Value::list(splitWhitespace(x));
            return true;
        }
        if (!arg(1).isString())
            return argumentError(call, id, 1, "a string or null", arg(1));
        if (arg(1).asString().empty())
            return fail(call, "split(): empty separator");
        result = Value::list(splitOn(x, arg(1).asString()));
        return true;

    case BuiltinId::Join: {
        if (!x.isList())
            return argumentError(call, id, 0, "a list", x);
        if (!needString(1))
            return false;
        const auto items = x.asList();
        const std::string_view sep = arg(1).asString();
        std::size_t size = 0;
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (!items[i].isString())
                return fail(call,
                    "join(): item " + std::to_string(i) + " is " + typeName(items[i])
                        + ", not a string");
            size += items[i].asString().size() + (i ? sep.size() : 0);
        }
        if (size > limits::kStringBytes)
            return fail(call, "join(): result too large (over 16 MiB)");
        if (items.size() == 1) {
            result = items[0];
            return true;
        }
        std::string out;
        out.reserve(size);
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (i)
                out += sep;
            out += items[i].asString();
        }
        result = Value::string(std::move(out));
        return true;
    }

    case BuiltinId::Count:
        if (x.isString()) {
            if (!arg(1).isString())
                return argumentError(call, id, 1, "a string when counting in a string", arg(1));
            result =
                Value::integer(static_cast<std::int64_t>(countOccurrences(x, arg(1).asString())));
            return true;
        }
        if (!x.isList())
            return argumentError(call, id, 0, "a string or a list", x);
        if (arguments.size() < 2) {
            result = Value::integer(static_cast<std::int64_t>(x.asList().size()));
            return true;
        }
        result = Value::integer(static_cast<std::int64_t>(std::count_if(x.asList().begin(),
            x.asList().end(), [&](const Value &item) { return equals(item, arg(1)); })));
        return true;

    case BuiltinId::WordCount:
        if (!needString(0))
            return false;
        result = Value::integer(static_cast<std::int64_t>(wordCount(x)));
        return true;

    case BuiltinId::Match:
    case BuiltinId::FullMatch:
    case BuiltinId::Extract: {
        if (!needString(0))
            return false;
        const Regex *regex = resolvePattern(call, id, arg(1));
        if (!regex)
            return false;
        std::uint32_t group = 0;
        if (id == BuiltinId::Extract) {
            const Value &g = arg(2);
            if (g.isInt()) {
                if (g.asInt() < 0 || g.asInt() > static_cast<std::int64_t>(regex->groupCount()))
                    return fail(call,
                        "extract(): no group " + std::to_string(g.asInt()) + " (the pattern has "
                            + std::to_string(regex->groupCount()) + ")");
                group = static_cast<std::uint32_t>(g.asInt());
            } else if (g.isString()) {
                const std::optional<std::uint32_t> number = regex->groupNumber(g.asString());
                if (!number)
                    return fail(call, "extract(): no group named " + repr(g));
                group = *number;
            } else if (!g.isNull()) {
                return argumentError(call, id, 2, "an int or a string", g);
            }
        }
        const MatchOutcome outcome = id == BuiltinId::FullMatch
            ? regex->fullMatch(x.asString(), call.scratch, call.error, x.isAscii())
            : regex->search(x.asString(), call.scratch, call.error, 0, false, x.isAscii());
        if (outcome == MatchOutcome::Failed)
            return false;
        const bool matched = outcome == MatchOutcome::Matched;
        if (call.matchGroup)
            *call.matchGroup = matched ? groupText(x, call.scratch, 0) : Value::null();
        if (id == BuiltinId::Extract)
            result = matched ? groupText(x, call.scratch, group) : Value::null();
        else
            result = Value::boolean(matched);
        return true;
    }

    case BuiltinId::FindAll: {
        if (!needString(0))
            return false;
        const Regex *regex = resolvePattern(call, id, arg(1));
        if (!regex)
            return false;
        // Python's re.findall: group 0 without groups, the group with one, a list of all
        // groups (unset ones "") with several.
        const std::uint32_t groups = regex->groupCount();
        std::vector<Value> found;
        const MatchOutcome outcome = regex->forEachMatch(
            x.asString(), call.scratch, call.error,
            [&] {
                if (groups <= 1) {
                    Value text = groupText(x, call.scratch, groups);
                    found.push_back(text.isNull() ? Value::borrowedString({}) : text);
                } else {
                    std::vector<Value> tuple;
                    tuple.reserve(groups);
                    for (std::uint32_t g = 1; g <= groups; ++g) {
                        Value text = groupText(x, call.scratch, g);
                        tuple.push_back(text.isNull() ? Value::borrowedString({}) : text);
                    }
                    found.push_back(Value::list(std::move(tuple)));
                }
                return true;
            },
            x.isAscii());
        if (outcome == MatchOutcome::Failed)
            return false;
        result = Value::list(std::move(found));
        return true;
    }

    case BuiltinId::RegexReplace: {
        if (!needString(0) || !needString(2))
            return false;
        const Regex *regex = resolvePattern(call, id, arg(1));
        if (!regex)
            return false;
        std::string &out = call.scratch.textBuffer();
        if (!regex->substitute(
                x.asString(), arg(2).asString(), call.scratch, out, call.error, x.isAscii()))
            return false;
        result = out == x.asString() ? x : Value::string(out);
        return true;
    }

    case BuiltinId::JsonValid:
        if (x.isList() || x.isMap()) { // already a JSON value
            result = Value::boolean(true);
            return true;
        }
        if (!x.isString())
            return argumentError(call, id, 0, "a string, list or map", x);
        result = Value::boolean(validateJson(x.asString()));
        return true;

    case BuiltinId::JsonParse:
        if (x.isList() || x.isMap()) {
            result = x;
            return true;
        }
        if (!x.isString())
            return argumentError(call, id, 0, "a string, list or map", x);
        if (parseJson(x.asString(), result, call.error))
            return true;
        call.error = "invalid JSON: " + call.error;
        return false;

    case BuiltinId::JsonExtract:
    case BuiltinId::JsonHas: {
        if (!x.isString() && !x.isList() && !x.isMap())
            return argumentError(call, id, 0, "a string, list or map", x);
        if (!needString(1))
            return false;
        std::vector<JsonPathStep> &steps = call.scratch.pathSteps();
        if (!parseJsonPath(arg(1).asString(), steps, call))
            return false;
        const bool has = id == BuiltinId::JsonHas;
        if (!x.isString()) {
            const Value *found = followPath(x, steps);
            result = has ? Value::boolean(found != nullptr) : found ? *found : Value::null();
            return true;
        }
        // Text that is not JSON is an error, as for json_parse (json_valid tells beforehand).
        const JsonLookup lookup =
            findJson(x.asString(), steps, has ? nullptr : &result, call.error);
        if (lookup == JsonLookup::Invalid) {
            call.error = "invalid JSON: " + call.error;
            return false;
        }
        if (has)
            result = Value::boolean(lookup == JsonLookup::Found);
        else if (lookup != JsonLookup::Found)
            result = Value::null();
        return true;
    }

    case BuiltinId::EmailValid:
    case BuiltinId::UrlValid: {
        if (!needString(0))
            return false;
        const Regex *regex =
            id == BuiltinId::EmailValid ? call.scratch.emailRegex() : call.scratch.urlRegex();
        if (!regex)
            return fail(call, "the built-in pattern does not compile (PCRE2 without Unicode)");
        const MatchOutcome outcome =
            regex->search(x.asString(), call.scratch, call.error, 0, false, x.isAscii());
        if (outcome == MatchOutcome::Failed)
            return false;
        result = Value::boolean(outcome == MatchOutcome::Matched);
        return true;
    }

    case BuiltinId::First:
    case BuiltinId::Last:
        return sizedFirstLast(x, arg(1), id == BuiltinId::First, id, call, result);

    case BuiltinId::Min:
    case BuiltinId::Max:
        return extremum(x, id == BuiltinId::Max, id, call, result);

    case BuiltinId::Sum:
        return sum(x, call, result);

    case BuiltinId::Any:
    case BuiltinId::All: {
        if (!x.isList())
            return argumentError(call, id, 0, "a list", x);
        const auto items = x.asList();
        const auto truthy = [](const Value &v) { return v.truthy(); };
        result =
            Value::boolean(id == BuiltinId::Any ? std::any_of(items.begin(), items.end(), truthy)
                                                : std::all_of(items.begin(), items.end(), truthy));
        return true;
    }

    case BuiltinId::Abs:
        if (x.isInt()) {
            if (x.asInt() == std::numeric_limits<std::int64_t>::min())
                return fail(call, "integer overflow in abs(" + repr(x) + ")");
            result = Value::integer(x.asInt() < 0 ? -x.asInt() : x.asInt());
            return true;
        }
        if (x.isFloat()) {
            result = Value::number(std::fabs(x.asFloat()));
            return true;
        }
        return argumentError(call, id, 0, "an int or a float", x);

    case BuiltinId::Round: {
        const Value &ndigits = arg(1);
        if (!x.isNumber())
            return argumentError(call, id, 0, "an int or a float", x);
        if (!ndigits.isNull() && !ndigits.isInt())
            return argumentError(call, id, 1, "an int or null", ndigits);
        if (x.isInt()) {
            std::int64_t out = x.asInt();
            if (!ndigits.isNull() && !roundInt(x.asInt(), ndigits.asInt(), call, out))
                return false;
            result = Value::integer(out);
            return true;
        }
        if (ndigits.isNull()) {
            std::int64_t out = 0;
            if (!floatToInt(roundHalfEven(x.asFloat()), "round", call, out))
                return false;
            result = Value::integer(out);
            return true;
        }
        double out = 0.0;
        if (!roundFloat(x.asFloat(), ndigits.asInt(), call, out))
            return false;
        result = Value::number(out);
        return true;
    }

    case BuiltinId::Int: {
        std::int64_t out = 0;
        if (x.isInt()) {
            result = x;
            return true;
        }
        if (x.isBool())
            out = x.asBool() ? 1 : 0;
        else if (x.isFloat()) {
            if (!floatToInt(std::trunc(x.asFloat()), "int", call, out))
                return false;
        } else if (x.isString()) {
            if (!parseInt(x.asString(), call, out))
                return false;
        } else {
            return argumentError(call, id, 0, "a bool, int, float or string", x);
        }
        result = Value::integer(out);
        return true;
    }

    case BuiltinId::Float: {
        double out = 0.0;
        if (x.isFloat()) {
            result = x;
            return true;
        }
        if (x.isBool())
            out = x.asBool() ? 1.0 : 0.0;
        else if (x.isInt())
            out = static_cast<double>(x.asInt());
        else if (x.isString()) {
            if (!parseFloat(x.asString(), call, out))
                return false;
        } else {
            return argumentError(call, id, 0, "a bool, int, float or string", x);
        }
        result = Value::number(out);
        return true;
    }

    case BuiltinId::Str:
        result = x.isString() ? x : Value::string(str(x));
        return true;

    case BuiltinId::Bool:
        result = Value::boolean(x.truthy());
        return true;

    case BuiltinId::Type:
        result = Value::borrowedString(valueTypeName(x.type()));
        return true;

    case BuiltinId::Exists:
        result = Value::boolean(!x.isNull());
        return true;
    }
    return fail(call, "unknown built-in");
}

} // namespace llmcl::engine
