// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include "tests/common/golden.h"
#include "tests/common/llmclprocess.h"
#include "tests/common/testpaths.h"

using namespace Qt::StringLiterals;

namespace {

// The contracts of these tests (tests/data/cli/): the commands run in that folder, so file
// names in messages are the short ones.
QString dataDir()
{
    return llmcl::test::testDataPath(u"/cli");
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

bool writeAll(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(data) == data.size();
}

QStringList keysInOrder(const QByteArray &json, const QStringList &keys)
{
    // QJsonObject sorts its keys: find them in the text to check their order.
    QStringList found;
    qsizetype from = 0;
    for (const QString &key : keys) {
        const QByteArray quoted = QByteArray("\"") + key.toUtf8() + QByteArray("\":");
        const qsizetype at = json.indexOf(quoted, from);
        if (at < 0)
            break;
        found << key;
        from = at;
    }
    return found;
}

QSet<QString> keySet(const QJsonObject &object)
{
    const QStringList keys = object.keys();
    return QSet<QString>(keys.begin(), keys.end());
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void version_data();
    void version();
    void help();
    void commandHelp_data();
    void commandHelp();
    void usageErrors_data();
    void usageErrors();

    void exitCodes_data();
    void exitCodes();
    void checkJson();
    void checkJsonClean();
    void checkLongLines();
    void evalJson();
    void evalJsonInputPhaseOnly();
    void evalFix();
    void evalTextOutput();
    void evalInvalidUtf8_data();
    void evalInvalidUtf8();
    void fmtRewritesInPlace();
    void fmtLeavesSyntaxErrorsAlone();
    void replaySampleIsDeterministic();
    void replayReportsMalformedLines();
    void replayExplainsFailuresOnly();
    void replayMissingSessions();
    void replayLongConversation();
    void hugeContracts_data();
    void hugeContracts();
    void blocklistFromImportedBase();
    void blocklistAsOneRegex();
    void replayWritesTraceAndMetrics_data();
    void replayWritesTraceAndMetrics();
    void replayConflictExample_data();
    void replayConflictExample();

private:
    using Run = llmcl::test::LlmclRun;
    static Run llmcl(const QStringList &arguments, const QString &workingDirectory = dataDir());
    static QJsonObject jsonOf(const Run &run);
};

TestCli::Run TestCli::llmcl(const QStringList &arguments, const QString &workingDirectory)
{
    return llmcl::test::runLlmcl(arguments, workingDirectory);
}

QJsonObject TestCli::jsonOf(const Run &run)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(run.rawOut, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        qWarning(
            "not a JSON object: %s\n%s", qPrintable(error.errorString()), run.rawOut.constData());
        return {};
    }
    return document.object();
}

void TestCli::version_data()
{
    QTest::addColumn<QString>("option");
    QTest::newRow("long") << QStringLiteral("--version");
    QTest::newRow("short") << QStringLiteral("-V");
}

void TestCli::version()
{
    QFETCH(QString, option);
    const Run run = llmcl({option});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.err.isEmpty());
    static const QRegularExpression pattern(QStringLiteral(
        R"(^llmcl \d+\.\d+\.\d+ \(LLMCL 1\.1(, commit [0-9a-f]{12}(-modified)?)?\)\n$)"));
    const QRegularExpressionMatch match = pattern.match(run.out);
    QVERIFY2(match.hasMatch(), qPrintable(run.out));
    // Built from this checkout: the commit is named (cmake/WriteBuildCommit.cmake).
    if (QFileInfo::exists(llmcl::test::sourcePath(u"/.git")))
        QVERIFY2(!match.captured(1).isEmpty(), qPrintable(run.out));
}

void TestCli::help()
{
    const Run run = llmcl({QStringLiteral("--help")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.startsWith(QStringLiteral("Usage: llmcl COMMAND")));
    QVERIFY(run.out.contains(QStringLiteral("Exit codes: 0 success")));
    for (const QString &command : {u"check"_s, u"fmt"_s, u"eval"_s})
        QVERIFY2(run.out.contains(u"  "_s + command + u' '), qPrintable(command));
}

void TestCli::commandHelp_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("usage");
    QTest::addColumn<QStringList>("documented");
    const QStringList check {u"--format text|json"_s};
    const QStringList eval {u"--content TEXT"_s, u"--content-file F"_s, u"--response TEXT"_s,
        u"--response-file F"_s, u"--context JSON"_s, u"--fix"_s, u"--format text|json"_s};
    const QStringList fmt {u"--check"_s};
    QTest::newRow("check") << QStringList {u"check"_s, u"--help"_s} << u"llmcl check"_s << check;
    QTest::newRow("check-short") << QStringList {u"check"_s, u"-h"_s} << u"llmcl check"_s << check;
    QTest::newRow("help-check") << QStringList {u"help"_s, u"check"_s} << u"llmcl check"_s << check;
    QTest::newRow("eval") << QStringList {u"eval"_s, u"--help"_s} << u"llmcl eval"_s << eval;
    QTest::newRow("eval-after-files")
        << QStringList {u"eval"_s, u"missing.llmcl"_s, u"--help"_s} << u"llmcl eval"_s << eval;
    QTest::newRow("fmt") << QStringList {u"fmt"_s, u"--help"_s} << u"llmcl fmt"_s << fmt;
}

void TestCli::commandHelp()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, usage);
    QFETCH(QStringList, documented);
    const Run run = llmcl(arguments);
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
    QVERIFY2(run.out.startsWith(u"Usage: "_s + usage), qPrintable(run.out));
    QVERIFY(run.out.contains(u"Exit codes:"_s));
    for (const QString &option : documented)
        QVERIFY2(run.out.contains(option), qPrintable(option));
}

void TestCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("no-arguments") << QStringList() << QStringLiteral("Usage: llmcl COMMAND");
    QTest::newRow("unknown-command") << QStringList {QStringLiteral("frobnicate")}
                                     << QStringLiteral("llmcl: unknown command 'frobnicate'");
    QTest::newRow("unknown-option") << QStringList {QStringLiteral("--frobnicate")}
                                    << QStringLiteral("llmcl: unknown option '--frobnicate'");
    QTest::newRow("help-unknown-command")
        << QStringList {u"help"_s, u"frobnicate"_s} << u"llmcl: unknown command 'frobnicate'"_s;
}

void TestCli::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Run run = llmcl(arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
}

