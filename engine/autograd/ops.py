"""Each op's rules in one place: its forward pass and its local derivatives, per op string.

A rule is written once against an array namespace ``xp``: ``np`` for numpy arrays (the fast
path, the gradient check, the predictors) or engine.autograd.floats.SCALAR for floats (restoring
a saved session, the inspector), which gives engine.autograd.value's results bit for bit. The op
strings are engine.autograd.value's ("+", "-", "*", "/", "**k", "neg", "tanh", "exp", "log", "relu",
"sigmoid"), micrograd 0.1.0's "ReLU", and a "+" or "*" of any number of inputs, as a
user's engine may make. On arrays numpy's IEEE answers stand where Python's differ:
``(-0.0) ** -1`` is -inf (engine.autograd.value: inf) and ``(-inf) ** 0.5`` is nan (inf).
"""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial, reduce
from typing import Any

import numpy as np

from engine.autograd.floats import SCALAR

Forward = Callable[..., Any]  # forward(xp, *inputs) -> out
Local = Callable[[Any, Sequence[Any], Any], tuple[Any, ...]]  # local(xp, inputs, out)


@dataclass(frozen=True)
class OpRule:
    """One op: how many inputs it takes, its forward rule and d out / d input per input."""

    forward: Forward
    local: Local
    min_arity: int = 1
    max_arity: int | None = 1
    constant: bool = False  # the local derivatives read no data (+, -, neg)

    def accepts(self, arity: int) -> bool:
        """Whether the op is defined for ``arity`` inputs."""
        return self.min_arity <= arity and (self.max_arity is None or arity <= self.max_arity)

    def on_floats(self, *inputs: float) -> float:
        """The output for float inputs, exactly as engine.autograd.value computes it."""
        return self.forward(SCALAR, *inputs)

    def local_floats(self, inputs: Sequence[float], out: float) -> tuple[float, ...]:
        """Each input's d out / d input as a float, as Value's ``_backward`` uses it."""
        return tuple(float(d) for d in self.local(SCALAR, tuple(inputs), out))

    def constant_local(self, arity: int) -> tuple[float, ...] | None:
        """The local derivatives of a ``constant`` rule for ``arity`` inputs, else None."""
        return self.local(SCALAR, (None,) * arity, None) if self.constant else None


def _others_product(inputs: Sequence[Any], i: int) -> Any:
    """The product of every input but the i-th (for ``a * b``: the other one, as it is)."""
    rest = (*inputs[:i], *inputs[i + 1 :])
    return reduce(operator.mul, rest) if rest else 1.0


def _sigmoid(xp: Any, a: Any) -> Any:
    e = xp.exp(-xp.abs(a))  # never overflows: the two branches of engine.autograd.value's sigmoid
    return xp.where(a >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _relu(xp: Any, a: Any) -> Any:
    return xp.where(a > 0, a, 0.0)  # nan and 0 give 0, as engine.autograd.value's relu


def _relu_local(xp: Any, inputs: Sequence[Any], out: Any) -> tuple[Any, ...]:
    return (out > 0,)  # derivative 0 at 0, as micrograd and PyTorch use


_RELU = OpRule(_relu, _relu_local)

RULES: dict[str, OpRule] = {
    "+": OpRule(
        lambda xp, *inputs: reduce(operator.add, inputs),
        lambda xp, inputs, out: (1.0,) * len(inputs),
        max_arity=None,
        constant=True,
    ),
    "*": OpRule(
        lambda xp, *inputs: reduce(operator.mul, inputs),
        lambda xp, inputs, out: tuple(_others_product(inputs, i) for i in range(len(inputs))),
        max_arity=None,
    ),
    "-": OpRule(lambda xp, a, b: a - b, lambda xp, inputs, out: (1.0, -1.0), 2, 2, constant=True),
    "/": OpRule(
        lambda xp, a, b: xp.divide(a, b),
        lambda xp, inputs, out: (xp.divide(1.0, inputs[1]), -xp.divide(out, inputs[1])),
        2,
        2,
    ),
    "neg": OpRule(lambda xp, a: -a, lambda xp, inputs, out: (-1.0,), constant=True),
    "tanh": OpRule(lambda xp, a: xp.tanh(a), lambda xp, inputs, out: (1 - out**2,)),
    "exp": OpRule(lambda xp, a: xp.exp(a), lambda xp, inputs, out: (out,)),
    "log": OpRule(lambda xp, a: xp.log(a), lambda xp, inputs, out: (xp.divide(1.0, inputs[0]),)),
    "relu": _RELU,
    "ReLU": _RELU,  # micrograd 0.1.0's spelling
    "sigmoid": OpRule(_sigmoid, lambda xp, inputs, out: (out * (1 - out),)),
}


def exponent(op: str) -> float | None:
    """The k of a power op ``"**k"``, or None if ``op`` is not one."""
    if not op.startswith("**"):
        return None
    try:
        return float(op[2:])
    except ValueError:
        return None


@lru_cache(maxsize=64)
def _power_rule(k: float) -> OpRule:
    """``a ** k`` for a constant k (not a node, so it lives in the op string)."""
    return OpRule(
        lambda xp, a: xp.power(a, k),
        lambda xp, inputs, out: (k * xp.power(inputs[0], k - 1),),
    )


def op_rule(op: str, arity: int) -> OpRule | None:
    """The rule of ``op`` with ``arity`` inputs, or None if it is unknown."""
    k = exponent(op)
    rule = _power_rule(k) if k is not None else RULES.get(op)
    return rule if rule is not None and rule.accepts(arity) else None


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
            close = np.abs(again - held) <= 1e-9 * np.maximum(1.0, np.abs(held))
        agree = (again == held) | (np.isnan(again) & np.isnan(held)) | (np.isfinite(again) & close)
        found.update((members[k], again[k]) for k in np.flatnonzero(~agree).tolist())
    return found
