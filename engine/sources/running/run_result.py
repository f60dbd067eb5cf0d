"""How a run of the user's program went: its recording, what stopped it, what it printed."""

from __future__ import annotations

import re
import signal
from dataclasses import dataclass
from pathlib import Path

from engine.sources.program.recording import Recording

_FAULT_FRAME = re.compile(r'^\s*File "(?P<file>.+)", line (?P<line>\d+) in (?P<name>.+)$')


@dataclass(frozen=True)
class RunFailure:
    """What stopped the program before its end (``reason`` is one of messages' reasons).

    ``text`` says what happened ("raised ZeroDivisionError: division by zero"), ``where``
    the line it happened at when it can be known ("line 12, in _backward", "cell 3, line
    2"), ``traceback`` the user's frames.
    """

    reason: str
    text: str
    where: str = ""
    traceback: str = ""

    def line(self, program: str) -> str:
        """One line for a status bar or stderr: the program, what happened and where."""
        return f"{program} {self.text}" + (f" at {self.where}" if self.where else "")


@dataclass(frozen=True)
class CellError:
    """A notebook cell that raised; the cells after it ran anyway."""

    cell: int
    text: str
    where: str = ""
    traceback: str = ""

    def line(self, program: str) -> str:
        """One line saying which cell raised what, and that the run went on."""
        where = f" at {self.where}" if self.where else ""
        return f"{program}: cell {self.cell} {self.text}{where}; the next cells ran"


@dataclass(frozen=True)
class RunProgress:
    """A progress report while the program runs: passes so far, the cell, a line of text."""

    passes: int
    text: str
    cell: int | None = None
    cells: int | None = None


@dataclass(frozen=True)
class RunResult:
    """The outcome of one run: ``recording`` is None when none came back (a crash, a kill).

    A failed program can still have a recording: the passes it made before it stopped.
    """

    program: Path
    recording: Recording | None
    failure: RunFailure | None
    cell_errors: tuple[CellError, ...] = ()
    notes: tuple[str, ...] = ()
    stdout_tail: str = ""
    stderr_tail: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when the program ran to its end and its recording came back."""
        return self.failure is None and self.recording is not None

    @property
    def passes(self) -> int:
        """How many passes came back."""
        return 0 if self.recording is None else len(self.recording)

    def failure_line(self) -> str:
        """The one-line reason the run failed, or "" if it did not."""
        return "" if self.failure is None else self.failure.line(self.program.name)

    def warnings(self) -> list[str]:
        """Lines worth showing even when the run succeeded: cell errors and notes."""
        name = self.program.name
        return [e.line(name) for e in self.cell_errors] + [f"{name}: {n}" for n in self.notes]


def signal_text(returncode: int) -> str:
    """How a process killed by a signal died, in words: "segmentation fault (SIGSEGV)"."""
    try:
        sig = signal.Signals(-returncode)
    except ValueError:
        return f"signal {-returncode}"
    words = signal.strsignal(sig) or sig.name
    return f"{words.lower()} ({sig.name})"


def fault_where(stderr: str, program: Path) -> str:
    """The program's innermost line in a faulthandler dump on stderr ("" if there is none).

    faulthandler lists the most recent call first; the first frame in the program's file
    (or one of its notebook cells) is where it was.
    """
    cell_prefix = f"{program} [cell "
    for line in stderr.splitlines():
        m = _FAULT_FRAME.match(line)
        if m is None:
            continue
        file, number, name = m["file"], m["line"], m["name"].strip()
        in_function = "" if name == "<module>" else f", in {name}"
        if file == str(program):
            return f"line {number}{in_function}"
        if file.startswith(cell_prefix):
            return f"cell {file[len(cell_prefix) : -1]}, line {number}{in_function}"
    return ""
