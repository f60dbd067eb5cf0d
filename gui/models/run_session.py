"""A user's program running in a worker process, as a Qt model: start, progress, cancel, result.

The program never runs in the GUI process: ``ProgramRun`` (engine.sources.running.runner)
runs it in a worker and calls back from its own threads. Those calls are forwarded to the
GUI thread through queued signals, so views connected to ``sig_progress`` and
``sig_finished`` run on the GUI thread and nothing here ever waits for the worker.

While a run is under way the cyclic GC's automatic passes are held (GC_HOLD): a full pass
over the window's objects, on whichever thread allocates, stalls the event loop 35-70 ms
while the runner's thread reads a big recording back; and the GIL is handed back to the GUI
thread sooner (GIL_SHARE). The recording's opening is prepared on that thread too
(PassOpening); the holds end, the GC's settled, once the result is handled.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal, Slot

from engine.sources.file_kinds import DEFAULT_MEMORY_LIMIT_MB, DEFAULT_TIMEOUT
from gui.models.gc_hold import GC_HOLD
from gui.models.gil_share import GIL_SHARE
from gui.models.pass_opening import PassOpening

if TYPE_CHECKING:  # the runner and its results load with the first run, not with the window
    from engine.sources.running.run_result import RunProgress, RunResult
    from engine.sources.running.runner import ProgramRun

log = logging.getLogger("gradstep.runs")


class RunSession(QObject):
    """At most one program run at a time; starting another cancels the one going."""

    sig_started = Signal(str)
    """A program started running in a worker: its path."""
    sig_progress = Signal(object)
    """The running program made progress: a RunProgress (passes so far, a line of text)."""
    sig_finished = Signal(object)
    """The run is over (done, failed, cancelled or timed out): its RunResult."""
    _sig_progress_from_runner = Signal(object, object)
    """From the runner's threads: (the run, its RunProgress)."""
    _sig_finished_from_runner = Signal(object, object)
    """From the runner's threads: (the run, its RunResult)."""

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        memory_limit_mb: int = DEFAULT_MEMORY_LIMIT_MB,
        opening: PassOpening | None = None,
    ) -> None:
        super().__init__(parent)
        self.opening = opening
        self.timeout = timeout
        self.memory_limit_mb = memory_limit_mb
        self._run: ProgramRun | None = None
        self._progress: RunProgress | None = None
        self._started = 0.0
        queued = Qt.ConnectionType.QueuedConnection
        self._sig_progress_from_runner.connect(self._on_runner_progress, queued)
        self._sig_finished_from_runner.connect(self._on_runner_finished, queued)

    @property
    def running(self) -> bool:
        """Whether a program is running now."""
        return self._run is not None

    @property
    def program(self) -> Path | None:
        """The program running now, or None."""
        return None if self._run is None else self._run.program

    @property
    def progress(self) -> RunProgress | None:
        """The last progress the running program reported (None: none yet, or not running)."""
        return self._progress

    @property
    def elapsed(self) -> float:
        """Seconds since the running program started (0 when none runs)."""
        return 0.0 if self._run is None else time.monotonic() - self._started

    def start(self, program: str | Path) -> None:
        """Run ``program`` in a worker; returns at once. A run already going is cancelled."""
        from engine.sources.running import messages  # noqa: PLC0415
        from engine.sources.running.run_result import RunFailure, RunResult  # noqa: PLC0415
        from engine.sources.running.runner import ProgramRun  # noqa: PLC0415

        self.cancel()
        run = ProgramRun(
            program,
            timeout=self.timeout,
            memory_limit_mb=self.memory_limit_mb,
            on_progress=lambda progress: self._sig_progress_from_runner.emit(run, progress),
            on_finished=lambda result: self._finished_in_runner(run, result),
        )
        self._run, self._progress, self._started = run, None, time.monotonic()
        self.sig_started.emit(str(run.program))
        GC_HOLD.hold()  # both released when this run's result has been handled
        GIL_SHARE.share()
        try:
            run.start()
        except OSError as exc:  # no worker at all (no interpreter, no fork): said, not raised
            GC_HOLD.release()
            GIL_SHARE.release()
            failure = RunFailure(messages.WORKER, f"could not start a worker process: {exc}")
            self._run = None
            self.sig_finished.emit(RunResult(run.program, None, failure))

    def cancel(self) -> None:
        """Stop the running program (its result still arrives, as cancelled); none: nothing."""
        run = self._run
        if run is not None:
            run.cancel()

    @Slot(object, object)  # reached from the runner's thread: a registered slot
    def _on_runner_progress(self, run: ProgramRun, progress: RunProgress) -> None:
        if run is self._run:
            self._progress = progress
            self.sig_progress.emit(progress)

    def _finished_in_runner(self, run: ProgramRun, result: RunResult) -> None:
        """On the runner's thread: prepare the recording's opening, then hand it over."""
        recording = result.recording
        if self.opening is not None and recording is not None and run is self._run:
            try:
                self.opening.prepare(recording)
            except Exception:  # opening it on the GUI thread does it again, and shows why
                log.exception("preparing %s's recording failed", run.program.name)
        self._sig_finished_from_runner.emit(run, result)

    @Slot(object, object)  # reached from the runner's thread: a registered slot
    def _on_runner_finished(self, run: ProgramRun, result: RunResult) -> None:
        try:
            if run is not self._run:
                return  # a run that was replaced by a newer one
            self._run, self._progress = None, None
            self.sig_finished.emit(result)
        finally:
            GC_HOLD.release(settle=True)  # the opened recording stays: out of the GC's way
            GIL_SHARE.release()
