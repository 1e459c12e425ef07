// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/formatter.h"

#include "engine/keywords.h"
#include "engine/lexer.h"
#include "engine/parser.h"
#include "engine/token.h"
#include "engine/utf8.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace llmcl::engine {

namespace {

using keywords::isClauseKeyword;

constexpr bool isOpener(TokenKind kind) noexcept
{
    return kind == TokenKind::LeftParen || kind == TokenKind::LeftBracket
        || kind == TokenKind::LeftBrace;
}

constexpr bool isCloser(TokenKind kind) noexcept
{
    return kind == TokenKind::RightParen || kind == TokenKind::RightBracket
        || kind == TokenKind::RightBrace;
}

constexpr TokenKind openerOf(TokenKind closer) noexcept
{
    switch (closer) {
    case TokenKind::RightParen:
        return TokenKind::LeftParen;
    case TokenKind::RightBracket:
        return TokenKind::LeftBracket;
    default:
        return TokenKind::LeftBrace;
    }
}

constexpr bool isLineComment(TokenKind kind) noexcept
{
    return kind == TokenKind::LineComment || kind == TokenKind::HashComment;
}

// Tokens after which '(' is a call and '[' an index: written without a space between.
constexpr bool endsOperand(TokenKind kind) noexcept
{
    return kind == TokenKind::Identifier || kind == TokenKind::RightParen
        || kind == TokenKind::RightBracket || kind == TokenKind::RightBrace
        || isStringLiteral(kind);
}

// Whether a '-' after a token of this kind is unary: after nothing, an operator, an opening
// bracket, a separator or a keyword other than a literal one. (Within `if … then -1`, after
// `ensure`, after `and`.)
constexpr bool makesMinusUnary(TokenKind previous) noexcept
{
    if (previous == TokenKind::EndOfFile)
        return true;
    if (isKeyword(previous))
        return previous != TokenKind::KwTrue && previous != TokenKind::KwFalse
            && previous != TokenKind::KwNull;
    return isPunctuation(previous) && !isCloser(previous);
}

// Terminal cells of text, so that continuation lines line up in a monospace editor also after
// East Asian wide characters and emoji (2 cells) or combining marks (0).
int cells(std::string_view text) noexcept
{
    int width = 0;
    for (std::size_t i = 0; i < text.size();) {
        const utf8::DecodeResult r = utf8::decode(text.substr(i));
        width += r.valid ? utf8::displayWidth(r.codePoint) : 1;
        i += std::max<std::size_t>(r.length, 1);
    }
    return width;
}

constexpr bool isTrailingSpace(char c) noexcept
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trimmedRight(std::string_view text) noexcept
{
    while (!text.empty() && isTrailingSpace(text.back()))
        text.remove_suffix(1);
    return text;
}

// Appends text with "\r\n" turned into "\n"; with trimLines, also without the whitespace that
// ends each of its lines (used for block comments, never for raw strings, whose value the
// whitespace is part of).
void appendNormalised(std::string &out, std::string_view text, bool trimLines)
{
    std::size_t start = 0;
    while (true) {
        const std::size_t newline = text.find('\n', start);
        if (newline == std::string_view::npos) {
            out += text.substr(start);
            return;
        }
        std::string_view line = text.substr(start, newline - start);
        if (trimLines)
            line = trimmedRight(line);
        else if (line.ends_with('\r'))
            line.remove_suffix(1);
        out += line;
        out += '\n';
        start = newline + 1;
    }
}

// What a code token turned out to be; the layout of the tokens after it depends on it.
enum class Role : std::uint8_t
{
    Plain,
    BodyOpen, // '{' of a contract body
    BodyClose, // '}' of a contract body
    ClauseKeyword, // require/ensure/ensure_prob/temporal at the clause level
    OptionName, // message, severity, … before their ':'
    OptionColon, // the ':' after an option name
    SliceColon, // ':' directly inside '[…]'
    UnaryMinus,
};

struct OpenBracket
{
    TokenKind kind = TokenKind::LeftParen;
    bool body = false; // the '{' of a contract body
    int lineIndent = 0; // indentation of the output line the bracket is on
    int align = -1; // column of the bracket's continuation lines; -1 until known
};

class Formatter
{
public:
    Formatter(std::string_view source, const std::vector<Token> &tokens, int indentWidth)
        : m_source(source)
        , m_tokens(tokens)
        , m_count(tokens.empty() ? 0 : tokens.size() - 1) // without EndOfFile
        , m_width(std::max(indentWidth, 0))
    { }

