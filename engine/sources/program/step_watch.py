"""Watching each ``_backward`` call of a pass: which node, in which order, what it wrote.

Before the user's ``backward()`` runs, each node's ``_backward`` (or, for gradstep's own
Value, its ``_grad_fn``) is wrapped in a probe that snapshots the node's children around
the call; the originals are put back when ``backward()`` returns. A class whose
``_backward`` is a method (slots, no instance attribute to wrap) is watched by the
tracer instead, which calls ``before``/``after`` around the method's frame.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import attrgetter
from sys import gettrace, settrace
from typing import Any

from engine.autograd.ops import op_rule
from engine.autograd.value import Value
from engine.sources.program.columns import PassColumns
from engine.trace import event_text as text
from engine.trace.backward_steps import grad_of
from engine.trace.events import GradWrite
from engine.trace.recorder import STEP

_GRAD = attrgetter("grad")


class StepWatch:
    """The ``_backward`` calls of one pass and the grads each wrote, into the columns."""

    def __init__(
        self,
        cols: PassColumns,
        graph: Any,
        shadow: list[float | None],
        on_first_step: Callable[[], None],
    ):
        self.cols = cols
        self.graph = graph
        self.nodes: Sequence[Any] = graph.nodes
        self.children = graph.children
        self.shadow = shadow
        self.on_first_step = on_first_step
        self.started = False
        self.wrapped = bytearray(len(self.nodes))
        self.functions: dict[int, Any] = {}  # node -> the function its first call ran
        self._restore: list[tuple[Any, str, Any]] = []
        self._calls: list[tuple[int, int, list[float], float]] = []

    def install(self) -> None:
        """Wrap every node's ``_backward`` (or ``_grad_fn``) in a probe."""
        keep = self._restore.append
        wrapped = self.wrapped
        for i, obj in enumerate(self.nodes):
            attrs = getattr(obj, "__dict__", None)
            if attrs is not None and "_backward" in attrs:
                fn = attrs["_backward"]
                attrs["_backward"] = _Probe(i, fn, self)
                keep((attrs, "_backward", fn))
                wrapped[i] = 1
            elif isinstance(obj, Value):
                fn = obj._grad_fn
                if fn is not None:
                    obj._grad_fn = _Probe(i, fn, self)
                    keep((obj, "_grad_fn", fn))
                wrapped[i] = 1  # a leaf's Value._backward does nothing to observe

    def uninstall(self) -> None:
        """Put every original function back."""
        for target, name, fn in reversed(self._restore):
            if isinstance(target, dict):
                target[name] = fn
            else:
                setattr(target, name, fn)
        self._restore.clear()

    def before(self, node: int, fn: Any) -> None:
        """A ``_backward`` call on ``node`` is about to run ``fn``."""
        if not self.started:
            self.started = True
            self.on_first_step()
        # Runs once per _backward call (65,000 for the moons demo): no helper calls.
        cols, nodes = self.cols, self.nodes
        k = len(cols.step_grad)
        cols.kind.append(STEP)
        cols.node.append(node)
        cols.arg.append(k)
        obj = nodes[node]
        kids = self.children[node]
        try:
            own = float(obj.grad)
            kid_grads = list(map(float, map(_GRAD, map(nodes.__getitem__, kids))))
        except (TypeError, ValueError):
            own = grad_of(obj)
            kid_grads = [grad_of(nodes[c]) for c in kids]
        cols.step_grad.append(own)
        if node not in self.functions:
            self.functions[node] = fn
        self._calls.append((node, k, kid_grads, own))

    def after(self, node: int) -> None:
        """The ``_backward`` call on ``node`` returned (or raised): record its writes."""
        if not self._calls or self._calls[-1][0] != node:
            return
        _, k, kid_grads, self_before = self._calls.pop()
        cols, shadow, nodes = self.cols, self.shadow, self.nodes
        kids = self.children[node]
        try:
            afters = list(map(float, map(_GRAD, map(nodes.__getitem__, kids))))
            self_after = float(nodes[node].grad)
        except (TypeError, ValueError):
            afters = [grad_of(nodes[c]) for c in kids]
            self_after = grad_of(nodes[node])
        befores = [
            None if shadow[c] is None and g == 0.0 else g
            for c, g in zip(kids, kid_grads, strict=True)
        ]
        repeated = kids[0] == kids[1] if len(kids) == 2 else len(set(kids)) < len(kids)
        if repeated:  # a + a
            pairs = _split_shares(self.graph, node, befores, afters, cols.step_grad[k])
            befores, afters = [b for b, _ in pairs], [a for _, a in pairs]
        cols.w_child.extend(kids)
        cols.w_before.extend(befores)
        cols.w_after.extend(afters)
        for c, a in zip(kids, afters, strict=True):
            shadow[c] = a
        cols.step_start.append(len(cols.w_child))
        if self_after != self_before and node not in kids:
            was = None if shadow[node] is None and self_before == 0.0 else self_before
            cols.stray[k] = (GradWrite(node, was, self_after),)
            shadow[node] = self_after


class _Probe:
    """What a node's ``_backward`` is while a pass runs: the original, called between notes.

    One object per node (a closure would be six: function, closure tuple, four cells).
    The tracer is off while it runs: the tracer rejects every call made under a probe
    (none is the user's sort or a node's ``_backward`` called by ``backward()``), and
    the bookkeeping below would otherwise cost it several Python calls per node.
    """

    __slots__ = ("fn", "node", "watch")

    def __init__(self, node: int, fn: Any, watch: StepWatch):
        self.node = node
        self.fn = fn
        self.watch = watch

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        tracer = gettrace()
        settrace(None)
        try:
            self.watch.before(self.node, self.fn)
            try:
                return self.fn(*args, **kwargs)
            finally:
                self.watch.after(self.node)
        finally:
            settrace(tracer)


PROBE_CODE = _Probe.__call__.__code__
"""The code of every probe: the tracer leaves these frames alone."""


def _split_shares(
    graph: Any,
    node: int,
    befores: list[float | None],
    afters: list[float],
    out_grad: float | None,
) -> list[tuple[float | None, float]]:
    """Each position's grad before and after, for a call with a child held twice (``a + a``).

    The call is observed as a whole; if the op's textbook shares add up to what happened,
    each position shows its own ``+=``; otherwise earlier positions show no change and
    the last one the whole observed change (a buggy ``_backward``, shown as it ended).
    """
    kids = graph.children[node]
    last = {c: pos for pos, c in enumerate(kids)}
    first = {c: befores[pos] for pos, c in reversed(list(enumerate(kids)))}
    rule = op_rule(graph.ops[node], len(kids))
    shares = [0.0] * len(kids)
    fits = rule is not None
    if rule is not None:
        data = [float(graph.nodes[c].data) for c in kids]
        local = rule.local_floats(data, float(graph.nodes[node].data))
        shares = [d * (out_grad or 0.0) for d in local]
        totals = {c: first[c] or 0.0 for c in first}
        for c, share in zip(kids, shares, strict=True):
            totals[c] += share
        fits = all(text.close(totals[c], afters[last[c]]) for c in totals)
    running = dict(first)
    pairs: list[tuple[float | None, float]] = []
    for pos, c in enumerate(kids):
        b = running[c]
        a = afters[pos] if pos == last[c] else (b or 0.0) + (shares[pos] if fits else 0.0)
        pairs.append((b, a))
        running[c] = a
    return pairs
