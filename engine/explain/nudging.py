"""Re-evaluating a graph forward with its nodes nudged: what cannot be, and the root's slopes.

The graph is re-evaluated from its op strings (or, for an op the table does not know, the
node's own class: engine.explain.rerun); user code is never re-run. Every nudge of a chunk
is evaluated in one forward sweep: one numpy column per nudged value.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from engine.autograd.floats import safe_div
from engine.autograd.graph import Graph
from engine.autograd.ops import array_forward, mismatches
from engine.explain.rerun import Rerun, on_arrays

Slopes = tuple[float, float, float]


def blockers(graph: Graph, problems: dict[int, str]) -> dict[int, str]:
    """For each node whose nudge cannot be re-evaluated, why: an op above it is unknown."""
    reasons: dict[int, str] = {}
    for u, problem in problems.items():
        stack = list(graph.children[u])
        while stack:
            v = stack.pop()
            if v not in reasons:
                reasons[v] = problem
                stack.extend(graph.children[v])
    return reasons


def op_problems(
    graph: Graph, base: list[float], names: tuple[str, ...], rerun: dict[int, Rerun | str]
) -> dict[int, str]:
    """Why each inner node that cannot be recomputed from its inputs' data cannot be."""
    problems = {}
    for u, again in mismatches(graph.rule_ops, graph.children, np.array(base)).items():
        op = graph.ops[u]
        if again is not None:
            problems[u] = (
                f"{names[u]} holds {base[u]!r} but op {op!r} of its inputs gives {again!r}"
            )
            continue
        why = rerun.get(u, f"op {op!r} is not in gradstep's op table")
        if isinstance(why, str):
            problems[u] = f"the way to the root goes through {names[u]}: {why}"
    return problems


def node_forwards(graph: Graph, rerun: dict[int, Rerun | str]) -> list[Any]:
    """Each inner node's array forward: the op table's rule, or its class's re-run."""
    ops = graph.rule_ops
    found: list[Any] = []
    for v, kids in enumerate(graph.children):
        again = rerun.get(v)
        if callable(again):
            found.append(on_arrays(again))
        else:
            found.append(array_forward(ops[v], len(kids)) if kids else None)
    return found


def nudged_slopes(
    graph: Graph,
    base: list[float],
    targets: list[int],
    h: float,
    *,
    forwards: list[Any],
    uses: list[int],
) -> dict[int, Slopes]:
    """Central, forward and backward difference slopes of the root for each target node.

    Column ``2j`` holds the graph with target ``j`` nudged up, ``2j + 1`` nudged down. Nodes
    are visited in id order (children before parents); a node that depends on no nudge keeps
    its float, and an array is dropped once every parent has read it.
    """
    cols = {v: j for j, v in enumerate(targets)}
    steps = {v: h * max(1.0, abs(base[v])) for v in targets}
    vals: list[Any] = list(base)
    with np.errstate(all="ignore"):
        for i in range(min(targets), len(graph)):
            kids = graph.children[i]
            fn = forwards[i]
            if fn is not None and any(isinstance(vals[k], np.ndarray) for k in kids):
                vals[i] = np.asarray(fn(*(vals[k] for k in kids)), dtype=np.float64)
            for k in kids:
                uses[k] -= 1
                if uses[k] == 0 and k != graph.root:
                    vals[k] = base[k]
            if i in cols:
                j = cols[i]
                col = vals[i].copy() if isinstance(vals[i], np.ndarray) else None
                if col is None:
                    col = np.full(2 * len(targets), base[i])
                col[2 * j], col[2 * j + 1] = base[i] + steps[i], base[i] - steps[i]
                vals[i] = col
        out, f0 = vals[graph.root], base[graph.root]
        return {v: _slopes(out, cols[v], base[v], steps[v], f0) for v in targets}


def _slopes(out: Any, j: int, x: float, step: float, f0: float) -> Slopes:
    """The root's central, right and left difference quotients for column pair ``j``."""
    if not isinstance(out, np.ndarray):  # the root does not depend on it (an unknown op)
        return math.nan, math.nan, math.nan
    up, down = float(out[2 * j]), float(out[2 * j + 1])
    x_up, x_down = x + step, x - step
    return (
        safe_div(up - down, x_up - x_down),
        safe_div(up - f0, x_up - x),
        safe_div(f0 - down, x - x_down),
    )