void TestCli::exitCodes_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("out"); // expected in stdout (empty: anything)
    QTest::addColumn<QString>("err"); // expected in stderr (empty: stderr must be empty)

    const QString tooLong = u"this response is far too long"_s;
    const auto row = [](const char *name, QStringList arguments, int exitCode, QString out,
                         QString err) {
        QTest::newRow(name) << arguments << exitCode << out << err;
    };

    // check
    row("check-clean", {u"check"_s, u"length.llmcl"_s}, 0, u"no problems\n"_s, {});
    row("check-warning", {u"check"_s, u"warning.llmcl"_s}, 0,
        u"warning.llmcl:8:9: warning[W2002]"_s, {});
    row("check-warning-summary", {u"check"_s, u"warning.llmcl"_s}, 0, u"\n1 warning\n"_s, {});
    row("check-error", {u"check"_s, u"syntaxerror.llmcl"_s}, 1,
        u"syntaxerror.llmcl:6:1: error[E1101]"_s, {});
    row("check-error-summary", {u"check"_s, u"length.llmcl"_s, u"syntaxerror.llmcl"_s}, 1,
        u"\n1 error\n"_s, {});
    row("check-unresolvable-conflict", {u"check"_s, u"unresolvable.llmcl"_s}, 1,
        u"unresolvable.llmcl:5:5: error[E3001]"_s, {});
    row("eval-unresolvable-conflict", {u"eval"_s, u"unresolvable.llmcl"_s, u"--response"_s, u"x"_s},
        1, {}, u"E3001"_s);
    row("check-json-error", {u"check"_s, u"--format=json"_s, u"syntaxerror.llmcl"_s}, 1,
        u"\"code\": \"E1101\""_s, {});
    row("check-missing", {u"check"_s, u"length.llmcl"_s, u"missing.llmcl"_s}, 2, {},
        u"llmcl: missing.llmcl: No such file or directory\n"_s);
    row("check-directory", {u"check"_s, u"."_s}, 2, {}, u"llmcl: .: is a directory"_s);
    row("check-no-file", {u"check"_s}, 2, {}, u"llmcl check: no FILE given"_s);
    row("check-unknown-option", {u"check"_s, u"--frob"_s, u"length.llmcl"_s}, 2, {},
        u"llmcl check: unknown option '--frob'"_s);
    row("check-bad-format", {u"check"_s, u"--format"_s, u"xml"_s, u"length.llmcl"_s}, 2, {},
        u"--format must be text or json, not 'xml'"_s);
    row("check-format-without-value", {u"check"_s, u"length.llmcl"_s, u"--format"_s}, 2, {},
        u"option '--format' needs a value"_s);

    // eval
    row("eval-input-only", {u"eval"_s, u"length.llmcl"_s, u"--content"_s, u"hi"_s}, 0, u"VALID"_s,
        {});
    row("eval-no-content", {u"eval"_s, u"length.llmcl"_s}, 0, u"VALID"_s, {});
    row("eval-valid", {u"eval"_s, u"length.llmcl"_s, u"--response"_s, u"short"_s}, 0,
        u"VALID: 0 violations"_s, {});
    row("eval-warning-is-valid", {u"eval"_s, u"length.llmcl"_s, u"--content"_s, QString(50, u'x')},
        0, u"length.llmcl:7: warning[Length#1]: Question too long"_s, {});
    row("eval-violation", {u"eval"_s, u"length.llmcl"_s, u"--response"_s, tooLong}, 1,
        u"length.llmcl:10: error[Length#2]: Response too long"_s, {});
    row("eval-critical", {u"eval"_s, u"length.llmcl"_s, u"--response"_s, u"Password?"_s}, 1,
        u"critical[Length#3]: Response mentions a password"_s, {});
    row("eval-fix", {u"eval"_s, u"length.llmcl"_s, u"--response"_s, tooLong, u"--fix"_s}, 0,
        u"Length#2 (round 1): fixed"_s, {});
    row("eval-context",
        {u"eval"_s, u"length.llmcl"_s, u"--response"_s, u"{}"_s, u"--context"_s,
            u"{\"channel\": \"api\"}"_s},
        0, u"VALID"_s, {});
    row("eval-context-violation",
        {u"eval"_s, u"length.llmcl"_s, u"--response"_s, u"nope"_s,
            u"--context={\"channel\": \"api\"}"_s},
        1, u"error[Channel#1]: API responses are JSON"_s, {});
    row("eval-context-not-object", {u"eval"_s, u"length.llmcl"_s, u"--context"_s, u"[1]"_s}, 2, {},
        u"llmcl: --context: expected a JSON object, not a list\n"_s);
    row("eval-context-invalid", {u"eval"_s, u"length.llmcl"_s, u"--context"_s, u"{\"a\" 1}"_s}, 2,
        {}, u"llmcl: --context: expected ':' after an object key at byte 5\n"_s);
    row("eval-contract-errors", {u"eval"_s, u"syntaxerror.llmcl"_s, u"--response"_s, u"x"_s}, 1, {},
        u"syntaxerror.llmcl:6:1: error[E1101]"_s);
    row("eval-missing-contract", {u"eval"_s, u"missing.llmcl"_s}, 2, {},
        u"llmcl: missing.llmcl: No such file or directory\n"_s);
    row("eval-missing-content-file",
        {u"eval"_s, u"length.llmcl"_s, u"--content-file"_s, u"nothere.txt"_s}, 2, {},
        u"llmcl: --content-file: nothere.txt: No such file or directory\n"_s);
    row("eval-missing-response-file",
        {u"eval"_s, u"length.llmcl"_s, u"--response-file"_s, u"nothere.txt"_s}, 2, {},
        u"llmcl: --response-file: nothere.txt: No such file or directory\n"_s);
    row("eval-content-twice",
        {u"eval"_s, u"length.llmcl"_s, u"--content"_s, u"a"_s, u"--content-file"_s,
            u"length.llmcl"_s},
        2, {}, u"--content and --content-file exclude each other"_s);
    row("eval-no-file", {u"eval"_s, u"--content"_s, u"hi"_s}, 2, {},
        u"llmcl eval: no contract FILE given"_s);
    row("eval-unknown-option", {u"eval"_s, u"length.llmcl"_s, u"--frob"_s}, 2, {},
        u"llmcl eval: unknown option '--frob'"_s);
    row("eval-flag-with-value", {u"eval"_s, u"length.llmcl"_s, u"--fix=yes"_s}, 2, {},
        u"option '--fix' takes no value"_s);
    row("eval-option-without-value", {u"eval"_s, u"length.llmcl"_s, u"--response"_s}, 2, {},
        u"option '--response' needs a value"_s);

    // fmt (only --check here: the rewriting tests work on copies)
    row("fmt-formatted", {u"fmt"_s, u"--check"_s, u"length.llmcl"_s, u"warning.llmcl"_s}, 0, {},
        {});
    row("fmt-unformatted", {u"fmt"_s, u"--check"_s, u"length.llmcl"_s, u"unformatted.llmcl"_s}, 1,
        u"unformatted.llmcl\n"_s, {});
    row("fmt-syntax-error", {u"fmt"_s, u"--check"_s, u"syntaxerror.llmcl"_s}, 1, {},
        u"syntaxerror.llmcl:6:1: error[E1101]"_s);
    row("fmt-says-left-unchanged", {u"fmt"_s, u"--check"_s, u"syntaxerror.llmcl"_s}, 1, {},
        u"llmcl: syntaxerror.llmcl: has syntax errors (1 error), left unchanged\n"_s);
    row("fmt-missing", {u"fmt"_s, u"--check"_s, u"missing.llmcl"_s}, 2, {},
        u"llmcl: missing.llmcl: No such file or directory\n"_s);
    row("fmt-no-file", {u"fmt"_s}, 2, {}, u"llmcl fmt: no FILE given"_s);
    row("fmt-unknown-option", {u"fmt"_s, u"--write"_s, u"length.llmcl"_s}, 2, {},
        u"llmcl fmt: unknown option '--write'"_s);
}

