"""The window's key guard watches the application from the window's first painted frame."""

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from gui.app.keys import KeyGuard
from gui.app.main_window import MainWindow


def test_the_key_guard_watches_the_application_once_the_first_frame_is_painted(qtbot, monkeypatch):
    seen = []
    real = KeyGuard.eventFilter

    def spy(self, watched, event):
        seen.append(self)
        return real(self, watched, event)

    monkeypatch.setattr(KeyGuard, "eventFilter", spy)
    window = MainWindow()
    qtbot.addWidget(window)
    window.remember = False
    QApplication.sendEvent(window, QEvent(QEvent.Type.User))  # what an app filter would see
    # Not yet: PySide6 would make every deferred type for it before the window is drawn
    assert window.key_guard not in seen
    window.show()
    qtbot.waitUntil(lambda: window.key_guard in seen)
