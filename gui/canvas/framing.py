"""Where the canvas looks: the default framing, fit, zoom, and following the current event.

A graph whose fit still reads (node text at least ``min_text_px`` on screen) is shown
whole, and then nothing moves while stepping. A bigger graph opens at a readable scale on
the event, and follows the event: the node whose ``_backward`` runs and every node it
writes stay in view, zooming out to the readable minimum if they need it, then panning.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QTransform

from engine.drawing.layout import GROUP
from gui.canvas.following import EventFollowing
from gui.canvas.node_design import NODE_POINT_SIZE
from gui.canvas.pan_caches import drawn_rect

NODE_TEXT_PX = NODE_POINT_SIZE * 96 / 72  # node text at scale 1, at the usual 96 dpi
MIN_TEXT_PX = 11.0  # node text below this on a laptop screen does not read
HALL_MIN_TEXT_PX = 16.0  # ... nor projected, from the back of a lecture hall
MIN_READABLE = MIN_TEXT_PX / NODE_TEXT_PX  # the smallest scale that still reads (laptop)
READABLE = 1.0  # the scale big graphs open and follow at (times the text scale)
MAX_FIT = 2.0  # a tiny graph is fitted no larger than this (times the text scale)
FIT_MARGIN = 16.0
SCENE_MARGIN = 12.0  # under FIT_MARGIN: a fitted graph has nothing to scroll to


class GraphFraming(EventFollowing):
    """Framing behaviour mixed into GraphView.

    Contract with its host, a QGraphicsView (viewport, transform, fitInView, setTransform,
    centerOn, ensureVisible, scale) that provides: ``session`` (the StepSession), ``state``,
    ``item_for(node)`` (the NodeItem drawing a value, or None), ``message`` (a hint label
    along the bottom) and ``bounds``, set on every layout. Gives the host ``frame``, ``fit``,
    ``zoom_by``, ``zoom_to_current`` and ``focus_node``; following the event (``follow_node``)
    is EventFollowing's.
    """

    manual_zoom = False  # True once the user zoomed or fitted by hand: follow keeps their scale
    fitted = False  # True while the whole graph is shown by the default framing
    # How much larger than normal text should read (the font scale; presentation mode): big
    # graphs open and follow at READABLE times this, small ones fit up to MAX_FIT times it.
    text_scale = 1.0
    min_text_px = MIN_TEXT_PX  # node text on screen never gets smaller than this by itself
    bounds = QRectF()  # everything drawn, in scene coordinates (set on every layout)

    def set_reading(self, text_scale: float, min_text_px: float) -> None:
        """How large node text should read: ``text_scale`` times normal, never below a size."""
        self.text_scale = text_scale
        self.min_text_px = min_text_px

    def min_scale(self) -> float:
        """The smallest zoom at which node text still reads (``min_text_px`` on screen)."""
        return self.min_text_px / self.state.design.em if self.state else MIN_READABLE

    def text_px(self) -> float:
        """The height of node text on screen now, in pixels (the font's size times the zoom)."""
        em = self.state.design.em if self.state else NODE_TEXT_PX
        return em * self.current_scale()

    def free_area(self) -> QRect:
        """The viewport less the band a hint along the bottom takes (nodes are not put there)."""
        vp = self.viewport().rect()
        if self.message.isVisible():
            vp.setBottom(self.message.y() - 4)
        return vp

    def fit_scale(self) -> float:
        """The scale at which the whole graph would fit the free area (0 if nothing is drawn)."""
        rect = self.bounds
        if rect.isEmpty():
            return 0.0
        vp = self.free_area()
        m = 2 * FIT_MARGIN
        return min(vp.width() / (rect.width() + m), vp.height() / (rect.height() + m))

    def current_scale(self) -> float:
        """The current zoom (1 = scene pixels)."""
        return self.transform().m11()

    def seen_rect(self) -> QRectF:
        """The part of the scene the viewport shows, in scene coordinates."""
        return self.mapToScene(self.viewport().rect()).boundingRect()

    def fit(self) -> None:
        """Zoom so the whole graph fits the view (F): the whole picture, by hand."""
        rect = self.bounds
        if not rect.isEmpty():
            m = FIT_MARGIN
            self.fitInView(rect.adjusted(-m, -m, m, m), Qt.AspectRatioMode.KeepAspectRatio)
        self.manual_zoom, self.fitted = True, False

    def frame(self) -> None:
        """The default framing: the whole graph if it reads fitted, else readable at the event."""
        self.manual_zoom, self.fitted = False, False
        fit = self.fit_scale()
        if fit <= 0:
            return
        if fit >= self.min_scale():
            self._zoom_on(self.bounds, min(fit, MAX_FIT * self.text_scale))
            self.fitted = True
        else:
            self.setTransform(QTransform())  # the default scale, not one kept from before
            self._readable_on(self._opening_node())

    def resizeEvent(self, event) -> None:
        """A graph shown whole stays whole when the view resizes; a followed step stays in view.

        A panel that grows shrinks the view and would hide the current step; one the view did
        not show (framed elsewhere, or panned away by hand) is not brought back.
        """
        followed = self._followed_in_view(event)
        super().resizeEvent(event)
        if self.fitted:
            self.frame()
        elif followed:
            self.follow_node(self.state.current)

    def _followed_in_view(self, event) -> bool:
        """Whether, before this resize, the view followed a current step and showed it."""
        if not self.follow or self.state is None or self.state.current < 0:
            return False
        old = event.oldSize()
        if old.width() <= 0 or old.height() <= 0:
            return False
        # The viewport has its new size already, the scroll bars their old values.
        grown = event.size() - old
        size = self.viewport().size() - grown
        scale = self.transform().m11()
        if scale <= 0:
            return False
        top_left = self.mapToScene(0, 0)
        seen = QRectF(top_left.x(), top_left.y(), size.width() / scale, size.height() / scale)
        return seen.intersects(self.event_rect(self.state.current))

    def _opening_node(self) -> int:
        """The focus, but the loss end when a graph opens at its start inside a collapsed group.

        At the start, the loss end with the collapsed samples around it explains a batch loss;
        opened at a step (``--goto``, a pass, a session), the view shows what is running.
        """
        node = self.focus_node()
        item = self.item_for(node) if node >= 0 else None
        timeline = self.session.timeline
        if item is not None and item.kind == GROUP and timeline.position == 0:
            return timeline.graph.root
        return node

    def zoom_by(self, factor: float) -> None:
        """Zoom in (factor > 1) or out by hand, keeping the scale within sensible bounds."""
        scale = self.current_scale() * factor
        if 0.005 <= scale <= 8.0:
            self.scale(factor, factor)
            self.manual_zoom, self.fitted = True, False

    def focus_node(self) -> int:
        """The node to look at: the current event's node, else the selection, else the root."""
        tl = self.session.timeline
        if tl is None or len(tl.graph) == 0:
            return -1
        current = -1 if tl.current is None else tl.current.node
        for v in (current, self.session.selected, tl.graph.root):
            if v is not None and v >= 0 and self.item_for(v) is not None:
                return v
        return -1

    def zoom_to_current(self) -> bool:
        """Zoom to a readable scale centred on the current node (Z); False if nothing to show."""
        node = self.focus_node()
        if node < 0:
            return False
        self.manual_zoom, self.fitted = False, False
        self._readable_on(node, keep_closer=False, event=False)
        return True

    def keep_in_place(self, node: int, change: Callable[[], object]) -> None:
        """Run ``change`` (it lays the graph out again) keeping the zoom and ``node``'s place.

        Expanding a group then opens it where the user looked, instead of framing anew.
        """
        item = self.item_for(node)
        if item is None or self.state is None:
            change()
            return
        spot = QPointF(self.mapFromScene(item.scenePos()))
        scale, manual = self.current_scale(), self.manual_zoom
        change()
        moved = self.item_for(node)
        if moved is None:
            return
        self.setTransform(QTransform.fromScale(scale, scale))
        offset = spot - QPointF(self.viewport().rect().center())
        centre = moved.scenePos() - offset / scale
        half = QPointF(self.viewport().width(), self.viewport().height()) / (2 * scale)
        seen = QRectF(centre - half, centre + half)  # scrolling stops at the scene's edge
        self.scene().setSceneRect(self.scene().sceneRect().united(seen))
        self.centerOn(centre)
        self.manual_zoom, self.fitted = manual, False

    def _zoom_on(self, rect: QRectF, scale: float) -> None:
        """Zoom to ``scale`` and centre ``rect`` in the free area."""
        self.setTransform(QTransform.fromScale(scale, scale))
        band = self.viewport().height() - self.free_area().height()
        self.centerOn(rect.center() + QPointF(0, band / 2 / scale))

    def _readable_scale(self) -> float:
        """READABLE times the text scale, and never below the readable minimum."""
        return max(READABLE * self.text_scale, self.min_scale())

    def _readable_on(self, node: int, *, keep_closer: bool = True, event: bool = True) -> None:
        """A readable scale (a closer one kept) centred on ``node``, with its event in view.

        The scale gives way, down to the readable minimum, to an event that needs more room;
        without ``event`` only the node counts (Z: "zoom to the current node").
        """
        rect = self.event_rect(node) if event else self.event_rect(-1)
        readable = self._readable_scale()
        now = self.current_scale()
        scale = max(readable, now) if keep_closer and now >= self.min_scale() else readable
        if event:
            scale = min(scale, max(self.scale_to_show(rect), self.min_scale()))
        self.setTransform(QTransform.fromScale(scale, scale))
        item = self.item_for(node) if node >= 0 else None
        if item is None:
            self.centerOn(self.bounds.center())
            return
        self.centerOn(drawn_rect(item).center())
        if event:
            self._bring_into_view(node, rect)
