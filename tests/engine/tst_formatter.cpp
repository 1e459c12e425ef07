// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/diagnostic.h"
#include "engine/formatter.h"
#include "engine/lexer.h"
#include "engine/parser.h"
#include "engine/token.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "tests/common/testpaths.h"

using namespace Qt::StringLiterals;
using namespace llmcl::engine;

namespace {

std::string_view view(const QByteArray &data)
{
    return {data.constData(), static_cast<std::size_t>(data.size())};
}

QString fromView(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

std::string format(std::string_view source)
{
    return formatSource(source).text;
}

bool hasError(const std::vector<Diagnostic> &diagnostics)
{
    return std::ranges::any_of(
        diagnostics, [](const Diagnostic &d) { return d.severity == Severity::Error; });
}

// The text a token must keep through formatting. The formatter writes LF line endings
// everywhere (raw strings included: the lexer gives "\r\n" inside them the value "\n", so
// their value does not change) and drops the whitespace that ends a comment's lines.
std::string normalised(const Token &token)
{
    std::string text;
    std::string_view rest = token.text;
    while (true) {
        const std::size_t newline = rest.find('\n');
        std::string_view line = rest.substr(0, newline);
        if (isComment(token.kind)) {
            while (!line.empty()
                && std::string_view(" \t\r\f\v").find(line.back()) != std::string_view::npos)
                line.remove_suffix(1);
        } else if (line.ends_with('\r') && newline != std::string_view::npos) {
            line.remove_suffix(1);
        }
        text += line;
        if (newline == std::string_view::npos)
            return text;
        text += '\n';
        rest.remove_prefix(newline + 1);
    }
}

struct TokenStreams
{
    QStringList code; // "Kind text" of every non-comment token
    QStringList comments; // the normalised text of every comment
};

TokenStreams streams(std::string_view source)
{
    TokenStreams result;
    for (const Token &token : tokenize(source).tokens) {
        if (token.kind == TokenKind::EndOfFile)
            break;
        const QString text = fromView(normalised(token));
        if (isComment(token.kind))
            result.comments << text;
        else
            result.code << fromView(tokenKindName(token.kind)) + u' ' + text;
    }
    return result;
}

QString firstDifference(const QStringList &before, const QStringList &after)
{
    const qsizetype n = std::min(before.size(), after.size());
    for (qsizetype i = 0; i < n; ++i) {
        if (before[i] != after[i])
            return u"#%1: «%2» became «%3»"_s.arg(i).arg(before[i], after[i]);
    }
    return u"%1 tokens became %2"_s.arg(before.size()).arg(after.size());
}

// Every promise of formatSource() for one input; empty when all hold.
QString checkProperties(std::string_view source)
{
    const FormatResult first = formatSource(source);
    const bool parses = !hasError(parseSource(source).diagnostics);
    if (hasError(first.diagnostics) == parses)
        return u"errors reported for a source that parses, or none for one that does not"_s;
    if (hasError(first.diagnostics)) {
        if (first.text != source || first.changed)
            return u"input with lexical or syntax errors was changed"_s;
        return {};
    }
    const std::string &out = first.text;
    if (first.changed != (out != source))
        return u"changed flag is wrong"_s;
    const FormatResult second = formatSource(out);
    if (hasError(second.diagnostics))
        return u"the output does not lex: "_s + fromView(second.diagnostics.front().message);
    if (second.text != out)
        return u"not idempotent; first pass:\n"_s + fromView(out) + u"second pass:\n"_s
            + fromView(second.text);

    const TokenStreams before = streams(source);
    const TokenStreams after = streams(out);
    if (before.code != after.code)
        return u"code tokens differ: "_s + firstDifference(before.code, after.code);
    if (before.comments != after.comments)
        return u"comments differ: "_s + firstDifference(before.comments, after.comments);
    // Formatting never changes the program: the same tree and the same diagnostics, ranges
    // aside (they move with the layout).
    const SourceFile treeBefore = parseSource(source);
    const SourceFile treeAfter = parseSource(out);
    if (dumpAst(treeBefore, false) != dumpAst(treeAfter, false))
        return u"the syntax tree changed:\n"_s + fromView(dumpAst(treeBefore, false))
            + u"became\n"_s + fromView(dumpAst(treeAfter, false));
    if (treeBefore.diagnostics.size() != treeAfter.diagnostics.size())
        return u"the number of syntax diagnostics changed"_s;

    if (before.code.isEmpty() && before.comments.isEmpty())
        return out.empty() ? QString() : u"a source without tokens must format to nothing"_s;
    if (!out.ends_with('\n') || out.ends_with("\n\n"))
        return u"the output must end with exactly one newline"_s;
    if (out.starts_with("\xEF\xBB\xBF") || out.starts_with('\n'))
        return u"the output starts with a byte order mark or an empty line"_s;
    if (out.find("\r\n") != std::string::npos)
        return u"the output has a CRLF line ending"_s;
    // Blank lines and trailing whitespace inside a token are its text, not layout.
    const LexResult lexed = tokenize(out);
    const auto inside = [&lexed](std::size_t p, bool blockComments) {
        return std::ranges::any_of(lexed.tokens, [&](const Token &token) {
            const bool multiLine = token.kind == TokenKind::RawString
                || (blockComments && token.kind == TokenKind::BlockComment);
            return multiLine && token.range.begin.offset < p && p < token.range.end.offset;
        });
    };
    for (const Token &token : lexed.tokens) {
        if ((token.kind == TokenKind::LineComment || token.kind == TokenKind::HashComment)
            && out[token.range.end.offset] != '\n')
            return u"a line comment does not end its line: "_s + fromView(token.text);
    }
    for (std::size_t p = out.find("\n\n\n"); p != std::string::npos;
        p = out.find("\n\n\n", p + 1)) {
        if (!inside(p + 1, true))
            return u"two blank lines in a row at byte %1:\n"_s.arg(p) + fromView(out);
    }
    for (std::size_t p = out.find('\n'); p != std::string::npos; p = out.find('\n', p + 1)) {
        if (p > 0 && (out[p - 1] == ' ' || out[p - 1] == '\t') && !inside(p, false))
            return u"trailing whitespace at byte %1:\n"_s.arg(p) + fromView(out);
    }
    return {};
}

QStringList lines(const QByteArray &text)
{
    QStringList result = QString::fromUtf8(text).split(u'\n');
    if (!result.isEmpty() && result.constLast().isEmpty())
        result.removeLast();
    return result;
}

// A unified-style line diff (longest common subsequence, two lines of context), so that a
// golden failure shows what changed and where.
QString lineDiff(const QStringList &expected, const QStringList &actual)
{
    const auto n = static_cast<std::size_t>(expected.size());
    const auto m = static_cast<std::size_t>(actual.size());
    std::vector<std::vector<int>> lcs(n + 1, std::vector<int>(m + 1, 0));
    for (std::size_t i = n; i-- > 0;) {
        for (std::size_t j = m; j-- > 0;) {
            lcs[i][j] = expected[qsizetype(i)] == actual[qsizetype(j)]
                ? lcs[i + 1][j + 1] + 1
                : std::max(lcs[i + 1][j], lcs[i][j + 1]);
        }
    }
    // (marker, line number in expected or actual, text)
    std::vector<std::pair<QChar, QString>> script;
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && expected[qsizetype(i)] == actual[qsizetype(j)]) {
            script.emplace_back(u' ', expected[qsizetype(i)]);
            ++i;
            ++j;
        } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
            script.emplace_back(u'+', actual[qsizetype(j++)]);
        } else {
            script.emplace_back(u'-', expected[qsizetype(i++)]);
        }
    }
    constexpr std::size_t context = 2;
    QString diff;
    std::size_t expectedLine = 1;
    bool skipping = false;
    for (std::size_t k = 0; k < script.size(); ++k) {
        const auto near = [&] {
            const std::size_t from = k >= context ? k - context : 0;
            const std::size_t to = std::min(script.size(), k + context + 1);
            for (std::size_t q = from; q < to; ++q) {
                if (script[q].first != u' ')
                    return true;
            }
            return false;
        };
        if (near()) {
            if (skipping || diff.isEmpty())
                diff += u"@@ expected line %1 @@\n"_s.arg(expectedLine);
            skipping = false;
            diff += script[k].first + script[k].second + u'\n';
        } else {
            skipping = true;
        }
        if (script[k].first != u'+')
            ++expectedLine;
    }
    return diff;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

