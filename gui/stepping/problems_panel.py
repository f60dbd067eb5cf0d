"""The Problems panel: what the user's backprop did wrong in the open pass, and where."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QListView, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from gui.look.theme import current_theme
from gui.models.recording_session import RecordingSession
from gui.models.step_session import StepSession

if TYPE_CHECKING:  # the diagnoses load with a recording, not with the window
    from engine.explain.diagnoses import Problem

NO_RECORDING = "Open a recording of your program: its problems are listed here."
BATCH_ROWS = 1000
"""Entries added per turn of the event loop: a few milliseconds each."""
WRAPPED_UP_TO = 1000
"""Longer lists show an entry a line, all of one height: wrapping 10,000 entries of their
own heights took 100 ms to lay out, 65,000 (a moons pass whose sort runs forwards) 0.7 s."""


class ProblemsPanel(QWidget):
    """Every problem of the pass being stepped; a click or Enter goes to its step.

    Each entry reads ``✗ kind · node · step N`` over the reason in plain words (in a list
    of more than WRAPPED_UP_TO, on the same line; the full reason is its tooltip). The list
    fills BATCH_ROWS entries at a time, so the window stays responsive over thousands.
    """

    def __init__(
        self, session: StepSession, recordings: RecordingSession, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._recordings = recordings
        self._shown: tuple[Problem, ...] = ()
        self._filled = 0  # entries of _shown in the list so far
        self._filler = QTimer(self, singleShot=True, interval=0)
        self._filler.timeout.connect(self._fill_more)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.table = QListWidget(self)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)  # tells one entry from the next
        self.table.setResizeMode(QListView.ResizeMode.Adjust)  # rewrap when the dock is resized
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.itemClicked.connect(self._on_item_chosen)
        self.table.itemActivated.connect(self._on_item_chosen)  # Enter (and double-click)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        session.sig_loaded.connect(self._on_loaded)
        session.sig_moved.connect(self._on_moved)
        recordings.sig_opened.connect(self._on_loaded)
        self._on_loaded()

    # ------------------------------------------------------------------ what it shows

    def summary_text(self) -> str:
        """The line above the list: how many problems, or "No problems found"."""
        return self.summary.text()

    def rows(self) -> list[tuple[str, str, int, str]]:
        """The listed problems: kind, node, step and text of each, in list order."""
        return [(p.kind, p.label, p.position, p.text) for p in self._shown]

    def row_text(self, row: int) -> str:
        """The text of the ``row``-th entry as shown."""
        return self.table.item(row).text()

    def go_to(self, row: int) -> bool:
        """Go to the step of the ``row``-th problem listed and select its node."""
        if not 0 <= row < len(self._shown):
            return False
        problem = self._shown[row]
        self._session.seek(problem.position)
        self._session.select(problem.node)
        return True

    # ------------------------------------------------------------------ updates

    def _on_loaded(self) -> None:
        recordings = self._recordings
        self._shown = recordings.problems
        self._filled = 0
        self.table.clear()
        long_list = len(self._shown) > WRAPPED_UP_TO
        self.table.setUniformItemSizes(long_list)
        self.table.setWordWrap(not long_list)
        self._fill_more()
        self.table.setVisible(bool(self._shown))
        self.summary.setText(self._summary())
        error = QColor(current_theme().error)
        style = f"color: {error.name()};" if self._shown else ""
        if style != self.summary.styleSheet():  # a re-polish on every load costs milliseconds
            self.summary.setStyleSheet(style)

    @property
    def filling(self) -> bool:
        """Whether entries are still being added to the list."""
        return self._filled < len(self._shown)

    def _fill_more(self) -> None:
        """Add the next BATCH_ROWS entries; the rest come on the next turn of the event loop."""
        end = min(len(self._shown), self._filled + BATCH_ROWS)
        between = " · " if self.table.uniformItemSizes() else "\n"
        for p in self._shown[self._filled : end]:
            item = QListWidgetItem(f"✗ {p.kind} · {p.label} · step {p.position:,}{between}{p.text}")
            item.setToolTip(p.text)
            self.table.addItem(item)
        self._filled = end
        if self.filling:
            self._filler.start()
        self._mark_current()

    def _summary(self) -> str:
        recordings = self._recordings
        shown = recordings.current_pass if recordings.showing else None
        if shown is None:
            return NO_RECORDING
        where = f"pass {shown.index} of {len(recordings.recording)}"
        n = len(self._shown)
        if not n:
            return f"No problems found in {where}."
        return f"✗ {n} problem{'s' * (n != 1)} in {where}: click one to go to its step."

    def _on_moved(self, _changed: object) -> None:
        self._mark_current()

    def _mark_current(self) -> None:
        """Select the row of a problem that happens at the cursor, if any."""
        timeline = self._session.timeline
        position = -1 if timeline is None else timeline.position
        for row, problem in enumerate(self._shown[: self._filled]):
            if problem.position == position:
                self.table.setCurrentRow(row)
                return
        self.table.clearSelection()

    def _on_item_chosen(self, item: QListWidgetItem) -> None:
        self.go_to(self.table.row(item))
