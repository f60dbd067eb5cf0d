"""What an ended worker's messages, exit status and output add up to: the run's RunResult."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.sources.program.recording import RecordingFormatError, load_recording
from engine.sources.running import messages
from engine.sources.running.run_result import (
    CellError,
    RunFailure,
    RunResult,
    fault_where,
    signal_text,
)


@dataclass(frozen=True)
class WorkerEnd:
    """How the worker ended, as the runner saw it, and what it printed (the tails)."""

    returncode: int
    killed: str  # messages.TIMEOUT or messages.CANCELLED when the runner killed the group
    cancelled: bool  # a Cancel was asked for, whether or not the worker could answer it
    passes: int  # the passes the worker said it recorded
    timeout: float
    started: float  # time.monotonic() when the run started
    stdout: str
    stderr: str


def run_outcome(
    program: Path, received: Sequence[dict[str, Any]], recording_path: str, end: WorkerEnd
) -> RunResult:
    """The result of a run: the worker's messages, its recording file and how it ended."""
    notes: list[str] = []
    failure = None
    cell_errors = []
    done = False
    for m in received:
        kind = m["kind"]
        if kind == messages.FAILURE:
            failure = RunFailure(*_fields(m))
        elif kind == messages.CELL_ERROR:
            cell_errors.append(CellError(int(m["cell"]), *_fields(m)[1:]))
        elif kind in (messages.NOTE, messages.SKIPPED):
            prefix = f"cell {m['cell']}: " if m.get("cell") else ""
            notes.append(prefix + str(m.get("text", "")))
        elif kind == messages.DONE:
            done = True
    recording = None
    if done:
        try:
            recording = load_recording(recording_path)
        except RecordingFormatError as exc:
            text = f"sent back a recording that cannot be read: {exc}"
            failure = RunFailure(messages.WORKER, text)
    if (not done and failure is None) or end.killed:
        failure = _death(program, end)
    return RunResult(
        program, recording, failure, tuple(cell_errors), tuple(notes),
        end.stdout, end.stderr, time.monotonic() - end.started,
    )  # fmt: skip


def _death(program: Path, end: WorkerEnd) -> RunFailure:
    """Why the worker ended without finishing: killed by the runner, a signal, an exit."""
    where = fault_where(end.stderr, program)
    kept = f"; the {end.passes} pass(es) recorded before were lost" if end.passes else ""
    if end.killed == messages.TIMEOUT:
        text = f"was still running after {end.timeout:g} s (stuck where no signal reaches it)"
        return RunFailure(messages.TIMEOUT, text + " and was killed" + kept, where)
    if end.killed == messages.CANCELLED or end.cancelled:
        # also a Cancel that came before the worker could handle it (SIGTERM killed it)
        return RunFailure(messages.CANCELLED, "was cancelled and killed" + kept, where)
    if end.returncode < 0:
        return RunFailure(messages.CRASHED, f"crashed: {signal_text(end.returncode)}{kept}", where)
    return RunFailure(
        messages.EXITED, f"ended the worker with exit status {end.returncode}{kept}", where
    )


def _fields(m: dict[str, Any]) -> tuple[str, str, str, str]:
    return (
        str(m.get("reason", "")),
        str(m.get("text", "")),
        str(m.get("where", "") or ""),
        str(m.get("traceback", "") or ""),
    )
