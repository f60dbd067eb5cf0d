"""The canvas's edges: every edge into one drawn node as curves with an arrowhead."""

from __future__ import annotations

import itertools
import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsPolygonItem,
    QGraphicsRectItem,
)

from engine.drawing.layout import OP
from gui.canvas.items import CanvasState

PIECE_PX = 300.0  # the longest side of one piece of a curve, in scene pixels

Point = tuple[float, float]
Cubic = tuple[Point, Point, Point, Point]


def _cubics(points: list[Point], offset: float) -> list[Cubic]:
    """A smooth left-to-right curve through ``points``, leaving and entering level: cubics."""
    out = []
    for (ax, ay), (bx, by) in itertools.pairwise(points):
        mid = (ax + bx) / 2
        out.append(((ax, ay), (mid, ay + offset), (mid, by + offset), (bx, by)))
    return out


def _split(c: Cubic, t: float) -> tuple[Cubic, Cubic]:
    """The two halves of a cubic cut at ``t`` (de Casteljau): together, exactly the curve."""

    def lerp(a: Point, b: Point) -> Point:
        return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)

    p01, p12, p23 = lerp(c[0], c[1]), lerp(c[1], c[2]), lerp(c[2], c[3])
    p012, p123 = lerp(p01, p12), lerp(p12, p23)
    at = lerp(p012, p123)
    return (c[0], p01, p012, at), (at, p123, p23, c[3])


def curve_pieces(points: list[Point], offset: float) -> list[QPainterPath]:
    """The curve through ``points`` cut into pieces no longer than about PIECE_PX.

    Each piece is an item with its own cached pixmap: a repaint blits (or strokes) just
    the pieces it exposes, where a whole long curve is stroked however little of it shows
    (~0.2 µs per pixel of its length, antialiased).
    """
    pieces = []
    for cubic in _cubics(points, offset):
        (ax, ay), _, _, (bx, by) = cubic
        # an S-curve moves up to 1.5 times its average speed mid-way: cut by that
        n = max(1, math.ceil(1.5 * max(abs(bx - ax), abs(by - ay)) / PIECE_PX))
        rest = cubic
        for k in range(n, 1, -1):  # cut 1/k of what is left: n equal steps of t
            piece, rest = _split(rest, 1 / k)
            pieces.append(_path(piece))
        pieces.append(_path(rest))
    return pieces


def _path(c: Cubic) -> QPainterPath:
    path = QPainterPath(QPointF(*c[0]))
    path.cubicTo(QPointF(*c[1]), QPointF(*c[2]), QPointF(*c[3]))
    return path


def _pen(color: str, width: float) -> QPen:
    """Flat ends: pieces meet end to end, not overlapping (square ends darken the joins)."""
    pen = QPen(QColor(color), width)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    return pen


def _piece_item(path: QPainterPath, parent: QGraphicsItem) -> QGraphicsPathItem:
    item = QGraphicsPathItem(path, parent)
    item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    return item


class EdgesItem(QGraphicsRectItem):
    """Every edge into one drawn node, as curves with an arrowhead.

    The item draws nothing itself and has no Python ``boundingRect`` or ``paint`` (a
    native rect item, its rect the edges' bounds, no pen): Qt's own path and polygon items,
    its children, draw the curves, so no repaint or scroll calls Python for an edge. Edges
    into a sum over a whole batch span more than the view; as a Python item with a cached
    pixmap they were painted again on every scroll (~280 paint calls a step on a
    4,824-node graph).
    """

    def __init__(self, state: CanvasState, target: int, edge_ids: list[int]):
        super().__init__()
        self.state = state
        self.target = target
        lay = state.layout
        self.sources = [int(lay.edges[e, 0]) for e in edge_ids]
        self._pieces: list[list[QPainterPath]] = []  # per edge, what its items draw
        seen: dict[int, int] = {}
        tx, ty = float(lay.x[target] - lay.width[target] / 2), float(lay.y[target])
        for e, s in zip(edge_ids, self.sources, strict=True):
            offset = 7.0 * seen.get(s, 0)  # a + a: the second edge runs beside the first
            seen[s] = seen.get(s, 0) + 1
            points = [(float(lay.x[s] + lay.width[s] / 2), float(lay.y[s]))]
            if lay.bends:  # a long edge passes through its virtual nodes' rows
                points += [tuple(p) for p in lay.bends[e].tolist()]
            points.append((tx - 5, ty))
            self._pieces.append(curve_pieces(points, offset))
        self._arrows = [
            QPolygonF([QPointF(tx, ty), QPointF(tx - 8, ty - 4), QPointF(tx - 8, ty + 4)])
        ]
        bounds = QRectF()
        for shape in [*itertools.chain.from_iterable(self._pieces), *self._arrows]:
            bounds = bounds.united(shape.boundingRect())
        self.setRect(bounds.adjusted(-3, -3, 3, 3))
        self.setPen(Qt.PenStyle.NoPen)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)
        self.setZValue(0)
        self._curves: list[list[QGraphicsPathItem]] = []  # per edge
        self._heads: list[QGraphicsPolygonItem] = []
        self._make_children()

    def _make_children(self) -> None:
        """Native items for the pieces of every curve and the arrowhead (again, if reshaped)."""
        for old in (*itertools.chain.from_iterable(self._curves), *self._heads):
            old.setParentItem(None)
            if old.scene() is not None:
                old.scene().removeItem(old)
        self._curves = [[_piece_item(p, self) for p in pieces] for pieces in self._pieces]
        self._heads = [QGraphicsPolygonItem(arrow, self) for arrow in self._arrows]
        for head in self._heads:
            head.setPen(Qt.PenStyle.NoPen)
        self.restyle()

    def flowing(self) -> list[bool]:
        """Per edge, whether the gradient flows along it in the current backward step."""
        st, lay = self.state, self.state.layout
        if st.current < 0 or not st.written:
            return [False] * len(self.sources)
        into_current_op = lay.op_of[st.current] == self.target
        out_of_current = lay.record_of[st.current] == self.target and bool(st.written)
        result = []
        for s in self.sources:
            from_written = lay.kind[s] != OP and any(lay.record_of[c] == s for c in st.written)
            result.append(bool(into_current_op and from_written) or out_of_current)
        return result

    def restyle(self) -> None:
        """Pens for the current step and palette: the curves the gradient flows along thick.

        A child repaints only if its pen changed.
        """
        pal = self.state.palette
        normal = _pen(pal.edge, 1.2)
        hot = _pen(pal.written, 3.0)
        for pieces, flows in zip(self._curves, self.flowing(), strict=True):
            for piece in pieces:
                piece.setPen(hot if flows else normal)
        for head in self._heads:
            head.setBrush(QColor(pal.edge))