void TestCli::exitCodes()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, out);
    QFETCH(QString, err);
    const Run run = llmcl(arguments);
    QVERIFY2(run.exitCode == exitCode,
        qPrintable(u"exit code %1, expected %2\nstdout: %3\nstderr: %4"_s.arg(run.exitCode)
                .arg(exitCode)
                .arg(run.out, run.err)));
    if (!out.isEmpty())
        QVERIFY2(run.out.contains(out), qPrintable(run.out));
    if (err.isEmpty()) {
        QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
    } else {
        QVERIFY2(run.err.contains(err), qPrintable(run.err));
        // Usage and input errors are one line.
        if (exitCode == 2)
            QCOMPARE(run.err.count(u'\n'), 1);
    }
    // Usage and input errors print nothing on stdout.
    if (exitCode == 2)
        QVERIFY2(run.out.isEmpty(), qPrintable(run.out));
}

void TestCli::checkJson()
{
    const Run run =
        llmcl({u"check"_s, u"--format"_s, u"json"_s, u"syntaxerror.llmcl"_s, u"warning.llmcl"_s});
    QCOMPARE(run.exitCode, 1);
    QVERIFY(run.err.isEmpty());
    const QJsonObject root = jsonOf(run);
    QCOMPARE(root.keys(), QStringList {u"diagnostics"_s});
    const QJsonArray diagnostics = root.value(u"diagnostics").toArray();
    QCOMPARE(diagnostics.size(), 2);

    const QStringList members {u"file"_s, u"line"_s, u"column"_s, u"end_line"_s, u"end_column"_s,
        u"severity"_s, u"code"_s, u"message"_s};
    QSet<QString> severities;
    QSet<QString> files;
    for (const QJsonValue &value : diagnostics) {
        QVERIFY(value.isObject());
        const QJsonObject diagnostic = value.toObject();
        QCOMPARE(keySet(diagnostic), QSet<QString>(members.begin(), members.end()));
        for (const QString &number : {u"line"_s, u"column"_s, u"end_line"_s, u"end_column"_s}) {
            QVERIFY2(diagnostic.value(number).isDouble(), qPrintable(number));
            QVERIFY(diagnostic.value(number).toInteger() >= 1);
        }
        for (const QString &text : {u"file"_s, u"severity"_s, u"code"_s, u"message"_s})
            QVERIFY2(diagnostic.value(text).isString(), qPrintable(text));
        severities << diagnostic.value(u"severity").toString();
        files << diagnostic.value(u"file").toString();
    }
    QCOMPARE(severities, (QSet<QString> {u"error"_s, u"warning"_s}));
    QCOMPARE(files, (QSet<QString> {u"syntaxerror.llmcl"_s, u"warning.llmcl"_s}));

    const QJsonObject error = diagnostics.at(0).toObject();
    QCOMPARE(error.value(u"code").toString(), u"E1101"_s);
    QCOMPARE(error.value(u"line").toInt(), 6);
    QCOMPARE(error.value(u"column").toInt(), 1);
    // The members come in the documented order.
    QCOMPARE(keysInOrder(run.rawOut, members), members);
}

void TestCli::checkJsonClean()
{
    const Run run = llmcl({u"check"_s, u"--format=json"_s, u"length.llmcl"_s});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, u"{\n  \"diagnostics\": []\n}\n"_s);
}

void TestCli::checkLongLines()
{
    // Diagnostics on 100 KB lines (a minified contract, a pasted answer) quote a window of
    // about 120 columns around the range, cut at code point boundaries and marked "…", with
    // the caret line aligned; the golden is tests/data/cli/longlines.expected.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QByteArray x(100000, 'x');
    const QByteArray wide = QByteArray("é日😀").repeated(20000); // 2-, 3- and 4-byte characters
    const QByteArray warnings = "contract Long {\n"
                                "    ensure response != \""
        + x + "\" and not_a_key == 1\n    ensure contains(response, \"" + wide
        + "\")\n    ensure contains(response, \"" + wide
        + "\")\n    ensure starts_with(response, \"" + wide.left(9 * 3333)
        + "\") and unknown_key > 0 and len(response) < \"" + x.left(30000) + "\"\n}\n";
    const QByteArray lexical = "contract Lexical {\n    ensure response != \"" + x.left(50000)
        + "\" @ \"" + wide + "\"\n}\n";
    QVERIFY(writeAll(dir.filePath(u"long.llmcl"_s), warnings));
    QVERIFY(writeAll(dir.filePath(u"lexical.llmcl"_s), lexical));
    // One file at a time: a file with errors would stop the other's conflict analysis.
    const Run warned = llmcl({u"check"_s, u"long.llmcl"_s}, dir.path());
    QCOMPARE(warned.exitCode, 0);
    const Run failed = llmcl({u"check"_s, u"lexical.llmcl"_s}, dir.path());
    QCOMPARE(failed.exitCode, 1);
    QVERIFY(warned.rawOut.size() + failed.rawOut.size() < 4000);
    const QString failure = llmcl::tests::compareWithGolden(
        dataDir() + u"/longlines.expected"_s, warned.out + failed.out);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
}

