"""Uncaught exceptions: logged, shown in a dialog with the traceback and Copy, app keeps going."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from gui.app.crash_dialog import CrashDialog

log = logging.getLogger("gradstep.crash")


def format_exception(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> str:
    """The full traceback text, as Python prints it."""
    return "".join(traceback.format_exception(exc_type, exc, tb))


class CrashHandler(QObject):
    """Installs sys.excepthook / threading.excepthook; shows CrashDialog in the GUI thread."""

    sig_crashed = Signal(str)
    """The formatted traceback of an uncaught exception (emitted from any thread)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dialog: CrashDialog | None = None
        self._previous_hook: Callable[..., object] | None = None
        self._previous_thread_hook: Callable[..., object] | None = None
        self._showing = False
        self.sig_crashed.connect(self._on_crashed)

    def install(self) -> CrashHandler:
        """Become the process's hook for uncaught exceptions (in slots too)."""
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread
        return self

    def uninstall(self) -> None:
        """Put the previous hooks back."""
        if self._previous_hook is not None:
            sys.excepthook = self._previous_hook
            threading.excepthook = self._previous_thread_hook
            self._previous_hook = None

    def handle(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        """Log the exception and show it (Ctrl+C in a terminal still quits)."""
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            QApplication.quit()
            return
        text = format_exception(exc_type, exc, tb)
        log.error("uncaught exception\n%s", text)
        print(text, file=sys.stderr, end="")
        self.sig_crashed.emit(text)

    def _handle_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def _on_crashed(self, text: str) -> None:
        if self._showing:  # an error while building the dialog: the log and stderr have it
            return
        self._showing = True
        try:
            self._show(text)
        finally:
            self._showing = False

    def _show(self, text: str) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.add_traceback(text)
        else:
            # imported on first use: QDialog and its buttons' types (with their enums) are
            # built at their first import, and the first frame of the window shows no dialog
            from gui.app.crash_dialog import CrashDialog  # noqa: PLC0415

            self.dialog = CrashDialog(text, QApplication.activeWindow())
            self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()


def install_crash_handler(app: QApplication) -> CrashHandler:
    """Create the handler as a child of the application and install it."""
    return CrashHandler(app).install()
