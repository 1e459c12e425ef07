// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/machine.h"

#include "engine/evalscratch.h"
#include "engine/regex.h"
#include "engine/utf8.h"
#include "engine/wordlist.h"

#include <array>
#include <cstdint>
#include <exception>
#include <new>

namespace llmcl::engine::detail {

Value detached(const Value &value)
{
    switch (value.type()) {
    case ValueType::String:
        return value.ownsText() ? value : Value::string(std::string(value.asString()));
    case ValueType::List: {
        std::vector<Value> items;
        items.reserve(value.asList().size());
        for (const Value &item : value.asList())
            items.push_back(detached(item));
        return Value::list(std::move(items));
    }
    case ValueType::Map: {
        std::vector<MapEntry> entries;
        entries.reserve(value.asMap().size());
        for (const MapEntry &entry : value.asMap())
            entries.emplace_back(entry.first, detached(entry.second));
        return Value::map(std::move(entries));
    }
    default:
        return value;
    }
}

Value explained(const Value &value)
{
    if (value.isString()) {
        const std::string_view text = value.asString();
        if (text.size() > kExplainedTextLength) {
            // Cut at a code point boundary and say that it was cut.
            std::size_t cut = kExplainedTextLength;
            while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
                --cut;
            return Value::string(std::string(text.substr(0, cut)) + "\u2026");
        }
    }
    return detached(value);
}

// Where contains_any/find_any found its item, or what match/full_match matched, for the
// explanation: {"item": the item (word lists only), "at": the code-point offset in the text
// (0-based, as LLMCL indexes strings), "text": the occurrence as it is written there}.
Value hitValue(std::string_view text, std::size_t begin, std::size_t end, const Value *item)
{
    std::vector<MapEntry> entries;
    if (item)
        entries.emplace_back("item", explained(*item));
    entries.emplace_back("at",
        Value::integer(static_cast<std::int64_t>(utf8::codePointCount(text.substr(0, begin)))));
    entries.emplace_back(
        "text", explained(Value::string(std::string(text.substr(begin, end - begin)))));
    return Value::map(std::move(entries));
}

bool Machine::fail(const Program &program, std::uint32_t node, std::string message)
{
    m_error = std::move(message);
    m_errorRange = program.ranges[node];
    m_errorNode = node;
    return false;
}

bool Machine::eval(const Program &program, std::uint32_t node, Value &out)
{
    m_error.clear();
    m_scratch.resetRegexBudget();
    // Evaluation never throws (LANGUAGE.md §9): every size a contract can make grow is checked
    // before allocating (limits.h), so what could still arrive here is the machine itself
    // running out of memory. It becomes the clause's error, with the clause's range.
    try {
        return evalNode(program, node, out);
    } catch (const std::bad_alloc &) {
        return fail(program, node, "out of memory while evaluating this clause");
    } catch (const std::exception &e) {
        return fail(program, node, std::string("internal error while evaluating: ") + e.what());
    }
}

bool Machine::evalNode(const Program &program, std::uint32_t index, Value &out)
{
    const Node &node = program.nodes[index];
    bool ok = true;
    switch (node.op) {
    case Op::Constant:
        out = program.constants[node.extra];
        break;
    case Op::Variable:
        out = slots[node.sub];
        break;
    case Op::ContextName: {
        const std::string &name = program.names[node.extra];
        const Value *v = slots[static_cast<std::size_t>(Slot::Context)].find(name);
        if (!v)
            return fail(program, index,
                "name '" + name
                    + "' is not defined: it is no variable or parameter, and the "
                      "context has no such key");
        out = *v;
        break;
    }
    case Op::Negate: {
        Value operand;
        if (!evalNode(program, program.operand(node, 0), operand))
            return false;
        std::string error;
        if (!negate(operand, out, error))
            return fail(program, index, std::move(error));
        break;
    }
    case Op::Not: {
        Value operand;
        if (!evalNode(program, program.operand(node, 0), operand))
            return false;
        out = Value::boolean(!operand.truthy());
        break;
    }
    case Op::Arithmetic: {
        Value a, b;
        if (!evalNode(program, program.operand(node, 0), a)
            || !evalNode(program, program.operand(node, 1), b))
            return false;
        std::string error;
        if (!arithmetic(static_cast<ArithmeticOperator>(node.sub), a, b, out, error))
            return fail(program, index, std::move(error));
        break;
    }
    case Op::Compare: {
        Value left, right;
        if (!evalNode(program, program.operand(node, 0), left))
            return false;
        bool result = true;
        for (std::size_t i = 1; i < node.count; ++i) {
            if (!evalNode(program, program.operand(node, i), right))
                return false;
            std::string error;
            if (!comparison(program.comparisons[node.extra + i - 1], left, right, result, error))
                return fail(program, index, std::move(error));
            if (!result)
                break; // Python chains short-circuit: 0 < x < 10 stops at the first false
            left = std::move(right);
        }
        out = Value::boolean(result);
        break;
    }
    case Op::And:
    case Op::Or: {
        // n operands, left to right, stopping at the first that decides.
        const bool decisive = node.op == Op::Or;
        bool result = !decisive;
        for (std::size_t i = 0; i < node.count; ++i) {
            Value operand;
            if (!evalNode(program, program.operand(node, i), operand))
                return false;
            if (operand.truthy() == decisive) {
                result = decisive;
                break;
            }
        }
        out = Value::boolean(result);
        break;
    }
    case Op::Implies: {
        Value a;
        if (!evalNode(program, program.operand(node, 0), a))
            return false;
        const bool first = a.truthy();
        if (!first) {
            out = Value::boolean(true);
            break;
        }
        Value b;
        if (!evalNode(program, program.operand(node, 1), b))
            return false;
        out = Value::boolean(b.truthy());
        break;
    }
    case Op::If: {
        Value condition;
        if (!evalNode(program, program.operand(node, 0), condition))
            return false;
        if (!evalNode(program, program.operand(node, condition.truthy() ? 1 : 2), out))
            return false;
        break;
    }
    case Op::Call: {
        // Built-ins take at most a handful of arguments: a fixed array keeps this off the heap.
        std::array<Value, 4> arguments;
        const std::size_t n = node.count;
        if (n > arguments.size())
            return fail(program, index, "too many arguments");
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint32_t child = program.operand(node, i);
            if (child == kNoNode)
                continue; // an omitted optional parameter before a given one: null
            if (!evalNode(program, child, arguments[i]))
                return false;
        }
        const auto builtin = static_cast<BuiltinId>(node.sub);
        const bool wordList = builtin == BuiltinId::ContainsAny || builtin == BuiltinId::FindAny;
        const bool traced = trace && node.explanation != kNoNode;
        WordListHit hit;
        hit.end = SIZE_MAX; // not found
        BuiltinCall call {.scratch = m_scratch,
            .pattern = node.extra && !wordList ? program.regexes[node.extra - 1].get() : nullptr,
            .matchGroup = &slots[static_cast<std::size_t>(Slot::MatchGroup)],
            .error = {},
            .wordList = node.extra && wordList ? program.wordLists[node.extra - 1].get() : nullptr,
            .wordListHit = wordList && traced ? &hit : nullptr};
        if (!callBuiltin(builtin, std::span<const Value>(arguments.data(), n), call, out))
            return fail(program, index, std::move(call.error));
        if (hit.end != SIZE_MAX) {
            // The call's own line first, then where the item was found (explain() below).
            trace->push_back({program.explanations[node.explanation], explained(out)});
            trace->push_back({program.explanations[node.explanation] + " found",
                hitValue(arguments[0].asString(), hit.begin, hit.end,
                    &arguments[1].asList()[hit.item])});
            return true;
        }
        if (traced) {
            // The call's own line, then what a match matched (the pattern alone rarely says why
            // a clause failed), then the engine when it was not PCRE2, the usual one.
            std::optional<RegexSpan> found;
            if ((builtin == BuiltinId::Match || builtin == BuiltinId::FullMatch) && out.isBool()
                && out.asBool() && arguments[0].isString())
                if (const std::optional<RegexSpan> span = Regex::group(m_scratch, 0);
                    span && span->end <= arguments[0].asString().size())
                    found = span;
            const bool otherEngine = call.pattern && call.pattern->engineName() != "pcre2";
            if (found || otherEngine) {
                trace->push_back({program.explanations[node.explanation], explained(out)});
                if (found)
                    trace->push_back({program.explanations[node.explanation] + " found",
                        hitValue(arguments[0].asString(), found->begin, found->end, nullptr)});
                if (otherEngine)
                    trace->push_back({program.explanations[node.explanation] + " engine",
                        Value::borrowedString(call.pattern->engineName())});
                return true;
            }
        }
        break;
    }
    case Op::Member: {
        Value object;
        if (!evalNode(program, program.operand(node, 0), object))
            return false;
        std::string error;
        if (!member(object, program.names[node.extra], out, error))
            return fail(program, index, std::move(error));
        break;
    }
    case Op::Index: {
        Value object, key;
        if (!evalNode(program, program.operand(node, 0), object)
            || !evalNode(program, program.operand(node, 1), key))
            return false;
        std::string error;
        if (!engine::index(object, key, out, error))
            return fail(program, index, std::move(error));
        break;
    }
    case Op::Slice: {
        Value object, lower, upper;
        if (!evalNode(program, program.operand(node, 0), object))
            return false;
        const std::uint32_t lo = program.operand(node, 1), hi = program.operand(node, 2);
        if ((lo != kNoNode && !evalNode(program, lo, lower))
            || (hi != kNoNode && !evalNode(program, hi, upper)))
            return false;
        std::string error;
        if (!slice(object, lower, upper, out, error))
            return fail(program, index, std::move(error));
        break;
    }
    case Op::List: {
        std::vector<Value> items(node.count);
        for (std::size_t i = 0; i < node.count; ++i)
            if (!evalNode(program, program.operand(node, i), items[i]))
                return false;
        out = Value::list(std::move(items));
        break;
    }
    case Op::Map: {
        std::vector<MapEntry> entries;
        entries.reserve(node.count / 2);
        for (std::size_t i = 0; i + 1 < node.count; i += 2) {
            Value key, value;
            if (!evalNode(program, program.operand(node, i), key)
                || !evalNode(program, program.operand(node, i + 1), value))
                return false;
            if (!key.isString())
                return fail(program, program.operand(node, i),
                    "map keys must be strings, not " + std::string(valueTypeName(key.type())));
            entries.emplace_back(std::string(key.asString()), std::move(value));
        }
        out = Value::mapLastWins(std::move(entries));
        break;
    }
    case Op::Unsupported:
        return fail(program, index, "temporal operators are only evaluated in temporal clauses");
    }
    if (ok && trace && node.explanation != kNoNode)
        trace->push_back({program.explanations[node.explanation], explained(out)});
    return ok;
}

} // namespace llmcl::engine::detail
