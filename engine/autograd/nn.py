"""Neuron, Layer and MLP with micrograd's API, a seeded init and readable parameter labels."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from engine.autograd import ops
from engine.autograd.fused import weighted_sum
from engine.autograd.ops import entry
from engine.autograd.value import Value, zero_grad

_ACTIVATE: dict[str, Callable[[Value], Value]] = {
    **{name: getattr(Value, entry(name).method) for name in ops.ACTIVATIONS},
    "linear": lambda act: act,
}
ACTIVATIONS = tuple(_ACTIVATE)
"""The op table's activations, and "linear" (none)."""


def _checked_activation(activation: str) -> str:
    if activation not in ACTIVATIONS:
        known = ", ".join(ACTIVATIONS)
        raise ValueError(f"unknown activation {activation!r}; known activations: {known}")
    return activation


class Module:
    """Anything with parameters: zeroes their grads in one call, as micrograd's Module does."""

    def parameters(self) -> list[Value]:
        """Every trainable Value of this module, in a fixed order."""
        return []

    def zero_grad(self) -> None:
        """Set the grad of every parameter to 0."""
        zero_grad(self.parameters())


class Neuron(Module):
    """One neuron: ``activation(sum(w_i * x_i) + b)``, weights and bias drawn from uniform(-1, 1).

    ``name`` prefixes the parameter labels (``L0.N2`` gives ``L0.N2.w0`` ... ``L0.N2.b``);
    ``weights``/``bias`` set the initial values instead of drawing them (seed 002's
    perceptron starts at w=0.09, b=-0.9).
    """

    def __init__(
        self,
        nin: int,
        activation: str = "tanh",
        *,
        rng: random.Random | None = None,
        seed: int = 0,
        name: str = "N",
        weights: Sequence[float] | None = None,
        bias: float | None = None,
    ):
        self.activation = _checked_activation(activation)
        self.name = name
        rng = rng if rng is not None else random.Random(seed)
        if weights is None:
            weights = [rng.uniform(-1, 1) for _ in range(nin)]
        if len(weights) != nin:
            raise ValueError(f"{name}: {len(weights)} initial weights for {nin} inputs")
        if bias is None:
            bias = rng.uniform(-1, 1)
        self.w = [Value(float(wi), label=f"{name}.w{i}") for i, wi in enumerate(weights)]
        self.b = Value(float(bias), label=f"{name}.b")
        self._activate = _ACTIVATE[activation]
        self._out_label = f"{name}.out"

    def __call__(self, x: Sequence[Value | float]) -> Value:
        """The neuron's output Value for inputs ``x`` (Values or plain numbers)."""
        if len(x) != len(self.w):
            raise ValueError(f"{self.name}: {len(x)} inputs for {len(self.w)} weights")
        # micrograd's sum((wi * xi for wi, xi in zip(self.w, x)), self.b): the same nodes in
        # the same order, made directly (most of an MLP's nodes are these). Starting the sum
        # at b (as micrograd does) avoids a constant-0 node in the graph.
        act = weighted_sum(self.w, x, self.b)
        out = self._activate(act)
        out.label = self._out_label
        return out

    def parameters(self) -> list[Value]:
        """The weights, then the bias."""
        return [*self.w, self.b]

    def __repr__(self) -> str:
        return f"{self.activation.capitalize()}Neuron({len(self.w)})"


class Layer(Module):
    """``nout`` neurons reading the same inputs; one output is returned bare, as in micrograd."""

    def __init__(
        self,
        nin: int,
        nout: int,
        activation: str = "tanh",
        *,
        rng: random.Random | None = None,
        seed: int = 0,
        name: str = "L0",
    ):
        rng = rng if rng is not None else random.Random(seed)
        self.name = name
        self.neurons = [Neuron(nin, activation, rng=rng, name=f"{name}.N{j}") for j in range(nout)]

    def __call__(self, x: Sequence[Value | float]) -> Value | list[Value]:
        """Every neuron's output for inputs ``x``."""
        outs = [n(x) for n in self.neurons]
        return outs[0] if len(outs) == 1 else outs

    def parameters(self) -> list[Value]:
        """Every neuron's parameters, neuron by neuron."""
        return [p for n in self.neurons for p in n.parameters()]

    def __repr__(self) -> str:
        return f"Layer of [{', '.join(str(n) for n in self.neurons)}]"


class MLP(Module):
    """A multi-layer perceptron ``MLP(nin, nouts)``, reproducible from ``seed``.

    ``activation`` is one name for every layer (seed 000: all tanh) or one per layer
    (micrograd's demo: ``("relu", "relu", "linear")``). Layers are labelled L0, L1, ...
    """

    def __init__(
        self,
        nin: int,
        nouts: Sequence[int],
        activation: str | Sequence[str] = "tanh",
        *,
        seed: int = 0,
    ):
        acts = [activation] * len(nouts) if isinstance(activation, str) else list(activation)
        if len(acts) != len(nouts):
            raise ValueError(f"{len(acts)} activations for {len(nouts)} layers")
        rng = random.Random(seed)
        sizes = [nin, *nouts]
        self.layers = [
            Layer(sizes[i], sizes[i + 1], acts[i], rng=rng, name=f"L{i}") for i in range(len(nouts))
        ]

    def __call__(self, x: Sequence[Value | float]) -> Value | list[Value]:
        """The forward pass: ``x`` through every layer in turn."""
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self) -> list[Value]:
        """Every layer's parameters, layer by layer."""
        return [p for layer in self.layers for p in layer.parameters()]

    def __repr__(self) -> str:
        return f"MLP of [{', '.join(str(layer) for layer in self.layers)}]"
