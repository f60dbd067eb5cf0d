"""Foreign engines: micrograd 0.1.0 and hand-written Value classes, correct and buggy."""

import random

import pytest

from engine.autograd.graph import Graph
from engine.explain.gradcheck import ALL, check_gradients
from engine.trace.timeline import Timeline
from engine.trace.trace import BACKWARD, BackwardStep, TraceError, record
from tests.engine.foreign_engines import (
    AssignScalar,
    MeddlingScalar,
    MulBugScalar,
    RaisingScalar,
    Scalar,
    SelfResetScalar,
    TanhBugScalar,
    neuron,
    reuse,
)

micrograd_engine = pytest.importorskip("micrograd.engine")
micrograd_nn = pytest.importorskip("micrograd.nn")


def _grads_by_label(trace):
    return {trace.graph.labels[i]: trace.graph.nodes[i].grad for i in range(len(trace.graph))}


def _step_of(trace, node_id):
    return next(e for e in trace if isinstance(e, BackwardStep) and e.node == node_id)


def _id(trace, obj):
    return next(i for i, n in enumerate(trace.graph.nodes) if n is obj)


@pytest.mark.parametrize("build", [neuron, reuse])
def test_a_correct_hand_written_engine_steps_to_its_own_backward_grads(build):
    root, _ = build(Scalar)
    trace = record(root)
    fresh, _ = build(Scalar)
    fresh.backward()
    expected = {n.label: n.grad for n in Graph.from_root(fresh).nodes}
    assert _grads_by_label(trace) == pytest.approx(expected)
    tl = Timeline(trace)
    tl.seek(len(trace))
    assert tl.grad == [n.grad for n in trace.graph.nodes]
    assert trace.warnings == ()
    assert check_gradients(trace.graph, nodes=ALL).passed


def test_assign_instead_of_accumulate_shows_at_the_step_that_overwrites():
    root, nodes = reuse(AssignScalar)
    trace = record(root)
    x, s = _id(trace, nodes["x"]), _id(trace, nodes["s"])
    step = _step_of(trace, s)
    write = next(w for w in step.writes if w.child == x)
    assert (write.before, write.after) == (1.0, 1.0)  # should have become 2.0
    assert "✗ expected 2.0" in step.text
    tl = Timeline(trace)
    tl.seek(trace.phase_range(BACKWARD).start + 1)  # L's grad seeded
    tl.step()  # L._backward: x.grad = 1.0, correct so far
    assert tl.grad[x] == 1.0
    tl.step()  # s._backward: x.grad = 1.0 again, where += would give 2.0
    assert tl.current == step
    assert tl.grad[x] == 1.0
    wrong = check_gradients(trace.graph).first_wrong()
    assert wrong is not None and wrong.node == x
    assert wrong.numeric == pytest.approx(2.0)


def test_a_wrong_tanh_derivative_is_named_by_the_gradient_check():
    root, nodes = neuron(TanhBugScalar)
    trace = record(root)
    n = _id(trace, nodes["n"])
    step = _step_of(trace, trace.graph.root)
    assert step.writes[0].child == n
    assert step.writes[0].after == pytest.approx(1 - 0.7071067811865476)
    assert "✗ expected 0.5" in step.text
    check = check_gradients(trace.graph, nodes=ALL)
    assert check.first_wrong().node == n
    assert check.first_wrong().numeric == pytest.approx(0.5)


def test_a_wrong_mul_derivative_is_wrong_at_that_step_and_named():
    root, nodes = neuron(MulBugScalar)
    trace = record(root)
    x1, x1w1 = _id(trace, nodes["x1"]), _id(trace, nodes["x1w1"])
    step = _step_of(trace, x1w1)
    assert step.writes[0].child == x1
    assert step.writes[0].after == pytest.approx(2.0 * 0.5)  # x1.data, not w1.data
    assert "✗ expected -1.5" in step.lines[0]
    assert "✗" not in step.lines[1]  # w1's share is right
    wrong = {r.node for r in check_gradients(trace.graph, nodes=ALL).wrong}
    assert x1 in wrong
    assert _id(trace, nodes["w1"]) not in wrong
    first = check_gradients(trace.graph, nodes=ALL).first_wrong()
    parent = next(p for p, kids in enumerate(trace.graph.children) if first.node in kids)
    assert "✗" in _step_of(trace, parent).text


def test_a_backward_that_writes_its_own_grad_is_shown_as_a_stray_write():
    root, nodes = neuron(SelfResetScalar)
    trace = record(root)
    x1w1 = _id(trace, nodes["x1w1"])
    step = _step_of(trace, x1w1)
    [stray] = step.stray
    assert (stray.child, stray.after) == (x1w1, 0.0)
    assert stray.before == pytest.approx(0.5)
    assert "not a child" in step.text
    tl = Timeline(trace)
    tl.seek(next(i for i, e in enumerate(trace) if e == step) + 1)
    assert tl.grad[x1w1] == 0.0
    assert x1w1 in tl.changed
    tl.back()
    assert tl.grad[x1w1] == pytest.approx(0.5)
    tl.seek(0)
    assert tl.grad[x1w1] is None


