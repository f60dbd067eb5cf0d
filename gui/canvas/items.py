"""Scene items of the graph canvas: value records, op nodes, groups and their in-edges.

Items keep only their drawn id; ``paint`` reads the timeline and the highlight sets from
one shared ``CanvasState``, so a step updates a node by calling ``item.update()`` and
nothing is rebuilt.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QStyleOptionGraphicsItem, QWidget

from engine.drawing.layout import GROUP, OP, RECORD, DrawnLayout
from engine.drawing.node_sizes import fmt4, writes_text
from engine.trace.events import BACKWARD, TOPO, BackwardStep
from engine.trace.timeline import Timeline
from gui.canvas.node_design import NodeDesign
from gui.canvas.node_look import fitted_number, grad_tint, node_look
from gui.canvas.node_paint import BOX_MARGIN, Look, RecordTexts, draw_look, writes_box
from gui.canvas.pan_caches import whole_pixels
from gui.look.palette import LIGHT, GraphPalette

if TYPE_CHECKING:
    from gui.canvas.node_pictures import NodePictures

__all__ = ["LOD_TEXT", "CanvasState", "NodeItem", "fmt4"]

LOD_TEXT = 0.4  # below this scale nodes are drawn as plain boxes, without text
NOT_COMPUTED = "—"
ELIDE_RIGHT = Qt.TextElideMode.ElideRight


def _finite(x: float | None) -> bool:
    return x is None or math.isfinite(x)


@dataclass
class CanvasState:
    """What every item reads when it paints: timeline, layout, palette and highlights."""

    timeline: Timeline
    layout: DrawnLayout
    group_names: list[str]
    names: tuple[str, ...] = ()  # graph.names, computed once (it is rebuilt on every access)
    group_kinds: list[str] = field(default_factory=list)
    palette: GraphPalette = LIGHT
    current: int = -1  # value id of the current event's node
    event: object = None  # the current event, as read_event last took it
    written: dict[int, list[float]] = field(default_factory=dict)  # child -> its += terms
    flashing: set[int] = field(default_factory=set)
    selected: int = -1
    color_by_grad: bool = False
    grad_scale: float = 1.0
    show_topo: bool = False  # topo[i] badges (topological sort and backward phases)
    sorting: bool = False  # visited borders (topological sort phase only)
    design: NodeDesign = field(default_factory=NodeDesign)
    pictures: NodePictures | None = None  # shared pictures of node looks (None: none kept)

    @property
    def font(self) -> QFont:
        """The node text's font."""
        return self.design.font

    @property
    def bold(self) -> QFont:
        """The bold node font (labels, badges)."""
        return self.design.bold

    def read_event(self) -> set[int]:
        """Take the highlights from the timeline's current event; the value ids highlighted."""
        self.event = event = self.timeline.current  # made anew on each access: kept
        self.current = -1 if event is None else event.node
        self.written = {}
        if isinstance(event, BackwardStep):
            for w in event.writes:  # a + a: two writes to one child, shown as two +=
                before = 0.0 if w.before is None else w.before
                self.written.setdefault(w.child, []).append(w.after - before)
        self.show_topo = self.timeline.phase in (TOPO, BACKWARD)
        self.sorting = self.timeline.phase == TOPO
        return {self.current, *self.written} - {-1}


def _rect(lay: DrawnLayout, d: int) -> QRectF:
    w, h = float(lay.width[d]), float(lay.height[d])
    return QRectF(-w / 2, -h / 2, w, h)


