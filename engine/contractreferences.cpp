// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/contractreferences.h"

#include "engine/ascii.h"
#include "engine/lexer.h"

#include <algorithm>

namespace llmcl::engine {

namespace {

// The significant tokens (no comments, no end of file).
std::vector<Token> significant(std::string_view text)
{
    LexResult lexed = tokenize(text);
    std::vector<Token> tokens;
    tokens.reserve(lexed.tokens.size());
    for (const Token &t : lexed.tokens) {
        if (!isComment(t.kind) && t.kind != TokenKind::EndOfFile)
            tokens.push_back(t);
    }
    return tokens;
}

} // namespace

std::vector<ByteRange> contractReferences(std::string_view text, std::string_view name)
{
    const std::vector<Token> tokens = significant(text);
    std::vector<ByteRange> ranges;
    bool importNames = false; // inside the name list of `from m import …`
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token &t = tokens[i];
        const TokenKind previous = i > 0 ? tokens[i - 1].kind : TokenKind::EndOfFile;
        if (t.kind == TokenKind::KwImport)
            importNames = i >= 2 && tokens[i - 2].kind == TokenKind::KwFrom;
        else if (t.kind != TokenKind::Identifier && t.kind != TokenKind::Comma
            && t.kind != TokenKind::LeftParen && t.kind != TokenKind::RightParen)
            importNames = false;
        if (t.kind != TokenKind::Identifier || t.text != name)
            continue;
        const bool named = previous == TokenKind::KwContract || previous == TokenKind::KwExtends
            || (importNames
                && (previous == TokenKind::KwImport || previous == TokenKind::Comma
                    || previous == TokenKind::LeftParen));
        if (named)
            ranges.emplace_back(t.range.begin.offset, t.range.end.offset);
        // An identifier that is not followed by a comma ends a from-import's list.
        if (importNames && (i + 1 >= tokens.size() || tokens[i + 1].kind != TokenKind::Comma))
            importNames = false;
    }
    return ranges;
}

std::vector<std::string> declaredContracts(std::string_view text)
{
    const std::vector<Token> tokens = significant(text);
    std::vector<std::string> names;
    for (std::size_t i = 1; i < tokens.size(); ++i) {
        if (tokens[i - 1].kind == TokenKind::KwContract && tokens[i].kind == TokenKind::Identifier)
            names.emplace_back(tokens[i].text);
    }
    return names;
}

ContractNameProblem contractNameProblem(std::string_view name)
{
    if (name.empty())
        return ContractNameProblem::Empty;
    const std::vector<Token> tokens = significant(name);
    if (tokens.size() == 1 && tokens.front().text.size() == name.size()) {
        if (tokens.front().kind == TokenKind::Identifier)
            return ContractNameProblem::None;
        if (tokens.front().kind != TokenKind::Error && ascii::isAlpha(name.front()))
            return ContractNameProblem::Keyword;
    }
    return ContractNameProblem::NotIdentifier;
}

std::string replaceRanges(
    std::string_view text, const std::vector<ByteRange> &ranges, std::string_view replacement)
{
    std::string result;
    result.reserve(text.size() + ranges.size() * replacement.size());
    std::size_t at = 0;
    for (const auto &[begin, end] : ranges) {
        result.append(text.substr(at, begin - at));
        result.append(replacement);
        at = end;
    }
    result.append(text.substr(std::min(at, text.size())));
    return result;
}

} // namespace llmcl::engine