QStringList exampleFiles()
{
    const QDir dir(llmcl::test::sourcePath(u"/resources/examples"));
    QStringList paths;
    for (const QString &name : dir.entryList({u"*.llmcl"_s}, QDir::Files, QDir::Name))
        paths << dir.filePath(name);
    return paths;
}

QStringList goldenInputs()
{
    const QDir dir(llmcl::test::testDataPath(u"/fmt"));
    QStringList paths;
    for (const QString &name : dir.entryList({u"*.llmcl"_s}, QDir::Files, QDir::Name)) {
        if (!name.endsWith(u".formatted.llmcl"_s))
            paths << dir.filePath(name);
    }
    return paths;
}

// Pieces of LLMCL for the generated inputs: every token kind, the words the layout treats
// specially, comments of every kind (some with trailing blanks or line breaks inside), and
// tokens that would lex differently if written together (`r` before a string, `1` before `.`).
const std::vector<std::string_view> &vocabulary()
{
    static const std::vector<std::string_view> words = {"contract", "contract", "Name", "extends",
        "Base", "import", "from", "safety", "require", "ensure", "ensure_prob", "temporal",
        "message", "severity", "auto_fix", "confidence", "tags", "window_size", "priority",
        "critical", "if", "then", "else", "and", "or", "not", "in", "implies", "always",
        "eventually", "next", "within", "until", "since", "true", "false", "null", "x", "r", "len",
        "response", "content", "0", "1", "42", "1.5", ".5", "1.", "1e5", "0x1F", "\"s\"", "'q'",
        "\"a\\\"b\"", "r\"raw\"", "r\"multi\nline\"", "r\"crlf\r\nline\"", "(", "(", ")", ")", "[",
        "[", "]", "]", "{", "{", "}", "}", ",", ",", ".", ":", ":", "=", "==", "!=", "<", "<=", ">",
        ">=", "+", "-", "-", "*", "/", "%", "// line comment", "// trailing blanks  ",
        "# hash comment", "/* block */", "/* multi\n   line */", "/* crlf\r\n */", "/**/",
        "/* é ✓ */", "\"ünïcödé\""};
    return words;
}

