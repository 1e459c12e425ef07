// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "fuzz/structuredgenerator.h"

#include <algorithm>
#include <array>
#include <string>

#include "fuzz/harness.h"

namespace llmcl::fuzz {

namespace {

// The fuzz bytes, one choice at a time; past the end every choice is 0.
class ByteReader
{
public:
    ByteReader(const std::uint8_t *data, std::size_t size)
        : m_data(data)
        , m_size(size)
    { }

    std::uint8_t byte() noexcept { return m_position < m_size ? m_data[m_position++] : 0; }
    // 0..n-1.
    std::size_t pick(std::size_t n) noexcept { return n == 0 ? 0 : byte() % n; }
    std::size_t u16() noexcept
    {
        const std::size_t high = byte();
        return high << 8 | byte();
    }

private:
    const std::uint8_t *m_data;
    std::size_t m_size;
    std::size_t m_position = 0;
};

// What an expression is written to be, so that most generated files pass the checker and get
// evaluated (about one choice in 48 ignores the type on purpose).
enum class Type : std::uint8_t
{
    Any,
    Bool,
    Number,
    String,
    List,
    NumberList, // a list of numbers (sum, min, max)
    Map,
    Sized, // a string, list or map (len)
    Pattern, // a valid regex literal
};

constexpr Type kConcreteTypes[] = {
    Type::Bool, Type::Number, Type::String, Type::List, Type::Map, Type::Any};

struct Builtin
{
    std::string_view name;
    Type result;
    std::array<Type, 3> parameters;
    int minArguments;
    int maxArguments;
    std::string_view keyword; // the last optional parameter's name, when it has one
};

constexpr Builtin kBuiltins[] = {
    {"abs", Type::Number, {Type::Number}, 1, 1, {}},
    {"all", Type::Bool, {Type::List}, 1, 1, {}},
    {"any", Type::Bool, {Type::List}, 1, 1, {}},
    {"bool", Type::Bool, {Type::Any}, 1, 1, {}},
    {"contains", Type::Bool, {Type::String, Type::String}, 2, 2, {}},
    {"contains_any", Type::Bool, {Type::String, Type::List, Type::Bool}, 2, 3, "ignore_case"},
    {"count", Type::Number, {Type::List, Type::Any}, 1, 2, "item"},
    {"email_valid", Type::Bool, {Type::String}, 1, 1, {}},
    {"ends_with", Type::Bool, {Type::String, Type::String}, 2, 2, {}},
    {"endswith", Type::Bool, {Type::String, Type::String}, 2, 2, {}},
    {"exists", Type::Bool, {Type::Any}, 1, 1, {}},
    {"extract", Type::Any, {Type::String, Type::Pattern, Type::Number}, 2, 3, "group"},
    {"find_all", Type::List, {Type::String, Type::Pattern}, 2, 2, {}},
    {"find_any", Type::Any, {Type::String, Type::List, Type::Bool}, 2, 3, "ignore_case"},
    {"first", Type::Any, {Type::List, Type::Any}, 1, 2, "default"},
    {"float", Type::Number, {Type::Number}, 1, 1, {}},
    {"full_match", Type::Bool, {Type::String, Type::Pattern}, 2, 2, {}},
    {"int", Type::Number, {Type::Number}, 1, 1, {}},
    {"join", Type::String, {Type::List, Type::String}, 2, 2, {}},
    {"json_extract", Type::Any, {Type::String, Type::String}, 2, 2, {}},
    {"json_has", Type::Bool, {Type::String, Type::String}, 2, 2, {}},
    {"json_parse", Type::Any, {Type::String}, 1, 1, {}},
    {"json_valid", Type::Bool, {Type::String}, 1, 1, {}},
    {"last", Type::Any, {Type::List, Type::Any}, 1, 2, "default"},
    {"len", Type::Number, {Type::Sized}, 1, 1, {}},
    {"lower", Type::String, {Type::String}, 1, 1, {}},
    {"match", Type::Bool, {Type::String, Type::Pattern}, 2, 2, {}},
    {"max", Type::Number, {Type::NumberList}, 1, 1, {}},
    {"min", Type::Number, {Type::NumberList}, 1, 1, {}},
    {"regex_replace", Type::String, {Type::String, Type::Pattern, Type::String}, 3, 3, {}},
    {"replace", Type::String, {Type::String, Type::String, Type::String}, 3, 3, {}},
    {"round", Type::Number, {Type::Number, Type::Number}, 1, 2, "ndigits"},
    {"split", Type::List, {Type::String, Type::String}, 1, 2, "sep"},
    {"starts_with", Type::Bool, {Type::String, Type::String}, 2, 2, {}},
    {"startswith", Type::Bool, {Type::String, Type::String}, 2, 2, {}},
    {"str", Type::String, {Type::Any}, 1, 1, {}},
    {"strip", Type::String, {Type::String}, 1, 1, {}},
    {"sum", Type::Number, {Type::NumberList}, 1, 1, {}},
    {"trim", Type::String, {Type::String}, 1, 1, {}},
    {"type", Type::String, {Type::Any}, 1, 1, {}},
    {"upper", Type::String, {Type::String}, 1, 1, {}},
    {"url_valid", Type::Bool, {Type::String}, 1, 1, {}},
    {"word_count", Type::Number, {Type::String}, 1, 1, {}},
};

// "@" in a template stands for the item's index: `contains(response, "w@x")`.
constexpr char kIndex = '@';

constexpr std::size_t kResponseBudget = 1024 * 1024;
// How deep the generator itself recurses; depth in the output comes from repeat counts.
constexpr int kMaxDepth = 4;
// The parser's nesting limit (ParserOptions::maxNestingDepth): nesting counts mostly stay below.
constexpr std::size_t kNestingLimit = 200;

constexpr std::size_t kEdgeCounts[] = {127, 128, 199, 200, 201, 255, 256, 1023, 1024, 4095, 4096,
    32767, 32768, 65535, 65536, 65537, 100000, 131072, 200000};

// Atoms by type.
constexpr std::string_view kBoolAtoms[] = {"true", "false", "contains(response, \"order\")",
    "len(response) > 0", "turn_number == 2", "exists(context.user_type)", "not false"};
constexpr std::string_view kNumberAtoms[] = {"turn_number", "conversation_length", "0", "1", "-1",
    "0.5", "len(response)", "len(content)", "2", "1e3", "100"};
constexpr std::string_view kStringAtoms[] = {"content", "response", "\"\"", "\"a\"", "\"é\"",
    "\"order\"", "\"😀\"", "str(turn_number)", "context.user_type", "context.payload",
    "\"Thank you\"", "'x'", "r\"raw\\d\"", "\"w1x\""};
constexpr std::string_view kListAtoms[] = {"[]", "history", "[1, 2]", "split(response)",
    "[\"a\", \"b\"]", "[[1], [2]]", "find_all(response, \"\\\\d+\")"};
constexpr std::string_view kNumberListAtoms[] = {"[1, 2]", "[0.5, 1]", "[-1]", "[1]"};
constexpr std::string_view kMapAtoms[] = {"{}", "context", "{\"a\": 1}", "history[0]"};
constexpr std::string_view kAnyAtoms[] = {"null", "match_group", "prev_content", "prev_response",
    "context.a", "context.missing", "p0", "blocked", "undefined_name", "history[-1]",
    "json_parse(context.payload)"};
constexpr std::string_view kPatterns[] = {"\"(?i)thank\"", "r\"\\d+\"", "\"(a+)+$\"",
    "r\"\\b(password|secret|token)\\b\"", "\"w\\\\d+x\"", "\"^$\"", "r\"(?s).*\"", "\"é+\"",
    "r\"(\\w+)@(\\w+)\"", "\"[\"", "r\"(?<n>a)\\k<n>\""};
constexpr std::string_view kJsonPaths[] = {
    "\"$.ok\"", "\"$.items[0]\"", "\"$\"", "\"$.a.b[0]\"", "\"$..x\"", "\"$[\""};

constexpr std::string_view kBoolOperators[] = {" and ", " or ", " implies "};
constexpr std::string_view kArithmeticOperators[] = {" + ", " - ", " * ", " / ", " % "};
constexpr std::string_view kComparisons[] = {" < ", " <= ", " > ", " >= ", " == ", " != "};

// Items of wide literals, by the type of the list: "@" is the item's index.
constexpr std::string_view kBoolItems[] = {"contains(response, \"w@x\")", "len(response) > @",
    "turn_number != @", "@ < 0", "match(response, \"w@x\")", "false", "\"w@x\" in response"};
constexpr std::string_view kNumberItems[] = {"@", "-@", "@.5", "@ * 2", "1"};
constexpr std::string_view kStringItems[] = {"\"w@x\"", "\"k@\"", "\"é@\"", "str(@)"};
constexpr std::string_view kOtherItems[] = {"[@]", "{\"k@\": @}", "null", "x@", "[\"w@x\"]"};

constexpr std::string_view kStringSuffixes[] = {
    ".lower()", ".upper()", ".trim()", "[0]", "[-1]", "[1:]", "[:1]", ".strip()", "[0:1]", "[-2:]"};
constexpr std::string_view kAnySuffixes[] = {".a", "[0]", "[-1]", "[\"a\"]", ".b", "[1:]", "(1)",
    "()", ".len()", "[9223372036854775807]", ".lower()", "[0:0]", ".x.y"};

struct Wrap
{
    std::string_view open;
    std::string_view close;
};

constexpr Wrap kBoolWraps[] = {{"not ", ""}, {"(", ")"}, {"bool(", ")"}, {"not (", ")"},
    {"if true then ", " else false"}, {"if false then false else ", ""}, {"all([", "])"},
    {"(true and ", ")"}};
constexpr Wrap kNumberWraps[] = {{"- ", ""}, {"(", ")"}, {"abs(", ")"}, {"1 + (", ")"},
    {"len(str(", "))"}, {"int(", ")"}, {"[", "][0]"}, {"sum([", "])"}};
constexpr Wrap kStringWraps[] = {{"lower(", ")"}, {"(", ")"}, {"upper(", ")"}, {"trim(", ")"},
    {"str(", ")"}, {"\"a\" + (", ")"}, {"replace(", ", \"a\", \"b\")"}, {"[", "][0]"}};
constexpr Wrap kListWraps[] = {{"[", "]"}, {"(", ")"}, {"[1] + (", ")"}, {"[", "][:1]"}};
constexpr Wrap kMapWraps[] = {{"{\"k\": ", "}"}, {"(", ")"}, {"{\"a\": ", "}[\"a\"]"}};

constexpr std::string_view kStringPieces[] = {"a", "é", "😀", "\\n", "\\u00e9", "\\\\", "\\d", " ",
    "\\\"", "ab", "\\u0000", "{", "$1", "\t", "(a+)+", "\\t", "w", "%s"};
constexpr std::string_view kRawPieces[] = {
    "a", "é", "😀", "\\", "\\d+", " ", "(?i)", "(a|b)*", "\\b", "w"};

constexpr std::string_view kNumbers[] = {"0", "1", "-1", "2", "0.1", "1.0", "100", "3.5", "1e3",
    "2147483647", "65536", "10000000000", "1e308", "4.9e-324", "1e-400", ".5", "5.", "007"};
// Numbers at or past the edges, rarely: most of them are errors that stop the file compiling.
constexpr std::string_view kEdgeNumbers[] = {"9223372036854775807", "9223372036854775808",
    "-9223372036854775808", "-9223372036854775809", "18446744073709551616", "1e309", "-1e309",
    "1.7976931348623157e308", "1e", "0x10", "1_000", "4294967296"};

constexpr std::string_view kTemporalPrefixes[] = {"always ", "eventually ", "next ", "not "};

constexpr std::string_view kWindowSizes[] = {"1", "100", "2", "65536", "10000000000",
    "9223372036854775807", "session", "global", "4294967297", "1000000"};
constexpr std::string_view kWithinCounts[] = {
    "1", "2", "5", "100", "65536", "10000000000", "9223372036854775807", "4294967296"};
constexpr std::string_view kProbabilities[] = {"0.5", "0.9", "1", "0", "0.999999999999", "1.0"};

// Response pieces: none ends with "w" or starts with a digit, so the response never holds "w"
// followed by a digit.
constexpr std::string_view kResponsePieces[] = {" order #12345", " é", " 😀", " {\"ok\": true}",
    "\n", " ERROR", " password", " As an AI", " shipped", " \xf0\x9f\x8e\x89", " a"};

template<typename T, std::size_t N>
const T &pickOf(ByteReader &in, const T (&items)[N])
{
    return items[in.pick(N)];
}

std::size_t codePoints(std::string_view text)
{
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(),
        [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

class Generator
{
public:
    Generator(const std::uint8_t *data, std::size_t size, std::size_t budget)
        : m_in(data, size)
        , m_budget(budget)
    { }

    GeneratedCase run();

private:
    std::size_t count();
    std::size_t nestingCount();
    // `item` n times with `separator` between; n shrinks to fit the budget.
    std::string repeat(std::string_view item, std::string_view separator, std::size_t &n);
    // The template n times, kIndex replaced by 0, 1, 2…; n shrinks to fit the budget.
    std::string numbered(std::string_view item, std::string_view separator, std::size_t &n);

    std::string expression(int depth, Type type);
    std::string atom(Type type);
    std::string chain(int depth, Type type);
    std::string nesting(int depth, Type type);
    std::string postfix(int depth, Type type);
    std::string wideList(int depth, Type type);
    std::string wideMap(int depth);
    std::string call(int depth, Type type);
    std::string longString();
    std::string number();
    std::string temporal(int depth);
    std::string literal();
    std::string clause();
    std::string contract(const std::string &name, bool canExtendBase);
    std::string contractsInBulk();
    std::string oracleClause();
    std::string response();

    ByteReader m_in;
    std::size_t m_budget;
    std::size_t m_parameters = 0;
    int m_largeCounts = 1; // counts above 8192 left for this input
};

std::size_t Generator::count()
{
    // Half of the counts are tiny, a quarter small; large ones (which cost seconds per input
    // under the sanitizers) come about once in four inputs, and at most once per input.
    const std::size_t kind = m_in.pick(32);
    if (kind < 16)
        return m_in.pick(4);
    if (kind < 24)
        return 4 + m_in.pick(60);
    if (kind < 28)
        return 64 + m_in.u16() % 448;
    if (kind < 31 || m_largeCounts == 0)
        return 512 + m_in.u16() % 7680;
    --m_largeCounts;
    switch (m_in.pick(4)) {
    case 0:
        return 8192 + m_in.u16() % 57344;
    case 1:
        return 65536 + m_in.u16() * 2; // up to ~196,000
    case 2:
        return kEdgeCounts[m_in.pick(std::size(kEdgeCounts))];
    default:
        return 65528 + m_in.pick(17); // 65528..65544
    }
}

// Nesting past the parser's limit is an error (the file is not evaluated), and nestings add
// up: mostly well below it, sometimes right at it, now and then past it.
std::size_t Generator::nestingCount()
{
    const std::size_t n = count();
    if (n < kNestingLimit / 4)
        return n;
    switch (m_in.pick(8)) {
    case 0:
        return n;
    case 1:
        return kNestingLimit - 1 - n % 8;
    default:
        return n % (kNestingLimit / 8);
    }
}

std::string Generator::repeat(std::string_view item, std::string_view separator, std::size_t &n)
{
    const std::size_t each = std::max<std::size_t>(1, item.size() + separator.size());
    n = std::min(n, m_budget / each);
    m_budget -= n * each;
    std::string out;
    out.reserve(n * each);
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0)
            out += separator;
        out += item;
    }
    return out;
}

std::string Generator::numbered(std::string_view item, std::string_view separator, std::size_t &n)
{
    const std::size_t each = item.size() + separator.size() + 6;
    n = std::min(n, m_budget / each);
    m_budget -= n * each;
    std::string out;
    out.reserve(n * each);
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0)
            out += separator;
        const std::string index = std::to_string(i);
        for (const char c : item) {
            if (c == kIndex)
                out += index;
            else
                out += c;
        }
    }
    return out;
}

