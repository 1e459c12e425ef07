// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/version.h"

#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "tests/common/testpaths.h"

// The real llmcl-studio binary started as a package test or an SSH session starts it: no
// display and no QT_QPA_PLATFORM. --version and --help answer without one (they aborted with
// Qt's platform-plugin report, exit 134); a real start says in one sentence what is missing.
class TestStudioCommandLine : public QObject
{
    Q_OBJECT

private:
    struct Run
    {
        int exitCode = -1;
        QProcess::ExitStatus exitStatus = QProcess::CrashExit;
        QString out;
        QString err;
    };

    Run runWithoutDisplay(const QStringList &arguments)
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"})
            environment.remove(QString::fromLatin1(name));
        environment.insert(QStringLiteral("HOME"), m_home.path());
        environment.insert(
            QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral(".config")));
        environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_home.path());
        QProcess process;
        process.setProcessEnvironment(environment);
        process.setWorkingDirectory(m_home.path());
        process.start(llmcl::test::studioPath(), arguments);
        Run run;
        if (!process.waitForFinished(60'000)) {
            process.kill();
            process.waitForFinished();
            run.err = QStringLiteral("(timed out)");
            return run;
        }
        run.exitCode = process.exitCode();
        run.exitStatus = process.exitStatus();
        run.out = QString::fromUtf8(process.readAllStandardOutput());
        run.err = QString::fromUtf8(process.readAllStandardError());
        return run;
    }

    QTemporaryDir m_home;

private Q_SLOTS:
    void versionWithoutDisplay_data()
    {
        QTest::addColumn<QString>("option");
        QTest::newRow("--version") << QStringLiteral("--version");
        QTest::newRow("-v") << QStringLiteral("-v");
    }

    void versionWithoutDisplay()
    {
        QFETCH(QString, option);
        const Run run = runWithoutDisplay({option});
        QVERIFY2(run.exitStatus == QProcess::NormalExit, qPrintable(run.err));
        QCOMPARE(run.exitCode, 0);
        const std::string_view version = llmcl::engine::productVersion();
        const QString expected = QStringLiteral("llmcl-studio ")
            + QString::fromLatin1(version.data(), qsizetype(version.size()));
        QVERIFY2(run.out.startsWith(expected), qPrintable(run.out));
        // Built from this checkout: the commit follows (cmake/WriteBuildCommit.cmake).
        static const QRegularExpression commit(
            QStringLiteral(R"(^ \(commit [0-9a-f]{12}(-modified)?\)$)"));
        const QString rest = run.out.trimmed().mid(expected.size());
        if (QFileInfo::exists(llmcl::test::sourcePath(u"/.git")))
            QVERIFY2(commit.match(rest).hasMatch(), qPrintable(run.out));
        else
            QVERIFY2(rest.isEmpty(), qPrintable(run.out));
    }

    void helpWithoutDisplay()
    {
        const Run run = runWithoutDisplay({QStringLiteral("--help")});
        QVERIFY2(run.exitStatus == QProcess::NormalExit, qPrintable(run.err));
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(QLatin1String("--screenshot <file>")), qPrintable(run.out));
        QVERIFY(run.out.contains(QLatin1String("--version")));
        QVERIFY(run.out.contains(QLatin1String("[path]")));
    }

    // A path after "--" is a path, even one called --version.
    void pathAfterDoubleDashIsOpened()
    {
        const Run run = runWithoutDisplay({QStringLiteral("--"), QStringLiteral("--version")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(QLatin1String("QT_QPA_PLATFORM")), qPrintable(run.err));
    }

    void startWithoutDisplayExplains()
    {
        const Run run = runWithoutDisplay({});
        QCOMPARE(run.exitStatus, QProcess::NormalExit); // not Qt's abort()
        QCOMPARE(run.exitCode, 2);
        // One sentence, naming what can be done, and none of Qt's plugin report.
        QCOMPARE(run.err.count(QLatin1Char('\n')), 1);
        QVERIFY2(run.err.startsWith(QLatin1String("llmcl-studio: cannot open a window")),
            qPrintable(run.err));
        for (const char *word : {"DISPLAY=unset", "Xvfb", "QT_QPA_PLATFORM=offscreen"})
            QVERIFY2(run.err.contains(QLatin1String(word)), qPrintable(run.err));
        QVERIFY(!run.err.contains(QLatin1String("Available platform plugins")));
    }
};

QTEST_GUILESS_MAIN(TestStudioCommandLine)
#include "tst_studiocommandline.moc"
