"""The graph a saved session names, built again with the parameters it saved."""

from __future__ import annotations

import os

from engine.autograd.frozen_record import replaced
from engine.autograd.ops import op_rule
from engine.autograd.value import Value, topological_order
from engine.sources.built import BuiltGraph, GraphSource
from engine.sources.file_kinds import SESSION_SUFFIX
from engine.sources.session_file import SavedSession, SessionFileError


def build_source(kind: str, source: str) -> BuiltGraph:
    """A fresh graph from a session's source: an example's name or an expression.

    A script is never run here: its session runs it in a worker (the user's code stays out
    of the app's process) and opens the recording it sends back, or the one the session keeps.
    """
    from engine.sources.examples import get_example  # noqa: PLC0415  (examples import the models)
    from engine.sources.expr import build_expression  # noqa: PLC0415

    if kind == "example":
        return get_example(source).build()
    if kind == "expression":
        return build_expression(source)
    if kind == "recording":
        raise SessionFileError("a recording's session is opened from the recording it keeps")
    raise SessionFileError(
        f"a script's session runs {os.path.basename(source)} in a worker process; "
        "it is not built in this one"
    )


def build_session(state: SavedSession, path: str | os.PathLike[str] | None = None) -> BuiltGraph:
    """The graph a session was saved from, with its saved parameters applied.

    Given the session file's ``path``, the graph's source is that file (titled by its name),
    with what the session was built from as its base.
    """
    built = build_source(state.kind, state.source)
    apply_parameters(built, state.parameters)
    if path is None:
        return built
    title = os.path.basename(os.fspath(path)).removesuffix(SESSION_SUFFIX)
    return replaced(built, source=GraphSource("session", os.fspath(path), title, built.source))


def apply_parameters(built: BuiltGraph, values: tuple[float, ...]) -> None:
    """Set ``built``'s parameters to saved ``values`` and recompute the forward pass.

    Only graphs of gradstep's own Value can be recomputed (a user's class has no known
    forward rule per op); SessionFileError otherwise, or when the counts differ.
    """
    if len(values) != len(built.params):
        raise SessionFileError(
            f"the session has {len(values)} parameters but the graph has {len(built.params)}"
        )
    if all(p.data == v for p, v in zip(built.params, values, strict=True)):
        return  # nothing to recompute, whatever class the nodes are
    if not isinstance(built.root, Value) or not all(isinstance(p, Value) for p in built.params):
        raise SessionFileError("saved parameters can be restored only on gradstep's own Values")
    for param, value in zip(built.params, values, strict=True):
        param.data = value
    for node in topological_order(built.root):
        if node._prev:
            node.data = _forward(node._op, [child.data for child in node._prev])


def _forward(op: str, args: list[float]) -> float:
    """The data of a node made by ``op`` from its children's data, as Value computes it."""
    rule = op_rule(op, len(args))
    if rule is None:
        raise SessionFileError(f"cannot recompute an op {op!r} node to restore parameters")
    return rule.on_floats(*args)