    std::string run();

private:
    void scan();
    static constexpr std::size_t none = static_cast<std::size_t>(-1);

    std::size_t newlinesBefore(std::size_t i) const;
    std::size_t nextCode(std::size_t i) const;
    bool isOptionName(std::size_t i) const;
    int closeTarget(TokenKind closer) const;
    bool closesBody(const Token &token) const;
    bool bodyLevel() const { return !m_stack.empty() && m_stack.back().body; }

    bool forcedBreak(std::size_t i) const;
    bool forbiddenBreak(std::size_t i) const;
    bool startsContractGroup(std::size_t i) const;
    bool blankAllowed(std::size_t i) const;
    int indentFor(std::size_t i, bool forComment) const;
    bool spaceBetween(std::size_t i) const;
    bool wouldFuse(const Token &left, const Token &right) const;

    void write(std::string_view text);
    void writeToken(const Token &token);
    void update(std::size_t i);

    std::string_view m_source;
    const std::vector<Token> &m_tokens;
    std::size_t m_count;
    int m_width;
    // Per token: the index of the next code token (m_count at the end of the file), and
    // whether a comment that follows code on its line comes before it. Computed once, so that
    // a long run of comments costs linear time.
    std::vector<std::size_t> m_nextCode;
    std::vector<bool> m_trailingCommentAhead;

    std::string m_out;
    int m_column = 0; // terminal cells written on the current output line
    int m_lineIndent = 0; // indentation of the current output line

    std::vector<OpenBracket> m_stack;
    bool m_inHeader = false; // after `contract`, before its body
    bool m_atStatementStart = true; // at the start of the file or after a contract
    bool m_fromPending = false; // in `from x import …`, before its `import`
    bool m_blankAfterBody = false; // the next line break after a contract is a blank line
    int m_clauseColumn = -1; // continuation column of the current clause's condition
    int m_optionColumn = -1; // continuation column of the current option's value

