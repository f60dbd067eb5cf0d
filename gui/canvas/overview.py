"""The far-out overview of the canvas: every box and edge batched, with highlight marks."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from engine.drawing.edge_route import edge_points
from engine.drawing.layout import GROUP, OP, RECORD
from engine.trace.events import FORWARD
from gui.canvas.items import CanvasState


class OverviewItem(QGraphicsItem):
    """The whole graph zoomed far out: every box and edge in a few batched calls, no text.

    Its pixmap is cached: after the forward pass it only changes on zoom, and the
    highlights are painted by the small OverviewMarks item on top.
    """

    def __init__(self, state: CanvasState, first_member: list[int]):
        super().__init__()
        self.state = state
        lay = state.layout
        self.first = first_member  # per drawn node: the member whose creation shows it
        x, y, w, h = (a.tolist() for a in (lay.x, lay.y, lay.width, lay.height))
        self.rects = [QRectF(x[d] - w[d] / 2, y[d] - h[d] / 2, w[d], h[d]) for d in range(len(x))]
        self._lines: list[QLineF] = []
        self._targets: list[int] = []  # per segment: the node whose creation shows it
        for e, t in enumerate(lay.edges[:, 1].tolist()):
            for a, b in itertools.pairwise(edge_points(lay, e)):
                self._lines.append(QLineF(*a, *b))
                self._targets.append(t)
        self._kinds = lay.kind.tolist()
        self._bounds = QRectF()
        for r in self.rects:
            self._bounds = self._bounds.united(r)
        self.key = -1  # the forward-pass position last painted: creation changes only there
        self.setZValue(2)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def boundingRect(self) -> QRectF:
        """Everything drawn."""
        return self._bounds.adjusted(-4, -4, 4, 4)

    def refresh(self) -> None:
        """Repaint if a node appeared or disappeared since the last paint."""
        tl = self.state.timeline
        if min(tl.position, tl.trace.phase_range(FORWARD).stop) != self.key:
            self.update()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """Edges as lines, then boxes filled by kind."""
        st, pal = self.state, self.state.palette
        tl = st.timeline
        self.key = min(tl.position, tl.trace.phase_range(FORWARD).stop)
        shown = [tl.created[m] for m in self.first]
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(QPen(QColor(pal.edge), 0))
        painter.drawLines(
            [ln for ln, t in zip(self._lines, self._targets, strict=True) if shown[t]]
        )
        painter.setPen(QPen(QColor(pal.border), 0))
        for kind, role in ((RECORD, pal.node), (OP, pal.op), (GROUP, pal.group)):
            painter.setBrush(QColor(role))
            ok = [
                r for r, k, s in zip(self.rects, self._kinds, shown, strict=True) if s and k == kind
            ]
            painter.drawRects(ok)


class OverviewMarks(QGraphicsItem):
    """The highlights over the overview: selected, current and written nodes."""

    def __init__(self, base: OverviewItem):
        super().__init__()
        self.base = base
        self.setZValue(3)

    def boundingRect(self) -> QRectF:
        """The overview's extent."""
        return self.base.boundingRect()

    def marked(self) -> list[tuple[int, str]]:
        """(drawn id, colour) of every highlighted node that is shown."""
        st, lay = self.base.state, self.base.state.layout
        marks = [(st.selected, st.palette.selected), (st.current, st.palette.current)]
        marks += [(c, st.palette.written) for c in st.written]
        out = []
        for v, color in marks:
            d = int(lay.record_of[v]) if v >= 0 else -1
            if d >= 0 and st.timeline.created[self.base.first[d]]:
                out.append((d, color))
        return out

    def refresh(self, before: list[tuple[int, str]]) -> None:
        """Repaint where the marks were and where they are now."""
        for d, _ in before + self.marked():
            self.update(self.base.rects[d].adjusted(-8, -8, 8, 8))

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """Thick outlines, 3 px however far out."""
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for d, color in self.marked():
            pen = QPen(QColor(color), 3)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.drawRect(self.base.rects[d])