const std::vector<std::string_view> &separators()
{
    static const std::vector<std::string_view> seps = {
        " ", " ", " ", "", "", "\n", "\n", "\n\n", "\n\n\n", "\r\n", "\t", "  \n  ", "\n\t"};
    return seps;
}

std::string generated(quint32 seed)
{
    QRandomGenerator random(seed);
    const auto &words = vocabulary();
    const auto &seps = separators();
    std::string source;
    if (random.bounded(3) == 0)
        source += "\xEF\xBB\xBF";
    // Half of the inputs look like contracts, so that the clause and option rules get exercised.
    if (random.bounded(2) == 0)
        source += "import a\nfrom b import C, D\ncontract K(p = 1) {\n    ensure ";
    const int count = 1 + static_cast<int>(random.bounded(80));
    for (int k = 0; k < count; ++k) {
        source += words[random.bounded(static_cast<quint32>(words.size()))];
        source += seps[random.bounded(static_cast<quint32>(seps.size()))];
    }
    if (random.bounded(2) == 0)
        source += "\n}\n";
    return source;
}

// source with the whitespace between its tokens replaced at random, keeping only what the
// layout preserves: whether a gap holds a line break, and whether it holds a blank line.
std::string respaced(std::string_view source, quint32 seed)
{
    QRandomGenerator random(seed);
    const auto horizontal = [&random] {
        static constexpr std::string_view pieces[] = {" ", "  ", "\t", "   "};
        return pieces[random.bounded(4)];
    };
    std::string out;
    std::size_t end = 0;
    for (const Token &token : tokenize(source).tokens) {
        const std::string_view gap = source.substr(end, token.range.begin.offset - end);
        const auto newlines = std::ranges::count(gap, '\n');
        if (newlines > 0) {
            const int breaks = newlines == 1 ? 1 : 2 + int(random.bounded(3));
            for (int k = 0; k < breaks; ++k) {
                if (random.bounded(2) == 0)
                    out += horizontal(); // trailing blanks and indentation of empty lines
                out += random.bounded(4) == 0 ? "\r\n" : "\n";
            }
            out += horizontal();
        } else if (!gap.empty() || (end > 0 && random.bounded(4) == 0)) {
            // Sometimes a space where there was none, if the tokens stay apart.
            out += horizontal();
        }
        out += token.text;
        end = token.range.end.offset;
    }
    return out;
}

// Random contracts that parse: imports, headers in every written form, clauses of every kind
// with options, expressions of every kind, comments between tokens and random line breaks and
// spaces. What the token soup of generated() almost never is: text that the formatter lays
// out rather than leaves alone.
class ContractGenerator
{
public:
    explicit ContractGenerator(quint32 seed)
        : m_random(seed)
    { }

    std::string source()
    {
        if (chance(3))
            m_tokens.push_back("\xEF\xBB\xBF");
        if (chance(2))
            add({"import", "safety"});
        if (chance(3))
            add({"from", "formats", "import", "A", ",", "B"});
        const int contracts = 1 + int(m_random.bounded(3));
        for (int c = 0; c < contracts; ++c)
            contract(c);
        return joined();
    }

private:
    bool chance(quint32 oneIn) { return m_random.bounded(oneIn) == 0; }

    template<std::size_t N>
    std::string_view pick(const std::string_view (&items)[N])
    {
        return items[m_random.bounded(static_cast<quint32>(N))];
    }

    void add(std::initializer_list<std::string_view> tokens)
    {
        for (const std::string_view token : tokens)
            m_tokens.emplace_back(token);
    }

    void contract(int index)
    {
        add({"contract", index == 0 ? "First" : index == 1 ? "Second" : "Third"});
        static constexpr std::string_view values[] = {"critical", "high", "\"low\"", "first_wins",
            "best_fix", "100", "-1.5", "true", "null", "\"text\"", "[1, 2]", "{\"k\": 1}"};
        static constexpr std::string_view names[] = {"priority", "PRIORITY", "resolution",
            "fix_strategy", "description", "max_input", "words"};
        const quint32 options = m_random.bounded(4);
        const bool parenthesised = options > 0 && chance(2);
        if (parenthesised)
            add({"("});
        for (quint32 i = 0; i < options; ++i) {
            if (i > 0 && (parenthesised || chance(2)))
                add({","});
            m_tokens.emplace_back(pick(names));
            add({"="});
            for (const std::string_view token : split(pick(values)))
                m_tokens.emplace_back(token);
        }
        if (parenthesised)
            add({")"});
        if (chance(3))
            add({"extends", "Base"});
        add({"{"});
        const int clauses = int(m_random.bounded(5));
        for (int c = 0; c < clauses; ++c)
            clause();
        add({"}"});
    }

