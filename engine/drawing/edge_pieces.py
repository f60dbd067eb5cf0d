"""Every drawn edge as short cubic pieces and arrowheads, in flat arrays a canvas can cull.

A canvas that strokes a long curve strokes its whole length even when only a corner of it
is in view (the clip comes after the stroke): the fan-out of a parameter into 29 samples
crosses the whole graph. Split into pieces no longer than PIECE_MAX on their longer side
(de Casteljau, the same curve exactly), a repaint strokes only the pieces it exposes.
"""

from __future__ import annotations

import numpy as np

from engine.autograd.frozen_record import FrozenRecord
from engine.drawing.edge_route import route_points
from engine.drawing.layout import DrawnLayout

PIECE_MAX = 500.0  # scene px: a piece's control hull is at most this long on its longer side
TWIN_GAP = 7.0  # a + a: the second edge from one source into one target runs this far beside
HEAD_GAP = 5.0  # the curve stops this short of the target's border, under the arrowhead
HEAD_LENGTH, HEAD_HALF_WIDTH = 8.0, 4.0


class EdgePieces(FrozenRecord, eq=False):
    """The drawn edges as cubic pieces, ordered by edge then along it, and arrowheads."""

    ctrl: np.ndarray  # (P, 8): start, first control, second control, end (x, y each)
    box: np.ndarray  # (P, 4): left, top, right, bottom of the piece's control hull
    edge: np.ndarray  # (P,): the edge each piece is part of
    heads: np.ndarray  # (H, 6): an arrowhead's tip and its two back corners
    head_box: np.ndarray  # (H, 4)
    head_edge: np.ndarray  # (H,): the edge whose target the head points into
    straight: bool  # the pieces are straight lines (a general layout), not curves

    def continues(self) -> np.ndarray:
        """Per piece, whether it continues the one before it (same edge, starts where it ended)."""
        same = np.zeros(len(self.edge), bool)
        same[1:] = (self.edge[1:] == self.edge[:-1]) & (
            self.ctrl[1:, :2] == self.ctrl[:-1, 6:]
        ).all(axis=1)
        return same

    def bounds(self) -> tuple[float, float, float, float]:
        """Left, top, right, bottom of every piece and head (0s if there are none)."""
        boxes = np.concatenate([self.box, self.head_box])
        if not len(boxes):
            return (0.0, 0.0, 0.0, 0.0)
        return (*boxes[:, :2].min(axis=0).tolist(), *boxes[:, 2:].max(axis=0).tolist())


def edge_pieces(drawn: DrawnLayout, piece_max: float = PIECE_MAX) -> EdgePieces:
    """Every edge of ``drawn`` as pieces no longer than ``piece_max``, with its arrowheads."""
    points, edge = route_points(drawn)
    if drawn.left_to_right:
        ctrl, seg_edge, heads, head_edge = _columns(drawn, points, edge)
    else:
        ctrl, seg_edge, heads, head_edge = _straight(drawn, points)
    ctrl, parent = split_cubics(ctrl, piece_max)
    return EdgePieces(
        ctrl=ctrl,
        box=hull_boxes(ctrl),
        edge=seg_edge[parent],
        heads=heads,
        head_box=hull_boxes(heads),
        head_edge=head_edge,
        straight=not drawn.left_to_right,
    )


def twin_rank(edges: np.ndarray) -> np.ndarray:
    """Per edge, how many edges before it (by id) run from the same source to the same target."""
    n = len(edges)
    order = np.lexsort((np.arange(n), edges[:, 0], edges[:, 1]))
    pairs = edges[order]
    new = np.ones(n, bool)
    new[1:] = (pairs[1:] != pairs[:-1]).any(axis=1)
    first = np.maximum.accumulate(np.where(new, np.arange(n), 0))
    rank = np.empty(n, int)
    rank[order] = np.arange(n) - first
    return rank


def _columns(drawn: DrawnLayout, points: np.ndarray, edge: np.ndarray):
    """Curves entering the target's left side, leaving and entering horizontally."""
    points = points.copy()
    last = np.r_[edge[1:] != edge[:-1], True] if len(edge) else np.zeros(0, bool)
    points[last, 0] -= HEAD_GAP
    seg = np.flatnonzero(~last)  # a segment from each point but an edge's last
    a, b = points[seg], points[seg + 1]
    seg_edge = edge[seg]
    offset = TWIN_GAP * twin_rank(drawn.edges)[seg_edge]
    mid = (a[:, 0] + b[:, 0]) / 2
    ctrl = np.column_stack([a, mid, a[:, 1] + offset, mid, b[:, 1] + offset, b])
    # one arrowhead per target, at the middle of its left side, pointing right
    targets, first = np.unique(drawn.edges[:, 1], return_index=True)
    tips = np.column_stack([drawn.x[targets] - drawn.width[targets] / 2, drawn.y[targets]])
    heads = arrowheads(tips, np.column_stack([np.ones(len(tips)), np.zeros(len(tips))]))
    return ctrl, seg_edge, heads, first


