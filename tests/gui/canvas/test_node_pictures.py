"""Nodes drawn from shared pictures of their looks are the pixels of painting them directly.

Counted, not timed: a far follow jump into a view whose node pictures were made while idle
paints its nodes from them; the same jump with the look-ahead held off makes them then.
"""

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPixmapCache, QTransform

from engine.sources.examples import get_example
from engine.trace.events import BACKWARD, FORWARD
from gui.canvas.graph_view import GraphView
from gui.canvas.node_pictures import NodePictures, _place
from gui.models.step_session import StepSession
from tests.gui.canvas.big_graph import big_graph
from tests.gui.canvas.views import shown_view, viewport_pixels


def _view(qtbot, built, *, look_ahead: bool = False) -> tuple[StepSession, GraphView]:
    session, view = shown_view(qtbot, built, look_ahead=look_ahead)
    qtbot.wait(10)
    return session, view


def _repainted(view, pictures: NodePictures | None) -> np.ndarray:
    """The view's pixels with every node painted afresh, from ``pictures`` or directly."""
    view.state.pictures = pictures
    QPixmapCache.clear()  # Qt's item cache: every node is painted again
    view._restyle_all()
    return viewport_pixels(view)


def _assert_pictures_paint_the_same(view) -> None:
    """Direct paints, then paints whose pictures are kept, then pictures: the same pixels."""
    pictures = view.pictures
    pictures.clear()
    direct = _repainted(view, None)
    assert np.array_equal(_repainted(view, pictures), direct)  # each look painted once
    assert np.array_equal(_repainted(view, pictures), direct)  # twice: its picture kept
    hits = pictures.hits
    assert np.array_equal(_repainted(view, pictures), direct)
    assert pictures.hits - hits >= len(view.items(view.viewport().rect())) // 2


def test_nodes_drawn_from_pictures_are_the_pixels_of_painting_them(qtbot):
    session, view = _view(qtbot, get_example("lecture-mlp").build())
    session.seek_phase_start(BACKWARD)
    for _ in range(3):
        session.step()  # current node, written grads, += terms and topo badges shown
    for scale in (1.0, 1.8, 1.37):  # presentation's zoom, and one off any pixel grid
        view.setTransform(QTransform.fromScale(scale, scale))
        view.centerOn(view.item_for(view.state.current))
        _assert_pictures_paint_the_same(view)


def test_a_changed_look_is_drawn_anew_never_from_the_old_picture(qtbot):
    session, view = _view(qtbot, get_example("lecture-mlp").build())
    session.seek_phase_start(BACKWARD)
    view.setTransform(QTransform.fromScale(1.8, 1.8))
    _assert_pictures_paint_the_same(view)
    session.step()  # grads written, highlights moved
    qtbot.wait(1)
    _assert_pictures_paint_the_same(view)
    view.set_theme("high-contrast")
    _assert_pictures_paint_the_same(view)
    view.set_color_by_grad(True)
    _assert_pictures_paint_the_same(view)


def _idle(qtbot, view) -> None:
    if view.look_ahead.enabled:
        qtbot.waitUntil(view.look_ahead.done, timeout=10_000)


def _far_jump_misses(qtbot, session, view, steps: int = 120) -> tuple[int, int]:
    """Step (idle before each) until a far jump: the node pictures it made and reused."""
    vp = view.viewport()
    for _ in range(steps):
        _idle(qtbot, view)
        before = (view.horizontalScrollBar().value(), view.verticalScrollBar().value())
        misses, hits = view.pictures.misses, view.pictures.hits
        session.step()
        qtbot.wait(1)
        dx = abs(view.horizontalScrollBar().value() - before[0])
        dy = abs(view.verticalScrollBar().value() - before[1])
        if dx >= vp.width() or dy >= vp.height():
            return view.pictures.misses - misses, view.pictures.hits - hits
    raise AssertionError("no far follow jump")


def test_a_far_jump_into_a_view_prepared_while_idle_paints_its_nodes_from_pictures(qtbot):
    session, view = _view(qtbot, big_graph(), look_ahead=True)
    session.seek_phase_start(FORWARD)
    view.frame()
    misses, hits = _far_jump_misses(qtbot, session, view)
    assert hits > 20
    assert misses <= 3  # the nodes the step itself changed (current, created)
    assert view.pictures.made > 20


def test_without_the_look_ahead_the_same_jump_makes_its_pictures_then(qtbot):
    session, view = _view(qtbot, big_graph(), look_ahead=False)
    session.seek_phase_start(FORWARD)
    view.frame()
    misses, _hits = _far_jump_misses(qtbot, session, view)
    assert misses > 20
    assert view.pictures.made == 0


def test_the_pictures_stay_within_their_budget(qtbot):
    _session, view = _view(qtbot, big_graph())
    view.pictures = pictures = NodePictures(budget_mb=0.25)
    view.state.pictures = pictures
    view.setTransform(QTransform.fromScale(1.8, 1.8))
    _repainted(view, pictures)
    _repainted(view, pictures)  # looks painted twice are kept
    assert 0 < pictures.size_bytes() <= 2**18
    assert pictures.misses > len(pictures)  # older pictures were dropped


def test_nodes_a_hair_apart_within_a_pixel_do_not_share_a_picture():
    # Seen on the lecture MLP at 1:1: a box's top edge at 16.5703125 device px (on the
    # rasteriser's 1/256 px grid) and at 16.5703124999994 antialiased a corner differently
    box = QRectF(-53.5, -25.4296875, 107.0, 50.859375)
    on_grid = _place(QTransform.fromTranslate(58.0, 42.0), box, ("look",), 0)
    below = _place(QTransform.fromTranslate(58.0, 41.999999999999375), box, ("look",), 0)
    assert on_grid[1:] == below[1:]  # the same device pixel
    assert on_grid[0] != below[0]
    assert _place(QTransform.fromTranslate(58.0, 42.0), box, ("look",), 0) == on_grid


def test_boxes_drawn_from_shared_pictures_are_the_pixels_of_painting_them(qtbot):
    session, view = _view(qtbot, get_example("lecture-mlp").build())
    session.seek(60)  # forward: records greyed, created, current; op nodes
    qtbot.wait(1)
    bar = view.horizontalScrollBar()
    pictures, shared = view.pictures, []
    for step in range(4):  # four places within a pixel for the same boxes
        view.centerOn(view.item_for(view.state.current))
        bar.setValue(bar.value() + 37 * step)
        pictures.clear()
        direct = _repainted(view, None)
        boxes = pictures.boxes
        assert np.array_equal(_repainted(view, pictures), direct)  # every look new
        shared.append(pictures.boxes - boxes)
    assert min(shared) > 0
    assert sum(shared) >= len(view.items(view.viewport().rect()))
