"""The scalar autograd engine: micrograd's Value, with stable child order and no cycles.

Every op has the same small shape: compute ``out``, attach its backward rule, return.
A rule is a plain function of ``out`` that finds the op's inputs in ``out``'s two input
slots, shared by every node the op makes. Unlike micrograd's closure over ``out`` (a
reference cycle per node), nothing references itself, so each step's graph is freed by
reference counting alone; and as an op makes no function and no tuple, the cyclic garbage
collector, which still scans the live graph as it grows, has one object per node to look at.
"""

from __future__ import annotations

import itertools
import math
import numbers
from collections.abc import Callable, Iterable

from engine.autograd.floats import safe_div as _safe_div
from engine.autograd.floats import safe_exp as _safe_exp
from engine.autograd.floats import safe_log as _safe_log
from engine.autograd.floats import safe_pow as _safe_pow
from engine.autograd.topo import MANY as _MANY
from engine.autograd.topo import inputs as _inputs
from engine.autograd.topo import topological_order

# Read with next(): calling count's __next__ method wrapper costs about 75 instructions more.
_ids = itertools.count()


def _set_inputs(node: Value, children: Iterable[Value]) -> None:
    """Store ``children`` in the slots ``Value._prev`` reads (for a graph edited by hand)."""
    kids = tuple(children)
    node._a, node._b = (kids, _MANY) if len(kids) > 2 else (*kids, None, None)[:2]


def _as_value(x: Value | float) -> Value:
    return x if isinstance(x, Value) else Value(x)


class Value:
    """A scalar in a computation graph: its data, its gradient and the op that made it."""

    # The inputs live in two slots, _a and _b, not in a tuple: a tuple per node would double
    # the objects the cyclic collector tracks and scans. ``_prev`` gives them as micrograd's
    # tuple; a node of three or more inputs keeps that tuple in _a, with _b = _MANY.
    __slots__ = (
        "__weakref__",
        "_a",
        "_b",
        "_grad_fn",
        "_id",
        "_mark",
        "_op",
        "data",
        "grad",
        "label",
    )

    def __init__(
        self,
        data: float,
        _children: tuple[Value, ...] = (),
        _op: str = "",
        label: str = "",
    ):
        arity = len(_children)
        if arity == 2:
            self._a, self._b = _children
        elif arity == 1:
            self._a, self._b = _children[0], None
        elif arity:
            self._a, self._b = _children, _MANY
        else:
            if not isinstance(data, (float, int)):
                data = _checked_number(data, label)
            self._a = self._b = None
        self.data = data
        self.grad = 0.0
        self.label = label
        self._op = _op
        self._grad_fn: Callable[[Value], None] | None = None
        self._id = next(_ids)
        self._mark: object = None  # set by topological_order to its visited mark

    #: The inputs in order, micrograd's ``_prev`` (a tuple, so the order is stable).
    _prev = property(_inputs, _set_inputs)

    def __repr__(self) -> str:
        name = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data}, grad={self.grad}{name})"

    def _backward(self) -> None:
        """Push this node's grad into its children (micrograd's per-node step)."""
        if self._grad_fn is not None:
            self._grad_fn(self)

    # ----------------------------------------------------------------- binary ops

    def __add__(self, other: Value | float) -> Value:
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")
        out._grad_fn = _add_backward
        return out

    def __sub__(self, other: Value | float) -> Value:
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data - other.data, (self, other), "-")
        out._grad_fn = _sub_backward
        return out

    def __mul__(self, other: Value | float) -> Value:
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")
        out._grad_fn = _mul_backward
        return out

    def __truediv__(self, other: Value | float) -> Value:
        other = _as_value(other)
        out = Value(_safe_div(self.data, other.data), (self, other), "/")
        out._grad_fn = _div_backward
        return out

    def __pow__(self, other: float) -> Value:
        if isinstance(other, bool) or not isinstance(other, (int, float)):
            raise TypeError(f"only int/float exponents are supported, got {type(other).__name__}")
        out = Value(_safe_pow(self.data, other), (self,), f"**{other}")

        # The exponent is not a node, so this one rule is a closure that remembers it.
        def _backward(out: Value) -> None:
            self.grad += other * _safe_pow(self.data, other - 1) * out.grad

        out._grad_fn = _backward
        return out

    def __neg__(self) -> Value:
        out = Value(-self.data, (self,), "neg")
        out._grad_fn = _neg_backward
        return out

    def __radd__(self, other: float) -> Value:
        return _as_value(other) + self

    def __rsub__(self, other: float) -> Value:
        return _as_value(other) - self

    def __rmul__(self, other: float) -> Value:
        return _as_value(other) * self

    def __rtruediv__(self, other: float) -> Value:
        return _as_value(other) / self

    # ------------------------------------------------------------------ unary ops

    def tanh(self) -> Value:
        """Hyperbolic tangent."""
        out = Value(math.tanh(self.data), (self,), "tanh")
        out._grad_fn = _tanh_backward
        return out

    def exp(self) -> Value:
        """Raise e to the power of this value."""
        out = Value(_safe_exp(self.data), (self,), "exp")
        out._grad_fn = _exp_backward
        return out

    def log(self) -> Value:
        """Natural logarithm (nan below zero, -inf at zero, as IEEE and PyTorch give)."""
        out = Value(_safe_log(self.data), (self,), "log")
        out._grad_fn = _log_backward
        return out

    def relu(self) -> Value:
        """max(0, x), with derivative 0 at 0 as micrograd and PyTorch use."""
        out = Value(self.data if self.data > 0 else 0.0, (self,), "relu")
        out._grad_fn = _relu_backward
        return out

    def sigmoid(self) -> Value:
        """The logistic function 1 / (1 + e^-x), computed without overflow."""
        x = self.data
        if x >= 0:
            s = 1.0 / (1.0 + math.exp(-x))
        else:
            e = _safe_exp(x)
            s = e / (1.0 + e)
        out = Value(s, (self,), "sigmoid")
        out._grad_fn = _sigmoid_backward
        return out

    # ------------------------------------------------------------------- backward

    def backward(self) -> None:
        """Set this node's grad to 1 and run every ``_backward`` in reverse topological order."""
        topo = topological_order(self)
        self.grad = 1.0
        for node in reversed(topo):
            grad_fn = node._grad_fn
            if grad_fn is not None:
                grad_fn(node)


