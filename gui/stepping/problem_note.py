"""The line under the code panel's numbers that says what went wrong at this step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QWidget

from gui.look.steady import SelectableLabel
from gui.look.theme import current_theme
from gui.models.recording_session import RecordingSession
from gui.models.step_session import StepSession

if TYPE_CHECKING:  # the diagnoses load with a recording, not with the window
    from engine.explain.diagnoses import Problem


def problem_line(problem: Problem) -> str:
    """A problem in one line, as the note shows it: ``✗ order · n: ...``."""
    return f"✗ {problem.kind} · {problem.label}: {problem.text}"


class ProblemNote(SelectableLabel):
    """The reason for each problem at the cursor's step, in plain words with the numbers.

    Hidden at every step where nothing went wrong.
    """

    def __init__(
        self, session: StepSession, recordings: RecordingSession, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent=parent)
        self._session = session
        self._recordings = recordings
        self.setObjectName("problemNote")
        self.setWordWrap(True)
        self._restyle()
        session.sig_loaded.connect(self._refresh)
        session.sig_moved.connect(self._on_moved)
        recordings.sig_opened.connect(self._refresh)
        self._refresh()

    def _on_moved(self, _changed: object) -> None:
        self._refresh()

    def _refresh(self) -> None:
        timeline = self._session.timeline
        here = () if timeline is None else self._recordings.problems_at(timeline.position)
        self.setText("\n".join(problem_line(p) for p in here))
        self.setVisible(bool(here))

    def _restyle(self) -> None:
        style = f"color: {current_theme().error}; font-weight: bold;"
        if style != self.styleSheet():  # a style sheet change is itself a palette change
            self.setStyleSheet(style)

    def changeEvent(self, event: QEvent) -> None:
        """Follow a theme change."""
        if event.type() == QEvent.Type.PaletteChange:
            self._restyle()
        super().changeEvent(event)
