"""BuiltGraph-in examples: every computation of the seed articles, ready to step through."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from engine.autograd.frozen_record import FrozenRecord, replaced
from engine.autograd.value import Value
from engine.sources.built import BuiltGraph, GraphSource
from engine.sources.example_models import (
    build_house_price,
    build_lecture_mlp,
    build_moons,
    build_tree_linear,
    build_tree_two_layer,
    build_xor_network,
)
from engine.sources.resources import find_resource

__all__ = [
    "EXAMPLES",
    "BuiltGraph",
    "Example",
    "example_script",
    "get_example",
    "nudge_slope",
    "parabola",
]


class Example(FrozenRecord):
    """A named built-in example: ``build()`` makes a fresh graph each time it is called."""

    name: str
    title: str
    description: str
    make: Callable[[], BuiltGraph]

    def build(self) -> BuiltGraph:
        """A fresh graph of this example, its source naming the example."""
        return replaced(self.make(), source=GraphSource("example", self.name, self.title))


def build_expression_l() -> BuiltGraph:
    """Seed 000's ``L = (a*b + c) * f`` with a=2, b=-3, c=10, f=-2 (L = -8)."""
    a = Value(2.0, label="a")
    b = Value(-3.0, label="b")
    c = Value(10.0, label="c")
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    f = Value(-2.0, label="f")
    big_l = d * f
    big_l.label = "L"
    return BuiltGraph(big_l)


def build_neuron() -> BuiltGraph:
    """Seed 000's neuron ``o = tanh(x1*w1 + x2*w2 + b)`` with x1=2, x2=0, w1=-3, w2=1, b=6."""
    x1 = Value(2.0, label="x1")
    x2 = Value(0.0, label="x2")
    w1 = Value(-3.0, label="w1")
    w2 = Value(1.0, label="w2")
    b = Value(6.0, label="b")
    x1w1 = x1 * w1
    x1w1.label = "x1*w1"
    x2w2 = x2 * w2
    x2w2.label = "x2*w2"
    x1w1x2w2 = x1w1 + x2w2
    x1w1x2w2.label = "x1*w1 + x2*w2"
    n = x1w1x2w2 + b
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    return BuiltGraph(o)


def build_accumulate() -> BuiltGraph:
    """``b = a + a``: a node used twice receives two ``+=`` contributions (a.grad = 2)."""
    a = Value(3.0, label="a")
    b = a + a
    b.label = "b"
    return BuiltGraph(b)


def parabola(x: float) -> float:
    """Seed 002's ``parabola_function``, on plain floats, in the article's order of operations."""
    return 3 * x**2 - 4 * x + 5


def nudge_slope(f: Callable[[float], float], x: float, h: float) -> float:
    """Seed 002's "nudge by h" slope ``(f(x+h) - f(x))/h``."""
    return (f(x + h) - f(x)) / h


PARABOLA_X = 3.0
PARABOLA_H = 0.0001


def _parabola_graph(x_data: float) -> tuple[Value, Value]:
    x = Value(x_data, label="x")
    f = 3 * x**2 - 4 * x + 5  # seed 002's order of operations; then labels for the drawing
    difference, five = f._prev
    term1, term2 = difference._prev
    for node, label in ((f, "f"), (five, "5"), (difference, "3x² - 4x"), (term1, "3x²"),
                        (term1._prev[0], "3"), (term1._prev[1], "x²"), (term2, "4x"),
                        (term2._prev[0], "4")):  # fmt: skip
        node.label = label
    return x, f


def build_parabola() -> BuiltGraph:
    """``f = 3*x**2 - 4*x + 5`` at x = 3, the nudge-by-h slope and autograd's in the note."""
    probe_x, probe_f = _parabola_graph(PARABOLA_X)
    probe_f.backward()  # on a throwaway copy: the stepped graph starts with no grads
    nudged = nudge_slope(parabola, PARABOLA_X, PARABOLA_H)
    note = (
        f"f(3) = {probe_f.data!r}. Nudge by h = {PARABOLA_H}: (f(x+h) - f(x))/h = {nudged!r}; "
        f"autograd: x.grad = {probe_x.grad!r} (6x - 4 = 14)."
    )
    return BuiltGraph(_parabola_graph(PARABOLA_X)[1], note=note)


EXAMPLES: dict[str, Example] = {
    ex.name: ex
    for ex in (
        Example(
            "expression",
            "L = (a*b + c) * f",
            "Seed 000's first graph: L = -8.0.",
            build_expression_l,
        ),
        Example(
            "neuron",
            "A single tanh neuron",
            "o = tanh(x1*w1 + x2*w2 + b) with seed 000's values (o = 0.0, w1.grad = 2.0).",
            build_neuron,
        ),
        Example(
            "accumulate",
            "a + a: gradients accumulate",
            "b = a + a: a's grad gets two += contributions and ends at 2.0.",
            build_accumulate,
        ),
        Example(
            "parabola",
            "Parabola 3x² − 4x + 5: nudge by h",
            "Seed 002's f(x) at x = 3: the nudge-by-h slope (14.0003) next to autograd's 14.0.",
            build_parabola,
        ),
        Example(
            "house-price",
            "House-price perceptron",
            "Seed 002's one-weight perceptron: loss (b + w*x - y)² = 3.2761, lr 0.05.",
            build_house_price,
        ),
        Example(
            "lecture-mlp",
            "MLP(3, [4, 4, 1]) binary classifier",
            "Seed 000's tanh network: squared-error loss over its 4 samples, 41 params, lr 0.1.",
            build_lecture_mlp,
        ),
        Example(
            "xor-network",
            "Two-layer sigmoid network",
            "Seed 001's 3-4-1 sigmoid net without biases on its 4x3 data, sum-of-squares loss.",
            build_xor_network,
        ),
        Example(
            "tree-linear",
            "Tree: linear classifier",
            "Seed 003's Add([Multiply([Parameter(), Input()]), Parameter()]) on our Values.",
            build_tree_linear,
        ),
        Example(
            "tree-two-layer",
            "Tree: w2·relu(w1·x + b1) + b2",
            "Seed 003's two-layer ReLU tree of Add, Multiply and ReLU nodes, squared error.",
            build_tree_two_layer,
        ),
        Example(
            "moons",
            "micrograd's moons demo (big)",
            "MLP(2, [16, 16, 1]) on 100 moons: full-batch SVM loss + L2 (about 66,000 nodes).",
            build_moons,
        ),
    )
}


def example_script(name: str) -> Path | None:
    """The standalone script that builds the example ``name`` (resources/examples), if present."""
    return find_resource("examples", f"{name.replace('-', '_')}.py")


def get_example(name: str) -> Example:
    """The example called ``name``; a KeyError listing the known names otherwise."""
    try:
        return EXAMPLES[name]
    except KeyError:
        known = ", ".join(EXAMPLES)
        raise KeyError(f"unknown example {name!r}; known examples: {known}") from None
