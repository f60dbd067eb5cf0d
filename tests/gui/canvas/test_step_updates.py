"""The drawn nodes a step repaints: the same set mapped one by one or with numpy; only changed looks."""

from __future__ import annotations

import numpy as np

from engine.sources.examples import get_example
from engine.trace.events import BACKWARD, FORWARD
from gui.canvas import step_updates
from gui.canvas.graph_view import GraphView
from gui.canvas.step_updates import drawn_nodes_of
from gui.models.step_session import StepSession


class _Layout:
    """The two arrays drawn_nodes_of reads, for 1,000 values drawn as 40 nodes."""

    def __init__(self) -> None:
        rng = np.random.default_rng(0)
        self.record_of = rng.integers(-1, 30, 1000)
        self.op_of = np.where(rng.random(1000) < 0.5, rng.integers(30, 40, 1000), -1)

    def __len__(self) -> int:
        return 40


def test_many_touched_values_map_to_the_same_drawn_nodes_as_a_few(monkeypatch):
    lay = _Layout()
    touched = set(range(0, 1000, 3))
    vectorised = drawn_nodes_of(lay, touched)
    monkeypatch.setattr(step_updates, "VECTOR_FROM", 10**9)
    one_by_one = drawn_nodes_of(lay, touched)
    assert vectorised == one_by_one
    assert -1 not in vectorised and all(isinstance(d, int) for d in vectorised)


def test_values_drawn_nowhere_repaint_nothing():
    lay = _Layout()
    hidden = {v for v in range(1000) if lay.record_of[v] < 0 and lay.op_of[v] < 0}
    assert hidden and drawn_nodes_of(lay, hidden) == set()
    assert drawn_nodes_of(lay, hidden | set(range(1000))) == set(range(40)) - _never_drawn(lay)


def _never_drawn(lay: _Layout) -> set[int]:
    shown = set(lay.record_of.tolist()) | set(lay.op_of.tolist())
    return set(range(40)) - shown


def _shown_view(qtbot, example: str):
    """A GraphView, shown and painted, of the example's graph at the start of its backward."""
    session = StepSession()
    view = GraphView(session)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    assert session.load(get_example(example).build())
    session.seek_phase_start(BACKWARD)
    view.frame()
    qtbot.waitExposed(view)
    qtbot.wait(1)
    return session, view


def test_a_backward_step_repaints_no_op_node_whose_look_it_kept(qtbot, monkeypatch):
    session, view = _shown_view(qtbot, "neuron")
    lay, synced = view.drawn, []
    real_sync = view._sync
    monkeypatch.setattr(view, "_sync", lambda d: (synced.append(d), real_sync(d)))
    skipped = 0
    while session.step() and session.timeline.phase == BACKWARD:
        current_op = int(lay.op_of[view.state.current])
        ops_of_written = {int(lay.op_of[c]) for c in view.state.written} - {-1, current_op}
        skipped += len(ops_of_written)
        qtbot.wait(1)  # painted: each item now shows this step
        assert ops_of_written.isdisjoint(synced)
        synced.clear()
    assert skipped > 0  # the steps wrote children made by ops: there was something to skip


def test_stepping_back_and_forth_paints_what_a_full_repaint_paints(qtbot):
    session, view = _shown_view(qtbot, "neuron")
    for move in [session.step] * 8 + [session.back] * 3 + [session.step] * 5:
        move()
        qtbot.wait(1)
        stepped = view.viewport().grab().toImage()
        for item in view.nodes:
            item.update()
        assert view.viewport().grab().toImage() == stepped


def test_a_step_greys_the_in_edges_only_of_nodes_it_creates_or_uncreates(qtbot, monkeypatch):
    session, view = _shown_view(qtbot, "lecture-mlp")
    session.seek_phase_start(FORWARD)
    qtbot.wait(1)
    greyed = []
    real = view.edges.set_greyed
    monkeypatch.setattr(view.edges, "set_greyed", lambda d, g: (greyed.append(d), real(d, g)))
    created = view.session.timeline.created
    for move in [session.step] * 12 + [session.back] * 4:
        before = created.copy()
        move()
        turned = {
            d for d, n in enumerate(view.nodes) if created[min(n.members)] != before[min(n.members)]
        }
        assert set(greyed) == turned
        greyed.clear()
    session.seek_phase_start(BACKWARD)  # every node created: no step greys or ungreys
    greyed.clear()
    for _ in range(6):
        session.step()
    assert greyed == []


def test_a_run_of_steps_sets_the_viewport_update_mode_once(qtbot, monkeypatch):
    session, view = _shown_view(qtbot, "lecture-mlp")
    modes = []
    real = view.setViewportUpdateMode
    monkeypatch.setattr(view, "setViewportUpdateMode", lambda m: (modes.append(m), real(m)))
    for _ in range(10):
        session.step()
    assert len(modes) == 1
    assert view.viewportUpdateMode() == step_updates.BOUNDING_RECT
