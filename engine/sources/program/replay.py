"""A ``build()`` / ``root`` script that never calls ``backward()``: gradstep's replay of it.

Such scripts only build a graph and leave the stepping to gradstep, as before programs were
observed; the worker replays that graph with ``engine.trace.trace.record`` (its forward
pass, build_topo, the seed and each node's own ``_backward``, the update with ``params`` and
``lr``) and keeps it as the recording's one pass. The nodes become placeholders that carry
the source of the methods that made them, so the code panel shows the script's own code
when the recording is opened where the script is not.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import engine
from engine.autograd.frozen_record import replaced
from engine.autograd.graph import Graph
from engine.sources.built import BuiltGraph

# Shared with the observer, which reads the same methods for the passes it records.
from engine.sources.program.pass_recorder import forward_text
from engine.sources.program.recording import RecordedPass
from engine.sources.program.source_text import function_text
from engine.trace.recorded import RecordedNode
from engine.trace.trace import record

_ENGINE_FOLDER = Path(engine.__file__).resolve().parent


def has_own_backward(root: Any) -> bool:
    """Whether ``root``'s class has a ``backward()`` written outside gradstep's engine."""
    method = getattr(type(root), "backward", None)
    code = getattr(getattr(method, "__func__", method), "__code__", None)
    if code is None:
        return False
    return not Path(code.co_filename).resolve().is_relative_to(_ENGINE_FOLDER)


def replayed_pass(built: BuiltGraph, index: int = 1) -> RecordedPass:
    """The replay gradstep makes of ``built``, as a recorded pass with no problem to report."""
    root_data = float(built.root.data)
    trace = record(built.root, params=list(built.params) or None, lr=built.lr)
    trace = replaced(trace, graph=_placeholders(trace.graph))
    g = trace.graph
    return RecordedPass(
        index=index,
        root=trace.names[g.root],
        loss=root_data,
        nodes=len(g),
        problems=(),
        trace=trace,
    )


def _placeholders(graph: Graph) -> Graph:
    """``graph`` with each node replaced by a RecordedNode carrying its methods' source."""
    forward: dict[tuple[type, str], Any] = {}
    nodes = []
    for i, obj in enumerate(graph.nodes):
        key = (type(obj), graph.ops[i])
        if key not in forward:
            forward[key] = forward_text(*key)
        backward = _backward_function(obj) if graph.children[i] else None
        nodes.append(
            RecordedNode(
                graph.labels[i],
                graph.ops[i],
                float(obj.data),
                float(obj.grad),
                type(obj).__name__,
                forward[key],
                None if backward is None else function_text(backward),
            )
        )
    return Graph(tuple(nodes), graph.children, graph.ops, graph.labels, graph.root)


def _backward_function(obj: Any) -> Any:
    """The function a node's ``_backward`` runs: the closure, or gradstep's ``_grad_fn``."""
    attrs = getattr(obj, "__dict__", None)
    if attrs is not None and "_backward" in attrs:
        return attrs["_backward"]
    return getattr(obj, "_grad_fn", None) or getattr(obj, "_backward", None)
