// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor/diagnostictranslations.h"

#include <QRegularExpression>

#include <vector>

namespace llmcl::editor {

namespace {

constexpr const char *kContext = "DiagnosticTranslations";

// One shape of an engine message. `text` is the English template exactly as the engine writes
// it, %1… standing for the variable parts; it is also the source of the matching pattern, so
// the template and the pattern can never disagree. `lists` and `phrases` are bit masks of the
// arguments (bit 0: %1) that are English lists ("a, b or c": the "or" is translated) and
// parser phrases ("an expression", "end of file": translated from the phrase table).
struct Shape
{
    const char *code;
    const char *text;
    const char *example;
    unsigned lists = 0;
    unsigned phrases = 0;
};

// In the order they are tried: a more specific shape before a more general one of its code.
// Code "+" marks hints the engine appends to a message of any code.
const Shape kShapes[] = {
    {"E1001", QT_TRANSLATE_NOOP("DiagnosticTranslations", "unexpected character '%1' (%2)"),
        "unexpected character 'é' (U+00E9)"},
    {"E1001", QT_TRANSLATE_NOOP("DiagnosticTranslations", "unexpected character '%1'"),
        "unexpected character '`'"},
    {"E1001", QT_TRANSLATE_NOOP("DiagnosticTranslations", "unexpected characters '%1'"),
        "unexpected characters '@@@'"},
    {"E1001",
        QT_TRANSLATE_NOOP("DiagnosticTranslations", "%1 unexpected characters, starting with %2"),
        "2 unexpected characters, starting with U+0000"},
    {"E1001", QT_TRANSLATE_NOOP("DiagnosticTranslations", "unexpected character %1"),
        "unexpected character U+0007"},
    {"E1002",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "unterminated string literal: missing closing %1 before the end of the file"),
        "unterminated string literal: missing closing \" before the end of the file"},
    {"E1002",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "unterminated string literal: missing closing %1 before the end of the line"),
        "unterminated string literal: missing closing ' before the end of the line"},
    {"E1002",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "unterminated raw string literal: missing closing %1 before the end of the file"),
        "unterminated raw string literal: missing closing \" before the end of the file"},
    {"E1003",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "unterminated block comment: missing */ before the end of the file"),
        "unterminated block comment: missing */ before the end of the file"},
    {"E1004",
        QT_TRANSLATE_NOOP(
            "DiagnosticTranslations", "invalid \\u escape: \\u needs exactly 4 hexadecimal digits"),
        "invalid \\u escape: \\u needs exactly 4 hexadecimal digits"},
    {"E1004",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "invalid \\u escape: \\u%1 is a low surrogate without a high surrogate before it"),
        "invalid \\u escape: \\uDC00 is a low surrogate without a high surrogate before it"},
    {"E1004",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "invalid \\u escape: \\u%1 is a high surrogate that must be followed by a low "
            "surrogate escape (\\uDC00 to \\uDFFF)"),
        "invalid \\u escape: \\uD800 is a high surrogate that must be followed by a low "
        "surrogate escape (\\uDC00 to \\uDFFF)"},
    {"E1005", QT_TRANSLATE_NOOP("DiagnosticTranslations", "invalid UTF-8: byte %1"),
        "invalid UTF-8: byte 0xFF"},
    {"E1005", QT_TRANSLATE_NOOP("DiagnosticTranslations", "invalid UTF-8: bytes %1"),
        "invalid UTF-8: bytes 0xFF 0xFE"},
    {"E1006",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "integer literal out of range: integers are 64-bit, at most 9223372036854775807"),
        "integer literal out of range: integers are 64-bit, at most 9223372036854775807"},
    {"E1007",
        QT_TRANSLATE_NOOP("DiagnosticTranslations", "malformed number: the exponent has no digits"),
        "malformed number: the exponent has no digits"},
    {"E1007",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "malformed number: leading zeros are not allowed in a decimal integer (use 0o for "
            "octal)"),
        "malformed number: leading zeros are not allowed in a decimal integer (use 0o for octal)"},
    {"E1007",
        QT_TRANSLATE_NOOP(
            "DiagnosticTranslations", "malformed number: invalid digit '%1' in binary literal"),
        "malformed number: invalid digit '2' in binary literal"},
    {"E1007",
        QT_TRANSLATE_NOOP(
            "DiagnosticTranslations", "malformed number: invalid digit '%1' in octal literal"),
        "malformed number: invalid digit '9' in octal literal"},
    {"E1007",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "malformed number: invalid digit '%1' in hexadecimal literal"),
        "malformed number: invalid digit 'g' in hexadecimal literal"},
    {"E1007",
        QT_TRANSLATE_NOOP(
            "DiagnosticTranslations", "malformed number: invalid digit '%1' in decimal literal"),
        "malformed number: invalid digit 'a' in decimal literal"},
    {"E1007",
        QT_TRANSLATE_NOOP(
            "DiagnosticTranslations", "malformed number: invalid character '%1' in number literal"),
        "malformed number: invalid character 'x' in number literal"},
    {"E1007",
        QT_TRANSLATE_NOOP(
            "DiagnosticTranslations", "malformed number: binary literal has no digits"),
        "malformed number: binary literal has no digits"},
    {"E1007",
        QT_TRANSLATE_NOOP(
            "DiagnosticTranslations", "malformed number: octal literal has no digits"),
        "malformed number: octal literal has no digits"},
    {"E1007",
        QT_TRANSLATE_NOOP(
            "DiagnosticTranslations", "malformed number: hexadecimal literal has no digits"),
        "malformed number: hexadecimal literal has no digits"},
    {"E1101",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "only functions can be called: a call needs a function name before '('"),
        "only functions can be called: a call needs a function name before '('"},
    {"E1101",
        QT_TRANSLATE_NOOP(
            "DiagnosticTranslations", "a positional argument cannot follow a keyword argument"),
        "a positional argument cannot follow a keyword argument"},
    {"E1101", QT_TRANSLATE_NOOP("DiagnosticTranslations", "expected %1, found %2"),
        "expected a contract name, found end of file", 0, 0b11},
    {"E1102", QT_TRANSLATE_NOOP("DiagnosticTranslations", "contract '%1' is not closed with '}'"),
        "contract 'Unclosed' is not closed with '}'"},
    {"E1102", QT_TRANSLATE_NOOP("DiagnosticTranslations", "unclosed '(' of a call"),
        "unclosed '(' of a call"},
    {"E1102", QT_TRANSLATE_NOOP("DiagnosticTranslations", "unclosed '(' of the contract header"),
        "unclosed '(' of the contract header"},
    {"E1102", QT_TRANSLATE_NOOP("DiagnosticTranslations", "unclosed '%1'"), "unclosed '['"},
    {"E1103",
        QT_TRANSLATE_NOOP(
            "DiagnosticTranslations", "expression nested too deeply (more than %1 levels)"),
        "expression nested too deeply (more than 200 levels)"},
    {"E1104",
        QT_TRANSLATE_NOOP(
            "DiagnosticTranslations", "too many problems in this file; the rest are not reported"),
        "too many problems in this file; the rest are not reported"},
    {"E2001", QT_TRANSLATE_NOOP("DiagnosticTranslations", "unknown function '%1'"),
        "unknown function 'lenght'"},
    {"E2002", QT_TRANSLATE_NOOP("DiagnosticTranslations", "%1() takes %2 argument, %3 given (%4)"),
        "len() takes 1 argument, 2 given (len(x: string | list | map) -> int)"},
    {"E2002", QT_TRANSLATE_NOOP("DiagnosticTranslations", "%1() takes %2 arguments, %3 given (%4)"),
        "contains() takes 2 arguments, 1 given (contains(x: string | list | map, item) -> bool)"},
    {"E2003",
        QT_TRANSLATE_NOOP("DiagnosticTranslations", "argument '%1' of %2() must be %3, not %4"),
        "argument 'x' of len() must be string or list or map, not int", 0b1100},
    {"E2003", QT_TRANSLATE_NOOP("DiagnosticTranslations", "map keys must be strings"),
        "map keys must be strings"},
    {"E2004",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "invalid regular expression: %1 (at offset %2 of the pattern)"),
        "invalid regular expression: missing closing parenthesis (at offset 9 of the pattern)"},
    {"E2005",
        QT_TRANSLATE_NOOP("DiagnosticTranslations", "option '%1' is not allowed on an %2 clause"),
        "option 'auto_fix' is not allowed on an ensure_prob clause"},
    {"E2005",
        QT_TRANSLATE_NOOP("DiagnosticTranslations", "option '%1' is not allowed on a %2 clause"),
        "option 'window_size' is not allowed on a require clause"},
    {"E2005", QT_TRANSLATE_NOOP("DiagnosticTranslations", "unknown clause option '%1'"),
        "unknown clause option 'mesage'"},
    {"E2006",
        QT_TRANSLATE_NOOP("DiagnosticTranslations", "contract '%1' is defined more than once"),
        "contract 'Twice' is defined more than once"},
    {"E2007",
        QT_TRANSLATE_NOOP("DiagnosticTranslations", "confidence must be a number between 0 and 1"),
        "confidence must be a number between 0 and 1"},
    {"E2007", QT_TRANSLATE_NOOP("DiagnosticTranslations", "description must be a string"),
        "description must be a string"},
    {"E2007", QT_TRANSLATE_NOOP("DiagnosticTranslations", "message must be a string literal"),
        "message must be a string literal"},
    {"E2007",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "tags must be a list of string literals, e.g. [\"pii\", \"format\"]"),
        "tags must be a list of string literals, e.g. [\"pii\", \"format\"]"},
    {"E2007",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "the target probability of ensure_prob must be a number between 0 and 1"),
        "the target probability of ensure_prob must be a number between 0 and 1"},
    {"E2007",
        QT_TRANSLATE_NOOP(
            "DiagnosticTranslations", "window_size must be a positive integer, session or global"),
        "window_size must be a positive integer, session or global"},
    {"E2007",
        QT_TRANSLATE_NOOP("DiagnosticTranslations", "within needs a positive number of turns"),
        "within needs a positive number of turns"},
    {"E2007", QT_TRANSLATE_NOOP("DiagnosticTranslations", "%1 must be %2"),
        "priority must be critical, high, medium or low", 0b10},
    {"E2008",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "contract '%1' extends '%2', but no contract of that name is loaded"),
        "contract 'Child' extends 'Missing', but no contract of that name is loaded"},
    {"E2009",
        QT_TRANSLATE_NOOP("DiagnosticTranslations", "cannot find module '%1' (looked for %2)"),
        "cannot find module 'nothere' (looked for nothere.llmcl, include/nothere.llmcl)"},
    {"E2010", QT_TRANSLATE_NOOP("DiagnosticTranslations", "module '%1' has no contract '%2'"),
        "module 'lib_formats' has no contract 'Missing'"},
    {"E2011",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "import cycle: %1 imports this file again, directly or through other imports"),
        "import cycle: lib_cycle_a.llmcl imports this file again, directly or through other "
        "imports"},
    {"E2012",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "parameter '%1' needs a literal value (a number, string, true, false, null, or a "
            "list or map of literals)"),
        "parameter 'threshold' needs a literal value (a number, string, true, false, null, or a "
        "list or map of literals)"},
    {"E2013",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "temporal operators (always, eventually, next, within, until, since) are only "
            "allowed in a temporal clause"),
        "temporal operators (always, eventually, next, within, until, since) are only allowed in "
        "a temporal clause"},
    {"E2014",
        QT_TRANSLATE_NOOP(
            "DiagnosticTranslations", "contract '%1' extends itself through its bases"),
        "contract 'Loop1' extends itself through its bases"},
    {"E2015", QT_TRANSLATE_NOOP("DiagnosticTranslations", "%1() got parameter '%2' twice"),
        "round() got parameter 'ndigits' twice"},
    {"E2015", QT_TRANSLATE_NOOP("DiagnosticTranslations", "%1() has no parameter '%2'"),
        "split() has no parameter 'separator'"},
    {"E2016", QT_TRANSLATE_NOOP("DiagnosticTranslations", "cannot read %1: %2"),
        "cannot read /w/a.llmcl: Permission denied"},
    {"E2017",
        QT_TRANSLATE_NOOP(
            "DiagnosticTranslations", "match_group is only available inside auto_fix"),
        "match_group is only available inside auto_fix"},
    {"W2001",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "unknown name '%1'; did you mean '%2'? (otherwise it is read from the context at run "
            "time)"),
        "unknown name 'respnse'; did you mean 'response'? (otherwise it is read from the context "
        "at run time)"},
    {"W2001",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "unknown name '%1': not a variable or parameter, so it is read from the context at "
            "run time (an error if the context has no such key)"),
        "unknown name 'user_tier': not a variable or parameter, so it is read from the context at "
        "run time (an error if the context has no such key)"},
    {"W2002",
        QT_TRANSLATE_NOOP(
            "DiagnosticTranslations", "option '%1' is given more than once; the last one wins"),
        "option 'message' is given more than once; the last one wins"},
    {"E3001",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "%1 and %2 contradict: %3; conflict_resolution = fail_on_conflict makes this an error"),
        "Fail#1 and Fail#2 contradict: len(content) < 10 and len(content) > 20 cannot both hold; "
        "conflict_resolution = fail_on_conflict makes this an error"},
    {"E3002",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "%1 and %2 contradict: %3; conflict_resolution = merge keeps both, so no text can "
            "pass"),
        "M#1 and M#2 contradict: len(content) < 10 and len(content) > 20 cannot both hold; "
        "conflict_resolution = merge keeps both, so no text can pass"},
    {"W3001",
        QT_TRANSLATE_NOOP("DiagnosticTranslations", "%1 is suppressed: it contradicts %2 (%3); %4"),
        "P#2 is suppressed: it contradicts P#1 (len(content) < 10 and len(content) > 20 cannot "
        "both hold); priority high beats low"},
    {"W3002",
        QT_TRANSLATE_NOOP(
            "DiagnosticTranslations", "%1 is redundant beside %2 (%3); %4 is suppressed (%5)"),
        "R#2 is redundant beside R#1 (len(response) < 10 implies len(response) < 20); R#2 is "
        "suppressed (first_wins)"},
    {"W3002", QT_TRANSLATE_NOOP("DiagnosticTranslations", "%1 is redundant beside %2 (%3); %4"),
        "R#2 is redundant beside R#1 (len(response) < 10 implies len(response) < 20); both kept"},
    // Hints appended to messages of several codes.
    {"+", QT_TRANSLATE_NOOP("DiagnosticTranslations", "; did you mean %1?"),
        "unknown function 'startwith'; did you mean startswith?"},
    {"+", QT_TRANSLATE_NOOP("DiagnosticTranslations", " (options: %1)"),
        "unknown clause option 'mesage' (options: message, severity, auto_fix)"},
    {"+", QT_TRANSLATE_NOOP("DiagnosticTranslations", "; use 'not' for negation"),
        "unexpected character '!'; use 'not' for negation"},
    {"+", QT_TRANSLATE_NOOP("DiagnosticTranslations", "; use 'and'"),
        "unexpected characters '&&'; use 'and'"},
    {"+", QT_TRANSLATE_NOOP("DiagnosticTranslations", "; use 'or'"),
        "unexpected characters '||'; use 'or'"},
    {"+", QT_TRANSLATE_NOOP("DiagnosticTranslations", "; clauses need no separator"),
        "unexpected character ';'; clauses need no separator"},
    {"+", QT_TRANSLATE_NOOP("DiagnosticTranslations", "; use 'if C then A else B'"),
        "unexpected character '?'; use 'if C then A else B'"},
    {"+", QT_TRANSLATE_NOOP("DiagnosticTranslations", "; strings use straight quotes \" or '"),
        "unexpected character '“' (U+201C); strings use straight quotes \" or '"},
    {"+",
        QT_TRANSLATE_NOOP(
            "DiagnosticTranslations", "; outside strings and comments only ASCII is allowed"),
        "unexpected character 'é' (U+00E9); outside strings and comments only ASCII is allowed"},
};

