"""Edge tiles are made while painting: what a repaint strokes, the next one over it blits.

Counted, not timed: renders and pieces stroked per repaint.
"""

import numpy as np
from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QImage, QPainter

from engine.trace.events import FORWARD
from gui.canvas.edge_tiles import TILE, EdgeTiles
from tests.gui.canvas.big_graph import big_graph
from tests.gui.canvas.views import shown_view, viewport_pixels


def _paint(tiles: EdgeTiles, exposed: QRectF, renders: list[QRectF], **kw) -> QImage:
    """Paint ``exposed`` from ``tiles`` on a 1:1 device, recording the scene rects rendered."""
    device = QImage(3 * TILE, 3 * TILE, QImage.Format.Format_ARGB32_Premultiplied)
    device.fill(Qt.GlobalColor.white)
    painter = QPainter(device)

    def render(p: QPainter, scene: QRectF) -> None:
        renders.append(scene)
        p.fillRect(scene, Qt.GlobalColor.black)

    tiles.paint(painter, exposed, render, **kw)
    painter.end()
    return device


def test_a_paint_over_four_missing_tiles_renders_once_and_a_second_paint_not_at_all():
    tiles, renders = EdgeTiles(), []
    across = QRectF(TILE - 50, TILE - 40, 100, 80)  # the corner where four tiles meet
    first = _paint(tiles, across, renders)
    assert renders == [across]  # one render of the exposed rect, not one per tile
    assert len(tiles._tiles) == 4
    second = _paint(tiles, across, renders)
    assert len(renders) == 1
    assert first == second


def test_a_paint_renders_only_the_stale_part_unless_asked_afresh():
    tiles, renders = EdgeTiles(), []
    whole = QRectF(0, 0, 2 * TILE, TILE)
    _paint(tiles, whole, renders)
    tiles.invalidate((10, 10, 30, 20))
    _paint(tiles, whole, renders)
    assert renders[1] == QRectF(10, 10, 20, 10)
    tiles.invalidate((10, 10, 30, 20))
    _paint(tiles, whole, renders, afresh=True)
    assert renders[2] == whole


def test_a_repaint_of_what_a_step_painted_strokes_no_piece(qtbot):
    session, view = shown_view(qtbot, big_graph(), look_ahead=False)
    session.seek_phase_start(FORWARD)
    view.frame()
    for _ in range(5):
        session.step()
        qtbot.wait(1)
    vp = view.viewport().rect()
    view.viewport().repaint(QRect(vp.center(), vp.size() / 3))
    assert view.edges.painted == 0  # main stroked every piece near it again


def test_a_whole_view_repaint_over_missing_tiles_looks_as_one_fresh_render(qtbot):
    session, view = shown_view(qtbot, big_graph(), look_ahead=False)
    session.seek_phase_start(FORWARD)
    view.frame()
    qtbot.wait(1)
    view.edges.tiles.clear()
    vp = view.viewport().rect()
    for x in range(0, vp.width(), 37):  # small repaints: each cuts lines at its own rect
        for y in range(0, vp.height(), 23):
            view.viewport().repaint(QRect(x, y, 37, 23))
    tiles = view.edges.tiles._tiles
    del tiles[sorted(tiles)[len(tiles) // 2]]  # one tile missing: the rest could be blitted
    mixed = viewport_pixels(view)
    view.edges.tiles.clear()
    fresh = viewport_pixels(view)
    assert view.edges.painted > 0
    assert np.array_equal(mixed, fresh)
