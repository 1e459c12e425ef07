// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later

// The KSyntaxHighlighting definition of LLMCL (resources/syntax/llmcl.xml), tested on its own,
// without the editor: golden highlighting of the example workspace, the format of each token
// class, folding regions, and its keyword lists against the language reference.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSet>
#include <QTest>

#include <KSyntaxHighlighting/AbstractHighlighter>
#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/FoldingRegion>
#include <KSyntaxHighlighting/Format>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/State>

#include <algorithm>
#include <vector>

#include "tests/common/testpaths.h"

using namespace Qt::StringLiterals;

namespace {

// One stretch of a line with one format, as reported through applyFormat(). Line and column
// are 0-based; columns and lengths count UTF-16 code units, as KSyntaxHighlighting does.
struct FormatRun
{
    int line = 0;
    int column = 0;
    int length = 0;
    QString format;
    QString text;
};

struct FoldEvent
{
    int line = 0;
    int column = 0;
    bool begin = false;
    int id = 0;
};

// Highlights a whole document line by line, handing each line the state the previous one ended
// with (as an editor does), and records every format run and folding region.
class RecordingHighlighter : public KSyntaxHighlighting::AbstractHighlighter
{
public:
    explicit RecordingHighlighter(const KSyntaxHighlighting::Definition &definition)
    {
        setDefinition(definition);
    }

    void highlight(const QStringList &lines)
    {
        m_runs.clear();
        m_folds.clear();
        KSyntaxHighlighting::State state;
        for (m_line = 0; m_line < int(lines.size()); ++m_line) {
            m_text = lines.at(m_line);
            state = highlightLine(m_text, state);
        }
    }

    const std::vector<FormatRun> &runs() const { return m_runs; }
    const std::vector<FoldEvent> &folds() const { return m_folds; }

    // The format name at a position, or an explanation when nothing covers it.
    QString formatAt(int line, int column) const
    {
        for (const auto &run : m_runs) {
            if (run.line == line && column >= run.column && column < run.column + run.length)
                return run.format;
        }
        return u"<no format at %1:%2>"_s.arg(line).arg(column);
    }

protected:
    void applyFormat(int offset, int length, const KSyntaxHighlighting::Format &format) override
    {
        if (length <= 0)
            return;
        const QString name = format.isValid() ? format.name() : u"<invalid>"_s;
        // Adjacent matches of one format form one run, whatever rules produced them.
        if (!m_runs.empty()) {
            auto &last = m_runs.back();
            if (last.line == m_line && last.column + last.length == offset && last.format == name) {
                last.length += length;
                last.text = m_text.mid(last.column, last.length);
                return;
            }
        }
        m_runs.push_back({m_line, offset, length, name, m_text.mid(offset, length)});
    }

