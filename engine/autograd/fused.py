"""A neuron's ``sum(w * x, b)`` made without Value's operators: the same nodes, in the same order.

Nearly every node of an MLP's graph is a ``*`` or a ``+`` of a neuron's weighted sum (64,000 of
the 65,818 in micrograd's moons step). Made by ``w * x`` and ``sum``, each costs an operator
dispatch into ``Value.__mul__``/``__add__``, a ``_children`` tuple, a class call and an
``__init__`` frame; made here, one plain call that fills the slots, about a third of that. The
nodes are those ``Value.__mul__`` and ``Value.__add__`` make (same data to the bit, inputs,
op, rule, label, ids in creation order), so the drawn graph, the steps and the grads are the
same; the op methods stay micrograd's readable shape, and the code panel shows them.
"""

from __future__ import annotations

from collections.abc import Iterable

from engine.autograd.value import Value, _add_backward, _ids, _mul_backward

# Value(...) goes through type.__call__, slot_tp_init and an __init__ frame; this skips them.
_new_value = object.__new__


def weighted_sum(weights: Iterable[Value], inputs: Iterable[Value | float], bias: Value) -> Value:
    """The nodes of ``sum((wi * xi for wi, xi in zip(weights, inputs)), bias)``, one by one."""
    total = bias
    for w, x in zip(weights, inputs, strict=False):  # as map, stops at the shorter
        # Only plain Values are known to take Value.__mul__/__add__: a number (made a leaf
        # first) or a subclass (whose reflected op may win) goes through the operators.
        if type(w) is not Value or type(x) is not Value or type(total) is not Value:
            total = total + w * x
            continue
        # Each node's slots are filled here, not by a helper: a call per node costs about
        # as much again as filling it (about 15% of the moons step). These two are
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
