"""The timeline: stepping, seeking and phase moves give the exact state at every position."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.autograd.frozen_record import replaced
from engine.autograd.graph import Graph
from engine.autograd.value import Value
from engine.sources.examples import EXAMPLES
from engine.trace.columns import Column
from engine.trace.timeline import Timeline
from engine.trace.trace import BACKWARD, FORWARD, TOPO, UPDATE, record


def _mlp_loss():
    """A tiny two-layer net with a squared loss, params and lr: every phase, shared nodes."""
    xs = [Value(0.5, label="x0"), Value(-1.5, label="x1")]
    w = [Value(v, label=f"w{i}") for i, v in enumerate((0.3, -0.7, 0.9, 0.2, -0.4, 0.8))]
    h0 = (xs[0] * w[0] + xs[1] * w[1]).tanh()
    h1 = (xs[0] * w[2] + xs[1] * w[3]).relu()
    out = h0 * w[4] + h1 * w[5] + h0
    loss = (out - 1.0) ** 2
    loss.label = "loss"
    return loss, w


def _snapshot(tl):
    return (
        tl.position,
        list(tl.data),
        list(tl.grad),
        list(tl.created),
        list(tl.visited),
        list(tl.topo),
        list(tl.dfs_stack),
        list(tl.topo_index),
        tl.phase,
        tl.current,
    )


def _linear_states(trace):
    tl = Timeline(trace)
    states = [_snapshot(tl)]
    while tl.step():
        states.append(_snapshot(tl))
    return states


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_stepping_to_the_end_and_back_to_zero_restores_everything(name):
    built = EXAMPLES[name].build()
    trace = record(built.root, params=built.params, lr=built.lr)
    tl = Timeline(trace)
    start = _snapshot(tl)
    while tl.step():
        pass
    assert tl.position == len(trace)
    assert tl.grad == [node.grad for node in trace.graph.nodes]
    while tl.back():
        pass
    assert _snapshot(tl) == start
    assert tl.grad == list(trace.initial_grad)
    assert all(tl.grad[i] is None for i in range(len(tl.grad)) if i not in trace.params)
    assert tl.data == list(trace.initial_data)
    assert not any(tl.created)


def test_end_state_matches_the_objects_after_backward_and_update():
    loss, params = _mlp_loss()
    trace = record(loss, params=params, lr=0.05)
    tl = Timeline(trace)
    tl.seek(len(trace))
    assert tl.grad == [n.grad for n in trace.graph.nodes]
    assert tl.data == [float(n.data) for n in trace.graph.nodes]
    assert tl.topo_index[trace.graph.root] == len(trace.graph) - 1
    assert tl.dfs_stack == []
    assert tl.phase == UPDATE


def test_grad_is_none_until_written_and_zero_is_distinct():
    x = Value(-1.0, label="x")
    y = x.relu()
    tl = Timeline(record(y))
    tl.seek_phase_start(BACKWARD)
    assert tl.grad == [None, 1.0]
    tl.step()
    assert tl.grad == [0.0, 1.0]


def test_dfs_stack_visited_and_topo_are_readable_during_the_sort():
    a = Value(3.0, label="a")
    b = a * a
    c = b + a
    tl = Timeline(record(c))
    tl.seek_phase_start(TOPO)
    assert (tl.dfs_stack, tl.visited, tl.topo) == ([2], [False, False, True], [])
    tl.seek(tl.trace.phase_range(TOPO).start + 4)
    assert tl.dfs_stack == [2, 1]
    assert tl.topo == [0]
    assert tl.topo_index == [0, None, None]
    assert tl.visited == [True, True, True]


_REPLAYS: dict[str, tuple] = {}


def _replay(name):
    """A trace of a small example and its state after every position, stepped linearly."""
    if name not in _REPLAYS:
        if name == "mlp-loss":
            loss, params = _mlp_loss()
            trace = record(loss, params=params, lr=0.05)
        else:
            built = EXAMPLES[name].build()
            trace = record(built.root, params=built.params, lr=built.lr)
        _REPLAYS[name] = (trace, _linear_states(trace))
    return _REPLAYS[name]


# Examples small enough to keep a snapshot of every position (not the 66,000-node moons).
_SMALL = [
    "mlp-loss",
    *sorted(n for n in EXAMPLES if len(Graph.from_root(EXAMPLES[n].build().root)) < 2000),
]


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(_SMALL),
    st.lists(st.floats(min_value=-0.1, max_value=1.1), min_size=1, max_size=30),
)
def test_random_seeks_agree_with_a_linear_replay(name, fractions):
    trace, states = _replay(name)
    tl = Timeline(trace)
    for f in fractions:
        target = round(f * len(trace))
        tl.seek(target)
        assert _snapshot(tl) == states[max(0, min(target, len(trace)))]


def test_moves_return_the_nodes_whose_state_changed():
    a = Value(3.0, label="a")
    b = a + a
    tl = Timeline(record(b))
    assert tl.step() == {0}
    assert tl.step() == {0, 1}
    tl.seek_phase_end(BACKWARD)
    assert tl.back() == {0, 1}
    assert tl.seek(tl.position) == set()


def test_phase_moves_land_on_phase_starts_and_ends():
    loss, params = _mlp_loss()
    trace = record(loss, params=params, lr=0.05)
    tl = Timeline(trace)
    phases = []
    while tl.position < len(trace):
        tl.next_phase()
        phases.append((tl.phase, tl.position))
    assert [p for p, _ in phases] == [TOPO, BACKWARD, UPDATE, UPDATE]
    assert phases[0][1] == trace.phase_range(TOPO).start + 1
    assert phases[-1][1] == len(trace)
    tl.previous_phase()
    assert tl.position == trace.phase_range(UPDATE).start + 1
    tl.previous_phase()
    assert tl.phase == BACKWARD
    assert tl.position == trace.phase_range(BACKWARD).start + 1
    tl.seek_phase_end(FORWARD)
    assert tl.position == trace.phase_range(FORWARD).stop
    assert all(tl.created)
    tl.seek_phase_start(FORWARD)
    assert tl.position == 0
    assert tl.current is None
    assert tl.changed == ()


def test_step_and_back_stop_at_the_ends():
    tl = Timeline(record(Value(1.0) * 2.0))
    assert not tl.back()
    tl.seek(10**9)
    assert tl.position == len(tl)
    assert not tl.step()
    assert tl.current is not None


class _CountingList(list):
    """A column that counts how often it is read."""

    reads = 0

    def __getitem__(self, i):
        _CountingList.reads += 1
        return super().__getitem__(i)


def test_a_seek_touches_only_the_events_it_crosses():
    built = EXAMPLES["lecture-mlp"].build()
    trace = record(built.root, params=built.params, lr=built.lr)
    counted = replaced(trace, kind=_CountingList(trace.kind))
    tl = Timeline(counted)
    tl.seek(len(trace) - 10)
    _CountingList.reads = 0
    tl.seek(len(trace) - 13)
    back = _CountingList.reads
    _CountingList.reads = 0
    tl.seek(len(trace) - 8)
    forward = _CountingList.reads
    assert len(trace) > 1000
    assert back <= 3 + 4  # three events undone, plus reading the old and new current event
    assert forward <= 5 + 4


@pytest.mark.parametrize("name", _SMALL)
def test_backward_grads_equal_the_timeline_at_the_end_of_backward(name):
    trace, _ = _replay(name)
    tl = Timeline(trace)
    tl.seek_phase_end(BACKWARD)
    assert trace.backward_grads() == tl.grad


def test_every_real_move_returns_a_non_empty_set():
    trace, _ = _replay("accumulate")
    tl = Timeline(trace)
    moves = 0
    while tl.step():
        moves += 1
    assert moves == len(trace)
    while tl.back():
        moves -= 1
    assert moves == 0
    assert tl.position == 0


def _neuron_trace(w):
    """A neuron whose weight is used twice, with its update: the same events for every ``w``."""
    x, b = Value(0.5, label="x"), Value(-1.0, label="b")
    wv = Value(w, label="w")
    out = (x * wv + b).tanh() * wv
    return record(out, params=[wv, b], lr=0.1)


def test_renumber_takes_another_traces_numbers_at_the_same_position_without_replay():
    first, second = _neuron_trace(0.3), _neuron_trace(-2.0)
    for position in range(len(first) + 1):
        timeline = Timeline(first)
        timeline.seek(position)
        timeline.renumber(second)
        fresh = Timeline(second)
        fresh.seek(position)
        assert timeline.position == position and timeline.trace is second
        assert timeline.data == fresh.data and timeline.grad == fresh.grad
        assert timeline.created == fresh.created and timeline.topo == fresh.topo
        assert timeline.current == fresh.current
    timeline.back()  # undoing walks the new numbers
    fresh.back()
    assert timeline.grad == fresh.grad and timeline.data == fresh.data


def test_renumber_reads_a_traces_columns_in_place_and_a_move_changes_only_a_copy():
    first, second = _neuron_trace(0.3), _neuron_trace(-2.0)
    numbers = list(second.initial_data)
    columns = replaced(second, initial_data=Column(np.array(numbers)))
    end = second.phase_range(BACKWARD).stop
    for position, step in ((end, Timeline.step), (len(second), Timeline.back)):
        timeline = Timeline(first)
        timeline.seek(position)
        timeline.renumber(columns)
        fresh = Timeline(second)
        fresh.seek(position)
        assert timeline.data == fresh.data and timeline.grad == fresh.grad
        assert isinstance(timeline.data, Column)  # read where it is: no list of every number
        step(timeline)  # into or out of the update: a parameter's data changes
        step(fresh)
        assert timeline.data == fresh.data and timeline.grad == fresh.grad
        assert type(timeline.data) is list and columns.initial_data == numbers


def test_renumber_refuses_a_trace_of_other_events():
    a = Value(2.0, label="a")
    timeline = Timeline(record(a * a))
    with pytest.raises(ValueError, match="not this timeline's"):
        timeline.renumber(record(a * a + a))
