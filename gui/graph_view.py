"""The graph canvas: the live DAG laid out once per graph, updated in place as the session steps."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QPainter, QPixmapCache
from PySide6.QtWidgets import (
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QLabel,
    QLineEdit,
)

from engine import grouping
from engine.layout import DrawnLayout, layout_graph
from engine.trace_events import BackwardStep
from gui.graph_edges import EdgesItem
from gui.graph_framing import GraphFraming
from gui.graph_input import GraphInput
from gui.graph_items import LOD_TEXT, CanvasState, NodeItem
from gui.graph_overview import OverviewItem, OverviewMarks
from gui.palette import GraphPalette, palette_for
from gui.session import Session

FULL_BUDGET = 6000  # drawn nodes shown in full; bigger graphs open with groups collapsed
HARD_BUDGET = 20000  # beyond this even the collapsed picture shows only the part near the root
FLASH_MS = 350
PIXMAP_CACHE_KB = 256 * 1024
FULL_REPAINT_ABOVE = 64  # changed drawn nodes above which the whole viewport is repainted


class GraphView(GraphInput, GraphFraming, QGraphicsView):
    """The computation graph of ``session``'s timeline, drawn left to right like draw_dot."""

    sig_relaid = Signal()
    """The picture was laid out again (load, expand, collapse, focus)."""

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        # items cache their pixmaps (DeviceCoordinateCache): room for a fitted 5,000-node graph
        QPixmapCache.setCacheLimit(max(QPixmapCache.cacheLimit(), PIXMAP_CACHE_KB))
        self.setScene(QGraphicsScene(self))
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
        self.layout_: DrawnLayout | None = None
        self.groups: list[grouping.Group] = []
        self.collapsed: set[int] = set()
        self.visible_mask: np.ndarray | None = None
        self.nodes: list[NodeItem] = []
        self.edges: list[EdgesItem | None] = []
        self.follow = True
        self._palette = palette_for("light")
        self._color_by_grad = False
        self._press: QPoint | None = None
        self._detail: QGraphicsRectItem | None = None  # parent of the per-node items
        self._overview: OverviewItem | None = None
        self._marks: OverviewMarks | None = None
        self._find_from = -1
        self._flash = QTimer(self, singleShot=True, interval=FLASH_MS)
        self._flash.timeout.connect(self._on_flash_done)
        self._build_overlays()
        session.sig_loaded.connect(self._on_loaded)
        session.sig_moved.connect(self._on_moved)
        session.sig_selected.connect(self._on_selected)

    def _build_overlays(self) -> None:
        self.find_bar = QLineEdit(self, placeholderText="Find node by label…", visible=False)
        self.find_bar.returnPressed.connect(self._on_find)
        self.legend = QLabel(self, visible=False)
        self.message = QLabel(self, visible=False, wordWrap=True)

    # ------------------------------------------------------------------ public API

    def set_theme(self, name: str) -> None:
        """Switch to the canvas palette of a window theme ("light", "dark", "high-contrast")."""
        self.set_palette(palette_for(name))

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
        for item in self.scene().items():
            item.update()
        self.viewport().update()

    @property
    def palette_(self) -> GraphPalette:
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
        if self.layout_ is None or not 0 <= node < len(self.layout_.record_of):
            return None
        d = int(self.layout_.record_of[node])
        return self.nodes[d] if d >= 0 else None

    def find(self, text: str) -> bool:
        """Select and show the next node whose label contains ``text`` (case-insensitive)."""
        tl = self.session.timeline
        if tl is None or not text:
            return False
        names = tl.graph.names
        n = len(names)
        for k in range(1, n + 1):
            v = (self._find_from + k) % n
            if text.lower() in names[v].lower() and self.item_for(v) is not None:
                self._find_from = v
                self.session.select(v)
                self.centerOn(self.item_for(v))
                return True
        self.session.sig_error.emit(f"No node labelled like {text!r}")
        return False

    def show_find(self) -> None:
        """Open the find bar (Ctrl+F)."""
        self.find_bar.setGeometry(self.width() - 260, 8, 240, 28)
        self.find_bar.show()
        self.find_bar.setFocus()
        self.find_bar.selectAll()

    def set_collapsed(self, collapsed: set[int]) -> None:
        """Draw exactly these groups (indices into ``groups``) collapsed, and lay out again."""
        tl = self.session.timeline
        if tl is None:
            return
        if grouping.drawn_count(tl.graph, self.groups, collapsed) > HARD_BUDGET:
            self.session.sig_error.emit("Too many nodes to expand that: collapse something first")
            return
        self.collapsed = set(collapsed)
        self._relayout()

    def expand(self, group: int) -> None:
        """Expand one collapsed group."""
        self.set_collapsed(self.collapsed - {group})

    def collapse(self, group: int) -> None:
        """Collapse one group."""
        self.set_collapsed(self.collapsed | {group})

    def focus_on(self, node: int, direction: str) -> None:
        """Show only ``node`` and its "ancestors" or "descendants"; "all" shows everything."""
        tl = self.session.timeline
        if tl is None:
            return
        mask = None
        if direction == "ancestors":
            mask = grouping.ancestors(tl.graph, node)
        elif direction == "descendants":
            mask = grouping.descendants(tl.graph, node)
        drawn = grouping.drawn_count(tl.graph, self.groups, self.collapsed)
        if mask is not None:
            drawn = min(drawn, 2 * int(mask.sum()))
        if drawn > HARD_BUDGET:  # never freeze laying out more than can be drawn
            self.session.sig_error.emit(f"Too many nodes to show ({drawn:,}): focus on fewer")
            return
        self.visible_mask = mask
        self._relayout()

    def single_sample(self, k: int) -> None:
        """Show sample ``k`` of a batch loss in full and every other sample collapsed."""
        self.set_collapsed(grouping.sample_view(self.groups, k))

    # ------------------------------------------------------------------ building

    def _on_loaded(self) -> None:
        tl = self.session.timeline
        self.scene().clear()
        self.nodes, self.edges, self.state, self.layout_ = [], [], None, None
        self._detail = self._overview = self._marks = None
        self.visible_mask = None
        self._find_from = -1
        if tl is None or len(tl.graph) == 0:
            self._show_message("Nothing to draw: the graph is empty.")
            return
        self.groups, self.collapsed, self.visible_mask, message = grouping.opening_view(
            tl.graph, FULL_BUDGET, HARD_BUDGET
        )
        if message:
            self.session.sig_error.emit(message)
        self._relayout()

    def _relayout(self) -> None:
        tl = self.session.timeline
        self.scene().clear()
        self._show_message("")
        graph = tl.graph
        owner = grouping.owner_array(graph, self.groups, self.collapsed)
        self.layout_ = lay = layout_graph(graph, owner, self.visible_mask)
        names = [g.name for g in self.groups]
        self.state = CanvasState(
            tl, lay, names, graph.names, [g.kind for g in self.groups], self._palette
        )
        self.state.color_by_grad = self._color_by_grad
        members: dict[int, list[int]] = {}
        for v in np.flatnonzero(owner >= 0).tolist():
            members.setdefault(int(lay.record_of[v]), []).append(v)
        self.nodes = [
            NodeItem(self.state, d, members.get(d, [int(lay.ref[d])])) for d in range(len(lay))
        ]
        sources: dict[int, list[int]] = {}  # target -> ids of the edges into it
        for e, t in enumerate(lay.edges[:, 1].tolist()):
            sources.setdefault(t, []).append(e)
        self.edges = [
            EdgesItem(self.state, t, sources[t]) if t in sources else None for t in range(len(lay))
        ]
        self._detail = QGraphicsRectItem()
        self._detail.setPen(Qt.PenStyle.NoPen)
        for node, edge in zip(self.nodes, self.edges, strict=True):
            node.setParentItem(self._detail)
            if edge is not None:
                edge.setParentItem(self._detail)
        self._overview = OverviewItem(self.state, [min(n.members) for n in self.nodes])
        self._marks = OverviewMarks(self._overview)
        self._marks.setParentItem(self._overview)
        self._overview.setVisible(False)
        self.scene().addItem(self._detail)
        self.scene().addItem(self._overview)
        self.scene().setSceneRect(self.scene().itemsBoundingRect().adjusted(-200, -200, 200, 200))
        self._sync_all()
        self._hint_at_start()
        self.frame()
        self.sig_relaid.emit()

    def _sync_all(self) -> None:
        self.state.read_event()
        for d in range(len(self.nodes)):
            self._sync(d)

    def _sync(self, d: int) -> None:
        """Show or hide one drawn node (and its in-edges) by creation, and repaint it."""
        tl, node = self.session.timeline, self.nodes[d]
        visible = tl.created[min(node.members)]
        node.setVisible(visible)
        node.update()
        edge = self.edges[d]
        if edge is not None:
            edge.setVisible(visible)
            edge.update()

    # ------------------------------------------------------------------ stepping

    def _on_moved(self, changed: set) -> None:
        st, lay = self.state, self.layout_
        if st is None or lay is None:
            return
        before = {st.current, *st.written} - {-1}
        marked = self._marks.marked()
        marks = (st.show_topo, st.sorting)
        now = st.read_event()
        if marks != (st.show_topo, st.sorting):  # a phase change restyles every node
            changed = set(changed) | set(range(len(lay.record_of)))
        if isinstance(self.session.timeline.current, BackwardStep):
            st.flashing = set(st.written)
            self._flash.start()
        touched = set(changed) | before | now | st.flashing
        drawn = {int(lay.record_of[v]) for v in touched} | {int(lay.op_of[v]) for v in touched}
        drawn.discard(-1)
        self._choose_update_mode(len(drawn))
        for d in drawn:
            self._sync(d)
        if self._overview.isVisible():
            self._overview.refresh()
            self._marks.refresh(marked)
        if st.color_by_grad:
            self._refresh_grad_scale()
        self._hint_at_start()
        if self.follow and st.current >= 0:
            self.follow_node(st.current)

    def _hint_at_start(self) -> None:
        """Before the forward pass nothing exists yet: say so instead of showing a blank."""
        at_start = self.session.timeline.position == 0
        if at_start or self.message.text().startswith("Step forward"):
            self._show_message("Step forward (→) to create the nodes" if at_start else "")

    def _choose_update_mode(self, n_changed: int) -> None:
        """Repaint only the changed area for a step, the whole viewport for a big jump.

        Measured (tests/benchmarks/graph_open.py): one step on a fitted 5,000-node graph
        repaints in ~3 ms this way and ~80 ms with FullViewportUpdate; updating every node
        is faster with FullViewportUpdate.
        """
        modes = QGraphicsView.ViewportUpdateMode
        full = n_changed > FULL_REPAINT_ABOVE
        self.setViewportUpdateMode(
            modes.FullViewportUpdate if full else modes.BoundingRectViewportUpdate
        )

    def _on_flash_done(self) -> None:
        if self.state is None:
            return
        done, self.state.flashing = self.state.flashing, set()
        for v in done:
            item = self.item_for(v)
            if item is not None:
                item.update()

    def _on_selected(self, node: int) -> None:
        if self.state is None:
            return
        marked = self._marks.marked()
        old, self.state.selected = self.state.selected, node
        for v in (old, node):
            item = self.item_for(v)
            if item is not None:
                item.update()
        self._marks.refresh(marked)

    def _refresh_grad_scale(self) -> None:
        grads = [abs(g) for g in self.session.timeline.grad if g is not None and math.isfinite(g)]
        scale = max(grads, default=1.0) or 1.0
        if scale != self.state.grad_scale:  # every tint depends on the scale
            self.state.grad_scale = scale
            self._restyle_all()

    def _update_legend(self) -> None:
        p = self._palette
        self.legend.setText(
            f"<span style='color:{p.negative}'>■ grad &lt; 0</span> &nbsp; "
            f"<span style='color:{p.positive}'>■ grad &gt; 0</span> &nbsp; stronger = larger |grad|"
        )
        self.legend.setStyleSheet(f"background:{p.background}; color:{p.text}; padding:3px")
        self.legend.adjustSize()
        self.legend.move(8, self.height() - self.legend.height() - 8)
        self.legend.setVisible(self._color_by_grad)

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setGeometry(12, 12, max(200, self.width() - 24), 40)
        self.message.setVisible(bool(text))

    # ------------------------------------------------------------------ input

    def paintEvent(self, event) -> None:
        """Far out, paint the batched overview instead of thousands of items, then paint."""
        self.show_detail(self.transform().m11() >= LOD_TEXT)
        super().paintEvent(event)

    def show_detail(self, on: bool) -> None:
        """Draw one item per node (readable zoom) or the text-less overview (far out).

        Far out, painting 10,000 items costs ~100 ms per frame (their pixmap caches ~500 ms
        per zoom notch); the overview draws the same boxes in a few batched calls.
        """
        if self._detail is not None and self._detail.isVisible() != on:
            self._detail.setVisible(on)
            self._overview.setVisible(not on)

    def resizeEvent(self, event) -> None:
        """Keep the overlays in their corners."""
        super().resizeEvent(event)
        self._update_legend()
        if self.find_bar.isVisible():
            self.find_bar.move(self.width() - 260, 8)
