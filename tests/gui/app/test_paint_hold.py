"""A recording's open, then a turn of the event loop, then its paint: two stalls, not one."""

import pytest
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from gui.app.paint_hold import PaintHold
from tests.gui.recordings import training
from tests.gui.windows import shown_window


@pytest.fixture(scope="module")
def recording(tmp_path_factory):
    """A 20-pass training loop's recording."""
    return training(tmp_path_factory.mktemp("recordings"), steps=20)


class _Paints(QObject):
    """Appends "paint" to ``events`` on each paint of the watched widget."""

    def __init__(self, events: list[str]) -> None:
        super().__init__()
        self.events = events

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        """Note a paint; let it through."""
        if event.type() == QEvent.Type.Paint:
            self.events.append("paint")
        return False


def test_the_loop_turns_between_the_open_and_its_first_paint(qtbot, recording):
    window = shown_window(qtbot)
    docks = window.recording_docks
    events: list[str] = []
    paints = _Paints(events)
    window.graph_view.viewport().installEventFilter(paints)
    docks.passes.visibilityChanged.connect(lambda shown: shown and events.append("docks"))
    ticks = QTimer()
    ticks.setInterval(1)  # overdue by the time the open returns, as the user's input would be
    ticks.timeout.connect(lambda: events.append("tick"))
    qtbot.wait(50)  # the window's own first paints are done
    ticks.start()
    qtbot.waitUntil(lambda: "tick" in events)
    events.clear()
    assert window.recordings.load_recording(recording, "", "train")
    events.append("opened")
    qtbot.waitUntil(lambda: "paint" in events, timeout=5000)
    ticks.stop()
    window.graph_view.viewport().removeEventFilter(paints)
    opened, painted = events.index("opened"), events.index("paint")
    assert events.index("docks") < opened < painted, events  # shown in the call, unpainted
    assert "tick" in events[opened:painted], events  # the loop turned before the paint
    assert window.updatesEnabled() and not docks.paint_hold.holding


def test_a_hold_is_released_at_the_next_turn_and_the_window_paints_again(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    hold = PaintHold(widget)
    hold.hold()
    assert hold.holding and not widget.updatesEnabled()
    qtbot.waitUntil(lambda: not hold.holding)
    assert widget.updatesEnabled()


def test_extending_a_hold_releases_it_after_timers_due_before_the_extension(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    hold = PaintHold(widget)
    order: list[str] = []
    hold._timer.timeout.connect(lambda: order.append("released"))
    waiting = QTimer(widget)  # a timer the call kept waiting: due after the hold, before now
    waiting.setSingleShot(True)
    waiting.setInterval(0)
    waiting.timeout.connect(lambda: order.append("waiting"))
    hold.hold()
    waiting.start()
    hold.extend()  # due from now: after the waiting one
    qtbot.waitUntil(lambda: not hold.holding)
    assert order == ["waiting", "released"]
    hold.extend()  # not held: stays released
    assert not hold.holding and widget.updatesEnabled()


def test_a_window_held_by_someone_else_is_left_to_them(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.setUpdatesEnabled(False)
    hold = PaintHold(widget)
    hold.hold()
    assert not hold.holding
    qtbot.wait(20)
    assert not widget.updatesEnabled()
