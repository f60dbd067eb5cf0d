"""Seed 003's tree of Input, Parameter, Add, Multiply, ReLU and Sigmoid nodes, built on Values.

Seed 003 writes each node's ``op`` and ``grad`` by hand and recurses through the tree. Here
the same classes, built the same way (``Add([Multiply([Parameter(), Input()]), Parameter()])``),
turn into Values when called: forward and backward then come from gradstep's engine, so
the tree can be stepped like any other graph.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from engine.autograd.value import Value


@dataclass(eq=False)
class NeuralNetNode:
    """A node of the tree: its children, and ``forward()`` building the Value it computes."""

    children: list[NeuralNetNode] = field(default_factory=list)

    def op(self, x: list[Value]) -> Value:
        """The operation this node performs on its children's Values."""
        raise NotImplementedError

    def forward(self) -> Value:
        """The Value this node computes, built from its children's."""
        return self.op([child.forward() for child in self.children])

    def __call__(self) -> Value:
        """Same as ``forward()`` (seed 003's convenience)."""
        return self.forward()

    def walk(self) -> list[NeuralNetNode]:
        """Every node of the subtree, pre-order (this node first)."""
        nodes: list[NeuralNetNode] = []
        stack: list[NeuralNetNode] = [self]
        while stack:
            node = stack.pop()
            nodes.append(node)
            stack.extend(reversed(node.children))
        return nodes

    def find_input_nodes(self) -> list[Input]:
        """The Input leaves of the subtree, left to right (seed 003's ``find_input_nodes``)."""
        return [node for node in self.walk() if isinstance(node, Input)]

    def parameters(self) -> list[Value]:
        """The Values of the Parameter leaves, left to right."""
        return [node.node for node in self.walk() if isinstance(node, Parameter)]

    def predict(self, inputs: list[float]) -> Value:
        """Fill the Input leaves with ``inputs`` and build the output (seed 003's ``predict``)."""
        input_nodes = self.find_input_nodes()
        if len(input_nodes) != len(inputs):
            raise ValueError(f"{len(inputs)} inputs for {len(input_nodes)} Input nodes")
        for input_node, value in zip(input_nodes, inputs, strict=True):
            input_node.node.data = float(value)
        return self.forward()


@dataclass(eq=False)
class Input(NeuralNetNode):
    """A leaf holding an input to the network; the same Value on every forward pass."""

    value: float = 0.0
    label: str = "x"

    def __post_init__(self) -> None:
        self.node = Value(float(self.value), label=self.label)

    def forward(self) -> Value:
        """The input's Value."""
        return self.node


def _uniform() -> float:
    return random.uniform(-1, 1)  # seed 003's default; the built-in examples pass values


@dataclass(eq=False)
class Parameter(NeuralNetNode):
    """A leaf holding a trainable parameter (seed 003: drawn from uniform(-1, 1))."""

    value: float = field(default_factory=_uniform)
    label: str = "p"
    learning_rate: float = 0.01

    def __post_init__(self) -> None:
        self.node = Value(float(self.value), label=self.label)

    def forward(self) -> Value:
        """The parameter's Value (updates to it persist across forward passes)."""
        return self.node


@dataclass(eq=False)
class Add(NeuralNetNode):
    """The sum of the children, as a chain of ``+`` Values."""

    def op(self, x: list[Value]) -> Value:
        """``x[0] + x[1] + ...``."""
        total = x[0]
        for term in x[1:]:
            total = total + term
        return total


@dataclass(eq=False)
class Multiply(NeuralNetNode):
    """The product of the children, as a chain of ``*`` Values."""

    def op(self, x: list[Value]) -> Value:
        """``x[0] * x[1] * ...``."""
        product = x[0]
        for factor in x[1:]:
            product = product * factor
        return product


@dataclass(eq=False)
class ReLU(NeuralNetNode):
    """``max(0, child)``."""

    def op(self, x: list[Value]) -> Value:
        """The ReLU of the one child."""
        return x[0].relu()


@dataclass(eq=False)
class Sigmoid(NeuralNetNode):
    """``1 / (1 + exp(-child))``."""

    def op(self, x: list[Value]) -> Value:
        """The sigmoid of the one child."""
        return x[0].sigmoid()
