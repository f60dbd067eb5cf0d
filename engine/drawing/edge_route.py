"""Where drawn edges run: border to border, through the bend points of the layered layout."""

from __future__ import annotations

import itertools
from functools import lru_cache

import numpy as np

from engine.drawing.layout import OP, DrawnLayout

Point = tuple[float, float]


def edge_points(drawn: DrawnLayout, e: int) -> list[Point]:
    """The points edge ``e`` passes, from its source's border to its target's border."""
    return edge_routes(drawn)[e]


@lru_cache(maxsize=4)  # a layout is frozen and hashed by identity: asked by several views
def edge_routes(drawn: DrawnLayout) -> list[list[Point]]:
    """Per edge, the points it passes from its source's border to its target's border."""
    points, edge = route_points(drawn)
    if not len(edge):
        return []
    pts = list(map(tuple, points.tolist()))
    cuts = [*np.flatnonzero(np.r_[True, edge[1:] != edge[:-1]]).tolist(), len(pts)]
    return [pts[a:b] for a, b in itertools.pairwise(cuts)]


def route_points(drawn: DrawnLayout) -> tuple[np.ndarray, np.ndarray]:
    """Every edge's points, flat: (K, 2) points in order along each edge, and each one's edge.

    In the layered layout an edge leaves a box's right side and enters the next one's left
    side, through its bend points; in a general layout it runs straight between the two
    centres, cut at the borders.
    """
    s, t = drawn.edges[:, 0], drawn.edges[:, 1]
    n = len(s)
    if not drawn.left_to_right:
        pts = np.stack([border_points(drawn, s, t), border_points(drawn, t, s)], axis=1)
        return pts.reshape(-1, 2), np.repeat(np.arange(n), 2)
    starts = np.column_stack([drawn.x[s] + drawn.width[s] / 2, drawn.y[s]])
    ends = np.column_stack([drawn.x[t] - drawn.width[t] / 2, drawn.y[t]])
    bends = drawn.bends if drawn.bends else [np.empty((0, 2))] * n
    counts = np.fromiter((len(b) for b in bends), int, n) + 2
    edge = np.repeat(np.arange(n), counts)
    points = np.empty((int(counts.sum()), 2))
    last = np.cumsum(counts) - 1
    points[last - counts + 1] = starts
    points[last] = ends
    inner = np.ones(len(points), bool)
    inner[last - counts + 1] = inner[last] = False
    if inner.any():
        points[inner] = np.concatenate([np.asarray(b, float).reshape(-1, 2) for b in bends])
    return points, edge


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
