"""The structural property that keeps a step within a frame on a big graph.

A repaint must not call Python for every item of the scene: Qt asks each item it visits
for its ``boundingRect`` (and ``paint``s the uncached ones), so a scene whose items all hang
under one parent, or whose edges are Python-painted, costs thousands of Python calls per
repaint. Counted here, not timed: the bound is generous (a few hundred, where that design
made ~10,000).
"""

import functools

import pytest
from PySide6.QtWidgets import QGraphicsItem

from engine.trace.events import BACKWARD, FORWARD
from gui.canvas import edges as canvas_edges
from gui.canvas import items as canvas_items
from gui.canvas.graph_view import GraphView
from gui.models.step_session import StepSession
from tests.gui.canvas.big_graph import big_graph

CALLS_PER_REPAINT_BOUND = 300


@pytest.fixture
def calls(monkeypatch):
    """Counts of every call Qt makes into the canvas's Python item classes, by method.

    Every QGraphicsItem method the classes override (``boundingRect``, ``paint`` ...).
    """
    counts: dict[str, int] = {}
    for cls in (canvas_items.NodeItem, canvas_edges.EdgeLayer):
        for name, method in list(vars(cls).items()):
            if hasattr(QGraphicsItem, name) and not name.startswith("__"):

                @functools.wraps(method)
                def counted(*args, _name=f"{cls.__name__}.{name}", _method=method, **kwargs):
                    counts[_name] = counts.get(_name, 0) + 1
                    return _method(*args, **kwargs)

                monkeypatch.setattr(cls, name, counted)
    return counts


@pytest.mark.parametrize("phase", [FORWARD, BACKWARD])
def test_a_follow_mode_step_on_a_4824_node_graph_calls_python_items_a_few_hundred_times(
    qtbot, calls, phase
):
    session = StepSession()
    view = GraphView(session)
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    session.load(big_graph())
    assert len(view.nodes) == 4824 and view.follow
    qtbot.wait(10)  # the scene indexes its items once the loop runs: part of opening
    session.seek_phase_start(phase)
    view.frame()
    qtbot.wait(1)
    repaints, steps, scrolled = [], [], 0
    for _ in range(40):
        before = (view.horizontalScrollBar().value(), view.verticalScrollBar().value())
        calls.clear()
        session.step()
        qtbot.wait(1)  # the step's own repaint of what changed, and the follow scroll
        steps.append(dict(calls))
        calls.clear()
        view.viewport().repaint()  # the whole view, as after a jump to another part
        repaints.append(dict(calls))
        after = (view.horizontalScrollBar().value(), view.verticalScrollBar().value())
        scrolled += after != before
    assert scrolled >= 5  # following moved the view: repaints over fresh parts of the graph
    assert any(steps)  # the counters see Qt's calls: the nodes a step changes are painted
    worst = max(steps + repaints, key=lambda c: sum(c.values()))
    assert sum(worst.values()) < CALLS_PER_REPAINT_BOUND, worst
