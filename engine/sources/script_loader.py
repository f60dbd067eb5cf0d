"""Loading a user's ``.py`` script that builds a graph, with gradstep's Value or their own.

The convention (README, "Debug your own backprop"): the script defines a function
``build()`` returning the root Value, a ``BuiltGraph``, or ``(root, params, lr)``; without
``build()``, a module-level variable ``root`` holding the root is used. The root may be any
micrograd-compatible object: ``.data``, ``.grad``, ``._prev`` and ``._backward()``.

The script runs in this process (its own ``_backward`` closures are what gets stepped),
with its folder first on ``sys.path`` so it can import its own modules, and under a
deadline: a script still running after ``timeout`` seconds is stopped.
"""

from __future__ import annotations

import itertools
import numbers
import signal
import sys
import threading
import time
import traceback
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from engine.sources.built import BuiltGraph, GraphSource

DEFAULT_TIMEOUT = 10.0
ROOT_VARIABLE = "root"
_T = TypeVar("_T")
_module_numbers = itertools.count(1)


class ScriptError(Exception):
    """A script that could not be loaded: a message, and its traceback text if it raised."""

    def __init__(self, message: str, traceback_text: str = ""):
        super().__init__(message)
        self.message = message
        self.traceback_text = traceback_text


class _ScriptTimeout(BaseException):
    """Raised inside the script at its deadline.

    A BaseException, so an ``except Exception`` in the script cannot swallow it.
    """


def load_script(path: str | Path, timeout: float = DEFAULT_TIMEOUT) -> BuiltGraph:
    """Run the script at ``path`` and return the graph it builds; ScriptError otherwise."""
    path = Path(path).resolve()
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScriptError(f"Cannot read {path}: {exc}") from None
    try:
        code = compile(source, str(path), "exec")
    except (SyntaxError, ValueError) as exc:
        text = "".join(traceback.format_exception_only(type(exc), exc))
        raise ScriptError(f"{path.name} has a syntax error", text) from None
    module = types.ModuleType(f"gradstep_script_{next(_module_numbers)}")
    module.__file__ = str(path)
    with _script_imports(path.parent, module):
        result = _run(lambda: _execute(code, module), path, timeout)
    return as_built(result, GraphSource("script", str(path), path.name))


def _execute(code: types.CodeType, module: types.ModuleType) -> Any:
    exec(code, module.__dict__)  # the user's own script, run on purpose: this is its job
    build = module.__dict__.get("build")
    if callable(build):
        return build()
    if ROOT_VARIABLE in module.__dict__:
        return module.__dict__[ROOT_VARIABLE]
    raise ScriptError(
        f"{Path(module.__file__ or '').name} defines neither a function build() nor a "
        f"variable named {ROOT_VARIABLE}: add `def build(): ... return root` (see the README, "
        '"Debug your own backprop")'
    )


def _run(body: Callable[[], _T], path: Path, timeout: float) -> _T:
    """``body()`` under the deadline, its failures turned into ScriptError with a traceback."""
    try:
        with run_deadline(timeout):
            return body()
    except ScriptError:
        raise
    except _ScriptTimeout as exc:
        raise ScriptError(
            f"{path.name} was still running after {timeout:g} s and was stopped (an endless loop?)",
            _user_traceback(exc, timed_out=True),
        ) from None
    except (Exception, SystemExit) as exc:  # the script's own failure, shown to the user
        raise ScriptError(
            f"{path.name} raised {type(exc).__name__}: {exc}", _user_traceback(exc)
        ) from None


def _user_traceback(exc: BaseException, *, timed_out: bool = False) -> str:
    """The traceback without this module's own frames: only the user's code is shown."""
    summary = traceback.TracebackException.from_exception(exc)
    summary.stack = traceback.StackSummary.from_list(
        [frame for frame in summary.stack if frame.filename != __file__]
    )
    if timed_out:
        return "Stopped here (most recent call last):\n" + "".join(summary.stack.format())
    return "".join(summary.format())


