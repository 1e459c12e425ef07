// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/exprprinter.h"

#include "engine/utf8.h"
#include "engine/value.h"

#include <algorithm>
#include <string_view>

namespace llmcl::engine {

namespace {

// Binding strength, higher binds tighter (LANGUAGE.md §4).
int precedence(const Expr &e) noexcept
{
    switch (e.kind) {
    case ExprKind::If:
    case ExprKind::Always:
    case ExprKind::Eventually:
    case ExprKind::Next:
    case ExprKind::Within:
    case ExprKind::Since:
        return 0;
    case ExprKind::Implies:
        return 1;
    case ExprKind::Until:
        return 2;
    case ExprKind::Or:
        return 3;
    case ExprKind::And:
        return 4;
    case ExprKind::Not:
        return 5;
    case ExprKind::Compare:
        return 6;
    case ExprKind::Arithmetic:
        return e.arithmeticOperator == ArithmeticOperator::Add
                || e.arithmeticOperator == ArithmeticOperator::Subtract
            ? 7
            : 8;
    case ExprKind::Negate:
        return 9;
    default:
        return 10;
    }
}

class Printer
{
public:
    Printer(std::size_t maxLiteral, LiteralElision elision)
        : m_maxLiteral(maxLiteral)
        , m_elision(elision)
    { }

    void print(const Expr *e, int context = 0)
    {
        if (!e) {
            m_out += "<missing>";
            return;
        }
        const bool parens = precedence(*e) < context;
        if (parens)
            m_out += '(';
        printBare(*e);
        if (parens)
            m_out += ')';
    }

    std::string take() { return std::move(m_out); }

private:
    void printBare(const Expr &e)
    {
        const int p = precedence(e);
        switch (e.kind) {
        case ExprKind::Null:
            m_out += "null";
            break;
        case ExprKind::Bool:
            m_out += e.boolValue ? "true" : "false";
            break;
        case ExprKind::Int:
            m_out += repr(Value::integer(e.intValue));
            break;
        case ExprKind::Float:
            m_out += repr(Value::number(e.floatValue));
            break;
        case ExprKind::String:
            if (m_elision == LiteralElision::Middle)
                literal(e.text);
            else if (m_maxLiteral && utf8::codePointCount(e.text) > m_maxLiteral)
                m_out += "...";
            else
                m_out += repr(Value::borrowedString(e.text));
            break;
        case ExprKind::Name:
            m_out += e.text;
            break;
        case ExprKind::List:
            m_out += '[';
            list(e.children, 0);
            m_out += ']';
            break;
        case ExprKind::Map:
            m_out += '{';
            for (std::size_t i = 0; i < e.children.size(); ++i) {
                if (i)
                    m_out += i % 2 ? ": " : ", ";
                print(e.children[i].get());
            }
            m_out += '}';
            break;
        case ExprKind::Negate:
            m_out += '-';
            print(child(e, 0), p);
            break;
        case ExprKind::Not:
            m_out += "not ";
            print(child(e, 0), p);
            break;
        case ExprKind::Arithmetic:
            print(child(e, 0), p);
            m_out += ' ';
            m_out += operatorSpelling(e.arithmeticOperator);
            m_out += ' ';
            print(child(e, 1), p + 1);
            break;
        case ExprKind::Compare:
            for (std::size_t i = 0; i < e.children.size(); ++i) {
                if (i) {
                    m_out += ' ';
                    m_out += operatorSpelling(e.comparisonOperators[i - 1]);
                    m_out += ' ';
                }
                print(e.children[i].get(), p + 1);
            }
            break;
        case ExprKind::And:
        case ExprKind::Or:
            // A chain is one node: a nested node of the same kind was parenthesised.
            for (std::size_t i = 0; i < e.children.size(); ++i) {
                if (i)
                    m_out += e.kind == ExprKind::And ? " and " : " or ";
                print(e.children[i].get(), p + 1);
            }
            break;
        case ExprKind::Implies:
        case ExprKind::Until:
            print(child(e, 0), p + 1);
            m_out += e.kind == ExprKind::Implies ? " implies " : " until ";
            print(child(e, 1), p);
            break;
        case ExprKind::If:
            m_out += "if ";
            print(child(e, 0));
            m_out += " then ";
            print(child(e, 1));
            m_out += " else ";
            print(child(e, 2));
            break;
        case ExprKind::Call:
            m_out += e.text;
            m_out += '(';
            arguments(e, 0);
            m_out += ')';
            break;
        case ExprKind::Method:
            print(child(e, 0), 10);
            m_out += '.';
            m_out += e.text;
            m_out += '(';
            arguments(e, 1);
            m_out += ')';
            break;
        case ExprKind::Member:
            print(child(e, 0), 10);
            m_out += '.';
            m_out += e.text;
            break;
        case ExprKind::Index:
            print(child(e, 0), 10);
            m_out += '[';
            print(child(e, 1));
            m_out += ']';
            break;
        case ExprKind::Slice:
            print(child(e, 0), 10);
            m_out += '[';
            if (child(e, 1))
                print(child(e, 1));
            m_out += ':';
            if (child(e, 2))
                print(child(e, 2));
            m_out += ']';
            break;
        case ExprKind::Always:
        case ExprKind::Eventually:
        case ExprKind::Next:
            m_out += e.kind == ExprKind::Always  ? "always "
                : e.kind == ExprKind::Eventually ? "eventually "
                                                 : "next ";
            print(child(e, 0));
            break;
        case ExprKind::Within:
            m_out += "within " + std::to_string(e.intValue) + ' ';
            print(child(e, 0));
            break;
        case ExprKind::Since:
            m_out += "since ";
            print(child(e, 0));
            m_out += " then ";
            print(child(e, 1));
            break;
        }
    }

