"""networkx's general layouts (spring, kamada-kawai, spectral, shell) fitted to the drawn boxes.

networkx places points in a unit square; the canvas draws boxes up to 330 px wide. The
points are turned so that edges run left to right on average (inputs left, the loss right,
as in the layered layout), scaled so a typical edge is about one box long, then pushed
apart until no two boxes (with room for the topo badge and the "+=" line) overlap.
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from engine.drawing.layout_names import MAX_FREE_NODES

SEED = 0  # spring starts from random points: the same picture on every run
PAD_X = 40.0  # horizontal room between two boxes
PAD_Y = 28.0  # vertical room: the topo badge above a record and its "+=" line below
ROOMY = 2.0  # the picture's bounding box holds at least this many times the boxes' area
SPARSE = 3.0  # ... and is at most this many times wider and taller than that


class LayoutTooBigError(ValueError):
    """A general layout refused: the drawn graph has more nodes than it handles in time."""


def free_positions(
    name: str, edges: np.ndarray, layer: np.ndarray, width: np.ndarray, height: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Box centres from the networkx layout ``name``, turned, scaled and without overlaps."""
    n = len(width)
    if n > MAX_FREE_NODES:
        raise LayoutTooBigError(
            f"The {name} layout handles up to {MAX_FREE_NODES:,} drawn nodes; this graph draws "
            f"{n:,}. Collapse groups or focus on a part of it first."
        )
    if n == 0:
        return np.zeros(0), np.zeros(0)
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(edges.tolist())
    pos = _networkx_points(name, g, layer)
    pos = _upright(pos, edges)
    pos *= _scale(pos, edges, width, height)
    x, y = separate(pos[:, 0], pos[:, 1], width, height)
    return x - x.min(), y - y.min()


def _networkx_points(name: str, g: nx.Graph, layer: np.ndarray) -> np.ndarray:
    """Positions from networkx, one row per node in id order."""
    if name == "spring":
        pos = nx.spring_layout(g, seed=SEED)
    elif name == "kamada-kawai":
        pos = nx.kamada_kawai_layout(g)
    elif name == "spectral":
        pos = nx.spectral_layout(g)
    elif name == "shell":  # the loss in the middle, each ring one layer further from it
        pos = nx.shell_layout(g, nlist=_rings(g, layer))
    else:
        raise ValueError(f"not a networkx layout: {name!r}")
    out = np.array([pos[v] for v in range(len(g))], float).reshape(len(g), 2)
    out[:, 1] *= -1  # networkx's y points up, the canvas's down
    return out


def _rings(g: nx.Graph, layer: np.ndarray) -> list[list[int]]:
    """Shells from the loss outwards, each in depth-first order and turned toward the inside.

    ``shell_layout`` spreads a ring's nodes evenly in list order, each ring starting
    ``rotate`` further round than the one inside. Depth-first order from the loss keeps a
    subtree together round every ring, and starting each ring where its nodes sit nearest
    their neighbours inside keeps edges short (tried: id order and neighbour-angle order,
    both cross the middle more).
    """
    rings = [np.flatnonzero(layer == i).tolist() for i in range(int(layer.max()), -1, -1)]
    rings = [r for r in rings if r]
    rotate = np.pi / len(rings)  # shell_layout's default
    visit = {v: i for i, v in enumerate(nx.dfs_preorder_nodes(g, rings[0][0]))}
    visit.update({v: len(visit) + v for v in g if v not in visit})
    angle: dict[int, float] = {}
    for k, members in enumerate(rings):
        want = {v: _mean_angle([angle[u] for u in g[v] if u in angle]) for v in members}
        ring = sorted(members, key=visit.__getitem__)
        slots = rotate * (k + 1) + 2 * np.pi * np.arange(len(ring)) / len(ring)
        shift = _best_shift(slots, [want[v] for v in ring])
        rings[k] = ring = ring[shift:] + ring[:shift]
        if k > 0 or len(ring) > 1:  # a lone centre node has no direction
            angle.update(zip(ring, slots.tolist(), strict=True))
    return rings


