// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/ast.h"

#include "engine/value.h"

#include <array>
#include <charconv>

namespace llmcl::engine {

std::string_view exprKindName(ExprKind kind) noexcept
{
    static constexpr std::array<std::string_view, 27> names = {
        "Null",
        "Bool",
        "Int",
        "Float",
        "String",
        "List",
        "Map",
        "Name",
        "Negate",
        "Not",
        "Arithmetic",
        "Compare",
        "And",
        "Or",
        "Implies",
        "If",
        "Call",
        "Method",
        "Member",
        "Index",
        "Slice",
        "Always",
        "Eventually",
        "Next",
        "Within",
        "Until",
        "Since",
    };
    const auto i = static_cast<std::size_t>(kind);
    return i < names.size() ? names[i] : std::string_view("?");
}

Expr::~Expr()
{
    // Children are moved onto a local stack before their parent dies, so each node is
    // destroyed with no children left: no recursion, whatever the tree's height. Leaves (most
    // nodes) return at once.
    if (children.empty())
        return;
    std::vector<ExprPtr> pending;
    for (ExprPtr &child : children)
        if (child)
            pending.push_back(std::move(child));
    while (!pending.empty()) {
        ExprPtr node = std::move(pending.back());
        pending.pop_back();
        for (ExprPtr &child : node->children)
            if (child)
                pending.push_back(std::move(child));
    }
}

std::string_view clauseKindName(ClauseKind kind) noexcept
{
    switch (kind) {
    case ClauseKind::Require:
        return "require";
    case ClauseKind::Ensure:
        return "ensure";
    case ClauseKind::EnsureProb:
        return "ensure_prob";
    case ClauseKind::Temporal:
        return "temporal";
    }
    return "ensure";
}

namespace {

class Dumper
{
public:
    explicit Dumper(bool withRanges)
        : m_withRanges(withRanges)
    { }

    std::string take() { return std::move(m_out); }

    void line(int depth, std::string_view text, const SourceRange &range)
    {
        m_out.append(static_cast<std::size_t>(depth) * 2, ' ');
        m_out += text;
        if (m_withRanges) {
            m_out += " @";
            m_out += std::to_string(range.begin.line) + ':' + std::to_string(range.begin.column)
                + '-' + std::to_string(range.end.line) + ':' + std::to_string(range.end.column);
        }
        m_out += '\n';
    }

    void expr(int depth, const Expr *e, std::string_view label = {})
    {
        std::string prefix = label.empty() ? std::string() : std::string(label) + ": ";
        if (!e) {
            m_out.append(static_cast<std::size_t>(depth) * 2, ' ');
            // An omitted slice bound is no error; anything else missing is one.
            m_out += prefix + (label == "lower" || label == "upper" ? "none\n" : "<missing>\n");
            return;
        }
        std::string text = prefix + std::string(exprKindName(e->kind));
        switch (e->kind) {
        case ExprKind::Bool:
            text += e->boolValue ? " true" : " false";
            break;
        case ExprKind::Int:
        case ExprKind::Within:
            text += ' ' + std::to_string(e->intValue);
            break;
        case ExprKind::Float: {
            char buffer[64];
            const auto r = std::to_chars(buffer, buffer + sizeof buffer, e->floatValue);
            text += ' ';
            text.append(buffer, r.ptr);
            break;
        }
        case ExprKind::String:
            text += ' ' + repr(Value::borrowedString(e->text));
            break;
        case ExprKind::Name:
        case ExprKind::Call:
        case ExprKind::Method:
        case ExprKind::Member:
            text += ' ' + e->text;
            break;
        case ExprKind::Arithmetic:
            text += ' ';
            text += operatorSpelling(e->arithmeticOperator);
            break;
        case ExprKind::Compare:
            for (ComparisonOperator op : e->comparisonOperators) {
                text += ' ';
                text += operatorSpelling(op);
            }
            break;
        default:
            break;
        }
        line(depth, text, e->range);
        const bool isCall = e->kind == ExprKind::Call || e->kind == ExprKind::Method;
        const std::size_t firstArgument = e->kind == ExprKind::Method ? 1 : 0;
        for (std::size_t i = 0; i < e->children.size(); ++i) {
            std::string childLabel;
            if (isCall && i >= firstArgument) {
                const std::size_t a = i - firstArgument;
                if (a < e->argumentNames.size() && !e->argumentNames[a].empty())
                    childLabel = e->argumentNames[a];
            }
            if (e->kind == ExprKind::Slice && i > 0)
                childLabel = i == 1 ? "lower" : "upper";
            expr(depth + 1, e->children[i].get(), childLabel);
        }
    }

private:
    std::string m_out;
    bool m_withRanges;
};

} // namespace

std::string dumpAst(const SourceFile &file, bool withRanges)
{
    Dumper d(withRanges);
    for (const Import &import : file.imports) {
        std::string text = (import.fromImport ? "from " : "import ") + import.module;
        if (import.fromImport) {
            text += " import";
            for (const std::string &name : import.names)
                text += ' ' + name;
        }
        d.line(0, text, import.range);
    }
    for (const Contract &contract : file.contracts) {
        std::string text = "contract " + contract.name;
        if (!contract.base.empty())
            text += " extends " + contract.base;
        d.line(0, text, contract.range);
        for (const ContractOption &option : contract.options) {
            d.line(1, "option " + option.name, option.range);
            d.expr(2, option.value.get());
        }
        for (const Clause &clause : contract.clauses) {
            d.line(1,
                std::string(clauseKindName(clause.kind)) + " #" + std::to_string(clause.index),
                clause.range);
            d.expr(2, clause.condition.get());
            if (clause.kind == ClauseKind::EnsureProb)
                d.expr(2, clause.probability.get(), "probability");
            for (const ClauseOption &option : clause.options) {
                d.line(2, option.name + ':', option.range);
                d.expr(3, option.value.get());
            }
        }
    }
    return d.take();
}

} // namespace llmcl::engine
