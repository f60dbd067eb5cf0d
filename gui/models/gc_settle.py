"""The cyclic GC settled after every graph opened in the window, once its first frame is painted."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from gui.models.gc_hold import GC_HOLD, GcHold
from gui.models.step_session import StepSession

#: The settle's backstop when no paint comes (a window minimised or covered): a paint brings it on.
UNPAINTED_MS = 500


class OpenSettle(QObject):
    """Settles ``hold`` (``GcHold.settle``) one idle turn after ``painted`` shows a new graph.

    Every open replaces the StepSession's timeline (an example, an expression, a session
    file, a recording's pass): on ``sig_loaded`` this waits for ``painted``'s next frame,
    so the settle's pass (a few ms) is not added to the open's own stall, then takes the
    event loop's next turn after it.
    """

    def __init__(
        self,
        session: StepSession,
        painted: QWidget,
        hold: GcHold = GC_HOLD,
        *,
        unpainted_ms: int = UNPAINTED_MS,
    ) -> None:
        super().__init__(painted)
        self.painted = painted
        self.hold = hold
        self.unpainted_ms = unpainted_ms
        self.settles = 0  # settles done (not held)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_idle)
        session.sig_loaded.connect(self._on_loaded)

    @property
    def pending(self) -> bool:
        """True from an open until its settle has run."""
        return self._timer.isActive()

    def _on_loaded(self) -> None:
        self.painted.removeEventFilter(self)  # installed once, however many opens come
        self.painted.installEventFilter(self)
        self._timer.start(self.unpainted_ms if self.painted.isVisible() else 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """On the first frame after an open: settle at the event loop's next turn."""
        if watched is self.painted and event.type() == QEvent.Type.Paint:
            self.painted.removeEventFilter(self)
            self._timer.start(0)  # a timer: after this frame and the events posted with it
        return False

    def _on_idle(self) -> None:
        self.painted.removeEventFilter(self)
        if self.hold.settle():
            self.settles += 1
