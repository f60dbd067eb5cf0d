"""The window's painting held while a recording opens, released a turn or two of the loop later."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget


class PaintHold:
    """Holds ``window``'s painting (``setUpdatesEnabled``) from a call until the loop's next turn.

    Opening a recording builds the canvas and fills the panels in one GUI-thread call, and
    the window's first paint of it came right after, before any timer or input could run:
    the two made one stall (78-93 ms on the lecture loop's first open). Held, the call ends,
    the event loop takes a turn (timers, input), then one paint shows it all: no frame of a
    half-opened recording, and shorter stalls instead of one long one. Work handed to
    ``then`` runs at that next turn, and the paint waits one turn more.
    """

    def __init__(self, window: QWidget) -> None:
        self.window = window
        self._then: list[Callable[[], object]] = []
        self._timer = QTimer(window)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._on_turn)

    @property
    def holding(self) -> bool:
        """True from ``hold`` until the event loop's turns have released it."""
        return self._timer.isActive()

    def hold(self) -> None:
        """Stop the window's painting until the event loop's next turn (held already: kept)."""
        if self.holding or not self.window.updatesEnabled():
            return  # held already, or someone else's hold: theirs to release
        self.window.setUpdatesEnabled(False)
        self._timer.start()

    def then(self, work: Callable[[], object]) -> None:
        """Run ``work`` at the next turn, unseen till the paint a turn later (now: not held)."""
        if not self.holding:
            work()
            return
        self._then.append(work)
        # due from now: a timer due from the hold would come before the ones the call kept
        # waiting (a 5 ms tick started after it), and run in the same turn as the call
        self._timer.start()

    def _on_turn(self) -> None:
        if self._then:
            work, self._then = self._then, []
            for call in work:
                call()
            self._timer.start()  # its own slice: the paint comes at the turn after
            return
        self.window.setUpdatesEnabled(True)  # repaints the whole window, once
