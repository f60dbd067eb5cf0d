"""A node's local derivatives (d out / d child) written out with the real numbers (Qt-free).

The formulas and numbers come from the op's entry in the op table (engine.autograd.ops).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from engine.autograd.floats import fmt
from engine.autograd.op_text import Site, derivative_formulas, ref
from engine.autograd.ops import find
from engine.explain.rerun import local_slope, rerun_forward
from engine.trace.trace import Trace

ORDINALS = ("1st", "2nd", "3rd")


def _ordinal(i: int) -> str:
    return ORDINALS[i] if i < len(ORDINALS) else f"{i + 1}th"


def local_derivatives(
    name: str,
    op: str,
    children: Sequence[tuple[str, float]],
    out: float,
    *,
    numeric: Callable[[int], tuple[float | None, str]] | None = None,
) -> list[str]:
    """One line per child, e.g. ``∂o/∂n = 1 − out² = 1 − 0.707107² = 0.5``.

    A child that is an input twice (``a*a``) gets a line per input, each saying which one,
    and a line adding them up. For an op the table does not know, ``numeric(i)`` may give
    input ``i``'s derivative measured by re-running the node's forward, or None and why not.
    """
    if not children:
        return []
    kids = [c for c, _ in children]
    site = Site(kids, [x for _, x in children], name, out, 0.0)
    formulas = derivative_formulas(op, site)
    if formulas is None:
        return _unknown(name, op, kids, numeric)
    repeats = Counter(kids)
    lines = []
    for i, (child, (text, _)) in enumerate(zip(kids, formulas, strict=True)):
        which = f" (as {_ordinal(i)} input)" if repeats[child] > 1 else ""
        lines.append(f"∂{ref(name)}/∂{ref(child)}{which} = {text}")
    for child, count in repeats.items():
        if count > 1:
            parts = [d for c, (_, d) in zip(kids, formulas, strict=True) if c == child]
            added = " + ".join(map(fmt, parts))
            lines.append(f"∂{ref(name)}/∂{ref(child)} in all = {added} = {fmt(sum(parts))}")
    return lines


def _unknown(
    name: str,
    op: str,
    kids: list[str],
    numeric: Callable[[int], tuple[float | None, str]] | None,
) -> list[str]:
    """Lines for an op the table does not know: measured where possible, else why not."""
    lines = []
    for i, child in enumerate(kids):
        head = f"∂{ref(name)}/∂{ref(child)}"
        if numeric is None:
            lines.append(f"{head}: op {op!r} is not in gradstep's op table")
            continue
        value, how = numeric(i)
        lines.append(f"{head} ≈ {fmt(value)} ({how})" if value is not None else f"{head}: {how}")
    return lines


def node_local_derivatives(trace: Trace, node: int, data: Sequence[float]) -> list[str]:
    """``local_derivatives`` of a traced node, with ``data`` as it stands at the shown step.

    An op the table does not know is measured by re-running its class's method on the
    recorded inputs (engine.explain.rerun), or says why it cannot be.
    """
    graph, names = trace.graph, trace.names
    kids = graph.children[node]
    op = graph.rule_ops[node]
    numeric = None
    if kids and find(op, len(kids)) is None:
        recorded = trace.initial_data
        again = rerun_forward(graph, node, recorded)
        inputs = [recorded[k] for k in kids]
        how = f"measured by re-running {type(graph.nodes[node]).__name__}.{op}"

        def numeric(i: int) -> tuple[float | None, str]:
            if isinstance(again, str):
                return None, f"cannot be measured: {again}"
            return local_slope(again, inputs, i), how

    pairs = [(names[k], data[k]) for k in kids]
    return local_derivatives(names[node], op, pairs, data[node], numeric=numeric)