    void applyFolding(int offset, int length, KSyntaxHighlighting::FoldingRegion region) override
    {
        Q_UNUSED(length)
        if (region.type() == KSyntaxHighlighting::FoldingRegion::None)
            return;
        m_folds.push_back({m_line, offset,
            region.type() == KSyntaxHighlighting::FoldingRegion::Begin, region.id()});
    }

private:
    std::vector<FormatRun> m_runs;
    std::vector<FoldEvent> m_folds;
    int m_line = 0;
    QString m_text;
};

QStringList splitLines(const QString &text)
{
    QStringList lines = text.split(u'\n');
    if (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast(); // the final newline ends the last line, it does not start one
    for (auto &line : lines) {
        if (line.endsWith(u'\r'))
            line.chop(1);
    }
    return lines;
}

QString readUtf8(const QString &path, bool *ok)
{
    QFile file(path);
    *ok = file.open(QIODevice::ReadOnly);
    return *ok ? QString::fromUtf8(file.readAll()) : QString();
}

// One golden line per format run: "line:column length format 'text'", 1-based line and
// column. Whitespace-only runs of plain text carry no information and are left out.
QStringList renderRuns(const std::vector<FormatRun> &runs)
{
    QStringList lines;
    for (const auto &run : runs) {
        if (run.format == u"Normal Text"_s && run.text.trimmed().isEmpty())
            continue;
        lines << u"%1:%2 %3 %4 '%5'"_s.arg(QString::number(run.line + 1),
            QString::number(run.column + 1), QString::number(run.length), run.format, run.text);
    }
    return lines;
}

QString goldenHeader(const QString &sourcePath)
{
    return u"# SPDX-FileCopyrightText: 2026 The LLMCL Studio authors\n"
           "# SPDX-License-Identifier: GPL-3.0-or-later\n"
           "# Highlighting of %1 by resources/syntax/llmcl.xml, one format run a line:\n"
           "# line:column length format 'text' (1-based, UTF-16 code units; whitespace-only\n"
           "# Normal Text runs left out). Written by tst_syntaxdefinition with\n"
           "# LLMCL_UPDATE_GOLDENS=1: review the diff before committing it.\n"_s.arg(sourcePath);
}

// The lines of a golden file without its '#' header.
QStringList goldenBody(const QString &text)
{
    QStringList body = splitLines(text);
    body.removeIf([](const QString &line) { return line.startsWith(u'#'); });
    return body;
}

// A unified-style diff of two line lists (longest common subsequence), cut off after
// maxChanges changed lines.
QString lineDiff(const QStringList &expected, const QStringList &actual, int maxChanges = 40)
{
    const auto n = expected.size();
    const auto m = actual.size();
    // common[i][j]: length of the longest common subsequence of expected[i..] and actual[j..].
    std::vector<std::vector<int>> common(std::size_t(n + 1), std::vector<int>(std::size_t(m + 1)));
    for (auto i = n - 1; i >= 0; --i) {
        for (auto j = m - 1; j >= 0; --j) {
            const auto ui = std::size_t(i);
            const auto uj = std::size_t(j);
            common[ui][uj] = expected.at(i) == actual.at(j)
                ? common[ui + 1][uj + 1] + 1
                : std::max(common[ui + 1][uj], common[ui][uj + 1]);
        }
    }

    QStringList out {u"--- expected"_s, u"+++ actual"_s};
    int changes = 0;
    bool inHunk = false;
    qsizetype i = 0;
    qsizetype j = 0;
    while ((i < n || j < m) && changes < maxChanges) {
        const auto ui = std::size_t(i);
        const auto uj = std::size_t(j);
        if (i < n && j < m && expected.at(i) == actual.at(j)) {
            inHunk = false;
            ++i;
            ++j;
            continue;
        }
        if (!inHunk) {
            out << u"@@ expected line %1, actual line %2 @@"_s.arg(i + 1).arg(j + 1);
            inHunk = true;
        }
        if (i < n && (j == m || common[ui + 1][uj] >= common[ui][uj + 1])) {
            out << u"-"_s + expected.at(i++);
        } else {
            out << u"+"_s + actual.at(j++);
        }
        ++changes;
    }
    if (i < n || j < m)
        out << u"… (diff cut off after %1 changed lines)"_s.arg(maxChanges);
    return out.join(u'\n');
}

// The language reference's vocabulary (LANGUAGE.md §§2-7), by the definition's list names.
struct VocabularyList
{
    const char *list;
    QStringList words;
};

const std::vector<VocabularyList> &vocabulary()
{
    static const std::vector<VocabularyList> lists {
        {"declarations", {u"contract"_s, u"extends"_s, u"import"_s, u"from"_s}},
        {"clauses", {u"require"_s, u"ensure"_s, u"ensure_prob"_s, u"temporal"_s}},
        {"control", {u"if"_s, u"then"_s, u"else"_s}},
        {"logic", {u"and"_s, u"or"_s, u"not"_s, u"in"_s, u"implies"_s}},
        {"temporal",
            {u"always"_s, u"eventually"_s, u"next"_s, u"within"_s, u"until"_s, u"since"_s}},
        {"literals", {u"true"_s, u"false"_s, u"null"_s}},
        {"header_options",
            {u"priority"_s, u"conflict_resolution"_s, u"resolution"_s, u"fix_strategy"_s,
                u"description"_s, u"max_fix_attempts"_s}},
        {"header_values",
            {u"critical"_s, u"high"_s, u"medium"_s, u"low"_s, u"first_wins"_s, u"last_wins"_s,
                u"most_restrictive"_s, u"least_restrictive"_s, u"merge"_s, u"fail_on_conflict"_s,
                u"first_fix"_s, u"all_fixes"_s, u"best_fix"_s}},
        {"severities", {u"critical"_s, u"error"_s, u"warning"_s, u"info"_s}},
        {"window_values", {u"session"_s, u"global"_s}},
        {"variables",
            {u"content"_s, u"response"_s, u"context"_s, u"turn_number"_s, u"conversation_length"_s,
                u"prev_content"_s, u"prev_response"_s, u"history"_s, u"match_group"_s}},
        {"regex_functions",
            {u"match"_s, u"full_match"_s, u"extract"_s, u"find_all"_s, u"regex_replace"_s}},
        {"functions",
            {u"len"_s, u"contains"_s, u"starts_with"_s, u"startswith"_s, u"ends_with"_s,
                u"endswith"_s, u"lower"_s, u"upper"_s, u"trim"_s, u"strip"_s, u"replace"_s,
                u"split"_s, u"join"_s, u"count"_s, u"word_count"_s, u"json_valid"_s,
                u"json_parse"_s, u"json_extract"_s, u"json_has"_s, u"email_valid"_s, u"url_valid"_s,
                u"first"_s, u"last"_s, u"min"_s, u"max"_s, u"sum"_s, u"any"_s, u"all"_s, u"abs"_s,
                u"round"_s, u"int"_s, u"float"_s, u"str"_s, u"bool"_s, u"type"_s, u"exists"_s,
                u"contains_any"_s, u"find_any"_s}},
    };
    return lists;
}

// A snippet (with %1 standing for the word), the column of the word in it and the format the
// word must get, for each list.
struct WordContext
{
    QString snippet;
    QString format;
};

WordContext wordContext(const QString &list)
{
    static const QHash<QString, WordContext> contexts {
        {u"declarations"_s, {u"%1 X"_s, u"Keyword"_s}},
        {u"clauses"_s, {u"%1 true"_s, u"Keyword"_s}},
        {u"control"_s, {u"ensure %1 x"_s, u"Keyword"_s}},
        {u"logic"_s, {u"ensure a %1 b"_s, u"Keyword"_s}},
        {u"temporal"_s, {u"temporal %1 true"_s, u"Temporal Operator"_s}},
        {u"literals"_s, {u"ensure %1"_s, u"Constant"_s}},
        {u"header_options"_s, {u"contract A(%1 = 1) {}"_s, u"Header Option"_s}},
        {u"header_values"_s, {u"contract A(priority = %1) {}"_s, u"Option Value"_s}},
        {u"severities"_s, {u"ensure true severity: %1"_s, u"Option Value"_s}},
        {u"window_values"_s, {u"ensure_prob true, 0.5 window_size: %1"_s, u"Option Value"_s}},
        {u"variables"_s, {u"ensure %1 == null"_s, u"Variable"_s}},
        {u"regex_functions"_s, {u"ensure %1(content, \"a+\")"_s, u"Function"_s}},
        {u"functions"_s, {u"ensure %1(x)"_s, u"Function"_s}},
    };
    return contexts.value(list);
}

} // namespace

class TestSyntaxDefinition : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void metadata();
    void golden_data();
    void golden();
    void formats_data();
    void formats();
    void folding_data();
    void folding();
    void keywordLists();
    void vocabularyHighlighted_data();
    void vocabularyHighlighted();

private:
    QString formatAt(const QString &snippet, int line, int column) const;