std::string Generator::atom(Type type)
{
    switch (type) {
    case Type::Bool:
        return std::string(pickOf(m_in, kBoolAtoms));
    case Type::Number:
        return std::string(pickOf(m_in, kNumberAtoms));
    case Type::String:
        return std::string(pickOf(m_in, kStringAtoms));
    case Type::List:
        return std::string(pickOf(m_in, kListAtoms));
    case Type::NumberList:
        return std::string(pickOf(m_in, kNumberListAtoms));
    case Type::Map:
        return std::string(pickOf(m_in, kMapAtoms));
    case Type::Sized:
        return atom(m_in.pick(2) == 0 ? Type::String : Type::List);
    case Type::Pattern:
        return std::string(pickOf(m_in, kPatterns));
    case Type::Any:
        break;
    }
    if (m_in.pick(3) == 0)
        return std::string(pickOf(m_in, kAnyAtoms));
    const Type concrete = pickOf(m_in, kConcreteTypes);
    return atom(concrete == Type::Any ? Type::Bool : concrete);
}

std::string Generator::expression(int depth, Type type)
{
    if (m_in.pick(48) == 0)
        type = Type::Any; // a type error now and then: the checker's diagnostics get fuzzed too
    if (type == Type::Any && m_in.pick(2) == 0)
        type = pickOf(m_in, kConcreteTypes);
    if (type == Type::Sized)
        type = m_in.pick(3) == 0 ? Type::List : Type::String;
    if (type == Type::Pattern) {
        if (m_in.pick(8) != 0)
            return atom(Type::Pattern);
        std::size_t n = std::max<std::size_t>(1, count());
        return "\"" + repeat(m_in.pick(2) == 0 ? "(a|b)" : "a?", "", n) + "\"";
    }
    if (depth >= kMaxDepth || m_budget < 256)
        return atom(type);
    switch (m_in.pick(10)) {
    case 0:
    case 1:
        return atom(type);
    case 2:
    case 3:
        return chain(depth, type);
    case 4:
        return nesting(depth, type);
    case 5:
        return postfix(depth, type);
    case 6:
        return type == Type::Map ? wideMap(depth) : wideList(depth, type);
    case 7:
        return call(depth, type);
    case 8:
        if (type == Type::String)
            return longString();
        if (type == Type::Number)
            return number();
        [[fallthrough]];
    default:
        return "if " + expression(depth + 1, Type::Bool) + " then " + expression(depth + 1, type)
            + " else " + expression(depth + 1, type);
    }
}

