"""A computation graph frozen into integer ids, for any micrograd-compatible Value class."""

from __future__ import annotations

import math
import numbers
from functools import cached_property
from operator import attrgetter
from typing import Any

from engine.autograd.frozen_record import FrozenRecord
from engine.autograd.op_text import node_names
from engine.autograd.ops import POWER_NAMES, canonical, canonical_op
from engine.autograd.topo import MANY
from engine.autograd.value import Value


class GraphError(ValueError):
    """A graph that cannot be stepped through: the message names the node at fault."""


def describe(node: Any) -> str:
    """A short human name for a node, for error messages: its label, op and data."""
    label = getattr(node, "label", "") or ""
    op = getattr(node, "_op", "") or ""
    parts = [repr(label) if label else type(node).__name__]
    if op:
        parts.append(f"op {op!r}")
    data = getattr(node, "data", None)
    if isinstance(data, numbers.Real):
        parts.append(f"data {data!r}")
    return "node " + ", ".join(parts)


class Graph(FrozenRecord, eq=False, cached=True):
    """The DAG under a root: node ``i`` is ``nodes[i]``; children come before parents."""

    # compared by identity (its fields hold every node); cached: its cached properties keep
    # their values in a __dict__, and caches key weakly by it
    nodes: tuple[Any, ...]
    children: tuple[tuple[int, ...], ...]
    ops: tuple[str, ...]
    labels: tuple[str, ...]
    root: int

    def __len__(self) -> int:
        return len(self.nodes)

    @cached_property
    def names(self) -> tuple[str, ...]:
        """Display names: the label where set, else made from the op and inputs (``a*b``)."""
        return node_names(self.labels, self.ops, self.children)

    @cached_property
    def rule_ops(self) -> tuple[str, ...]:
        """Each node's op as the op table reads it: aliases resolved (``'mul'`` is ``'*'``).

        A one-input ``'pow'`` reads its exponent from the node (engine.autograd.ops).
        """
        # Only a one-input power reads its node; every other answer depends on (op, arity)
        # alone, so it is looked up once per pair, not once per node of a 66,000-node graph.
        known: dict[tuple[str, int], str] = {}
        out = []
        for op, kids, node in zip(self.ops, self.children, self.nodes, strict=True):
            key = (op, len(kids))
            name = known.get(key)
            if name is None:
                name = canonical_op(op, key[1], node)
                if op not in POWER_NAMES or key[1] != 1:
                    known[key] = name
            out.append(name)
        return tuple(out)

    def parents(self) -> tuple[tuple[int, ...], ...]:
        """For each node, the nodes that use it as an input (each once, in id order)."""
        return self._parents

    @cached_property
    def _parents(self) -> tuple[tuple[int, ...], ...]:
        # Computed once: grouping, the inspector and the diagnoses all ask, and a moons
        # batch (65,814 nodes) takes over 0.1 s each time.
        users: list[list[int]] = [[] for _ in self.nodes]
        for parent, kids in enumerate(self.children):
            if len(kids) == 2:  # most ops: skip the dedup unless both inputs are one node
                a, b = kids
                users[a].append(parent)
                if b != a:
                    users[b].append(parent)
            else:
                for child in dict.fromkeys(kids):
                    users[child].append(parent)
        return tuple(map(tuple, users))

    def edges(self) -> list[tuple[int, int]]:
        """Every (child, parent) pair, once per use: ``a + a`` gives two edges."""
        return [(c, p) for p, kids in enumerate(self.children) for c in kids]

    @classmethod
    def from_root(cls, root: Any) -> Graph:
        """Collect the graph below ``root``; raise GraphError naming the node if it is malformed."""
        fast = cls._from_values(root)
        if fast is not None:
            return fast
        kids_of: dict[int, tuple[Any, ...]] = {}
        order = _post_order(root, kids_of)
        if all(isinstance(n, Value) for n in order):
            order.sort(key=lambda n: n._id)  # creation order is a topological order
        index = {id(n): i for i, n in enumerate(order)}
        get = index.__getitem__
        return cls(
            nodes=tuple(order),
            children=tuple([tuple(map(get, map(id, kids_of[id(n)]))) for n in order]),
            ops=tuple(str(getattr(n, "_op", "") or "") for n in order),
            labels=tuple(str(getattr(n, "label", "") or "") for n in order),
            root=index[id(root)],
        )

    @classmethod
    def _from_values(cls, root: Value) -> Graph | None:
        """The fast path for a well-formed graph of plain Values; None if it is not one.

        None sends the caller to the general path (foreign objects, non-number data, a
        ``_prev`` edited by hand), which checks each node and names the one at fault. This
        path exists because a 66,000-node graph is collected on every trace recording.
        """
        order = _values_by_creation(root)
        if order is None:
            return None
        if not set(map(type, map(_DATA, order))) <= _REAL:
            return None
        index = {n: i for i, n in enumerate(order)}  # Values hash by identity
        get = index.__getitem__
        children: list[tuple[int, ...]] = []
        keep = children.append
        # The inputs are read from Value's two slots (its _prev property is a call per node).
        # A child made after its parent means _prev was set by hand: maybe a cycle.
        for i, node in enumerate(order):
            a, b = node._a, node._b
            if b is None or b is MANY:
                kids = () if a is None else tuple(map(get, a if b is MANY else (a,)))
                if kids and max(kids) >= i:
                    return None
                keep(kids)
            else:  # most ops: two inputs, compared without a max() call
                x, y = get(a), get(b)
                if x >= i or y >= i:
                    return None
                keep((x, y))
        return cls(
            nodes=tuple(order),
            children=tuple(children),
            ops=tuple([n._op for n in order]),
            labels=tuple([n.label for n in order]),
            root=index[root],
        )


