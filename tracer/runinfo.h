// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace llmcl::tracer {

// A contract file of a run, with the text it had when the run started.
struct ContractSource
{
    std::string file; // the path as the user gave it
    std::string source;
};

// What a run is: the workspace database stores it (runs, contract_snapshots) and every trace
// export describes it.
struct RunInfo
{
    std::string id; // any string; OTLP ids are derived from it (reproducible exports)
    std::int64_t startTimeUnixNs = 0; // nanoseconds since 1970-01-01T00:00:00Z; 0: now
    // The sessions file replayed, as given; a distributed replay of several files lists them
    // one a line, in the order replayed.
    std::string sessions;
    std::vector<ContractSource> contracts;
    // The run's options as name/value text pairs ("fix" → "true", "jobs" → "4"), in order.
    std::vector<std::pair<std::string, std::string>> options;

    // A replay starting now, as `llmcl replay` and the Python package describe it: the start
    // in whole milliseconds (what the workspace database keeps, so that an export of the
    // stored run says the same as the run's own trace), id "run-<start>", the options fix,
    // jobs and detail.
    static RunInfo replayStartingNow(std::string sessions, std::vector<ContractSource> contracts,
        bool fix, int jobs, bool detail)
    {
        RunInfo run;
        run.startTimeUnixNs = std::chrono::duration_cast<std::chrono::nanoseconds>(
            std::chrono::system_clock::now().time_since_epoch())
                                  .count();
        run.startTimeUnixNs -= run.startTimeUnixNs % 1000000;
        run.id = "run-" + std::to_string(run.startTimeUnixNs);
        run.sessions = std::move(sessions);
        run.contracts = std::move(contracts);
        run.options = {{"fix", fix ? "true" : "false"}, {"jobs", std::to_string(jobs)},
            {"detail", detail ? "true" : "false"}};
        return run;
    }
};

} // namespace llmcl::tracer
