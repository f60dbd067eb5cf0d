"""The graph canvas: the live DAG laid out once per graph, updated in place as the session steps."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QPainter, QPixmapCache
from PySide6.QtWidgets import (
    QGraphicsScene,
    QGraphicsView,
    QWidget,
)

from engine.drawing import grouping
from engine.drawing.layout import DrawnLayout, layout_graph
from engine.drawing.node_sizes import NodeSizes
from gui.canvas import groups as graph_groups
from gui.canvas.canvas_opening import CanvasOpening, PreparedCanvas, members_by_record
from gui.canvas.edges import EdgeLayer
from gui.canvas.framing import SCENE_MARGIN, GraphFraming
from gui.canvas.groups import GraphGroups
from gui.canvas.interaction import GraphInput
from gui.canvas.items import LOD_TEXT, CanvasState, NodeItem
from gui.canvas.layout_choice import GraphLayouts
from gui.canvas.look_ahead import LookAhead
from gui.canvas.node_design import NodeDesign
from gui.canvas.node_pictures import NodePictures
from gui.canvas.overlays import EMPTY_HINT, GraphOverlays
from gui.canvas.overview import OverviewItem, OverviewMarks
from gui.canvas.pan_caches import PanCaches, drawn_bounds
from gui.canvas.step_updates import FLASH_MS, GraphStepping
from gui.look.flat_scroll_bar import FlatScrollBar
from gui.look.palette import GraphPalette, graph_palette_for
from gui.models.step_session import StepSession

PIXMAP_CACHE_KB = 256 * 1024  # at most: a fitted 5,000-node graph's pixmaps
PIXMAP_KB_PER_NODE = 128  # a record's pixmap at presentation scale, with room to spare
PIXMAP_CACHE_MIN_KB = 32 * 1024
NOT_CREATED_OPACITY = 0.4  # the whole graph shows from the start, greyed until computed


class GraphView(
    GraphStepping, GraphInput, GraphOverlays, GraphGroups, GraphLayouts, GraphFraming, QGraphicsView
):
    """The computation graph of ``session``'s timeline, layered like draw_dot or by networkx."""

    sig_relaid = Signal()
    """The picture was laid out again (load, expand, collapse, focus, another layout)."""

    sig_layout_changed = Signal(str)
    """The layout in use changed (its name, one of LAYOUTS)."""

    def __init__(self, session: StepSession, parent=None, opening: CanvasOpening | None = None):
        super().__init__(parent)
        self.session = session
        self.opening = opening  # pictures of passes laid out off the GUI thread, if any
        self.setScene(QGraphicsScene(self))
        # A viewport made here: asked of Qt for its own, PySide6 created every QWidget type
        # to wrap it (~22 M instructions of a launch). Before the drag mode, which sets its cursor.
        self.setViewport(QWidget())
        # A follow step moves these: Fusion's bar costs 1.3 ms to paint, a flat one 0.04 ms
        self.setHorizontalScrollBar(FlatScrollBar(Qt.Orientation.Horizontal, self))
        self.setVerticalScrollBar(FlatScrollBar(Qt.Orientation.Vertical, self))
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setOptimizationFlags(
            QGraphicsView.OptimizationFlag.DontSavePainterState
            | QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing
        )
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.viewport().grabGesture(Qt.GestureType.PinchGesture)
        self.state: CanvasState | None = None
        self.design = NodeDesign()  # measured once: labels and numbers repeat across loads
        self.drawn: DrawnLayout | None = None
        self.groups: list[grouping.Group] = []
        self.collapsed: set[int] = set()
        self.visible_mask: np.ndarray | None = None
        self.nodes: list[NodeItem] = []
        self.edges: EdgeLayer | None = None  # every edge, one item
        self.follow = True
        self._palette = graph_palette_for("light")
        self._color_by_grad = False
        self._press: QPoint | None = None
        self.detail_shown = True  # the per-node items drawn (else the far-out overview)
        self._overview: OverviewItem | None = None
        self._marks: OverviewMarks | None = None
        self._find_from = -1
        self._flash = QTimer(self, singleShot=True, interval=FLASH_MS)
        self._flash.timeout.connect(self._on_flash_done)
        self.pictures = NodePictures()  # node looks, shared by the nodes that look alike
        self.pan_caches = PanCaches(self)  # at 1:1 nodes need none of its repaints
        self.look_ahead = LookAhead(self)  # edge tiles and node pictures made while idle
        self._build_overlays()
        self._show_message(EMPTY_HINT)  # until something is loaded
        self._build_layouts()
        session.sig_loaded.connect(self._on_loaded)
        session.sig_moved.connect(self._on_moved)
        session.sig_refreshed.connect(self._on_refreshed)
        session.sig_selected.connect(self._on_selected)

    # ------------------------------------------------------------------ public API

    def set_theme(self, name: str) -> None:
        """Switch to the canvas palette of a window theme ("light", "dark", "high-contrast")."""
        self.set_palette(graph_palette_for(name))

    def set_palette(self, palette: GraphPalette) -> None:
        """Paint with ``palette`` from now on."""
        self._palette = palette
        self.setBackgroundBrush(palette.color("background"))
        if self.state is not None:
            self.state.palette = palette
        self._restyle_all()
        self._update_legend()

    def _restyle_all(self) -> None:
        """Repaint every item: their pixmap caches do not notice a palette or colouring change."""
        for item in [*self.nodes, self._overview, self._marks]:
            if item is not None:
                item.update()
        if self.edges is not None:
            self.edges.update()
        self.viewport().update()

    @property
    def graph_palette(self) -> GraphPalette:
        """The palette in use."""
        return self._palette

    def set_follow(self, on: bool) -> None:
        """Keep the active node in view while stepping (on by default)."""
        self.follow = on

    def set_color_by_grad(self, on: bool) -> None:
        """Tint records by grad sign (colour) and size (strength), with a legend."""
        self._color_by_grad = on
        if self.state is not None:
            self.state.color_by_grad = on
            self._refresh_grad_scale()
        self._update_legend()
        self._restyle_all()

    def item_for(self, node: int) -> NodeItem | None:
        """The item drawing a value's record (or the group holding it); None if not drawn."""
        if self.drawn is None or not 0 <= node < len(self.drawn.record_of):
            return None
        d = int(self.drawn.record_of[node])
        return self.nodes[d] if d >= 0 else None

    # ------------------------------------------------------------------ building

    def _on_loaded(self) -> None:
        tl = self.session.timeline
        self._stop_layout_change()
        self.scene().clear()
        self.nodes, self.edges, self.state, self.drawn = [], None, None, None
        self.bounds = QRectF()
        self._overview = self._marks = None
        self.visible_mask = None
        self._find_from = -1
        self.scene().setSceneRect(QRectF(0, 0, 1, 1))  # nothing to scroll to until laid out
        if tl is None or len(tl.graph) == 0:
            self._show_message(EMPTY_HINT)
            return
        self.groups, self.collapsed, self.visible_mask, message = grouping.opening_view(
            tl.graph, graph_groups.FULL_BUDGET, graph_groups.HARD_BUDGET
        )
        if message:
            self.session.report(message)
        self._relayout(None if self.opening is None else self.opening.take(tl.trace))

    def _relayout(self, prepared: PreparedCanvas | None = None) -> None:
        tl = self.session.timeline
        self._stop_layout_change()
        self.scene().clear()
        self._overview = self._marks = None
        self._show_message("")
        owner = grouping.owner_array(tl.graph, self.groups, self.collapsed)
        design = self.design
        sizes = design.sizes(tl.trace)
        layered, prepared = self._layered(owner, sizes, prepared)
        self.drawn = lay = self._opening_layout(layered)
        if lay is not layered:
            prepared = None  # another layout was chosen: its edges are routed anew
        names = [g.name for g in self.groups]
        self.state = CanvasState(
            tl, lay, names, tl.trace.names, [g.kind for g in self.groups], self._palette
        )
        self.state.design = design
        self.pictures.clear()  # the old layout's boxes: its looks rarely come back
        self.state.pictures = self.pictures
        self.state.color_by_grad = self._color_by_grad
        members = members_by_record(owner, lay.record_of) if prepared is None else prepared.members
        self.nodes = [
            NodeItem(self.state, d, members.get(d, [int(lay.ref[d])])) for d in range(len(lay))
        ]
        self.pan_caches.nodes_made(lay)
        self.edges = EdgeLayer(self.state, None if prepared is None else prepared.pieces)
        QPixmapCache.setCacheLimit(pixmap_cache_kb(len(self.nodes)))
        # Top-level items, no common parent: the scene's index then finds the few a repaint
        # exposes, where a parent's paint visits every child (~9,500 Python calls a repaint).
        scene = self.scene()
        for node in self.nodes:
            scene.addItem(node)
        scene.addItem(self.edges)
        self.detail_shown = True
        self._build_overview()
        self.bounds = drawn_bounds(self.scene())  # walking every item costs ms: once
        m = SCENE_MARGIN
        self.scene().setSceneRect(self.bounds.adjusted(-m, -m, m, m))
        self._sync_all()
        self._hint_at_start()
        self.frame()
        self.sig_relaid.emit()
        self._lay_out_as_chosen()
        self.look_ahead.restart()

    def _layered(
        self, owner: np.ndarray, sizes: NodeSizes, prepared: PreparedCanvas | None
    ) -> tuple[DrawnLayout, PreparedCanvas | None]:
        """The layered picture: the one prepared off the GUI thread if it fits, else laid out."""
        if prepared is not None and prepared.fits(owner, self.visible_mask, sizes):
            return prepared.drawn, prepared
        graph = self.session.timeline.graph
        return layout_graph(graph, owner, self.visible_mask, sizes=sizes), None

    def _build_overview(self) -> None:
        """The far-out overview of the current layout (again, after the nodes moved)."""
        visible = self._overview is not None and self._overview.isVisible()
        if self._overview is not None:
            self.scene().removeItem(self._overview)
        self._overview = OverviewItem(self.state, [min(n.members) for n in self.nodes])
        self._marks = OverviewMarks(self._overview)
        self._marks.setParentItem(self._overview)
        self._overview.setVisible(visible)
        self.scene().addItem(self._overview)

    def _sync_all(self) -> None:
        self.state.read_event()
        for d in range(len(self.nodes)):
            self._sync(d)
        self.edges.refresh()

    def _sync(self, d: int) -> None:
        """Grey one drawn node (and its in-edges) until it is created, and repaint it."""
        node = self.nodes[d]
        opacity = 1.0 if node.is_created() else NOT_CREATED_OPACITY
        if node.opacity() != opacity:  # in-edges grey with their node; most steps keep both
            node.setOpacity(opacity)
            self.edges.set_greyed(d, opacity < 1.0)  # shown at the edges' refresh()
        node.update()

    def _on_refreshed(self) -> None:
        """New numbers for the drawn graph: the items repaint in place, nothing is laid out."""
        if self.state is None:
            return
        self.state.timeline = self.session.timeline
        self.state.read_event()  # the same position: the same highlights, so edges stay
        for item in self.nodes:
            item.update()
        if self._overview.isVisible():
            self._overview.update()
        if self.state.color_by_grad:
            self._refresh_grad_scale()

    # ------------------------------------------------------------------ input

    def paintEvent(self, event) -> None:
        """Far out, paint the batched overview instead of thousands of items, then paint."""
        self.show_detail(self.transform().m11() >= LOD_TEXT)
        super().paintEvent(event)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        """Pan; items whose cached pixmap the pan would put 1 px off paint again."""
        super().scrollContentsBy(dx, dy)
        self.pan_caches.after_pan(dx, dy)

    def show_detail(self, on: bool) -> None:
        """Draw one item per node (readable zoom) or the text-less overview (far out).

        Far out, painting 10,000 items costs ~100 ms per frame (their pixmap caches ~500 ms
        per zoom notch); the overview draws the same boxes in a few batched calls.
        """
        if self._overview is None or self.detail_shown == on:
            return
        self.detail_shown = on
        for item in self._detail_items():
            item.setVisible(on)
        self._overview.setVisible(not on)

    def _detail_items(self) -> list[NodeItem | EdgeLayer]:
        """Every node item and the edges (what the far-out overview stands in for)."""
        return [*self.nodes, self.edges]


def pixmap_cache_kb(drawn: int) -> int:
    """Room for the drawn nodes' cached pixmaps (DeviceCoordinateCache), sized to the graph.

    Every repaint of a changed item leaves a pixmap in the cache until it is evicted: with a
    fixed 256 MB, stepping the lecture MLP filled it and the process grew 143 -> 420 MB
    (tests/benchmarks/stepping_memory.py); the cache only has to hold what one view shows.
    """
    return min(PIXMAP_CACHE_KB, max(PIXMAP_CACHE_MIN_KB, drawn * PIXMAP_KB_PER_NODE))
