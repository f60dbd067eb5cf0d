"""Built-in examples: every computation of the seed articles, ready to step through."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from engine.value import Value


@dataclass(frozen=True)
class Built:
    """A graph ready to step: its root, and the parameters and learning rate of an update."""

    root: Value
    params: Sequence[Value] = field(default_factory=tuple)
    lr: float | None = None
    note: str = ""


@dataclass(frozen=True)
class Example:
    """A named built-in example: ``build()`` makes a fresh graph each time it is called."""

    name: str
    title: str
    description: str
    build: Callable[[], Built]


def build_expression_l() -> Built:
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
    return Built(big_l)


def build_neuron() -> Built:
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
    return Built(o)


def build_accumulate() -> Built:
    """``b = a + a``: a node used twice receives two ``+=`` contributions (a.grad = 2)."""
    a = Value(3.0, label="a")
    b = a + a
    b.label = "b"
    return Built(b)


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
    )
}


def get_example(name: str) -> Example:
    """The example called ``name``; a KeyError listing the known names otherwise."""
    try:
        return EXAMPLES[name]
    except KeyError:
        known = ", ".join(EXAMPLES)
        raise KeyError(f"unknown example {name!r}; known examples: {known}") from None
