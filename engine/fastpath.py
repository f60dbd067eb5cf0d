"""The fast path: a recorded scalar graph compiled into vectorised numpy.

The nodes are grouped by level (longest path from a leaf) and op. A forward pass runs
the groups level by level (gather the children's data, apply the op to the whole group,
scatter the results); the backward pass runs them in reverse, accumulating every
``+=`` of the scalar ``_backward`` calls with fancy indexing (``np.add.at`` where a
child occurs more than once in a group). The arithmetic is the scalar engine's,
element by element, so losses agree with it to rounding.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from engine.graph import Graph

BINARY_OPS = ("+", "-", "*", "/")
UNARY_OPS = ("neg", "tanh", "exp", "log", "relu", "sigmoid")


class FastPathError(ValueError):
    """A graph the fast path cannot compile: the message names the node at fault."""


@dataclass(frozen=True)
class _Group:
    """Nodes of one level and one op: output ids and the ids of their children."""

    kind: str  # the op, or "**" for every power
    out: np.ndarray
    a: np.ndarray
    b: np.ndarray | None
    exponent: float
    a_unique: bool
    b_unique: bool


def _exponent(op: str, name: str) -> float:
    try:
        return float(op[2:])
    except ValueError:
        raise FastPathError(f"node {name}: cannot read the exponent of op {op!r}") from None


def _levels(graph: Graph) -> list[int]:
    """Longest distance of each node from a leaf (ids are a topological order)."""
    level = [0] * len(graph)
    for i, kids in enumerate(graph.children):
        if kids:
            level[i] = 1 + max(level[c] for c in kids)
    return level


def _check_node(graph: Graph, i: int) -> None:
    op, kids = graph.ops[i], graph.children[i]
    if op in BINARY_OPS and len(kids) == 2:
        return
    if (op in UNARY_OPS or op.startswith("**")) and len(kids) == 1:
        return
    raise FastPathError(
        f"node {graph.names[i]}: op {op!r} with {len(kids)} inputs is not one the fast path knows"
    )


def _make_group(op: str, ids: list[int], graph: Graph) -> _Group:
    out = np.array(ids, dtype=np.intp)
    a = np.array([graph.children[i][0] for i in ids], dtype=np.intp)
    b = None
    if op in BINARY_OPS:
        b = np.array([graph.children[i][1] for i in ids], dtype=np.intp)
    exponent = _exponent(op, str(ids[0])) if op.startswith("**") else 0.0
    return _Group(
        kind="**" if op.startswith("**") else op,
        out=out,
        a=a,
        b=b,
        exponent=exponent,
        a_unique=len(np.unique(a)) == len(a),
        b_unique=b is None or len(np.unique(b)) == len(b),
    )


class CompiledGraph:
    """A loss graph compiled for numpy: set leaf values, run forward, run backward."""

    def __init__(self, graph: Graph):
        # keep names, not the nodes: a big graph of live Values slows every GC pass
        self.names = graph.names
        for i, kids in enumerate(graph.children):
            if kids:
                _check_node(graph, i)
        level = _levels(graph)
        buckets: dict[tuple[int, str], list[int]] = defaultdict(list)
        for i, kids in enumerate(graph.children):
            if kids:
                buckets[(level[i], graph.ops[i])].append(i)
        self._groups = [_make_group(op, ids, graph) for (_, op), ids in sorted(buckets.items())]
        self.data = np.array([float(n.data) for n in graph.nodes], dtype=np.float64)
        self.grad = np.zeros(len(graph), dtype=np.float64)
        self.root = graph.root

    def __len__(self) -> int:
        return len(self.data)

    def forward(self) -> float:
        """Recompute every non-leaf from the leaves' current data; the root's data."""
        data = self.data
        with np.errstate(all="ignore"):
            for g in self._groups:
                data[g.out] = _FORWARD[g.kind](data, g)
        return float(data[self.root])

    def backward(self) -> np.ndarray:
        """Every node's grad (root's = 1), accumulated as the scalar ``_backward`` calls do."""
        grad = self.grad
        grad.fill(0.0)
        grad[self.root] = 1.0
        data = self.data
        with np.errstate(all="ignore"):
            for g in reversed(self._groups):
                _backward_group(data, grad, g)
        return grad

    def first_non_finite(self) -> int | None:
        """The first node (in id order) whose data is nan or inf, or None."""
        bad = np.flatnonzero(~np.isfinite(self.data))
        return int(bad[0]) if len(bad) else None


def node_ids(graph: Graph, nodes: list) -> np.ndarray:
    """The ids of node objects in ``graph`` (by identity, not equality)."""
    index = {id(n): i for i, n in enumerate(graph.nodes)}
    try:
        return np.array([index[id(n)] for n in nodes], dtype=np.intp)
    except KeyError:
        raise KeyError("a node is not in the graph") from None


def _pow_forward(data: np.ndarray, g: _Group) -> np.ndarray:
    return np.power(data[g.a], g.exponent)


_FORWARD = {
    "+": lambda d, g: d[g.a] + d[g.b],
    "-": lambda d, g: d[g.a] - d[g.b],
    "*": lambda d, g: d[g.a] * d[g.b],
    "/": lambda d, g: d[g.a] / d[g.b],
    "**": _pow_forward,
    "neg": lambda d, g: -d[g.a],
    "tanh": lambda d, g: np.tanh(d[g.a]),
    "exp": lambda d, g: np.exp(d[g.a]),
    "log": lambda d, g: _log(d[g.a]),
    "relu": lambda d, g: np.where(d[g.a] > 0, d[g.a], 0.0),
    "sigmoid": lambda d, g: _sigmoid(d[g.a]),
}


def _log(x: np.ndarray) -> np.ndarray:
    # the scalar engine gives -inf at 0 and nan below: numpy's log does the same
    return np.log(x)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    """The logistic function, in the same two branches as the scalar engine."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _accumulate(grad: np.ndarray, ids: np.ndarray, unique: bool, contrib: np.ndarray) -> None:
    if unique:
        grad[ids] += contrib
    else:
        np.add.at(grad, ids, contrib)


