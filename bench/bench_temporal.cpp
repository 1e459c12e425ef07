// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Speed of the temporal monitor (engine/temporalmonitor.*): the cost of one step of one clause,
// atom evaluation excluded (the atoms read a precomputed table), over conversations long enough
// that node-table garbage collection is part of the figure. The traces keep every clause
// pending, so each iteration is a real progression.
#include "engine/temporalmonitor.h"

#include <benchmark/benchmark.h>
#include <cstdint>
#include <memory>
#include <vector>

namespace {

using llmcl::engine::AtomValue;
using llmcl::engine::MonitorVerdict;
using llmcl::engine::TemporalFormula;
using llmcl::engine::TemporalMonitor;
using Kind = TemporalFormula::Kind;

TemporalFormula atom(std::uint32_t index)
{
    return TemporalFormula::makeAtom(index);
}

// 0: always (A implies within 2 B), 1: A until B, 2: since A then next B,
// 3: always (A implies eventually B).
std::shared_ptr<const TemporalFormula> formulaFor(std::int64_t which)
{
    switch (which) {
    case 0:
        return std::make_shared<const TemporalFormula>(TemporalFormula::make(Kind::Always,
            {TemporalFormula::make(
                Kind::Implies, {atom(0), TemporalFormula::makeWithin(2, atom(1))})}));
    case 1:
        return std::make_shared<const TemporalFormula>(
            TemporalFormula::make(Kind::Until, {atom(0), atom(1)}));
    case 2:
        return std::make_shared<const TemporalFormula>(TemporalFormula::make(
            Kind::Since, {atom(0), TemporalFormula::make(Kind::Next, {atom(1)})}));
    default:
        return std::make_shared<const TemporalFormula>(TemporalFormula::make(Kind::Always,
            {TemporalFormula::make(
                Kind::Implies, {atom(0), TemporalFormula::make(Kind::Eventually, {atom(1)})})}));
    }
}

// Atom values per turn that keep the clause pending: A random-ish, B answering within 2 turns
// (formula 0), A always and B never (1), B always after A (2), B never (3).
AtomValue atomAt(std::int64_t which, std::int64_t turn, std::uint32_t index)
{
    const bool a = which == 1 || which == 2 || ((turn * 2654435761u) >> 7) % 2 == 0;
    bool b = false;
    if (which == 0)
        b = turn % 2 == 0;
    else if (which == 2)
        b = true;
    return (index == 0 ? a : b) ? AtomValue::True : AtomValue::False;
}

void temporalStep(benchmark::State &state)
{
    const std::int64_t which = state.range(0);
    TemporalMonitor monitor(formulaFor(which), {"A", "B"});
    constexpr std::int64_t period = 1 << 12;
    std::vector<AtomValue> table(2 * period);
    for (std::int64_t t = 0; t < period; ++t)
        for (std::uint32_t i = 0; i < 2; ++i)
            table[std::size_t(2 * t + i)] = atomAt(which, t + 1, i);
    std::int64_t turn = 0;
    for (auto _ : state) {
        ++turn;
        const AtomValue *row = &table[std::size_t(2 * ((turn - 1) % period))];
        monitor.step(turn, [row](std::uint32_t i) { return row[i]; });
        if (monitor.verdict() != MonitorVerdict::Pending) {
            state.SkipWithError("the clause settled: the trace does not keep it pending");
            break;
        }
    }
    benchmark::DoNotOptimize(monitor.size());
    state.SetItemsProcessed(std::int64_t(state.iterations()));
    state.SetLabel(monitor.residual());
}
BENCHMARK(temporalStep)
    ->ArgName("formula")
    ->Arg(0)
    ->Arg(1)
    ->Arg(2)
    ->Arg(3)
    ->Unit(benchmark::kNanosecond);

} // namespace
