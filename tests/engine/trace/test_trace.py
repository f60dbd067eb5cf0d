"""Recording traces: events, texts, grads identical to backward(), errors naming the node."""

import math

import pytest

from engine.autograd.graph import Graph
from engine.autograd.value import Value
from engine.sources.examples import EXAMPLES
from engine.trace.trace import (
    BACKWARD,
    FORWARD,
    TOPO,
    UPDATE,
    BackwardStep,
    Create,
    ParamUpdate,
    SeedGrad,
    TopoAppend,
    TopoEnter,
    TopoSkip,
    TraceError,
    ZeroGrad,
    fmt,
    record,
)


def _neuron():
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    x1w1 = x1 * w1
    x1w1.label = "x1w1"
    n = x1w1 + x2 * w2 + b
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    return o, (x1, x2, w1, w2, b)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_recorded_grads_equal_backward_for_every_example(name):
    built = EXAMPLES[name].build()
    trace = record(built.root, params=built.params, lr=built.lr)
    recorded = [node.grad for node in trace.graph.nodes]
    fresh = EXAMPLES[name].build()
    fresh.root.backward()
    expected = [node.grad for node in sorted_like(fresh.root, trace)]
    assert recorded == expected
    assert trace.warnings == ()


def sorted_like(root, trace):

    graph = Graph.from_root(root)
    assert graph.ops == trace.graph.ops
    return graph.nodes


def test_phases_come_in_order_and_cover_every_event():
    o, _ = _neuron()
    trace = record(o)
    ranges = [trace.phase_range(p) for p in (FORWARD, TOPO, BACKWARD)]
    assert ranges[0].start == 0
    assert ranges[0].stop == ranges[1].start
    assert ranges[1].stop == ranges[2].start
    assert ranges[2].stop == len(trace)
    assert not trace.phase_range(UPDATE)
    for phase, r in zip((FORWARD, TOPO, BACKWARD), ranges, strict=True):
        assert all(trace[i].phase == phase for i in r)


def test_forward_creates_every_node_in_creation_order_with_its_data():
    o, _ = _neuron()
    trace = record(o)
    creates = [trace[i] for i in trace.phase_range(FORWARD)]
    assert all(isinstance(e, Create) for e in creates)
    assert [e.node for e in creates] == list(range(len(trace.graph)))
    assert creates[-1].data == pytest.approx(math.sqrt(0.5))


def test_backward_texts_substitute_the_real_numbers():
    o, _ = _neuron()
    texts = [e.text for e in record(o)]
    assert any("x1.grad += w1.data * x1w1.grad = -3.0 * 0.5 → -1.5" in t for t in texts)
    assert any(
        "n.grad += (1 - o.data**2) * o.grad = (1 - 0.707107**2) * 1.0 → 0.5" in t for t in texts
    )
    assert "n = x1w1 + x2*w2 + b = -6.0 + 6.88137 → 0.881374" in texts
    assert "o.grad = 1.0" in texts


def test_a_node_used_twice_gets_two_visible_contributions():
    a = Value(3.0, label="a")
    b = a + a
    trace = record(b)
    step = next(e for e in trace if isinstance(e, BackwardStep) and e.node == trace.graph.root)
    assert [(w.child, w.before, w.after) for w in step.writes] == [(0, None, 1.0), (0, 1.0, 2.0)]
    assert (
        "a.grad += b.grad = 1.0 → 1.0 + 1.0 = 2.0" in step.lines[1]
        or "→ 1.0 + 1.0 = 2.0" in step.lines[1]
    )


def test_topo_events_follow_build_topo_with_skips_for_visited_nodes():
    a = Value(3.0, label="a")
    b = a * a
    c = b + a
    trace = record(c)
    topo = [trace[i] for i in trace.phase_range(TOPO)]
    kinds = [(type(e).__name__, e.node) for e in topo]
    assert kinds == [
        ("TopoEnter", 2),
        ("TopoEnter", 1),
        ("TopoEnter", 0),
        ("TopoAppend", 0),
        ("TopoSkip", 0),
        ("TopoAppend", 1),
        ("TopoSkip", 0),
        ("TopoAppend", 2),
    ]
    assert isinstance(topo[0], TopoEnter) and topo[0].parent is None
    assert isinstance(topo[4], TopoSkip) and topo[4].parent == 1
    assert isinstance(topo[-1], TopoAppend) and topo[-1].index == 2
    assert topo[-1].text == "topo.append(add2) → topo[2]" or topo[-1].text.startswith(
        "topo.append("
    )


def test_params_and_lr_add_zero_grad_and_a_correct_update():
    o, params = _neuron()
    for p in params:
        p.grad = 7.0  # a stale grad from an earlier step
    trace = record(o, params=params, lr=0.1)
    zeros = [e for e in trace if isinstance(e, ZeroGrad)]
    assert [z.before for z in zeros] == [7.0] * 5
    assert isinstance(trace[trace.phase_range(BACKWARD).start + 5], SeedGrad)
    updates = [trace[i] for i in trace.phase_range(UPDATE)]
    assert all(isinstance(u, ParamUpdate) for u in updates)
    w1 = next(u for u in updates if trace.graph.labels[u.node] == "w1")
    assert w1.grad == pytest.approx(1.0)
    assert w1.after == pytest.approx(-3.0 - 0.1 * 1.0)
    assert params[2].data == w1.after
    assert "w1.data += -0.1 * w1.grad = -0.1 * 1.0" in w1.text


