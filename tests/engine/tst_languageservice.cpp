// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later

// Tests of engine/languageservice.*: outline, completion, hover, go-to-definition and
// diagnostics of one document. In the sources below a `|` marks the cursor; it is removed
// before the text is analysed. The document is tests/data/languageservice/main.llmcl (which
// does not exist on disk: its text is the buffer), so `import extra` and
// `from base_rules import …` find the files beside it.

#include "engine/compiledset.h"
#include "engine/languageservice.h"

#include <QFile>
#include <QTest>

#include <algorithm>
#include <random>

#include "tests/common/testpaths.h"

using namespace Qt::StringLiterals;
using namespace llmcl::engine;

namespace {

const std::string kDocument =
    llmcl::test::testDataPath(u"/languageservice/main.llmcl").toStdString();

struct Marked
{
    std::string text;
    std::size_t offset = 0;
};

// Removes the first `|` of source and returns the text and the cursor's byte offset.
Marked mark(const QByteArray &source)
{
    Marked m;
    const qsizetype bar = source.indexOf('|');
    m.text = source.toStdString();
    if (bar >= 0) {
        m.offset = static_cast<std::size_t>(bar);
        m.text.erase(m.offset, 1);
    }
    return m;
}

CompileRequest requestWithContextKeys()
{
    CompileRequest request;
    request.knownContextKeys = {"user_type", "User_name"};
    return request;
}

LanguageService analyse(const std::string &text)
{
    return LanguageService::analyse(kDocument, text, requestWithContextKeys());
}

QStringList labelsOf(const std::vector<CompletionItem> &items)
{
    QStringList labels;
    for (const CompletionItem &item : items)
        labels << QString::fromStdString(item.label);
    return labels;
}

QString rangeString(const SourceRange &r)
{
    return u"%1:%2-%3:%4"_s.arg(r.begin.line).arg(r.begin.column).arg(r.end.line).arg(r.end.column);
}

std::string textOf(const std::string &text, const SourceRange &r)
{
    if (r.end.offset > text.size() || r.begin.offset > r.end.offset)
        return "<out of range>";
    return text.substr(r.begin.offset, r.length());
}

std::string readFile(const std::string &path)
{
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll().toStdString();
}

void dumpSymbols(
    const std::vector<DocumentSymbol> &symbols, const std::string &text, int depth, QString &out)
{
    static const char *const kinds[] = {"contract", "clause", "parameter", "import"};
    for (const DocumentSymbol &s : symbols) {
        out += QString(depth * 2, u' ') + QString::fromLatin1(kinds[static_cast<int>(s.kind)])
            + u' ' + QString::fromStdString(s.name) + u" ["_s + QString::fromStdString(s.detail)
            + u"] @"_s + rangeString(s.range) + u" sel \""_s
            + QString::fromStdString(textOf(text, s.selectionRange)) + u"\"\n"_s;
        dumpSymbols(s.children, text, depth + 1, out);
    }
}

const QByteArray kMain = R"(import extra
from base_rules import BaseRules

contract ChatbotSafety(priority = critical, fix_strategy = best_fix,
                       description = "Safety rules", max_input = 4000) extends BaseRules {
    require len(content) <= max_input message: "Input too long" auto_fix: content[:max_input]
    ensure not match(response, r"(?i)\bpassword\b")
        message: "Response contains sensitive information"
        severity: critical
}

contract Conversation {
    temporal always not contains(response, "ERROR")
    ensure_prob json_valid(response), 0.9 window_size: session
}
)";

} // namespace

class TestLanguageService : public QObject
{
    Q_OBJECT

private slots:
    void symbols_data();
    void symbols();
    void completions_data();
    void completions();
    void completionDetails();
    void hover_data();
    void hover();
    void definition_data();
    void definition();
    void diagnosticsMatchCompiler_data();
    void diagnosticsMatchCompiler();
    void tokensKeepComments();
    void robustness_data();
    void robustness();
    void largeDocument();
};

void TestLanguageService::symbols_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QString>("expected");

    QTest::newRow("multi-contract")
        << kMain << uR"(import extra [import extra] @1:1-1:13 sel "extra"
import base_rules [from base_rules import BaseRules] @2:1-2:33 sel "base_rules"
contract ChatbotSafety [priority critical, extends BaseRules] @4:1-10:2 sel "ChatbotSafety"
  parameter max_input [4000] @5:54-5:70 sel "max_input"
  clause ChatbotSafety#1 require [len(content) <= max_input] @6:5-6:94 sel "require"
  clause ChatbotSafety#2 ensure [not match(response, "(?i)\\bpassword\\b")] @7:5-9:27 sel "ensure"
contract Conversation [priority medium] @12:1-15:2 sel "Conversation"
  clause Conversation#1 temporal [always not contains(response, "ERROR")] @13:5-13:52 sel "temporal"
  clause Conversation#2 ensure_prob [json_valid(response)] @14:5-14:63 sel "ensure_prob"
)"_s;
    QTest::newRow("broken-clause-kept") << QByteArray(
        "contract A(limit = 3) {\n    ensure len(response) <\n    require true\n}\n"
        "contract B { ensure ok }\n") << uR"(contract A [priority medium] @1:1-4:2 sel "A"
  parameter limit [3] @1:12-1:21 sel "limit"
  clause A#1 ensure [len(response) < <missing>] @2:5-2:27 sel "ensure"
  clause A#2 require [true] @3:5-3:17 sel "require"
