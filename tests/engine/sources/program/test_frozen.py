"""A script's graph recorded over the user's objects keeps stepping once frozen and saved."""

from engine.explain.code_source import code_view
from engine.sources.program.frozen import frozen_recording
from engine.sources.program.recording import load_recording, save_recording
from engine.trace.events import BackwardStep
from engine.trace.recorded import RecordedNode
from engine.trace.timeline import Timeline
from engine.trace.trace import record
from tests.engine.sources.program.programs import lecture_value, run_unobserved

GRAPH = """
x = Value(2.0, label='x')
w = Value(-3.0, label='w')
y = (x * w).tanh(); y.label = 'y'
"""


def _end(trace):
    tl = Timeline(trace)
    tl.seek(len(tl))
    return list(tl.grad), list(tl.data)


def test_a_frozen_trace_steps_like_the_live_one_and_shows_the_users_source(tmp_path):
    namespace = run_unobserved(lecture_value() + GRAPH, tmp_path)
    live = record(namespace["y"])
    path = tmp_path / "kept.gradstep-rec.json"
    save_recording(frozen_recording(live, "program.py"), path)
    (kept,) = load_recording(path).passes
    assert all(isinstance(n, RecordedNode) for n in kept.trace.graph.nodes)
    assert _end(kept.trace) == _end(live)
    assert (kept.root, kept.nodes, kept.problems) == ("y", len(live.graph), ())
    tl = Timeline(kept.trace)
    while tl.step() and not isinstance(tl.current, BackwardStep):
        pass
    view = code_view(tl)
    assert any("self.grad += (1 - t**2) * out.grad" in view.lines[i] for i in view.highlight)
