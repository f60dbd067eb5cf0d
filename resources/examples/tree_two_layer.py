"""Seed 003's two-layer tree: pred(x) = w2 * max(0, w1*x + b1) + b2."""

from engine.autograd.tree_nodes import Add, Input, Multiply, Parameter, ReLU


def build():
    """The squared error against target 2.5, the four parameters, learning rate 0.01."""
    hidden = Add(
        [Multiply([Parameter(value=0.8, label="w1"), Input(label="x")]),
         Parameter(value=-0.3, label="b1")]
    )  # fmt: skip
    model = Add(
        [Multiply([Parameter(value=1.5, label="w2"), ReLU([hidden])]),
         Parameter(value=0.1, label="b2")]
    )  # fmt: skip
    pred = model.predict([2.0])
    pred.label = "pred"
    loss = (pred - 2.5) ** 2
    loss.label = "loss"
    return loss, model.parameters(), 0.01
