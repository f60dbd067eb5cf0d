"""micrograd's ``build_topo`` over Values: recursive while the stack allows, iterative below.

Recursion is the cheapest walk in CPython (a call per node; no iterator, no tuple, no
explicit stack), but micrograd's recursive sort fails past about 1,000 levels. Here each
sort recurses at most ``_MAX_DEPTH`` frames (fewer if its caller is already deep) and
walks anything deeper with an explicit stack, in the same order.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any, Protocol


class Value(Protocol):
    """What the sort reads of engine.autograd.value.Value (imported from there, a cycle)."""

    _a: Any
    _b: Any
    _mark: object


#: In ``Value._b``: the node has three or more inputs, and ``Value._a`` holds their tuple.
MANY: Any = object()
#: Frames one sort may recurse into, and room always left below the interpreter's limit.
_MAX_DEPTH = 400
_MARGIN = 100
#: Held while a sort marks nodes: marks live on the nodes, so two sorts at once over shared
#: nodes would overwrite each other's and repeat nodes. Sorts are pure Python, one at a time
#: under the GIL anyway, so the lock costs one acquire per sort.
_SORTING = threading.Lock()


def inputs(node: Value) -> tuple[Value, ...]:
    """A Value's inputs in order, from its two slots (see ``Value._prev``)."""
    a, b = node._a, node._b
    if b is None:
        return () if a is None else (a,)
    return a if b is MANY else (a, b)


def topological_order(root: Value) -> list[Value]:
    """The nodes below ``root`` in micrograd's ``build_topo`` order, at any depth.

    Safe from any thread: sorts that share nodes run one after the other.
    """
    # Instead of a visited set, a node visited by this call carries ``visited`` in
    # ``_mark``: a slot read is cheaper than hashing into a set of the graph's size.
    topo: list[Value] = []
    visited = object()  # new each call: an earlier call's marks never match it

    def build_topo(v: Value, depth: int) -> None:
        # depth counts up (mostly small ints, which Python does not allocate) to ``limit``
        if depth == limit:  # the stack is as deep as allowed: the rest of this path iteratively
            _walk(v, visited, topo.append)
            return
        v._mark = visited
        a = v._a
        if a is not None:  # not a leaf
            b = v._b
            if b is MANY:
                for child in a:
                    if child._mark is not visited:
                        build_topo(child, depth + 1)
            else:
                if a._mark is not visited:
                    build_topo(a, depth + 1)
                if b is not None and b._mark is not visited:
                    build_topo(b, depth + 1)
        topo.append(v)

    try:
        with _SORTING:  # another thread's sort would re-mark shared nodes with its own object
            limit = _depth_allowed()
            build_topo(root, 0)
    finally:
        # build_topo refers to itself through its closure: a cycle that would keep topo,
        # and so the whole graph, alive until the cyclic collector ran.
        build_topo = None  # type: ignore[assignment]
    return topo


def _depth_allowed() -> int:
    """How many frames a sort may recurse into from here (0: none)."""
    depth, frame = 0, sys._getframe()
    while frame is not None:
        depth += 1
        frame = frame.f_back
    return max(0, min(_MAX_DEPTH, sys.getrecursionlimit() - depth - _MARGIN))


def _walk(start: Value, visited: object, keep: Callable[[Value], None]) -> None:
    """build_topo from ``start`` without recursion: its call stack kept in two lists."""
    # The nodes being visited and the iterators over their children still to look at;
    # ``todo`` is the top one's.
    start._mark = visited
    nodes = [start]
    todo = iter(inputs(start))
    suspended: list[Iterator[Value]] = []
    while True:
        for child in todo:
            if child._mark is not visited:
                child._mark = visited
                nodes.append(child)
                suspended.append(todo)
                todo = iter(inputs(child))
                break
        else:  # every child is visited: this node is done
            keep(nodes.pop())
            if not suspended:
                return
            todo = suspended.pop()
