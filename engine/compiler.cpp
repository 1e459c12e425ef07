// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/compiler.h"

#include "engine/checker.h"
#include "engine/conflicts.h"
#include "engine/evalscratch.h"
#include "engine/exprprinter.h"
#include "engine/machine.h"
#include "engine/validationcache.h"
#include "engine/wordlist.h"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace llmcl::engine::detail {

namespace {

// A hash of an expression's structure and values (not of its layout or source ranges): what
// the cache fingerprint needs, without printing the expression.
std::uint64_t hashExpr(const Expr &e, std::uint64_t h)
{
    h = hashCombine(h, static_cast<std::uint64_t>(e.kind) + 1);
    switch (e.kind) {
    case ExprKind::Bool:
        h = hashCombine(h, e.boolValue ? 1 : 0);
        break;
    case ExprKind::Int:
    case ExprKind::Within:
        h = hashCombine(h, static_cast<std::uint64_t>(e.intValue));
        break;
    case ExprKind::Float:
        h = hashValue(Value::number(e.floatValue), h);
        break;
    case ExprKind::Arithmetic:
        h = hashCombine(h, static_cast<std::uint64_t>(e.arithmeticOperator));
        break;
    case ExprKind::Compare:
        for (ComparisonOperator op : e.comparisonOperators)
            h = hashCombine(h, static_cast<std::uint64_t>(op));
        break;
    default:
        break;
    }
    if (!e.text.empty())
        h = hashBytes(e.text, h);
    for (const std::string &name : e.argumentNames)
        h = hashBytes(name, h);
    for (const ExprPtr &child : e.children)
        h = child ? hashExpr(*child, h) : hashCombine(h, 0x5bd1e995u);
    return h;
}

// How long a string literal may be before explanations elide its middle: a pattern of that
// length still reads at a glance beside the text it matched.
constexpr std::size_t kExplainedLiteralLength = 40;

// How much of a condition a generated message or an explanation prints: a generated
// 50,000-term condition would otherwise put a megabyte into every verdict.
constexpr std::size_t kPrintedExpressionBytes = 1000;

std::string elided(std::string text)
{
    if (text.size() <= kPrintedExpressionBytes)
        return text;
    std::size_t cut = kPrintedExpressionBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    text.resize(cut);
    text += "\u2026";
    return text;
}

// An explained sub-expression as the trace shows it: long literals elided in the middle, so
// that a pattern shows beside the text it matched.
std::string explanationText(const Expr &e)
{
    return elided(printExpression(e, kExplainedLiteralLength, LiteralElision::Middle));
}

std::optional<Slot> slotOf(std::string_view name) noexcept
{
    if (name == "content")
        return Slot::Content;
    if (name == "response")
        return Slot::Response;
    if (name == "context")
        return Slot::Context;
    if (name == "turn_number")
        return Slot::TurnNumber;
    if (name == "conversation_length")
        return Slot::ConversationLength;
    if (name == "prev_content")
        return Slot::PreviousContent;
    if (name == "prev_response")
        return Slot::PreviousResponse;
    if (name == "history")
        return Slot::History;
    if (name == "match_group")
        return Slot::MatchGroup;
    return std::nullopt;
}

class Compiler
{
public:
    Compiler(CompiledSetData &set, EvalScratch &scratch)
        : m_set(set)
        , m_machine(scratch)
    { }

    void compileClause(CompiledClause &clause, const Clause &source,
        const std::map<std::string, Value, std::less<>> &parameters)
    {
        m_program = &clause.program;
        m_parameters = &parameters;
        const ClauseSettings settings = readClauseSettings(source, clause.file, nullptr);
        clause.severity = settings.severity;
        clause.tags = settings.tags;
        clause.windowSize = settings.windowSize;
        if (source.condition) {
            if (settings.message)
                clause.message = *settings.message;
            else
                clause.message = "expected " + elided(printExpression(*source.condition));
        }
        if (source.kind != ClauseKind::Temporal) {
            if (source.condition) {
                clause.condition = compile(*source.condition);
                explain(*source.condition, clause.condition);
                clause.inputs = inputsOf(clause.condition);
                std::uint64_t h = hashBytes(clauseKindName(source.kind));
                h = hashExpr(*source.condition, h);
                h = hashBytes(clause.message, h);
                for (const auto &[name, value] : parameters)
                    h = hashValue(value, hashBytes(name, h));
                clause.fingerprint = h;
            }
        }
        if (source.kind == ClauseKind::Temporal && source.condition) {
            m_clause = &clause;
            clause.temporal = std::make_shared<const TemporalFormula>(translate(*source.condition));
            m_clause = nullptr;
        }
        if (source.probability)
            clause.probability = compile(*source.probability);
        if (settings.autoFix) {
            clause.autoFix = compile(*settings.autoFix);
            clause.autoFixText = printExpression(*settings.autoFix);
        }
        if (settings.confidence)
            clause.confidence = compile(*settings.confidence);
    }

