#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Speed of the Python package (scripts/bench python; BENCHMARKS.md, "Python").

evaluate: the reference turn of llmcl-bench's evaluateTurnReference (the ten clauses of
tests/data/eval/reference.llmcl on its 2,048-byte answer, taken from bench/bench_engine.cpp),
with its context) evaluated through ContractSet.evaluate() in short batches. The engine's own
time is each result's duration_ns (the engine's clock around Evaluator::evaluateTurn); a
batch's overhead is its wall time less its calls' engine time: argument conversion, the GIL,
the evaluator pool, the result objects and freeing them. Also the same loop one layer down (the extension's
evaluate(), no Python wrapper).

replay: the reference replay workload of `scripts/bench replay` (bench/data/replay/: 10
contracts, 50 clauses) over the shared sample files written PASSES times (ids made distinct),
replayed by ContractSet.replay(jobs=2) (every item taken, as a program would) and by
`llmcl replay --format json --jobs 2` (output to /dev/null), alternately, RUNS times each.
"""

import argparse
import json
import os
import pathlib
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time

CHECKOUT = pathlib.Path(__file__).resolve().parents[1]


def reference_turn():
    """The content and response of bench_engine.cpp's reference turn."""
    source = (CHECKOUT / "bench" / "bench_engine.cpp").read_text(encoding="utf-8")

    def literal(name):
        body = re.search(r"constexpr std::string_view " + name + r" =(.*?);", source, re.S)
        parts = re.findall(r'"((?:[^"\\]|\\.)*)"', body.group(1))
        return "".join(parts).encode().decode("unicode_escape")

    response = literal("kResponse")
    assert len(response.encode()) == 2048, "bench_engine.cpp's reference answer changed"
    return literal("kContent"), response


def bench_evaluate(llmcl, calls, batches):
    contracts = llmcl.load(str(CHECKOUT / "tests" / "data" / "eval" / "reference.llmcl"))
    content, response = reference_turn()
    context = {"payload": '{"ok": true, "items": 2}'}  # as bench_engine.cpp's turn has it
    assert contracts.evaluate(content, response, context).valid, "the reference turn must pass"
    handle = contracts._handle
    rows = []
    for label, call in (
        ("ContractSet.evaluate()", lambda: contracts.evaluate(content, response, context)),
        ("_llmcl evaluate() (no wrapper)",
         lambda: handle.evaluate(content, response, context, False, False)),
    ):
        # Short batches: on a shared machine most run without being preempted. Each batch's
        # overhead is its wall time less the engine's time of its own calls (read in the loop:
        # the read is counted as overhead). Each result is dropped before the next call, as a
        # service drops them: freeing it is part of the cost.
        per_call, overheads, engines = [], [], []
        for _ in range(batches):
            engine_ns = 0
            start = time.perf_counter_ns()
            for _ in range(calls):
                engine_ns += call().duration_ns
            elapsed = time.perf_counter_ns() - start
            per_call.append(elapsed / calls / 1000)
            engines.append(engine_ns / calls / 1000)
            overheads.append((elapsed - engine_ns) / calls / 1000)
        wall = statistics.median(per_call)
        own = statistics.median(engines)
        rows.append((label, wall, own, overheads))
    print(f"== Python evaluate(): the reference turn, {batches} batches of {calls} calls,"
          " medians over the batches (µs per call)")
    for label, wall, own, overheads in rows:
        quartiles = statistics.quantiles(overheads, n=4)
        print(f"   {label:32s} {wall:6.2f} per call, engine {own:5.2f}, overhead"
              f" {quartiles[1]:5.2f} (quartiles {quartiles[0]:.2f}–{quartiles[2]:.2f},"
              f" fastest {min(overheads):.2f})")


def corpus(out, passes):
    data = CHECKOUT.parent / "shared" / "data"
    if not data.is_dir():
        data = pathlib.Path("/work/shared/data")
    files = [data / "sessions-sample.jsonl", data / "hh-rlhf-harmless-test.jsonl"]
    path = out / f"corpus-{passes}.jsonl"
    with open(path, "w", encoding="utf-8") as sink:
        for n in range(passes):
            for file in files:
                for line in file.read_text(encoding="utf-8").splitlines():
                    sink.write(re.sub(r'^\{"id": "([^"]*)"', lambda m: f'{{"id": "{m.group(1)}~r{n}"',
                                      line) + "\n")
    return path