// What the parser says it expected or found ("expected %1, found %2").
const char *const kPhrases[] = {
    QT_TRANSLATE_NOOP("DiagnosticTranslations", "a contract name"),
    QT_TRANSLATE_NOOP("DiagnosticTranslations", "a module name"),
    QT_TRANSLATE_NOOP("DiagnosticTranslations", "a name after '.'"),
    QT_TRANSLATE_NOOP("DiagnosticTranslations", "an expression"),
    QT_TRANSLATE_NOOP("DiagnosticTranslations", "the name of the base contract"),
    QT_TRANSLATE_NOOP("DiagnosticTranslations", "the number of turns after 'within'"),
    QT_TRANSLATE_NOOP("DiagnosticTranslations", "a header option (name = value)"),
    QT_TRANSLATE_NOOP(
        "DiagnosticTranslations", "a clause (require, ensure, ensure_prob, temporal) or '}'"),
    QT_TRANSLATE_NOOP("DiagnosticTranslations", "an operator, a clause option or a new clause"),
    QT_TRANSLATE_NOOP("DiagnosticTranslations", "a clause option or a new clause"),
    QT_TRANSLATE_NOOP("DiagnosticTranslations", "end of file"),
    QT_TRANSLATE_NOOP("DiagnosticTranslations", "invalid token"),
    QT_TRANSLATE_NOOP("DiagnosticTranslations", "comment"),
    QT_TRANSLATE_NOOP("DiagnosticTranslations", "integer literal"),
    QT_TRANSLATE_NOOP("DiagnosticTranslations", "float literal"),
    QT_TRANSLATE_NOOP("DiagnosticTranslations", "string literal"),
    QT_TRANSLATE_NOOP("DiagnosticTranslations", "raw string literal"),
};
// Phrases with a variable part.
const char *const kIdentifierPhrase =
    QT_TRANSLATE_NOOP("DiagnosticTranslations", "identifier '%1'");
