"""Hand-written micrograd-style Value classes, one correct and several with a classic bug.

They are what a student writes while following the lecture: ``_backward`` is a closure stored
on the instance, children sit in ``_prev``. Each buggy class changes exactly one line of the
correct one, so a test can say which step must show the wrong grad and which node the
gradient check must name.
"""

from __future__ import annotations

import math


class Scalar:
    """A correct micrograd-style value: + * ** tanh relu, children kept in a tuple."""

    def __init__(self, data, _children=(), _op="", label=""):
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = tuple(_children)
        self._op = _op
        self.label = label

    def __repr__(self):
        return f"{type(self).__name__}(data={self.data}, grad={self.grad})"

    def _wrap(self, other):
        return other if isinstance(other, Scalar) else type(self)(other)

    def __add__(self, other):
        other = self._wrap(other)
        out = type(self)(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __mul__(self, other):
        other = self._wrap(other)
        out = type(self)(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def __pow__(self, k):
        out = type(self)(self.data**k, (self,), f"**{k}")

        def _backward():
            self.grad += k * self.data ** (k - 1) * out.grad

        out._backward = _backward
        return out

    def tanh(self):
        """Hyperbolic tangent."""
        t = math.tanh(self.data)
        out = type(self)(t, (self,), "tanh")

        def _backward():
            self.grad += (1 - t**2) * out.grad

        out._backward = _backward
        return out

    def relu(self):
        """max(0, x)."""
        out = type(self)(max(0.0, self.data), (self,), "relu")

        def _backward():
            self.grad += (out.data > 0) * out.grad

        out._backward = _backward
        return out

    __radd__ = __add__
    __rmul__ = __mul__

    def backward(self):
        """The backward of micrograd, recursion and all (fine for the small test graphs)."""
        topo, visited = [], set()

        def build_topo(v):
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build_topo(child)
                topo.append(v)

        build_topo(self)
        self.grad = 1.0
        for v in reversed(topo):
            v._backward()


class AssignScalar(Scalar):
    """Bug: ``=`` where ``+=`` belongs in ``__add__``, so a second contribution overwrites."""

    def __add__(self, other):
        other = self._wrap(other)
        out = type(self)(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad = out.grad
            other.grad = out.grad

        out._backward = _backward
        return out

    __radd__ = __add__


class TanhBugScalar(Scalar):
    """Bug: tanh's local derivative written as ``1 - t`` instead of ``1 - t**2``."""

    def tanh(self):
        """Hyperbolic tangent, with the wrong derivative."""
        t = math.tanh(self.data)
        out = type(self)(t, (self,), "tanh")

        def _backward():
            self.grad += (1 - t) * out.grad

        out._backward = _backward
        return out


class MulBugScalar(Scalar):
    """Bug: ``self.grad += self.data * out.grad`` (its own data instead of the other's)."""

    def __mul__(self, other):
        other = self._wrap(other)
        out = type(self)(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += self.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    __rmul__ = __mul__


class SelfResetScalar(Scalar):
    """Bug: ``__mul__``'s ``_backward`` also resets its own grad (a write outside its children)."""

    def __mul__(self, other):
        other = self._wrap(other)
        out = type(self)(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
            out.grad = 0.0

        out._backward = _backward
        return out

    __rmul__ = __mul__


class MeddlingScalar(Scalar):
    """Bug: ``__mul__``'s ``_backward`` also overwrites an unrelated node's grad (``victim``)."""

    victim = None

    def __mul__(self, other):
        other = self._wrap(other)
        out = type(self)(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
            if MeddlingScalar.victim is not None:
                MeddlingScalar.victim.grad = 99.0

        out._backward = _backward
        return out

    __rmul__ = __mul__


class RaisingScalar(Scalar):
    """Bug: ``tanh``'s ``_backward`` reads a name that does not exist."""

    def tanh(self):
        """Hyperbolic tangent whose backward raises NameError."""
        out = type(self)(math.tanh(self.data), (self,), "tanh")

        def _backward():
            self.grad += (1 - tt**2) * out.grad  # noqa: F821  (the bug under test)

        out._backward = _backward
        return out


def neuron(cls, b=6.8813735870195432):
    """Seed 000's neuron ``o = tanh(x1*w1 + x2*w2 + b)`` built with ``cls``; returns (o, nodes)."""
    x1, x2 = cls(2.0, label="x1"), cls(0.0, label="x2")
    w1, w2 = cls(-3.0, label="w1"), cls(1.0, label="w2")
    bias = cls(b, label="b")
    x1w1, x2w2 = x1 * w1, x2 * w2
    x1w1.label, x2w2.label = "x1w1", "x2w2"
    n = x1w1 + x2w2 + bias
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    return o, {"x1": x1, "x2": x2, "w1": w1, "w2": w2, "b": bias, "x1w1": x1w1, "n": n}


def reuse(cls):
    """``L = (x + y) + x``: x gets two contributions from two different ``+`` nodes."""
    x, y = cls(2.0, label="x"), cls(5.0, label="y")
    s = x + y
    s.label = "s"
    loss = s + x
    loss.label = "L"
    return loss, {"x": x, "y": y, "s": s}


class NamedOpScalar(Scalar):
    """Scalar with the op names many hand-written engines use: 'add', 'mul', and 'pow'.

    The exponent of ``'pow'`` is not in the op string, so the node keeps it as ``exponent``.
    """

    def __add__(self, other):
        out = super().__add__(other)
        out._op = "add"
        return out

    def __mul__(self, other):
        out = super().__mul__(other)
        out._op = "mul"
        return out

    def __pow__(self, k):
        out = super().__pow__(k)
        out._op = "pow"
        out.exponent = k
        return out

    __radd__ = __add__
    __rmul__ = __mul__


class NamedMulBugScalar(NamedOpScalar):
    """MulBugScalar's bug (``self.grad += self.data * out.grad``) under the op name 'mul'."""

    def __mul__(self, other):
        out = MulBugScalar.__mul__(self, other)
        out._op = "mul"
        return out

    __rmul__ = __mul__


class PowerNodeScalar(Scalar):
    """``a ** b`` with the exponent a node of its own, op ``'**'``, as some engines make it."""

    def __pow__(self, other):
        other = self._wrap(other)
        out = type(self)(self.data**other.data, (self, other), "**")

        def _backward():
            self.grad += other.data * self.data ** (other.data - 1) * out.grad
            other.grad += out.data * math.log(self.data) * out.grad

        out._backward = _backward
        return out


class InfWriteScalar(Scalar):
    """Bug: ``__mul__``'s ``_backward`` writes inf into its first input's grad."""

    def __mul__(self, other):
        other = self._wrap(other)
        out = type(self)(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += math.inf
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    __rmul__ = __mul__


class SinScalar(Scalar):
    """foreign_engines.Scalar (a user's own Value) plus ``sin``, an op the op table lacks."""

    op_name = "sin"

    def sin(self):
        """Sine: unknown to the op table, re-run through this method by the check."""
        out = type(self)(math.sin(self.data), (self,), self.op_name)

        def _backward():
            self.grad += self._sin_slope() * out.grad

        out._backward = _backward
        return out

    def _sin_slope(self):
        return math.cos(self.data)


class SinBugScalar(SinScalar):
    """Bug: sin's local derivative written as ``sin`` instead of ``cos``."""

    def _sin_slope(self):
        return math.sin(self.data)


class HiddenSinScalar(SinScalar):
    """Its op string ``'sine'`` names no method, so its forward cannot be re-run."""

    op_name = "sine"


class HiddenPowerScalar(Scalar):
    """``'pow'`` with one input and the exponent kept nowhere gradstep can see it."""

    def __pow__(self, k):
        out = super().__pow__(k)
        out._op = "pow"
        return out


def sine_of_product(cls):
    """``out = sin(x*w) * k`` with ``cls`` (a SinScalar), backward already run."""
    x = cls(0.7, label="x")
    w = cls(2.0, label="w")
    s = (x * w).sin()
    s.label = "s"
    out = s * cls(3.0, label="k")
    out.backward()
    return out
