"""Scripts and notebooks opened in the window: run in a worker, their recording opened.

The user's program never runs in the GUI process. Opening one starts a worker (RunSession)
and returns at once; when the run is over, its recording opens in the RecordingSession
(passes, problems), or the reason it failed is shown and what was open stays open. A program
that failed stays watched: saving the fix runs it again.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from engine.sources.built import GraphSource
from gui.files.file_watch import FileWatch, keep_position
from gui.files.recent_files import RecentFiles
from gui.models.recording_session import RecordingSession
from gui.models.run_session import RunSession

if TYPE_CHECKING:  # the recording and the runner's results load with the first run
    from engine.sources.program.recording import Recording
    from engine.sources.running.run_result import RunResult

Landing = Callable[["Recording", str], bool]
"""Opens a run's recording (of the program at the path) the way the opener wants; True if it did."""
FailureHandler = Callable[["RunResult"], bool]
"""Says a failed run's reason the way the opener wants; True: said (no dialog needed)."""


class ProgramFiles(QObject):
    """Runs programs through ``runs`` and opens their recordings into ``recordings``.

    ``show_error(message, details)`` shows a failure; ``show_note(text, details)`` a
    warning that did not stop the run (a notebook cell that raised, a skipped magic).
    """

    sig_done = Signal(bool)
    """A program's run was handled: True if its recording opened."""

    def __init__(
        self,
        runs: RunSession,
        recordings: RecordingSession,
        watch: FileWatch,
        *,
        recent: RecentFiles,
        show_error: Callable[[str, str], None],
        show_note: Callable[[str, str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.runs = runs
        self.recordings = recordings
        self.watch = watch
        self.recent = recent
        self.show_error = show_error
        self.show_note = show_note
        self._land: Landing | None = None
        self._on_failure: FailureHandler | None = None
        runs.sig_finished.connect(self._on_finished)

    def open_program(
        self, path: str, land: Landing | None = None, on_failure: FailureHandler | None = None
    ) -> bool:
        """Start running ``path`` in a worker; its recording opens when the run is over.

        ``land`` opens the recording (default: on its last pass, joining the recent files);
        ``on_failure`` may say a failure its own way instead of the error dialog. Returns
        True once the run has started; the outcome comes with ``sig_done``.
        """
        self._land, self._on_failure = land or self.open_fresh, on_failure
        self.runs.start(os.path.abspath(path))
        return self.runs.running

    def reload(self, path: str) -> bool:
        """Run ``path`` again, then open the same pass at the same step where it still fits."""
        session = self.recordings.session
        number = self.recordings.current if self.recordings.showing else 0
        restore = keep_position(session)

        def land(recording: Recording, program: str) -> bool:
            if not self.open_fresh(recording, program):
                return False
            if 0 < number < len(recording):  # the last pass is open already
                self.recordings.open_pass(number)
            restore()
            return True

        return self.open_program(path, land)

    def open_fresh(self, recording: Recording, path: str) -> bool:
        """Open ``recording``, made by the program at ``path``, on its last pass."""
        name = os.path.basename(path)
        base = GraphSource("script", path, name)  # built again by running it: sessions, reloads
        if not self.recordings.load_recording(recording, path, name, base):
            return False
        self.recent.add_soon(path)  # its disk sync out of the open's call
        return True

    def _on_finished(self, result: RunResult) -> None:
        from engine.sources.running import messages  # noqa: PLC0415

        land, self._land = self._land or self.open_fresh, None
        on_failure, self._on_failure = self._on_failure, None
        path, name = str(result.program), result.program.name
        failure = result.failure
        if failure is not None and failure.reason == messages.CANCELLED:
            self.watch.watch(path)  # saving it runs it again, as for a failure
            self.show_note(f"{name} was cancelled; what was open stays open", "")
            self.sig_done.emit(False)
            return
        recording = result.recording
        opened = recording is not None and bool(recording.passes) and land(recording, path)
        if failure is not None:
            self.watch.watch(path)  # stays watched: saving the fix runs it again
            if on_failure is None or not on_failure(result):
                self._show_failure(result, opened)
        elif not opened:
            self.watch.watch(path)
        warnings = result.warnings()
        if warnings and opened:
            more = f" (and {len(warnings) - 1} more)" if len(warnings) > 1 else ""
            self.show_note(f"⚠ {warnings[0]}{more}", "\n".join(warnings))
        self.sig_done.emit(opened)

    def _show_failure(self, result: RunResult, opened: bool) -> None:
        failure = result.failure
        assert failure is not None
        message = result.failure_line()
        if opened:
            message += f"\n\nOpened the {result.passes} pass(es) it recorded before it stopped."
        else:
            message += "\n\nWhat was open stays open. Saving the file runs it again."
        details = failure.traceback or result.stderr_tail.strip()
        extra = result.warnings()
        if extra:
            details = "\n".join([*extra, "", details]).strip()
        self.show_note(f"⚠ {result.failure_line()}", details)  # stays once the dialog is closed
        self.show_error(message, details)
