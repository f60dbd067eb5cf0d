"""The look of the canvas's nodes, measured from their fonts: stacked records, op circles, gaps.

A value record is three short lines (label, ``data``, ``grad``) rather than draw_dot's one
long line: a column of records is then about seven characters wide, so a 30-node graph
fits a laptop window with its text still readable.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QFontInfo, QFontMetricsF, QTextLayout, QTextOption

from engine.drawing.node_sizes import NodeSizes, widest_texts
from engine.trace.trace import Trace

NODE_POINT_SIZE = 9.0
LABEL_MAX_EM = 8.0  # a longer label is elided in the box (the inspector shows it whole)
MIN_RECORD_EM = 4.0
GAP_EM = 1.0  # between columns: room for an edge and its arrowhead
GROUP_EM = 21.0  # "sample 17 (652 nodes)" and "data … · grad …"
CAPTIONS = ("data", "grad")
LAYOUTS_MAX = 20_000  # texts kept laid out (a few MB), then all dropped
UNBOUNDED = 0x01000000  # the line width drawText gives a line it does not wrap
ONE_LINE = QTextOption()
ONE_LINE.setWrapMode(QTextOption.WrapMode.NoWrap)


def _font(bold: bool) -> QFont:
    font = QFont("Sans", -1, QFont.Weight.Bold if bold else QFont.Weight.Normal)
    font.setPointSizeF(NODE_POINT_SIZE)
    return font


class MeasuredOnDemand(Sequence[float]):
    """Per value, a width measured the first time the layout asks for it.

    A collapsed 66,000-value graph draws ~100 records: measuring every label would take
    seconds (about 30 µs each) for boxes that are never drawn.
    """

    def __init__(self, n: int, measure: Callable[[int], float]) -> None:
        self._n = n
        self._measure = measure
        self._known: dict[int, float] = {}

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, v: int) -> float:  # type: ignore[override]
        if not -self._n <= v < self._n:
            raise IndexError(v)
        v %= self._n
        if v not in self._known:
            self._known[v] = self._measure(v)
        return self._known[v]


@dataclass(frozen=True)
class NodeDesign:
    """Fonts and the measured geometry of records, op nodes and groups, in scene pixels."""

    font: QFont = field(default_factory=lambda: _font(False))
    bold: QFont = field(default_factory=lambda: _font(True))

    @cached_property
    def metrics(self) -> QFontMetricsF:
        """The node font's metrics (measured once: records are measured by the hundred)."""
        return QFontMetricsF(self.font)

    @cached_property
    def bold_metrics(self) -> QFontMetricsF:
        """The bold node font's metrics."""
        return QFontMetricsF(self.bold)

    @cached_property
    def em(self) -> float:
        """The node text's size in pixels at scale 1 (what ``text_px`` multiplies)."""
        return float(QFontInfo(self.font).pixelSize())

    @cached_property
    def line(self) -> float:
        """The height of one line of node text."""
        return self.metrics.height()

    @property
    def pad(self) -> float:
        """Space between a record's border and its text, left and right."""
        return round(self.em * 0.4)

    @property
    def record_height(self) -> float:
        """Label line, a rule, data line and grad line, with a little room above and below."""
        return 3 * self.line + 9

    def record_lines(self, box: QRectF) -> tuple[QRectF, QRectF, QRectF]:
        """The label, data and grad lines of a record drawn in ``box``."""
        return self.lines_of((box.x(), box.y(), box.width(), box.height()))

    def lines_of(self, box: tuple[float, float, float, float]) -> tuple[QRectF, QRectF, QRectF]:
        """``record_lines`` of the box (x, y, width, height), remembered: not to be changed.

        A record's paint asks two or three times (its look, its frame, its texts), 9 µs each
        to make; a graph's records come in a few dozen sizes and places within their boxes.
        """
        known = self._lines.get(box)
        if known is None:
            x, top, w, line = box[0] + self.pad, box[1] + 3, box[2] - 2 * self.pad, self.line
            label = QRectF(x, top, w, line)
            data = QRectF(x, top + line + 3, w, line)
            known = self._lines[box] = (label, data, data.translated(0, line))
        return known

    @cached_property
    def _lines(self) -> dict[tuple[float, float, float, float], tuple[QRectF, QRectF, QRectF]]:
        return {}

    def rule_y(self, top: float) -> float:
        """Where the rule under the label of a record whose box's top is ``top`` runs."""
        return top + 4.5 + self.line

    @cached_property
    def caption_width(self) -> float:
        """The room the ``data`` / ``grad`` captions take, with the space after them."""
        fm = self.metrics
        return max(fm.horizontalAdvance(c) for c in CAPTIONS) + round(self.em * 0.6)

    def record_width(self, label: str, data_text: str, grad_text: str, extra: str = "") -> float:
        """The width of a record showing these texts (the label elided past LABEL_MAX_EM).

        ``extra`` is bold text drawn above or below the box (its topo badge, its ``+=``
        line): the box is made as wide, so that text never spills over a neighbour.
        """
        width = self.text_width
        numbers = self.caption_width + max(width(data_text), width(grad_text))
        label_w = min(width(label, bold=True), LABEL_MAX_EM * self.em)
        inner = max(numbers, label_w, MIN_RECORD_EM * self.em)
        return round(max(inner + 2 * self.pad, width(extra, bold=True) + 2) + 1)

    def text_width(self, text: str, *, bold: bool = False) -> float:
        """The width of ``text`` in the node font; remembered, as most numbers repeat."""
        key = (text, bold)
        known = self._widths.get(key)
        if known is None:
            metrics = self.bold_metrics if bold else self.metrics
            known = self._widths[key] = metrics.horizontalAdvance(text)
        return known

    @cached_property
    def _widths(self) -> dict[tuple[str, bool], float]:
        return {}

    def text_layout(self, text: str, *, bold: bool = False) -> tuple[QTextLayout, float, float]:
        """``text`` laid out as one line in the node font: the layout, its width and height.

        Remembered (numbers and captions repeat), up to LAYOUTS_MAX texts: ``drawText``
        lays its text out again on every call, about half of its cost.
        """
        key = (text, bold)
        known = self._layouts.get(key)
        if known is None:
            if len(self._layouts) >= LAYOUTS_MAX:  # a live canvas shows ever new numbers
                self._layouts.clear()
            layout = QTextLayout(text, self.bold if bold else self.font)
            layout.setCacheEnabled(True)  # its glyphs kept with it, as drawText keeps them
            layout.setTextOption(ONE_LINE)
            layout.beginLayout()
            line = layout.createLine()
            line.setLineWidth(UNBOUNDED)  # as drawText lays out a line it does not wrap
            layout.endLayout()
            # drawText centres the line's ascent + descent, not its height (rounded up)
            height = line.ascent() + line.descent()
            known = self._layouts[key] = (layout, line.naturalTextWidth(), height)
        return known

    @cached_property
    def _layouts(self) -> dict[tuple[str, bool], tuple[QTextLayout, float, float]]:
        return {}

    def op_size(self, op: str) -> tuple[float, float]:
        """Width and height of an op node's ellipse (a circle for a one-character op)."""
        height = round(self.line * 1.5)
        text = self.metrics.horizontalAdvance(op)
        return max(height, round(text + 0.7 * self.em)), height

    def sizes(self, trace: Trace) -> NodeSizes:
        """The size of every record and op node of ``trace``'s graph, for the layout."""
        graph = trace.graph
        data, grad, writes = widest_texts(trace)
        names, ops = trace.names, graph.ops
        badge = f"topo[{len(graph) - 1}]"

        def record(v: int) -> float:
            return self.record_width(names[v], data[v], grad[v], max(badge, writes[v], key=len))

        def op(v: int) -> float:
            return self.op_size(ops[v])[0] if ops[v] else 0.0

        line = self.line
        return NodeSizes(
            MeasuredOnDemand(len(graph), record),
            MeasuredOnDemand(len(graph), op),
            record_height=self.record_height,
            op_height=self.op_size("+")[1],
            group_width=round(GROUP_EM * self.em),
            group_height=round(2 * line + 8),
            row=round(self.record_height + 2 * line + 6),  # topo badge above, "+=" below
            gap=round(GAP_EM * self.em),
        )
