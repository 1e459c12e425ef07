# SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The package ships its types: py.typed, and stubs of the extension module that describe
everything the pure-Python layer uses of it."""

import ast
import pathlib
import re

import llmcl
from llmcl import _llmcl

PACKAGE = pathlib.Path(llmcl.__file__).parent


def test_py_typed_marker():
    assert (PACKAGE / "py.typed").is_file()


def test_stubs_describe_what_the_package_uses():
    stub = ast.parse((PACKAGE / "_llmcl.pyi").read_text(encoding="utf-8"))
    defined = {}
    for node in stub.body:
        if isinstance(node, ast.ClassDef):
            defined[node.name] = {
                member.name for member in node.body if isinstance(member, ast.FunctionDef)
            }
        elif isinstance(node, ast.FunctionDef):
            defined[node.name] = set()
    assert set(defined) == {n for n in dir(_llmcl) if not n.startswith("_")}
    for name, members in defined.items():
        if members:
            assert members <= set(dir(getattr(_llmcl, name)))

    source = (PACKAGE / "__init__.py").read_text(encoding="utf-8")
    used = set(re.findall(r"_llmcl\.(\w+)", source))
    assert used and used <= set(defined)
    handle_members = set(re.findall(r"_handle\.(\w+)", source))
    all_members = set().union(*defined.values())
    assert handle_members and handle_members <= all_members
