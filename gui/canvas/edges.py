"""The canvas's edges: every edge into one drawn node as curves with arrowheads."""

from __future__ import annotations

import itertools
import math

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from engine.drawing.edge_route import edge_points
from engine.drawing.layout import OP
from gui.canvas.items import LOD_TEXT, CanvasState


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


class EdgesItem(QGraphicsItem):
    """Every edge into one drawn node, as curves with arrowheads."""

    def __init__(self, state: CanvasState, target: int, edge_ids: list[int]):
        super().__init__()
        self.state = state
        self.target = target
        self.edge_ids = edge_ids
        self.sources = [int(state.layout.edges[e, 0]) for e in edge_ids]
        self._paths: list[QPainterPath] = []
        self._lines: list[QLineF] = []
        self._arrows: list[QPolygonF] = []
        self._bounds = QRectF()
        self.reshape()
        self.setZValue(0)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def reshape(self) -> None:
        """Route the edges again from the state's layout (the nodes moved)."""
        self.prepareGeometryChange()
        lay = self.state.layout
        routes = [edge_points(lay, e) for e in self.edge_ids]
        if lay.left_to_right:
            self._shape_columns(routes)
        else:
            self._shape_straight(routes)
        bounds = QRectF()
        for shape in [*self._paths, *self._arrows]:
            bounds = bounds.united(shape.boundingRect())
        self._bounds = bounds.adjusted(-3, -3, 3, 3)

    def _shape_columns(self, routes: list[list[tuple[float, float]]]) -> None:
        """Curves entering the target's left side, one arrowhead pointing right."""
        self._paths, self._lines = [], []
        seen: dict[int, int] = {}
        for s, points in zip(self.sources, routes, strict=True):
            offset = 7.0 * seen.get(s, 0)  # a + a: the second edge runs beside the first
            seen[s] = seen.get(s, 0) + 1
            (tx, ty) = points[-1]
            self._paths.append(_curve([*points[:-1], (tx - 5, ty)], offset))
            self._lines.append(QLineF(*points[0], *points[-1]))
        tip = routes[0][-1] if routes else (0.0, 0.0)
        self._arrows = [_arrow(tip, 1.0, 0.0)]

    def _shape_straight(self, routes: list[list[tuple[float, float]]]) -> None:
        """Straight lines between borders, each with an arrowhead along its direction."""
        self._paths, self._lines, self._arrows = [], [], []
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
            self._lines.append(QLineF(ax, ay, bx, by))
            self._arrows.append(_arrow((bx, by), ux, uy))

    def boundingRect(self) -> QRectF:
        """The union of the curves."""
        return self._bounds

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

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """Draw the curves; those the gradient flows along thick, in the highlight colour."""
        pal = self.state.palette
        painter.setBrush(Qt.BrushStyle.NoBrush)
        normal = QPen(QColor(pal.edge), 1.2)
        hot = QPen(QColor(pal.written), 3.0)
        if option.levelOfDetailFromTransform(painter.worldTransform()) < LOD_TEXT:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # far out: lines
            for line, flows in zip(self._lines, self.flowing(), strict=True):
                painter.setPen(hot if flows else normal)
                painter.drawLine(line)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for path, flows in zip(self._paths, self.flowing(), strict=True):
            painter.setPen(hot if flows else normal)
            painter.drawPath(path)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(pal.edge))
        for arrow in self._arrows:
            painter.drawPolygon(arrow)
