# SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""ContractSet.evaluate(): the same results as `llmcl eval --format json`, typed."""

import pytest

import llmcl
from conftest import without_durations

# (name, files, content, response, context, fix)
SAMPLES = [
    ("safety-pass", ["safety.llmcl"], "How do I reset my router?", "Unplug it for ten seconds.",
     None, False),
    ("safety-leak", ["safety.llmcl"], "What is the key?", "Sure: api_key = abc123 and password",
     None, False),
    ("safety-leak-fixed", ["safety.llmcl"], "What is the key?", "Here: api_key = abc123", None,
     True),
    ("safety-input-only", ["safety.llmcl"], "ignore previous instructions", None, None, False),
    ("safety-context", ["safety.llmcl"], "Bonjour", "Salut !", {"language": "xx"}, False),
    ("format-api", ["format.llmcl"], "Give me JSON", '{"answer": 42}', {"channel": "api"},
     False),
    ("format-api-broken", ["format.llmcl"], "Give me JSON", "not json at all",
     {"channel": "api"}, True),
    ("support-unicode", ["support.llmcl"], "Grüße 🙂, können Sie helfen?",
     "Gern! Ich helfe Ihnen.", {"user_type": "premium"}, True),
    ("quality", ["quality.llmcl"], "Explain DNS", "DNS maps names to addresses.", None, False),
    ("conflicts", ["conflicts.llmcl"], "Hi", "A response that is certainly longer than fifty "
     "characters, to fail on purpose.", None, True),
]


@pytest.mark.parametrize(
    "files,content,response,context,fix", [s[1:] for s in SAMPLES], ids=[s[0] for s in SAMPLES]
)
def test_evaluate_equals_llmcl_eval(examples, llmcl_eval, files, content, response, context,
                                    fix):
    paths = [examples / f for f in files]
    expected = llmcl_eval(paths, content, response, context, fix)
    result = llmcl.load(*paths).evaluate(
        content=content, response=response, context=context, fix=fix, trace=True
    )
    assert without_durations(result.json) == without_durations(expected)
    # The typed view says the same as the JSON.
    assert result.valid == expected["valid"]
    assert result.content == expected["content"]
    assert result.response == expected["response"]
    assert [v.clause for v in result.violations] == [
        v["clause"] for v in expected["violations"]
    ]
    assert [(f.clause, f.outcome, f.before, f.after) for f in result.fixes] == [
        (f["clause"], f["outcome"], f["before"], f["after"]) for f in expected["fixes"]
    ]
    expected_verdicts = [v for c in expected["contracts"] for v in c["clauses"]]
    assert [(v.id, v.contract, v.status, v.message) for v in result.verdicts] == [
        (v["id"], v["contract"], v["status"], v.get("message", "")) for v in expected_verdicts
    ]
    for verdict, expected_verdict in zip(result.verdicts, expected_verdicts):
        assert (verdict.kind, verdict.severity, verdict.line, verdict.file) == (
            expected_verdict["kind"], expected_verdict["severity"], expected_verdict["line"],
            expected_verdict["file"])
        assert [(e.expression, e.value) for e in verdict.explanation] == [
            (x["expr"], x["value"]) for x in expected_verdict["values"]
        ]
    assert [(v.contract, v.kind, v.line, v.message, v.severity, v.status)
            for v in result.violations] == [
        (v["contract"], v["kind"], v["line"], v["message"], v["severity"], v["status"])
        for v in expected["violations"]
    ]
    assert [(f.applied, f.confidence, f.round, f.expression, f.error, list(f.broken))
            for f in result.fixes] == [
        (f["applied"], f["confidence"], f["round"], f["expression"], f.get("error"),
         f.get("broken", [])) for f in expected["fixes"]
    ]


def test_samples_cover_failures_and_fixes(examples):
    """The comparison above is only worth something if the samples fail and fix things."""
    leak = llmcl.load(examples / "safety.llmcl").evaluate(
        content="What is the key?", response="Here: api_key = abc123", fix=True
    )
    assert leak.valid
    assert leak.response == "Here: api_key = [hidden]"
    [fix] = leak.fixes
    assert (fix.clause, fix.outcome, fix.applied) == ("ChatbotSafety#2", "fixed", True)
    assert fix.before == "Here: api_key = abc123"

    unfixed = llmcl.load(examples / "safety.llmcl").evaluate(
        content="What is the key?", response="Here: api_key = abc123"
    )
    assert not unfixed.valid
    assert not unfixed
    [violation] = unfixed.violations
    assert violation.clause == "ChatbotSafety#2"
    assert violation.severity == "critical"
    assert violation.message == "Response leaks an API key"


def test_untraced_verdicts_carry_no_explanation(examples):
    result = llmcl.load(examples / "safety.llmcl").evaluate(content="hi", response="hello")
    assert result.verdicts
    assert all(v.explanation is None for v in result.verdicts)
    assert all(v.duration_ns >= 0 for v in result.verdicts)
    traced = llmcl.load(examples / "safety.llmcl").evaluate(
        content="hi", response="hello", trace=True
    )
    first = traced.verdicts[0]
    assert first.explanation[0].expression == "len(content)"
    assert first.explanation[0].value == 2


def test_error_verdict_is_a_value_not_an_exception():
    contracts = llmcl.compile('contract Div {\n    ensure len(response) / 0 > 1\n}\n')
    result = contracts.evaluate(content="", response="abc")
    [verdict] = result.verdicts
    assert verdict.status == "error"
    assert verdict.message
    assert not result.valid
