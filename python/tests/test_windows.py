# SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""ensure_prob windows in sessions: window_size N and global across the sessions of a
ContractSet in the order their turns arrive, session windows per conversation, exactly as
`llmcl replay` evaluates them; thread-safe when several threads have sessions of one set."""

import json
import os
import random
import subprocess
import threading

import llmcl
from conftest import SOURCE_DIR

WINDOWS = SOURCE_DIR / "tests" / "data" / "conversations" / "windows.llmcl"
RESPONSES = ["ok", "ok then", "no", "nope, a much longer answer", "ok, but also long enough", ""]


def _conversations(count=9, seed=14):
    pick = random.Random(seed)
    return [
        {
            "id": f"c{n}",
            "turns": [
                {"user": f"question {t}", "assistant": pick.choice(RESPONSES)}
                for t in range(pick.randint(1, 5))
            ],
        }
        for n in range(count)
    ]


def _llmcl_replay(sessions, fmt):
    args = [os.environ["LLMCL_CLI_PATH"], "replay", str(WINDOWS), "--sessions", str(sessions),
            "--format", fmt, "--explain", "all", "--jobs", "2", "--no-progress"]
    if fmt == "text":
        args.remove("--explain")
        args.remove("all")
    done = subprocess.run(args, capture_output=True, text=True, encoding="utf-8")
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


def _verdict(v):
    """What a clause's verdict says, as `llmcl replay --format json` writes it."""
    window = None
    if v.window is not None:
        w = v.window
        window = {"held": w.held, "rate": w.rate, "results": w.results, "size": w.size,
                  "target": w.target}
    return {"id": v.id, "status": v.status, "message": v.message, "window": window}


def _theirs(v):
    return {"id": v["id"], "status": v["status"], "message": v.get("message", ""),
            "window": v.get("window")}


def test_sessions_equal_llmcl_replay(tmp_path):
    conversations = _conversations()
    sessions = tmp_path / "sessions.jsonl"
    sessions.write_text("".join(json.dumps(c) + "\n" for c in conversations), encoding="utf-8")
    expected = [json.loads(line) for line in _llmcl_replay(sessions, "json").splitlines()]
    expected = [e for e in expected if "summary" not in e]

    contracts = llmcl.load(WINDOWS)
    actual = []
    for conversation in conversations:
        with contracts.session() as session:
            for number, turn in enumerate(conversation["turns"], start=1):
                result = session.turn(turn["user"], turn["assistant"], trace=True)
                actual.append(("turn", conversation["id"], number, result))
            actual.append(("end", conversation["id"], None, session.end()))
    assert len(actual) == len(expected)
    statuses = set()
    for (kind, conversation, number, mine), theirs in zip(actual, expected):
        assert conversation == theirs["conversation"]
        if kind == "turn":
            assert number == theirs["turn"]
            assert mine.valid == theirs["valid"]
            assert [v.clause for v in mine.violations] == [
                v["clause"] for v in theirs["violations"]]
            assert [_verdict(v) for v in mine.verdicts] == [_theirs(v) for v in theirs["clauses"]]
            statuses.update(v.status for v in mine.verdicts)
        else:
            assert theirs["end"]
            assert mine.valid == theirs["valid"]
            assert [_verdict(v) for v in mine.clauses] == [_theirs(v) for v in theirs["clauses"]]
            assert [v.message for v in mine.violations] == [
                v["message"] for v in theirs["violations"]]
    # The file exercises every outcome of a window: pending, pass and fail.
    assert {"pending", "pass", "fail"} <= statuses

    # The global window settles at the run's end, as `llmcl replay` prints it.
    run_end = [line for line in _llmcl_replay(sessions, "text").splitlines()
               if line.startswith("run end: ")]
    settled = contracts.end_run()
    assert [f"run end: {v.id} {v.status}" + (f" — {v.message}" if v.message else "")
            for v in settled] == run_end
    assert settled and settled[0].window.results == sum(
        len(c["turns"]) for c in conversations)
    # And starts again.
    assert contracts.end_run() == ()


def test_windows_shared_by_threads():
    """Sessions on several threads feed one set's windows: every result is counted once."""
    contracts = llmcl.load(WINDOWS)
    threads, sessions_per_thread, turns = 4, 25, 4
    ends = []
    lock = threading.Lock()

    def work(index):
        for n in range(sessions_per_thread):
            with contracts.session() as session:
                for t in range(turns):
                    result = session.turn("q", "ok" if (index + n + t) % 2 else "a long no answer")
                    [n_window, session_window, global_window] = result.verdicts
                    assert session_window.window.results == t + 1
                    assert n_window.window.results == min(3, n_window.window.results)
                end = session.end()
            with lock:
                ends.append(end)

    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(ends) == threads * sessions_per_thread
    assert all(e.clauses[0].window.results == turns for e in ends)
    [global_window] = contracts.end_run()
    total = threads * sessions_per_thread * turns
    assert global_window.window.results == total
    # Half the responses are "ok" (short), half long: the rate is exact whatever the order.
    assert global_window.window.rate == 0.5
    assert global_window.status == "fail"


def test_evaluate_outside_a_session_leaves_windows_pending():
    contracts = llmcl.load(WINDOWS)
    result = contracts.evaluate("q", "ok")
    assert [v.status for v in result.verdicts] == ["pending"] * 3
    assert contracts.end_run() == ()
