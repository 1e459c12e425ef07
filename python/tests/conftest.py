# SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared helpers: where the examples and the built llmcl binary are (CTest sets
LLMCL_SOURCE_DIR and LLMCL_CLI_PATH; PYTHONPATH points at the built package)."""

import json
import os
import pathlib
import subprocess

import pytest

SOURCE_DIR = pathlib.Path(
    os.environ.get("LLMCL_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2])
)
EXAMPLES = SOURCE_DIR / "resources" / "examples"


def without_durations(value):
    """The JSON with every "duration_ns" removed: the only member that differs run to run."""
    if isinstance(value, dict):
        return {k: without_durations(v) for k, v in value.items() if k != "duration_ns"}
    if isinstance(value, list):
        return [without_durations(v) for v in value]
    return value


@pytest.fixture(scope="session")
def examples() -> pathlib.Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def llmcl_eval():
    """Runs the real `llmcl eval --format json` and returns its JSON document."""
    cli = os.environ.get("LLMCL_CLI_PATH")
    if not cli:
        pytest.fail("LLMCL_CLI_PATH is not set: run the tests through CTest")

    def run(files, content, response=None, context=None, fix=False):
        args = [cli, "eval", *map(str, files), "--content", content, "--format", "json"]
        if response is not None:
            args += ["--response", response]
        if context is not None:
            args += ["--context", json.dumps(context)]
        if fix:
            args.append("--fix")
        done = subprocess.run(args, capture_output=True, text=True, encoding="utf-8")
        assert done.returncode in (0, 1), done.stderr
        return json.loads(done.stdout)

    return run
