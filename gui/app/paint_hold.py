"""The window's painting held while a recording opens, released at the event loop's next turn."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget


class PaintHold:
    """Holds ``window``'s painting (``setUpdatesEnabled``) from a call until the loop's next turn.

    Opening a recording builds the canvas and fills the panels in one GUI-thread call, and
    the window's first paint of it came right after, before any timer or input could run:
    the two made one stall (78-93 ms on the lecture loop's first open). Held, the call ends,
    the event loop takes a turn (timers, input), then one paint shows it all: no frame of a
    half-opened recording, and two shorter stalls instead of one long one.
    """

    def __init__(self, window: QWidget) -> None:
        self.window = window
        self._timer = QTimer(window)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)  # a timer, not a posted call: posted events come first
        self._timer.timeout.connect(self._on_release)

    @property
    def holding(self) -> bool:
        """True from ``hold`` until the event loop's next turn has released it."""
        return self._timer.isActive()

    def hold(self) -> None:
        """Stop the window's painting until the event loop's next turn (held already: kept)."""
        if self.holding or not self.window.updatesEnabled():
            return  # held already, or someone else's hold: theirs to release
        self.window.setUpdatesEnabled(False)
        self._timer.start()

    def extend(self) -> None:
        """If held, release at the turn after now (at a call's end), not the one due before.

        Due from the hold at the call's start, the release came before the timers the call
        kept waiting (a tick due from before it) and the paint followed in the same turn.
        """
        if self.holding:
            self._timer.start()

    def _on_release(self) -> None:
        self.window.setUpdatesEnabled(True)  # repaints the whole window, once
