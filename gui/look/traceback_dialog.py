"""The one look of an error dialog: a message on top, a copyable traceback below."""

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


class TracebackDialog(QDialog):
    """A message label, a read-only monospace traceback, and Copy and Close buttons."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self.traceback_view = QPlainTextEdit(self)
        self.traceback_view.setReadOnly(True)
        self.traceback_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton("&Copy", self)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self._on_copy)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message_label)
        layout.addWidget(self.traceback_view, 1)
        layout.addWidget(buttons)

    def traceback_text(self) -> str:
        """The traceback shown (empty if none)."""
        return self.traceback_view.toPlainText()

    def copied_text(self) -> str:
        """What Copy puts on the clipboard: the traceback."""
        return self.traceback_text()

    def _on_copy(self) -> None:
        QGuiApplication.clipboard().setText(self.copied_text())