// Left-deep trees as long as the count: `a and a and …`, `1 + 2 + …`, `0 < 1 < 2 < …`.
std::string Generator::chain(int depth, Type type)
{
    std::size_t n = std::max<std::size_t>(1, count());
    const bool numberedItems = m_in.pick(2) == 0;
    switch (type) {
    case Type::Bool:
        if (m_in.pick(3) == 0) { // a comparison chain (Python's chaining)
            const std::string_view op = pickOf(m_in, kComparisons);
            if (numberedItems)
                return numbered("@", op, n);
            const std::string operand = expression(depth + 1, Type::Number);
            return repeat(operand, op, n);
        } else {
            const std::string_view op = pickOf(m_in, kBoolOperators);
            if (numberedItems)
                return numbered(pickOf(m_in, kBoolItems), op, n);
            const std::string operand = expression(depth + 1, Type::Bool);
            return repeat(operand, op, n);
        }
    case Type::Number: {
        const std::string_view op = pickOf(m_in, kArithmeticOperators);
        if (numberedItems)
            return numbered(pickOf(m_in, kNumberItems), op, n);
        const std::string operand = expression(depth + 1, Type::Number);
        return repeat(operand, op, n);
    }
    case Type::String: {
        if (numberedItems)
            return numbered(pickOf(m_in, kStringItems), " + ", n);
        const std::string operand = expression(depth + 1, Type::String);
        return repeat(operand, " + ", n);
    }
    case Type::List:
    case Type::NumberList: {
        const std::string operand = "[" + expression(depth + 1, Type::Number) + "]";
        return repeat(operand, " + ", n);
    }
    default: {
        // Anything compared: `x == x == …`, `x in x in …`, `x != y`.
        constexpr std::string_view operators[] = {
            " == ", " != ", " in ", " not in ", " and ", " or ", " + "};
        const std::string operand = expression(depth + 1, Type::Any);
        return repeat(operand, pickOf(m_in, operators), n);
    }
    }
}

