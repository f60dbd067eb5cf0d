"""Where the canvas looks: the default framing, fit, zoom, follow and zoom to the current node.

A fitted big graph is unreadable (its text is dropped by the level of detail), so the
default framing fits only when the fit still reads; otherwise it opens at a readable
scale centred on the active node, or on the root (the loss end) before anything is active.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QTransform

from engine.drawing.layout import GROUP

NODE_FONT_PT = 9.0  # the canvas's node text at scale 1 (CanvasState.font)
MIN_READABLE_PT = 8.0  # node text below this on screen does not read
MIN_READABLE = MIN_READABLE_PT / NODE_FONT_PT  # the smallest scale that still reads
READABLE = 1.0  # the scale the default framing and "Zoom to current node" use
FIT_MARGIN = 20.0
FOLLOW_MARGIN = 60


class GraphFraming:
    """Framing behaviour mixed into GraphView.

    Contract with its host, a QGraphicsView (viewport, transform, fitInView, setTransform,
    centerOn, ensureVisible, scale) that provides: ``session`` (the StepSession),
    ``item_for(node)`` (the NodeItem drawing a value, or None), ``_detail`` (the parent item
    of the node items) and ``bounds``, set on every layout. Gives the host ``frame``, ``fit``,
    ``zoom_by``, ``zoom_to_current``, ``follow_node`` and ``focus_node``.
    """

    manual_zoom = False  # True once the user zoomed or fitted by hand: follow keeps their scale
    # How much larger than normal text should read (presentation mode, Ctrl+=): a big graph
    # opens and follows at READABLE times this, so the projected nodes grow with the slide text.
    text_scale = 1.0
    bounds = QRectF()  # everything drawn, in scene coordinates (set on every layout)

    def fit_scale(self) -> float:
        """The scale at which the whole graph would fit the viewport (0 if nothing is drawn)."""
        rect = self.bounds
        if rect.isEmpty():
            return 0.0
        vp = self.viewport().rect()
        m = 2 * FIT_MARGIN
        return min(vp.width() / (rect.width() + m), vp.height() / (rect.height() + m))

    def current_scale(self) -> float:
        """The current zoom (1 = scene pixels)."""
        return self.transform().m11()

    def fit(self) -> None:
        """Zoom so the whole graph fits the view (F): the whole picture, by hand."""
        self._fit_whole()
        self.manual_zoom = True

    def _fit_whole(self) -> None:
        rect = self.bounds
        if not rect.isEmpty():
            m = FIT_MARGIN
            self.fitInView(rect.adjusted(-m, -m, m, m), Qt.AspectRatioMode.KeepAspectRatio)

    def frame(self) -> None:
        """The default framing: the whole graph if it reads fitted, else readable at the focus."""
        self.manual_zoom = False
        if self.fit_scale() >= MIN_READABLE:
            self._fit_whole()
        else:
            self.setTransform(QTransform())  # the default scale, not one kept from before
            self._readable_on(self._opening_node())

    def _opening_node(self) -> int:
        """The focus, but the loss end when the focus hides inside a collapsed group.

        A group says little about which member is active; the loss end with the collapsed
        samples around it is the picture that explains a batch loss.
        """
        node = self.focus_node()
        item = self.item_for(node) if node >= 0 else None
        if item is not None and item.kind == GROUP:
            return self.session.timeline.graph.root
        return node

    def zoom_by(self, factor: float) -> None:
        """Zoom in (factor > 1) or out by hand, keeping the scale within sensible bounds."""
        scale = self.current_scale() * factor
        if 0.005 <= scale <= 8.0:
            self.scale(factor, factor)
            self.manual_zoom = True

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
        self.manual_zoom = False
        self._readable_on(node)
        return True

    def follow_node(self, node: int) -> None:
        """Keep ``node`` in view: back to a readable scale unless the user zoomed by hand."""
        item = self.item_for(node)
        if item is None or not item.isVisibleTo(self._detail):
            return
        readable_fit = self.fit_scale() >= MIN_READABLE
        if not self.manual_zoom and not readable_fit and self.current_scale() < MIN_READABLE:
            self._readable_on(node)
        else:
            self.ensureVisible(item, FOLLOW_MARGIN, FOLLOW_MARGIN)

    def _readable_scale(self) -> float:
        """READABLE; times the text scale for a graph far too big to fit (a near fit keeps more)."""
        far_too_big = self.fit_scale() < MIN_READABLE / 2
        return READABLE * (self.text_scale if far_too_big else 1.0)

    def _readable_on(self, node: int) -> None:
        """Readable scale (kept if already closer), centred on ``node`` (or the graph's middle)."""
        readable = self._readable_scale()
        now = self.current_scale()
        scale = max(readable, now) if now >= MIN_READABLE else readable
        self.setTransform(QTransform.fromScale(scale, scale))
        item = self.item_for(node) if node >= 0 else None
        if item is not None:
            self.centerOn(item)
        else:
            self.centerOn(self.bounds.center())
