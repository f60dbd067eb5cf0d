"""The model examples compute what the seeds' own code computes (numpy, micrograd, PyTorch)."""

import math

import numpy as np
import pytest

from engine.autograd.value import topological_order
from engine.sources.datasets import lecture_data, make_moons, signed_labels, xor_data
from engine.sources.examples import get_example


def by_label(built):
    return {v.label: v for v in topological_order(built.root) if v.label}


def test_xor_network_matches_seed_001s_numpy_feedforward_and_backprop():
    built = get_example("xor-network").build()
    nodes = by_label(built)
    w1 = np.array([[nodes[f"W1[{j},{k}]"].data for k in range(4)] for j in range(3)])
    w2 = np.array([[nodes[f"W2[{k}]"].data] for k in range(4)])
    xs, ys = xor_data()
    x, y = np.array(xs), np.array(ys).reshape(4, 1)

    def sigmoid(z):
        return 1 / (1 + np.exp(-z))

    def sigmoid_derivative(s):
        return s * (1 - s)

    layer1 = sigmoid(x @ w1)
    output = sigmoid(layer1 @ w2)
    assert built.root.data == pytest.approx(float(np.sum((y - output) ** 2)), rel=1e-12)
    # seed 001's backprop, verbatim: d_weights is minus the gradient (it is added to weights)
    d_weights2 = layer1.T @ (2 * (y - output) * sigmoid_derivative(output))
    d_weights1 = x.T @ (
        ((2 * (y - output) * sigmoid_derivative(output)) @ w2.T) * sigmoid_derivative(layer1)
    )
    built.root.backward()
    grad_w1 = np.array([[nodes[f"W1[{j},{k}]"].grad for k in range(4)] for j in range(3)])
    grad_w2 = np.array([[nodes[f"W2[{k}]"].grad] for k in range(4)])
    np.testing.assert_allclose(-grad_w1, d_weights1, rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(-grad_w2, d_weights2, rtol=1e-10, atol=1e-14)


def test_lecture_mlp_matches_pytorch_loss_and_gradients():
    torch = pytest.importorskip("torch")
    built = get_example("lecture-mlp").build()
    params = [torch.tensor(p.data, dtype=torch.float64, requires_grad=True) for p in built.params]
    xs, ys = lecture_data()
    it = iter(params)
    layers = []
    for nin, nout in ((3, 4), (4, 4), (4, 1)):
        layers.append([([next(it) for _ in range(nin)], next(it)) for _ in range(nout)])
    loss = 0
    for x, y in zip(xs, ys, strict=True):
        acts = [torch.tensor(v, dtype=torch.float64) for v in x]
        for layer in layers:
            acts = [
                torch.tanh(sum(w * a for w, a in zip(ws, acts, strict=True)) + b) for ws, b in layer
            ]
        loss = loss + (acts[0] - y) ** 2
    loss.backward()
    assert built.root.data == pytest.approx(loss.item(), rel=1e-12)
    built.root.backward()
    for ours, theirs in zip(built.params, params, strict=True):
        assert ours.grad == pytest.approx(theirs.grad.item(), rel=1e-9, abs=1e-12)


def test_moons_loss_matches_micrograds_own_demo_code():
    micrograd_engine = pytest.importorskip("micrograd.engine")
    micrograd_nn = pytest.importorskip("micrograd.nn")
    built = get_example("moons").build()
    model = micrograd_nn.MLP(2, [16, 16, 1])
    theirs = model.parameters()
    assert len(theirs) == len(built.params)
    for ours, their in zip(built.params, theirs, strict=True):
        their.data = ours.data
    points, labels = make_moons(n_samples=100, noise=0.1, seed=1337)
    yb = signed_labels(labels)
    # micrograd's demo.ipynb loss(), on the same points and weights
    inputs = [list(map(micrograd_engine.Value, row)) for row in points.tolist()]
    scores = list(map(model, inputs))
    losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(yb, scores, strict=True)]
    data_loss = sum(losses) * (1.0 / len(losses))
    reg_loss = 1e-4 * sum(p * p for p in model.parameters())
    total = data_loss + reg_loss
    assert built.root.data == pytest.approx(total.data, rel=1e-12)
    assert math.isfinite(built.root.data)
