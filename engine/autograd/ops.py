"""The one op table: every op's rule, its names, how code and formulas write it, in one entry.

Every module that needs to know about an op reads it here: the fast path and the gradient
check its rule (engine.autograd.op_rule), the step texts its ``_backward`` line
(``grad_code``), the inspector its local derivative (``derivative``), the code panel the
Value method that makes it, the expression editor and the MLP its call name, the graph its
made-up node names. engine.autograd.value writes each op's float arithmetic out by hand for
speed; tests/engine/autograd/test_ops.py holds it to these rules bit for bit.

An op string from a user's engine is looked up by its name or an alias (micrograd users write
``'mul'``, ``'add'``, ``'pow'``, a bare ``'**'``, ``'ReLU'`` ...). A power is ``"**k"`` for a
constant k, or ``"**"``/``"pow"`` with the exponent as a second input node, or with one input
and the exponent in an attribute of the node (see ``canonical_op``).

Templates are ``str.format`` strings over: ``a``, ``b``, ``out`` (names ready for ``.grad``),
``xa``, ``xb``, ``od``, ``g`` (the inputs' data, out's data and grad), ``pa``, ``pb``, ``pod``
(the same, bracketed when negative, for after a minus or before a power), ``k``, ``k1`` (a
constant exponent and k - 1) and ``d`` (this input's local derivative).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache, partial
from typing import Any

import numpy as np

from engine.autograd import op_rule as rules
from engine.autograd.floats import RTOL
from engine.autograd.frozen_record import FrozenRecord
from engine.autograd.op_rule import Forward, OpRule, power_rule

GradCode = tuple[str, str, str]  # ("+=" or "-=", code, the code with numbers)
EXPONENT_ATTRIBUTES = ("exponent", "_exponent", "power", "_power", "k")
"""Where a one-input ``'pow'`` node of a user's engine may keep its exponent."""


class Op(FrozenRecord):
    """One op, written once: its rule, names, notation and the texts the panels show."""

    name: str  # the op string engine.autograd.value writes ("**k" for the constant powers)
    aliases: tuple[str, ...]  # op strings other engines write for the same op
    rule: OpRule | None  # None for "**k": the rule depends on k (op_rule.power_rule)
    word: str  # the op in a made-up node name: mul7
    method: str  # the Value method that makes it, as the code panel shows
    form: str  # how an expression writes it: "infix", "prefix", "call" or "power"
    symbol: str  # what it writes: "*", "-", "tanh", "**"
    precedence: int  # binds tighter the higher: + 1, * 2, unary minus 3, ** 4, calls 5
    grad_code: tuple[GradCode, ...]  # per input: its line of ``_backward``
    derivative: tuple[str, ...]  # per input: d out / d input as a formula
    activation: bool = False  # offered as a neuron's activation


def _call(name: str, grad_code: GradCode, derivative: str, **extra: Any) -> Op:
    """A one-input op written as a method call, ``n.tanh()``."""
    rule = extra.pop("rule")
    aliases = extra.pop("aliases", ())
    return Op(
        name, aliases, rule, name, name, "call", name, 5, (grad_code,), (derivative,), **extra
    )


# fmt: off
TABLE: tuple[Op, ...] = (
    Op(
        "+", ("add",), rules.ADD, "add", "__add__", "infix", "+", 1,
        (("+=", "{out}.grad", "{g}"), ("+=", "{out}.grad", "{g}")),
        ("1", "1"),
    ),
    Op(
        "-", ("sub",), rules.SUB, "sub", "__sub__", "infix", "-", 1,
        (("+=", "{out}.grad", "{g}"), ("-=", "{out}.grad", "{g}")),
        ("1", "-1"),
    ),
    Op(
        "*", ("mul",), rules.MUL, "mul", "__mul__", "infix", "*", 2,
        (
            ("+=", "{b}.data * {out}.grad", "{xb} * {g}"),
            ("+=", "{a}.data * {out}.grad", "{xa} * {g}"),
        ),
        ("{b}.data = {d}", "{a}.data = {d}"),
    ),
    Op(
        "/", ("div", "truediv"), rules.DIV, "div", "__truediv__", "infix", "/", 2,
        (
            ("+=", "1 / {b}.data * {out}.grad", "1 / {xb} * {g}"),
            ("+=", "-{out}.data / {b}.data * {out}.grad", "-{pod} / {xb} * {g}"),
        ),
        ("1 / {b}.data = 1 / {xb} = {d}", "-out / {b}.data = -{pod} / {xb} = {d}"),
    ),
    Op(
        "neg", (), rules.NEG, "neg", "__neg__", "prefix", "-", 3,
        (("-=", "{out}.grad", "{g}"),),
        ("-1",),
    ),
    Op(
        "**k", (), None, "pow", "__pow__", "power", "**", 4,
        (("+=", "{k} * {a}.data**{k1} * {out}.grad", "{k} * {pa}**{k1} * {g}"),),
        ("{k} · {a}^{k1} = {k} · {pa}^{k1} = {d}",),
    ),
    Op(
        "**", ("pow",), rules.POWER_OF_NODES, "pow", "__pow__", "power", "**", 4,
        (
            ("+=", "{b}.data * {a}.data**({b}.data - 1) * {out}.grad",
             "{xb} * {pa}**({xb} - 1) * {g}"),
            ("+=", "{out}.data * log({a}.data) * {out}.grad", "{od} * log({xa}) * {g}"),
        ),
        ("{b} · {a}^({b} − 1) = {xb} · {pa}^({xb} − 1) = {d}",
         "out · ln {a} = {od} · ln {xa} = {d}"),
    ),
    _call(
        "tanh",
        ("+=", "(1 - {out}.data**2) * {out}.grad", "(1 - {pod}**2) * {g}"),
        "1 − out² = 1 − {pod}² = {d}",
        rule=rules.TANH,
        activation=True,
    ),
    _call("exp", ("+=", "{out}.data * {out}.grad", "{od} * {g}"), "out = {d}", rule=rules.EXP),
    _call(
        "log",
        ("+=", "1 / {a}.data * {out}.grad", "1 / {xa} * {g}"),
        "1 / {a} = 1 / {xa} = {d}",
        rule=rules.LOG,
    ),
    _call(
        "relu",
        ("+=", "({out}.data > 0) * {out}.grad", "({od} > 0) * {g}"),
        "[out > 0] = {d}",
        rule=rules.RELU,
        aliases=("ReLU",),  # micrograd 0.1.0's spelling
        activation=True,
    ),
    _call(
        "sigmoid",
        ("+=", "{out}.data * (1 - {out}.data) * {out}.grad", "{od} * (1 - {pod}) * {g}"),
        "out · (1 − out) = {d}",
        rule=rules.SIGMOID,
        activation=True,
    ),
)
# fmt: on

