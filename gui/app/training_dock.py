"""The Training dock: the training panel over the window's TrainingSession, built when shown."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import QDockWidget, QMainWindow

from gui.models.training_session import TrainingSession


class TrainingDock(QDockWidget):
    """A dock on the window's right, hidden until View > Training (Ctrl+T).

    Its TrainingPanel is built the first time it is shown, and imports its modules and
    pyqtgraph (~0.15 s) then, on the GUI thread (gui/app/warm_up.py says why not on a thread).
    A saved run's history, once shown, brings the dock up.
    """

    def __init__(self, window: QMainWindow, training: TrainingSession) -> None:
        super().__init__("Training", window)
        self.training = training
        self.setObjectName("training_dock")
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self)
        self.hide()
        training.sig_state.connect(self._on_training_state)

    def toggle_action(self) -> QAction:
        """View > Training: shows and hides the dock (Ctrl+T)."""
        toggle = self.toggleViewAction()
        toggle.setText("&Training")
        toggle.setShortcut("Ctrl+T")
        return toggle

    def showEvent(self, event: QShowEvent) -> None:
        """Shown the first time: build the panel."""
        # An event, not visibilityChanged to a method: see DraftKeeper (expression_dock.py)
        super().showEvent(event)
        if self.widget() is None:
            from gui.training.training_panel import TrainingPanel  # noqa: PLC0415

            self.setWidget(TrainingPanel(self.training))

    def _on_training_state(self, state: str) -> None:
        if state == "saved":  # a saved session brought its run's loss curve: show it
            self.show()