    // A literal written as tokens ("[1, 2]" → "[", "1", ",", "2", "]").
    static std::vector<std::string> split(std::string_view text)
    {
        std::vector<std::string> tokens;
        std::string current;
        bool inString = false;
        for (const char c : text) {
            if (inString) {
                current += c;
                inString = c != '"';
                continue;
            }
            if (c == '"') {
                current += c;
                inString = true;
            } else if (std::string_view("[]{},:").find(c) != std::string_view::npos) {
                if (!current.empty())
                    tokens.push_back(std::exchange(current, {}));
                tokens.emplace_back(1, c);
            } else if (c == ' ') {
                if (!current.empty())
                    tokens.push_back(std::exchange(current, {}));
            } else {
                current += c;
            }
        }
        if (!current.empty())
            tokens.push_back(current);
        return tokens;
    }

    void clause()
    {
        static constexpr std::string_view kinds[] = {
            "require", "ensure", "ensure", "ensure_prob", "temporal"};
        const std::string_view kind = pick(kinds);
        m_tokens.emplace_back(kind);
        if (kind == "temporal")
            temporal(2);
        else
            expression(3);
        if (kind == "ensure_prob")
            add({",", chance(2) ? "0.9" : "1"});
        const quint32 options = m_random.bounded(4);
        for (quint32 i = 0; i < options; ++i) {
            switch (m_random.bounded(kind == "ensure_prob" ? 4 : 5)) {
            case 0:
                add({"message", ":", "\"a message\""});
                if (chance(3))
                    add({"+", "\" continued\""});
                break;
            case 1: {
                static constexpr std::string_view severities[] = {
                    "critical", "error", "\"warning\"", "info", "INFO"};
                add({"severity", ":"});
                m_tokens.emplace_back(pick(severities));
                break;
            }
            case 2:
                add({"tags", ":", "[", "\"pii\"", ",", "\"format\"", "]"});
                break;
            case 3:
                if (kind == "ensure_prob") {
                    add({"window_size", ":", chance(2) ? "session" : "50"});
                    break;
                }
                add({"confidence", ":", "0.5"});
                break;
            default:
                add({"auto_fix", ":"});
                expression(2);
            }
        }
    }

    void temporal(int depth)
    {
        switch (depth <= 0 ? 5u : m_random.bounded(6)) {
        case 0:
            add({"always"});
            temporal(depth - 1);
            return;
        case 1:
            add({"eventually"});
            temporal(depth - 1);
            return;
        case 2:
            add({"within", "2"});
            temporal(depth - 1);
            return;
        case 3:
            add({"("});
            temporal(depth - 1);
            add({")", "until", "("});
            temporal(depth - 1);
            add({")"});
            return;
        case 4:
            add({"since"});
            operand(1);
            add({"then"});
            temporal(depth - 1);
            return;
        default:
            expression(1);
        }
    }

    void expression(int depth)
    {
        switch (depth <= 0 ? 0u : m_random.bounded(8)) {
        case 0:
        case 1:
            operand(depth);
            return;
        case 2: {
            static constexpr std::string_view ops[] = {
                "+", "-", "*", "/", "%", "and", "or", "implies"};
            operand(depth - 1);
            m_tokens.emplace_back(pick(ops));
            operand(depth - 1);
            return;
        }
        case 3: {
            static constexpr std::string_view comparisons[] = {"==", "!=", "<", "<=", ">", ">="};
            operand(depth - 1);
            m_tokens.emplace_back(pick(comparisons));
            operand(depth - 1);
            if (chance(3)) {
                m_tokens.emplace_back(pick(comparisons));
                operand(depth - 1);
            }
            return;
        }
        case 4:
            add({"not"});
            operand(depth - 1);
            return;
        case 5:
            operand(depth - 1);
            if (chance(2))
                add({"not"});
            add({"in"});
            operand(depth - 1);
            return;
        case 6:
            add({"if"});
            expression(depth - 1);
            add({"then"});
            expression(depth - 1);
            add({"else"});
            expression(depth - 1);
            return;
        default:
            add({"-"});
            operand(depth - 1);
        }
    }

