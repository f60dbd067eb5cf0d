"""LiveNumbers: a trace's numbers at new parameters are those a fresh recording would hold."""

import numpy as np
import pytest

from engine.autograd.frozen_record import replaced
from engine.autograd.value import Value
from engine.sources.examples import get_example
from engine.trace.columns import Column
from engine.trace.recorded import UserCode
from engine.trace.timeline import Timeline
from engine.trace.trace import record
from engine.training.live_numbers import LiveNumbers
from engine.training.runs import Trainer, build_step_graph
from engine.training.setups import get_setup
from engine.training.slices import finish

FIELDS = ("initial_data", "step_grad", "w_before", "w_after")


def assert_same_numbers(got, want):
    """Every number of two traces of the same events agrees to rounding (None where None)."""
    assert got.kind == want.kind and got.node == want.node
    for field in FIELDS:
        a, b = getattr(got, field), getattr(want, field)
        assert [x is None for x in a] == [y is None for y in b], field
        np.testing.assert_allclose(
            [x for x in a if x is not None], [y for y in b if y is not None], rtol=1e-12, atol=1e-15
        )
    np.testing.assert_allclose(got.update, want.update, rtol=1e-12, atol=1e-15)
    assert got.backward_grads() == pytest.approx(want.backward_grads(), rel=1e-12, abs=1e-15)


@pytest.mark.parametrize(("name", "batch"), [("lecture-mlp", None), ("moons", [0, 7])])
def test_the_numbers_at_new_parameters_are_a_fresh_recording_of_the_graph_there(name, batch):
    setup = get_setup(name)
    rows = None if batch is None else np.array(batch)
    p0 = setup.initial_params()
    p1 = p0 + np.random.default_rng(0).normal(0, 0.2, len(p0))
    g0 = build_step_graph(setup, p0, batch=rows, lr=0.1)
    live = LiveNumbers(record(g0.root, params=list(g0.params), lr=0.1))
    g1 = build_step_graph(setup, p1, batch=rows, lr=0.1)
    assert_same_numbers(live.trace_at(p1), record(g1.root, params=list(g1.params), lr=0.1))


def test_the_recorded_parameters_give_the_recorded_numbers_back():
    built = get_example("xor-network").build()
    trace = record(built.root, params=list(built.params), lr=built.lr)
    params = np.array([trace.initial_data[p] for p in trace.params])
    again = LiveNumbers(trace).trace_at(params)
    assert_same_numbers(again, trace)
    assert again.graph is trace.graph and again.names is trace.names


def test_a_graph_without_parameters_or_from_a_users_engine_is_refused():
    a, b = Value(2.0, label="a"), Value(3.0, label="b")
    with pytest.raises(ValueError, match="no parameters"):
        LiveNumbers(record(a * b))
    built = get_example("lecture-mlp").build()
    trace = record(built.root, params=list(built.params), lr=built.lr)
    users = replaced(trace, user_code=UserCode())
    with pytest.raises(ValueError, match="user's own engine"):
        LiveNumbers(users)


@pytest.mark.parametrize("name", ["moons", "lecture-mlp"])
def test_the_runs_own_numbers_read_through_the_node_map_are_a_fresh_recompute(name):
    built = get_example(name).build()  # built in another order than the trainer's graph
    trace = record(built.root, params=list(built.params), lr=built.lr)
    trainer = Trainer(name, steps=5)
    trainer.keep_terms = True
    trainer.run(3)
    last = trainer.last_numbers()
    assert last.step == 2 and last.lr == trainer.history.lr[2]
    live = LiveNumbers(trace)
    live.follow(last)
    got = finish(live.sliced_trace_from(last))
    want = LiveNumbers(trace).trace_at(trainer.history.params_at(2), lr=last.lr)
    for field in (*FIELDS, "update", "lr"):
        assert getattr(got, field) == getattr(want, field), field  # bit for bit
    assert got.backward_grads() == want.backward_grads()
    assert got.initial_data[trace.graph.root] == trainer.history.loss[2]
    # its update is the run's, to rounding (the run sums grads in another order)
    np.testing.assert_allclose(
        [u[1] for u in got.update], trainer.history.params_at(3), rtol=1e-12, atol=1e-15
    )


def test_a_run_on_another_graph_is_refused_and_its_numbers_are_not_read():
    built = get_example("moons").build()
    live = LiveNumbers(record(built.root, params=list(built.params), lr=built.lr))
    minibatch = Trainer("moons", steps=2, batch_size=10)  # ten samples' graph, not the 100
    minibatch.keep_terms = True
    minibatch.run(1)
    with pytest.raises(ValueError, match="the graphs differ"):
        live.follow(minibatch.last_numbers())
    assert not live.following
    with pytest.raises(ValueError, match="recompute"):
        live.sliced_trace_from(minibatch.last_numbers())


def test_a_run_with_other_inputs_is_refused():
    setup = get_setup("lecture-mlp")
    g = build_step_graph(setup, setup.initial_params(), lr=0.1)
    g.inputs[0].data += 1.0  # the same graph, one input moved
    live = LiveNumbers(record(g.root, params=list(g.params), lr=0.1))
    trainer = Trainer("lecture-mlp", steps=2)
    trainer.keep_terms = True
    trainer.run(1)
    with pytest.raises(ValueError, match="inputs or constants differ"):
        live.follow(trainer.last_numbers())


def test_the_per_write_grads_become_lists_only_when_read_and_step_the_same():
    setup = get_setup("lecture-mlp")
    built = build_step_graph(setup, setup.initial_params(), lr=0.1)
    trace = record(built.root, params=list(built.params), lr=0.1)
    params = setup.initial_params() + 0.05
    got = LiveNumbers(trace).trace_at(params)
    assert not {"w_before", "w_after"} & set(got.__dict__)  # kept in numpy
    end = trace.phase_range("backward").stop
    ends = got.backward_grads()  # what a live canvas reads at the backward pass' end
    assert not {"w_before", "w_after"} & set(got.__dict__)
    walked = Timeline(got)
    walked.seek(end)  # stepping reads them: lists from then on
    assert type(got.__dict__["w_after"]) is list and walked.grad == ends
    g = build_step_graph(setup, params, lr=0.1)
    fresh = Timeline(record(g.root, params=list(g.params), lr=0.1))
    fresh.seek(end)
    assert walked.grad == pytest.approx(fresh.grad, rel=1e-12, abs=1e-15)


def test_a_big_graphs_numbers_stay_columns_and_a_small_ones_are_lists():
    for name, kind in (("moons", Column), ("xor-network", list)):
        built = get_example(name).build()
        trace = record(built.root, params=list(built.params), lr=built.lr)
        params = np.array([trace.initial_data[p] for p in trace.params]) + 0.05
        got = LiveNumbers(trace).trace_at(params)
        for numbers in (got.initial_data, got.step_grad, got.backward_grads()):
            assert type(numbers) is kind, name  # a small graph is drawn whole: read as lists
