// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/parser.h"

#include "engine/diagnosticmessages.h"
#include "engine/keywords.h"
#include "engine/lexer.h"
#include "engine/literals.h"

#include <algorithm>
#include <array>
#include <utility>

namespace llmcl::engine {

namespace {

using keywords::isClauseKeyword;

bool isTemporalPrefix(TokenKind kind) noexcept
{
    return kind == TokenKind::KwAlways || kind == TokenKind::KwEventually
        || kind == TokenKind::KwNext || kind == TokenKind::KwWithin || kind == TokenKind::KwSince;
}

std::string describeToken(const Token &token)
{
    switch (token.kind) {
    case TokenKind::Identifier:
        return "identifier '" + std::string(token.text) + "'";
    case TokenKind::Integer:
    case TokenKind::Float:
        return "number " + std::string(token.text.substr(0, 40));
    default:
        return std::string(tokenKindDescription(token.kind));
    }
}

// The parser proper. Errors put it into "panic" (m_panic): every parse function then returns
// at once, the stack unwinds to the clause or contract loop, which skips to a synchronisation
// token and clears the flag. This keeps recovery in two places instead of in every rule.
class Parser
{
public:
    Parser(std::string_view source, const ParseOptions &options)
        : m_options(options)
        , m_lexer(source,
              LexerOptions {.keepComments = false,
                  .file = options.file,
                  .maxDiagnostics = options.maxDiagnostics + 1})
    {
        m_file.path = options.file;
        // Tokens stream from the lexer with one token of lookahead: memory stays constant
        // whatever the size of the file.
        m_lookahead[0] = m_lexer.next();
        m_lookahead[1] = m_lexer.next();
    }

    SourceFile run()
    {
        parseImports();
        while (!at(TokenKind::EndOfFile)) {
            if (at(TokenKind::KwContract)) {
                parseContract();
                continue;
            }
            if (at(TokenKind::KwImport) || at(TokenKind::KwFrom)) {
                error(peek(), MessageId::ImportsFirst);
                parseImport();
                m_panic = false;
                continue;
            }
            expected("'contract'");
            m_panic = false;
            // Skip to the next contract.
            while (!at(TokenKind::EndOfFile) && !at(TokenKind::KwContract))
                advance();
        }
        // Lexer and parser findings interleaved in source order, capped, the note last.
        std::vector<Diagnostic> all = m_lexer.takeDiagnostics();
        std::vector<Diagnostic> &parsed = m_file.diagnostics;
        all.insert(all.end(), std::make_move_iterator(parsed.begin()),
            std::make_move_iterator(parsed.end()));
        std::stable_sort(all.begin(), all.end(), [](const Diagnostic &a, const Diagnostic &b) {
            return a.range.begin.offset < b.range.begin.offset;
        });
        if (m_capped || all.size() > m_options.maxDiagnostics) {
            all.resize(std::min(all.size(), m_options.maxDiagnostics));
            all.push_back(makeDiagnostic(Severity::Info, MessageId::TooManyDiagnostics,
                all.empty() ? SourceRange {} : all.back().range, m_options.file));
        }
        m_file.diagnostics = std::move(all);
        return std::move(m_file);
    }

private:
    // --- tokens ---------------------------------------------------------------------------

    Token peek(std::size_t ahead = 0) const noexcept { return m_lookahead[ahead > 0 ? 1 : 0]; }
    bool at(TokenKind kind) const noexcept { return m_lookahead[0].kind == kind; }
    Token advance()
    {
        const Token t = m_lookahead[0];
        if (t.kind != TokenKind::EndOfFile) {
            m_lookahead[0] = m_lookahead[1];
            m_lookahead[1] = m_lexer.next();
        }
        m_previousEnd = t.range.end;
        return t;
    }
    bool accept(TokenKind kind) noexcept
    {
        if (!at(kind))
            return false;
        advance();
        return true;
    }
    bool expect(TokenKind kind, std::string_view what)
    {
        if (accept(kind))
            return true;
        expected(what);
        return false;
    }

    // --- diagnostics ------------------------------------------------------------------------

    void addDiagnostic(Diagnostic d)
    {
        if (m_file.diagnostics.size() < m_options.maxDiagnostics)
            m_file.diagnostics.push_back(std::move(d));
        else
            m_capped = true;
    }

