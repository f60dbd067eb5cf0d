"""The canvas's edges: every edge into one drawn node as curves with arrowheads."""

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

from engine.drawing.edge_route import edge_points
from engine.drawing.layout import OP
from gui.canvas.items import CanvasState
from gui.look.palette import GraphPalette

CACHED_UP_TO_PX = 800.0  # an edge this long at most keeps a pixmap of itself


def _curve(points: list[tuple[float, float]], offset: float) -> QPainterPath:
    """A smooth left-to-right curve through ``points``, leaving and entering horizontally."""
    path = QPainterPath(QPointF(*points[0]))
    for (ax, ay), (bx, by) in itertools.pairwise(points):
        mid = (ax + bx) / 2
        path.cubicTo(QPointF(mid, ay + offset), QPointF(mid, by + offset), QPointF(bx, by))
    return path


def _arrow(tip: tuple[float, float], ux: float, uy: float) -> QPolygonF:
    """An arrowhead at ``tip`` pointing along the unit vector (ux, uy)."""
    tx, ty = tip
    return QPolygonF(
        [
            QPointF(tx, ty),
            QPointF(tx - 8 * ux + 4 * uy, ty - 8 * uy - 4 * ux),
            QPointF(tx - 8 * ux - 4 * uy, ty - 8 * uy + 4 * ux),
        ]
    )


def _cache_if_short(item: QGraphicsPathItem) -> None:
    """A short path keeps a pixmap of itself (a scroll blits it); a long one does not.

    Qt caches only the part of an item larger than the view and paints it again on every
    scroll: a long path is stroked anew on each repaint that exposes it instead.
    """
    box = item.path().boundingRect()
    short = max(box.width(), box.height()) <= CACHED_UP_TO_PX
    mode = QGraphicsItem.CacheMode
    item.setCacheMode(mode.DeviceCoordinateCache if short else mode.NoCache)


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
        self.edge_ids = edge_ids
        self.sources = [int(state.layout.edges[e, 0]) for e in edge_ids]
        self._paths: list[QPainterPath] = []
        self._arrows: list[QPolygonF] = []
        self.setPen(Qt.PenStyle.NoPen)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)
        self.setZValue(0)
        # The curves in two paths, one per pen: stroked as one path, curves that overlap (a
        # bundle into a sum) are not blended twice when the item is greyed by its opacity.
        self._normal = QGraphicsPathItem(self)
        self._hot = QGraphicsPathItem(self)
        self._heads: list[QGraphicsPolygonItem] = []
        self._styled: tuple[list[bool], GraphPalette] | None = None  # what it is drawn as
        self.reshape()

    def reshape(self) -> None:
        """Route the edges again from the state's layout (the nodes moved)."""
        lay = self.state.layout
        routes = [edge_points(lay, e) for e in self.edge_ids]
        if lay.left_to_right:
            self._shape_columns(routes)
        else:
            self._shape_straight(routes)
        bounds = QRectF()
        for shape in [*self._paths, *self._arrows]:
            bounds = bounds.united(shape.boundingRect())
        self.setRect(bounds.adjusted(-3, -3, 3, 3))
        self._make_children()

    def _shape_columns(self, routes: list[list[tuple[float, float]]]) -> None:
        """Curves entering the target's left side, one arrowhead pointing right."""
        self._paths = []
        seen: dict[int, int] = {}
        for s, points in zip(self.sources, routes, strict=True):
            offset = 7.0 * seen.get(s, 0)  # a + a: the second edge runs beside the first
            seen[s] = seen.get(s, 0) + 1
            (tx, ty) = points[-1]
            self._paths.append(_curve([*points[:-1], (tx - 5, ty)], offset))
        tip = routes[0][-1] if routes else (0.0, 0.0)
        self._arrows = [_arrow(tip, 1.0, 0.0)]

    def _shape_straight(self, routes: list[list[tuple[float, float]]]) -> None:
        """Straight lines between borders, each with an arrowhead along its direction."""
        self._paths, self._arrows = [], []
        seen: dict[int, int] = {}
        for s, ((x0, y0), (x1, y1)) in zip(self.sources, routes, strict=True):
            length = math.hypot(x1 - x0, y1 - y0) or 1.0
            ux, uy = (x1 - x0) / length, (y1 - y0) / length
            side = 7.0 * seen.get(s, 0)  # a + a: the second edge runs beside the first
            seen[s] = seen.get(s, 0) + 1
            ax, ay, bx, by = x0 - uy * side, y0 + ux * side, x1 - uy * side, y1 + ux * side
            path = QPainterPath(QPointF(ax, ay))
            path.lineTo(QPointF(bx - 5 * ux, by - 5 * uy))
            self._paths.append(path)
            self._arrows.append(_arrow((bx, by), ux, uy))

    def _make_children(self) -> None:
        """The arrowheads' native items, and the curves' (again, if the shapes changed)."""
        for old in self._heads:
            old.setParentItem(None)
            if old.scene() is not None:
                old.scene().removeItem(old)
        self._heads = [QGraphicsPolygonItem(arrow, self) for arrow in self._arrows]
        for head in self._heads:
            head.setPen(Qt.PenStyle.NoPen)
        self._styled = None
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

        A child repaints only if its pen or path changed.
        """
        flows, pal = self.flowing(), self.state.palette
        if (flows, pal) == self._styled:
            return
        if self._styled is None or flows != self._styled[0]:
            normal = [path for path, flowing in zip(self._paths, flows, strict=True) if not flowing]
            self._set_path(self._normal, normal)
            self._set_path(self._hot, [p for p, f in zip(self._paths, flows, strict=True) if f])
        self._styled = (flows, pal)
        self._normal.setPen(QPen(QColor(pal.edge), 1.2))
        self._hot.setPen(QPen(QColor(pal.written), 3.0))
        for head in self._heads:
            head.setBrush(QColor(pal.edge))

    @staticmethod
    def _set_path(item: QGraphicsPathItem, paths: list[QPainterPath]) -> None:
        """Draw ``paths`` as one path (an empty one hides nothing and costs nothing)."""
        joined = paths[0] if len(paths) == 1 else QPainterPath()
        if len(paths) > 1:
            for path in paths:
                joined.addPath(path)
        item.setPath(joined)
        _cache_if_short(item)
