"""Re-running the forward of an op the op table does not know, with the node's own class.

A user's engine may make ops gradstep has no rule for (``'swish'``, ``'max'``). If the node's
class has a method of the op's name, calling it on fresh instances holding nudged inputs
measures the op numerically: its local derivatives, and its part in a gradient check. The
method must give back the recorded data from the recorded inputs, or it is not trusted.

A pass recorded from a user's program holds RecordedNode placeholders: the user's class
stayed in the worker that ran the program, and the app never runs the user's code, so such
an op is said to be not re-runnable, in those words.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from engine.autograd.floats import close, fmt, safe_div
from engine.autograd.graph import Graph
from engine.autograd.ops import EXPONENT_ATTRIBUTES, POWER_NAMES, find
from engine.trace.recorded import RecordedNode

Rerun = Callable[..., float]  # forward(*input data) -> output data


def rerun_forward(graph: Graph, v: int, data: Sequence[float]) -> Rerun | str:
    """A function giving node ``v``'s data from its inputs' data, or in plain words why not.

    ``data`` is every node's data as recorded (the live nodes may have moved on since).
    """
    node, op, kids = graph.nodes[v], graph.ops[v], graph.children[v]
    cls = type(node)
    unknown = f"op {op!r} is not in gradstep's op table"
    if op in POWER_NAMES and len(kids) == 1:
        where = ", ".join(EXPONENT_ATTRIBUTES)
        return (
            f"op {op!r} has one input and keeps its exponent where gradstep cannot see it "
            f"(an op string like '**2', the exponent as a second input, or an attribute "
            f"{where} would show it)"
        )
    if isinstance(node, RecordedNode):
        return (
            f"{unknown}, and this pass was recorded from the program's run in a worker: "
            f"its {node.type_name}.{op} is not run in the app, so the op cannot be nudged here"
        )
    method = getattr(cls, op, None) if op.isidentifier() else None
    if not callable(method):
        return f"{unknown}, and {cls.__name__} has no method {op!r} to re-run it"

    def forward(*inputs: float) -> float:
        return float(method(*(cls(x) for x in inputs)).data)

    where = f"{cls.__name__}.{op}"
    try:
        again = forward(*(data[k] for k in kids))
    except Exception as exc:  # the user's method: its failure is the answer
        return f"{unknown}, and re-running {where} raised {type(exc).__name__}: {exc}"
    if not close(again, float(data[v])):
        return f"{unknown}, and re-running {where} gives {fmt(again)}, not {fmt(data[v])}"
    return forward


def reruns(graph: Graph, data: Sequence[float]) -> dict[int, Rerun | str]:
    """For each inner node whose op the table does not know: its re-run, or why there is none."""
    ops = graph.rule_ops
    return {
        v: rerun_forward(graph, v, data)
        for v, kids in enumerate(graph.children)
        if kids and find(ops[v], len(kids)) is None
    }


def on_arrays(forward: Rerun) -> Callable[..., np.ndarray]:
    """``forward`` applied element by element to arrays; nan where it raises."""

    def run(*arrays: Any) -> np.ndarray:
        columns = np.broadcast_arrays(*(np.asarray(a, dtype=np.float64) for a in arrays))
        out = np.empty(columns[0].shape)
        for j, inputs in enumerate(zip(*(c.ravel().tolist() for c in columns), strict=True)):
            try:
                out.flat[j] = forward(*inputs)
            except Exception:  # a nudge outside the op's domain has no slope
                out.flat[j] = math.nan
        return out

    return run


def local_slope(forward: Rerun, inputs: Sequence[float], i: int, h: float = 1e-6) -> float:
    """The local derivative d out / d input ``i``: the re-run forward's central difference."""
    step = h * max(1.0, abs(inputs[i]))
    up = [*inputs[:i], inputs[i] + step, *inputs[i + 1 :]]
    down = [*inputs[:i], inputs[i] - step, *inputs[i + 1 :]]
    return safe_div(forward(*up) - forward(*down), up[i] - down[i])
