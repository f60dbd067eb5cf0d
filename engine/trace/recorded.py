"""Recorded graphs: nodes as data, for passes recorded from a user's program.

A recording must open where the user's code is not available (a TA opens a student's
file), so its graph holds ``RecordedNode`` placeholders instead of the user's objects,
and the source text of the user's functions travels with it as ``SourceText``.

Plain classes, not dataclasses: each launch imports this module, and a dataclass compiles
its methods from generated source at import (see ``engine.autograd.frozen_record``).
"""

from __future__ import annotations

from engine.autograd.frozen_record import FrozenRecord, fields_repr


class SourceText(FrozenRecord):
    """A function's source as the user wrote it: its name, dedented lines and ``file:line``."""

    name: str
    lines: tuple[str, ...]
    where: str = ""


class RecordedNode:
    """A stand-in for one of the user's nodes: label, op and data, no code to run.

    ``grad`` is the node's grad at the end of the pass. ``type_name`` is the user's class
    name; ``forward_code`` is the method that made the node (``__add__`` ...) and
    ``backward_code`` the function its ``_backward`` ran, where they could be read.
    Compared by identity, as the user's nodes are.
    """

    __slots__ = (  # noqa: RUF023 (fields in order: the repr's)
        "label",
        "_op",
        "data",
        "grad",
        "type_name",
        "forward_code",
        "backward_code",
        "_prev",
    )

    def __init__(  # noqa: PLR0917 (the dataclass's signature, called positionally)
        self,
        label: str,
        _op: str,
        data: float,
        grad: float = 0.0,
        type_name: str = "Value",
        forward_code: SourceText | None = None,
        backward_code: SourceText | None = None,
        _prev: tuple[()] = (),
    ) -> None:
        self.label = label
        self._op = _op
        self.data = data
        self.grad = grad
        self.type_name = type_name
        self.forward_code = forward_code
        self.backward_code = backward_code
        self._prev = _prev

    def __repr__(self) -> str:
        return fields_repr(self, self.__slots__[:-1])  # _prev left out, as the dataclass did


class UserCode(FrozenRecord):
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
