// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// A distributed replay's engine side (issue 16): a sessions file replayed partition by
// partition (tracer::replayPartition), the partitions' bytes merged in input order
// (tracer::PartitionMerge), reports exactly what tracer::replay() reports for the whole file:
// every turn's verdicts with their explanations, ensure_prob windows of every scope, temporal
// clauses, conversation ends, malformed lines with their line numbers and byte offsets, ids
// taken from line numbers, and the run end. Partitions from one byte to the whole file.
#include "engine/compiledset.h"
#include "engine/resultjson.h"
#include "tracer/partitionmerge.h"
#include "tracer/partitionreplay.h"
#include "tracer/replay.h"
#include "tracer/replayjsonlines.h"
#include "tracer/resultdecoder.h"
#include "tracer/sessionreader.h"

#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/common/replaytesting.h"
#include "tests/common/testpaths.h"

namespace engine = llmcl::engine;
namespace tracer = llmcl::tracer;

namespace {

const std::string kSource = llmcl::test::sourceDir().toStdString();

using Recorder = llmcl::test::ReplayRecorder;

std::shared_ptr<const engine::CompiledSet> compile()
{
    return llmcl::test::compileFiles({kSource + "/resources/examples/support.llmcl",
        kSource + "/tests/data/conversations/windows.llmcl"});
}

// The example sessions, then conversations whose answers move the ensure_prob windows, some
// without an id, a malformed line, a blank line and a last line without a newline.
std::string sessionsText()
{
    llmcl::test::WindowSessions sessions;
    sessions.conversations = 60;
    sessions.broken = {17};
    sessions.blank = {30};
    sessions.finalNewline = false;
    return sessions.text(kSource + "/resources/examples/sessions.jsonl");
}

std::vector<std::string> replayWhole(
    const std::shared_ptr<const engine::CompiledSet> &set, const std::string &path)
{
    Recorder recorder;
    auto reader = tracer::SessionReader::open(path);
    if (!reader)
        return {"error " + reader.error().message};
    tracer::ReplayOptions options;
    options.evaluation.trace = true;
    options.evaluation.fix = true;
    auto stats = tracer::replay(set, reader.value(), options, recorder);
    if (!stats)
        return {"error " + stats.error().message};
    return recorder.events;
}

} // namespace

class TestPartitionReplay : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_set = compile();
        QVERIFY(m_set);
        m_path = m_dir.filePath(QStringLiteral("sessions.jsonl")).toStdString();
        std::ofstream(m_path, std::ios::binary) << sessionsText();
        m_expected = replayWhole(m_set, m_path);
        QVERIFY(m_expected.size() > 200);
        QVERIFY(!m_expected.front().starts_with("error"));
    }

    void mergedPartitionsEqualTheWholeReplay_data()
    {
        QTest::addColumn<std::uint64_t>("partitionBytes");
        QTest::newRow("one-byte") << std::uint64_t(1);
        QTest::newRow("97-bytes") << std::uint64_t(97);
        QTest::newRow("4-KiB") << std::uint64_t(4096);
        QTest::newRow("whole-as-range") << std::uint64_t(1);
        QTest::newRow("whole") << std::uint64_t(0);
    }

    void mergedPartitionsEqualTheWholeReplay()
    {
        QFETCH(std::uint64_t, partitionBytes);
        const std::uint64_t size = std::filesystem::file_size(m_path);
        std::vector<tracer::Partition> partitions;
        if (partitionBytes == 0)
            partitions.push_back({m_path, 0, size, true});
        else if (QByteArray(QTest::currentDataTag()) == "whole-as-range")
            partitions.push_back({m_path, 0, size, false});
        else
            for (std::uint64_t begin = 0; begin < size; begin += partitionBytes)
                partitions.push_back(
                    {m_path, begin, std::min(size, begin + partitionBytes), false});

        Recorder recorder;
        tracer::PartitionMerge merge(m_set, recorder);
        engine::EvalOptions options;
        options.trace = true;
        options.fix = true;
        for (const tracer::Partition &partition : partitions) {
            auto results = tracer::replayPartition(m_set, partition, options);
            QVERIFY2(results.ok(), results.ok() ? "" : results.error().message.c_str());
            auto added = merge.add(results.value(), partition);
            QVERIFY2(added.ok(), added.ok() ? "" : added.error().message.c_str());
        }
        merge.finish();
        QCOMPARE(recorder.events.size(), m_expected.size());
        for (std::size_t i = 0; i < m_expected.size(); ++i)
            QCOMPARE(recorder.events[i], m_expected[i]);
        QCOMPARE(merge.stats().problems, std::uint64_t(1));
    }

    void outOfOrderPartitionsAreRefusedWhole()
    {
        const tracer::Partition second {m_path, 1000, 2000, false};
        auto results = tracer::replayPartition(m_set, second, {});
        QVERIFY(results.ok());
        Recorder recorder;
        tracer::PartitionMerge merge(m_set, recorder);
        auto added = merge.add(results.value(), second);
        QVERIFY(!added.ok());
        QVERIFY(added.error().message.find("bytes 1000\u20132000") != std::string::npos);
        QVERIFY(recorder.events.empty());
    }

    void malformedResultsNameThePartition()
    {
        const tracer::Partition partition {m_path, 0, 1000, false};
        auto results = tracer::replayPartition(m_set, partition, {});
        QVERIFY(results.ok());
        Recorder recorder;
        tracer::PartitionMerge merge(m_set, recorder);
        auto garbage = merge.add("not results", partition);
        QVERIFY(!garbage.ok());
        QVERIFY(
            garbage.error().message.starts_with(m_path + " bytes 0\u20131000: not the results"));
        std::string cut = results.value().substr(0, results.value().size() / 2);
        auto truncated = merge.add(cut, partition);
        QVERIFY(!truncated.ok());
        QVERIFY(truncated.error().message.find("malformed partition results") != std::string::npos);
    }

    void unreadableFileNamesTheRange()
    {
        const tracer::Partition partition {m_path + ".missing", 5, 10, false};
        auto results = tracer::replayPartition(m_set, partition, {});
        QVERIFY(!results.ok());
        QCOMPARE(results.error().message.substr(0, partition.describe().size() + 2),
            partition.describe() + ": ");
    }

private:
    QTemporaryDir m_dir;
    std::shared_ptr<const engine::CompiledSet> m_set;
    std::string m_path;
    std::vector<std::string> m_expected;
};

QTEST_GUILESS_MAIN(TestPartitionReplay)
#include "tst_partitionreplay.moc"
