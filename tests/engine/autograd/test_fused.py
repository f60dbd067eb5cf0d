"""weighted_sum: node for node what ``sum(w * x, b)`` makes with Value's operators."""

import operator

import pytest

from engine.autograd.fused import weighted_sum
from engine.autograd.topo import topological_order
from engine.autograd.value import Value


def _by_operators(w, x, b):
    return sum(map(operator.mul, w, x), b)


def _shape(root):
    """Every node below root as (op, data bits, label, grad rule, inputs' positions), by id."""
    nodes = sorted(topological_order(root), key=lambda v: v._id)
    first = nodes[0]._id
    place = {id(v): v._id - first for v in nodes}
    return [
        (
            v._op,
            float(v.data).hex(),  # to the bit, the sign of a zero included
            v.label,
            v._grad_fn,
            tuple(place[id(c)] for c in v._prev),
            v._id - first,
        )
        for v in nodes
    ]


def _grads(root):
    return [float(v.grad).hex() for v in sorted(topological_order(root), key=lambda v: v._id)]


def _fresh(weights, inputs, bias):
    """New leaves for one build (ids then follow one run's creation order)."""
    w = [Value(v) for v in weights]
    x = [Value(v) if isinstance(v, float) else v for v in inputs]
    return w, x, Value(bias)


@pytest.mark.parametrize(
    "inputs",
    [
        [0.5, -2.0, 3.25],
        [1e-300, -0.0, 7.0],  # a product that underflows, a negative zero
    ],
)
def test_the_nodes_ids_and_grads_are_those_the_operators_make(inputs):
    weights, bias = [0.3, -1.7, 2.2], -0.9
    ours = weighted_sum(*_fresh(weights, inputs, bias))
    theirs = _by_operators(*_fresh(weights, inputs, bias))
    assert _shape(ours) == _shape(theirs)
    ours.backward()
    theirs.backward()
    assert _grads(ours) == _grads(theirs)


def test_plain_numbers_become_leaves_before_their_product_as_with_the_operator():
    w = [Value(2.0), Value(-3.0)]
    ours = weighted_sum(w, [1.5, 4], Value(0.5))
    w2 = [Value(2.0), Value(-3.0)]
    theirs = _by_operators(w2, [1.5, 4], Value(0.5))
    assert _shape(ours) == _shape(theirs)
    assert [c._op for c in ours._prev] == ["+", "*"]


def test_a_number_after_values_hands_the_rest_to_the_operators_in_order():
    inputs = [0.5, -2.0, 3.25]

    def build():
        w, x, b = _fresh([0.3, -1.7, 2.2], inputs, 1.0)
        x[1] = -2.0  # a plain number between two Values
        return w, x, b

    ours, theirs = weighted_sum(*build()), _by_operators(*build())
    assert _shape(ours) == _shape(theirs)
    assert ours.data == theirs.data


def test_a_value_subclass_keeps_its_own_reflected_operator():
    class Scaled(Value):
        __slots__ = ()

        def __rmul__(self, other):
            return Value.__mul__(Value(100.0), self)

    out = weighted_sum([Value(2.0)], [Scaled(3.0)], Value(1.0))
    assert out.data == 301.0


def test_no_inputs_give_the_bias_itself():
    b = Value(1.5)
    assert weighted_sum([], [], b) is b
