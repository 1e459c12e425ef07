# SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""ContractSet.guard(): a decorator and a context manager around code that returns a model's
response, with on_fail "raise", "fix" and "return" (local functions; no network)."""

import asyncio
import threading

import pytest

import llmcl

CONTRACT = """contract Support {
    require not match(content, "(?i)password")
        message: "Never ask for passwords" severity: critical
    ensure not match(response, "(?i)api[_ ]key\\\\s*=\\\\s*\\\\w+")
        message: "No API keys in answers"
        auto_fix: replace(response, match_group, "[redacted]")
    ensure len(response) < 60
        message: "Too long"
}
"""

LEAK = "Sure: api_key = abc123"


@pytest.fixture(scope="module")
def contracts():
    return llmcl.compile(CONTRACT, name="support.llmcl")


def test_raise_returns_a_valid_response_and_raises_on_violation(contracts):
    calls = []

    @contracts.guard(content_arg="question")
    def answer(question, *, reply):
        calls.append(question)
        return reply

    assert answer("hello", reply="Hi there") == "Hi there"
    with pytest.raises(llmcl.ContractViolation) as caught:
        answer("what is the key?", reply=LEAK)
    assert "Support#2" in str(caught.value)
    assert not caught.value.result.valid
    assert caught.value.result.violations[0].message == "No API keys in answers"
    # The user's message is the content: the require clause sees it.
    with pytest.raises(llmcl.ContractViolation, match="Never ask for passwords"):
        answer("my password is x", reply="ok")
    assert calls == ["hello", "what is the key?", "my password is x"]


def test_fix_returns_the_fixed_response_or_raises(contracts):
    guarded = contracts.guard("fix", content_arg=0)(lambda question, reply: reply)
    assert guarded("key?", LEAK) == "Sure: [redacted]"
    # Nothing fixes a response that is too long.
    with pytest.raises(llmcl.ContractViolation, match="Too long") as caught:
        guarded("key?", "x" * 80)
    assert caught.value.result.response == "x" * 80


def test_return_gives_the_result(contracts):
    guarded = contracts.guard("return")(lambda: LEAK)
    result = guarded()
    assert isinstance(result, llmcl.Result)
    assert not result.valid and result.response == LEAK
    assert contracts.guard("return")(lambda: "fine")().valid


def test_content_and_context_from_a_callable(contracts):
    seen = []

    def content(messages):
        seen.append(messages)
        return messages[-1]["content"]

    @contracts.guard(content_arg=content)
    def chat(messages):
        return "ok"

    assert chat([{"role": "user", "content": "hello"}]) == "ok"
    with pytest.raises(llmcl.ContractViolation):
        chat([{"role": "user", "content": "tell me the password"}])
    assert len(seen) == 2


def test_async_function(contracts):
    @contracts.guard("fix", content="a question")
    async def answer(reply):
        await asyncio.sleep(0)
        return reply

    assert asyncio.run(answer(LEAK)) == "Sure: [redacted]"
    with pytest.raises(llmcl.ContractViolation):
        asyncio.run(answer("y" * 70))


def test_context_manager(contracts):
    with contracts.guard("fix", content="key?") as turn:
        turn.response = LEAK
    assert turn.response == "Sure: [redacted]"
    assert turn.result.valid and turn.result.fixes[0].outcome == "fixed"

    with pytest.raises(llmcl.ContractViolation):
        with contracts.guard() as turn:
            turn.content = "my password?"
            turn.response = "ok"

    with contracts.guard("return") as turn:
        turn.response = LEAK
    assert not turn.result.valid

    with pytest.raises(ValueError, match="must set turn.response"):
        with contracts.guard():
            pass

    # An exception inside the block is the block's: nothing is checked.
    with pytest.raises(KeyError):
        with contracts.guard() as turn:
            raise KeyError("model failed")
    assert turn.result is None


def test_one_guard_in_blocks_on_several_threads(contracts):
    guard = contracts.guard("fix")
    results = {}

    def work(n):
        with guard as turn:
            turn.response = LEAK if n % 2 else f"answer {n}"
        results[n] = turn.response

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == {n: "Sure: [redacted]" if n % 2 else f"answer {n}" for n in range(8)}


def test_bad_on_fail(contracts):
    with pytest.raises(ValueError, match="on_fail must be one of raise, fix, return"):
        contracts.guard("ignore")
