"""The inspector's checks, run in batches along backward order, read as checks of one node.

In a batch a node's re-evaluation runs in numpy arrays beside other nudges where alone it
may stay in floats: the slopes agree to about 1e-9 and the verdicts and their text agree.
"""

import math

from engine.explain import numeric_check
from engine.explain.gradcheck import check_gradients
from engine.explain.numeric_check import BATCH, GradChecker, _verdict
from engine.sources.examples import get_example
from engine.trace.trace import record


def lecture_trace():
    built = get_example("lecture-mlp").build()
    return record(built.root, params=list(built.params), lr=built.lr)


def test_every_verdict_reads_as_the_check_of_that_node_alone():
    trace = lecture_trace()
    checker = GradChecker(trace)
    for v in range(len(trace.graph)):
        checker.check(v)
    frozen, reruns, grads = checker._frozen, checker._reruns, trace.backward_grads()
    for v in range(len(trace.graph)):
        alone = _verdict(check_gradients(frozen, nodes=[v], rerun=reruns).row(v), grads[v])
        batched = checker.known(v)
        assert (batched.text, batched.ok, batched.analytic) == (
            alone.text,
            alone.ok,
            alone.analytic,
        )
        if alone.numeric is not None:
            assert math.isclose(batched.numeric, alone.numeric, rel_tol=1e-7, abs_tol=1e-9), v


def test_one_pass_checks_the_nodes_backward_shows_next(monkeypatch):
    passes = []
    real = numeric_check.check_gradients

    def counted(*args, **kwargs):
        passes.append(len(kwargs["nodes"]))
        return real(*args, **kwargs)

    monkeypatch.setattr(numeric_check, "check_gradients", counted)
    trace = lecture_trace()
    checker = GradChecker(trace)
    checker.check(trace.graph.root)
    order = checker._order
    assert passes == [BATCH] and order[0] == trace.graph.root
    assert all(checker.known(v) is not None for v in order[:BATCH])  # stepping on: no pass
    assert checker.known(order[BATCH]) is None
    checker.check(order[BATCH])
    assert passes == [BATCH, BATCH]
