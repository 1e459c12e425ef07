// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/diagnostic.h"
#include "engine/operatorkinds.h"
#include "engine/sourcelocation.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

// The syntax tree of an LLMCL file, as the parser builds it (LANGUAGE.md §1–§4, §7). Every node
// carries its source range. The tree owns its strings (it outlives the source text it came
// from), is immutable once parsed, and may be read from several threads.

namespace llmcl::engine {

enum class ExprKind : std::uint8_t
{
    Null,
    Bool, // boolValue
    Int, // intValue
    Float, // floatValue
    String, // text (decoded)
    List, // children: the items
    Map, // children: key, value, key, value, … (keys are expressions; the checker wants strings)
    Name, // text: the identifier
    Negate, // children[0]
    Not, // children[0]
    Arithmetic, // arithmeticOperator; children[0], children[1]
    Compare, // a chain: children[0] op[0] children[1] op[1] children[2] …
    And, // children: two or more operands (`a and b and c` is one node)
    Or, // children: two or more operands
    Implies, // children[0], children[1]
    If, // children: condition, then, else
    Call, // text: function name (nameRange); children: arguments; argumentNames parallel
    Method, // `x.f(a)`: text: f (nameRange); children[0]: x, then the arguments
    Member, // `x.name`: text: name (nameRange); children[0]: x
    Index, // children[0][children[1]]
    Slice, // children[0][children[1]:children[2]], an omitted bound is nullptr
    // Temporal operators (only inside `temporal` clauses, LANGUAGE.md §7).
    Always, // children[0]
    Eventually, // children[0]
    Next, // children[0]
    Within, // intValue: N; children[0]
    Until, // children[0] until children[1]
    Since, // `since children[0] then children[1]`
};

// "Name", "Compare", …: for AST dumps.
std::string_view exprKindName(ExprKind kind) noexcept;

// Trees are at most ParseOptions::maxNestingDepth levels tall once parsed (the parser refuses
// taller ones), so the recursive walks of later stages are bounded; destroying a tree never
// recurses, whatever its height.
struct Expr
{
    Expr() = default;
    Expr(Expr &&) noexcept = default;
    Expr &operator=(Expr &&) noexcept = default;
    ~Expr();

    ExprKind kind = ExprKind::Null;
    SourceRange range;
    bool boolValue = false;
    std::int64_t intValue = 0;
    double floatValue = 0.0;
    ArithmeticOperator arithmeticOperator = ArithmeticOperator::Add;
    std::string text;
    SourceRange nameRange; // Call, Method, Member: the name's range
    std::vector<ComparisonOperator> comparisonOperators; // Compare: one per link
    std::vector<std::unique_ptr<Expr>> children;
    // Call and Method: one per argument (Method: per argument after the receiver), the keyword
    // of a keyword argument or empty for a positional one.
    std::vector<std::string> argumentNames;
    std::vector<SourceRange> argumentNameRanges;
};
using ExprPtr = std::unique_ptr<Expr>;

enum class ClauseKind : std::uint8_t
{
    Require,
    Ensure,
    EnsureProb,
    Temporal
};

// "require", "ensure", "ensure_prob", "temporal".
std::string_view clauseKindName(ClauseKind kind) noexcept;

// `message: "…"`, `severity: critical`, … after a clause's condition.
struct ClauseOption
{
    std::string name; // as written, lower case expected: message, severity, auto_fix, …
    SourceRange nameRange;
    SourceRange range; // the name to the end of the value
    ExprPtr value; // severity/window_size bare words are Name expressions
};

struct Clause
{
    ClauseKind kind = ClauseKind::Ensure;
    SourceRange range; // keyword to the end of the last option
    SourceRange keywordRange;
    ExprPtr condition; // may be nullptr after a syntax error
    ExprPtr probability; // ensure_prob's p
    std::vector<ClauseOption> options;
    std::uint32_t index = 0; // 1-based among its contract's clauses, in source order
};

// `priority = critical`, `max_input = 4000`, … in a contract header.
struct ContractOption
{
    std::string name; // as written (option names are case-insensitive)
    SourceRange nameRange;
    SourceRange range;
    ExprPtr value;
};

struct Contract
{
    std::string name;
    SourceRange nameRange;
    SourceRange range; // `contract` to the closing brace
    std::vector<ContractOption> options;
    std::string base; // `extends Base`, empty when none
    SourceRange baseRange;
    std::vector<Clause> clauses;
};

// `import safety` or `from safety import NoPII, Polite`.
struct Import
{
    std::string module;
    SourceRange moduleRange;
    SourceRange range;
    bool fromImport = false;
    std::vector<std::string> names; // fromImport only
    std::vector<SourceRange> nameRanges;
};

// One parsed file. `diagnostics` holds the lexer's and the parser's findings.
struct SourceFile
{
    std::string path; // as given; used in diagnostics
    std::vector<Import> imports;
    std::vector<Contract> contracts;
    std::vector<Diagnostic> diagnostics;
};

// A readable, stable dump of the tree for golden tests, one node per line, indented by depth:
//   contract Safety @1:1-5:2
//     option priority @1:17-1:36
//       Name critical @1:28-1:36
// With withRanges false the ranges are left out (to compare trees across layouts).
std::string dumpAst(const SourceFile &file, bool withRanges = true);

} // namespace llmcl::engine
