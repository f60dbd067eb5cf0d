"""Loss functions: seed 000's SSE, seed 002's MSE, micrograd's SVM loss, binary cross-entropy."""

import math

import pytest

from engine.autograd.graph import Graph
from engine.autograd.losses import (
    binary_cross_entropy,
    mean_squared_error,
    sum_squared_error,
    svm_loss,
)
from engine.autograd.value import Value


def test_sse_is_the_sum_of_squared_differences():
    preds = [Value(0.5), Value(-2.0)]
    loss = sum_squared_error(preds, [1.0, -1.0])
    assert loss.data == 0.25 + 1.0
    loss.backward()
    assert [p.grad for p in preds] == [2 * (0.5 - 1.0), 2 * (-2.0 + 1.0)]


def test_sse_graph_has_no_constant_zero_node():
    loss = sum_squared_error([Value(0.5), Value(-2.0)], [1.0, -1.0])
    graph = Graph.from_root(loss)
    assert not any(graph.ops[i] == "" and n.data == 0 for i, n in enumerate(graph.nodes))


def test_mse_divides_by_the_number_of_samples():
    preds = [Value(1.0), Value(3.0), Value(0.0)]
    loss = mean_squared_error(preds, [0.0, 1.0, 0.0])
    assert loss.data == pytest.approx(5.0 / 3)
    loss.backward()
    assert preds[1].grad == pytest.approx(2 * 2.0 / 3)


def test_svm_loss_is_mean_hinge_plus_l2_and_reports_accuracy():
    scores = [Value(2.0), Value(0.5), Value(-0.25)]
    w = Value(3.0)
    loss, accuracy = svm_loss(scores, [1.0, 1.0, 1.0], [w], alpha=1e-4)
    hinge = (0.0 + 0.5 + 1.25) / 3
    assert loss.data == pytest.approx(hinge + 1e-4 * 9.0)
    assert accuracy == pytest.approx(2 / 3)
    loss.backward()
    assert [s.grad for s in scores] == pytest.approx([0.0, -1 / 3, -1 / 3])
    assert w.grad == pytest.approx(2e-4 * 3.0)


def test_svm_loss_without_parameters_has_no_regularisation():
    loss, accuracy = svm_loss([Value(-3.0)], [-1.0])
    assert (loss.data, accuracy) == (0.0, 1.0)


def test_binary_cross_entropy_matches_its_formula_and_gradient():
    logits = [Value(0.3), Value(-1.2)]
    probs = [z.sigmoid() for z in logits]
    loss = binary_cross_entropy(probs, [1.0, 0.0])
    p0, p1 = probs[0].data, probs[1].data
    assert loss.data == pytest.approx(-(math.log(p0) + math.log(1 - p1)) / 2, rel=1e-9)
    loss.backward()
    # Through a sigmoid the gradient on the logit is (p - y) / n.
    assert logits[0].grad == pytest.approx((p0 - 1.0) / 2, rel=1e-6)
    assert logits[1].grad == pytest.approx((p1 - 0.0) / 2, rel=1e-6)


def test_binary_cross_entropy_accepts_soft_targets():
    p = Value(0.25)
    loss = binary_cross_entropy([p], [0.5])
    assert loss.data == pytest.approx(-(0.5 * math.log(0.25) + 0.5 * math.log(0.75)), rel=1e-9)


def test_binary_cross_entropy_of_a_saturated_sigmoid_is_finite():
    z = Value(800.0)
    loss = binary_cross_entropy([z.sigmoid()], [0.0])
    loss.backward()
    assert math.isfinite(loss.data)
    assert loss.data > 20
    assert not math.isnan(z.grad)


@pytest.mark.parametrize("loss_fn", [sum_squared_error, mean_squared_error, binary_cross_entropy])
def test_losses_refuse_mismatched_or_empty_inputs(loss_fn):
    with pytest.raises(ValueError, match="2 predictions for 1 targets"):
        loss_fn([Value(0.5), Value(0.5)], [1.0])
    with pytest.raises(ValueError, match="at least one"):
        loss_fn([], [])