// `((((x))))`, `not not … x`, `- - x`, `[[[x]]]`, `lower(lower(…))`, `if … else if …`.
std::string Generator::nesting(int depth, Type type)
{
    Wrap wrap {"(", ")"};
    switch (type) {
    case Type::Bool:
        wrap = pickOf(m_in, kBoolWraps);
        break;
    case Type::Number:
        wrap = pickOf(m_in, kNumberWraps);
        break;
    case Type::String:
        wrap = pickOf(m_in, kStringWraps);
        break;
    case Type::List:
        wrap = pickOf(m_in, kListWraps);
        break;
    case Type::Map:
        wrap = pickOf(m_in, kMapWraps);
        break;
    default:
        break;
    }
    std::size_t n = nestingCount();
    const std::string open = repeat(wrap.open, "", n);
    const std::string close = repeat(wrap.close, "", n);
    return open + expression(depth + 1, type) + close;
}

// `context.a.a…`, `response[0][0]…`, `s.lower().lower()…`, `x()()…`.
std::string Generator::postfix(int depth, Type type)
{
    std::string pattern;
    if (type == Type::String) {
        for (std::size_t i = 0, parts = 1 + m_in.pick(3); i < parts; ++i)
            pattern += pickOf(m_in, kStringSuffixes);
        std::size_t n = count();
        const std::string base = expression(depth + 1, Type::String);
        return "(" + base + ")" + repeat(pattern, "", n);
    }
    for (std::size_t i = 0, parts = 1 + m_in.pick(2); i < parts; ++i)
        pattern += pickOf(m_in, kAnySuffixes);
    std::size_t n = count();
    constexpr std::string_view bases[] = {"context", "context.a", "history", "response", "[1, 2]",
        "{\"a\": {\"a\": 1}}", "json_parse(context.payload)"};
    const std::string suffixes = repeat(pattern, "", n);
    const std::string out = std::string(pickOf(m_in, bases)) + suffixes;
    // A postfix chain has any type: in a typed place, compare it.
    return type == Type::Any || type == Type::Bool ? out : atom(type);
}

