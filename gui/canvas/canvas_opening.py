"""The canvas's picture of a pass, laid out on the thread that read it: no Qt items.

Opening a 21,000-value pass spent ~90 ms in one GUI-thread call, most of it the layered
layout (~20 ms) and the edges cut into pieces (~35 ms): numpy and networkx, no Qt. Only the
node sizes need fonts. The reading thread measures them with a NodeDesign of its own (Qt
documents QFont and QFontMetricsF as reentrant: safe with one instance per thread), and
the GUI thread uses the result only if its own measure of the drawn nodes, its groups and
its mask agree: the picture is then exactly the one it would have laid out itself.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import numpy as np

from engine.autograd.frozen_record import FrozenRecord
from engine.drawing import grouping
from engine.drawing.edge_pieces import EdgePieces, edge_pieces
from engine.drawing.layout import DrawnLayout, layout_graph, node_sizes
from engine.drawing.node_sizes import NodeSizes
from engine.trace.trace import Trace
from gui.canvas import groups as graph_groups
from gui.canvas.node_design import NodeDesign


class PreparedCanvas(FrozenRecord, eq=False):
    """How the canvas opens ``trace``'s graph: its owners and mask, laid out, edges in pieces."""

    trace: Trace
    owner: np.ndarray
    visible: np.ndarray | None
    drawn: DrawnLayout
    pieces: EdgePieces
    members: dict[int, list[int]]

    def fits(self, owner: np.ndarray, visible: np.ndarray | None, sizes: NodeSizes) -> bool:
        """Whether laying out with these groups, mask and sizes gives this very picture."""
        drawn = self.drawn
        if not np.array_equal(owner, self.owner) or (visible is None) != (self.visible is None):
            return False
        if visible is not None and not np.array_equal(visible, self.visible):
            return False
        if (sizes.row, sizes.gap) != (drawn.row, drawn.gap):
            return False
        width, height = node_sizes(drawn.kind, drawn.ref, sizes)
        return np.array_equal(width, drawn.width) and np.array_equal(height, drawn.height)


def prepare_canvas(trace: Trace, design: NodeDesign) -> PreparedCanvas:
    """Lay out ``trace``'s graph as the canvas opens it (layered), sized by ``design``."""
    graph = trace.graph
    groups, collapsed, visible, _ = grouping.opening_view(
        graph, graph_groups.FULL_BUDGET, graph_groups.HARD_BUDGET
    )
    owner = grouping.owner_array(graph, groups, collapsed)
    drawn = layout_graph(graph, owner, visible, sizes=design.sizes(trace))
    members = members_by_record(owner, drawn.record_of)
    return PreparedCanvas(trace, owner, visible, drawn, edge_pieces(drawn), members)


class CanvasOpening:
    """The picture of the latest pass prepared off the GUI thread, taken once by the canvas.

    ``prepare`` runs on the reading thread (a PassOpening warmer); ``take`` on the GUI
    thread when the pass opens. ``design`` makes the thread's NodeDesign, fonts and all.
    """

    def __init__(self, design: Callable[[], NodeDesign] = NodeDesign) -> None:
        self.design = design
        self._lock = threading.Lock()
        self._ready: PreparedCanvas | None = None

    def prepare(self, trace: Trace) -> None:
        """Lay out how the canvas will open ``trace`` (measured with this thread's own fonts)."""
        prepared = prepare_canvas(trace, self.design())
        with self._lock:
            self._ready = prepared  # only the latest run's pass is kept

    def take(self, trace: Trace) -> PreparedCanvas | None:
        """The picture prepared for ``trace``, once; None if none was."""
        with self._lock:
            ready = self._ready
            if ready is None or ready.trace is not trace:
                return None
            self._ready = None
        return ready


def members_by_record(owner: np.ndarray, record_of: np.ndarray) -> dict[int, list[int]]:
    """For each drawn group, the values it draws, in id order.

    Sorted and split by numpy: a loop over the 65,000 grouped values of a moons pass took
    20-25 ms of the GUI thread's open.
    """
    grouped = np.flatnonzero(owner >= 0)
    if not len(grouped):
        return {}
    records = record_of[grouped]
    order = np.argsort(records, kind="stable")
    keys, starts = np.unique(records[order], return_index=True)
    chunks = np.split(grouped[order], starts[1:])
    return {d: c.tolist() for d, c in zip(keys.tolist(), chunks, strict=True)}
