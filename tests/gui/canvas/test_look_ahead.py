"""Idle time makes the edge tiles of the view and of where the next steps go; repaints blit them.

Counted, not timed: a far follow jump into a view whose tiles were made while idle strokes
no edge piece; with the look-ahead held off the same jump strokes hundreds.
"""

import numpy as np

from engine.trace.events import FORWARD
from gui.canvas.graph_view import GraphView
from gui.models.step_session import StepSession
from tests.gui.canvas.big_graph import big_graph
from tests.gui.canvas.views import shown_view, viewport_pixels


def _view(qtbot, look_ahead: bool) -> tuple[StepSession, GraphView]:
    session, view = shown_view(qtbot, big_graph(), look_ahead=look_ahead)
    session.seek_phase_start(FORWARD)
    view.frame()
    qtbot.wait(10)
    return session, view


def _idle(qtbot, view) -> None:
    """Let the window be idle until the look-ahead has made every tile it planned."""
    if view.look_ahead.enabled:
        qtbot.waitUntil(view.look_ahead.done, timeout=10_000)


def _first_far_jump(qtbot, session, view, steps: int = 120) -> int:
    """Step (idle before each) until the view pans further than it is wide or high."""
    vp = view.viewport()
    for _ in range(steps):
        _idle(qtbot, view)
        before = (view.horizontalScrollBar().value(), view.verticalScrollBar().value())
        session.step()
        qtbot.wait(1)
        dx = abs(view.horizontalScrollBar().value() - before[0])
        dy = abs(view.verticalScrollBar().value() - before[1])
        if dx >= vp.width() or dy >= vp.height():
            return view.edges.painted
    raise AssertionError("no far follow jump")


def test_a_far_jump_into_views_made_while_idle_strokes_no_edge_piece(qtbot):
    session, view = _view(qtbot, look_ahead=True)
    assert _first_far_jump(qtbot, session, view) == 0
    assert 0 < len(view.edges.tiles._tiles) <= view.edges.tiles.max_tiles


def test_without_the_look_ahead_the_same_jump_strokes_hundreds_of_pieces(qtbot):
    session, view = _view(qtbot, look_ahead=False)
    assert _first_far_jump(qtbot, session, view) > 100
    assert not view.edges.tiles._tiles  # nothing made them


def test_edges_restyled_over_tiles_look_as_when_stroked_directly(qtbot):
    session, view = _view(qtbot, look_ahead=True)
    for _ in range(12):  # each step un-greys the edges into the node it creates
        _idle(qtbot, view)
        session.step()
        qtbot.wait(1)
    _idle(qtbot, view)
    view.edges.update()
    tiled = viewport_pixels(view).astype(int)
    assert view.edges.painted == 0  # all of it from tiles
    view.look_ahead.enabled = False
    view.edges.tiles.clear()
    view.edges.update()
    direct = viewport_pixels(view).astype(int)
    assert view.edges.painted > 100
    diff = np.abs(tiled - direct).max(axis=2)
    # A tile's edge cuts lines where the view's exposed rect did not: antialiasing there
    # differs by a few levels; a stale piece or a wrong colour differs by far more.
    assert (diff > 64).sum() == 0 and (diff > 24).mean() < 0.001