const char *const kNumberPhrase = QT_TRANSLATE_NOOP("DiagnosticTranslations", "number %1");
const char *const kOr = QT_TRANSLATE_NOOP("DiagnosticTranslations", " or ");

// The short titles of the codes (engine/diagnosticcodes.h).
const std::pair<const char *, const char *> kTitles[] = {
    {"E1001", QT_TRANSLATE_NOOP("DiagnosticTranslations", "unexpected character")},
    {"E1002", QT_TRANSLATE_NOOP("DiagnosticTranslations", "unterminated string")},
    {"E1003", QT_TRANSLATE_NOOP("DiagnosticTranslations", "unterminated block comment")},
    {"E1004", QT_TRANSLATE_NOOP("DiagnosticTranslations", "invalid escape")},
    {"E1005", QT_TRANSLATE_NOOP("DiagnosticTranslations", "invalid UTF-8")},
    {"E1006", QT_TRANSLATE_NOOP("DiagnosticTranslations", "integer out of range")},
    {"E1007", QT_TRANSLATE_NOOP("DiagnosticTranslations", "malformed number")},
    {"E1101", QT_TRANSLATE_NOOP("DiagnosticTranslations", "unexpected token")},
    {"E1102", QT_TRANSLATE_NOOP("DiagnosticTranslations", "unclosed delimiter")},
    {"E1103", QT_TRANSLATE_NOOP("DiagnosticTranslations", "nesting too deep")},
    {"E1104", QT_TRANSLATE_NOOP("DiagnosticTranslations", "too many diagnostics")},
    {"E2001", QT_TRANSLATE_NOOP("DiagnosticTranslations", "unknown function")},
    {"E2002", QT_TRANSLATE_NOOP("DiagnosticTranslations", "wrong number of arguments")},
    {"E2003", QT_TRANSLATE_NOOP("DiagnosticTranslations", "argument of the wrong type")},
    {"E2004", QT_TRANSLATE_NOOP("DiagnosticTranslations", "invalid regular expression")},
    {"E2005", QT_TRANSLATE_NOOP("DiagnosticTranslations", "option not allowed")},
    {"E2006", QT_TRANSLATE_NOOP("DiagnosticTranslations", "duplicate contract")},
    {"E2007", QT_TRANSLATE_NOOP("DiagnosticTranslations", "invalid option value")},
    {"E2008", QT_TRANSLATE_NOOP("DiagnosticTranslations", "unknown base contract")},
    {"E2009", QT_TRANSLATE_NOOP("DiagnosticTranslations", "import not found")},
    {"E2010", QT_TRANSLATE_NOOP("DiagnosticTranslations", "imported name not found")},
    {"E2011", QT_TRANSLATE_NOOP("DiagnosticTranslations", "import cycle")},
    {"E2012", QT_TRANSLATE_NOOP("DiagnosticTranslations", "parameter not a literal")},
    {"E2013",
        QT_TRANSLATE_NOOP("DiagnosticTranslations", "temporal operator outside a temporal clause")},
    {"E2014", QT_TRANSLATE_NOOP("DiagnosticTranslations", "inheritance cycle")},
    {"E2015", QT_TRANSLATE_NOOP("DiagnosticTranslations", "unknown keyword argument")},
    {"E2016", QT_TRANSLATE_NOOP("DiagnosticTranslations", "file not readable")},
    {"E2017", QT_TRANSLATE_NOOP("DiagnosticTranslations", "match_group outside auto_fix")},
    {"W2001", QT_TRANSLATE_NOOP("DiagnosticTranslations", "unknown name")},
    {"W2002", QT_TRANSLATE_NOOP("DiagnosticTranslations", "repeated option")},
    {"W2003", QT_TRANSLATE_NOOP("DiagnosticTranslations", "constant condition")},
    {"E3001", QT_TRANSLATE_NOOP("DiagnosticTranslations", "contradictory clauses")},
    {"E3002", QT_TRANSLATE_NOOP("DiagnosticTranslations", "contradictory merge")},
    {"W3001", QT_TRANSLATE_NOOP("DiagnosticTranslations", "conflict suppressed")},
    {"W3002", QT_TRANSLATE_NOOP("DiagnosticTranslations", "redundant clause")},
};

