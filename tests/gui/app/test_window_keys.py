"""The window's key guard watches the focus widget from the window's first painted frame."""

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QDoubleSpinBox, QLabel, QLineEdit, QSpinBox

from gui.app.keys import KeyGuard, is_text_entry
from gui.app.main_window import MainWindow


def spy_on_guard(monkeypatch) -> list:
    """Replace KeyGuard.eventFilter with one that records (guard, watched object) first."""
    seen = []
    real = KeyGuard.eventFilter

    def spy(self, watched, event):
        seen.append((self, watched))
        return real(self, watched, event)

    monkeypatch.setattr(KeyGuard, "eventFilter", spy)
    return seen


def test_the_key_guard_watches_the_focus_widget_once_the_first_frame_is_painted(qtbot, monkeypatch):
    seen = spy_on_guard(monkeypatch)
    window = MainWindow()
    qtbot.addWidget(window)
    window.remember = False
    window.graph_view.setFocus()
    QApplication.sendEvent(window.graph_view, QEvent(QEvent.Type.User))
    # Not yet: PySide6 would make every deferred type for it before the window is drawn
    assert not seen
    window.show()
    qtbot.waitUntil(lambda: window.key_guard._watched is not None)
    window.graph_view.setFocus()
    QApplication.sendEvent(window.graph_view, QEvent(QEvent.Type.User))
    assert (window.key_guard, window.graph_view) in seen


def test_the_key_guard_follows_the_focus_and_sees_no_other_widget(qtbot, monkeypatch):
    seen = spy_on_guard(monkeypatch)
    window = MainWindow()
    qtbot.addWidget(window)
    window.remember = False
    window.show()
    qtbot.waitUntil(lambda: window.key_guard._watched is not None)
    window.activateWindow()
    window.graph_view.setFocus()
    window.code_panel.source.setFocus()
    seen.clear()
    for widget in (window.graph_view, window.step_bar, window.code_panel.source):
        QApplication.sendEvent(widget, QEvent(QEvent.Type.User))
    assert [w for _, w in seen] == [window.code_panel.source]


def test_a_step_sends_no_event_through_the_key_guard(qtbot, monkeypatch):
    # An application-wide filter saw each of a step's ~40 events (paints, layouts, timers)
    seen = spy_on_guard(monkeypatch)
    window = MainWindow()
    qtbot.addWidget(window)
    window.remember = False
    window.show()
    window.load_example("lecture-mlp")
    qtbot.waitUntil(lambda: window.key_guard._watched is not None)
    window.graph_view.setFocus()
    for _ in range(3):
        QApplication.processEvents()
    seen.clear()
    for _ in range(5):
        window.session.step()
        for _ in range(3):
            QApplication.processEvents()
    # only the focus widget's own events: the canvas's repaint of what the step changed
    assert {w for _, w in seen} == {window.graph_view}
    assert len(seen) <= 2 * 5


def test_text_entries_keep_their_keys_spin_boxes_included_and_read_only_ones_do_not(qtbot):
    read_only = QLineEdit()
    read_only.setReadOnly(True)
    widgets = [QSpinBox(), QDoubleSpinBox(), QLineEdit(), read_only, QLabel()]
    for widget in widgets:
        qtbot.addWidget(widget)
    assert [is_text_entry(w) for w in widgets] == [True, True, True, False, False]
    assert not is_text_entry(None)
