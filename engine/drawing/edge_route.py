"""Where drawn edges run: border to border, through the bend points of the layered layout."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from engine.drawing.layout import OP, DrawnLayout

Point = tuple[float, float]


def edge_points(drawn: DrawnLayout, e: int) -> list[Point]:
    """The points edge ``e`` passes, from its source's border to its target's border."""
    return edge_routes(drawn)[e]


@lru_cache(maxsize=4)  # a layout is frozen and hashed by identity: the canvas asks per edge item
def edge_routes(drawn: DrawnLayout) -> list[list[Point]]:
    """Per edge, the points it passes from its source's border to its target's border.

    In the layered layout an edge leaves a box's right side and enters the next one's left
    side; in a general layout it runs straight between the two centres, cut at the borders.
    """
    s, t = drawn.edges[:, 0], drawn.edges[:, 1]
    if drawn.left_to_right:
        starts = np.column_stack([drawn.x[s] + drawn.width[s] / 2, drawn.y[s]]).tolist()
        ends = np.column_stack([drawn.x[t] - drawn.width[t] / 2, drawn.y[t]]).tolist()
        bends = [b.tolist() for b in drawn.bends] if drawn.bends else [[]] * len(s)
        return [
            [tuple(a), *map(tuple, mid), tuple(b)]
            for a, mid, b in zip(starts, bends, ends, strict=True)
        ]
    starts = border_points(drawn, s, t).tolist()
    ends = border_points(drawn, t, s).tolist()
    return [[tuple(a), tuple(b)] for a, b in zip(starts, ends, strict=True)]


def border_points(drawn: DrawnLayout, nodes: np.ndarray, toward: np.ndarray) -> np.ndarray:
    """Where the line from each node's centre toward another's leaves its box (ellipse for ops)."""
    cx, cy = drawn.x[nodes], drawn.y[nodes]
    dx, dy = drawn.x[toward] - cx, drawn.y[toward] - cy
    a, b = drawn.width[nodes] / 2, drawn.height[nodes] / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        ellipse = 1.0 / np.hypot(dx / a, dy / b)
        box = np.minimum(np.abs(a / dx), np.abs(b / dy))
    reach = np.where(drawn.kind[nodes] == OP, ellipse, box)
    reach = np.minimum(np.nan_to_num(reach, nan=0.0, posinf=1.0), 1.0)  # never past the centre
    return np.column_stack([cx + dx * reach, cy + dy * reach])