struct Compiled
{
    const Shape *shape;
    QRegularExpression pattern;
    QList<int> argumentOrder; // the %N of each capture group, in order
};

// The pattern of an English template: its text literally, each %N a lazy capture. A hint
// ("+") matches at the end after a lazy head, captured first.
Compiled compile(const Shape &shape)
{
    static const QRegularExpression placeholder(QStringLiteral("%(\\d)"));
    const QString text = QString::fromUtf8(shape.text);
    const bool hint = std::string_view(shape.code) == "+";
    QString pattern = hint ? QStringLiteral("^(.+?)") : QStringLiteral("^");
    QList<int> order;
    qsizetype at = 0;
    for (auto it = placeholder.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        pattern += QRegularExpression::escape(text.mid(at, match.capturedStart() - at));
        pattern += QStringLiteral("(.+?)");
        order << match.captured(1).toInt();
        at = match.capturedEnd();
    }
    pattern += QRegularExpression::escape(text.mid(at)) + QLatin1Char('$');
    return {
        &shape, QRegularExpression(pattern, QRegularExpression::DotMatchesEverythingOption), order};
}

const std::vector<Compiled> &compiledShapes()
{
    static const std::vector<Compiled> shapes = [] {
        std::vector<Compiled> all;
        for (const Shape &shape : kShapes)
            all.push_back(compile(shape));
        return all;
    }();
    return shapes;
}

