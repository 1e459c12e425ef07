// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tracer/partitionreplay.h"

#include "engine/probabilisticwindows.h"
#include "engine/session.h"
#include "tracer/resultencoder.h"
#include "tracer/sessionreader.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>

namespace llmcl::tracer {

std::string Partition::describe() const
{
    if (whole)
        return file;
    return file + " bytes " + std::to_string(begin) + "\u2013" + std::to_string(end);
}

namespace {

// The bytes of the lines that start in [begin, end) of a file, read in blocks: what the
// SessionReader of a partition reads, as if they were a file of their own.
class LineRange
{
public:
    static engine::Result<std::shared_ptr<LineRange>> open(const Partition &partition)
    {
        auto range = std::shared_ptr<LineRange>(new LineRange(partition));
        range->m_file = std::fopen(partition.path().c_str(), "rb");
        if (!range->m_file)
            return range->failure("cannot be opened");
        // The first line start at or after `begin`: the byte after the first newline at or
        // after begin - 1 (a line that starts before `begin` belongs to the partition before).
        std::uint64_t at = 0;
        if (partition.begin > 0) {
            if (fseeko(range->m_file, static_cast<off_t>(partition.begin - 1), SEEK_SET) != 0)
                return range->failure("cannot be read");
            at = partition.begin - 1;
            for (;;) {
                const int c = std::fgetc(range->m_file);
                if (c == EOF) {
                    if (std::ferror(range->m_file))
                        return range->failure("cannot be read");
                    range->m_finished = true; // no line starts in the range
                    break;
                }
                ++at;
                if (c == '\n')
                    break;
            }
        }
        range->m_begin = range->m_position = at;
        if (at >= partition.end)
            range->m_finished = true;
        return range;
    }

    ~LineRange()
    {
        if (m_file)
            std::fclose(m_file);
    }

    // SessionReader::ByteSource: up to `capacity` bytes, 0 after the last line.
    engine::Result<std::size_t> read(char *dst, std::size_t capacity)
    {
        if (m_finished)
            return std::size_t(0);
        const std::size_t n = std::fread(dst, 1, capacity, m_file);
        if (n == 0) {
            if (std::ferror(m_file))
                return failure("cannot be read");
            m_finished = true;
            return std::size_t(0);
        }
        // The last line is the one that holds byte end - 1: it ends at the first newline at
        // or after end - 1 (or at the end of the file).
        std::size_t keep = n;
        const std::uint64_t last = m_partition.end - 1;
        if (m_position + n > last) {
            const std::size_t from =
                m_position >= last ? 0 : static_cast<std::size_t>(last - m_position);
            if (const void *newline = std::memchr(dst + from, '\n', n - from)) {
                keep = static_cast<std::size_t>(static_cast<const char *>(newline) - dst) + 1;
                m_finished = true;
            }
        }
        m_lines += static_cast<std::uint64_t>(std::count(dst, dst + keep, '\n'));
        m_endsInNewline = dst[keep - 1] == '\n';
        m_position += keep;
        return keep;
    }

    std::uint64_t begin() const { return m_begin; }
    std::uint64_t end() const { return m_position; }
    // A last line without a newline (at the end of the file) counts too.
    std::uint64_t lines() const { return m_lines + (m_position > m_begin && !m_endsInNewline); }

private:
    explicit LineRange(const Partition &partition)
        : m_partition(partition)
    { }

    engine::Error failure(const char *what) const
    {
        return engine::Error {m_partition.describe() + ": " + what + ": " + std::strerror(errno)};
    }

    Partition m_partition;
    std::FILE *m_file = nullptr;
    std::uint64_t m_begin = 0;
    std::uint64_t m_position = 0;
    std::uint64_t m_lines = 0;
    bool m_endsInNewline = true;
    bool m_finished = false;
};

} // namespace

engine::Result<std::string> replayPartition(std::shared_ptr<const engine::CompiledSet> set,
    const Partition &partition, const engine::EvalOptions &options, const std::atomic<bool> *cancel)
{
    std::shared_ptr<LineRange> range;
    std::optional<SessionReader> reader;
    if (partition.whole) {
        ReadOptions read;
        read.name = partition.file;
        engine::Result<SessionReader> opened = SessionReader::open(partition.path(), read);
        if (!opened)
            return opened.error();
        reader.emplace(std::move(opened.value()));
    } else {
        engine::Result<std::shared_ptr<LineRange>> opened = LineRange::open(partition);
        if (!opened)
            return opened.error();
        range = std::move(opened.value());
        reader.emplace(SessionReader::fromSource(partition.file,
            [range](char *dst, std::size_t capacity) { return range->read(dst, capacity); }));
    }
    const std::uint64_t base = range ? range->begin() : 0;

    ResultEncoder encoder;
    std::size_t problemsSeen = 0;
    const auto encodeProblems = [&] {
        const std::vector<SessionProblem> &problems = reader->problems();
        for (; problemsSeen < problems.size(); ++problemsSeen) {
            SessionProblem problem = problems[problemsSeen];
            problem.byteOffset += base;
            encoder.problem(problem);
        }
    };

    // The conversation's own windows (session) settle here; the run's are the merge's.
    engine::ProbabilisticWindows windows(set, engine::ProbabilisticWindows::Scope::Conversation);
    engine::Evaluator evaluator(set);
    engine::TurnResult spare;
    Conversation conversation;
    while (reader->next(conversation)) {
        if (cancel && cancel->load())
            return engine::Error {partition.describe() + ": cancelled"};
        encodeProblems();
        encoder.conversation(conversation.id, conversation.idFromLine, conversation.line,
            conversation.byteOffset + base);
        engine::Session session(
            evaluator, conversation.metadata, windows.empty() ? nullptr : &windows);
        std::int64_t n = 0;
        for (const Turn &turn : conversation.turns) {
            std::optional<std::string_view> response;
            if (turn.response)
                response = *turn.response;
            engine::TurnResult result = session.addTurn(
                turn.content, response, turn.context, options, nullptr, std::move(spare));
            encoder.turn(++n, result);
            spare = std::move(result);
        }
        encoder.end(session.end());
    }
    encodeProblems();
    if (std::optional<engine::Error> error = reader->error()) {
        // The reader names the file; the range is what tells the partition.
        std::string_view message = error->message;
        if (message.starts_with(partition.file + ": "))
            message.remove_prefix(partition.file.size() + 2);
        return engine::Error {partition.describe() + ": " + std::string(message)};
    }
    encoder.done(range ? range->lines() : 0, base, range ? range->end() : 0);
    return std::move(encoder.bytes());
}

} // namespace llmcl::tracer
