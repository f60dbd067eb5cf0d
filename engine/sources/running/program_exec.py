"""Running the user's program as Python and Jupyter would, and saying how it ended.

A script runs as ``python script.py`` runs it: as ``__main__``, ``__file__`` set, its folder
first on ``sys.path``, ``sys.argv == [script]``. A notebook runs as "Restart & Run All" with
``--allow-errors``: its code cells in order in one namespace, from the notebook's folder;
a cell that raises is reported with its number and the next cell runs. What stops the
program (an exception in a script, an exit, the deadline, Cancel, a breakpoint) becomes a
failure message naming the line it was at.
"""

from __future__ import annotations

import builtins
import linecache
import os
import sys
import time
import traceback
import types
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.sources.running import messages
from engine.sources.running.notebook import NotebookCell, is_notebook_path, read_notebook
from engine.sources.running.worker_guards import Guards, NoInputError, ProgramStopped

_OWN_FOLDER = str(Path(__file__).resolve().parent)
_ENGINE_FOLDER = str(Path(__file__).resolve().parents[2])
Send = Callable[..., None]


@dataclass(frozen=True)
class Program:
    """A script, or a notebook's code cells (``cells`` is None for a script)."""

    path: Path
    source: str = ""
    cells: tuple[NotebookCell, ...] | None = None

    @property
    def name(self) -> str:
        """The file name, for messages."""
        return self.path.name

    def cell_file(self, number: int) -> str:
        """The file name a cell's code is compiled under: tracebacks name the cell."""
        return f"{self.path} [cell {number}]"


def load_program(path: str | Path) -> Program:
    """The script or notebook at ``path``; OSError / NotebookError if it cannot be read."""
    path = Path(path).resolve()
    if is_notebook_path(path):
        return Program(path, cells=tuple(read_notebook(path)))
    return Program(path, source=path.read_text(encoding="utf-8"))


def fresh_main(program: Program) -> dict[str, Any]:
    """A new ``__main__`` module for the program, with the paths Python or Jupyter set."""
    module = types.ModuleType("__main__")
    module.__builtins__ = builtins
    folder = str(program.path.parent)
    if program.cells is None:
        module.__file__ = str(program.path)
        sys.argv = [str(program.path)]
    else:
        os.chdir(folder)  # a kernel starts in the notebook's folder
        module.__dict__["display"] = _display
        sys.argv = ["ipykernel_launcher.py"]
    sys.path[0] = folder
    sys.modules["__main__"] = module
    return module.__dict__


def _display(*objects: Any, **_options: Any) -> None:
    """Jupyter's ``display()`` in a text console: each object's repr, as a kernel log shows."""
    for obj in objects:
        print(repr(obj))


class ProgramExec:
    """Runs one program under the worker's guards, reporting cells and errors as messages."""

    def __init__(self, program: Program, guards: Guards, send: Send, deadline: float):
        self.program = program
        self.guards = guards
        self.send = send
        self.deadline = deadline
        self.namespace: dict[str, Any] = {}

    def run(self) -> dict[str, Any] | None:
        """Run the program; the failure message's fields if something stopped it, else None."""
        self.namespace = fresh_main(self.program)
        if self.program.cells is None:
            return self._run_code(self.program.source, str(self.program.path))
        cells = self.program.cells
        for cell in cells:
            self.send(messages.CELL, cell=cell.number, cells=len(cells))
            if cell.skipped:
                self.send(messages.SKIPPED, cell=cell.number, text=_skipped_text(cell))
            if cell.skipped_whole or not cell.source.strip():
                continue
            failure = self._run_cell(cell)
            if failure is not None:
                return failure
        return None

    def call(self, body: Callable[[], Any]) -> dict[str, Any] | None:
        """``body()`` under the guards (the rest of the deadline); its failure, or None."""
        try:
            with self.guards.armed_for(self.deadline - time.monotonic()):
                body()
        except BaseException as exc:  # the program's own failure, reported as a message
            return failure_fields(exc, self.program, self.guards)
        return None

    def _run_code(self, source: str, filename: str) -> dict[str, Any] | None:
        try:
            code = compile(source, filename, "exec")
        except (SyntaxError, ValueError) as exc:
            return failure_fields(exc, self.program, self.guards)
        # The user's own program, run on purpose: running it is the worker's whole job.
        return self.call(lambda: exec(code, self.namespace))

    def _run_cell(self, cell: NotebookCell) -> dict[str, Any] | None:
        filename = self.program.cell_file(cell.number)
        lines = [line + "\n" for line in cell.source.split("\n")]
        linecache.cache[filename] = (len(cell.source), None, lines, filename)
        failure = self._run_code(cell.source, filename)
        if failure is None or failure["reason"] not in (messages.RAISED, messages.MEMORY):
            return failure
        self.send(messages.CELL_ERROR, cell=cell.number, **{k: failure[k] for k in _ERROR_FIELDS})
        return None