// Lists of many items: `[x, x, …]`, `["w0x", "w1x", …]`, and built-ins over them.
std::string Generator::wideList(int depth, Type type)
{
    std::size_t n = count();
    auto items = [&](Type itemType) {
        if (m_in.pick(2) == 0) {
            const std::string item = expression(depth + 1, itemType);
            return "[" + repeat(item, ", ", n) + "]";
        }
        std::string_view item;
        switch (itemType) {
        case Type::Bool:
            item = pickOf(m_in, kBoolItems);
            break;
        case Type::Number:
            item = pickOf(m_in, kNumberItems);
            break;
        case Type::String:
            item = pickOf(m_in, kStringItems);
            break;
        default:
            item = pickOf(m_in, kOtherItems);
            break;
        }
        return "[" + numbered(item, ", ", n) + "]";
    };
    switch (type) {
    case Type::Bool: {
        constexpr std::string_view functions[] = {"any(", "all(", "bool(", "not any("};
        return std::string(pickOf(m_in, functions)) + items(Type::Bool) + ")";
    }
    case Type::Number: {
        constexpr std::string_view functions[] = {"sum(", "max(", "min(", "len(", "count("};
        return std::string(pickOf(m_in, functions)) + items(Type::Number) + ")";
    }
    case Type::String: {
        if (m_in.pick(2) == 0)
            return "join(" + items(Type::String) + ", \", \")";
        return "str(" + items(Type::Any) + ")";
    }
    case Type::NumberList:
        return items(Type::Number);
    default:
        return items(pickOf(m_in, kConcreteTypes));
    }
}

// Maps of many keys: `{"k0": 0, …}`, one key repeated, maps as values.
std::string Generator::wideMap(int depth)
{
    std::size_t n = count();
    if (m_in.pick(2) == 0)
        return "{" + numbered("\"k@\": @", ", ", n) + "}";
    const std::string item = "\"k\": " + expression(depth + 1, Type::Any);
    return "{" + repeat(item, ", ", n) + "}";
}

