// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/builtins.h"
#include "engine/operators.h"
#include "engine/regex.h"
#include "engine/sourcelocation.h"
#include "engine/strategies.h"
#include "engine/temporalmonitor.h"
#include "engine/turnresult.h"
#include "engine/value.h"
#include "engine/wordlist.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

// The compiled form of a contract set: what the compiler builds and the evaluator runs. Engine
// internal; the public face is CompiledSet.

namespace llmcl::engine::detail {

inline constexpr std::uint32_t kNoNode = 0xffffffffu;

// The variables of a turn, in the evaluator's slot array (LANGUAGE.md §5).
enum class Slot : std::uint8_t
{
    Content,
    Response,
    Context,
    TurnNumber,
    ConversationLength,
    PreviousContent,
    PreviousResponse,
    History,
    MatchGroup,
    Count
};

enum class Op : std::uint8_t
{
    Constant, // constants[extra]
    Variable, // slots[sub]
    ContextName, // an identifier read from the context: names[extra]; missing → error
    Negate,
    Not,
    Arithmetic, // sub: ArithmeticOperator
    Compare, // operands: count values; comparisons[extra .. extra+count-1)
    And,
    Or,
    Implies,
    If,
    Call, // sub: BuiltinId; operands: arguments; extra: regex (or, for contains_any and
          // find_any, word list) index + 1, or 0
    Member, // names[extra]
    Index,
    Slice, // operands: object, lower, upper (kNoNode when omitted)
    List,
    Map, // operands: key, value, key, value, …
    Unsupported, // a temporal operator evaluated as a plain expression (an error verdict)
};

// One node, children by index into Program::operands. The operand count is 32 bits: a list
// literal of a million items is one node (16 bits once cut such lists silently).
struct Node
{
    Op op = Op::Constant;
    std::uint8_t sub = 0;
    std::uint32_t count = 0; // number of operands
    std::uint32_t first = 0; // index of the first operand in Program::operands
    std::uint32_t extra = 0;
    std::uint32_t explanation = kNoNode; // index into Program::explanations, when traced
};

struct Program
{
    std::vector<Node> nodes;
    std::vector<std::uint32_t> operands;
    std::vector<SourceRange> ranges; // per node
    std::vector<Value> constants;
    std::vector<std::string> names;
    std::vector<ComparisonOperator> comparisons;
    std::vector<std::shared_ptr<const Regex>> regexes; // literal patterns, shared across clauses
    std::vector<std::shared_ptr<const WordList>> wordLists; // constant lists, shared likewise
    std::vector<std::string> explanations; // the text of each explained node

    std::uint32_t operand(const Node &node, std::size_t i) const noexcept
    {
        return operands[node.first + i];
    }
};

struct CompiledClause
{
    std::string id; // "<Contract>#<n>" of the contract that declares it
    std::string contract; // the active contract it runs for
    std::string file;
    ClauseKind kind = ClauseKind::Ensure;
    ClauseSeverity severity = ClauseSeverity::Error;
    SourceRange range;
    // The six members above, as the verdicts of every turn share them: made once the set is
    // compiled (compileContractSet), never changed after.
    std::shared_ptr<const ClauseRecord> record;
    std::string message; // explicit or generated
    std::string autoFixText;
    std::vector<std::string> tags;
    std::int64_t windowSize = 100;
    Program program;
    std::uint32_t condition = kNoNode; // kNoNode: not evaluable in this issue (temporal)
    std::uint32_t autoFix = kNoNode;
    std::uint32_t confidence = kNoNode;
    std::uint32_t probability = kNoNode;
    std::uint32_t contractIndex = 0;
    // For the validation cache: a hash of what decides the verdict (kind, condition,
    // parameters, message) and the slots the condition reads (bit i: Slot i).
    std::uint64_t fingerprint = 0;
    std::uint32_t inputs = 0;
    // Lost a static conflict (LANGUAGE.md §11): not evaluated, reported `suppressed` with why.
    bool suppressed = false;
    std::string suppressionReason;
    // temporal: the formula over atoms, each atom a node of `program`, printed for traces.
    std::shared_ptr<const TemporalFormula> temporal;
    std::vector<std::uint32_t> atoms;
    std::vector<std::string> atomTexts;
};

struct CompiledContract
{
    std::string name;
    std::string file;
    int priority = 50;
    std::string priorityName = "medium";
    FixStrategy fixStrategy = FixStrategy::FirstFix;
    ConflictResolution resolution = ConflictResolution::FailOnConflict;
    std::string description;
    std::vector<std::uint32_t> clauses; // indices into CompiledSetData::clauses, in order
};

// The verdict of a clause before any phase ran it (`skipped`), holding `record`: the clause's
// record, or an evaluator's handle on it (Evaluator::m_records).
ClauseVerdict unevaluatedVerdict(const std::shared_ptr<const ClauseRecord> &record);

} // namespace llmcl::engine::detail

namespace llmcl::engine::detail {

struct CompiledSetData
{
    std::vector<CompiledContract> contracts; // evaluation order
    std::vector<CompiledClause> clauses; // evaluation order
    // Interned literal text: constants borrow from these, so copying a literal string during
    // evaluation costs no reference count.
    std::vector<std::unique_ptr<std::string>> strings;
    // The static conflicts of the set and how they were resolved (copied into every result).
    std::vector<ConflictRecord> conflicts;
    // Whether any clause reads `history` (building it costs a copy per turn).
    bool usesHistory = false;
};

} // namespace llmcl::engine::detail
