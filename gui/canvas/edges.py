"""The canvas's edges: one item paints them all, stroking only the pieces a repaint exposes."""

from __future__ import annotations

import itertools

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QStyleOptionGraphicsItem, QWidget

from engine.drawing.box_index import BoxIndex
from engine.drawing.edge_pieces import EdgePieces, edge_pieces
from engine.drawing.layout import OP
from gui.canvas.items import CanvasState
from gui.look.palette import GraphPalette

NORMAL_WIDTH, HOT_WIDTH = 1.2, 3.0  # scene px
MARGIN = 3.0  # scene px around a piece's hull: half the hot pen, and antialiasing
GREYED_ALPHA = 0.4  # a not-yet-created edge: its colour this much over the background
GREYED, HOT = 1, 2  # style bits per edge: 0 normal, 1 greyed, 2 hot, 3 hot and greyed


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


class EdgeLayer(QGraphicsRectItem):
    """Every edge of the drawn graph, as curves (or lines) with arrowheads, in one item.

    A native rect item (its rect the edges' bounds, no pen) whose only Python method is
    ``paint``: it picks with numpy the short pieces (engine.drawing.edge_pieces) that meet
    the exposed rect and strokes them as one path per style. Drawn as one item per target
    with whole curves, a repaint stroked every long edge crossing the view end to end.
    """

    def __init__(self, state: CanvasState, pieces: EdgePieces | None = None):
        super().__init__()
        self.state = state
        self.setPen(Qt.PenStyle.NoPen)
        self.setZValue(0)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        edges = state.layout.edges
        self.source, self.target = edges[:, 0], edges[:, 1]
        order = np.argsort(self.target, kind="stable")
        bounds = np.searchsorted(self.target[order], np.arange(len(state.layout) + 1))
        self._into = [order[a:b] for a, b in itertools.pairwise(bounds.tolist())]
        self.style = np.zeros(len(edges), np.int8)  # GREYED | HOT bits per edge
        self._changed = np.zeros(len(edges), bool)  # restyled since the last refresh()
        self._colors: tuple[GraphPalette, list[QColor]] | None = None
        self.painted = 0  # pieces stroked by the last paint (how much culling left)
        self.reshape(pieces)

    def reshape(self, pieces: EdgePieces | None = None) -> None:
        """Route the edges again from the state's layout (the nodes moved), or take ``pieces``.

        ``pieces`` are the layout's edges already cut (off the GUI thread, when a pass opens).
        """
        self.prepareGeometryChange()
        self.pieces = p = edge_pieces(self.state.layout) if pieces is None else pieces
        self._continues = p.continues()
        ctrl = p.ctrl  # a piece is steep when it falls more than it runs: thickened across
        self._steep = np.abs(ctrl[:, 7] - ctrl[:, 1]) > np.abs(ctrl[:, 6] - ctrl[:, 0])
        self.edge_box = _edge_boxes(p, len(self.style))
        self._near_pieces, self._near_heads = BoxIndex(p.box), BoxIndex(p.head_box)
        self.setRect(_rect(*p.bounds()))
        self.update()

    def into(self, d: int) -> np.ndarray:
        """The ids of the edges into drawn node ``d``."""
        return self._into[d]

    def set_greyed(self, d: int, greyed: bool) -> None:
        """Grey the edges into ``d`` (it is not created yet) or not; shown at refresh()."""
        edges = self._into[d]
        old = self.style[edges]
        new = (old | GREYED) if greyed else (old & ~GREYED)
        self._changed[edges] |= new != old
        self.style[edges] = new

    def refresh(self) -> None:
        """Take the hot edges from the current step; repaint only the edges that changed."""
        hot = self.flowing()
        self._changed |= hot != ((self.style & HOT) != 0)
        self.style = np.where(hot, self.style | HOT, self.style & ~HOT).astype(np.int8)
        changed = np.flatnonzero(self._changed)
        self._changed[:] = False
        if len(changed):
            box = self.edge_box[changed]
            self.update(_rect(*box[:, :2].min(axis=0).tolist(), *box[:, 2:].max(axis=0).tolist()))

    def flowing(self) -> np.ndarray:
        """Per edge, whether the gradient flows along it in the current backward step.

        Into the current op from a value it writes, and out of the current node's record
        while the step writes anything.
        """
        st, lay = self.state, self.state.layout
        hot = np.zeros(len(self.style), bool)
        if st.current < 0 or not st.written:
            return hot
        op, record = int(lay.op_of[st.current]), int(lay.record_of[st.current])
        if op >= 0:
            into = self._into[op]
            written = lay.record_of[list(st.written)]
            src = self.source[into]
            hot[into] = np.isin(src, written) & (lay.kind[src] != OP)
        if record >= 0:
            hot[self._into[record]] = True
        return hot

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """Stroke the pieces in each exposed rect, one path per style, then their arrowheads."""
        painter.save()  # the view does not save the painter's state between items
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.painted = 0
        for r in exposed_rects(painter, option.exposedRect):
            painter.save()
            # Clipped to one rect, Qt's cosmetic line drawer clips each line before drawing
            # it: measured 5-8x faster than letting a clip region cut it per span.
            painter.setClipRect(r, Qt.ClipOperation.IntersectClip)
            rect = (r.left(), r.top(), r.right(), r.bottom())
            self._stroke(painter, self._near_pieces.near(rect, MARGIN), option, widget)
            self._fill_heads(painter, self._near_heads.near(rect, MARGIN))
            painter.restore()
        painter.restore()

    def _stroke(self, painter: QPainter, shown: np.ndarray, option, widget) -> None:
        """Stroke pieces ``shown``: one path per style.

        On screen thin edges are fast cosmetic strokes; an export (no widget) gets the true
        pens, each run stroked apart (one wide path over the whole graph is slow).
        """
        self.painted += len(shown)
        colors = self._style_colors()
        scale = option.levelOfDetailFromTransform(painter.worldTransform())
        styles = self.style[self.pieces.edge[shown]]
        # the styles present: np.unique would import numpy.ma (6 ms of the first frame)
        for style in np.flatnonzero(np.bincount(styles)).tolist():
            thin = widget is not None and not style & HOT
            if thin:
                self._stroke_thin(painter, shown[styles == style], colors[style], scale)
                continue
            paths = self._paths(shown[styles == style], apart=True)
            pen = QPen(colors[style], HOT_WIDTH if style & HOT else NORMAL_WIDTH)
            for path in paths:
                painter.strokePath(path, pen)

    def _stroke_thin(self, painter: QPainter, idx: np.ndarray, color: QColor, scale: float):
        """Stroke pieces ``idx`` thin: one path, or wider on screen level and steep apart."""
        if thin_widths(scale) == 1:
            stroke_thin(painter, self._paths(idx, apart=False)[0], color, scale)
            return
        steep = self._steep[idx]
        for which, is_steep in ((idx[~steep], False), (idx[steep], True)):
            if len(which):
                path = self._paths(which, apart=False)[0]
                stroke_thin(painter, path, color, scale, steep=is_steep)

    def _fill_heads(self, painter: QPainter, heads: np.ndarray) -> None:
        """Fill arrowheads ``heads``, greyed where their target is not created yet."""
        colors = self._style_colors()
        greyed = (self.style[self.pieces.head_edge[heads]] & GREYED) != 0
        for style, which in ((0, heads[~greyed]), (GREYED, heads[greyed])):
            if len(which):
                painter.fillPath(_heads_path(self.pieces.heads[which]), QBrush(colors[style]))

    def _style_colors(self) -> list[QColor]:
        pal = self.state.palette
        if self._colors is None or self._colors[0] is not pal:
            self._colors = (pal, style_colors(pal))
        return self._colors[1]

    def _paths(self, idx: np.ndarray, *, apart: bool) -> list[QPainterPath]:
        """Pieces ``idx`` (ascending) as one path, or one path per run (``apart``).

        A run is the pieces of one edge that follow each other: drawn unbroken, without a
        seam where they join. A wide pen strokes runs apart (see NORMAL_WIDTH).
        """
        joined = self._continues[idx]
        joined[1:] &= np.diff(idx) == 1
        joined[0] = False
        paths = [QPainterPath()]
        straight = self.pieces.straight
        for (x0, y0, ax, ay, bx, by, x1, y1), on in zip(
            self.pieces.ctrl[idx].tolist(), joined.tolist(), strict=True
        ):
            if not on:
                if apart and not paths[-1].isEmpty():
                    paths.append(QPainterPath())
                paths[-1].moveTo(x0, y0)
            if straight:
                paths[-1].lineTo(x1, y1)
            else:
                paths[-1].cubicTo(ax, ay, bx, by, x1, y1)
        return paths


