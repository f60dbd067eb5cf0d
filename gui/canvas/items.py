"""Scene items of the graph canvas: value records, op nodes, groups and their in-edges.

Items keep only their drawn id; ``paint`` reads the timeline and the highlight sets from
one shared ``CanvasState``, so a step updates a node by calling ``item.update()`` and
nothing is rebuilt.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QStyleOptionGraphicsItem, QWidget

from engine.drawing.layout import GROUP, OP, RECORD, DrawnLayout
from engine.drawing.node_sizes import fmt4, writes_text
from engine.trace.events import BACKWARD, TOPO, BackwardStep
from engine.trace.timeline import Timeline
from gui.canvas.node_design import NodeDesign
from gui.canvas.node_look import BADGE, CENTRE, LEFT, RIGHT, WRITES, fitted_number, node_look
from gui.look.palette import LIGHT, GraphPalette

__all__ = ["LOD_TEXT", "CanvasState", "NodeItem", "fmt4"]

LOD_TEXT = 0.4  # below this scale nodes are drawn as plain boxes, without text
NOT_COMPUTED = "—"


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
    written: dict[int, list[float]] = field(default_factory=dict)  # child -> its += terms
    flashing: set[int] = field(default_factory=set)
    selected: int = -1
    color_by_grad: bool = False
    grad_scale: float = 1.0
    show_topo: bool = False  # topo[i] badges (topological sort and backward phases)
    sorting: bool = False  # visited borders (topological sort phase only)
    design: NodeDesign = field(default_factory=NodeDesign)

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
        event = self.timeline.current
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
        line = state.design.line
        self.setRect(self._rect.adjusted(-4, -line - 2, 4, line + 2))  # badge, += terms
        self.setPen(Qt.PenStyle.NoPen)
        self.setPos(float(state.layout.x[d]), float(state.layout.y[d]))
        self.setZValue(1)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self._label: tuple[float, str] | None = None  # (room, the label elided to it)
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
        r, design = self._rect, self.state.design
        width = design.text_width(writes_text(terms), bold=True)
        return QRectF(r.center().x() - width / 2, r.bottom() + 1, width, design.line)

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
        """Draw the node for the current timeline position."""
        st = self.state
        if self.kind == OP:
            self._painted = self._op_look()
        look = node_look(st.palette)
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        painter.setPen(self._pen())
        painter.setBrush(self._brush(look))
        if lod < LOD_TEXT:  # far out: plain boxes, no antialiasing, no text
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.drawRect(self._rect)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if self.kind == OP:
            painter.drawEllipse(self._rect)
        else:
            painter.drawRoundedRect(self._rect, 4, 4)
        painter.setFont(st.font)
        painter.setPen(look.color["text"])
        if self.kind == OP:
            painter.drawText(self._rect, CENTRE, st.timeline.graph.ops[self.value])
        elif self.kind == GROUP:
            painter.drawText(self._rect, CENTRE, self.text())
        else:
            self._paint_record(painter)
        self._paint_badge(painter)

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
        if st.color_by_grad and grad is not None and grad != 0 and math.isfinite(grad):
            base, tint = QColor(pal.node), QColor(pal.positive if grad > 0 else pal.negative)
            t = min(1.0, abs(grad) / st.grad_scale) * 0.75
            return QColor.fromRgbF(
                *(
                    a + (b - a) * t
                    for a, b in zip(base.getRgbF()[:3], tint.getRgbF()[:3], strict=True)
                )
            )
        return QColor(pal.node)

    def _paint_record(self, painter: QPainter) -> None:
        """Label over a rule, then ``data`` and ``grad`` with their numbers right-aligned."""
        st, v, r = self.state, self.value, self._rect
        color = node_look(st.palette).color
        design = st.design
        created = self.is_created()
        data, grad = st.timeline.data[v], st.timeline.grad[v]
        label_box, data_box, grad_box = design.record_lines(r)
        painter.setPen(node_look(st.palette).rule)
        rule = design.rule_y(r)
        painter.drawLine(QPointF(r.left() + 1, rule), QPointF(r.right() - 1, rule))
        if v in st.flashing:
            painter.fillRect(grad_box.adjusted(-2, 0, 2, 0), color["flash"])
        painter.setFont(st.bold)
        painter.setPen(color["text"])
        painter.drawText(label_box, CENTRE, self._elided_label(painter, label_box.width()))
        painter.setFont(st.font)
        painter.setPen(color["muted"])
        painter.drawText(data_box, LEFT, "data")
        painter.drawText(grad_box, LEFT, "grad")
        room = data_box.width() - design.caption_width
        if created:
            painter.setPen(color["text" if _finite(data) else "warning"])
            painter.drawText(data_box, RIGHT, fitted_number(painter, data, room, design))
        else:
            painter.drawText(data_box, RIGHT, NOT_COMPUTED)
        role = "muted" if grad is None else ("text" if _finite(grad) else "warning")
        painter.setPen(color[role])
        painter.drawText(grad_box, RIGHT, fitted_number(painter, grad, room, design))
        below = self.writes_rect()
        if below is not None:
            painter.setPen(color["written"])
            painter.setFont(st.bold)
            painter.drawText(below, WRITES, writes_text(st.written[v]))

    def _elided_label(self, painter: QPainter, room: float) -> str:
        """The record's label elided to ``room`` (remembered: neither changes while drawn)."""
        if self._label is None or self._label[0] != room:
            name = self.state.names[self.value]
            elided = painter.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, int(room))
            self._label = (room, elided)
        return self._label[1]

    def _paint_badge(self, painter: QPainter) -> None:
        st = self.state
        if not st.show_topo or self.kind != RECORD:
            return
        index = st.timeline.topo_index[self.value]
        if index is None:
            return
        painter.setPen(node_look(st.palette).color["appended"])
        painter.setFont(st.bold)
        r, line = self._rect, st.design.line
        painter.drawText(
            QRectF(r.left(), r.top() - line - 1, r.width(), line), BADGE, f"topo[{index}]"
        )