    void error(const Token &at, MessageId message, std::vector<DiagnosticArgument> arguments = {})
    {
        error(at.range, message, std::move(arguments));
    }
    void error(SourceRange range, MessageId message, std::vector<DiagnosticArgument> arguments = {})
    {
        if (!m_panic)
            addDiagnostic(makeDiagnostic(
                Severity::Error, message, range, m_options.file, std::move(arguments)));
        m_panic = true;
    }
    // "expected X, found Y" at the current token; silent on Error tokens (the lexer spoke).
    void expected(std::string_view what)
    {
        const Token &t = peek();
        if (t.kind == TokenKind::Error) {
            m_panic = true;
            return;
        }
        error(
            t, MessageId::Expected, {{"expected", std::string(what)}, {"found", describeToken(t)}});
    }

    // --- recovery ---------------------------------------------------------------------------

    // Skips to a clause keyword, `contract`, or the `}` that closes the current contract.
    void synchronizeClause()
    {
        int depth = 0;
        while (!at(TokenKind::EndOfFile)) {
            const TokenKind k = peek().kind;
            if (isClauseKeyword(k) || k == TokenKind::KwContract)
                break;
            if (k == TokenKind::LeftParen || k == TokenKind::LeftBracket
                || k == TokenKind::LeftBrace)
                ++depth;
            else if (k == TokenKind::RightParen || k == TokenKind::RightBracket)
                depth = depth > 0 ? depth - 1 : 0;
            else if (k == TokenKind::RightBrace) {
                if (depth == 0)
                    break;
                --depth;
            }
            advance();
        }
        m_panic = false;
    }

    // --- imports ----------------------------------------------------------------------------

    void parseImports()
    {
        while (at(TokenKind::KwImport) || at(TokenKind::KwFrom)) {
            parseImport();
            if (m_panic) {
                while (!at(TokenKind::EndOfFile) && !at(TokenKind::KwContract)
                    && !at(TokenKind::KwImport) && !at(TokenKind::KwFrom))
                    advance();
                m_panic = false;
            }
        }
    }

    void parseImport()
    {
        Import import;
        const Token &first = advance();
        import.fromImport = first.kind == TokenKind::KwFrom;
        if (!at(TokenKind::Identifier)) {
            expected("a module name");
            return;
        }
        const Token &module = advance();
        import.module = std::string(module.text);
        import.moduleRange = module.range;
        if (import.fromImport) {
            if (!expect(TokenKind::KwImport, "'import'"))
                return;
            do {
                if (!at(TokenKind::Identifier)) {
                    expected("a contract name");
                    return;
                }
                const Token &name = advance();
                import.names.emplace_back(name.text);
                import.nameRanges.push_back(name.range);
            } while (accept(TokenKind::Comma));
        }
        import.range = {first.range.begin, m_previousEnd};
        m_file.imports.push_back(std::move(import));
    }

    // --- contracts --------------------------------------------------------------------------

    void parseContract()
    {
        Contract contract;
        const Token &keyword = advance();
        contract.range.begin = keyword.range.begin;
        if (!at(TokenKind::Identifier)) {
            expected("a contract name");
            skipToNextContract();
            return;
        }
        const Token &name = advance();
        contract.name = std::string(name.text);
        contract.nameRange = name.range;

        if (at(TokenKind::LeftParen)) {
            const Token open = advance();
            while (!at(TokenKind::RightParen) && !m_panic) {
                if (at(TokenKind::EndOfFile) || at(TokenKind::LeftBrace)) {
                    error(open, MessageId::UnclosedHeader);
                    break;
                }
                parseContractOption(contract);
                accept(TokenKind::Comma);
            }
            if (!m_panic)
                advance(); // ')'
        } else {
            while (at(TokenKind::Identifier) && !m_panic) {
                parseContractOption(contract);
                accept(TokenKind::Comma);
            }
        }
        if (!m_panic && accept(TokenKind::KwExtends)) {
            if (at(TokenKind::Identifier)) {
                const Token &base = advance();
                contract.base = std::string(base.text);
                contract.baseRange = base.range;
            } else {
                expected("the name of the base contract");
            }
        }
        if (m_panic) {
            // Recover at the body if there is one.
            while (!at(TokenKind::EndOfFile) && !at(TokenKind::LeftBrace)
                && !at(TokenKind::KwContract) && !isClauseKeyword(peek().kind))
                advance();
            m_panic = false;
        }
        const Token &open = peek();
        if (!accept(TokenKind::LeftBrace)) {
            expected("'{'");
            m_panic = false;
            if (!isClauseKeyword(peek().kind)) {
                skipToNextContract();
                contract.range.end = m_previousEnd;
                m_file.contracts.push_back(std::move(contract));
                return;
            }
        }
        std::uint32_t index = 0;
        for (;;) {
            const TokenKind k = peek().kind;
            if (k == TokenKind::RightBrace) {
                advance();
                break;
            }
            if (k == TokenKind::EndOfFile || k == TokenKind::KwContract) {
                error(open.kind == TokenKind::LeftBrace ? open.range : contract.nameRange,
                    MessageId::ContractNotClosed, {{"name", contract.name}});
                m_panic = false;
                break;
            }
            if (isClauseKeyword(k)) {
                Clause clause = parseClause();
                clause.index = ++index;
                contract.clauses.push_back(std::move(clause));
                if (m_panic)
                    synchronizeClause();
                continue;
            }
            expected("a clause (require, ensure, ensure_prob, temporal) or '}'");
            advance();
            synchronizeClause();
        }
        contract.range.end = m_previousEnd;
        m_file.contracts.push_back(std::move(contract));
    }