def _rect(left: float, top: float, right: float, bottom: float) -> QRectF:
    """The rect from ``left`` to ``right``, ``top`` to ``bottom``, with the pens' margin."""
    return QRectF(left, top, right - left, bottom - top).adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)


def _heads_path(heads: np.ndarray) -> QPainterPath:
    """Arrowhead triangles (tip and two corners each) as one path to fill."""
    path = QPainterPath()
    for tx, ty, ax, ay, bx, by in heads.tolist():
        path.moveTo(tx, ty)
        path.lineTo(ax, ay)
        path.lineTo(bx, by)
        path.closeSubpath()
    return path


def _edge_boxes(p: EdgePieces, n_edges: int) -> np.ndarray:
    """(E, 4) per edge: the box of its pieces and its target's arrowhead, if it holds it."""
    box = np.empty((n_edges, 4))
    box[:, :2], box[:, 2:] = np.inf, -np.inf
    np.minimum.at(box[:, 0], p.edge, p.box[:, 0])
    np.minimum.at(box[:, 1], p.edge, p.box[:, 1])
    np.maximum.at(box[:, 2], p.edge, p.box[:, 2])
    np.maximum.at(box[:, 3], p.edge, p.box[:, 3])
    np.minimum.at(box[:, 0], p.head_edge, p.head_box[:, 0])
    np.minimum.at(box[:, 1], p.head_edge, p.head_box[:, 1])
    np.maximum.at(box[:, 2], p.head_edge, p.head_box[:, 2])
    np.maximum.at(box[:, 3], p.head_edge, p.head_box[:, 3])
    return box
