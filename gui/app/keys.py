"""Keeps the window's keys working whatever widget in the window has focus."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

KeyMod = Qt.KeyboardModifier


def is_text_entry(widget: QWidget | None) -> bool:
    """True for a widget the user types into: it keeps its keys (Space, arrows, letters)."""
    if isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)):
        return not widget.isReadOnly()
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    # asked of Qt's meta-object: PySide6 would build the type (~0.5 ms, with its enums) at its
    # first import, before the first frame, for the training panel's spin boxes only
    return widget is not None and widget.inherits("QAbstractSpinBox")


def combined(event: QKeyEvent) -> int:
    """The event's key and modifiers as one int, Shift dropped for + (Ctrl++ is Ctrl+Shift+=)."""
    mods = event.modifiers() & ~KeyMod.KeypadModifier
    if event.key() == Qt.Key.Key_Plus:
        mods &= ~KeyMod.ShiftModifier
    return event.key() | mods.value


def key_action(
    window: QMainWindow, text: str, keys: tuple[str, ...], slot: Callable[[], object], tip: str = ""
) -> QAction:
    """An action on the window itself whose keys work whatever widget has focus."""
    action = QAction(text, window)
    action.setShortcuts([QKeySequence(k) for k in keys])
    # Added to the window itself, so keys work with the menu bar hidden and whatever
    # widget of the window has focus (KeyGuard stops widgets claiming them); a window
    # rather than application context keeps them out of other windows and dialogs.
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.setToolTip(tip or text)
    action.triggered.connect(slot)
    window.addAction(action)
    return action


class KeyGuard(QObject):
    """A filter on the focus widget that keeps the window's keys from being claimed.

    ``step_sequences``: widgets such as a read-only text view accept the ShortcutOverride of
    arrow keys, which would turn Left/Right into scrolling; filtering the override out (left
    unaccepted) lets the window's shortcut fire. ``direct``: keys handled here before any
    shortcut, so a widget's own shortcut on the same key (the canvas's Ctrl+= zoom) can
    never make it ambiguous.
    """

    def __init__(
        self,
        window: QWidget,
        step_sequences: Iterable[Iterable[QKeySequence]],
        direct: dict[str, QAction],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._keys = {s[0].toCombined() for seqs in step_sequences for s in seqs if s.count()}
        self._direct = {QKeySequence(k)[0].toCombined(): a for k, a in direct.items()}
        self._watched: QWidget | None = None  # the widget whose key events pass here
        self._watching = False  # following the application's focus

    def watch(self) -> None:
        """Watch the keys of the widget with focus from now on, and follow the focus.

        Key presses and their ShortcutOverride go to the focus widget (to the window when
        none has focus): filtering that one widget, rather than the whole application, keeps
        the 40-odd other events of a step (paints, layouts, timers) out of Python.
        """
        app = QApplication.instance()
        if app is not None and not self._watching:
            app.focusChanged.connect(self._on_focus_changed)
            self._watching = True
        self._on_focus_changed(None, QApplication.focusWidget())

    def stop(self) -> None:
        """Watch nothing more (the window closes)."""
        app = QApplication.instance()
        if app is not None and self._watching:
            app.focusChanged.disconnect(self._on_focus_changed)
        self._watching = False
        if self._watched is not None and shiboken6.isValid(self._watched):
            self._watched.removeEventFilter(self)
        self._watched = None

    def _on_focus_changed(self, _old: QWidget | None, now: QWidget | None) -> None:
        if not shiboken6.isValid(self._window):
            return  # the application is tearing the window down
        watched = now if now is not None and now.window() is self._window else self._window
        if watched is not self._watched:
            # a widget deleted while it had focus took the filter with it
            if self._watched is not None and shiboken6.isValid(self._watched):
                self._watched.removeEventFilter(self)
            watched.installEventFilter(self)
            self._watched = watched

    def _ours(self) -> QWidget | None:
        focus = QApplication.focusWidget()
        return focus if focus is not None and focus.window() is self._window else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Take the direct keys; let the step keys' shortcuts fire outside text entry."""
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        if not isinstance(event, QKeyEvent) or (focus := self._ours()) is None:
            return False
        key = combined(event)
        if key in self._direct:
            if kind == QEvent.Type.ShortcutOverride:
                event.accept()  # no shortcut: the key press comes here next
            else:
                self._direct[key].trigger()
            return True
        # Swallowed unaccepted, the override lets the shortcut map handle the key.
        return (
            kind == QEvent.Type.ShortcutOverride and key in self._keys and not is_text_entry(focus)
        )
