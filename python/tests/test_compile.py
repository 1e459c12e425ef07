# SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""llmcl.compile() and llmcl.load(): contract sets, diagnostics, ContractError."""

import pathlib

import pytest

import llmcl

GOOD = """contract Short {
    ensure len(response) <= 20
        message: "Too long"
}
"""


def test_compile_gives_a_contract_set():
    contracts = llmcl.compile(GOOD, name="short.llmcl")
    assert contracts.contracts == ["Short"]
    assert contracts.clause_count == 1
    assert contracts.diagnostics == []


def test_compile_accepts_utf8_bytes():
    assert llmcl.compile(GOOD.encode()).contracts == ["Short"]


def test_syntax_error_raises_contract_error_with_diagnostics():
    source = 'contract Broken {\n    ensure len(response) >\n}\n'
    with pytest.raises(llmcl.ContractError) as caught:
        llmcl.compile(source, name="broken.llmcl")
    error = caught.value
    assert error.errors, error.diagnostics
    first = error.errors[0]
    assert first.code == "E1101"
    assert first.severity == "error"
    assert first.file == "broken.llmcl"
    assert (first.line, first.column) == (3, 1)
    assert "expected an expression" in first.message
    assert "broken.llmcl:3:1: error[E1101]" in str(error)


def test_unknown_contract_in_extends_is_an_error():
    with pytest.raises(llmcl.ContractError) as caught:
        llmcl.compile("contract A extends Missing {\n    ensure true\n}\n", name="a.llmcl")
    assert all(d.file == "a.llmcl" for d in caught.value.diagnostics)
    assert any(d.severity == "error" for d in caught.value.diagnostics)


def test_warnings_are_on_the_contract_set():
    contracts = llmcl.compile(
        "contract Names {\n    ensure len(respnse) < 10\n}\n", name="names.llmcl"
    )
    [warning] = contracts.diagnostics
    assert warning.code == "W2001"
    assert warning.severity == "warning"
    assert (warning.line, warning.column, warning.end_column) == (2, 16, 23)
    assert "did you mean 'response'" in warning.message


def test_load_examples_with_imports(examples):
    contracts = llmcl.load(examples / "support.llmcl", examples / "safety.llmcl")
    assert "ChatbotSafety" in contracts.contracts
    assert contracts.clause_count > 10


def test_load_missing_file_is_a_contract_error(tmp_path):
    missing = tmp_path / "missing.llmcl"
    with pytest.raises(llmcl.ContractError) as caught:
        llmcl.load(missing)
    [diagnostic] = caught.value.errors
    assert diagnostic.file == str(missing)
    assert (diagnostic.line, diagnostic.column) == (1, 1)


def test_load_searches_the_include_path(tmp_path):
    library = tmp_path / "lib"
    library.mkdir()
    (library / "shared.llmcl").write_text(GOOD)
    main = tmp_path / "main.llmcl"
    main.write_text("import shared\n")
    with pytest.raises(llmcl.ContractError) as caught:
        llmcl.load(main)
    assert any("shared" in d.message for d in caught.value.errors)
    assert llmcl.load(main, include_path=[library]).contracts == ["Short"]
    inline = llmcl.compile("import shared\n", name=str(tmp_path / "inline.llmcl"),
                           include_path=[library])
    assert inline.contracts == ["Short"]


def test_load_needs_a_path():
    with pytest.raises(TypeError):
        llmcl.load()
    with pytest.raises(TypeError):
        llmcl.load(42)


def test_source_that_is_not_utf8_raises():
    with pytest.raises(ValueError, match="source is not valid UTF-8"):
        llmcl.compile(b"contract A {\n    ensure \xff\n}\n")
    with pytest.raises(ValueError, match="source is not valid Unicode"):
        llmcl.compile("contract A { ensure '\ud800' == response }")


def test_diagnostics_read_as_llmcl_prints_them(tmp_path):
    """str(diagnostic), diagnostic.text and the ContractError's message are the engine's
    renderings, the text `llmcl check` prints (an info diagnostic is a "note" there)."""
    import os
    import subprocess

    # More errors than a file reports: the last diagnostic is the note that says so.
    source = "contract Many {\n" + "".join(
        f"    ensure unknown_{n}(response)\n" for n in range(120)) + "}\n"
    path = tmp_path / "many.llmcl"
    path.write_text(source, encoding="utf-8")
    with pytest.raises(llmcl.ContractError) as caught:
        llmcl.load(path)
    diagnostics = caught.value.diagnostics
    note = diagnostics[-1]
    assert note.severity == "info"
    assert str(note).startswith(f"{path}:") and ": note[" in str(note)
    assert diagnostics[0].text.splitlines()[1:] == ["    ensure unknown_0(response)",
                                                    "           ^~~~~~~~~"]
    done = subprocess.run([os.environ["LLMCL_CLI_PATH"], "check", str(path)],
                          capture_output=True, text=True, encoding="utf-8")
    printed = done.stdout + done.stderr
    rendered = "".join(d.text for d in diagnostics)
    assert rendered in printed
    summary = printed[len(rendered):].strip().splitlines()[-1]
    assert str(caught.value) == f"{rendered}the contracts have errors ({summary})"
