"""The events of a trace: one frozen record per thing a person can step over."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

FORWARD = "forward"
TOPO = "topo"
BACKWARD = "backward"
UPDATE = "update"
PHASES = (FORWARD, TOPO, BACKWARD, UPDATE)


@dataclass(frozen=True, slots=True)
class GradWrite:
    """One child position's grad before and after a ``_backward`` call (None = not computed)."""

    child: int
    before: float | None
    after: float


@dataclass(frozen=True, slots=True)
class Create:
    """A node comes into existence in the forward pass, with its data."""

    phase: ClassVar[str] = FORWARD
    node: int
    data: float
    text: str = field(default="", compare=False)

    @property
    def changed(self) -> tuple[int, ...]:
        """The node created."""
        return (self.node,)


@dataclass(frozen=True, slots=True)
class TopoEnter:
    """``build_topo(v)`` on an unvisited v: ``visited.add(v)`` and v goes on the DFS stack."""

    phase: ClassVar[str] = TOPO
    node: int
    parent: int | None
    text: str = field(default="", compare=False)

    @property
    def changed(self) -> tuple[int, ...]:
        """The node entered."""
        return (self.node,)


@dataclass(frozen=True, slots=True)
class TopoSkip:
    """``build_topo(v)`` on an already visited v: nothing changes."""

    phase: ClassVar[str] = TOPO
    node: int
    parent: int | None
    text: str = field(default="", compare=False)

    @property
    def changed(self) -> tuple[int, ...]:
        """Nothing: a visited node is left as it is."""
        return ()


@dataclass(frozen=True, slots=True)
class TopoAppend:
    """``topo.append(v)``: v leaves the DFS stack and gets position ``index`` in ``topo``."""

    phase: ClassVar[str] = TOPO
    node: int
    index: int
    text: str = field(default="", compare=False)

    @property
    def changed(self) -> tuple[int, ...]:
        """The node appended."""
        return (self.node,)


@dataclass(frozen=True, slots=True)
class ZeroGrad:
    """``p.grad = 0.0`` for a parameter before the backward pass."""

    phase: ClassVar[str] = BACKWARD
    node: int
    before: float | None
    text: str = field(default="", compare=False)

    @property
    def changed(self) -> tuple[int, ...]:
        """The parameter zeroed."""
        return (self.node,)


@dataclass(frozen=True, slots=True)
class SeedGrad:
    """``root.grad = 1.0``: the start of the backward pass."""

    phase: ClassVar[str] = BACKWARD
    node: int
    before: float | None
    text: str = field(default="", compare=False)

    @property
    def changed(self) -> tuple[int, ...]:
        """The root."""
        return (self.node,)


@dataclass(frozen=True, slots=True)
class BackwardStep:
    """One ``node._backward()`` call: each child position's grad before and after.

    ``stray`` holds grad changes the call made to nodes that are not its children (the node
    itself, say): a bug in a hand-written engine that the trace shows rather than hides.
    ``lines`` is the text split per write, for a code panel.
    """

    phase: ClassVar[str] = BACKWARD
    node: int
    op: str
    writes: tuple[GradWrite, ...]
    stray: tuple[GradWrite, ...] = ()
    text: str = field(default="", compare=False)
    lines: tuple[str, ...] = field(default=(), compare=False)

    @property
    def changed(self) -> tuple[int, ...]:
        """Every node whose grad this call wrote, each once, in write order."""
        return tuple(dict.fromkeys(w.child for w in self.writes + self.stray))


@dataclass(frozen=True, slots=True)
class ParamUpdate:
    """``p.data += -lr * p.grad``: one parameter's data before and after the update."""

    phase: ClassVar[str] = UPDATE
    node: int
    before: float
    after: float
    grad: float | None
    lr: float
    text: str = field(default="", compare=False)

    @property
    def changed(self) -> tuple[int, ...]:
        """The parameter updated."""
        return (self.node,)


Event = (
    Create | TopoEnter | TopoSkip | TopoAppend | ZeroGrad | SeedGrad | BackwardStep | ParamUpdate
)
