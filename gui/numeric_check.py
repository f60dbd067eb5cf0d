"""One node's numerical gradient (engine.gradcheck) next to its backprop grad, as a verdict."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import SimpleNamespace

from engine.gradcheck import check_gradients
from engine.graph import Graph
from engine.trace import fmt


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
        SimpleNamespace(data=d, grad=g, label=label)
        for d, g, label in zip(data, grads, graph.labels, strict=True)
    )
    return Graph(nodes, graph.children, graph.ops, graph.labels, graph.root)


def check_node_grad(
    graph: Graph, node: int, data: Sequence[float], grads: Sequence[float | None]
) -> NodeCheck:
    """Check ``node``'s end-of-backward grad against the central difference of the root."""
    analytic = grads[node]
    frozen = frozen_graph(graph, data, [0.0 if g is None else g for g in grads])
    row = check_gradients(frozen, nodes=[node]).row(node)
    if not row.checkable:
        return NodeCheck(None, analytic, None, f"not checkable: {row.reason}")
    if analytic is None:
        return NodeCheck(row.numeric, None, None, f"{fmt(row.numeric)} (backprop never sets it)")
    mark = "✓ matches" if row.ok else "✗ differs from"
    text = f"{fmt(row.numeric)}  {mark} backprop {fmt(analytic)} (end of backward)"
    return NodeCheck(row.numeric, analytic, row.ok, text)
