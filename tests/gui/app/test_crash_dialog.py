"""Uncaught exceptions show a dialog with the traceback and Copy; the app keeps running."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QPushButton

from gui.app.crash_handler import CrashHandler
from gui.app.logging_setup import setup_logging, shutdown_logging

# pytest-qt would otherwise swap sys.excepthook for its own during each test.
pytestmark = pytest.mark.qt_no_exception_capture


class BoomError(RuntimeError):
    """The error the test slots raise."""


@pytest.fixture
def handler(qapp):
    """A CrashHandler installed for one test, then removed with its dialog."""
    crash = CrashHandler().install()
    yield crash
    crash.uninstall()
    if crash.dialog is not None:
        crash.dialog.close()
        crash.dialog.deleteLater()


@pytest.fixture
def button(qtbot):
    """A visible button whose click raises BoomError inside a Qt slot."""
    widget = QPushButton("explode")
    qtbot.addWidget(widget)

    def explode() -> None:
        raise BoomError("slot exploded on purpose")

    widget.clicked.connect(explode)
    widget.show()
    return widget


def test_exception_in_slot_shows_dialog_with_traceback(qtbot, handler, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: handler.dialog is not None and handler.dialog.isVisible())
    text = handler.dialog.traceback_text()
    assert "Traceback (most recent call last)" in text
    assert "BoomError: slot exploded on purpose" in text
    assert "in explode" in text


def test_copy_button_puts_traceback_on_clipboard(qtbot, handler, button):
    QGuiApplication.clipboard().setText("something else")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: handler.dialog is not None and handler.dialog.isVisible())
    qtbot.mouseClick(handler.dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == handler.dialog.traceback_text()
    assert "BoomError: slot exploded on purpose" in QGuiApplication.clipboard().text()


def test_app_keeps_running_after_uncaught_exception(qtbot, handler, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: handler.dialog is not None)
    fired = []
    QTimer.singleShot(10, lambda: fired.append("later"))
    qtbot.waitUntil(lambda: fired == ["later"])
    other = QPushButton("still works")
    qtbot.addWidget(other)
    other.clicked.connect(lambda: fired.append("click"))
    other.show()
    qtbot.mouseClick(other, Qt.MouseButton.LeftButton)
    assert fired == ["later", "click"]
    assert button.isVisible()


def test_second_error_is_added_to_the_open_dialog(qtbot, handler, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: handler.dialog is not None)
    first = handler.dialog
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert handler.dialog is first
    assert first.error_count == 2
    assert first.traceback_text().count("BoomError: slot exploded on purpose") == 2
    assert "2 errors" in first.message_label.text()


def test_exception_in_worker_thread_shows_dialog_in_gui_thread(qtbot, handler):
    def work() -> None:
        raise BoomError("worker thread failed")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: handler.dialog is not None and handler.dialog.isVisible())
    assert "BoomError: worker thread failed" in handler.dialog.traceback_text()
    assert handler.dialog.thread() is QApplication.instance().thread()


def test_uncaught_exception_is_written_to_the_log(qtbot, handler, button, tmp_path, monkeypatch):
    monkeypatch.setenv("GRADSTEP_LOG_DIR", str(tmp_path / "logs"))
    shutdown_logging()
    path = setup_logging()
    try:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: handler.dialog is not None)
        for log_handler in logging.getLogger().handlers:
            log_handler.flush()
        written = path.read_text(encoding="utf-8")
    finally:
        shutdown_logging()
    assert "uncaught exception" in written
    assert "BoomError: slot exploded on purpose" in written


def test_uninstall_restores_previous_hook(qapp):
    before = sys.excepthook
    crash = CrashHandler().install()
    assert sys.excepthook == crash.handle
    crash.uninstall()
    assert sys.excepthook is before


# Run in a child process: quitting the application (and pyqtgraph's clean-up on aboutToQuit)
# would break every later test of this process.
RUNNING_APP = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import gui.app.launch
from gui.app.crash_dialog import CrashDialog
app = QApplication(["gradstep"])
seen = {}
waited = []

def explode():
    raise RuntimeError("inside the running app")

def inspect():
    waited.append(20)
    if app.windowIcon().isNull() and sum(waited) < 5000:  # set once the first frame is painted
        QTimer.singleShot(20, inspect)
        return
    dialogs = [w for w in app.topLevelWidgets() if isinstance(w, CrashDialog)]
    seen["dialog"] = dialogs[0].traceback_text() if dialogs else ""
    seen["icon"] = not app.windowIcon().isNull()
    for widget in app.topLevelWidgets():
        widget.close()
    app.quit()

QTimer.singleShot(50, explode)  # a slot of the running app's event loop
QTimer.singleShot(600, inspect)
seen["code"] = gui.app.launch.main(["--example", "neuron"])
from shiboken6 import createdByPython
seen["left"] = [type(w).__name__ for w in app.topLevelWidgets() if createdByPython(w)]
print(json.dumps(seen))
"""


def test_running_app_shows_crash_dialog_logs_it_and_has_the_icon(tmp_path):
    env = dict(os.environ, GRADSTEP_LOG_DIR=str(tmp_path), QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", RUNNING_APP],
        cwd=Path(__file__).resolve().parents[3],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["code"] == 0
    assert "RuntimeError: inside the running app" in seen["dialog"]
    assert seen["icon"]
    assert seen["left"] == []  # the window and the dialog deleted before the interpreter's exit
    assert "RuntimeError: inside the running app" in (tmp_path / "gradstep.log").read_text()


def test_repeating_error_is_counted_not_shown_without_end(qtbot, handler, button):
    for _ in range(25):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = handler.dialog
    assert dialog.error_count == 25
    assert dialog.traceback_text().count("BoomError: slot exploded on purpose") == 20
    assert "25 errors" in dialog.message_label.text()
    assert "first 20" in dialog.message_label.text()
