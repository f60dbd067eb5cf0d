"""One node's numerical gradient (gradcheck) next to its backprop grad, as a verdict."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import SimpleNamespace

from engine.autograd.graph import Graph
from engine.autograd.ops import EXPONENT_ATTRIBUTES, exponent_of
from engine.explain.gradcheck import GradCheckRow, backward_order, check_gradients
from engine.explain.rerun import Rerun, reruns
from engine.trace import trace as tr
from engine.trace.trace import fmt

BATCH = 128
"""Nodes checked in one pass over the graph (gradcheck's chunk): a check of one node also
checks the next ones backward shows, which then cost nothing (~0.5 ms a backward step on
the lecture MLP; one pass of 128 costs about as much as six of one)."""

AUTO_CHECK_LIMIT = 3000
"""Graphs up to this many nodes are checked as soon as a node is shown; bigger ones on demand
(one check re-evaluates the whole graph: about 0.1 s per 10,000 nodes)."""


@dataclass(frozen=True)
class NodeCheck:
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
        self._frozen: Graph | None = None
        self._reruns: dict[int, Rerun | str] = {}
        self._order: list[int] = []  # node ids in backward order, and each one's place in it
        self._place: dict[int, int] = {}
        self._done: dict[int, NodeCheck] = {}

    @property
    def automatic(self) -> bool:
        """True when the graph is small enough to check every node shown."""
        return len(self._trace.graph) <= AUTO_CHECK_LIMIT

    def known(self, node: int) -> NodeCheck | None:
        """The check of ``node`` if it has been run."""
        return self._done.get(node)

    def check(self, node: int) -> NodeCheck:
        """Check ``node``'s end-of-backward grad against the central difference of the root."""
        if node not in self._done:
            if self._frozen is None:
                graph, data = self._trace.graph, self._trace.initial_data
                self._frozen = frozen_graph(graph, data, self._grads)
                # the stand-ins have no class to re-run an unknown op with: the live nodes do
                self._reruns = reruns(graph, data)
                self._order = backward_order(graph)
                self._place = {v: i for i, v in enumerate(self._order)}
            batch = self._batch(node)
            checked = check_gradients(self._frozen, nodes=batch, rerun=self._reruns)
            for v in batch:
                self._done[v] = _verdict(checked.row(v), self._grads[v])
        return self._done[node]

    def _batch(self, node: int) -> list[int]:
        """``node`` and the unchecked nodes that follow it in backward order, up to BATCH."""
        start = self._place.get(node)
        if start is None:  # not below the root: nothing follows it
            return [node]
        batch = [node]
        for v in self._order[start + 1 :]:
            if len(batch) == BATCH:
                break
            if v not in self._done:
                batch.append(v)
        return batch


def _verdict(row: GradCheckRow, analytic: float | None) -> NodeCheck:
    """The verdict on one node's row of a gradient check, beside its backprop grad."""
    if not row.checkable:
        return NodeCheck(None, analytic, None, f"not checkable: {row.reason}")
    if analytic is None:
        return NodeCheck(row.numeric, None, None, f"{fmt(row.numeric)} (backprop never sets it)")
    mark = "✓ matches" if row.ok else "✗ differs from"
    text = f"{fmt(row.numeric)}  {mark} backprop {fmt(analytic)} (end of backward)"
    return NodeCheck(row.numeric, analytic, row.ok, text)