    // An operand: an atom or a bracketed form, with postfix operations.
    void operand(int depth)
    {
        static constexpr std::string_view names[] = {
            "x", "response", "content", "context", "max_input", "turn_number"};
        static constexpr std::string_view numbers[] = {
            "0", "42", "1.5", ".5", "1.", "1e5", "0x1F", "1_000", "2e-3"};
        static constexpr std::string_view strings[] = {"\"s\"", "'q'", "\"a\\\"b\"", "r\"raw\"",
            "r\"multi\nline\"", "\"ünïcödé\"", "\"\\d+\""};
        bool name = false;
        switch (depth <= 0 ? m_random.bounded(4) : m_random.bounded(9)) {
        case 0:
            m_tokens.emplace_back(pick(names));
            name = true;
            break;
        case 1:
            m_tokens.emplace_back(pick(numbers));
            return; // no postfix: `1.abs` would lex as a malformed number
        case 2:
            m_tokens.emplace_back(pick(strings));
            break;
        case 3: {
            static constexpr std::string_view constants[] = {"true", "false", "null"};
            m_tokens.emplace_back(pick(constants));
            return;
        }
        case 4:
            add({"("});
            expression(depth - 1);
            add({")"});
            break;
        case 5:
        case 6: {
            static constexpr std::string_view functions[] = {
                "len", "contains", "match", "lower", "json_extract", "split", "round"};
            m_tokens.emplace_back(pick(functions));
            add({"("});
            const quint32 arguments = m_random.bounded(3);
            for (quint32 i = 0; i < arguments; ++i) {
                if (i > 0)
                    add({","});
                expression(depth - 1);
            }
            if (chance(3)) {
                if (arguments > 0)
                    add({","});
                add({"sep", "="});
                expression(depth - 1);
            }
            add({")"});
            break;
        }
        case 7:
            add({"["});
            for (quint32 i = 0, n = m_random.bounded(3); i < n; ++i) {
                if (i > 0)
                    add({","});
                expression(depth - 1);
            }
            add({"]"});
            break;
        default:
            add({"{"});
            for (quint32 i = 0, n = m_random.bounded(3); i < n; ++i) {
                if (i > 0)
                    add({","});
                add({"\"k\"", ":"});
                expression(depth - 1);
            }
            add({"}"});
        }
        for (quint32 i = 0, n = m_random.bounded(3); i < n; ++i) {
            switch (m_random.bounded(4)) {
            case 0:
                add({".", "strip", "(", ")"});
                break;
            case 1:
                if (!name)
                    break;
                add({".", "user_type"});
                break;
            case 2:
                add({"["});
                expression(depth - 1);
                add({"]"});
                break;
            default:
                add({"["});
                if (chance(2))
                    add({"1"});
                add({":"});
                if (chance(2))
                    add({"-", "1"});
                add({"]"});
            }
        }
    }

    // The tokens with random gaps: spaces, tabs, line breaks (LF and CRLF), blank lines, nothing
    // at all next to a bracket or a comma, and comments of every kind.
    std::string joined()
    {
        static constexpr std::string_view gaps[] = {
            " ", " ", " ", "  ", "\t", "\n", "\n", "\n\n", "\n\n\n", "\r\n", " \n  "};
        static constexpr std::string_view comments[] = {
            "/* block */", "/* multi\n   line */", "/**/", "/* é ✓ */"};
        static constexpr std::string_view lineComments[] = {
            "// line comment", "// trailing blanks  ", "# hash comment"};
        const auto tight = [](std::string_view token) {
            return token.size() == 1
                && std::string_view("()[]{},").find(token[0]) != std::string_view::npos;
        };
        std::string out;
        for (std::size_t i = 0; i < m_tokens.size(); ++i) {
            out += m_tokens[i];
            if (i + 1 == m_tokens.size() || m_tokens[i] == "\xEF\xBB\xBF")
                continue;
            if (chance(12)) {
                out += ' ';
                out += chance(2) ? pick(comments) : pick(lineComments);
                out += '\n';
                continue;
            }
            if ((tight(m_tokens[i]) || tight(m_tokens[i + 1])) && chance(2))
                continue;
            out += pick(gaps);
        }
        if (chance(2))
            out += '\n';
        return out;
    }

    QRandomGenerator m_random;
    std::vector<std::string> m_tokens;
};

} // namespace

class TestFormatter : public QObject
{
    Q_OBJECT

private slots:
    void layout_data();
    void layout();
    void lineCommentEndsItsLine_data();
    void lineCommentEndsItsLine();
    void lexicalErrorsLeaveTheInput();
    void emptyInput_data();
    void emptyInput();
    void indentWidth();
    void goldens_data();
    void goldens();
    void examplesAreFormatted_data();
    void examplesAreFormatted();
    void properties_data();
    void properties();
    void generatedInputs();
    void generatedContracts();
    void syntaxErrorsLeaveTheInput_data();
    void syntaxErrorsLeaveTheInput();
    void respacedExamplesFormatBack_data();
    void respacedExamplesFormatBack();
};

