"""Traces of random graphs: build_topo replayed exactly, grads equal to backward()."""

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.autograd.graph import Graph
from engine.autograd.value import Value
from engine.trace.timeline import Timeline
from engine.trace.trace import TOPO, BackwardStep, TopoAppend, record


def _recursive_build_topo_log(root):
    """The build_topo of micrograd, recursion and all, logging each call as the trace does."""
    log, visited = [], set()

    def build_topo(v, parent):
        if v not in visited:
            visited.add(v)
            log.append(("TopoEnter", v, parent))
            for child in v._prev:
                build_topo(child, v)
            log.append(("TopoAppend", v, None))
        else:
            log.append(("TopoSkip", v, parent))

    build_topo(root, None)
    return log


def _program_graph(program):
    nodes = [Value(1.5, label="a"), Value(-0.5, label="b")]
    for op, i, j in program:
        x, y = nodes[i % len(nodes)], nodes[j % len(nodes)]
        nodes.append(
            x.tanh() if op == "t" else x + y if op == "+" else x * y if op == "*" else x - y
        )
    return nodes[-1]


_PROGRAMS = st.lists(
    st.tuples(st.sampled_from("+*-t"), st.integers(0, 10**6), st.integers(0, 10**6)),
    min_size=1,
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(_PROGRAMS)
def test_stepping_random_graphs_to_the_end_gives_backwards_grads_exactly(program):
    trace = record(_program_graph(program))
    fresh = _program_graph(program)
    fresh.backward()
    tl = Timeline(trace)
    tl.seek(len(trace))
    graph = Graph.from_root(fresh)
    expected = [n.grad for n in graph.nodes]
    assert [0.0 if g is None else g for g in tl.grad] == expected


@settings(max_examples=60, deadline=None)
@given(_PROGRAMS)
def test_topo_events_replay_micrograds_recursive_build_topo(program):
    root = _program_graph(program)
    trace = record(root)
    objs = trace.graph.nodes
    events = [trace[i] for i in trace.phase_range(TOPO)]
    got = [
        (
            type(e).__name__,
            objs[e.node],
            None if isinstance(e, TopoAppend) or e.parent is None else objs[e.parent],
        )
        for e in events
    ]
    assert got == _recursive_build_topo_log(root)
    appended = [e.node for e in events if isinstance(e, TopoAppend)]
    stepped = [e.node for e in trace if isinstance(e, BackwardStep)]
    assert stepped == appended[::-1]
