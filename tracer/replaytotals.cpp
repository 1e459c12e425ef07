// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tracer/replaytotals.h"

#include <algorithm>
#include <cmath>

namespace llmcl::tracer {

namespace {

constexpr double kGrowth = 1.02;
constexpr std::size_t kBuckets = 1300; // 1.02^1300 ns ≈ 150 s

} // namespace

std::size_t LatencyHistogram::bucketOf(std::int64_t ns)
{
    if (ns <= 1)
        return 0;
    const auto b = static_cast<std::size_t>(std::log(static_cast<double>(ns)) / std::log(kGrowth));
    return b < kBuckets ? b : kBuckets - 1;
}

void LatencyHistogram::addToBucket(std::size_t bucket, std::uint64_t count)
{
    if (m_buckets.empty())
        m_buckets.assign(kBuckets, 0);
    m_buckets[std::min(bucket, kBuckets - 1)] += count;
    m_count += count;
}

void LatencyHistogram::add(std::int64_t nanoseconds)
{
    if (m_buckets.empty())
        m_buckets.assign(kBuckets, 0);
    ++m_buckets[bucketOf(nanoseconds)];
    ++m_count;
}

void LatencyHistogram::merge(const LatencyHistogram &other)
{
    other.forEachBucket(
        [this](std::size_t bucket, std::uint64_t count) { addToBucket(bucket, count); });
}

std::int64_t LatencyHistogram::quantile(double q) const
{
    if (m_count == 0)
        return 0;
    const auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(m_count)));
    std::uint64_t seen = 0;
    for (std::size_t b = 0; b < m_buckets.size(); ++b) {
        seen += m_buckets[b];
        if (seen >= rank && m_buckets[b] > 0) {
            // The middle of the bucket (geometric): within 1% of any value in it.
            return static_cast<std::int64_t>(std::pow(kGrowth, static_cast<double>(b) + 0.5));
        }
    }
    return 0;
}

ClauseTotals &ReplayTotals::clause(const engine::ClauseVerdict &verdict)
{
    const auto known = m_byRecord.find(verdict.clause.get());
    if (known != m_byRecord.end())
        return m_clauses[known->second.totals];
    const std::size_t index = clauseIndex(verdict.contract(), verdict.id(), verdict.kind());
    if (verdict.clause)
        m_byRecord.emplace(verdict.clause.get(), Known {verdict.clause, index});
    return m_clauses[index];
}

std::size_t ReplayTotals::clauseIndex(
    const std::string &contract, const std::string &id, engine::ClauseKind kind)
{
    std::string key = contract + '/' + id;
    auto it = m_index.find(key);
    if (it == m_index.end()) {
        ClauseTotals t;
        t.id = id;
        t.contract = contract;
        t.kind = kind;
        m_clauses.push_back(std::move(t));
        it = m_index.emplace(std::move(key), m_clauses.size() - 1).first;
    }
    return it->second;
}

void ReplayTotals::count(ClauseTotals &totals, engine::ClauseStatus status)
{
    using engine::ClauseStatus;
    switch (status) {
    case ClauseStatus::Pass:
        ++totals.passes;
        break;
    case ClauseStatus::Fail:
        ++totals.failures;
        break;
    case ClauseStatus::Error:
        ++totals.errors;
        break;
    case ClauseStatus::Pending:
        ++totals.pending;
        break;
    case ClauseStatus::Suppressed:
        ++totals.suppressed;
        return;
    case ClauseStatus::Skipped:
        return;
    }
    ++totals.evaluations;
}

void ReplayTotals::addTurn(const engine::TurnResult &result)
{
    ++turns;
    if (!result.valid)
        ++invalidTurns;
    turnLatency.add(result.durationNs);
    std::size_t position = 0;
    for (const engine::ContractResult &contract : result.contracts) {
        for (const engine::ClauseVerdict &verdict : contract.clauses) {
            if (position == m_byPosition.size())
                m_byPosition.emplace_back();
            Known &known = m_byPosition[position];
            if (known.record != verdict.clause || !known.record) {
                // The first turn, or another compiled set's order: look the clause up.
                known.totals = static_cast<std::size_t>(&clause(verdict) - m_clauses.data());
                known.record = verdict.clause;
            }
            ClauseTotals *totals = &m_clauses[known.totals];
            ++position;
            count(*totals, verdict.status);
            if (verdict.status != engine::ClauseStatus::Skipped
                && verdict.status != engine::ClauseStatus::Suppressed)
                totals->latency.add(verdict.durationNs);
        }
    }
    for (const engine::FixRecord &fix : result.fixes) {
        for (ClauseTotals &totals : m_clauses) {
            if (totals.id != fix.clause || totals.contract != fix.contract)
                continue;
            ++totals.fixes[static_cast<std::size_t>(fix.outcome)];
            if (fix.outcome == engine::FixOutcome::Broke)
                ++totals.conflicts;
            break;
        }
    }
}

void ReplayTotals::addEnd(const engine::ConversationEnd &end)
{
    ++conversations;
    if (!end.valid)
        ++invalidConversations;
    for (const engine::ClauseVerdict &verdict : end.settled)
        count(clause(verdict), verdict.status);
}

void ReplayTotals::addRunEnd(const std::vector<engine::ClauseVerdict> &settled)
{
    for (const engine::ClauseVerdict &verdict : settled) {
        count(clause(verdict), verdict.status);
        if (verdict.status == engine::ClauseStatus::Fail && engine::invalidates(verdict.severity()))
            ++runEndFailures;
    }
}