void TestCli::evalJson()
{
    const Run run = llmcl({u"eval"_s, u"length.llmcl"_s, u"--content"_s, u"Hi there"_s,
        u"--response"_s, u"this response is far too long"_s, u"--format"_s, u"json"_s,
        u"--context"_s, u"{\"channel\": \"web\"}"_s});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
    const QJsonObject root = jsonOf(run);

    const QStringList topLevel {u"valid"_s, u"content"_s, u"response"_s, u"violations"_s,
        u"fixes"_s, u"conflicts"_s, u"contracts"_s, u"duration_ns"_s};
    QCOMPARE(keySet(root), QSet<QString>(topLevel.begin(), topLevel.end()));
    QCOMPARE(keysInOrder(run.rawOut, topLevel), topLevel);
    QCOMPARE(root.value(u"valid"), QJsonValue(false));
    QCOMPARE(root.value(u"content").toString(), u"Hi there"_s);
    QCOMPARE(root.value(u"response").toString(), u"this response is far too long"_s);
    QVERIFY(root.value(u"fixes").isArray());
    QVERIFY(root.value(u"fixes").toArray().isEmpty());
    QVERIFY(root.value(u"conflicts").isArray());
    QVERIFY(root.value(u"duration_ns").isDouble());
    QVERIFY(root.value(u"duration_ns").toInteger() >= 0);

    const QJsonArray violations = root.value(u"violations").toArray();
    QCOMPARE(violations.size(), 1);
    const QJsonObject violation = violations.at(0).toObject();
    QCOMPARE(violation.value(u"contract").toString(), u"Length"_s);
    QCOMPARE(violation.value(u"clause").toString(), u"Length#2"_s);
    QCOMPARE(violation.value(u"kind").toString(), u"ensure"_s);
    QCOMPARE(violation.value(u"line").toInt(), 10);
    QCOMPARE(violation.value(u"message").toString(), u"Response too long"_s);
    QCOMPARE(violation.value(u"severity").toString(), u"error"_s);

    const QJsonArray contracts = root.value(u"contracts").toArray();
    QCOMPARE(contracts.size(), 2);
    const QSet<QString> statuses {
        u"pass"_s, u"fail"_s, u"error"_s, u"pending"_s, u"suppressed"_s, u"skipped"_s};
    QStringList ids;
    for (const QJsonValue &value : contracts) {
        const QJsonObject contract = value.toObject();
        for (const QString &member : {u"name"_s, u"priority"_s, u"valid"_s, u"clauses"_s})
            QVERIFY2(contract.contains(member), qPrintable(member));
        QVERIFY(contract.value(u"name").isString());
        QVERIFY(contract.value(u"priority").isString());
        QVERIFY(contract.value(u"valid").isBool());
        for (const QJsonValue &clauseValue : contract.value(u"clauses").toArray()) {
            const QJsonObject clause = clauseValue.toObject();
            for (const QString &member :
                {u"id"_s, u"kind"_s, u"line"_s, u"status"_s, u"duration_ns"_s, u"values"_s})
                QVERIFY2(clause.contains(member), qPrintable(member));
            QVERIFY(clause.value(u"id").isString());
            QVERIFY(clause.value(u"line").isDouble());
            QVERIFY(clause.value(u"duration_ns").isDouble());
            QVERIFY2(statuses.contains(clause.value(u"status").toString()),
                qPrintable(clause.value(u"status").toString()));
            QVERIFY(clause.value(u"values").isArray());
            for (const QJsonValue &explanation : clause.value(u"values").toArray()) {
                QVERIFY(explanation.toObject().value(u"expr").isString());
                QVERIFY(explanation.toObject().contains(u"value"));
            }
            ids << clause.value(u"id").toString();
            if (clause.value(u"id").toString() == u"Length#2"_s) {
                QCOMPARE(clause.value(u"status").toString(), u"fail"_s);
                QCOMPARE(clause.value(u"message").toString(), u"Response too long"_s);
                // Tracing is on: the operands of the failed comparison are there.
                QVERIFY(!clause.value(u"values").toArray().isEmpty());
            }
        }
    }
    QCOMPARE(ids, (QStringList {u"Length#1"_s, u"Length#2"_s, u"Length#3"_s, u"Channel#1"_s}));
    QCOMPARE(contracts.at(0).toObject().value(u"valid"), QJsonValue(false));
    QCOMPARE(contracts.at(1).toObject().value(u"valid"), QJsonValue(true));
}

void TestCli::evalJsonInputPhaseOnly()
{
    const Run run = llmcl({u"eval"_s, u"length.llmcl"_s, u"--format=json"_s});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject root = jsonOf(run);
    QCOMPARE(root.value(u"valid"), QJsonValue(true));
    QCOMPARE(root.value(u"content"), QJsonValue(u""_s));
    QVERIFY(root.contains(u"response"));
    QVERIFY(root.value(u"response").isNull());
    const QJsonArray clauses =
        root.value(u"contracts").toArray().at(0).toObject().value(u"clauses").toArray();
    QCOMPARE(clauses.at(0).toObject().value(u"status").toString(), u"pass"_s);
    QCOMPARE(clauses.at(1).toObject().value(u"status").toString(), u"skipped"_s);
}

void TestCli::evalFix()
{
    const QString response = u"this response is far too long"_s;
    const Run run = llmcl({u"eval"_s, u"length.llmcl"_s, u"--response"_s, response, u"--fix"_s,
        u"--format"_s, u"json"_s});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject root = jsonOf(run);
    QCOMPARE(root.value(u"valid"), QJsonValue(true));
    QCOMPARE(root.value(u"response").toString(), response.left(20));
    QVERIFY(root.value(u"violations").toArray().isEmpty());
    const QJsonArray fixes = root.value(u"fixes").toArray();
    QCOMPARE(fixes.size(), 1);
    const QJsonObject fix = fixes.at(0).toObject();
    const QStringList members {
        u"contract"_s, u"clause"_s, u"line"_s, u"before"_s, u"after"_s, u"applied"_s, u"outcome"_s};
    QCOMPARE(keysInOrder(run.rawOut.mid(run.rawOut.indexOf("\"fixes\"")), members), members);
    QCOMPARE(fix.value(u"contract").toString(), u"Length"_s);
    QCOMPARE(fix.value(u"clause").toString(), u"Length#2"_s);
    QCOMPARE(fix.value(u"line").toInt(), 10);
    QCOMPARE(fix.value(u"before").toString(), response);
    QCOMPARE(fix.value(u"after").toString(), response.left(20));
    QCOMPARE(fix.value(u"applied"), QJsonValue(true));
    QCOMPARE(fix.value(u"outcome").toString(), u"fixed"_s);
    // The clause's status is its verdict on the text as it arrived.
    const QJsonArray clauses =
        root.value(u"contracts").toArray().at(0).toObject().value(u"clauses").toArray();
    QCOMPARE(clauses.at(1).toObject().value(u"status").toString(), u"fail"_s);
}

void TestCli::evalTextOutput()
{
    const Run run = llmcl({u"eval"_s, u"length.llmcl"_s, u"--response"_s,
        u"this response is far too long"_s, u"--fix"_s});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.startsWith(u"VALID: 0 violations, 1 fix, 4 clauses in 2 contracts ("_s),
        qPrintable(run.out));
    QVERIFY2(run.out.contains(u"\"this response is far too long\" → \"this response is far\""_s),
        qPrintable(run.out));
    QVERIFY2(run.out.contains(u"Response after fixes: \"this response is far\"\n"_s),
        qPrintable(run.out));
    static const QRegularExpression clauseRow(
        uR"(\n  fail +Length#2 +ensure +length\.llmcl:10 +\d+(\.\d)? [nµm]?s +Response too long\n)"_s);
    QVERIFY2(clauseRow.match(run.out).hasMatch(), qPrintable(run.out));
}

void TestCli::evalInvalidUtf8_data()
{
    QTest::addColumn<QString>("option");
    QTest::newRow("content-file") << u"--content-file"_s;
    QTest::newRow("response-file") << u"--response-file"_s;
}

