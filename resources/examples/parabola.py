"""Seed 002's parabola f(x) = 3x² - 4x + 5 at x = 3, next to its "nudge by h" slope.

Step to the end of the backward pass: x.grad is 14.0, the slope 6x - 4. The article's
numeric estimate (f(x+h) - f(x))/h with h = 0.0001 gives 14.000300000063248.
"""

from engine.autograd.value import Value


def build():
    """The root Value f."""
    x = Value(3.0, label="x")
    f = 3 * x**2 - 4 * x + 5
    f.label = "f"
    return f
