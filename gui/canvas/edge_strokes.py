"""How the edge layer strokes: style colours, thin cosmetic strokes, the exposed rects."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRect, QRectF
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from gui.look.palette import GraphPalette

NORMAL_WIDTH, HOT_WIDTH = 1.2, 3.0  # scene px
MARGIN = 3.0  # scene px around a piece's hull: half the hot pen, and antialiasing
GREYED_ALPHA = 0.4  # a not-yet-created edge: its colour this much over the background
GREYED, HOT = 1, 2  # style bits per edge: 0 normal, 1 greyed, 2 hot, 3 hot and greyed
TILE_EDGES_MAX = 2000  # restyled edges above which every tile is dropped, not marked stale
JOIN_PX = 64 * 64  # device px² a join of two repainted rects may add: about one rect's own cost
JOIN_MAX = 64  # rects past which a region is painted as its bounding rect (joining is O(n²))
REPAINT_EDGES_MAX = 64  # restyled edges above which their box is repainted whole (a phase change)


def blend(color: str, background: str, alpha: float) -> QColor:
    """``color`` at ``alpha`` over ``background``, as an opaque colour."""
    a, b = QColor(color), QColor(background)
    return QColor.fromRgbF(
        *(y + (x - y) * alpha for x, y in zip(a.getRgbF()[:3], b.getRgbF()[:3], strict=True))
    )


def style_colors(pal: GraphPalette) -> list[QColor]:
    """The colour of each edge style (normal, greyed, hot, hot and greyed) in ``pal``."""
    colors = []
    for style in range(4):
        color = pal.written if style & HOT else pal.edge
        colors.append(
            blend(color, pal.background, GREYED_ALPHA) if style & GREYED else QColor(color)
        )
    return colors


def thin_widths(scale: float) -> int:
    """How many device px wide a thin edge is drawn at ``scale`` (at least 1)."""
    return max(1, round(NORMAL_WIDTH * scale))


def stroke_thin(
    painter: QPainter, path: QPainterPath, color: QColor, scale: float, *, steep: bool = False
) -> None:
    """Stroke ``path`` about NORMAL_WIDTH scene px wide, with 1 px cosmetic pens only.

    Qt draws a pen at most 1 device px wide with its fast antialiased line drawer; a wider
    one goes through its general stroker and rasteriser, measured 30-60x slower on the
    edges of a view of the 4,824-node graph (a 2 px cosmetic pen: ~1.1 s against 19 ms on
    a dense presentation view). Wider on screen (presentation's 1.8 scale), the 1 px line
    is drawn again shifted by whole device pixels across it: down for a ``path`` of
    mostly level pieces, right for one of ``steep`` pieces, 2 strokes at 1.8.
    """
    pen = QPen(color, 1.0)
    pen.setCosmetic(True)
    painter.strokePath(path, pen)
    for i in range(1, thin_widths(scale)):
        dx, dy = (i / scale, 0.0) if steep else (0.0, i / scale)
        painter.translate(dx, dy)
        painter.strokePath(path, pen)
        painter.translate(-dx, -dy)


def exposed_rects(painter: QPainter, exposed: QRectF) -> list[QRectF]:
    """``exposed`` (item coordinates) cut along the rects of the region being repainted.

    After a follow scroll Qt blits the view and repaints the strip it uncovered and the
    changed nodes: a region of 2-3 rects whose bounding rect can be the whole view. Stroked
    inside that bounding rect, the pieces in the blitted part between were drawn for
    nothing, and every line was cut against the region (~1.8x the time per piece).
    """
    engine = painter.paintEngine()
    region = engine.systemClip() if engine is not None else None
    back, invertible = painter.deviceTransform().inverted()
    if region is None or region.rectCount() < 2 or not invertible:
        return [exposed]
    rects = (back.mapRect(QRectF(r)).intersected(exposed) for r in joined_rects(list(region)))
    return [r for r in rects if not r.isEmpty()]


def joined_rects(rects: list[QRect]) -> list[QRect]:
    """A region's ``rects`` joined two by two while a join adds less than JOIN_PX of area.

    A region keeps its rects in horizontal bands, cut at the top and bottom of every rect
    in the band: the nodes and hot edge pieces of a backward step come as ~30 slivers,
    and each rect the edges paint costs a look-up and strokes every piece near it again
    (about what JOIN_PX more pixels cost). Joined, they are a few rects about the nodes'
    and pieces' own; a scrolled-in strip and a far node stay apart.
    """
    if len(rects) < 2:
        return rects
    if len(rects) > JOIN_MAX:  # a live update of every node in view: one rect, as Qt's own
        bounds = QRect(rects[0])
        for r in rects[1:]:
            bounds |= r
        return [bounds]
    box = np.array([(r.left(), r.top(), r.right() + 1, r.bottom() + 1) for r in rects])
    while len(box) > 1:
        lo = np.minimum(box[:, None, :2], box[None, :, :2])
        hi = np.maximum(box[:, None, 2:], box[None, :, 2:])
        area = (box[:, 2] - box[:, 0]) * (box[:, 3] - box[:, 1])
        waste = (hi - lo).prod(axis=2) - area[:, None] - area[None, :]
        np.fill_diagonal(waste, np.iinfo(waste.dtype).max)
        # Each rect joins the one whose join adds least, where that one's choice is it too
        # (the least join of all always is): a round joins many pairs, no rect twice.
        best = waste.argmin(axis=1)
        own = np.arange(len(box))
        i = own[(best[best] == own) & (own < best) & (waste[own, best] < JOIN_PX)]
        if not len(i):
            break
        j = best[i]
        box[i, :2], box[i, 2:] = lo[i, j], hi[i, j]
        box = np.delete(box, j, axis=0)
    return [QRect(x0, y0, x1 - x0, y1 - y0) for x0, y0, x1, y1 in box.tolist()]
