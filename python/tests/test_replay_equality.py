# SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""A Session turn by turn gives what `llmcl replay --format json` gives for the same
conversations (temporal clauses across turns, and at the end)."""

import json
import os
import subprocess

import llmcl
from conftest import without_durations

CONVERSATIONS = 12


def _replay(files, sessions, fix):
    args = [os.environ["LLMCL_CLI_PATH"], "replay", *map(str, files), "--sessions",
            str(sessions), "--format", "json", "--explain", "all", "--jobs", "1",
            "--no-progress"]
    if fix:
        args.append("--fix")
    done = subprocess.run(args, capture_output=True, text=True, encoding="utf-8")
    assert done.returncode in (0, 1), done.stderr
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def _turn(result):
    data = result.json
    return {
        "valid": data["valid"],
        "violations": data["violations"],
        "fixes": data["fixes"],
        "clauses": [v for c in data["contracts"] for v in c["clauses"]],
    }


def test_session_equals_llmcl_replay(examples, tmp_path):
    lines = (examples / "sessions.jsonl").read_text(encoding="utf-8").splitlines()
    sessions = tmp_path / "sessions.jsonl"
    sessions.write_text("\n".join(lines[:CONVERSATIONS]) + "\n", encoding="utf-8")
    files = [examples / "support.llmcl"]
    contracts = llmcl.load(*files)
    for fix in (False, True):
        expected = [
            without_durations(r) for r in _replay(files, sessions, fix) if "summary" not in r
        ]
        actual = []
        for line in lines[:CONVERSATIONS]:
            conversation = json.loads(line)
            session = contracts.session()
            for number, turn in enumerate(conversation["turns"], start=1):
                result = session.turn(turn["user"], turn["assistant"], fix=fix, trace=True)
                actual.append(
                    {"conversation": conversation["id"], "turn": number, **_turn(result)}
                )
            end = session.end()
            actual.append({"conversation": conversation["id"], "end": True, "valid": end.valid,
                           "violations": [v.__dict__ for v in end.violations],
                           "clauses": [v.id for v in end.clauses]})
        expected_ends = [r for r in expected if r.get("end")]
        assert any(not e["valid"] or e["violations"] for e in expected_ends)
        assert len(actual) == len(expected)
        for mine, theirs in zip(actual, expected):
            if theirs.get("end"):
                assert mine["valid"] == theirs["valid"]
                assert mine["violations"] == theirs["violations"]
                assert mine["clauses"] == [c["id"] for c in theirs["clauses"]]
            else:
                assert without_durations(mine) == theirs
