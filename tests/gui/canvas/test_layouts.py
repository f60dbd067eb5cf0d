"""Layouts on the canvas: gliding between them, stepping meanwhile, groups and big graphs."""

import numpy as np
from PySide6.QtCore import QRectF

from engine.drawing.layout import relayout
from engine.sources.examples import get_example
from gui.canvas.graph_view import GraphView
from gui.canvas.layout_motion import LayoutMotion
from gui.models.step_session import StepSession


def _view(qtbot, name="neuron"):
    session = StepSession()
    view = GraphView(session)
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    built = get_example(name).build()
    session.load(built)
    return session, view


def _item_positions(view):
    return np.array([[n.pos().x(), n.pos().y()] for n in view.nodes])


def test_edges_follow_the_nodes_to_the_new_layout(qtbot):
    _, view = _view(qtbot)
    before = view.edges.edge_box.copy()
    view.set_layout("kamada-kawai")
    qtbot.waitUntil(lambda: not view.layout_pending(), timeout=10000)
    assert not np.allclose(view.edges.edge_box, before)
    for e, (left, top, right, bottom) in enumerate(view.edges.edge_box.tolist()):
        target = view.nodes[int(view.drawn.edges[e, 1])].sceneBoundingRect()
        assert (
            QRectF(left, top, right - left, bottom - top).adjusted(-2, -2, 2, 2).intersects(target)
        )


def test_stepping_works_while_the_nodes_glide(qtbot):
    session, view = _view(qtbot)
    view.set_layout("shell")
    qtbot.waitUntil(view._motion.running, timeout=10000)
    assert session.step() and session.step()
    assert session.timeline.position == 2
    assert view.item_for(session.timeline.current.node).isVisible()
    assert view._motion.running()
    qtbot.waitUntil(lambda: not view.layout_pending(), timeout=5000)
    assert view.drawn.name == "shell" and session.timeline.position == 2


def test_the_glide_passes_through_in_between_places(qtbot):
    _, view = _view(qtbot)
    start = view.drawn
    end = relayout(start, "spring")
    placed = []
    motion = LayoutMotion(placed.append)
    with qtbot.waitSignal(motion.sig_finished, timeout=5000):
        motion.start(start, end)
    assert placed[-1] is end
    middle = [p for p in placed[:-1] if np.abs(p.x - start.x).max() > 0]
    assert middle
    d = middle[len(middle) // 2]
    low, high = np.minimum(start.x, end.x) - 1e-9, np.maximum(start.x, end.x) + 1e-9
    assert ((low <= d.x) & (d.x <= high)).all()
    assert not np.array_equal(d.x, end.x)


def test_the_chosen_layout_holds_for_the_next_graph_and_for_collapsed_groups(qtbot):
    session, view = _view(qtbot)
    view.set_layout("spring")
    built = get_example("moons").build()
    session.load(built)
    view.finish_layout()
    assert view.drawn.name == "spring" and view.collapsed
    group = next(iter(view.collapsed))
    view.expand(group)
    view.finish_layout()
    assert view.drawn.name == "spring" and group not in view.collapsed
    positions = _item_positions(view)
    assert np.isfinite(positions).all()
    assert np.allclose(positions, np.column_stack([view.drawn.x, view.drawn.y]))


def test_a_bigger_graph_is_laid_out_off_the_gui_thread_and_says_so(qtbot):
    session, view = _view(qtbot, "lecture-mlp")
    assert len(view.drawn) > 60
    view.set_layout("spectral")
    assert view.layout_pending() and view.drawn.name == "layered"
    assert "Laying out 663 nodes: spectral" in view.message.text()
    assert session.step()  # the window still steps meanwhile
    qtbot.waitUntil(lambda: not view.layout_pending(), timeout=30000)
    assert view.drawn.name == "spectral"
    assert "Laying out" not in view.message.text()


def test_going_back_to_the_drawn_layout_drops_the_one_on_its_way(qtbot):
    _, view = _view(qtbot, "lecture-mlp")
    view.set_layout("spectral")  # delivered through the event loop: still on its way here
    view.set_layout("layered")
    assert not view.layout_pending()
    qtbot.wait(300)
    assert view.drawn.name == "layered" and view.layout_name == "layered"