// A built-in returning `type` (or any), with arguments of its parameter types; some by keyword,
// some as a method call.
std::string Generator::call(int depth, Type type)
{
    const Builtin *builtin = &pickOf(m_in, kBuiltins);
    for (int tries = 0; tries < 8 && type != Type::Any && builtin->result != type; ++tries)
        builtin = &pickOf(m_in, kBuiltins);
    const int span = builtin->maxArguments - builtin->minArguments + 1;
    const int count = builtin->minArguments + static_cast<int>(m_in.pick(std::size_t(span)));
    std::string arguments;
    for (int i = 0; i < count; ++i) {
        if (i > 0)
            arguments += ", ";
        if (i == builtin->maxArguments - 1 && i >= builtin->minArguments
            && !builtin->keyword.empty() && m_in.pick(2) == 0) {
            arguments += builtin->keyword;
            arguments += " = ";
        }
        const Type parameter = builtin->parameters[std::size_t(i)];
        if (builtin->name.starts_with("json_") && i == 1)
            arguments += pickOf(m_in, kJsonPaths);
        else
            arguments += expression(depth + 1, parameter);
    }
    std::string out;
    if (count > 0 && m_in.pick(4) == 0) { // x.f(rest)
        const std::size_t comma = arguments.find(", ");
        // The first argument may hold commas itself: only a simple one moves in front.
        if (comma == std::string::npos || arguments.find_first_of("(,[{\"'") == comma)
            out = "(" + arguments.substr(0, comma) + ")." + std::string(builtin->name) + "("
                + (comma == std::string::npos ? std::string() : arguments.substr(comma + 2)) + ")";
    }
    if (out.empty())
        out = std::string(builtin->name) + "(" + arguments + ")";
    if (type != Type::Any && builtin->result != type && builtin->result != Type::Any)
        return atom(type); // no built-in of that type was found
    return out;
}

std::string Generator::longString()
{
    std::size_t n = count();
    switch (m_in.pick(3)) {
    case 0:
        return "\"" + repeat(pickOf(m_in, kStringPieces), "", n) + "\"";
    case 1: {
        std::string_view piece = pickOf(m_in, kStringPieces);
        if (piece == "\\\"")
            piece = "\\'";
        return "'" + repeat(piece, "", n) + "'";
    }
    default:
        return "r\"" + repeat(pickOf(m_in, kRawPieces), "", n) + "\"";
    }
}

std::string Generator::number()
{
    switch (m_in.pick(8)) {
    case 0:
        return std::string(pickOf(m_in, kEdgeNumbers));
    case 1: {
        std::size_t n = count();
        return "1" + repeat("0", "", n);
    }
    case 2: {
        std::size_t n = count();
        return "0." + repeat("0", "", n) + "1";
    }
    default:
        return std::string(pickOf(m_in, kNumbers));
    }
}

std::string Generator::temporal(int depth)
{
    if (depth >= kMaxDepth)
        return expression(kMaxDepth, Type::Bool);
    switch (m_in.pick(8)) {
    case 0:
        return expression(depth + 1, Type::Bool);
    case 1: {
        std::size_t n = nestingCount();
        return repeat(pickOf(m_in, kTemporalPrefixes), "", n) + temporal(depth + 1);
    }
    case 2:
        return "within " + std::string(pickOf(m_in, kWithinCounts)) + " " + temporal(depth + 1);
    case 3: {
        std::size_t n = std::max<std::size_t>(1, count());
        const std::string operand = "(" + expression(depth + 1, Type::Bool) + ")";
        return repeat(operand, " until ", n);
    }
    case 4:
        return "since " + expression(depth + 1, Type::Bool) + " then " + temporal(depth + 1);
    case 5: {
        std::size_t n = std::max<std::size_t>(1, count());
        const std::string operand = "(" + temporal(depth + 1) + ")";
        constexpr std::string_view operators[] = {" and ", " or ", " implies "};
        return repeat(operand, pickOf(m_in, operators), n);
    }
    case 6:
        return "always (" + expression(depth + 1, Type::Bool) + " implies within "
            + std::string(pickOf(m_in, kWithinCounts)) + " " + expression(depth + 1, Type::Bool)
            + ")";
    default: {
        std::size_t n = nestingCount();
        const std::string open = repeat("(", "", n);
        const std::string close = repeat(")", "", n);
        return open + temporal(depth + 1) + close;
    }
    }
}

// A literal for a contract parameter: numbers, long strings, wide lists (blocklists), maps.
std::string Generator::literal()
{
    std::size_t n = 0;
    switch (m_in.pick(6)) {
    case 0:
        return number();
    case 1:
        return longString();
    case 2:
        n = count();
        return "[" + numbered("\"w@x\"", ", ", n) + "]";
    case 3:
        n = count();
        return "{" + numbered("\"k@\": @", ", ", n) + "}";
    case 4:
        n = nestingCount();
        return repeat("[", "", n) + "1" + std::string(n, ']');
    default: {
        constexpr std::string_view literals[] = {
            "true", "false", "null", "\"text\"", "1", "0.5", "[]", "{}", "[1, \"a\", null]"};
        return std::string(pickOf(m_in, literals));
    }
    }
}

