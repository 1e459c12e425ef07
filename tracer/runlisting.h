// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/result.h"
#include "engine/session.h"
#include "tracer/workspacedb.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace llmcl::tracer {

// A contract snapshot of a run: the file as given and the SHA-256 stored with its source
// (contract_snapshots.hash, see contractSnapshotHash()).
struct RunSnapshot
{
    std::string file;
    std::string hash;
};

// One run as a list of runs shows it (the Studio's Runs panel): cheap to read for every run of
// a database, whatever their size. The figures that need the whole run (valid turns, failures,
// fixes by outcome) come from the summary a finished run stored (runs.totals); a run without
// one (running, incomplete, cancelled) has them unset.
struct RunListing
{
    RunSummary summary; // id, times, status, turns stored so far, contract files
    std::string sessions;
    std::string options; // runs.options, JSON
    std::uint64_t conversations = 0; // stored so far
    std::optional<std::uint64_t> validTurns;
    std::optional<std::uint64_t> problems; // malformed lines skipped
    std::optional<std::int64_t> durationNs; // the replay
    // Failures (fail and error verdicts) by the clause's severity: critical, error, warning,
    // info (engine::ClauseSeverity order).
    std::optional<std::array<std::uint64_t, 4>> failuresBySeverity;
    std::uint64_t fixes = 0; // fix attempts stored
    std::uint64_t conflicts = 0; // distinct conflicts stored
    std::vector<RunSnapshot> snapshots; // in the order given
};

// Every run of `db`, oldest first. Reads per run a few indexed rows and its summary: a
// database of runs of millions of turns lists in milliseconds.
engine::Result<std::vector<RunListing>> listRuns(WorkspaceDatabase &db);
// One run (an error naming the database when there is none).
engine::Result<RunListing> listRun(WorkspaceDatabase &db, std::int64_t run);

} // namespace llmcl::tracer
