"""Seed 002's house-price perceptron: prediction = b + w*bedrooms, squared error.

The article trains on one house (1 bedroom, price 1.0 in units of $100,000), starting at
w = 0.09, b = -0.9 with learning rate 0.05: the loss is 3.2761 and one update makes it
2.096704. build() returns (root, params, lr), so gradstep also steps the update.
"""

from engine.autograd.value import Value


def build():
    """The loss, the parameters (w, b) and the learning rate."""
    w = Value(0.09, label="w")
    b = Value(-0.9, label="b")
    x = Value(1.0, label="bedrooms")
    wx = w * x
    wx.label = "w*x"
    pred = b + wx  # the article starts its sum at the bias
    pred.label = "pred"
    error = pred - 1.0
    error.label = "error"
    loss = error**2
    loss.label = "loss"
    return loss, [w, b], 0.05
