# SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""ContractSet.replay(): the runner of `llmcl replay`, its results in input order as an
iterator, from a file or an iterable; malformed lines reported as `llmcl replay` reports them."""

import gzip
import json
import os
import subprocess
import threading
import time

import pytest

import llmcl
from conftest import without_durations

FILES = ("safety.llmcl", "support.llmcl", "quality.llmcl")


def _llmcl_replay(files, sessions, fix=False, jobs=2):
    args = [os.environ["LLMCL_CLI_PATH"], "replay", *map(str, files), "--sessions",
            str(sessions), "--format", "json", "--explain", "all", "--jobs", str(jobs),
            "--no-progress"]
    if fix:
        args.append("--fix")
    done = subprocess.run(args, capture_output=True, text=True, encoding="utf-8")
    assert done.returncode in (0, 1), done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    return lines[:-1], lines[-1]["summary"], done.stderr


def _stable(summary):
    """The summary without what depends on the clock."""
    if isinstance(summary, dict):
        return {k: _stable(v) for k, v in summary.items()
                if k not in ("p50", "p90", "p99") and not k.endswith("_ns")
                and "latency" not in k and "per_second" not in k}
    if isinstance(summary, list):
        return [_stable(v) for v in summary]
    return summary


@pytest.fixture(scope="module")
def files(examples):
    return [examples / name for name in FILES]


@pytest.fixture(scope="module")
def contracts(files):
    return llmcl.load(*files)


@pytest.mark.parametrize("fix", [False, True], ids=["plain", "fix"])
@pytest.mark.parametrize("jobs", [1, 2])
def test_replay_equals_llmcl_replay(examples, files, contracts, fix, jobs):
    sessions = examples / "sessions.jsonl"
    expected, summary, _ = _llmcl_replay(files, sessions, fix=fix)
    replay = contracts.replay(sessions, jobs=jobs, fix=fix, trace=True)
    items = list(replay)
    assert [without_durations(item.json) for item in items] == [
        without_durations(line) for line in expected]
    turns = [item for item in items if isinstance(item, llmcl.ReplayTurn)]
    ends = [item for item in items if isinstance(item, llmcl.ReplayEnd)]
    assert len(turns) + len(ends) == len(items) and len(ends) == 40
    # The typed results say what the lines say.
    for item in turns:
        assert item.result.valid == item.json["valid"]
        assert [v.id for v in item.result.verdicts] == [c["id"] for c in item.json["clauses"]]
    for item in ends:
        assert [v.id for v in item.end.clauses] == [c["id"] for c in item.json["clauses"]]
    assert any(v.status == "fail" for item in turns for v in item.result.verdicts)
    assert _stable(replay.summary) == _stable(summary)
    assert replay.turns == summary["turns"] and replay.conversations == 40
    assert replay.problems == []
    # quality.llmcl's global window settles at the run's end (test_windows compares the
    # verdicts with what `llmcl replay` prints).
    assert [(v.id, v.window.size) for v in replay.run_end] == [("ResponseQuality#2", "global")]


def test_iterable_of_dicts_and_lines(examples, contracts):
    path = examples / "sessions.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    from_file = [without_durations(i.json) for i in contracts.replay(path, trace=True)]
    as_dicts = contracts.replay((json.loads(line) for line in lines), jobs=2, trace=True)
    assert [without_durations(i.json) for i in as_dicts] == from_file
    as_bytes = contracts.replay([line.encode() for line in lines], jobs=1, trace=True)
    assert [without_durations(i.json) for i in as_bytes] == from_file
    assert as_dicts.summary["turns"] == as_bytes.summary["turns"]


def test_malformed_lines_reported_as_llmcl_replay_reports_them(tmp_path, examples, files,
                                                                contracts):
    good = (examples / "sessions.jsonl").read_text(encoding="utf-8").splitlines()[:3]
    broken = [good[0], '{"id": "x", "turns": [', "not json at all", good[1],
              '{"id": "y", "turns": 5}', good[2]]
    sessions = tmp_path / "broken.jsonl"
    sessions.write_text("\n".join(broken) + "\n", encoding="utf-8")
    _, summary, stderr = _llmcl_replay(files, sessions)
    printed = [line[len("llmcl: "):] for line in stderr.splitlines() if line.startswith("llmcl: ")]
    assert len(printed) == 3
    with pytest.warns(llmcl.SessionProblemWarning) as warned:
        replay = contracts.replay(sessions)
        ends = [i for i in replay if isinstance(i, llmcl.ReplayEnd)]
    assert [str(p) for p in replay.problems] == printed
    assert [str(w.message) for w in warned] == printed
    assert [p.line for p in replay.problems] == [2, 3, 5]
    assert len(ends) == 3 and replay.summary["conversations"] == summary["conversations"]

    # From an iterable, the same problems at the same lines, the "file" being "<sessions>".
    with pytest.warns(llmcl.SessionProblemWarning):
        from_lines = contracts.replay(broken)
        list(from_lines)
    assert [(p.line, p.message) for p in from_lines.problems] == [
        (p.line, p.message) for p in replay.problems]
    assert all(str(p).startswith("<sessions>:") for p in from_lines.problems)


def test_gzip_file(tmp_path, examples, contracts):
    data = (examples / "sessions.jsonl").read_bytes()
    sessions = tmp_path / "sessions.jsonl.gz"
    sessions.write_bytes(gzip.compress(data))
    plain = [without_durations(i.json) for i in contracts.replay(examples / "sessions.jsonl")]
    assert [without_durations(i.json) for i in contracts.replay(sessions)] == plain


def test_errors(tmp_path, contracts):
    with pytest.raises(OSError, match="missing.jsonl: cannot open"):
        contracts.replay(tmp_path / "missing.jsonl")
    with pytest.raises(TypeError, match="sessions must be a path or an iterable"):
        contracts.replay(42)
    with pytest.raises(ValueError, match="jobs must be a number from 1 to 256"):
        contracts.replay(tmp_path / "x.jsonl", jobs=0)

    def failing():
        yield {"id": "a", "turns": [{"user": "hi", "assistant": "hello"}]}
        raise RuntimeError("the source broke")

    replay = contracts.replay(failing())
    with pytest.raises(RuntimeError, match="the source broke"):
        for _ in replay:
            pass


def test_dropping_the_iterator_stops_the_replay(examples, contracts):
    lines = (examples / "sessions.jsonl").read_text(encoding="utf-8").splitlines()
    pulled = []

    def endless():
        n = 0
        while True:
            n += 1
            pulled.append(n)
            yield lines[n % len(lines)]

    replay = contracts.replay(endless(), jobs=2)
    first = next(replay)
    assert isinstance(first, llmcl.ReplayTurn)
    del replay  # must not hang, and the source is no longer read
    count = len(pulled)
    time.sleep(0.2)
    assert len(pulled) == count


def test_gil_released_while_the_engine_replays(examples, contracts):
    """Another Python thread runs while a replay works (the iterator waits without the GIL)."""
    path = examples / "sessions.jsonl"
    ticks = []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            ticks.append(1)
            time.sleep(0.001)

    thread = threading.Thread(target=ticker)
    thread.start()
    try:
        for _ in range(5):
            for _ in contracts.replay(path, jobs=2, trace=True):
                pass
    finally:
        stop.set()
        thread.join()
    assert len(ticks) > 5