void ReplayTotals::merge(const ReplayTotals &other)
{
    turns += other.turns;
    invalidTurns += other.invalidTurns;
    conversations += other.conversations;
    invalidConversations += other.invalidConversations;
    runEndFailures += other.runEndFailures;
    turnLatency.merge(other.turnLatency);
    for (const ClauseTotals &from : other.m_clauses) {
        ClauseTotals &to = m_clauses[clauseIndex(from.contract, from.id, from.kind)];
        to.evaluations += from.evaluations;
        to.passes += from.passes;
        to.failures += from.failures;
        to.errors += from.errors;
        to.pending += from.pending;
        to.suppressed += from.suppressed;
        for (std::size_t i = 0; i < to.fixes.size(); ++i)
            to.fixes[i] += from.fixes[i];
        to.conflicts += from.conflicts;
        to.latency.merge(from.latency);
    }
}

Coverage ReplayTotals::coverage(const engine::CompiledSet &set) const
{
    Coverage coverage;
    for (const engine::CompiledSet::ClauseInfo &info : set.clauses()) {
        const ClauseTotals *totals = nullptr;
        for (const ClauseTotals &t : m_clauses)
            if (t.id == info.id && t.contract == info.contract)
                totals = &t;
        const std::string id(info.id);
        // Suppressed verdicts are not evaluations: a clause that lost a conflict never ran.
        if (!totals || totals->evaluations == 0) {
            coverage.neverEvaluated.push_back(id);
        } else if (totals->failures == 0 && totals->errors == 0) {
            coverage.neverFailed.push_back(id);
        }
        if (info.hasAutoFix) {
            std::uint64_t applied = 0;
            if (totals)
                for (const std::uint64_t n : totals->fixes)
                    applied += n;
            if (applied == 0)
                coverage.fixesNeverApplied.push_back(id);
        }
    }
    return coverage;
}

namespace {

void writeIds(engine::JsonWriter &writer, std::string_view key, const std::vector<std::string> &ids)
{
    writer.key(key);
    writer.beginArray();
    for (const std::string &id : ids)
        writer.string(id);
    writer.endArray();
}

} // namespace

void writeSummaryObject(
    engine::JsonWriter &writer, const ReplayTotals &totals, const ReplayFacts &facts)
{
    const ReplayStats &stats = facts.stats;
    writer.beginObject();
    if (facts.database) {
        writer.member("database", *facts.database);
        writer.member("run", facts.run);
    }
    writer.member("conversations", static_cast<std::int64_t>(stats.conversations));
    writer.member("turns", static_cast<std::int64_t>(stats.turns));
    writer.member("invalid_turns", static_cast<std::int64_t>(totals.invalidTurns));
    writer.member("invalid_conversations", static_cast<std::int64_t>(totals.invalidConversations));
    writer.member("problems", static_cast<std::int64_t>(stats.problems));
    writer.member("duration_ns", facts.durationNs);
    writer.member("compile_ns", facts.compileNs);
    writer.key("coverage");
    writer.beginObject();
    writeIds(writer, "never_evaluated", facts.coverage.neverEvaluated);
    writeIds(writer, "never_failed", facts.coverage.neverFailed);
    writeIds(writer, "fixes_never_applied", facts.coverage.fixesNeverApplied);
    writer.endObject();
    writer.key("turn_latency_ns");
    writer.beginObject();
    writer.member("p50", totals.turnLatency.quantile(0.50));
    writer.member("p90", totals.turnLatency.quantile(0.90));
    writer.member("p99", totals.turnLatency.quantile(0.99));
    writer.endObject();
    writer.key("contracts");
    writer.beginArray();
    const std::vector<ClauseTotals> &clauses = totals.clauses();
    for (std::size_t i = 0; i < clauses.size();) {
        const std::string &contract = clauses[i].contract;
        std::uint64_t evaluations = 0, passes = 0, failures = 0, errors = 0;
        std::size_t end = i;
        for (; end < clauses.size() && clauses[end].contract == contract; ++end) {
            evaluations += clauses[end].evaluations;
            passes += clauses[end].passes;
            failures += clauses[end].failures;
            errors += clauses[end].errors;
        }
        writer.beginObject();
        writer.member("name", contract);
        writer.member("evaluations", static_cast<std::int64_t>(evaluations));
        writer.member("passes", static_cast<std::int64_t>(passes));
        writer.member("failures", static_cast<std::int64_t>(failures));
        writer.member("errors", static_cast<std::int64_t>(errors));
        writer.key("clauses");
        writer.beginArray();
        for (; i < end; ++i) {
            const ClauseTotals &c = clauses[i];
            writer.beginObject();
            writer.member("id", c.id);
            writer.member("kind", engine::clauseKindName(c.kind));
            writer.member("evaluations", static_cast<std::int64_t>(c.evaluations));
            writer.member("passes", static_cast<std::int64_t>(c.passes));
            writer.member("failures", static_cast<std::int64_t>(c.failures));
            writer.member("errors", static_cast<std::int64_t>(c.errors));
            writer.member("pending", static_cast<std::int64_t>(c.pending));
            writer.member("suppressed", static_cast<std::int64_t>(c.suppressed));
            writer.key("fixes");
            writer.beginObject();
            for (std::size_t o = 0; o < c.fixes.size(); ++o)
                writer.member(engine::fixOutcomeName(static_cast<engine::FixOutcome>(o)),
                    static_cast<std::int64_t>(c.fixes[o]));
            writer.endObject();
            writer.member("conflicts", static_cast<std::int64_t>(c.conflicts));
            writer.key("latency_ns");
            writer.beginObject();
            writer.member("p50", c.latency.quantile(0.50));
            writer.member("p90", c.latency.quantile(0.90));
            writer.member("p99", c.latency.quantile(0.99));
            writer.endObject();
            writer.endObject();
        }
        writer.endArray();
        writer.endObject();
    }
    writer.endArray();
    writer.endObject();
}

} // namespace llmcl::tracer
