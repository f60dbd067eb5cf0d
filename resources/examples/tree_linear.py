"""Seed 003's linear classifier, Add([Multiply([Parameter(), Input()]), Parameter()]).

gradstep's tree classes build Values, so the tree's forward and backward are the engine's.
"""

from engine.autograd.tree_nodes import Add, Input, Multiply, Parameter


def build():
    """The squared error against target 1.0, the two parameters, learning rate 0.01."""
    model = Add(
        [
            Multiply([Parameter(value=0.6, label="w"), Input(label="x")]),
            Parameter(value=-0.2, label="b"),
        ]
    )
    pred = model.predict([1.5])
    pred.label = "pred"
    loss = (pred - 1.0) ** 2
    loss.label = "loss"
    return loss, model.parameters(), 0.01