// Puts `arguments` (by %N) into `text` in one pass, so an argument that itself contains "%1"
// is never substituted again.
QString fill(const QString &text, const QStringList &arguments)
{
    QString result;
    result.reserve(text.size() + 32);
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) == QLatin1Char('%') && i + 1 < text.size() && text.at(i + 1).isDigit()) {
            const int n = text.at(i + 1).digitValue();
            if (n >= 1 && n <= arguments.size()) {
                result += arguments.at(n - 1);
                ++i;
                continue;
            }
        }
        result += text.at(i);
    }
    return result;
}

QString translatePhrase(const QString &phrase)
{
    for (const char *known : kPhrases) {
        if (phrase == QLatin1String(known))
            return DiagnosticTranslations::tr(known);
    }
    static const QRegularExpression identifier(QStringLiteral("^identifier '(.+)'$"));
    if (const auto match = identifier.match(phrase); match.hasMatch())
        return fill(DiagnosticTranslations::tr(kIdentifierPhrase), {match.captured(1)});
    static const QRegularExpression number(QStringLiteral("^number (.+)$"));
    if (const auto match = number.match(phrase); match.hasMatch())
        return fill(DiagnosticTranslations::tr(kNumberPhrase), {match.captured(1)});
    // A token such as ')' or 'contract': code, the same in every language.
    return phrase;
}

