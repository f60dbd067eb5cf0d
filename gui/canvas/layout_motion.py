"""Changing the canvas's layout: computed off the GUI thread, then the nodes glide into place.

networkx's force layouts take seconds on a few hundred nodes (kamada-kawai ~4 s on the
lecture MLP), so they run on a worker thread while the window keeps stepping; small
graphs then move to their new places over MOTION_MS instead of jumping.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable

from PySide6.QtCore import QEasingCurve, QObject, QVariantAnimation, Signal, Slot

from engine.drawing.layout import DrawnLayout, between, relayout

MOTION_MS = 300


class _Job:
    """One layout asked for: the drawn graph, the layout's name, and what came of it."""

    # a plain class: a dataclass compiles its methods at every launch's import
    __slots__ = ("done", "drawn", "error", "name", "result", "started")

    def __init__(self, drawn: DrawnLayout, name: str) -> None:
        self.drawn = drawn
        self.name = name
        self.result: DrawnLayout | None = None
        self.error = ""
        self.started = False
        self.done = threading.Event()

    def run(self) -> None:
        """Lay out (on whichever thread calls this); an error becomes a message."""
        self.started = True
        try:
            self.result = relayout(self.drawn, self.name)
        except Exception as exc:  # any failure is shown to the user, not lost
            self.error = f"Cannot draw the {self.name} layout: {exc}"
        self.done.set()


class LayoutWorker(QObject):
    """Lays out drawn graphs on a worker thread, one at a time; only the latest request counts."""

    sig_ready = Signal(object)
    """The latest requested layout is ready (a DrawnLayout)."""

    sig_failed = Signal(str)
    """The latest requested layout failed (the message)."""

    _sig_job_done = Signal(object)  # emitted on the worker thread, delivered on the GUI thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._latest: _Job | None = None
        self._running: _Job | None = None
        self._sig_job_done.connect(self._on_job_done)

    def request(self, drawn: DrawnLayout, name: str) -> None:
        """Lay out ``drawn`` with ``name``; any earlier request's result will be dropped."""
        self._latest = _Job(drawn, name)
        if self._running is None:
            self._start(self._latest)

    def cancel(self) -> None:
        """Drop the result of every request made so far (the graph changed)."""
        self._latest = None

    def busy(self) -> bool:
        """Whether a requested layout has not been delivered yet."""
        return self._latest is not None

    def finish(self) -> None:
        """Wait for the latest request and deliver it now (headless renders, tests)."""
        job = self._latest
        if job is None:
            return
        if job.started:
            job.done.wait()
        else:  # an older job holds the worker: do this one here rather than queue behind it
            job.run()
        self._deliver(job)

    def _start(self, job: _Job) -> None:
        self._running = job
        threading.Thread(target=self._work, args=(job,), name="layout", daemon=True).start()

    def _work(self, job: _Job) -> None:
        job.run()
        with contextlib.suppress(RuntimeError):  # the canvas closed while this was computed
            self._sig_job_done.emit(job)

    @Slot(object)  # reached from the worker thread: a registered slot, not a bare callable
    def _on_job_done(self, job: _Job) -> None:
        if self._running is job:
            self._running = None
        if self._latest is not None and not self._latest.started:
            self._start(self._latest)
        if job is self._latest:
            self._deliver(job)

    def _deliver(self, job: _Job) -> None:
        self._latest = None
        if job.result is None:
            self.sig_failed.emit(job.error)
        else:
            self.sig_ready.emit(job.result)


class LayoutMotion(QObject):
    """Moves the drawn nodes from one layout to another over MOTION_MS, easing in and out."""

    sig_finished = Signal()
    """The nodes reached their places in the new layout."""

    def __init__(self, place: Callable[[DrawnLayout], None], parent: QObject | None = None):
        super().__init__(parent)
        self._place = place  # puts every item where a DrawnLayout says
        self._start: DrawnLayout | None = None
        self._end: DrawnLayout | None = None
        self._animation = QVariantAnimation(self, duration=MOTION_MS)
        self._animation.setStartValue(0.0)
        self._animation.setEndValue(1.0)
        self._animation.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self._animation.valueChanged.connect(self._on_value)
        self._animation.finished.connect(self._on_finished)

    def start(self, start: DrawnLayout, end: DrawnLayout) -> None:
        """Glide from ``start`` to ``end`` (the same drawn graph, placed differently)."""
        self._animation.stop()
        self._start, self._end = start, end
        self._animation.start()

    def running(self) -> bool:
        """Whether the nodes are on their way."""
        return self._end is not None

    def stop(self) -> None:
        """Stop where the nodes are (the scene is about to be rebuilt)."""
        self._start = self._end = None
        self._animation.stop()

    def finish(self) -> None:
        """Put the nodes at their destination now."""
        if self._end is not None:
            self._animation.stop()
            self._on_finished()

    def _on_value(self, t: float) -> None:
        if self._start is not None and self._end is not None:
            self._place(between(self._start, self._end, float(t)))

    def _on_finished(self) -> None:
        end, self._start, self._end = self._end, None, None
        if end is not None:
            self._place(end)
            self.sig_finished.emit()
