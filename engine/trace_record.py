"""The recorder behind ``engine.trace.record``: runs the pass and fills the trace's columns."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import accumulate, chain
from operator import attrgetter
from typing import Any

from engine import text
from engine.graph import Graph, GraphError, describe
from engine.trace_events import BACKWARD, FORWARD, TOPO, UPDATE, GradWrite
from engine.value import Value

_DATA, _GRAD = attrgetter("data"), attrgetter("grad")

# Event kinds in a trace's ``kind`` column.
CREATE, ENTER, SKIP, APPEND, ZERO, SEED, STEP, PUPDATE = range(8)


class TraceError(GraphError):
    """A graph that cannot be recorded; the message names the node at fault."""


def _graph(root: Any) -> Graph:
    try:
        return Graph.from_root(root)
    except TraceError:
        raise
    except GraphError as exc:
        raise TraceError(str(exc)) from exc


def _number(value: Any, what: str) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise TraceError(f"{what} is not a number: {value!r}") from None


def _grad_of(obj: Any) -> float:
    return _number(obj.grad, f"{describe(obj)}'s grad")


def _distinct(kids: tuple[int, ...]) -> bool:
    return len(kids) > 2 and len(set(kids)) == len(kids)


def record_columns(root: Any, params: Sequence[Any] | None, lr: float | None) -> dict[str, Any]:
    """Run forward/topo/backward/update on ``root``'s graph and return the Trace fields."""
    return _Recorder(_graph(root), params, lr).run()


