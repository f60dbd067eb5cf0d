"""A recording's open in slices: the event loop turns between the call, the docks and the paint."""

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


def test_the_first_open_leaves_a_turn_before_its_docks_and_another_before_its_paint(
    qtbot, recording
):
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
    opened, shown, painted = events.index("opened"), events.index("docks"), events.index("paint")
    assert opened < shown < painted, events  # nothing of it painted before its docks are up
    assert "tick" in events[opened:shown], events  # the loop turns after the call
    assert "tick" in events[shown:painted], events  # and after the docks: then one paint
    assert window.updatesEnabled() and not docks.paint_hold.holding


def test_work_handed_to_a_hold_runs_unseen_at_the_next_turn_then_the_window_paints(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    hold = PaintHold(widget)
    seen: list[bool] = []
    hold.hold()
    hold.then(lambda: seen.append(widget.updatesEnabled()))
    assert hold.holding and not widget.updatesEnabled() and seen == []
    qtbot.waitUntil(lambda: not hold.holding)
    assert seen == [False]  # ran while still held
    assert widget.updatesEnabled()


def test_with_no_hold_on_work_runs_at_once_and_a_hold_with_none_is_released(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    hold = PaintHold(widget)
    seen: list[int] = []
    hold.then(lambda: seen.append(1))
    assert seen == [1]
    hold.hold()  # an open that failed after its hold: nothing handed over
    qtbot.waitUntil(lambda: not hold.holding)
    assert widget.updatesEnabled()


def test_a_window_held_by_someone_else_is_left_to_them(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.setUpdatesEnabled(False)
    hold = PaintHold(widget)
    hold.hold()
    assert not hold.holding
    qtbot.wait(20)
    assert not widget.updatesEnabled()
