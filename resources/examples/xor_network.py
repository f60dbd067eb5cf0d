"""Seed 001's two-layer network: output = sigmoid(sigmoid(X @ W1) @ W2), no biases.

X is the article's 4x3 table, y = [0, 1, 1, 0]; the loss is the sum of squares. Seed 001
adds d_weights = -dL/dW to the weights, which is gradient descent with learning rate 1.
"""

import random

from engine.autograd.value import Value

X = [[0.0, 0.0, 1.0], [0.0, 1.0, 1.0], [1.0, 0.0, 1.0], [1.0, 1.0, 1.0]]
y = [0.0, 1.0, 1.0, 0.0]


def dot(xs, ws):
    """sum(x*w), started at the first product."""
    total = xs[0] * ws[0]
    for x, w in zip(xs[1:], ws[1:], strict=True):
        total = total + x * w
    return total


def build():
    """The loss, the 16 weights and learning rate 1.0."""
    rng = random.Random(0)  # seed 001 uses np.random.rand: uniform in [0, 1)
    w1 = [[Value(rng.random(), label=f"W1[{j},{k}]") for k in range(4)] for j in range(3)]
    w2 = [Value(rng.random(), label=f"W2[{k}]") for k in range(4)]
    loss = None
    for i, row in enumerate(X):
        x = [Value(v, label=f"X[{i},{j}]") for j, v in enumerate(row)]
        layer1 = [dot(x, [w1[j][k] for j in range(3)]).sigmoid() for k in range(4)]
        for k, h in enumerate(layer1):
            h.label = f"layer1[{i},{k}]"
        output = dot(layer1, w2).sigmoid()
        output.label = f"output[{i}]"
        term = (y[i] - output) ** 2
        loss = term if loss is None else loss + term
    loss.label = "loss"
    return loss, [w for row in w1 for w in row] + w2, 1.0
