"""A trace recorded over live objects, frozen into a pass that needs none of them.

gradstep records a script's graph (the ``build()`` convention) with the user's objects in
it; a session that must keep that graph (the script will not give it again) keeps this.
"""

from __future__ import annotations

from engine.autograd.frozen_record import replaced
from engine.autograd.graph import Graph
from engine.sources.program.pass_recorder import forward_text
from engine.sources.program.recording import RecordedPass, Recording
from engine.sources.program.source_text import function_text
from engine.trace.recorded import RecordedNode
from engine.trace.trace import Trace


def frozen_trace(trace: Trace) -> Trace:
    """``trace`` with placeholder nodes carrying the source of each node's methods."""
    g = trace.graph
    nodes = []
    for i, obj in enumerate(g.nodes):
        if isinstance(obj, RecordedNode):
            nodes.append(obj)
            continue
        back = getattr(obj, "_backward", None) if g.children[i] else None
        nodes.append(
            RecordedNode(
                g.labels[i],
                g.ops[i],
                trace.initial_data[i],
                float(obj.grad),
                type(obj).__name__,
                forward_text(type(obj), g.ops[i]),
                None if back is None else function_text(back),
            )
        )
    return replaced(trace, graph=Graph(tuple(nodes), g.children, g.ops, g.labels, g.root))


def frozen_recording(trace: Trace, script: str = "") -> Recording:
    """A one-pass recording of ``trace`` (no problems: gradstep's own replay ran it)."""
    frozen = frozen_trace(trace)
    root = frozen.graph.root
    recorded = RecordedPass(
        index=1,
        root=frozen.names[root],
        loss=frozen.initial_data[root],
        nodes=len(frozen.graph),
        problems=(),
        trace=frozen,
    )
    return Recording((recorded,), (), script)
