// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/value.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace llmcl::engine {

class Regex;
class EvalScratch;
class WordList;
struct WordListHit;

// Every built-in function of LANGUAGE.md §6. Aliases (startswith, strip, …) map to the same id.
enum class BuiltinId : std::uint8_t
{
    Len,
    Contains,
    ContainsAny,
    StartsWith,
    EndsWith,
    Lower,
    Upper,
    Trim,
    Replace,
    Split,
    Join,
    Count,
    WordCount,
    Match,
    FullMatch,
    Extract,
    FindAll,
    FindAny,
    RegexReplace,
    JsonValid,
    JsonParse,
    JsonExtract,
    JsonHas,
    EmailValid,
    UrlValid,
    First,
    Last,
    Min,
    Max,
    Sum,
    Any,
    All,
    Abs,
    Round,
    Int,
    Float,
    Str,
    Bool,
    Type,
    Exists,
};

// A bit set of ValueType: which types an argument accepts (for the checker's literal-argument
// type check and for completion signatures).
using TypeMask = std::uint8_t;
constexpr TypeMask typeBit(ValueType type) noexcept
{
    return static_cast<TypeMask>(1u << static_cast<unsigned>(type));
}
inline constexpr TypeMask kAnyType = 0x7f;

struct BuiltinParameter
{
    std::string_view name; // as a keyword argument: `split(s, sep = ",")`
    TypeMask accepts = kAnyType;
    bool optional = false;
};

// The static description of one built-in name (aliases have their own entry with the same id).
struct BuiltinInfo
{
    BuiltinId id;
    std::string_view name; // as written in LLMCL: "starts_with", "startswith"
    std::span<const BuiltinParameter> parameters;
    // The index of the regex pattern parameter (match, full_match, extract, find_all,
    // regex_replace), or -1. A literal pattern is compiled once, at compile time.
    int patternParameter = -1;
    std::string_view signature; // "starts_with(s: string, prefix: string) -> bool"
    std::string_view summary; // one line for completion and hover
    // Whether the result depends only on the arguments (true for all but none today); pure
    // calls on constant arguments are folded by the compiler.
    bool pure = true;

    std::size_t minArity() const noexcept;
    std::size_t maxArity() const noexcept { return parameters.size(); }
};

// All built-ins, sorted by name (aliases included).
std::span<const BuiltinInfo> builtins() noexcept;

// The built-in spelt `name`, or nullptr. Case-sensitive.
const BuiltinInfo *findBuiltin(std::string_view name) noexcept;

// The per-call environment of a built-in.
struct BuiltinCall
{
    EvalScratch &scratch;
    // The compiled literal pattern of a regex built-in, or nullptr when the pattern is not a
    // literal (the built-in then compiles it through scratch's cache).
    const Regex *pattern = nullptr;
    // Set by match, full_match and extract: the text the match covered (group 0), or null
    // when nothing matched. This is what `match_group` reads inside auto_fix.
    Value *matchGroup = nullptr;
    // On failure: why (a run-time clause error), e.g. "len() takes a string, list or map, not
    // int". One line, no trailing period.
    std::string error;
    // The word list of contains_any/find_any prepared by the compiler (a constant list, with
    // the call's constant ignore_case), or nullptr: the built-in prepares the list it is given.
    const WordList *wordList = nullptr;
    // When non-null (tracing), contains_any and find_any set it to the occurrence they found.
    WordListHit *wordListHit = nullptr;
};

// Calls built-in `id` on positional `arguments` (keyword arguments already placed at their
// parameter's position; an omitted optional parameter is passed as null only when the caller
// passes fewer arguments). Returns false with call.error set on a run-time error (type error,
// regex match limit, invalid JSON path, …). Never throws.
bool callBuiltin(BuiltinId id, std::span<const Value> arguments, BuiltinCall &call, Value &result);

} // namespace llmcl::engine
