# SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""LLMCL contracts in Python: compile them once, evaluate turns from any thread.

    import llmcl

    contracts = llmcl.load("safety.llmcl")
    result = contracts.evaluate(content=question, response=answer)
    if not result.valid:
        for violation in result.violations:
            print(violation.clause, violation.message)

Texts are ``str`` or UTF-8 ``bytes``; a context is a mapping that ``json.dumps`` accepts.
Results have the shape of ``llmcl eval --format json`` (INTERFACES.md section 2): the same
engine computes them and the same code writes them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Callable, Optional, Union

from . import _llmcl

__all__ = [
    "ClauseVerdict",
    "ContractError",
    "ContractSet",
    "Diagnostic",
    "Explanation",
    "Fix",
    "FixIt",
    "Result",
    "Session",
    "SessionEnd",
    "Violation",
    "compile",
    "load",
]

Text = Union[str, bytes]
PathLike = Union[str, "os.PathLike[str]"]


@dataclass(frozen=True)
class FixIt:
    """A suggested edit: replace the range (1-based lines, columns in code points)."""

    line: int
    column: int
    end_line: int
    end_column: int
    replacement: str


@dataclass(frozen=True)
class Diagnostic:
    """A problem in a contract: lines 1-based, columns 1-based in code points."""

    code: str
    severity: str  # "error", "warning" or "info"
    message: str
    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    fix_its: tuple[FixIt, ...] = ()

    def __str__(self) -> str:
        where = self.file or "<input>"
        return f"{where}:{self.line}:{self.column}: {self.severity}[{self.code}]: {self.message}"


class ContractError(Exception):
    """The contracts have errors; ``diagnostics`` lists every diagnostic (errors first)."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        errors = [d for d in diagnostics if d.severity == "error"]
        shown = errors or diagnostics
        summary = "\n".join(str(d) for d in shown[:10])
        more = f"\n… and {len(shown) - 10} more" if len(shown) > 10 else ""
        super().__init__(f"the contracts have {len(errors)} error(s):\n{summary}{more}")

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]


@dataclass(frozen=True)
class Explanation:
    """One line of a traced clause: a sub-expression and its value."""

    expression: str
    value: Any


@dataclass(frozen=True)
class ClauseVerdict:
    """One clause's verdict on one turn."""

    id: str  # "<Contract>#<n>"
    contract: str
    kind: str  # "require", "ensure", "ensure_prob", "temporal"
    status: str  # "pass", "fail", "error", "pending", "suppressed", "skipped"
    severity: str
    line: int
    file: str
    message: str
    duration_ns: int
    explanation: Optional[tuple[Explanation, ...]]  # None unless evaluated with trace=True

    @property
    def passed(self) -> bool:
        return self.status == "pass"


@dataclass(frozen=True)
class Violation:
    """A failure that remains after fixing: status "fail", or "error" when it could not run."""

    contract: str
    clause: str
    kind: str
    line: int
    message: str
    severity: str
    status: str


@dataclass(frozen=True)
class Fix:
    """One auto_fix applied during a turn; outcome "fixed", "ineffective", "broke", "error"."""

    contract: str
    clause: str
    kind: str
    line: int
    expression: str
    before: str
    after: str
    applied: bool
    outcome: str
    confidence: float
    round: int
    error: Optional[str] = None
    broken: tuple[str, ...] = ()


