// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/session.h"
#include "engine/turnresult.h"

#include <cstdint>
#include <memory>
#include <nanobind/nanobind.h>
#include <string>

#include "sharedset.h"

namespace llmcl::python {

namespace nb = nanobind;

// The result of one turn, kept as the engine's TurnResult: llmcl.Result reads the parts a
// caller asks for (most ask only whether it is valid), and json() and replayLine() write the
// documents of `llmcl eval --format json` and `llmcl replay --format json` with the engine's
// own writers.
class TurnResultView
{
public:
    // `recycleTo`: the set whose next turns reuse the result's memory once it is freed.
    explicit TurnResultView(
        engine::TurnResult result, std::shared_ptr<SharedSet> recycleTo = nullptr)
        : m_result(std::move(result))
        , m_recycleTo(std::move(recycleTo))
    { }
    ~TurnResultView()
    {
        if (m_recycleTo)
            m_recycleTo->recycle(std::move(m_result));
    }
    TurnResultView(const TurnResultView &) = delete;
    TurnResultView &operator=(const TurnResultView &) = delete;

    bool valid() const { return m_result.valid; }
    nb::str content() const;
    nb::object response() const;
    std::int64_t durationNs() const { return m_result.durationNs; }
    nb::list violations() const;
    // Every clause's verdict (conversion.h's verdictTuple), contract by contract.
    nb::list verdicts(bool explained) const;
    // (contract, clause, kind, line, expression, before, after, applied, outcome, confidence,
    //  round, error or None, [broken])
    nb::list fixes() const;
    nb::str json() const;
    nb::str replayLine(const std::string &conversation, std::int64_t turn, bool explainAll) const;

private:
    engine::TurnResult m_result;
    std::shared_ptr<SharedSet> m_recycleTo;
};

// A conversation's end (a session's or a replay's).
class ConversationEndView
{
public:
    explicit ConversationEndView(engine::ConversationEnd end)
        : m_end(std::move(end))
    { }

    // (valid, [verdict], [violation])
    nb::tuple data() const;
    nb::str replayLine(const std::string &conversation) const;

private:
    engine::ConversationEnd m_end;
};

} // namespace llmcl::python