void TestFormatter::layout_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    const auto row = [](const char *name, const char *input, const char *expected) {
        QTest::newRow(name) << QString::fromUtf8(input) << QString::fromUtf8(expected);
    };
    row("binary-operators", "contract C{ensure a==b and c!=d or e<=f+g*h%i/j}",
        "contract C {\n    ensure a == b and c != d or e <= f + g * h % i / j\n}\n");
    row("unary-minus", "contract C{ensure x*-y==- 1 and f(-2)[- 1]and z- -1}",
        "contract C {\n    ensure x * -y == -1 and f(-2)[-1] and z - -1\n}\n");
    row("unary-minus-after-keyword", "contract C{ensure if a then -1 else - 2}",
        "contract C {\n    ensure if a then -1 else -2\n}\n");
    row("calls-and-members", "contract C{ensure f ( x , y ) . g ( ) [ 0 ] and x . y}",
        "contract C {\n    ensure f(x, y).g()[0] and x.y\n}\n");
    row("keyword-argument", "contract C{ensure split(s,sep=\",\")}",
        "contract C {\n    ensure split(s, sep = \",\")\n}\n");
    row("slices", "contract C{ensure x[1 : 3]+x[ : n]+x[n : ]+x[:-1]}",
        "contract C {\n    ensure x[1:3] + x[:n] + x[n:] + x[:-1]\n}\n");
    row("map-literal", "contract C{ensure m=={ \"k\" :v,'j':[ 1,2 ] }}",
        "contract C {\n    ensure m == {\"k\": v, 'j': [1, 2]}\n}\n");
    row("empty-brackets", "contract C{ensure f( )==[ ] and { }=={}}",
        "contract C {\n    ensure f() == [] and {} == {}\n}\n");
    row("not-in", "contract C{ensure x not  in y and not(a)}",
        "contract C {\n    ensure x not in y and not (a)\n}\n");
    row("clause-options-split",
        "contract C{require x message:\"m\" severity:warning auto_fix:y confidence:0.5 "
        "tags:[\"t\"]}",
        "contract C {\n    require x\n        message: \"m\"\n        severity: warning\n"
        "        auto_fix: y\n        confidence: 0.5\n        tags: [\"t\"]\n}\n");
    row("option-name-as-context-key", "contract C{ensure message==1 and x[message:2]}",
        "contract C {\n    ensure message == 1 and x[message:2]\n}\n");
    row("header-parenthesised", "contract  C ( priority=high ,fix_strategy = best_fix )extends B{}",
        "contract C(priority = high, fix_strategy = best_fix) extends B {\n}\n");
    row("header-bare", "contract C priority=high  fix_strategy=best_fix{ensure x}",
        "contract C priority = high fix_strategy = best_fix {\n    ensure x\n}\n");
    row("header-brace-joined", "contract C\n{\nensure x\n}", "contract C {\n    ensure x\n}\n");
    row("imports", "import a import b from c import D,E contract C{}",
        "import a\nimport b\nfrom c import D, E\n\ncontract C {\n}\n");
    row("from-import-joined", "from c\nimport D", "from c import D\n");
    row("contracts-separated", "contract A{}contract B{}\n\n\n\ncontract C{}",
        "contract A {\n}\n\ncontract B {\n}\n\ncontract C {\n}\n");
    row("blank-lines-between-clauses", "contract C{\n\n\nensure a\n\n\n\nensure b\n\n}",
        "contract C {\n    ensure a\n\n    ensure b\n}\n");
    row("continuation-aligned", "contract C{ensure a\nor b\n  message: \"m\"\n+ \"n\"}",
        "contract C {\n    ensure a\n           or b\n        message: \"m\"\n"
        "                 + \"n\"\n}\n");
    row("continuation-in-brackets", "contract C{ensure f(a,\nb) and g(\nc\n)}",
        "contract C {\n    ensure f(a,\n             b) and g(\n                 c\n             "
        ")\n}\n");
    row("clause-keyword-joined", "contract C{ensure\nx\nmessage:\n\"m\"}",
        "contract C {\n    ensure x\n        message: \"m\"\n}\n");
    row("temporal",
        "contract C{temporal always(a implies within 2 b)until  next c\n"
        "temporal since d then   e}",
        "contract C {\n    temporal always (a implies within 2 b) until next c\n"
        "    temporal since d then e\n}\n");
    row("ensure-prob", "contract C{ensure_prob a ,0.9 window_size:session}",
        "contract C {\n    ensure_prob a, 0.9\n        window_size: session\n}\n");
    row("trailing-comments", "contract C{ // c1\nensure a // c2\nmessage: \"m\"# c3\n} // c4",
        "contract C { // c1\n    ensure a // c2\n        message: \"m\" # c3\n} // c4\n");
    row("own-line-comments",
        "// top\ncontract C{\n// before clause\nensure a\n// before option\nmessage: \"m\"\n"
        "// before brace\n}\n// end",
        "// top\ncontract C {\n    // before clause\n    ensure a\n        // before option\n"
        "        message: \"m\"\n    // before brace\n}\n\n// end\n");
    row("block-comment-inline", "contract C{ensure a/*x*/+ /*y*/b and f(/*z*/)}",
        "contract C {\n    ensure a /*x*/ + /*y*/ b and f( /*z*/)\n}\n");
    row("comment-group-before-contract",
        "import a\n// about C\n/* more */\ncontract C{}\n// about D\ncontract D{}",
        "import a\n\n// about C\n/* more */\ncontract C {\n}\n\n// about D\ncontract D {\n}\n");
    row("crlf", "contract C {\r\n    ensure a // c\r\n}\r\n",
        "contract C {\n    ensure a // c\n}\n");
    row("bom",
        "\xEF\xBB\xBF"
        "contract C {}",
        "contract C {\n}\n");
    row("number-fuse", "contract C{ensure r==r\"x\" and 1 . real}",
        "contract C {\n    ensure r == r\"x\" and 1 .real\n}\n");
    // Text that does not parse stays as it is (syntaxErrorsLeaveTheInput).
    row("stray-tokens", ") ] } ensure x\ncontract C{ensure f(x }\nfoo",
        ") ] } ensure x\ncontract C{ensure f(x }\nfoo");
}

