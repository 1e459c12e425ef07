# SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""A raw client of `llmcl lsp` for the protocol tests: bytes in, framed JSON out."""

import json
import os
import select
import subprocess
import time


def llmcl_binary():
    """The built llmcl (CTest passes LLMCL_BIN)."""
    path = os.environ.get("LLMCL_BIN")
    if not path:
        raise RuntimeError("LLMCL_BIN is not set: run the tests through CTest")
    return path


def frame(obj):
    body = json.dumps(obj).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class WireClient:
    """Writes raw bytes to `llmcl lsp` and reads the framed messages it answers."""

    def __init__(self, *args):
        self.process = subprocess.Popen(
            [llmcl_binary(), "lsp", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.buffer = b""

    def write(self, data):
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def send(self, obj):
        self.write(frame(obj))

    def _fill(self, deadline):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("no message from the server in time")
        ready, _, _ = select.select([self.process.stdout], [], [], remaining)
        if not ready:
            raise TimeoutError("no message from the server in time")
        chunk = os.read(self.process.stdout.fileno(), 65536)
        if not chunk:
            raise EOFError("the server closed its output")
        self.buffer += chunk

    def read(self, timeout=10.0):
        """The next message, checking its framing."""
        deadline = time.monotonic() + timeout
        while b"\r\n\r\n" not in self.buffer:
            self._fill(deadline)
        header, _, rest = self.buffer.partition(b"\r\n\r\n")
        assert header.startswith(b"Content-Length: "), header
        length = int(header[len(b"Content-Length: "):])
        self.buffer = rest
        while len(self.buffer) < length:
            self._fill(deadline)
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return json.loads(body)

    def read_response(self, id_, timeout=10.0):
        """Reads until the response to `id_`, returning it and the messages before it."""
        before = []
        while True:
            message = self.read(timeout)
            if "method" not in message and message.get("id") == id_:
                return message, before
            before.append(message)

    def close_input(self):
        self.process.stdin.close()

    def wait(self, timeout=10.0):
        return self.process.wait(timeout)

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
