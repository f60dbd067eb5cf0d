"""✗ marks on the step bar's scrubber, one at the step of each problem in the open pass."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from gui.look.theme import current_theme
from gui.models.recording_session import RecordingSession
from gui.models.step_session import StepSession

MARK = "✗"


class ProblemTicks(QWidget):
    """A see-through layer over ``scrubber`` that draws ✗ where problems happen.

    Clicks go through to the scrubber underneath; the layer follows its size.
    """

    def __init__(
        self, session: StepSession, recordings: RecordingSession, scrubber: QWidget
    ) -> None:
        super().__init__(scrubber)
        self._session = session
        self._recordings = recordings
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setGeometry(scrubber.rect())
        scrubber.installEventFilter(self)
        session.sig_loaded.connect(self._on_changed)
        recordings.sig_opened.connect(self._on_changed)
        self._on_changed()

    def mark_x(self, position: int) -> float:
        """The centre of the ✗ for a problem at ``position``: the middle of its event."""
        timeline = self._session.timeline
        n = 1 if timeline is None else max(1, len(timeline))
        return (position - 0.5) / n * self.width()

    def marks(self) -> list[float]:
        """The x of every ✗ drawn (in this layer's coordinates, which are the scrubber's)."""
        return [self.mark_x(p.position) for p in self._recordings.problems]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keep covering the scrubber when it is resized."""
        if watched is self.parent() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        return super().eventFilter(watched, event)

    def _on_changed(self) -> None:
        self.setVisible(bool(self._recordings.problems))
        self.raise_()
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        """A bold ✗ in the theme's error colour over each problem's step."""
        xs = self.marks()
        if not xs:
            return
        painter = QPainter(self)
        font = QFont(self.font())
        font.setBold(True)
        font.setPixelSize(max(10, self.height() - 2))
        painter.setFont(font)
        painter.setPen(QColor(current_theme().error))
        half = self.height() / 2
        for x in xs:
            box = QRectF(x - half, 0, 2 * half, self.height())
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, MARK)