contract B [priority medium] @5:1-5:25 sel "B"
  clause B#1 ensure [ok] @5:14-5:23 sel "ensure"
)"_s;
    QTest::newRow("empty") << QByteArray() << QString();
}

void TestLanguageService::symbols()
{
    QFETCH(QByteArray, source);
    QFETCH(QString, expected);
    const LanguageService service = analyse(source.toStdString());
    QString actual;
    dumpSymbols(service.documentSymbols(), service.text(), 0, actual);
    if (actual != expected)
        qWarning().noquote() << u"actual symbols:\n"_s + actual;
    QCOMPARE(actual, expected);
}

void TestLanguageService::completions_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QStringList>("present");
    QTest::addColumn<QStringList>("absent");
    QTest::addColumn<QStringList>("first"); // the first labels, in order

    const QByteArray imports = "import extra\nfrom base_rules import BaseRules\n";

    // Top level and imports.
    QTest::newRow("top-level-empty-document")
        << QByteArray("|") << QStringList {u"contract"_s, u"import"_s, u"from"_s}
        << QStringList {u"ensure"_s} << QStringList {u"contract"_s};
    QTest::newRow("top-level-after-contract-no-import")
        << QByteArray("contract A { ensure true }\n|") << QStringList {u"contract"_s}
        << QStringList {u"import"_s, u"from"_s} << QStringList {};
    QTest::newRow("import-modules")
        << QByteArray("import |") << QStringList {u"base_rules"_s, u"extra"_s}
        << QStringList {u"main"_s, u"contract"_s} << QStringList {u"base_rules"_s, u"extra"_s};
    QTest::newRow("from-module-prefix")
        << QByteArray("from EX|") << QStringList {u"extra"_s} << QStringList {u"base_rules"_s}
        << QStringList {u"extra"_s};
    QTest::newRow("from-import-names")
        << QByteArray("from base_rules import |\ncontract A { ensure true }")
        << QStringList {u"BaseRules"_s, u"Polite"_s} << QStringList {u"ExtraRules"_s, u"A"_s}
        << QStringList {u"BaseRules"_s, u"Polite"_s};
    QTest::newRow("from-import-second-name")
        << QByteArray("from base_rules import BaseRules, P|") << QStringList {u"Polite"_s}
        << QStringList {u"BaseRules"_s} << QStringList {u"Polite"_s};

    // Contract headers.
    QTest::newRow("extends-contracts")
        << imports + "contract Other { ensure true }\ncontract A extends | {\n}\n"
        << QStringList {u"BaseRules"_s, u"Polite"_s, u"ExtraRules"_s, u"Other"_s}
        << QStringList {u"A"_s, u"priority"_s} << QStringList {u"BaseRules"_s, u"ExtraRules"_s};
    QTest::newRow("extends-prefix")
        << imports + "contract A extends Ba|" << QStringList {u"BaseRules"_s}
        << QStringList {u"Polite"_s} << QStringList {u"BaseRules"_s};
    QTest::newRow("header-after-paren") << QByteArray("contract A(|")
                                        << QStringList {u"priority"_s, u"conflict_resolution"_s,
                                               u"fix_strategy"_s, u"description"_s}
                                        << QStringList {u"extends"_s, u"resolution"_s, u"content"_s}
                                        << QStringList {u"conflict_resolution"_s, u"description"_s,
                                               u"fix_strategy"_s, u"priority"_s};
    QTest::newRow("header-without-parens")
        << QByteArray("contract A |") << QStringList {u"priority"_s, u"extends"_s}
        << QStringList {u"ensure"_s} << QStringList {u"conflict_resolution"_s};
    QTest::newRow("header-after-value")
        << QByteArray("contract A(priority = high, |)") << QStringList {u"fix_strategy"_s}
        << QStringList {u"high"_s, u"extends"_s} << QStringList {};
    QTest::newRow("header-after-value-no-comma")
        << QByteArray("contract A(priority = high f|") << QStringList {u"fix_strategy"_s}
        << QStringList {u"high"_s} << QStringList {u"fix_strategy"_s};
    QTest::newRow("after-header-paren")
        << QByteArray("contract A(priority = high) |") << QStringList {u"extends"_s}
        << QStringList {u"priority"_s} << QStringList {u"extends"_s};
    QTest::newRow("priority-values")
        << QByteArray("contract A(priority = |)")
        << QStringList {u"critical"_s, u"high"_s, u"medium"_s, u"low"_s}
        << QStringList {u"best_fix"_s, u"content"_s}
        << QStringList {u"critical"_s, u"high"_s, u"medium"_s, u"low"_s};
    QTest::newRow("fix-strategy-values")
        << QByteArray("contract A(fix_strategy = b|") << QStringList {u"best_fix"_s}
        << QStringList {u"first_fix"_s} << QStringList {u"best_fix"_s};
    QTest::newRow("resolution-alias-values")
        << QByteArray("contract A resolution = |") << QStringList {u"merge"_s, u"first_wins"_s}
        << QStringList {u"critical"_s} << QStringList {u"fail_on_conflict"_s, u"first_wins"_s};
    QTest::newRow("parameter-value-literals")
        << QByteArray("contract A(limit = |") << QStringList {u"true"_s, u"null"_s}
        << QStringList {u"content"_s, u"critical"_s} << QStringList {};

    // Contract bodies.
    QTest::newRow("clause-keywords")
        << QByteArray("contract A {\n    |\n}") << QStringList {u"ensure_prob"_s, u"temporal"_s}
        << QStringList {u"content"_s, u"message"_s}
        << QStringList {u"ensure"_s, u"ensure_prob"_s, u"require"_s, u"temporal"_s};
    QTest::newRow("clause-keyword-prefix")
        << QByteArray("contract A {\n    ens|\n}") << QStringList {u"ensure"_s, u"ensure_prob"_s}
        << QStringList {u"require"_s} << QStringList {u"ensure"_s, u"ensure_prob"_s};
    QTest::newRow("clause-keyword-after-clause-new-line")
        << QByteArray("contract A {\n    ensure true\n    |\n}")
        << QStringList {u"message"_s, u"require"_s, u"and"_s} << QStringList {u"content"_s}
        << QStringList {
               u"auto_fix"_s, u"confidence"_s, u"message"_s, u"severity"_s, u"tags"_s, u"ensure"_s};

    // Expressions.
    QTest::newRow("expression-start")
        << QByteArray("contract A(max_input = 10) {\n    require |\n}")
        << QStringList {u"content"_s, u"len"_s, u"match"_s, u"not"_s, u"true"_s, u"user_type"_s,
               u"history"_s}
        << QStringList {u"always"_s, u"and"_s, u"message"_s, u"match_group"_s, u"max_input = 10"_s}
        << QStringList {u"max_input"_s, u"content"_s, u"context"_s, u"conversation_length"_s};
    QTest::newRow("expression-prefix")
        << QByteArray("contract A { ensure le|n(response) }") << QStringList {u"len"_s}
        << QStringList {u"lower"_s} << QStringList {u"len"_s};
    QTest::newRow("expression-exact-case-first")
        << QByteArray("contract A { ensure u| }")
        << QStringList {u"upper"_s, u"url_valid"_s, u"user_type"_s, u"User_name"_s}
        << QStringList {u"content"_s}
        << QStringList {u"upper"_s, u"url_valid"_s, u"user_type"_s, u"User_name"_s};
    QTest::newRow("expression-upper-case-prefix")
        << QByteArray("contract A { ensure U| }") << QStringList {u"User_name"_s, u"upper"_s}
        << QStringList {} << QStringList {u"User_name"_s, u"upper"_s};
    QTest::newRow("expression-inherited-parameters")
        << imports + "contract A(x = 1) extends BaseRules {\n    ensure |\n}"
        << QStringList {u"x"_s, u"max_words"_s, u"lang"_s} << QStringList {u"max_input"_s}
        << QStringList {u"lang"_s, u"max_words"_s, u"x"_s};
    QTest::newRow("expression-after-operator")
        << QByteArray("contract A { ensure len(response) > 10 and | }")
        << QStringList {u"response"_s, u"len"_s, u"not"_s} << QStringList {u"and"_s, u"message"_s}
        << QStringList {u"content"_s};
    QTest::newRow("expression-keyword-prefix")
        << QByteArray("contract A { ensure no| }") << QStringList {u"not"_s}
        << QStringList {u"null"_s} << QStringList {u"not"_s};
    QTest::newRow("expression-in-call-arguments")
        << QByteArray("contract A { ensure contains(|) }") << QStringList {u"response"_s}
        << QStringList {u"message"_s} << QStringList {u"content"_s};
    QTest::newRow("temporal-keywords")
        << QByteArray("contract A { temporal |")
        << QStringList {u"always"_s, u"eventually"_s, u"next"_s, u"within"_s, u"since"_s}
        << QStringList {u"until"_s} << QStringList {u"content"_s};
    QTest::newRow("temporal-after-within-count")
        << QByteArray("contract A { temporal within 3 |")
        << QStringList {u"response"_s, u"always"_s} << QStringList {u"message"_s}
        << QStringList {u"content"_s};
    QTest::newRow("temporal-until")
        << QByteArray("contract A { temporal always contains(response, \"a\") u|")
        << QStringList {u"until"_s} << QStringList {u"upper"_s} << QStringList {u"until"_s};
    QTest::newRow("no-temporal-keywords-in-ensure")
        << QByteArray("contract A { ensure al|") << QStringList {u"all"_s}
        << QStringList {u"always"_s} << QStringList {u"all"_s};
    QTest::newRow("after-operand-in-parentheses")
        << QByteArray("contract A { ensure (len(response) |") << QStringList {u"and"_s, u"or"_s}
        << QStringList {u"message"_s, u"content"_s} << QStringList {u"and"_s, u"else"_s};

    // Clause options and their values.
    QTest::newRow("options-after-condition")
        << QByteArray("contract A { ensure len(response) < 10 | }")
        << QStringList {u"message"_s, u"and"_s, u"implies"_s}
        << QStringList {u"window_size"_s, u"content"_s}
        << QStringList {
               u"auto_fix"_s, u"confidence"_s, u"message"_s, u"severity"_s, u"tags"_s, u"and"_s};
    QTest::newRow("options-prefix")
        << QByteArray("contract A { ensure true se| }") << QStringList {u"severity"_s}
        << QStringList {u"message"_s} << QStringList {u"severity"_s};
    QTest::newRow("options-of-ensure-prob")
        << QByteArray("contract A { ensure_prob json_valid(response), 0.9 | }")
        << QStringList {u"window_size"_s, u"message"_s}
        << QStringList {u"auto_fix"_s, u"confidence"_s}
        << QStringList {u"message"_s, u"severity"_s, u"tags"_s, u"window_size"_s};
    QTest::newRow("options-after-option")
        << QByteArray("contract A { ensure true message: \"x\" | }")
        << QStringList {u"severity"_s, u"ensure"_s} << QStringList {u"and"_s, u"content"_s}
        << QStringList {u"auto_fix"_s};
    QTest::newRow("severity-values")
        << QByteArray("contract A { ensure true severity: | }")
        << QStringList {u"critical"_s, u"error"_s, u"warning"_s, u"info"_s}
        << QStringList {u"content"_s, u"message"_s}
        << QStringList {u"critical"_s, u"error"_s, u"warning"_s, u"info"_s};
    QTest::newRow("severity-prefix")
        << QByteArray("contract A { ensure true severity: W|") << QStringList {u"warning"_s}
        << QStringList {u"error"_s} << QStringList {u"warning"_s};
    QTest::newRow("window-size-values")
        << QByteArray("contract A { ensure_prob json_valid(response), 0.9 window_size: |")
        << QStringList {u"session"_s, u"global"_s} << QStringList {u"content"_s}
        << QStringList {u"session"_s, u"global"_s};
    QTest::newRow("auto-fix-expression")
        << QByteArray("contract A { ensure not match(response, \"x\") auto_fix: | }")
        << QStringList {u"match_group"_s, u"response"_s, u"replace"_s}
        << QStringList {u"severity"_s} << QStringList {u"content"_s};
    QTest::newRow("message-value")
        << QByteArray("contract A { ensure true message: | }") << QStringList {}
        << QStringList {u"content"_s, u"critical"_s} << QStringList {};

    // Methods.
    QTest::newRow("methods-after-dot")
        << QByteArray("contract A { ensure response.| }")
        << QStringList {u"lower"_s, u"starts_with"_s, u"len"_s}
        << QStringList {u"content"_s, u"not"_s} << QStringList {u"abs"_s, u"all"_s};
    QTest::newRow("methods-prefix")
        << QByteArray("contract A { ensure response.st|")
        << QStringList {u"starts_with"_s, u"startswith"_s, u"strip"_s, u"str"_s}
        << QStringList {u"len"_s}
        << QStringList {u"starts_with"_s, u"startswith"_s, u"str"_s, u"strip"_s};
    QTest::newRow("context-keys-after-context-dot")
        << QByteArray("contract A { ensure context.u|") << QStringList {u"user_type"_s, u"upper"_s}
        << QStringList {}
        << QStringList {u"user_type"_s, u"upper"_s, u"url_valid"_s, u"User_name"_s};

    // Nothing inside strings and comments.
    QTest::newRow("inside-string")
        << QByteArray("contract A { ensure contains(response, \"ab|c\") }") << QStringList {}
        << QStringList {u"content"_s} << QStringList {};
    QTest::newRow("end-of-unterminated-string")
        << QByteArray("contract A { ensure contains(response, \"abc|") << QStringList {}
        << QStringList {u"content"_s} << QStringList {};
    QTest::newRow("inside-line-comment")
        << QByteArray("contract A { // com|ment\n}") << QStringList {} << QStringList {u"ensure"_s}
        << QStringList {};
    QTest::newRow("end-of-hash-comment") << QByteArray("contract A { # note|\n}") << QStringList {}
                                         << QStringList {u"ensure"_s} << QStringList {};
    QTest::newRow("right-after-number")
        << QByteArray("contract A { ensure len(response) < 10| }") << QStringList {}
        << QStringList {u"message"_s} << QStringList {};
    QTest::newRow("after-number-and-space")
        << QByteArray("contract A { ensure len(response) < 10 | }") << QStringList {u"message"_s}
        << QStringList {} << QStringList {u"auto_fix"_s};
    QTest::newRow("after-block-comment")
        << QByteArray("contract A { /* note */ |\n}") << QStringList {u"ensure"_s} << QStringList {}
        << QStringList {u"ensure"_s};
}

