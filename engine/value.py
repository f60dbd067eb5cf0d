"""The scalar autograd engine: micrograd's Value, with stable child order and no cycles.

Every op has the same small shape: compute ``out``, define ``_backward``, attach it,
return. Unlike micrograd, ``_backward`` receives ``out`` as its argument instead of
capturing it, so a node never references itself and each step's graph is freed by
reference counting alone (no cyclic garbage collector pass).
"""

from __future__ import annotations

import itertools
import math
import numbers
from collections.abc import Callable, Iterable

_next_id = itertools.count().__next__


def _as_value(x: Value | float) -> Value:
    return x if isinstance(x, Value) else Value(x)


def _safe_pow(base: float, exponent: float) -> float:
    """``base ** exponent`` with IEEE results (inf, nan) where Python would raise."""
    try:
        result = base**exponent
    except ZeroDivisionError:
        return math.inf
    except OverflowError:
        return math.inf
    return math.nan if isinstance(result, complex) else result


def _safe_div(a: float, b: float) -> float:
    """``a / b`` with IEEE results for a zero divisor, as PyTorch gives them."""
    try:
        return a / b
    except ZeroDivisionError:
        if a == 0 or math.isnan(a):
            return math.nan
        return math.copysign(math.inf, a) * math.copysign(1.0, b)


def _safe_exp(x: float) -> float:
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


def _safe_log(x: float) -> float:
    if x > 0:
        return math.log(x)
    return -math.inf if x == 0 else math.nan


class Value:
    """A scalar in a computation graph: its data, its gradient and the op that made it."""

    __slots__ = ("__weakref__", "_grad_fn", "_id", "_op", "_prev", "data", "grad", "label")

    def __init__(
        self,
        data: float,
        _children: tuple[Value, ...] = (),
        _op: str = "",
        label: str = "",
    ):
        if not _children and not isinstance(data, (float, int)):
            data = _checked_number(data, label)
        self.data = data
        self.grad = 0.0
        self.label = label
        self._prev = _children
        self._op = _op
        self._grad_fn: Callable[[Value], None] | None = None
        self._id = _next_id()

    def __repr__(self) -> str:
        name = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data}, grad={self.grad}{name})"

    def _backward(self) -> None:
        """Push this node's grad into its children (micrograd's per-node step)."""
        if self._grad_fn is not None:
            self._grad_fn(self)

    # ----------------------------------------------------------------- binary ops

    def __add__(self, other: Value | float) -> Value:
        other = _as_value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward(out: Value) -> None:
            self.grad += out.grad
            other.grad += out.grad

        out._grad_fn = _backward
        return out

    def __sub__(self, other: Value | float) -> Value:
        other = _as_value(other)
        out = Value(self.data - other.data, (self, other), "-")

        def _backward(out: Value) -> None:
            self.grad += out.grad
            other.grad -= out.grad

        out._grad_fn = _backward
        return out

    def __mul__(self, other: Value | float) -> Value:
        other = _as_value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward(out: Value) -> None:
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._grad_fn = _backward
        return out

    def __truediv__(self, other: Value | float) -> Value:
        other = _as_value(other)
        out = Value(_safe_div(self.data, other.data), (self, other), "/")

        def _backward(out: Value) -> None:
            self.grad += _safe_div(1.0, other.data) * out.grad
            other.grad += -_safe_div(out.data, other.data) * out.grad

        out._grad_fn = _backward
        return out

    def __pow__(self, other: float) -> Value:
        if isinstance(other, bool) or not isinstance(other, (int, float)):
            raise TypeError(f"only int/float exponents are supported, got {type(other).__name__}")
        out = Value(_safe_pow(self.data, other), (self,), f"**{other}")

        def _backward(out: Value) -> None:
            self.grad += other * _safe_pow(self.data, other - 1) * out.grad

        out._grad_fn = _backward
        return out

    def __neg__(self) -> Value:
        out = Value(-self.data, (self,), "neg")

        def _backward(out: Value) -> None:
            self.grad -= out.grad

        out._grad_fn = _backward
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
        t = math.tanh(self.data)
        out = Value(t, (self,), "tanh")

        def _backward(out: Value) -> None:
            self.grad += (1 - t**2) * out.grad

        out._grad_fn = _backward
        return out

    def exp(self) -> Value:
        """Raise e to the power of this value."""
        out = Value(_safe_exp(self.data), (self,), "exp")

        def _backward(out: Value) -> None:
            self.grad += out.data * out.grad

        out._grad_fn = _backward
        return out

    def log(self) -> Value:
        """Natural logarithm (nan below zero, -inf at zero, as IEEE and PyTorch give)."""
        out = Value(_safe_log(self.data), (self,), "log")

        def _backward(out: Value) -> None:
            self.grad += _safe_div(1.0, self.data) * out.grad

        out._grad_fn = _backward
        return out

    def relu(self) -> Value:
        """max(0, x), with derivative 0 at 0 as micrograd and PyTorch use."""
        out = Value(self.data if self.data > 0 else 0.0, (self,), "relu")

        def _backward(out: Value) -> None:
            self.grad += (out.data > 0) * out.grad

        out._grad_fn = _backward
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

        def _backward(out: Value) -> None:
            self.grad += s * (1 - s) * out.grad

        out._grad_fn = _backward
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


def _checked_number(data: object, label: str) -> float:
    if isinstance(data, numbers.Real) and not isinstance(data, bool):
        return float(data)
    name = f" {label!r}" if label else ""
    raise TypeError(f"Value{name} needs a real number, got {type(data).__name__} {data!r}")


def topological_order(root: Value) -> list[Value]:
    """The nodes below ``root`` in micrograd's ``build_topo`` order, without recursion."""
    topo: list[Value] = []
    visited = {root}
    stack = [(root, iter(root._prev))]
    while stack:
        node, children = stack[-1]
        for child in children:
            if child not in visited:
                visited.add(child)
                stack.append((child, iter(child._prev)))
                break
        else:
            stack.pop()
            topo.append(node)
    return topo


def zero_grad(values: Iterable[Value]) -> None:
    """Set the grad of every given value to 0."""
    for v in values:
        v.grad = 0.0


def zero_graph_grad(root: Value) -> None:
    """Set the grad of every node below ``root`` (and of ``root``) to 0."""
    zero_grad(topological_order(root))