QString translateList(const QString &list)
{
    // "a, b or c" and "a or b": only the last separator is a word.
    const qsizetype at = list.lastIndexOf(QLatin1String(" or "));
    if (at < 0)
        return list;
    return list.left(at) + DiagnosticTranslations::tr(kOr) + list.mid(at + 4);
}

// The translation of a whole message of `code`; a null string when no shape fits.
QString translateWhole(const QString &code, const QString &message, int depth)
{
    for (const Compiled &compiled : compiledShapes()) {
        if (code != QLatin1String(compiled.shape->code))
            continue;
        const QRegularExpressionMatch match = compiled.pattern.match(message);
        if (!match.hasMatch())
            continue;
        QStringList arguments(compiled.argumentOrder.size());
        for (int group = 0; group < compiled.argumentOrder.size(); ++group) {
            const int n = compiled.argumentOrder.at(group);
            QString value = match.captured(group + 1);
            if (compiled.shape->phrases & (1u << (n - 1)))
                value = translatePhrase(value);
            if (compiled.shape->lists & (1u << (n - 1)))
                value = translateList(value);
            if (n >= 1 && n <= arguments.size())
                arguments[n - 1] = value;
        }
        return fill(DiagnosticTranslations::tr(compiled.shape->text), arguments);
    }
    // A message with a hint appended: the head and the hint translated separately.
    if (depth < 2) {
        for (const Compiled &compiled : compiledShapes()) {
            if (std::string_view(compiled.shape->code) != "+")
                continue;
            const QRegularExpressionMatch match = compiled.pattern.match(message);
            if (!match.hasMatch())
                continue;
            const QString head = translateWhole(code, match.captured(1), depth + 1);
            if (head.isNull())
                continue;
            QStringList arguments;
            for (int group = 1; group < compiled.argumentOrder.size() + 1; ++group)
                arguments << match.captured(group + 1);
            return head + fill(DiagnosticTranslations::tr(compiled.shape->text), arguments);
        }
    }
    return {};
}

} // namespace

