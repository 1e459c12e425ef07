// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tracer/runlisting.h"

#include "tracer/sqlite.h"

#include <map>
#include <utility>

namespace llmcl::tracer {

namespace {

// The figures of the runs (all of them when `run` is 0) besides their RunSummary. A finished
// run's come from its summary object (runs.totals, INTERFACES.md §2), read by SQLite's JSON
// functions: no row of run_turns is read.
Status readListings(Database &db, std::int64_t run, std::map<std::int64_t, RunListing> &out)
{
    auto select = Statement::prepare(db,
        "SELECT r.id, r.sessions, r.options, "
        "(SELECT count(*) FROM run_conversations c WHERE c.run = r.id), "
        "json_valid(r.totals) AND json_type(r.totals) = 'object', "
        "json_extract(r.totals, '$.turns') - json_extract(r.totals, '$.invalid_turns'), "
        "json_extract(r.totals, '$.problems'), json_extract(r.totals, '$.duration_ns'), "
        "(SELECT count(*) FROM fixes f WHERE f.run = r.id), "
        "(SELECT count(*) FROM conflicts k WHERE k.run = r.id) "
        "FROM runs r WHERE ?1 = 0 OR r.id = ?1");
    if (!select)
        return select.error();
    select.value().bind(1, run);
    if (auto error = select.value().forEachRow([&](const Statement &s) {
            RunListing &listing = out[s.columnInt(0)];
            listing.sessions = std::string(s.columnText(1));
            listing.options = std::string(s.columnText(2));
            listing.conversations = static_cast<std::uint64_t>(s.columnInt(3));
            if (s.columnInt(4) && !s.isNull(5)) {
                listing.validTurns = static_cast<std::uint64_t>(s.columnInt(5));
                listing.problems = static_cast<std::uint64_t>(s.columnInt(6));
                listing.durationNs = s.columnInt(7);
                listing.failuresBySeverity.emplace();
            }
            listing.fixes = static_cast<std::uint64_t>(s.columnInt(8));
            listing.conflicts = static_cast<std::uint64_t>(s.columnInt(9));
        }))
        return *error;

    // Failures by severity: the summary's per-clause counts joined with the clauses' severity.
    auto failures = Statement::prepare(db,
        "SELECT r.id, rc.severity, sum(coalesce(json_extract(c.value, '$.failures'), 0) "
        "+ coalesce(json_extract(c.value, '$.errors'), 0)) "
        "FROM runs r, json_each(r.totals, '$.contracts') k, json_each(k.value, '$.clauses') c "
        "JOIN run_clauses rc ON rc.run = r.id AND rc.contract = json_extract(k.value, '$.name') "
        "AND rc.clause = json_extract(c.value, '$.id') "
        "WHERE (?1 = 0 OR r.id = ?1) AND json_valid(r.totals) AND json_type(r.totals) = 'object' "
        "GROUP BY r.id, rc.severity");
    if (!failures)
        return failures.error();
    failures.value().bind(1, run);
    if (auto error = failures.value().forEachRow([&](const Statement &s) {
            const auto found = out.find(s.columnInt(0));
            if (found == out.end() || !found->second.failuresBySeverity)
                return;
            const std::string_view severity = s.columnText(1);
            for (std::size_t i = 0; i < 4; ++i)
                if (severity == engine::clauseSeverityName(static_cast<engine::ClauseSeverity>(i)))
                    (*found->second.failuresBySeverity)[i] +=
                        static_cast<std::uint64_t>(s.columnInt(2));
        }))
        return *error;

    auto snapshots = Statement::prepare(db,
        "SELECT rc.run, s.file, s.hash FROM run_contracts rc "
        "JOIN contract_snapshots s ON s.id = rc.snapshot "
        "WHERE ?1 = 0 OR rc.run = ?1 ORDER BY rc.run, rc.position");
    if (!snapshots)
        return snapshots.error();
    snapshots.value().bind(1, run);
    return snapshots.value().forEachRow([&](const Statement &s) {
        const auto found = out.find(s.columnInt(0));
        if (found != out.end())
            found->second.snapshots.push_back(
                {std::string(s.columnText(1)), std::string(s.columnText(2))});
    });
}

} // namespace

engine::Result<std::vector<RunListing>> listRuns(WorkspaceDatabase &db)
{
    engine::Result<std::vector<RunSummary>> runs = db.runs();
    if (!runs)
        return runs.error();
    std::map<std::int64_t, RunListing> listings;
    if (Status error = readListings(db.connection(), 0, listings))
        return *error;
    std::vector<RunListing> result;
    result.reserve(runs.value().size());
    for (RunSummary &summary : runs.value()) {
        RunListing &listing = listings[summary.id];
        listing.summary = std::move(summary);
        result.push_back(std::move(listing));
    }
    return result;
}

engine::Result<RunListing> listRun(WorkspaceDatabase &db, std::int64_t run)
{
    engine::Result<std::vector<RunSummary>> runs = db.runs();
    if (!runs)
        return runs.error();
    for (RunSummary &summary : runs.value()) {
        if (summary.id != run)
            continue;
        std::map<std::int64_t, RunListing> listings;
        if (Status error = readListings(db.connection(), run, listings))
            return *error;
        RunListing &listing = listings[run];
        listing.summary = std::move(summary);
        return std::move(listing);
    }
    return engine::Error {db.path() + ": no run " + std::to_string(run)};
}

} // namespace llmcl::tracer
