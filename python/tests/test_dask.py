# SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""A replay on a Dask LocalCluster of two worker processes stores the run `llmcl replay --db`
stores for the same files: `llmcl diff` between the two reports no change and their exported
traces are equal apart from timings and run ids. The files are cut into many small
partitions, so that conversations, ensure_prob windows (window_size N, global) and line
numbers all cross partition boundaries; a malformed line and a gzip file are among them."""

import gzip
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading

import pytest

import llmcl
import llmcl.dask
from conftest import EXAMPLES, SOURCE_DIR

distributed = pytest.importorskip("distributed")

CONTRACTS = [
    EXAMPLES / "support.llmcl",
    SOURCE_DIR / "tests" / "data" / "conversations" / "windows.llmcl",
]
RESPONSES = [
    "ok", "ok, thank you", "no", "nope, a much longer answer than ten bytes", "ERROR here",
    "our refund policy: 30 days", "an agent will help", "anything else?", "",
]
CONTENTS = ["hello", "I want a refund", "it is not working", "human please", "order no. 123456"]


def _conversations(count, seed, prefix):
    pick = random.Random(seed)
    lines = []
    for n in range(count):
        conversation = {
            "turns": [
                {"user": pick.choice(CONTENTS), "assistant": pick.choice(RESPONSES)}
                for _ in range(pick.randint(1, 6))
            ]
        }
        # Every seventh conversation has no id: its id is its line number in the file.
        if n % 7:
            conversation["id"] = f"{prefix}{n}"
        if n % 5 == 0:
            conversation["metadata"] = {"user_type": pick.choice(["banned", "regular"])}
        lines.append(json.dumps(conversation))
    return lines


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        yield client


def _cli(*args, ok=(0, 1)):
    done = subprocess.run([os.environ["LLMCL_CLI_PATH"], *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8")
    assert done.returncode in ok, done.stderr
    return done


def _local_run(db, sessions, fix, detail, jobs=2):
    args = ["replay", *CONTRACTS, "--sessions", sessions, "--db", db, "--jobs", str(jobs),
            "--no-progress"]
    if fix:
        args.append("--fix")
    if detail:
        args += ["--trace", db.parent / "local-trace.json"]
    done = _cli(*args)
    return int(done.stdout.rsplit("stored as run ", 1)[1].split()[0]), done.stderr


# What differs between two replays of the same input: how long things took and when (the
# run's id is taken out of exports separately).
TIMING_KEYS = {"duration_ns", "start_time_unix_ns", "end_time_unix_ns", "compile_ns",
               "p50", "p90", "p95", "p99"}


def _without_timings(value):
    if isinstance(value, dict):
        return {k: _without_timings(v) for k, v in value.items() if k not in TIMING_KEYS}
    if isinstance(value, list):
        return [_without_timings(v) for v in value]
    return value


def _export(db, run, path):
    _cli("export", "--db", db, str(run), "-o", path, ok=(0,))
    trace = json.loads(path.read_text(encoding="utf-8"))
    for stored in trace["runs"]:
        assert stored.pop("id") == f"run-{run}"
    return trace


def _assert_same_runs(db, local, distributed_run, tmp_path, turns):
    diff = json.loads(_cli("diff", "--db", db, str(local), str(distributed_run),
                           "--format", "json").stdout)
    assert diff["turns_compared"] == turns
    assert diff["turns_only_in_a"] == 0 and diff["turns_only_in_b"] == 0
    assert diff["clauses"] == []  # no new failures, passes, other changes or changed fixes
    a = _export(db, local, tmp_path / f"a{local}.json")
    b = _export(db, distributed_run, tmp_path / f"b{distributed_run}.json")
    assert _without_timings(a) == _without_timings(b)
    # What diff and export do not show: every stored row but ids and timings.
    with sqlite3.connect(db) as connection:
        def rows(run, query):
            return connection.execute(query, (run,)).fetchall()
        for query in (
            "SELECT position, conversation, valid FROM run_conversations WHERE run = ? "
            "ORDER BY position",
            "SELECT c.position, t.turn, t.valid FROM run_turns t JOIN run_conversations c "
            "ON t.conversation = c.id WHERE c.run = ? ORDER BY 1, 2",
            "SELECT status, sessions, options FROM runs WHERE id = ?",
        ):
            assert rows(local, query) == rows(distributed_run, query)


@pytest.mark.parametrize("fix,detail", [(False, False), (True, True)])
def test_distributed_run_equals_llmcl_replay(cluster, tmp_path, fix, detail):
    lines = _conversations(240, seed=16, prefix="c")
    lines.insert(37, '{"id": "broken", "turns": [')  # malformed: skipped and reported
    lines.insert(80, "")  # blank: skipped silently, still a line
    sessions = tmp_path / "sessions.jsonl"
    sessions.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "w.db"
    local, local_err = _local_run(db, sessions, fix, detail)

    progress = []
    stored = llmcl.dask.replay(CONTRACTS, sessions, cluster, db=db, fix=fix, detail=detail,
                               partition_bytes=1500, progress=progress.append)
    assert stored.status == "complete"
    assert len(progress) > 20  # conversations and windows crossed many partitions
    assert progress[-1].partitions_done == progress[-1].partitions
    assert stored.summary["problems"] == 1
    turns = stored.summary["turns"]
    assert progress[-1].turns == turns
    _assert_same_runs(db, local, stored.run, tmp_path, turns)
    assert "sessions.jsonl:38 (byte" in local_err


def test_many_files_and_gzip_equal_their_concatenation(cluster, tmp_path):
    first = _conversations(90, seed=1, prefix="a")
    second = _conversations(60, seed=2, prefix="b")
    plain = tmp_path / "first.jsonl"
    plain.write_text("\n".join(first) + "\n", encoding="utf-8")
    compressed = tmp_path / "second.jsonl.gz"
    # Conversations without an id take their line number in their own file: the
    # concatenation numbers the second file's lines on, so those of the second file get ids.
    second_with_ids = [json.dumps({"id": json.loads(line).get("id", f"line{n + 1}"),
                                   **{k: v for k, v in json.loads(line).items() if k != "id"}})
                       for n, line in enumerate(second)]
    with gzip.open(compressed, "wt", encoding="utf-8") as out:
        out.write("\n".join(second_with_ids) + "\n")
    both = tmp_path / "both.jsonl"
    both.write_text("\n".join(first + second_with_ids) + "\n", encoding="utf-8")
    db = tmp_path / "w.db"
    local, _ = _local_run(db, both, False, False)

    parts = llmcl.dask.partitions([plain, compressed], 2000)
    assert parts[-1].whole and not any(p.whole for p in parts[:-1])
    stored = llmcl.dask.replay(CONTRACTS, [plain, compressed], cluster, db=db,
                               partition_bytes=2000)
    assert stored.status == "complete"
    diff = json.loads(_cli("diff", "--db", db, str(local), str(stored.run),
                           "--format", "json").stdout)
    assert diff["turns_compared"] == stored.summary["turns"] > 0
    assert diff["turns_only_in_a"] == 0 and diff["turns_only_in_b"] == 0
    assert diff["clauses"] == []
    with sqlite3.connect(db) as connection:
        totals = [json.loads(connection.execute("SELECT totals FROM runs WHERE id = ?",
                                                (run,)).fetchone()[0])
                  for run in (local, stored.run)]
    assert _without_timings(totals[0]) == _without_timings(totals[1])


def test_fsspec_urls_equal_local_paths(cluster, tmp_path, capsys):
    # Sessions named by fsspec URLs (file:// here; s3:// and the like read the same way): the
    # workers and the client read local copies, and the run keeps the URLs, in runs.sessions
    # and in the malformed lines it reports.
    first = _conversations(80, seed=11, prefix="u")
    plain = tmp_path / "day1.jsonl"
    plain.write_text("\n".join(first[:40] + ["{broken"] + first[40:]) + "\n", encoding="utf-8")
    second = _conversations(40, seed=12, prefix="v")
    compressed = tmp_path / "day2.jsonl.gz"
    with gzip.open(compressed, "wt", encoding="utf-8") as out:
        out.write("\n".join(second) + "\n")
    urls = [plain.resolve().as_uri(), compressed.resolve().as_uri()]
    assert all(url.startswith("file:///") for url in urls)
    db = tmp_path / "w.db"
    by_path = llmcl.dask.replay(CONTRACTS, [plain, compressed], cluster, db=db,
                                partition_bytes=3000)
    capsys.readouterr()
    parts = llmcl.dask.partitions(urls, 3000)
    assert [(p.begin, p.end, p.whole) for p in parts] == \
        [(p.begin, p.end, p.whole) for p in llmcl.dask.partitions([plain, compressed], 3000)]
    by_url = llmcl.dask.replay(CONTRACTS, urls, cluster, db=db, partition_bytes=3000)
    assert by_url.status == "complete"
    assert f"llmcl: {urls[0]}:41 (byte " in capsys.readouterr().err
    diff = json.loads(_cli("diff", "--db", db, str(by_path.run), str(by_url.run),
                           "--format", "json").stdout)
    assert diff["turns_compared"] == by_url.summary["turns"] > 0
    assert diff["turns_only_in_a"] == 0 and diff["turns_only_in_b"] == 0
    assert diff["clauses"] == []
    assert _without_timings({**by_path.summary, "run": 0}) == \
        _without_timings({**by_url.summary, "run": 0})
    with sqlite3.connect(db) as connection:
        sessions = connection.execute("SELECT sessions FROM runs WHERE id = ?",
                                      (by_url.run,)).fetchone()[0]
        linked = connection.execute(
            "SELECT count(*) FROM run_conversations WHERE run = ? AND source IS NOT NULL",
            (by_url.run,)).fetchone()[0]
    assert sessions == "\n".join(urls)
    assert linked == 120  # every conversation linked to its imported text


def test_partitions_cover_every_line_once(tmp_path):
    sessions = tmp_path / "s.jsonl"
    lines = _conversations(50, seed=3, prefix="p")
    sessions.write_text("\n".join(lines), encoding="utf-8")  # no newline at the end
    size = sessions.stat().st_size
    for partition_bytes in (1, 7, 100, 999, size, size * 2):
        parts = llmcl.dask.partitions([sessions], partition_bytes)
        assert parts[0].begin == 0 and parts[-1].end == size
        assert all(a.end == b.begin for a, b in zip(parts, parts[1:]))
    with pytest.raises(ValueError):
        llmcl.dask.partitions([sessions], 0)


def _sessions(tmp_path, count, name="sessions.jsonl", seed=5):
    path = tmp_path / name
    path.write_text("\n".join(_conversations(count, seed=seed, prefix="r")) + "\n",
                    encoding="utf-8")
    return path


def test_cancelled_run_is_resumed_into_the_local_run(cluster, tmp_path):
    sessions = _sessions(tmp_path, 200)
    db = tmp_path / "w.db"
    local, _ = _local_run(db, sessions, False, False)
    cancel = threading.Event()

    def progress(p):
        if p.partitions_done == 3:
            cancel.set()

    stopped = llmcl.dask.replay(CONTRACTS, sessions, cluster, db=db, partition_bytes=2000,
                                progress=progress, cancel=cancel)
    assert stopped.status == "cancelled"
    resumed = llmcl.dask.resume(stopped.run, cluster, db=db, partition_bytes=3000)
    assert (resumed.run, resumed.status) == (stopped.run, "complete")
    _assert_same_runs(db, local, resumed.run, tmp_path, resumed.summary["turns"])


def test_a_worker_killed_mid_run_changes_nothing(cluster, tmp_path):
    sessions = _sessions(tmp_path, 300, seed=6)
    db = tmp_path / "w.db"
    local, _ = _local_run(db, sessions, True, False)
    pids = sorted(cluster.run(os.getpid).values())
    killed = []

    def progress(p):
        if p.partitions_done == 4 and not killed:
            os.kill(pids[0], signal.SIGKILL)  # its nanny starts a new one
            killed.append(pids[0])

    stored = llmcl.dask.replay(CONTRACTS, sessions, cluster, db=db, fix=True,
                               partition_bytes=1500, progress=progress)
    assert killed and stored.status == "complete"
    _assert_same_runs(db, local, stored.run, tmp_path, stored.summary["turns"])
    cluster.wait_for_workers(2, timeout=30)


def test_a_poison_partition_stops_the_run_naming_it(cluster, tmp_path):
    # More turns than the run writer's batch: the partitions merged before are committed.
    plain = _sessions(tmp_path, 400, seed=7)
    compressed = tmp_path / "late.jsonl.gz"
    with gzip.open(compressed, "wt", encoding="utf-8") as out:
        out.write("\n".join(_conversations(20, seed=8, prefix="g")) + "\n")
    db = tmp_path / "w.db"

    def progress(p):
        # Imported whole by the client, then broken before its task runs (tasks go a few
        # partitions ahead of the merge; the plain file has dozens).
        if p.partitions_done == 1:
            data = compressed.read_bytes()
            compressed.write_bytes(data[: len(data) // 2] + b"\0" * 64)

    with pytest.raises(llmcl.dask.PartitionError) as raised:
        llmcl.dask.replay(CONTRACTS, [plain, compressed], cluster, db=db, partition_bytes=1000,
                          progress=progress, retries=1)
    assert raised.value.partition.file == str(compressed)
    assert str(raised.value).startswith(f"{compressed}: the gzip data ends early")
    with sqlite3.connect(db) as connection:
        status, = connection.execute("SELECT status FROM runs").fetchone()
        stored = {c for c, in connection.execute("SELECT conversation FROM run_conversations")}
    assert status == "incomplete"
    assert stored and not any(c.startswith("g") for c in stored)  # nothing of the poison file


def _command_line_run(tmp_path, sessions, db, *options):
    """python3 -m llmcl.dask replay on a LocalCluster of its own; its run (1) must be the one
    `llmcl replay --db` stores next."""
    done = subprocess.run(
        [sys.executable, "-m", "llmcl.dask", "replay", *map(str, CONTRACTS), "--sessions",
         str(sessions), "--db", str(db), "--workers", "2", "--partition-bytes", "4000",
         "--no-progress", *map(str, options)],
        capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode in (0, 1), done.stderr
    # The run records how many workers replayed it: two, or one when distributed never started
    # the other (the command says so and goes on; llmcl.dask._local_workers_up).
    options, totals = sqlite3.connect(db).execute(
        "SELECT options, totals FROM runs WHERE id = 1").fetchone()
    jobs = int(json.loads(options)["jobs"])
    assert jobs == 2 or (jobs == 1 and "1 of the local cluster's 2 workers" in done.stderr), \
        done.stderr
    local, _ = _local_run(db, sessions, False, False, jobs)
    _assert_same_runs(db, local, 1, tmp_path, json.loads(totals)["turns"])
    return done


def test_command_line_replay(tmp_path):
    sessions = _sessions(tmp_path, 60, seed=9)
    db = tmp_path / "w.db"
    done = _command_line_run(tmp_path, sessions, db)
    assert "stored as run 1 in" in done.stdout and "(complete)" in done.stdout
    usage = subprocess.run([sys.executable, "-m", "llmcl.dask", "replay", "--db", str(db)],
                           capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert usage.returncode == 2 and "--sessions" in usage.stderr


def _certificates(folder):
    """A certificate authority and one certificate it signed for this machine (127.0.0.1),
    made with openssl: what the scheduler, the workers and the client present."""
    openssl = shutil.which("openssl")
    if not openssl:
        pytest.skip("openssl is not installed")

    def run(*args):
        subprocess.run([openssl, *args], cwd=folder, check=True, capture_output=True)

    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
        "-days", "1", "-subj", "/CN=llmcl test CA")
    run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.csr",
        "-subj", "/CN=localhost")
    (folder / "ext.cnf").write_text(
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
        "extendedKeyUsage=serverAuth,clientAuth\n", encoding="utf-8")
    run("x509", "-req", "-in", "cert.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", "cert.pem", "-days", "1", "-extfile", "ext.cnf")
    return folder / "ca.pem", folder / "cert.pem", folder / "key.pem"


def test_tls_cluster(tmp_path):
    ca, cert, key = _certificates(tmp_path)
    sessions = _sessions(tmp_path, 60, seed=10)
    db = tmp_path / "w.db"
    done = _command_line_run(tmp_path, sessions, db, "--tls-ca", ca, "--tls-cert", cert,
                             "--tls-key", key)
    assert "(complete)" in done.stdout and "encrypted (TLS)" in done.stdout
    # A client without the certificates is refused by the TLS scheduler: checked on a cluster
    # of the test's own, started with the same Security.
    from distributed.security import Security

    security = Security(tls_ca_file=str(ca), tls_client_cert=str(cert), tls_client_key=str(key),
                        tls_scheduler_cert=str(cert), tls_scheduler_key=str(key),
                        tls_worker_cert=str(cert), tls_worker_key=str(key),
                        require_encryption=True)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  host="127.0.0.1", protocol="tls://", security=security,
                                  dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tls://")
        with pytest.raises(Exception):
            distributed.Client(cluster.scheduler_address.replace("tls://", "tcp://"),
                               timeout="2s")
        with distributed.Client(cluster, security=security) as client:
            stored = llmcl.dask.replay(CONTRACTS, sessions, client, db=db, partition_bytes=4000)
            assert stored.status == "complete"


def test_a_killed_client_leaves_an_incomplete_run_that_resume_completes(tmp_path):
    sessions = _sessions(tmp_path, 1000, seed=11)
    db = tmp_path / "w.db"
    command = [sys.executable, "-m", "llmcl.dask", "replay", "--db", str(db), "--workers", "2",
               "--partition-bytes", "1500"]
    # A session of its own: the client and its LocalCluster's processes are killed together.
    client = subprocess.Popen(command + [*map(str, CONTRACTS), "--sessions", str(sessions),
                                         "--progress"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              start_new_session=True)
    seen = b""
    try:
        while True:
            chunk = os.read(client.stderr.fileno(), 4096)
            assert chunk, f"the replay ended before it could be killed: {seen[-500:]!r}"
            seen += chunk
            done = [int(d) for d, _ in re.findall(rb"(\d+)/(\d+) partitions", seen)]
            if done and done[-1] >= 20:
                break
    finally:
        os.killpg(client.pid, signal.SIGKILL)
        client.wait()
    runs = _cli("runs", "--db", db, "--format", "json", ok=(0,)).stdout
    assert '"incomplete"' in runs
    resumed = subprocess.run(command + ["--resume", "last", "--no-progress"],
                             capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert resumed.returncode in (0, 1), resumed.stderr
    assert "stored as run 1 in" in resumed.stdout and "(complete)" in resumed.stdout
    local, _ = _local_run(db, sessions, False, False)
    _assert_same_runs(db, local, 1, tmp_path, json.loads(sqlite3.connect(db).execute(
        "SELECT totals FROM runs WHERE id = 1").fetchone()[0])["turns"])


class _ClientMissingAWorker:
    """What distributed's Client answers when one of a LocalCluster's worker processes never
    starts (seen with TLS): wait_for_workers times out, the scheduler knows the others."""

    def __init__(self, up):
        self.up = up

    def wait_for_workers(self, n, timeout):
        raise TimeoutError(f"Only {self.up} workers after {timeout}s")

    def scheduler_info(self):
        return {"workers": {f"tls://127.0.0.1:{4000 + i}": {} for i in range(self.up)}}


def test_a_local_worker_that_never_starts_is_left_out(capsys):
    from llmcl.dask import _local_workers_up

    _local_workers_up(_ClientMissingAWorker(1), 2)
    assert "1 of the local cluster's 2 workers started" in capsys.readouterr().err
    with pytest.raises(RuntimeError, match="no worker of the local cluster started"):
        _local_workers_up(_ClientMissingAWorker(0), 2)
