"""The layered layout: networkx's topological generations and multipartite rows, refined.

Layers come from ``nx.topological_generations`` (the longest path from the sources), then
every node with a single consumer (and every source) is pulled right next to it, as
graphviz's edge-length minimisation does. Long edges get one virtual node per layer they
cross. ``nx.multipartite_layout`` gives the first rows (each layer in creation order);
barycenter sweeps reorder them to reduce crossings, then each node moves toward its
neighbours' mean without reordering, and columns are as wide as their widest node.

networkx is imported when first asked for: a launch's first layering is worked out by
networkx in a process forked while the window imports Qt (engine/drawing/forked_layering.py).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

from engine.drawing import forked_layering
from engine.drawing.digraph import drawn_digraph, generations
from engine.drawing.node_sizes import GAP, ROW

SWEEPS = 8
MAX_VIRTUAL_PER_NODE = 4  # beyond this many virtual nodes, long edges are drawn straight
PLACE_PASSES = 6


def layered_positions(
    width: np.ndarray,
    edges: np.ndarray,
    stay: np.ndarray | None = None,
    *,
    row: float = ROW,
    gap: float = GAP,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[np.ndarray]]:
    """Layer, x and y centres of each drawn node and the bend points of each edge.

    ``row`` is the vertical pitch between rows and ``gap`` the space between columns.
    """
    n = len(width)
    known = forked_layering.take(n, edges, stay)  # a launch's child may have asked networkx
    layer = assign_layers(n, edges, stay) if known is None else known[0]
    all_layer, all_edges, chains = add_virtual_nodes(layer, edges)
    rank = multipartite_rows(all_layer) if known is None else known[1]
    rows = order_layers(all_layer, all_edges, rank=rank)
    ys = place_rows(all_layer, rows, all_edges) * row
    widths = np.concatenate([width, np.zeros(len(all_layer) - n)])
    xs = column_centres(all_layer, widths, gap)
    bends = [np.column_stack([xs[c], ys[c]]) for c in chains]
    return layer, xs[:n], ys[:n], bends


def networkx_layering(
    n: int, edges: np.ndarray, stay: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """What the layout asks of networkx: each node's layer, and first row ranks (virtual too)."""
    layer = assign_layers(n, edges, stay)
    all_layer, _, _ = add_virtual_nodes(layer, edges)
    return layer, multipartite_rows(all_layer)


def assign_layers(n: int, edges: np.ndarray, stay: np.ndarray | None = None) -> np.ndarray:
    """Layer per drawn node: topological generations, then sources and single-use ones pulled right.

    Nodes flagged in ``stay`` (collapsed groups) keep their generation, so the samples of a
    batch stand in one column instead of a diagonal.
    """
    g = drawn_digraph(n, edges)
    gens = generations(g)
    layer = np.zeros(n, np.int64)
    for i, nodes in enumerate(gens):
        layer[nodes] = i
    succ, pred = g.succ, g.pred
    for i in reversed([v for nodes in gens for v in nodes]):  # successors first
        outs = succ[i]
        if outs and (not pred[i] or (len(outs) == 1 and not (stay is not None and stay[i]))):
            layer[i] = min(layer[t] for t in outs) - 1
    return layer


def multipartite_rows(layer: np.ndarray) -> np.ndarray:
    """First row rank of each node from ``nx.multipartite_layout``: layers in creation order.

    Ranks are centred on 0 and 1 apart within a layer, the units the sweeps work in.
    """
    import networkx as nx  # noqa: PLC0415 - see the module's docstring

    g = nx.empty_graph(len(layer), create_using=nx.DiGraph)  # positions need only the layers
    by_layer = {i: nodes.tolist() for i, nodes in enumerate(_layers(layer))}
    pos = nx.multipartite_layout(g, subset_key=by_layer)
    rank = np.zeros(len(layer))
    for nodes in by_layer.values():
        ys = np.array([pos[v][1] for v in nodes])
        rank[np.array(nodes, np.int64)[np.argsort(ys, kind="stable")]] = np.arange(len(nodes))
        rank[nodes] -= (len(nodes) - 1) / 2
    return rank


