"""Deciding checks in bulk with numpy changes no diagnosis: the float checks alone agree."""

from math import inf

import pytest

from engine.explain import diagnoses
from engine.explain.bulk_checks import cleared_steps, last_user_start
from engine.explain.diagnoses import diagnose
from engine.trace.events import BACKWARD
from engine.trace.recorder import STEP
from tests.engine.sources.program.programs import (
    BUGS,
    DOUBLE,
    NEURON,
    REUSE,
    lecture_value,
    run,
    training_loop,
)

PROGRAMS = {
    **{bug: lecture_value(bug) + NEURON for bug in BUGS},
    "clean neuron": lecture_value() + NEURON,
    "a + a": lecture_value("= instead of +=") + REUSE,
    "b * 2.0": lecture_value() + DOUBLE,
    "grads never zeroed": lecture_value() + training_loop(3, zero_grads=False),
    "tanh bug, training": lecture_value("tanh derivative 1 - t") + training_loop(3),
}


def _steps(trace):
    return [i for i in trace.phase_range(BACKWARD) if trace.kind[i] == STEP]


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_problems_are_the_same_with_and_without_bulk_checks(name, tmp_path, monkeypatch):
    _, recording = run(PROGRAMS[name], tmp_path)
    found = [diagnose(p.trace) for p in recording.passes]
    monkeypatch.setattr(diagnoses, "cleared_steps", lambda t, *_: [False] * len(t.step_grad))
    monkeypatch.setattr(diagnoses, "last_user_start", lambda t, _: [inf] * len(t.graph))
    assert [diagnose(p.trace) for p in recording.passes] == found


def test_a_wrong_derivative_is_never_cleared(tmp_path):
    _, recording = run(lecture_value("tanh derivative 1 - t") + NEURON, tmp_path)
    trace = recording.passes[-1].trace
    flagged = {p.position - 1 for p in recording.passes[-1].problems}
    assert flagged
    cleared = cleared_steps(trace, _steps(trace), [0.0] * len(trace.graph))
    assert not any(cleared[trace.arg[i]] for i in flagged)


def test_a_clean_pass_is_cleared_step_by_step(tmp_path):
    _, recording = run(lecture_value() + NEURON, tmp_path)
    trace = recording.passes[-1].trace
    steps = _steps(trace)
    grad = [0.0 if g is None else g for g in trace.initial_grad]
    grad[trace.graph.root] = 1.0
    cleared = cleared_steps(trace, steps, grad)
    with_inputs = [trace.arg[i] for i in steps if trace.graph.children[trace.node[i]]]
    assert with_inputs
    assert all(cleared[k] for k in with_inputs)


def test_a_step_before_its_users_is_never_known_in_order(tmp_path):
    _, recording = run(lecture_value("walks topo forwards") + NEURON, tmp_path)
    recorded = recording.passes[-1]
    trace = recorded.trace
    last_user = last_user_start(trace, _steps(trace))
    flagged = [p.position - 1 for p in recorded.problems if p.kind == "order"]
    assert flagged
    assert all(last_user[trace.node[i]] > i for i in flagged)