_DATA = attrgetter("data")
_REAL = {float, int}


def _values_by_creation(root: Any) -> list[Value] | None:
    """Every node below ``root`` sorted by creation, or None if one is not a plain Value."""
    if type(root) is not Value or Value.__hash__ is not object.__hash__:
        return None
    seen = {root}
    order = [root]
    stack = [root]
    add, keep, push, pop = seen.add, order.append, stack.append, stack.pop
    while stack:
        node = pop()
        a, b = node._a, node._b
        for c in a if b is MANY else (a, b):
            if c is not None and c not in seen:
                if type(c) is not Value:
                    return None
                add(c)
                keep(c)
                push(c)
    order.sort(key=attrgetter("_id"))
    return order


def _children_of(node: Any) -> tuple[Any, ...]:
    """A node's children in a stable order: as stored for tuples, sorted for sets."""
    prev = node._prev
    if isinstance(prev, (set, frozenset)):
        if len(prev) == 2:  # most ops: two keys compared, as sorted() would, no dict
            a, b = prev
            key_a, key_b = _content_key(a), _content_key(b)
            if key_a != key_b:
                return (b, a) if key_b < key_a else (a, b)
        elif len(prev) < 2:
            kids = tuple(prev)
            return kids * 2 if kids and _was_doubled(node, kids[0]) else kids
        keys = {id(c): _content_key(c) for c in prev}
        if len(set(keys.values())) < len(keys):  # siblings alike: look one level further
            keys = {id(c): (*keys[id(c)], _shape_key(c)) for c in prev}
        return tuple(sorted(prev, key=lambda c: keys[id(c)]))
    return tuple(prev)


def _was_doubled(node: Any, kid: Any) -> bool:
    """Whether a one-child set is micrograd's ``a + a`` or ``a * a`` (the data tells)."""
    op = canonical(str(getattr(node, "_op", "")))
    if op not in ("+", "*"):
        return False
    try:
        a, out = float(kid.data), float(node.data)
    except (TypeError, ValueError):
        return False
    return out == (a + a if op == "+" else a * a)


def _content_key(node: Any) -> tuple:
    """Sort key for children kept in a set (micrograd 0.1.0): by content, never by id().

    Siblings alike in op and data (two dead ReLUs times a weight, say) are then told apart
    by their own children's ops and data (``_shape_key``), so the order survives a fresh run.
    """
    op, label = getattr(node, "_op", ""), getattr(node, "label", "")
    return (
        op if type(op) is str else str(op),
        label if type(label) is str else str(label),
        _data_key(node),
    )


def _shape_key(node: Any) -> tuple:
    try:
        return tuple(sorted((str(getattr(c, "_op", "")), _data_key(c)) for c in node._prev))
    except (TypeError, AttributeError):
        return ()


def _data_key(node: Any) -> float:
    data = getattr(node, "data", 0.0)
    if type(data) is float or type(data) is int:  # the common case, without an ABC check
        return math.inf if math.isnan(data) else data
    return data if isinstance(data, numbers.Real) and not math.isnan(data) else math.inf


def _check_node(node: Any) -> None:
    for attr in ("data", "grad", "_prev", "_backward"):
        if not hasattr(node, attr):
            raise GraphError(f"{describe(node)} has no attribute {attr!r}: not a Value")
    if not callable(node._backward):
        raise GraphError(f"{describe(node)}: _backward is not callable")
    data = node.data
    if type(data) is not float and (isinstance(data, bool) or not isinstance(data, numbers.Real)):
        raise GraphError(f"{describe(node)}: data must be a real number, got {data!r}")
    try:
        iter(node._prev)
    except TypeError:
        raise GraphError(f"{describe(node)}: _prev is not a collection of nodes") from None


def _post_order(root: Any, kids_of: dict[int, tuple[Any, ...]]) -> list[Any]:
    """Depth-first post-order from ``root`` (children first), detecting cycles.

    Fills ``kids_of`` with each node's ordered children (keyed by ``id``), computed once.
    """
    _check_node(root)
    order: list[Any] = []
    state: dict[int, int] = {id(root): 1}  # 1 = on the current path, 2 = finished
    kids_of[id(root)] = _children_of(root)
    stack = [(root, iter(kids_of[id(root)]))]
    while stack:
        node, children = stack[-1]
        for child in children:
            seen = state.get(id(child))
            if seen == 1:
                raise GraphError(f"the graph has a cycle through {describe(child)}")
            if seen is None:
                _check_node(child)
                state[id(child)] = 1
                kids_of[id(child)] = _children_of(child)
                stack.append((child, iter(kids_of[id(child)])))
                break
        else:
            stack.pop()
            state[id(node)] = 2
            order.append(node)
    return order
