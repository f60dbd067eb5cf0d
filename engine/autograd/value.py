"""The scalar autograd engine: micrograd's Value, with stable child order and no cycles.

Every op has the same small shape: compute ``out``, attach its backward rule, return.
A rule is a plain function of ``out`` that finds the op's inputs in ``out._prev``, shared
by every node the op makes. Unlike micrograd's closure over ``out`` (a reference cycle per
node), nothing references itself, so each step's graph is freed by reference counting
alone; and as no function object is made per node, the cyclic garbage collector, which
still scans the live graph as it grows, has a third as many objects to look at.
"""

from __future__ import annotations

import itertools
import math
import numbers
import threading
from collections.abc import Callable, Iterable, Iterator

from engine.autograd.floats import safe_div as _safe_div
from engine.autograd.floats import safe_exp as _safe_exp
from engine.autograd.floats import safe_log as _safe_log
from engine.autograd.floats import safe_pow as _safe_pow

_next_id = itertools.count().__next__
#: Held while a sort marks nodes: marks live on the nodes, so two sorts at once over shared
#: nodes would overwrite each other's and repeat nodes. Sorts are pure Python, one at a time
#: under the GIL anyway, so the lock costs one acquire per sort.
_SORTING = threading.Lock()


def _as_value(x: Value | float) -> Value:
    return x if isinstance(x, Value) else Value(x)


class Value:
    """A scalar in a computation graph: its data, its gradient and the op that made it."""

    __slots__ = ("__weakref__", "_grad_fn", "_id", "_mark", "_op", "_prev", "data", "grad", "label")

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
        self._mark: object = None  # set by topological_order to its visited mark

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
# ``self, other = out._prev`` names the inputs as micrograd's closures do; for ``a + a``
# both are ``a``, so it receives both contributions.


def _add_backward(out: Value) -> None:
    self, other = out._prev
    self.grad += out.grad
    other.grad += out.grad


def _sub_backward(out: Value) -> None:
    self, other = out._prev
    self.grad += out.grad
    other.grad -= out.grad


def _mul_backward(out: Value) -> None:
    self, other = out._prev
    self.grad += other.data * out.grad
    other.grad += self.data * out.grad


def _div_backward(out: Value) -> None:
    self, other = out._prev
    self.grad += _safe_div(1.0, other.data) * out.grad
    other.grad += -_safe_div(out.data, other.data) * out.grad


def _neg_backward(out: Value) -> None:
    (self,) = out._prev
    self.grad -= out.grad


def _tanh_backward(out: Value) -> None:
    (self,) = out._prev
    t = out.data
    self.grad += (1 - t**2) * out.grad


def _exp_backward(out: Value) -> None:
    (self,) = out._prev
    self.grad += out.data * out.grad


def _log_backward(out: Value) -> None:
    (self,) = out._prev
    self.grad += _safe_div(1.0, self.data) * out.grad


def _relu_backward(out: Value) -> None:
    (self,) = out._prev
    self.grad += (out.data > 0) * out.grad


def _sigmoid_backward(out: Value) -> None:
    (self,) = out._prev
    s = out.data
    self.grad += s * (1 - s) * out.grad


def _checked_number(data: object, label: str) -> float:
    if isinstance(data, numbers.Real) and not isinstance(data, bool):
        return float(data)
    name = f" {label!r}" if label else ""
    raise TypeError(f"Value{name} needs a real number, got {type(data).__name__} {data!r}")


def topological_order(root: Value) -> list[Value]:
    """The nodes below ``root`` in micrograd's ``build_topo`` order, without recursion.

    Safe from any thread: sorts that share nodes run one after the other.
    """
    # build_topo's call stack is kept in two lists: the nodes being visited and the
    # iterators over their children still to look at; ``todo`` is the top one's. Instead
    # of a visited set, a node visited by this call carries ``visited`` in ``_mark``: a
    # slot read is cheaper than hashing into a set that grows to the graph's size.
    topo: list[Value] = []
    visited = object()  # new each call: an earlier call's marks never match it
    with _SORTING:  # another thread's sort would re-mark shared nodes with its own object
        root._mark = visited
        nodes = [root]
        todo = iter(root._prev)
        suspended: list[Iterator[Value]] = []
        while True:
            for child in todo:
                if child._mark is not visited:
                    child._mark = visited
                    nodes.append(child)
                    suspended.append(todo)
                    todo = iter(child._prev)
                    break
            else:  # every child is visited: this node is done
                topo.append(nodes.pop())
                if not suspended:
                    return topo
                todo = suspended.pop()


def zero_grad(values: Iterable[Value]) -> None:
    """Set the grad of every given value to 0."""
    for v in values:
        v.grad = 0.0


def zero_graph_grad(root: Value) -> None:
    """Set the grad of every node below ``root`` (and of ``root``) to 0."""
    zero_grad(topological_order(root))
