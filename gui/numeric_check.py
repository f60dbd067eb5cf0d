"""The numerical gradient d root / d node by central differences, checked against backprop."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from engine.graph import Graph
from engine.trace import fmt

STEP = 1e-6
TOLERANCE = 1e-4


def _pow(op: str) -> Callable[[float], float] | None:
    try:
        k = float(op[2:])
    except ValueError:
        return None
    return lambda x: x**k


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


_UNARY: dict[str, Callable[[float], float]] = {
    "neg": lambda x: -x,
    "tanh": math.tanh,
    "exp": math.exp,
    "log": math.log,
    "relu": lambda x: max(x, 0.0),
    "ReLU": lambda x: max(x, 0.0),
    "sigmoid": _sigmoid,
}
_BINARY: dict[str, Callable[[float, float], float]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
}


def _op_fn(op: str, arity: int) -> Callable[..., float] | None:
    if arity == 2:
        return _BINARY.get(op)
    if arity == 1:
        return _pow(op) if op.startswith("**") else _UNARY.get(op)
    return None


@dataclass(frozen=True)
class GradCheck:
    """A node's numerical gradient next to its backprop gradient, and whether they agree."""

    numeric: float | None
    analytic: float | None
    ok: bool | None
    text: str


def root_value(graph: Graph, data: Sequence[float], node: int, x: float) -> float:
    """The root's value with ``node``'s data set to ``x`` (ids are a topological order)."""
    values = list(data)
    values[node] = x
    dirty = [False] * len(graph)
    dirty[node] = True
    for i in range(node + 1, len(graph)):
        kids = graph.children[i]
        if not any(dirty[k] for k in kids):
            continue
        fn = _op_fn(graph.ops[i], len(kids))
        if fn is None:
            raise KeyError(graph.ops[i])
        values[i] = fn(*(values[k] for k in kids))
        dirty[i] = True
    return values[graph.root]


def numerical_grad(graph: Graph, data: Sequence[float], node: int) -> float:
    """D root / d node by a central difference with a step scaled to the node's size."""
    x = data[node]
    h = STEP * max(1.0, abs(x))
    return (root_value(graph, data, node, x + h) - root_value(graph, data, node, x - h)) / (2 * h)


def check_node_grad(
    graph: Graph, node: int, data: Sequence[float], analytic: float | None
) -> GradCheck:
    """Compare the numerical gradient of ``node`` with ``analytic`` (the end-of-backward grad)."""
    try:
        numeric = numerical_grad(graph, data, node)
    except KeyError as exc:
        return GradCheck(None, analytic, None, f"not available: op {exc.args[0]!r} is unknown")
    except (ArithmeticError, ValueError) as exc:
        return GradCheck(None, analytic, None, f"not available: {exc}")
    if analytic is None:
        return GradCheck(numeric, None, None, f"{fmt(numeric)} (backprop never reaches it)")
    if not (math.isfinite(numeric) and math.isfinite(analytic)):
        ok = math.isnan(numeric) == math.isnan(analytic) and numeric == analytic
    else:
        ok = abs(numeric - analytic) <= TOLERANCE * max(1.0, abs(numeric), abs(analytic))
    mark = "✓ matches" if ok else "✗ differs from"
    return GradCheck(numeric, analytic, ok, f"{fmt(numeric)}  {mark} backprop {fmt(analytic)}")