    KSyntaxHighlighting::Repository m_repository;
    KSyntaxHighlighting::Definition m_definition;
};

void TestSyntaxDefinition::initTestCase()
{
    // The repository looks for <path>/syntax/*.xml.
    m_repository.addCustomSearchPath(llmcl::test::sourcePath(u"/resources"));
    m_definition = m_repository.definitionForName(u"LLMCL"_s);
    QVERIFY(m_definition.isValid());
}

void TestSyntaxDefinition::init()
{
    // KSyntaxHighlighting reports broken rules (an unknown context, a bad regex) as warnings.
    QTest::failOnWarning(QRegularExpression(u".+"_s));
}

void TestSyntaxDefinition::metadata()
{
    QCOMPARE(m_repository.definitionForFileName(u"/any/where/safety.llmcl"_s).name(), u"LLMCL"_s);
    QCOMPARE(m_repository.definitionForMimeType(u"text/x-llmcl"_s).name(), u"LLMCL"_s);
    // Not a copy installed on the system: the definition in this checkout.
    QCOMPARE(QFileInfo(m_definition.filePath()).canonicalFilePath(),
        QFileInfo(llmcl::test::sourcePath(u"/resources/syntax/llmcl.xml")).canonicalFilePath());
    QCOMPARE(m_definition.section(), u"Scripts"_s);
    QVERIFY(m_definition.version() >= 1);
    QVERIFY(!m_definition.isHidden());
    QCOMPARE(m_definition.singleLineCommentMarker(), u"//"_s);
    QCOMPARE(m_definition.multiLineCommentMarker(), std::make_pair(u"/*"_s, u"*/"_s));

    // Every format named by the tests below exists, so a renamed one fails here first.
    QSet<QString> names;
    for (const auto &format : m_definition.formats())
        names.insert(format.name());
    for (const auto &name :
        {u"Normal Text"_s, u"Keyword"_s, u"Temporal Operator"_s, u"Constant"_s, u"Option Value"_s,
            u"Clause Option"_s, u"Header Option"_s, u"Parameter"_s, u"Variable"_s, u"Function"_s,
            u"Contract Name"_s, u"Module"_s, u"String"_s, u"Escape"_s, u"Raw String"_s, u"Regex"_s,
            u"Regex Operator"_s, u"Regex Class"_s, u"Regex Escape"_s, u"Decimal"_s, u"Float"_s,
            u"Operator"_s, u"Comment"_s, u"Error"_s}) {
        QVERIFY2(names.contains(name), qPrintable(name));
    }
}

void TestSyntaxDefinition::golden_data()
{
    QTest::addColumn<QString>("sourcePath");

    // The example workspace, and the test snippets for what the examples must not contain
    // (broken input, to show that a mistake stays on its line).
    int rows = 0;
    for (const QString &dir :
        {llmcl::test::sourcePath(u"/resources/examples"), llmcl::test::testDataPath(u"/syntax")}) {
        const QDir directory(dir);
        for (const auto &name : directory.entryList({u"*.llmcl"_s}, QDir::Files, QDir::Name)) {
            QTest::newRow(qPrintable(name)) << directory.filePath(name);
            ++rows;
        }
    }
    QVERIFY2(rows >= 5, "the example workspace and the syntax test snippets are missing");
}

