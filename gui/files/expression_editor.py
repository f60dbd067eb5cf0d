"""The expression editor: type a small program, build it (Ctrl+Enter), see errors in place."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontDatabase, QKeyEvent, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from engine.sources.built import BuiltGraph
from engine.sources.expr import build_expression
from engine.sources.expr_errors import ExpressionError

PLACEHOLDER = "x1 = 2; w1 = -3; b = 6.88\no = tanh(x1*w1 + b)"
HELP_TEXT = (
    "Assignments and one expression per line (or separated by ;), the last is the root. "
    "Numbers, names, + - * / ** and tanh, exp, log, relu, sigmoid."
)
ERROR_BACKGROUND = QColor(255, 120, 120, 140)


class ProgramEdit(QPlainTextEdit):
    """A plain text edit where Ctrl+Enter submits instead of typing a new line."""

    sig_submit = Signal()
    """Ctrl+Enter (or Ctrl+Return) was pressed."""

    def sizeHint(self) -> QSize:
        """A few lines high: the graph, not the program, should get the window's height."""
        return QSize(480, 96)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+Enter submits; every other key edits as usual."""
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            event.accept()
            self.sig_submit.emit()
            return
        super().keyPressEvent(event)


class ExpressionEditor(QWidget):
    """A program editor with a Build button; errors show under the text, position marked."""

    sig_built = Signal(object)
    """A program was built: the argument is its BuiltGraph (root, no params), ready to load."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = ProgramEdit(self)
        self.edit.setPlaceholderText(PLACEHOLDER)
        self.edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.edit.setTabChangesFocus(True)
        self.edit.setToolTip(HELP_TEXT)
        self.build_button = QPushButton("Build  (Ctrl+Enter)", self)
        self.build_button.setToolTip("Build the graph of this program and step through it")
        self.help_label = QLabel(HELP_TEXT, self)
        self.help_label.setWordWrap(True)
        self.help_label.setEnabled(False)  # greyed: a hint, not content
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.setStyleSheet("color: #d22; font-family: monospace;")
        self.error_label.hide()
        self.error: ExpressionError | None = None
        buttons = QHBoxLayout()
        buttons.addWidget(self.help_label, 1)
        buttons.addWidget(self.build_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        self.build_button.clicked.connect(self.build)
        self.edit.sig_submit.connect(self.build)
        self.edit.textChanged.connect(self._on_text_changed)

    def text(self) -> str:
        """The program as typed."""
        return self.edit.toPlainText()

    def set_text(self, text: str) -> None:
        """Replace the program (e.g. from ``--expr`` or a saved session)."""
        self.edit.setPlainText(text)

    def build(self) -> BuiltGraph | None:
        """Build the program: emit sig_built, or show the error under the text; never edits it."""
        try:
            built = build_expression(self.text())
        except ExpressionError as error:
            self.show_error(error)
            return None
        self.clear_error()
        self.sig_built.emit(built)
        return built

    def show_error(self, error: ExpressionError) -> None:
        """Show ``error`` under the text and mark its position in the text."""
        self.error = error
        self.error_label.setText(str(error))
        self.error_label.show()
        self._mark(error.start, error.end)

    def clear_error(self) -> None:
        """Hide the error message and its mark."""
        self.error = None
        self.error_label.clear()
        self.error_label.hide()
        self.edit.setExtraSelections([])

    def _mark(self, start: int, end: int) -> None:
        length = len(self.text())
        if end <= start:  # an empty span (e.g. at the end): mark the character before
            start, end = max(0, min(start, length) - 1), min(max(start, 1), length)
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.edit.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        # here, not at import: PySide6 builds QTextCharFormat (and QTextFormat) with every
        # enum at first import, and the first frame marks no error
        from PySide6.QtGui import QTextCharFormat  # noqa: PLC0415

        char_format = QTextCharFormat()
        char_format.setBackground(ERROR_BACKGROUND)
        char_format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        char_format.setUnderlineColor(QColor("#d22"))
        selection.cursor = cursor  # type: ignore[attr-defined]
        selection.format = char_format  # type: ignore[attr-defined]
        self.edit.setExtraSelections([selection])
        caret = QTextCursor(self.edit.document())
        caret.setPosition(start)
        self.edit.setTextCursor(caret)
        self.edit.ensureCursorVisible()

    def _on_text_changed(self) -> None:
        if self.error is not None:
            self.edit.setExtraSelections([])  # the marked span no longer matches the text
