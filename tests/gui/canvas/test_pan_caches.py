"""A node cached while cut by the viewport's edge is drawn in its place after a pan."""

import math

import numpy as np
from PySide6.QtWidgets import QApplication, QGraphicsItem

from engine.sources.examples import get_example
from gui.canvas.items import NodeItem
from tests.gui.canvas.views import shown_view, viewport_pixels


def fresh_pixels(view) -> np.ndarray:
    """The viewport with every cached item painted anew at the view as it is now."""
    for item in view.scene().items():
        if item.cacheMode() != QGraphicsItem.CacheMode.NoCache:
            item.update()
    return viewport_pixels(view)


def half_pixel_node(view) -> tuple[NodeItem, float]:
    """A node in view whose left edge falls on half a device pixel, and that edge."""
    to_device = view.viewportTransform()
    for item in view.nodes:
        left = to_device.mapRect(item.sceneBoundingRect()).left()
        if 10 < left < view.viewport().width() / 2 and left - math.floor(left) == 0.5:
            return item, left
    raise AssertionError("no node of the lecture MLP has a half-pixel left edge in view")


def test_a_node_cached_while_cut_by_the_left_edge_is_drawn_in_place_once_panned_in(qtbot):
    # The lecture MLP's records are 107 px wide at 100%: edges on half pixels. Qt rounds
    # -51.5 to -52 but 114.5 to 115, so a pixmap made at the first was drawn 1 px right at
    # the second; the opening window's first paint made one or not, by timing.
    session, view = shown_view(qtbot, get_example("lecture-mlp").build(), look_ahead=False)
    session.seek(60)
    view.frame()
    QApplication.processEvents()
    assert view.current_scale() == 1.0
    item, left = half_pixel_node(view)
    bar = view.horizontalScrollBar()
    home, cut = bar.value(), bar.value() + math.floor(left) + 2
    expected = fresh_pixels(view)
    bar.setValue(cut)
    assert view.viewportTransform().mapRect(item.sceneBoundingRect()).left() == -1.5
    cut_expected = fresh_pixels(view)  # its pixmap made while the edge cuts it
    bar.setValue(home)
    assert np.array_equal(viewport_pixels(view), expected)
    bar.setValue(cut)  # and the pixmap made in full view, shown cut
    assert np.array_equal(viewport_pixels(view), cut_expected)
