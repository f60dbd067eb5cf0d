"""The passes of a recorded program: a list to pick one from, and the loss pass by pass."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.sources.program.recording import RecordedPass
from gui.look.theme import current_theme
from gui.models.recording_session import RecordingSession
from gui.training.loss_plot import LossPlot

COLUMNS = ("pass", "root", "loss", "nodes", "problems")
NO_RECORDING = "No recording open."


def _loss_text(loss: float) -> str:
    return f"{loss:.6g}" if math.isfinite(loss) else str(loss)


class PassTable(QTableWidget):
    """The pass list's table: the current pass, in view before a resize, is in view after it."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Resize; then scroll the current pass back into view if the resize hid it."""
        current = self.currentIndex()
        rect = self.visualRect(current)
        # the first open fills the list before its dock is shown and laid out: scrolled to
        # the last pass at the size the hidden list had, it showed rows 8-13 at its real one
        seen = current.isValid() and rect.top() >= 0 and rect.bottom() < event.oldSize().height()
        super().resizeEvent(event)  # the scroll bars' new range first
        if seen:
            self.scrollTo(current)


class PassesPanel(QWidget):
    """One row per ``backward()`` the program called; a click (or Enter) steps that pass.

    With two or more passes, the loss plot shows the roots' data pass by pass; clicking a
    point steps that pass too.
    """

    def __init__(self, recordings: RecordingSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._recordings = recordings
        self.summary = QLabel(NO_RECORDING, self)
        self.summary.setWordWrap(True)
        self.table = PassTable(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.cellClicked.connect(self._on_cell_chosen)
        self.table.cellActivated.connect(self._on_cell_chosen)  # Enter
        self.loss_plot = LossPlot(recordings.losses, first=1, x_title="pass")
        self.loss_plot.setMinimumHeight(110)
        self.loss_plot.sig_step_clicked.connect(self._on_point_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.loss_plot, 2)
        recordings.sig_opened.connect(self._on_opened)
        recordings.sig_pass.connect(self._on_pass)
        self._on_opened()

    def row_texts(self, row: int) -> list[str]:
        """The texts of one row: pass, root, loss, nodes, problems."""
        return [self.table.item(row, c).text() for c in range(len(COLUMNS))]

    def _on_opened(self) -> None:
        recording = self._recordings.recording
        passes = () if recording is None else recording.passes
        self.table.setRowCount(len(passes))
        for row, recorded in enumerate(passes):
            for column, item in enumerate(self._row(recorded)):
                self.table.setItem(row, column, item)
        self.loss_plot.setVisible(len(passes) >= 2)
        if recording is None:
            self.summary.setText(NO_RECORDING)
        else:
            n, bad = len(passes), sum(1 for p in passes if p.problems)
            flagged = f", {bad} with problems (✗)" if bad else ", no problems found"
            name = self._recordings.title
            self.summary.setText(f"{name}: {n} pass{'es' * (n != 1)}{flagged}")
        self._on_pass(self._recordings.current)

    @staticmethod
    def _row(recorded: RecordedPass) -> list[QTableWidgetItem]:
        n = len(recorded.problems)
        cells = [
            QTableWidgetItem(str(recorded.index)),
            QTableWidgetItem(recorded.root),
            QTableWidgetItem(_loss_text(recorded.loss)),
            QTableWidgetItem(f"{recorded.nodes:,}"),
            QTableWidgetItem(f"✗ {n}" if n else "0"),
        ]
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for cell in (cells[0], cells[2], cells[3], cells[4]):
            cell.setTextAlignment(right)
        if n:
            cells[4].setForeground(QColor(current_theme().error))
            cells[4].setToolTip("\n".join(f"{p.kind}: {p.label}" for p in recorded.problems))
        return cells

    def _on_pass(self, number: int) -> None:
        if number <= 0 or number > self.table.rowCount():
            self.table.clearSelection()
            return
        self.table.selectRow(number - 1)
        self.table.scrollToItem(self.table.item(number - 1, 0))

    def _on_cell_chosen(self, row: int, _column: int) -> None:
        if row + 1 != self._recordings.current:
            self._recordings.open_pass(row + 1)

    def _on_point_clicked(self, step: int) -> None:
        self._recordings.open_pass(step + 1)
