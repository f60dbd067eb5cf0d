"""A node's local derivatives (d out / d child) written out with the real numbers (Qt-free).

The numbers come from the op's rule in engine.autograd.ops; the formula text is written here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from engine.autograd.ops import exponent, op_rule
from engine.trace.trace import fmt


def _formulas(op: str, a: str, b: str, *, xa: float, xb: float, out: float, d: tuple) -> list[str]:
    """The formula of each child position's derivative ``d`` (the op's rule's numbers)."""
    if op in ("+", "-"):
        return ["1", "1" if op == "+" else "-1"]
    if op == "*":
        return [f"{b}.data = {fmt(d[0])}", f"{a}.data = {fmt(d[1])}"]
    if op == "/":
        return [
            f"1 / {b}.data = 1 / {fmt(xb)} = {fmt(d[0])}",
            f"-out / {b}.data = {fmt(-out)} / {fmt(xb)} = {fmt(d[1])}",
        ]
    if (k := exponent(op)) is not None:
        return [f"{fmt(k)} · {a}^{fmt(k - 1)} = {fmt(k)} · {fmt(xa)}^{fmt(k - 1)} = {fmt(d[0])}"]
    unary = {
        "neg": "-1",
        "tanh": f"1 − out² = 1 − {fmt(out)}² = {fmt(d[0])}",
        "exp": f"out = {fmt(d[0])}",
        "log": f"1 / {a} = 1 / {fmt(xa)}",
        "relu": f"[out > 0] = {fmt(d[0])}",
        "ReLU": f"[out > 0] = {fmt(d[0])}",
        "sigmoid": f"out · (1 − out) = {fmt(d[0])}",
    }
    return [unary[op]] if op in unary else []


def _wrap(name: str) -> str:
    """A name that is an expression (``x1*w1 + b``) in parentheses, so ∂ reads right."""
    return name if name.replace("_", "").isalnum() else f"({name})"


def local_derivatives(
    name: str, op: str, children: Sequence[tuple[str, float]], out: float
) -> list[str]:
    """One line per child, e.g. ``∂o/∂n = 1 − out² = 1 − 0.7071² = 0.5``."""
    if not children:
        return []
    a, xa = children[0]
    b, xb = children[1] if len(children) > 1 else ("", math.nan)
    rule = op_rule(op, len(children))
    d = rule.local_floats([x for _, x in children], out) if rule is not None else ()
    formulas = _formulas(op, a, b, xa=xa, xb=xb, out=out, d=d) if d else []
    if len(formulas) != len(children):
        return [f"∂{_wrap(name)}/∂{_wrap(c)} is not known for op {op!r}" for c, _ in children]
    return [
        f"∂{_wrap(name)}/∂{_wrap(c)} = {text}"
        for (c, _), text in zip(children, formulas, strict=True)
    ]
