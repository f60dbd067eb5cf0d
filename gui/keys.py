"""Keeps the stepping keys working whatever widget in the window has focus."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)


def is_text_entry(widget: QWidget | None) -> bool:
    """True for a widget the user types into: it keeps its keys (Space, arrows, letters)."""
    if isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)):
        return not widget.isReadOnly()
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    return isinstance(widget, QAbstractSpinBox)


class KeyGuard(QObject):
    """An application event filter that stops non-text widgets from claiming our shortcuts.

    Widgets such as a read-only text view or a graphics view accept the ShortcutOverride of
    arrow keys, which would turn Left/Right into scrolling; filtering the override out (left
    unaccepted) lets the window's shortcut fire instead.
    """

    def __init__(self, window: QWidget, sequences: Iterable[Iterable[QKeySequence]]) -> None:
        super().__init__(window)
        self._window = window
        self._keys = {seq[0].toCombined() for seqs in sequences for seq in seqs if seq.count()}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Swallow, unaccepted, the ShortcutOverride of our keys outside text entry."""
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        if event.keyCombination().toCombined() not in self._keys:
            return False
        focus = QApplication.focusWidget()
        # Swallowed unaccepted, the override lets the shortcut map handle the key.
        return focus is not None and focus.window() is self._window and not is_text_entry(focus)
