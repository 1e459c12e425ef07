// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor/diagnostictranslations.h"

#include <QRegularExpression>

#include <algorithm>

namespace llmcl::editor {

namespace {

// One message or hint template of the engine (engine/diagnosticmessages.h): its id and its
// English text, the tr() source, with the engine's {name} placeholders.
struct Template
{
    const char *id;
    const char *text;
};

const Template kTemplates[] = {
    {"E1001.character",
        QT_TRANSLATE_NOOP("DiagnosticTranslations", "unexpected character {character}")},
    {"E1001.characters",
        QT_TRANSLATE_NOOP("DiagnosticTranslations", "unexpected characters '{characters}'")},
    {"E1001.run",
        QT_TRANSLATE_NOOP(
            "DiagnosticTranslations", "{count} unexpected characters, starting with {character}")},
    {"E1002.end-of-file",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "unterminated string literal: missing closing {quote} before the end of the file")},
    {"E1002.end-of-line",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "unterminated string literal: missing closing {quote} before the end of the line")},
    {"E1002.raw",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "unterminated raw string literal: missing closing {quote} before the end of the file")},
    {"E1003",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "unterminated block comment: missing */ before the end of the file")},
    {"E1004.digits",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "invalid \\u escape: \\u needs exactly 4 hexadecimal digits")},
    {"E1004.low-surrogate",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "invalid \\u escape: \\u{hex} is a low surrogate without a high surrogate before it")},
    {"E1004.high-surrogate",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "invalid \\u escape: \\u{hex} is a high surrogate that must be followed by a low "
            "surrogate escape (\\uDC00 to \\uDFFF)")},
    {"E1005.byte", QT_TRANSLATE_NOOP("DiagnosticTranslations", "invalid UTF-8: byte {bytes}")},
    {"E1005.bytes", QT_TRANSLATE_NOOP("DiagnosticTranslations", "invalid UTF-8: bytes {bytes}")},
    {"E1006",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "integer literal out of range: integers are 64-bit, at most 9223372036854775807")},
    {"E1007.underscore",
        QT_TRANSLATE_NOOP(
            "DiagnosticTranslations", "malformed number: '_' is allowed only between digits")},
    {"E1007.exponent",
        QT_TRANSLATE_NOOP(
            "DiagnosticTranslations", "malformed number: the exponent has no digits")},
    {"E1007.leading-zeros",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "malformed number: leading zeros are not allowed in a decimal integer (use 0o for "
            "octal)")},
    {"E1007.binary-no-digits",
        QT_TRANSLATE_NOOP(
            "DiagnosticTranslations", "malformed number: binary literal has no digits")},
    {"E1007.octal-no-digits",
        QT_TRANSLATE_NOOP(
            "DiagnosticTranslations", "malformed number: octal literal has no digits")},
    {"E1007.hexadecimal-no-digits",
        QT_TRANSLATE_NOOP(
            "DiagnosticTranslations", "malformed number: hexadecimal literal has no digits")},
    {"E1007.binary-digit",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "malformed number: invalid digit '{digit}' in binary literal")},
    {"E1007.octal-digit",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "malformed number: invalid digit '{digit}' in octal literal")},
    {"E1007.hexadecimal-digit",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "malformed number: invalid digit '{digit}' in hexadecimal literal")},
    {"E1007.character",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "malformed number: invalid character '{character}' in number literal")},
    {"E1101.expected",
        QT_TRANSLATE_NOOP("DiagnosticTranslations", "expected {expected}, found {found}")},
    {"E1101.imports-first",
        QT_TRANSLATE_NOOP("DiagnosticTranslations", "imports must come before the first contract")},
    {"E1101.call-of-non-function",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "only functions can be called: a call needs a function name before '('")},
    {"E1101.positional-after-keyword",
        QT_TRANSLATE_NOOP(
            "DiagnosticTranslations", "a positional argument cannot follow a keyword argument")},
    {"E1102.contract",
        QT_TRANSLATE_NOOP("DiagnosticTranslations", "contract '{name}' is not closed with '}'")},
    {"E1102.call", QT_TRANSLATE_NOOP("DiagnosticTranslations", "unclosed '(' of a call")},
    {"E1102.header",
        QT_TRANSLATE_NOOP("DiagnosticTranslations", "unclosed '(' of the contract header")},
    {"E1102.delimiter", QT_TRANSLATE_NOOP("DiagnosticTranslations", "unclosed '{delimiter}'")},
    {"E1103",
        QT_TRANSLATE_NOOP(
            "DiagnosticTranslations", "expression nested too deeply (more than {limit} levels)")},
    {"E1103.chain",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "expression nested too deeply (more than {limit} levels; each operator of an "
            "arithmetic, member, index or call chain is a level, a chain of 'and', 'or' or "
            "comparisons is one)")},
    {"E1104",
        QT_TRANSLATE_NOOP(
            "DiagnosticTranslations", "too many problems in this file; the rest are not reported")},
    {"E2001", QT_TRANSLATE_NOOP("DiagnosticTranslations", "unknown function '{name}'")},
    {"E2002.one",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "{function}() takes {count} argument, {given} given ({signature})")},
    {"E2002",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "{function}() takes {count} arguments, {given} given ({signature})")},
    {"E2002.range-one",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "{function}() takes {min} to {max} argument, {given} given ({signature})")},
    {"E2002.range",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "{function}() takes {min} to {max} arguments, {given} given ({signature})")},
    {"E2003",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "argument '{parameter}' of {function}() must be {accepted}, not {actual}")},
    {"E2003.map-key", QT_TRANSLATE_NOOP("DiagnosticTranslations", "map keys must be strings")},
    {"E2004",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "invalid regular expression: {error} (at offset {offset} of the pattern)")},
    {"E2005.an",
        QT_TRANSLATE_NOOP(
            "DiagnosticTranslations", "option '{option}' is not allowed on an {kind} clause")},
    {"E2005.a",
        QT_TRANSLATE_NOOP(
            "DiagnosticTranslations", "option '{option}' is not allowed on a {kind} clause")},
    {"E2005.unknown",
        QT_TRANSLATE_NOOP("DiagnosticTranslations", "unknown clause option '{option}'")},
    {"E2006",
        QT_TRANSLATE_NOOP("DiagnosticTranslations", "contract '{name}' is defined more than once")},
    {"E2007.confidence",
        QT_TRANSLATE_NOOP("DiagnosticTranslations", "confidence must be a number between 0 and 1")},
    {"E2007.description",
        QT_TRANSLATE_NOOP("DiagnosticTranslations", "description must be a string")},
    {"E2007.message",
        QT_TRANSLATE_NOOP("DiagnosticTranslations", "message must be a string literal")},
    {"E2007.tags",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "tags must be a list of string literals, e.g. [\"pii\", \"format\"]")},
    {"E2007.probability",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "the target probability of ensure_prob must be a number between 0 and 1")},
    {"E2007.window-size",
        QT_TRANSLATE_NOOP(
            "DiagnosticTranslations", "window_size must be a positive integer, session or global")},
    {"E2007.window-size-maximum",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "window_size must be at most {maximum} results (use session or global for longer "
            "windows)")},
    {"E2007.within",
        QT_TRANSLATE_NOOP("DiagnosticTranslations", "within needs a positive number of turns")},
    {"E2007.choices", QT_TRANSLATE_NOOP("DiagnosticTranslations", "{option} must be {choices}")},
    {"E2008",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "contract '{name}' extends '{base}', but no contract of that name is loaded")},
    {"E2009",
        QT_TRANSLATE_NOOP(
            "DiagnosticTranslations", "cannot find module '{module}' (looked for {searched})")},
    {"E2009.unreadable",
        QT_TRANSLATE_NOOP("DiagnosticTranslations", "cannot read {path}: {error}")},
    {"E2010",
        QT_TRANSLATE_NOOP("DiagnosticTranslations", "module '{module}' has no contract '{name}'")},
    {"E2011",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "import cycle: {path} imports this file again, directly or through other imports")},
    {"E2012",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "parameter '{name}' needs a literal value (a number, string, true, false, null, or a "
            "list or map of literals)")},
    {"E2013",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "temporal operators (always, eventually, next, within, until, since) are only allowed "
            "in a temporal clause")},
    {"E2014",
        QT_TRANSLATE_NOOP(
            "DiagnosticTranslations", "contract '{name}' extends itself through its bases")},
    {"E2014.into",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "contract '{name}' extends '{base}', whose bases extend each other in a cycle")},
    {"E2014.depth",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "contract '{name}' has more than {limit} bases above it (extends chains are limited "
            "to {limit})")},
    {"E2015.twice",
        QT_TRANSLATE_NOOP(
            "DiagnosticTranslations", "{function}() got parameter '{parameter}' twice")},
    {"E2015",
        QT_TRANSLATE_NOOP("DiagnosticTranslations", "{function}() has no parameter '{parameter}'")},
    {"E2016", QT_TRANSLATE_NOOP("DiagnosticTranslations", "cannot read {path}: {error}")},
    {"E2017",
        QT_TRANSLATE_NOOP(
            "DiagnosticTranslations", "match_group is only available inside auto_fix")},
    {"W2001",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "unknown name '{name}': not a variable or parameter, so it is read from the context at "
            "run time (an error if the context has no such key)")},
    {"W2001.suggestion",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "unknown name '{name}'; did you mean '{suggestion}'? (otherwise it is read from the "
            "context at run time)")},
    {"W2002",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "option '{option}' is given more than once; the last one wins")},
    {"E3001",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "{first} and {second} contradict: {explanation}; conflict_resolution = "
            "fail_on_conflict makes this an error")},
    {"E3002",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "{first} and {second} contradict: {explanation}; conflict_resolution = merge keeps "
            "both, so no text can pass")},
    {"W3001",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "{suppressed} is suppressed: it contradicts {kept} ({explanation}); {rule}")},
    {"W3002.suppressed",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "{redundant} is redundant beside {other} ({explanation}); {suppressed} is suppressed "
            "({rule})")},
    {"W3002.kept",
        QT_TRANSLATE_NOOP("DiagnosticTranslations",
            "{redundant} is redundant beside {other} ({explanation}); {kept}")},
    {"hint.did-you-mean",
        QT_TRANSLATE_NOOP("DiagnosticTranslations", "; did you mean {suggestion}?")},
    {"hint.did-you-mean-quoted",
        QT_TRANSLATE_NOOP("DiagnosticTranslations", "; did you mean '{suggestion}'?")},
    {"hint.options", QT_TRANSLATE_NOOP("DiagnosticTranslations", " (options: {options})")},
    {"hint.use-not", QT_TRANSLATE_NOOP("DiagnosticTranslations", "; use 'not' for negation")},
    {"hint.use-and", QT_TRANSLATE_NOOP("DiagnosticTranslations", "; use 'and'")},
    {"hint.use-or", QT_TRANSLATE_NOOP("DiagnosticTranslations", "; use 'or'")},
    {"hint.no-separator",
        QT_TRANSLATE_NOOP("DiagnosticTranslations", "; clauses need no separator")},
    {"hint.conditional", QT_TRANSLATE_NOOP("DiagnosticTranslations", "; use 'if C then A else B'")},
    {"hint.straight-quotes",
        QT_TRANSLATE_NOOP("DiagnosticTranslations", "; strings use straight quotes \" or '")},
    {"hint.ascii-only",
        QT_TRANSLATE_NOOP(
            "DiagnosticTranslations", "; outside strings and comments only ASCII is allowed")},
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

