"""gradstep from Python and Jupyter: record your own code as it runs, then step it in the app.

::

    from engine.sources.program.api import record, show

    with record() as run:          # your own code, unchanged, inside
        for k in range(20):
            loss = ...
            loss.backward()        # every backward() on a Value-like object is a pass
            ...
    show(run)                      # the app opens on the last pass; the kernel goes on
    run.losses()                   # the loss of each pass
    run.save("train.gradstep-rec.json")

    show(loss)                     # instead of draw_dot(loss): the graph, to step

Qt is never imported here: ``show()`` starts the app as a process of its own, on a
recording written to a temporary file, and returns at once.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import engine
from engine.autograd.graph import Graph
from engine.sources.built import BuiltGraph, is_value_like
from engine.sources.file_kinds import RECORDING_SUFFIX
from engine.sources.program.observe import observe
from engine.sources.program.recording import RecordedPass, Recording, save_recording
from engine.sources.program.replay import replayed_pass

MAIN_SCRIPT = Path(engine.__file__).resolve().parents[1] / "main.py"
"""The app's entry point, which ``show()`` starts."""

__all__ = ["RecordedRun", "record", "show"]


class RecordedRun:
    """What ``record()`` yields: its recording, once the ``with`` block is over."""

    def __init__(self) -> None:
        self._recording: Recording | None = None

    @property
    def recording(self) -> Recording:
        """Every pass recorded; RuntimeError inside the ``with`` block (it is not over yet)."""
        if self._recording is None:
            raise RuntimeError("the recording is ready when the `with record()` block ends")
        return self._recording

    @property
    def passes(self) -> tuple[RecordedPass, ...]:
        """The passes, in the order the code called ``backward()``."""
        return self.recording.passes

    def __len__(self) -> int:
        return len(self.recording)

    def losses(self) -> list[float]:
        """The root's data of each pass: the loss curve of your own training loop."""
        return self.recording.losses()

    def save(self, path: str | Path) -> None:
        """Write the recording (``*.gradstep-rec.json``): the app opens it without your code."""
        save_recording(self.recording, path)


@contextmanager
def record(name: str = "") -> Iterator[RecordedRun]:
    """Record every ``backward()`` the code inside calls, as it runs; yields a RecordedRun.

    The code runs as it is, in this process: your own ``backward()``, topological sort,
    seeding and update loop are what is recorded. If it raises, the passes made before
    are kept. ``name`` titles the recording (default: the calling file's name).
    """
    run = RecordedRun()
    with observe(script=name or _caller_name()) as recorder:
        try:
            yield run
        finally:
            run._recording = recorder.recording()  # stops observing: the block is over


def show(what: Any, *, pass_number: int = -1, args: Sequence[str] = ()) -> subprocess.Popen[bytes]:
    """Open the app on a recording, a RecordedRun or a root Value; return without waiting.

    A root is recorded with gradstep's replay of its graph (its nodes' own ``_backward``),
    and its values are left as they were, as ``draw_dot(root)`` leaves them. ``args`` are
    more command-line options for the app (``--presentation``, ``--goto backward`` ...).
    The app's own messages go to a ``.log`` file beside the temporary recording.
    """
    recording = _recording_of(what)
    fd, path = tempfile.mkstemp(prefix="gradstep-show-", suffix=RECORDING_SUFFIX)
    os.close(fd)
    save_recording(recording, path)
    command = [sys.executable, str(MAIN_SCRIPT), path, "--pass", str(pass_number), *args]
    with open(path + ".log", "wb") as log:
        return subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            start_new_session=True,  # closing the kernel does not close the app
        )


def _recording_of(what: Any) -> Recording:
    if isinstance(what, RecordedRun):
        return what.recording
    if isinstance(what, Recording):
        return what
    if is_value_like(what):
        return Recording((_replayed_untouched(what),), (), _caller_name(depth=3))
    raise TypeError(
        f"show() takes a RecordedRun from record(), a Recording or a root Value "
        f"(.data, .grad, ._prev, ._backward), not {type(what).__name__}"
    )


def _replayed_untouched(root: Any) -> RecordedPass:
    """The replay gradstep makes of ``root``'s graph, with each node's data and grad put back."""
    nodes = Graph.from_root(root).nodes
    saved = [(node, node.data, node.grad) for node in nodes]
    try:
        return replayed_pass(BuiltGraph(root))
    finally:
        for node, data, grad in saved:
            node.data, node.grad = data, grad


def _caller_name(depth: int = 3) -> str:
    """The file name of the code that called the API (a notebook cell has none: "")."""
    frame = sys._getframe(depth)
    name = Path(frame.f_code.co_filename).name
    return "" if name.startswith("<") else name
