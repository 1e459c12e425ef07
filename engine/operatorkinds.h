// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string_view>

// The binary operators as syntax: what the parser records in the tree and the compiler carries
// into programs. Their meaning on values is in operators.h; this header stays below the runtime
// so that the syntax tree does not depend on it.

namespace llmcl::engine {

enum class ArithmeticOperator : std::uint8_t
{
    Add,
    Subtract,
    Multiply,
    Divide, // true division: always a float
    Modulo, // Python's: the result takes the divisor's sign
};

enum class ComparisonOperator : std::uint8_t
{
    Equal,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    In,
    NotIn,
};

// "+", "-", "*", "/", "%" and "==", "!=", "<", "<=", ">", ">=", "in", "not in".
constexpr std::string_view operatorSpelling(ArithmeticOperator op) noexcept
{
    switch (op) {
    case ArithmeticOperator::Add:
        return "+";
    case ArithmeticOperator::Subtract:
        return "-";
    case ArithmeticOperator::Multiply:
        return "*";
    case ArithmeticOperator::Divide:
        return "/";
    case ArithmeticOperator::Modulo:
        return "%";
    }
    return "?";
}

constexpr std::string_view operatorSpelling(ComparisonOperator op) noexcept
{
    switch (op) {
    case ComparisonOperator::Equal:
        return "==";
    case ComparisonOperator::NotEqual:
        return "!=";
    case ComparisonOperator::Less:
        return "<";
    case ComparisonOperator::LessEqual:
        return "<=";
    case ComparisonOperator::Greater:
        return ">";
    case ComparisonOperator::GreaterEqual:
        return ">=";
    case ComparisonOperator::In:
        return "in";
    case ComparisonOperator::NotIn:
        return "not in";
    }
    return "?";
}

} // namespace llmcl::engine