class Result:
    """The result of one turn. ``content``/``response`` are the texts after fixes.

    The engine's result stays in C++ until a part of it is read: ``violations``, ``verdicts``,
    ``fixes`` and ``json`` are built on first access (reading only ``valid`` costs little)."""

    __slots__ = ("_handle", "_traced", "_violations", "_verdicts", "_fixes", "_json")

    def __init__(self, handle: _llmcl.TurnResult, traced: bool) -> None:
        self._handle = handle
        self._traced = traced
        self._violations: Optional[tuple[Violation, ...]] = None
        self._verdicts: Optional[tuple[ClauseVerdict, ...]] = None
        self._fixes: Optional[tuple[Fix, ...]] = None
        self._json: Optional[dict[str, Any]] = None

    @property
    def valid(self) -> bool:
        """No critical or error violation remains."""
        return bool(self._handle.valid)

    @property
    def content(self) -> str:
        return str(self._handle.content)

    @property
    def response(self) -> Optional[str]:
        return self._handle.response  # type: ignore[no-any-return]

    @property
    def duration_ns(self) -> int:
        return int(self._handle.duration_ns)

    @property
    def violations(self) -> tuple[Violation, ...]:
        if self._violations is None:
            self._violations = tuple(Violation(*v) for v in self._handle.violations())
        return self._violations

    @property
    def verdicts(self) -> tuple[ClauseVerdict, ...]:
        """Every clause's verdict, contract by contract in evaluation order."""
        if self._verdicts is None:
            traced = self._traced
            self._verdicts = tuple(
                ClauseVerdict(
                    *v[:9],
                    explanation=tuple(Explanation(e, x) for e, x in v[9]) if traced else None,
                )
                for v in self._handle.verdicts()
            )
        return self._verdicts

    @property
    def fixes(self) -> tuple[Fix, ...]:
        if self._fixes is None:
            self._fixes = tuple(
                Fix(*f[:12], broken=tuple(f[12])) for f in self._handle.fixes()
            )
        return self._fixes

    @property
    def json(self) -> dict[str, Any]:
        """The result as `llmcl eval --format json` writes it (INTERFACES.md section 2)."""
        if self._json is None:
            self._json = json.loads(self._handle.json())
        return self._json

    def __bool__(self) -> bool:
        return self.valid

    def __repr__(self) -> str:
        return (
            f"Result(valid={self.valid!r}, violations={self.violations!r}, "
            f"fixes={len(self.fixes)}, verdicts={len(self.verdicts)})"
        )


@dataclass(frozen=True)
class SessionEnd:
    """What settled when a conversation ended: temporal and session-window clauses."""

    valid: bool
    settled: tuple[ClauseVerdict, ...]
    violations: tuple[Violation, ...]


def _utf8(value: Text, what: str) -> bytes:
    if isinstance(value, bytes):
        return value  # checked by the engine's UTF-8 validator
    if isinstance(value, str):
        try:
            return value.encode("utf-8")
        except UnicodeEncodeError as error:
            raise ValueError(
                f"{what} is not valid Unicode text (position {error.start}: {error.reason})"
            ) from None
    raise TypeError(f"{what} must be str or bytes, not {type(value).__name__}")


def _mapping_json(value: Optional[Mapping[str, Any]], what: str) -> Optional[bytes]:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise TypeError(f"{what} must be a mapping, not {type(value).__name__}")
    try:
        return json.dumps(dict(value), allow_nan=False, ensure_ascii=False).encode(
            "utf-8", "strict"
        )
    except (TypeError, ValueError) as error:
        raise TypeError(f"{what} is not JSON-serialisable: {error}") from None


def _diagnostic(d: dict[str, Any]) -> Diagnostic:
    return Diagnostic(
        code=d["code"],
        severity=d["severity"],
        message=d["message"],
        file=d["file"],
        line=d["line"],
        column=d["column"],
        end_line=d["end_line"],
        end_column=d["end_column"],
        fix_its=tuple(FixIt(**f) for f in d["fix_its"]),
    )


def _verdict(v: dict[str, Any], traced: bool) -> ClauseVerdict:
    explanation = (
        tuple(Explanation(e["expr"], e["value"]) for e in v.get("values", ())) if traced else None
    )
    return ClauseVerdict(
        id=v["id"],
        contract=v.get("contract", ""),
        kind=v["kind"],
        status=v["status"],
        severity=v.get("severity", ""),
        line=v["line"],
        file=v.get("file", ""),
        message=v.get("message", ""),
        duration_ns=v["duration_ns"],
        explanation=explanation,
    )


def _violation(v: dict[str, Any]) -> Violation:
    return Violation(
        contract=v["contract"],
        clause=v["clause"],
        kind=v["kind"],
        line=v["line"],
        message=v["message"],
        severity=v["severity"],
        status=v["status"],
    )


def _turn(
    evaluate: Callable[..., Any],
    content: Text,
    response: Optional[Text],
    context: Optional[Mapping[str, Any]],
    fix: bool,
    trace: bool,
) -> Result:
    """One turn's arguments checked and converted for the extension (``ContractSet.evaluate``
    and ``Session.turn`` take the same), then its result."""
    handle = evaluate(
        _utf8(content, "content"),
        None if response is None else _utf8(response, "response"),
        _mapping_json(context, "context"),
        bool(fix),
        bool(trace),
    )
    return Result(handle, bool(trace))


