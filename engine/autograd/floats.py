"""The float helpers everyone uses: IEEE results where Python raises, one closeness test, fmt.

engine.autograd.value computes with these functions, and engine.autograd.ops runs its op
rules on floats with SCALAR (the same names numpy has), so a rule written once gives
engine.autograd.value's floats bit for bit. numpy's own exp, log and tanh can differ from
libm in the last bit.

Division by zero has one answer everywhere, IEEE's (and PyTorch's): the sign of the zero
counts, so ``1 / -0.0`` is ``-inf``, ``1 / 0.0`` is ``inf`` and ``0 / 0`` is ``nan``; the
same holds for a power of zero, ``(-0.0) ** -1`` being ``-inf`` as numpy gives it.
"""

from __future__ import annotations

import math
from types import SimpleNamespace
from typing import Any

RTOL = 1e-9
"""Relative tolerance of ``close``: a different summation order is not a bug."""


def safe_pow(base: float, exponent: float) -> float:
    """``base ** exponent`` with IEEE results (inf, nan) where Python would raise."""
    try:
        result = base**exponent
    except ZeroDivisionError:  # a zero base, a negative exponent: 1 / ±0 ** |exponent|
        odd = float(exponent).is_integer() and int(exponent) % 2 == 1
        return math.copysign(math.inf, base) if odd else math.inf
    except OverflowError:
        return math.inf
    return math.nan if isinstance(result, complex) else result


def safe_div(a: float, b: float) -> float:
    """``a / b`` with IEEE results for a zero divisor: ``1 / -0.0`` is ``-inf``."""
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


def close(a: float, b: float) -> bool:
    """Equal up to rounding (nan equals nan); inf or nan is never close to a finite number."""
    if a == b or (math.isnan(a) and math.isnan(b)):
        return True
    if not (math.isfinite(a) and math.isfinite(b)):
        return False
    return abs(a - b) <= RTOL * max(1.0, abs(a), abs(b))


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


def bracketed(x: float | None) -> str:
    """A number about to follow a minus or be raised to a power: ``(-2.0)``, else ``2.0``.

    ``-2.0**2`` means -(2.0**2) and ``--0.75`` reads as a typo, so a negative gets brackets.
    """
    s = fmt(x)
    return f"({s})" if s.startswith("-") else s


def exponent_text(k: float) -> str:
    """An exponent as written in code: ``2``, ``-1``, ``0.5``."""
    return str(int(k)) if float(k).is_integer() else fmt(k)


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