    void skipToNextContract()
    {
        while (!at(TokenKind::EndOfFile) && !at(TokenKind::KwContract))
            advance();
        m_panic = false;
    }

    void parseContractOption(Contract &contract)
    {
        if (!at(TokenKind::Identifier)) {
            expected("a header option (name = value)");
            return;
        }
        ContractOption option;
        const Token &name = advance();
        option.name = std::string(name.text);
        option.nameRange = name.range;
        if (!expect(TokenKind::Assign, "'=' after the option name"))
            return;
        option.value = parseExpression();
        option.range = {name.range.begin, m_previousEnd};
        contract.options.push_back(std::move(option));
    }

    // --- clauses ----------------------------------------------------------------------------

    Clause parseClause()
    {
        Clause clause;
        const Token &keyword = advance();
        clause.keywordRange = keyword.range;
        switch (keyword.kind) {
        case TokenKind::KwRequire:
            clause.kind = ClauseKind::Require;
            break;
        case TokenKind::KwEnsureProb:
            clause.kind = ClauseKind::EnsureProb;
            break;
        case TokenKind::KwTemporal:
            clause.kind = ClauseKind::Temporal;
            break;
        default:
            clause.kind = ClauseKind::Ensure;
            break;
        }
        clause.condition = parseExpression();
        if (!m_panic && clause.kind == ClauseKind::EnsureProb) {
            if (expect(TokenKind::Comma, "',' and the target probability of ensure_prob"))
                clause.probability = parseExpression();
        }
        while (!m_panic && at(TokenKind::Identifier) && peek(1).kind == TokenKind::Colon) {
            ClauseOption option;
            const Token &name = advance();
            advance(); // ':'
            option.name = std::string(name.text);
            option.nameRange = name.range;
            option.value = parseExpression();
            option.range = {name.range.begin, m_previousEnd};
            clause.options.push_back(std::move(option));
        }
        if (!m_panic) {
            const TokenKind k = peek().kind;
            if (!isClauseKeyword(k) && k != TokenKind::RightBrace && k != TokenKind::EndOfFile
                && k != TokenKind::KwContract)
                expected(clause.options.empty() ? "an operator, a clause option or a new clause"
                                                : "a clause option or a new clause");
        }
        clause.range = {keyword.range.begin, m_previousEnd};
        return clause;
    }

    // --- expressions ------------------------------------------------------------------------

    ExprPtr node(ExprKind kind, SourcePosition begin)
    {
        auto e = std::make_unique<Expr>();
        e->kind = kind;
        e->range = {begin, m_previousEnd};
        return e;
    }
    void finish(Expr &e) { e.range.end = m_previousEnd; }

    // The depth guard: one per recursive rule entry.
    struct DepthGuard
    {
        Parser &parser;
        explicit DepthGuard(Parser &p)
            : parser(p)
        {
            ++parser.m_depth;
        }
        ~DepthGuard() { --parser.m_depth; }
    };
    bool tooDeep()
    {
        if (m_depth <= m_options.maxNestingDepth)
            return false;
        error(peek(), MessageId::NestingTooDeep,
            {{"limit", std::to_string(m_options.maxNestingDepth)}});
        return true;
    }