class ContractSet:
    """A compiled, immutable contract set. Share one between threads: each evaluation borrows
    an evaluator of its own, and the GIL is released while the engine works."""

    def __init__(self, handle: _llmcl.ContractSet, diagnostics: list[Diagnostic]) -> None:
        self._handle = handle
        self.diagnostics: list[Diagnostic] = diagnostics  # warnings and notes

    @property
    def contracts(self) -> list[str]:
        """The active contracts' names in evaluation order."""
        return list(self._handle.active_contracts)

    @property
    def clause_count(self) -> int:
        return int(self._handle.clause_count)

    def evaluate(
        self,
        content: Text = "",
        response: Optional[Text] = None,
        context: Optional[Mapping[str, Any]] = None,
        *,
        fix: bool = False,
        trace: bool = False,
    ) -> Result:
        """Evaluates one turn: the input phase on ``content`` and, with a ``response``, the
        output phase. ``fix`` applies auto_fix repairs; ``trace`` records explanations."""
        return _turn(self._handle.evaluate, content, response, context, fix, trace)

    def session(self, metadata: Optional[Mapping[str, Any]] = None) -> Session:
        """A conversation: turns evaluated in order, temporal clauses across them."""
        return Session(_llmcl.Session(self._handle, _mapping_json(metadata, "metadata")))


class Session:
    """One conversation over a ContractSet; end() settles pending temporal clauses."""

    def __init__(self, handle: _llmcl.Session) -> None:
        self._handle = handle

    @property
    def ended(self) -> bool:
        return bool(self._handle.ended)

    @property
    def turns(self) -> int:
        return int(self._handle.turns)

    def turn(
        self,
        content: Text = "",
        response: Optional[Text] = None,
        context: Optional[Mapping[str, Any]] = None,
        *,
        fix: bool = False,
        trace: bool = False,
    ) -> Result:
        """Evaluates the conversation's next turn. Raises ValueError after end()."""
        return _turn(self._handle.turn, content, response, context, fix, trace)

    def end(self) -> SessionEnd:
        """Ends the conversation (once). Raises ValueError when it has ended already."""
        data = json.loads(self._handle.end())
        return SessionEnd(
            valid=data["valid"],
            settled=tuple(_verdict(v, True) for v in data["settled"]),
            violations=tuple(_violation(v) for v in data["violations"]),
        )

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        if not self.ended:
            self.end()


def _contract_set(
    compiled: tuple[Optional[_llmcl.ContractSet], list[dict[str, Any]]],
) -> ContractSet:
    handle, raw = compiled
    diagnostics = [_diagnostic(d) for d in raw]
    if handle is None:
        raise ContractError(diagnostics)
    return ContractSet(handle, diagnostics)


def _paths(paths: Iterable[PathLike], what: str) -> list[str]:
    result = []
    for path in paths:
        if not isinstance(path, (str, os.PathLike)):
            raise TypeError(f"{what} must be str or os.PathLike, not {type(path).__name__}")
        text = os.fspath(path)
        if not isinstance(text, str):
            raise TypeError(f"{what} must be str paths, not {type(text).__name__}")
        _utf8(text, f"{what}: {text!r}")  # file names are UTF-8 for the engine (diagnostics)
        result.append(text)
    return result


def compile(
    source: Text, name: str = "<string>", *, include_path: Iterable[PathLike] = ()
) -> ContractSet:
    """Compiles contract source text; ``name`` is the file name diagnostics show (and the
    folder `import` searches first). Raises ContractError when the source has errors."""
    if not isinstance(name, str):
        raise TypeError(f"name must be str, not {type(name).__name__}")
    _utf8(name, "name")
    return _contract_set(
        _llmcl.compile_source(_utf8(source, "source"), name, _paths(include_path, "include_path"))
    )


def load(*paths: PathLike, include_path: Optional[Iterable[PathLike]] = None) -> ContractSet:
    """Compiles contract files together, with their imports. A file that cannot be read is an
    error diagnostic; raises ContractError when any diagnostic is an error."""
    if not paths:
        raise TypeError("load() needs at least one contract file")
    return _contract_set(
        _llmcl.load_files(_paths(paths, "paths"), _paths(include_path or (), "include_path"))
    )