def bench_replay(llmcl, passes, runs, jobs):
    contracts_files = sorted(str(p) for p in (CHECKOUT / "bench" / "data" / "replay").glob("*.llmcl"))
    contracts = llmcl.load(*contracts_files)
    with tempfile.TemporaryDirectory() as folder:
        sessions = corpus(pathlib.Path(folder), passes)
        cli, python, iterable, turns = [], [], [], 0
        cpu = {"cli": [], "python": [], "iterable": []}

        def used(who):
            usage = resource.getrusage(who)
            return usage.ru_utime + usage.ru_stime

        for _ in range(runs):
            start, cpu_start = time.monotonic(), used(resource.RUSAGE_CHILDREN)
            with open(os.devnull, "w") as null:
                done = subprocess.run(["llmcl", "replay", *contracts_files, "--sessions",
                                       str(sessions), "--format", "json", "--jobs", str(jobs),
                                       "--no-progress"], stdout=null)
            assert done.returncode in (0, 1), "llmcl replay failed"
            cli.append(time.monotonic() - start)
            cpu["cli"].append(used(resource.RUSAGE_CHILDREN) - cpu_start)
            start, cpu_start = time.monotonic(), used(resource.RUSAGE_SELF)
            replay = contracts.replay(sessions, jobs=jobs)
            invalid = 0
            for item in replay:
                if isinstance(item, llmcl.ReplayTurn) and not item.result.valid:
                    invalid += 1
            python.append(time.monotonic() - start)
            cpu["python"].append(used(resource.RUSAGE_SELF) - cpu_start)
            turns = replay.turns
            # The same conversations as an iterable (the file's lines, read by Python).
            start, cpu_start = time.monotonic(), used(resource.RUSAGE_SELF)
            with open(sessions, encoding="utf-8") as lines:
                for item in contracts.replay(lines, jobs=jobs):
                    if isinstance(item, llmcl.ReplayTurn) and not item.result.valid:
                        invalid += 1
            iterable.append(time.monotonic() - start)
            cpu["iterable"].append(used(resource.RUSAGE_SELF) - cpu_start)
    cli_rate = turns / statistics.median(cli)
    python_rate = turns / statistics.median(python)
    print(f"== replay: bench/data/replay over {turns} turns, --jobs {jobs}, {runs} runs each,"
          " medians of wall time")
    print(f"   llmcl replay --format json  {cli_rate:8.0f} turns/s  [{' '.join(f'{v:.2f}' for v in cli)} s]")
    print(f"   ContractSet.replay()        {python_rate:8.0f} turns/s  [{' '.join(f'{v:.2f}' for v in python)} s]")
    iterable_rate = turns / statistics.median(iterable)
    print(f"   ContractSet.replay(lines)   {iterable_rate:8.0f} turns/s  [{' '.join(f'{v:.2f}' for v in iterable)} s]")
    print(f"   ratio {python_rate / cli_rate:.2f} (from an iterable {iterable_rate / cli_rate:.2f})")
    per_cpu = {k: turns / statistics.median(v) for k, v in cpu.items()}
    print(f"   turns per CPU-second (all threads): llmcl {per_cpu['cli']:.0f}, replay()"
          f" {per_cpu['python']:.0f}, replay(lines) {per_cpu['iterable']:.0f};"
          f" ratio {per_cpu['python'] / per_cpu['cli']:.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", nargs="?", default="all", choices=["all", "evaluate", "replay"])
    parser.add_argument("--calls", type=int, default=200, help="calls per batch")
    parser.add_argument("--batches", type=int, default=300)
    parser.add_argument("--passes", type=int, default=15)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    import llmcl

    print(f"load average {os.getloadavg()[0]:.2f} at the start")
    if args.what in ("all", "evaluate"):
        bench_evaluate(llmcl, args.calls, args.batches)
    if args.what in ("all", "replay"):
        bench_replay(llmcl, args.passes, args.runs, args.jobs)
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    sys.exit(main())
