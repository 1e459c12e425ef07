// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tracer/partitionmerge.h"

#include "tracer/resultdecoder.h"

namespace llmcl::tracer {

PartitionMerge::PartitionMerge(
    std::shared_ptr<const engine::CompiledSet> set, ReplayListener &listener)
    : m_set(std::move(set))
    , m_listener(listener)
    , m_windows(m_set, engine::ProbabilisticWindows::Scope::Run)
{ }

engine::Result<PartitionMerge::Added> PartitionMerge::add(
    std::string_view results, const Partition &partition)
{
    engine::Result<ResultDecoder> opened = ResultDecoder::open(results, partition.describe());
    if (!opened)
        return opened.error();
    ResultDecoder &decoder = opened.value();

    // A partition that does not start where the one before in its file ended would renumber
    // lines wrongly: refused before anything of it is merged.
    const bool first = partition.whole || partition.begin == 0;
    if (!first && (partition.file != m_file || partition.begin != m_end))
        return engine::Error {partition.describe()
            + ": merged out of order (the partitions of a file must be merged in file order)"};
    if (first) {
        m_file = partition.file;
        m_lines = 0;
    }
    m_end = partition.end;

    Added added;
    while (decoder.next()) {
        switch (decoder.record()) {
        case ResultDecoder::Record::Conversation: {
            const ResultDecoder::ConversationStart &c = decoder.conversation();
            if (c.idFromLine)
                m_id = std::to_string(c.line + m_lines);
            else
                m_id = c.id;
            break;
        }
        case ResultDecoder::Record::Turn: {
            engine::TurnResult &turn = decoder.turn();
            if (!m_windows.empty())
                m_windows.apply(turn);
            m_listener.turn(m_id, decoder.turnNumber(), turn);
            ++added.turns;
            break;
        }
        case ResultDecoder::Record::End:
            m_listener.conversationEnd(m_id, decoder.end());
            ++added.conversations;
            break;
        case ResultDecoder::Record::Problem: {
            SessionProblem problem = decoder.problem();
            problem.file = partition.file;
            problem.line += m_lines;
            m_listener.problem(problem);
            ++added.problems;
            break;
        }
        case ResultDecoder::Record::Done:
            m_lines += decoder.done().lines;
            break;
        }
    }
    m_stats.conversations += added.conversations;
    m_stats.turns += added.turns;
    m_stats.problems += added.problems;
    if (decoder.error())
        return *decoder.error();
    return added;
}

void PartitionMerge::finish()
{
    m_listener.runEnd(m_windows.endRun());
}

} // namespace llmcl::tracer