    bool usesHistory() const noexcept { return m_usesHistory; }

    // The slots a program reads from `root` (bit i: Slot i; the context for context names).
    std::uint32_t inputsOf(std::uint32_t root) const
    {
        std::uint32_t inputs = 0;
        std::vector<std::uint32_t> stack {root};
        while (!stack.empty()) {
            const std::uint32_t n = stack.back();
            stack.pop_back();
            if (n == kNoNode)
                continue;
            const Node &node = m_program->nodes[n];
            if (node.op == Op::Variable)
                inputs |= 1u << node.sub;
            else if (node.op == Op::ContextName)
                inputs |= 1u << static_cast<unsigned>(Slot::Context);
            for (std::size_t i = 0; i < node.count; ++i)
                stack.push_back(m_program->operand(node, i));
        }
        return inputs;
    }

private:
    // --- temporal formulas ------------------------------------------------------------------

    static bool isTemporal(ExprKind kind) noexcept
    {
        return kind == ExprKind::Always || kind == ExprKind::Eventually || kind == ExprKind::Next
            || kind == ExprKind::Within || kind == ExprKind::Until || kind == ExprKind::Since;
    }

    static bool containsTemporal(const Expr &e) noexcept
    {
        if (isTemporal(e.kind))
            return true;
        for (const ExprPtr &child : e.children)
            if (child && containsTemporal(*child))
                return true;
        return false;
    }

    // The maximal non-temporal sub-expressions become atoms, compiled like any condition; the
    // temporal structure above them becomes the monitor's formula.
    TemporalFormula translate(const Expr &e)
    {
        using Kind = TemporalFormula::Kind;
        const auto child = [&](std::size_t i) { return translate(*e.children[i]); };
        if (!containsTemporal(e)) {
            const auto index = static_cast<std::uint32_t>(m_clause->atoms.size());
            m_clause->atoms.push_back(compile(e));
            m_clause->atomTexts.push_back(explanationText(e));
            return TemporalFormula::makeAtom(index);
        }
        switch (e.kind) {
        case ExprKind::Not:
            return TemporalFormula::make(Kind::Not, {child(0)});
        case ExprKind::And:
        case ExprKind::Or:
            return balanced(
                e.kind == ExprKind::And ? Kind::And : Kind::Or, e, 0, e.children.size());
        case ExprKind::Implies:
            return TemporalFormula::make(Kind::Implies, {child(0), child(1)});
        case ExprKind::Always:
            return TemporalFormula::make(Kind::Always, {child(0)});
        case ExprKind::Eventually:
            return TemporalFormula::make(Kind::Eventually, {child(0)});
        case ExprKind::Next:
            return TemporalFormula::make(Kind::Next, {child(0)});
        case ExprKind::Within:
            return TemporalFormula::makeWithin(e.intValue, child(0));
        case ExprKind::Until:
            return TemporalFormula::make(Kind::Until, {child(0), child(1)});
        case ExprKind::Since:
            return TemporalFormula::make(Kind::Since, {child(0), child(1)});
        case ExprKind::If: {
            // if C then A else B  ≡  (C and A) or (not C and B)
            TemporalFormula condition = child(0);
            TemporalFormula negated = TemporalFormula::make(Kind::Not, {condition});
            return TemporalFormula::make(Kind::Or,
                {TemporalFormula::make(Kind::And, {std::move(condition), child(1)}),
                    TemporalFormula::make(Kind::And, {std::move(negated), child(2)})});
        }
        default: {
            // A temporal operator inside a call, comparison…: no formula can express it; the
            // atom fails at run time with an error verdict.
            const auto index = static_cast<std::uint32_t>(m_clause->atoms.size());
            m_clause->atoms.push_back(compile(e));
            m_clause->atomTexts.push_back(explanationText(e));
            return TemporalFormula::makeAtom(index);
        }
        }
    }

