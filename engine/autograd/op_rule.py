"""The arithmetic half of an op: its forward rule and its local derivatives, on floats or arrays.

A rule is written once against an array namespace ``xp``: ``np`` for numpy arrays (the fast
path, the gradient check, the predictors) or engine.autograd.floats.SCALAR for floats (restoring
a saved session, the inspector), which gives engine.autograd.value's results bit for bit. On
arrays numpy's IEEE answers stand where Python's differ: ``(-inf) ** 0.5`` is nan (Python: inf).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from functools import lru_cache, reduce
from typing import Any

from engine.autograd.floats import SCALAR
from engine.autograd.frozen_record import FrozenRecord

Forward = Callable[..., Any]  # forward(xp, *inputs) -> out
Local = Callable[[Any, Sequence[Any], Any], tuple[Any, ...]]  # local(xp, inputs, out)


class OpRule(FrozenRecord):
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


ADD = OpRule(
    lambda xp, *inputs: reduce(operator.add, inputs),
    lambda xp, inputs, out: (1.0,) * len(inputs),
    max_arity=None,
    constant=True,
)
MUL = OpRule(
    lambda xp, *inputs: reduce(operator.mul, inputs),
    lambda xp, inputs, out: tuple(_others_product(inputs, i) for i in range(len(inputs))),
    max_arity=None,
)
SUB = OpRule(lambda xp, a, b: a - b, lambda xp, inputs, out: (1.0, -1.0), 2, 2, constant=True)
DIV = OpRule(
    lambda xp, a, b: xp.divide(a, b),
    lambda xp, inputs, out: (xp.divide(1.0, inputs[1]), -xp.divide(out, inputs[1])),
    2,
    2,
)
NEG = OpRule(lambda xp, a: -a, lambda xp, inputs, out: (-1.0,), constant=True)
TANH = OpRule(lambda xp, a: xp.tanh(a), lambda xp, inputs, out: (1 - out**2,))
EXP = OpRule(lambda xp, a: xp.exp(a), lambda xp, inputs, out: (out,))
LOG = OpRule(lambda xp, a: xp.log(a), lambda xp, inputs, out: (xp.divide(1.0, inputs[0]),))
# derivative 0 at 0, as micrograd and PyTorch use
RELU = OpRule(_relu, lambda xp, inputs, out: (out > 0,))
SIGMOID = OpRule(_sigmoid, lambda xp, inputs, out: (out * (1 - out),))
# ``a ** b`` with the exponent a node too (a user's engine may make it one)
POWER_OF_NODES = OpRule(
    lambda xp, a, b: xp.power(a, b),
    lambda xp, inputs, out: (
        inputs[1] * xp.power(inputs[0], inputs[1] - 1),
        out * xp.log(inputs[0]),
    ),
    2,
    2,
)


@lru_cache(maxsize=64)
def power_rule(k: float) -> OpRule:
    """``a ** k`` for a constant k (not a node, so it lives in the op string)."""
    return OpRule(
        lambda xp, a: xp.power(a, k),
        lambda xp, inputs, out: (k * xp.power(inputs[0], k - 1),),
    )
