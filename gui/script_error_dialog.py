"""A dialog for a script or file that failed: the message and the traceback, copyable."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class ScriptErrorDialog(QDialog):
    """The error message on top and, when there is one, the traceback below it."""

    def __init__(self, message: str, traceback_text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Cannot open — gradstep")
        self.message_label = QLabel(message, self)
        self.message_label.setWordWrap(True)
        self.traceback_view = QPlainTextEdit(traceback_text, self)
        self.traceback_view.setReadOnly(True)
        self.traceback_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.traceback_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.traceback_view.setVisible(bool(traceback_text))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton("Copy", self)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self._on_copy)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message_label)
        layout.addWidget(self.traceback_view, 1)
        layout.addWidget(buttons)
        self.resize(720, 360 if traceback_text else 140)

    def traceback_text(self) -> str:
        """The traceback shown (empty if none)."""
        return self.traceback_view.toPlainText()

    def _on_copy(self) -> None:
        text = self.message_label.text()
        if self.traceback_text():
            text += "\n\n" + self.traceback_text()
        QGuiApplication.clipboard().setText(text)
