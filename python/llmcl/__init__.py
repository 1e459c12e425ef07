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
engine computes them and the same code writes them. ``ContractSet.replay()`` and
``replay_to_db()`` run the replay of ``llmcl replay``; ``ContractSet.guard()`` checks what an
application's model answers.
"""

from __future__ import annotations

import contextvars
import functools
import inspect
import json
import os
import warnings
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Callable, Optional, TypeVar, Union

from . import _llmcl

__all__ = [
    "ClauseVerdict",
    "ContractError",
    "ContractSet",
    "ContractViolation",
    "Diagnostic",
    "Explanation",
    "Fix",
    "FixIt",
    "Guard",
    "GuardedTurn",
    "Replay",
    "ReplayEnd",
    "ReplayTurn",
    "Result",
    "Session",
    "SessionEnd",
    "SessionProblem",
    "SessionProblemWarning",
    "StoredRun",
    "TemporalState",
    "Violation",
    "Window",
    "compile",
    "load",
    "replay_to_db",
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
    # The engine's renderings, what `llmcl check` prints: the header line
    # ("file:line:col: note[W2001]: message") and the whole diagnostic with its source line
    # and a caret line under the range.
    header: str = field(default="", repr=False, compare=False)
    text: str = field(default="", repr=False, compare=False)

    def __str__(self) -> str:
        return self.header


class ContractError(Exception):
    """The contracts have errors; ``diagnostics`` lists every diagnostic in file order. The
    message is what ``llmcl`` prints: each diagnostic with its source line and caret, then
    "the contracts have errors (2 errors, 1 warning)"."""

    def __init__(self, diagnostics: list[Diagnostic], summary: str = "") -> None:
        self.diagnostics = diagnostics
        if not summary:
            summary = f"{len(self.errors)} error(s)"
        text = "".join(d.text or f"{d}\n" for d in diagnostics)
        super().__init__(f"{text}the contracts have errors ({summary})")

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]


@dataclass(frozen=True)
class Explanation:
    """One line of a traced clause: a sub-expression and its value."""

    expression: str
    value: Any


@dataclass(frozen=True)
class Window:
    """An ensure_prob clause's window after this turn (LANGUAGE.md section 8)."""

    held: bool  # whether the condition held on this turn
    target: float  # p
    rate: float  # successes / results in the window
    results: int  # results in the window
    size: Union[int, str]  # N, or "session" / "global"


@dataclass(frozen=True)
class TemporalState:
    """A temporal clause's monitor after this turn (LANGUAGE.md section 7)."""

    settled_at: Optional[int]  # the turn that settled it; None while pending
    obligations: tuple[str, ...]
    residual: str


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
    window: Optional[Window] = None  # ensure_prob clauses
    temporal: Optional[TemporalState] = None  # temporal clauses

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


def _verdicts(raw: Iterable[tuple[Any, ...]]) -> tuple[ClauseVerdict, ...]:
    """ClauseVerdicts of the extension's tuples (python/conversion.h, verdictTuple)."""
    return tuple(
        ClauseVerdict(
            *v[:9],
            explanation=None if v[9] is None else tuple(Explanation(e, x) for e, x in v[9]),
            window=None if v[10] is None else Window(*v[10]),
            temporal=None
            if v[11] is None
            else TemporalState(v[11][0], tuple(v[11][1]), v[11][2]),
        )
        for v in raw
    )


def _violations(raw: Iterable[tuple[Any, ...]]) -> tuple[Violation, ...]:
    return tuple(Violation(*v) for v in raw)