std::string Generator::clause()
{
    std::string out = "    ";
    const std::size_t kind = m_in.pick(4);
    switch (kind) {
    case 0:
        out += "require " + expression(0, Type::Bool);
        break;
    case 1:
        out += "ensure " + expression(0, Type::Bool);
        break;
    case 2:
        out += "ensure_prob " + expression(0, Type::Bool) + ", "
            + std::string(pickOf(m_in, kProbabilities));
        break;
    default:
        out += "temporal " + temporal(0);
        break;
    }
    // ensure_prob mostly with a window (its size is allocated up front).
    if (kind == 2 && m_in.pick(2) == 0)
        out += " window_size: " + std::string(pickOf(m_in, kWindowSizes));
    // Mostly a few options; sometimes one option repeated many times.
    std::size_t options = m_in.pick(4);
    if (options == 3 && m_in.pick(4) == 0)
        options = std::min<std::size_t>(count(), m_budget / 32);
    for (std::size_t i = 0; i < options; ++i) {
        out += "\n        ";
        std::size_t option = m_in.pick(6);
        // What the clause kind does not take is an error: now and then only.
        if ((kind == 2 && (option == 2 || option == 3)) || (kind != 2 && option == 5))
            option = m_in.pick(16) == 0 ? option : 0;
        switch (option) {
        case 0:
            out += "message: " + (m_in.pick(2) == 0 ? std::string("\"m\"") : longString());
            break;
        case 1: {
            constexpr std::string_view severities[] = {
                "critical", "error", "warning", "info", "\"error\"", "WARNING"};
            out += "severity: " + std::string(pickOf(m_in, severities));
            break;
        }
        case 2:
            out += "auto_fix: " + expression(1, Type::String);
            break;
        case 3: {
            constexpr std::string_view confidences[] = {"0.5", "1", "0.9", "0", "0.25"};
            out += "confidence: "
                + (m_in.pick(16) == 0 ? expression(2, Type::Number)
                                      : std::string(pickOf(m_in, confidences)));
            break;
        }
        case 4: {
            std::size_t n = count();
            out += "tags: [" + numbered("\"t@\"", ", ", n) + "]";
            break;
        }
        default:
            out += "window_size: " + std::string(pickOf(m_in, kWindowSizes));
            break;
        }
    }
    return out + "\n";
}

std::string Generator::contract(const std::string &name, bool canExtendBase)
{
    // The clauses first: the first bytes of the input choose the first clause's condition.
    std::string body = " {\n";
    for (std::size_t i = 0, clauses = 1 + m_in.pick(4); i < clauses; ++i)
        body += clause();
    body += "}\n";
    std::string out = "contract " + name;
    if (const std::size_t options = m_in.pick(5); options > 0) {
        out += "(";
        for (std::size_t i = 0; i < options; ++i) {
            if (i > 0)
                out += ", ";
            switch (m_in.pick(6)) {
            case 0: {
                constexpr std::string_view priorities[] = {"critical", "high", "medium", "low"};
                out += "priority = " + std::string(pickOf(m_in, priorities));
                break;
            }
            case 1: {
                constexpr std::string_view resolutions[] = {"first_wins", "last_wins",
                    "most_restrictive", "least_restrictive", "merge", "fail_on_conflict"};
                out += "conflict_resolution = " + std::string(pickOf(m_in, resolutions));
                break;
            }
            case 2: {
                constexpr std::string_view strategies[] = {"first_fix", "all_fixes", "best_fix"};
                out += "fix_strategy = " + std::string(pickOf(m_in, strategies));
                break;
            }
            case 3:
                out += "description = " + longString();
                break;
            case 4:
                out += "blocked = " + literal();
                break;
            default:
                out += "p" + std::to_string(m_parameters++) + " = " + literal();
                break;
            }
        }
        out += ")";
    }
    if (canExtendBase && m_in.pick(3) == 0)
        out += " extends Base";
    return out + body;
}

// Many contracts: a long `extends` chain, or many small contracts side by side.
std::string Generator::contractsInBulk()
{
    std::size_t n = std::min<std::size_t>(count(), 50000);
    if (m_in.pick(2) == 0)
        return numbered("contract Wide@ { ensure len(response) > @ }\n", "", n);
    std::string out = "contract Chain0 { ensure len(response) > 0 }\n";
    n = std::min(n, m_budget / 48);
    m_budget -= n * 48;
    for (std::size_t i = 1; i <= n; ++i)
        out += "contract Chain" + std::to_string(i) + " extends Chain" + std::to_string(i - 1)
            + " { }\n";
    return out;
}