    ExprPtr parseExpression()
    {
        DepthGuard guard(*this);
        if (m_panic || tooDeep())
            return nullptr;
        ExprPtr e = parseImplies();
        // Loops build chains (`a + b + …`, `x.a.a…`, `f(x)[0].g`) without recursing here, so
        // the recursion guard alone does not bound the tree. Every later stage walks the tree
        // recursively: measure the whole expression once, at the outermost level — also when
        // a syntax error ended it (the partial tree is kept and checked like any other: a
        // 1.5-million-link `[1, 2].b.b…` cut short by an error overflowed the checker's stack).
        if (m_depth == 1 && e)
            return withinHeightLimit(std::move(e));
        return e;
    }

    // The expression, or nullptr and one E1103 when its tree is taller than the limit. The
    // walk keeps its own stack: the tree may be any height here.
    ExprPtr withinHeightLimit(ExprPtr e)
    {
        const auto limit = static_cast<std::size_t>(std::max(m_options.maxNestingDepth, 1));
        std::vector<std::pair<const Expr *, std::size_t>> stack {{e.get(), 1}};
        while (!stack.empty()) {
            const auto [node, height] = stack.back();
            stack.pop_back();
            if (height > limit) {
                error(node->range, MessageId::NestingTooDeepChain,
                    {{"limit", std::to_string(limit)}});
                return nullptr;
            }
            for (const ExprPtr &child : node->children)
                if (child)
                    stack.emplace_back(child.get(), height + 1);
        }
        return e;
    }

    ExprPtr binary(ExprKind kind, ExprPtr lhs, ExprPtr rhs)
    {
        auto e = std::make_unique<Expr>();
        e->kind = kind;
        e->range = {lhs ? lhs->range.begin : m_previousEnd, m_previousEnd};
        e->children.push_back(std::move(lhs));
        e->children.push_back(std::move(rhs));
        return e;
    }

    ExprPtr parseImplies()
    {
        ExprPtr lhs = parseUntil();
        if (m_panic || !at(TokenKind::KwImplies))
            return lhs;
        advance();
        DepthGuard guard(*this);
        if (tooDeep())
            return lhs;
        ExprPtr rhs = parseImplies();
        return binary(ExprKind::Implies, std::move(lhs), std::move(rhs));
    }

    ExprPtr parseUntil()
    {
        ExprPtr lhs = parseOr();
        if (m_panic || !at(TokenKind::KwUntil))
            return lhs;
        advance();
        DepthGuard guard(*this);
        if (tooDeep())
            return lhs;
        ExprPtr rhs = parseUntil();
        return binary(ExprKind::Until, std::move(lhs), std::move(rhs));
    }

    // `a or b or c` is one node with three children (and `and` alike): a generated condition
    // of 50,000 terms is one level of the tree, not 50,000.
    ExprPtr parseOr()
    {
        ExprPtr lhs = parseAnd();
        if (m_panic || !at(TokenKind::KwOr))
            return lhs;
        auto e = binary(ExprKind::Or, std::move(lhs), nullptr);
        e->children.pop_back();
        while (!m_panic && accept(TokenKind::KwOr))
            e->children.push_back(parseAnd());
        finish(*e);
        return e;
    }

    ExprPtr parseAnd()
    {
        ExprPtr lhs = parseNot();
        if (m_panic || !at(TokenKind::KwAnd))
            return lhs;
        auto e = binary(ExprKind::And, std::move(lhs), nullptr);
        e->children.pop_back();
        while (!m_panic && accept(TokenKind::KwAnd))
            e->children.push_back(parseNot());
        finish(*e);
        return e;
    }

    ExprPtr parseNot()
    {
        if (!at(TokenKind::KwNot))
            return parseComparison();
        DepthGuard guard(*this);
        if (tooDeep())
            return nullptr;
        const SourcePosition begin = advance().range.begin;
        ExprPtr operand = parseNot();
        auto e = node(ExprKind::Not, begin);
        e->children.push_back(std::move(operand));
        return e;
    }

