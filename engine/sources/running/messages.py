"""What the worker process tells the runner: one JSON object per line, on a pipe of its own.

The user's program keeps stdout and stderr for itself; these lines go to a separate file
descriptor. Every message has a ``kind``:

- ``started``: the program began (``cells`` for a notebook).
- ``cell``: a notebook cell began (``cell``, ``cells``).
- ``pass``: a pass was recorded (``index``, ``root``, ``loss``, ``nodes``, ``problems``).
- ``skipped``: IPython lines or a cell that were not run (``cell``, ``text``).
- ``cell_error``: a notebook cell raised; the run went on (``cell``, ``text``, ``where``,
  ``traceback``).
- ``note``: something worth saying that did not stop the program (``text``).
- ``failure``: what stopped the program (``reason``, ``text``, ``where``, ``traceback``).
- ``ended``: the program is over (no more of its code runs); the recording is being written.
- ``done``: the recording file is written (``passes``).
"""

from __future__ import annotations

import json
from typing import IO, Any

STARTED = "started"
CELL = "cell"
PASS = "pass"
SKIPPED = "skipped"
CELL_ERROR = "cell_error"
NOTE = "note"
FAILURE = "failure"
ENDED = "ended"
DONE = "done"

# Why a program stopped before its end (a FAILURE's ``reason``).
RAISED = "raised"
TIMEOUT = "timeout"
CANCELLED = "cancelled"
EXITED = "exit"
CRASHED = "crash"
MEMORY = "memory"
NO_INPUT = "input"
BREAKPOINT = "breakpoint"
NOTHING_RECORDED = "nothing_recorded"
WORKER = "worker"


class MessageWriter:
    """Writes messages as JSON lines to a binary stream, one flushed line each."""

    def __init__(self, stream: IO[bytes]):
        self._stream = stream

    def send(self, kind: str, **fields: Any) -> None:
        """Send one message; a closed pipe (the runner gone) is not the program's problem."""
        line = json.dumps({"kind": kind, **fields}, default=str) + "\n"
        try:
            self._stream.write(line.encode("utf-8"))
            self._stream.flush()
        except (OSError, ValueError):
            pass  # the runner stopped listening (cancelled, killed): nobody to tell


def read_message(line: bytes) -> dict[str, Any] | None:
    """A message from one line, or None for a line that is not one (a forked child's noise)."""
    try:
        message = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return message if isinstance(message, dict) and isinstance(message.get("kind"), str) else None
