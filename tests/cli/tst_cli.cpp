// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

class TestCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void version_data();
    void version();
    void help();
    void usageErrors_data();
    void usageErrors();

private:
    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };
    static Run llmcl(const QStringList &arguments);
};

TestCli::Run TestCli::llmcl(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(LLMCL_CLI_PATH), arguments);
    if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit)
        return {};
    return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
        QString::fromUtf8(process.readAllStandardError())};
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
    static const QRegularExpression pattern(
        QStringLiteral(R"(^llmcl \d+\.\d+\.\d+ \(LLMCL 1\.0\)\n$)"));
    QVERIFY2(pattern.match(run.out).hasMatch(), qPrintable(run.out));
}

void TestCli::help()
{
    const Run run = llmcl({QStringLiteral("--help")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.startsWith(QStringLiteral("Usage: llmcl COMMAND")));
    QVERIFY(run.out.contains(QStringLiteral("Exit codes: 0 success")));
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

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
