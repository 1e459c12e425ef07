// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later

// Golden tests of the language pipeline: tests/data/parse (AST dumps), tests/data/check
// (diagnostics) and tests/data/eval (turn results as JSON).

#include "engine/compiledset.h"
#include "engine/evaluator.h"
#include "engine/json.h"
#include "engine/parser.h"
#include "engine/resultjson.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "tests/common/golden.h"
#include "tests/common/testpaths.h"

using namespace Qt::StringLiterals;

namespace {

QString dataDir(const QString &area)
{
    return llmcl::test::testDataPath() + u'/' + area;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

void addSources(const QString &area)
{
    QTest::addColumn<QString>("name");
    const QStringList files =
        QDir(dataDir(area)).entryList({u"*.llmcl"_s}, QDir::Files, QDir::Name);
    QVERIFY2(!files.isEmpty(), qPrintable(u"no golden sources in tests/data/"_s + area));
    for (const QString &file : files) {
        if (file.startsWith(u"lib_"_s))
            continue; // imported by the others
        QTest::newRow(qPrintable(file)) << file.chopped(6);
    }
}

QString renderDiagnostics(const std::vector<llmcl::engine::Diagnostic> &diagnostics)
{
    QString out;
    for (const llmcl::engine::Diagnostic &d : diagnostics) {
        out += QString::fromStdString(d.file) + u':' + QString::number(d.range.begin.line) + u':'
            + QString::number(d.range.begin.column) + u'-' + QString::number(d.range.end.line)
            + u':' + QString::number(d.range.end.column) + u": "_s
            + QString::fromUtf8(llmcl::engine::severityName(d.severity)) + u'['
            + QString::fromStdString(d.code) + u"]: "_s + QString::fromStdString(d.message) + u'\n';
        for (const auto &fix : d.fixIts)
            out += u"  fix-it: replace "_s + QString::number(fix.range.begin.line) + u':'
                + QString::number(fix.range.begin.column) + u'-'
                + QString::number(fix.range.end.line) + u':' + QString::number(fix.range.end.column)
                + u" with \""_s + QString::fromStdString(fix.replacement) + u"\"\n"_s;
        for (const auto &related : d.related)
            out += u"  related: "_s + QString::fromStdString(related.file) + u':'
                + QString::number(related.range.begin.line) + u':'
                + QString::number(related.range.begin.column) + u": "_s
                + QString::fromStdString(related.message) + u'\n';
    }
    return out;
}

// Durations vary from run to run: zero them before comparing.
void zeroDurations(llmcl::engine::TurnResult &result)
{
    result.durationNs = 0;
    for (auto &contract : result.contracts)
        for (auto &clause : contract.clauses)
            clause.durationNs = 0;
}

} // namespace

class TestLanguage : public QObject
{
    Q_OBJECT

private slots:
    void parse_data() { addSources(u"parse"_s); }
    void parse();
    void check_data() { addSources(u"check"_s); }
    void check();
    void eval_data() { addSources(u"eval"_s); }
    void eval();
    void garbageIsDiagnosedWithACap();
};

void TestLanguage::parse()
{
    QFETCH(QString, name);
    const QString path = dataDir(u"parse"_s) + u'/' + name + u".llmcl"_s;
    const QByteArray source = readAll(path);
    const llmcl::engine::SourceFile file =
        llmcl::engine::parseSource(std::string_view(source.constData(), size_t(source.size())),
            llmcl::engine::ParseOptions {.file = QString(name + u".llmcl"_s).toStdString()});
    const QString actual =
        QString::fromStdString(llmcl::engine::dumpAst(file)) + renderDiagnostics(file.diagnostics);
    const QString failure =
        llmcl::tests::compareWithGolden(dataDir(u"parse"_s) + u'/' + name + u".ast"_s, actual);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
}

void TestLanguage::check()
{
    QFETCH(QString, name);
    // Compile from inside the folder so that file names in diagnostics are short and stable.
    const QString previous = QDir::currentPath();
    QDir::setCurrent(dataDir(u"check"_s));
    llmcl::engine::CompileRequest request;
    request.files = {QString(name + u".llmcl"_s).toStdString()};
    request.includePath = {"include"};
    const llmcl::engine::CompileResult result = llmcl::engine::compileContracts(request);
    QDir::setCurrent(previous);
    QString actual = renderDiagnostics(result.diagnostics);
    actual += result.set
        ? u"compiled: "_s + QString::number(result.set->clauseCount()) + u" clauses\n"_s
        : u"not compiled\n"_s;
    const QString failure = llmcl::tests::compareWithGolden(
        dataDir(u"check"_s) + u'/' + name + u".diagnostics"_s, actual);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
}

void TestLanguage::eval()
{
    QFETCH(QString, name);
    const QString base = dataDir(u"eval"_s) + u'/' + name;
    const QString previous = QDir::currentPath();
    QDir::setCurrent(dataDir(u"eval"_s));
    llmcl::engine::CompileRequest request;
    request.files = {QString(name + u".llmcl"_s).toStdString()};
    const llmcl::engine::CompileResult compiled = llmcl::engine::compileContracts(request);
    QDir::setCurrent(previous);
    QVERIFY2(compiled.set, qPrintable(renderDiagnostics(compiled.diagnostics)));

    // <name>.turn.json: {"content": …, "response": …, "context": {…}, "fix": bool}
    const QByteArray turnJson = readAll(base + u".turn.json"_s);
    QVERIFY2(!turnJson.isEmpty(), qPrintable(base + u".turn.json is missing"_s));
    const QJsonObject turnObject = QJsonDocument::fromJson(turnJson).object();
    const std::string content = turnObject.value(u"content").toString().toStdString();
    const std::string response = turnObject.value(u"response").toString().toStdString();
    llmcl::engine::TurnInput turn;
    turn.content = content;
    if (turnObject.contains(u"response"))
        turn.response = response;
    const QByteArray context =
        QJsonDocument(turnObject.value(u"context").toObject()).toJson(QJsonDocument::Compact);
    std::string error;
    QVERIFY(llmcl::engine::parseJson(
        std::string_view(context.constData(), size_t(context.size())), turn.context, error));
    llmcl::engine::EvalOptions options;
    options.fix = turnObject.value(u"fix").toBool();
    options.trace = true;

    llmcl::engine::Evaluator evaluator(compiled.set);
    llmcl::engine::TurnResult result = evaluator.evaluateTurn(turn, options);
    zeroDurations(result);
    llmcl::engine::JsonWriter writer(llmcl::engine::JsonWriter::Style::Pretty);
    llmcl::engine::writeTurnResult(writer, result);
    const QString actual = QString::fromStdString(writer.text()) + u'\n';
    const QString failure = llmcl::tests::compareWithGolden(base + u".expected.json"_s, actual);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
}

void TestLanguage::garbageIsDiagnosedWithACap()
{
    // 10 MB of deterministic pseudo-random bytes: every kind of lexical and syntax error.
    std::string garbage(10u << 20, '\0');
    std::uint64_t state = 0x9E3779B97F4A7C15ull;
    for (char &c : garbage) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        c = static_cast<char>(state >> 56);
    }
    // And a valid-looking prefix, so the parser gets past the first token.
    garbage.replace(0, 20, "contract G { ensure ");
    llmcl::engine::CompileRequest request;
    request.files = {"garbage.llmcl"};
    request.overrides["garbage.llmcl"] = garbage;
    const llmcl::engine::CompileResult result = llmcl::engine::compileContracts(request);
    QVERIFY(!result.set);
    QVERIFY(result.hasErrors());
    QVERIFY2(
        result.diagnostics.size() <= 101, qPrintable(QString::number(result.diagnostics.size())));
    QCOMPARE(QString::fromStdString(result.diagnostics.back().code), u"E1104"_s);
}

QTEST_APPLESS_MAIN(TestLanguage)
#include "tst_language.moc"
