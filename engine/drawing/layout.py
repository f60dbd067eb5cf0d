"""Left-to-right layered layout of the drawn graph (draw_dot's picture), as flat arrays.

The drawn graph has a record node per value (label | data | grad), an op node per
non-leaf value, and edges child record -> op node -> result record. Collapsed groups
(engine/grouping.py) replace their members by one group node. Layers come from the
longest path from the sources, then every node with a single consumer (and every source)
is pulled right next to it, as graphviz's edge-length minimisation does; rows come from
barycenter sweeps, then each node moves toward its neighbours' mean without reordering.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from engine.autograd.graph import Graph
from engine.drawing.node_sizes import GAP, NodeSizes, estimated_sizes

RECORD, OP, GROUP = 0, 1, 2
SWEEPS = 8
MAX_VIRTUAL_PER_NODE = 4  # beyond this many virtual nodes, long edges are drawn straight
PLACE_PASSES = 6


@dataclass(frozen=True, eq=False)
class DrawnLayout:
    """The drawn graph laid out: per drawn node ``kind``, ``ref``, ``x``, ``y`` and sizes."""

    kind: np.ndarray  # RECORD / OP / GROUP
    ref: np.ndarray  # value id for RECORD and OP, group index for GROUP
    edges: np.ndarray  # (E, 2) drawn ids, source -> target
    layer: np.ndarray
    x: np.ndarray  # centre
    y: np.ndarray  # centre
    width: np.ndarray
    height: np.ndarray
    record_of: np.ndarray  # per value: drawn id holding its record (or its group), -1 if hidden
    op_of: np.ndarray  # per value: drawn id of its op node (or its group), -1 if none
    bends: list[np.ndarray] = field(default_factory=list)  # per edge: (k, 2) points it passes

    def __len__(self) -> int:
        return len(self.kind)


def drawn_structure(
    graph: Graph, owner: np.ndarray | None = None, visible: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Drawn nodes and edges: (kind, ref, edges, record_of, op_of); groups from ``owner``."""
    n = len(graph)
    owner = np.full(n, -1) if owner is None else owner
    visible = np.ones(n, bool) if visible is None else visible
    kind: list[int] = []
    ref: list[int] = []
    record_of = np.full(n, -1, np.int64)
    op_of = np.full(n, -1, np.int64)
    group_node: dict[int, int] = {}
    for v in range(n):
        if not visible[v]:
            continue
        g = int(owner[v])
        if g >= 0:
            if g not in group_node:
                group_node[g] = len(kind)
                kind.append(GROUP)
                ref.append(g)
            record_of[v] = op_of[v] = group_node[g]
            continue
        if graph.children[v]:
            op_of[v] = len(kind)
            kind.append(OP)
            ref.append(v)
        record_of[v] = len(kind)
        kind.append(RECORD)
        ref.append(v)
    return (
        np.array(kind, np.int8),
        np.array(ref, np.int64),
        _edges(graph, record_of, op_of, owner),
        record_of,
        op_of,
    )


def _edges(graph: Graph, record_of: np.ndarray, op_of: np.ndarray, owner: np.ndarray) -> np.ndarray:
    """Edges child -> op -> result; duplicates kept (``a + a``) except around groups."""
    edges: list[tuple[int, int]] = []
    seen: set[tuple[int, int]] = set()
    for v, kids in enumerate(graph.children):
        op = int(op_of[v])
        if op < 0 or not kids:
            continue
        grouped = owner[v] >= 0
        if not grouped:
            edges.append((op, int(record_of[v])))
        for c in kids:
            src = int(record_of[c])
            if src < 0 or src == op:
                continue
            if grouped or owner[c] >= 0:
                if (src, op) in seen:
                    continue
                seen.add((src, op))
            edges.append((src, op))
    return np.array(edges, np.int64).reshape(-1, 2)