def add_virtual_nodes(
    layer: np.ndarray, edges: np.ndarray
) -> tuple[np.ndarray, np.ndarray, list[list[int]]]:
    """Split each long edge with one virtual node per layer it crosses, as graphviz does.

    The virtual nodes take part in ordering and placement, so long edges get a row of their
    own and bend around nodes instead of running through them. Returns the layers and
    edges with virtual nodes added and, per original edge, its virtual nodes in order.
    """
    span = (layer[edges[:, 1]] - layer[edges[:, 0]]).tolist() if len(edges) else []
    extra = sum(k - 1 for k in span)
    if extra == 0 or extra > MAX_VIRTUAL_PER_NODE * len(layer):
        return layer, edges, [[] for _ in span]
    layers, split, chains = layer.tolist(), [], []
    for (s, t), k in zip(edges.tolist(), span, strict=True):
        chain = list(range(len(layers), len(layers) + k - 1))
        layers += [layers[s] + j for j in range(1, k)]
        path = [s, *chain, t]
        split += list(itertools.pairwise(path))
        chains.append(chain)
    return np.array(layers, np.int64), np.array(split, np.int64).reshape(-1, 2), chains


def _layers(layer: np.ndarray) -> list[np.ndarray]:
    """Node ids per layer, in id order (creation order: the initial row order)."""
    by_layer = np.argsort(layer, kind="stable")
    bounds = np.searchsorted(layer[by_layer], np.arange(int(layer.max(initial=-1)) + 2))
    return [by_layer[bounds[i] : bounds[i + 1]] for i in range(len(bounds) - 1)]


def order_layers(
    layer: np.ndarray, edges: np.ndarray, sweeps: int = SWEEPS, rank: np.ndarray | None = None
) -> np.ndarray:
    """Row rank of each node in its layer, after barycenter sweeps that reduce crossings.

    Sweeps start from ``rank`` (centred, 1 apart per layer) or, without it, creation order.
    """
    layers = _layers(layer)
    if rank is None:
        rank = np.zeros(len(layer))
        for nodes in layers:
            rank[nodes] = np.arange(len(nodes)) - (len(nodes) - 1) / 2
    else:
        rank = rank.astype(float).copy()
    best, best_crossings = rank.copy(), count_crossings(layer, rank, edges)
    for sweep in range(sweeps):
        forward = sweep % 2 == 0
        src, dst = (edges[:, 0], edges[:, 1]) if forward else (edges[:, 1], edges[:, 0])
        for nodes in layers if forward else reversed(layers):
            _barycenter_sort(nodes, rank, src, dst, len(layer))
        crossings = count_crossings(layer, rank, edges)
        if crossings < best_crossings:
            best, best_crossings = rank.copy(), crossings
    return best


def _barycenter_sort(
    nodes: np.ndarray, rank: np.ndarray, src: np.ndarray, dst: np.ndarray, n: int
) -> None:
    """Reorder one layer by the mean rank of each node's neighbours on the swept side."""
    if len(nodes) < 2:
        return
    mask = np.zeros(n, bool)
    mask[nodes] = True
    pick = mask[dst]
    total = np.bincount(dst[pick], weights=rank[src[pick]], minlength=n)[nodes]
    count = np.bincount(dst[pick], minlength=n)[nodes]
    keys = np.where(count > 0, total / np.maximum(count, 1), rank[nodes])
    sorted_nodes = nodes[np.lexsort((rank[nodes], keys))]
    rank[sorted_nodes] = np.arange(len(nodes)) - (len(nodes) - 1) / 2


