"""The command line's programs and recordings: which pass of which run to open.

``FILE.py`` and ``FILE.ipynb`` run as written in a worker process (never in this one) and
open on their recorded passes; ``FILE.gradstep-rec.json`` is a recording saved before, read
without the code that made it. ``--pass N`` picks the pass (1-based, negative from the end,
default the last). Qt-free, like the whole gui.app.cli room (a contract in pyproject).
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING, Any

from engine.autograd.frozen_record import FrozenRecord
from engine.sources.built import GraphSource
from engine.sources.file_kinds import is_recording_path
from gui.app.cli.messages import say
from gui.app.cli.options import DEFAULT_PROGRAM_TIMEOUT, CliError, Options

if TYPE_CHECKING:  # the readers load when a program, recording or session is opened
    from engine.sources.program.recording import RecordedPass, Recording
    from engine.sources.running.run_result import RunProgress
    from engine.trace.trace import Trace

PROGRESS_EVERY = 2.0
"""Seconds between progress lines on stderr while a program runs."""


class OpenedPass(FrozenRecord):
    """A recording and the pass of it the command line opens."""

    recording: Recording
    chosen: RecordedPass
    source: GraphSource
    start: int | None = None  # where it opens without --goto: a session's step, None: the end

    @property
    def trace(self) -> Trace:
        """The chosen pass's trace: what is stepped."""
        return self.chosen.trace

    def export_json(self) -> dict[str, Any]:
        """``--export-json``'s additions: every pass, and the losses of a multi-pass run."""
        extra: dict[str, Any] = {"passes": [p.summary() for p in self.recording.passes]}
        if len(self.recording) >= 2:
            extra["training"] = {"loss": [p["loss"] for p in extra["passes"]]}
        return extra


def open_program(opts: Options) -> OpenedPass:
    """Run or read FILE and pick ``--pass``; CliError (exit 2) for what the program did wrong.

    Warnings (a notebook cell that raised, a note) go to stderr and the run goes on. A
    program that stopped before its end fails a headless export; a window still opens on
    the passes it made, after the reason is said.
    """
    from engine.sources.program.recording import (  # noqa: PLC0415
        RecordingFormatError,
        load_recording,
    )

    path = opts.file or ""
    if is_recording_path(path):
        try:
            recording = load_recording(path)
        except RecordingFormatError as exc:
            raise CliError(f"cannot open recording {path!r}: {exc}") from exc
    else:
        recording = _run(path, opts)
    name = recording.script or os.path.basename(path)
    if not recording.passes:
        raise CliError(f"{name}: the recording has no pass to step")
    try:
        chosen = recording.pass_at(-1 if opts.pass_number is None else opts.pass_number)
    except IndexError as exc:
        raise CliError(f"--pass {opts.pass_number}: {exc}") from exc
    title = os.path.basename(path)
    if len(recording) > 1:
        title += f", pass {chosen.index} of {len(recording)}"
    return OpenedPass(recording, chosen, GraphSource("recording", path, title))


def open_session_program(opts: Options) -> OpenedPass | None:
    """A script's or recording's session, for an export: its kept recording, or its script run.

    None for a session of another kind (an example or expression is built, not run). The
    script runs in a worker, as FILE.py does; what the session kept needs no run.
    """
    from engine.sources.session_file import SessionFileError, load_session  # noqa: PLC0415

    path = opts.file or ""
    try:
        state = load_session(path)
    except SessionFileError as exc:
        raise CliError(f"cannot open session {path!r}: {exc}") from exc
    if state.kind not in {"script", "recording"}:
        return None
    recording = state.recording
    if recording is None:
        if state.kind == "recording":
            raise CliError(f"cannot open session {path!r}: it keeps no recording")
        recording = _run(state.source, opts)
    if not recording.passes:
        raise CliError(f"{os.path.basename(path)}: the recording has no pass to step")
    number = opts.pass_number or (state.recording_pass if state.recording else 0) or -1
    try:
        chosen = recording.pass_at(number)
    except IndexError as exc:
        raise CliError(f"{os.path.basename(path)}: {exc}") from exc
    source = GraphSource("recording", path, os.path.basename(path))
    return OpenedPass(recording, chosen, source, state.position)


def _run(path: str, opts: Options) -> Recording:
    from engine.sources.running.runner import run_program  # noqa: PLC0415

    if not os.path.isfile(path):
        raise CliError(f"cannot open {path!r}: no such file")
    timeout = DEFAULT_PROGRAM_TIMEOUT if opts.timeout is None else opts.timeout
    result = run_program(path, timeout=timeout, on_progress=_ProgressLines(path))
    for line in result.warnings():
        say(line)
    if result.failure is None and result.recording is not None:
        return result.recording
    reason = result.failure_line() or f"{os.path.basename(path)} sent back no recording"
    if opts.headless or result.recording is None or not result.recording.passes:
        raise CliError(reason)
    say(f"{reason}; opening the {result.passes} pass(es) recorded before")
    return result.recording


class _ProgressLines:
    """Says on stderr how a long run is going, every few seconds (never for a quick one)."""

    def __init__(self, path: str):
        self.name = os.path.basename(path)
        self.next_line = time.monotonic() + PROGRESS_EVERY

    def __call__(self, progress: RunProgress) -> None:
        now = time.monotonic()
        if now >= self.next_line:
            self.next_line = now + PROGRESS_EVERY
            say(f"running {self.name}: {progress.passes} pass(es) so far, {progress.text}")
