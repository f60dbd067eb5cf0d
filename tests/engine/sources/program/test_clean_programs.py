"""Correct programs record exactly what they did, with no problem at all (no false alarms)."""

import pytest

from engine.trace.events import BACKWARD, TOPO, BackwardStep, ParamUpdate, TopoSkip, ZeroGrad
from engine.trace.timeline import Timeline
from tests.engine.sources.program.programs import (
    DOUBLE,
    NEURON,
    REUSE,
    lecture_value,
    run,
    training_loop,
)

MICROGRAD_LOOP = """
import random
from micrograd.engine import Value
from micrograd.nn import MLP
random.seed(1)
xs = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
ys = [1.0, -1.0, -1.0, 1.0]
model = MLP(3, [4, 4, 1])
losses = []
for k in range(20):
    ypred = [model(x) for x in xs]
    loss = sum((yout - ygt)**2 for ygt, yout in zip(ys, ypred))
    model.zero_grad()
    loss.backward()
    for p in model.parameters():
        p.data += -0.05 * p.grad
    losses.append(loss.data)
"""

GRADSTEP_LOOP = """
from engine.autograd.nn import MLP
xs = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
ys = [1.0, -1.0, -1.0, 1.0]
model = MLP(3, [4, 4, 1], "tanh", seed=1)
losses = []
for k in range(20):
    ypred = [model(x) for x in xs]
    loss = sum((yout - ygt)**2 for ygt, yout in zip(ys, ypred))
    for p in model.parameters():
        p.grad = 0.0
    loss.backward()
    for p in model.parameters():
        p.data += -0.05 * p.grad
    losses.append(loss.data)
"""


@pytest.mark.parametrize("graph", [NEURON, REUSE, DOUBLE], ids=["neuron", "reuse", "a+a"])
def test_the_lectures_value_reports_no_problem(tmp_path, graph):
    namespace, recording = run(lecture_value() + graph, tmp_path)
    (recorded,) = recording.passes
    assert recorded.problems == ()
    assert recorded.trace.warnings == ()
    tl = Timeline(recorded.trace)
    tl.seek(len(tl))
    live = {v.label: v.grad for v in namespace.values() if getattr(v, "label", "")}
    stepped = {recorded.trace.graph.labels[i]: g for i, g in enumerate(tl.grad)}
    assert {k: stepped[k] for k in live} == pytest.approx(live)


def test_the_lectures_sort_is_recorded_call_by_call_with_skips_of_visited_nodes(tmp_path):
    _, recording = run(lecture_value() + REUSE, tmp_path)
    trace = recording.passes[0].trace
    topo = [trace[i] for i in trace.phase_range(TOPO)]
    assert any(isinstance(e, TopoSkip) for e in topo)  # w and a are reached twice
    code = trace.user_code
    assert code.topo.name.endswith("build_topo") and "visited.add(v)" in "\n".join(code.topo.lines)
    assert (code.topo_list, code.visited_set) == ("topo", "visited")
    assert "self.grad = 1.0" in "\n".join(code.backward.lines)


def test_a_20_step_lecture_training_loop_is_20_clean_passes_with_the_users_losses(tmp_path):
    namespace, recording = run(lecture_value() + training_loop(20), tmp_path)
    assert len(recording) == 20
    assert recording.losses() == namespace["losses"]
    assert all(p.problems == () for p in recording.passes)
    assert all(p.trace.warnings == () for p in recording.passes)
    second = recording.passes[1].trace
    zeroed = [i for i in range(len(second)) if isinstance(second[i], ZeroGrad)]
    assert len(zeroed) == len(namespace["n"].parameters())
    assert all(i in second.phase_range(BACKWARD) for i in zeroed)
    updates = [e for e in second if isinstance(e, ParamUpdate)]
    assert len(updates) == len(namespace["n"].parameters())
    assert second.lr == pytest.approx(0.1)


def test_micrograd_0_1_0s_own_training_loop_reports_no_problem(tmp_path):
    pytest.importorskip("micrograd.engine")
    namespace, recording = run(MICROGRAD_LOOP, tmp_path)
    assert len(recording) == 20
    assert recording.losses() == namespace["losses"]
    assert all(p.problems == () for p in recording.passes)
    assert recording.errors == ()
    last = recording.passes[-1].trace
    tl = Timeline(last)
    tl.seek(last.phase_range(BACKWARD).stop)
    assert tl.grad[last.graph.root] == 1


def test_gradsteps_own_engine_reports_no_problem_and_replays_its_sort(tmp_path):
    namespace, recording = run(GRADSTEP_LOOP, tmp_path)
    assert len(recording) == 20
    assert recording.losses() == namespace["losses"]
    assert all(p.problems == () and p.trace.warnings == () for p in recording.passes)
    trace = recording.passes[-1].trace
    assert trace.user_code.topo.name == "topological_order"
    tl = Timeline(trace)
    tl.seek(trace.phase_range(BACKWARD).stop)
    assert len(tl.topo) == len(trace.graph)


def test_objects_that_are_not_value_like_are_ignored(tmp_path):
    source = """
class Tensor:
    def __init__(self):
        self.data = [1.0, 2.0]
        self.grad = None
    def backward(self):
        self.grad = [1.0, 1.0]
t = Tensor()
t.backward()
"""
    namespace, recording = run(source, tmp_path)
    assert len(recording) == 0 and recording.errors == ()
    assert namespace["t"].grad == [1.0, 1.0]


def test_observing_leaves_the_users_objects_as_they_were(tmp_path):
    namespace, _ = run(lecture_value() + NEURON, tmp_path)
    o = namespace["o"]
    assert o._backward.__qualname__ == "Value.tanh.<locals>._backward"


SLOTTED = """
class V:
    __slots__ = ("data", "grad", "_prev", "_op", "label")

    def __init__(self, data, children=(), op="", label=""):
        self.data, self.grad, self._prev, self._op, self.label = data, 0.0, children, op, label

    def __add__(self, other):
        return V(self.data + other.data, (self, other), "+")

    def __mul__(self, other):
        return V(self.data * other.data, (self, other), "*")

    def _backward(self):
        if self._op == "+":
            for c in self._prev:
                c.grad += self.grad
        elif self._op == "*":
            a, b = self._prev
            a.grad += b.data * self.grad
            b.grad += a.data * self.grad

    def backward(self):
        topo, seen = [], set()
        def visit(v):
            if v not in seen:
                seen.add(v)
                for c in v._prev:
                    visit(c)
                topo.append(v)
        visit(self)
        self.grad = 1.0
        for v in reversed(topo):
            v._backward()

x = V(2.0, label="x"); y = V(3.0, label="y")
p = x * y; p.label = "p"
L = p + x; L.label = "L"
L.backward()
"""


def test_a_slotted_class_with_a_backward_method_is_watched_through_its_calls(tmp_path):
    namespace, recording = run(SLOTTED, tmp_path)
    (recorded,) = recording.passes
    assert recorded.problems == () and recorded.trace.warnings == ()
    trace = recorded.trace
    steps = [e for e in trace if isinstance(e, BackwardStep)]
    assert [trace.names[e.node] for e in steps][:2] == ["L", "p"]
    assert (trace.user_code.topo_list, trace.user_code.visited_set) == ("topo", "seen")
    tl = Timeline(trace)
    tl.seek(len(tl))
    assert tl.grad[trace.graph.labels.index("x")] == namespace["x"].grad == 4.0