def test_a_backward_that_writes_an_unrelated_node_is_named_in_the_warnings():
    root, nodes = neuron(MeddlingScalar)
    MeddlingScalar.victim = nodes["b"]
    try:
        trace = record(root)
    finally:
        MeddlingScalar.victim = None
    assert any(w.startswith("b.grad ended as 99.0, not 0.5") for w in trace.warnings)


def test_a_raising_hand_written_backward_names_the_node_and_the_error():
    root, _ = neuron(RaisingScalar)
    with pytest.raises(TraceError, match=r"o\._backward\(\) raised NameError: .*tt"):
        record(root)


def test_micrograd_neuron_grads_match_micrograd_backward():
    value = micrograd_engine.Value

    def build():
        x1, x2, w1, w2 = value(2.0), value(0.0), value(-3.0), value(1.0)
        b = value(6.8813735870195432)
        return ((x1 * w1 + x2 * w2 + b) * 2).relu() + (x1 * x1) ** 2

    trace = record(build())
    fresh = build()
    fresh.backward()
    again = Graph.from_root(fresh)
    assert again.ops == trace.graph.ops
    assert again.children == trace.graph.children
    assert [n.grad for n in again.nodes] == pytest.approx([n.grad for n in trace.graph.nodes])
    assert check_gradients(trace.graph, nodes=ALL).passed


def test_micrograd_mlp_children_order_is_stable_and_grads_match():
    def build():
        random.seed(7)
        model = micrograd_nn.MLP(3, [4, 4, 1])
        xs = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
        ys = [1.0, -1.0, -1.0, 1.0]
        preds = [model(x) for x in xs]
        return sum(
            ((p - y) ** 2 for p, y in zip(preds, ys, strict=True)), micrograd_engine.Value(0.0)
        ), model

    loss, model = build()
    trace = record(loss, params=model.parameters(), lr=0.05)
    fresh, fresh_model = build()
    fresh.backward()
    again = Graph.from_root(fresh)
    assert again.children == trace.graph.children
    assert [n.grad for n in again.nodes] == pytest.approx([n.grad for n in trace.graph.nodes])
    for p, q in zip(model.parameters(), fresh_model.parameters(), strict=True):
        assert p.data == pytest.approx(q.data - 0.05 * q.grad)
    tl = Timeline(trace)
    tl.seek(len(trace))
    tl.seek(0)
    assert tl.data == list(trace.initial_data)


def test_a_foreign_cycle_is_a_trace_error_not_a_recursion_error():
    a, b = Scalar(1.0, label="a"), Scalar(2.0, label="b")
    c = a * b
    a._prev = (c,)
    with pytest.raises(TraceError, match="cycle"):
        record(c)


def test_non_numeric_data_is_a_trace_error_naming_the_node():
    a = Scalar(3.0, label="a")
    out = a * 2.0
    a.data = "three"
    with pytest.raises(TraceError, match=r"'a'.*data"):
        record(out)


def test_an_object_without_backward_is_a_trace_error_naming_it():
    class Bare:
        def __init__(self):
            self.data, self.grad, self._prev, self._op, self.label = 1.0, 0.0, (), "", "bare"

    top = Scalar(2.0, label="top")
    top._prev = (Bare(),)
    with pytest.raises(TraceError, match=r"'bare'.*_backward"):
        record(top)


def test_a_grad_set_to_a_non_number_is_a_trace_error_naming_the_node():
    a = Scalar(1.0, label="a")
    out = a * 2.0
    out._backward = lambda: setattr(a, "grad", "oops")
    with pytest.raises(TraceError, match=r"'a'.*grad"):
        record(out)


def test_a_deep_foreign_chain_records_without_recursion():
    x = Scalar(0.5, label="x")
    y = x
    for _ in range(50_000):
        y = y + 0.0
    trace = record(y)
    assert x.grad == 1.0
    assert len(trace) > 200_000


def test_micrograd_set_children_alike_in_op_and_data_keep_one_order():
    value = micrograd_engine.Value

    def weights_in_child_order():
        dead_a, dead_b = value(-1.0).relu(), value(-2.0).relu()
        total = dead_a * value(0.3) + dead_b * value(-0.7)  # both products are 0.0
        graph = Graph.from_root(total)
        products = graph.children[graph.root]
        return [graph.nodes[graph.children[p][1]].data for p in products]

    orders = {tuple(weights_in_child_order()) for _ in range(30)}
    assert len(orders) == 1


def test_micrograd_a_times_a_gets_two_visible_contributions():
    a = micrograd_engine.Value(3.0)
    trace = record(a * a)
    assert trace.graph.children[trace.graph.root] == (0, 0)
    step = _step_of(trace, trace.graph.root)
    assert [(w.before, w.after) for w in step.writes] == [(None, 3.0), (3.0, 6.0)]
    assert a.grad == 6.0


def test_backward_grads_include_a_stray_self_write():
    root, nodes = neuron(SelfResetScalar)
    trace = record(root)
    tl = Timeline(trace)
    tl.seek_phase_end(BACKWARD)
    assert trace.backward_grads() == tl.grad
    assert tl.grad[_id(trace, nodes["x1w1"])] == 0.0
