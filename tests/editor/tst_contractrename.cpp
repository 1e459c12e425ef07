// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor/contractrename.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using llmcl::editor::ContractRename;

namespace {

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

// Renaming a contract across a workspace: which occurrences, which names are refused, and the
// atomic writes of closed files.
class TestContractRename : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void validateName_data();
    void validateName();
    void references_data();
    void references();
    void planAcrossFilesAndBuffers();
    void planRefusals_data();
    void planRefusals();
    void writeSkipsFilesChangedSincePlan();
};

void TestContractRename::validateName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");
    QTest::newRow("identifier") << QStringLiteral("Safety_2") << true;
    QTest::newRow("underscore-start") << QStringLiteral("_Base") << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("digit-start") << QStringLiteral("2Safety") << false;
    QTest::newRow("space") << QStringLiteral("No PII") << false;
    QTest::newRow("keyword") << QStringLiteral("contract") << false;
    QTest::newRow("keyword-ensure") << QStringLiteral("ensure") << false;
    QTest::newRow("punctuation") << QStringLiteral("A-B") << false;
    QTest::newRow("non-ascii") << QStringLiteral("Größe") << false;
}

void TestContractRename::validateName()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    const QString message = ContractRename::validateName(name);
    QCOMPARE(message.isEmpty(), valid);
    if (QByteArray(QTest::currentDataTag()).startsWith("keyword"))
        QVERIFY2(message.contains(QStringLiteral("keyword")), qPrintable(message));
}

void TestContractRename::references_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("count");
    QTest::newRow("declaration") << QStringLiteral("contract Base {\n    ensure true\n}\n") << 1;
    QTest::newRow("extends") << QStringLiteral("contract D extends Base {\n    ensure true\n}\n")
                             << 1;
    QTest::newRow("from-import-list")
        << QStringLiteral("from m import Other, Base\nfrom n import Base\n") << 2;
    QTest::newRow("module-import-left-alone") << QStringLiteral("import Base\n") << 0;
    QTest::newRow("comments-strings-and-context-keys") << QStringLiteral(
        "// contract Base\ncontract X {\n    ensure response != \"Base\" and "
        "Base == 1\n}\n") << 0;
    QTest::newRow("prefix-is-not-the-name")
        << QStringLiteral("contract BaseRules extends Bases {\n    ensure true\n}\n") << 0;
}

void TestContractRename::references()
{
    QFETCH(QString, text);
    QFETCH(int, count);
    const std::string utf8 = text.toStdString();
    const auto ranges = ContractRename::references(utf8, "Base");
    QCOMPARE(int(ranges.size()), count);
    for (const auto &[begin, end] : ranges)
        QCOMPARE(utf8.substr(begin, end - begin), std::string("Base"));
}

void TestContractRename::planAcrossFilesAndBuffers()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("sub")));
    const QString base = dir.filePath(QStringLiteral("base.llmcl"));
    const QString derived = dir.filePath(QStringLiteral("sub/derived.llmcl"));
    const QString unrelated = dir.filePath(QStringLiteral("unrelated.llmcl"));
    const QString notContract = dir.filePath(QStringLiteral("notes.md"));
    writeFile(base, "contract Base {\n    ensure true\n}\n");
    writeFile(derived, "from base import Base\ncontract D extends Base {\n    ensure true\n}\n");
    writeFile(unrelated, "contract U {\n    ensure true\n}\n");
    writeFile(notContract, "contract Base\n");
    // An open buffer whose text differs from its file wins over the file.
    const std::map<QString, std::string> open {
        {base, "contract Base {\n    ensure true\n}\ncontract E extends Base {\n}\n"}};

    const ContractRename::Plan plan = ContractRename::plan(
        QStringLiteral("Base"), QStringLiteral("Foundation"), dir.path(), open);
    QVERIFY2(plan.error.isEmpty(), qPrintable(plan.error));
    QCOMPARE(int(plan.files.size()), 2);
    QCOMPARE(plan.occurrences(), 4);
    QCOMPARE(plan.files[0].path, base);
    QVERIFY(plan.files[0].open);
    QCOMPARE(int(plan.files[0].ranges.size()), 2);
    QCOMPARE(plan.files[1].path, derived);
    QVERIFY(!plan.files[1].open);

    QCOMPARE(ContractRename::applied(plan.files[1].original, plan.files[1].ranges, "Foundation"),
        std::string("from base import Foundation\ncontract D extends Foundation {\n    ensure "
                    "true\n}\n"));
    QVERIFY(ContractRename::writeFiles(plan).isEmpty());
    QCOMPARE(readFile(derived),
        QByteArray("from base import Foundation\ncontract D extends Foundation {\n    ensure "
                   "true\n}\n"));
    // Open buffers are the editor's to change, not written here.
    QCOMPARE(readFile(base), QByteArray("contract Base {\n    ensure true\n}\n"));
    QCOMPARE(readFile(notContract), QByteArray("contract Base\n"));
}

void TestContractRename::planRefusals_data()
{
    QTest::addColumn<QString>("oldName");
    QTest::addColumn<QString>("newName");
    QTest::addColumn<QString>("message");
    QTest::newRow("taken") << QStringLiteral("Base") << QStringLiteral("Other")
                           << QStringLiteral("exists already");
    QTest::newRow("invalid") << QStringLiteral("Base") << QStringLiteral("9x")
                             << QStringLiteral("not a valid contract name");
    QTest::newRow("unknown") << QStringLiteral("Nope") << QStringLiteral("Fine")
                             << QStringLiteral("not a contract declared");
    QTest::newRow("same") << QStringLiteral("Base") << QStringLiteral("Base")
                          << QStringLiteral("old one");
}

void TestContractRename::planRefusals()
{
    QFETCH(QString, oldName);
    QFETCH(QString, newName);
    QFETCH(QString, message);
    QTemporaryDir dir;
    writeFile(dir.filePath(QStringLiteral("a.llmcl")),
        "contract Base {\n    ensure true\n}\ncontract Other {\n    ensure true\n}\n");
    const ContractRename::Plan plan = ContractRename::plan(oldName, newName, dir.path(), {});
    QVERIFY2(plan.error.contains(message), qPrintable(plan.error));
    QVERIFY(plan.files.empty());
}

void TestContractRename::writeSkipsFilesChangedSincePlan()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("a.llmcl"));
    writeFile(path, "contract Base {\n    ensure true\n}\n");
    const ContractRename::Plan plan =
        ContractRename::plan(QStringLiteral("Base"), QStringLiteral("Core"), dir.path(), {});
    QVERIFY(plan.error.isEmpty());
    writeFile(path, "contract Base {\n    ensure false\n}\n");
    const QStringList failures = ContractRename::writeFiles(plan);
    QCOMPARE(failures.size(), 1);
    QVERIFY(failures.front().contains(QStringLiteral("changed on disk")));
    QCOMPARE(readFile(path), QByteArray("contract Base {\n    ensure false\n}\n"));
}

QTEST_MAIN(TestContractRename)
#include "tst_contractrename.moc"