@contextmanager
def _script_imports(folder: Path, module: types.ModuleType) -> Iterator[None]:
    """The script's folder first on sys.path, for the time the script runs.

    Modules it imports from that folder are forgotten afterwards, so a reload sees their edits.
    """
    before = set(sys.modules)
    sys.path.insert(0, str(folder))
    sys.modules[module.__name__] = module
    try:
        yield
    finally:
        sys.modules.pop(module.__name__, None)
        if sys.path and sys.path[0] == str(folder):
            del sys.path[0]
        for name in set(sys.modules) - before:
            file = getattr(sys.modules[name], "__file__", None) or ""
            if file and Path(file).resolve().is_relative_to(folder):
                del sys.modules[name]


@contextmanager
def run_deadline(timeout: float) -> Iterator[None]:
    """Raise _ScriptTimeout in the code run inside, ``timeout`` seconds from now.

    On the main thread of a POSIX system a SIGALRM timer does it at no cost; elsewhere
    (Windows, worker threads) a ``sys.settrace`` hook checks the clock on every line.
    """
    on_main = threading.current_thread() is threading.main_thread()
    if on_main and hasattr(signal, "setitimer"):
        with _signal_deadline(timeout):
            yield
    else:
        with _trace_deadline(timeout):
            yield


@contextmanager
def _signal_deadline(timeout: float) -> Iterator[None]:
    active = [True]

    def on_alarm(_signum: int, _frame: object) -> None:
        if active[0]:
            raise _ScriptTimeout

    previous = signal.signal(signal.SIGALRM, on_alarm)
    # The interval repeats the alarm, in case the script catches the first one.
    signal.setitimer(signal.ITIMER_REAL, max(timeout, 1e-3), 0.05)
    try:
        yield
    finally:
        active[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _trace_deadline(timeout: float) -> Iterator[None]:
    deadline = time.monotonic() + timeout

    def tracer(_frame: types.FrameType, _event: str, _arg: object) -> Any:
        if time.monotonic() > deadline:
            raise _ScriptTimeout
        return tracer

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        yield
    finally:
        sys.settrace(previous)


def is_value_like(obj: object) -> bool:
    """Whether ``obj`` looks like a micrograd Value: numeric data, grad, _prev, _backward."""
    data = getattr(obj, "data", None)
    return (
        isinstance(data, numbers.Real)
        and not isinstance(data, bool)
        and hasattr(obj, "grad")
        and hasattr(obj, "_prev")
        and callable(getattr(obj, "_backward", None))
    )


_EXPECTED = (
    "expected a Value (an object with .data, .grad, ._prev and ._backward), "
    "a BuiltGraph, or a tuple (root, params, lr)"
)


def as_built(result: object, source: GraphSource) -> BuiltGraph:
    """The script's result as a BuiltGraph, or a ScriptError saying what was wrong with it."""
    where = f"{source.title}'s result"
    if isinstance(result, BuiltGraph):
        root, params, lr, note = result.root, list(result.params), result.lr, result.note
    elif isinstance(result, tuple) and len(result) == 3:
        root, params, lr, note = result[0], result[1], result[2], ""
    else:
        root, params, lr, note = result, [], None, ""
    if not is_value_like(root):
        raise ScriptError(f"{where} is {_describe(root)}: {_EXPECTED}")
    try:
        params = list(params)
    except TypeError:
        raise ScriptError(f"{where}: params is {_describe(params)}, not a list of Values") from None
    for i, p in enumerate(params):
        if not is_value_like(p):
            raise ScriptError(f"{where}: params[{i}] is {_describe(p)}, not a Value")
    if lr is not None and (not isinstance(lr, numbers.Real) or isinstance(lr, bool)):
        raise ScriptError(f"{where}: lr is {_describe(lr)}, not a number")
    if params and lr is None:
        raise ScriptError(f"{where}: params are given without a learning rate lr")
    return BuiltGraph(root, tuple(params), None if lr is None else float(lr), note, source)


def _describe(obj: object) -> str:
    text = repr(obj)
    text = text if len(text) <= 60 else text[:57] + "..."
    name = type(obj).__name__
    article = "an" if name[:1].lower() in "aeiou" else "a"
    return f"{article} {name} ({text})"
