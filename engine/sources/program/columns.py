"""The event columns of one pass being recorded, shared by the watchers that fill them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from engine.autograd.graph import describe
from engine.trace.backward_steps import number
from engine.trace.events import GradWrite


def read_floats(nodes: Sequence[Any], attr: str) -> list[float]:
    """Every node's ``attr`` (data or grad) as a float; a TraceError names one that is not.

    Written with C-level map/attrgetter only: it runs inside the user's ``backward()``,
    where every Python-level call would go through the tracer.
    """
    try:
        return list(map(float, map(attrgetter(attr), nodes)))
    except (TypeError, ValueError):
        return [number(getattr(o, attr), f"{describe(o)}'s {attr}") for o in nodes]


@dataclass
class PassColumns:
    """A Trace's columns while a pass is recorded (see engine.trace.trace.Trace)."""

    kind: list[int] = field(default_factory=list)
    node: list[int] = field(default_factory=list)
    arg: list[int] = field(default_factory=list)
    step_start: list[int] = field(default_factory=lambda: [0])
    step_grad: list[float | None] = field(default_factory=list)
    w_child: list[int] = field(default_factory=list)
    w_before: list[float | None] = field(default_factory=list)
    w_after: list[float] = field(default_factory=list)
    stray: dict[int, tuple[GradWrite, ...]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def add(self, kind: int, node: int, arg: int) -> int:
        """Append one event; return its index."""
        self.kind.append(kind)
        self.node.append(node)
        self.arg.append(arg)
        return len(self.kind) - 1

    def __len__(self) -> int:
        return len(self.kind)