    std::size_t m_prevCode = none;
    Role m_prevRole = Role::Plain;
    bool m_prevOwnLineComment = false;
};

std::size_t Formatter::newlinesBefore(std::size_t i) const
{
    if (i == 0)
        return 0;
    const std::size_t begin = m_tokens[i - 1].range.end.offset;
    const std::size_t end = m_tokens[i].range.begin.offset;
    return static_cast<std::size_t>(
        std::count(m_source.begin() + static_cast<std::ptrdiff_t>(begin),
            m_source.begin() + static_cast<std::ptrdiff_t>(end), '\n'));
}

std::size_t Formatter::nextCode(std::size_t i) const
{
    return m_nextCode[i];
}

bool Formatter::isOptionName(std::size_t i) const
{
    if (i >= m_count || m_tokens[i].kind != TokenKind::Identifier || !bodyLevel())
        return false;
    if (!keywords::isClauseOption(m_tokens[i].text))
        return false;
    const std::size_t j = nextCode(i);
    return j < m_count && m_tokens[j].kind == TokenKind::Colon;
}

// The stack index a closer pops down to, or -1 for a stray closer. A ')' or ']' never closes
// past a contract body; a '}' whose own '(' or '[' is missing still closes the body, so one
// missing bracket does not swallow the rest of the file.
int Formatter::closeTarget(TokenKind closer) const
{
    const TokenKind opener = openerOf(closer);
    for (int k = static_cast<int>(m_stack.size()) - 1; k >= 0; --k) {
        const OpenBracket &open = m_stack[static_cast<std::size_t>(k)];
        if (open.kind == opener)
            return k;
        if (open.body)
            return -1;
    }
    return -1;
}

bool Formatter::closesBody(const Token &token) const
{
    if (token.kind != TokenKind::RightBrace)
        return false;
    const int target = closeTarget(token.kind);
    return target >= 0 && m_stack[static_cast<std::size_t>(target)].body;
}

// Line breaks the layout requires before code token i.
bool Formatter::forcedBreak(std::size_t i) const
{
    const Token &token = m_tokens[i];
    if (m_prevRole == Role::BodyOpen || m_prevRole == Role::BodyClose)
        return true;
    if (closesBody(token) || token.kind == TokenKind::KwContract)
        return true;
    if (m_stack.empty()) {
        if (m_inHeader)
            return false;
        return token.kind == TokenKind::KwFrom
            || (token.kind == TokenKind::KwImport && !m_fromPending);
    }
    return bodyLevel() && (isClauseKeyword(token.kind) || isOptionName(i));
}

// Line breaks of the source that are not kept before code token i: they would separate what
// belongs together (a call from its '(', an option from its ':', a clause keyword from its
// condition).
bool Formatter::forbiddenBreak(std::size_t i) const
{
    const TokenKind kind = m_tokens[i].kind;
    if (kind == TokenKind::Comma || kind == TokenKind::Colon)
        return true;
    const TokenKind previous =
        m_prevCode == none ? TokenKind::EndOfFile : m_tokens[m_prevCode].kind;
    if ((kind == TokenKind::LeftParen || kind == TokenKind::LeftBracket) && endsOperand(previous))
        return true;
    if (m_stack.empty() && m_inHeader && kind == TokenKind::LeftBrace)
        return true;
    if (m_stack.empty() && !m_inHeader && m_fromPending && kind == TokenKind::KwImport)
        return true;
    if (m_prevRole == Role::ClauseKeyword || m_prevRole == Role::OptionColon
        || m_prevRole == Role::UnaryMinus)
        return true;
    return previous == TokenKind::Dot || previous == TokenKind::KwContract
        || previous == TokenKind::KwImport || previous == TokenKind::KwFrom
        || previous == TokenKind::KwExtends;
}

// Whether token i (on a new line) starts the comments that lead a `contract`: one
// blank line separates that group from whatever comes before it.
bool Formatter::startsContractGroup(std::size_t i) const
{
    if (i == 0 || m_prevOwnLineComment)
        return false;
    const std::size_t j = isComment(m_tokens[i].kind) ? nextCode(i) : i;
    if (j >= m_count || m_tokens[j].kind != TokenKind::KwContract)
        return false;
    // After a trailing comment on the way, the group starts later.
    return j == i || !m_trailingCommentAhead[i];
}

bool Formatter::blankAllowed(std::size_t i) const
{
    if (m_prevRole == Role::BodyOpen && m_prevCode == i - 1)
        return false;
    return !closesBody(m_tokens[i]);
}

// The indentation of token i when it starts a line. A comment takes the indentation of the
// code token after it, so that it stays with what it describes.
int Formatter::indentFor(std::size_t i, bool forComment) const
{
    const std::size_t j = forComment ? nextCode(i) : i;
    const bool end = j >= m_count;
    const Token *token = end ? nullptr : &m_tokens[j];
    if (token && closesBody(*token))
        return forComment ? m_width : 0;
    if (token && token->kind == TokenKind::KwContract)
        return 0;
    if (m_stack.empty()) {
        if (end)
            return 0;
        if (m_inHeader)
            return m_width;
        if (token->kind == TokenKind::KwImport || token->kind == TokenKind::KwFrom
            || m_atStatementStart)
            return 0;
        return m_width;
    }
    const OpenBracket &top = m_stack.back();
    if (top.body) {
        if (end)
            return m_width;
        if (isClauseKeyword(token->kind))
            return m_width;
        if (isOptionName(j))
            return 2 * m_width;
        if (m_optionColumn >= 0)
            return m_optionColumn;
        if (m_clauseColumn >= 0)
            return m_clauseColumn;
        return m_width;
    }
    if (token && isCloser(token->kind) && !forComment)
        return top.lineIndent;
    return top.align >= 0 ? top.align : top.lineIndent + m_width;
}

// Whether a space separates token i from the token before it on the same line.
bool Formatter::spaceBetween(std::size_t i) const
{
    const Token &left = m_tokens[i - 1];
    const Token &right = m_tokens[i];
    const TokenKind l = left.kind;
    const TokenKind r = right.kind;
    const bool tight = r == TokenKind::RightParen || r == TokenKind::RightBracket
        || r == TokenKind::RightBrace || r == TokenKind::Comma || r == TokenKind::Colon;
    if (isComment(r))
        return true;
    if (isComment(l))
        return !tight;
    bool space = true;
    if (isOpener(l) || tight)
        space = false;
    else if (l == TokenKind::Dot || r == TokenKind::Dot)
        space = false;
    else if ((r == TokenKind::LeftParen || r == TokenKind::LeftBracket) && endsOperand(l))
        space = false;
    else if (m_prevRole == Role::UnaryMinus || m_prevRole == Role::SliceColon)
        space = false;
    // `1 .real` must not become the malformed number `1.real`, nor `x . 5` the float `.5`.
    return space || wouldFuse(left, right);
}

// Whether writing the two tokens without a space between them would lex differently.
bool Formatter::wouldFuse(const Token &left, const Token &right) const
{
    std::string joined;
    joined.reserve(left.text.size() + right.text.size());
    joined += left.text;
    joined += right.text;
    LexerOptions options;
    options.keepComments = true;
    const LexResult lexed = tokenize(joined, options);
    return !lexed.diagnostics.empty() || lexed.tokens.size() != 3
        || lexed.tokens[0].kind != left.kind || lexed.tokens[0].text != left.text
        || lexed.tokens[1].kind != right.kind || lexed.tokens[1].text != right.text;
}

void Formatter::write(std::string_view text)
{
    m_out += text;
    const std::size_t newline = text.rfind('\n');
    if (newline == std::string_view::npos) {
        m_column += cells(text);
    } else {
        m_column = cells(text.substr(newline + 1));
    }
}

void Formatter::writeToken(const Token &token)
{
    switch (token.kind) {
    case TokenKind::LineComment:
    case TokenKind::HashComment:
        write(trimmedRight(token.text));
        return;
    case TokenKind::BlockComment:
    case TokenKind::RawString: {
        std::string text;
        appendNormalised(text, token.text, token.kind == TokenKind::BlockComment);
        write(text);
        return;
    }
    default:
        write(token.text);
        return;
    }
}

// The state after code token i.
void Formatter::update(std::size_t i)
{
    const Token &token = m_tokens[i];
    const TokenKind previous =
        m_prevCode == none ? TokenKind::EndOfFile : m_tokens[m_prevCode].kind;
    Role role = Role::Plain;
    switch (token.kind) {
    case TokenKind::KwContract:
        // Contracts do not nest, so `contract` starts a new one whatever is still open: one
        // missing '}' or ')' does not turn the rest of the file into its continuation.
        m_stack.clear();
        m_inHeader = true;
        m_fromPending = false;
        m_clauseColumn = -1;
        m_optionColumn = -1;
        break;
    case TokenKind::KwFrom:
        if (m_stack.empty() && !m_inHeader)
            m_fromPending = true;
        break;
    case TokenKind::KwImport:
        m_fromPending = false;
        break;
    case TokenKind::LeftBrace:
        if (m_stack.empty() && m_inHeader) {
            m_stack.push_back({TokenKind::LeftBrace, true, m_lineIndent, m_width});
            m_inHeader = false;
            m_clauseColumn = -1;
            m_optionColumn = -1;
            role = Role::BodyOpen;
        } else {
            m_stack.push_back({token.kind, false, m_lineIndent, -1});
        }
        break;
    case TokenKind::LeftParen:
    case TokenKind::LeftBracket:
        m_stack.push_back({token.kind, false, m_lineIndent, -1});
        break;
    case TokenKind::RightParen:
    case TokenKind::RightBracket:
    case TokenKind::RightBrace: {
        const int target = closeTarget(token.kind);
        if (target >= 0) {
            const bool body = m_stack[static_cast<std::size_t>(target)].body;
            m_stack.resize(static_cast<std::size_t>(target));
            if (body) {
                role = Role::BodyClose;
                m_blankAfterBody = true;
                m_clauseColumn = -1;
                m_optionColumn = -1;
            }
        }
        break;
    }
    case TokenKind::Colon:
        if (m_prevRole == Role::OptionName)
            role = Role::OptionColon;
        else if (!m_stack.empty() && !m_stack.back().body
            && m_stack.back().kind == TokenKind::LeftBracket)
            role = Role::SliceColon;
        break;
    case TokenKind::Minus:
        if (makesMinusUnary(previous))
            role = Role::UnaryMinus;
        break;
    default:
        if (bodyLevel() && isClauseKeyword(token.kind)) {
            // Continuation lines of the condition line up with its first token.
            m_clauseColumn = m_width + static_cast<int>(token.text.size()) + 1;
            m_optionColumn = -1;
            role = Role::ClauseKeyword;
        } else if (isOptionName(i)) {
            // …and those of an option's value with the value: "message: " is name + 2.
            m_optionColumn = 2 * m_width + static_cast<int>(token.text.size()) + 2;
            role = Role::OptionName;
        }
        break;
    }
    m_atStatementStart = role == Role::BodyClose;
    m_prevCode = i;
    m_prevRole = role;
}

void Formatter::scan()
{
    m_nextCode.assign(m_count, m_count);
    m_trailingCommentAhead.assign(m_count, false);
    for (std::size_t i = m_count; i-- > 1;) {
        const std::size_t k = i - 1;
        if (!isComment(m_tokens[i].kind))
            m_nextCode[k] = i;
        else {
            m_nextCode[k] = m_nextCode[i];
            m_trailingCommentAhead[k] = newlinesBefore(i) == 0 || m_trailingCommentAhead[i];
        }
    }
}

std::string Formatter::run()
{
    scan();
    m_out.reserve(m_source.size() + m_source.size() / 8);
    for (std::size_t i = 0; i < m_count; ++i) {
        const Token &token = m_tokens[i];
        const bool comment = isComment(token.kind);
        const std::size_t sourceNewlines = newlinesBefore(i);
        bool newline = false;
        if (i > 0) {
            if (isLineComment(m_tokens[i - 1].kind))
                newline = true; // or the next token would become part of the comment
            else if (comment)
                newline = sourceNewlines > 0; // a comment after code on its line stays there
            else
                newline = forcedBreak(i) || (sourceNewlines > 0 && !forbiddenBreak(i));
        }

        OpenBracket *pending = nullptr;
        if (!m_stack.empty() && m_stack.back().align < 0)
            pending = &m_stack.back(); // i is the first token after this bracket
        if (pending && (newline || isLineComment(token.kind)))
            pending->align = pending->lineIndent + m_width;

        if (newline) {
            const bool blank = (sourceNewlines >= 2 && blankAllowed(i)) || m_blankAfterBody
                || startsContractGroup(i);
            m_blankAfterBody = false;
            const int indent = indentFor(i, comment);
            m_out += blank ? "\n\n" : "\n";
            m_out.append(static_cast<std::size_t>(indent), ' ');
            m_column = indent;
            m_lineIndent = indent;
        } else if (i > 0 && spaceBetween(i)) {
            write(" ");
        }
        if (pending && pending->align < 0)
            pending->align = m_column;

        writeToken(token);
        if (comment)
            m_prevOwnLineComment = i == 0 || newline;
        else {
            m_prevOwnLineComment = false;
            update(i);
        }
    }
    if (!m_out.empty())
        m_out += '\n';
    return std::move(m_out);
}

} // namespace

FormatResult formatSource(std::string_view source, const FormatOptions &options, std::string file)
{
    LexerOptions lexerOptions;
    lexerOptions.keepComments = true;
    lexerOptions.file = file;
    LexResult lexed = tokenize(source, std::move(lexerOptions));

    const auto hasError = [](const std::vector<Diagnostic> &diagnostics) {
        return std::ranges::any_of(diagnostics,
            [](const Diagnostic &diagnostic) { return diagnostic.severity == Severity::Error; });
    };
    FormatResult result;
    result.diagnostics = std::move(lexed.diagnostics);
    if (!hasError(result.diagnostics)) {
        // Text that does not parse is probably not what its author meant yet, and a layout
        // chosen for it would guess at its shape: it stays as it is, like text that does not
        // lex.
        ParseOptions parseOptions;
        parseOptions.file = std::move(file);
        SourceFile parsed = parseSource(source, parseOptions);
        if (hasError(parsed.diagnostics))
            result.diagnostics = std::move(parsed.diagnostics);
    }
    if (hasError(result.diagnostics)) {
        result.text = std::string(source);
        return result;
    }
    result.text = Formatter(source, lexed.tokens, options.indentWidth).run();
    result.changed = result.text != source;
    return result;
}

} // namespace llmcl::engine
