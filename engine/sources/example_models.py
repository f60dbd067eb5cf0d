"""The seeds' models as built-in examples: one loss each, with its parameters and learning rate."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from engine.autograd.losses import sum_squared_error, svm_loss
from engine.autograd.nn import MLP
from engine.autograd.value import Value
from engine.sources.built import BuiltGraph
from engine.sources.datasets import (
    HOUSE_PRICE_B0,
    HOUSE_PRICE_LR,
    HOUSE_PRICE_W0,
    house_price_training_set,
    lecture_data,
    make_moons,
    signed_labels,
    xor_data,
)

if TYPE_CHECKING:
    from engine.autograd.tree_nodes import Add

LECTURE_SEED = 0
LECTURE_LR = 0.1
XOR_SEED = 0
XOR_LR = 1.0  # seed 001 adds -dL/dW unscaled: ``weights += d_weights``
MOONS_SEED = 1337  # micrograd's demo seeds numpy and random with 1337
MOONS_LR = 1.0  # the first step of the demo's schedule 1.0 - 0.9*k/100


def build_house_price() -> BuiltGraph:
    """Seed 002's perceptron on its one training house: ``loss = (b + w*x - y)**2``."""
    (x_row,), (target,) = house_price_training_set()
    w = Value(HOUSE_PRICE_W0, label="w")
    b = Value(HOUSE_PRICE_B0, label="b")
    x = Value(x_row[0], label="bedrooms")
    # seed 002's model starts its sum at the bias: cumulative_sum = bias, then plus(w*x)
    wx = w * x
    wx.label = "w*x"
    pred = b + wx
    pred.label = "pred"
    error = pred - target
    error.label = "error"
    error._prev[1].label = "price"  # the target, 1.0 = $100,000
    loss = error**2
    loss.label = "loss"
    return BuiltGraph(
        loss,
        (w, b),
        HOUSE_PRICE_LR,
        note=f"loss = {loss.data!r} (seed 002's epoch 0: 3.2761); one update gives 2.096704",
    )


def build_lecture_mlp() -> BuiltGraph:
    """Seed 000's MLP(3, [4, 4, 1]) and its squared-error loss over the four samples."""
    xs, ys = lecture_data()
    model = MLP(3, [4, 4, 1], seed=LECTURE_SEED)
    inputs = [[Value(v, label=f"x{i}[{j}]") for j, v in enumerate(row)] for i, row in enumerate(xs)]
    ypred = [model(x) for x in inputs]
    for i, y in enumerate(ypred):
        y.label = f"ypred{i}"
    loss = sum_squared_error(ypred, ys)
    loss.label = "loss"
    params = model.parameters()
    return BuiltGraph(
        loss, params, LECTURE_LR, note=f"{len(params)} parameters, loss = {loss.data:.6g}"
    )


def build_xor_network() -> BuiltGraph:
    """Seed 001's two-layer sigmoid network (3-4-1, no biases) and its sum-of-squares loss."""
    xs, ys = xor_data()
    rng = random.Random(XOR_SEED)  # seed 001 draws np.random.rand: uniform [0, 1)
    w1 = [[Value(rng.random(), label=f"W1[{j},{k}]") for k in range(4)] for j in range(3)]
    w2 = [Value(rng.random(), label=f"W2[{k}]") for k in range(4)]
    terms = []
    for i, row in enumerate(xs):
        x = [Value(v, label=f"X[{i},{j}]") for j, v in enumerate(row)]
        layer1 = [_dot(x, [w1[j][k] for j in range(3)]).sigmoid() for k in range(4)]
        for k, h in enumerate(layer1):
            h.label = f"layer1[{i},{k}]"
        out = _dot(layer1, w2).sigmoid()
        out.label = f"output[{i}]"
        residual = ys[i] - out
        residual._prev[0].label = f"y[{i}]"
        terms.append(residual**2)
    loss = terms[0]
    for term in terms[1:]:
        loss = loss + term
    loss.label = "loss"
    params = [w for row in w1 for w in row] + w2
    return BuiltGraph(loss, params, XOR_LR, note=f"sum of squares = {loss.data:.6g}")


def _dot(xs: list[Value], ws: list[Value]) -> Value:
    """``sum(x*w)`` started at the first product, as np.dot adds them."""
    total = xs[0] * ws[0]
    for x, w in zip(xs[1:], ws[1:], strict=True):
        total = total + x * w
    return total


def build_tree_linear() -> BuiltGraph:
    """Seed 003's linear classifier ``Add([Multiply([Parameter(), Input()]), Parameter()])``."""
    # Imported here, not with this module: the tree's seven dataclasses compile their methods
    # at import (~10 M instructions), and every launch imports the examples, few build a tree
    from engine.autograd.tree_nodes import Add, Input, Multiply, Parameter  # noqa: PLC0415

    model = Add([Multiply([Parameter(value=0.6, label="w"), Input(label="x")]),
                 Parameter(value=-0.2, label="b")])  # fmt: skip
    return _tree_loss(model, [1.5], 1.0)


def build_tree_two_layer() -> BuiltGraph:
    """Seed 003's ``w2 * relu(w1*x + b1) + b2`` as a tree of Add, Multiply, ReLU nodes."""
    from engine.autograd.tree_nodes import Add, Input, Multiply, Parameter, ReLU  # noqa: PLC0415

    hidden = Add([Multiply([Parameter(value=0.8, label="w1"), Input(label="x")]),
                  Parameter(value=-0.3, label="b1")])  # fmt: skip
    model = Add([Multiply([Parameter(value=1.5, label="w2"), ReLU([hidden])]),
                 Parameter(value=0.1, label="b2")])  # fmt: skip
    return _tree_loss(model, [2.0], 2.5)


def _tree_loss(model: Add, inputs: list[float], target: float) -> BuiltGraph:
    """Squared error of the tree's prediction; seed 003's Parameter learning rate 0.01."""
    pred = model.predict(inputs)
    pred.label = "pred"
    error = pred - target
    error._prev[1].label = "target"
    loss = error**2
    loss.label = "loss"
    return BuiltGraph(
        loss, model.parameters(), 0.01, note=f"pred = {pred.data:.6g}, target {target}"
    )


def build_moons() -> BuiltGraph:
    """The micrograd demo: MLP(2, [16, 16, 1]) on 100 moons, full-batch SVM loss + L2."""
    points, labels = make_moons(n_samples=100, noise=0.1, seed=MOONS_SEED)
    model = MLP(2, [16, 16, 1], ("relu", "relu", "linear"), seed=MOONS_SEED)
    inputs = [[Value(float(v), label=f"x{i}[{j}]") for j, v in enumerate(row)]
              for i, row in enumerate(points)]  # fmt: skip
    scores = [model(x) for x in inputs]
    loss, accuracy = svm_loss(scores, signed_labels(labels), model.parameters(), alpha=1e-4)
    loss.label = "loss"
    params = model.parameters()
    return BuiltGraph(
        loss,
        params,
        MOONS_LR,
        note=f"{len(params)} parameters, loss = {loss.data:.6g}, accuracy = {accuracy:.0%}",
    )