# Backward rules: ``rule(out)`` adds out's share of the gradient to each input's grad.
# ``self, other = out._a, out._b`` names the inputs as micrograd's closures do (it is
# ``out._prev`` without the property's call); for ``a + a`` both are ``a``, so it receives
# both contributions.


def _add_backward(out: Value) -> None:
    self, other = out._a, out._b
    self.grad += out.grad
    other.grad += out.grad


def _sub_backward(out: Value) -> None:
    self, other = out._a, out._b
    self.grad += out.grad
    other.grad -= out.grad


def _mul_backward(out: Value) -> None:
    self, other = out._a, out._b
    self.grad += other.data * out.grad
    other.grad += self.data * out.grad


def _div_backward(out: Value) -> None:
    self, other = out._a, out._b
    self.grad += _safe_div(1.0, other.data) * out.grad
    other.grad += -_safe_div(out.data, other.data) * out.grad


def _neg_backward(out: Value) -> None:
    self = out._a
    self.grad -= out.grad


def _tanh_backward(out: Value) -> None:
    self = out._a
    t = out.data
    self.grad += (1 - t**2) * out.grad


def _exp_backward(out: Value) -> None:
    self = out._a
    self.grad += out.data * out.grad


def _log_backward(out: Value) -> None:
    self = out._a
    self.grad += _safe_div(1.0, self.data) * out.grad


def _relu_backward(out: Value) -> None:
    self = out._a
    self.grad += (out.data > 0) * out.grad


def _sigmoid_backward(out: Value) -> None:
    self = out._a
    s = out.data
    self.grad += s * (1 - s) * out.grad


def _checked_number(data: object, label: str) -> float:
    if isinstance(data, numbers.Real) and not isinstance(data, bool):
        return float(data)
    name = f" {label!r}" if label else ""
    raise TypeError(f"Value{name} needs a real number, got {type(data).__name__} {data!r}")


def zero_grad(values: Iterable[Value]) -> None:
    """Set the grad of every given value to 0."""
    for v in values:
        v.grad = 0.0


def zero_graph_grad(root: Value) -> None:
    """Set the grad of every node below ``root`` (and of ``root``) to 0."""
    zero_grad(topological_order(root))
