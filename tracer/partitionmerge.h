// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/compiledset.h"
#include "engine/probabilisticwindows.h"
#include "engine/result.h"
#include "tracer/partitionreplay.h"
#include "tracer/replay.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace llmcl::tracer {

// Turns the results of a distributed replay's partitions (tracer::replayPartition()) into the
// events of one replay, as tracer::replay() would have reported them for the same files: fed
// the partitions in input order, it settles the run's ensure_prob windows (window_size N and
// global) turn by turn, renumbers what depends on a line's place in its file (the line of a
// malformed line, the id of a conversation without one), and hands everything to the listener
// in input order (a RunWriter, totals). Memory: one turn's result, whatever the partitions'
// sizes. Not thread-safe.
class PartitionMerge
{
public:
    PartitionMerge(std::shared_ptr<const engine::CompiledSet> set, ReplayListener &listener);

    struct Added
    {
        std::uint64_t conversations = 0;
        std::uint64_t turns = 0;
        std::uint64_t problems = 0;
    };

    // Merges the results of `partition`, the next one in input order. Fails, before handing
    // on anything, when they are not the results of the partition that follows the last one
    // merged; fails mid-way only when the bytes are malformed (what came before is merged).
    engine::Result<Added> add(std::string_view results, const Partition &partition);

    // After the last partition: the global windows settle (ReplayListener::runEnd()).
    void finish();

    // What was merged: conversations, turns and malformed lines (cancelled is never set).
    const ReplayStats &stats() const { return m_stats; }

private:
    std::shared_ptr<const engine::CompiledSet> m_set;
    ReplayListener &m_listener;
    engine::ProbabilisticWindows m_windows;
    ReplayStats m_stats;
    // The current file: the lines of its partitions merged so far (the next one's first line
    // number less one) and the end of the last one's byte range (the next one's begin).
    std::string m_file;
    std::uint64_t m_lines = 0;
    std::uint64_t m_end = 0;
    std::string m_id;
};

} // namespace llmcl::tracer