def _straight(drawn: DrawnLayout, points: np.ndarray):
    """Straight lines between borders, each with an arrowhead along its direction."""
    a, b = points[0::2], points[1::2]
    d = b - a
    length = np.hypot(d[:, 0], d[:, 1])
    u = d / np.where(length > 0, length, 1.0)[:, None]
    side = TWIN_GAP * twin_rank(drawn.edges)[:, None]
    normal = np.column_stack([-u[:, 1], u[:, 0]])
    a, b = a + normal * side, b + normal * side
    end = b - HEAD_GAP * u
    ctrl = np.column_stack([a, a + (end - a) / 3, a + (end - a) * 2 / 3, end])
    return ctrl, np.arange(len(a)), arrowheads(b, u), np.arange(len(a))


def arrowheads(tips: np.ndarray, u: np.ndarray) -> np.ndarray:
    """(H, 6) triangles with their tip at ``tips``, pointing along the unit vectors ``u``."""
    back = tips - HEAD_LENGTH * u
    across = HEAD_HALF_WIDTH * np.column_stack([u[:, 1], -u[:, 0]])
    return np.column_stack([tips, back + across, back - across])


def hull_boxes(ctrl: np.ndarray) -> np.ndarray:
    """(N, 4) left, top, right, bottom of each row's points (x, y pairs): the control hull."""
    xs, ys = ctrl[:, 0::2], ctrl[:, 1::2]
    if not len(ctrl):
        return np.zeros((0, 4))
    return np.column_stack([xs.min(axis=1), ys.min(axis=1), xs.max(axis=1), ys.max(axis=1)])


def split_cubics(ctrl: np.ndarray, piece_max: float) -> tuple[np.ndarray, np.ndarray]:
    """Cubics split until each control hull is at most ``piece_max`` long; and each's parent.

    A cubic is cut at equal steps of its parameter into as many pieces as its hull's longer
    side needs; a piece still too long (the curve is faster in its middle) is cut again.
    The pieces follow each other in order, so they join exactly.
    """
    parent = np.arange(len(ctrl))
    for _ in range(8):
        box = hull_boxes(ctrl)
        side = np.maximum(box[:, 2] - box[:, 0], box[:, 3] - box[:, 1])
        n = np.maximum(1, np.ceil(side / piece_max)).astype(int)
        if (n == 1).all():
            break
        which = np.repeat(np.arange(len(ctrl)), n)
        k = np.arange(len(which)) - np.repeat(np.cumsum(n) - n, n)
        ctrl = sub_cubics(ctrl[which], k / n[which], (k + 1) / n[which])
        parent = parent[which]
    return ctrl, parent


def sub_cubics(ctrl: np.ndarray, t0: np.ndarray, t1: np.ndarray) -> np.ndarray:
    """The part of each cubic between parameters ``t0`` and ``t1``, as a cubic of its own.

    Its control points are the blossom's values (t0,t0,t0), (t0,t0,t1), (t0,t1,t1),
    (t1,t1,t1): the same curve, re-parametrised (de Casteljau with mixed parameters).
    """
    p = ctrl.reshape(-1, 4, 2)
    out = [_blossom(p, u) for u in ((t0, t0, t0), (t0, t0, t1), (t0, t1, t1), (t1, t1, t1))]
    return np.concatenate(out, axis=1)


def _blossom(p: np.ndarray, u: tuple[np.ndarray, np.ndarray, np.ndarray]) -> np.ndarray:
    """The cubics' blossom at (u1, u2, u3): one de Casteljau level per argument."""
    for level, ui in enumerate(u):
        w = ui[:, None, None]
        p = p[:, : 3 - level] * (1 - w) + p[:, 1 : 4 - level] * w
    return p[:, 0]


def visible(
    boxes: np.ndarray, rect: tuple[float, float, float, float], margin: float
) -> np.ndarray:
    """Indices of the boxes (left, top, right, bottom) within ``margin`` of ``rect``."""
    left, top, right, bottom = rect
    hit = (
        (boxes[:, 2] >= left - margin)
        & (boxes[:, 0] <= right + margin)
        & (boxes[:, 3] >= top - margin)
        & (boxes[:, 1] <= bottom + margin)
    )
    return np.flatnonzero(hit)
