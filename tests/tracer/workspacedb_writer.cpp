// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later

// workspacedb_writer DATABASE TURNS: writes one long run of synthetic results through a
// RunWriter (batches of 100 turns, 4 clauses a turn) and prints "committed N" after each
// batch. tst_workspacedb kills it with SIGKILL mid-run and checks what it left behind.
#include "tracer/runwriter.h"
#include "tracer/workspacedb.h"

#include <cstdio>
#include <cstdlib>
#include <string>

using namespace llmcl;

int main(int argc, char **argv)
{
    if (argc != 3) {
        std::fprintf(stderr, "usage: workspacedb_writer DATABASE TURNS\n");
        return 2;
    }
    const long long turns = std::atoll(argv[2]);
    auto db = tracer::WorkspaceDatabase::open(argv[1]);
    if (!db) {
        std::fprintf(stderr, "%s\n", db.error().message.c_str());
        return 2;
    }
    tracer::RunInfo info;
    info.sessions = "synthetic.jsonl";
    info.contracts = {{"synthetic.llmcl", "contract Synthetic { ensure true }"}};
    auto run = db.value().beginRun(info);
    if (!run) {
        std::fprintf(stderr, "%s\n", run.error().message.c_str());
        return 2;
    }

    engine::TurnResult result;
    result.contracts.resize(1);
    result.contracts[0].name = "Synthetic";
    for (int i = 1; i <= 4; ++i) {
        engine::ClauseVerdict verdict =
            engine::ClauseVerdict::of({.id = "Synthetic#" + std::to_string(i),
                .contract = "Synthetic",
                .file = "synthetic.llmcl"});
        verdict.durationNs = 100 * i;
        result.contracts[0].clauses.push_back(verdict);
    }

    tracer::RunWriter writer(db.value(), run.value(), tracer::RunWriterOptions {100, false});
    std::uint64_t reported = 0;
    for (long long t = 0; t < turns; ++t) {
        const long long conversation = t / 10;
        for (std::size_t i = 0; i < 4; ++i) {
            engine::ClauseVerdict &verdict = result.contracts[0].clauses[i];
            verdict.status = (t + static_cast<long long>(i)) % 3 == 0 ? engine::ClauseStatus::Fail
                                                                      : engine::ClauseStatus::Pass;
            verdict.message = verdict.status == engine::ClauseStatus::Fail ? "failed" : "";
        }
        writer.turn("c-" + std::to_string(conversation), t % 10 + 1, result);
        if (t % 10 == 9)
            writer.conversationEnd("c-" + std::to_string(conversation), {});
        if (writer.error()) {
            std::fprintf(stderr, "%s\n", writer.error()->message.c_str());
            return 1;
        }
        if (writer.committedTurns() != reported) {
            reported = writer.committedTurns();
            std::printf("committed %llu\n", static_cast<unsigned long long>(reported));
            std::fflush(stdout);
        }
    }
    writer.runEnd({});
    if (auto error = db.value().finishRun(run.value(), tracer::RunStatus::Complete, "{}")) {
        std::fprintf(stderr, "%s\n", error->message.c_str());
        return 1;
    }
    std::printf("done\n");
    return 0;
}