_BY_NAME: dict[str, Op] = {n: op for op in TABLE for n in (op.name, *op.aliases)}
_POWER = _BY_NAME.pop("**k")
POWER_NAMES = frozenset({"**", "pow"})
ACTIVATIONS = tuple(op.name for op in TABLE if op.activation)
"""The ops a neuron may use as its activation."""
CALLS = tuple(op.name for op in TABLE if op.form == "call")
"""The ops written as a call, ``tanh(n)``: what the expression editor offers as functions."""


class OpCall(FrozenRecord):
    """An op string resolved: the table's entry, its rule, and a constant exponent if any."""

    op: Op
    rule: OpRule
    k: float | None = None


def exponent(op: str) -> float | None:
    """The k of a power op ``"**k"``, or None if ``op`` is not one."""
    if not op.startswith("**"):
        return None
    try:
        return float(op[2:])
    except ValueError:
        return None


@lru_cache(maxsize=1024)  # the table is fixed: the gradient checks ask per node, per step
def find(op: str, arity: int) -> OpCall | None:
    """The table's entry for ``op`` (a name or an alias) with ``arity`` inputs, or None."""
    k = exponent(op)
    if k is not None:
        return OpCall(_POWER, power_rule(k), k) if arity == 1 else None
    entry = _BY_NAME.get(op)
    if entry is None or entry.rule is None or not entry.rule.accepts(arity):
        return None
    return OpCall(entry, entry.rule)


@lru_cache(maxsize=1024)
def entry(op: str) -> Op | None:
    """The table's entry for an op string whatever its inputs (``"**2"`` is a power), or None."""
    return _POWER if exponent(op) is not None else _BY_NAME.get(op)


def canonical(op: str) -> str:
    """The name gradstep's Value uses for ``op``: ``'mul'`` is ``'*'``; unknown ops as they are."""
    known = entry(op)
    return op if known is None or known is _POWER else known.name


def exponent_of(node: Any) -> float | None:
    """The exponent a one-input ``'pow'`` node keeps in an attribute, or None."""
    for attr in EXPONENT_ATTRIBUTES:
        k = getattr(node, attr, None)
        if isinstance(k, (int, float)) and not isinstance(k, bool):
            return float(k)
    return None


def canonical_op(op: str, arity: int, node: Any = None) -> str:
    """The op string the table's rules read for one node of a user's graph.

    Aliases become the table's names (``'mul'`` is ``'*'``); a one-input ``'pow'`` or ``'**'``
    whose node holds its exponent in an attribute becomes ``'**k'``. Unknown ops stay as
    they are.
    """
    if op in POWER_NAMES and arity == 1 and node is not None:
        k = exponent_of(node)
        return op if k is None else f"**{k}"
    found = find(op, arity)
    return op if found is None or found.k is not None else found.op.name


def op_rule(op: str, arity: int) -> OpRule | None:
    """The rule of ``op`` (a name or an alias) with ``arity`` inputs, or None if it is unknown."""
    found = find(op, arity)
    return None if found is None else found.rule


@lru_cache(maxsize=1024)
def array_forward(op: str, arity: int) -> Forward | None:
    """The numpy function computing ``op`` from ``arity`` inputs, or None if it is unknown."""
    rule = op_rule(op, arity)
    return None if rule is None else partial(rule.forward, np)


def mismatches(
    ops: Sequence[str], children: Sequence[tuple[int, ...]], data: np.ndarray
) -> dict[int, Any]:
    """The inner nodes whose data their op's rule does not give from their inputs' data.

    Maps each to what the rule gives instead (a numpy float), or to None if no rule knows
    its op with that many inputs. Equal values, two nans, or finite values within 1e-9
    relative agree. Nodes are recomputed a whole (op, arity) group at a time.
    """
    groups: dict[tuple[str, int], list[int]] = defaultdict(list)
    for u, kids in enumerate(children):
        if kids:
            groups[ops[u], len(kids)].append(u)
    found: dict[int, Any] = {}
    for (op, arity), members in groups.items():
        fn = array_forward(op, arity)
        if fn is None:
            found.update(dict.fromkeys(members))
            continue
        kids = np.array([children[u] for u in members], dtype=np.int64)
        held = data[members]
        with np.errstate(all="ignore"):
            again = np.asarray(fn(*(data[kids[:, i]] for i in range(arity))), dtype=np.float64)
            close = np.abs(again - held) <= RTOL * np.maximum(1.0, np.abs(held))
        agree = (again == held) | (np.isnan(again) & np.isnan(held)) | (np.isfinite(again) & close)
        found.update((members[k], again[k]) for k in np.flatnonzero(~agree).tolist())
    return found
