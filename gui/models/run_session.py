"""A user's program running in a worker process, as a Qt model: start, progress, cancel, result.

The program never runs in the GUI process: ``ProgramRun`` (engine.sources.running.runner)
runs it in a worker and calls back from its own threads. Those calls are forwarded to the
GUI thread through queued signals, so views connected to ``sig_progress`` and
``sig_finished`` run on the GUI thread and nothing here ever waits for the worker.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal

from engine.sources.running import messages
from engine.sources.running.run_result import RunFailure, RunProgress, RunResult
from engine.sources.running.runner import ProgramRun
from engine.sources.running.worker_guards import DEFAULT_MEMORY_LIMIT_MB, DEFAULT_TIMEOUT


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
    ) -> None:
        super().__init__(parent)
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
        self.cancel()
        run = ProgramRun(
            program,
            timeout=self.timeout,
            memory_limit_mb=self.memory_limit_mb,
            on_progress=lambda progress: self._sig_progress_from_runner.emit(run, progress),
            on_finished=lambda result: self._sig_finished_from_runner.emit(run, result),
        )
        self._run, self._progress, self._started = run, None, time.monotonic()
        self.sig_started.emit(str(run.program))
        try:
            run.start()
        except OSError as exc:  # no worker at all (no interpreter, no fork): said, not raised
            failure = RunFailure(messages.WORKER, f"could not start a worker process: {exc}")
            self._run = None
            self.sig_finished.emit(RunResult(run.program, None, failure))

    def cancel(self) -> None:
        """Stop the running program (its result still arrives, as cancelled); none: nothing."""
        run = self._run
        if run is not None:
            run.cancel()

    def _on_runner_progress(self, run: ProgramRun, progress: RunProgress) -> None:
        if run is self._run:
            self._progress = progress
            self.sig_progress.emit(progress)

    def _on_runner_finished(self, run: ProgramRun, result: RunResult) -> None:
        if run is not self._run:
            return  # a run that was replaced by a newer one
        self._run, self._progress = None, None
        self.sig_finished.emit(result)