void TestCli::evalInvalidUtf8()
{
    QFETCH(QString, option);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"latin1.txt"_s);
    QVERIFY(writeAll(path,
        QByteArray("Gr\xFC\xDF"
                   "e")));
    const Run run = llmcl({u"eval"_s, u"length.llmcl"_s, option, path});
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.out.isEmpty());
    QCOMPARE(run.err,
        u"llmcl: %1: %2: not valid UTF-8 (invalid byte 0xfc at byte offset 2)\n"_s.arg(
            option, path));
}

void TestCli::fmtRewritesInPlace()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"unformatted.llmcl"_s);
    QVERIFY(QFile::copy(dataDir() + u"/unformatted.llmcl"_s, path));
    const QFileDevice::Permissions permissions =
        QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup;
    QVERIFY(QFile::setPermissions(path, permissions));
    const QFileDevice::Permissions permissionsBefore = QFile::permissions(path);
    const QByteArray before = readAll(path);

    Run run = llmcl({u"fmt"_s, u"--check"_s, u"unformatted.llmcl"_s}, dir.path());
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(run.out, u"unformatted.llmcl\n"_s);
    QCOMPARE(readAll(path), before); // --check changes nothing

    run = llmcl({u"fmt"_s, u"unformatted.llmcl"_s}, dir.path());
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
    const QByteArray after = readAll(path);
    QVERIFY(after != before);
    QVERIFY(after.contains("contract Unformatted {\n    ensure len(response) < 10\n"));
    // The permissions of the file are kept (mkstemp() would have made them 0600).
    QCOMPARE(QFile::permissions(path), permissionsBefore);
    QVERIFY(QFile::permissions(path).testFlag(QFileDevice::ReadGroup));
    // No temporary file is left behind.
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList {u"unformatted.llmcl"_s});

    run = llmcl({u"fmt"_s, u"--check"_s, u"unformatted.llmcl"_s}, dir.path());
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.isEmpty());

    // Formatting a formatted file does not touch it.
    const QDateTime modified = QFileInfo(path).lastModified();
    QTest::qWait(20);
    run = llmcl({u"fmt"_s, u"unformatted.llmcl"_s}, dir.path());
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(readAll(path), after);
    QCOMPARE(QFileInfo(path).lastModified(), modified);
}

