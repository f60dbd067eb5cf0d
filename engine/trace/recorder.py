"""The recorder behind ``trace.record``: runs the pass and fills the trace's columns."""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter
from typing import Any

from engine.autograd.graph import Graph, GraphError, describe
from engine.autograd.value import Value
from engine.trace import event_text as text
from engine.trace.backward_steps import TraceError, grad_of, number, observe_steps
from engine.trace.events import BACKWARD, FORWARD, TOPO, UPDATE, GradWrite

_DATA, _GRAD = attrgetter("data"), attrgetter("grad")

# Event kinds in a trace's ``kind`` column.
CREATE, ENTER, SKIP, APPEND, ZERO, SEED, STEP, PUPDATE = range(8)


def _graph(root: Any) -> Graph:
    try:
        return Graph.from_root(root)
    except TraceError:
        raise
    except GraphError as exc:
        raise TraceError(str(exc)) from exc


def _all_zero(grads: Any) -> bool:
    try:
        return set(grads) == {0.0}
    except TypeError:  # an unhashable grad (a numpy array, say): not a fresh graph
        return False


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
        self.lr = None if lr is None else number(lr, "the learning rate")
        n = len(graph)
        self.kind = [CREATE] * n
        self.node = list(range(n))
        self.arg = [0] * n
        self.step_start: list[int] = []
        self.stray: dict[int, tuple[GradWrite, ...]] = {}
        self.step_grad_at_call: dict[int, float | None] = {}
        self.plain_values = set(map(type, self.nodes)) == {Value}
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
            self.shadow[p] = grad_of(nodes[p])
        initial_grad = tuple(self.shadow)
        if not _all_zero(map(_GRAD, nodes)):
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
        push, pop, keep = stack.append, stack.pop, topo.append
        enter, skip, append = ENTER, SKIP, APPEND  # locals: this loop runs 200,000 times
        count = 0
        while stack:
            v, kids = stack[-1]
            for c in kids:
                add_node(c)
                add_arg(v)
                if visited[c]:
                    add_kind(skip)
                    continue
                add_kind(enter)
                visited[c] = 1
                below = children[c]
                for g in below:
                    if not visited[g]:
                        push((c, iter(below)))
                        break
                else:  # every child of c was visited before: its call skips them all, appends c
                    for g in below:
                        add_kind(skip)
                        add_node(g)
                        add_arg(c)
                    add_kind(append)
                    add_node(c)
                    add_arg(count)
                    count += 1
                    keep(c)
                    continue
                break
            else:
                pop()
                add_kind(append)
                add_node(v)
                add_arg(count)
                count += 1
                keep(v)
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
        observe_steps(self, order)

    def _update(self) -> None:
        """``p.data += -lr * p.grad`` for each parameter, as the training loop does."""
        lr = self.lr or 0.0
        for j, p in enumerate(self.pids):
            obj = self.nodes[p]
            before = float(obj.data)
            obj.data += -lr * obj.grad
            after = number(obj.data, f"{describe(obj)}'s data")
            self.update.append((before, after, self.shadow[p]))
            self._event(PUPDATE, p, j)

    def _final_check(self, initial_data: tuple[float, ...]) -> None:
        """Name every node whose grad or data ended unlike what the recorded events say."""
        if self.plain_values:
            return  # our own backward rules write only their inputs' grads
        nodes = self.nodes
        grads = list(map(_GRAD, nodes))
        expected = [0.0 if g is None else g for g in self.shadow]
        if grads != expected:
            for i, (got, want) in enumerate(zip(grads, expected, strict=True)):
                if got != want and not text.close(grad_of(nodes[i]), want):
                    self.warnings.append(
                        f"{text.ref(self.graph.names[i])}.grad ended as {text.fmt(got)}, not "
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
                        f"{text.ref(self.graph.names[i])}.data changed during the pass: {got!r}"
                    )