void TestFormatter::layout()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    const QByteArray source = input.toUtf8();
    const QString actual = fromView(format(view(source)));
    QCOMPARE(actual, expected);
    const QString violation = checkProperties(view(source));
    QVERIFY2(violation.isEmpty(), qPrintable(violation));
}

// A line comment runs to the end of its line, so the formatter must end the line after it
// whatever it would otherwise join there; each row would lose a token if it did not.
void TestFormatter::lineCommentEndsItsLine_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::newRow("before-comma") << QByteArray("contract C{ensure f(a // c\n, b)}");
    QTest::newRow("before-colon") << QByteArray("contract C{ensure a message // c\n: \"m\"}");
    QTest::newRow("after-clause-keyword") << QByteArray("contract C{ensure // c\na}");
    QTest::newRow("after-unary-minus") << QByteArray("contract C{ensure - // c\n1}");
    QTest::newRow("before-call") << QByteArray("contract C{ensure f # c\n(x)}");
    QTest::newRow("before-body-brace") << QByteArray("contract C // c\n{}");
    QTest::newRow("after-dot") << QByteArray("contract C{ensure x. // c\ny}");
    QTest::newRow("after-from") << QByteArray("from // c\nx import y");
}

void TestFormatter::lineCommentEndsItsLine()
{
    QFETCH(QByteArray, source);
    // checkProperties() finds every line comment of the output and looks at what follows it.
    const QString violation = checkProperties(view(source));
    QVERIFY2(violation.isEmpty(), qPrintable(violation));
}

void TestFormatter::lexicalErrorsLeaveTheInput()
{
    const std::string source = "contract C {\n  ensure x == \"unterminated\n}\n";
    const FormatResult result = formatSource(source, {}, "broken.llmcl");
    QCOMPARE(result.text, source);
    QVERIFY(!result.changed);
    QVERIFY(hasError(result.diagnostics));
    QCOMPARE(result.diagnostics.front().code, std::string("E1002"));
    QCOMPARE(result.diagnostics.front().file, std::string("broken.llmcl"));
}

void TestFormatter::emptyInput_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("blanks") << QByteArray(" \n\t\r\n\n");
    QTest::newRow("bom-only") << QByteArray("\xEF\xBB\xBF\n");
}

void TestFormatter::emptyInput()
{
    QFETCH(QByteArray, source);
    const FormatResult result = formatSource(view(source));
    QCOMPARE(result.text, std::string());
    QCOMPARE(result.changed, !source.isEmpty());
}

void TestFormatter::indentWidth()
{
    const std::string source = "contract C{ensure a\nor b message:\"m\"}";
    FormatOptions options;
    options.indentWidth = 2;
    const FormatResult result = formatSource(source, options);
    QCOMPARE(result.text,
        std::string("contract C {\n  ensure a\n         or b\n    message: \"m\"\n}\n"));
    QCOMPARE(formatSource(result.text, options).text, result.text);
}

void TestFormatter::goldens_data()
{
    QTest::addColumn<QString>("path");
    const QStringList paths = goldenInputs();
    QVERIFY2(paths.size() >= 12, "expected at least 12 golden sources in tests/data/fmt");
    for (const QString &path : paths)
        QTest::newRow(qPrintable(QFileInfo(path).fileName())) << path;
}

void TestFormatter::goldens()
{
    QFETCH(QString, path);
    QFile sourceFile(path);
    QVERIFY(sourceFile.open(QIODevice::ReadOnly));
    const QByteArray source = sourceFile.readAll();
    const std::string actual = format(view(source));
    const QString goldenPath = path.chopped(int(qstrlen(".llmcl"))) + u".formatted.llmcl"_s;

    if (!qEnvironmentVariableIsEmpty("LLMCL_UPDATE_GOLDENS")) {
        QFile golden(goldenPath);
        QVERIFY(golden.open(QIODevice::WriteOnly | QIODevice::Truncate));
        golden.write(actual.data(), qint64(actual.size()));
        qInfo("rewrote %s", qPrintable(goldenPath));
        return;
    }
    QFile golden(goldenPath);
    QVERIFY2(golden.open(QIODevice::ReadOnly),
        qPrintable(goldenPath + u" is missing: run with LLMCL_UPDATE_GOLDENS=1"_s));
    const QByteArray expected = golden.readAll();
    const QByteArray actualBytes(actual.data(), qsizetype(actual.size()));
    if (actualBytes != expected) {
        QFAIL(qPrintable(goldenPath
            + u" differs (- expected, + actual; set LLMCL_UPDATE_GOLDENS=1 to accept):\n"_s
            + lineDiff(lines(expected), lines(actualBytes))));
    }
    // The expected text is canonical too: formatting it changes nothing.
    QCOMPARE(fromView(format(view(expected))), QString::fromUtf8(expected));
}

void TestFormatter::examplesAreFormatted_data()
{
    QTest::addColumn<QString>("path");
    const QStringList paths = exampleFiles();
    QVERIFY2(!paths.isEmpty(), "no *.llmcl file under resources/examples");
    for (const QString &path : paths)
        QTest::newRow(qPrintable(QFileInfo(path).fileName())) << path;
}