void TestSyntaxDefinition::golden()
{
    QFETCH(QString, sourcePath);

    bool ok = false;
    const QString source = readUtf8(sourcePath, &ok);
    QVERIFY2(ok, qPrintable(u"cannot read "_s + sourcePath));
    RecordingHighlighter highlighter(m_definition);
    highlighter.highlight(splitLines(source));
    const QStringList actual = renderRuns(highlighter.runs());

    const QString goldenPath =
        llmcl::test::testDataPath(u"/syntax/") + QFileInfo(sourcePath).fileName() + u".golden"_s;
    if (qEnvironmentVariable("LLMCL_UPDATE_GOLDENS") == u"1"_s) {
        const QString relative = QDir(llmcl::test::sourceDir()).relativeFilePath(sourcePath);
        QSaveFile file(goldenPath);
        QVERIFY2(file.open(QIODevice::WriteOnly), qPrintable(u"cannot write "_s + goldenPath));
        file.write((goldenHeader(relative) + actual.join(u'\n') + u'\n').toUtf8());
        QVERIFY2(file.commit(), qPrintable(u"cannot write "_s + goldenPath));
        qInfo("rewrote %s", qPrintable(goldenPath));
        return;
    }

    const QString golden = readUtf8(goldenPath, &ok);
    QVERIFY2(ok,
        qPrintable(
            u"no golden file %1 (run with LLMCL_UPDATE_GOLDENS=1 to write it)"_s.arg(goldenPath)));
    const QStringList expected = goldenBody(golden);
    if (expected != actual) {
        const QString message =
            u"highlighting differs from %1 (LLMCL_UPDATE_GOLDENS=1 rewrites "
            "it once the change is intended):\n%2"_s.arg(goldenPath, lineDiff(expected, actual));
        QFAIL(qPrintable(message));
    }
}

QString TestSyntaxDefinition::formatAt(const QString &snippet, int line, int column) const
{
    RecordingHighlighter highlighter(m_definition);
    highlighter.highlight(snippet.split(u'\n'));
    return highlighter.formatAt(line, column);
}

namespace {

// A formats() row: the format expected at the occurrence-th match of needle in snippet.
void addFormatRow(const char *name, const QString &snippet, const QString &needle,
    const QString &format, int occurrence = 1)
{
    qsizetype at = -1;
    for (int i = 0; i < occurrence; ++i) {
        at = snippet.indexOf(needle, at + 1);
        if (at < 0)
            qFatal("formats_data: row %s: '%s' not in the snippet", name, qPrintable(needle));
    }
    const auto lineStart = snippet.lastIndexOf(u'\n', at) + 1; // 0 on the first line
    const int line = int(snippet.left(at).count(u'\n'));
    QTest::newRow(name) << snippet << line << int(at - lineStart) << format;
}

} // namespace