    std::optional<ComparisonOperator> comparisonAhead() const noexcept
    {
        switch (peek().kind) {
        case TokenKind::EqualEqual:
            return ComparisonOperator::Equal;
        case TokenKind::NotEqual:
            return ComparisonOperator::NotEqual;
        case TokenKind::Less:
            return ComparisonOperator::Less;
        case TokenKind::LessEqual:
            return ComparisonOperator::LessEqual;
        case TokenKind::Greater:
            return ComparisonOperator::Greater;
        case TokenKind::GreaterEqual:
            return ComparisonOperator::GreaterEqual;
        case TokenKind::KwIn:
            return ComparisonOperator::In;
        case TokenKind::KwNot:
            if (peek(1).kind == TokenKind::KwIn)
                return ComparisonOperator::NotIn;
            return std::nullopt;
        default:
            return std::nullopt;
        }
    }

    ExprPtr parseComparison()
    {
        ExprPtr first = parseAdditive();
        auto op = comparisonAhead();
        if (m_panic || !op)
            return first;
        auto e = std::make_unique<Expr>();
        e->kind = ExprKind::Compare;
        e->range.begin = first ? first->range.begin : peek().range.begin;
        e->children.push_back(std::move(first));
        while (!m_panic && (op = comparisonAhead())) {
            advance();
            if (*op == ComparisonOperator::NotIn)
                advance();
            e->comparisonOperators.push_back(*op);
            e->children.push_back(parseAdditive());
        }
        finish(*e);
        return e;
    }

    ExprPtr parseAdditive()
    {
        ExprPtr lhs = parseMultiplicative();
        while (!m_panic && (at(TokenKind::Plus) || at(TokenKind::Minus))) {
            const auto op = advance().kind == TokenKind::Plus ? ArithmeticOperator::Add
                                                              : ArithmeticOperator::Subtract;
            lhs = binary(ExprKind::Arithmetic, std::move(lhs), parseMultiplicative());
            lhs->arithmeticOperator = op;
        }
        return lhs;
    }

    ExprPtr parseMultiplicative()
    {
        ExprPtr lhs = parseUnary();
        while (
            !m_panic && (at(TokenKind::Star) || at(TokenKind::Slash) || at(TokenKind::Percent))) {
            const TokenKind k = advance().kind;
            const auto op = k == TokenKind::Star ? ArithmeticOperator::Multiply
                : k == TokenKind::Slash          ? ArithmeticOperator::Divide
                                                 : ArithmeticOperator::Modulo;
            lhs = binary(ExprKind::Arithmetic, std::move(lhs), parseUnary());
            lhs->arithmeticOperator = op;
        }
        return lhs;
    }

    ExprPtr parseUnary()
    {
        if (!at(TokenKind::Minus))
            return parsePostfix();
        DepthGuard guard(*this);
        if (tooDeep())
            return nullptr;
        const SourcePosition begin = advance().range.begin;
        ExprPtr operand = parseUnary();
        // Fold `-literal` so that -9223372036854775807 - 1 and -1.5 are plain literals.
        if (operand && operand->kind == ExprKind::Int) {
            operand->intValue = -operand->intValue;
            operand->range.begin = begin;
            return operand;
        }
        if (operand && operand->kind == ExprKind::Float) {
            operand->floatValue = -operand->floatValue;
            operand->range.begin = begin;
            return operand;
        }
        auto e = node(ExprKind::Negate, begin);
        e->children.push_back(std::move(operand));
        return e;
    }

    ExprPtr parsePostfix()
    {
        ExprPtr e = parsePrimary();
        while (!m_panic) {
            if (at(TokenKind::LeftParen)) {
                if (!e || e->kind != ExprKind::Name) {
                    error(peek(), MessageId::CallOfNonFunction);
                    return e;
                }
                auto call = std::make_unique<Expr>();
                call->kind = ExprKind::Call;
                call->text = std::move(e->text);
                call->nameRange = e->range;
                call->range.begin = e->range.begin;
                parseArguments(*call);
                finish(*call);
                e = std::move(call);
            } else if (at(TokenKind::Dot)) {
                advance();
                if (!at(TokenKind::Identifier)) {
                    expected("a name after '.'");
                    return e;
                }
                const Token &name = advance();
                auto m = std::make_unique<Expr>();
                m->range.begin = e ? e->range.begin : name.range.begin;
                m->text = std::string(name.text);
                m->nameRange = name.range;
                m->children.push_back(std::move(e));
                if (at(TokenKind::LeftParen)) {
                    m->kind = ExprKind::Method;
                    parseArguments(*m);
                } else {
                    m->kind = ExprKind::Member;
                }
                finish(*m);
                e = std::move(m);
            } else if (at(TokenKind::LeftBracket)) {
                e = parseSubscript(std::move(e));
            } else {
                break;
            }
        }
        return e;
    }