void TestLanguageService::completions()
{
    QFETCH(QByteArray, source);
    QFETCH(QStringList, present);
    QFETCH(QStringList, absent);
    QFETCH(QStringList, first);
    const Marked m = mark(source);
    const LanguageService service = analyse(m.text);
    const QStringList labels = labelsOf(service.completionsAt(m.offset));
    for (const QString &label : present)
        QVERIFY2(
            labels.contains(label), qPrintable(label + u" missing from "_s + labels.join(u", "_s)));
    for (const QString &label : absent)
        QVERIFY2(!labels.contains(label),
            qPrintable(label + u" unexpected in "_s + labels.join(u", "_s)));
    QCOMPARE(labels.mid(0, first.size()), first);
    if (present.isEmpty() && first.isEmpty())
        QVERIFY2(labels.isEmpty(), qPrintable(labels.join(u", "_s)));
}

void TestLanguageService::completionDetails()
{
    const Marked m = mark("contract A(limit = 3) { ensure starts_w| }");
    const LanguageService service = analyse(m.text);
    const std::vector<CompletionItem> items = service.completionsAt(m.offset);
    QCOMPARE(items.size(), std::size_t(1));
    QCOMPARE(items[0].label, "starts_with");
    QCOMPARE(items[0].kind, CompletionItem::Kind::Function);
    QCOMPARE(items[0].detail, "starts_with(s: string, prefix: string) -> bool");
    QCOMPARE(items[0].documentation, "Whether s starts with prefix.");
    QCOMPARE(items[0].insertText, "starts_with(");

    const Marked p = mark("contract A(limit = 3) { ensure lim| }");
    const std::vector<CompletionItem> parameters = analyse(p.text).completionsAt(p.offset);
    QCOMPARE(parameters.size(), std::size_t(1));
    QCOMPARE(parameters[0].kind, CompletionItem::Kind::Parameter);
    QCOMPARE(parameters[0].detail, "= 3");

    const Marked o = mark("contract A { ensure true mes| }");
    const std::vector<CompletionItem> options = analyse(o.text).completionsAt(o.offset);
    QCOMPARE(options.size(), std::size_t(1));
    QCOMPARE(options[0].kind, CompletionItem::Kind::ClauseOption);
    QCOMPARE(options[0].insertText, "message: ");
}