_ERROR_FIELDS = ("text", "where", "traceback")


def _skipped_text(cell: NotebookCell) -> str:
    what = "the cell" if cell.skipped_whole else "IPython lines"
    return f"{what} not run (not Python): " + "; ".join(cell.skipped)


def failure_fields(exc: BaseException, program: Program, guards: Guards) -> dict[str, Any]:
    """A FAILURE message's fields for what stopped the program: reason, text, where, traceback."""
    reason, text = _reason(exc, guards)
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not _own(f.filename)]
    if isinstance(exc, SyntaxError) and exc.filename:
        frames.append(traceback.FrameSummary(exc.filename, exc.lineno or 0, "<module>"))
    where = _where(frames, program)
    summary = traceback.TracebackException.from_exception(exc)
    summary.stack = traceback.StackSummary.from_list(frames)
    if reason in (messages.TIMEOUT, messages.CANCELLED):
        shown = "Stopped here (most recent call last):\n" + "".join(summary.stack.format())
    else:
        shown = "".join(summary.format())
    return {"reason": reason, "text": text, "where": where, "traceback": shown}


def _reason(exc: BaseException, guards: Guards) -> tuple[str, str]:
    if isinstance(exc, ProgramStopped):
        return exc.reason, exc.text
    if isinstance(exc, SystemExit):
        code = "" if exc.code is None else repr(exc.code)
        return messages.EXITED, f"called sys.exit({code})"
    if isinstance(exc, NoInputError):
        return messages.NO_INPUT, f"called input(), but {exc}"
    if isinstance(exc, MemoryError):
        return messages.MEMORY, f"ran out of memory (the limit is {guards.memory_limit_mb:,} MB)"
    if isinstance(exc, KeyboardInterrupt):
        return messages.CANCELLED, "was interrupted"
    detail = f": {exc}" if str(exc) else ""
    return messages.RAISED, f"raised {type(exc).__name__}{detail}"


def _own(filename: str) -> bool:
    return filename.startswith(_OWN_FOLDER)


def _where(frames: list[traceback.FrameSummary], program: Program) -> str:
    """The innermost line of the user's own code: the program's file, its cells or folder."""
    folder = str(program.path.parent)
    outside = [f for f in frames if not f.filename.startswith(_ENGINE_FOLDER)]
    mine = [f for f in outside if f.filename.startswith(folder)]
    chosen = (mine or outside or frames or [None])[-1]
    if chosen is None:
        return ""
    in_function = "" if chosen.name == "<module>" else f", in {chosen.name}"
    prefix = f"{program.path} [cell "
    if chosen.filename.startswith(prefix):
        number = chosen.filename[len(prefix) : -1]
        return f"cell {number}, line {chosen.lineno}{in_function}"
    if chosen.filename == str(program.path):
        return f"line {chosen.lineno}{in_function}"
    return f"{Path(chosen.filename).name} line {chosen.lineno}{in_function}"
