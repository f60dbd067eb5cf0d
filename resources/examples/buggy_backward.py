"""Your own micrograd-style Value class, with a classic backprop bug to find in gradstep.

The README's "Debug your own backprop" walks through it: open this file, step to the
backward pass and watch a.grad. `a` is used twice (in a*b and in c + a), so its two
contributions must add up to b + 1 = -2.0. The `*` below assigns instead of accumulating,
so a.grad ends at -3.0: the step that overwrites 1.0 with -3.0 is the bug.
"""


class Value:
    """A scalar and its gradient, as in micrograd (children in a set, closures on out)."""

    def __init__(self, data, _children=(), _op="", label=""):
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = set(_children)
        self._op = _op
        self.label = label

    def __add__(self, other):
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __mul__(self, other):
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad = other.data * out.grad  # BUG: should be +=
            other.grad = self.data * out.grad  # BUG: should be +=

        out._backward = _backward
        return out


def build():
    """The root d = a*b + a: a reaches d along two paths."""
    a = Value(2.0, label="a")
    b = Value(-3.0, label="b")
    c = a * b
    c.label = "c"
    d = c + a
    d.label = "d"
    return d
