"""Seed 000's first graph: L = (a*b + c) * f, which gives L = -8.0.

Open this file in gradstep (File > Open) to step through it; copy it to start your own.
gradstep calls build() and steps the graph under the Value it returns.
"""

from engine.autograd.value import Value


def build():
    """The root Value L."""
    a = Value(2.0, label="a")
    b = Value(-3.0, label="b")
    c = Value(10.0, label="c")
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    f = Value(-2.0, label="f")
    L = d * f  # noqa: N806 (the lecture's name)
    L.label = "L"
    return L
