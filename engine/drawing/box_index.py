"""Find the boxes near a rect without testing every box: sorted along the drawing's long axis."""

from __future__ import annotations

import numpy as np


class BoxIndex:
    """Boxes (left, top, right, bottom) sorted by their start along the longer axis.

    A repaint asks which of the 28,682 edge pieces of a 4,824-node drawing meet a rect a few
    hundred pixels wide: testing every box took ~80 us a call, several calls a repaint. The
    boxes that can meet the rect start within a slice of the sorted order (no box is longer
    than ``longest`` along the axis); only those are tested (~10 us).
    """

    def __init__(self, boxes: np.ndarray) -> None:
        self.boxes = boxes
        spans = boxes[:, 2:] - boxes[:, :2] if len(boxes) else np.zeros((0, 2))
        extent = (boxes[:, 2:].max(axis=0) - boxes[:, :2].min(axis=0)) if len(boxes) else (0, 0)
        self._axis = 1 if extent[1] > extent[0] else 0  # 0: x, 1: y
        starts = boxes[:, self._axis]
        self._order = np.argsort(starts, kind="stable")
        self._starts = starts[self._order]
        # Each side in start order, contiguous: a query slices views (no copy of the boxes)
        self._sides = [np.ascontiguousarray(boxes[self._order, i]) for i in range(4)]
        self._longest = float(spans[:, self._axis].max()) if len(boxes) else 0.0

    def near(self, rect: tuple[float, float, float, float], margin: float) -> np.ndarray:
        """Indices (ascending) of the boxes within ``margin`` of ``rect``, as ``visible`` gives."""
        left, top, right, bottom = rect
        lows, highs = (left - margin, top - margin), (right + margin, bottom + margin)
        a, o = self._axis, 1 - self._axis  # along the sorted axis, and across it
        first = self._starts.searchsorted(lows[a] - self._longest, "left")
        last = self._starts.searchsorted(highs[a], "right")  # every start up to it is <= highs[a]
        sides = self._sides
        # A repaint asks several times a step: a few numpy calls on views, each ~5-10 K
        # instructions of overhead, are most of a query's cost
        hit = sides[a + 2][first:last] >= lows[a]
        hit &= sides[o + 2][first:last] >= lows[o]
        hit &= sides[o][first:last] <= highs[o]
        ids = self._order[first:last][hit]
        ids.sort()
        return ids