void TestLanguageService::hover_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QStringList>("contains"); // empty: no hover
    QTest::addColumn<QString>("rangeText"); // the text the hover's range covers

    QTest::newRow("builtin-call") << QByteArray("contract A { ensure le|n(response) > 1 }")
                                  << QStringList {u"len(x: string | list | map) -> int"_s,
                                         u"Code points"_s}
                                  << u"len"_s;
    QTest::newRow("builtin-method")
        << QByteArray("contract A { ensure response.low|er() == \"a\" }")
        << QStringList {u"lower(s: string) -> string"_s} << u"lower"_s;
    QTest::newRow("turn-variable")
        << QByteArray("contract A { ensure len(resp|onse) > 0 }")
        << QStringList {u"turn variable"_s, u"null in the input phase"_s} << u"response"_s;
    QTest::newRow("turn-variable-at-word-end") << QByteArray("contract A { ensure history|}")
                                               << QStringList {u"earlier turns"_s} << u"history"_s;
    QTest::newRow("match-group") << QByteArray(
        "contract A { ensure match(response, \"x\") auto_fix: match_gr|oup }")
                                 << QStringList {u"last match/extract"_s} << u"match_group"_s;
    QTest::newRow("parameter") << QByteArray(
        "contract A(max_input = 4000) { require len(content) <= max_in|put }")
                               << QStringList {u"**parameter** `max_input` = `4000`"_s,
                                      u"declared by contract `A`"_s}
                               << u"max_input"_s;
    QTest::newRow("parameter-in-header")
        << QByteArray("contract A(max_in|put = 4000) { require true }")
        << QStringList {u"**parameter** `max_input`"_s} << u"max_input"_s;
    QTest::newRow("inherited-parameter")
        << QByteArray("from base_rules import BaseRules\n"
                      "contract A extends BaseRules { ensure len(response) < max_w|ords }")
        << QStringList {u"declared by contract `BaseRules`"_s, u"base_rules.llmcl"_s,
               u"inherited by `A`"_s}
        << u"max_words"_s;
    QTest::newRow("contract-declaration")
        << kMain.sliced(0, 60) + "|" + kMain.sliced(60)
        << QStringList {u"**contract** `ChatbotSafety`"_s, u"priority `critical` (100)"_s,
               u"fix_strategy `best_fix`"_s, u"extends `BaseRules`"_s, u"Safety rules"_s,
               u"`max_input = 4000`"_s, u"2 clauses (+1 inherited)"_s}
        << u"ChatbotSafety"_s;
    QTest::newRow("contract-keyword")
        << QByteArray("con|tract A(priority = low) { ensure true }")
        << QStringList {u"**contract** `A`"_s, u"priority `low` (25)"_s, u"1 clause"_s}
        << u"contract"_s;
    QTest::newRow("contract-in-extends")
        << QByteArray(
               "from base_rules import BaseRules\ncontract A extends Base|Rules { ensure true }")
        << QStringList {u"**contract** `BaseRules`"_s, u"base_rules.llmcl"_s,
               u"priority `high` (75)"_s, u"Base rules"_s}
        << u"BaseRules"_s;
    QTest::newRow("contract-in-from-import")
        << QByteArray("from base_rules import Pol|ite\n")
        << QStringList {u"**contract** `Polite`"_s} << u"Polite"_s;
    QTest::newRow("import-module")
        << QByteArray("import ext|ra\n") << QStringList {u"**module** `extra`"_s, u"extra.llmcl"_s}
        << u"extra"_s;
    QTest::newRow("clause-keyword")
        << QByteArray("contract Safe {\n    require true\n    ens|ure false\n}")
        << QStringList {u"**ensure** — clause `Safe#2`"_s, u"output phase"_s} << u"ensure"_s;
    QTest::newRow("clause-keyword-ensure-prob")
        << QByteArray("contract P { ensure_p|rob true, 0.5 }")
        << QStringList {u"clause `P#1`"_s, u"success rate"_s} << u"ensure_prob"_s;
    QTest::newRow("temporal-operator") << QByteArray("contract T { temporal alw|ays true }")
                                       << QStringList {u"every turn"_s} << u"always"_s;
    QTest::newRow("header-option")
        << QByteArray("contract A(prio|rity = high) { ensure true }")
        << QStringList {u"**header option** `priority`"_s} << u"priority"_s;
    QTest::newRow("clause-option")
        << QByteArray("contract A { ensure true sev|erity: info }")
        << QStringList {u"**clause option** `severity`"_s} << u"severity"_s;
    QTest::newRow("severity-value") << QByteArray("contract A { ensure true severity: in|fo }")
                                    << QStringList {u"result stays valid"_s} << u"info"_s;
    QTest::newRow("known-context-key") << QByteArray("contract A { ensure user_t|ype == \"x\" }")
                                       << QStringList {u"A known context key"_s} << u"user_type"_s;
    QTest::newRow("unknown-name-with-diagnostic")
        << QByteArray("contract A { ensure usr|_kind == \"x\" }")
        << QStringList {u"**context key** `usr_kind`"_s, u"---"_s, u"**warning[W"_s,
               u"unknown name 'usr_kind'"_s}
        << u"usr_kind"_s;
    QTest::newRow("diagnostic-only")
        << QByteArray("contract A { ensure len(response, |1) > 0 }")
        << QStringList {u"**error[E"_s, u"len() takes 1 argument"_s} << u"1"_s;
    QTest::newRow("unknown-function") << QByteArray("contract A { ensure lenn|(response) > 0 }")
                                      << QStringList {u"unknown function 'lenn'"_s} << u"lenn"_s;
    QTest::newRow("whitespace") << QByteArray("contract A {  |  ensure true }") << QStringList {}
                                << QString();
    QTest::newRow("comment") << QByteArray("// a co|mment\ncontract A { ensure true }")
                             << QStringList {} << QString();
    QTest::newRow("string") << QByteArray("contract A { ensure response == \"con|tent\" }")
                            << QStringList {} << QString();
}

