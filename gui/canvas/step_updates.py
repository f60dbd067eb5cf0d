"""What a step repaints on the canvas: the drawn nodes it touched, the flash, the selection."""

from __future__ import annotations

import math
from collections.abc import Collection

import numpy as np
from PySide6.QtWidgets import QGraphicsView

from engine.drawing.layout import DrawnLayout
from engine.trace.events import BackwardStep

FULL = QGraphicsView.ViewportUpdateMode.FullViewportUpdate
BOUNDING_RECT = QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate
FLASH_MS = 350
FULL_REPAINT_ABOVE = 64  # changed drawn nodes above which the whole viewport is repainted
#: Past this many touched values, they are mapped to drawn nodes with numpy, not one by one:
#: a live update of moons' trained numbers touches all 65,814 values of its 111 drawn records.
VECTOR_FROM = 256


def drawn_nodes_of(lay: DrawnLayout, touched: Collection[int]) -> set[int]:
    """The drawn nodes showing any of the ``touched`` values (their record or their op)."""
    if len(touched) < VECTOR_FROM:
        drawn = {int(lay.record_of[v]) for v in touched} | {int(lay.op_of[v]) for v in touched}
        drawn.discard(-1)
        return drawn
    ids = np.fromiter(touched, dtype=np.int64, count=len(touched))
    found = np.concatenate((lay.record_of[ids], lay.op_of[ids]))
    hit = np.zeros(len(lay), dtype=bool)
    hit[found[found >= 0]] = True
    return set(np.flatnonzero(hit).tolist())


class GraphStepping:
    """GraphView's part that follows the session: repaint what a step changed, and only that."""

    _followed_at = 0  # the timeline position of the last step shown

    def _on_moved(self, changed: set) -> None:
        st, lay = self.state, self.drawn
        if st is None or lay is None:
            return
        overview = self._overview.isVisible()
        marked = self._marks.marked() if overview else []
        before = {st.current, *st.written}
        marks = (st.show_topo, st.sorting)
        now = st.read_event()
        if isinstance(st.event, BackwardStep):
            st.flashing = set(st.written)
            self._flash.start()
        if marks != (st.show_topo, st.sorting):  # a phase change restyles every node
            drawn = set(range(len(lay)))
        else:
            drawn = drawn_nodes_of(lay, {*changed, *before, *now, *st.flashing} - {-1})
            nodes = self.nodes
            drawn = [d for d in drawn if not nodes[d].shows_its_look()]
        self._choose_update_mode(len(drawn))
        for d in drawn:
            self._sync(d)
        self.edges.refresh()
        if overview:
            self._overview.refresh()
            self._marks.refresh(marked)
        if st.color_by_grad:
            self._refresh_grad_scale()
        self._hint_at_start()
        position = self.session.timeline.position
        if position != self._followed_at:  # the follow looks ahead the way the walk goes
            self.heading = 1 if position > self._followed_at else -1
            self._followed_at = position
        if self.follow and st.current >= 0:
            self.follow_node(st.current)
        self.look_ahead.restart()

    def _choose_update_mode(self, n_changed: int) -> None:
        """Repaint only the changed area for a step, the whole viewport for a big jump.

        Measured (tests/benchmarks/graph_open.py): one step on a fitted 5,000-node graph
        repaints in ~3 ms this way and ~80 ms with FullViewportUpdate; updating every node
        is faster with FullViewportUpdate.
        """
        full = n_changed > FULL_REPAINT_ABOVE
        mode = FULL if full else BOUNDING_RECT
        if self.viewportUpdateMode() != mode:  # setting it, even unchanged, costs more
            self.setViewportUpdateMode(mode)

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
