"""Session: loading, moving, selecting and reporting errors through signals."""

import pytest

from engine.sources.built import BuiltGraph, GraphSource
from engine.sources.examples import get_example
from engine.trace.trace import BACKWARD, TOPO, record
from gui.models.step_session import StepSession


class NotANumber:
    """A foreign node whose data is a string: the trace refuses it."""

    def __init__(self):
        self.data = "seven"
        self.grad = 0.0
        self._prev = ()
        self._op = ""
        self.label = "bad"

    def _backward(self):
        pass


@pytest.fixture
def session(qtbot):
    s = StepSession()
    s.load(get_example("neuron").build())
    return s


def test_load_emits_loaded_and_starts_before_the_forward_pass(qtbot):
    s = StepSession()
    with qtbot.waitSignal(s.sig_loaded):
        assert s.load(get_example("neuron").build())
    assert s.title == "A single tanh neuron"
    assert (s.source.kind, s.source.ref) == ("example", "neuron")
    assert s.timeline.position == 0
    assert s.timeline.graph.names[s.timeline.graph.root] == "o"


def test_load_trace_steps_a_recorded_trace_and_keeps_its_source(qtbot):
    s = StepSession()
    trace = record(get_example("accumulate").build().root)
    source = GraphSource("recording", "run.json", "a + a")
    assert s.load_trace(trace, source)
    assert s.timeline.trace is trace
    assert s.source is source and s.title == "a + a"


def test_step_emits_the_created_node_and_back_undoes_it(session, qtbot):
    with qtbot.waitSignal(session.sig_moved) as moved:
        assert session.step()
    assert 0 in moved.args[0]
    assert session.timeline.created[0]
    assert session.back()
    assert session.timeline.position == 0
    assert not session.timeline.created[0]


def test_moves_at_the_ends_return_false_and_emit_nothing(session, qtbot):
    with qtbot.assertNotEmitted(session.sig_moved):
        assert not session.back()
        assert not session.reset()
    session.seek_end()
    with qtbot.assertNotEmitted(session.sig_moved):
        assert not session.step()


def test_phase_moves_land_on_phase_boundaries(session):
    trace = session.timeline.trace
    session.seek_phase_end(TOPO)
    assert session.timeline.position == trace.phase_range(TOPO).stop
    session.seek_phase_start(BACKWARD)  # the first backward event is the one displayed
    assert session.timeline.position == trace.phase_range(BACKWARD).start + 1
    assert session.timeline.phase == BACKWARD
    session.reset()
    session.next_phase()
    assert session.timeline.position > 0
    before = session.timeline.position
    session.next_phase()
    session.previous_phase()
    assert session.timeline.position == before


def test_seek_reports_every_node_changed_on_the_way(session, qtbot):
    with qtbot.waitSignal(session.sig_moved) as moved:
        session.seek(session.timeline.trace.phase_range(TOPO).start)
    assert set(range(len(session.timeline.graph))) <= moved.args[0]


def test_a_graph_that_cannot_be_stepped_is_reported_and_the_old_one_kept(session, qtbot):
    old = session.timeline
    with qtbot.waitSignal(session.sig_error) as error:
        broken = GraphSource("script", "broken.py", "broken")
        assert not session.load(BuiltGraph(NotANumber(), source=broken))
    assert "bad" in error.args[0] and "broken" in error.args[0]
    assert session.timeline is old


def test_select_emits_the_node_and_out_of_range_clears(session, qtbot):
    with qtbot.waitSignal(session.sig_selected) as selected:
        session.select(3)
    assert selected.args == [3]
    assert session.selected == 3
    with qtbot.waitSignal(session.sig_selected) as selected:
        session.select(999)
    assert selected.args == [-1]


def test_loading_clears_the_selection(session):
    session.select(2)
    session.load(get_example("expression").build())
    assert session.selected == -1


def test_refresh_timeline_swaps_a_moved_timeline_of_the_same_graph_without_a_reload(qtbot):
    from engine.sources.examples import get_example
    from engine.trace.timeline import Timeline
    from engine.trace.trace import BACKWARD, record

    session = StepSession()
    built = get_example("neuron").build()
    assert session.load(built)
    signals = []
    session.sig_loaded.connect(lambda: signals.append("loaded"))
    session.sig_refreshed.connect(lambda: signals.append("refreshed"))
    session.sig_moved.connect(lambda changed: signals.append(("moved", len(changed))))
    moved = Timeline(session.timeline.trace)
    moved.seek_phase_end(BACKWARD)
    assert session.refresh_timeline(moved, session.source)
    n = len(moved.graph)
    assert session.timeline is moved and signals == ["refreshed", ("moved", n)]
    other = Timeline(record(get_example("expression").build().root))
    assert not session.refresh_timeline(other, None) and session.timeline is moved