    void parseArguments(Expr &call)
    {
        DepthGuard guard(*this);
        if (tooDeep())
            return;
        const Token &open = advance(); // '('
        while (!m_panic && !at(TokenKind::RightParen)) {
            if (at(TokenKind::EndOfFile)) {
                error(open, MessageId::UnclosedCall);
                return;
            }
            if (at(TokenKind::Identifier) && peek(1).kind == TokenKind::Assign) {
                const Token &name = advance();
                advance(); // '='
                call.argumentNames.emplace_back(name.text);
                call.argumentNameRanges.push_back(name.range);
            } else {
                call.argumentNames.emplace_back();
                call.argumentNameRanges.push_back({});
            }
            call.children.push_back(parseExpression());
            if (m_panic)
                return;
            if (!accept(TokenKind::Comma))
                break;
        }
        if (!m_panic)
            expect(TokenKind::RightParen, "')' or ','");
    }

    ExprPtr parseSubscript(ExprPtr object)
    {
        DepthGuard guard(*this);
        if (tooDeep())
            return object;
        const SourcePosition begin = object ? object->range.begin : peek().range.begin;
        advance(); // '['
        ExprPtr lower;
        if (!at(TokenKind::Colon))
            lower = parseExpression();
        if (m_panic)
            return object;
        if (accept(TokenKind::Colon)) {
            ExprPtr upper;
            if (!at(TokenKind::RightBracket))
                upper = parseExpression();
            expect(TokenKind::RightBracket, "']'");
            auto e = node(ExprKind::Slice, begin);
            e->children.push_back(std::move(object));
            e->children.push_back(std::move(lower));
            e->children.push_back(std::move(upper));
            return e;
        }
        expect(TokenKind::RightBracket, "']' or ':'");
        auto e = node(ExprKind::Index, begin);
        e->children.push_back(std::move(object));
        e->children.push_back(std::move(lower));
        return e;
    }

    ExprPtr parsePrimary()
    {
        const Token &t = peek();
        switch (t.kind) {
        case TokenKind::KwNull:
            advance();
            return node(ExprKind::Null, t.range.begin);
        case TokenKind::KwTrue:
        case TokenKind::KwFalse: {
            advance();
            auto e = node(ExprKind::Bool, t.range.begin);
            e->boolValue = t.kind == TokenKind::KwTrue;
            return e;
        }
        case TokenKind::Integer: {
            advance();
            auto e = node(ExprKind::Int, t.range.begin);
            e->intValue = decodeIntegerLiteral(t).value_or(0); // out of range: lexer reported
            return e;
        }
        case TokenKind::Float: {
            advance();
            auto e = node(ExprKind::Float, t.range.begin);
            e->floatValue = decodeFloatLiteral(t).value_or(0.0);
            return e;
        }
        case TokenKind::String:
        case TokenKind::RawString: {
            advance();
            auto e = node(ExprKind::String, t.range.begin);
            e->text = decodeStringLiteral(t);
            // Adjacent literals concatenate, as in Python: "a" "b" is "ab".
            while (at(TokenKind::String) || at(TokenKind::RawString)) {
                e->text += decodeStringLiteral(advance());
                finish(*e);
            }
            return e;
        }
        case TokenKind::Identifier: {
            advance();
            auto e = node(ExprKind::Name, t.range.begin);
            e->text = std::string(t.text);
            return e;
        }
        case TokenKind::LeftParen: {
            DepthGuard guard(*this);
            if (tooDeep())
                return nullptr;
            advance();
            ExprPtr inner = parseExpression();
            if (m_panic)
                return inner;
            if (!accept(TokenKind::RightParen)) {
                if (at(TokenKind::EndOfFile))
                    error(t, MessageId::UnclosedDelimiter, {{"delimiter", "("}});
                else
                    expected("')'");
            }
            if (inner)
                inner->range = {t.range.begin, m_previousEnd}; // parentheses belong to it
            return inner;
        }
        case TokenKind::LeftBracket:
            return parseList();
        case TokenKind::LeftBrace:
            return parseMap();
        case TokenKind::KwIf:
            return parseIf();
        default:
            if (isTemporalPrefix(t.kind))
                return parseTemporalPrefix();
            expected("an expression");
            return nullptr;
        }
    }