void TestSyntaxDefinition::formats_data()
{
    QTest::addColumn<QString>("snippet");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("format");

    // Keywords of each class.
    const QString clause = u"ensure_prob len(response) < 100, 0.9"_s;
    addFormatRow("clause-require", u"require len(content) > 0"_s, u"require"_s, u"Keyword"_s);
    addFormatRow("clause-ensure", u"ensure true"_s, u"ensure"_s, u"Keyword"_s);
    addFormatRow("clause-ensure-prob", clause, u"ensure_prob"_s, u"Keyword"_s);
    addFormatRow("clause-ensure-prob-is-one-word", clause, u"_prob"_s, u"Keyword"_s);
    addFormatRow("clause-temporal", u"temporal always true"_s, u"temporal"_s, u"Keyword"_s);
    addFormatRow("declaration-contract", u"contract A {}"_s, u"contract"_s, u"Keyword"_s);
    addFormatRow(
        "declaration-contract-name", u"contract Safety {}"_s, u"Safety"_s, u"Contract Name"_s);
    addFormatRow("declaration-extends", u"contract B extends A {"_s, u"extends"_s, u"Keyword"_s);
    addFormatRow("declaration-extends-base", u"contract B(x = 1) extends Base {"_s, u"Base"_s,
        u"Contract Name"_s);
    addFormatRow("import", u"import safety"_s, u"import"_s, u"Keyword"_s);
    addFormatRow("import-module", u"import safety"_s, u"safety"_s, u"Module"_s);
    const QString fromImport = u"from safety import NoPII, Polite"_s;
    addFormatRow("from", fromImport, u"from"_s, u"Keyword"_s);
    addFormatRow("from-module", fromImport, u"safety"_s, u"Module"_s);
    addFormatRow("from-import", fromImport, u"import"_s, u"Keyword"_s);
    addFormatRow("from-import-first-name", fromImport, u"NoPII"_s, u"Contract Name"_s);
    addFormatRow("from-import-second-name", fromImport, u"Polite"_s, u"Contract Name"_s);
    const QString conditional = u"ensure if a then 1 else 2"_s;
    addFormatRow("control-if", conditional, u"if"_s, u"Keyword"_s);
    addFormatRow("control-then", conditional, u"then"_s, u"Keyword"_s);
    addFormatRow("control-else", conditional, u"else"_s, u"Keyword"_s);
    const QString logic = u"ensure not a and b or c in d implies e not in f"_s;
    addFormatRow("logic-not", logic, u"not"_s, u"Keyword"_s);
    addFormatRow("logic-and", logic, u"and"_s, u"Keyword"_s);
    addFormatRow("logic-or", logic, u"or "_s, u"Keyword"_s);
    addFormatRow("logic-in", logic, u"in d"_s, u"Keyword"_s);
    addFormatRow("logic-implies", logic, u"implies"_s, u"Keyword"_s);
    addFormatRow("logic-not-in", logic, u"in f"_s, u"Keyword"_s);

    // Temporal operators, in their own format.
    const QString temporal = u"temporal always eventually next within 3 (a until b)"_s;
    addFormatRow("temporal-always", temporal, u"always"_s, u"Temporal Operator"_s);
    addFormatRow("temporal-eventually", temporal, u"eventually"_s, u"Temporal Operator"_s);
    addFormatRow("temporal-next", temporal, u"next"_s, u"Temporal Operator"_s);
    addFormatRow("temporal-within", temporal, u"within"_s, u"Temporal Operator"_s);
    addFormatRow("temporal-within-count", temporal, u"3"_s, u"Decimal"_s);
    addFormatRow("temporal-until", temporal, u"until"_s, u"Temporal Operator"_s);
    const QString since = u"temporal since a then b"_s;
    addFormatRow("temporal-since", since, u"since"_s, u"Temporal Operator"_s);
    addFormatRow("temporal-since-then", since, u"then"_s, u"Keyword"_s);

    // Literals and constants.
    addFormatRow("literal-true", u"ensure true"_s, u"true"_s, u"Constant"_s);
    addFormatRow("literal-false", u"ensure false"_s, u"false"_s, u"Constant"_s);
    addFormatRow("literal-null", u"ensure x == null"_s, u"null"_s, u"Constant"_s);

    // Clause options and their values.
    const QString options = u"ensure true message: \"m\" severity: warning tags: [\"a\"]"_s;
    addFormatRow("clause-option-message", options, u"message"_s, u"Clause Option"_s);
    addFormatRow("clause-option-colon", options, u":"_s, u"Operator"_s);
    addFormatRow("clause-option-severity", options, u"severity"_s, u"Clause Option"_s);
    addFormatRow("clause-option-severity-value", options, u"warning"_s, u"Option Value"_s);
    addFormatRow("clause-option-tags", options, u"tags"_s, u"Clause Option"_s);
    addFormatRow("clause-option-severity-value-any-case", u"ensure true severity: Critical"_s,
        u"Critical"_s, u"Option Value"_s);
    addFormatRow("clause-option-severity-as-string", u"ensure true severity: \"info\""_s, u"info"_s,
        u"String"_s);
    addFormatRow("clause-option-auto-fix", u"ensure x auto_fix: trim(response)"_s, u"auto_fix"_s,
        u"Clause Option"_s);
    addFormatRow("clause-option-confidence", u"ensure x confidence : 0.5"_s, u"confidence"_s,
        u"Clause Option"_s);
    const QString window = u"ensure_prob x, 0.9 window_size: session"_s;
    addFormatRow("clause-option-window-size", window, u"window_size"_s, u"Clause Option"_s);
    addFormatRow("clause-option-window-size-value", window, u"session"_s, u"Option Value"_s);
    addFormatRow("clause-option-on-next-line", u"ensure x\n    message: \"m\""_s, u"message"_s,
        u"Clause Option"_s);
    addFormatRow("option-value-only-in-position", u"ensure context.merge or high > info"_s,
        u"high"_s, u"Normal Text"_s);
    addFormatRow("option-name-without-colon-is-plain", u"ensure message == 1"_s, u"message"_s,
        u"Normal Text"_s);

    // Contract header.
    const QString header = u"contract A(priority = high, resolution = merge, max_input = 40) {"_s;
    addFormatRow("header-option", header, u"priority"_s, u"Header Option"_s);
    addFormatRow("header-option-value", header, u"high"_s, u"Option Value"_s);
    addFormatRow("header-option-alias", header, u"resolution"_s, u"Header Option"_s);
    addFormatRow("header-strategy-value", header, u"merge"_s, u"Option Value"_s);
    addFormatRow("header-parameter", header, u"max_input"_s, u"Parameter"_s);
    addFormatRow("header-equals", header, u"="_s, u"Operator"_s);
    addFormatRow("header-option-any-case", u"contract A(PRIORITY = Low) {"_s, u"PRIORITY"_s,
        u"Header Option"_s);
    addFormatRow(
        "header-value-any-case", u"contract A(PRIORITY = Low) {"_s, u"Low"_s, u"Option Value"_s);
    addFormatRow("header-without-parentheses", u"contract A priority = low {"_s, u"low"_s,
        u"Option Value"_s);
    addFormatRow("header-string-value", u"contract A(description = \"Safety\") {"_s, u"Safety"_s,
        u"String"_s);
    addFormatRow("header-across-lines",
        u"contract A(priority = high,\n           fix_strategy = best_fix) {"_s, u"best_fix"_s,
        u"Option Value"_s);
    addFormatRow("header-map-parameter-keeps-header",
        u"contract A(m = {\"a\": 1}, priority = low) {"_s, u"low"_s, u"Option Value"_s);

    // Built-in functions, variables, members.
    addFormatRow("builtin-call", u"ensure len(content) > 0"_s, u"len"_s, u"Function"_s);
    addFormatRow(
        "builtin-alias", u"ensure startswith(response, \"a\")"_s, u"startswith"_s, u"Function"_s);
    addFormatRow("builtin-space-before-parenthesis", u"ensure lower (response) == \"a\""_s,
        u"lower"_s, u"Function"_s);
    addFormatRow(
        "builtin-method", u"ensure response.lower() == \"a\""_s, u"lower"_s, u"Function"_s);
    addFormatRow("builtin-name-without-call-is-plain", u"ensure context.count > 1"_s, u"count"_s,
        u"Normal Text"_s);
    addFormatRow(
        "unknown-function-is-plain", u"ensure frobnicate(x)"_s, u"frobnicate"_s, u"Normal Text"_s);
    addFormatRow("variable", u"ensure len(content) > 0"_s, u"content"_s, u"Variable"_s);
    addFormatRow("variable-match-group", u"ensure x auto_fix: match_group"_s, u"match_group"_s,
        u"Variable"_s);
    addFormatRow("member-named-like-variable-is-plain", u"ensure history[0].content == \"\""_s,
        u"content"_s, u"Normal Text"_s);
    addFormatRow(
        "context-key", u"ensure context.user_type == \"x\""_s, u"user_type"_s, u"Normal Text"_s);

    // Strings.
    addFormatRow("string-double", u"ensure x == \"abc\""_s, u"abc"_s, u"String"_s);
    addFormatRow("string-single", u"ensure x == 'abc'"_s, u"abc"_s, u"String"_s);
    addFormatRow("string-escape-newline", u"ensure x == \"a\\nb\""_s, u"\\n"_s, u"Escape"_s);
    addFormatRow("string-escape-unicode", u"ensure x == \"\\u00e9\""_s, u"\\u00e9"_s, u"Escape"_s);
    addFormatRow("string-escape-quote", u"ensure x == 'it\\'s'"_s, u"\\'"_s, u"Escape"_s);
    addFormatRow("string-escaped-quote-does-not-end-it", u"ensure x == \"a\\\"b\" and y"_s, u"b"_s,
        u"String"_s);
    addFormatRow("string-escaped-backslash-before-quote", u"ensure x == \"a\\\\\" and y"_s,
        u"and"_s, u"Keyword"_s);
    addFormatRow(
        "string-unknown-escape-stays-string", u"ensure x == \"\\d+\""_s, u"\\d"_s, u"String"_s);
    addFormatRow("string-unterminated", u"ensure x == \"abc\nensure true"_s, u"abc"_s, u"String"_s);
    addFormatRow("string-unterminated-ends-with-line", u"ensure x == \"abc\nensure true"_s,
        u"ensure"_s, u"Keyword"_s, 2);
    addFormatRow("string-unterminated-next-line-literal", u"ensure x == \"abc\nensure true"_s,
        u"true"_s, u"Constant"_s);
    addFormatRow(
        "string-comment-marker-inside", u"ensure x == \"a // b # c\""_s, u"b"_s, u"String"_s);
    addFormatRow("raw-string", u"ensure x == r\"a\\nb\""_s, u"\\n"_s, u"Raw String"_s);
    addFormatRow("raw-string-prefix", u"ensure x == r'a'"_s, u"r'"_s, u"Raw String"_s);
    addFormatRow("raw-string-backslash-before-quote-ends-it", u"ensure x == r\"a\\\" and y"_s,
        u"and"_s, u"Keyword"_s);
    addFormatRow(
        "raw-string-spans-lines", u"ensure x == r\"one\ntwo\" and y"_s, u"two"_s, u"Raw String"_s);
    addFormatRow("raw-string-ends-on-next-line", u"ensure x == r\"one\ntwo\" and y"_s, u"and"_s,
        u"Keyword"_s);
    addFormatRow(
        "identifier-ending-in-r-is-not-raw", u"ensure for\"x\" == y"_s, u"x"_s, u"String"_s);

    // Regex literals: the pattern argument of the regex built-ins.
    const QString regex = u"ensure not match(response, r\"(?i)\\b(pass|[a-z]+)\\b\\.{2,}\")"_s;
    addFormatRow("regex-raw-literal", regex, u"r\""_s, u"Regex"_s);
    addFormatRow("regex-group-with-flags", regex, u"(?i)"_s, u"Regex Operator"_s);
    addFormatRow("regex-escape", regex, u"\\b"_s, u"Regex Escape"_s);
    addFormatRow("regex-text", regex, u"pass"_s, u"Regex"_s);
    addFormatRow("regex-alternation", regex, u"|"_s, u"Regex Operator"_s);
    addFormatRow("regex-class", regex, u"[a-z]"_s, u"Regex Class"_s);
    addFormatRow("regex-quantifier", regex, u"{2,}"_s, u"Regex Operator"_s);
    addFormatRow("regex-escaped-dot", regex, u"\\."_s, u"Regex Escape"_s);
    addFormatRow("regex-call-closes", regex + u" and x"_s, u"and"_s, u"Keyword"_s);
    addFormatRow("regex-plain-string", u"ensure match(content, \"(?i)refund\")"_s, u"(?i)"_s,
        u"Regex Operator"_s);
    addFormatRow("regex-plain-string-unknown-escape", u"ensure match(content, \"\\d+\")"_s,
        u"\\d"_s, u"Regex Escape"_s);
    addFormatRow("regex-plain-string-double-backslash", u"ensure match(content, \"\\\\[x\\\\]\")"_s,
        u"\\\\["_s, u"Regex Escape"_s);
    addFormatRow(
        "regex-single-quoted", u"ensure match(content, '[0-9]+')"_s, u"[0-9]"_s, u"Regex Class"_s);
    addFormatRow("regex-method-form", u"ensure response.find_all(r\"\\d+\") == []"_s, u"\\d"_s,
        u"Regex Escape"_s);
    addFormatRow("regex-after-nested-call", u"ensure match(lower(response), \"a|b\")"_s, u"|"_s,
        u"Regex Operator"_s);
    addFormatRow("regex-after-list-argument", u"ensure match(join([a, b], \",\"), \"x+\")"_s,
        u"+"_s, u"Regex Operator"_s);
    addFormatRow("regex-list-argument-string-stays-string",
        u"ensure match(join([a, b], \"x+\"), \"y\")"_s, u"+"_s, u"String"_s);
    addFormatRow("regex-replacement-is-a-string", u"ensure regex_replace(s, \"a+\", \"b+\")"_s,
        u"b+"_s, u"String"_s);
    addFormatRow("regex-group-argument", u"ensure extract(s, r\"(\\d+)\", group = 1) == \"\""_s,
        u"1"_s, u"Decimal"_s);
    addFormatRow("regex-pattern-on-next-line", u"ensure match(response,\n    r\"a+\")"_s, u"+"_s,
        u"Regex Operator"_s);
    addFormatRow(
        "non-regex-builtin-string", u"ensure contains(response, \"a|b\")"_s, u"|"_s, u"String"_s);

    // Numbers and operators.
    addFormatRow("number-int", u"ensure len(x) <= 4000"_s, u"4000"_s, u"Decimal"_s);
    addFormatRow("number-float", u"ensure x > 1.5"_s, u"1.5"_s, u"Float"_s);
    addFormatRow("number-float-exponent", u"ensure x < 2e-3"_s, u"2e-3"_s, u"Float"_s);
    addFormatRow("number-float-fraction-and-exponent", u"ensure x < 1.5E+10"_s, u"E"_s, u"Float"_s);
    addFormatRow("number-float-leading-dot", u"ensure x < .5"_s, u".5"_s, u"Float"_s);
    addFormatRow("number-running-into-letters", u"ensure x == 0x1F"_s, u"0x1F"_s, u"Error"_s);
    addFormatRow("number-in-identifier-is-plain", u"ensure x2 == 1"_s, u"2"_s, u"Normal Text"_s);
    addFormatRow("number-negative-index", u"ensure history[-1] == 1"_s, u"-"_s, u"Operator"_s);
    addFormatRow("operator-comparison", u"ensure a <= b"_s, u"<="_s, u"Operator"_s);
    addFormatRow("operator-inequality", u"ensure a != b"_s, u"!="_s, u"Operator"_s);
    addFormatRow("operator-modulo", u"ensure a % 2 == 0"_s, u"%"_s, u"Operator"_s);
    addFormatRow("operator-division", u"ensure a / 2 == 0"_s, u"/"_s, u"Operator"_s);
    addFormatRow("operator-slice-colon", u"ensure x[1:2] == \"\""_s, u":"_s, u"Operator"_s);
    addFormatRow("stray-block-comment-end", u"ensure a */ b"_s, u"*/"_s, u"Error"_s);

    // Comments.
    addFormatRow("comment-slashes", u"ensure true // why"_s, u"why"_s, u"Comment"_s);
    addFormatRow("comment-hash", u"# why\nensure true"_s, u"why"_s, u"Comment"_s);
    addFormatRow("comment-hash-ends-with-line", u"# why\nensure true"_s, u"ensure"_s, u"Keyword"_s);
    addFormatRow("comment-block", u"ensure /* why */ true"_s, u"why"_s, u"Comment"_s);
    addFormatRow("comment-block-ends", u"ensure /* why */ true"_s, u"true"_s, u"Constant"_s);
    addFormatRow(
        "comment-block-continues", u"/* one\ntwo ensure\n*/ ensure x"_s, u"ensure"_s, u"Comment"_s);
    addFormatRow("comment-block-ends-on-later-line", u"/* one\ntwo ensure\n*/ ensure x"_s,
        u"ensure"_s, u"Keyword"_s, 2);
    addFormatRow("comment-block-not-nested", u"/* a /* b */ ensure x"_s, u"ensure"_s, u"Keyword"_s);
    addFormatRow("comment-alert-todo", u"// TODO(#12): x"_s, u"TODO"_s, u"Alert Level 2"_s);
    addFormatRow("comment-alert-in-block", u"/*\n FIXME */"_s, u"FIXME"_s, u"Alert Level 2"_s);
    addFormatRow(
        "comment-inside-header", u"contract A(priority = high // x\n) {"_s, u"x"_s, u"Comment"_s);

    // Mistakes stay on their line.
    addFormatRow("unclosed-regex-call-next-option",
        u"ensure match(response, \"a\"\n    message: \"m\""_s, u"message"_s, u"Clause Option"_s);
    addFormatRow("unclosed-regex-call-next-clause", u"ensure match(response,\nrequire x"_s,
        u"require"_s, u"Keyword"_s);
    addFormatRow("unclosed-regex-pattern-next-line", u"ensure match(response, \"(a\nensure true"_s,
        u"true"_s, u"Constant"_s);
    addFormatRow("unclosed-header-next-clause", u"contract A(priority = high\n    require x"_s,
        u"require"_s, u"Keyword"_s);
    addFormatRow("header-without-brace-next-contract", u"contract A\ncontract B {"_s, u"B"_s,
        u"Contract Name"_s);
    addFormatRow("closing-bracket-ends-regex-call", u"ensure [match(x, \"a\"] and y"_s, u"and"_s,
        u"Keyword"_s);
}

