"""Start-up holds the cyclic GC until the window's first frame, and gives it back once."""

import gc

from PySide6.QtWidgets import QWidget

from gui.app.first_frame import StartupHold
from gui.app.first_paint import FirstPaint
from gui.models.gc_hold import GC_HOLD


def test_the_startup_hold_turns_the_gc_off_until_released_once():
    assert gc.isenabled()
    hold = StartupHold()
    try:
        assert not gc.isenabled()
        assert GC_HOLD.held
    finally:
        hold.release()
    assert gc.isenabled()
    assert not GC_HOLD.held
    assert gc.get_freeze_count() > 0  # start-up's objects set aside, not walked again
    GC_HOLD.hold()  # someone else's hold: a second release of start-up's must not end it
    try:
        hold.release()
        assert GC_HOLD.held
    finally:
        GC_HOLD.release()
    gc.unfreeze()


def test_first_paint_calls_back_once_after_the_widget_is_painted(qtbot):
    calls = []
    widget = QWidget()
    qtbot.addWidget(widget)
    FirstPaint(widget, lambda: calls.append(widget.isVisible()))
    qtbot.wait(20)
    assert calls == []  # not shown: nothing painted yet
    widget.resize(200, 100)
    widget.show()
    qtbot.waitUntil(lambda: calls == [True])
    widget.update()
    widget.repaint()
    qtbot.wait(20)
    assert calls == [True]