void TestLanguageService::hover()
{
    QFETCH(QByteArray, source);
    QFETCH(QStringList, contains);
    QFETCH(QString, rangeText);
    const Marked m = mark(source);
    const LanguageService service = analyse(m.text);
    const std::optional<HoverInfo> hover = service.hoverAt(m.offset);
    if (contains.isEmpty()) {
        QVERIFY2(!hover, hover ? hover->markdown.c_str() : "");
        return;
    }
    QVERIFY(hover);
    const QString markdown = QString::fromStdString(hover->markdown);
    for (const QString &part : contains)
        QVERIFY2(markdown.contains(part), qPrintable(part + u" not in:\n"_s + markdown));
    QCOMPARE(QString::fromStdString(textOf(m.text, hover->range)), rangeText);
}

void TestLanguageService::definition_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QString>("file"); // file name of the target; empty: no definition
    QTest::addColumn<QString>("targetText"); // the text of the target range in that file
    QTest::addColumn<QString>("position"); // line:column of the target

    QTest::newRow("extends-local")
        << QByteArray("contract Base { ensure true }\ncontract A extends Ba|se { ensure true }")
        << u"main.llmcl"_s << u"Base"_s << u"1:10"_s;
    QTest::newRow("extends-imported") << QByteArray(
        "from base_rules import BaseRules\ncontract A extends BaseRules| { ensure true }")
                                      << u"base_rules.llmcl"_s << u"BaseRules"_s << u"2:10"_s;
    QTest::newRow("from-import-name") << QByteArray("from base_rules import Pol|ite\n")
                                      << u"base_rules.llmcl"_s << u"Polite"_s << u"6:10"_s;
    QTest::newRow("contract-declaration") << QByteArray("contract Sel|f { ensure true }")
                                          << u"main.llmcl"_s << u"Self"_s << u"1:10"_s;
    QTest::newRow("import-module")
        << QByteArray("import ex|tra\n") << u"extra.llmcl"_s << QString() << u"1:1"_s;
    QTest::newRow("from-module") << QByteArray("from base_r|ules import Polite\n")
                                 << u"base_rules.llmcl"_s << QString() << u"1:1"_s;
    QTest::newRow("parameter") << QByteArray(
        "contract A(limit = 3) {\n    ensure len(response) < lim|it\n}")
                               << u"main.llmcl"_s << u"limit"_s << u"1:12"_s;
    QTest::newRow("parameter-in-auto-fix") << QByteArray(
        "contract A(limit = 3) {\n    ensure len(response) < 4 auto_fix: response[:limit|]\n}")
                                           << u"main.llmcl"_s << u"limit"_s << u"1:12"_s;
    QTest::newRow("inherited-parameter")
        << QByteArray("from base_rules import BaseRules\n"
                      "contract A extends BaseRules { ensure len(response) < max_wor|ds }")
        << u"base_rules.llmcl"_s << u"max_words"_s << u"2:65"_s;
    QTest::newRow("own-parameter-overrides-base") << QByteArray(
        "from base_rules import BaseRules\n"
        "contract A(max_words = 5) extends BaseRules { ensure len(response) < max_wor|ds }")
                                                  << u"main.llmcl"_s << u"max_words"_s << u"2:12"_s;
    QTest::newRow("turn-variable")
        << QByteArray("contract A { ensure respo|nse }") << QString() << QString() << QString();
    QTest::newRow("builtin") << QByteArray("contract A { ensure le|n(response) }") << QString()
                             << QString() << QString();
    QTest::newRow("missing-module")
        << QByteArray("import nowhe|re\n") << QString() << QString() << QString();
    QTest::newRow("unknown-base") << QByteArray("contract A extends Nob|ody { }") << QString()
                                  << QString() << QString();
    QTest::newRow("keyword") << QByteArray("contract A { ens|ure true }") << QString() << QString()
                             << QString();
}

