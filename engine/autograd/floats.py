"""The scalar engine's float math: libm through ``math``, IEEE results where Python raises.

engine.autograd.value computes with these functions, and engine.autograd.ops runs its op
rules on floats with SCALAR (the same names numpy has), so a rule written once gives
engine.autograd.value's floats bit for bit. numpy's own exp, log and tanh can differ from
libm in the last bit.
"""

from __future__ import annotations

import math
from types import SimpleNamespace
from typing import Any


def safe_pow(base: float, exponent: float) -> float:
    """``base ** exponent`` with IEEE results (inf, nan) where Python would raise."""
    try:
        result = base**exponent
    except ZeroDivisionError:
        return math.inf
    except OverflowError:
        return math.inf
    return math.nan if isinstance(result, complex) else result


def safe_div(a: float, b: float) -> float:
    """``a / b`` with IEEE results for a zero divisor, as PyTorch gives them."""
    try:
        return a / b
    except ZeroDivisionError:
        if a == 0 or math.isnan(a):
            return math.nan
        return math.copysign(math.inf, a) * math.copysign(1.0, b)


def safe_exp(x: float) -> float:
    """``e ** x``, inf where it overflows."""
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


def safe_log(x: float) -> float:
    """Natural logarithm: nan below zero, -inf at zero, as IEEE and PyTorch give."""
    if x > 0:
        return math.log(x)
    return -math.inf if x == 0 else math.nan


def _power(base: float, exponent: float) -> float:
    # a whole exponent read from an op string ("**2") is the int engine.autograd.value was given
    if isinstance(exponent, float) and exponent.is_integer():
        exponent = int(exponent)
    return safe_pow(base, exponent)


def _where(condition: Any, if_true: Any, if_false: Any) -> Any:
    return if_true if condition else if_false


#: The numpy functions op rules use, for Python floats (pass ``np`` for arrays).
SCALAR = SimpleNamespace(
    abs=abs,
    divide=safe_div,
    exp=safe_exp,
    log=safe_log,
    power=_power,
    tanh=math.tanh,
    where=_where,
)
