"""Where drawn edges run: border to border, through the bend points of the layered layout."""

from __future__ import annotations

import math

from engine.drawing.layout import OP, DrawnLayout

Point = tuple[float, float]


def edge_points(drawn: DrawnLayout, e: int) -> list[Point]:
    """The points edge ``e`` passes, from its source's border to its target's border.

    In the layered layout an edge leaves a box's right side and enters the next one's left
    side; in a general layout it runs straight between the two centres, cut at the borders.
    """
    s, t = (int(v) for v in drawn.edges[e])
    x, y, w = drawn.x, drawn.y, drawn.width
    if drawn.left_to_right:
        bends = [(float(a), float(b)) for a, b in drawn.bends[e].tolist()] if drawn.bends else []
        return [
            (float(x[s] + w[s] / 2), float(y[s])),
            *bends,
            (float(x[t] - w[t] / 2), float(y[t])),
        ]
    return [border_point(drawn, s, (x[t], y[t])), border_point(drawn, t, (x[s], y[s]))]


def border_point(drawn: DrawnLayout, d: int, toward: tuple[float, float]) -> Point:
    """Where the line from node ``d``'s centre toward a point leaves its box (ellipse for an op)."""
    cx, cy = float(drawn.x[d]), float(drawn.y[d])
    dx, dy = float(toward[0]) - cx, float(toward[1]) - cy
    if dx == 0 and dy == 0:
        return cx, cy
    a, b = float(drawn.width[d]) / 2, float(drawn.height[d]) / 2
    if drawn.kind[d] == OP:
        reach = 1.0 / math.hypot(dx / a, dy / b)
    else:
        reach = min(a / abs(dx) if dx else math.inf, b / abs(dy) if dy else math.inf)
    reach = min(reach, 1.0)  # overlapping boxes: never past the other centre
    return cx + dx * reach, cy + dy * reach
