// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/compiledset.h"
#include "engine/resultjson.h"
#include "engine/turnresult.h"
#include "tracer/replay.h"
#include "tracer/replayjsonlines.h"
#include "tracer/sessionreader.h"

#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace llmcl::test {

// Every event of a replay as text (a turn or conversation end as its JSON line with every
// explanation, a malformed line as its report, the run end's verdicts), durations zeroed: the
// one thing that differs from run to run. Two replays reported the same when their events are
// equal.
class ReplayRecorder : public tracer::ReplayListener
{
public:
    std::vector<std::string> events;

    void turn(const std::string &conversation, std::int64_t turn,
        const engine::TurnResult &result) override
    {
        engine::TurnResult copy = result;
        copy.durationNs = 0;
        // The texts after fixes do not travel in a distributed replay (nothing stored reads
        // them): left out, so that its events compare with a local replay's.
        copy.content.clear();
        copy.response.reset();
        for (engine::ContractResult &contract : copy.contracts)
            for (engine::ClauseVerdict &verdict : contract.clauses)
                verdict.durationNs = 0;
        events.emplace_back(m_lines.turn(conversation, turn, copy));
    }
    void conversationEnd(
        const std::string &conversation, const engine::ConversationEnd &end) override
    {
        engine::ConversationEnd copy = end;
        for (engine::ClauseVerdict &verdict : copy.settled)
            verdict.durationNs = 0;
        events.emplace_back(m_lines.conversationEnd(conversation, copy));
    }
    void problem(const tracer::SessionProblem &problem) override
    {
        events.push_back("problem " + tracer::describe(problem));
    }
    void runEnd(const std::vector<engine::ClauseVerdict> &settled) override
    {
        std::string text = "run end";
        for (const engine::ClauseVerdict &v : settled)
            text += " " + v.id() + "=" + std::string(engine::clauseStatusName(v.status)) + ":"
                + v.message;
        events.push_back(text);
    }

private:
    tracer::ReplayJsonLines m_lines {true};
};

// The set of `files`, or null when they have errors.
inline std::shared_ptr<const engine::CompiledSet> compileFiles(std::vector<std::string> files)
{
    engine::CompileRequest request;
    request.files = std::move(files);
    engine::CompileResult result = engine::compileContracts(request);
    if (result.hasErrors())
        return nullptr;
    return result.set;
}

// A sessions file for the example contracts and tests/data/conversations/windows.llmcl: the
// example sessions (`examples`: resources/examples/sessions.jsonl), then `conversations`
// conversations of one to five turns whose answers move the ensure_prob windows, every fourth
// without an id; before the conversations numbered in `broken` a malformed line, before those
// in `blank` an empty line; conversation `longOne` has `longTurns` turns.
struct WindowSessions
{
    int conversations = 60;
    std::set<int> broken;
    std::set<int> blank;
    int longOne = -1;
    int longTurns = 0;
    bool finalNewline = true;

    std::string text(const std::string &examples) const
    {
        std::ifstream in(examples, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        const char *answers[] = {"ok", "no", "ok, thank you", "ERROR here", "a long answer, no"};
        for (int n = 0; n < conversations; ++n) {
            if (broken.contains(n))
                text << "{\"id\": \"broken-" << n << "\", \"turns\": [\n";
            if (blank.contains(n))
                text << "\n";
            const int turns = n == longOne ? longTurns : 1 + n % 5;
            text << "{";
            if (n % 4)
                text << "\"id\": \"w" << n << "\", ";
            text << "\"turns\": [";
            for (int t = 0; t < turns; ++t)
                text << (t ? ", " : "") << "{\"user\": \"refund " << t << "\", \"assistant\": \""
                     << answers[(n * 7 + t * 3) % 5] << "\"}";
            text << "]}";
            if (n + 1 < conversations || finalNewline)
                text << "\n";
        }
        return text.str();
    }
};

} // namespace llmcl::test
