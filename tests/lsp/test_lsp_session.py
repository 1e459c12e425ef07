# SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""A whole editing session against the real `llmcl lsp`, driven by pygls' language client:
open, change, diagnostics (equal to `llmcl check --format json`), imports from unsaved
buffers, completion, hover, signature help, definition, rename, formatting, code actions,
symbols, folding, semantic tokens, `llmcl/evaluate` (equal to `llmcl eval --format json`)
and inlay hints."""

import asyncio
import json
import pathlib
import subprocess

from lsprotocol import types
from pygls.lsp.client import BaseLanguageClient

from lspwire import llmcl_binary

BASE = """// Shared rules: “quotes” and 😀 make code points and UTF-16 units differ.
contract Base {
    require len(content) < 5000
        message: "too long"
}
"""

MAIN = """from base import Base

contract Main extends Base {
    ensure response != "😀" and lenn(response) > 0
    ensure len(response)   <  2000
}
"""


def utf16_units(text):
    return len(text.encode("utf-16-le")) // 2


def check_json(folder, name):
    """`llmcl check --format json` of `name`, its own diagnostics only, as LSP ranges."""
    run = subprocess.run([llmcl_binary(), "check", "--format", "json", name], cwd=folder,
                         capture_output=True, text=True)
    lines = (folder / name).read_text(encoding="utf-8").split("\n")
    severities = {"error": 1, "warning": 2, "info": 3}
    found = []
    for d in json.loads(run.stdout)["diagnostics"]:
        if d["file"] != name:
            continue
        # check counts columns in code points; LSP in UTF-16 units.
        start = utf16_units(lines[d["line"] - 1][: d["column"] - 1])
        end = utf16_units(lines[d["end_line"] - 1][: d["end_column"] - 1])
        found.append((d["code"], d["severity"] and severities[d["severity"]], d["message"],
                      d["line"] - 1, start, d["end_line"] - 1, end))
    return sorted(found)


def lsp_diagnostics(diagnostics):
    return sorted((d.code, int(d.severity), d.message, d.range.start.line,
                   d.range.start.character, d.range.end.line, d.range.end.character)
                  for d in diagnostics)


def apply_edits(text, edits):
    """Applies LSP text edits (UTF-16 positions) to `text`."""
    lines = text.split("\n")

    def offset(position):
        before = "\n".join(lines[: position.line])
        line = lines[position.line] if position.line < len(lines) else ""
        units, chars = 0, 0
        while chars < len(line) and units < position.character:
            units += utf16_units(line[chars])
            chars += 1
        return len(before) + (1 if position.line > 0 else 0) + chars

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character),
                       reverse=True):
        begin, end = offset(edit.range.start), offset(edit.range.end)
        text = text[:begin] + edit.new_text + text[end:]
    return text


def position_of(text, needle, skip=0):
    """The LSP position (UTF-16) of the start of `needle` in `text`, plus `skip` characters."""
    index = text.index(needle) + skip
    line = text.count("\n", 0, index)
    column = index - (text.rfind("\n", 0, index) + 1)
    return types.Position(line=line, character=utf16_units(text.split("\n")[line][:column]))


def without_durations(value):
    """The result without timings, files named by their base names (the server knows files
    by their absolute paths, `llmcl eval` as given)."""
    if isinstance(value, dict):
        return {k: pathlib.Path(v).name if k == "file" else without_durations(v)
                for k, v in value.items() if k != "duration_ns"}
    if isinstance(value, list):
        return [without_durations(v) for v in value]
    return value


def as_plain(value):
    """pygls hands the results of custom requests over as named tuples: back to JSON."""
    if hasattr(value, "_asdict"):
        return {k: as_plain(v) for k, v in value._asdict().items()}
    if isinstance(value, (list, tuple)):
        return [as_plain(v) for v in value]
    return value


class Session:
    def __init__(self, folder):
        self.folder = folder
        self.client = BaseLanguageClient("llmcl-tests", "1")
        self.published = {}  # uri -> list of PublishDiagnosticsParams, in order
        self.changed = asyncio.Event()

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_diagnostics(params):
            self.published.setdefault(params.uri, []).append(params)
            self.changed.set()

        @self.client.feature(types.WINDOW_LOG_MESSAGE)
        def on_log(params):
            pass

    def uri(self, name):
        return (self.folder / name).as_uri()

    def count(self, name):
        return len(self.published.get(self.uri(name), []))

    async def diagnostics(self, name, predicate, after=0, timeout=20):
        """Waits for a publication for `name` (the `after`th or a later one) that satisfies
        `predicate`."""
        uri = self.uri(name)

        async def wait():
            while True:
                for params in reversed(self.published.get(uri, [])[after:]):
                    if predicate(params):
                        return params
                self.changed.clear()
                await self.changed.wait()

        return await asyncio.wait_for(wait(), timeout)


async def editing_session(folder):
    (folder / "base.llmcl").write_text(BASE, encoding="utf-8")
    (folder / "main.llmcl").write_text(MAIN, encoding="utf-8")
    session = Session(folder)
    client = session.client
    await client.start_io(llmcl_binary(), "lsp")
    result = await client.initialize_async(types.InitializeParams(
        capabilities=types.ClientCapabilities(), root_uri=folder.as_uri(),
        process_id=None))
    assert result.capabilities.position_encoding == "utf-16"
    assert result.capabilities.completion_provider.resolve_provider
    client.initialized(types.InitializedParams())

    main_uri, base_uri = session.uri("main.llmcl"), session.uri("base.llmcl")
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=main_uri, language_id="llmcl", version=1,
                                             text=MAIN)))

    # Diagnostics as `llmcl check` reports them, in UTF-16 units after the emoji.
    published = await session.diagnostics("main.llmcl", lambda p: p.version == 1)
    assert lsp_diagnostics(published.diagnostics) == check_json(folder, "main.llmcl")
    e2001 = next(d for d in published.diagnostics if d.code == "E2001")
    assert e2001.range.start == position_of(MAIN, "lenn")
    assert e2001.code_description.href.endswith("E2001")

    # The fix-it as a code action, applied as an incremental change.
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=main_uri), range=e2001.range,
        context=types.CodeActionContext(diagnostics=[e2001])))
    assert [a.title for a in actions] == ["Fix E2001: replace “lenn” with “len”"]
    edits = actions[0].edit.changes[main_uri]
    text = apply_edits(MAIN, edits)
    assert "and len(response) > 0" in text
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=main_uri, version=2),
        content_changes=[types.TextDocumentContentChangeEvent_Type1(range=e.range, text=e.new_text)
                         for e in edits]))
    published = await session.diagnostics("main.llmcl", lambda p: p.version == 2)
    (folder / "main.llmcl").write_text(text, encoding="utf-8")
    assert lsp_diagnostics(published.diagnostics) == check_json(folder, "main.llmcl")
    assert not [d for d in published.diagnostics if d.severity == 1]

    # Imports read the unsaved buffer of an open file.
    renamed = BASE.replace("contract Base", "contract Basis")
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=base_uri, language_id="llmcl", version=1,
                                             text=renamed)))
    published = await session.diagnostics(
        "main.llmcl", lambda p: any(d.code == "E2010" for d in p.diagnostics))
    count = session.count("main.llmcl")
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=base_uri, version=2),
        content_changes=[types.TextDocumentContentChangeEvent_Type2(text=BASE)]))
    published = await session.diagnostics("main.llmcl", lambda p: True, after=count)
    assert not [d for d in published.diagnostics if d.code == "E2010"]

    document = types.TextDocumentIdentifier(uri=main_uri)
    # Completion with resolve.
    at = position_of(text, "len(response)   <", skip=2)
    completions = await client.text_document_completion_async(types.CompletionParams(
        text_document=document, position=at))
    items = completions.items if hasattr(completions, "items") else completions
    labels = [i.label for i in items]
    assert "len" in labels and all(label.lower().startswith("le") for label in labels)
    item = next(i for i in items if i.label == "len")
    assert item.text_edit.new_text.startswith("len")
    resolved = await client.completion_item_resolve_async(item)
    assert "len(" in resolved.documentation.value

    # Hover, signature help, definition.
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=document, position=position_of(text, "len(response)   <")))
    assert "len" in hover.contents.value
    signature = await client.text_document_signature_help_async(types.SignatureHelpParams(
        text_document=document, position=position_of(text, "len(response)   <", skip=4)))
    assert signature.signatures[0].label.startswith("len(")
    assert signature.active_parameter == 0
    definition = await client.text_document_definition_async(types.DefinitionParams(
        text_document=document, position=position_of(text, "extends Base", skip=9)))
    location = definition[0] if isinstance(definition, list) else definition
    assert location.uri == base_uri
    assert location.range.start == position_of(BASE, "Base {")

    # Rename of a contract, across the open files.
    prepared = await client.text_document_prepare_rename_async(types.PrepareRenameParams(
        text_document=document, position=position_of(text, "extends Base", skip=9)))
    assert prepared.placeholder == "Base"
    rename = await client.text_document_rename_async(types.RenameParams(
        text_document=document, position=position_of(text, "extends Base", skip=9),
        new_name="Core"))
    assert "from base import Core" in apply_edits(text, rename.changes[main_uri])
    assert "extends Core" in apply_edits(text, rename.changes[main_uri])
    assert "contract Core {" in apply_edits(BASE, rename.changes[base_uri])
    refused = None
    try:
        await client.text_document_rename_async(types.RenameParams(
            text_document=document, position=position_of(text, "extends Base", skip=9),
            new_name="ensure"))
    except Exception as error:  # pygls raises the JSON-RPC error
        refused = str(error)
    assert refused and "keyword" in refused

    # Formatting as `llmcl fmt` formats.
    edits = await client.text_document_formatting_async(types.DocumentFormattingParams(
        text_document=document, options=types.FormattingOptions(tab_size=2,
                                                                 insert_spaces=True)))
    (folder / "fmt.llmcl").write_text(text, encoding="utf-8")
    subprocess.run([llmcl_binary(), "fmt", "fmt.llmcl"], cwd=folder, check=True)
    assert apply_edits(text, edits) == (folder / "fmt.llmcl").read_text(encoding="utf-8")
    assert apply_edits(text, edits) != text

    # Symbols, folding, semantic tokens.
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(
        text_document=document))
    assert [s.name for s in symbols] == ["base", "Main"] or "Main" in [s.name for s in symbols]
    main = next(s for s in symbols if s.name == "Main")
    assert len(main.children) == 2
    found = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="mai"))
    assert "Main" in [s.name for s in found]
    folds = await client.text_document_folding_range_async(types.FoldingRangeParams(
        text_document=document))
    assert any(f.start_line == 2 and f.end_line == 5 for f in folds)
    tokens = await client.text_document_semantic_tokens_full_async(types.SemanticTokensParams(
        text_document=document))
    assert tokens.data and len(tokens.data) % 5 == 0
    legend = result.capabilities.semantic_tokens_provider.legend.token_types
    assert legend[tokens.data[3]] == "keyword"  # `from`

    # llmcl/evaluate answers what `llmcl eval --format json` prints.
    sample = {"content": "hello", "response": "a short answer", "context": {"channel": "api"}}
    evaluated = await client.protocol.send_request_async(
        "llmcl/evaluate", {"textDocument": {"uri": main_uri}, "sample": sample})
    evaluated = as_plain(evaluated)
    cli = subprocess.run([llmcl_binary(), "eval", "main.llmcl", "--content", sample["content"],
                          "--response", sample["response"], "--context",
                          json.dumps(sample["context"]), "--format", "json"],
                         cwd=folder, capture_output=True, text=True)
    assert without_durations(evaluated) == without_durations(json.loads(cli.stdout))
    assert [c["status"] for c in evaluated["contracts"][0]["clauses"]] == ["pass", "pass", "pass"]

    # Inlay hints with the verdicts once a sample is set.
    hints_params = types.InlayHintParams(text_document=document, range=types.Range(
        start=types.Position(line=0, character=0), end=types.Position(line=10, character=0)))
    assert not await client.text_document_inlay_hint_async(hints_params)
    client.protocol.notify("llmcl/setSample", {"textDocument": {"uri": main_uri},
                                               "sample": {"content": "hi", "response": "x" * 3000}})
    hints = await client.text_document_inlay_hint_async(hints_params)
    # Main's two clauses (Base#1 lives in base.llmcl): the first passes, the second fails.
    assert [(h.position.line, h.label.split(":")[0]) for h in hints] == [
        (3, "✓ pass"), (4, "✗ fail")]
    assert "Main#2" in hints[1].tooltip and "len(response)" in hints[1].tooltip
    failing = next(h for h in hints if h.label.startswith("✗"))
    assert failing.position.line == 4

    await client.shutdown_async(None)
    client.exit(None)
    code = await asyncio.wait_for(client._server.wait(), 10)
    await client.stop()
    return code


def test_editing_session(tmp_path):
    assert asyncio.run(editing_session(pathlib.Path(tmp_path))) == 0
