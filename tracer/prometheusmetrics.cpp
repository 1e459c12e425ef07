// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tracer/prometheusmetrics.h"

#include "engine/json.h"

#include <algorithm>

namespace llmcl::tracer {

namespace {

// Seconds as Prometheus reads them, shortest round-trip form.
std::string seconds(double value)
{
    std::string out;
    engine::appendJsonNumber(out, value);
    return out;
}

std::string clauseLabels(const ClauseTotals &c)
{
    return "contract=\"" + escapeLabelValue(c.contract) + "\",clause=\"" + escapeLabelValue(c.id)
        + "\",kind=\"" + std::string(engine::clauseKindName(c.kind)) + '"';
}

void header(std::ostream &out, std::string_view name, std::string_view type, std::string_view help)
{
    out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n';
}

void writeHistogram(
    std::ostream &out, std::string_view name, const std::string &labels, const FixedHistogram &h)
{
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b < h.buckets.size(); ++b) {
        cumulative += h.buckets[b];
        out << name << "_bucket{" << labels << ",le=\""
            << seconds(FixedHistogram::kBoundsSeconds[b]) << "\"} " << cumulative << '\n';
    }
    out << name << "_bucket{" << labels << ",le=\"+Inf\"} " << h.count << '\n';
    out << name << "_sum{" << labels << "} " << seconds(static_cast<double>(h.sumNs) / 1e9) << '\n';
    out << name << "_count{" << labels << "} " << h.count << '\n';
}

} // namespace

void FixedHistogram::add(std::int64_t nanoseconds)
{
    nanoseconds = std::max<std::int64_t>(0, nanoseconds);
    const double s = static_cast<double>(nanoseconds) / 1e9;
    const auto it = std::lower_bound(kBoundsSeconds.begin(), kBoundsSeconds.end(), s);
    if (it != kBoundsSeconds.end())
        ++buckets[static_cast<std::size_t>(it - kBoundsSeconds.begin())];
    ++count;
    sumNs += nanoseconds;
}

std::string escapeLabelValue(std::string_view value)
{
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

void PrometheusMetricsWriter::beginRun(const RunInfo &run)
{
    m_runId = run.id;
}

void PrometheusMetricsWriter::turn(
    const std::string &, std::int64_t, const engine::TurnResult &result)
{
    m_totals.addTurn(result);
    for (const engine::ContractResult &contract : result.contracts) {
        std::int64_t total = 0;
        bool evaluated = false;
        for (const engine::ClauseVerdict &v : contract.clauses) {
            if (v.status == engine::ClauseStatus::Skipped
                || v.status == engine::ClauseStatus::Suppressed)
                continue;
            evaluated = true;
            total += v.durationNs;
            m_clauses[v.contract() + '/' + v.id()].add(v.durationNs);
        }
        if (!evaluated)
            continue;
        auto it = std::find_if(m_contracts.begin(), m_contracts.end(),
            [&](const auto &entry) { return entry.first == contract.name; });
        if (it == m_contracts.end()) {
            m_contracts.emplace_back(contract.name, FixedHistogram {});
            it = m_contracts.end() - 1;
        }
        it->second.add(total);
    }
}

void PrometheusMetricsWriter::conversationEnd(
    const std::string &, const engine::ConversationEnd &end)
{
    m_totals.addEnd(end);
}

void PrometheusMetricsWriter::runEnd(const std::vector<engine::ClauseVerdict> &settled)
{
    m_totals.addRunEnd(settled);
}

void PrometheusMetricsWriter::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    std::ostream &out = m_out;
    const std::vector<ClauseTotals> &clauses = m_totals.clauses();

    header(out, "llmcl_turns_total", "counter", "Turns replayed.");
    out << "llmcl_turns_total " << m_totals.turns << '\n';
    header(out, "llmcl_invalid_turns_total", "counter", "Turns with a violation after fixing.");
    out << "llmcl_invalid_turns_total " << m_totals.invalidTurns << '\n';
    header(out, "llmcl_conversations_total", "counter", "Conversations replayed.");
    out << "llmcl_conversations_total " << m_totals.conversations << '\n';

    header(out, "llmcl_validations_total", "counter",
        "Clause verdicts other than skipped and suppressed, by contract and clause.");
    for (const ClauseTotals &c : clauses)
        out << "llmcl_validations_total{" << clauseLabels(c) << "} " << c.evaluations << '\n';
    header(out, "llmcl_violations_total", "counter",
        "Clause verdicts fail or error, by contract and clause.");
    for (const ClauseTotals &c : clauses)
        out << "llmcl_violations_total{" << clauseLabels(c) << "} " << c.failures + c.errors
            << '\n';
    header(out, "llmcl_fixes_total", "counter",
        "auto_fix repairs attempted, by contract, clause and outcome.");
    for (const ClauseTotals &c : clauses) {
        for (std::size_t o = 0; o < c.fixes.size(); ++o) {
            out << "llmcl_fixes_total{" << clauseLabels(c) << ",outcome=\""
                << engine::fixOutcomeName(static_cast<engine::FixOutcome>(o)) << "\"} "
                << c.fixes[o] << '\n';
        }
    }
    header(out, "llmcl_conflicts_total", "counter",
        "Fix conflicts: repairs of this clause that broke another clause.");
    for (const ClauseTotals &c : clauses)
        out << "llmcl_conflicts_total{" << clauseLabels(c) << "} " << c.conflicts << '\n';

    header(out, "llmcl_contract_duration_seconds", "histogram",
        "Time spent evaluating a contract's clauses on one turn, per contract.");
    for (const auto &[name, histogram] : m_contracts) {
        writeHistogram(out, "llmcl_contract_duration_seconds",
            "contract=\"" + escapeLabelValue(name) + '"', histogram);
    }
    header(out, "llmcl_clause_duration_seconds", "histogram",
        "Time spent evaluating one clause on one turn, per clause.");
    for (const ClauseTotals &c : clauses) {
        const auto it = m_clauses.find(c.contract + '/' + c.id);
        if (it != m_clauses.end())
            writeHistogram(out, "llmcl_clause_duration_seconds", clauseLabels(c), it->second);
    }
    out.flush();
}

} // namespace llmcl::tracer
