"""A node cached while cut by the viewport's edge is drawn in its place after a pan."""

import math

import numpy as np
from PySide6.QtGui import QTransform
from PySide6.QtWidgets import QApplication, QGraphicsItem

import gui.canvas.pan_caches
from engine.sources.examples import get_example
from gui.canvas.items import NodeItem
from gui.canvas.pan_caches import drawn_rect
from tests.gui.canvas.views import shown_view, viewport_pixels


def fresh_pixels(view) -> np.ndarray:
    """The viewport with every cached item painted anew at the view as it is now."""
    for item in view.scene().items():
        if item.cacheMode() != QGraphicsItem.CacheMode.NoCache:
            item.update()
    return viewport_pixels(view)


def half_pixel_node(view, edge) -> tuple[NodeItem, float]:
    """A node in view whose ``edge(item)`` (a scene rect) starts on half a device pixel.

    Of a whole number of pixels wide: Qt makes the pixmap anew when its rounded size changes.
    """
    to_device = view.viewportTransform()
    for item in view.nodes:
        rect = to_device.mapRect(edge(item))
        left = rect.left()
        in_view = 10 < left < view.viewport().width() / 2
        if in_view and left - math.floor(left) == 0.5 and rect.width().is_integer():
            return item, left
    raise AssertionError("no node of the lecture MLP has a half-pixel left edge in view")


def lecture_view(qtbot, scale: float = 1.0):
    """The lecture MLP framed at step 60, then zoomed to ``scale``."""
    session, view = shown_view(qtbot, get_example("lecture-mlp").build(), look_ahead=False)
    session.seek(60)
    view.frame()
    assert view.current_scale() == 1.0
    view.setTransform(QTransform.fromScale(scale, scale))
    QApplication.processEvents()
    assert view.current_scale() == scale  # no framing after it took the zoom back
    return view


def assert_panned_in_place(view, item: NodeItem, left: float, edge) -> None:
    """Cut ``item`` (its ``edge`` at device x ``left``) by the left edge, and back: as fresh."""
    bar = view.horizontalScrollBar()
    home, cut = bar.value(), bar.value() + math.floor(left) + 2
    expected = fresh_pixels(view)
    bar.setValue(cut)
    assert view.viewportTransform().mapRect(edge(item)).left() == -1.5
    cut_expected = fresh_pixels(view)  # its pixmap made while the edge cuts it
    bar.setValue(home)
    assert np.array_equal(viewport_pixels(view), expected)
    bar.setValue(cut)  # and the pixmap made in full view, shown cut
    assert np.array_equal(viewport_pixels(view), cut_expected)


def test_a_node_cached_while_cut_by_the_left_edge_is_drawn_in_place_once_panned_in(qtbot):
    # The lecture MLP's records are 107 px wide at 100%: boxes on half pixels. Qt rounds
    # -51.5 to -52 but 114.5 to 115, so a pixmap made at the first was drawn 1 px right at
    # the second; the opening window's first paint made one or not, by timing.
    view = lecture_view(qtbot)
    item, left = half_pixel_node(view, drawn_rect)
    assert_panned_in_place(view, item, left, drawn_rect)


def test_zoomed_a_node_with_half_pixel_bounds_is_drawn_in_place_once_panned_in(qtbot):
    # At 1.5x whole scene pixels land on half device pixels: the pan repaints those nodes
    view = lecture_view(qtbot, 1.5)
    item, left = half_pixel_node(view, QGraphicsItem.sceneBoundingRect)
    assert_panned_in_place(view, item, left, QGraphicsItem.sceneBoundingRect)


def test_node_bounds_are_whole_scene_pixels_around_what_the_node_draws(qtbot):
    view = lecture_view(qtbot)
    for item in view.nodes:
        bounds, drawn = item.sceneBoundingRect(), drawn_rect(item)
        edges = (bounds.left(), bounds.top(), bounds.right(), bounds.bottom())
        assert all(abs(e - round(e)) < 1e-9 for e in edges)
        assert bounds.contains(drawn)
        assert bounds.width() - drawn.width() < 2 and bounds.height() - drawn.height() < 2


def test_a_pan_where_no_node_edge_falls_on_half_a_pixel_looks_for_no_misplaced_pixmap(
    qtbot, monkeypatch
):
    # Whole-pixel bounds keep every node's pixmap in place at 1:1, 0.8x and 1.8x (presented)
    calls = []
    monkeypatch.setattr(
        gui.canvas.pan_caches, "refresh_across_edges", lambda *args: calls.append(args)
    )
    view = lecture_view(qtbot)
    bar = view.horizontalScrollBar()
    for scale in (1.0, 0.8, 1.8):
        view.setTransform(QTransform.fromScale(scale, scale))
        calls.clear()
        for value in (bar.value() + 37, bar.value() - 51):
            bar.setValue(value)
        assert calls == [], scale
    view.setTransform(QTransform.fromScale(1.5, 1.5))  # odd whole pixels: half ones
    bar.setValue(bar.value() + 37)
    assert calls[-1][1:] == (-37, 0)


def test_once_another_layout_moved_the_nodes_a_pan_at_1_to_1_looks_again(qtbot, monkeypatch):
    # The nodes glide to places off whole pixels: their bounds are whole no longer
    calls = []
    monkeypatch.setattr(
        gui.canvas.pan_caches, "refresh_across_edges", lambda *args: calls.append(args)
    )
    _session, view = shown_view(qtbot, get_example("neuron").build(), look_ahead=False)
    view.resize(300, 200)
    view.setTransform(QTransform())
    QApplication.processEvents()
    calls.clear()
    bar = view.verticalScrollBar()
    bar.setValue(bar.value() + 7)
    assert calls == []
    view.set_layout("kamada-kawai")
    qtbot.waitUntil(lambda: not view.layout_pending(), timeout=30000)
    qtbot.waitUntil(lambda: not view._motion.running(), timeout=30000)
    view.setTransform(QTransform())
    QApplication.processEvents()
    calls.clear()
    bar.setValue(bar.value() + 7)
    assert calls[-1][1:] == (0, -7)
