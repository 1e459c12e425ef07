// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tracer/workspace.h"

#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <fstream>

#include "tests/common/testpaths.h"

using llmcl::tracer::Workspace;
namespace fs = std::filesystem;

class TestWorkspace : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void findsContractsAndSessionsSorted();
    void skipsHiddenAndBuildFolders();
    void doesNotFollowFolderSymlinks();
    void missingFolderIsAnError();
    void fileIsNotAWorkspace();
    void exampleWorkspace();
};

namespace {

void touch(const fs::path &path)
{
    fs::create_directories(path.parent_path());
    std::ofstream(path) << "x";
}

fs::path pathOf(const QTemporaryDir &dir)
{
    return fs::path(dir.path().toStdString());
}

} // namespace

void TestWorkspace::findsContractsAndSessionsSorted()
{
    QTemporaryDir dir;
    const fs::path root = pathOf(dir);
    touch(root / "zeta.llmcl");
    touch(root / "alpha.llmcl");
    touch(root / "nested" / "beta.llmcl");
    touch(root / "logs" / "day1.jsonl");
    touch(root / "logs" / "day2.jsonl.gz");
    touch(root / "notes.txt");
    touch(root / "contract.llmcl.bak");

    const auto workspace = Workspace::open(root);
    QVERIFY2(workspace.ok(), workspace.ok() ? "" : workspace.error().message.c_str());
    const auto &contracts = workspace.value().contractFiles();
    QCOMPARE(contracts.size(), std::size_t(3));
    QCOMPARE(contracts[0].filename().string(), std::string("alpha.llmcl"));
    QCOMPARE(contracts[1].lexically_relative(workspace.value().root()).string(),
        std::string("nested/beta.llmcl"));
    QCOMPARE(contracts[2].filename().string(), std::string("zeta.llmcl"));
    const auto &sessions = workspace.value().sessionFiles();
    QCOMPARE(sessions.size(), std::size_t(2));
    QCOMPARE(sessions[0].filename().string(), std::string("day1.jsonl"));
    QCOMPARE(sessions[1].filename().string(), std::string("day2.jsonl.gz"));
    QCOMPARE(
        workspace.value().databasePath().filename().string(), std::string("llmcl-workspace.db"));
}

void TestWorkspace::skipsHiddenAndBuildFolders()
{
    QTemporaryDir dir;
    const fs::path root = pathOf(dir);
    touch(root / "kept.llmcl");
    touch(root / ".git" / "hidden.llmcl");
    touch(root / "build" / "generated.llmcl");
    const auto workspace = Workspace::open(root);
    QVERIFY(workspace.ok());
    QCOMPARE(workspace.value().contractFiles().size(), std::size_t(1));
}

void TestWorkspace::doesNotFollowFolderSymlinks()
{
    QTemporaryDir dir;
    const fs::path root = pathOf(dir);
    touch(root / "a" / "one.llmcl");
    fs::create_directory_symlink(root, root / "a" / "loop");
    const auto workspace = Workspace::open(root);
    QVERIFY(workspace.ok());
    QCOMPARE(workspace.value().contractFiles().size(), std::size_t(1));
}

void TestWorkspace::missingFolderIsAnError()
{
    const auto workspace = Workspace::open("/nonexistent/llmcl/workspace");
    QVERIFY(!workspace.ok());
    QCOMPARE(
        workspace.error().message, std::string("/nonexistent/llmcl/workspace: no such folder"));
}

void TestWorkspace::fileIsNotAWorkspace()
{
    QTemporaryDir dir;
    const fs::path file = pathOf(dir) / "single.llmcl";
    touch(file);
    const auto workspace = Workspace::open(file);
    QVERIFY(!workspace.ok());
    QVERIFY(workspace.error().message.find("single.llmcl: is a file") != std::string::npos);
}

void TestWorkspace::exampleWorkspace()
{
    const auto workspace =
        Workspace::open(llmcl::test::sourcePath(u"/resources/examples").toStdString());
    QVERIFY(workspace.ok());
    QVERIFY(workspace.value().contractFiles().size() >= 3);
    QCOMPARE(workspace.value().sessionFiles().size(), std::size_t(1));
}

QTEST_APPLESS_MAIN(TestWorkspace)
#include "tst_workspace.moc"