void TestSyntaxDefinition::formats()
{
    QFETCH(QString, snippet);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, format);

    QCOMPARE(formatAt(snippet, line, column), format);
}

void TestSyntaxDefinition::folding_data()
{
    QTest::addColumn<QString>("snippet");
    // "line:column begin|end", 0-based, in the order they are reported.
    QTest::addColumn<QStringList>("events");

    QTest::newRow("contract-body")
        << u"contract A {\n    ensure true\n}"_s << QStringList {u"0:11 begin"_s, u"2:0 end"_s};
    QTest::newRow("header-across-lines")
        << u"contract A(priority = high,\n           fix_strategy = all_fixes) {\n}"_s
        << QStringList {u"1:37 begin"_s, u"2:0 end"_s};
    QTest::newRow("map-literal-in-body")
        << u"contract A {\n    ensure json_parse(response) == {\"a\": 1}\n}"_s
        << QStringList {u"0:11 begin"_s, u"1:35 begin"_s, u"1:42 end"_s, u"2:0 end"_s};
    QTest::newRow("map-parameter-in-header-does-not-fold")
        << u"contract A(m = {\"a\": 1}) {\n}"_s << QStringList {u"0:25 begin"_s, u"1:0 end"_s};
    QTest::newRow("block-comment")
        << u"/* a\n   b */\nensure true"_s << QStringList {u"0:0 begin"_s, u"1:5 end"_s};
    QTest::newRow("brace-in-string") << u"ensure \"{\" == response"_s << QStringList {};
    QTest::newRow("brace-in-comment")
        << u"// {\n# {\n/* { */"_s << QStringList {u"2:0 begin"_s, u"2:5 end"_s};
    QTest::newRow("unclosed-body")
        << u"contract A {\n    ensure true"_s << QStringList {u"0:11 begin"_s};
}

