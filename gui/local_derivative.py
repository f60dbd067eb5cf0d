"""A node's local derivatives (d out / d child) written out with the real numbers (Qt-free)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from engine.trace import fmt


def _pow_exponent(op: str) -> float | None:
    try:
        return float(op[2:])
    except ValueError:
        return None


def _formula(
    op: str, a: str, b: str, *, xa: float, xb: float, out: float
) -> list[tuple[str, float]]:
    """(formula with numbers, value) per child position for a known op; [] if unknown."""
    if op == "+":
        return [("1", 1.0), ("1", 1.0)]
    if op == "-":
        return [("1", 1.0), ("-1", -1.0)]
    if op == "*":
        return [(f"{b}.data = {fmt(xb)}", xb), (f"{a}.data = {fmt(xa)}", xa)]
    if op == "/":
        inv = 1.0 / xb if xb else math.inf
        return [
            (f"1 / {b}.data = 1 / {fmt(xb)} = {fmt(inv)}", inv),
            (f"-out / {b}.data = {fmt(-out)} / {fmt(xb)} = {fmt(-out * inv)}", -out * inv),
        ]
    if op.startswith("**") and (k := _pow_exponent(op)) is not None:
        try:
            d = k * xa ** (k - 1)
        except (ZeroDivisionError, OverflowError):
            d = math.inf
        d = math.nan if isinstance(d, complex) else d
        return [(f"{fmt(k)} · {a}^{fmt(k - 1)} = {fmt(k)} · {fmt(xa)}^{fmt(k - 1)} = {fmt(d)}", d)]
    unary = {
        "neg": ("-1", -1.0),
        "tanh": (f"1 − out² = 1 − {fmt(out)}² = {fmt(1 - out * out)}", 1 - out * out),
        "exp": (f"out = {fmt(out)}", out),
        "log": (f"1 / {a} = 1 / {fmt(xa)}", 1.0 / xa if xa else math.inf),
        "relu": (f"[out > 0] = {fmt(float(out > 0))}", float(out > 0)),
        "ReLU": (f"[out > 0] = {fmt(float(out > 0))}", float(out > 0)),
        "sigmoid": (f"out · (1 − out) = {fmt(out * (1 - out))}", out * (1 - out)),
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
    formulas = _formula(op, a, b, xa=xa, xb=xb, out=out)
    if len(formulas) != len(children):
        return [f"∂{_wrap(name)}/∂{_wrap(c)} is not known for op {op!r}" for c, _ in children]
    return [
        f"∂{_wrap(name)}/∂{_wrap(c)} = {text}"
        for (c, _), (text, _) in zip(children, formulas, strict=True)
    ]