    ExprPtr parseList()
    {
        DepthGuard guard(*this);
        if (tooDeep())
            return nullptr;
        const Token &open = advance();
        auto e = std::make_unique<Expr>();
        e->kind = ExprKind::List;
        e->range.begin = open.range.begin;
        while (!m_panic && !at(TokenKind::RightBracket)) {
            if (at(TokenKind::EndOfFile)) {
                error(open, MessageId::UnclosedDelimiter, {{"delimiter", "["}});
                finish(*e);
                return e;
            }
            e->children.push_back(parseExpression());
            if (!accept(TokenKind::Comma))
                break;
        }
        if (!m_panic)
            expect(TokenKind::RightBracket, "']' or ','");
        finish(*e);
        return e;
    }

    ExprPtr parseMap()
    {
        DepthGuard guard(*this);
        if (tooDeep())
            return nullptr;
        const Token &open = advance();
        auto e = std::make_unique<Expr>();
        e->kind = ExprKind::Map;
        e->range.begin = open.range.begin;
        while (!m_panic && !at(TokenKind::RightBrace)) {
            if (at(TokenKind::EndOfFile)) {
                error(open, MessageId::UnclosedDelimiter, {{"delimiter", "{"}});
                finish(*e);
                return e;
            }
            e->children.push_back(parseExpression());
            if (m_panic)
                break;
            if (!expect(TokenKind::Colon, "':' after the map key"))
                break;
            e->children.push_back(parseExpression());
            if (!accept(TokenKind::Comma))
                break;
        }
        if (!m_panic)
            expect(TokenKind::RightBrace, "'}' or ','");
        finish(*e);
        return e;
    }

    ExprPtr parseIf()
    {
        DepthGuard guard(*this);
        if (tooDeep())
            return nullptr;
        const SourcePosition begin = advance().range.begin;
        auto e = std::make_unique<Expr>();
        e->kind = ExprKind::If;
        e->range.begin = begin;
        e->children.push_back(parseExpression());
        if (!m_panic && expect(TokenKind::KwThen, "'then'"))
            e->children.push_back(parseExpression());
        if (!m_panic && expect(TokenKind::KwElse, "'else' (an if expression needs both branches)"))
            e->children.push_back(parseExpression());
        finish(*e);
        return e;
    }

    // always T, eventually T, next T, within N T, since E then T: each takes everything to its
    // right (LANGUAGE.md §7), so the operand is a whole expression.
    ExprPtr parseTemporalPrefix()
    {
        DepthGuard guard(*this);
        if (tooDeep())
            return nullptr;
        const Token &keyword = advance();
        auto e = std::make_unique<Expr>();
        e->range.begin = keyword.range.begin;
        switch (keyword.kind) {
        case TokenKind::KwAlways:
            e->kind = ExprKind::Always;
            break;
        case TokenKind::KwEventually:
            e->kind = ExprKind::Eventually;
            break;
        case TokenKind::KwNext:
            e->kind = ExprKind::Next;
            break;
        case TokenKind::KwWithin: {
            e->kind = ExprKind::Within;
            if (!at(TokenKind::Integer)) {
                expected("the number of turns after 'within'");
                finish(*e);
                return e;
            }
            e->intValue = decodeIntegerLiteral(advance()).value_or(0);
            break;
        }
        default: // since
            e->kind = ExprKind::Since;
            e->children.push_back(parseExpression());
            if (m_panic || !expect(TokenKind::KwThen, "'then' after the condition of 'since'")) {
                finish(*e);
                return e;
            }
            break;
        }
        e->children.push_back(parseExpression());
        finish(*e);
        return e;
    }

    const ParseOptions &m_options;
    Lexer m_lexer;
    std::array<Token, 2> m_lookahead;
    SourcePosition m_previousEnd;
    SourceFile m_file;
    int m_depth = 0;
    bool m_panic = false;
    bool m_capped = false;
};

} // namespace

SourceFile parseSource(std::string_view source, const ParseOptions &options)
{
    Parser parser(source, options);
    return parser.run();
}

} // namespace llmcl::engine
