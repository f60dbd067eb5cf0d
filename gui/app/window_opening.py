"""What the command line names, opened in the built window: a graph, a session, a recorded pass."""

from __future__ import annotations

import os

from engine.sources.built import BuiltGraph, GraphSource
from engine.sources.file_kinds import is_recording_path, is_session_path
from gui.app.cli.messages import fail
from gui.app.cli.opening import goto_position
from gui.app.cli.options import CliError, Options
from gui.app.cli.program import OpenedPass


def open_in_window(
    window: object, opts: Options, built: BuiltGraph | OpenedPass | None, title: str
) -> int | None:
    """Load what the command line names and go to its position; an exit code on failure."""
    session_file = bool(opts.file) and is_session_path(opts.file)
    errors: list[str] = []  # what the window shows (status bar, dialog), for a headless exit
    window.session.sig_error.connect(errors.append)
    window.documents.sig_error.connect(errors.append)
    if session_file:  # its view and training history too; a scripted render is not "recent"
        loaded = window.documents.sessions.open_session(opts.file, remember=not opts.headless)
        if loaded and window.runs.running and window.session.timeline is None:
            loaded = wait_for_program(window)  # a script's session: its run, in a worker
    elif isinstance(built, OpenedPass):  # the user's own program: every pass, the chosen one
        loaded = open_recorded_pass(window, built)
    else:
        loaded = window.load_built(built)
    window.session.sig_error.disconnect(errors.append)
    window.documents.sig_error.disconnect(errors.append)
    if not loaded:
        if opts.headless:
            window.close()
            return fail(errors[-1] if errors else f"cannot open {title!r}", 1)
        return None  # the window shows the error and stays open
    recorded = isinstance(built, OpenedPass)
    if not opts.headless and not session_file:  # a script or expression: the user's own
        window.documents.remember(window.session.source)
    try:
        if opts.goto is not None or not session_file:  # a session keeps its saved position
            timeline = window.session.timeline
            start = len(timeline) if recorded else 0  # a recorded pass opens on its end
            window.session.seek(goto_position(timeline, opts.goto, start))
    except CliError as exc:
        window.close()
        return fail(str(exc))
    return None


def wait_for_program(window: object) -> bool:
    """Run the window's event loop until its program's run is handled; True if it opened."""
    from PySide6.QtCore import QEventLoop  # noqa: PLC0415

    outcome: list[bool] = []
    loop = QEventLoop()

    def done(opened: bool) -> None:
        outcome.append(opened)
        loop.quit()

    window.documents.programs.sig_done.connect(done)
    if window.runs.running:
        loop.exec()
    window.documents.programs.sig_done.disconnect(done)
    return bool(outcome and outcome[0])


def open_recorded_pass(window: object, opened: OpenedPass) -> bool:
    """Open a run's recording in the window (pass list, problems) on the chosen pass.

    A script or notebook is watched: saving it runs it again, in a worker.
    """
    recordings = window.recordings
    path = opened.source.ref
    name = opened.recording.script or os.path.basename(path)
    script = os.path.abspath(path)
    base = None if is_recording_path(path) else GraphSource("script", script, name)
    if not recordings.load_recording(opened.recording, path, name, base):
        return False
    chosen = opened.chosen.index
    return chosen == len(opened.recording) or recordings.open_pass(chosen)