// The shipped examples are what users copy: they must already be in the canonical layout.
void TestFormatter::examplesAreFormatted()
{
    QFETCH(QString, path);
    const QByteArray source = readFile(path);
    QVERIFY(!source.isEmpty());
    const FormatResult result = formatSource(view(source));
    QVERIFY(!hasError(result.diagnostics));
    const QByteArray actual(result.text.data(), qsizetype(result.text.size()));
    if (actual != source) {
        QFAIL(qPrintable(path + u" is not formatted (- file, + formatted):\n"_s
            + lineDiff(lines(source), lines(actual))));
    }
}

void TestFormatter::properties_data()
{
    QTest::addColumn<QString>("path");
    QStringList paths = goldenInputs() + exampleFiles();
    for (const QString &path : paths)
        QTest::newRow(qPrintable(QFileInfo(path).fileName())) << path;
}

void TestFormatter::properties()
{
    QFETCH(QString, path);
    const QByteArray source = readFile(path);
    const QString violation = checkProperties(view(source));
    QVERIFY2(violation.isEmpty(), qPrintable(path + u": "_s + violation));
}

void TestFormatter::generatedInputs()
{
    constexpr quint32 inputs = 600;
    int unparsable = 0;
    for (quint32 seed = 1; seed <= inputs; ++seed) {
        const std::string source = generated(seed);
        const QString violation = checkProperties(source);
        QVERIFY2(violation.isEmpty(),
            qPrintable(u"seed %1: %2\ninput:\n%3"_s.arg(seed).arg(violation, fromView(source))));
        if (hasError(parseSource(source).diagnostics) && !hasError(tokenize(source).diagnostics))
            ++unparsable;
    }
    // Token soup mostly lexes but does not parse: the inputs that must stay as they are.
    QVERIFY2(unparsable > int(inputs) / 2, qPrintable(QString::number(unparsable)));
}

// Contracts that parse, in random layouts: every promise holds, and nearly all are formatted.
void TestFormatter::generatedContracts()
{
    constexpr quint32 inputs = 1500;
    int formatted = 0;
    for (quint32 seed = 1; seed <= inputs; ++seed) {
        const std::string source = ContractGenerator(seed).source();
        const QString violation = checkProperties(source);
        QVERIFY2(violation.isEmpty(),
            qPrintable(u"seed %1: %2\ninput:\n%3"_s.arg(seed).arg(violation, fromView(source))));
        const FormatResult result = formatSource(source);
        if (!hasError(result.diagnostics))
            ++formatted;
    }
    QVERIFY2(formatted > int(inputs) * 9 / 10, qPrintable(QString::number(formatted)));
}

void TestFormatter::syntaxErrorsLeaveTheInput_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QString>("code");
    // `contract` inside a stray clause's text once started a new line and a contract.
    QTest::newRow("clause-outside-contract")
        << QByteArray("ensure x outside any contract\ncontract   C {\n}\n") << u"E1101"_s;
    QTest::newRow("unclosed-bracket")
        << QByteArray("contract C {\n  ensure f(x\n}\n") << u"E1101"_s;
    QTest::newRow("unclosed-body") << QByteArray("contract C {  ensure   x\n") << u"E1102"_s;
    QTest::newRow("stray-closer") << QByteArray("contract C { ensure x }\n}\n") << u"E1101"_s;
    QTest::newRow("double-colon") << QByteArray("contract C{ensure a message::\"m\"}")
                                  << u"E1101"_s;
}

void TestFormatter::syntaxErrorsLeaveTheInput()
{
    QFETCH(QByteArray, source);
    QFETCH(QString, code);
    const FormatResult result = formatSource(view(source), {}, "broken.llmcl");
    QCOMPARE(QByteArray::fromStdString(result.text), source);
    QVERIFY(!result.changed);
    QVERIFY(hasError(result.diagnostics));
    // The parser's diagnostics, as `llmcl check` reports them.
    const SourceFile parsed = parseSource(view(source));
    QCOMPARE(result.diagnostics.size(), parsed.diagnostics.size());
    QCOMPARE(fromView(result.diagnostics.front().code), code);
    QCOMPARE(result.diagnostics.front().file, std::string("broken.llmcl"));
}

void TestFormatter::respacedExamplesFormatBack_data()
{
    examplesAreFormatted_data();
}

// Only the line structure of the source counts: any other spacing, indentation or CRLF gives
// back the canonical example.
void TestFormatter::respacedExamplesFormatBack()
{
    QFETCH(QString, path);
    const QByteArray source = readFile(path);
    for (quint32 seed = 1; seed <= 25; ++seed) {
        const std::string input = respaced(view(source), seed);
        const QByteArray actual = QByteArray::fromStdString(format(input));
        if (actual != source) {
            QFAIL(qPrintable(u"seed %1 (- example, + formatted):\n"_s.arg(seed)
                + lineDiff(lines(source), lines(actual))));
        }
    }
}

QTEST_GUILESS_MAIN(TestFormatter)
#include "tst_formatter.moc"
