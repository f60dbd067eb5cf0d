"""While the window is idle, make the edge tiles and node pictures of where the next steps go.

A lecturer clicks every few seconds; the frames between are idle. Following the walk, a
step whose event is out of view moves the view (on the presented 4,824-node graph, about
40 of 200 forward steps jump further than the view) and strokes all of its edges. The
next events are known, so the views moved to are too (the follow's own ``follow_view``
says where): their edge tiles, and pictures of their nodes' looks
(gui.canvas.node_pictures), are made before the click, in slices short enough never to
hold up input.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QRectF, QTimer
from PySide6.QtGui import QImage, QPainter

from gui.canvas.following import next_events
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
        """The view now, then the views following the next events will move it to.

        The next events in the direction the walk goes; where each moves the view is the
        follow's own answer (``follow_view``), so the views made are the ones it goes to.
        """
        view = self.view
        seen = view.seen_rect()
        plan = [seen]
        tl = view.session.timeline
        if tl is None:
            return plan
        free = view.free_seen()
        for i in next_events(tl.position - 1, view.heading, len(tl.trace))[:AHEAD]:
            moved = view.follow_view(free, i, view.heading)
            if moved != free:
                free = moved
                plan.append(QRectF(moved.topLeft(), seen.size()))
                if len(plan) > TARGETS:
                    break
        return plan
