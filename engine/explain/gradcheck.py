"""Seed 002's "nudge by h" gradient check, for a graph of any micrograd-compatible engine.

A node's numeric gradient d(root)/d(node) is the central difference
``(f(x+h) - f(x-h)) / 2h``, where ``f`` re-evaluates the graph forward from its op strings
with that node's data nudged (an inner node's own inputs stay as recorded). User code is
never re-run, so micrograd 0.1.0's Values or a student's own class are checked the same
way as ours, and a buggy ``_backward`` shows up as the first wrong grad in backward order.
The nudged re-evaluation itself is engine.explain.nudging.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from functools import cached_property
from typing import Any

import numpy as np

from engine.autograd.frozen_record import FrozenRecord
from engine.autograd.graph import Graph
from engine.explain.nudging import Slopes, blockers, node_forwards, nudged_slopes, op_problems
from engine.explain.rerun import Rerun, reruns

LEAVES = "leaves"
ALL = "all"


class GradCheckRow(FrozenRecord):
    """One node's analytic grad (what ``backward`` left) next to the numeric one."""

    node: int
    name: str
    analytic: float
    numeric: float
    rel_error: float
    ok: bool
    checkable: bool = True
    reason: str = ""


class GradCheck(FrozenRecord, cached=True):
    """A gradient check: one row per checked node, in backward order (root side first)."""

    # cached: its rows by node are a cached_property, kept in a __dict__
    graph: Graph
    rows: tuple[GradCheckRow, ...]
    h: float

    @property
    def passed(self) -> bool:
        """True when every checked node agrees (a node that could not be checked fails)."""
        return all(r.ok for r in self.rows)

    @property
    def wrong(self) -> tuple[GradCheckRow, ...]:
        """Rows whose analytic grad disagrees with the numeric one."""
        return tuple(r for r in self.rows if r.checkable and not r.ok)

    @property
    def unchecked(self) -> tuple[GradCheckRow, ...]:
        """Rows that could not be checked, each with its reason."""
        return tuple(r for r in self.rows if not r.checkable)

    def first_wrong(self) -> GradCheckRow | None:
        """The first wrong grad in backward order: one of its parents' ``_backward`` is buggy."""
        wrong = self.wrong
        return wrong[0] if wrong else None

    @cached_property
    def _by_node(self) -> dict[int, GradCheckRow]:
        return {r.node: r for r in self.rows}

    def row(self, node: int) -> GradCheckRow:
        """The row of node id ``node``; KeyError if it was not checked."""
        try:
            return self._by_node[node]
        except KeyError:
            raise KeyError(f"node {node} was not checked") from None

    def table(self) -> str:
        """The rows as aligned text: name, analytic, numeric, relative error, verdict."""
        lines = [f"{'node':<16} {'analytic':>14} {'numeric':>14} {'rel error':>10}  verdict"]
        for r in self.rows:
            verdict = "ok" if r.ok else ("WRONG" if r.checkable else f"unchecked: {r.reason}")
            lines.append(
                f"{r.name:<16} {r.analytic:>14.8g} {r.numeric:>14.8g} {r.rel_error:>10.2e}  "
                f"{verdict}"
            )
        return "\n".join(lines)


class Nudger:
    """A graph made ready to re-evaluate with nodes nudged: what every check of it shares.

    The data read, the ops that cannot be recomputed and what they block, each node's
    array forward: the same for every check of the graph, so a checker that checks it a
    batch at a time makes them once (they were ~60% of a small batch's cost).
    """

    def __init__(self, graph: Graph, rerun: dict[int, Rerun | str] | None = None) -> None:
        self.graph = graph
        self.base = [float(n.data) for n in graph.nodes]
        self.rerun = reruns(graph, self.base) if rerun is None else rerun
        problems = op_problems(graph, self.base, graph.names, self.rerun)
        self.forwards = node_forwards(graph, self.rerun)
        self.blocked = blockers(graph, problems)
        # how many parents read each node, to free arrays early
        kids = [k for kids in graph.children for k in kids]
        self._uses = np.bincount(kids, minlength=len(graph)).tolist()

    def slopes(self, nodes: list[int], h: float, chunk: int) -> dict[int, Slopes]:
        """The root's slopes for each node not blocked, ``chunk`` nudged nodes per sweep."""
        fine = [v for v in nodes if v not in self.blocked]
        found: dict[int, Slopes] = {}
        for start in range(0, len(fine), chunk):
            targets = fine[start : start + chunk]
            found.update(
                nudged_slopes(
                    self.graph,
                    self.base,
                    targets,
                    h,
                    forwards=self.forwards,
                    uses=list(self._uses),
                )
            )
        return found


