"""Seed 000's binary classifier: MLP(3, [4, 4, 1]) of tanh neurons on four samples."""

from engine.autograd.losses import sum_squared_error
from engine.autograd.nn import MLP
from engine.autograd.value import Value

xs = [
    [2.0, 3.0, -1.0],
    [3.0, -1.0, 0.5],
    [0.5, 1.0, 1.0],
    [1.0, 1.0, -1.0],
]
ys = [1.0, -1.0, -1.0, 1.0]  # desired targets


def build():
    """The squared-error loss, the 41 parameters and the learning rate 0.1."""
    n = MLP(3, [4, 4, 1], seed=0)
    inputs = [[Value(v, label=f"x{i}[{j}]") for j, v in enumerate(x)] for i, x in enumerate(xs)]
    ypred = [n(x) for x in inputs]
    for i, y in enumerate(ypred):
        y.label = f"ypred{i}"
    loss = sum_squared_error(ypred, ys)  # sum((yout - ygt)**2 for ygt, yout in zip(ys, ypred))
    loss.label = "loss"
    return loss, n.parameters(), 0.1
