"""What every graph source produces: a root to step, and the parameters and lr of an update."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class BuiltGraph:
    """A graph ready to step: its root, and the parameters and learning rate of an update.

    ``root`` is a gradstep Value or any micrograd-compatible object (a user's own Value
    class); ``note`` is one or two lines shown next to the graph (e.g. the nudge-by-h slope).
    """

    root: Any
    params: Sequence[Any] = field(default_factory=tuple)
    lr: float | None = None
    note: str = ""
