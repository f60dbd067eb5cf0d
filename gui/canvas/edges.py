"""The canvas's edges: every edge into one drawn node as curves with arrowheads."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from engine.drawing.layout import OP
from gui.canvas.items import LOD_TEXT, CanvasState


def _curve(points: list[tuple[float, float]], offset: float) -> QPainterPath:
    """A smooth left-to-right curve through ``points``, leaving and entering horizontally."""
    path = QPainterPath(QPointF(*points[0]))
    for (ax, ay), (bx, by) in itertools.pairwise(points):
        mid = (ax + bx) / 2
        path.cubicTo(QPointF(mid, ay + offset), QPointF(mid, by + offset), QPointF(bx, by))
    return path


class EdgesItem(QGraphicsItem):
    """Every edge into one drawn node, as curves with arrowheads."""

    def __init__(self, state: CanvasState, target: int, edge_ids: list[int]):
        super().__init__()
        self.state = state
        self.target = target
        lay = state.layout
        self.sources = [int(lay.edges[e, 0]) for e in edge_ids]
        self._paths: list[QPainterPath] = []
        self._lines: list[QLineF] = []
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
            self._lines.append(QLineF(*points[0], tx, ty))
        self._arrow = QPolygonF([QPointF(tx, ty), QPointF(tx - 8, ty - 4), QPointF(tx - 8, ty + 4)])
        bounds = QRectF(self._arrow.boundingRect())
        for p in self._paths:
            bounds = bounds.united(p.boundingRect())
        self._bounds = bounds.adjusted(-3, -3, 3, 3)
        self.setZValue(0)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

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
        painter.drawPolygon(self._arrow)
