"""What the worker puts around the user's program so it stops with a reason, not silently.

- A memory limit (``RLIMIT_DATA``: heap and anonymous mappings, so the shared libraries a
  big import maps do not count): an allocation past it raises MemoryError.
- A deadline (SIGALRM, repeated every RETRY_SECONDS in case the program catches it) and Cancel
  (SIGTERM from the runner): each raises ProgramStopped in whatever the program is running,
  its own ``_backward`` included, so the line it was at is known.
- ``os._exit``, ``breakpoint()`` and ``input()`` stop the program with a reason instead of
  killing the worker before the recording is written, waiting for a debugger, or waiting
  for a terminal (stdin is closed).

A process the program forks runs the same code: in it, ``os._exit`` is the real one.
"""

from __future__ import annotations

import builtins
import contextlib
import os
import signal
import sys
import sysconfig
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from engine.sources.running import messages

#: A deadline or Cancel that lands in the observer's own code tries again this soon: most of
#: a recorded program's time is the observer's, and at 50 ms a loaded machine often ran out
#: the runner's 3 s grace before a try landed in the program's code (the passes were lost).
RETRY_SECONDS = 0.002
_OWN_FOLDER = str(Path(__file__).resolve().parent)
_RUNNER_FILES = frozenset(
    str(Path(_OWN_FOLDER) / name) for name in ("worker.py", "program_exec.py")
)  # the frames below the program's own: the code that runs it
_OBSERVER_FOLDER = str(Path(_OWN_FOLDER).parent / "program")
"""The observer's code (its tracer, the probes around each ``_backward``): never stopped in."""
_NOT_THE_PROGRAM = (
    str(Path(_OWN_FOLDER).parents[1]),  # gradstep's engine
    sysconfig.get_paths()["stdlib"],
    sysconfig.get_paths()["platstdlib"],
    "<frozen ",
)
_real_exit = os._exit


class ProgramStopped(BaseException):
    """Raised inside the user's program to stop it; ``reason`` is a messages.FAILURE reason.

    A BaseException, so an ``except Exception`` in the program does not swallow it.
    """

    def __init__(self, reason: str, text: str):
        super().__init__(text)
        self.reason = reason
        self.text = text


class NoInputError(EOFError):
    """``input()`` in the worker: there is no terminal; an EOFError, as Python's own would be."""


class Guards:
    """The guards of one worker process: installed once, armed while the program runs."""

    def __init__(self, timeout: float, memory_limit_mb: int):
        self.timeout = timeout
        self.memory_limit_mb = memory_limit_mb
        self.pid = os.getpid()
        self.armed = False
        self.cancelled = False

    def install(self) -> str:
        """Set the memory limit and replace the calls that would hang or kill the worker.

        Returns a note when the memory limit cannot be set on this system, else "".
        """
        builtins.input = _no_input
        sys.breakpointhook = self._on_breakpoint
        os._exit = self._on_exit
        signal.signal(signal.SIGTERM, self._on_cancel)
        return _set_memory_limit(self.memory_limit_mb)

    def release_memory(self) -> None:
        """Lift the memory limit: the program is over, and the recording must be written."""
        _set_memory_limit(None)

    def is_worker(self) -> bool:
        """False in a process the program forked: it must leave the recording alone."""
        return os.getpid() == self.pid

    @contextlib.contextmanager
    def armed_for(self, seconds: float) -> Iterator[None]:
        """Deadline and Cancel raise ProgramStopped in the code run inside."""
        if seconds <= 0:
            raise ProgramStopped(messages.TIMEOUT, self._timeout_text())
        self.armed = True
        previous = signal.signal(signal.SIGALRM, self._on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds, RETRY_SECONDS)
        try:
            if self.cancelled:
                raise ProgramStopped(messages.CANCELLED, "was cancelled")
            yield
        finally:
            self.armed = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    def _timeout_text(self) -> str:
        return f"was still running after {self.timeout:g} s (an endless loop?) and was stopped"

    def _interrupts(self, frame: types.FrameType | None) -> bool:
        """Raise only in the program's code, never inside the observer's bookkeeping.

        Walking out from the interrupted frame: the program's own code (or a library it
        brought, micrograd say) means raise; the observer's code (which calls the user's
        ``_backward`` and reads grads through gradstep's engine and the standard library)
        means not now, or its record of the pass breaks: the alarm comes back in 2 ms.
        """
        if not self.armed:
            return False
        while frame is not None:
            name = frame.f_code.co_filename
            if name.startswith(_OWN_FOLDER):
                return name in _RUNNER_FILES
            if name.startswith(_OBSERVER_FOLDER):
                # a probe between a step's notes: stopped there, the pass's columns would
                # disagree and the whole recording be refused (seen as a flaky Cancel test)
                return False
            if not name.startswith(_NOT_THE_PROGRAM):
                return True
            frame = frame.f_back
        return True

    def _on_alarm(self, _signum: int, frame: types.FrameType | None) -> None:
        if self._interrupts(frame):
            if self.cancelled:
                raise ProgramStopped(messages.CANCELLED, "was cancelled")
            raise ProgramStopped(messages.TIMEOUT, self._timeout_text())

    def _on_cancel(self, _signum: int, frame: types.FrameType | None) -> None:
        self.cancelled = True
        if self._interrupts(frame):
            raise ProgramStopped(messages.CANCELLED, "was cancelled")
        if self.armed:  # in the observer's own code: stop at the program's next line instead
            signal.setitimer(signal.ITIMER_REAL, RETRY_SECONDS, RETRY_SECONDS)

    def _on_exit(self, code: int) -> None:
        if not self.is_worker():
            _real_exit(code)
        raise ProgramStopped(messages.EXITED, f"called os._exit({code})")

    def _on_breakpoint(self, *_args: object, **_kwargs: object) -> None:
        raise ProgramStopped(
            messages.BREAKPOINT,
            "called breakpoint(): it runs without a debugger here (remove the call, and step "
            "the recorded pass in gradstep instead)",
        )


def _no_input(_prompt: object = "") -> str:
    raise NoInputError(
        "there is no terminal to type into (gradstep runs programs with stdin closed)"
    )


def _memory_limit_kind() -> tuple[Any, int] | None:
    """The resource module and the limit to set: RLIMIT_DATA, or RLIMIT_AS where it is ignored."""
    try:
        import resource  # noqa: PLC0415 (POSIX only)
    except ImportError:
        return None
    kind = getattr(resource, "RLIMIT_DATA", None)
    if sys.platform == "darwin" or kind is None:  # macOS does not enforce RLIMIT_DATA
        kind = resource.RLIMIT_AS
    return resource, kind


def _set_memory_limit(megabytes: int | None) -> str:
    """Set the soft limit to ``megabytes`` (None: back to the hard limit); a note if it fails."""
    found = _memory_limit_kind()
    if found is None:
        return "the memory limit is not available on this system"
    resource, kind = found
    try:
        _soft, hard = resource.getrlimit(kind)
        limit = hard if megabytes is None else megabytes * 1024 * 1024
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(kind, (limit, hard))
    except (OSError, ValueError) as exc:
        return f"the memory limit of {megabytes:,} MB could not be set: {exc}"
    return ""


def exit_now(code: int) -> None:
    """End the worker at once: threads the program left running do not keep it alive."""
    for stream in (sys.stdout, sys.stderr):
        # A runner that stopped reading has nobody left to show the output to.
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    _real_exit(code)