class Result:
    """The result of one turn. ``content``/``response`` are the texts after fixes.

    The engine's result stays in C++ until a part of it is read: ``violations``, ``verdicts``,
    ``fixes`` and ``json`` are built on first access (reading only ``valid`` costs little)."""

    __slots__ = ("_handle", "_traced", "_violations", "_verdicts", "_fixes", "_json")

    def __init__(self, handle: _llmcl.TurnResult, traced: bool) -> None:
        self._handle = handle
        self._traced = traced

    @property
    def valid(self) -> bool:
        """No critical or error violation remains."""
        return self._handle.valid  # type: ignore[no-any-return]

    @property
    def content(self) -> str:
        return self._handle.content  # type: ignore[no-any-return]

    @property
    def response(self) -> Optional[str]:
        return self._handle.response  # type: ignore[no-any-return]

    @property
    def duration_ns(self) -> int:
        return self._handle.duration_ns  # type: ignore[no-any-return]

    @property
    def violations(self) -> tuple[Violation, ...]:
        try:
            return self._violations
        except AttributeError:
            self._violations: tuple[Violation, ...] = _violations(self._handle.violations())
            return self._violations

    @property
    def verdicts(self) -> tuple[ClauseVerdict, ...]:
        """Every clause's verdict, contract by contract in evaluation order."""
        try:
            return self._verdicts
        except AttributeError:
            self._verdicts: tuple[ClauseVerdict, ...] = _verdicts(
                self._handle.verdicts(bool(self._traced))
            )
            return self._verdicts

    @property
    def fixes(self) -> tuple[Fix, ...]:
        try:
            return self._fixes
        except AttributeError:
            self._fixes: tuple[Fix, ...] = tuple(
                Fix(*f[:12], broken=tuple(f[12])) for f in self._handle.fixes()
            )
            return self._fixes

    @property
    def json(self) -> dict[str, Any]:
        """The result as `llmcl eval --format json` writes it (INTERFACES.md section 2)."""
        try:
            return self._json
        except AttributeError:
            self._json: dict[str, Any] = json.loads(self._handle.json())
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
    """What settled when a conversation ended: temporal and session-window clauses, as the end
    line of `llmcl replay --format json` says it ("valid", "clauses", "violations")."""

    valid: bool
    clauses: tuple[ClauseVerdict, ...]
    violations: tuple[Violation, ...]


def _session_end(handle: _llmcl.ConversationEnd) -> SessionEnd:
    valid, clauses, violations = handle.data()
    return SessionEnd(valid, _verdicts(clauses), _violations(violations))


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


def _diagnostic(d: tuple[Any, ...]) -> Diagnostic:
    return Diagnostic(*d[:8], fix_its=tuple(FixIt(*f) for f in d[8]), header=d[9], text=d[10])


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
        output phase. ``fix`` applies auto_fix repairs; ``trace`` records explanations. A turn
        outside a session has no windows: its ensure_prob verdicts are ``pending``."""
        if context is not None and type(context) is not dict:
            context = _mapping_json(context, "context")  # type: ignore[assignment]
        return Result(self._handle.evaluate(content, response, context, fix, trace), trace)

    def session(self, metadata: Optional[Mapping[str, Any]] = None) -> Session:
        """A conversation: turns evaluated in order, temporal clauses and ensure_prob windows
        across them, as `llmcl replay` evaluates them."""
        return Session(_llmcl.Session(self._handle, _mapping_json(metadata, "metadata")))

    def end_run(self) -> tuple[ClauseVerdict, ...]:
        """Settles the ``window_size global`` ensure_prob clauses over every session turn so
        far (what `llmcl replay` does when its run ends) and starts them again."""
        return _verdicts(self._handle.end_run())

    def replay(
        self,
        sessions: Union[PathLike, Iterable[Union[Mapping[str, Any], Text]]],
        *,
        jobs: Optional[int] = None,
        fix: bool = False,
        trace: bool = False,
    ) -> Replay:
        """Replays captured conversations as `llmcl replay` does, with its runner: a sessions
        file (JSON Lines, plain or gzip; INTERFACES.md section 1) or an iterable of
        conversations (dicts, or JSON lines as str or bytes). Returns an iterator of
        ``ReplayTurn`` and ``ReplayEnd`` in input order whatever ``jobs`` (conversations
        evaluated in parallel; default: the number of processors). Malformed lines are
        skipped, listed on ``Replay.problems`` and warned about (``SessionProblemWarning``)
        with `llmcl replay`'s text. ``trace`` records every clause's explanation."""
        if isinstance(sessions, (str, os.PathLike)):
            path = _paths([sessions], "sessions")[0]
            return Replay(self._handle.replay(path, None, jobs, bool(fix), bool(trace)), trace)
        if isinstance(sessions, (bytes, Mapping)) or not isinstance(sessions, Iterable):
            raise TypeError(
                "sessions must be a path or an iterable of conversations, not "
                f"{type(sessions).__name__}"
            )
        lines = _session_lines(sessions)
        return Replay(
            self._handle.replay(_ITERABLE_NAME, lines, jobs, bool(fix), bool(trace)), trace
        )

    def guard(
        self,
        on_fail: str = "raise",
        *,
        content: Optional[Text] = None,
        context: Optional[Mapping[str, Any]] = None,
        content_arg: Union[str, int, Callable[..., Text], None] = None,
        context_arg: Union[str, int, Callable[..., Optional[Mapping[str, Any]]], None] = None,
    ) -> Guard:
        """A guard around application code that returns a model's response; see ``Guard``."""
        return Guard(
            self,
            on_fail,
            content=content,
            context=context,
            content_arg=content_arg,
            context_arg=context_arg,
        )


