"""The real main window for GUI tests, shown offscreen on an example as a user opens it."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from gui.app.main_window import MainWindow


def shown_window(qtbot, example="neuron", size=(1280, 800), *, active=False) -> MainWindow:
    """A MainWindow that remembers nothing, on ``example``, shown at ``size``.

    ``active``: also the active window, which window shortcuts need.
    """
    w = MainWindow()
    qtbot.addWidget(w)
    w.remember = False
    assert w.load_example(example)
    w.resize(*size)
    w.show()
    if active:
        w.activateWindow()
    qtbot.waitExposed(w)
    if active:
        qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=3000)
    return w
