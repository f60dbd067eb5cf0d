"""The GC settled after an open: held off while a hold is on, after the frame, full passes spaced."""

import gc
import weakref

import pytest
from PySide6.QtWidgets import QWidget

from engine.sources.examples import get_example
from gui.models.gc_hold import GcHold
from gui.models.gc_settle import OpenSettle
from gui.models.step_session import StepSession


class Cycle:
    """Garbage only the cyclic GC can reclaim: it refers to itself."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def no_automatic_gc():
    """Only the calls under test collect; what they set aside is given back afterwards."""
    gc.disable()
    yield
    gc.enable()
    gc.unfreeze()


def test_a_settle_under_a_hold_does_nothing_the_release_settles(no_automatic_gc):
    hold = GcHold()
    hold.hold()
    garbage = weakref.ref(Cycle())
    assert not hold.settle()
    assert garbage() is not None
    assert gc.get_freeze_count() == 0
    hold.release()
    assert hold.settle()
    assert garbage() is None


def test_an_open_settles_once_its_view_is_painted(qtbot, no_automatic_gc):
    session = StepSession()
    view = QWidget()
    qtbot.addWidget(view)
    view.resize(100, 80)
    view.show()
    qtbot.waitExposed(view)
    settle = OpenSettle(session, view, GcHold(), unpainted_ms=60_000)
    qtbot.wait(20)
    garbage = weakref.ref(Cycle())
    assert session.load(get_example("neuron").build())
    assert settle.pending
    qtbot.wait(50)
    assert settle.settles == 0  # nothing asked the view to paint yet
    assert garbage() is not None
    view.update()
    qtbot.waitUntil(lambda: settle.settles == 1, timeout=3000)
    assert garbage() is None
    assert not settle.pending


def test_an_open_with_its_view_hidden_settles_at_the_next_turn(qtbot, no_automatic_gc):
    session = StepSession()
    view = QWidget()
    qtbot.addWidget(view)
    settle = OpenSettle(session, view, GcHold())
    assert session.load(get_example("neuron").build())
    qtbot.waitUntil(lambda: settle.settles == 1, timeout=3000)