class _Recorder:
    """One recording: the columns being filled and the grads the events say so far."""

    def __init__(self, graph: Graph, params: Sequence[Any] | None, lr: float | None):
        self.graph = graph
        self.nodes = graph.nodes
        self.pids = self._param_ids(params)
        if lr is not None and not self.pids:
            raise TraceError("a learning rate needs parameters to update (params is empty)")
        self.lr = None if lr is None else float(lr)
        n = len(graph)
        self.kind = [CREATE] * n
        self.node = list(range(n))
        self.arg = [0] * n
        self.step_start: list[int] = []
        self.stray: dict[int, tuple[GradWrite, ...]] = {}
        self.step_grad_at_call: dict[int, float | None] = {}
        self.step_grad: list[float | None] = []
        self.w_child: list[int] = []
        self.w_before: list[float | None] = []
        self.w_after: list[float] = []
        self.update: list[tuple[float, float, float | None]] = []
        self.warnings: list[str] = []
        self.shadow: list[float | None] = [None] * n  # each grad as the events have it

    def _param_ids(self, params: Sequence[Any] | None) -> tuple[int, ...]:
        if not params:
            return ()
        wanted = {id(p) for p in params}
        found = {id(n): i for i, n in enumerate(self.nodes) if id(n) in wanted}
        for p in params:
            if id(p) not in found:
                raise TraceError(f"parameter {describe(p)} is not in the graph under the root")
        return tuple(dict.fromkeys(found[id(p)] for p in params))

    def run(self) -> dict[str, Any]:
        """Record every phase; return the Trace's fields."""
        nodes, kind = self.nodes, self.kind
        initial_data = tuple(map(float, map(_DATA, nodes)))
        stale = [(nodes[p], nodes[p].grad) for p in self.pids]
        for p in self.pids:
            self.shadow[p] = _grad_of(nodes[p])
        initial_grad = tuple(self.shadow)
        for o in nodes:
            o.grad = 0.0  # a fresh pass: no grad from an earlier backward() leaks in
        for o, grad in stale:
            o.grad = grad  # parameters keep theirs until their ZeroGrad event
        ranges = {FORWARD: range(len(kind))}
        topo = self._topo()
        ranges[TOPO] = range(ranges[FORWARD].stop, len(kind))
        seed_before = self._zero_and_seed()
        self._steps(topo[::-1])
        ranges[BACKWARD] = range(ranges[TOPO].stop, len(kind))
        if self.lr is not None:
            self._update()
            ranges[UPDATE] = range(ranges[BACKWARD].stop, len(kind))
        self._final_check(initial_data)
        return {
            "graph": self.graph,
            "initial_data": initial_data,
            "initial_grad": initial_grad,
            "params": self.pids,
            "lr": self.lr,
            "kind": kind,
            "node": self.node,
            "arg": self.arg,
            "step_start": self.step_start,
            "step_grad": self.step_grad,
            "w_child": self.w_child,
            "stray": self.stray,
            "w_before": self.w_before,
            "w_after": self.w_after,
            "seed": (seed_before, 1.0),
            "update": tuple(self.update),
            "ranges": ranges,
            "warnings": tuple(self.warnings),
        }

    def _topo(self) -> list[int]:
        """Emulate micrograd's recursive build_topo with an explicit stack; return ``topo``."""
        children = self.graph.children
        visited = bytearray(len(children))
        root = self.graph.root
        topo: list[int] = []
        add_kind, add_node, add_arg = self.kind.append, self.node.append, self.arg.append
        add_kind(ENTER)
        add_node(root)
        add_arg(-1)
        visited[root] = 1
        stack = [(root, iter(children[root]))]
        push, pop = stack.append, stack.pop
        while stack:
            v, kids = stack[-1]
            for c in kids:
                add_node(c)
                add_arg(v)
                if visited[c]:
                    add_kind(SKIP)
                else:
                    add_kind(ENTER)
                    visited[c] = 1
                    push((c, iter(children[c])))
                    break
            else:
                pop()
                add_kind(APPEND)
                add_node(v)
                add_arg(len(topo))
                topo.append(v)
        return topo

    def _zero_and_seed(self) -> float | None:
        """``p.grad = 0.0`` for each parameter, then ``root.grad = 1.0``; the root's old grad."""
        for j, p in enumerate(self.pids):
            self.nodes[p].grad = 0.0
            self.shadow[p] = 0.0
            self._event(ZERO, p, j)
        root = self.graph.root
        seed_before = self.shadow[root]
        self.nodes[root].grad = 1.0
        self.shadow[root] = 1.0
        self._event(SEED, root, 0)
        return seed_before

    def _event(self, kind: int, node: int, arg: int) -> None:
        self.kind.append(kind)
        self.node.append(node)
        self.arg.append(arg)

    def _steps(self, order: list[int]) -> None:
        """Call each node's own ``_backward`` in ``order`` and observe every grad it changes."""
        self.kind.extend([STEP] * len(order))
        self.node.extend(order)
        self.arg.extend(range(len(order)))
        nodes, children, shadow = self.nodes, self.graph.children, self.shadow
        add_before, add_after = self.w_before.append, self.w_after.append
        objs = list(map(nodes.__getitem__, order))
        for v, obj, kids in zip(order, objs, map(children.__getitem__, order), strict=True):
            self_before = obj.grad
            try:
                if type(obj) is Value:  # the same call as Value._backward, minus one frame
                    fn = obj._grad_fn
                    if fn is not None:
                        fn(obj)
                else:
                    obj._backward()
            except Exception as exc:
                raise TraceError(
                    f"{self.graph.names[v]}._backward() raised {type(exc).__name__}: {exc} "
                    f"({describe(obj)})"
                ) from exc
            n = len(kids)
            if n == 2 and kids[0] != kids[1]:
                a, b = kids
                g = nodes[a].grad
                add_before(shadow[a])
                add_after(g)
                shadow[a] = g
                g = nodes[b].grad
                add_before(shadow[b])
                add_after(g)
                shadow[b] = g
            elif n == 1:
                c = kids[0]
                g = nodes[c].grad
                add_before(shadow[c])
                add_after(g)
                shadow[c] = g
            elif n:
                self._many_writes(v)
            if obj.grad is not self_before and obj.grad != self_before:
                self._stray_self_write(order, v)
        # A node's grad is final once its own call starts (its parents all ran before it),
        # so each call's incoming grad is read afterwards; stray self-writes are patched.
        self.step_grad = list(map(shadow.__getitem__, order))
        for k, before in self.step_grad_at_call.items():
            self.step_grad[k] = before
        chained = chain.from_iterable(map(children.__getitem__, order))
        self.w_child = list(chained)
        self.step_start = list(accumulate(map(len, map(children.__getitem__, order)), initial=0))
        self._check_grads_are_numbers()

    def _many_writes(self, v: int) -> None:
        """The writes of a call with three or more child positions, or a repeated child."""
        kids, nodes, shadow = self.graph.children[v], self.nodes, self.shadow
        if len(set(kids)) < len(kids):
            self._split_duplicates(v)
            return
        for c in kids:
            g = nodes[c].grad
            self.w_before.append(shadow[c])
            self.w_after.append(g)
            shadow[c] = g

    def _stray_self_write(self, order: list[int], v: int) -> None:
        """A node's ``_backward`` changed its own grad: kept as a stray write of its step."""
        k = order.index(v)  # rare: only a buggy engine gets here
        before = self.shadow[v]
        self.step_grad_at_call[k] = before
        self.shadow[v] = _grad_of(self.nodes[v])
        self.stray[k] = (GradWrite(v, before, self.shadow[v]),)

    def _check_grads_are_numbers(self) -> None:
        """Make every observed grad a float; one that is no number names its node."""
        if set(map(type, self.w_after)) <= {float}:
            return
        nodes = self.nodes
        self.w_after[:] = [
            g if type(g) is float else _number(g, f"{describe(nodes[c])}'s grad")
            for c, g in zip(self.w_child, self.w_after, strict=True)
        ]
        self.w_before[:] = [None if b is None else float(b) for b in self.w_before]

    def _split_duplicates(self, v: int) -> None:
        """Split one child's total change into one ``+=`` per position it holds (``a + a``).

        The call is observed as a whole, so each position's share comes from the op's
        textbook local derivative; if the shares do not add up to what happened (a buggy
        engine), earlier positions show no change and the last shows the observed result.
        """
        kids, nodes, shadow = self.graph.children[v], self.nodes, self.shadow
        g = shadow[v] or 0.0
        site = text.Site(
            [str(c) for c in kids], [float(nodes[c].data) for c in kids], "out", nodes[v].data, g
        )
        afters = {c: _grad_of(nodes[c]) for c in kids}
        last = {c: pos for pos, c in enumerate(kids)}
        shares = []
        for pos in range(len(kids)):
            term = text.grad_term(self.graph.ops[v], pos, site)
            shares.append(None if term is None else term[3] if term[0] == "+=" else -term[3])
        fits = None not in shares
        if fits:
            totals = dict.fromkeys(kids, 0.0)
            for c, share in zip(kids, shares, strict=True):
                totals[c] += share
            fits = all(text.close((shadow[c] or 0.0) + totals[c], afters[c]) for c in totals)
        for pos, c in enumerate(kids):
            before = shadow[c]
            if pos == last[c]:
                after = afters[c]
            else:
                after = (before or 0.0) + (shares[pos] if fits else 0.0)
            self.w_before.append(before)
            self.w_after.append(after)
            shadow[c] = after

    def _outside_write(self, c: int, v: int) -> None:
        """Note (and adopt) a grad that changed with no recorded event: a stray write."""
        names, actual = self.graph.names, _grad_of(self.nodes[c])
        self.warnings.append(
            f"{names[c]}.grad changed from {text.fmt(self.shadow[c])} to {text.fmt(actual)} "
            f"outside its parents' _backward calls (noticed before {names[v]}._backward())"
        )
        self.shadow[c] = actual

    def _update(self) -> None:
        """``p.data += -lr * p.grad`` for each parameter, as the training loop does."""
        lr = self.lr or 0.0
        for j, p in enumerate(self.pids):
            obj = self.nodes[p]
            before = float(obj.data)
            obj.data += -lr * obj.grad
            after = _number(obj.data, f"{describe(obj)}'s data")
            self.update.append((before, after, self.shadow[p]))
            self._event(PUPDATE, p, j)

    def _final_check(self, initial_data: tuple[float, ...]) -> None:
        """Name every node whose grad or data ended unlike what the recorded events say."""
        nodes = self.nodes
        grads = list(map(_GRAD, nodes))
        expected = [0.0 if g is None else g for g in self.shadow]
        if grads != expected:
            for i, (got, want) in enumerate(zip(grads, expected, strict=True)):
                if got != want and not text.close(_grad_of(nodes[i]), want):
                    self.warnings.append(
                        f"{self.graph.names[i]}.grad ended as {text.fmt(got)}, not "
                        f"{text.fmt(want)}: a _backward wrote it without being one of its parents"
                    )
        data = list(map(float, map(_DATA, nodes)))
        expected = list(initial_data)
        for p, (_, after, _) in zip(self.pids, self.update, strict=False):
            expected[p] = after
        if data != expected:
            for i, (got, want) in enumerate(zip(data, expected, strict=True)):
                if got != want and not text.close(got, want):
                    self.warnings.append(
                        f"{self.graph.names[i]}.data changed during the pass: {got!r}"
                    )
