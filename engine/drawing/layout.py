"""The drawn graph (draw_dot's picture) and its layouts through networkx, as flat arrays.

The drawn graph has a record node per value (label | data | grad), an op node per
non-leaf value, and edges child record -> op node -> result record. Collapsed groups
(engine/drawing/grouping.py) replace their members by one group node. It is laid out
by name: "layered" (the default, left to right like draw_dot: engine/drawing/layered.py)
or one of networkx's general layouts (engine/drawing/nx_layouts.py).
"""

from __future__ import annotations

import threading
import weakref

import numpy as np

from engine.autograd.frozen_record import FrozenRecord, replaced, set_field
from engine.autograd.graph import Graph
from engine.drawing.layered import layered_positions
from engine.drawing.layout_names import LAYERED, LAYOUTS
from engine.drawing.node_sizes import GAP, ROW, NodeSizes, estimated_sizes

RECORD, OP, GROUP = 0, 1, 2


class DrawnLayout(FrozenRecord, eq=False):
    """The drawn graph laid out: per drawn node ``kind``, ``ref``, ``x``, ``y`` and sizes."""

    kind: np.ndarray  # RECORD / OP / GROUP
    ref: np.ndarray  # value id for RECORD and OP, group index for GROUP
    edges: np.ndarray  # (E, 2) drawn ids, source -> target
    layer: np.ndarray
    x: np.ndarray  # centre
    y: np.ndarray  # centre
    width: np.ndarray
    height: np.ndarray
    record_of: np.ndarray  # per value: drawn id holding its record (or group), -1: hidden
    op_of: np.ndarray  # per value: drawn id of its op node (or its group), -1 if none
    bends: list[np.ndarray] | None = None  # per edge: (k, 2) points it passes ([]: None)
    name: str = LAYERED  # the layout that placed the nodes
    row: float = ROW  # the layered layout's row pitch and column gap, as the sizes said
    gap: float = GAP

    def __post_init__(self) -> None:
        if self.bends is None:  # no default list shared by every layout
            set_field(self, "bends", [])

    def __len__(self) -> int:
        return len(self.kind)

    @property
    def left_to_right(self) -> bool:
        """Whether edges run between columns, left to right (the layered layout)."""
        return self.name == LAYERED


Structure = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]
"""Drawn nodes and edges: (kind, ref, edges, record_of, op_of)."""

# The last structure worked out per graph: a 65,000-node pass takes ~0.1 s, which a
# reader thread spends before the GUI thread draws the pass (engine.drawing.grouping).
_STRUCTURES: weakref.WeakKeyDictionary[Graph, tuple[bytes, Structure]] = weakref.WeakKeyDictionary()
_STRUCTURES_LOCK = threading.Lock()


def drawn_structure(
    graph: Graph, owner: np.ndarray | None = None, visible: np.ndarray | None = None
) -> Structure:
    """Drawn nodes and edges: (kind, ref, edges, record_of, op_of); groups from ``owner``.

    The last answer for each graph is kept (any thread may ask); each caller gets copies.
    """
    key = b"" if owner is None else np.asarray(owner, np.int64).tobytes()
    key += b"|" + (b"" if visible is None else np.asarray(visible, bool).tobytes())
    with _STRUCTURES_LOCK:
        known = _STRUCTURES.get(graph)
    if known is None or known[0] != key:
        known = (key, _drawn_structure(graph, owner, visible))
        with _STRUCTURES_LOCK:
            _STRUCTURES[graph] = known
    return tuple(a.copy() for a in known[1])  # type: ignore[return-value]


def _drawn_structure(
    graph: Graph, owner: np.ndarray | None, visible: np.ndarray | None
) -> Structure:
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


def check_layout_name(name: str) -> str:
    """``name`` if it names a layout; ValueError listing the names otherwise."""
    if name not in LAYOUTS:
        raise ValueError(f"unknown layout {name!r}: choose one of {', '.join(LAYOUTS)}")
    return name


def layout_graph(
    graph: Graph,
    owner: np.ndarray | None = None,
    visible: np.ndarray | None = None,
    name: str = LAYERED,
    sizes: NodeSizes | None = None,
) -> DrawnLayout:
    """``graph`` drawn (groups collapsed, nodes hidden, sized as given), laid out by ``name``."""
    check_layout_name(name)
    sizes = estimated_sizes(graph) if sizes is None else sizes
    kind, ref, edges, record_of, op_of = drawn_structure(graph, owner, visible)
    width, height = node_sizes(kind, ref, sizes)
    unplaced = np.zeros(len(kind))
    drawn = DrawnLayout(
        kind,
        ref,
        edges,
        unplaced.astype(np.int64),
        unplaced,
        unplaced,
        width,
        height,
        record_of,
        op_of,
        row=sizes.row,
        gap=sizes.gap,
    )
    return relayout(drawn, name)


def relayout(drawn: DrawnLayout, name: str) -> DrawnLayout:
    """The same drawn graph laid out by ``name`` (LayoutTooBigError if a general layout refuses)."""
    check_layout_name(name)
    layer, x, y, bends = layered_positions(
        drawn.width, drawn.edges, drawn.kind == GROUP, row=drawn.row, gap=drawn.gap
    )
    if name != LAYERED:  # the layers still say how far each node is from the inputs
        # imported when asked for: it imports networkx, which a launch leaves to a child
        from engine.drawing.nx_layouts import free_positions  # noqa: PLC0415

        x, y = free_positions(name, drawn.edges, layer, drawn.width, drawn.height)
        bends = []
    return replaced(drawn, layer=layer, x=x, y=y, bends=bends, name=name)


def between(start: DrawnLayout, end: DrawnLayout, t: float) -> DrawnLayout:
    """``end`` with every node ``t`` (0 to 1) of the way from its place in ``start``.

    Edges on the way run straight (bend points belong to one layout); at 1 it is ``end``.
    """
    if t >= 1.0:
        return end
    x = start.x + (end.x - start.x) * t
    y = start.y + (end.y - start.y) * t
    return replaced(end, x=x, y=y, bends=[])