    // Children [from, to) of an `and`/`or` chain as a balanced tree of binary formulas: the
    // monitor's recursion grows with the logarithm of the chain's length, not the length.
    TemporalFormula balanced(
        TemporalFormula::Kind kind, const Expr &e, std::size_t from, std::size_t to)
    {
        if (to - from == 1)
            return translate(*e.children[from]);
        const std::size_t middle = from + (to - from) / 2;
        return TemporalFormula::make(
            kind, {balanced(kind, e, from, middle), balanced(kind, e, middle, to)});
    }

    // --- building nodes ---------------------------------------------------------------------

    std::uint32_t add(Node node, const SourceRange &range)
    {
        m_program->nodes.push_back(node);
        m_program->ranges.push_back(range);
        return static_cast<std::uint32_t>(m_program->nodes.size() - 1);
    }

    std::uint32_t constant(Value value, const SourceRange &range)
    {
        // Intern strings in the set so that the constant is a borrowed string (no reference
        // counting when it is copied during evaluation).
        if (value.isString() && value.ownsText()) {
            auto it = m_interned.find(std::string(value.asString()));
            if (it == m_interned.end()) {
                m_set.strings.push_back(std::make_unique<std::string>(value.asString()));
                it = m_interned.emplace(*m_set.strings.back(), m_set.strings.back().get()).first;
            }
            value = Value::borrowedString(*it->second);
        }
        m_program->constants.push_back(std::move(value));
        Node node;
        node.op = Op::Constant;
        node.extra = static_cast<std::uint32_t>(m_program->constants.size() - 1);
        return add(node, range);
    }

    bool isConstant(std::uint32_t node) const noexcept
    {
        return node == kNoNode || m_program->nodes[node].op == Op::Constant;
    }

    std::uint32_t withOperands(
        Node node, const std::vector<std::uint32_t> &operands, const SourceRange &range)
    {
        node.first = static_cast<std::uint32_t>(m_program->operands.size());
        node.count = static_cast<std::uint32_t>(operands.size());
        m_program->operands.insert(m_program->operands.end(), operands.begin(), operands.end());
        return add(node, range);
    }

    // Replaces a node whose operands are all constants by its value, when evaluating it
    // succeeds (a failing constant expression stays, so that it fails at run time as an
    // error verdict with its range).
    std::uint32_t folded(std::uint32_t node, const std::vector<std::uint32_t> &operands)
    {
        if (!std::all_of(
                operands.begin(), operands.end(), [&](std::uint32_t o) { return isConstant(o); }))
            return node;
        Value value;
        if (!m_machine.eval(*m_program, node, value))
            return node;
        return constant(detached(value), m_program->ranges[node]);
    }

    std::uint32_t nameIndex(std::string_view text)
    {
        for (std::size_t i = 0; i < m_program->names.size(); ++i)
            if (m_program->names[i] == text)
                return static_cast<std::uint32_t>(i);
        m_program->names.emplace_back(text);
        return static_cast<std::uint32_t>(m_program->names.size() - 1);
    }

    // --- expressions ------------------------------------------------------------------------

    std::uint32_t compile(const Expr &e)
    {
        if (auto value = constantValue(e);
            value && e.kind != ExprKind::List && e.kind != ExprKind::Map)
            return constant(std::move(*value), e.range);
        Node node;
        switch (e.kind) {
        case ExprKind::Name: {
            if (auto slot = slotOf(e.text)) {
                m_usesHistory = m_usesHistory || *slot == Slot::History;
                node.op = Op::Variable;
                node.sub = static_cast<std::uint8_t>(*slot);
                return add(node, e.range);
            }
            if (auto it = m_parameters->find(e.text); it != m_parameters->end())
                return constant(it->second, e.range);
            node.op = Op::ContextName;
            node.extra = nameIndex(e.text);
            return add(node, e.range);
        }
        case ExprKind::List:
        case ExprKind::Map: {
            node.op = e.kind == ExprKind::List ? Op::List : Op::Map;
            const auto operands = compileChildren(e, 0);
            return folded(withOperands(node, operands, e.range), operands);
        }
        case ExprKind::Negate:
        case ExprKind::Not:
        case ExprKind::And:
        case ExprKind::Or:
        case ExprKind::Implies:
        case ExprKind::If: {
            node.op = e.kind == ExprKind::Negate ? Op::Negate
                : e.kind == ExprKind::Not        ? Op::Not
                : e.kind == ExprKind::And        ? Op::And
                : e.kind == ExprKind::Or         ? Op::Or
                : e.kind == ExprKind::If         ? Op::If
                                                 : Op::Implies;
            const auto operands = compileChildren(e, 0);
            return folded(withOperands(node, operands, e.range), operands);
        }
        case ExprKind::Arithmetic: {
            node.op = Op::Arithmetic;
            node.sub = static_cast<std::uint8_t>(e.arithmeticOperator);
            const auto operands = compileChildren(e, 0);
            return folded(withOperands(node, operands, e.range), operands);
        }
        case ExprKind::Compare: {
            node.op = Op::Compare;
            node.extra = static_cast<std::uint32_t>(m_program->comparisons.size());
            m_program->comparisons.insert(m_program->comparisons.end(),
                e.comparisonOperators.begin(), e.comparisonOperators.end());
            const auto operands = compileChildren(e, 0);
            return folded(withOperands(node, operands, e.range), operands);
        }
        case ExprKind::Call:
        case ExprKind::Method:
            return compileCall(e);
        case ExprKind::Member: {
            node.op = Op::Member;
            node.extra = nameIndex(e.text);
            const auto operands = compileChildren(e, 0);
            return folded(withOperands(node, operands, e.range), operands);
        }
        case ExprKind::Index: {
            node.op = Op::Index;
            const auto operands = compileChildren(e, 0);
            return folded(withOperands(node, operands, e.range), operands);
        }
        case ExprKind::Slice: {
            node.op = Op::Slice;
            const auto operands = compileChildren(e, 0);
            return folded(withOperands(node, operands, e.range), operands);
        }
        default:
            node.op = Op::Unsupported;
            return add(node, e.range);
        }
    }

