"""Each classic backprop bug, in the user's own Value class, is recorded as it ran and named."""

import pytest

from engine.trace.events import BackwardStep, Create, SeedGrad
from engine.trace.timeline import Timeline
from tests.engine.sources.program.programs import (
    DOUBLE,
    NEURON,
    REUSE,
    lecture_value,
    run,
    run_unobserved,
    training_loop,
)


def _live_grads(namespace, trace):
    """The grads the user's own objects hold after the run, by label."""
    labels = {label for label in trace.graph.labels if label}
    return {k: v.grad for k, v in namespace.items() if getattr(v, "label", None) in labels}


def _stepped_grads(trace):
    """Every labelled node's grad after stepping the whole recorded pass."""
    tl = Timeline(trace)
    tl.seek(len(tl))
    return {
        trace.graph.labels[i]: (0.0 if g is None else g)
        for i, g in enumerate(tl.grad)
        if trace.graph.labels[i]
    }


def _kinds(recorded_pass):
    return sorted({p.kind for p in recorded_pass.problems})


def _check_recorded_equals_own_run(namespace, trace, folder, source, *, order_free=True):
    """The stepped grads are the user's objects' grads; and a run with nothing watching agrees.

    A run's result can depend on the set order of the children (``order_free=False``): then
    only the observed run itself is the reference.
    """
    by_label = {namespace[k].label: g for k, g in _live_grads(namespace, trace).items()}
    assert _stepped_grads(trace) == pytest.approx(by_label)
    if not order_free:
        return
    alone = run_unobserved(source, folder, "alone.py")
    alone_grads = {v.label: v.grad for v in alone.values() if getattr(v, "label", "") in by_label}
    assert alone_grads == pytest.approx(by_label)


def test_a_backward_that_forgets_the_seed_gives_zero_grads_and_not_seeded(tmp_path):
    source = lecture_value("forgets the seed") + NEURON
    namespace, recording = run(source, tmp_path)
    (recorded,) = recording.passes
    assert _kinds(recorded) == ["not_seeded"]
    assert not any(isinstance(e, SeedGrad) for e in recorded.trace)
    assert set(_stepped_grads(recorded.trace).values()) == {0.0}
    _check_recorded_equals_own_run(namespace, recorded.trace, tmp_path, source)
    (problem,) = recorded.problems
    assert problem.label == "o" and "0.0" in problem.text
    assert isinstance(recorded.trace[problem.position - 1], BackwardStep)


def test_a_sort_without_visited_repeats_steps_and_inflates_the_grad(tmp_path):
    source = lecture_value("no visited set") + REUSE
    namespace, recording = run(source, tmp_path)
    (recorded,) = recording.passes
    assert "repeated" in _kinds(recorded)
    assert set(_kinds(recorded)) <= {"repeated", "order"}
    assert namespace["w"].grad > 20.0  # the correct dL/dw is 2wx + 2w + x = 20
    _check_recorded_equals_own_run(namespace, recorded.trace, tmp_path, source, order_free=False)
    steps = [e.node for e in recorded.trace if isinstance(e, BackwardStep)]
    assert len(steps) > len(set(steps))
    repeated = next(p for p in recorded.problems if p.kind == "repeated")
    assert recorded.trace[repeated.position - 1].node == repeated.node


def test_walking_topo_forwards_gives_zero_grads_and_order(tmp_path):
    source = lecture_value("walks topo forwards") + NEURON
    namespace, recording = run(source, tmp_path)
    (recorded,) = recording.passes
    assert _kinds(recorded) == ["order"]
    grads = _stepped_grads(recorded.trace)
    assert grads.pop("o") == 1.0
    assert grads.pop("n") == pytest.approx(0.5)  # o's step runs last: only n gets a grad
    assert set(grads.values()) == {0.0}
    _check_recorded_equals_own_run(namespace, recorded.trace, tmp_path, source)
    flagged = {p.label: p for p in recorded.problems}
    assert {"x1*w1", "x2*w2", "x1*w1 + x2*w2", "n"} <= set(flagged)
    assert "x1*w1 + x2*w2" in flagged["x1*w1"].text


def test_a_loop_that_never_zeroes_grads_reports_stale_grads_naming_the_pass(tmp_path):
    namespace, recording = run(lecture_value() + training_loop(3, zero_grads=False), tmp_path)
    first, second, third = recording.passes
    assert first.problems == ()
    assert _kinds(second) == _kinds(third) == ["stale_grad"]
    assert len(second.problems) == len(namespace["n"].parameters())
    assert all("pass 1" in p.text for p in second.problems)
    assert all("pass 2" in p.text for p in third.problems)