def count_crossings(layer: np.ndarray, rank: np.ndarray, edges: np.ndarray) -> int:
    """Edge crossings between adjacent layers (edges spanning one layer), by inversion count."""
    if len(edges) < 2:
        return 0
    s, t = edges[:, 0], edges[:, 1]
    unit = layer[t] - layer[s] == 1
    s, t = s[unit], t[unit]
    order = np.lexsort((rank[t], rank[s], layer[s]))
    s, t = s[order], t[order]
    total = 0
    gaps = layer[s]
    bounds = np.flatnonzero(np.diff(gaps)) + 1
    for targets in np.split(rank[t], bounds):
        total += _inversions(targets)
    return total


def _inversions(values: np.ndarray) -> int:
    """Pairs i < j with values[i] > values[j] (merge-sort count, in numpy chunks)."""
    if len(values) < 2:
        return 0
    if len(values) <= 512:
        return int(np.triu(values[:, None] > values[None, :], 1).sum())
    mid = len(values) // 2
    left, right = values[:mid], values[mid:]
    not_above = np.searchsorted(np.sort(left), right, side="right")
    across = len(left) * len(right) - int(not_above.sum())
    return _inversions(left) + _inversions(right) + across


def place_rows(layer: np.ndarray, rank: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Row coordinate per node: toward its neighbours' mean, order kept, at least 1 apart.

    Sweeps alternate direction and use the rows just placed in the previous layer
    (Gauss-Seidel), so chains of virtual nodes come out straight instead of zigzagging.
    """
    layers = _layers(layer)
    row = rank.astype(float).copy()
    order = [nodes[np.argsort(rank[nodes], kind="stable")] for nodes in layers]
    sides = [_edges_by_layer(layer, edges[:, 0], edges[:, 1], len(layers))]
    sides.append(_edges_by_layer(layer, edges[:, 1], edges[:, 0], len(layers)))
    for p in range(PLACE_PASSES):
        by_layer = sides[p % 2]
        for li in range(len(layers)) if p % 2 == 0 else reversed(range(len(layers))):
            nodes = order[li]
            src, dst = by_layer[li]
            want = row[nodes].copy()
            if len(src):
                local = np.searchsorted(nodes, dst, sorter=np.argsort(nodes))
                sorter = np.argsort(nodes)
                idx = sorter[local]
                total = np.bincount(idx, weights=row[src], minlength=len(nodes))
                count = np.bincount(idx, minlength=len(nodes))
                want = np.where(count > 0, total / np.maximum(count, 1), want)
            row[nodes] = spaced_fit(want)
    return row - row.min(initial=0.0)


def _edges_by_layer(
    layer: np.ndarray, src: np.ndarray, dst: np.ndarray, n_layers: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per layer, the (source, destination) pairs whose destination is in that layer."""
    by = np.argsort(layer[dst], kind="stable")
    src, dst = src[by], dst[by]
    bounds = np.searchsorted(layer[dst], np.arange(n_layers + 1))
    return [
        (src[bounds[i] : bounds[i + 1]], dst[bounds[i] : bounds[i + 1]]) for i in range(n_layers)
    ]


def spaced_fit(want: Sequence[float]) -> np.ndarray:
    """Least-squares positions near ``want``, non-decreasing with gaps of at least 1 (PAVA)."""
    shifted = np.asarray(want, float) - np.arange(len(want))
    blocks: list[list[float]] = []  # [mean, size]
    for z in shifted.tolist():
        blocks.append([z, 1.0])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, n2 = blocks.pop()
            m1, n1 = blocks[-1]
            blocks[-1] = [(m1 * n1 + m2 * n2) / (n1 + n2), n1 + n2]
    fitted = np.repeat([b[0] for b in blocks], [int(b[1]) for b in blocks])
    return fitted + np.arange(len(want))


def column_centres(layer: np.ndarray, width: np.ndarray, gap: float = GAP) -> np.ndarray:
    """X centre of each node: layer columns as wide as their widest node, ``gap`` apart."""
    if len(layer) == 0:
        return np.zeros(0)
    colw = np.zeros(int(layer.max()) + 1)
    np.maximum.at(colw, layer, width)
    left = np.concatenate([[0.0], np.cumsum(colw + gap)[:-1]])
    return left[layer] + colw[layer] / 2
