# SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""ContractSet.session(): turns in order, temporal clauses across them, end()."""

import pytest

import llmcl

TEMPORAL = """contract Greeting {
    temporal always match(content, "(?i)refund") implies within 2 contains(response, "policy")
        message: "A refund request needs the policy within two turns"
}
"""


def test_temporal_clause_settles_across_turns():
    contracts = llmcl.compile(TEMPORAL, name="greeting.llmcl")
    session = contracts.session()
    first = session.turn("I want a refund", "Let me check.")
    assert first.valid
    assert [v.status for v in first.verdicts] == ["pending"]
    second = session.turn("Well?", "Still checking.")
    assert session.turns == 2
    assert not second.valid
    [violation] = second.violations
    assert violation.clause == "Greeting#1"
    assert "violated at turn 2" in violation.message
    # Listed on the turn that settled it only.
    third = session.turn("Hello?", "Sorry for the wait.")
    assert third.valid
    assert [v.status for v in third.verdicts] == ["fail"]
    ending = session.end()
    assert session.ended
    assert ending.violations == ()


def test_obligation_met_and_pending_at_end():
    contracts = llmcl.compile(TEMPORAL, name="greeting.llmcl")
    with contracts.session() as session:
        result = session.turn("refund please", "See our policy page.")
        assert result.valid
    assert session.ended

    open_session = contracts.session(metadata={"user": "x"})
    open_session.turn("refund please", "One moment.")
    ending = open_session.end()
    assert not ending.valid
    assert [v.clause for v in ending.violations] == ["Greeting#1"]


def test_closed_session_raises():
    session = llmcl.compile(TEMPORAL).session()
    session.end()
    with pytest.raises(ValueError, match="the session has ended"):
        session.turn("hi", "hello")
    with pytest.raises(ValueError, match="the session has ended"):
        session.end()


def test_session_metadata_must_be_json():
    with pytest.raises(TypeError, match="metadata is not JSON-serialisable"):
        llmcl.compile(TEMPORAL).session(metadata={"x": object()})


def test_metadata_is_the_context_under_each_turns_own():
    contracts = llmcl.compile(
        'contract Tier {\n    require context.tier == "gold"\n        message: "Gold only"\n}\n'
    )
    session = contracts.session(metadata={"tier": "gold"})
    assert session.turn("hi").valid
    overridden = session.turn("hi", context={"tier": "silver"})
    assert [v.message for v in overridden.violations] == ["Gold only"]
    assert session.turn("hi", context={"other": 1}).valid
    assert not contracts.session().turn("hi").valid


def test_sessions_in_threads_share_one_contract_set():
    from concurrent.futures import ThreadPoolExecutor

    contracts = llmcl.compile(TEMPORAL, name="greeting.llmcl")
    script = [("refund?", "Checking."), ("and?", "Still checking."), ("ok", "See the policy.")]

    def conversation(_):
        session = contracts.session()
        results = [
            [(v.status, v.message) for v in session.turn(c, r).verdicts] for c, r in script
        ]
        return results, [v.clause for v in session.end().violations]

    expected = conversation(None)
    turns, _ = expected
    assert [verdicts[0][0] for verdicts in turns] == ["pending", "fail", "fail"]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert all(result == expected for result in pool.map(conversation, range(32)))
