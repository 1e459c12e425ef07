// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/token.h"

#include <array>

namespace llmcl::engine {

namespace {

struct KindInfo
{
    TokenKind kind;
    std::string_view name;
    std::string_view spelling;
    std::string_view description;
};

// In enumerator order; the static_assert below keeps it complete and in order.
constexpr std::array<KindInfo, tokenKindCount> kindInfos {{
    {TokenKind::EndOfFile, "EndOfFile", "", "end of file"},
    {TokenKind::Error, "Error", "", "invalid token"},
    {TokenKind::LineComment, "LineComment", "", "comment"},
    {TokenKind::HashComment, "HashComment", "", "comment"},
    {TokenKind::BlockComment, "BlockComment", "", "comment"},
    {TokenKind::Identifier, "Identifier", "", "identifier"},
    {TokenKind::Integer, "Integer", "", "integer literal"},
    {TokenKind::Float, "Float", "", "float literal"},
    {TokenKind::String, "String", "", "string literal"},
    {TokenKind::RawString, "RawString", "", "raw string literal"},
    {TokenKind::KwContract, "KwContract", "contract", "'contract'"},
    {TokenKind::KwImport, "KwImport", "import", "'import'"},
    {TokenKind::KwFrom, "KwFrom", "from", "'from'"},
    {TokenKind::KwExtends, "KwExtends", "extends", "'extends'"},
    {TokenKind::KwRequire, "KwRequire", "require", "'require'"},
    {TokenKind::KwEnsure, "KwEnsure", "ensure", "'ensure'"},
    {TokenKind::KwEnsureProb, "KwEnsureProb", "ensure_prob", "'ensure_prob'"},
    {TokenKind::KwTemporal, "KwTemporal", "temporal", "'temporal'"},
    {TokenKind::KwIf, "KwIf", "if", "'if'"},
    {TokenKind::KwThen, "KwThen", "then", "'then'"},
    {TokenKind::KwElse, "KwElse", "else", "'else'"},
    {TokenKind::KwAnd, "KwAnd", "and", "'and'"},
    {TokenKind::KwOr, "KwOr", "or", "'or'"},
    {TokenKind::KwNot, "KwNot", "not", "'not'"},
    {TokenKind::KwIn, "KwIn", "in", "'in'"},
    {TokenKind::KwImplies, "KwImplies", "implies", "'implies'"},
    {TokenKind::KwAlways, "KwAlways", "always", "'always'"},
    {TokenKind::KwEventually, "KwEventually", "eventually", "'eventually'"},
    {TokenKind::KwNext, "KwNext", "next", "'next'"},
    {TokenKind::KwWithin, "KwWithin", "within", "'within'"},
    {TokenKind::KwUntil, "KwUntil", "until", "'until'"},
    {TokenKind::KwSince, "KwSince", "since", "'since'"},
    {TokenKind::KwTrue, "KwTrue", "true", "'true'"},
    {TokenKind::KwFalse, "KwFalse", "false", "'false'"},
    {TokenKind::KwNull, "KwNull", "null", "'null'"},
    {TokenKind::LeftParen, "LeftParen", "(", "'('"},
    {TokenKind::RightParen, "RightParen", ")", "')'"},
    {TokenKind::LeftBracket, "LeftBracket", "[", "'['"},
    {TokenKind::RightBracket, "RightBracket", "]", "']'"},
    {TokenKind::LeftBrace, "LeftBrace", "{", "'{'"},
    {TokenKind::RightBrace, "RightBrace", "}", "'}'"},
    {TokenKind::Comma, "Comma", ",", "','"},
    {TokenKind::Dot, "Dot", ".", "'.'"},
    {TokenKind::Colon, "Colon", ":", "':'"},
    {TokenKind::Assign, "Assign", "=", "'='"},
    {TokenKind::EqualEqual, "EqualEqual", "==", "'=='"},
    {TokenKind::NotEqual, "NotEqual", "!=", "'!='"},
    {TokenKind::Less, "Less", "<", "'<'"},
    {TokenKind::LessEqual, "LessEqual", "<=", "'<='"},
    {TokenKind::Greater, "Greater", ">", "'>'"},
    {TokenKind::GreaterEqual, "GreaterEqual", ">=", "'>='"},
    {TokenKind::Plus, "Plus", "+", "'+'"},
    {TokenKind::Minus, "Minus", "-", "'-'"},
    {TokenKind::Star, "Star", "*", "'*'"},
    {TokenKind::Slash, "Slash", "/", "'/'"},
    {TokenKind::Percent, "Percent", "%", "'%'"},
}};

constexpr bool kindInfosInOrder()
{
    for (std::size_t i = 0; i < kindInfos.size(); ++i) {
        if (static_cast<std::size_t>(kindInfos[i].kind) != i)
            return false;
    }
    return true;
}
static_assert(kindInfosInOrder(), "kindInfos must list every TokenKind in enumerator order");

const KindInfo &info(TokenKind kind) noexcept
{
    const auto index = static_cast<std::size_t>(kind);
    return kindInfos[index < kindInfos.size() ? index : 1];
}

} // namespace

std::string_view tokenKindName(TokenKind kind) noexcept
{
    return info(kind).name;
}

std::string_view tokenKindSpelling(TokenKind kind) noexcept
{
    return info(kind).spelling;
}

std::string_view tokenKindDescription(TokenKind kind) noexcept
{
    return info(kind).description;
}

TokenKind keywordKind(std::string_view w) noexcept
{
    using enum TokenKind;
    if (w.size() < 2 || w.size() > 11)
        return Identifier;
    switch (w[0]) {
    case 'a':
        return w == "and" ? KwAnd : w == "always" ? KwAlways : Identifier;
    case 'c':
        return w == "contract" ? KwContract : Identifier;
    case 'e':
        return w == "ensure"     ? KwEnsure
            : w == "else"        ? KwElse
            : w == "ensure_prob" ? KwEnsureProb
            : w == "eventually"  ? KwEventually
            : w == "extends"     ? KwExtends
                                 : Identifier;
    case 'f':
        return w == "false" ? KwFalse : w == "from" ? KwFrom : Identifier;
    case 'i':
        return w == "if"     ? KwIf
            : w == "in"      ? KwIn
            : w == "import"  ? KwImport
            : w == "implies" ? KwImplies
                             : Identifier;
    case 'n':
        return w == "not" ? KwNot : w == "null" ? KwNull : w == "next" ? KwNext : Identifier;
    case 'o':
        return w == "or" ? KwOr : Identifier;
    case 'r':
        return w == "require" ? KwRequire : Identifier;
    case 's':
        return w == "since" ? KwSince : Identifier;
    case 't':
        return w == "then"    ? KwThen
            : w == "true"     ? KwTrue
            : w == "temporal" ? KwTemporal
                              : Identifier;
    case 'u':
        return w == "until" ? KwUntil : Identifier;
    case 'w':
        return w == "within" ? KwWithin : Identifier;
    default:
        return Identifier;
    }
}

} // namespace llmcl::engine
