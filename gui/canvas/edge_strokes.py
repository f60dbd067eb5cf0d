"""How the edge layer strokes: style colours, thin cosmetic strokes, the exposed rects."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from gui.look.palette import GraphPalette

NORMAL_WIDTH, HOT_WIDTH = 1.2, 3.0  # scene px
MARGIN = 3.0  # scene px around a piece's hull: half the hot pen, and antialiasing
GREYED_ALPHA = 0.4  # a not-yet-created edge: its colour this much over the background
GREYED, HOT = 1, 2  # style bits per edge: 0 normal, 1 greyed, 2 hot, 3 hot and greyed
TILE_EDGES_MAX = 2000  # restyled edges above which every tile is dropped, not marked stale


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
    rects = (back.mapRect(QRectF(r)).intersected(exposed) for r in region)
    return [r for r in rects if not r.isEmpty()]
