// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/result.h"
#include "engine/session.h"
#include "engine/turnresult.h"
#include "tracer/resultwire.h"
#include "tracer/sessionreader.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace llmcl::tracer {

// Reads what tracer::ResultEncoder wrote, record by record, into results it reuses (a turn's
// strings and containers are those of the turn before): decoding allocates little once the
// first turns are read. The bytes must outlive the decoder. Not thread-safe.
class ResultDecoder
{
public:
    using Record = detail::ResultRecord;

    struct ConversationStart
    {
        std::string id; // empty when idFromLine
        bool idFromLine = false;
        std::uint64_t line = 0; // 1-based within the partition
        std::uint64_t byteOffset = 0; // in the file
    };
    struct Done
    {
        std::uint64_t lines = 0;
        std::uint64_t begin = 0;
        std::uint64_t end = 0;
    };

    // `name` says whose results these are in errors (the partition's file and byte range).
    // Fails when the bytes do not start as partition results do.
    static engine::Result<ResultDecoder> open(std::string_view bytes, std::string name);

    // Reads the next record: true when there is one (record() says which and its accessor
    // holds it), false at the end of the bytes or when they are malformed (error()).
    bool next();
    Record record() const { return m_record; }
    const std::optional<engine::Error> &error() const { return m_error; }

    const ConversationStart &conversation() const { return m_conversation; }
    std::int64_t turnNumber() const { return m_turnNumber; }
    // The turn's result (content and response empty: they do not travel); the caller may
    // change it (the merge applies the run's windows) but not keep it past the next record.
    engine::TurnResult &turn() { return m_turn; }
    engine::ConversationEnd &end() { return m_end; }
    const SessionProblem &problem() const { return m_problem; }
    const Done &done() const { return m_done; }

private:
    explicit ResultDecoder(std::string_view bytes, std::string name);
    bool verdict(engine::ClauseVerdict &verdict);
    bool verdicts(std::vector<engine::ClauseVerdict> &verdicts);
    void violations(std::vector<engine::Violation> &violations);
    void readTurn();
    bool fail(const std::string &what);

    detail::WireReader m_in;
    std::string m_name;
    std::optional<engine::Error> m_error;
    Record m_record = Record::Done;
    std::vector<std::shared_ptr<const engine::ClauseRecord>> m_clauses; // by clause index
    ConversationStart m_conversation;
    std::int64_t m_turnNumber = 0;
    engine::TurnResult m_turn;
    engine::ConversationEnd m_end;
    SessionProblem m_problem;
    Done m_done;
};

} // namespace llmcl::tracer
