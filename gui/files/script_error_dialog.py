"""A dialog for a script or file that failed: the message and the traceback, copyable."""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit, QWidget

from gui.look.traceback_dialog import TracebackDialog


class ScriptErrorDialog(TracebackDialog):
    """The error message on top and, when there is one, the traceback below it."""

    def __init__(self, message: str, traceback_text: str = "", parent: QWidget | None = None):
        super().__init__("Cannot open — gradstep", parent)
        self.message_label.setText(message)
        self.traceback_view.setPlainText(traceback_text)
        self.traceback_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.traceback_view.setVisible(bool(traceback_text))
        self.resize(720, 360 if traceback_text else 140)

    def copied_text(self) -> str:
        """The message, then the traceback."""
        text = self.message_label.text()
        return f"{text}\n\n{self.traceback_text()}" if self.traceback_text() else text
