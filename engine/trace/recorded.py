"""Recorded graphs: nodes as data, for passes recorded from a user's program.

A recording must open where the user's code is not available (a TA opens a student's
file), so its graph holds ``RecordedNode`` placeholders instead of the user's objects,
and the source text of the user's functions travels with it as ``SourceText``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class SourceText:
    """A function's source as the user wrote it: its name, dedented lines and ``file:line``."""

    name: str
    lines: tuple[str, ...]
    where: str = ""


@dataclass(slots=True, eq=False)
class RecordedNode:
    """A stand-in for one of the user's nodes: label, op and data, no code to run.

    ``grad`` is the node's grad at the end of the pass. ``type_name`` is the user's class
    name; ``forward_code`` is the method that made the node (``__add__`` ...) and
    ``backward_code`` the function its ``_backward`` ran, where they could be read.
    """

    label: str
    _op: str
    data: float
    grad: float = 0.0
    type_name: str = "Value"
    forward_code: SourceText | None = None
    backward_code: SourceText | None = None
    _prev: tuple[()] = field(default=(), repr=False)


@dataclass(frozen=True, slots=True)
class UserCode:
    """The user's functions one pass ran: their ``backward()``, their topological sort.

    ``topo_list`` and ``visited_set`` are the names of the list and set the sort grew, as
    found in its frame ("" when none was found: a sort without a ``visited`` set, say).
    ``call_site`` is the code around the line that called ``backward()``.
    """

    backward: SourceText | None = None
    topo: SourceText | None = None
    topo_list: str = ""
    visited_set: str = ""
    call_site: SourceText | None = None
