"""Problem flags on the canvas: a red frame and a ✗ badge on each node a problem names.

A flag shows once the cursor is at or past the step where its problem happens, so going
back before the bug takes the flag away again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from gui.canvas.graph_view import GraphView
from gui.models.recording_session import RecordingSession
from gui.models.step_session import StepSession

if TYPE_CHECKING:  # the diagnoses load with a recording, not with the window
    from engine.explain.diagnoses import Problem

FRAME_MARGIN = 3.0  # inside the topo[i] badge's line above the box
BADGE_GAP = 4.0  # between the badge and a += text on the same line
MARK = "✗"  # the badge alone, beside a += text that leaves no room for the kind


class ProblemFlag(QGraphicsItem):
    """The flag of one node: a frame around its box and ``✗ kind`` under its left corner.

    Under, not over: the line above a box holds its ``topo[i]`` badge. The line under it
    holds the node's ``+=`` while a step writes its grad: then the badge keeps left of the
    ``+=`` text, as ``✗`` alone if the kind does not fit there (the problems panel and the
    note under the code say it), so it reaches no further than a mark past the box.
    """

    def __init__(
        self,
        box: QRectF,
        color: QColor,
        font: QFont,
        writes: Callable[[], QRectF | None] = lambda: None,
    ) -> None:
        super().__init__()
        self._frame = box.adjusted(-FRAME_MARGIN, -FRAME_MARGIN, FRAME_MARGIN, FRAME_MARGIN)
        self._color = color
        self._font = font
        self._writes = writes  # where the node's += text is now (read when painting)
        self._text = ""
        self._width = 0.0
        self._mark_width = self._text_width(MARK)
        self._line = QFontMetricsF(font).height()
        self.setZValue(3)  # over nodes and edges

    def _text_width(self, text: str) -> float:
        return QFontMetricsF(self._font).horizontalAdvance(text) + 6  # 3 px each side

    def set_kinds(self, kinds: list[str]) -> None:
        """Show these problem kinds in the badge (none: the flag is hidden)."""
        text = f"{MARK} " + ", ".join(dict.fromkeys(kinds)) if kinds else ""
        if text != self._text:
            self.prepareGeometryChange()  # the badge's width is part of the bounds
            self._text = text
            self._width = self._text_width(text)
            self.update()
        self.setVisible(bool(kinds))

    def text(self) -> str:
        """The badge's text (for tests)."""
        return self._text

    def badge(self) -> tuple[QRectF, str]:
        """The badge's rect and text now: ``✗ kind`` under the box, or ``✗`` left of a ``+=``."""
        f = self._frame
        writes = self._writes()
        if writes is None or f.left() + self._width + BADGE_GAP <= writes.left():
            return QRectF(f.left(), f.bottom() + 1, self._width, self._line), self._text
        left = min(f.left(), writes.left() - BADGE_GAP - self._mark_width)
        return QRectF(left, f.bottom() + 1, self._mark_width, self._line), MARK

    def boundingRect(self) -> QRectF:
        """The frame, and the badge line under it wherever the badge can be on that line."""
        f = self._frame
        left = f.left() + FRAME_MARGIN - BADGE_GAP - self._mark_width  # a += starts in the box
        right = max(f.right(), f.left() + self._width)
        return QRectF(left - 2, f.top() - 2, right - left + 4, f.height() + self._line + 4)

    def paint(
        self, painter: QPainter, _option: QStyleOptionGraphicsItem, _widget: QWidget | None = None
    ) -> None:
        """A frame that stays 3 pixels wide at any zoom, and the badge."""
        pen = QPen(self._color, 3)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(self._frame, 6, 6)
        painter.setFont(self._font)
        badge, text = self.badge()
        # opaque, so it reads over an edge passing under the box
        views = self.scene().views() if self.scene() is not None else []
        if views:
            painter.fillRect(badge, views[0].backgroundBrush())
        painter.drawText(badge.adjusted(3, 0, 0, 0),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                         text)  # fmt: skip


class ProblemFlags(QObject):
    """Keeps one ProblemFlag per node named by a problem of the pass ``view`` shows."""

    def __init__(self, session: StepSession, recordings: RecordingSession, view: GraphView) -> None:
        super().__init__(view)
        self._session = session
        self._recordings = recordings
        self._view = view
        self.flags: dict[int, ProblemFlag] = {}
        self._problems: dict[int, list[Problem]] = {}
        view.sig_relaid.connect(self._rebuild)
        session.sig_loaded.connect(self._rebuild)
        session.sig_moved.connect(self._on_moved)
        recordings.sig_opened.connect(self._rebuild)

    def shown(self) -> dict[int, str]:
        """The nodes flagged at the cursor, each with its badge text."""
        return {v: f.text() for v, f in self.flags.items() if f.isVisible()}

    def _rebuild(self) -> None:
        """New flags for the graph as now drawn (a relayout clears the scene and its items)."""
        for flag in self.flags.values():
            if shiboken6.isValid(flag) and flag.scene() is not None:
                flag.scene().removeItem(flag)
        self.flags, self._problems = {}, {}
        view, drawn = self._view, self._view.drawn
        if drawn is None:
            return
        for p in self._recordings.problems:
            self._problems.setdefault(p.node, []).append(p)
        color = view.graph_palette.color("warning")
        font = QFont(view.state.bold)  # the node text's: its line is the one the layout keeps
        for node in self._problems:
            item = view.item_for(node)
            if item is None:
                continue
            d = item.d
            w, h = float(drawn.width[d]), float(drawn.height[d])
            flag = ProblemFlag(QRectF(-w / 2, -h / 2, w, h), color, font, item.writes_rect)
            flag.setParentItem(item)  # moves, hides and goes away with its node
            self.flags[node] = flag
        self._on_moved(set())

    def _on_moved(self, _changed: object) -> None:
        timeline = self._session.timeline
        if timeline is None or not self.flags:
            return
        at = timeline.position
        for node, flag in self.flags.items():
            if not shiboken6.isValid(flag):
                continue
            flag.set_kinds([p.kind for p in self._problems[node] if p.position <= at])
            if flag.isVisible():
                flag.update()  # its node's += line may have come or gone: the badge moves
