"""Where following the walk moves the view: to the current event and the next ones that fit.

Panning the least that shows the current event (what ``ensureVisible`` does) moved the
lecture MLP's view on about 3 of every 4 forward steps, 80-700 px back and forth: the
forward walk visits one neuron's products and sums in turn, spread over the layout. A step
that pans repaints the strips it exposes (6-15 ms against 4.5-5.5 ms), and the picture
jitters under the reader's eyes. So once the current event leaves the view, the view moves
to show it and as many of the events that follow it in the direction of travel as fit,
taken in step order; those next steps then need no pan. While it is in view nothing moves.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from PySide6.QtCore import QRectF
from PySide6.QtGui import QTransform

from engine.trace.recorder import STEP
from gui.canvas.pan_caches import drawn_rect

FOLLOW_MARGIN = 40  # device px kept between the followed event and the view's edge
AHEAD = 48  # events looked at past the current one: more never fit a readable view


def event_values(trace, i: int) -> list[int]:
    """The values event ``i`` shows: its node, then the children a backward step writes."""
    values = [int(trace.node[i])]
    if trace.kind[i] == STEP:
        k = trace.arg[i]
        values += trace.w_child[trace.step_start[k] : trace.step_start[k + 1]]
    return values


def next_events(i: int, heading: int, length: int) -> range:
    """The trace indices of the events after event ``i`` in the direction of travel.

    Forward (``heading`` > 0) they are the next events; back, the previous ones, which
    stepping back makes current in turn.
    """
    if heading >= 0:
        return range(i + 1, min(i + 1 + AHEAD, length))
    return range(i - 1, max(i - 1 - AHEAD, -1), -1)


def followed_view(
    seen: QRectF, current: QRectF, ahead: Iterable[QRectF | None], margin: float
) -> QRectF:
    """``seen`` moved to show ``current`` and as many of ``ahead`` (in order) as fit with it.

    Nothing moves while ``current`` is in view. ``ahead`` stops at the first event that
    would not fit with those before it (a None is an event with nothing drawn: skipped):
    the steps up to it need no pan. It stops too where showing one more would move the view
    further than its size, when showing ``current`` alone would not: all of the view would
    be new and repainted (on the lecture MLP, 22 -> 28 of 200 forward steps without this).
    """
    if seen.contains(current):
        return seen
    room_w, room_h = seen.width() - 2 * margin, seen.height() - 2 * margin
    wanted, target = current, _shown(seen, current, margin)
    near = not _jumps(seen, target)
    for rect in ahead:
        if rect is None:
            continue
        grown = wanted.united(rect)
        if grown.width() > room_w or grown.height() > room_h:
            break
        moved = _shown(seen, grown, margin)
        if near and _jumps(seen, moved):
            break
        wanted, target = grown, moved
    return target


def _shown(seen: QRectF, rect: QRectF, margin: float) -> QRectF:
    """``seen`` moved the least that shows ``rect`` with ``margin`` around it."""
    return panned_to_show(seen, rect.adjusted(-margin, -margin, margin, margin))


def _jumps(seen: QRectF, moved: QRectF) -> bool:
    """Whether moving ``seen`` to ``moved`` goes further than the view: all of it is new."""
    return (
        abs(moved.left() - seen.left()) >= seen.width()
        or abs(moved.top() - seen.top()) >= seen.height()
    )


def panned_to_show(seen: QRectF, rect: QRectF) -> QRectF:
    """``seen`` moved the least that shows ``rect``; its top left if ``rect`` is bigger."""
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


ODD_DENOMINATORS = range(1, 16, 2)  # zooms p/q, q odd: 14/15 = 0.933 is the finest step under 1


def halves_free(needed: float, least: float) -> float:
    """The zoom to follow at when the event needs ``needed`` and reading needs ``least``.

    Nodes sit on whole scene pixels; at a zoom p/q with q odd none lands on half a device
    pixel (n * p / q = k + 1/2 would make 2np odd), so a pan moves every item's cached
    pixmap by whole device pixels and none has to be repainted (gui.canvas.pan_caches). The
    largest such zoom at most ``needed`` and at least ``least``; where none lies between,
    the smallest above ``least`` (the readable minimum, 11/12 at 1:1, is no such zoom).
    """
    target = max(needed, least)
    below = [math.floor(target * q + 1e-9) / q for q in ODD_DENOMINATORS]
    fits = [z for z in below if z >= least]
    if fits:
        return max(fits)
    return min(math.ceil(least * q - 1e-9) / q for q in ODD_DENOMINATORS)


def within(seen: QRectF, limits: QRectF) -> QRectF:
    """``seen`` moved inside ``limits`` where it fits (the scroll bars stop at the scene's edge)."""
    dx = dy = 0.0
    if seen.width() <= limits.width():
        dx = max(limits.left() - seen.left(), 0.0) + min(limits.right() - seen.right(), 0.0)
    if seen.height() <= limits.height():
        dy = max(limits.top() - seen.top(), 0.0) + min(limits.bottom() - seen.bottom(), 0.0)
    return seen.translated(dx, dy)


class EventFollowing:
    """Following the current event, mixed into GraphView through GraphFraming.

    Contract with its host, a QGraphicsView that provides ``session``, ``state``,
    ``item_for(node)``, ``manual_zoom``, ``min_scale()``, ``current_scale()``,
    ``seen_rect()``, ``free_area()`` and ``_readable_on(node)`` (GraphFraming's).
    """

    heading = 1  # the way the walk goes: 1 forward, -1 back (the follow looks ahead that way)

    def follow_node(self, node: int) -> None:
        """Keep ``node`` in view (and, for the current node, every node its event writes).

        A view zoomed out past reading comes back to a readable scale unless the user zoomed
        by hand; nothing moves while all of the event is in view; an event too big for the
        view zooms out down to the readable minimum. Then the view moves to the current
        event and as many of the next as fit (``follow_view``): the next steps need no pan.
        """
        if self.item_for(node) is None:
            return
        scale = self.current_scale()
        if not self.manual_zoom and scale < self.min_scale():
            self._readable_on(node)
            return
        rect = self.event_rect(node)
        if self.seen_rect().contains(rect):
            return
        needed = self.scale_to_show(rect)
        if not self.manual_zoom and needed < scale:
            scale = halves_free(needed, self.min_scale())
            self.setTransform(QTransform.fromScale(scale, scale))
        position = self.session.timeline.position
        if self.state is not None and node == self.state.current and position > 0:
            self._scroll_to(self.follow_view(self.free_seen(), position - 1, self.heading))
        else:  # a node that is not the current event's (training's live canvas focus)
            self._bring_into_view(node, rect)

    def follow_view(self, seen: QRectF, i: int, heading: int) -> QRectF:
        """Where following event ``i`` (the next ones by ``heading``) moves the view ``seen``.

        The one answer both the follow and the look-ahead (which makes the views the
        follow will go to while the window is idle) take, at the current scale.
        """
        trace, scale = self.session.timeline.trace, self.current_scale() - 1e-9
        current = self._shown_rect(event_values(trace, i), scale)
        if current is None:
            return seen
        ahead = (
            self._shown_rect(event_values(trace, j), scale)
            for j in next_events(i, heading, len(trace))
        )
        target = followed_view(seen, current, ahead, FOLLOW_MARGIN / self.current_scale())
        return within(target, self.sceneRect())

    def free_seen(self) -> QRectF:
        """The part of the scene the free area shows (the viewport less a hint's band)."""
        return self.mapToScene(self.free_area()).boundingRect()

    def _scroll_to(self, seen: QRectF) -> None:
        """Scroll the viewport's top left to ``seen``'s (the transform only scales)."""
        scale = self.current_scale()
        self.horizontalScrollBar().setValue(round(seen.left() * scale))
        self.verticalScrollBar().setValue(round(seen.top() * scale))

    def _bring_into_view(self, node: int, rect: QRectF) -> None:
        """Pan the least that shows ``rect``; if it cannot fit, the node and its nearest writes.

        A ``w*x`` whose ``x`` feeds neurons far down the graph can span more than the view
        at the readable minimum: the node stays in view with as many writes as fit.
        """
        scale = self.current_scale() - 1e-9
        if self.scale_to_show(rect) < scale:
            rect = self._fitting_part([node, *self._written_by(node)], scale)
        self.ensureVisible(rect, FOLLOW_MARGIN, FOLLOW_MARGIN)

    def _shown_rect(self, values: list[int], scale: float) -> QRectF | None:
        """The rect of ``values`` (a node, what it writes), or of the part that fits ``scale``."""
        values = [v for v in values if v >= 0 and self.item_for(v) is not None]
        rect = self._values_rect(values)
        if rect is not None and self.scale_to_show(rect) < scale:
            rect = self._fitting_part(values, scale)
        return rect

    def _fitting_part(self, values: list[int], scale: float) -> QRectF:
        """The first value's rect with the nearest others' rects that still fit at ``scale``."""
        rect = self._values_rect(values[:1])
        centre = rect.center()
        others = [r for r in (self._values_rect([v]) for v in values[1:]) if r is not None]
        others.sort(key=lambda r: (r.center() - centre).manhattanLength())
        for other in others:
            grown = rect.united(other)
            if self.scale_to_show(grown) >= scale:
                rect = grown
        return rect

    def _values_rect(self, values: list[int]) -> QRectF | None:
        """The scene rect of the items drawing ``values`` (None if none is drawn)."""
        rect = None
        for v in values:
            item = self.item_for(v) if v >= 0 else None
            if item is not None:
                drawn = drawn_rect(item)  # not its whole-pixel bounds: they depend on where it lies
                rect = drawn if rect is None else rect.united(drawn)
        return rect

    def _written_by(self, node: int) -> list[int]:
        """The values the current event writes, if ``node`` is the current event's node."""
        st = self.state
        return list(st.written) if st is not None and node == st.current else []

    def event_rect(self, node: int) -> QRectF:
        """The scene rect of ``node``'s item and, if it is the current node, what it writes."""
        rect = self._values_rect([node, *self._written_by(node)]) if node >= 0 else None
        return QRectF(self.bounds.center(), self.bounds.center()) if rect is None else rect

    def scale_to_show(self, rect: QRectF) -> float:
        """The largest scale at which ``rect`` and a follow margin fit the free area."""
        vp = self.free_area()
        m = 2 * FOLLOW_MARGIN
        return min(vp.width() / (rect.width() + m), vp.height() / (rect.height() + m))
