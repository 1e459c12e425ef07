# SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""llmcl.replay_to_db(): a run stored as `llmcl replay --db` stores it (tracer::RunRecording),
so that `llmcl runs` lists both alike and `llmcl diff` finds no change between them."""

import json
import os
import subprocess

import pytest

import llmcl

FILES = ("safety.llmcl", "support.llmcl", "quality.llmcl")


def _cli(*args):
    done = subprocess.run([os.environ["LLMCL_CLI_PATH"], *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8")
    return done


@pytest.mark.parametrize("fix", [False, True], ids=["plain", "fix"])
def test_stored_run_equals_llmcl_replay_db(tmp_path, examples, fix):
    files = [examples / name for name in FILES]
    sessions = examples / "sessions.jsonl"
    db = tmp_path / "w.db"
    flags = ["--fix"] if fix else []
    done = _cli("replay", *files, "--sessions", sessions, "--db", db, "--jobs", "2",
                "--no-progress", *flags)
    assert done.returncode in (0, 1), done.stderr

    stored = llmcl.replay_to_db(db, llmcl.load(*files), sessions, jobs=2, fix=fix)
    assert stored.run == 2 and stored.status == "complete"
    assert stored.summary["turns"] > 0 and stored.summary["run"] == 2

    runs = _cli("runs", "--db", db, "--format", "json")
    assert runs.returncode == 0, runs.stderr
    listed = json.loads(runs.stdout)
    listed = listed["runs"] if isinstance(listed, dict) else listed
    first, second = sorted(listed, key=lambda r: r["id"])
    for key in first:
        if key != "id" and not any(w in key for w in ("start", "finish", "duration", "time")):
            assert first[key] == second[key], key

    diff = _cli("diff", "--db", db, "1", "2", "--format", "json")
    assert diff.returncode == 0, diff.stdout + diff.stderr
    report = json.loads(diff.stdout)
    assert not report.get("changes"), report

    # Paths instead of a ContractSet: the same run again.
    again = llmcl.replay_to_db(db, files, sessions, jobs=1, fix=fix)
    assert again.run == 3
    diff = _cli("diff", "--db", db, "1", "3")
    assert diff.returncode == 0, diff.stdout + diff.stderr


def test_errors(tmp_path, examples):
    contracts = llmcl.load(examples / "safety.llmcl")
    with pytest.raises(OSError, match="missing.jsonl"):
        llmcl.replay_to_db(tmp_path / "w.db", contracts, tmp_path / "missing.jsonl")
    with pytest.raises(OSError):
        llmcl.replay_to_db(tmp_path, contracts, examples / "sessions.jsonl")
