# SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Bad input raises clear Python exceptions and never crashes the interpreter."""

import math

import pytest

import llmcl
from conftest import without_durations


@pytest.fixture(scope="module")
def contracts(examples):
    return llmcl.load(examples / "safety.llmcl")


def test_invalid_utf8_bytes(contracts):
    with pytest.raises(ValueError, match=r"content is not valid UTF-8 .*offset 2"):
        contracts.evaluate(content=b"ok\xc3\x28", response="fine")
    with pytest.raises(ValueError, match=r"response is not valid UTF-8 .*offset 0"):
        contracts.evaluate(content="fine", response=b"\xff")


def test_valid_utf8_bytes_equal_str(contracts):
    as_bytes = contracts.evaluate(content="Grüße".encode(), response="Süß".encode())
    as_str = contracts.evaluate(content="Grüße", response="Süß")
    assert as_bytes.content == as_str.content == "Grüße"
    assert [v.status for v in as_bytes.verdicts] == [v.status for v in as_str.verdicts]


def test_lone_surrogate_str(contracts):
    with pytest.raises(ValueError, match="response is not valid Unicode"):
        contracts.evaluate(content="hi", response="bad \ud800 text")


def test_wrong_text_type(contracts):
    with pytest.raises(TypeError, match="content must be str or bytes, not int"):
        contracts.evaluate(content=42)


@pytest.mark.parametrize(
    "context",
    [{"when": object()}, {"n": math.nan}, {"inf": math.inf}, {1j: "complex key"}],
    ids=["object", "nan", "infinity", "complex-key"],
)
def test_context_that_is_not_json(contracts, context):
    with pytest.raises(TypeError, match="context is not JSON-serialisable"):
        contracts.evaluate(content="hi", response="hello", context=context)


def test_context_that_is_not_a_mapping(contracts):
    with pytest.raises(TypeError, match="context must be a mapping, not list"):
        contracts.evaluate(content="hi", context=["language", "en"])


def test_context_with_a_lone_surrogate(contracts):
    with pytest.raises((TypeError, ValueError)):
        contracts.evaluate(content="hi", context={"language": "\udcff"})


def test_still_usable_after_errors(contracts):
    with pytest.raises(ValueError):
        contracts.evaluate(content=b"\xff")
    assert contracts.evaluate(content="hi", response="hello").valid


def test_names_and_paths_that_are_not_unicode():
    with pytest.raises(ValueError, match="name is not valid Unicode"):
        llmcl.compile("contract A {\n    ensure true\n}\n", name="bad\udcff.llmcl")
    with pytest.raises(ValueError, match="paths: .* is not valid Unicode"):
        llmcl.load("/nonexistent/\udcff.llmcl")
    with pytest.raises(TypeError, match="must be str or os.PathLike, not bytes"):
        llmcl.load(b"/nonexistent/contract.llmcl")


def test_a_dict_context_reads_as_its_json():
    """A dict is converted directly, a mapping of another type through json.dumps: the
    contracts see the same values either way (json.dumps's rules for keys and numbers)."""
    import types

    contracts = llmcl.compile(
        'contract C {\n    ensure str(context) == response\n}\n', name="c.llmcl")
    contexts = [
        {"a": 1, "b": [True, None, 2.5, "x"], "c": {"d": (1, 2)}},
        {1: "int key", 2.5: "float key", True: "bool key", None: "none key"},
        {"big": 2**70, "negative": -(2**63), "unicode": "Grüße ✓"},
        {"1": "string one", 1: "int one"},
    ]
    for context in contexts:
        via_dict = contracts.evaluate("q", "", context, trace=True)
        via_json = contracts.evaluate("q", "", types.MappingProxyType(context), trace=True)
        assert without_durations(via_dict.json) == without_durations(via_json.json)
        assert via_dict.verdicts[0].explanation == via_json.verdicts[0].explanation


def test_circular_context():
    context = {"a": []}
    context["a"].append(context)
    with pytest.raises(TypeError, match="context is not JSON-serialisable"):
        llmcl.compile('contract C {\n    ensure true\n}\n').evaluate("q", "r", context)