    std::vector<std::uint32_t> compileChildren(const Expr &e, std::size_t from)
    {
        std::vector<std::uint32_t> operands;
        for (std::size_t i = from; i < e.children.size(); ++i)
            operands.push_back(e.children[i] ? compile(*e.children[i]) : kNoNode);
        return operands;
    }

    std::uint32_t compileCall(const Expr &e)
    {
        const BuiltinInfo *info = findBuiltin(e.text);
        Node node;
        if (!info) { // the checker reported it; keep the program well-formed
            node.op = Op::Unsupported;
            return add(node, e.range);
        }
        node.op = Op::Call;
        node.sub = static_cast<std::uint8_t>(info->id);
        const std::size_t receiver = e.kind == ExprKind::Method ? 1 : 0;
        std::vector<const Expr *> placed(info->parameters.size(), nullptr);
        std::size_t positional = 0;
        if (receiver && !placed.empty())
            placed[positional++] = e.children[0].get();
        for (std::size_t a = 0; a + receiver < e.children.size(); ++a) {
            const Expr *argument = e.children[a + receiver].get();
            const std::string keyword =
                a < e.argumentNames.size() ? e.argumentNames[a] : std::string();
            std::size_t index = positional;
            if (!keyword.empty()) {
                for (std::size_t p = 0; p < info->parameters.size(); ++p)
                    if (info->parameters[p].name == keyword)
                        index = p;
            } else {
                ++positional;
            }
            if (index < placed.size())
                placed[index] = argument;
        }
        std::size_t count = placed.size();
        while (count > 0 && !placed[count - 1])
            --count;
        std::vector<std::uint32_t> operands;
        for (std::size_t i = 0; i < count; ++i)
            operands.push_back(placed[i] ? compile(*placed[i]) : kNoNode);
        if (info->patternParameter >= 0
            && static_cast<std::size_t>(info->patternParameter) < count) {
            const Expr *pattern = placed[static_cast<std::size_t>(info->patternParameter)];
            if (pattern && pattern->kind == ExprKind::String) {
                // One compiled (and JIT-compiled) regex per distinct pattern and use in the set.
                const RegexUse use =
                    info->id == BuiltinId::FullMatch ? RegexUse::Both : RegexUse::Search;
                std::string key = std::string(use == RegexUse::Both ? "B" : "S") + pattern->text;
                auto it = m_regexes.find(key);
                if (it == m_regexes.end()) {
                    RegexError error;
                    std::shared_ptr<const Regex> regex = Regex::compile(pattern->text, &error, use);
                    it = m_regexes.emplace(std::move(key), std::move(regex)).first;
                }
                if (it->second) {
                    m_program->regexes.push_back(it->second);
                    node.extra = static_cast<std::uint32_t>(m_program->regexes.size());
                }
            }
        }
        if (info->id == BuiltinId::ContainsAny || info->id == BuiltinId::FindAny)
            node.extra = wordListOf(operands);
        const std::uint32_t call = withOperands(node, operands, e.range);
        // Regex built-ins set match_group: never fold them away.
        if (info->pure && info->patternParameter < 0)
            return folded(call, operands);
        return call;
    }

