"""The events of a trace: one frozen record per thing a person can step over.

Plain classes with ``__slots__`` rather than ``@dataclass(frozen=True, slots=True)``: a
dataclass compiles its ``__init__``, ``__repr__``, ``__eq__``, ``__hash__`` and frozen
``__setattr__``/``__delattr__`` from generated source when its module is imported, and
builds the class a second time for its slots: 3.7 M instructions for each of these nine
classes on every launch (34 M of 2,000 M). Here the methods are written once, in
``FrozenRecord``; each class lists its fields and writes its ``__init__`` (made per step of a
trace, they skip the generic one a record declared by its fields gets: 0.45 against 0.8 us for
four fields). They behave as the dataclasses did: ``text`` and ``lines`` are left out of ``==``
and the hash.
"""

from __future__ import annotations

from typing import ClassVar

from engine.autograd.frozen_record import FrozenRecord, set_field

FORWARD = "forward"
TOPO = "topo"
BACKWARD = "backward"
UPDATE = "update"
PHASES = (FORWARD, TOPO, BACKWARD, UPDATE)


class GradWrite(FrozenRecord):
    """One child position's grad before and after a ``_backward`` call (None = not computed)."""

    __slots__ = ("child", "before", "after")  # noqa: RUF023 (fields in order)
    child: int
    before: float | None
    after: float

    def __init__(self, child: int, before: float | None, after: float) -> None:
        set_field(self, "child", child)
        set_field(self, "before", before)
        set_field(self, "after", after)


class _NodeEvent(FrozenRecord):
    """An event about one node, with one more field and the text a panel shows for it."""

    __slots__ = ()
    phase: ClassVar[str]
    node: int
    text: str

    @property
    def changed(self) -> tuple[int, ...]:
        """The node whose value or grad the event sets."""
        return (self.node,)


class Create(_NodeEvent, compared=("node", "data")):
    """A node comes into existence in the forward pass, with its data."""

    __slots__ = ("node", "data", "text")  # noqa: RUF023 (fields in order)
    phase: ClassVar[str] = FORWARD
    data: float

    def __init__(self, node: int, data: float, text: str = "") -> None:
        set_field(self, "node", node)
        set_field(self, "data", data)
        set_field(self, "text", text)


class TopoEnter(_NodeEvent, compared=("node", "parent")):
    """``build_topo(v)`` on an unvisited v: ``visited.add(v)`` and v goes on the DFS stack."""

    __slots__ = ("node", "parent", "text")
    phase: ClassVar[str] = TOPO
    parent: int | None

    def __init__(self, node: int, parent: int | None, text: str = "") -> None:
        set_field(self, "node", node)
        set_field(self, "parent", parent)
        set_field(self, "text", text)


class TopoSkip(_NodeEvent, compared=("node", "parent")):
    """``build_topo(v)`` on an already visited v: nothing changes."""

    __slots__ = ("node", "parent", "text")
    phase: ClassVar[str] = TOPO
    parent: int | None

    def __init__(self, node: int, parent: int | None, text: str = "") -> None:
        set_field(self, "node", node)
        set_field(self, "parent", parent)
        set_field(self, "text", text)

    @property
    def changed(self) -> tuple[int, ...]:
        """Nothing: a visited node is left as it is."""
        return ()


class TopoAppend(_NodeEvent, compared=("node", "index")):
    """``topo.append(v)``: v leaves the DFS stack and gets position ``index`` in ``topo``."""

    __slots__ = ("node", "index", "text")  # noqa: RUF023 (fields in order)
    phase: ClassVar[str] = TOPO
    index: int

    def __init__(self, node: int, index: int, text: str = "") -> None:
        set_field(self, "node", node)
        set_field(self, "index", index)
        set_field(self, "text", text)


class ZeroGrad(_NodeEvent, compared=("node", "before")):
    """``p.grad = 0.0`` for a parameter before the backward pass."""

    __slots__ = ("node", "before", "text")  # noqa: RUF023 (fields in order)
    phase: ClassVar[str] = BACKWARD
    before: float | None

    def __init__(self, node: int, before: float | None, text: str = "") -> None:
        set_field(self, "node", node)
        set_field(self, "before", before)
        set_field(self, "text", text)


class SeedGrad(_NodeEvent, compared=("node", "before")):
    """``root.grad = 1.0``: the start of the backward pass."""

    __slots__ = ("node", "before", "text")  # noqa: RUF023 (fields in order)
    phase: ClassVar[str] = BACKWARD
    before: float | None

    def __init__(self, node: int, before: float | None, text: str = "") -> None:
        set_field(self, "node", node)
        set_field(self, "before", before)
        set_field(self, "text", text)


class BackwardStep(_NodeEvent, compared=("node", "op", "writes", "stray")):
    """One ``node._backward()`` call: each child position's grad before and after.

    ``stray`` holds grad changes the call made to nodes that are not its children (the node
    itself, say): a bug in a hand-written engine that the trace shows rather than hides.
    ``lines`` is the text split per write, for a code panel.
    """

    __slots__ = ("node", "op", "writes", "stray", "text", "lines")  # noqa: RUF023 (fields in order)
    phase: ClassVar[str] = BACKWARD
    op: str
    writes: tuple[GradWrite, ...]
    stray: tuple[GradWrite, ...]
    lines: tuple[str, ...]

    def __init__(  # noqa: PLR0917 (the dataclass's signature: the trace calls it positionally)
        self,
        node: int,
        op: str,
        writes: tuple[GradWrite, ...],
        stray: tuple[GradWrite, ...] = (),
        text: str = "",
        lines: tuple[str, ...] = (),
    ) -> None:
        set_field(self, "node", node)
        set_field(self, "op", op)
        set_field(self, "writes", writes)
        set_field(self, "stray", stray)
        set_field(self, "text", text)
        set_field(self, "lines", lines)

    @property
    def changed(self) -> tuple[int, ...]:
        """Every node whose grad this call wrote, each once, in write order."""
        return tuple(dict.fromkeys(w.child for w in self.writes + self.stray))


class ParamUpdate(_NodeEvent, compared=("node", "before", "after", "grad", "lr")):
    """``p.data += -lr * p.grad``: one parameter's data before and after the update."""

    __slots__ = ("node", "before", "after", "grad", "lr", "text")  # noqa: RUF023 (fields in order)
    phase: ClassVar[str] = UPDATE
    before: float
    after: float
    grad: float | None
    lr: float

    def __init__(  # noqa: PLR0917 (the dataclass's signature: the trace calls it positionally)
        self, node: int, before: float, after: float, grad: float | None, lr: float, text: str = ""
    ) -> None:
        set_field(self, "node", node)
        set_field(self, "before", before)
        set_field(self, "after", after)
        set_field(self, "grad", grad)
        set_field(self, "lr", lr)
        set_field(self, "text", text)


Event = (
    Create | TopoEnter | TopoSkip | TopoAppend | ZeroGrad | SeedGrad | BackwardStep | ParamUpdate
)
