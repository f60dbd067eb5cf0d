"""The phase scrubber: the timeline as a bar coloured by phase, its done part solid."""

from __future__ import annotations

import math

from PySide6.QtCore import QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from engine.trace.trace import PHASES
from gui.look.theme import current_theme
from gui.models.step_session import StepSession

BAR_HALF = 2
"""The position bar's pen is 2 * BAR_HALF - 1 = 3 px wide: it reaches BAR_HALF px either side."""


class PhaseScrubber(QWidget):
    """A timeline bar coloured by phase; click or drag to seek."""

    sig_seek = Signal(int)
    """The user asked for this position."""

    def __init__(self, session: StepSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.setMinimumHeight(18)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip("Click or drag to go to any step")
        # It fills all of itself: the step bar and the window are not painted under it
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._drawn_at: int | None = None  # the position the last paint drew
        session.sig_loaded.connect(self._on_loaded)
        session.sig_moved.connect(self._on_moved)

    def _on_loaded(self) -> None:
        self._drawn_at = None
        self.update()

    def _on_moved(self, _changed: object) -> None:
        rect = self.changed_rect()
        if not rect.isEmpty():
            self.update(rect)

    def changed_rect(self) -> QRect:
        """What moving from the position last drawn to the current one repaints.

        Between the two positions' bars only: the solid done part grows or shrinks there,
        and the rest of the bar is as it was (a whole repaint each step redrew 685 x 24 px).
        Nothing when the bar stays on its pixel column: the done part's edge moved within
        half a pixel of it, under the bar's 3 px (a step of a 4,824-node graph, ~20 steps
        a pixel, repainted the scrubber every step for the same pixels).
        """
        timeline = self._session.timeline
        if timeline is None or not len(timeline) or self._drawn_at is None:
            return self.rect()
        n, w = len(timeline), self.width()
        xs = (self._drawn_at / n * w, timeline.position / n * w)
        if round(xs[0]) == round(xs[1]):
            return QRect()
        left, right = math.floor(min(xs)) - BAR_HALF, math.ceil(max(xs)) + BAR_HALF
        return QRect(left, 0, right - left + 1, self.height()).intersected(self.rect())

    def position_at(self, x: float) -> int:
        """The timeline position under x (in widget coordinates)."""
        timeline = self._session.timeline
        if timeline is None or self.width() <= 0:
            return 0
        frac = min(1.0, max(0.0, x / self.width()))
        return round(frac * len(timeline))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Seek to the clicked position."""
        self.sig_seek.emit(self.position_at(event.position().x()))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Seek while dragging."""
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.sig_seek.emit(self.position_at(event.position().x()))

    def paintEvent(self, _event: QPaintEvent) -> None:
        """Phase segments (done part solid), and a bar at the position."""
        theme = current_theme()
        painter = QPainter(self)
        w, h = self.width(), self.height()
        painter.fillRect(0, 0, w, h, QColor(theme.button))
        timeline = self._session.timeline
        if timeline is None or len(timeline) == 0:
            self._drawn_at = None
            return
        n = len(timeline)
        self._drawn_at = timeline.position
        for phase in PHASES:
            r = timeline.trace.phase_range(phase)
            if len(r):
                x0, x1 = r.start / n * w, r.stop / n * w
                color = theme.phase_color(phase)
                color.setAlpha(110)
                painter.fillRect(QRectF(x0, 0, x1 - x0, h), color)
                done = min(x1, timeline.position / n * w)
                if done > x0:
                    painter.fillRect(QRectF(x0, 0, done - x0, h), theme.phase_color(phase))
        x = timeline.position / n * w
        painter.setPen(QPen(QColor(theme.text), 2 * BAR_HALF - 1))
        painter.drawLine(round(x), 0, round(x), h)
