"""Stochastic gradient descent with a learning-rate schedule."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from engine.autograd.value import Value, zero_grad


@dataclass(frozen=True)
class Constant:
    """The same learning rate at every step."""

    lr: float

    def __call__(self, step: int) -> float:
        """The rate for step ``step``: always ``lr``."""
        return self.lr

    def __str__(self) -> str:
        return f"lr = {self.lr}"


@dataclass(frozen=True)
class LinearDecay:
    """micrograd demo's schedule ``lr = start - drop*k/steps`` (1.0 → 0.1 over 100 steps).

    After ``steps`` steps the rate stays at ``start - drop`` instead of going negative.
    """

    start: float = 1.0
    drop: float = 0.9
    steps: int = 100

    def __call__(self, step: int) -> float:
        """The rate for step ``step`` (0 for the first)."""
        k = min(step, self.steps)
        return self.start - self.drop * k / self.steps

    def __str__(self) -> str:
        return f"lr = {self.start} - {self.drop}*k/{self.steps}"


class SGD:
    """Plain gradient descent: ``p.data += -lr * p.grad`` for every parameter.

    ``lr`` is a number (a constant rate) or a schedule, any callable from the step number
    ``k`` (0 for the first step) to a rate.
    """

    def __init__(self, params: Iterable[Value], lr: float | Callable[[int], float] = 0.1):
        self.params = list(params)
        self.schedule = lr if callable(lr) else Constant(float(lr))
        self.steps = 0

    @property
    def lr(self) -> float:
        """The learning rate the next ``step()`` will use."""
        return self.schedule(self.steps)

    def step(self) -> float:
        """Move every parameter against its gradient; returns the learning rate used."""
        lr = self.lr
        for p in self.params:
            p.data += -lr * p.grad
        self.steps += 1
        return lr

    def zero_grad(self) -> None:
        """Set every parameter's grad to 0 (before the next ``backward()``)."""
        zero_grad(self.params)