class Session:
    """One conversation over a ContractSet; end() settles what is pending. The set's
    window_size N and global ensure_prob windows span all its sessions, in the order their
    turns arrive (from any thread); session windows span this conversation."""

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
        if context is not None and type(context) is not dict:
            context = _mapping_json(context, "context")  # type: ignore[assignment]
        return Result(self._handle.turn(content, response, context, fix, trace), trace)

    def end(self) -> SessionEnd:
        """Ends the conversation (once). Raises ValueError when it has ended already."""
        return _session_end(self._handle.end())

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        if not self.ended:
            self.end()


# ---- replays ----

_ITERABLE_NAME = "<sessions>"  # the "file" of an iterable's problems


def _session_lines(sessions: Iterable[Union[Mapping[str, Any], Text]]) -> Iterator[bytes]:
    """One JSON line (bytes, with its newline) per conversation, for the extension's reader.
    A dict is written with json.dumps; a line that is not JSON is reported by the reader."""
    for item in sessions:
        if isinstance(item, bytes):
            line = item
        elif isinstance(item, str):
            line = item.encode("utf-8", "surrogateescape")
        elif isinstance(item, Mapping):
            line = json.dumps(item, ensure_ascii=False).encode("utf-8", "surrogateescape")
        else:
            raise TypeError(
                f"a conversation must be a dict or a JSON line, not {type(item).__name__}"
            )
        yield line if line.endswith(b"\n") else line + b"\n"


@dataclass(frozen=True)
class SessionProblem:
    """A malformed line of the sessions, skipped: ``str()`` is what `llmcl replay` prints."""

    file: str
    line: int  # 1-based
    byte_offset: int  # of the line's first byte, 0-based
    message: str
    text: str = field(repr=False, compare=False)

    def __str__(self) -> str:
        return self.text


class SessionProblemWarning(UserWarning):
    """Warned for each malformed line of a replay's sessions."""


class ReplayTurn:
    """A turn of a replay: ``result`` as ``evaluate()`` gives it, after the run's windows."""

    __slots__ = ("conversation", "turn", "result")

    def __init__(self, conversation: str, turn: int, result: Result) -> None:
        self.conversation = conversation
        self.turn = turn  # 1-based
        self.result = result

    @property
    def json(self) -> dict[str, Any]:
        """The line `llmcl replay --format json` prints for this turn (``--explain all`` when
        the replay traced, else explanations for no clause)."""
        handle = self.result._handle
        return json.loads(  # type: ignore[no-any-return]
            handle.replay_line(self.conversation, self.turn, self.result._traced)
        )

    def __repr__(self) -> str:
        return f"ReplayTurn({self.conversation!r}, {self.turn}, {self.result!r})"


class ReplayEnd:
    """A conversation's end in a replay: temporal clauses and session windows settled."""

    __slots__ = ("conversation", "end", "_handle")

    def __init__(self, conversation: str, handle: _llmcl.ConversationEnd) -> None:
        self.conversation = conversation
        self.end = _session_end(handle)
        self._handle = handle

    @property
    def json(self) -> dict[str, Any]:
        """The end line `llmcl replay --format json` prints for this conversation."""
        return json.loads(self._handle.replay_line(self.conversation))  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        return f"ReplayEnd({self.conversation!r}, {self.end!r})"


class Replay(Iterator[Union[ReplayTurn, ReplayEnd]]):
    """A replay under way (``ContractSet.replay()``): iterate over it for its turns and
    conversation ends in input order. When the iteration ends, ``run_end`` holds the verdicts
    of the global windows and ``summary`` the summary object of `llmcl replay --format json`
    (INTERFACES.md section 2); a sessions file that broke off, or an exception of the iterable,
    is raised then. Dropping the iterator early stops the replay."""

    def __init__(self, handle: _llmcl.Replay, traced: bool) -> None:
        self._handle = handle
        self._traced = bool(traced)
        self.problems: list[SessionProblem] = []
        self.run_end: Optional[tuple[ClauseVerdict, ...]] = None
        self.summary: Optional[dict[str, Any]] = None
        self.turns = 0
        self.conversations = 0

    def __iter__(self) -> Replay:
        return self

    def __next__(self) -> Union[ReplayTurn, ReplayEnd]:
        next_item = self._handle.next
        while True:
            try:
                kind, conversation, turn, payload = next_item()
            except StopIteration:
                if self.summary is None:
                    self._finish()
                raise
            if kind == 0:
                return ReplayTurn(conversation, turn, Result(payload, self._traced))
            if kind == 1:
                return ReplayEnd(conversation, payload)
            problem = SessionProblem(*payload)
            self.problems.append(problem)
            warnings.warn(problem.text, SessionProblemWarning, stacklevel=2)

    def _finish(self) -> None:
        run_end, summary, turns, conversations, _ = self._handle.outcome()
        self.run_end = _verdicts(run_end)
        self.summary = json.loads(summary)
        self.turns = turns
        self.conversations = conversations


