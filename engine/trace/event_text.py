"""One-line texts for trace events, with the real numbers substituted into the source line.

What each op's ``_backward`` line says comes from the op table (engine.autograd.ops).
"""

from __future__ import annotations

from engine.autograd.floats import bracketed, close, fmt
from engine.autograd.op_text import ATOM, Site, Term, grad_term, made_name, ref
from engine.autograd.ops import find

__all__ = [
    "Site",
    "Term",
    "close",
    "create_text",
    "fmt",
    "grad_term",
    "ref",
    "result_text",
    "topo_text",
    "update_text",
    "write_text",
]


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
    call = find(op, len(kids))
    form = call.op.form if call is not None else ""
    nums = [fmt(d) for d in kid_data]
    if form == "infix":
        symbol = f" {call.op.symbol} "
        expr, vals = symbol.join(kids), symbol.join(nums)
    elif form in ("power", "prefix"):
        # brackets by precedence: every input written as an atom, then the numbers as bases
        expr = made_name(op, [(ref(k), ATOM) for k in kids])[0]
        vals = made_name(op, [(bracketed(d), ATOM) for d in kid_data])[0]
    elif form == "call":
        expr, vals = f"{ref(kids[0])}.{call.op.symbol}()", f"{call.op.symbol}({nums[0]})"
    else:
        expr, vals = f"{op or 'op'}({', '.join(kids)})", f"{op or 'op'}({', '.join(nums)})"
    return f"{name} = {expr} = {vals} → {fmt(data)}"


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
