"""The dialog uncaught exceptions show: their tracebacks, with Copy and Close."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from gui.look.traceback_dialog import TracebackDialog

SEPARATOR = "\n" + "-" * 60 + "\n"
MAX_SHOWN = 20  # tracebacks in one dialog; the log keeps every one


class CrashDialog(TracebackDialog):
    """A non-modal dialog showing one or more tracebacks, with Copy and Close."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__("gradstep: unexpected error", parent)
        self.resize(720, 420)
        self.error_count = 0
        self.add_traceback(text)

    def add_traceback(self, text: str) -> None:
        """Append another traceback (errors that come while the dialog is open)."""
        # An error in a paint handler repeats on every repaint: show the first few, count all.
        if self.error_count < MAX_SHOWN:
            if self.error_count:
                self.traceback_view.appendPlainText(SEPARATOR)
            self.traceback_view.appendPlainText(text.rstrip("\n"))
        self.error_count += 1
        last_line = text.rstrip("\n").splitlines()[-1] if text.strip() else "unknown error"
        count = f" ({self.error_count} errors)" if self.error_count > 1 else ""
        if self.error_count > MAX_SHOWN:
            count += f"; the first {MAX_SHOWN} are shown below"
        self.message_label.setText(
            f"<b>Something went wrong{count}.</b> gradstep keeps running; the details are in "
            f"the log. Last error: <tt>{_escape(last_line)}</tt>"
        )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
