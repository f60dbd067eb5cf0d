"""What every graph source produces: a graph to step, and where it came from."""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

from engine.autograd.frozen_record import FrozenRecord

#: The kinds of source a graph can come from.
SOURCE_KINDS = ("example", "expression", "script", "session", "recording", "training")
#: Kinds a saved session can name and build again from their ``ref`` alone.
REBUILDABLE_KINDS = ("example", "expression", "script")


class GraphSource(FrozenRecord):
    """Where a graph came from: ``kind`` (one of SOURCE_KINDS), ``ref`` and a display ``title``.

    ``ref`` says which one: an example's name, an expression's text, a script's or a session
    file's path, a recording's path, or the training step. A graph opened from a saved session
    keeps what the session was built from in ``base``, so saving it again names that.
    """

    kind: str
    ref: str
    title: str
    base: GraphSource | None = None

    def __post_init__(self) -> None:
        if self.kind not in SOURCE_KINDS:
            raise ValueError(f"unknown source kind {self.kind!r}; one of {', '.join(SOURCE_KINDS)}")

    @property
    def rebuildable(self) -> GraphSource | None:
        """The source a saved session can name to build this graph again, if there is one."""
        if self.kind in REBUILDABLE_KINDS:
            return self
        return None if self.base is None else self.base.rebuildable


class BuiltGraph(FrozenRecord):
    """A graph ready to step: its root, the parameters and learning rate of an update.

    ``root`` is a gradstep Value or any micrograd-compatible object (a user's own Value
    class); ``note`` is one or two lines shown next to the graph (e.g. the nudge-by-h slope);
    ``source`` says where it came from (None: not said, e.g. a graph built in a test).
    A loss over data names its ``inputs``, ``targets`` and model outputs (``scores``) too, in
    sample order, so the training fast path can feed new samples into the same graph.
    """

    root: Any
    params: Sequence[Any] = ()
    lr: float | None = None
    note: str = ""
    source: GraphSource | None = None
    inputs: Sequence[Any] = ()
    targets: Sequence[Any] = ()
    scores: Sequence[Any] = ()

    @property
    def title(self) -> str:
        """The source's title ("" when the source is not said)."""
        return "" if self.source is None else self.source.title


class BuildResultError(TypeError):
    """What a script's ``build()`` or ``root`` gave is not a graph to step; the message says why."""


def is_value_like(obj: object) -> bool:
    """Whether ``obj`` looks like a micrograd Value: numeric data, grad, _prev, _backward."""
    data = getattr(obj, "data", None)
    return (
        isinstance(data, numbers.Real)
        and not isinstance(data, bool)
        and hasattr(obj, "grad")
        and hasattr(obj, "_prev")
        and callable(getattr(obj, "_backward", None))
    )


def data_not_real(obj: object) -> str | None:
    """Why an object with a Value's grad, _prev and _backward is not one: its data (else None)."""
    if not (hasattr(obj, "grad") and hasattr(obj, "_prev")):
        return None
    if not callable(getattr(obj, "_backward", None)):
        return None
    data = getattr(obj, "data", None)
    if isinstance(data, numbers.Real) and not isinstance(data, bool):
        return None
    why = f"its .data is {data!r}, a {type(data).__name__}, not a real number"
    if isinstance(data, complex):  # Python's (-6) ** 0.5 is (1.5e-16+2.45j), not an error
        why += " (a negative number to a fractional power gives a complex one)"
    return why


_EXPECTED = (
    "expected a Value (an object with .data, .grad, ._prev and ._backward), "
    "a BuiltGraph, or a tuple (root, params, lr)"
)


def as_built(result: object, source: GraphSource) -> BuiltGraph:
    """A script's result (a root, a BuiltGraph or ``(root, params, lr)``) as a BuiltGraph.

    BuildResultError, naming what is wrong, when it is none of those.
    """
    where = f"{source.title}'s result"
    if isinstance(result, BuiltGraph):
        root, params, lr, note = result.root, list(result.params), result.lr, result.note
    elif isinstance(result, tuple) and len(result) == 3:
        root, params, lr, note = result[0], result[1], result[2], ""
    else:
        root, params, lr, note = result, [], None, ""
    if not is_value_like(root):
        raise BuildResultError(f"{where} is {_describe(root)}: {_EXPECTED}")
    try:
        params = list(params)
    except TypeError:
        raise BuildResultError(
            f"{where}: params is {_describe(params)}, not a list of Values"
        ) from None
    for i, p in enumerate(params):
        if not is_value_like(p):
            raise BuildResultError(f"{where}: params[{i}] is {_describe(p)}, not a Value")
    if lr is not None and (not isinstance(lr, numbers.Real) or isinstance(lr, bool)):
        raise BuildResultError(f"{where}: lr is {_describe(lr)}, not a number")
    if params and lr is None:
        raise BuildResultError(f"{where}: params are given without a learning rate lr")
    return BuiltGraph(root, tuple(params), None if lr is None else float(lr), note, source)


def _describe(obj: object) -> str:
    text = repr(obj)
    text = text if len(text) <= 60 else text[:57] + "..."
    name = type(obj).__name__
    article = "an" if name[:1].lower() in "aeiou" else "a"
    return f"{article} {name} ({text})"
