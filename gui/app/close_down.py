"""The windows deleted once the event loop has returned, while the application still exists."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication
from shiboken6 import createdByPython


def close_down(app: QApplication) -> None:
    """Delete the windows gradstep made (main window, dialogs), with all they hold, right now.

    Left alone, the window and an open crash dialog outlived ``main``: reference cycles the GC
    had set aside (``gc.freeze``) keep the window's wrappers, and the crash handler, which
    ``sys.excepthook`` holds, keeps its dialog. The interpreter's exit then freed what it
    freed in its own order, with the QApplication among them: one CI run, quitting with a
    crash dialog open, died of SIGSEGV there. Only windows made in Python are deleted: Qt
    keeps parentless widgets of its own (a plot layout's style helper is one) that their
    owner deletes; deleting those too crashed 1 quit in 10.
    """
    for widget in app.topLevelWidgets():
        if widget.parent() is None and createdByPython(widget):
            widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
