"""The main window: the graph area in the centre, a menu with About and Quit."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox

ABOUT_TEXT = (
    "<b>gradstep</b><br>Step through backpropagation: the forward pass, the topological "
    "sort and every <tt>_backward</tt> call, forward and back."
)


class MainWindow(QMainWindow):
    """gradstep's top-level window."""

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("gradstep")
        self.resize(1280, 800)
        self.graph_area = QLabel("The computation graph appears here.")
        self.graph_area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setCentralWidget(self.graph_area)
        self._build_menus()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu("&Help")
        self.about_action = QAction("&About gradstep", self)
        self.about_action.triggered.connect(self._on_about)
        help_menu.addAction(self.about_action)

    def _on_about(self) -> None:
        QMessageBox.about(self, "About gradstep", ABOUT_TEXT)
