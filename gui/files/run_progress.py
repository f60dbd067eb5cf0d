"""The status bar's note while a user's program runs: what runs, passes so far, time, Cancel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from gui.models.run_session import RunSession

if TYPE_CHECKING:  # the runner's results load with the first run
    from engine.sources.running.run_result import RunProgress

TICK_MS = 200
"""How often the elapsed time is redrawn: often enough to see it move, cheap to paint."""


class RunProgressBar(QWidget):
    """Shown while ``runs`` has a program running, hidden otherwise; never modal.

    The Cancel button (and Esc, wired by the window) stops the program.
    """

    def __init__(self, runs: RunSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runs = runs
        self.label = QLabel(self)
        self.label.setObjectName("run_progress_label")
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)  # no end known: the bar says "working"
        self.busy.setTextVisible(False)
        self.busy.setFixedWidth(72)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setToolTip("Stop the program (Esc)")
        self.cancel_button.clicked.connect(runs.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.busy)
        layout.addWidget(self.cancel_button)
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._show)
        runs.sig_started.connect(self._on_started)
        runs.sig_progress.connect(self._on_progress)
        runs.sig_finished.connect(self._on_finished)
        self.hide()

    def text(self) -> str:
        """What the label says about the run: its program, passes so far, elapsed seconds."""
        program = self.runs.program
        if program is None:
            return ""
        progress = self.runs.progress
        passes = 0 if progress is None else progress.passes
        words = [f"Running {program.name}"]
        if progress is not None and progress.cell is not None:
            words.append(f"cell {progress.cell} of {progress.cells}")
        words.append(f"{passes} pass{'' if passes == 1 else 'es'}")
        words.append(f"{self.runs.elapsed:.1f} s")
        return " · ".join(words)

    def _show(self) -> None:
        self.label.setText(self.text())

    def _on_started(self, _path: str) -> None:
        self._show()
        self.show()
        self._timer.start()

    def _on_progress(self, _progress: RunProgress) -> None:
        self._show()

    def _on_finished(self, _result: object) -> None:
        self._timer.stop()
        self.hide()
