"""The inspector's checks, run in batches along backward order, read as checks of one node.

In a batch a node's re-evaluation runs in numpy arrays beside other nudges where alone it
may stay in floats: the slopes agree to about 1e-9 and the verdicts and their text agree.
"""

import math

from engine.explain import gradcheck
from engine.explain.gradcheck import check_gradients
from engine.explain.numeric_check import BATCH, GradChecker, _verdict
from engine.sources.examples import get_example
from engine.trace.recorder import ZERO
from engine.trace.trace import record
from tests.engine.explain.check_passes import count_passes


def lecture_trace():
    built = get_example("lecture-mlp").build()
    return record(built.root, params=list(built.params), lr=built.lr)


def test_every_verdict_reads_as_the_check_of_that_node_alone():
    trace = lecture_trace()
    checker = GradChecker(trace)
    for v in range(len(trace.graph)):
        checker.check(v)
    nudger, grads = checker._nudger, trace.backward_grads()
    for v in range(len(trace.graph)):
        alone = _verdict(
            check_gradients(nudger.graph, nodes=[v], rerun=nudger.rerun).row(v), grads[v]
        )
        batched = checker.known(v)
        assert (batched.text, batched.ok, batched.analytic) == (
            alone.text,
            alone.ok,
            alone.analytic,
        )
        if alone.numeric is not None:
            assert math.isclose(batched.numeric, alone.numeric, rel_tol=1e-7, abs_tol=1e-9), v


def test_one_pass_checks_the_nodes_backward_shows_next(monkeypatch):
    passes = count_passes(monkeypatch)
    trace = lecture_trace()
    checker = GradChecker(trace)
    checker.check(trace.graph.root)
    order = checker._order
    assert passes == [BATCH] and order[0] == trace.graph.root
    assert all(checker.known(v) is not None for v in order[:BATCH])  # stepping on: no pass
    assert checker.known(order[BATCH]) is None
    checker.check(order[BATCH])
    assert passes == [BATCH, BATCH]


def test_a_pass_checks_the_nodes_of_the_steps_ahead(monkeypatch):
    passes = count_passes(monkeypatch, list)
    trace = lecture_trace()
    checker = GradChecker(trace)
    zeroing = [trace.node[i] for i in range(len(trace)) if trace.kind[i] == ZERO]
    checker.check(zeroing[0], ahead=zeroing[1:])
    # the parameters lie far apart in backward order: before, one pass each few of them
    assert all(checker.known(p) is not None for p in zeroing)
    for p in zeroing:
        checker.check(p)
    assert len(passes) == 1 and passes[0][: len(zeroing)] == zeroing


def test_the_graph_is_made_ready_for_nudging_once_for_every_pass(monkeypatch):
    made = []
    real = gradcheck.Nudger.__init__

    def counted(self, *args, **kwargs):
        made.append(self)
        real(self, *args, **kwargs)

    monkeypatch.setattr(gradcheck.Nudger, "__init__", counted)
    trace = lecture_trace()
    checker = GradChecker(trace)
    checker.check(trace.graph.root)
    checker.check(checker._order[BATCH])
    checker.check(checker._order[2 * BATCH])
    assert len(made) == 1
