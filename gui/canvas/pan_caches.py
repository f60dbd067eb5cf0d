"""Item pixmaps a pan would put 1 px off, redrawn: the same view, the same picture.

Qt's DeviceCoordinateCache keeps an item's pixmap while the view only pans, and places it
by rounding the item's device bounds (QRectF.toRect: halves away from zero). An edge
exactly on a half pixel rounds one way left of (or above) the viewport's edge and the other
way right of (or below) it: -51.5 gives -52 but 114.5 gives 115. A record of odd width
(107 px) cached while cut by the left edge, then panned in by 166 px, was drawn 1 px right
of its place. Whether the opening window painted before it was framed depends on timing,
so ``--screenshot`` of one lecture position came out in two ways from run to run.

The cause is removed where it can be: node items' bounds are whole scene pixels around
what they draw, so at 1:1 (big graphs open and follow there) and at most other zooms no
node edge falls on half a device pixel and a pan needs no search (the search missed some
too: a follow step left a node cut by the viewport's edge 1 px off); the follow's own
zoom-outs pick such zooms (gui.canvas.following.halves_free). Where one can (1.5x), or far
out (the overview), or once another layout moved the nodes, the pan still looks.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QTransform
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsView

NO_CACHE = QGraphicsItem.CacheMode.NoCache
BOUNDS = Qt.ItemSelectionMode.IntersectsItemBoundingRect  # a node's shape costs a path each
TX_SCALE = QTransform.TransformationType.TxScale.value


def whole_pixels(rect: QRectF, pos: QPointF) -> QRectF:
    """``rect`` (of an item at ``pos``) grown to the whole scene pixels it touches.

    Qt places a cached pixmap by rounding the item's device bounds; whole-pixel bounds at
    1:1 round to themselves wherever a pan takes them. What the item draws does not move.
    """
    x, y = pos.x(), pos.y()
    left, top = math.floor(x + rect.left()) - x, math.floor(y + rect.top()) - y
    right, bottom = math.ceil(x + rect.right()) - x, math.ceil(y + rect.bottom()) - y
    return QRectF(left, top, right - left, bottom - top)


def drawn_rect(item: QGraphicsItem) -> QRectF:
    """An item's scene bounds, less their rounding out to whole pixels if it has a ``reach``."""
    reach = getattr(item, "reach", None)  # what a node draws, in its own coordinates
    return item.sceneBoundingRect() if reach is None else reach.translated(item.pos())


def drawn_bounds(scene: QGraphicsScene) -> QRectF:
    """What the scene's items draw: framing fits and centres it, whole pixels or not."""
    rect = QRectF()
    for item in scene.items():
        rect |= drawn_rect(item)
    return rect


class PanCaches:
    """Repaints, after a pan of ``view`` (a GraphView), the cached items it would misplace."""

    def __init__(self, view: QGraphicsView) -> None:
        self.view = view
        self._whole_at = None  # the layout the nodes were made at (then their bounds are whole)
        self._edges: np.ndarray | None = None  # the nodes' left and top scene edges
        self._zoom: tuple[float, float, bool] | None = None  # a zoom, and whether halves occur

    def nodes_made(self, layout: object) -> None:
        """The view's node items were just made where ``layout`` puts them (whole-pixel bounds)."""
        self._whole_at = layout
        self._edges = self._zoom = None

    def after_pan(self, dx: int, dy: int) -> int:
        """After a pan by ``dx``, ``dy`` px: repaint what it would put 1 px off; how many."""
        view = self.view
        # Another layout moves the nodes off their whole pixels; far out, the overview shows
        whole = view.drawn is self._whole_at and view.detail_shown
        if whole and not self._halves_at(view.viewportTransform()):
            return 0
        return refresh_across_edges(view, dx, dy)

    def _halves_at(self, to_device: QTransform) -> bool:
        """Whether a node's left or top edge can fall on half a device pixel under ``to_device``.

        Whole scene pixels never do at 1:1, nor at 0.8x or 1.8x (a whole number times 1.8 is
        no half); at 1.5x the odd ones do. A whole-pixel scroll keeps what a zoom gives.
        """
        if to_device.type().value > TX_SCALE:
            return True
        if not (to_device.dx().is_integer() and to_device.dy().is_integer()):
            return True
        sx, sy = to_device.m11(), to_device.m22()
        if sx == sy == 1.0:
            return False
        if self._zoom is None or self._zoom[:2] != (sx, sy):
            if self._edges is None:  # once a layout, at its first pan off 1:1
                corners = [node.sceneBoundingRect().topLeft() for node in self.view.nodes]
                self._edges = np.array([(p.x(), p.y()) for p in corners]).reshape(-1, 2)
            device = self._edges * (sx, sy)
            half = np.abs(device - np.floor(device) - 0.5) <= 1e-6  # as _crossed tells
            self._zoom = (sx, sy, bool(half.any()))
        return self._zoom[2]


def refresh_across_edges(view: QGraphicsView, dx: int, dy: int) -> int:
    """After a pan by ``dx``, ``dy`` px: repaint the cached items it would misplace; how many."""
    stale = stale_after_pan(view, dx, dy)
    for item in stale:
        item.update()  # the next paint fills its pixmap at the new place
    return len(stale)


def stale_after_pan(view: QGraphicsView, dx: int, dy: int) -> list[QGraphicsItem]:
    """Cached items with a half-pixel left (top) edge the pan took across x = 0 (y = 0)."""
    vp = view.viewport().rect()
    # Edges that crossed the viewport's left edge now lie between x = 0 and x = dx (new
    # device pixels); the rows either view showed are all a pixmap can have been made in.
    rows = (min(0, dy), max(vp.height(), vp.height() + dy))
    cols = (min(0, dx), max(vp.width(), vp.width() + dx))
    bands = []
    if dx:
        bands.append(QRectF(min(0, dx), rows[0], abs(dx) + 1, rows[1] - rows[0]))
    if dy:
        bands.append(QRectF(cols[0], min(0, dy), cols[1] - cols[0], abs(dy) + 1))
    to_device = view.viewportTransform()
    to_scene = to_device.inverted()[0]
    stale: dict[int, QGraphicsItem] = {}
    for band in bands:
        for item in view.scene().items(to_scene.mapRect(band), BOUNDS):
            if item.cacheMode() == NO_CACHE or id(item) in stale:
                continue
            box = to_device.mapRect(item.sceneBoundingRect())
            if _crossed(box.left(), dx) or _crossed(box.top(), dy):
                stale[id(item)] = item
    return list(stale.values())


def _crossed(edge: float, moved: int) -> bool:
    """Whether a half-pixel ``edge`` (now) was on the other side of 0 before moving ``moved``."""
    if not moved or abs(edge - math.floor(edge) - 0.5) > 1e-6:
        return False
    return (edge < 0) != (edge - moved < 0)