def node_sizes(
    kind: np.ndarray, ref: np.ndarray, sizes: NodeSizes
) -> tuple[np.ndarray, np.ndarray]:
    """Width and height of each drawn node, from the sizes of its value's record or op."""
    width = np.empty(len(kind))
    height = np.empty(len(kind))
    for i, (k, r) in enumerate(zip(kind.tolist(), ref.tolist(), strict=True)):
        if k == RECORD:
            width[i], height[i] = sizes.record_width[r], sizes.record_height
        elif k == OP:
            width[i], height[i] = sizes.op_width[r], sizes.op_height
        else:
            width[i], height[i] = sizes.group_width, sizes.group_height
    return width, height


def layout_graph(
    graph: Graph,
    owner: np.ndarray | None = None,
    visible: np.ndarray | None = None,
    sizes: NodeSizes | None = None,
) -> DrawnLayout:
    """The whole layout of ``graph`` (groups collapsed, nodes hidden, sized as given)."""
    sizes = estimated_sizes(graph) if sizes is None else sizes
    kind, ref, edges, record_of, op_of = drawn_structure(graph, owner, visible)
    width, height = node_sizes(kind, ref, sizes)
    layer = assign_layers(len(kind), edges, kind == GROUP)
    all_layer, all_edges, chains = add_virtual_nodes(layer, edges)
    rows = order_layers(all_layer, all_edges)
    ys = place_rows(all_layer, rows, all_edges) * sizes.row
    widths = np.concatenate([width, np.zeros(len(all_layer) - len(kind))])
    xs = column_centres(all_layer, widths, sizes.gap)
    n = len(kind)
    bends = [np.column_stack([xs[c], ys[c]]) for c in chains]
    return DrawnLayout(
        kind, ref, edges, layer, xs[:n], ys[:n], width, height, record_of, op_of, bends
    )


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


def _adjacency(n: int, edges: np.ndarray) -> tuple[list[list[int]], list[list[int]]]:
    preds: list[list[int]] = [[] for _ in range(n)]
    succs: list[list[int]] = [[] for _ in range(n)]
    for s, t in edges.tolist():
        succs[s].append(t)
        preds[t].append(s)
    return preds, succs


def topological(n: int, edges: np.ndarray) -> list[int]:
    """A topological order of the drawn nodes (Kahn); ValueError on a cycle."""
    preds, succs = _adjacency(n, edges)
    indeg = [len(p) for p in preds]
    ready = [i for i in range(n - 1, -1, -1) if indeg[i] == 0]
    order: list[int] = []
    while ready:
        i = ready.pop()
        order.append(i)
        for t in reversed(succs[i]):
            indeg[t] -= 1
            if indeg[t] == 0:
                ready.append(t)
    if len(order) != n:
        raise ValueError("the drawn graph has a cycle (a group that is not convex)")
    return order


def assign_layers(n: int, edges: np.ndarray, stay: np.ndarray | None = None) -> np.ndarray:
    """Layer per drawn node: longest path, then sources and single-use nodes pulled right.

    Nodes flagged in ``stay`` (collapsed groups) keep their longest-path layer, so the
    samples of a batch stand in one column instead of a diagonal.
    """
    order = topological(n, edges)
    preds, succs = _adjacency(n, edges)
    layer = [0] * n
    for i in order:
        if preds[i]:
            layer[i] = max(layer[p] for p in preds[i]) + 1
    for i in reversed(order):
        outs = succs[i]
        if outs and (not preds[i] or (len(set(outs)) == 1 and not (stay is not None and stay[i]))):
            layer[i] = min(layer[t] for t in outs) - 1
    return np.array(layer, np.int64)


def _layers(layer: np.ndarray) -> list[np.ndarray]:
    """Node ids per layer, in id order (creation order: the initial row order)."""
    by_layer = np.argsort(layer, kind="stable")
    bounds = np.searchsorted(layer[by_layer], np.arange(int(layer.max(initial=-1)) + 2))
    return [by_layer[bounds[i] : bounds[i + 1]] for i in range(len(bounds) - 1)]


def order_layers(layer: np.ndarray, edges: np.ndarray, sweeps: int = SWEEPS) -> np.ndarray:
    """Row rank of each node in its layer, after barycenter sweeps that reduce crossings."""
    layers = _layers(layer)
    rank = np.zeros(len(layer))
    for nodes in layers:
        rank[nodes] = np.arange(len(nodes)) - (len(nodes) - 1) / 2
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
