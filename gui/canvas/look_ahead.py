"""While the window is idle, make the edge tiles and node pictures of where the next steps go.

A lecturer clicks every few seconds; the frames between are idle. Following the walk, a
step whose node is out of view pans the view there (on the presented 4,824-node graph,
about 45 of 200 forward steps jump further than the view) and strokes all of its edges.
The next events' nodes are known, so the panned-to views are too: their edge tiles, and
pictures of their nodes' looks (gui.canvas.node_pictures), are made before the click, in
slices short enough never to hold up input.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QRectF, QTimer
from PySide6.QtGui import QImage, QPainter

from gui.canvas.framing import FOLLOW_MARGIN
from gui.canvas.items import LOD_TEXT, NodeItem

IDLE_MS = 80  # this long after a step without another, the window counts as idle
SLICE_S = 0.004  # at most this long of tile making per turn of the event loop
AHEAD = 12  # events looked ahead for views the follow will pan to
TARGETS = 2  # at most this many such views made (the tiles' budget holds ~4.5 views)


class LookAhead(QObject):
    """Makes ``view``'s edge tiles for what it shows, then for the next follow targets."""

    enabled = True  # False: no tiles are made (a benchmark's peer measures without them)

    def __init__(self, view) -> None:
        super().__init__(view)
        self.view = view
        self._plan: list[QRectF] | None = None
        self._nodes: list[NodeItem] | None = None  # the first planned view's, to make pictures of
        self._first = True  # the first planned view is the one shown: its nodes are painted
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._on_timeout)

    def restart(self) -> None:
        """The view moved or changed: plan again once the window is idle."""
        self._plan = self._nodes = None
        if self.enabled:
            self._timer.start(IDLE_MS)

    def done(self) -> bool:
        """Whether every planned tile is made (nothing is pending)."""
        return self._plan == [] and not self._timer.isActive()

    def _on_timeout(self) -> None:
        view = self.view
        # Tiles are device pixels of a 1x screen: a high-dpi one strokes directly anyway.
        hidpi = view.viewport().devicePixelRatioF() != 1.0
        if view.edges is None or not view.edges.isVisible() or not view.follow or hidpi:
            self._plan = []
            return
        if self._plan is None:
            self._plan, self._first = self.regions(), True
        until = time.perf_counter() + SLICE_S
        world = view.viewportTransform()
        while self._plan:
            if not view.edges.prerender(world, self._plan[0], until) or not self._pictures(until):
                self._timer.start(0)  # the rest on the next turn of the event loop
                return
            self._plan.pop(0)
            self._nodes, self._first = None, False

    def _pictures(self, until: float) -> bool:
        """Make pictures of the first planned view's nodes, until ``until``; whether all are."""
        view = self.view
        pictures = view.state.pictures if view.state is not None else None
        if self._first or pictures is None or view.current_scale() < LOD_TEXT:
            return True
        if self._nodes is None:
            found = view.scene().items(self._plan[0])
            self._nodes = [item for item in found if isinstance(item, NodeItem)]
        scratch = QImage(1, 1, QImage.Format.Format_ARGB32_Premultiplied)
        measure = QPainter(scratch)  # measures the looks' texts as a paint does
        try:
            hints, to_view = view.renderHints(), view.viewportTransform()
            while self._nodes:
                if time.perf_counter() > until:
                    return False
                item = self._nodes.pop()
                world = item.deviceTransform(to_view)
                look = item.look(measure)
                pictures.prepare(world, hints, item.extent(look), look, view.design)
        finally:
            measure.end()
        return True

    def regions(self) -> list[QRectF]:
        """The view now, then the views the next events' nodes will pan it to (forward)."""
        view = self.view
        seen = view.seen_rect()
        plan = [seen]
        tl = view.session.timeline
        if tl is None:
            return plan
        nodes = tl.trace.node
        margin = FOLLOW_MARGIN / max(view.current_scale(), 1e-9)
        for i in range(tl.position, min(tl.position + AHEAD, len(nodes))):
            item = view.item_for(int(nodes[i])) if nodes[i] >= 0 else None
            if item is None:
                continue
            rect = item.sceneBoundingRect().adjusted(-margin, -margin, margin, margin)
            if not seen.contains(rect):
                seen = panned_to_show(seen, rect)
                plan.append(seen)
                if len(plan) > TARGETS:
                    break
        return plan


def panned_to_show(seen: QRectF, rect: QRectF) -> QRectF:
    """``seen`` moved the least that shows ``rect`` (as ``ensureVisible`` pans), if it fits."""
    dx = dy = 0.0
    if rect.left() < seen.left() or rect.width() > seen.width():
        dx = rect.left() - seen.left()
    elif rect.right() > seen.right():
        dx = rect.right() - seen.right()
    if rect.top() < seen.top() or rect.height() > seen.height():
        dy = rect.top() - seen.top()
    elif rect.bottom() > seen.bottom():
        dy = rect.bottom() - seen.bottom()
    return seen.translated(dx, dy)
