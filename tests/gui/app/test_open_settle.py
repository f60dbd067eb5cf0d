"""A graph opened in the window is set aside from the GC once painted, and still freed later."""

import gc
import weakref

import pytest

from engine.sources.examples import get_example
from tests.gui.canvas.big_graph import big_graph
from tests.gui.windows import shown_window


class Cycle:
    """Garbage only the cyclic GC can reclaim: it refers to itself."""

    def __init__(self) -> None:
        self.me = self


def tracked_ids() -> set[int]:
    """The ids of what a full GC pass walks (every generation; not what is set aside)."""
    return {id(o) for o in gc.get_objects()}


@pytest.fixture
def window(qtbot):
    """The real window, on the neuron example, with no automatic GC pass during the test."""
    w = shown_window(qtbot)
    qtbot.waitUntil(lambda: not w.open_settle.pending, timeout=3000)
    gc.disable()  # only the settles collect: the tests see what they did
    yield w
    gc.enable()
    gc.unfreeze()


def settled_open(qtbot, window, built) -> None:
    """Open ``built`` in the window as the Examples menu does; wait until it is settled."""
    settles = window.open_settle.settles
    assert window.load_built(built)
    qtbot.waitUntil(lambda: window.open_settle.settles == settles + 1, timeout=3000)


def test_stepping_a_graph_opened_in_the_window_walks_none_of_it_in_a_full_pass(qtbot, window):
    settled_open(qtbot, window, big_graph())
    trace = window.session.timeline.trace
    items = list(window.graph_view.nodes)
    assert len(items) == 4824
    for _ in range(50):
        window.session.step()
    tracked = tracked_ids()
    assert id(trace) not in tracked
    assert id(trace.graph) not in tracked
    assert sum(id(item) in tracked for item in items) == 0
    assert gc.get_freeze_count() > len(items)


def test_a_settled_graph_is_freed_when_another_is_opened(qtbot, window):
    settled_open(qtbot, window, get_example("lecture-mlp").build())
    timeline = window.session.timeline
    gone = [weakref.ref(timeline), weakref.ref(timeline.trace), weakref.ref(timeline.graph)]
    item = window.graph_view.nodes[0]
    gone.append(weakref.ref(item))
    assert id(timeline.trace) not in tracked_ids()  # set aside, as the graph opened
    del timeline, item
    settled_open(qtbot, window, get_example("neuron").build())
    assert [ref() for ref in gone] == [None] * len(gone)


def test_cyclic_garbage_made_before_an_open_is_reclaimed_not_set_aside(qtbot, window):
    garbage = weakref.ref(Cycle())
    assert garbage() is not None  # pending: no pass has run
    settled_open(qtbot, window, get_example("lecture-mlp").build())
    assert garbage() is None


def test_opens_one_after_another_set_aside_no_garbage(qtbot, window):
    for name in ("lecture-mlp", "neuron", "xor-network", "parabola") * 2:
        settled_open(qtbot, window, get_example(name).build())
    gc.unfreeze()  # what every settle set aside, walked at last
    assert gc.collect() == 0