QString DiagnosticTranslations::translateText(const QString &code, const QString &message)
{
    const QString translated = translateWhole(code, message, 0);
    return translated.isNull() ? message : translated;
}

QString DiagnosticTranslations::translate(std::string_view code, std::string_view message)
{
    return translateText(QString::fromUtf8(code.data(), qsizetype(code.size())),
        QString::fromUtf8(message.data(), qsizetype(message.size())));
}

QString DiagnosticTranslations::title(std::string_view code)
{
    for (const auto &[known, text] : kTitles) {
        if (code == known)
            return tr(text);
    }
    return {};
}

QStringList DiagnosticTranslations::codes()
{
    QStringList all;
    for (const auto &[known, text] : kTitles)
        all << QLatin1String(known);
    return all;
}

QList<std::pair<QString, QString>> DiagnosticTranslations::examples()
{
    QList<std::pair<QString, QString>> all;
    for (const Shape &shape : kShapes) {
        // A hint's example belongs to the code of its head.
        const char *code = shape.code;
        if (std::string_view(code) == "+") {
            const std::string_view example = shape.example;
            code = example.starts_with("unknown function") ? "E2001"
                : example.starts_with("unknown clause")    ? "E2005"
                                                           : "E1001";
        }
        all.append({QLatin1String(code), QString::fromUtf8(shape.example)});
    }
    return all;
}

} // namespace llmcl::editor
