"""Watching the open script: a change reloads it, keeping the step position if it still fits."""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from engine.autograd.graph import Graph
from engine.trace.timeline import Timeline
from gui.models.step_session import StepSession

DEBOUNCE_MS = 150


class FileWatch(QObject):
    """Watches one file; emits sig_changed once per burst of saves (editors write in steps)."""

    sig_changed = Signal(str)
    """The watched file changed on disk: its path."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Made on the first watch: creating one costs ~13 ms of start-up, and most sessions
        # never open a script.
        self._watcher: QFileSystemWatcher | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._on_settled)
        self._path: str | None = None

    @property
    def path(self) -> str | None:
        """The watched file, or None."""
        return self._path

    def watch(self, path: str) -> None:
        """Watch ``path`` instead of whatever was watched before."""
        self.unwatch()
        self._path = os.path.abspath(path)
        if self._watcher is None:
            self._watcher = QFileSystemWatcher(self)
            self._watcher.fileChanged.connect(self._on_file_changed)
        self._watcher.addPath(self._path)

    def unwatch(self) -> None:
        """Stop watching."""
        files = [] if self._watcher is None else self._watcher.files()
        if files:
            self._watcher.removePaths(files)
        self._timer.stop()
        self._path = None

    def _on_file_changed(self, _path: str) -> None:
        self._timer.start()  # restart: wait until the editor has finished writing

    def _on_settled(self) -> None:
        if self._path is None or self._watcher is None:
            return
        # Editors that save by writing a new file and renaming it drop the watch: re-add it.
        if os.path.exists(self._path) and self._path not in self._watcher.files():
            self._watcher.addPath(self._path)
        if os.path.exists(self._path):
            self.sig_changed.emit(self._path)


def graph_shape(graph: Graph) -> tuple[object, ...]:
    """What must match for a step position to mean the same after a reload: ops and wiring."""
    return (graph.children, graph.ops)


def keep_position(session: StepSession) -> Callable[[], None]:
    """Remember where ``session`` is; the function returned goes back there after a reload.

    It seeks the remembered step only if the graph loaded since has the same shape (ops,
    wiring, parameters) as the one before.
    """
    timeline = session.timeline
    before = None if timeline is None else (_shape(timeline), timeline.position)

    def restore() -> None:
        after = session.timeline
        if before is not None and after is not None and _shape(after) == before[0]:
            session.seek(before[1])

    return restore


def reload_keeping_position(session: StepSession, load: Callable[[], bool]) -> bool:
    """Run ``load()``, which loads a new graph into ``session``; True if it loaded.

    If the new graph has the same shape (ops, wiring, parameters) as the one before, the
    step position it was at is restored.
    """
    restore = keep_position(session)
    if not load():
        return False
    restore()
    return True


def _shape(timeline: Timeline) -> tuple[object, ...]:
    return (*graph_shape(timeline.graph), timeline.trace.params)
