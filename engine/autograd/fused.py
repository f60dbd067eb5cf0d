"""A neuron's ``sum(w * x, b)`` made without Value's operators: the same nodes, in the same order.

Nearly every node of an MLP's graph is a ``*`` or a ``+`` of a neuron's weighted sum (64,000 of
the 65,818 in micrograd's moons step). Made by ``w * x`` and ``sum``, each costs an operator
dispatch into ``Value.__mul__``/``__add__``, a ``_children`` tuple, a class call and an
``__init__`` frame; made here, with its slots filled in place, about half the instructions. The
nodes are those ``Value.__mul__`` and ``Value.__add__`` make (same data to the bit, inputs,
op, rule, label, ids in creation order), so the drawn graph, the steps and the grads are the
same; the op methods stay micrograd's readable shape, and the code panel shows them.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from itertools import chain, starmap

from engine.autograd.value import Value, _add_backward, _ids, _mul_backward

# Value(...) goes through type.__call__, slot_tp_init and an __init__ frame; this skips them.
_new_value = object.__new__


def weighted_sum(weights: Sequence[Value], inputs: Sequence[Value | float], bias: Value) -> Value:
    """The nodes of ``sum((wi * xi for wi, xi in zip(weights, inputs)), bias)``, one by one."""
    if type(bias) is not Value:
        return sum(map(operator.mul, weights, inputs), bias)
    total = bias
    pairs = zip(weights, inputs)  # noqa: B905 (as map, stops at the shorter; a keyword costs a dict)
    for w, x in pairs:
        if type(w) is not Value or type(x) is not Value:
            # Only plain Values are known to take Value.__mul__/__add__: a number (made a
            # leaf first) or a subclass (whose reflected op may win) and every later pair
            # go through the operators, as sum() would take them.
            return sum(starmap(operator.mul, chain([(w, x)], pairs)), total)
        # Each node's slots are filled here, not by a helper: a call per node would cost
        # 30 M instructions more on the moons step (7% of it). These two are
        # Value(w.data * x.data, (w, x), "*") and Value(total.data + product.data, ...).
        product = _new_value(Value)
        product.data = w.data * x.data
        product.grad = 0.0
        product.label = ""
        product._op = "*"
        product._a = w
        product._b = x
        product._grad_fn = _mul_backward
        product._id = next(_ids)
        product._mark = None
        node = _new_value(Value)
        node.data = total.data + product.data
        node.grad = 0.0
        node.label = ""
        node._op = "+"
        node._a = total
        node._b = product
        node._grad_fn = _add_backward
        node._id = next(_ids)
        node._mark = None
        total = node
    return total