def _best_shift(slots: np.ndarray, want: list[float]) -> int:
    """How far to rotate a ring's order so its nodes sit nearest the angles they want."""
    want_arr = np.array(want, float)
    known = ~np.isnan(want_arr)
    if not known.any():
        return 0
    n = len(slots)
    costs = []
    for shift in range(n):
        got = slots[(np.arange(n) - shift) % n]
        gap = np.abs((got - want_arr + np.pi) % (2 * np.pi) - np.pi)
        costs.append(gap[known].sum())
    return int(np.argmin(costs))


def _mean_angle(angles: list[float]) -> float:
    """The circular mean of ``angles``, in [0, 2π); nan for none."""
    if not angles:
        return float("nan")
    return float(np.arctan2(np.sin(angles).sum(), np.cos(angles).sum()) % (2 * np.pi))


def _upright(pos: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """``pos`` turned about its centre so that the mean edge direction points right."""
    pos = pos - pos.mean(axis=0)
    if len(edges) == 0:
        return pos
    flow = (pos[edges[:, 1]] - pos[edges[:, 0]]).sum(axis=0)
    length = float(np.hypot(*flow))
    if length < 1e-12:
        return pos
    cos, sin = flow / length
    turn = np.array([[cos, -sin], [sin, cos]])  # rotates ``flow`` onto the x axis
    return pos @ turn


def _scale(pos: np.ndarray, edges: np.ndarray, width: np.ndarray, height: np.ndarray) -> float:
    """Scene pixels per networkx unit: a median edge about as long as its boxes need.

    Bounded by the room the boxes take: at least ROOMY times their area in the picture's
    bounding box (or they pile up when separated), at most SPARSE times that many pixels
    a side (spectral puts most nodes in a few clusters and a median edge near 0).
    """
    extent = np.ptp(pos, axis=0)
    area = float(np.prod(np.maximum(extent, 1e-9)))
    room = float(np.sum((width + PAD_X) * (height + PAD_Y)))
    least = np.sqrt(ROOMY * room / area)
    if len(edges) == 0:
        return least
    s, t = edges[:, 0], edges[:, 1]
    lengths = np.hypot(*(pos[t] - pos[s]).T)
    lengths = lengths[lengths > 1e-9]
    if len(lengths) == 0:
        return least
    wanted = float(np.median((width[s] + width[t]) / 2)) + PAD_X
    return float(np.clip(wanted / float(np.median(lengths)), least, SPARSE * least))


def separate(
    x: np.ndarray, y: np.ndarray, width: np.ndarray, height: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Positions where no two boxes (plus padding) overlap: x kept, each y moved the least.

    Nodes are placed one by one, from the middle outwards; each goes to the free height
    nearest its own among the boxes already placed that share some of its columns, so
    no box drifts further than its crowd needs and coincident points (spectral puts nodes
    with the same neighbours on one spot) stack instead of hiding each other.
    """
    x, y = np.asarray(x, float), np.asarray(y, float)
    w, h = width + PAD_X, height + PAD_Y
    placed_y = np.full(len(x), np.nan)
    for i in np.argsort(np.abs(y - np.median(y)), kind="stable").tolist():
        near = np.flatnonzero(np.abs(x - x[i]) < (w + w[i]) / 2 - 1e-9)
        near = near[~np.isnan(placed_y[near])]
        reach = (h[near] + h[i]) / 2
        placed_y[i] = nearest_free(y[i], placed_y[near] - reach, placed_y[near] + reach)
    return x, placed_y


def nearest_free(want: float, lows: np.ndarray, highs: np.ndarray) -> float:
    """The point nearest ``want`` outside every open interval (lows[k], highs[k])."""
    order = np.argsort(lows)
    merged: list[list[float]] = []
    for lo, hi in zip(lows[order].tolist(), highs[order].tolist(), strict=True):
        if merged and lo < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    for lo, hi in merged:
        if lo < want < hi:
            return lo if want - lo <= hi - want else hi
    return want