def test_stepping_writes_only_the_children_of_each_node():
    o, _ = _neuron()
    trace = record(o)
    for e in trace:
        if isinstance(e, BackwardStep):
            assert [w.child for w in e.writes] == list(trace.graph.children[e.node])
            assert e.stray == ()


def test_fmt_is_short_but_never_rounds_a_tanh_to_one():
    assert fmt(-3.0) == "-3.0"
    assert fmt(math.sqrt(0.5)) == "0.707107"
    assert fmt(math.tanh(-6.0)) == "-0.999988"
    assert fmt(float("nan")) == "nan"
    assert fmt(6) == "6.0"
    assert fmt(1e-5) == "1e-05"


def test_a_cycle_is_a_trace_error_naming_the_node():
    a = Value(1.0, label="a")
    b = a + 1.0
    b.label = "b"
    a._prev = (b,)
    with pytest.raises(TraceError, match="cycle"):
        record(b)


def test_a_raising_backward_names_the_node_and_the_message():
    a = Value(1.0, label="a")
    b = a * 2.0
    b.label = "b"

    def broken(out):
        raise RuntimeError("boom")

    b._grad_fn = broken
    with pytest.raises(TraceError, match=r"b\._backward\(\) raised RuntimeError: boom"):
        record(b)


def test_a_deep_chain_records_without_recursion():
    x = Value(0.5, label="x")
    y = x
    for _ in range(50_000):
        y = y * 1.0
    trace = record(y)
    assert len(trace.graph) == 100_001
    assert trace.graph.nodes[0].grad == 1.0


def test_non_numeric_data_on_our_value_is_a_trace_error_naming_it():
    a = Value(1.0, label="a")
    b = a * 2.0
    a.data = "one"
    with pytest.raises(TraceError, match=r"'a'.*real number"):
        record(b)


def test_a_parameter_outside_the_graph_is_a_trace_error():
    a = Value(1.0, label="a")
    stray = Value(5.0, label="elsewhere")
    with pytest.raises(TraceError, match="elsewhere"):
        record(a * 2.0, params=[stray], lr=0.1)


def test_a_learning_rate_without_parameters_is_a_trace_error():
    with pytest.raises(TraceError, match="learning rate"):
        record(Value(1.0) * 2.0, lr=0.1)


def test_recording_again_starts_from_fresh_grads():
    o, _ = _neuron()
    first = record(o)
    second = record(o)  # grads left by the first recording must not accumulate
    assert [n.grad for n in second.graph.nodes] == [n.grad for n in first.graph.nodes]
    assert all(g is None for g in second.initial_grad)


def test_a_minus_a_shows_a_plus_and_a_minus_contribution():
    a = Value(3.0, label="a")
    b = a - a
    b.label = "b"
    step = record(b)[-2]
    assert isinstance(step, BackwardStep)
    assert [(w.before, w.after) for w in step.writes] == [(None, 1.0), (1.0, 0.0)]
    assert step.lines[1] == "a.grad -= b.grad = 1.0 → 1.0 - 1.0 = 0.0"


def test_events_are_frozen_values_equal_by_content():
    o, _ = _neuron()
    trace = record(o)
    assert trace[5] == trace[5]
    with pytest.raises(AttributeError):
        trace[5].node = 3
    assert trace[-1] == trace[len(trace) - 1]
    with pytest.raises(IndexError):
        trace[len(trace)]


def test_a_learning_rate_that_is_no_number_is_a_trace_error():
    a = Value(1.0, label="a")
    with pytest.raises(TraceError, match="learning rate"):
        record(a * 2.0, params=[a], lr="fast")


def test_a_root_that_is_no_value_is_a_trace_error():
    with pytest.raises(TraceError, match="not a Value"):
        record(3.0)


def test_power_texts_bracket_a_negative_base_and_keep_integer_exponents():
    a = Value(-2.0, label="a")
    b = a**2
    b.label = "b"
    trace = record(b)
    assert "b = a**2 = (-2.0)**2 → 4.0" in [e.text for e in trace]
    step = record(b)[-2]
    assert step.lines == ("a.grad += 2 * a.data**1 * b.grad = 2 * (-2.0)**1 * 1.0 → -4.0",)


def test_names_that_are_not_identifiers_are_bracketed_in_texts():
    x1, w1 = Value(2.0, label="x1"), Value(-3.0, label="w1")
    prod = x1 * w1
    prod.label = "x1*w1"
    out = prod.tanh()
    out.label = "o"
    step = record(out)[-4]
    assert isinstance(step, BackwardStep)
    assert step.lines[0].startswith("(x1*w1).grad += (1 - o.data**2) * o.grad")