const Template *findTemplate(std::string_view id)
{
    for (const Template &t : kTemplates) {
        if (id == t.id)
            return &t;
    }
    return nullptr;
}

QString fromStd(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

// Puts the arguments into `text` by {name}, in one pass, so an argument that itself contains
// "{x}" is never substituted again; a placeholder without an argument stays as written.
QString fill(const QString &text, const QList<std::pair<QString, QString>> &arguments)
{
    QString result;
    result.reserve(text.size() + 32);
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) == QLatin1Char('{')) {
            const qsizetype end = text.indexOf(QLatin1Char('}'), i + 1);
            if (end > i + 1) {
                const QStringView name = QStringView(text).mid(i + 1, end - i - 1);
                const auto it = std::find_if(arguments.begin(), arguments.end(),
                    [&](const auto &argument) { return argument.first == name; });
                if (it != arguments.end()) {
                    result += it->second;
                    i = end;
                    continue;
                }
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
        return DiagnosticTranslations::tr(kIdentifierPhrase).arg(match.captured(1));
    static const QRegularExpression number(QStringLiteral("^number (.+)$"));
    if (const auto match = number.match(phrase); match.hasMatch())
        return DiagnosticTranslations::tr(kNumberPhrase).arg(match.captured(1));
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

// An argument as the current language shows it: parser phrases and English lists translated,
// names, code and numbers as they are.
QString translatedArgument(std::string_view name, std::string_view value)
{
    const QString text = fromStd(value);
    if (name == "expected" || name == "found")
        return translatePhrase(text);
    if (name == "choices" || name == "accepted" || name == "actual")
        return translateList(text);
    return text;
}

} // namespace

QString DiagnosticTranslations::translate(const engine::Diagnostic &diagnostic)
{
    const Template *message = findTemplate(diagnostic.templateId);
    const Template *hint = diagnostic.hintId.empty() ? nullptr : findTemplate(diagnostic.hintId);
    if (!message || (!diagnostic.hintId.empty() && !hint))
        return fromStd(diagnostic.message);
    QList<std::pair<QString, QString>> arguments;
    for (const engine::DiagnosticArgument &argument : diagnostic.arguments)
        arguments.append(
            {fromStd(argument.name), translatedArgument(argument.name, argument.value)});
    QString text = fill(tr(message->text), arguments);
    if (hint)
        text += fill(tr(hint->text), arguments);
    return text;
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

QList<std::pair<QString, QString>> DiagnosticTranslations::templates()
{
    QList<std::pair<QString, QString>> all;
    for (const Template &t : kTemplates)
        all.append({QLatin1String(t.id), QString::fromUtf8(t.text)});
    return all;
}

} // namespace llmcl::editor