def check_gradients(
    target: Graph | Any,
    *,
    nodes: str | Iterable[int] = LEAVES,
    h: float = 1e-6,
    rtol: float = 1e-4,
    atol: float = 1e-6,
    run_backward: bool = False,
    chunk: int = 128,
    rerun: dict[int, Rerun | str] | None = None,
    nudger: Nudger | None = None,
) -> GradCheck:
    """Check the grads below a root (or a Graph) against central finite differences.

    ``nodes``: LEAVES (every leaf), ALL (inner nodes and the root too) or node ids. The
    analytic grads are the nodes' ``grad`` as they stand; ``run_backward=True`` first zeroes
    every grad and calls the root's ``backward()``. A node is nudged by ``h * max(1, |x|)``;
    its grad passes when
    ``|analytic - numeric| <= atol * max(1, |root|) + rtol * max(|analytic|, |numeric|)``.
    An op the op table does not know is re-run with the node's own class
    (engine.explain.rerun); ``rerun`` gives those re-runs (or why there is none) when the
    graph's nodes are stand-ins. ``nudger``: the graph made ready by an earlier check
    (then ``target`` is its graph and ``rerun`` is not read).
    """
    graph = target if isinstance(target, Graph) else Graph.from_root(target)
    root = graph.nodes[graph.root]
    if run_backward:
        for node in graph.nodes:
            node.grad = 0.0
        root.backward()
    wanted = _wanted(graph, nodes)
    if nudger is None or nudger.graph is not graph:
        nudger = Nudger(graph, rerun)
    names = graph.names
    slopes = nudger.slopes(wanted, h, chunk)
    root_data = nudger.base[graph.root]
    tol = atol * max(1.0, abs(root_data)) if math.isfinite(root_data) else 0.0
    limits = (root_data, tol, rtol)
    blocked = nudger.blocked
    rows = tuple(
        _row(v, names[v], graph.nodes[v].grad, slopes.get(v), blocked.get(v, ""), limits=limits)
        for v in wanted
    )
    return GradCheck(graph, rows, h)


def _wanted(graph: Graph, nodes: str | Iterable[int]) -> list[int]:
    """The node ids to check, in backward order."""
    if isinstance(nodes, str):
        if nodes not in (LEAVES, ALL):
            raise ValueError(f"nodes must be {LEAVES!r}, {ALL!r} or node ids, not {nodes!r}")
        order = backward_order(graph)
        return order if nodes == ALL else [v for v in order if not graph.children[v]]
    chosen = {int(v) for v in nodes}
    unknown = sorted(v for v in chosen if not 0 <= v < len(graph))
    if unknown:
        raise ValueError(f"no nodes with ids {unknown} in a graph of {len(graph)} nodes")
    if len(chosen) <= 1:  # one node (the inspector's case): no order to find
        return list(chosen)
    return [v for v in backward_order(graph) if v in chosen]


def backward_order(graph: Graph) -> list[int]:
    """Node ids in the order ``backward()`` runs them: micrograd's build_topo, reversed."""
    topo: list[int] = []
    visited = {graph.root}
    stack = [(graph.root, iter(graph.children[graph.root]))]
    while stack:
        node, kids = stack[-1]
        for kid in kids:
            if kid not in visited:
                visited.add(kid)
                stack.append((kid, iter(graph.children[kid])))
                break
        else:
            stack.pop()
            topo.append(node)
    return topo[::-1]


def _row(
    v: int, name: str, grad: Any, slopes: Slopes | None, blocked: str, *, limits: Slopes
) -> GradCheckRow:
    """Compare one node's analytic grad with its numeric slope and give the verdict.

    ``limits`` is the root's data, the absolute and the relative tolerance.
    """
    root_data, tol, rtol = limits
    real = isinstance(grad, numbers.Real) and not isinstance(grad, bool)
    analytic = float(grad) if real else math.nan  # a grad that is not a number is wrong
    slopes = slopes or (math.nan, math.nan, math.nan)
    numeric = slopes[0]
    reason = _why_unchecked(numeric, analytic, blocked, root_data)
    if not reason:
        ok, rel, reason = _verdict(analytic, slopes, tol, rtol)
        if not reason:
            return GradCheckRow(v, name, analytic, numeric, rel, ok)
    return GradCheckRow(v, name, analytic, numeric, math.nan, False, False, reason)


def _why_unchecked(numeric: float, analytic: float, blocked: str, root_data: float) -> str:
    """Why no numeric slope can judge this grad ("" if one can)."""
    if not math.isfinite(root_data):
        return f"the root is {root_data!r}, so no slope can be measured"
    if blocked:
        return blocked
    if not math.isfinite(numeric) and numeric != analytic:
        return f"the root is not finite after nudging this node (slope {numeric!r})"
    return ""


def _verdict(analytic: float, slopes: Slopes, tol: float, rtol: float) -> tuple[bool, float, str]:
    """Whether the grad agrees, its relative error, and a reason if the point is a kink."""
    numeric, right, left = slopes
    if not (math.isfinite(numeric) and math.isfinite(analytic)):
        same = numeric == analytic  # equal infinities agree
        return same, 0.0 if same else math.inf, ""
    diff = abs(analytic - numeric)
    scale = max(abs(analytic), abs(numeric))
    rel = diff / scale if scale > 0 else 0.0
    if diff <= tol + rtol * scale:
        return True, rel, ""
    if abs(right - left) > 1e-3 * max(1.0, abs(right), abs(left)):
        # relu at 0 and friends: the one-sided slopes differ, so no single slope is "right".
        return False, rel, f"a kink here: slope {right:.6g} on the right, {left:.6g} on the left"
    return False, rel, ""
