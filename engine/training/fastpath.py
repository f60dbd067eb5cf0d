"""The fast path: a recorded scalar graph compiled into vectorised numpy.

The nodes are grouped by level (longest path from a leaf), op and arity. A forward pass
runs the groups level by level (gather the children's data, apply the op's rule from
engine.autograd.ops to the whole group, scatter the results); the backward pass runs them in
reverse, accumulating every ``+=`` of the scalar ``_backward`` calls (local derivative
times out.grad) with fancy indexing (``np.add.at`` where a child occurs more than once in
a group). The arithmetic is the scalar engine's, element by element, so losses agree with
it to rounding (numpy's exp, log and tanh may differ from libm in the last bit).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.autograd.graph import Graph
from engine.autograd.ops import OpRule, op_rule
from engine.training.slices import Sliced, SlicedBuild, parts

#: Nodes compiled between two pauses of a sliced compile (a few milliseconds' work).
SLICE_NODES = 4096


class FastPathError(ValueError):
    """A graph the fast path cannot compile: the message names the node at fault."""


@dataclass(frozen=True)
class Group:
    """Nodes of one level, op and arity: output ids, their children's ids and the op's rule."""

    op: str
    rule: OpRule
    out: np.ndarray
    inputs: tuple[np.ndarray, ...]  # one id array per input position
    unique: tuple[bool, ...]  # whether an input position names each child once
    constant: tuple[float, ...] | None  # local derivatives that read no data (+, -, neg)


def _rule(graph: Graph, i: int) -> OpRule:
    op, kids = graph.ops[i], graph.children[i]
    rule = op_rule(op, len(kids))
    if rule is None:
        raise FastPathError(
            f"node {graph.names[i]}: op {op!r} with {len(kids)} inputs is not one the fast path "
            "knows"
        )
    return rule


def _buckets(graph: Graph) -> Sliced[dict[tuple[int, str, int], list[int]]]:
    """The ids of the nodes with inputs, by level (longest path from a leaf), op and arity."""
    children, ops = graph.children, graph.ops
    level = [0] * len(graph)
    buckets: dict[tuple[int, str, int], list[int]] = defaultdict(list)
    for part in parts(range(len(graph)), SLICE_NODES):
        for i in part:
            kids = children[i]
            if kids:
                _rule(graph, i)  # the first node the fast path cannot run is named
                level[i] = 1 + max(level[c] for c in kids)  # ids are a topological order
                buckets[(level[i], ops[i], len(kids))].append(i)
        yield
    return buckets


def _make_group(rule: OpRule, ids: list[int], graph: Graph) -> Group:
    kids = np.array([graph.children[i] for i in ids], dtype=np.intp).reshape(len(ids), -1)
    inputs = tuple(np.ascontiguousarray(kids[:, j]) for j in range(kids.shape[1]))
    unique = tuple(len(np.unique(a)) == len(a) for a in inputs)
    constant = rule.constant_local(len(inputs))
    return Group(graph.ops[ids[0]], rule, np.array(ids, dtype=np.intp), inputs, unique, constant)


class CompiledGraph(SlicedBuild):
    """A loss graph compiled for numpy: set leaf values, run forward, run backward."""

    def _build(self, graph: Graph) -> Sliced[None]:
        # keep names, not the nodes: a big graph of live Values slows every GC pass
        self.names = graph.names
        buckets = yield from _buckets(graph)
        self.groups: list[Group] = []  # by level, op and arity: the order the passes run them
        for _, ids in sorted(buckets.items()):
            self.groups.append(_make_group(_rule(graph, ids[0]), ids, graph))
            yield
        data: list[float] = []
        for part in parts(range(len(graph)), SLICE_NODES):
            data.extend(float(v.data) for v in graph.nodes[part.start : part.stop])
            yield
        self.data = np.array(data, dtype=np.float64)
        self.grad = np.zeros(len(graph), dtype=np.float64)
        self.root = graph.root

    def __len__(self) -> int:
        return len(self.data)

    def forward(self) -> float:
        """Recompute every non-leaf from the leaves' current data; the root's data."""
        data = self.data
        with np.errstate(all="ignore"):
            for g in self.groups:
                data[g.out] = g.rule.forward(np, *[data[a] for a in g.inputs])
        return float(data[self.root])

    def backward(self, terms: list | None = None) -> np.ndarray:
        """Every node's grad (root's = 1), accumulated as the scalar ``_backward`` calls do.

        ``terms``, if given, gets per group (last level first) its output ids and, per input
        position, the ``local * out.grad`` each output's ``_backward`` adds to that input.
        """
        grad = self.grad
        grad.fill(0.0)
        grad[self.root] = 1.0
        data = self.data
        with np.errstate(all="ignore"):
            for g in reversed(self.groups):
                added = _backward_group(data, grad, g)
                if terms is not None:
                    terms.append((g.out, added))
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


class _Inputs:
    """A group's input arrays, gathered from ``data`` only when a local derivative reads them."""

    __slots__ = ("_data", "_ids")

    def __init__(self, data: np.ndarray, ids: tuple[np.ndarray, ...]):
        self._data, self._ids = data, ids

    def __len__(self) -> int:
        return len(self._ids)

    def __getitem__(self, j: int | slice) -> Any:
        if isinstance(j, slice):
            return tuple(self._data[a] for a in self._ids[j])
        return self._data[self._ids[j]]


def _times(d: Any, out_grad: np.ndarray) -> np.ndarray:
    """``d * out_grad``; a constant 1 or -1 (``+``, ``-``, ``neg``) needs no multiplication."""
    if type(d) is float and abs(d) == 1.0:
        return out_grad if d > 0 else -out_grad
    return d * out_grad


def _backward_group(data: np.ndarray, grad: np.ndarray, g: Group) -> list[np.ndarray]:
    """One level's worth of ``_backward`` calls for one op: each input += local * out.grad.

    Returns what was added, one array per input position.
    """
    out_grad = grad[g.out]
    local = g.constant or g.rule.local(np, _Inputs(data, g.inputs), data[g.out])
    added = []
    for ids, unique, d in zip(g.inputs, g.unique, local, strict=True):
        contrib = _times(d, out_grad)
        if unique:
            grad[ids] += contrib
        else:  # a child twice in the group: every contribution must land
            np.add.at(grad, ids, contrib)
        added.append(contrib)
    return added