void TestCli::fmtLeavesSyntaxErrorsAlone()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString broken = dir.filePath(u"syntaxerror.llmcl"_s);
    const QString ugly = dir.filePath(u"unformatted.llmcl"_s);
    QVERIFY(QFile::copy(dataDir() + u"/syntaxerror.llmcl"_s, broken));
    QVERIFY(QFile::copy(dataDir() + u"/unformatted.llmcl"_s, ugly));
    QVERIFY(QFile::setPermissions(broken, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    QVERIFY(QFile::setPermissions(ugly, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    QVERIFY(writeAll(broken, readAll(broken) + "contract   Ugly {\n}\n"));
    const QByteArray before = readAll(broken);

    const Run run = llmcl(
        {u"fmt"_s, u"syntaxerror.llmcl"_s, u"unformatted.llmcl"_s, u"gone.llmcl"_s}, dir.path());
    QCOMPARE(run.exitCode, 2); // an unreadable file outranks the syntax error
    QVERIFY(run.err.contains(u"syntaxerror.llmcl:6:1: error[E1101]"_s));
    QVERIFY(run.err.contains(
        u"llmcl: syntaxerror.llmcl: has syntax errors (1 error), left unchanged\n"_s));
    QVERIFY(run.err.contains(u"llmcl: gone.llmcl: No such file or directory\n"_s));
    QCOMPARE(readAll(broken), before);
    // The other files are still formatted.
    QVERIFY(readAll(ugly).contains("contract Unformatted {\n"));
}

namespace {

QString examplesDir()
{
    return llmcl::test::sourcePath(u"/resources/examples");
}

QStringList exampleContracts()
{
    return QDir(examplesDir()).entryList({QStringLiteral("*.llmcl")}, QDir::Files, QDir::Name);
}

// JSON Lines with the run-dependent numbers (durations, percentiles) blanked.
QList<QJsonObject> jsonLines(const QByteArray &text, bool *ok)
{
    QList<QJsonObject> objects;
    *ok = true;
    static const QRegularExpression timing(
        QStringLiteral("\"(duration_ns|compile_ns|p50|p90|p99)\":[0-9]+"));
    for (const QByteArray &line : text.split('\n')) {
        if (line.isEmpty())
            continue;
        QString normalised = QString::fromUtf8(line);
        normalised.replace(timing, QStringLiteral("\"\\1\":0"));
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(normalised.toUtf8(), &error);
        if (error.error != QJsonParseError::NoError || !document.isObject()) {
            *ok = false;
            return {};
        }
        objects.append(document.object());
    }
    return objects;
}

} // namespace

void TestCli::replaySampleIsDeterministic()
{
    // The shared sample of captured conversations against every example contract: the same
    // JSON Lines whatever --jobs is, one object per turn, one per conversation end, a summary.
    const QString sessions = llmcl::test::sourcePath(u"/../shared/data/sessions-sample.jsonl");
    QVERIFY2(QFile::exists(sessions), qPrintable(sessions));
    QList<QJsonObject> first;
    for (const QString &jobs : {QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("4")}) {
        const Run run = llmcl(QStringList {QStringLiteral("replay")} + exampleContracts()
                + QStringList {QStringLiteral("--sessions"), sessions, QStringLiteral("--format"),
                    QStringLiteral("json"), QStringLiteral("--jobs"), jobs},
            examplesDir());
        QCOMPARE(run.exitCode, 1); // the sample has violations
        QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
        bool ok = false;
        const QList<QJsonObject> lines = jsonLines(run.rawOut, &ok);
        QVERIFY(ok);
        if (first.isEmpty()) {
            first = lines;
            continue;
        }
        QCOMPARE(lines.size(), first.size());
        for (qsizetype i = 0; i < lines.size(); ++i)
            QVERIFY2(lines[i] == first[i],
                qPrintable(QStringLiteral("line %1 differs with --jobs %2").arg(i + 1).arg(jobs)));
    }
    // Shapes: turns, then ends, per conversation; the summary last.
    qsizetype turns = 0, ends = 0;
    for (qsizetype i = 0; i + 1 < first.size(); ++i) {
        const QJsonObject &o = first[i];
        QVERIFY(o.value(u"conversation").isString());
        if (o.value(u"end").toBool()) {
            ++ends;
            QVERIFY(o.value(u"valid").isBool());
            QVERIFY(o.value(u"violations").isArray());
            continue;
        }
        ++turns;
        QVERIFY(o.value(u"turn").isDouble());
        QVERIFY(o.value(u"valid").isBool());
        QVERIFY(o.value(u"violations").isArray());
        QVERIFY(o.value(u"fixes").isArray());
        const QJsonArray clauses = o.value(u"clauses").toArray();
        QVERIFY(!clauses.isEmpty());
        for (const QJsonValue &c : clauses) {
            const QString status = c.toObject().value(u"status").toString();
            QVERIFY2(QStringList({u"pass"_s, u"fail"_s, u"error"_s, u"pending"_s, u"suppressed"_s,
                                     u"skipped"_s})
                         .contains(status),
                qPrintable(status));
        }
    }
    const QJsonObject summary = first.last().value(u"summary").toObject();
    QCOMPARE(summary.value(u"conversations").toInt(), ends);
    QCOMPARE(summary.value(u"turns").toInt(), turns);
    QCOMPARE(ends, 547); // lines of sessions-sample.jsonl (wc -l)
    QVERIFY(!summary.value(u"contracts").toArray().isEmpty());
    const QJsonObject clause = summary.value(u"contracts")
                                   .toArray()
                                   .first()
                                   .toObject()
                                   .value(u"clauses")
                                   .toArray()
                                   .first()
                                   .toObject();
    for (const char *member :
        {"id", "evaluations", "passes", "failures", "errors", "fixes", "latency_ns"})
        QVERIFY2(clause.contains(QLatin1StringView(member)), member);
}

void TestCli::replayReportsMalformedLines()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile sessions(dir.filePath(QStringLiteral("s.jsonl")));
    QVERIFY(sessions.open(QIODevice::WriteOnly));
    sessions.write(
        R"({"id": "a", "turns": [{"user": "hi", "assistant": "hello there"}]})"
        "\n"
        "{not json\n"
        R"({"id": "b", "messages": [{"role": "user", "content": "x"}, {"role": "assistant", "content": "y"}]})"
        "\n");
    sessions.close();
    QFile contract(dir.filePath(QStringLiteral("c.llmcl")));
    QVERIFY(contract.open(QIODevice::WriteOnly));
    contract.write("contract C { ensure len(response) > 0 }\n");
    contract.close();
    const Run run =
        llmcl({QStringLiteral("replay"), QStringLiteral("c.llmcl"), QStringLiteral("--sessions"),
                  QStringLiteral("s.jsonl"), QStringLiteral("--format"), QStringLiteral("json")},
            dir.path());
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.err.contains(QStringLiteral("s.jsonl:2")), qPrintable(run.err));
    bool ok = false;
    const QList<QJsonObject> lines = jsonLines(run.rawOut, &ok);
    QVERIFY(ok);
    QCOMPARE(lines.size(), 5); // a: turn, end; b: turn, end; summary
    QCOMPARE(lines[2].value(u"conversation").toString(), QStringLiteral("b"));
    QCOMPARE(lines.last().value(u"summary").toObject().value(u"problems").toInt(), 1);
}

void TestCli::replayMissingSessions()
{
    const Run run = llmcl({QStringLiteral("replay"), QStringLiteral("length.llmcl"),
        QStringLiteral("--sessions"), QStringLiteral("no-such-file.jsonl")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(QStringLiteral("no-such-file.jsonl")), qPrintable(run.err));
    const Run noSessions = llmcl({QStringLiteral("replay"), QStringLiteral("length.llmcl")});
    QCOMPARE(noSessions.exitCode, 2);
    QVERIFY(noSessions.err.contains(QStringLiteral("--sessions")));
}

void TestCli::hugeContracts_data()
{
    QTest::addColumn<QByteArray>("contract");
    QTest::addColumn<int>("checkExit");
    QTest::addColumn<QString>("checkSays");
    QTest::addColumn<int>("evalExit"); // on the response "hello w99999x"
    QByteArray chain = "contract Chain {\n    ensure len(response) > 0";
    for (int i = 1; i < 50'000; ++i)
        chain += " and len(response) > 0";
    chain += "\n}\n";
    QTest::newRow("and-chain-50000") << chain << 0 << u"no problems"_s << 0;
    QByteArray list = "contract List {\n    ensure not any([";
    for (int i = 0; i < 100'000; ++i)
        list +=
            QByteArray(i ? ", " : "") + "contains(response, \"w" + QByteArray::number(i) + "x\")";
    list += "])\n}\n";
    QTest::newRow("list-100000") << list << 0 << u"no problems"_s << 1;
    QTest::newRow("member-chain-100000")
        << "contract Deep {\n    ensure context" + QByteArray(".a").repeated(100'000) + " == 1\n}\n"
        << 1 << u"E1103"_s << 1;
    QTest::newRow("window-size-10000000000")
        << QByteArray("contract W {\n    ensure_prob len(response) > 0, 0.9 "
                      "window_size: 10000000000\n}\n")
        << 1 << u"E2007"_s << 1;
}

// The sizes generated guardrails reach, through the real binary: check, eval and replay each
// finish with a diagnostic or a verdict, never a signal.
void TestCli::hugeContracts()
{
    QFETCH(QByteArray, contract);
    QFETCH(int, checkExit);
    QFETCH(QString, checkSays);
    QFETCH(int, evalExit);
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("big.llmcl")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(contract);
    file.close();
    QFile sessions(dir.filePath(QStringLiteral("s.jsonl")));
    QVERIFY(sessions.open(QIODevice::WriteOnly));
    sessions.write(R"({"id": "a", "turns": [{"user": "hi", "assistant": "hello w99999x"}]})"
                   "\n"
                   R"({"id": "b", "turns": [{"user": "hi", "assistant": "hello"}]})"
                   "\n");
    sessions.close();

    const Run check = llmcl::test::runLlmcl({u"check"_s, u"big.llmcl"_s}, dir.path(), 120'000);
    QCOMPARE(check.exitCode, checkExit);
    QVERIFY2(QString(check.out + check.err).contains(checkSays), qPrintable(check.err.left(2000)));
    // A diagnostic on a 200 KB line shows a window of it, not the whole line.
    QVERIFY2(check.out.size() + check.err.size() < 20'000, qPrintable(check.err.left(200)));

    const Run eval = llmcl::test::runLlmcl(
        {u"eval"_s, u"big.llmcl"_s, u"--response"_s, u"hello w99999x"_s}, dir.path(), 120'000);
    QCOMPARE(eval.exitCode, evalExit);
    if (evalExit == 1 && checkExit == 0)
        QVERIFY2(eval.out.contains(u"fail"_s), qPrintable(eval.out.left(2000)));

    const Run replay = llmcl::test::runLlmcl(
        {u"replay"_s, u"big.llmcl"_s, u"--sessions"_s, u"s.jsonl"_s}, dir.path(), 120'000);
    QVERIFY2(replay.exitCode == 0 || replay.exitCode == 1, qPrintable(replay.err.left(2000)));
}

// The issue's first try: 10,000 words as one regex, which PCRE2 refuses as too large. It
// checks clean, runs on the word-list automaton and says so in the explanation.
void TestCli::blocklistAsOneRegex()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QByteArray source = "contract Policy {\n    ensure not match(response, r\"(?i)\\b(";
    for (int i = 0; i < 10'000; ++i)
        source += "w" + QByteArray::number(i) + "x|";
    source += "darn)\\b\")\n        message: \"blocked word\"\n}\n";
    QFile policy(dir.filePath(u"policy.llmcl"_s));
    QVERIFY(policy.open(QIODevice::WriteOnly));
    policy.write(source);
    policy.close();

    const Run check = llmcl::test::runLlmcl({u"check"_s, u"policy.llmcl"_s}, dir.path(), 120'000);
    QVERIFY2(check.exitCode == 0, qPrintable(check.out + check.err));
    const Run blocked =
        llmcl::test::runLlmcl({u"eval"_s, u"policy.llmcl"_s, u"--response"_s,
                                  u"Well, DARN. And W9999X too."_s, u"--format"_s, u"json"_s},
            dir.path(), 120'000);
    QCOMPARE(blocked.exitCode, 1);
    const QJsonObject root = jsonOf(blocked);
    QCOMPARE(root.value(u"violations").toArray().size(), 1);
    QString engine;
    for (const QJsonValue &contract : root.value(u"contracts").toArray())
        for (const QJsonValue &clause : contract.toObject().value(u"clauses").toArray())
            for (const QJsonValue &line : clause.toObject().value(u"values").toArray())
                if (line.toObject().value(u"expr").toString().endsWith(u" engine"_s))
                    engine = line.toObject().value(u"value").toString();
    QCOMPARE(engine, u"literal set"_s);
    const Run clean = llmcl::test::runLlmcl(
        {u"eval"_s, u"policy.llmcl"_s, u"--response"_s, u"darned good, aw9999x"_s}, dir.path(),
        120'000);
    QVERIFY2(clean.exitCode == 0, qPrintable(clean.out + clean.err));
}

// A blocklist as users write one: a base contract in its own file holds 100,000 words as a list
// parameter; a policy file imports it and extends it. eval fails a response with a listed word
// (any case, as a whole word) and explains which word and where; replay agrees.
void TestCli::blocklistFromImportedBase()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QByteArray lists = "contract Lists(blocked = [";
    for (int i = 0; i < 100'000; ++i)
        lists += "\"w" + QByteArray::number(i) + "x\", ";
    lists += "\"darn\"]) {\n    ensure len(response) >= 0\n}\n";
    QFile base(dir.filePath(u"lists.llmcl"_s));
    QVERIFY(base.open(QIODevice::WriteOnly));
    base.write(lists);
    base.close();
    QFile policy(dir.filePath(u"policy.llmcl"_s));
    QVERIFY(policy.open(QIODevice::WriteOnly));
    policy.write("from lists import Lists\n\n"
                 "contract Policy extends Lists {\n"
                 "    ensure not contains_any(response, blocked, ignore_case = true, "
                 "whole_words = true)\n"
                 "        message: \"blocked word\"\n"
                 "}\n");
    policy.close();

    const Run check = llmcl::test::runLlmcl({u"check"_s, u"policy.llmcl"_s}, dir.path(), 120'000);
    QVERIFY2(check.exitCode == 0, qPrintable(check.out + check.err));

    const Run blocked =
        llmcl::test::runLlmcl({u"eval"_s, u"policy.llmcl"_s, u"--response"_s,
                                  u"Well, DARN. And W99999X too."_s, u"--format"_s, u"json"_s},
            dir.path(), 120'000);
    QCOMPARE(blocked.exitCode, 1);
    const QJsonObject root = jsonOf(blocked);
    const QJsonArray violations = root.value(u"violations").toArray();
    QCOMPARE(violations.size(), 1);
    QCOMPARE(violations.at(0).toObject().value(u"message").toString(), u"blocked word"_s);
    // The explanation names the first listed word found and where (code points).
    QJsonObject found;
    for (const QJsonValue &contract : root.value(u"contracts").toArray())
        for (const QJsonValue &clause : contract.toObject().value(u"clauses").toArray())
            for (const QJsonValue &line : clause.toObject().value(u"values").toArray())
                if (line.toObject().value(u"expr").toString().endsWith(u" found"_s))
                    found = line.toObject().value(u"value").toObject();
    QCOMPARE(found.value(u"item").toString(), u"darn"_s);
    QCOMPARE(found.value(u"at").toInt(), 6);
    QCOMPARE(found.value(u"text").toString(), u"DARN"_s);

    const Run inside = llmcl::test::runLlmcl(
        {u"eval"_s, u"policy.llmcl"_s, u"--response"_s, u"darned good, aw99999x"_s}, dir.path(),
        120'000);
    QVERIFY2(inside.exitCode == 0, qPrintable(inside.out + inside.err));

    QFile sessions(dir.filePath(u"s.jsonl"_s));
    QVERIFY(sessions.open(QIODevice::WriteOnly));
    sessions.write(R"({"id": "a", "turns": [{"user": "hi", "assistant": "oh darn"}]})"
                   "\n"
                   R"({"id": "b", "turns": [{"user": "hi", "assistant": "darned fine"}]})"
                   "\n");
    sessions.close();
    const Run replay = llmcl::test::runLlmcl(
        {u"replay"_s, u"policy.llmcl"_s, u"--sessions"_s, u"s.jsonl"_s, u"--format"_s, u"json"_s},
        dir.path(), 120'000);
    QCOMPARE(replay.exitCode, 1);
    int invalid = 0;
    for (const QByteArray &line : replay.rawOut.split('\n'))
        if (!line.isEmpty() && line.contains("\"valid\":false"))
            ++invalid;
    QCOMPARE(invalid, 1);
}

// JSON Lines explain the clauses that fail or err (INTERFACES.md §2); --explain all explains
// every clause, which takes far more bytes on the shared sample.
void TestCli::replayExplainsFailuresOnly()
{
    const QString sessions = llmcl::test::sourcePath(u"/../shared/data/sessions-sample.jsonl");
    QByteArray outputs[2];
    for (int all = 0; all < 2; ++all) {
        QStringList arguments = QStringList {u"replay"_s} + exampleContracts()
            + QStringList {u"--sessions"_s, sessions, u"--format"_s, u"json"_s};
        if (all)
            arguments << u"--explain"_s << u"all"_s;
        const Run run = llmcl(arguments, examplesDir());
        QCOMPARE(run.exitCode, 1);
        bool ok = false;
        const QList<QJsonObject> lines = jsonLines(run.rawOut, &ok);
        QVERIFY(ok);
        int passing = 0, explainedPassing = 0, failing = 0, explainedFailing = 0;
        for (const QJsonObject &line : lines) {
            if (line.contains(u"end"_s) || line.contains(u"summary"_s))
                continue;
            for (const QJsonValue &value : line.value(u"clauses"_s).toArray()) {
                const QJsonObject clause = value.toObject();
                const QString status = clause.value(u"status"_s).toString();
                const bool explained = clause.contains(u"values"_s);
                if (status == u"pass"_s) {
                    ++passing;
                    explainedPassing += explained;
                } else if (status == u"fail"_s || status == u"error"_s) {
                    ++failing;
                    // A failing ensure/require clause says why (temporal ones may have no
                    // operand to show).
                    if (clause.value(u"kind"_s).toString() != u"temporal"_s)
                        explainedFailing +=
                            explained && !clause.value(u"values"_s).toArray().isEmpty();
                    else
                        ++explainedFailing;
                }
            }
        }
        QVERIFY(passing > 1000);
        QVERIFY(failing > 10);
        QCOMPARE(explainedFailing, failing);
        QCOMPARE(explainedPassing, all ? passing : 0);
        outputs[all] = run.rawOut;
    }
    // 12.3 MB against 21.4 MB when measured: the rest is the clauses' other members.
    QVERIFY2(outputs[0].size() * 3 < outputs[1].size() * 2,
        qPrintable(u"%1 bytes explaining failures, %2 explaining all"_s.arg(outputs[0].size())
                .arg(outputs[1].size())));

    const Run bad = llmcl(QStringList {u"replay"_s} + exampleContracts()
            + QStringList {u"--sessions"_s, sessions, u"--explain"_s, u"some"_s},
        examplesDir());
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.err.contains(u"--explain must be failures or all"_s), qPrintable(bad.err));
}

void TestCli::replayLongConversation()
{
    // One conversation of 100,000 turns: the monitors stay bounded and the end settles.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile sessions(dir.filePath(QStringLiteral("long.jsonl")));
    QVERIFY(sessions.open(QIODevice::WriteOnly));
    QByteArray line = R"({"id": "long", "turns": [)";
    for (int i = 0; i < 100000; ++i) {
        if (i)
            line += ',';
        line += i % 7 == 0 ? R"({"user": "refund?", "assistant": "see our policy"})"
                           : R"({"user": "hi", "assistant": "hello"})";
    }
    line += "]}\n";
    sessions.write(line);
    sessions.close();
    QFile contract(dir.filePath(QStringLiteral("c.llmcl")));
    QVERIFY(contract.open(QIODevice::WriteOnly));
    contract.write("contract C {\n"
                   "    temporal always (match(content, \"(?i)refund\") implies within 2 "
                   "contains(response, \"policy\"))\n"
                   "    temporal always (contains(content, \"hi\") implies eventually "
                   "contains(response, \"bye\"))\n"
                   "    ensure len(response) > 0\n}\n");
    contract.close();
    const Run run = llmcl({QStringLiteral("replay"), QStringLiteral("c.llmcl"),
                              QStringLiteral("--sessions"), QStringLiteral("long.jsonl")},
        dir.path());
    QCOMPARE(run.exitCode, 1); // "bye" never comes: C#2 is violated when the conversation ends
    QVERIFY2(run.out.contains(QStringLiteral("long: 100000 turns; violations: C#2 (at the end)")),
        qPrintable(run.out.left(500)));
}

void TestCli::replayWritesTraceAndMetrics_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("member"); // a top-level member every document of the format has
    QTest::newRow("llmcl") << u"llmcl"_s << u"format"_s;
    QTest::newRow("chrome") << u"chrome"_s << u"traceEvents"_s;
    QTest::newRow("otlp") << u"otlp"_s << u"resourceSpans"_s;
}

void TestCli::replayWritesTraceAndMetrics()
{
    QFETCH(QString, format);
    QFETCH(QString, member);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString trace = dir.filePath(u"trace.json"_s);
    const QString metrics = dir.filePath(u"metrics.prom"_s);
    const Run run =
        llmcl({u"replay"_s, u"support.llmcl"_s, u"--sessions"_s, u"sessions.jsonl"_s, u"--trace"_s,
                  trace, u"--trace-format"_s, format, u"--metrics"_s, metrics},
            examplesDir());
    QVERIFY2(run.exitCode == 0 || run.exitCode == 1, qPrintable(run.err));
    QFile traceFile(trace);
    QVERIFY(traceFile.open(QIODevice::ReadOnly));
    const QJsonDocument document = QJsonDocument::fromJson(traceFile.readAll());
    QVERIFY(document.isObject());
    QVERIFY(document.object().contains(member));
    QFile metricsFile(metrics);
    QVERIFY(metricsFile.open(QIODevice::ReadOnly));
    const QByteArray text = metricsFile.readAll();
    QVERIFY2(text.contains("# TYPE llmcl_validations_total counter"), text.left(300).constData());
    // An unwritable trace path is an input error before anything runs.
    const Run bad = llmcl({u"replay"_s, u"support.llmcl"_s, u"--sessions"_s, u"sessions.jsonl"_s,
                              u"--trace"_s, dir.filePath(u"missing/dir/t.json"_s)},
        examplesDir());
    QCOMPARE(bad.exitCode, 2);
    QVERIFY(bad.out.isEmpty());
}

void TestCli::replayConflictExample_data()
{
    // LANGUAGE.md §11: high-priority `len(response) < 50` beats low-priority
    // `len(response) > 100`, which is suppressed: 30 characters valid, 60 invalid.
    QTest::addColumn<int>("length");
    QTest::addColumn<bool>("valid");
    QTest::newRow("30-characters") << 30 << true;
    QTest::newRow("60-characters") << 60 << false;
}

void TestCli::replayConflictExample()
{
    QFETCH(int, length);
    QFETCH(bool, valid);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile contract(dir.filePath(QStringLiteral("c.llmcl")));
    QVERIFY(contract.open(QIODevice::WriteOnly));
    contract.write("contract Contract1(priority = high) { ensure len(response) < 50 }\n"
                   "contract Contract2(priority = low) { ensure len(response) > 100 }\n");
    contract.close();
    QFile sessions(dir.filePath(QStringLiteral("s.jsonl")));
    QVERIFY(sessions.open(QIODevice::WriteOnly));
    sessions.write("{\"id\": \"c\", \"turns\": [{\"user\": \"q\", \"assistant\": \""
        + QByteArray(length, 'x') + "\"}]}\n");
    sessions.close();
    const Run run =
        llmcl({QStringLiteral("replay"), QStringLiteral("c.llmcl"), QStringLiteral("--sessions"),
                  QStringLiteral("s.jsonl"), QStringLiteral("--format"), QStringLiteral("json")},
            dir.path());
    QCOMPARE(run.exitCode, valid ? 0 : 1);
    bool ok = false;
    const QList<QJsonObject> lines = jsonLines(run.rawOut, &ok);
    QVERIFY(ok);
    QCOMPARE(lines.first().value(u"valid").toBool(), valid);
    const QJsonArray clauses = lines.first().value(u"clauses").toArray();
    QCOMPARE(clauses.size(), 2);
    QCOMPARE(clauses[1].toObject().value(u"id").toString(), QStringLiteral("Contract2#1"));
    QCOMPARE(clauses[1].toObject().value(u"status").toString(), QStringLiteral("suppressed"));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