@dataclass(frozen=True)
class StoredRun:
    """A run stored by ``replay_to_db``: its id (``llmcl runs``, ``llmcl diff``), status
    ("complete", "cancelled", "incomplete") and the summary object it stored."""

    run: int
    status: str
    summary: dict[str, Any]


def replay_to_db(
    database: PathLike,
    contracts: Union[ContractSet, PathLike, Iterable[PathLike]],
    sessions: PathLike,
    *,
    jobs: Optional[int] = None,
    fix: bool = False,
    detail: bool = False,
) -> StoredRun:
    """Replays a sessions file and stores the run in the workspace database, exactly as
    ``llmcl replay CONTRACTS --sessions SESSIONS --db DATABASE`` does (the sessions imported,
    every result stored, the summary kept): ``llmcl runs`` lists it and ``llmcl diff``
    compares it with any other run. ``contracts`` is a ContractSet (its files' text when it
    was compiled is stored with the run) or contract files to load. ``detail`` stores each
    clause's explanation too (``llmcl replay --db --trace``). Raises OSError when the
    database or the sessions cannot be used; on Ctrl-C the run is stored as cancelled and
    KeyboardInterrupt raised."""
    if not isinstance(contracts, ContractSet):
        if isinstance(contracts, (str, os.PathLike)):
            contracts = load(contracts)
        else:
            contracts = load(*contracts)
    run, status, summary = contracts._handle.replay_to_db(
        _paths([database], "database")[0],
        _paths([sessions], "sessions")[0],
        jobs,
        bool(fix),
        bool(detail),
    )
    return StoredRun(run, status, json.loads(summary))


# ---- guards ----


class ContractViolation(Exception):
    """A guarded response broke the contracts (and, with on_fail="fix", fixing did not make
    it valid). ``result`` is the turn's Result."""

    def __init__(self, result: Result) -> None:
        self.result = result
        broken = "; ".join(
            f"{v.clause} ({v.severity}): {v.message}" if v.message else f"{v.clause} ({v.severity})"
            for v in result.violations[:5]
        )
        more = f"; and {len(result.violations) - 5} more" if len(result.violations) > 5 else ""
        super().__init__(f"the response breaks the contracts: {broken}{more}")


_ON_FAIL = ("raise", "fix", "return")
_GUARDED_TURNS: contextvars.ContextVar[tuple[GuardedTurn, ...]] = contextvars.ContextVar(
    "llmcl_guarded_turns", default=()
)
F = TypeVar("F", bound=Callable[..., Any])


def _argument(
    selector: Union[str, int, Callable[..., Any], None],
    signature: inspect.Signature,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    default: Any,
) -> Any:
    """The argument a guard reads from a call: by parameter name, position or a callable
    given the call's arguments."""
    if selector is None:
        return default
    if callable(selector):
        return selector(*args, **kwargs)
    bound = signature.bind(*args, **kwargs)
    bound.apply_defaults()
    if isinstance(selector, int):
        return bound.args[selector]
    return bound.arguments[selector]


