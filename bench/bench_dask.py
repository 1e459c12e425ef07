#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Speed of llmcl.dask (scripts/bench dask; BENCHMARKS.md, "Distributed replay").

replay: the reference replay workload of `scripts/bench replay` (bench/data/replay/: 10
contracts, 50 clauses; the two sample files of ../shared/data/ written PASSES times, ids made
distinct) stored into a fresh workspace database, by `llmcl replay --db --jobs 2` and by
llmcl.dask.replay() on a LocalCluster of two worker processes (one thread each; started before
the clock), alternately, RUNS times each: wall time from the call to the stored run, import of
the sessions included in both.

merge: the client's merge alone: the partitions' results computed first (in this process),
then DistributedRun.add() over them into a fresh database, timed without the import; and the
client's maximum RSS while merging COPIES copies of the corpus in one run.
"""

import argparse
import os
import pathlib
import resource
import statistics
import subprocess
import sys
import tempfile
import time

CHECKOUT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(CHECKOUT / "bench"))
from bench_python import corpus  # noqa: E402  the same corpus as the Python replay benchmark

CONTRACTS = sorted(str(p) for p in (CHECKOUT / "bench" / "data" / "replay").glob("*.llmcl"))


def bench_replay(llmcl_dask, passes, runs, partition_mib):
    from distributed import Client, LocalCluster

    with tempfile.TemporaryDirectory() as folder, \
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                         dashboard_address=None) as cluster, Client(cluster) as client:
        folder = pathlib.Path(folder)
        sessions = corpus(folder, passes)
        megabytes = sessions.stat().st_size / 1e6
        local, distributed, turns = [], {m: [] for m in partition_mib}, 0
        for run in range(runs):
            db = folder / f"local{run}.db"
            start = time.monotonic()
            done = subprocess.run(["llmcl", "replay", *CONTRACTS, "--sessions", str(sessions),
                                   "--db", str(db), "--jobs", "2", "--no-progress"],
                                  stdout=subprocess.DEVNULL)
            assert done.returncode in (0, 1), "llmcl replay failed"
            local.append(time.monotonic() - start)
            for mib in partition_mib:
                db = folder / f"dask{run}-{mib}.db"
                start = time.monotonic()
                stored = llmcl_dask.replay(CONTRACTS, sessions, client, db=db,
                                           partition_bytes=int(mib * (1 << 20)))
                distributed[mib].append(time.monotonic() - start)
                turns = stored.summary["turns"]
    local_rate = turns / statistics.median(local)
    print(f"== replay into a database: bench/data/replay over {turns} turns "
          f"({megabytes:.0f} MB), {runs} runs each, medians of wall time")
    print(f"   llmcl replay --db --jobs 2            {local_rate:8.0f} turns/s  "
          f"[{' '.join(f'{v:.2f}' for v in local)} s]")
    for mib, times in distributed.items():
        rate = turns / statistics.median(times)
        print(f"   llmcl.dask, 2 workers, {mib:4g} MiB parts {rate:8.0f} turns/s  "
              f"[{' '.join(f'{v:.2f}' for v in times)} s]  {rate / local_rate:.0%} of llmcl")


def bench_merge(llmcl, passes, copies, partition_mib):
    from llmcl import _llmcl
    import llmcl.dask as llmcl_dask

    with tempfile.TemporaryDirectory() as folder:
        folder = pathlib.Path(folder)
        sessions = corpus(folder, passes)
        contracts = llmcl.load(*CONTRACTS)
        sources = list(contracts._handle.sources)
        compiled = _llmcl.PartitionSet(sources)
        parts = llmcl_dask.partitions([sessions], int(partition_mib * (1 << 20)))
        start = time.monotonic()
        results = [compiled.replay(p.file, p.begin, p.end, p.whole, False, False) for p in parts]
        replay_seconds = time.monotonic() - start
        size = sum(len(r) for r in results)
        # One run over `copies` copies of the file (the same partitions' results merged again:
        # the conversations' ids repeat, which the writer does not mind).
        files = [str(sessions)] * copies
        run = _llmcl.DistributedRun(compiled, str(folder / "merge.db"), files, False, False, 2,
                                    None)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        turns = 0
        rss = []
        start = time.monotonic()
        for copy in range(copies):
            for part, data in zip(parts, results):
                _, added, _ = run.add(data, part.file, part.begin, part.end, part.whole)
                turns += added
            rss.append(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
            if copy == 0:
                first = time.monotonic() - start
        # finish() waits for the batches the run writer's storing thread has not written yet.
        run.finish(False, None)
        merge_seconds = time.monotonic() - start
        per_turn = size / (turns / copies)
    print(f"== merge alone: {turns} turns ({copies} copies of {turns // copies}), results "
          f"{size / 1e6:.1f} MB per copy ({per_turn:.0f} bytes/turn), {len(parts)} partitions")
    print(f"   replaying the partitions in one process: {turns // copies / replay_seconds:8.0f} turns/s")
    print(f"   merge into the database (first copy):    {turns // copies / first:8.0f} turns/s")
    print(f"   merge into the database (all copies):    {turns / merge_seconds:8.0f} turns/s")
    print(f"   client max RSS: {rss_before / 1024:.0f} MiB before the merge, after each copy "
          f"{' '.join(f'{r / 1024:.0f}' for r in rss)} MiB")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", nargs="?", default="all", choices=["all", "replay", "merge"])
    parser.add_argument("--passes", type=int, default=15)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--partition-mib", type=float, nargs="+", default=[4.0])
    args = parser.parse_args()
    import llmcl
    import llmcl.dask

    print(f"load average: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    if args.what in ("all", "merge"):
        bench_merge(llmcl, args.passes, args.copies, args.partition_mib[0])
    if args.what in ("all", "replay"):
        bench_replay(llmcl.dask, args.passes, args.runs, args.partition_mib)
    print(f"load average: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
