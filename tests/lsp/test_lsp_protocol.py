# SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""`llmcl lsp` fed malformed frames and requests as raw bytes over a pipe: every problem is
a JSON-RPC error response, the server neither crashes nor hangs, and keeps serving."""

import json
import random
import subprocess

import pytest

from lspwire import WireClient, frame, llmcl_binary

INITIALIZE = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
              "params": {"processId": None, "rootUri": None, "capabilities": {}}}


@pytest.fixture
def client():
    c = WireClient()
    yield c
    c.kill()


def initialized(client, capabilities=None):
    request = json.loads(json.dumps(INITIALIZE))
    if capabilities is not None:
        request["params"]["capabilities"] = capabilities
    client.send(request)
    response, _ = client.read_response(1)
    client.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    return response


def error_of(message):
    assert "error" in message, message
    return message["error"]["code"]


def test_requests_before_initialize_are_refused(client):
    client.send({"jsonrpc": "2.0", "id": 7, "method": "textDocument/hover",
                 "params": {"textDocument": {"uri": "file:///x.llmcl"},
                            "position": {"line": 0, "character": 0}}})
    response, _ = client.read_response(7)
    assert error_of(response) == -32002
    # A notification before initialize is dropped silently, initialize still works.
    client.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {}})
    assert "capabilities" in initialized(client)["result"]


def test_lifecycle_shutdown_then_exit(client):
    response = initialized(client)
    capabilities = response["result"]["capabilities"]
    assert capabilities["positionEncoding"] == "utf-16"
    assert capabilities["textDocumentSync"]["change"] == 2
    client.send({"jsonrpc": "2.0", "id": 2, "method": "initialize", "params": {"capabilities": {}}})
    assert error_of(client.read_response(2)[0]) == -32600
    client.send({"jsonrpc": "2.0", "id": 3, "method": "shutdown"})
    assert client.read_response(3)[0] == {"jsonrpc": "2.0", "id": 3, "result": None}
    client.send({"jsonrpc": "2.0", "id": 4, "method": "textDocument/documentSymbol",
                 "params": {"textDocument": {"uri": "file:///x.llmcl"}}})
    assert error_of(client.read_response(4)[0]) == -32600
    client.send({"jsonrpc": "2.0", "method": "exit"})
    assert client.wait() == 0


def test_exit_without_shutdown_is_exit_code_1(client):
    initialized(client)
    client.send({"jsonrpc": "2.0", "method": "exit"})
    assert client.wait() == 1


def test_end_of_input_ends_the_server(client):
    initialized(client)
    client.close_input()
    assert client.wait() == 1


def test_utf8_position_encoding_when_offered(client):
    response = initialized(client, {"general": {"positionEncodings": ["utf-8", "utf-16"]}})
    assert response["result"]["capabilities"]["positionEncoding"] == "utf-8"
    # "é" is two bytes: the unknown function starts at byte 16 of its line, code unit 15.
    text = 'contract C {\n  # é\n  ensure "é" == lenn("x")\n}\n'
    client.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                 "params": {"textDocument": {"uri": "file:///tmp/utf8.llmcl", "languageId": "llmcl",
                                             "version": 1, "text": text}}})
    diagnostics = client.read()["params"]["diagnostics"]
    e2001 = [d for d in diagnostics if d["code"] == "E2001"]
    assert e2001 and e2001[0]["range"]["start"] == {"line": 2, "character": 17}


@pytest.mark.parametrize("body, code", [
    (b"{not json", -32700),
    (b'{"jsonrpc": "2.0", "id": 1, "method": "x", "params": "\xff\xfe"}', -32700),
    (b"[1, 2, 3]", -32600),
    (b'"a string"', -32600),
    (b'{"jsonrpc": "1.0", "id": 5, "method": "shutdown"}', -32600),
    (b'{"jsonrpc": "2.0", "id": 5}', -32600),
    (b'{"jsonrpc": "2.0", "id": 5, "method": 12}', -32600),
    (b'{"jsonrpc": "2.0", "id": {"a": 1}, "method": "shutdown"}', -32600),
    (b'{"jsonrpc": "2.0", "id": 5, "method": "shutdown", "params": 3}', -32600),
    (b'{"jsonrpc": "2.0", "id": 5, "method": "no/such/method"}', -32601),
])
def test_bad_messages_get_error_responses(client, body, code):
    initialized(client)
    client.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    message = client.read()
    assert error_of(message) == code, message
    # The server goes on serving.
    client.send({"jsonrpc": "2.0", "id": 99, "method": "shutdown"})
    assert client.read_response(99)[0]["result"] is None


@pytest.mark.parametrize("header", [
    b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n",
    b"Content-Length: twelve\r\n\r\n",
    b"Garbage without colon\r\n\r\n",
])
def test_bad_headers_are_parse_errors(client, header):
    initialized(client)
    client.write(header)
    assert error_of(client.read()) == -32700
    client.send({"jsonrpc": "2.0", "id": 99, "method": "shutdown"})
    assert client.read_response(99)[0]["result"] is None


def test_client_responses_are_not_answered(client):
    initialized(client)
    # Answers to the server's own requests (workspace/inlayHint/refresh), even failed ones.
    client.send({"jsonrpc": "2.0", "id": "llmcl-refresh-1", "result": None})
    client.send({"jsonrpc": "2.0", "id": None, "error": {"code": -32603, "message": "no"}})
    client.send({"jsonrpc": "2.0", "id": 99, "method": "shutdown"})
    response, before = client.read_response(99)
    assert response["result"] is None and before == []


def test_content_length_too_short(client):
    initialized(client)
    body = json.dumps({"jsonrpc": "2.0", "id": 5, "method": "shutdown"}).encode()
    client.write(b"Content-Length: %d\r\n\r\n" % (len(body) - 10) + body
                 + frame({"jsonrpc": "2.0", "id": 6, "method": "shutdown"}))
    response, before = client.read_response(6)
    assert response["result"] is None
    assert before and all(error_of(m) == -32700 for m in before)


def test_content_length_too_long_does_not_hang(client):
    initialized(client)
    body = json.dumps({"jsonrpc": "2.0", "id": 5, "method": "shutdown"}).encode()
    client.write(b"Content-Length: %d\r\n\r\n" % (len(body) + 500) + body
                 + frame({"jsonrpc": "2.0", "id": 6, "method": "shutdown"}))
    response, before = client.read_response(6, timeout=5)
    assert response["result"] is None
    assert [error_of(m) for m in before] == [-32700]
    assert "longer than the message" in before[0]["error"]["message"]


def test_huge_message_is_refused_without_storing_it(client):
    initialized(client)
    # Declares a terabyte, sends 4 MiB of it, then gives up on it.
    client.write(b"Content-Length: 1000000000000\r\n\r\n")
    message = client.read()
    assert error_of(message) == -32600
    assert "exceeds the limit" in message["error"]["message"]
    client.write(b"{" + b" " * (4 << 20) + b"}")
    client.send({"jsonrpc": "2.0", "id": 6, "method": "shutdown"})
    assert client.read_response(6, timeout=10)[0]["result"] is None


def test_a_large_message_below_the_limit_is_served(client):
    initialized(client)
    # 2 MB in one message (a long comment: the engine's speed is not what is tested here).
    text = "".join("// line %d of a long comment\n" % i for i in range(70000))
    text += "".join("contract C%d { ensure len(response) < %d }\n" % (i, i) for i in range(50))
    client.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                 "params": {"textDocument": {"uri": "file:///tmp/big.llmcl", "languageId": "llmcl",
                                             "version": 1, "text": text}}})
    client.send({"jsonrpc": "2.0", "id": 2, "method": "textDocument/documentSymbol",
                 "params": {"textDocument": {"uri": "file:///tmp/big.llmcl"}}})
    response, _ = client.read_response(2, timeout=60)
    assert len(response["result"]) == 50


def test_cancelled_queued_request(client):
    initialized(client)
    # A slow document keeps the worker busy while the cancellation arrives.
    text = "".join('contract C%d { ensure contains(response, "x%d") }\n' % (i, i)
                   for i in range(20000))
    uri = "file:///tmp/slow.llmcl"
    open_ = {"jsonrpc": "2.0", "method": "textDocument/didOpen",
             "params": {"textDocument": {"uri": uri, "languageId": "llmcl", "version": 1,
                                         "text": text}}}
    symbols = {"jsonrpc": "2.0", "id": 2, "method": "textDocument/foldingRange",
               "params": {"textDocument": {"uri": uri}}}
    hover = {"jsonrpc": "2.0", "id": 3, "method": "textDocument/hover",
             "params": {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 20}}}
    cancel = {"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 3}}
    client.write(frame(open_) + frame(symbols) + frame(hover) + frame(cancel))
    response, _ = client.read_response(3, timeout=60)
    assert error_of(response) == -32800
    # Cancelling what is already answered does nothing.
    client.send({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 3}})
    client.send({"jsonrpc": "2.0", "id": 4, "method": "shutdown"})
    assert client.read_response(4)[0]["result"] is None


def diagnostics_for(client, uri, timeout=10.0):
    """The next publishDiagnostics for `uri`."""
    while True:
        message = client.read(timeout)
        if message.get("method") == "textDocument/publishDiagnostics" \
                and message["params"]["uri"] == uri:
            return message["params"]


def test_utf16_incremental_changes_and_close(client):
    initialized(client)
    uri = "file:///tmp/utf16.llmcl"
    # "😀" is two UTF-16 units, four UTF-8 bytes: `lenn` starts at unit 21 of line 1 (byte
    # 25, code point 19).
    text = 'contract C {\n    ensure "😀😀" == lenn("x")\n}\n'
    client.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                 "params": {"textDocument": {"uri": uri, "languageId": "llmcl", "version": 1,
                                             "text": text}}})
    published = diagnostics_for(client, uri)
    e2001 = [d for d in published["diagnostics"] if d["code"] == "E2001"]
    assert e2001[0]["range"] == {"start": {"line": 1, "character": 21},
                                 "end": {"line": 1, "character": 25}}
    # Delete the second "n" of lenn (units 24-25), then insert "x" inside the second emoji's
    # surrogate pair (unit 15 of line 1 is its second half): it lands before that emoji.
    client.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": 2},
        "contentChanges": [
            {"range": {"start": {"line": 1, "character": 24}, "end": {"line": 1, "character": 25}},
             "text": ""},
            {"range": {"start": {"line": 1, "character": 15}, "end": {"line": 1, "character": 15}},
             "text": "x"}]}})
    published = diagnostics_for(client, uri)
    assert published["version"] == 2
    assert not [d for d in published["diagnostics"] if d["severity"] == 1]
    client.send({"jsonrpc": "2.0", "id": 2, "method": "textDocument/documentSymbol",
                 "params": {"textDocument": {"uri": uri}}})
    symbols = client.read_response(2)[0]["result"]
    # The clause's detail is its condition, as the edits left it.
    assert symbols[0]["children"][0]["detail"] == '"😀x😀" == len("x")'
    assert symbols[0]["children"][0]["range"]["end"] == {"line": 1, "character": 30}
    client.send({"jsonrpc": "2.0", "method": "textDocument/didClose",
                 "params": {"textDocument": {"uri": uri}}})
    assert diagnostics_for(client, uri)["diagnostics"] == []


def test_imports_follow_the_disk_when_told(client, tmp_path):
    initialized(client)
    (tmp_path / "base.llmcl").write_text("contract Other { ensure true }\n", encoding="utf-8")
    main = tmp_path / "main.llmcl"
    uri = main.as_uri()
    client.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "llmcl", "version": 1,
        "text": "from base import Base\ncontract Main extends Base { ensure true }\n"}}})
    published = diagnostics_for(client, uri)
    assert "E2010" in [d["code"] for d in published["diagnostics"]]
    (tmp_path / "base.llmcl").write_text("contract Base { ensure true }\n", encoding="utf-8")
    client.send({"jsonrpc": "2.0", "method": "workspace/didChangeWatchedFiles", "params": {
        "changes": [{"uri": (tmp_path / "base.llmcl").as_uri(), "type": 2}]}})
    published = diagnostics_for(client, uri)
    assert "E2010" not in [d["code"] for d in published["diagnostics"]]


def test_stale_analyses_are_dropped(client):
    initialized(client)
    uri = "file:///tmp/stale.llmcl"
    # Large enough that an analysis takes a while: the changes typed meanwhile queue up.
    text = "".join('contract C%d { ensure contains(response, "x%d") }\n' % (i, i)
                   for i in range(3000))
    client.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                 "params": {"textDocument": {"uri": uri, "languageId": "llmcl", "version": 1,
                                             "text": text}}})
    assert diagnostics_for(client, uri, timeout=60)["version"] == 1
    # Twenty keystrokes in one write: "x" typed after `contains(`, 20 times.
    changes = b"".join(frame({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": version},
        "contentChanges": [{"range": {"start": {"line": 0, "character": 30},
                                      "end": {"line": 0, "character": 30}}, "text": "x"}]}})
        for version in range(2, 22))
    client.write(changes)
    versions = []
    while not versions or versions[-1] != 21:
        last = diagnostics_for(client, uri, timeout=60)
        versions.append(last["version"])
    # Only analyses of the newest text are published: at most the first change's (analysed
    # before the others arrived) and the last one's.
    assert versions == sorted(versions) and len(versions) <= 3, versions
    client.send({"jsonrpc": "2.0", "id": 5, "method": "textDocument/documentSymbol",
                 "params": {"textDocument": {"uri": uri}}})
    response, before = client.read_response(5)
    assert not before  # nothing published after version 21
    clause = response["result"][0]["children"][0]
    assert clause["detail"] == 'contains(' + "x" * 20 + 'response, "x0")'
    assert "W2001" in [d["code"] for d in last["diagnostics"]]  # `xx…xresponse` is unknown


def test_random_bytes_and_messages_crash_nothing(client):
    initialized(client)
    rng = random.Random(14)
    pieces = [b"Content-Length: ", b"\r\n", b"\r\n\r\n", b"{", b"}", b"[", b'"', b":", b",",
              b'"jsonrpc"', b'"2.0"', b'"id"', b'"method"', b'"params"', b'"textDocument/hover"',
              b"1", b"-1", b"99999999999999999999", b"null", b"\xff", b"\xc3", "😀".encode()]
    for _ in range(300):
        client.write(b"".join(rng.choice(pieces) for _ in range(rng.randint(1, 30))))
    # Back in step: the garbage may have declared a huge message, whose skipping ends at the
    # first pause with a header after it.
    client.write(b"}")
    client.send({"jsonrpc": "2.0", "id": "sync", "method": "no/such/method"})
    assert error_of(client.read_response("sync", timeout=30)[0]) == -32601
    # Valid requests with random params: every method, every shape.
    methods = [m for m in ("textDocument/hover", "textDocument/completion",
                           "completionItem/resolve", "textDocument/signatureHelp",
                           "textDocument/definition", "textDocument/documentSymbol",
                           "workspace/symbol", "textDocument/formatting",
                           "textDocument/prepareRename", "textDocument/rename",
                           "textDocument/codeAction", "textDocument/foldingRange",
                           "textDocument/semanticTokens/full", "textDocument/inlayHint",
                           "llmcl/evaluate", "textDocument/didOpen", "textDocument/didChange",
                           "llmcl/setSample", "textDocument/didClose")]
    uri = "file:///tmp/random.llmcl"
    client.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "llmcl", "version": 1,
        "text": "contract A { ensure len(response) < 5 }\ncontract B extends A {}\n"}}})
    values = [None, True, 0, -5, 2 ** 40, "x", uri, [], {}, {"line": 0, "character": 3},
              {"line": -1, "character": 2 ** 33}, {"uri": uri}, {"content": 1}]
    for n in range(400):
        params = {"textDocument": {"uri": uri, "version": n}}
        for key in rng.sample(["position", "range", "newName", "sample", "contentChanges",
                               "label", "data", "query", "options", "context", "start", "end"],
                              rng.randint(0, 5)):
            params[key] = rng.choice(values + [[rng.choice(values)]])
        message = {"jsonrpc": "2.0", "method": rng.choice(methods), "params": params}
        if rng.random() < 0.7:
            message["id"] = 1000 + n
        client.write(frame(message))
    client.send({"jsonrpc": "2.0", "id": 5000, "method": "shutdown"})
    response, before = client.read_response(5000, timeout=60)
    assert response["result"] is None
    assert all("error" in m or "result" in m or "method" in m for m in before)
    answered = [m for m in before if isinstance(m.get("id"), int) and m["id"] >= 1000]
    assert len(answered) > 200  # every request (70 % of 400) is answered
    assert any("result" in m and m["result"] for m in answered)
    client.send({"jsonrpc": "2.0", "method": "exit"})
    assert client.wait() == 0


def utf16_position(text, index):
    """The LSP position (UTF-16) of code point `index` of `text`."""
    line = text.count("\n", 0, index)
    start = text.rfind("\n", 0, index) + 1
    return {"line": line, "character": len(text[start:index].encode("utf-16-le")) // 2}


def test_random_incremental_edits_keep_the_text(client):
    initialized(client)
    rng = random.Random(1414)
    text = ('contract Émoji { ensure "😀 ü 中文" != response and len(response) < 10\n'
            '    message: "«too long»" }\r\ncontract B extends Émoji {}\n')
    inserts = ["😀", "ü", "x", "\n", "\r\n", " ", "中", "len(", ")", '"', "contract", "{", "}"]
    uri = "file:///tmp/edited.llmcl"
    client.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "llmcl", "version": 1, "text": text}}})
    for version in range(2, 202):
        changes = []
        for _ in range(rng.randint(1, 3)):
            begin = rng.randint(0, len(text))
            end = min(len(text), begin + rng.choice([0, 0, 1, 2, 5]))
            if text[begin - 1: begin + 1] == "\r\n":
                begin -= 1  # never split a CRLF: LSP and the engine count lines alike then
            if text[end - 1: end + 1] == "\r\n":
                end += 1
            new = rng.choice(inserts) if rng.random() < 0.7 else ""
            changes.append({"range": {"start": utf16_position(text, begin),
                                      "end": utf16_position(text, end)}, "text": new})
            text = text[:begin] + new + text[end:]
        client.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version}, "contentChanges": changes}})
    fresh = "file:///tmp/fresh.llmcl"
    client.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": fresh, "languageId": "llmcl", "version": 1, "text": text}}})
    answers = []
    for n, document in enumerate((uri, fresh)):
        for offset, method in enumerate(("textDocument/semanticTokens/full",
                                         "textDocument/foldingRange",
                                         "textDocument/documentSymbol")):
            id_ = 10 * n + offset + 1
            client.send({"jsonrpc": "2.0", "id": id_, "method": method,
                         "params": {"textDocument": {"uri": document}}})
            answers.append(client.read_response(id_, timeout=30)[0]["result"])
    assert answers[:3] == answers[3:]
    assert answers[0]["data"]


@pytest.mark.parametrize("args, code, message", [
    (["lsp", "file.llmcl"], 2, "llmcl lsp: takes no FILE"),
    (["lsp", "--frob"], 2, "llmcl lsp: unknown option '--frob'"),
    (["lsp", "--help"], 0, ""),
])
def test_command_line(args, code, message):
    run = subprocess.run([llmcl_binary(), *args], capture_output=True, text=True,
                         stdin=subprocess.DEVNULL, timeout=10)
    assert run.returncode == code
    assert run.stderr.startswith(message)
    if code == 0:
        assert run.stdout.startswith("Usage: llmcl lsp [--stdio]")


def test_stdio_option_and_end_of_input():
    # --stdio, which some clients add, is accepted; no input at all ends the server (exit 1).
    run = subprocess.run([llmcl_binary(), "lsp", "--stdio"], capture_output=True,
                         stdin=subprocess.DEVNULL, timeout=10)
    assert run.returncode == 1 and run.stdout == b"" and run.stderr == b""
