"""The seed articles' data sets, and make_moons generated with numpy from a seed."""

from __future__ import annotations

import numpy as np

#: Seed 000's four 3-input samples and their targets (the lecture's binary classifier).
LECTURE_XS = (
    (2.0, 3.0, -1.0),
    (3.0, -1.0, 0.5),
    (0.5, 1.0, 1.0),
    (1.0, 1.0, -1.0),
)
LECTURE_YS = (1.0, -1.0, -1.0, 1.0)

#: Seed 002's houses: bedrooms, prices in dollars, and prices divided by HOUSE_PRICE_SCALE.
HOUSE_BEDROOMS = (1.0, 2.0, 3.0)
HOUSE_PRICES = (100_000.0, 200_000.0, 300_000.0)
HOUSE_PRICE_SCALE = 100_000.0
#: Seed 002's perceptron: initial weight and bias, learning rate, epochs.
HOUSE_PRICE_W0 = 0.09
HOUSE_PRICE_B0 = -0.9
HOUSE_PRICE_LR = 0.05
HOUSE_PRICE_EPOCHS = 100

#: Seed 001's 4x3 binary inputs (the third column is a constant 1) and targets.
XOR_XS = ((0.0, 0.0, 1.0), (0.0, 1.0, 1.0), (1.0, 0.0, 1.0), (1.0, 1.0, 1.0))
XOR_YS = (0.0, 1.0, 1.0, 0.0)


def lecture_data() -> tuple[list[list[float]], list[float]]:
    """Seed 000's samples ``xs`` (4 x 3) and targets ``ys`` = [1, -1, -1, 1], as fresh lists."""
    return [list(x) for x in LECTURE_XS], list(LECTURE_YS)


def house_prices() -> tuple[list[list[float]], list[float]]:
    """Seed 002's whole table, normalised: bedrooms [[1], [2], [3]] to prices [1.0, 2.0, 3.0]."""
    return [[b] for b in HOUSE_BEDROOMS], [p / HOUSE_PRICE_SCALE for p in HOUSE_PRICES]


def house_price_training_set() -> tuple[list[list[float]], list[float]]:
    """The data seed 002's printed losses were really trained on: one sample, x=1 -> y=1.

    The article's table has three houses, but its printed numbers only fit the first one
    (``num_of_model_inputs`` = 1). Epoch 0 predicts ``b + w*x = -0.9 + 0.09*1 = -0.81``, whose
    squared error against 1.0 is 1.81**2 = 3.2761, the printed loss divided by 1. Each SGD
    step (lr 0.05, grads 2*err*x and 2*err) scales the error by 1 - 0.05*2*(1 + 1) = 0.8, so
    the loss falls by 0.64 per epoch: 2.096704, 1.3418905599999997, ... The same loop over
    all three houses would print 3.308543136666667 at epoch 0. After 100 epochs w - b is
    still 0.99 (both get the same step when x = 1) and w + b has reached 1, so w = 0.995,
    b = 0.005, and 5 bedrooms predict 4.98: the printed "$498000.00".
    """
    return [[HOUSE_BEDROOMS[0]]], [HOUSE_PRICES[0] / HOUSE_PRICE_SCALE]


def xor_data() -> tuple[list[list[float]], list[float]]:
    """Seed 001's inputs X (4 x 3, binary) and targets y = [0, 1, 1, 0]."""
    return [list(x) for x in XOR_XS], list(XOR_YS)


def make_moons(
    n_samples: int = 100, noise: float = 0.1, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles: X (n x 2 floats) and labels y (0 = upper, 1 = lower).

    The upper moon is the unit half circle, the lower one is shifted to (1 - cos, 0.5 - sin);
    samples are shuffled and Gaussian noise of standard deviation ``noise`` is added, all
    drawn from ``numpy.random.default_rng(seed)`` so the same seed gives the same points.
    """
    if n_samples < 2:
        raise ValueError(f"make_moons needs at least 2 samples, got {n_samples}")
    n_upper = n_samples // 2
    n_lower = n_samples - n_upper
    upper = np.linspace(0.0, np.pi, n_upper)
    lower = np.linspace(0.0, np.pi, n_lower)
    x = np.concatenate([np.cos(upper), 1.0 - np.cos(lower)])
    y = np.concatenate([np.sin(upper), 0.5 - np.sin(lower)])
    points = np.column_stack([x, y])
    labels = np.concatenate([np.zeros(n_upper, dtype=np.int64), np.ones(n_lower, dtype=np.int64)])
    rng = np.random.default_rng(seed)
    order = rng.permutation(n_samples)
    points, labels = points[order], labels[order]
    if noise:
        points = points + rng.normal(scale=noise, size=points.shape)
    return points, labels


def signed_labels(labels: np.ndarray) -> list[float]:
    """0/1 labels as -1.0/+1.0 floats, as micrograd's SVM loss wants (``y*2 - 1``)."""
    return [2.0 * float(v) - 1.0 for v in labels]