    // contains_any/find_any with a constant list and a constant (or no) ignore_case: the list
    // prepared once per compiled set (a base contract's list parameter is shared by every
    // contract that extends it), as program.wordLists index + 1; 0 otherwise (the built-in
    // prepares what it is given at run time).
    std::uint32_t wordListOf(const std::vector<std::uint32_t> &operands)
    {
        if (operands.size() < 2 || operands[1] == kNoNode || !isConstant(operands[1]))
            return 0;
        const Value &items = m_program->constants[m_program->nodes[operands[1]].extra];
        bool ignoreCase = false;
        if (operands.size() > 2 && operands[2] != kNoNode) {
            if (!isConstant(operands[2]))
                return 0;
            const Value &flag = m_program->constants[m_program->nodes[operands[2]].extra];
            if (!flag.isBool() && !flag.isNull())
                return 0; // a run-time error
            ignoreCase = flag.isBool() && flag.asBool();
        }
        if (!items.isList())
            return 0;
        std::string key(ignoreCase ? "i" : "c");
        for (const Value &item : items.asList()) {
            if (!item.isString())
                return 0; // a run-time error
            const std::string_view text = item.asString();
            key += std::to_string(text.size());
            key += ':';
            key += text;
        }
        auto it = m_wordLists.find(key);
        if (it == m_wordLists.end()) {
            std::string error;
            it = m_wordLists
                     .emplace(
                         std::move(key), WordList::build(items.asList(), ignoreCase, true, error))
                     .first;
        }
        if (!it->second)
            return 0;
        m_program->wordLists.push_back(it->second);
        return static_cast<std::uint32_t>(m_program->wordLists.size());
    }

    // Marks the clause's top-level sub-expressions for explanations: the condition itself and
    // its operands (through a leading `not`), constants left out.
    void explain(const Expr &condition, std::uint32_t root)
    {
        mark(condition, root);
        const Expr *e = &condition;
        std::uint32_t node = root;
        if (e->kind == ExprKind::Not && m_program->nodes[node].op == Op::Not && !e->children.empty()
            && e->children[0]) {
            node = m_program->operand(m_program->nodes[node], 0);
            e = e->children[0].get();
            mark(*e, node);
        }
        const Node &n = m_program->nodes[node];
        if (n.op == Op::Constant || n.op == Op::Variable || n.op == Op::ContextName)
            return;
        // Operands map one to one onto the expression's children except for calls (arguments
        // are reordered by keyword) — there, match by source range (a handful of arguments;
        // pairing by position keeps a 50,000-term `and` linear).
        if (n.op != Op::Call && n.count == e->children.size()) {
            for (std::size_t i = 0; i < n.count; ++i) {
                const std::uint32_t operand = m_program->operand(n, i);
                if (operand != kNoNode && e->children[i])
                    mark(*e->children[i], operand);
            }
            return;
        }
        for (std::size_t i = 0; i < n.count; ++i) {
            const std::uint32_t operand = m_program->operand(n, i);
            if (operand == kNoNode)
                continue;
            const SourceRange &range = m_program->ranges[operand];
            for (const ExprPtr &child : e->children)
                if (child && child->range == range) {
                    mark(*child, operand);
                    break;
                }
        }
    }

    void mark(const Expr &e, std::uint32_t node)
    {
        Node &n = m_program->nodes[node];
        // Constants and bare variables explain nothing the trace does not already show (and
        // copying a 2 KB response into every explanation would double the cost of tracing).
        if (n.op == Op::Constant || n.op == Op::Variable || n.op == Op::ContextName
            || n.explanation != kNoNode)
            return;
        m_program->explanations.push_back(explanationText(e));
        n.explanation = static_cast<std::uint32_t>(m_program->explanations.size() - 1);
    }

    CompiledSetData &m_set;
    Machine m_machine;
    Program *m_program = nullptr;
    const std::map<std::string, Value, std::less<>> *m_parameters = nullptr;
    std::unordered_map<std::string, const std::string *> m_interned;
    std::unordered_map<std::string, std::shared_ptr<const Regex>> m_regexes;
    std::unordered_map<std::string, std::shared_ptr<const WordList>> m_wordLists;
    CompiledClause *m_clause = nullptr; // the temporal clause being translated
    bool m_usesHistory = false;
};

} // namespace