    static const Expr *child(const Expr &e, std::size_t i) noexcept
    {
        return i < e.children.size() ? e.children[i].get() : nullptr;
    }

    void list(const std::vector<ExprPtr> &items, std::size_t from)
    {
        for (std::size_t i = from; i < items.size(); ++i) {
            if (i > from)
                m_out += ", ";
            print(items[i].get());
        }
    }

    void arguments(const Expr &e, std::size_t from)
    {
        for (std::size_t i = from; i < e.children.size(); ++i) {
            if (i > from)
                m_out += ", ";
            const std::size_t a = i - from;
            if (a < e.argumentNames.size() && !e.argumentNames[a].empty())
                m_out += e.argumentNames[a] + " = ";
            print(e.children[i].get());
        }
    }

    // LiteralElision::Middle: the first two thirds and the last third of the allowed length
    // around an ellipsis; raw when that reads back as the same text.
    void literal(std::string_view text)
    {
        std::string shown;
        const std::size_t count = utf8::codePointCount(text);
        if (m_maxLiteral && count > m_maxLiteral) {
            const std::size_t head = (m_maxLiteral * 2) / 3;
            const std::size_t tail = m_maxLiteral > head + 1 ? m_maxLiteral - head - 1 : 0;
            const auto offsetOf = [&](std::size_t codePoints) {
                std::size_t offset = 0;
                for (std::size_t i = 0; i < codePoints && offset < text.size(); ++i)
                    offset += std::max<std::size_t>(utf8::decodeAt(text, offset).length, 1);
                return offset;
            };
            shown.append(text.substr(0, offsetOf(head)));
            shown += "\u2026";
            shown.append(text.substr(offsetOf(count - tail)));
        } else {
            shown = text;
        }
        const bool raw = shown.find('\\') != std::string::npos && utf8::isValid(shown)
            && std::none_of(shown.begin(), shown.end(), [](char c) {
                   return c == '"' || static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
               });
        if (raw) {
            m_out += "r\"";
            m_out += shown;
            m_out += '"';
        } else {
            m_out += repr(Value::borrowedString(shown));
        }
    }

    std::string m_out;
    std::size_t m_maxLiteral;
    LiteralElision m_elision;
};

} // namespace

std::string printExpression(const Expr &expr, std::size_t maxLiteral, LiteralElision elision)
{
    Printer printer(maxLiteral, elision);
    printer.print(&expr);
    return printer.take();
}

} // namespace llmcl::engine
