# SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Replay on a Dask cluster into one run of a workspace database (docs/distributed.md).

    import llmcl, llmcl.dask
    from distributed import Client

    run = llmcl.dask.replay("safety.llmcl", ["day1.jsonl", "day2.jsonl.gz"],
                            client=Client("tcp://scheduler:8786"), db="workspace.db")
    print(run.run, run.status)

The sessions files are cut into partitions (byte ranges aligned to line starts; a gzip file is
one partition); each worker replays a partition with the engine and sends back compact
results; the client merges them in input order through the run writer of
``llmcl replay --db``, settling the ensure_prob windows that span conversations. The stored
run is the one ``llmcl replay --db`` stores for the same files: ``llmcl diff`` between the two
reports no change.
"""

from __future__ import annotations

import atexit
import collections
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Callable, Optional, Union

from .. import ContractSet, PathLike, StoredRun, _llmcl, _paths, load

__all__ = [
    "DEFAULT_PARTITION_BYTES",
    "Partition",
    "PartitionError",
    "Progress",
    "partitions",
    "replay",
    "resume",
]

#: Bytes of an uncompressed sessions file per task: large enough that a task's fixed cost
#: (scheduling, a round trip, compiling nothing: the contracts are compiled once per worker)
#: is small beside its replay, small enough that two workers share a file of a few hundred MB.
DEFAULT_PARTITION_BYTES = 32 << 20

_GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class Partition:
    """What one task replays: bytes [begin, end) of ``file`` (the lines that start there), or
    the whole file (``whole``: a gzip file, which cannot be entered mid-way)."""

    file: str
    begin: int
    end: int
    whole: bool

    def describe(self) -> str:
        """How errors name it: "sessions.jsonl bytes 0–1048576", or the file when whole."""
        return self.file if self.whole else f"{self.file} bytes {self.begin}\u2013{self.end}"


class PartitionError(OSError):
    """A partition could not be replayed (its task failed on every try): the run stops, stored
    as incomplete with the partitions merged before it; ``partition`` names it."""

    def __init__(self, partition: Partition, message: str) -> None:
        super().__init__(message)
        self.partition = partition


@dataclass(frozen=True)
class Progress:
    """How far a distributed replay is: what the merge has stored so far."""

    turns: int
    conversations: int
    partitions_done: int
    partitions: int
    bytes_done: int  # of the sessions files, counted by merged partitions
    bytes_total: int
    seconds: float

    @property
    def turns_per_second(self) -> float:
        return self.turns / self.seconds if self.seconds > 0 else 0.0

    @property
    def eta_seconds(self) -> Optional[float]:
        """Seconds left, from the share of bytes merged; None before the first partition."""
        if self.bytes_done <= 0 or self.bytes_total <= 0:
            return None
        fraction = min(1.0, self.bytes_done / self.bytes_total)
        return self.seconds * (1.0 - fraction) / fraction


def partitions(files: Iterable[PathLike], partition_bytes: int = DEFAULT_PARTITION_BYTES) -> list[Partition]:
    """The partitions of the sessions files, in input order: each plain file cut into byte
    ranges of ``partition_bytes`` (a task moves its range's ends to line starts), each gzip
    file whole."""
    if partition_bytes < 1:
        raise ValueError("partition_bytes must be at least 1")
    result = []
    for file in _paths(files, "sessions"):
        if _is_url(file):
            import fsspec

            fs, path = fsspec.core.url_to_fs(file)
            with fs.open(path, "rb") as stream:
                compressed = stream.read(2) == _GZIP_MAGIC
            size = fs.size(path)
        else:
            with open(file, "rb") as stream:
                compressed = stream.read(2) == _GZIP_MAGIC
                size = os.fstat(stream.fileno()).st_size
        if compressed:
            result.append(Partition(file, 0, size, True))
            continue
        begin = 0
        while True:
            end = min(size, begin + partition_bytes)
            result.append(Partition(file, begin, end, False))
            if end >= size:
                break
            begin = end
    return result


def _is_url(name: str) -> bool:
    """Whether a sessions name is an fsspec URL (``s3://bucket/day1.jsonl``, ``gs://…``,
    ``file:///data/day1.jsonl``), read through fsspec, rather than a local path."""
    return "://" in name


_LOCAL_COPIES: dict[str, str] = {}
_COPY_LOCKS: dict[str, threading.Lock] = {}
_COPIES_LOCK = threading.Lock()


def _local_copy(url: str) -> str:
    """The file at ``url`` fetched to a temporary folder of this process, once: a worker reads
    every partition of a file it is given from one local copy (the engine reads local files),
    and the client imports the conversations from its own. Removed when the process ends.
    Threads of one worker fetching different files do not wait for each other."""
    with _COPIES_LOCK:
        lock = _COPY_LOCKS.setdefault(url, threading.Lock())
    with lock:
        path = _LOCAL_COPIES.get(url)
        if path is not None and os.path.exists(path):
            return path
        import fsspec

        folder = tempfile.mkdtemp(prefix="llmcl-dask-")
        atexit.register(shutil.rmtree, folder, True)
        path = os.path.join(folder, "sessions")
        fs, remote = fsspec.core.url_to_fs(url)
        fs.get_file(remote, path)
        _LOCAL_COPIES[url] = path
        return path


class _Contracts:
    """The contracts' text, scattered to every worker once; each worker process compiles
    them once (the cache below) and replays every partition it gets with that set."""

    def __init__(self, sources: list[tuple[str, str]]) -> None:
        self.sources = sources
        self.key = hash(tuple(sources))


_WORKER_SETS: dict[int, Any] = {}
_WORKER_LOCK = threading.Lock()


def _replay_partition(contracts: _Contracts, partition: Partition, fix: bool, detail: bool) -> bytes:
    """The task: one partition replayed on a worker (the engine runs without the GIL)."""
    with _WORKER_LOCK:
        compiled = _WORKER_SETS.get(contracts.key)
        if compiled is None:
            compiled = _llmcl.PartitionSet(contracts.sources)
            _WORKER_SETS[contracts.key] = compiled
    read_from = _local_copy(partition.file) if _is_url(partition.file) else ""
    return compiled.replay(
        partition.file, partition.begin, partition.end, partition.whole, fix, detail, read_from
    )


def _contract_set(contracts: Union[ContractSet, PathLike, Iterable[PathLike]]) -> ContractSet:
    if isinstance(contracts, ContractSet):
        return contracts
    if isinstance(contracts, (str, os.PathLike)):
        return load(contracts)
    return load(*contracts)


def replay(
    contracts: Union[ContractSet, PathLike, Iterable[PathLike]],
    sessions: Union[PathLike, Iterable[PathLike]],
    client: Any = None,
    *,
    db: PathLike,
    fix: bool = False,
    detail: bool = False,
    partition_bytes: int = DEFAULT_PARTITION_BYTES,
    progress: Optional[Callable[[Progress], None]] = None,
    cancel: Optional[threading.Event] = None,
    retries: int = 2,
) -> StoredRun:
    """Replays the sessions files on a Dask cluster and stores one run in the workspace
    database ``db``, the run ``llmcl replay CONTRACTS --sessions FILE --db DB`` stores.

    ``client`` is a ``distributed.Client``; without one a ``LocalCluster`` of this machine's
    processors runs the replay (and is closed after). ``contracts``: a ContractSet or contract
    files (their text travels to the workers, which need only the llmcl package); ``sessions``:
    files every worker can read at the same path, or fsspec URLs (``s3://…``; each worker and
    the client fetch a file once, to a temporary folder). ``detail`` stores each clause's explanation
    (``llmcl replay --db --trace``). ``progress`` is called after each partition merged;
    setting ``cancel`` stops the replay, the run stored as cancelled. A partition whose task
    fails ``retries`` + 1 times stops the run (stored as incomplete) with PartitionError.
    """
    contract_set = _contract_set(contracts)
    if isinstance(sessions, (str, os.PathLike)):
        sessions = [sessions]
    files = _paths(sessions, "sessions")
    if not files:
        raise ValueError("no sessions file given")
    job = _Job(list(contract_set._handle.sources), files, _paths([db], "db")[0], bool(fix),
               bool(detail), None)
    return _on_cluster(client, job, partition_bytes, progress, cancel, retries)


def resume(
    run: Union[int, str],
    client: Any = None,
    *,
    db: PathLike,
    partition_bytes: int = DEFAULT_PARTITION_BYTES,
    progress: Optional[Callable[[Progress], None]] = None,
    cancel: Optional[threading.Event] = None,
    retries: int = 2,
) -> StoredRun:
    """Completes an incomplete or cancelled run of ``db`` (an id, "last" or "last~N") on the
    cluster, with the contracts, sessions files and options it started with, as
    ``llmcl replay --db DB --resume RUN`` does: every partition is replayed again (the
    ensure_prob windows need every turn), the conversations the run stored whole are not
    written again."""
    database = _paths([db], "db")[0]
    run_id, sources, files, options = _llmcl.stored_run(database, str(run))
    settings = dict(options)
    job = _Job(list(sources), list(files), database, settings.get("fix") == "true",
               settings.get("detail") == "true", int(run_id))
    return _on_cluster(client, job, partition_bytes, progress, cancel, retries)


@dataclass(frozen=True)
class _Job:
    sources: list[tuple[str, str]]
    files: list[str]
    database: str
    fix: bool
    detail: bool
    resume: Optional[int]


def _on_cluster(
    client: Any,
    job: _Job,
    partition_bytes: int,
    progress: Optional[Callable[[Progress], None]],
    cancel: Optional[threading.Event],
    retries: int,
) -> StoredRun:
    parts = partitions(job.files, partition_bytes)
    if client is None:
        from distributed import Client, LocalCluster

        with LocalCluster(processes=True, threads_per_worker=1, dashboard_address=None) \
                as cluster, Client(cluster) as own:
            _local_workers_up(own, len(cluster.workers))
            return _replay(job, parts, own, progress, cancel, retries)
    return _replay(job, parts, client, progress, cancel, retries)


# How long a LocalCluster's workers are waited for before the replay goes on without the ones
# not up (_local_workers_up): they start in a few seconds, under load in ten or so.
_LOCAL_WORKER_WAIT = 30


def _local_workers_up(client: Any, wanted: int) -> None:
    """Waits for the ``wanted`` workers of a LocalCluster, so that the run records how many
    replayed it. distributed now and then never starts one of a LocalCluster's worker processes
    (seen with TLS: one of two up, the other never, and waiting longer does not help); after
    ``_LOCAL_WORKER_WAIT`` seconds the replay goes on with the workers that are up, saying so on
    standard error, and fails only when none is."""
    try:
        client.wait_for_workers(wanted, timeout=_LOCAL_WORKER_WAIT)
        return
    except TimeoutError:
        pass
    up = len(client.scheduler_info().get("workers", {}))
    if up == 0:
        raise RuntimeError(f"no worker of the local cluster started within "
                           f"{_LOCAL_WORKER_WAIT} s")
    print(f"llmcl: {up} of the local cluster's {wanted} workers started within "
          f"{_LOCAL_WORKER_WAIT} s; the replay goes on with {up}", file=sys.stderr)


def _replay(
    job: _Job,
    parts: list[Partition],
    client: Any,
    progress: Optional[Callable[[Progress], None]],
    cancel: Optional[threading.Event],
    retries: int,
) -> StoredRun:
    import json

    sources, fix, detail = job.sources, job.fix, job.detail
    threads = max(1, sum(client.nthreads().values()))
    merge_set = _llmcl.PartitionSet(sources)
    # The client imports the conversations (their texts) from local copies of URLs.
    copies = {f: _local_copy(f) for f in job.files if _is_url(f)}
    run = _llmcl.DistributedRun(
        merge_set, job.database, job.files, fix, detail, threads, job.resume, copies
    )
    # The contracts travel once to each worker, not with every task.
    scattered = client.scatter(_Contracts(sources), broadcast=True, hash=False)
    # Tasks are submitted a few ahead of the merge, so that workers never wait for work and
    # results wait on the workers (not in the client's memory) until their turn to merge.
    ahead = max(4, 3 * threads)
    pending: collections.deque[tuple[Partition, Any]] = collections.deque()
    submitted = 0
    start = time.monotonic()
    turns = conversations = bytes_done = 0
    bytes_total = sum(p.end - p.begin for p in parts)

    def submit_more() -> None:
        nonlocal submitted
        while submitted < len(parts) and len(pending) < ahead:
            partition = parts[submitted]
            future = client.submit(
                _replay_partition, scattered, partition, bool(fix), bool(detail),
                pure=False, retries=retries,
            )
            pending.append((partition, future))
            submitted += 1

    def stop(failure: Optional[str]) -> StoredRun:
        for _, future in pending:
            future.cancel()
        pending.clear()
        stored = run.finish(failure is None, failure)
        return StoredRun(stored[0], stored[1], json.loads(stored[2]) if stored[2] else {})

    done = 0
    try:
        submit_more()
        while pending:
            if cancel is not None and cancel.is_set():
                return stop(None)
            partition, future = pending[0]
            try:
                results = _result(future, cancel)
            except _Cancelled:
                return stop(None)
            except Exception as error:  # the task failed on every try
                message = str(error) or type(error).__name__
                if not message.startswith(partition.describe()):
                    message = f"{partition.describe()}: {type(error).__name__}: {message}"
                stop(message)
                raise PartitionError(partition, message) from None
            pending.popleft()
            added_conversations, added_turns, problems = run.add(
                results, partition.file, partition.begin, partition.end, partition.whole
            )
            del results
            for problem in problems:
                print(f"llmcl: {problem}", file=sys.stderr)
            turns += added_turns
            conversations += added_conversations
            bytes_done += partition.end - partition.begin
            done += 1
            submit_more()
            if progress is not None:
                progress(Progress(turns, conversations, done, len(parts), bytes_done,
                                  bytes_total, time.monotonic() - start))
    except KeyboardInterrupt:
        stop(None)
        raise
    stored = run.finish(False, None)
    return StoredRun(stored[0], stored[1], json.loads(stored[2]))


class _Cancelled(Exception):
    pass


def _result(future: Any, cancel: Optional[threading.Event]) -> bytes:
    """The future's result, looking at ``cancel`` (and letting Ctrl-C in) every 100 ms."""
    from distributed import wait
    from distributed import TimeoutError as DaskTimeout

    # Waiting, not Future.result(timeout=…): a result() that times out mid-transfer can fail
    # inside distributed instead of raising its timeout.
    while not future.done():
        if cancel is not None and cancel.is_set():
            raise _Cancelled()
        try:
            wait([future], timeout=0.1)
        except (DaskTimeout, TimeoutError):
            pass
    return future.result()
