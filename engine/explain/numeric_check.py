"""One node's numerical gradient (gradcheck) next to its backprop grad, as a verdict."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import SimpleNamespace

from engine.autograd.graph import Graph
from engine.explain.gradcheck import check_gradients
from engine.trace import trace as tr
from engine.trace.trace import fmt

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
        SimpleNamespace(data=d, grad=0.0 if g is None else g, label=label)
        for d, g, label in zip(data, grads, graph.labels, strict=True)
    )
    return Graph(nodes, graph.children, graph.ops, graph.labels, graph.root)


class GradChecker:
    """Numerical gradient checks for one trace, each node checked once and remembered."""

    def __init__(self, trace: tr.Trace) -> None:
        self._trace = trace
        self._grads = trace.backward_grads()
        self._frozen: Graph | None = None
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
                self._frozen = frozen_graph(
                    self._trace.graph, self._trace.initial_data, self._grads
                )
            self._done[node] = _verdict(self._frozen, node, self._grads[node])
        return self._done[node]


def _verdict(frozen: Graph, node: int, analytic: float | None) -> NodeCheck:
    row = check_gradients(frozen, nodes=[node]).row(node)
    if not row.checkable:
        return NodeCheck(None, analytic, None, f"not checkable: {row.reason}")
    if analytic is None:
        return NodeCheck(row.numeric, None, None, f"{fmt(row.numeric)} (backprop never sets it)")
    mark = "✓ matches" if row.ok else "✗ differs from"
    text = f"{fmt(row.numeric)}  {mark} backprop {fmt(analytic)} (end of backward)"
    return NodeCheck(row.numeric, analytic, row.ok, text)