void TestLanguageService::definition()
{
    QFETCH(QByteArray, source);
    QFETCH(QString, file);
    QFETCH(QString, targetText);
    QFETCH(QString, position);
    const Marked m = mark(source);
    const LanguageService service = analyse(m.text);
    const std::optional<Location> location = service.definitionAt(m.offset);
    if (file.isEmpty()) {
        QVERIFY2(!location, location ? location->file.c_str() : "");
        return;
    }
    QVERIFY(location);
    QVERIFY2(QString::fromStdString(location->file).endsWith(u'/' + file), location->file.c_str());
    const std::string target = location->file == kDocument ? m.text : readFile(location->file);
    QCOMPARE(QString::fromStdString(textOf(target, location->range)), targetText);
    QCOMPARE(
        u"%1:%2"_s.arg(location->range.begin.line).arg(location->range.begin.column), position);
}

void TestLanguageService::diagnosticsMatchCompiler_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<int>("count");

    QTest::newRow("clean") << kMain << 0;
    QTest::newRow("syntax-error") << QByteArray("contract A {\n    ensure len(response) <\n}\n")
                                  << 1;
    QTest::newRow("unterminated-string")
        << QByteArray("contract A { ensure response == \"abc\n}\n") << 1;
    QTest::newRow("unknown-name-and-function")
        << QByteArray("contract A {\n    ensure lenn(response) > 0\n    ensure usr_kind == 1\n}\n")
        << 2;
    QTest::newRow("known-context-key")
        << QByteArray("contract A { ensure user_type == \"x\" }\n") << 0;
    QTest::newRow("missing-import")
        << QByteArray("import nowhere\ncontract A { ensure true }\n") << 1;
    QTest::newRow("missing-import-name")
        << QByteArray("from base_rules import Nobody\ncontract A { ensure true }\n") << 1;
    // -1: whatever compileContracts() reports (conflict detection is another engineer's work).
    QTest::newRow("conflict") << QByteArray(
        "contract A {\n    ensure len(response) < 50\n    ensure len(response) > 100\n}\n")
                              << -1;
    // The document loads first, so the duplicate is reported in the imported file, not here.
    QTest::newRow("duplicate-with-import")
        << QByteArray("from base_rules import Polite\ncontract Polite { ensure true }\n") << 0;
    QTest::newRow("invalid-utf8") << QByteArray("contract A { ensure \xff\xfe true }\n") << 1;
}

