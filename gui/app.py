"""Application entry point: builds the QApplication and the main window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from gui.main_window import MainWindow


def main(argv: list[str] | None = None) -> int:
    """Run gradstep and return its exit code."""
    argv = sys.argv if argv is None else argv
    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName("gradstep")
    app.setOrganizationName("gradstep")
    window = MainWindow()
    window.show()
    return app.exec()
