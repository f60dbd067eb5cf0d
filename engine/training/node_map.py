"""Which node of one compiled graph is which node of another compilation of the same graph.

The example a user opens and the trainer's step graph are the same loss graph built in a
different order (the example makes every sample's inputs first, the trainer one sample at a
time), so their node ids differ. Matched from the root down, child position by child
position, the map is exact or it is refused: the live canvas then reads the trainer's
numbers through it instead of recomputing them (engine.training.live_numbers).
"""

from __future__ import annotations

import numpy as np

from engine.training.fastpath import CompiledGraph
from engine.training.slices import Sliced, finish

#: Groups matched between two pauses of a sliced match (moons: 347 groups in all).
SLICE_GROUPS = 48


def node_map(ours: CompiledGraph, theirs: CompiledGraph) -> np.ndarray:
    """``theirs``' id of each node of ``ours``; ValueError (saying where) if the graphs differ.

    Two nodes match when their ops match and their parents match with them at the same child
    position; the map must be one to one. Leaves match by position alone: their values are
    the caller's to compare.
    """
    return finish(sliced_node_map(ours, theirs))


def sliced_node_map(ours: CompiledGraph, theirs: CompiledGraph) -> Sliced[np.ndarray]:
    """``node_map`` in slices of a few milliseconds (engine.training.slices)."""
    n = len(ours)
    if len(theirs) != n or len(ours.groups) != len(theirs.groups):
        raise ValueError(f"the graphs differ: {n:,} and {len(theirs):,} nodes")
    kids, group_of = _children(theirs)
    perm = np.full(n, -1, dtype=np.intp)
    perm[ours.root] = theirs.root
    # groups run by level (longest path from a leaf): a node's parents all come later, so
    # walking them backwards maps every node before its own children are read off it
    for i in range(len(ours.groups) - 1, -1, -1):
        g, h = ours.groups[i], theirs.groups[i]
        if (g.op, len(g.inputs), len(g.out)) != (h.op, len(h.inputs), len(h.out)):
            raise ValueError(f"the graphs differ at node {ours.names[g.out[0]]}")
        mapped = perm[g.out]
        wrong = np.flatnonzero((mapped < 0) | (group_of[np.maximum(mapped, 0)] != i))
        if len(wrong):
            raise ValueError(f"the graphs differ at node {ours.names[g.out[wrong[0]]]}")
        for j, a in enumerate(g.inputs):
            perm[a] = kids[j, mapped]
        if i % SLICE_GROUPS == 0:
            yield
    yield from _check(ours, perm, kids)
    return perm


def _children(c: CompiledGraph) -> tuple[np.ndarray, np.ndarray]:
    """Each node's child at each position (-1: none) and the index of its group (-1: a leaf)."""
    arity = max((len(g.inputs) for g in c.groups), default=0)
    kids = np.full((arity, len(c)), -1, dtype=np.intp)
    group_of = np.full(len(c), -1, dtype=np.intp)
    for i, g in enumerate(c.groups):
        group_of[g.out] = i
        for j, a in enumerate(g.inputs):
            kids[j, g.out] = a
    return kids, group_of


def _check(ours: CompiledGraph, perm: np.ndarray, kids: np.ndarray) -> Sliced[None]:
    """Every node mapped, to a node of its own, and each child where its parent's map says.

    A node shared by two parents was mapped from the last one walked: the others must agree.
    """
    n = len(perm)
    if (perm < 0).any() or (np.bincount(perm, minlength=n) != 1).any():
        raise ValueError("the graphs differ: their nodes do not match one to one")
    for i, g in enumerate(ours.groups):
        mapped = perm[g.out]
        for j, a in enumerate(g.inputs):
            wrong = np.flatnonzero(perm[a] != kids[j, mapped])
            if len(wrong):
                raise ValueError(f"the graphs differ below node {ours.names[g.out[wrong[0]]]}")
        if i % SLICE_GROUPS == 0:
            yield