class NodeItem(QGraphicsRectItem):
    """One drawn node: a value record, an op node or a collapsed group.

    A native rect item (no pen, its rect the node's bounds) whose only Python method Qt
    calls is ``paint``, and only when its cached pixmap is stale: a repaint asks each item
    it visits for its bounds, several times, and a Python ``boundingRect`` made that
    hundreds of Python calls per repaint.
    """

    def __init__(self, state: CanvasState, d: int, members: list[int]):
        super().__init__()
        self.state = state
        self.d = d
        self.kind = int(state.layout.kind[d])
        self.value = int(state.layout.ref[d]) if self.kind != GROUP else members[-1]
        self.members = members
        self._member_set = frozenset(members)
        self._rect = _rect(state.layout, d)
        self._box = (self._rect.x(), self._rect.y(), self._rect.width(), self._rect.height())
        line = state.design.line
        self.reach = self._rect.adjusted(-4, -line - 2, 4, line + 2)  # badge, += terms
        self.setPen(Qt.PenStyle.NoPen)
        self.setPos(float(state.layout.x[d]), float(state.layout.y[d]))
        self.setRect(whole_pixels(self.reach, self.pos()))  # at 1:1 a pan keeps its cache right
        self.setZValue(1)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self._label: tuple | None = None  # (design, the label elided, the numbers' room)
        self._painted: tuple | None = None  # an op node's look when last painted

    def box(self) -> QRectF:
        """The node's box alone, in item coordinates."""
        return QRectF(self._rect)

    def text(self) -> str:
        """The text the node shows (for tests and search): label | data | grad."""
        st, v = self.state, self.value
        if self.kind == OP:
            return st.timeline.graph.ops[v]
        if self.kind == GROUP:
            g = int(st.layout.ref[self.d])
            name, n = st.group_names[g], len(self.members)
            # "sample 17 (652 nodes)"; a name with its own count: "layer 1 (4 neurons) · 52 nodes"
            title = f"{name} · {n:,} nodes" if "(" in name else f"{name} ({n:,} nodes)"
            if st.group_kinds and st.group_kinds[g] == "params":
                return title
            tl = st.timeline  # a group shows its output's numbers, once they are computed
            data = fmt4(tl.data[v]) if tl.created[v] else NOT_COMPUTED
            return f"{title}\ndata {data} · grad {fmt4(tl.grad[v])}"
        data = fmt4(st.timeline.data[v]) if self.is_created() else NOT_COMPUTED
        return f"{st.names[v]} | data {data} | grad {fmt4(st.timeline.grad[v])}"

    def is_created(self) -> bool:
        """Whether the forward pass has computed this node yet (else it is drawn greyed)."""
        return self.state.timeline.created[min(self.members)]

    def is_current(self) -> bool:
        """Whether this node shows the current event's node."""
        return (
            self.state.current in self._member_set
            if self.kind == GROUP
            else self.state.current == self.value
        )

    def is_written(self) -> bool:
        """Whether the current backward step writes this record's grad."""
        return self.kind != OP and any(m in self._member_set for m in self.state.written)

    def writes_rect(self) -> QRectF | None:
        """The ``+=`` text under a record the current step writes (None: it writes none)."""
        terms = self.state.written.get(self.value) if self.kind == RECORD else None
        if not terms:
            return None
        return writes_box(self._rect, writes_text(terms), self.state.design)

    def shows_its_look(self) -> bool:
        """Whether an op node already shows what it would paint now (records: never assumed)."""
        # A step touches each written child's op node too: most show only an unchanged symbol
        return self.kind == OP and self._painted == self._op_look()

    def _op_look(self) -> tuple:
        # All an op node's pixels depend on (its symbol and the LOD never change in a step)
        st = self.state
        return (self._border_role(), self.is_created(), id(st.palette), id(st.design))

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """Draw the node for the current timeline position (from a shared picture if it can)."""
        st = self.state
        if self.kind == OP:
            self._painted = self._op_look()
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if lod < LOD_TEXT:  # far out: plain boxes, no antialiasing, no text
            painter.setPen(self._pen())
            painter.setBrush(self._brush(node_look(st.palette)))
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.drawRect(self._rect)
            return
        look = self.look(painter)
        pictures = st.pictures
        if pictures is None or not pictures.paint(painter, self.extent(look), look, st.design):
            draw_look(painter, look, st.design)

    def extent(self, look: Look) -> QRectF:
        """The part of the item's bounds ``look`` paints: the bands above and below if used."""
        bounds, box = self.rect(), self._rect
        marks = look.texts if self.kind == RECORD else None
        top = bounds.top() if marks and marks.badge is not None else box.top() - BOX_MARGIN
        low = bounds.bottom() if marks and marks.writes is not None else box.bottom() + BOX_MARGIN
        return QRectF(bounds.left(), top, bounds.width(), low - top)

    def look(self, painter: QPainter) -> Look:
        """What the node draws now at a readable zoom (``painter`` measures its texts)."""
        st = self.state
        if self.kind == RECORD:
            texts = self._record_texts(painter)
        else:
            texts = st.timeline.graph.ops[self.value] if self.kind == OP else self.text()
        fill = self._fill().getRgbF() if self.kind == RECORD and st.color_by_grad else None
        return Look(
            self.kind,
            self._box,
            self._border_role(),
            fill or {OP: "op", GROUP: "group"}.get(self.kind, "node"),
            st.palette,
            id(st.design),
            texts,
        )

    def _pen(self) -> QPen:
        return node_look(self.state.palette).border[self._border_role()]

    def _border_role(self) -> str:
        """What the border shows: selected, current, written, warning, visited or plain."""
        if self.value == self.state.selected or self.state.selected in self._member_set:
            return "selected"
        if self.is_current():
            return "current"
        if self.is_written():
            return "written"
        tl = self.state.timeline
        v = self.value  # a group is judged by its output node: checking every member is slow
        if not (_finite(tl.data[v] if tl.created[v] else None) and _finite(tl.grad[v])):
            return "warning"
        if self.state.sorting and self.kind != OP and tl.visited[v]:
            return "visited"
        return "border"

    def _brush(self, look) -> QBrush:
        """The fill's brush: the palette's own, made once, unless tinted by grad."""
        if self.kind == OP:
            return look.fill["op"]
        if self.kind == GROUP:
            return look.fill["group"]
        return QBrush(self._fill()) if self.state.color_by_grad else look.fill["node"]

    def _fill(self) -> QColor:
        st, pal = self.state, self.state.palette
        if self.kind == OP:
            return QColor(pal.op)
        if self.kind == GROUP:
            return QColor(pal.group)
        grad = st.timeline.grad[self.value]
        return grad_tint(pal, grad, st.grad_scale) if st.color_by_grad else QColor(pal.node)

    def _record_texts(self, painter: QPainter) -> RecordTexts:
        """The record's label, numbers (fitted to their room), marks, and their colours."""
        st, v = self.state, self.value
        design = st.design
        label, room = self._label_and_room(painter, design)
        data, grad = st.timeline.data[v], st.timeline.grad[v]
        if self.is_created():
            data_text = fitted_number(painter, data, room, design)
            data_role = "text" if _finite(data) else "warning"
        else:
            data_text, data_role = NOT_COMPUTED, "muted"
        grad_role = "muted" if grad is None else ("text" if _finite(grad) else "warning")
        terms = st.written.get(v)
        index = st.timeline.topo_index[v] if st.show_topo else None
        return RecordTexts(
            label,
            data_text,
            data_role,
            fitted_number(painter, grad, room, design),
            grad_role,
            v in st.flashing,
            writes_text(terms) if terms else None,
            None if index is None else f"topo[{index}]",
        )

    def _label_and_room(self, painter: QPainter, design: NodeDesign) -> tuple[str, float]:
        """The label elided to its line and the numbers' room (remembered: neither changes).

        A label whose remembered width is a pixel short of its room is taken as it is, as
        ``elidedText`` would: a node painted for the first time (most after a far follow
        jump) then measures nothing.
        """
        if self._label is None or self._label[0] is not design:
            label_box, data_box, _ = design.lines_of(self._box)
            name, room = self.state.names[self.value], label_box.width()
            if design.text_width(name, bold=True) > int(room) - 1:
                painter.setFont(design.bold)
                name = painter.fontMetrics().elidedText(name, ELIDE_RIGHT, int(room))
            self._label = (design, name, data_box.width() - design.caption_width)
        return self._label[1], self._label[2]