void TestLanguageService::diagnosticsMatchCompiler()
{
    QFETCH(QByteArray, source);
    QFETCH(int, count);
    const std::string text = source.toStdString();
    const LanguageService service = analyse(text);

    CompileRequest request = requestWithContextKeys();
    request.files = {kDocument};
    request.overrides[kDocument] = text;
    std::vector<Diagnostic> expected = compileContracts(request).diagnostics;
    std::erase_if(expected, [](const Diagnostic &d) { return d.file != kDocument; });

    QVERIFY(service.diagnostics() == expected);
    if (count >= 0)
        QCOMPARE(static_cast<int>(service.diagnostics().size()), count);

    // Without keeping the compiled set: the same analysis, no set.
    CompileRequest again = requestWithContextKeys();
    const LanguageService lean =
        LanguageService::analyse(kDocument, text, std::move(again), /*keepCompiledSet=*/false);
    QVERIFY(lean.diagnostics() == service.diagnostics());
    QVERIFY(!lean.compileResult().set);
    QCOMPARE(lean.compileResult().diagnostics.size(), service.compileResult().diagnostics.size());
    QCOMPARE(lean.documentSymbols().size(), service.documentSymbols().size());
    QCOMPARE(bool(service.compileResult().set), !service.compileResult().hasErrors());
}