class Guard:
    """Checks what application code gets from a model against a ContractSet.

    As a decorator, around a function (sync or async) that returns the model's response as
    text::

        @contracts.guard(on_fail="fix", content_arg="question")
        def answer(question: str) -> str:
            return client.chat.completions.create(...).choices[0].message.content

    ``content_arg`` (and ``context_arg``) say which argument of the call is the user's message
    (its context): a parameter name, a position, or a callable given the call's arguments;
    without one the guard uses ``content`` (``context``) given here.

    As a context manager, around any code::

        with contracts.guard(content=question) as turn:
            turn.response = client.chat.completions.create(...).choices[0].message.content
        send(turn.response)

    ``on_fail`` says what happens when the response breaks the contracts:
    ``"raise"``: ``ContractViolation`` (with the Result), the response is returned as it was
    when valid; ``"fix"``: the auto_fix repairs are applied and the fixed response returned,
    ``ContractViolation`` when it is still not valid; ``"return"``: the decorated function
    returns the ``Result`` itself, valid or not (``result.valid``, ``result.response``), and
    nothing is raised.
    """

    def __init__(
        self,
        contracts: ContractSet,
        on_fail: str = "raise",
        *,
        content: Optional[Text] = None,
        context: Optional[Mapping[str, Any]] = None,
        content_arg: Union[str, int, Callable[..., Text], None] = None,
        context_arg: Union[str, int, Callable[..., Optional[Mapping[str, Any]]], None] = None,
    ) -> None:
        if on_fail not in _ON_FAIL:
            raise ValueError(f"on_fail must be one of {', '.join(_ON_FAIL)}, not {on_fail!r}")
        self.contracts = contracts
        self.on_fail = on_fail
        self.content = content
        self.context = context
        self.content_arg = content_arg
        self.context_arg = context_arg

    def check(
        self,
        response: Text,
        content: Optional[Text] = None,
        context: Optional[Mapping[str, Any]] = None,
    ) -> Any:
        """Checks one response: the response (fixed with on_fail="fix") or, with
        on_fail="return", the Result. Raises ContractViolation as ``on_fail`` says."""
        if content is None:
            content = "" if self.content is None else self.content
        result = self.contracts.evaluate(
            content,
            response,
            self.context if context is None else context,
            fix=self.on_fail == "fix",
        )
        if self.on_fail == "return":
            return result
        if not result.valid:
            raise ContractViolation(result)
        return result.response

    def __call__(self, function: F) -> F:
        signature = inspect.signature(function)

        def inputs(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, Any]:
            return (
                _argument(self.content_arg, signature, args, kwargs, self.content),
                _argument(self.context_arg, signature, args, kwargs, self.context),
            )

        if inspect.iscoroutinefunction(function):

            @functools.wraps(function)
            async def guarded_async(*args: Any, **kwargs: Any) -> Any:
                content, context = inputs(args, kwargs)
                return self.check(await function(*args, **kwargs), content, context)

            return guarded_async  # type: ignore[return-value]

        @functools.wraps(function)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            content, context = inputs(args, kwargs)
            return self.check(function(*args, **kwargs), content, context)

        return guarded  # type: ignore[return-value]

    def __enter__(self) -> GuardedTurn:
        turn = GuardedTurn(self)
        # Per thread and per asyncio task: one guard may stand around blocks running at once.
        turn._token = _GUARDED_TURNS.set(_GUARDED_TURNS.get() + (turn,))
        return turn

    def __exit__(self, kind: Optional[type], *exc: object) -> None:
        turn = _GUARDED_TURNS.get()[-1]
        _GUARDED_TURNS.reset(turn._token)
        if kind is None:  # when the block failed, there is nothing to check
            turn._check()


class GuardedTurn:
    """The turn of a ``with guard:`` block: set ``response`` inside the block; when the block
    ends the response is checked, ``result`` holds the Result and ``response`` the response
    after fixes (on_fail="fix"); ContractViolation is raised as the guard's ``on_fail`` says.
    ``content`` and ``context`` start as the guard's and may be set in the block."""

    def __init__(self, guard: Guard) -> None:
        self._guard = guard
        self._token: Any = None
        self.content: Optional[Text] = guard.content
        self.context: Optional[Mapping[str, Any]] = guard.context
        self.response: Optional[Text] = None
        self.result: Optional[Result] = None

    def _check(self) -> None:
        if self.response is None:
            raise ValueError("a guarded block must set turn.response")
        guard = self._guard
        result = guard.contracts.evaluate(
            "" if self.content is None else self.content,
            self.response,
            self.context,
            fix=guard.on_fail == "fix",
        )
        self.result = result
        if guard.on_fail != "return" and not result.valid:
            raise ContractViolation(result)
        self.response = result.response


def _contract_set(
    compiled: tuple[Optional[_llmcl.ContractSet], list[tuple[Any, ...]], str],
) -> ContractSet:
    handle, raw, summary = compiled
    diagnostics = [_diagnostic(d) for d in raw]
    if handle is None:
        raise ContractError(diagnostics, summary)
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
