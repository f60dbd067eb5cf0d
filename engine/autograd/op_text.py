"""The op table's texts filled in: ``_backward`` lines, local-derivative formulas, node names.

No op is described here: every op's templates are its entry in engine.autograd.ops; this
module substitutes names and numbers into them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from engine.autograd.floats import bracketed, exponent_text, fmt
from engine.autograd.ops import Op, OpCall, entry, exponent, find

MAX_MADE_NAME = 20
"""A name made from an op and its inputs longer than this falls back to op and id (``mul5``)."""
ATOM = 9  # precedence of a name that never needs brackets (``x1``, ``L0.N1.w2``, ``tanh(n)``)


class Site(NamedTuple):
    """Where a ``_backward`` runs: children's names and data, the node's name, data and grad."""

    kids: Sequence[str]
    kid_data: Sequence[float]
    out: str
    od: float
    g: float


Term = tuple[str, str, str, float]  # ("+=" or "-=", code, code with numbers, value added)


def ref(name: str) -> str:
    """A name ready for ``.grad``/``.data``: parenthesised if it holds spaces or operators."""
    plain = name.replace(".", "_").replace("[", "_").replace("]", "_")
    return name if plain.isidentifier() else f"({name})"


def _fields(call: OpCall, site: Site) -> dict[str, str]:
    """The template fields of one call site (``d`` is added per input)."""
    data = site.kid_data
    second = len(data) > 1
    fields = {
        "a": ref(site.kids[0]),
        "b": ref(site.kids[1]) if second else "",
        "out": ref(site.out),
        "xa": fmt(data[0]),
        "xb": fmt(data[1]) if second else "",
        "pa": bracketed(data[0]),
        "pb": bracketed(data[1]) if second else "",
        "od": fmt(site.od),
        "pod": bracketed(site.od),
        "g": fmt(site.g),
    }
    if call.k is not None:
        fields |= {"k": exponent_text(call.k), "k1": exponent_text(call.k - 1)}
    return fields


def _fitting(op: str, site: Site) -> OpCall | None:
    """The table's entry for ``op`` if it has a text for each of the site's inputs."""
    call = find(op, len(site.kids))
    return call if call is not None and len(call.op.grad_code) == len(site.kids) else None


def grad_term(op: str, pos: int, site: Site) -> Term | None:
    """The textbook ``_backward`` line for child ``pos``: (``+=``/``-=``, expr, numbers, value).

    None for an op the table does not know (or a child count that does not fit it, as with
    micrograd 0.1.0's set of children for ``a + a``).
    """
    call = _fitting(op, site)
    if call is None:
        return None
    local = call.rule.local_floats(site.kid_data, site.od)[pos]
    sign, code, numbers = call.op.grad_code[pos]
    fields = _fields(call, site)
    value = local * site.g
    return sign, code.format(**fields), numbers.format(**fields), value if sign == "+=" else -value


def derivative_formulas(op: str, site: Site) -> list[tuple[str, float]] | None:
    """Each input's d out / d input written out (ending in its value), and the value.

    None for an op the table does not know.
    """
    call = _fitting(op, site)
    if call is None:
        return None
    local = call.rule.local_floats(site.kid_data, site.od)
    fields = _fields(call, site)
    return [
        (template.format(**fields, d=fmt(d)), d)
        for template, d in zip(call.op.derivative, local, strict=True)
    ]


def _operand(name: str, precedence: int, needed: int) -> str:
    return name if precedence >= needed else f"({name})"


def made_name(op: str, kids: Sequence[tuple[str, int]]) -> tuple[str, int] | None:
    """An unnamed node's name from its op and its inputs' (name, precedence), with its own.

    ``a*b``, ``x + y``, ``-a``, ``a**2``, ``tanh(n)``; an op the table does not know is
    written as a call, ``swish(a)``. None if the op cannot be written so.
    """
    known = entry(op)
    if known is None:
        return (f"{op}({', '.join(n for n, _ in kids)})", ATOM) if op.isidentifier() else None
    writer = _WRITERS[known.form]
    text = writer(known, op, kids)
    return None if text is None else (text, ATOM if known.form == "call" else known.precedence)


def _call_form(known: Op, _op: str, kids: Sequence[tuple[str, int]]) -> str | None:
    return f"{known.symbol}({kids[0][0]})" if len(kids) == 1 else None


def _prefix_form(known: Op, _op: str, kids: Sequence[tuple[str, int]]) -> str | None:
    if len(kids) != 1:
        return None
    return f"{known.symbol}{_operand(*kids[0], known.precedence + 1)}"


def _power_form(known: Op, op: str, kids: Sequence[tuple[str, int]]) -> str | None:
    k, tight = exponent(op), known.precedence + 1
    if k is not None and len(kids) == 1:
        return f"{_operand(*kids[0], tight)}**{exponent_text(k)}"
    if k is None and len(kids) == 2:
        return f"{_operand(*kids[0], tight)}**{_operand(*kids[1], tight)}"
    return None


def _infix_form(known: Op, _op: str, kids: Sequence[tuple[str, int]]) -> str | None:
    if len(kids) < 2:
        return None
    p = known.precedence
    # the right operand of - or / binds tighter than its own op: a - (b - c)
    right = p + 1 if known.symbol in "-/" else p
    parts = [_operand(*kids[0], p), *(_operand(n, q, right) for n, q in kids[1:])]
    # a*b + c: the sum's spaces show what binds tighter
    return (f" {known.symbol} " if p == 1 else known.symbol).join(parts)


_WRITERS = {"call": _call_form, "prefix": _prefix_form, "power": _power_form, "infix": _infix_form}


def node_names(
    labels: Sequence[str], ops: Sequence[str], children: Sequence[tuple[int, ...]]
) -> tuple[str, ...]:
    """Display names: the label where set, else one made from the op and the inputs' names.

    Made names stay unique and short: an input without a name of its own, a name longer
    than MAX_MADE_NAME, or one already taken falls back to the op and the id (``mul5``);
    a leaf without a label is ``v3``. Children must come before their parents.
    """
    taken = {label for label in labels if label}
    fits = MAX_MADE_NAME.__ge__
    names: list[str] = []
    rank: list[int] = []  # each name's precedence; -1: a fallback, not a name of its own
    for i, (label, op, kids) in enumerate(zip(labels, ops, children, strict=True)):
        if label:
            names.append(label)
            rank.append(ATOM if ref(label) == label else 0)
            continue
        made = None
        if len(kids) == 2:  # the common case, written out: 66,000-node graphs are named
            a, b = kids
            if rank[a] >= 0 and rank[b] >= 0 and fits(len(names[a]) + len(names[b])):
                made = made_name(op, [(names[a], rank[a]), (names[b], rank[b])])
        elif kids and all(rank[k] >= 0 for k in kids):
            made = made_name(op, [(names[k], rank[k]) for k in kids])
        if made is not None and fits(len(made[0])) and made[0] not in taken:
            name, precedence = made
        else:
            name, precedence = fallback_name(op, i, kids), -1
        taken.add(name)
        names.append(name)
        rank.append(precedence)
    return tuple(names)


def fallback_name(op: str, i: int, kids: tuple[int, ...]) -> str:
    """``mul5`` for an op node, ``v3`` for a leaf: the op's word and the node's id."""
    if not kids or not op:
        return f"v{i}"
    known = entry(op)
    word = known.word if known is not None else op
    return f"{word}{i}"