void TestSyntaxDefinition::folding()
{
    QFETCH(QString, snippet);
    QFETCH(QStringList, events);

    RecordingHighlighter highlighter(m_definition);
    highlighter.highlight(snippet.split(u'\n'));
    QStringList actual;
    std::vector<int> open;
    for (const auto &fold : highlighter.folds()) {
        actual << u"%1:%2 %3"_s.arg(fold.line)
                      .arg(fold.column)
                      .arg(fold.begin ? u"begin"_s : u"end"_s);
        if (fold.begin) {
            open.push_back(fold.id);
        } else {
            // An end closes the region of its own kind: braces and comments do not mix.
            QVERIFY(!open.empty());
            QCOMPARE(fold.id, open.back());
            open.pop_back();
        }
    }
    QCOMPARE(actual, events);
}

void TestSyntaxDefinition::keywordLists()
{
    // The lists hold exactly the reference's words: none missing, none misspelt.
    QStringList expectedNames;
    for (const auto &list : vocabulary()) {
        const QString name = QString::fromLatin1(list.list);
        expectedNames << name;
        QStringList actual = m_definition.keywordList(name);
        QStringList expected = list.words;
        actual.sort();
        expected.sort();
        QCOMPARE(actual, expected);
    }
    QStringList names = m_definition.keywordLists();
    names.sort();
    expectedNames.sort();
    QCOMPARE(names, expectedNames);
}