def _backward_group(data: np.ndarray, grad: np.ndarray, g: _Group) -> None:
    """One level's worth of ``_backward`` calls for one op."""
    out_grad = grad[g.out]
    ga, gb = _LOCAL[g.kind](data, g, out_grad)
    _accumulate(grad, g.a, g.a_unique, ga)
    if gb is not None:
        _accumulate(grad, g.b, g.b_unique, gb)


def _local_pow(d: np.ndarray, g: _Group, og: np.ndarray) -> tuple:
    return g.exponent * np.power(d[g.a], g.exponent - 1) * og, None


def _local_sigmoid(d: np.ndarray, g: _Group, og: np.ndarray) -> tuple:
    s = d[g.out]
    return s * (1 - s) * og, None


def _local_tanh(d: np.ndarray, g: _Group, og: np.ndarray) -> tuple:
    t = d[g.out]
    return (1 - t**2) * og, None


_LOCAL = {
    "+": lambda d, g, og: (og, og),
    "-": lambda d, g, og: (og, -og),
    "*": lambda d, g, og: (d[g.b] * og, d[g.a] * og),
    "/": lambda d, g, og: ((1.0 / d[g.b]) * og, -(d[g.out] / d[g.b]) * og),
    "**": _local_pow,
    "neg": lambda d, g, og: (-og, None),
    "tanh": _local_tanh,
    "exp": lambda d, g, og: (d[g.out] * og, None),
    "log": lambda d, g, og: ((1.0 / d[g.a]) * og, None),
    "relu": lambda d, g, og: ((d[g.out] > 0) * og, None),
    "sigmoid": _local_sigmoid,
}
