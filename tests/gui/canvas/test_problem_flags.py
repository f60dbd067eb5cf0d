"""Problem flags on the real canvas: where their badges go beside the nodes' own text."""

from pathlib import Path

import pytest

from engine.sources.program.recording import load_recording
from gui.canvas.graph_view import GraphView
from gui.canvas.problem_flags import ProblemFlags
from gui.models.recording_session import RecordingSession
from gui.models.step_session import StepSession

ORDER_BUG = Path(__file__).resolve().parents[3] / "docs/recordings/order_bug.gradstep-rec.json"


@pytest.fixture
def canvas(qtbot):
    """The README's order-bug recording on a real GraphView, with its problem flags."""
    session = StepSession()
    recordings = RecordingSession(session)
    view = GraphView(session)
    qtbot.addWidget(view)
    flags = ProblemFlags(session, recordings, view)
    view.resize(1000, 600)
    view.show()
    assert recordings.load_recording(load_recording(ORDER_BUG), str(ORDER_BUG))
    return session, view, flags


def _texts(view):
    """Every node's box (its label, data and grad) and every += line shown, in the scene."""
    rects = []
    for item in view.nodes:
        rects.append((item.value, "box", item.mapRectToScene(item.box())))
        writes = item.writes_rect()
        if writes is not None:
            rects.append((item.value, "+=", item.mapRectToScene(writes)))
    return rects


def test_a_flag_badge_covers_no_node_text_at_any_step(canvas):
    session, view, flags = canvas
    beside_writes = 0  # flags shown while their own node's += line is shown too
    for position in range(len(session.timeline) + 1):
        session.seek(position)
        texts = _texts(view)
        for node, flag in flags.flags.items():
            if not flag.isVisible():
                continue
            rect, text = flag.badge()
            badge = flag.mapRectToScene(rect)
            assert text in {flag.text(), "✗"} and badge.width() > 10  # as wide as its text
            assert badge.height() <= view.state.design.line  # in the line kept under a box
            for owner, what, rect in texts:
                assert not badge.intersects(rect), (position, node, owner, what)
            beside_writes += view.item_for(node).writes_rect() is not None
    assert beside_writes >= 1  # the case the README's screenshot showed (n at step 41)


def test_the_badge_sits_under_its_box_left_corner_when_no_step_writes_the_node(canvas):
    session, view, flags = canvas
    session.seek(len(session.timeline) - 1)  # step 40: n's own step, n's grad is not written
    n = next(v for v in flags.flags if session.timeline.graph.labels[v] == "n")
    item, flag = view.item_for(n), flags.flags[n]
    assert item.writes_rect() is None and flag.isVisible()
    (badge, text), box = flag.badge(), item.box()
    assert text == "✗ order"  # the kind in full where nothing else is on its line
    assert box.left() - 4 <= badge.left() <= box.left()
    assert box.bottom() < badge.top() < box.bottom() + 6


def test_flag_bounds_hold_the_badge_wherever_it_goes(canvas):
    session, _view, flags = canvas
    for position in range(len(session.timeline) + 1):
        session.seek(position)
        for flag in flags.flags.values():
            if flag.isVisible():
                assert flag.boundingRect().contains(flag.badge()[0])
