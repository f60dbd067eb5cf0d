"""Seed 003's tree classes on Values: same construction, forward and gradients as the article."""

import math

import pytest

from engine.autograd.graph import Graph
from engine.autograd.tree_nodes import Add, Input, Multiply, Parameter, ReLU, Sigmoid


def test_linear_classifier_is_built_exactly_as_in_seed_003():
    model = Add([Multiply([Parameter(), Input()]), Parameter()])
    w, b = model.parameters()
    assert -1 <= w.data <= 1 and -1 <= b.data <= 1
    out = model.predict([2.0])
    assert out.data == pytest.approx(w.data * 2.0 + b.data)


def test_forward_reuses_parameter_values_across_passes():
    model = Add([Multiply([Parameter(value=0.5, label="w"), Input(label="x")])])
    first = model.predict([1.0])
    second = model.predict([3.0])
    assert first._prev[0] is second._prev[0]  # the same w Value
    assert second.data == 1.5


def test_gradients_match_seed_003s_hand_written_grad_methods():
    w, x, b = Parameter(value=-0.7, label="w"), Input(value=2.0, label="x"), Parameter(value=0.4)
    model = Sigmoid([Add([Multiply([w, x]), b])])
    out = model.forward()
    out.backward()
    s = 1 / (1 + math.exp(-(-0.7 * 2.0 + 0.4)))
    # Sigmoid.grad = s*(1-s); Add.grad = 1; Multiply.grad of w = the other factor, x
    assert w.node.grad == pytest.approx(s * (1 - s) * 2.0)
    assert b.node.grad == pytest.approx(s * (1 - s))
    assert x.node.grad == pytest.approx(s * (1 - s) * -0.7)


def test_relu_blocks_the_gradient_below_zero():
    p = Parameter(value=-1.0)
    out = ReLU([Multiply([p, Input(value=3.0)])]).forward()
    out.backward()
    assert out.data == 0.0
    assert p.node.grad == 0.0


def test_multiply_and_add_of_three_children_chain_binary_ops():
    model = Multiply(
        [Input(value=2.0), Input(value=3.0), Add([Input(value=1.0)] * 1 + [Input(value=4.0)])]
    )
    out = model.forward()
    assert out.data == 30.0
    assert Graph.from_root(out).ops.count("*") == 2


def test_predict_refuses_the_wrong_number_of_inputs():
    model = Add([Input(), Input()])
    with pytest.raises(ValueError, match="1 inputs for 2 Input nodes"):
        model.predict([1.0])


def test_find_input_nodes_goes_left_to_right():
    a, b = Input(label="a"), Input(label="b")
    model = Add([Multiply([Parameter(), a]), ReLU([b])])
    assert model.find_input_nodes() == [a, b]