void TestLanguageService::tokensKeepComments()
{
    LanguageService copy;
    {
        const LanguageService service =
            analyse("// header\ncontract A { # note\n    ensure true /* why */\n}\n");
        copy = service; // the tokens' views must outlive the original
    }
    const LanguageService moved = std::move(copy);
    QCOMPARE(copy.tokens().size(), moved.tokens().size()); // a moved-from service still answers
    const std::vector<Token> tokens = moved.tokens();
    QVERIFY(!tokens.empty());
    QCOMPARE(tokens.back().kind, TokenKind::EndOfFile);
    QCOMPARE(tokens.front().kind, TokenKind::LineComment);
    QCOMPARE(tokens.front().text, "// header");
    const auto comments = std::count_if(
        tokens.begin(), tokens.end(), [](const Token &t) { return isComment(t.kind); });
    QCOMPARE(comments, 3);
    for (const Token &t : tokens)
        QCOMPARE(
            t.text, std::string_view(moved.text()).substr(t.range.begin.offset, t.range.length()));
}

void TestLanguageService::robustness_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("whitespace-only") << QByteArray("  \n\t\n");
    QTest::newRow("main") << kMain;
    QTest::newRow("broken-header") << QByteArray("contract A(priority = , extends { ensure");
    QTest::newRow("lone-keywords") << QByteArray("contract\nextends\nensure\nimport from }");
    QTest::newRow("unclosed-everything") << QByteArray("contract A { ensure ((([{ \"abc");
    QTest::newRow("unterminated-block-comment")
        << QByteArray("contract A { /* never closed\n ensure");
    QTest::newRow("unterminated-raw-string")
        << QByteArray("contract A { ensure match(response, r\"abc\n");
    QTest::newRow("invalid-utf8") << QByteArray(
        "contract \xff\xfe A { ensure \xc3 response.\xe2\x82 }");
    QTest::newRow("non-ascii") << QByteArray("contract Ä { ensure response == \"héllo — ✓\" }");
    QTest::newRow("import-cycle-self") << QByteArray("import main\ncontract A { ensure true }");
    QTest::newRow("stray-closers") << QByteArray("} ) ] contract A { } } ensure x: y:");
    QTest::newRow("deep-nesting") << QByteArray(400, '(');
    QTest::newRow("bom") << QByteArray("\xEF\xBB\xBF"
                                       "contract A { ensure true }");
    QTest::newRow("crlf") << QByteArray("contract A {\r\n    ensure true\r\n}\r\n");
}

void TestLanguageService::robustness()
{
    QFETCH(QByteArray, source);
    const LanguageService service = analyse(source.toStdString());
    const std::size_t size = service.text().size();
    for (std::size_t offset = 0; offset <= size + 2; ++offset) {
        for (const CompletionItem &item : service.completionsAt(offset))
            QVERIFY(!item.label.empty());
        if (const auto hover = service.hoverAt(offset)) {
            QVERIFY(!hover->markdown.empty());
            QVERIFY(hover->range.end.offset <= size);
        }
        if (const auto location = service.definitionAt(offset))
            QVERIFY(!location->file.empty());
    }
    (void)service.documentSymbols();
    QVERIFY(!service.tokens().empty());

    // A default-constructed service answers too.
    const LanguageService empty;
    QVERIFY(empty.diagnostics().empty());
    QVERIFY(empty.documentSymbols().empty());
    (void)empty.completionsAt(5);
    QVERIFY(!empty.hoverAt(0));
    QVERIFY(!empty.definitionAt(0));
}

void TestLanguageService::largeDocument()
{
    // 5,000 lines: 1,000 contracts of 5 lines.
    std::string text = "from base_rules import BaseRules\n";
    for (int i = 0; i < 1000; ++i) {
        const std::string n = std::to_string(i);
        text += "contract C" + n + "(priority = high, limit = " + n + ") extends BaseRules {\n"
            + "    require len(content) <= limit message: \"too long\" // why\n"
            + "    ensure not contains(lower(response), \"x" + n + "\") severity: warning\n"
            + "    temporal always response.starts_with(\"a\") or turn_number > max_words\n}\n";
    }
    const LanguageService service = analyse(text);
    QCOMPARE(service.documentSymbols().size(), std::size_t(1001));

    // Every kind of query at random offsets of a large document answers without failing;
    // how fast is the benchmark's business (bench/, BENCHMARKS.md), not a test's.
    std::mt19937 random(42);
    std::uniform_int_distribution<std::size_t> anywhere(0, text.size());
    std::size_t answers = 0;
    for (int q = 0; q < 2000; ++q) {
        const std::size_t offset = anywhere(random);
        answers += service.completionsAt(offset).size();
        answers += service.hoverAt(offset).has_value();
        answers += service.definitionAt(offset).has_value();
    }
    QVERIFY(answers > 0);
}

QTEST_GUILESS_MAIN(TestLanguageService)
#include "tst_languageservice.moc"
