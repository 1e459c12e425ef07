// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/version.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include "tests/common/testpaths.h"

namespace {

const QString kPackaging = llmcl::test::sourcePath(u"/packaging/");
const QString kAppId = QStringLiteral("dev.llmcl.studio");

struct Run
{
    int exitCode = -1;
    QString output; // standard output and error, merged
};

Run run(const QString &program, const QStringList &arguments,
    const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
{
    Run result;
    if (program.isEmpty() || !QFileInfo(program).isExecutable()) {
        result.output = QStringLiteral("not installed (see scripts/debian-packages.txt)");
        return result;
    }
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    if (!process.waitForFinished(60'000)) {
        process.kill();
        process.waitForFinished();
        result.output = QStringLiteral("timed out");
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.output = QString::fromUtf8(process.readAll());
    return result;
}

QString readText(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

// The first <release version="..."> of the metainfo: AppStream lists the newest first.
QString newestRelease()
{
    QFile file(kPackaging + kAppId + QStringLiteral(".metainfo.xml"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QXmlStreamReader xml(&file);
    while (!xml.atEnd()) {
        if (xml.readNext() == QXmlStreamReader::StartElement
            && xml.name() == QLatin1String("release"))
            return xml.attributes().value(QLatin1String("version")).toString();
    }
    return {};
}

} // namespace

// What a Linux desktop reads from the package: the .desktop entry, the AppStream metadata, the
// MIME type of *.llmcl, the icon and the syntax definition, each checked by the tool that
// desktops and app stores use; and the one version number they all carry.
class TestPackaging : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void desktopEntryValidates()
    {
        const Run result = run(QStringLiteral(LLMCL_DESKTOP_FILE_VALIDATE),
            {kPackaging + kAppId + QStringLiteral(".desktop")});
        QVERIFY2(
            result.exitCode == 0 && result.output.trimmed().isEmpty(), qPrintable(result.output));
        const QString entry = readText(kPackaging + kAppId + QStringLiteral(".desktop"));
        QVERIFY(entry.contains(QLatin1String("\nIcon=") + kAppId + QLatin1Char('\n')));
        QVERIFY(entry.contains(QLatin1String("\nMimeType=text/x-llmcl;\n")));
    }

    // --pedantic, and not even a hint: an app store shows every remark.
    void metainfoValidatesPedantically()
    {
        const Run result = run(QStringLiteral(LLMCL_APPSTREAMCLI),
            {QStringLiteral("validate"), QStringLiteral("--pedantic"), QStringLiteral("--no-net"),
                QStringLiteral("--no-color"),
                kPackaging + kAppId + QStringLiteral(".metainfo.xml")});
        QVERIFY2(result.exitCode == 0, qPrintable(result.output));
        static const QRegularExpression remark(
            QStringLiteral("^[EWIP]: "), QRegularExpression::MultilineOption);
        QVERIFY2(!result.output.contains(remark), qPrintable(result.output));
    }

    // update-mime-database accepts the definition and maps *.llmcl to text/x-llmcl, the type
    // the .desktop entry, the metainfo and llmcl.xml name.
    void mimeTypeOfContracts()
    {
        QTemporaryDir share;
        QVERIFY(QDir(share.path()).mkpath(QStringLiteral("mime/packages")));
        QVERIFY(QFile::copy(kPackaging + kAppId + QStringLiteral(".mime.xml"),
            share.filePath(QStringLiteral("mime/packages/") + kAppId + QStringLiteral(".xml"))));
        const Run result = run(QStringLiteral(LLMCL_UPDATE_MIME_DATABASE),
            {QStringLiteral("-V"), share.filePath(QStringLiteral("mime"))});
        QVERIFY2(result.exitCode == 0, qPrintable(result.output));
        QVERIFY2(!result.output.contains(QLatin1String("Error"))
                && !result.output.contains(QLatin1String("warning"), Qt::CaseInsensitive),
            qPrintable(result.output));
        QVERIFY(readText(share.filePath(QStringLiteral("mime/globs2")))
                .contains(QLatin1String(":text/x-llmcl:*.llmcl")));
        const QString type = readText(share.filePath(QStringLiteral("mime/text/x-llmcl.xml")));
        QVERIFY2(type.contains(QLatin1String("LLMCL contract")), qPrintable(type));
        QVERIFY(readText(kPackaging + kAppId + QStringLiteral(".metainfo.xml"))
                .contains(QLatin1String("<mediatype>text/x-llmcl</mediatype>")));
        QVERIFY(readText(llmcl::test::sourcePath(u"/resources/syntax/llmcl.xml"))
                .contains(QLatin1String("mimetype=\"text/x-llmcl\"")));
    }

    // The PNGs rendered from the SVG at build time, at every hicolor size, not blank.
    void iconAtEveryHicolorSize_data()
    {
        QTest::addColumn<int>("size");
        for (int size : {16, 22, 24, 32, 48, 64, 128, 256})
            QTest::addRow("%dpx", size) << size;
    }

    void iconAtEveryHicolorSize()
    {
        QFETCH(int, size);
        const QString path = llmcl::test::buildPath(u"/packaging/icons/%1/").arg(size) + kAppId
            + QStringLiteral(".png");
        QImage image(path);
        QVERIFY2(!image.isNull(), qPrintable(path + QStringLiteral(" does not load")));
        QCOMPARE(image.size(), QSize(size, size));
        // Transparent corners (the rounded tile), an opaque centre.
        QCOMPARE(qAlpha(image.pixel(0, 0)), 0);
        QCOMPARE(qAlpha(image.pixel(size / 2, size / 2)), 255);
    }

    // The installed definition is found by KSyntaxHighlighting's own command-line highlighter
    // (as by Kate and every other consumer), which then names LLMCL's formats.
    void syntaxDefinitionForEveryConsumer()
    {
        QTemporaryDir root;
        const QString syntax =
            root.filePath(QStringLiteral("share/org.kde.syntax-highlighting/syntax"));
        QVERIFY(QDir().mkpath(syntax));
        QVERIFY(QFile::copy(llmcl::test::sourcePath(u"/resources/syntax/llmcl.xml"),
            syntax + QStringLiteral("/llmcl.xml")));
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("XDG_DATA_DIRS"), root.filePath(QStringLiteral("share")));
        environment.insert(QStringLiteral("XDG_DATA_HOME"), root.filePath(QStringLiteral("home")));
        const QStringList arguments {QStringLiteral("--output-format=ansi"),
            QStringLiteral("--syntax-trace=format"),
            llmcl::test::sourcePath(u"/resources/examples/safety.llmcl")};
        const Run result = run(QStringLiteral(LLMCL_KSYNTAXHIGHLIGHTER), arguments, environment);
        QVERIFY2(result.exitCode == 0, qPrintable(result.output));
        for (const char *format : {"Keyword", "Clause Option", "Function", "String"})
            QVERIFY2(result.output.contains(QLatin1String(format)), format);

        // And without it, the file is unknown: the check above reads the installed copy.
        environment.insert(QStringLiteral("XDG_DATA_DIRS"), root.filePath(QStringLiteral("none")));
        const Run without = run(QStringLiteral(LLMCL_KSYNTAXHIGHLIGHTER), arguments, environment);
        QVERIFY2(
            without.output.contains(QLatin1String("Unknown syntax")), qPrintable(without.output));
    }

    // The man pages and completions are written from --help at build time: every command of
    // `llmcl --help`, with each usage line and option of its own --help, is in llmcl.1 and in
    // the bash, zsh and fish completions; groff renders both pages without a warning.
    void manPagesAndCompletionsFollowHelp()
    {
        const QString dir = llmcl::test::buildPath(u"/packaging/clidocs/");
        QString page = readText(dir + QStringLiteral("llmcl.1"));
        QVERIFY2(!page.isEmpty(), qPrintable(dir + QStringLiteral("llmcl.1")));
        page.replace(QLatin1String("\\fB"), QString())
            .replace(QLatin1String("\\fR"), QString())
            .replace(QLatin1String("\\-"), QLatin1String("-"))
            .replace(QLatin1String("\\e"), QLatin1String("\\"));
        const QString bash = readText(dir + QStringLiteral("llmcl.bash"));
        const QString zsh = readText(dir + QStringLiteral("_llmcl"));
        const QString fish = readText(dir + QStringLiteral("llmcl.fish"));

        const Run overview = run(llmcl::test::cliPath(), {QStringLiteral("--help")});
        QCOMPARE(overview.exitCode, 0);
        static const QRegularExpression commandLine(
            QStringLiteral("^  ([a-z]+)  +\\S"), QRegularExpression::MultilineOption);
        const QString commandsPart = overview.output.section(QLatin1String("Commands"), 1)
                                         .section(QLatin1String("\n\n"), 0, 0);
        QStringList commands;
        for (const QRegularExpressionMatch &match : commandLine.globalMatch(commandsPart))
            commands << match.captured(1);
        QVERIFY2(commands.size() >= 7, qPrintable(overview.output));
        static const QRegularExpression optionName(
            QStringLiteral("^  (--[a-z][a-z-]*)"), QRegularExpression::MultilineOption);
        for (const QString &command : std::as_const(commands)) {
            const Run help = run(llmcl::test::cliPath(), {command, QStringLiteral("--help")});
            QCOMPARE(help.exitCode, 0);
            QVERIFY2(page.contains(QLatin1String(".SS ") + command), qPrintable(command));
            for (QString usage : help.output.section(QLatin1String("\n\n"), 0, 0).split(u'\n')) {
                usage = usage.trimmed();
                if (usage.startsWith(QLatin1String("Usage: ")))
                    usage = usage.mid(7);
                QVERIFY2(page.contains(usage), qPrintable(command + QStringLiteral(": ") + usage));
            }
            QVERIFY2(bash.contains(QLatin1String("        ") + command + QLatin1Char(')')),
                qPrintable(command));
            QVERIFY2(
                zsh.contains(QLatin1Char('\'') + command + QLatin1Char(':')), qPrintable(command));
            QVERIFY2(fish.contains(QLatin1String("-a ") + command + QLatin1Char(' ')),
                qPrintable(command));
            const QString options = help.output.section(QLatin1String("Options:"), 1);
            for (const QRegularExpressionMatch &match : optionName.globalMatch(options)) {
                const QString option = match.captured(1);
                QVERIFY2(bash.contains(option), qPrintable(command + u' ' + option));
                QVERIFY2(zsh.contains(QLatin1Char('\'') + option + QLatin1Char('[')),
                    qPrintable(command + u' ' + option));
                QVERIFY2(fish.contains(QLatin1String("-l ") + option.mid(2)),
                    qPrintable(command + u' ' + option));
            }
        }
        const Run syntax = run(
            QStringLiteral(LLMCL_BASH), {QStringLiteral("-n"), dir + QStringLiteral("llmcl.bash")});
        QVERIFY2(syntax.exitCode == 0 && syntax.output.isEmpty(), qPrintable(syntax.output));
        for (const char *name : {"llmcl.1", "llmcl-studio.1"}) {
            const Run rendered = run(QStringLiteral(LLMCL_GROFF),
                {QStringLiteral("-man"), QStringLiteral("-Tutf8"), QStringLiteral("-ww"),
                    QStringLiteral("-z"), dir + QLatin1String(name)});
            QVERIFY2(rendered.exitCode == 0 && rendered.output.isEmpty(),
                qPrintable(QLatin1String(name) + QStringLiteral(": ") + rendered.output));
        }
        QVERIFY(readText(dir + QStringLiteral("llmcl-studio.1"))
                .contains(QLatin1String("\\-\\-screenshot")));
    }

    // One version: CMake's project(VERSION), the engine's productVersion() (both --version
    // outputs), the metainfo's newest release and CHANGELOG.md's newest entry.
    void oneVersion()
    {
        const QString version = QStringLiteral(LLMCL_PROJECT_VERSION);
        const std::string_view product = llmcl::engine::productVersion();
        QCOMPARE(QString::fromLatin1(product.data(), qsizetype(product.size())), version);
        QCOMPARE(newestRelease(), version);
        static const QRegularExpression heading(
            QStringLiteral("^## (\\S+)"), QRegularExpression::MultilineOption);
        const QRegularExpressionMatch match =
            heading.match(readText(llmcl::test::sourcePath(u"/CHANGELOG.md")));
        QVERIFY(match.hasMatch());
        QCOMPARE(match.captured(1), version);
    }
};

QTEST_GUILESS_MAIN(TestPackaging)
#include "tst_packaging.moc"