def test_assign_instead_of_accumulate_in_a_plus_a_loses_a_contribution(tmp_path):
    source = lecture_value("= instead of +=") + DOUBLE
    namespace, recording = run(source, tmp_path)
    (recorded,) = recording.passes
    assert namespace["a"].grad == 2.0  # should be 4.0
    assert _kinds(recorded) == ["overwrite"]
    (problem,) = recorded.problems
    assert problem.label == "a" and "2.0" in problem.text and "4.0" in problem.text
    assert _stepped_grads(recorded.trace)["a"] == 2.0


def test_assign_instead_of_accumulate_names_the_lost_earlier_write(tmp_path):
    source = lecture_value("= instead of +=") + REUSE
    namespace, recording = run(source, tmp_path)
    (recorded,) = recording.passes
    assert _kinds(recorded) == ["overwrite"]
    assert {p.label for p in recorded.problems} == {"a", "w"}
    assert any("L._backward()" in p.text for p in recorded.problems if p.label == "a")
    _check_recorded_equals_own_run(namespace, recorded.trace, tmp_path, source)


def test_a_wrong_local_derivative_is_named_with_the_expected_value(tmp_path):
    source = lecture_value("tanh derivative 1 - t") + NEURON
    namespace, recording = run(source, tmp_path)
    (recorded,) = recording.passes
    assert _kinds(recorded) == ["wrong_derivative"]
    (problem,) = recorded.problems
    assert problem.label == "n" and "0.5" in problem.text  # 1 - 0.7071**2 = 0.5
    _check_recorded_equals_own_run(namespace, recorded.trace, tmp_path, source)


def test_an_infinite_grad_write_is_a_wrong_derivative(tmp_path):
    source = lecture_value().replace(
        "self.grad += out.data * out.grad", "self.grad += float('inf') * out.grad"
    )
    source += "x = Value(1.0, label='x')\ny = x.exp(); y.label = 'y'\ny.backward()\n"
    _, recording = run(source, tmp_path)
    (problem,) = recording.passes[0].problems
    assert problem.kind == "wrong_derivative" and "inf" in problem.text


OVERFLOW = """
a = Value(1e308, label='a')
b = Value(10.0, label='b')
big = a * b; big.label = 'big'
L = big * 0.5; L.label = 'L'
L.backward()
"""


def test_a_value_that_overflows_is_named_where_it_is_made_not_where_it_spreads(tmp_path):
    _namespace, recording = run(lecture_value() + OVERFLOW, tmp_path)
    (recorded,) = recording.passes
    (problem,) = recorded.problems  # big is inf; L, computed from it, is not named again
    assert (problem.kind, problem.label) == ("not_finite", "big")
    assert problem.text.startswith("big [*] of a = 1e+308, b = 10.0 is inf")
    assert problem.text.endswith("the loss L is inf")
    event = recorded.trace[problem.position - 1]  # the step where big is made
    assert isinstance(event, Create) and event.node == recorded.trace.names.index("big")


def test_a_nan_leaf_is_named_as_held_from_the_start(tmp_path):
    source = lecture_value() + NEURON.replace(
        "Value(0.0, label='x2')", "Value(float('nan'), label='x2')"
    )
    _namespace, recording = run(source, tmp_path)
    (recorded,) = recording.passes
    assert [(p.kind, p.label) for p in recorded.problems] == [("not_finite", "x2")]
    assert recorded.problems[0].text.startswith("x2 holds nan from the start")


def test_a_program_with_only_finite_values_gets_no_not_finite_problem(tmp_path):
    _namespace, recording = run(lecture_value() + NEURON, tmp_path)
    assert [p.kind for p in recording.passes[0].problems] == []


DIVERGES = """
w = Value(1.0, label='w'); b = Value(0.0, label='b')
for k in range(7):
    d = w * 3.0 + b - 2.0
    loss = d * d
    w.grad = 0.0; b.grad = 0.0
    loss.backward()
    w.data -= 1e100 * w.grad
    b.data -= 1e100 * b.grad
"""


def test_a_training_run_that_diverges_names_only_where_its_values_stop_being_numbers(tmp_path):
    _namespace, recording = run(lecture_value() + DIVERGES, tmp_path)
    problems = [[(p.kind, p.label) for p in rec.problems] for rec in recording.passes]
    assert problems[:2] == [[], []]  # finite, if huge
    assert problems[2] == [("not_finite", "mul7")]  # d * d overflows: the loss is inf
    # w and b are nan once updated with it; no derivative is judged on nan or inf values
    assert problems[-1] == [("not_finite", "b"), ("not_finite", "w")]
