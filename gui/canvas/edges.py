"""The canvas's edges: one item paints them all, stroking only the pieces a repaint exposes."""

from __future__ import annotations

import itertools

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QTransform
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QStyleOptionGraphicsItem, QWidget

from engine.drawing.box_index import BoxIndex
from engine.drawing.edge_pieces import EdgePieces, edge_pieces
from engine.drawing.layout import OP
from gui.canvas.edge_paths import EdgePaths
from gui.canvas.edge_strokes import (
    GREYED,
    HOT,
    HOT_WIDTH,
    MARGIN,
    NORMAL_WIDTH,
    TILE_EDGES_MAX,
    exposed_rects,
    stroke_thin,
    style_colors,
    thin_widths,
)
from gui.canvas.edge_tiles import EdgeTiles
from gui.canvas.items import CanvasState
from gui.look.palette import GraphPalette


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
        self._regreyed = np.zeros(len(edges), bool)  # greyed or not anew: tiles stale
        self._colors: tuple[GraphPalette, list[QColor]] | None = None
        self.painted = 0  # pieces stroked by the last paint (how much culling and tiles left)
        self.tiles = EdgeTiles()  # what is not hot, as stroked at the view's zoom
        self._tiles_palette: GraphPalette | None = None  # the palette the tiles were made in
        self.reshape(pieces)

    def reshape(self, pieces: EdgePieces | None = None) -> None:
        """Route the edges again from the state's layout (the nodes moved), or take ``pieces``.

        ``pieces`` are the layout's edges already cut (off the GUI thread, when a pass opens).
        """
        self.prepareGeometryChange()
        self.pieces = p = edge_pieces(self.state.layout) if pieces is None else pieces
        self.paths = EdgePaths(p)  # each piece's and head's path, kept once made
        ctrl = p.ctrl  # a piece is steep when it falls more than it runs: thickened across
        self._steep = np.abs(ctrl[:, 7] - ctrl[:, 1]) > np.abs(ctrl[:, 6] - ctrl[:, 0])
        self.edge_box = _edge_boxes(p, len(self.style))
        self._near_pieces, self._near_heads = BoxIndex(p.box), BoxIndex(p.head_box)
        # pieces run edge by edge: edge e's are pieces[_first[e]:_first[e + 1]]
        self._first = np.searchsorted(p.edge, np.arange(len(self.style) + 1))
        self.tiles.clear()
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
        self._regreyed[edges] |= new != old
        self.style[edges] = new

    def refresh(self) -> None:
        """Take the hot edges from the current step; repaint only the edges that changed."""
        hot = self.flowing()
        self._changed |= hot != ((self.style & HOT) != 0)
        self.style = np.where(hot, self.style | HOT, self.style & ~HOT).astype(np.int8)
        changed, regreyed = np.flatnonzero(self._changed), np.flatnonzero(self._regreyed)
        self._changed[:] = self._regreyed[:] = False
        if len(regreyed):  # a hot edge is drawn over its tiles: only greying changes them
            self._invalidate_tiles(regreyed)
        if len(changed):
            box = self.edge_box[changed]
            self.update(_rect(*box[:, :2].min(axis=0).tolist(), *box[:, 2:].max(axis=0).tolist()))

    def _invalidate_tiles(self, edges: np.ndarray) -> None:
        """Mark the tiles stale under the pieces and arrowheads of restyled ``edges``."""
        if len(edges) > TILE_EDGES_MAX:
            self.tiles.clear()  # a phase change: cheaper to start afresh
            return
        p = self.pieces
        pieces = np.concatenate([np.arange(self._first[e], self._first[e + 1]) for e in edges])
        heads = np.flatnonzero(np.isin(p.head_edge, edges))
        for box in np.concatenate([p.box[pieces], p.head_box[heads]]).tolist():
            m = MARGIN
            self.tiles.invalidate((box[0] - m, box[1] - m, box[2] + m, box[3] + m))

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
        """Per exposed rect: its tiles if they all exist (made while idle), else the pieces.

        Over tiles, the hot edges and their heads are drawn on top (tiles draw them thin).
        An export (no widget), a rotated view or a high-dpi screen strokes directly.
        """
        painter.save()  # the view does not save the painter's state between items
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.painted = 0
        world = painter.worldTransform()
        plain = world.type().value <= QTransform.TransformationType.TxScale.value
        tiled = widget is not None and plain and painter.device().devicePixelRatioF() == 1.0
        if not tiled or self._tiles_palette is not self.state.palette:
            self.tiles.clear()  # tiles hold one palette's colours at one scale
            self._tiles_palette = self.state.palette
        for r in exposed_rects(painter, option.exposedRect):
            painter.save()
            # Clipped to one rect, Qt's cosmetic line drawer clips each line before drawing
            # it: measured 5-8x faster than letting a clip region cut it per span.
            painter.setClipRect(r, Qt.ClipOperation.IntersectClip)
            rect = (r.left(), r.top(), r.right(), r.bottom())
            shown = self._near_pieces.near(rect, MARGIN)
            if tiled and self.tiles.covers(world, r):
                self.tiles.paint(painter, r, self._render_tile)
                hot = shown[(self.style[self.pieces.edge[shown]] & HOT) != 0]
                self._stroke(painter, hot, on_screen=True)
                self._fill_heads(painter, self._heads_into(hot))  # over the hot ends, as before
            else:
                self._stroke(painter, shown, on_screen=widget is not None)
                self._fill_heads(painter, self._near_heads.near(rect, MARGIN))
            painter.restore()
        painter.restore()

    def prerender(self, world: QTransform, scene: QRectF, until: float) -> bool:
        """Make the tiles over ``scene`` as the view ``world`` shows it, until ``until``.

        ``until`` is a ``time.perf_counter()`` deadline; returns whether all are made.
        """
        if self._tiles_palette is not self.state.palette:
            self.tiles.clear()
            self._tiles_palette = self.state.palette
        painted = self.painted  # what the last paint stroked, not what idle time did
        done = self.tiles.prerender(world, scene, self._render_tile, until)
        self.painted = painted
        return done

    def _render_tile(self, painter: QPainter, r: QRectF) -> None:
        """What a tile holds of scene rect ``r``: every piece as if none were hot, and heads.

        A hot edge's wider stroke, drawn over the tile, covers its thin one: a step that
        changes which edges are hot leaves the tiles as they are.
        """
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        rect = (r.left(), r.top(), r.right(), r.bottom())
        self._stroke(painter, self._near_pieces.near(rect, MARGIN), on_screen=True, keep=GREYED)
        self._fill_heads(painter, self._near_heads.near(rect, MARGIN))

    def _heads_into(self, pieces: np.ndarray) -> np.ndarray:
        """The arrowheads into the targets of the edges ``pieces`` are part of."""
        if not len(pieces):
            return pieces
        targets = self.target[self.pieces.edge[pieces]]
        return np.flatnonzero(np.isin(self.target[self.pieces.head_edge], targets))

    def _stroke(
        self, painter: QPainter, shown: np.ndarray, *, on_screen: bool, keep: int = GREYED | HOT
    ) -> None:
        """Stroke pieces ``shown``: one path per style (its bits in ``keep``).

        On screen thin edges are fast cosmetic strokes; an export (no widget) gets the true
        pens, each run stroked apart (one wide path over the whole graph is slow).
        """
        if not len(shown):
            return
        self.painted += len(shown)
        colors = self._style_colors()
        world = painter.worldTransform()
        scale = min(abs(world.m11()), abs(world.m22()))
        styles = self.style[self.pieces.edge[shown]] & keep
        # the styles present: np.unique would import numpy.ma (6 ms of the first frame)
        for style in np.flatnonzero(np.bincount(styles)).tolist():
            thin = on_screen and not style & HOT
            if thin:
                self._stroke_thin(painter, shown[styles == style], colors[style], scale)
                continue
            paths = self.paths.runs(shown[styles == style], apart=True)
            pen = QPen(colors[style], HOT_WIDTH if style & HOT else NORMAL_WIDTH)
            for path in paths:
                painter.strokePath(path, pen)

    def _stroke_thin(self, painter: QPainter, idx: np.ndarray, color: QColor, scale: float):
        """Stroke pieces ``idx`` thin: one path, or wider on screen level and steep apart."""
        if thin_widths(scale) == 1:
            stroke_thin(painter, self.paths.runs(idx, apart=False)[0], color, scale)
            return
        steep = self._steep[idx]
        for which, is_steep in ((idx[~steep], False), (idx[steep], True)):
            if len(which):
                path = self.paths.runs(which, apart=False)[0]
                stroke_thin(painter, path, color, scale, steep=is_steep)

    def _fill_heads(self, painter: QPainter, heads: np.ndarray) -> None:
        """Fill arrowheads ``heads``, greyed where their target is not created yet."""
        colors = self._style_colors()
        greyed = (self.style[self.pieces.head_edge[heads]] & GREYED) != 0
        for style, which in ((0, heads[~greyed]), (GREYED, heads[greyed])):
            if len(which):
                painter.fillPath(self.paths.heads(which), QBrush(colors[style]))

    def _style_colors(self) -> list[QColor]:
        pal = self.state.palette
        if self._colors is None or self._colors[0] is not pal:
            self._colors = (pal, style_colors(pal))
        return self._colors[1]


def _rect(left: float, top: float, right: float, bottom: float) -> QRectF:
    """The rect from ``left`` to ``right``, ``top`` to ``bottom``, with the pens' margin."""
    return QRectF(left, top, right - left, bottom - top).adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)


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