void TestSyntaxDefinition::vocabularyHighlighted_data()
{
    QTest::addColumn<QString>("snippet");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("format");

    // Every word of the reference gets its format where it belongs, so a word that loses its
    // format (a list renamed, a rule reordered) fails by name.
    for (const auto &list : vocabulary()) {
        const QString name = QString::fromLatin1(list.list);
        const WordContext context = wordContext(name);
        const auto column = int(context.snippet.indexOf(u"%1"_s));
        for (const auto &word : list.words) {
            QTest::addRow("%s-%s", list.list, qPrintable(word))
                << context.snippet.arg(word) << column << context.format;
        }
    }
    // Clause options are not a keyword list: a name is one only when ':' follows.
    for (const auto *option :
        {"message", "severity", "auto_fix", "confidence", "tags", "window_size"}) {
        QTest::addRow("clause_options-%s", option)
            << u"ensure true %1: x"_s.arg(QString::fromLatin1(option)) << 12 << u"Clause Option"_s;
    }
    // The pattern of every regex built-in is a regex, in the function form and the method form.
    const auto regexFunctions = std::find_if(vocabulary().cbegin(), vocabulary().cend(),
        [](const VocabularyList &list) { return qstrcmp(list.list, "regex_functions") == 0; });
    QVERIFY(regexFunctions != vocabulary().cend());
    for (const auto &word : regexFunctions->words) {
        const QString function = u"ensure %1(content, r\"a+\")"_s.arg(word);
        QTest::addRow("regex-pattern-%s", qPrintable(word))
            << function << int(function.indexOf(u"+"_s)) << u"Regex Operator"_s;
        const QString method = u"ensure content.%1(r\"a+\")"_s.arg(word);
        QTest::addRow("regex-pattern-method-%s", qPrintable(word))
            << method << int(method.indexOf(u"+"_s)) << u"Regex Operator"_s;
    }
}

void TestSyntaxDefinition::vocabularyHighlighted()
{
    QFETCH(QString, snippet);
    QFETCH(int, column);
    QFETCH(QString, format);

    QCOMPARE(formatAt(snippet, 0, column), format);
}

QTEST_GUILESS_MAIN(TestSyntaxDefinition)
#include "tst_syntaxdefinition.moc"
