"""One float helper module: one answer for a zero divisor, one closeness test, everywhere."""

import math

import numpy as np

from engine.autograd.floats import close, safe_div, safe_pow
from engine.autograd.ops import array_forward, op_rule
from engine.autograd.value import Value
from engine.trace import event_text as text
from engine.trace.trace import BackwardStep, record


def test_one_over_minus_zero_is_minus_infinity_everywhere():
    with np.errstate(all="ignore"):
        answers = {
            "floats.safe_div": safe_div(1.0, -0.0),
            "floats.safe_pow": safe_pow(-0.0, -1),
            "Value /": (Value(1.0) / Value(-0.0)).data,
            "Value **": (Value(-0.0) ** -1).data,
            "op table /": op_rule("/", 2).on_floats(1.0, -0.0),
            "op table **-1": op_rule("**-1", 1).on_floats(-0.0),
            "numpy /": float(array_forward("/", 2)(np.array(1.0), np.array(-0.0))),
            "numpy **-1": float(array_forward("**-1", 1)(np.array(-0.0))),
        }
    assert answers == dict.fromkeys(answers, -math.inf)


def test_a_backward_through_1_over_minus_zero_is_shown_as_what_value_computes():
    a, b = Value(1.0, label="a"), Value(-0.0, label="b")
    out = a / b
    out.label = "out"
    trace = record(out)
    step = next(trace[i] for i in range(len(trace)) if isinstance(trace[i], BackwardStep))
    assert a.grad == -math.inf
    assert step.lines[0] == "a.grad += 1 / b.data * out.grad = 1 / -0.0 * 1.0 → -inf"
    site = text.Site(["a", "b"], [1.0, -0.0], "out", -math.inf, 1.0)
    assert text.grad_term("/", 0, site)[3] == -math.inf  # what the line says a.grad should be


def test_inf_and_nan_are_never_close_to_a_finite_number():
    assert not close(math.inf, 1.0)
    assert not close(1.0, -math.inf)
    assert not close(math.nan, 0.0)
    assert not close(math.inf, -math.inf)
    assert close(math.inf, math.inf)
    assert close(math.nan, math.nan)
    assert close(1.0, 1.0 + 1e-12)