// A clause that holds on the sample turn (fixes off) however large its count. A quarter of them
// get a count at an edge (65,536 and its neighbours, …): what a 16-bit counter would cut.
std::string Generator::oracleClause()
{
    std::size_t n = count();
    if (m_in.pick(4) == 0)
        n = m_in.pick(2) == 0 ? kEdgeCounts[m_in.pick(std::size(kEdgeCounts))]
                              : 65528 + m_in.pick(17);
    std::string condition;
    switch (m_in.pick(21)) {
    case 20: // a comparison chain is one node with all its operands
        n = std::max<std::size_t>(n, 1);
        return "not (" + numbered("@", " < ", n) + " < -1)";
    case 0:
        condition = "len([" + repeat("1", ", ", n) + "]) == ";
        return condition + std::to_string(n);
    case 1:
        condition = "any([" + repeat("false", ", ", n);
        return condition + (n > 0 ? ", true])" : "true])");
    case 2:
        return "not any([" + numbered("contains(response, \"w@x\")", ", ", n) + "])";
    case 3:
        condition = "any([" + numbered("contains(response, \"w@x\")", ", ", n);
        return condition + (n > 0 ? ", " : "") + "contains(response, \"Thank\")])";
    case 4:
        n = std::max<std::size_t>(n, 1);
        return repeat("true", " and ", n);
    case 5:
        condition = repeat("false", " or ", n);
        return condition + (n > 0 ? " or true" : "true");
    case 6:
        n = std::max<std::size_t>(n, 1);
        condition = repeat("1", " + ", n);
        return condition + " == " + std::to_string(n);
    case 7:
        n = nestingCount() / 2;
        return repeat("not not ", "", n) + "true";
    case 8: {
        n = nestingCount();
        const std::string open = repeat("(", "", n);
        return open + "1" + std::string(n, ')') + " == 1";
    }
    case 9: {
        std::size_t depth = kContextDepth;
        return "context" + repeat(m_in.pick(2) == 0 ? ".a" : "[\"a\"]", "", depth) + " == \"leaf\"";
    }
    case 10: {
        const std::string_view piece = m_in.pick(2) == 0 ? "a" : "é";
        condition = "len(\"" + repeat(piece, "", n) + "\") == ";
        return condition + std::to_string(n);
    }
    case 11:
        n = std::max<std::size_t>(n, 1);
        condition = "[" + numbered("@", ", ", n) + "][-1] == ";
        return condition + std::to_string(n - 1);
    case 12:
        n = std::max<std::size_t>(n, 1);
        condition = "{" + numbered("\"k@\": @", ", ", n) + "}[\"k";
        return condition + std::to_string(n - 1) + "\"] == " + std::to_string(n - 1);
    case 13:
        condition = "sum([" + repeat("1", ", ", n) + "]) == ";
        return condition + std::to_string(n);
    case 14:
        n = std::max<std::size_t>(n, 1);
        condition = "max([" + numbered("@", ", ", n) + "]) == ";
        return condition + std::to_string(n - 1);
    case 15:
        n = nestingCount();
        condition = repeat("if false then false else ", "", n);
        return condition + "true";
    case 16:
        n = nestingCount() / 2;
        return repeat("- - ", "", n) + "1 == 1";
    case 17:
        n = std::max<std::size_t>(n, 1);
        condition = "len(str([" + repeat("1", ", ", n) + "])) == ";
        return condition + std::to_string(3 * n);
    case 18:
        n = std::max<std::size_t>(n, 1);
        condition = "len(split(\"" + repeat("a", ",", n) + "\", \",\")) == ";
        return condition + std::to_string(n);
    default:
        return "not (\"w1x\" in [" + numbered("\"v@\"", ", ", n) + "])";
    }
}

std::string Generator::response()
{
    std::string out = "Thank you";
    std::size_t n = m_in.pick(4) == 0 ? count() : m_in.pick(8);
    for (std::size_t i = 0; i < n && out.size() < kResponseBudget; ++i)
        out += pickOf(m_in, kResponsePieces);
    return out;
}

GeneratedCase Generator::run()
{
    GeneratedCase result;
    std::string &out = result.source;
    // Mostly the library: `extends Base` needs it.
    const std::size_t import = m_in.pick(4);
    if (import == 1)
        out += "from lib import Base\n";
    else if (import > 1)
        out += "import lib\n";
    for (std::size_t i = 0, count = 1 + m_in.pick(3); i < count; ++i)
        out += contract("Fuzz" + std::to_string(i), import > 0);
    if (m_in.pick(8) == 0)
        out += contractsInBulk();
    if (const std::size_t oracles = m_in.pick(4); oracles > 0) {
        out += "contract " + std::string(kOracleContract) + " {\n";
        for (std::size_t i = 0; i < oracles; ++i)
            out += "    ensure " + oracleClause() + "\n";
        out += "}\n";
    }
    result.response = response();
    // The length of the whole response, in code points: one more oracle.
    if (out.find(kOracleContract) != std::string::npos && m_in.pick(2) == 0) {
        out.insert(out.size() - 2,
            "    ensure len(response) == " + std::to_string(codePoints(result.response)) + "\n");
    }
    return result;
}

} // namespace

GeneratedCase generateCase(const std::uint8_t *data, std::size_t size, std::size_t budget)
{
    return Generator(data, size, budget).run();
}

} // namespace llmcl::fuzz
