"""One node's numerical gradient (gradcheck) next to its backprop grad, as a verdict."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from types import SimpleNamespace

from engine.autograd.frozen_record import FrozenRecord
from engine.autograd.graph import Graph
from engine.autograd.ops import EXPONENT_ATTRIBUTES, exponent_of
from engine.explain.gradcheck import GradCheckRow, Nudger, backward_order, check_gradients
from engine.explain.rerun import reruns
from engine.trace import trace as tr
from engine.trace.trace import fmt

BATCH = 128
"""Nodes checked in one pass over the graph (gradcheck's chunk): a check of one node also
checks the next ones backward shows, which then cost nothing (~0.5 ms a backward step on
the lecture MLP; one pass of 128 costs about as much as six of one)."""

AUTO_CHECK_LIMIT = 3000
"""Graphs up to this many nodes are checked as soon as a node is shown; bigger ones on demand
(one check re-evaluates the whole graph: about 0.1 s per 10,000 nodes)."""


class NodeCheck(FrozenRecord):
    """The numerical gradient, the backprop one, and whether they agree (None: not checked)."""

    numeric: float | None
    analytic: float | None
    ok: bool | None
    text: str


def frozen_graph(graph: Graph, data: Sequence[float], grads: Sequence[float | None]) -> Graph:
    """The graph with stand-in nodes holding the forward data and end-of-backward grads.

    The recorded objects may have moved on since (an update step changes parameter data),
    so the check reads the values the trace saw, never the live objects.
    """
    nodes = tuple(
        _stand_in(node, d, 0.0 if g is None else g, label)
        for node, d, g, label in zip(graph.nodes, data, grads, graph.labels, strict=True)
    )
    return Graph(nodes, graph.children, graph.ops, graph.labels, graph.root)


def _stand_in(node: object, data: float, grad: float, label: str) -> SimpleNamespace:
    """A node holding ``data`` and ``grad``, and the exponent a one-input ``'pow'`` keeps."""
    k = exponent_of(node)
    extra = {} if k is None else {EXPONENT_ATTRIBUTES[0]: k}
    return SimpleNamespace(data=data, grad=grad, label=label, **extra)


class GradChecker:
    """Numerical gradient checks for one trace, each node checked once and remembered."""

    def __init__(self, trace: tr.Trace) -> None:
        self._trace = trace
        self._grads = trace.backward_grads()
        self._nudger: Nudger | None = None
        self._order: list[int] = []  # node ids in backward order, and each one's place in it
        self._place: dict[int, int] = {}
        self._rows: dict[int, GradCheckRow] = {}
        self._done: dict[int, NodeCheck] = {}

    @property
    def automatic(self) -> bool:
        """True when the graph is small enough to check every node shown."""
        return len(self._trace.graph) <= AUTO_CHECK_LIMIT

    def known(self, node: int) -> NodeCheck | None:
        """The check of ``node`` if it has been run."""
        done = self._done.get(node)
        if done is None and node in self._rows:
            # A batch's verdicts are worded when shown: most are never looked at
            done = self._done[node] = _verdict(self._rows[node], self._grads[node])
        return done

    def check(self, node: int, ahead: Iterable[int] = ()) -> NodeCheck:
        """Check ``node``'s end-of-backward grad against the central difference of the root.

        ``ahead``: the nodes to be shown next (the steps that follow), checked in the same
        pass when unchecked; the pass is filled up with those that follow in backward order.
        """
        if node not in self._rows:
            nudger = self._nudger
            if nudger is None:
                graph, data = self._trace.graph, self._trace.initial_data
                # the stand-ins have no class to re-run an unknown op with: the live nodes do
                frozen = frozen_graph(graph, data, self._grads)
                nudger = self._nudger = Nudger(frozen, reruns(graph, data))
                self._order = backward_order(graph)
                self._place = {v: i for i, v in enumerate(self._order)}
            batch = self._batch(node, ahead)
            checked = check_gradients(nudger.graph, nodes=batch, nudger=nudger)
            self._rows.update((v, checked.row(v)) for v in batch)
        return self.known(node)

    def _batch(self, node: int, ahead: Iterable[int]) -> list[int]:
        """``node``, the unchecked nodes ``ahead``, then those after it in backward order.

        At most BATCH nodes; the first step of a zeroing or an update shows nodes far apart
        in backward order, the steps ahead name them.
        """
        start = self._place.get(node)
        if start is None:  # not below the root: checked alone, as nothing else goes with it
            return [node]
        batch = {node: None}
        for v in itertools.chain(ahead, self._order[start + 1 :]):
            if len(batch) == BATCH:
                break
            if v not in self._rows and v in self._place:
                batch[v] = None
        return list(batch)


def _verdict(row: GradCheckRow, analytic: float | None) -> NodeCheck:
    """The verdict on one node's row of a gradient check, beside its backprop grad."""
    if not row.checkable:
        return NodeCheck(None, analytic, None, f"not checkable: {row.reason}")
    if analytic is None:
        return NodeCheck(row.numeric, None, None, f"{fmt(row.numeric)} (backprop never sets it)")
    mark = "✓ matches" if row.ok else "✗ differs from"
    text = f"{fmt(row.numeric)}  {mark} backprop {fmt(analytic)} (end of backward)"
    return NodeCheck(row.numeric, analytic, row.ok, text)
