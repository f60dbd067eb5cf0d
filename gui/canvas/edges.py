"""The canvas's edges: every edge into one drawn node as curves with an arrowhead."""

from __future__ import annotations

import itertools

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

CACHED_UP_TO_PX = 800.0  # an edge this long at most keeps a pixmap of itself


def _curve(points: list[tuple[float, float]], offset: float) -> QPainterPath:
    """A smooth left-to-right curve through ``points``, leaving and entering horizontally."""
    path = QPainterPath(QPointF(*points[0]))
    for (ax, ay), (bx, by) in itertools.pairwise(points):
        mid = (ax + bx) / 2
        path.cubicTo(QPointF(mid, ay + offset), QPointF(mid, by + offset), QPointF(bx, by))
    return path


def _curve_item(path: QPainterPath, parent: QGraphicsItem) -> QGraphicsPathItem:
    """A native item drawing ``path``; a short one caches its pixmap (a scroll blits it).

    A long one is stroked anew on each repaint that exposes it: Qt caches only the part
    of an item larger than the view, and paints it again on every scroll.
    """
    item = QGraphicsPathItem(path, parent)
    box = path.boundingRect()
    if max(box.width(), box.height()) <= CACHED_UP_TO_PX:
        item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    return item


class EdgesItem(QGraphicsRectItem):
    """Every edge into one drawn node, as curves with an arrowhead.

    The item draws nothing itself and has no Python ``boundingRect`` or ``paint`` (a
    native rect item, its rect the edges' bounds, no pen): Qt's own path and polygon items,
    its children, draw the curves, so no repaint or scroll calls Python for an edge. Edges
    into a sum over a whole batch span more than the view; drawn by a Python item they
    were painted again on every scroll (~280 Python paints a step, 4,824-node graph).
    """

    def __init__(self, state: CanvasState, target: int, edge_ids: list[int]):
        super().__init__()
        self.state = state
        self.target = target
        lay = state.layout
        self.sources = [int(lay.edges[e, 0]) for e in edge_ids]
        self._paths: list[QPainterPath] = []
        seen: dict[int, int] = {}
        tx, ty = float(lay.x[target] - lay.width[target] / 2), float(lay.y[target])
        for e, s in zip(edge_ids, self.sources, strict=True):
            offset = 7.0 * seen.get(s, 0)  # a + a: the second edge runs beside the first
            seen[s] = seen.get(s, 0) + 1
            points = [(float(lay.x[s] + lay.width[s] / 2), float(lay.y[s]))]
            if lay.bends:  # a long edge passes through its virtual nodes' rows
                points += [tuple(p) for p in lay.bends[e].tolist()]
            points.append((tx - 5, ty))
            self._paths.append(_curve(points, offset))
        self._arrows = [
            QPolygonF([QPointF(tx, ty), QPointF(tx - 8, ty - 4), QPointF(tx - 8, ty + 4)])
        ]
        bounds = QRectF()
        for shape in [*self._paths, *self._arrows]:
            bounds = bounds.united(shape.boundingRect())
        self.setRect(bounds.adjusted(-3, -3, 3, 3))
        self.setPen(Qt.PenStyle.NoPen)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)
        self.setZValue(0)
        self._curves: list[QGraphicsPathItem] = []
        self._heads: list[QGraphicsPolygonItem] = []
        self._make_children()

    def _make_children(self) -> None:
        """One native item per curve and per arrowhead (again, if the shapes changed)."""
        for old in (*self._curves, *self._heads):
            old.setParentItem(None)
            if old.scene() is not None:
                old.scene().removeItem(old)
        self._curves = [_curve_item(path, self) for path in self._paths]
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
        normal = QPen(QColor(pal.edge), 1.2)
        hot = QPen(QColor(pal.written), 3.0)
        for curve, flows in zip(self._curves, self.flowing(), strict=True):
            curve.setPen(hot if flows else normal)
        for head in self._heads:
            head.setBrush(QColor(pal.edge))