std::unique_ptr<CompiledSetData> compileContractSet(const std::vector<ActiveContract> &active,
    EvalScratch &scratch, std::vector<Diagnostic> &diagnostics)
{
    auto set = std::make_unique<CompiledSetData>();
    Compiler compiler(*set, scratch);

    struct Prepared
    {
        const ActiveContract *active;
        ContractSettings settings;
    };
    std::vector<Prepared> prepared;
    for (const ActiveContract &a : active)
        prepared.push_back({&a, readContractSettings(*a.self.contract, *a.self.file, nullptr)});
    std::stable_sort(prepared.begin(), prepared.end(), [](const Prepared &x, const Prepared &y) {
        return x.settings.priority > y.settings.priority;
    });

    // For the conflict analysis: each compiled clause's source and its contract's parameters.
    std::vector<const Clause *> sources;
    std::vector<std::unique_ptr<std::map<std::string, Value, std::less<>>>> parameterSets;
    std::vector<std::size_t> loadOrder;
    for (const Prepared &p : prepared) {
        CompiledContract contract;
        contract.name = p.active->self.contract->name;
        contract.file = *p.active->self.file;
        contract.priority = p.settings.priority;
        contract.priorityName = p.settings.priorityName;
        contract.fixStrategy = p.settings.fixStrategy;
        contract.resolution = p.settings.resolution;
        contract.description = p.settings.description;

        // Parameters: the root-most base first, each level overriding the one above.
        std::map<std::string, Value, std::less<>> parameters;
        std::vector<ContractUnit> units = p.active->bases;
        units.push_back(p.active->self);
        for (const ContractUnit &unit : units) {
            const ContractSettings s = readContractSettings(*unit.contract, *unit.file, nullptr);
            for (const ContractOption *option : s.parameters)
                if (option->value)
                    if (auto v = constantValue(*option->value))
                        parameters[option->name] = std::move(*v);
        }

        const auto contractIndex = static_cast<std::uint32_t>(set->contracts.size());
        for (const ContractUnit &unit : units) {
            for (const Clause &source : unit.contract->clauses) {
                CompiledClause clause;
                clause.id = unit.contract->name + '#' + std::to_string(source.index);
                clause.contract = contract.name;
                clause.file = *unit.file;
                clause.kind = source.kind;
                clause.range = source.range;
                clause.contractIndex = contractIndex;
                compiler.compileClause(clause, source, parameters);
                contract.clauses.push_back(static_cast<std::uint32_t>(set->clauses.size()));
                set->clauses.push_back(std::move(clause));
                sources.push_back(&source);
            }
        }
        parameterSets.push_back(
            std::make_unique<std::map<std::string, Value, std::less<>>>(std::move(parameters)));
        loadOrder.push_back(static_cast<std::size_t>(p.active - active.data()));
        set->contracts.push_back(std::move(contract));
    }

    std::vector<ConflictClause> inputs;
    inputs.reserve(set->clauses.size());
    for (std::size_t i = 0; i < set->clauses.size(); ++i) {
        const CompiledClause &clause = set->clauses[i];
        const CompiledContract &contract = set->contracts[clause.contractIndex];
        ConflictClause input;
        input.id = clause.id;
        input.contract = contract.name;
        input.contractOrder = loadOrder[clause.contractIndex];
        input.priority = contract.priority;
        input.resolution = contract.resolution;
        input.kind = clause.kind;
        input.condition = sources[i]->condition.get();
        input.file = clause.file;
        input.range = clause.range;
        input.parameters = parameterSets[clause.contractIndex].get();
        inputs.push_back(std::move(input));
    }
    ConflictAnalysis conflicts = analyseConflicts(inputs);
    for (std::size_t i = 0; i < set->clauses.size(); ++i) {
        if (!conflicts.isSuppressed(i))
            continue;
        set->clauses[i].suppressed = true;
        set->clauses[i].suppressionReason = conflicts.suppressionReason[i];
    }
    set->conflicts = std::move(conflicts.records);
    diagnostics.insert(diagnostics.end(), std::make_move_iterator(conflicts.diagnostics.begin()),
        std::make_move_iterator(conflicts.diagnostics.end()));
    set->usesHistory = compiler.usesHistory();
    for (CompiledClause &clause : set->clauses)
        clause.record = std::make_shared<const ClauseRecord>(ClauseRecord {
            clause.id, clause.contract, clause.kind, clause.severity, clause.file, clause.range});
    return set;
}

} // namespace llmcl::engine::detail
