"""One-line texts for trace events, with the real numbers substituted into the source line."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

from engine.autograd.ops import exponent

_BINARY_OPS = {"+", "-", "*", "/"}
_CALL_OPS = {"tanh", "exp", "log", "relu", "sigmoid", "ReLU"}


def fmt(x: float | None) -> str:
    """A number, short: ``-3.0``, ``0.707107``, ``1e-05``, ``nan``; None as ``None``."""
    if x is None:
        return "None"
    x = float(x)
    if math.isnan(x) or math.isinf(x):
        return str(x)
    # Six significant digits, so tanh(-6) = -0.999988 never reads as -1.0 next to the
    # 1 - t**2 it feeds.
    short = f"{x:.6g}"
    return short if any(ch in short for ch in ".e") else short + ".0"


def result_text(before: float | None, delta: float, after: float) -> str:
    """``→ after``, or ``→ before + delta = after`` where a ``+=`` accumulates onto a value."""
    if before is None or before == 0:
        return f"→ {fmt(after)}"
    sign, size = ("-", -delta) if delta < 0 else ("+", delta)
    return f"→ {fmt(before)} {sign} {fmt(size)} = {fmt(after)}"


def create_text(op: str, name: str, site: Site) -> str:
    """``n = a + b = 1.0 + 2.0 → 3.0``; ``x1 = Value(2.0)`` for a leaf."""
    kids, kid_data, data = site.kids, site.kid_data, site.od
    if not kids:
        return f"{name} = Value({fmt(data)})"
    nums = [fmt(d) for d in kid_data]
    if op in _BINARY_OPS and len(kids) == 2:
        expr, vals = f"{kids[0]} {op} {kids[1]}", f"{nums[0]} {op} {nums[1]}"
    elif exponent(op) is not None and len(kids) == 1:
        expr, vals = f"{ref(kids[0])}{op}", f"{base(kid_data[0])}{op}"
    elif op == "neg" and len(kids) == 1:
        expr, vals = f"-{kids[0]}", f"-({nums[0]})"
    elif op in _CALL_OPS and len(kids) == 1:
        expr, vals = f"{ref(kids[0])}.{op}()", f"{op}({nums[0]})"
    else:
        expr, vals = f"{op or 'op'}({', '.join(kids)})", f"{op or 'op'}({', '.join(nums)})"
    return f"{name} = {expr} = {vals} → {fmt(data)}"


class Site(NamedTuple):
    """Where a ``_backward`` runs: children's names and data, the node's name, data and grad."""

    kids: Sequence[str]
    kid_data: Sequence[float]
    out: str
    od: float
    g: float


Term = tuple[str, str, str, float]


def grad_term(op: str, pos: int, site: Site) -> Term | None:
    """The textbook ``_backward`` line for child ``pos``: (``+=``/``-=``, expr, numbers, value).

    None for an op this does not know (or a child count that does not fit it, as with
    micrograd 0.1.0's set of children for ``a + a``).
    """
    binary = op in _BINARY_OPS
    if len(site.kids) != (2 if binary else 1):
        return None
    if binary:
        return _BINARY_TERMS[op](pos, site)
    k = exponent(op)
    if k is not None:
        return _power_term(k, site)
    make = _UNARY_TERMS.get(op)
    return None if make is None else make(site)


def _add_term(pos: int, s: Site) -> Term:
    return "+=", f"{ref(s.out)}.grad", fmt(s.g), s.g


def _sub_term(pos: int, s: Site) -> Term:
    return ("+=" if pos == 0 else "-="), f"{ref(s.out)}.grad", fmt(s.g), s.g


def _mul_term(pos: int, s: Site) -> Term:
    o = 1 - pos
    expr = f"{ref(s.kids[o])}.data * {ref(s.out)}.grad"
    return "+=", expr, f"{fmt(s.kid_data[o])} * {fmt(s.g)}", s.kid_data[o] * s.g


def _div_term(pos: int, s: Site) -> Term:
    d1, out, divisor = s.kid_data[1], ref(s.out), ref(s.kids[1])
    if pos == 0:
        nums = f"1 / {fmt(d1)} * {fmt(s.g)}"
        return "+=", f"1 / {divisor}.data * {out}.grad", nums, _div(s.g, d1)
    expr = f"-{out}.data / {divisor}.data * {out}.grad"
    return "+=", expr, f"-{fmt(s.od)} / {fmt(d1)} * {fmt(s.g)}", -_div(s.od, d1) * s.g


def _exponent(k: float) -> str:
    """An exponent as written in code: ``2``, ``-1``, ``0.5``."""
    return str(int(k)) if float(k).is_integer() else fmt(k)


def _power_term(k: float, s: Site) -> Term:
    kk, ks = _exponent(k - 1), _exponent(k)
    expr = f"{ks} * {ref(s.kids[0])}.data**{kk} * {ref(s.out)}.grad"
    nums = f"{ks} * {base(s.kid_data[0])}**{kk} * {fmt(s.g)}"
    return "+=", expr, nums, k * _pow(s.kid_data[0], k - 1) * s.g


def _neg_term(s: Site) -> Term:
    return "-=", f"{ref(s.out)}.grad", fmt(s.g), s.g


def _tanh_term(s: Site) -> Term:
    out = ref(s.out)
    expr = f"(1 - {out}.data**2) * {out}.grad"
    return "+=", expr, f"(1 - {base(s.od)}**2) * {fmt(s.g)}", (1 - s.od**2) * s.g


def _exp_term(s: Site) -> Term:
    out = ref(s.out)
    return "+=", f"{out}.data * {out}.grad", f"{fmt(s.od)} * {fmt(s.g)}", s.od * s.g


def _log_term(s: Site) -> Term:
    expr = f"1 / {ref(s.kids[0])}.data * {ref(s.out)}.grad"
    return "+=", expr, f"1 / {fmt(s.kid_data[0])} * {fmt(s.g)}", _div(s.g, s.kid_data[0])


def _relu_term(s: Site) -> Term:
    out = ref(s.out)
    expr = f"({out}.data > 0) * {out}.grad"
    return "+=", expr, f"({fmt(s.od)} > 0) * {fmt(s.g)}", (s.od > 0) * s.g


def _sigmoid_term(s: Site) -> Term:
    out, ods = ref(s.out), fmt(s.od)
    expr = f"{out}.data * (1 - {out}.data) * {out}.grad"
    return "+=", expr, f"{ods} * (1 - {ods}) * {fmt(s.g)}", s.od * (1 - s.od) * s.g


_BINARY_TERMS = {"+": _add_term, "-": _sub_term, "*": _mul_term, "/": _div_term}
_UNARY_TERMS = {
    "neg": _neg_term,
    "tanh": _tanh_term,
    "exp": _exp_term,
    "log": _log_term,
    "relu": _relu_term,
    "ReLU": _relu_term,
    "sigmoid": _sigmoid_term,
}


def ref(name: str) -> str:
    """A name ready for ``.grad``/``.data``: parenthesised if it holds spaces or operators."""
    plain = name.replace(".", "_").replace("[", "_").replace("]", "_")
    return name if plain.isidentifier() else f"({name})"


def base(x: float) -> str:
    """A number about to be raised to a power: ``(-2.0)``, as ``-2.0**2`` would mean -(2.0**2)."""
    s = fmt(x)
    return f"({s})" if s.startswith("-") else s


def _div(a: float, b: float) -> float:
    try:
        return a / b
    except ZeroDivisionError:
        return math.nan if a == 0 else math.copysign(math.inf, a)


def _pow(a: float, k: float) -> float:
    try:
        r = a**k
    except (ZeroDivisionError, OverflowError):
        return math.inf
    return math.nan if isinstance(r, complex) else r


def close(a: float, b: float) -> bool:
    """Equal up to rounding (nan equals nan): a different summation order is not a bug."""
    if a == b or (a != a and b != b):  # noqa: PLR0124 (nan check)
        return True
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def write_text(child: str, term: Term | None, before: float | None, after: float) -> str:
    """``x1.grad += w1.data * n.grad = -3.0 * 1.0 → -3.0``; flags a result that disagrees."""
    base = 0.0 if before is None else before
    result = result_text(before, after - base, after)
    if term is None:
        return f"{ref(child)}.grad += {fmt(after - base)} {result}"
    sign, expr, nums, value = term
    delta = value if sign == "+=" else -value
    line = f"{ref(child)}.grad {sign} {expr} = {nums} {result}"
    expected = base + delta
    if not close(expected, after):
        line += f"   ✗ expected {fmt(expected)}"
    return line


def topo_text(kind: str, name: str, parent: str | None, index: int = 0) -> str:
    """``build_topo(n): visit``, ``… already visited``, ``topo.append(n) → topo[3]``."""
    caller = f"  (child of {parent})" if parent is not None else ""
    if kind == "enter":
        return f"build_topo({name}): visit, visited.add({name}){caller}"
    if kind == "skip":
        return f"build_topo({name}): already visited, return{caller}"
    return f"topo.append({name}) → topo[{index}]"


def update_text(name: str, before: float, after: float, grad: float | None, lr: float) -> str:
    """``w1.data += -0.1 * w1.grad = -0.1 * 0.5 → -3.0 - 0.05 = -3.05``."""
    g = 0.0 if grad is None else grad
    nums = f"{fmt(-lr)} * {fmt(g)}"
    result = result_text(before, after - before, after)
    return f"{ref(name)}.data += -{fmt(lr)} * {ref(name)}.grad = {nums} {result}"
